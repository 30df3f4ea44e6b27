package ncpcert;

/**
 * One way of calling the C library: JNA (any JDK 8+) or the FFM API (JDK 22+). Conversion
 * only: each method calls the C function of the same name and hands back its status and the
 * JSON (or, for {@code sign}, the signature) it wrote.
 */
interface Backend {
    /** A status of the C ABI and the text that came with it. */
    final class Result {
        final int status;
        final String text;

        Result(int status, String text) {
            this.status = status;
            this.text = text;
        }
    }

    String name();

    String version();

    Result sign(byte[] method, byte[] pathAndQuery, long timestampMs, byte[] accessKey, byte[] secretKey);

    Result validate(byte[] requestJson, byte[] csr, int flags);

    Result prepare(byte[] requestJson, byte[] csr, byte[] site, int flags);

    Result inspectCsr(byte[] input);

    Result parseResponse(int httpStatus, byte[] body);

    /** On status 0 the result's text is empty and {@code handle[0]} holds the handle. */
    Result signerNew(byte[] accessKey, byte[] secretKey, long[] handle);

    Result signerHeaders(long handle, byte[] method, byte[] pathAndQuery, long timestampMs);

    void signerFree(long handle);
}

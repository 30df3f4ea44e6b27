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

    /**
     * A builder of a Certificate Manager call, {@code (options_json, site)}: {@code ncpcert_list_certificates},
     * {@code ncpcert_list_dcv_statuses}, {@code ncpcert_get_certificate_chain} or
     * {@code ncpcert_list_organizations}.
     */
    Result lookup(String function, byte[] options, byte[] site);

    /**
     * A parser of a Certificate Manager answer, {@code (http_status, body[, text])}: {@code ncpcert_parse_certificate_list}
     * and {@code ncpcert_parse_dcv_statuses} take {@code text} (null: none),
     * {@code ncpcert_parse_certificate_chain} and {@code ncpcert_parse_organizations} do not.
     */
    Result parseLookup(String function, int httpStatus, byte[] body, byte[] text);

    Result validationDomains(byte[] namesJson);

    /** {@code ncpcert_error_codes}: the core's table of codes. */
    Result errorCodes();

    String transportOutcome(int written);

    /** On status 0 the result's text is empty and {@code handle[0]} holds the handle. */
    Result signerNew(byte[] accessKey, byte[] secretKey, long[] handle);

    Result signerHeaders(long handle, byte[] method, byte[] pathAndQuery, long timestampMs);

    void signerFree(long handle);

    /**
     * {@code ncpcert_order_new}: on status 0 the result's text is empty and {@code handle[0]}
     * holds the handle. {@code csr} null: the request's own {@code csr}.
     */
    Result orderNew(byte[] requestJson, byte[] csr, byte[] optionsJson, long[] handle);

    /** {@code ncpcert_order_next}: the action JSON, or the error JSON. */
    Result orderNext(long handle, long nowMs);

    /** {@code ncpcert_order_feed}: an empty text on status 0, else the error JSON. */
    Result orderFeed(long handle, int httpStatus, byte[] body, byte[] metaJson);

    void orderFree(long handle);
}

package ncpcert;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import ncpcert.model.Json;
import ncpcert.model.PreparedRequest;
import ncpcert.model.SignatureHeaders;

/**
 * Signs many requests with one key pair: the HMAC is keyed once in the C library, which
 * keeps no copy of the secret key (only the keyed state, wiped on {@link #close()}).
 * Thread-safe; {@code toString} shows no key.
 */
public final class Signer implements AutoCloseable {
    private final Backend backend;
    private long handle;

    Signer(Backend backend, String accessKey, String secretKey) {
        this.backend = backend;
        long[] out = new long[1];
        Backend.Result r = backend.signerNew(Ncpcert.utf8(accessKey), Ncpcert.utf8(secretKey), out);
        if (r.status != 0) {
            throw NcpException.of(r.status, r.text);
        }
        handle = out[0];
    }

    /** The three signature headers (x-ncp-apigw-timestamp, x-ncp-iam-access-key, x-ncp-apigw-signature-v2). */
    public synchronized Map<String, String> headers(String method, String pathAndQuery, long timestampMs) {
        if (handle == 0) {
            throw new IllegalStateException("this Signer is closed");
        }
        SignatureHeaders signed = Ncpcert.check(
                backend.signerHeaders(handle, Ncpcert.utf8(method), Ncpcert.utf8(pathAndQuery), timestampMs),
                SignatureHeaders.class);
        return Collections.unmodifiableMap(new LinkedHashMap<String, String>(signed.headers()));
    }

    /** The three signature headers with the current time. */
    public Map<String, String> headers(String method, String pathAndQuery) {
        return headers(method, pathAndQuery, System.currentTimeMillis());
    }

    /** The same request with the three signature headers for one attempt, at {@code timestampMs}. */
    public PreparedRequest signRequest(PreparedRequest prepared, long timestampMs) {
        Map<String, String> all = new LinkedHashMap<String, String>(prepared.headers());
        all.putAll(headers(prepared.method(), prepared.path(), timestampMs));
        return Json.copyWith(prepared, "headers", all);
    }

    /** The same request with the three signature headers for one attempt, now. */
    public PreparedRequest signRequest(PreparedRequest prepared) {
        return signRequest(prepared, System.currentTimeMillis());
    }

    @Override
    public synchronized void close() {
        if (handle != 0) {
            backend.signerFree(handle);
            handle = 0;
        }
    }

    @Override
    public String toString() {
        return "Signer(secret key redacted)";
    }
}

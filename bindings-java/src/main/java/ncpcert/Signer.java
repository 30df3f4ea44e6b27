package ncpcert;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

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
            Ncpcert.check(r);
        }
        handle = out[0];
    }

    /** The three signature headers (x-ncp-apigw-timestamp, x-ncp-iam-access-key, x-ncp-apigw-signature-v2). */
    public synchronized Map<String, String> headers(String method, String pathAndQuery, long timestampMs) {
        if (handle == 0) {
            throw new IllegalStateException("this Signer is closed");
        }
        JsonObject doc = Ncpcert.check(backend.signerHeaders(handle, Ncpcert.utf8(method), Ncpcert.utf8(pathAndQuery), timestampMs));
        Map<String, String> out = new LinkedHashMap<String, String>();
        for (Map.Entry<String, JsonElement> e : doc.getAsJsonObject("headers").entrySet()) {
            out.put(e.getKey(), e.getValue().getAsString());
        }
        return Collections.unmodifiableMap(out);
    }

    /** The three signature headers with the current time. */
    public Map<String, String> headers(String method, String pathAndQuery) {
        return headers(method, pathAndQuery, System.currentTimeMillis());
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

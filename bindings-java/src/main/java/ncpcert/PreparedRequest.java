package ncpcert;

import com.google.gson.JsonObject;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What to send: method, URL, headers and body; sign it for each attempt. */
public final class PreparedRequest {
    private final String method, url, path, body;
    private final Map<String, String> headers;
    private final List<Finding> warnings;

    PreparedRequest(JsonObject doc) {
        method = doc.get("method").getAsString();
        url = doc.get("url").getAsString();
        path = doc.get("path").getAsString();
        com.google.gson.JsonElement b = doc.get("body");
        body = b == null || b.isJsonNull() ? null : b.getAsString();
        Map<String, String> h = new LinkedHashMap<String, String>();
        for (Map.Entry<String, com.google.gson.JsonElement> e : doc.getAsJsonObject("headers").entrySet()) {
            h.put(e.getKey(), e.getValue().getAsString());
        }
        headers = Collections.unmodifiableMap(h);
        warnings = Finding.listOf(doc.getAsJsonArray("warnings"));
    }

    private PreparedRequest(PreparedRequest base, Map<String, String> headers) {
        method = base.method;
        url = base.url;
        path = base.path;
        body = base.body;
        warnings = base.warnings;
        this.headers = Collections.unmodifiableMap(headers);
    }

    public String method() {
        return method;
    }

    public String url() {
        return url;
    }

    /** The request-target that is signed. */
    public String path() {
        return path;
    }

    public Map<String, String> headers() {
        return headers;
    }

    /** The body, or null for a request without one (the GET lookups). */
    public String body() {
        return body;
    }

    public List<Finding> warnings() {
        return warnings;
    }

    /** The same request with the three signature headers for one attempt. */
    public PreparedRequest sign(Signer signer, long timestampMs) {
        Map<String, String> all = new LinkedHashMap<String, String>(headers);
        all.putAll(signer.headers(method, path, timestampMs));
        return new PreparedRequest(this, all);
    }
}

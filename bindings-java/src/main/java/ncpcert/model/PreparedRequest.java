// One class per answer of the ncpcert core, fields named as its JSON: read with gson
// (ncpcert.model.Json). Keep the shape a schema generator would write: fields, accessors,
// nothing else.
package ncpcert.model;

import java.util.List;
import java.util.Map;

/** What to send: method, URL, headers and body; sign it for each attempt. */
public final class PreparedRequest {
    private String method;
    private String url;
    private String path;
    private Map<String, String> headers;
    private String body;
    private List<Finding> warnings;

    /** The HTTP method. */
    public String method() {
        return method;
    }

    /** The whole URL. */
    public String url() {
        return url;
    }

    /** The request-target that is signed. */
    public String path() {
        return path;
    }

    /** The headers to send. */
    public Map<String, String> headers() {
        return headers;
    }

    /** The body, or null for a request without one (the GET lookups). */
    public String body() {
        return body;
    }

    /** Warnings of the validation. */
    public List<Finding> warnings() {
        return warnings;
    }
}

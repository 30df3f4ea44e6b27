// One class per answer of the ncpcert core, fields named as its JSON: read with gson
// (ncpcert.model.Json). Keep the shape a schema generator would write: fields, accessors,
// nothing else.
package ncpcert.model;

import java.util.Map;

/** The signature of one request. */
public final class SignatureHeaders {
    private String method;
    private Map<String, String> headers;

    /** The method, upper-cased as it must be sent. */
    public String method() {
        return method;
    }

    /** x-ncp-apigw-timestamp, x-ncp-iam-access-key, x-ncp-apigw-signature-v2. */
    public Map<String, String> headers() {
        return headers;
    }
}

// One class per answer of the ncpcert core, fields named as its JSON: read with gson
// (ncpcert.model.Json). Keep the shape a schema generator would write: fields, accessors,
// nothing else.
package ncpcert.model;

import java.util.List;

/** The core's tables of codes: every code an error or finding can carry (an api error also carries NCP's own). */
public final class ErrorCodes {
    private List<ErrorCodeInfo> errors;
    private List<FindingCodeInfo> findings;

    /** Error codes. */
    public List<ErrorCodeInfo> errors() {
        return errors;
    }

    /** Finding codes. */
    public List<FindingCodeInfo> findings() {
        return findings;
    }
}

// One class per answer of the ncpcert core, fields named as its JSON: read with gson
// (ncpcert.model.Json). Keep the shape a schema generator would write: fields, accessors,
// nothing else.
package ncpcert.model;

import java.util.List;

/** Every finding of a validation. */
public final class Report {
    private boolean valid;
    private List<Finding> findings;

    /** True when no finding is an error (under the policy used). */
    public boolean valid() {
        return valid;
    }

    /** Every finding, errors and warnings. */
    public List<Finding> findings() {
        return findings;
    }
}

// One class per answer of the ncpcert core, fields named as its JSON: read with gson
// (ncpcert.model.Json). Keep the shape a schema generator would write: fields, accessors,
// nothing else.
package ncpcert.model;

/** One finding code of the core's table. */
public final class FindingCodeInfo {
    private String code;
    private String severity;

    /** e.g. {@code domain.underscore}. */
    public String code() {
        return code;
    }

    /** {@code error} or {@code warning} (lenient policy). */
    public String severity() {
        return severity;
    }
}

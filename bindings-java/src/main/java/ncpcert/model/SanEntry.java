// One class per answer of the ncpcert core, fields named as its JSON: read with gson
// (ncpcert.model.Json). Keep the shape a schema generator would write: fields, accessors,
// nothing else.
package ncpcert.model;

/** One subjectAltName entry of a CSR. */
public final class SanEntry {
    private String kind;
    private String value;

    /** {@code dns}, {@code ip}, {@code email}, … */
    public String kind() {
        return kind;
    }

    /** The entry as written. */
    public String value() {
        return value;
    }
}

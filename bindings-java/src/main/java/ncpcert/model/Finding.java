// One class per answer of the ncpcert core, fields named as its JSON: read with gson
// (ncpcert.model.Json). Keep the shape a schema generator would write: fields, accessors,
// nothing else.
package ncpcert.model;

/** One finding of a validation or CSR report. */
public final class Finding {
    private String code;
    private String field;
    private String severity;
    private String message;

    /** Stable, e.g. {@code domain.underscore}. */
    public String code() {
        return code;
    }

    /** JSON path: {@code commonName}, {@code dnsName[2]}, {@code csr.san[1]} … */
    public String field() {
        return field;
    }

    /** {@code error} or {@code warning}. */
    public String severity() {
        return severity;
    }

    /** What to do, in English. */
    public String message() {
        return message;
    }
}

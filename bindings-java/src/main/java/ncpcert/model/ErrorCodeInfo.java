// One class per answer of the ncpcert core, fields named as its JSON: read with gson
// (ncpcert.model.Json). Keep the shape a schema generator would write: fields, accessors,
// nothing else.
package ncpcert.model;

/** One code of the core's table of error codes. */
public final class ErrorCodeInfo {
    private String code;
    private String type;
    private int status;
    private int exitStatus;

    /** e.g. {@code order.name_taken}. */
    public String code() {
        return code;
    }

    /** The error type it belongs to. */
    public String type() {
        return type;
    }

    /** The status of the C ABI that comes with it. */
    public int status() {
        return status;
    }

    /** What a command-line host exits with. */
    public int exitStatus() {
        return exitStatus;
    }
}

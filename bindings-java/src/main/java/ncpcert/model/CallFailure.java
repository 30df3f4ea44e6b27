// One class per answer of the ncpcert core, fields named as its JSON: read with gson
// (ncpcert.model.Json). Keep the shape a schema generator would write: fields, accessors,
// nothing else.
package ncpcert.model;

/** A call of the order workflow that failed: NCP's answer ({@code type} {@code api}) or the transport's ({@code transport}). */
public final class CallFailure {
    private String type;
    private String code;
    private String message;
    private String kind;
    private Integer httpStatus;
    private String details;
    private Boolean retryable;
    private String outcome;
    private String hint;
    private Boolean written;

    /** {@code api} or {@code transport}. */
    public String type() {
        return type;
    }

    /** NCP's code (api) or {@code transport.failed}. */
    public String code() {
        return code;
    }

    /** What happened. */
    public String message() {
        return message;
    }

    /** api: {@code gateway}, {@code service}, {@code http} or {@code malformed}. */
    public String kind() {
        return kind;
    }

    /** api: the HTTP status. */
    public Integer httpStatus() {
        return httpStatus;
    }

    /** api: the server's details, or null. */
    public String details() {
        return details;
    }

    /** api: true exactly when the outcome is resendable. */
    public Boolean retryable() {
        return retryable;
    }

    /** {@code resendable}, {@code ambiguous} or {@code final}. */
    public String outcome() {
        return outcome;
    }

    /** api: what to do. */
    public String hint() {
        return hint;
    }

    /** transport: whether any byte of the request was written. */
    public Boolean written() {
        return written;
    }
}

// One class per answer of the ncpcert core, fields named as its JSON: read with gson
// (ncpcert.model.Json). Keep the shape a schema generator would write: fields, accessors,
// nothing else.
package ncpcert.model;

/** What the order workflow asks its driver to do next; {@code action} names the kind ({@code journal}, {@code sleep}, {@code send}, {@code done}); the other fields are those of its kind. */
public final class OrderAction {
    private String action;
    private String line;
    private Long ms;
    private String purpose;
    private Boolean paid;
    private Integer attempt;
    private Long clockOffsetMs;
    private PreparedRequest request;
    private Boolean ok;
    private PlacedOrder result;
    private ErrorDetail error;

    /** The kind. */
    public String action() {
        return action;
    }

    /** journal: the line to append to the journal. */
    public String line() {
        return line;
    }

    /** sleep: milliseconds. */
    public Long ms() {
        return ms;
    }

    /** send: {@code order}, {@code lookup} or {@code chain}. */
    public String purpose() {
        return purpose;
    }

    /** send: whether the call may buy a certificate. */
    public Boolean paid() {
        return paid;
    }

    /** send: which attempt. */
    public Integer attempt() {
        return attempt;
    }

    /** send: milliseconds to add to the host's clock when signing. */
    public Long clockOffsetMs() {
        return clockOffsetMs;
    }

    /** send: the call to sign and send. */
    public PreparedRequest request() {
        return request;
    }

    /** done: whether an order that is the request's was placed or found. */
    public Boolean ok() {
        return ok;
    }

    /** done, ok: the order. */
    public PlacedOrder result() {
        return result;
    }

    /** done, not ok: why not (type {@code order}). */
    public ErrorDetail error() {
        return error;
    }
}

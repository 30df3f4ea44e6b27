// One class per answer of the ncpcert core, fields named as its JSON: read with gson
// (ncpcert.model.Json). Keep the shape a schema generator would write: fields, accessors,
// nothing else.
package ncpcert.model;

/** One thing the order workflow did; {@code step} names the kind ({@code resume}, {@code send}, {@code lookup}, {@code chain}, {@code clockCorrected}); the other fields are those of its kind. */
public final class Step {
    private String step;
    private Boolean openAttempt;
    private Long certificateNo;
    private Integer attempt;
    private Integer httpStatus;
    private String outcome;
    private CallFailure error;
    private Integer page;
    private Boolean found;
    private Boolean keyMatches;
    private Long offsetMs;

    /** The kind. */
    public String step() {
        return step;
    }

    /** resume: an attempt was sent and never settled. */
    public Boolean openAttempt() {
        return openAttempt;
    }

    /** The certificate concerned, or null. */
    public Long certificateNo() {
        return certificateNo;
    }

    /** send: which attempt. */
    public Integer attempt() {
        return attempt;
    }

    /** send: the answer's HTTP status. */
    public Integer httpStatus() {
        return httpStatus;
    }

    /** send: what a failure meant. */
    public String outcome() {
        return outcome;
    }

    /** The failure, or null. */
    public CallFailure error() {
        return error;
    }

    /** lookup: the page asked for. */
    public Integer page() {
        return page;
    }

    /** lookup: whether the name was found. */
    public Boolean found() {
        return found;
    }

    /** chain: whether its key is the CSR's. */
    public Boolean keyMatches() {
        return keyMatches;
    }

    /** clockCorrected: milliseconds added to the host's clock. */
    public Long offsetMs() {
        return offsetMs;
    }
}

// One class per answer of the ncpcert core, fields named as its JSON: read with gson
// (ncpcert.model.Json). Keep the shape a schema generator would write: fields, accessors,
// nothing else.
package ncpcert.model;

import java.util.List;

/** The order that exists and is this request's: what placeOrder returns. */
public final class PlacedOrder {
    private String path;
    private long certificateNo;
    private String certificateName;
    private String status;
    private long statusCode;
    private String statusName;
    private String orderId;
    private int attempts;
    private IssuanceResponse answer;
    private CertificateSummary certificate;
    private CertificateChain chain;
    private List<Step> steps;

    /** {@code accepted} (NCP answered the request) or {@code recovered} (the answer was lost and the lookup found this request's order: nothing was ordered twice). */
    public String path() {
        return path;
    }

    /** The order's certificate. */
    public long certificateNo() {
        return certificateNo;
    }

    /** Its name. */
    public String certificateName() {
        return certificateName;
    }

    /** {@code ONGOING}, {@code NORMAL}, …, {@code UNKNOWN}. */
    public String status() {
        return status;
    }

    /** NCP's code of the state. */
    public long statusCode() {
        return statusCode;
    }

    /** NCP's text for the state. */
    public String statusName() {
        return statusName;
    }

    /** The order's id, or null. */
    public String orderId() {
        return orderId;
    }

    /** Paid attempts sent. */
    public int attempts() {
        return attempts;
    }

    /** NCP's answer to the request (accepted), or null. */
    public IssuanceResponse answer() {
        return answer;
    }

    /** The certificate as listed (recovered), or null. */
    public CertificateSummary certificate() {
        return certificate;
    }

    /** The chain read to prove the key (recovered and already issued), or null. */
    public CertificateChain chain() {
        return chain;
    }

    /** Everything the workflow did, in order. */
    public List<Step> steps() {
        return steps;
    }
}

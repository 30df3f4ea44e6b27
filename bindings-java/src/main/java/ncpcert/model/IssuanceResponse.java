// One class per answer of the ncpcert core, fields named as its JSON: read with gson
// (ncpcert.model.Json). Keep the shape a schema generator would write: fields, accessors,
// nothing else.
package ncpcert.model;

/** NCP's answer to the issuance request. Fields ncpcert does not know are kept in {@link #extra()}. */
public final class IssuanceResponse extends WithExtra {
    private String returnCode;
    private String returnMessage;
    private Long totalRows;
    private PaidCertificate paidCertificate;

    /** {@code "0"}. */
    public String returnCode() {
        return returnCode;
    }

    /** As sent. */
    public String returnMessage() {
        return returnMessage;
    }

    /** When present. */
    public Long totalRows() {
        return totalRows;
    }

    /** The certificate request that was created. */
    public PaidCertificate paidCertificate() {
        return paidCertificate;
    }
}

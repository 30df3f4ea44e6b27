// One class per answer of the ncpcert core, fields named as its JSON: read with gson
// (ncpcert.model.Json). Keep the shape a schema generator would write: fields, accessors,
// nothing else.
package ncpcert.model;

/** The {@code paidCertificate} of a successful issuance answer. Fields ncpcert does not know are kept in {@link #extra()}. */
public final class PaidCertificate extends WithExtra {
    private long certificateNo;
    private String requestSn;
    private String certificateName;
    private long statusCode;
    private String statusName;
    private String status;
    private String regDate;
    private String validationMethod;
    private Long organizationNo;

    /** NCP's number for the certificate. */
    public long certificateNo() {
        return certificateNo;
    }

    /** The request's serial. */
    public String requestSn() {
        return requestSn;
    }

    /** The certificate name. */
    public String certificateName() {
        return certificateName;
    }

    /** NCP's code of the state. */
    public long statusCode() {
        return statusCode;
    }

    /** NCP's text for the state. */
    public String statusName() {
        return statusName;
    }

    /** {@code ONGOING}, {@code NORMAL}, …, {@code UNKNOWN}. */
    public String status() {
        return status;
    }

    /** Registration time as sent. */
    public String regDate() {
        return regDate;
    }

    /** {@code D}, {@code PD}, {@code E}, or null. */
    public String validationMethod() {
        return validationMethod;
    }

    /** The organisation (OV), or null. */
    public Long organizationNo() {
        return organizationNo;
    }
}

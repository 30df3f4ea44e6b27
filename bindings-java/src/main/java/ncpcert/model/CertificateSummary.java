// One class per answer of the ncpcert core, fields named as its JSON: read with gson
// (ncpcert.model.Json). Keep the shape a schema generator would write: fields, accessors,
// nothing else.
package ncpcert.model;

import java.util.List;

/** One certificate of a list. Fields ncpcert does not know are kept in {@link #extra()}. */
public final class CertificateSummary extends WithExtra {
    private long certificateNo;
    private String certificateName;
    private String commonName;
    private List<String> dnsName;
    private long statusCode;
    private String statusName;
    private String status;
    private boolean issued;
    private boolean pending;
    private boolean failed;
    private String certificateType;

    /** NCP's number. */
    public long certificateNo() {
        return certificateNo;
    }

    /** The name. */
    public String certificateName() {
        return certificateName;
    }

    /** The CN. */
    public String commonName() {
        return commonName;
    }

    /** The names. */
    public List<String> dnsName() {
        return dnsName;
    }

    /** NCP's code of the state. */
    public long statusCode() {
        return statusCode;
    }

    /** NCP's text for the state. */
    public String statusName() {
        return statusName;
    }

    /** {@code ONGOING}, {@code NORMAL}, … */
    public String status() {
        return status;
    }

    /** Issued. */
    public boolean issued() {
        return issued;
    }

    /** Still being validated or issued. */
    public boolean pending() {
        return pending;
    }

    /** Will not be issued. */
    public boolean failed() {
        return failed;
    }

    /** e.g. {@code NCP_PAID_DV_01}, or null. */
    public String certificateType() {
        return certificateType;
    }
}

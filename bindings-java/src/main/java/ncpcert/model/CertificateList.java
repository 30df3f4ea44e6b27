// One class per answer of the ncpcert core, fields named as its JSON: read with gson
// (ncpcert.model.Json). Keep the shape a schema generator would write: fields, accessors,
// nothing else.
package ncpcert.model;

import java.util.List;

/** NCP's answer to ListAdvancedCertificates. Fields ncpcert does not know are kept in {@link #extra()}. */
public final class CertificateList extends WithExtra {
    private String returnCode;
    private String returnMessage;
    private Long totalCount;
    private List<CertificateOrder> orders;
    private CertificateSummary match;

    /** {@code "0"}. */
    public String returnCode() {
        return returnCode;
    }

    /** As sent. */
    public String returnMessage() {
        return returnMessage;
    }

    /** When present. */
    public Long totalCount() {
        return totalCount;
    }

    /** In the order sent. */
    public List<CertificateOrder> orders() {
        return orders;
    }

    /** When a name was given: the certificate named exactly so (the newest when several are), or null. */
    public CertificateSummary match() {
        return match;
    }
}

// One class per answer of the ncpcert core, fields named as its JSON: read with gson
// (ncpcert.model.Json). Keep the shape a schema generator would write: fields, accessors,
// nothing else.
package ncpcert.model;

import java.util.List;

/** NCP's answer to ListDcvStatuses. Fields ncpcert does not know are kept in {@link #extra()}. */
public final class DcvStatuses extends WithExtra {
    private String returnCode;
    private String returnMessage;
    private Long totalRows;
    private List<DcvRecord> dnsVerificationList;
    private boolean validated;

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

    /** The records, in the order sent. */
    public List<DcvRecord> dnsVerificationList() {
        return dnsVerificationList;
    }

    /** True when there is a record and every one is validated. */
    public boolean validated() {
        return validated;
    }
}

// One class per answer of the ncpcert core, fields named as its JSON: read with gson
// (ncpcert.model.Json). Keep the shape a schema generator would write: fields, accessors,
// nothing else.
package ncpcert.model;

import java.util.List;

/** One entry of {@code orders}. Fields ncpcert does not know are kept in {@link #extra()}. */
public final class CertificateOrder extends WithExtra {
    private String orderId;
    private List<CertificateSummary> certificates;

    /** Or null. */
    public String orderId() {
        return orderId;
    }

    /** The certificates. */
    public List<CertificateSummary> certificates() {
        return certificates;
    }
}

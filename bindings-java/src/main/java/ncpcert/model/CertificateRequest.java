// One class per request of the ncpcert core, fields named as its JSON: written with gson
// (ncpcert.model.Json), null fields left out. Keep the shape a schema generator would write.
package ncpcert.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An Advanced certificate request, with the API's names. Every field is optional here; the
 * core's validation says what is missing or wrong. Set the fields with the fluent setters:
 * <pre>{@code
 * new CertificateRequest().csr(pem).certificateType(CertificateRequest.DV).certificateName("web")
 *     .commonName("www.example.com").dnsName("www.example.com", "example.com").validationMethod("D")
 * }</pre>
 */
public final class CertificateRequest {
    /** {@code certificateType} of a DV certificate. */
    public static final String DV = "NCP_PAID_DV_01";
    /** {@code certificateType} of an OV certificate. */
    public static final String OV = "NCP_PAID_OV_01";

    private String csr;
    private String certificateType;
    private String certificateName;
    private String commonName;
    private List<String> dnsName;
    private String validationMethod;
    private Long organizationNo;
    private Map<String, Object> extra;

    /** The CSR as PEM text (or give DER or PEM bytes to the call itself). */
    public CertificateRequest csr(String csr) {
        this.csr = csr;
        return this;
    }

    /** {@link #DV} or {@link #OV}. */
    public CertificateRequest certificateType(String certificateType) {
        this.certificateType = certificateType;
        return this;
    }

    /** The certificate's name in the account: unique, it is how a lost answer is recovered. */
    public CertificateRequest certificateName(String certificateName) {
        this.certificateName = certificateName;
        return this;
    }

    /** The common name. */
    public CertificateRequest commonName(String commonName) {
        this.commonName = commonName;
        return this;
    }

    /** Every name of the certificate (the common name included). */
    public CertificateRequest dnsName(List<String> dnsName) {
        this.dnsName = dnsName == null ? null : new ArrayList<String>(dnsName);
        return this;
    }

    /** Every name of the certificate (the common name included). */
    public CertificateRequest dnsName(String... dnsName) {
        return dnsName(dnsName == null ? null : Arrays.asList(dnsName));
    }

    /** {@code D} (DNS), {@code PD} or {@code E} (e-mail). */
    public CertificateRequest validationMethod(String validationMethod) {
        this.validationMethod = validationMethod;
        return this;
    }

    /** The organisation of an OV certificate (see listOrganizations). */
    public CertificateRequest organizationNo(Long organizationNo) {
        this.organizationNo = organizationNo;
        return this;
    }

    /** Fields NCP knows and ncpcert does not, sent as given. */
    public CertificateRequest extra(Map<String, ?> extra) {
        this.extra = extra == null ? null : new LinkedHashMap<String, Object>(extra);
        return this;
    }

    public String csr() {
        return csr;
    }

    public String certificateType() {
        return certificateType;
    }

    public String certificateName() {
        return certificateName;
    }

    public String commonName() {
        return commonName;
    }

    public List<String> dnsName() {
        return dnsName;
    }

    public String validationMethod() {
        return validationMethod;
    }

    public Long organizationNo() {
        return organizationNo;
    }

    public Map<String, Object> extra() {
        return extra;
    }

    @Override
    public String toString() {
        return "CertificateRequest(" + certificateName + ", " + commonName + ")";
    }
}

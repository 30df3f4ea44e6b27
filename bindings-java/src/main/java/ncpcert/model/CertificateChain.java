// One class per answer of the ncpcert core, fields named as its JSON: read with gson
// (ncpcert.model.Json). Keep the shape a schema generator would write: fields, accessors,
// nothing else.
package ncpcert.model;

import java.util.Map;

/** NCP's answer to GetCertificateChain, every PEM with LF line endings and one final newline. Fields ncpcert does not know are kept in {@link #extra()}. */
public final class CertificateChain extends WithExtra {
    private String returnCode;
    private String returnMessage;
    private Long totalRows;
    private String subjectCommonName;
    private String certificate;
    private String subCaCertificate;
    private String rootCaCertificate;
    private Map<String, String> files;

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

    /** The subject's CN, or null. */
    public String subjectCommonName() {
        return subjectCommonName;
    }

    /** The issued certificate. */
    public String certificate() {
        return certificate;
    }

    /** The intermediate CA certificate(s), or null. */
    public String subCaCertificate() {
        return subCaCertificate;
    }

    /** The root CA certificate, or null. */
    public String rootCaCertificate() {
        return rootCaCertificate;
    }

    /** {@code cert.pem}, {@code chain.pem}, {@code fullchain.pem}, {@code root.pem} (a part NCP did not send is left out). */
    public Map<String, String> files() {
        return files;
    }
}

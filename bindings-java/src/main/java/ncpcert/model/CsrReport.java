// One class per answer of the ncpcert core, fields named as its JSON: read with gson
// (ncpcert.model.Json). Keep the shape a schema generator would write: fields, accessors,
// nothing else.
package ncpcert.model;

import java.util.List;

/** Everything inspectCsr read from a CSR, and what the CSR-only rules found. */
public final class CsrReport {
    private CsrSubject subject;
    private List<SanEntry> san;
    private boolean hasSanExtension;
    private CsrKey key;
    private String signatureAlgorithm;
    private Boolean signatureValid;
    private String canonicalPem;
    private String fingerprintSha256;
    private List<Finding> findings;

    /** Subject fields. */
    public CsrSubject subject() {
        return subject;
    }

    /** subjectAltName entries. */
    public List<SanEntry> san() {
        return san;
    }

    /** Whether the CSR has a subjectAltName extension at all. */
    public boolean hasSanExtension() {
        return hasSanExtension;
    }

    /** The public key. */
    public CsrKey key() {
        return key;
    }

    /** The signature algorithm's name or OID. */
    public String signatureAlgorithm() {
        return signatureAlgorithm;
    }

    /** True or false when the self-signature was checked; null when it could not be. */
    public Boolean signatureValid() {
        return signatureValid;
    }

    /** The CSR as canonical PEM (what is sent). */
    public String canonicalPem() {
        return canonicalPem;
    }

    /** SHA-256 of the DER, lower-case hex. */
    public String fingerprintSha256() {
        return fingerprintSha256;
    }

    /** Findings of the CSR-only rules. */
    public List<Finding> findings() {
        return findings;
    }
}

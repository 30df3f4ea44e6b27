// One class per request of the ncpcert core, fields named as its JSON: written with gson
// (ncpcert.model.Json), null fields left out. Keep the shape a schema generator would write.
package ncpcert.model;

/** The options of ListAdvancedCertificates, each optional. */
public final class CertificateListQuery {
    private String certificateName;
    private Integer page;
    private Integer pageSize;

    /** Only certificates whose name holds this. */
    public CertificateListQuery certificateName(String certificateName) {
        this.certificateName = certificateName;
        return this;
    }

    /** The page, from 1. */
    public CertificateListQuery page(Integer page) {
        this.page = page;
        return this;
    }

    /** Certificates per page. */
    public CertificateListQuery pageSize(Integer pageSize) {
        this.pageSize = pageSize;
        return this;
    }

    public String certificateName() {
        return certificateName;
    }

    public Integer page() {
        return page;
    }

    public Integer pageSize() {
        return pageSize;
    }
}

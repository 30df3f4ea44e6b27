// One class per request of the ncpcert core, fields named as its JSON: written with gson
// (ncpcert.model.Json), null fields left out. Keep the shape a schema generator would write.
package ncpcert.model;

/** The filters of ListOrganizations, each optional (none: every organisation). */
public final class OrganizationFilter {
    private String organizationNameKor;
    private String organizationNameEng;
    private String businessRegistrationNo;
    private Integer verificationProgressCode;

    public OrganizationFilter organizationNameKor(String organizationNameKor) {
        this.organizationNameKor = organizationNameKor;
        return this;
    }

    public OrganizationFilter organizationNameEng(String organizationNameEng) {
        this.organizationNameEng = organizationNameEng;
        return this;
    }

    public OrganizationFilter businessRegistrationNo(String businessRegistrationNo) {
        this.businessRegistrationNo = businessRegistrationNo;
        return this;
    }

    /** 7: validated. */
    public OrganizationFilter verificationProgressCode(Integer verificationProgressCode) {
        this.verificationProgressCode = verificationProgressCode;
        return this;
    }

    public String organizationNameKor() {
        return organizationNameKor;
    }

    public String organizationNameEng() {
        return organizationNameEng;
    }

    public String businessRegistrationNo() {
        return businessRegistrationNo;
    }

    public Integer verificationProgressCode() {
        return verificationProgressCode;
    }
}

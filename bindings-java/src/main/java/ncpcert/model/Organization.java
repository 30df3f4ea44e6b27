// One class per answer of the ncpcert core, fields named as its JSON: read with gson
// (ncpcert.model.Json). Keep the shape a schema generator would write: fields, accessors,
// nothing else.
package ncpcert.model;

/** One organisation. Fields ncpcert does not know are kept in {@link #extra()}. */
public final class Organization extends WithExtra {
    private long organizationNo;
    private String organizationNameKor;
    private String organizationNameEng;
    private String businessRegistrationNo;
    private String verificationType;
    private Long verificationProgressCode;
    private String verificationProgress;
    private boolean validated;

    /** What an OV request's organizationNo takes. */
    public long organizationNo() {
        return organizationNo;
    }

    /** Or null. */
    public String organizationNameKor() {
        return organizationNameKor;
    }

    /** Or null. */
    public String organizationNameEng() {
        return organizationNameEng;
    }

    /** Or null. */
    public String businessRegistrationNo() {
        return businessRegistrationNo;
    }

    /** Or null. */
    public String verificationType() {
        return verificationType;
    }

    /** Or null; 7: validated. */
    public Long verificationProgressCode() {
        return verificationProgressCode;
    }

    /** The code's name, {@code VALIDATED} for 7. */
    public String verificationProgress() {
        return verificationProgress;
    }

    /** True only for 7: only then can OV certificates name it. */
    public boolean validated() {
        return validated;
    }
}

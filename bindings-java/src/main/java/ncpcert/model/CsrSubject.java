// One class per answer of the ncpcert core, fields named as its JSON: read with gson
// (ncpcert.model.Json). Keep the shape a schema generator would write: fields, accessors,
// nothing else.
package ncpcert.model;

import java.util.List;

/** The subject of a CSR. */
public final class CsrSubject {
    private List<String> commonNames;
    private String organization;
    private String organizationalUnit;
    private String country;
    private String state;
    private String locality;

    /** Every CN, in order. */
    public List<String> commonNames() {
        return commonNames;
    }

    /** O, or null. */
    public String organization() {
        return organization;
    }

    /** OU, or null. */
    public String organizationalUnit() {
        return organizationalUnit;
    }

    /** C, or null. */
    public String country() {
        return country;
    }

    /** ST, or null. */
    public String state() {
        return state;
    }

    /** L, or null. */
    public String locality() {
        return locality;
    }
}

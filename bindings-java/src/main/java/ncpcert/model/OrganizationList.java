// One class per answer of the ncpcert core, fields named as its JSON: read with gson
// (ncpcert.model.Json). Keep the shape a schema generator would write: fields, accessors,
// nothing else.
package ncpcert.model;

import java.util.List;

/** NCP's answer to ListOrganizations. Fields ncpcert does not know are kept in {@link #extra()}. */
public final class OrganizationList extends WithExtra {
    private String returnCode;
    private String returnMessage;
    private Long totalRows;
    private String listField;
    private List<Organization> organizations;

    /** Null for a bare list. */
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

    /** Where the list was found, or null. */
    public String listField() {
        return listField;
    }

    /** In the order sent. */
    public List<Organization> organizations() {
        return organizations;
    }
}

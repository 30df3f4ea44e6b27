// One class per answer of the ncpcert core, fields named as its JSON: read with gson
// (ncpcert.model.Json). Keep the shape a schema generator would write: fields, accessors,
// nothing else.
package ncpcert.model;

/** One DNS TXT record to publish for domain validation. Fields ncpcert does not know are kept in {@link #extra()}. */
public final class DcvRecord extends WithExtra {
    private String validSn;
    private String requestSn;
    private String validStatusCode;
    private String state;
    private String txtName;
    private String txtValue;
    private String valueField;
    private String recordName;
    private String recordType;

    /** {@code validSn}, as text. */
    public String validSn() {
        return validSn;
    }

    /** {@code requestSn}. */
    public String requestSn() {
        return requestSn;
    }

    /** As sent. */
    public String validStatusCode() {
        return validStatusCode;
    }

    /** {@code success}, {@code pending}, {@code timeout} or {@code unknown}. */
    public String state() {
        return state;
    }

    /** The record's name, as NCP sent it. */
    public String txtName() {
        return txtName;
    }

    /** The record's value, or null. */
    public String txtValue() {
        return txtValue;
    }

    /** The field the value came from. */
    public String valueField() {
        return valueField;
    }

    /** The fully qualified name to publish the record at (read for a domain), or null. */
    public String recordName() {
        return recordName;
    }

    /** {@code TXT}. */
    public String recordType() {
        return recordType;
    }
}

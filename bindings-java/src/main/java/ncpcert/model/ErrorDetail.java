// One class per answer of the ncpcert core, fields named as its JSON: read with gson
// (ncpcert.model.Json). Keep the shape a schema generator would write: fields, accessors,
// nothing else.
package ncpcert.model;

import java.util.List;

/** An error as the core reports it: {@code type} and {@code code} always, the other fields those of its type. */
public final class ErrorDetail {
    private String type;
    private String code;
    private String message;
    private List<Finding> findings;
    private String field;
    private String kind;
    private Integer httpStatus;
    private String details;
    private Boolean retryable;
    private String outcome;
    private String hint;
    private String certificateName;
    private Long certificateNo;
    private CertificateSummary certificate;
    private CallFailure cause;
    private List<Step> steps;

    /** {@code signing}, {@code validation}, {@code csr}, {@code api}, {@code argument}, {@code order} or {@code internal}. */
    public String type() {
        return type;
    }

    /** Stable: one of the core's codes, or NCP's own for an api error. */
    public String code() {
        return code;
    }

    /** What went wrong and what to do. */
    public String message() {
        return message;
    }

    /** validation: every finding. */
    public List<Finding> findings() {
        return findings;
    }

    /** csr: the field concerned. */
    public String field() {
        return field;
    }

    /** api: {@code gateway}, {@code service}, {@code http} or {@code malformed}. */
    public String kind() {
        return kind;
    }

    /** api: the HTTP status. */
    public Integer httpStatus() {
        return httpStatus;
    }

    /** api: the server's details, or null. */
    public String details() {
        return details;
    }

    /** api: true exactly when the outcome is resendable. */
    public Boolean retryable() {
        return retryable;
    }

    /** api: {@code resendable}, {@code ambiguous} or {@code final}. */
    public String outcome() {
        return outcome;
    }

    /** api, order: what to do. */
    public String hint() {
        return hint;
    }

    /** order: the request's certificate name. */
    public String certificateName() {
        return certificateName;
    }

    /** order: the certificate concerned, or null. */
    public Long certificateNo() {
        return certificateNo;
    }

    /** order: the certificate found by name, or null. */
    public CertificateSummary certificate() {
        return certificate;
    }

    /** order: the failure that ended it, or null. */
    public CallFailure cause() {
        return cause;
    }

    /** order: everything the workflow did. */
    public List<Step> steps() {
        return steps;
    }
}

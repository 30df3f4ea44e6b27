package ncpcert;

import ncpcert.model.ErrorDetail;

/**
 * What NCP answered instead of a success, and what it means for a resend: {@link #outcome()}
 * is {@code resendable}, {@code ambiguous} or {@code final}.
 */
public class ApiException extends NcpException {
    private static final long serialVersionUID = 1L;

    ApiException(String json, ErrorDetail detail) {
        super(json, detail);
    }

    /** {@code gateway}, {@code service}, {@code http} or {@code malformed}. */
    public String kind() {
        return detail().kind();
    }

    public int httpStatus() {
        Integer status = detail().httpStatus();
        return status == null ? 0 : status;
    }

    /** The server's details, or null. */
    public String details() {
        return detail().details();
    }

    /** True exactly when {@link #outcome()} is {@code resendable}. */
    public boolean retryable() {
        return Boolean.TRUE.equals(detail().retryable());
    }

    public String outcome() {
        return detail().outcome();
    }

    /** What to do. */
    public String hint() {
        return detail().hint();
    }
}

package ncpcert;

import com.google.gson.JsonObject;

/**
 * What NCP answered instead of a success, and what it means for a resend:
 * {@link #outcome()} is {@code resendable}, {@code ambiguous} or {@code final}.
 */
public class ApiException extends NcpException {
    private static final long serialVersionUID = 1L;
    private final String kind, details, outcome, hint;
    private final int httpStatus;
    private final boolean retryable;

    ApiException(JsonObject error) {
        super(error);
        kind = text(error, "kind");
        details = text(error, "details");
        outcome = text(error, "outcome");
        hint = text(error, "hint");
        httpStatus = error.get("httpStatus").getAsInt();
        retryable = error.get("retryable").getAsBoolean();
    }

    /** {@code gateway}, {@code service}, {@code http} or {@code malformed}. */
    public String kind() {
        return kind;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The server's details, or null. */
    public String details() {
        return details;
    }

    /** True exactly when {@link #outcome()} is {@code resendable}. */
    public boolean retryable() {
        return retryable;
    }

    public String outcome() {
        return outcome;
    }

    /** What to do. */
    public String hint() {
        return hint;
    }
}

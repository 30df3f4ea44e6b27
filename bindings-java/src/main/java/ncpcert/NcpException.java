package ncpcert;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

/**
 * An error of ncpcert: {@link #code()} is stable and machine-readable, the message says what
 * to do. Subclasses per kind: {@link ValidationException}, {@link SigningException},
 * {@link CsrException}, {@link ApiException}, {@link ArgumentException},
 * {@link InternalException}. No message ever shows a secret key.
 */
public class NcpException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String code;
    private final String json;

    NcpException(JsonObject error) {
        super(text(error, "message"));
        this.code = text(error, "code");
        this.json = error.toString();
    }

    /** The stable code, e.g. {@code request.invalid}, {@code signing.path}, {@code 200}. */
    public String code() {
        return code;
    }

    /** The error as the C library wrote it (JSON). */
    public String json() {
        return json;
    }

    static String text(JsonObject object, String key) {
        JsonElement value = object.get(key);
        return value == null || value.isJsonNull() ? null : value.getAsString();
    }

    /** The exception of a status of the C ABI. */
    static NcpException of(int status, JsonObject error) {
        switch (status) {
            case 1:
                return new SigningException(error);
            case 2:
                return new ValidationException(error);
            case 3:
                return new CsrException(error);
            case 4:
                return new ApiException(error);
            case 5:
                return new ArgumentException(error);
            default:
                return new InternalException(error);
        }
    }
}

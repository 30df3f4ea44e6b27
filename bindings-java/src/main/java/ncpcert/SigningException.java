package ncpcert;

import com.google.gson.JsonObject;

/** A method, path, timestamp or key that cannot be signed. */
public class SigningException extends NcpException {
    private static final long serialVersionUID = 1L;

    SigningException(JsonObject error) {
        super(error);
    }
}

package ncpcert;

import com.google.gson.JsonObject;

/** An argument that cannot be used: an unknown site, a bad base URL. */
public class ArgumentException extends NcpException {
    private static final long serialVersionUID = 1L;

    ArgumentException(JsonObject error) {
        super(error);
    }
}

package ncpcert;

import com.google.gson.JsonObject;

/** A bug in ncpcert (a panic caught at the C boundary). */
public class InternalException extends NcpException {
    private static final long serialVersionUID = 1L;

    InternalException(JsonObject error) {
        super(error);
    }
}

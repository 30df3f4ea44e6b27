package ncpcert;

import com.google.gson.JsonObject;

/** The input is not one readable CSR. */
public class CsrException extends NcpException {
    private static final long serialVersionUID = 1L;

    CsrException(JsonObject error) {
        super(error);
    }
}

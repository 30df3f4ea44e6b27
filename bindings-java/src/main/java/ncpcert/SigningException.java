package ncpcert;

import ncpcert.model.ErrorDetail;

/** A method, path, timestamp or key that cannot be signed. */
public class SigningException extends NcpException {
    private static final long serialVersionUID = 1L;

    SigningException(String json, ErrorDetail detail) {
        super(json, detail);
    }
}

package ncpcert;

import ncpcert.model.ErrorDetail;

/** An argument that cannot be used: an unknown site, a bad base URL, an option out of range. */
public class ArgumentException extends NcpException {
    private static final long serialVersionUID = 1L;

    ArgumentException(String json, ErrorDetail detail) {
        super(json, detail);
    }
}

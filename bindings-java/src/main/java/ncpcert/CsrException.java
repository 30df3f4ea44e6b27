package ncpcert;

import ncpcert.model.ErrorDetail;

/** The input is not one readable CSR. */
public class CsrException extends NcpException {
    private static final long serialVersionUID = 1L;

    CsrException(String json, ErrorDetail detail) {
        super(json, detail);
    }
}

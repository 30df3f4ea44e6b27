package ncpcert;

import ncpcert.model.ErrorDetail;

/** A bug: in ncpcert (code internal.panic, a panic caught at the C boundary), or in a driver calling the order workflow out of turn (internal.misuse). */
public class InternalException extends NcpException {
    private static final long serialVersionUID = 1L;

    InternalException(String json, ErrorDetail detail) {
        super(json, detail);
    }
}

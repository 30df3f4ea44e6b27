package ncpcert;

import ncpcert.model.ErrorDetail;
import ncpcert.model.Json;

/**
 * An error of ncpcert: {@link #code()} is stable and machine-readable (one of the core's codes,
 * see {@link Ncpcert#errorCodes()}, or NCP's own for an {@link ApiException}), the message says
 * what to do. Subclasses per kind: {@link ValidationException}, {@link SigningException},
 * {@link CsrException}, {@link ApiException}, {@link ArgumentException}, {@link OrderException},
 * {@link InternalException}. No message ever shows a secret key.
 */
public class NcpException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String json;
    private final transient ErrorDetail detail;

    NcpException(String json, ErrorDetail detail) {
        super(detail.message());
        this.json = json;
        this.detail = detail;
    }

    /** The stable code, e.g. {@code request.invalid}, {@code signing.path}, {@code 200}. */
    public String code() {
        return detail().code();
    }

    /** The error type: {@code signing}, {@code validation}, {@code csr}, {@code api}, {@code argument}, {@code order} or {@code internal}. */
    public String type() {
        return detail().type();
    }

    /** Every field of the error, typed. */
    public ErrorDetail detail() {
        // Not serialised with the exception: read again from the JSON after deserialisation.
        return detail != null ? detail : Json.read(json, ErrorDetail.class);
    }

    /** The error as the C library wrote it (JSON text). */
    public String json() {
        return json;
    }

    /** The exception of a status of the C ABI and the error JSON that came with it. */
    static NcpException of(int status, String json) {
        ErrorDetail e = Json.read(json, ErrorDetail.class);
        if ("order".equals(e.type())) {
            return new OrderException(json, e);
        }
        switch (status) {
            case 1:
                return new SigningException(json, e);
            case 2:
                return new ValidationException(json, e);
            case 3:
                return new CsrException(json, e);
            case 4:
                return new ApiException(json, e);
            case 5:
                return new ArgumentException(json, e);
            default:
                return new InternalException(json, e);
        }
    }
}

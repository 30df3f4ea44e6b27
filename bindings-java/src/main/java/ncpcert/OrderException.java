package ncpcert;

import java.util.Collections;
import java.util.List;
import ncpcert.model.CallFailure;
import ncpcert.model.CertificateSummary;
import ncpcert.model.ErrorDetail;
import ncpcert.model.Step;

/**
 * The order workflow ended without an order that is this request's. {@link #code()} is the
 * core's: {@code order.name_taken} (the name belongs to an earlier certificate: nothing was
 * bought, choose another name), {@code order.not_this_request} (a certificate found by name is
 * issued for another key), {@code order.outcome_unknown} (an order may exist: check before
 * ordering again), {@code order.refused} (NCP refused it: nothing was bought) or
 * {@code order.not_placed} (every attempt failed before NCP acted on it). Only
 * {@code order.outcome_unknown} leaves open whether anything was bought.
 */
public class OrderException extends NcpException {
    private static final long serialVersionUID = 1L;

    OrderException(String json, ErrorDetail detail) {
        super(json, detail);
    }

    /** What to do. */
    public String hint() {
        return detail().hint();
    }

    /** The certificate name of the request. */
    public String certificateName() {
        return detail().certificateName();
    }

    /** The certificate concerned (the one found by name), or null. */
    public Long certificateNo() {
        return detail().certificateNo();
    }

    /** The certificate found by name, as listed, or null. */
    public CertificateSummary certificate() {
        return detail().certificate();
    }

    /** The failure that ended it: NCP's answer ({@code type} {@code api}) or the transport's; null when none. */
    public CallFailure failure() {
        return detail().cause();
    }

    /** Everything the workflow did, in order. */
    public List<Step> steps() {
        List<Step> steps = detail().steps();
        return steps == null ? Collections.<Step>emptyList() : Collections.unmodifiableList(steps);
    }
}

package ncpcert;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.util.List;

/**
 * The order workflow ended without an order that is this request's.
 * {@link #code()} is the core's: {@code order.name_taken} (the name belongs to an earlier
 * certificate: nothing was bought, choose another name), {@code order.not_this_request} (a
 * certificate found by name is issued for another key), {@code order.outcome_unknown} (an
 * order may exist: check before ordering again), {@code order.refused} (NCP refused it:
 * nothing was bought) or {@code order.not_placed} (every attempt failed before NCP acted on
 * it). Only {@code order.outcome_unknown} leaves open whether anything was bought.
 */
public class OrderException extends NcpException {
    private static final long serialVersionUID = 1L;
    private final String hint, certificateName;
    private final Long certificateNo;

    OrderException(JsonObject error) {
        super(error);
        hint = text(error, "hint");
        certificateName = text(error, "certificateName");
        certificateNo = error.has("certificateNo") && !error.get("certificateNo").isJsonNull()
                ? error.get("certificateNo").getAsLong()
                : null;
    }

    /** The error as a JSON object (read again from {@link #json()}). */
    private JsonObject doc() {
        return JsonParser.parseString(json()).getAsJsonObject();
    }

    /** What to do. */
    public String hint() {
        return hint;
    }

    /** The certificate name of the request. */
    public String certificateName() {
        return certificateName;
    }

    /** The certificate concerned (the one found by name), or null. */
    public Long certificateNo() {
        return certificateNo;
    }

    /** The certificate found by name, as listed, or null. */
    public JsonObject certificate() {
        return PlacedOrder.object(doc(), "certificate");
    }

    /**
     * The failure that ended it, as the core wrote it: {@code {"type": "api", …}} (NCP's
     * answer) or {@code {"type": "transport", "written", "message", …}}; null when none.
     */
    public JsonObject failure() {
        return PlacedOrder.object(doc(), "cause");
    }

    /** Everything the workflow did, in order. */
    public List<JsonObject> steps() {
        return PlacedOrder.steps(doc());
    }
}

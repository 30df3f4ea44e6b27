package ncpcert;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The order that exists and is this request's: what {@link Ncpcert#placeOrder} returns. */
public final class PlacedOrder {
    private final JsonObject doc;

    PlacedOrder(JsonObject doc) {
        this.doc = doc;
    }

    /**
     * {@code accepted} (NCP answered the request) or {@code recovered} (the answer was lost and
     * the lookup found this request's order: nothing was ordered twice).
     */
    public String path() {
        return doc.get("path").getAsString();
    }

    public long certificateNo() {
        return doc.get("certificateNo").getAsLong();
    }

    public String certificateName() {
        return doc.get("certificateName").getAsString();
    }

    /** {@code ONGOING}, {@code NORMAL}, …, {@code UNKNOWN}. */
    public String status() {
        return doc.get("status").getAsString();
    }

    /** NCP's code of the state. */
    public long statusCode() {
        return doc.get("statusCode").getAsLong();
    }

    /** NCP's text for the state. */
    public String statusName() {
        return doc.get("statusName").getAsString();
    }

    /** The order's id, or null when the listing gave none. */
    public String orderId() {
        return NcpException.text(doc, "orderId");
    }

    /** Paid attempts sent. */
    public int attempts() {
        return doc.get("attempts").getAsInt();
    }

    /** NCP's answer to the request (accepted), or null. */
    public JsonObject answer() {
        return object(doc, "answer");
    }

    /** The certificate as listed (recovered), or null. */
    public JsonObject certificate() {
        return object(doc, "certificate");
    }

    /** The chain read to prove the key (recovered and already issued), or null. */
    public JsonObject chain() {
        return object(doc, "chain");
    }

    /** Everything the workflow did, in order: {@code step} names the kind. */
    public List<JsonObject> steps() {
        return steps(doc);
    }

    /** The result as the core wrote it. */
    public String json() {
        return doc.toString();
    }

    @Override
    public String toString() {
        return "PlacedOrder(" + path() + ", certificateNo " + certificateNo() + ", " + status() + ")";
    }

    static JsonObject object(JsonObject doc, String key) {
        JsonElement e = doc.get(key);
        return e == null || !e.isJsonObject() ? null : e.getAsJsonObject();
    }

    static List<JsonObject> steps(JsonObject doc) {
        List<JsonObject> out = new ArrayList<JsonObject>();
        JsonElement steps = doc.get("steps");
        if (steps != null && steps.isJsonArray()) {
            for (JsonElement step : steps.getAsJsonArray()) {
                out.add(step.getAsJsonObject());
            }
        }
        return Collections.unmodifiableList(out);
    }
}

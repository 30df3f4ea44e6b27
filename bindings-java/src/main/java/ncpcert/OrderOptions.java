package ncpcert;

import java.util.LinkedHashMap;
import java.util.Map;
import ncpcert.model.Json;

/**
 * How {@link Ncpcert#placeOrder} proceeds. Every setting is optional; the defaults are the
 * core's (the public site, retries 2, first backoff 500 ms) and a 30-second timeout per call.
 */
public final class OrderOptions {
    String site;
    String baseUrl;
    boolean strict;
    Integer retries;
    Long backoffMs;
    int timeoutMs = 30_000;

    /** The defaults. */
    public OrderOptions() {
    }

    /** {@code public} (the default), {@code gov} or {@code fin}. */
    public OrderOptions site(String site) {
        this.site = site;
        return this;
    }

    /** A base URL (a proxy, a test server) instead of NCP's site. */
    public OrderOptions baseUrl(String baseUrl) {
        this.baseUrl = baseUrl;
        return this;
    }

    /** {@link #site} or {@link #baseUrl}, as an {@link Endpoint} says. */
    public OrderOptions endpoint(Endpoint endpoint) {
        this.site = endpoint.siteName();
        this.baseUrl = endpoint.baseUrl();
        return this;
    }

    /** Counts every validation warning as an error. */
    public OrderOptions strict(boolean strict) {
        this.strict = strict;
        return this;
    }

    /**
     * How many times the request may be sent again after a failure NCP certainly did not act
     * on, or that a lookup showed placed nothing (0 to 20; default 2).
     */
    public OrderOptions retries(int retries) {
        this.retries = retries;
        return this;
    }

    /** The first pause before sending again, in milliseconds (default 500; each further pause doubles). */
    public OrderOptions backoffMs(long backoffMs) {
        this.backoffMs = backoffMs;
        return this;
    }

    /**
     * The connect timeout and the read timeout of each call, in milliseconds (default 30 000;
     * 0: none).
     */
    public OrderOptions timeoutMs(int timeoutMs) {
        if (timeoutMs < 0) {
            throw new IllegalArgumentException("timeoutMs must be 0 or more");
        }
        this.timeoutMs = timeoutMs;
        return this;
    }

    /** The options of {@code ncpcert_order_new} as JSON (the core checks each). */
    String json() {
        Map<String, Object> o = new LinkedHashMap<String, Object>();
        o.put("site", site);
        o.put("baseUrl", baseUrl);
        o.put("strict", strict);
        o.put("retries", retries);
        o.put("backoffMs", backoffMs);
        return Json.write(o);
    }

    @Override
    public String toString() {
        return "OrderOptions(" + json() + ", timeoutMs " + timeoutMs + ")";
    }
}

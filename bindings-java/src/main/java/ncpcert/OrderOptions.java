package ncpcert;

/**
 * How {@link Ncpcert#placeOrder} proceeds. Every setting is optional; the defaults are the
 * core's (retries 2, first backoff 500 ms) and a 30-second timeout per call.
 */
public final class OrderOptions {
    String site = "public";
    boolean strict;
    Integer retries;
    Long backoffMs;
    int timeoutMs = 30_000;

    /** The defaults. */
    public OrderOptions() {
    }

    /** {@code public} (the default), {@code gov}, {@code fin}, or a base URL (a proxy, a test server). */
    public OrderOptions site(String siteOrBaseUrl) {
        this.site = siteOrBaseUrl;
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

    /** The options of {@code ncpcert_order_new} as JSON. */
    String json() {
        com.google.gson.JsonObject o = new com.google.gson.JsonObject();
        if (site != null && site.contains("://")) {
            o.addProperty("baseUrl", site);
        } else {
            o.addProperty("site", site);
        }
        o.addProperty("strict", strict);
        if (retries != null) {
            o.addProperty("retries", retries);
        }
        if (backoffMs != null) {
            o.addProperty("backoffMs", backoffMs);
        }
        return o.toString();
    }

    @Override
    public String toString() {
        return "OrderOptions(" + json() + ", timeoutMs " + timeoutMs + ")";
    }
}

package ncpcert;

/**
 * Where a call goes: one of NCP's sites ({@code public}, {@code gov}, {@code fin}) or a base
 * URL (a proxy, a test server). The two are separate: {@link #site(String)} takes a site's
 * name, {@link #baseUrl(String)} a URL; the core checks either.
 */
public final class Endpoint {
    /** The public site, the default. */
    public static final Endpoint PUBLIC = new Endpoint("public", null);

    private final String site;
    private final String baseUrl;

    private Endpoint(String site, String baseUrl) {
        this.site = site;
        this.baseUrl = baseUrl;
    }

    /** The site named {@code public}, {@code gov} or {@code fin}. */
    public static Endpoint site(String name) {
        if (name == null) {
            throw new IllegalArgumentException("the site is null; give public, gov or fin");
        }
        return new Endpoint(name, null);
    }

    /** A base URL, e.g. {@code https://proxy.example.com/ncp}. */
    public static Endpoint baseUrl(String url) {
        if (url == null) {
            throw new IllegalArgumentException("the base URL is null; give a URL such as https://proxy.example.com/ncp");
        }
        return new Endpoint(null, url);
    }

    /** The site's name, or null for a base URL. */
    public String siteName() {
        return site;
    }

    /** The base URL, or null for a site. */
    public String baseUrl() {
        return baseUrl;
    }

    /** The C ABI's one argument for both: a site's name, or a URL (text holding "://"). */
    String abiArgument() {
        return baseUrl != null ? baseUrl : site;
    }

    @Override
    public String toString() {
        return baseUrl != null ? "Endpoint(baseUrl " + baseUrl + ")" : "Endpoint(site " + site + ")";
    }
}

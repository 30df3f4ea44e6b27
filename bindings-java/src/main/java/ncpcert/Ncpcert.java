package ncpcert;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Prepare, validate and sign NAVER Cloud Platform Certificate Manager requests for Advanced
 * DV / OV certificates, and read NCP's answers — over the ncpcert C library
 * ({@code libncpcert_ffi}). Requests are given as JSON text or as a {@code Map} with the
 * API's JSON names. Every method is thread-safe; nothing is sent: send exactly the method,
 * URL, headers and body handed back.
 *
 * <p>The library is called through JNA, or through the FFM API on JDK 22+ with
 * {@code -Dncpcert.backend=ffm}.
 */
public final class Ncpcert {
    /** Bit of the C ABI's flags: strict policy (every warning counts as an error). */
    static final int STRICT = 1;
    private static final Gson GSON = new Gson();
    private static volatile Backend defaultBackend;

    private final Backend backend;

    private Ncpcert(Backend backend) {
        this.backend = backend;
    }

    /** The calls through the backend {@code ncpcert.backend} names ({@code jna}, the default, or {@code ffm}). */
    public static Ncpcert get() {
        Backend b = defaultBackend;
        if (b == null) {
            synchronized (Ncpcert.class) {
                if (defaultBackend == null) {
                    defaultBackend = load(System.getProperty("ncpcert.backend", "jna"));
                }
                b = defaultBackend;
            }
        }
        return new Ncpcert(b);
    }

    /** The calls through one backend: {@code jna}, or {@code ffm} (JDK 22+). */
    public static Ncpcert with(String backend) {
        return new Ncpcert(load(backend));
    }

    private static Backend load(String name) {
        if ("jna".equalsIgnoreCase(name)) {
            return new JnaBackend();
        }
        if ("ffm".equalsIgnoreCase(name)) {
            try {
                // Compiled only on JDK 22+; loaded by name so that this class stays Java 8.
                return (Backend) Class.forName("ncpcert.FfmBackend").getDeclaredConstructor().newInstance();
            } catch (ReflectiveOperationException | LinkageError e) {
                throw new IllegalStateException("the FFM backend needs JDK 22+ and a build on it", e);
            }
        }
        throw new IllegalArgumentException("unknown ncpcert backend " + name + "; use jna or ffm");
    }

    @Override
    public String toString() {
        return "Ncpcert(" + backend.name() + ")";
    }

    /** {@code JNA} or {@code FFM}. */
    public String backendName() {
        return backend.name();
    }

    /** The C library's version. */
    public String version() {
        return backend.version();
    }

    static byte[] utf8(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }

    static String json(Object request) {
        return request instanceof String ? (String) request : GSON.toJson(request);
    }

    /** The result text of a call, or its exception. */
    static JsonObject check(Backend.Result r) {
        JsonObject doc = JsonParser.parseString(r.text).getAsJsonObject();
        if (r.status != 0) {
            throw NcpException.of(r.status, doc);
        }
        return doc;
    }

    /** Signature v2 (SPEC §3) of one request, base64. */
    public String sign(String method, String pathAndQuery, long timestampMs, String accessKey, String secretKey) {
        Backend.Result r = backend.sign(utf8(method), utf8(pathAndQuery), timestampMs, utf8(accessKey), utf8(secretKey));
        if (r.status != 0) {
            throw NcpException.of(r.status, JsonParser.parseString(r.text).getAsJsonObject());
        }
        return r.text;
    }

    /** A keyed signer for many requests; close it when done. */
    public Signer signer(String accessKey, String secretKey) {
        return new Signer(backend, accessKey, secretKey);
    }

    /** Every finding at once; an invalid request is a report, not an exception. */
    public Report validate(Object request, boolean strict) {
        return new Report(check(backend.validate(utf8(json(request)), null, strict ? STRICT : 0)));
    }

    /** Like {@link #validate(Object, boolean)}, the CSR given as PEM or DER bytes. */
    public Report validate(Object request, byte[] csr, boolean strict) {
        return new Report(check(backend.validate(utf8(json(request)), csr, strict ? STRICT : 0)));
    }

    /**
     * Validates and prepares the issuance request for {@code site}: {@code public},
     * {@code gov}, {@code fin} or a base URL. Throws {@link ValidationException} with every
     * finding when the request is invalid.
     */
    public PreparedRequest prepare(Object request, String site, boolean strict) {
        return new PreparedRequest(check(backend.prepare(utf8(json(request)), null, utf8(site), strict ? STRICT : 0)));
    }

    /** Like {@link #prepare(Object, String, boolean)}, the CSR given as PEM or DER bytes. */
    public PreparedRequest prepare(Object request, byte[] csr, String site, boolean strict) {
        return new PreparedRequest(check(backend.prepare(utf8(json(request)), csr, utf8(site), strict ? STRICT : 0)));
    }

    /** Reads and checks a CSR (PEM or DER); throws {@link CsrException} when unreadable. */
    public JsonObject inspectCsr(byte[] input) {
        return check(backend.inspectCsr(input));
    }

    /** Reads NCP's answer to the issuance request; anything but a success is an {@link ApiException}. */
    public JsonObject parseResponse(int httpStatus, byte[] body) {
        if (httpStatus < 0 || httpStatus > 65535) {
            throw new IllegalArgumentException("HTTP status " + httpStatus + " is out of range");
        }
        return check(backend.parseResponse(httpStatus, body));
    }

    /** A request built from a map of the API's JSON names. */
    public static String requestJson(Map<String, ?> request) {
        return GSON.toJson(request);
    }
}

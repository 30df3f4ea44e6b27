package ncpcert;

import com.google.gson.Gson;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.gson.JsonElement;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
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

    /** NCP's API Gateway signature v2 of one request, base64. */
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

    // ---- The calls after the issuance request (SPEC §12) ---------------------------------
    // Each builder returns a PreparedRequest to sign and send as the issuance request is; each
    // parser returns the JSON the core wrote (unknown fields kept) or throws ApiException.
    // Every check and message is the core's; bad arguments are ArgumentException.

    private static void checkStatus(int httpStatus) {
        if (httpStatus < 0 || httpStatus > 65535) {
            throw new IllegalArgumentException("HTTP status " + httpStatus + " is out of range");
        }
    }

    private static String options(Object options) {
        return options == null ? "{}" : json(options);
    }

    private PreparedRequest lookup(String function, String options, String site) {
        return new PreparedRequest(check(backend.lookup(function, utf8(options), utf8(site))));
    }

    /**
     * The ListAdvancedCertificates call (a GET). {@code query}: a map or JSON text with
     * {@code certificateName}, {@code page}, {@code pageSize} (each optional), or null.
     */
    public PreparedRequest listAdvancedCertificates(Object query, String site) {
        return lookup("ncpcert_list_certificates", options(query), site);
    }

    /**
     * Reads NCP's answer to ListAdvancedCertificates. With a {@code name} (not null or
     * empty), the result also holds {@code match}: the certificate named exactly so (the
     * newest when several are), or JSON null.
     */
    public JsonObject parseCertificateList(int httpStatus, byte[] body, String name) {
        checkStatus(httpStatus);
        return check(backend.parseLookup("ncpcert_parse_certificate_list", httpStatus, body, utf8(name)));
    }

    /** The ListDcvStatuses call (a GET) for one name of a certificate; see {@link #validationDomains}. */
    public PreparedRequest listDcvStatuses(long certificateNo, String domainAddress, String site) {
        Map<String, Object> o = new LinkedHashMap<String, Object>();
        o.put("certificateNo", certificateNo);
        o.put("domainAddress", domainAddress);
        return lookup("ncpcert_list_dcv_statuses", GSON.toJson(o), site);
    }

    /**
     * Reads NCP's answer to ListDcvStatuses: {@code dnsVerificationList} holds each record
     * with {@code state}, {@code txtName}, {@code txtValue} and, with a {@code domain} (the
     * {@code domainAddress} of the call; not null or empty), {@code recordName}: the fully
     * qualified name to publish the TXT record at.
     */
    public JsonObject parseDcvStatuses(int httpStatus, byte[] body, String domain) {
        checkStatus(httpStatus);
        return check(backend.parseLookup("ncpcert_parse_dcv_statuses", httpStatus, body, utf8(domain)));
    }

    /**
     * The names to ask ListDcvStatuses about, one call each, from the certificate's names
     * (the common name first, then each dnsName): distinct, lower-cased, without a trailing
     * dot, a wildcard {@code *.x} as {@code x}.
     */
    public List<String> validationDomains(List<String> names) {
        Backend.Result r = backend.validationDomains(utf8(GSON.toJson(names == null ? Collections.emptyList() : names)));
        JsonElement doc = JsonParser.parseString(r.text);
        if (r.status != 0) {
            throw NcpException.of(r.status, doc.getAsJsonObject());
        }
        List<String> out = new ArrayList<String>();
        for (JsonElement e : doc.getAsJsonArray()) {
            out.add(e.getAsString());
        }
        return Collections.unmodifiableList(out);
    }

    /** The GetCertificateChain call (a GET) for one certificate. */
    public PreparedRequest getCertificateChain(long certificateNo, String site) {
        return lookup("ncpcert_get_certificate_chain", "{\"certificateNo\":" + certificateNo + "}", site);
    }

    /**
     * Reads NCP's answer to GetCertificateChain: every PEM with LF line endings and one final
     * newline, and {@code files} ({@code cert.pem}, {@code chain.pem}, {@code fullchain.pem},
     * {@code root.pem}; a part NCP did not send is left out). An answer without a readable
     * certificate is an {@link ApiException} of kind {@code malformed}.
     */
    public JsonObject parseCertificateChain(int httpStatus, byte[] body) {
        checkStatus(httpStatus);
        return check(backend.parseLookup("ncpcert_parse_certificate_chain", httpStatus, body, null));
    }

    /** The {@code files} of a {@link #parseCertificateChain} result: file name to PEM text. */
    public static Map<String, String> chainFiles(JsonObject chain) {
        Map<String, String> out = new LinkedHashMap<String, String>();
        JsonObject files = chain.getAsJsonObject("files");
        if (files != null) {
            for (Map.Entry<String, JsonElement> e : files.entrySet()) {
                out.put(e.getKey(), e.getValue().getAsString());
            }
        }
        return Collections.unmodifiableMap(out);
    }

    /**
     * The ListOrganizations call (a POST whose body is the filters, {@code {}} without any).
     * {@code filter}: a map or JSON text with {@code organizationNameKor},
     * {@code organizationNameEng}, {@code businessRegistrationNo},
     * {@code verificationProgressCode} (7: validated), each optional; or null.
     */
    public PreparedRequest listOrganizations(Object filter, String site) {
        return lookup("ncpcert_list_organizations", options(filter), site);
    }

    /**
     * Reads NCP's answer to ListOrganizations (a bare list, an object holding one, or one
     * organisation): {@code organizations} holds each with {@code organizationNo}, the names,
     * {@code verificationProgressCode}, {@code verificationProgress} and {@code validated}.
     */
    public JsonObject parseOrganizations(int httpStatus, byte[] body) {
        checkStatus(httpStatus);
        return check(backend.parseLookup("ncpcert_parse_organizations", httpStatus, body, null));
    }

    /**
     * What a transport failure of the issuance request means for the next attempt:
     * {@code resendable} when no byte was written, {@code ambiguous} when some was.
     */
    public String transportOutcome(boolean written) {
        return backend.transportOutcome(written ? 1 : 0);
    }

    // ---- The order workflow (SPEC §14) ---------------------------------------------------

    /**
     * Places the issuance request safely (never twice) over {@link java.net.HttpURLConnection}
     * and returns the order that is this request's. Every decision — send, send again after a
     * backoff, look the name up when an answer was lost, accept a found certificate, stop — is
     * the core's; this driver holds no resend or lookup rule of its own.
     *
     * @throws OrderException with {@link OrderException#code()} {@code order.name_taken},
     *     {@code order.not_this_request}, {@code order.outcome_unknown}, {@code order.refused}
     *     or {@code order.not_placed}
     * @throws ValidationException when the request is invalid (nothing was sent)
     * @throws ArgumentException for unusable options (an unknown site, retries out of range)
     */
    public PlacedOrder placeOrder(Object request, Signer signer, OrderOptions options) {
        return placeOrder(request, null, signer, options);
    }

    /** {@link #placeOrder(Object, Signer, OrderOptions)} with the default options. */
    public PlacedOrder placeOrder(Object request, Signer signer) {
        return placeOrder(request, null, signer, new OrderOptions());
    }

    /**
     * Like {@link #placeOrder(Object, Signer, OrderOptions)}, the CSR given as PEM or DER bytes
     * (null: the request's own {@code csr}).
     */
    public PlacedOrder placeOrder(Object request, byte[] csr, Signer signer, OrderOptions options) {
        if (signer == null) {
            throw new IllegalArgumentException("signer is null; make one with Ncpcert.signer(accessKey, secretKey)");
        }
        OrderOptions o = options == null ? new OrderOptions() : options;
        try (OrderDriver driver = new OrderDriver(backend, utf8(json(request)), csr, o.json())) {
            return driver.run(signer, o.timeoutMs);
        }
    }

    /** A request built from a map of the API's JSON names. */
    public static String requestJson(Map<String, ?> request) {
        return GSON.toJson(request);
    }
}

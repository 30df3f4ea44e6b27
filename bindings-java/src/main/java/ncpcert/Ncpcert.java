package ncpcert;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ncpcert.model.CertificateChain;
import ncpcert.model.CertificateList;
import ncpcert.model.CertificateListQuery;
import ncpcert.model.CertificateRequest;
import ncpcert.model.CsrReport;
import ncpcert.model.DcvStatuses;
import ncpcert.model.ErrorCodes;
import ncpcert.model.IssuanceResponse;
import ncpcert.model.Json;
import ncpcert.model.OrganizationFilter;
import ncpcert.model.OrganizationList;
import ncpcert.model.PlacedOrder;
import ncpcert.model.PreparedRequest;
import ncpcert.model.Report;

/**
 * Prepare, validate and sign NAVER Cloud Platform Certificate Manager requests for Advanced
 * DV / OV certificates, and read NCP's answers — over the ncpcert C library
 * ({@code libncpcert_ffi}). Requests are {@link CertificateRequest}s; results are the typed
 * classes of {@code ncpcert.model}, read from what the core wrote. Every method is
 * thread-safe; nothing is sent but by {@link #placeOrder}: send exactly the method, URL,
 * headers and body handed back.
 *
 * <p>The library is called through JNA, or through the FFM API on JDK 22+ with
 * {@code -Dncpcert.backend=ffm}.
 */
public final class Ncpcert {
    /** Bit of the C ABI's flags: strict policy (every warning counts as an error). */
    static final int STRICT = 1;
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

    /** The result of a call as a {@code type}, or its exception. */
    static <T> T check(Backend.Result r, Class<T> type) {
        if (r.status != 0) {
            throw NcpException.of(r.status, r.text);
        }
        return Json.read(r.text, type);
    }

    private static byte[] json(CertificateRequest request) {
        if (request == null) {
            throw new IllegalArgumentException("request is null; give a CertificateRequest");
        }
        return utf8(Json.write(request));
    }

    private static byte[] endpoint(Endpoint endpoint) {
        return utf8((endpoint == null ? Endpoint.PUBLIC : endpoint).abiArgument());
    }

    private static int flags(boolean strict) {
        return strict ? STRICT : 0;
    }

    /** Signature v2 of one request, base64. */
    public String sign(String method, String pathAndQuery, long timestampMs, String accessKey, String secretKey) {
        Backend.Result r = backend.sign(utf8(method), utf8(pathAndQuery), timestampMs, utf8(accessKey), utf8(secretKey));
        if (r.status != 0) {
            throw NcpException.of(r.status, r.text);
        }
        return r.text;
    }

    /** A keyed signer for many requests; close it when done. */
    public Signer signer(String accessKey, String secretKey) {
        return new Signer(backend, accessKey, secretKey);
    }

    /** Every finding at once; an invalid request is a report, not an exception. */
    public Report validate(CertificateRequest request, boolean strict) {
        return validate(request, null, strict);
    }

    /** Like {@link #validate(CertificateRequest, boolean)}, the CSR given as PEM or DER bytes. */
    public Report validate(CertificateRequest request, byte[] csr, boolean strict) {
        return check(backend.validate(json(request), csr, flags(strict)), Report.class);
    }

    /** {@link #validate} of a request given as JSON text with the API's names (the shared test vectors). */
    Report validateJson(String requestJson, boolean strict) {
        return check(backend.validate(utf8(requestJson), null, flags(strict)), Report.class);
    }

    /**
     * Validates and prepares the issuance request for {@code endpoint} (null: the public site).
     * Throws {@link ValidationException} with every finding when the request is invalid.
     */
    public PreparedRequest prepare(CertificateRequest request, Endpoint endpoint, boolean strict) {
        return prepare(request, null, endpoint, strict);
    }

    /** Like {@link #prepare(CertificateRequest, Endpoint, boolean)}, the CSR given as PEM or DER bytes. */
    public PreparedRequest prepare(CertificateRequest request, byte[] csr, Endpoint endpoint, boolean strict) {
        return check(backend.prepare(json(request), csr, endpoint(endpoint), flags(strict)), PreparedRequest.class);
    }

    /** {@link #prepare} of a request given as JSON text with the API's names (the shared test vectors). */
    PreparedRequest prepareJson(String requestJson, Endpoint endpoint, boolean strict) {
        return check(backend.prepare(utf8(requestJson), null, endpoint(endpoint), flags(strict)), PreparedRequest.class);
    }

    /** Reads and checks a CSR (PEM or DER); throws {@link CsrException} when unreadable. */
    public CsrReport inspectCsr(byte[] input) {
        return check(backend.inspectCsr(input), CsrReport.class);
    }

    /** Reads NCP's answer to the issuance request; anything but a success is an {@link ApiException}. */
    public IssuanceResponse parseResponse(int httpStatus, byte[] body) {
        checkStatus(httpStatus);
        return check(backend.parseResponse(httpStatus, body), IssuanceResponse.class);
    }

    /** The core's tables of codes: every code an {@link NcpException} can carry (an api error also NCP's own). */
    public ErrorCodes errorCodes() {
        return check(backend.errorCodes(), ErrorCodes.class);
    }

    // ---- The calls after the issuance request ---------------------------------------------
    // Each builder returns a PreparedRequest to sign and send as the issuance request is; each
    // parser returns the answer as the core read it (unknown fields in extra()) or throws
    // ApiException. Every check and message is the core's; bad arguments are ArgumentException.

    private static void checkStatus(int httpStatus) {
        if (httpStatus < 0 || httpStatus > 65535) {
            throw new IllegalArgumentException("HTTP status " + httpStatus + " is out of range");
        }
    }

    private PreparedRequest lookup(String function, Object options, Endpoint endpoint) {
        String text = options == null ? "{}" : Json.write(options);
        return check(backend.lookup(function, utf8(text), endpoint(endpoint)), PreparedRequest.class);
    }

    /** The ListAdvancedCertificates call (a GET); {@code query} null: the first page of every certificate. */
    public PreparedRequest listAdvancedCertificates(CertificateListQuery query, Endpoint endpoint) {
        return lookup("ncpcert_list_certificates", query, endpoint);
    }

    /**
     * Reads NCP's answer to ListAdvancedCertificates. With a {@code name} (not null or
     * empty), {@link CertificateList#match()} is the certificate named exactly so (the newest
     * when several are), or null.
     */
    public CertificateList parseCertificateList(int httpStatus, byte[] body, String name) {
        checkStatus(httpStatus);
        return check(backend.parseLookup("ncpcert_parse_certificate_list", httpStatus, body, utf8(name)),
                CertificateList.class);
    }

    /** The ListDcvStatuses call (a GET) for one name of a certificate; see {@link #validationDomains}. */
    public PreparedRequest listDcvStatuses(long certificateNo, String domainAddress, Endpoint endpoint) {
        Map<String, Object> o = new LinkedHashMap<String, Object>();
        o.put("certificateNo", certificateNo);
        o.put("domainAddress", domainAddress);
        return lookup("ncpcert_list_dcv_statuses", o, endpoint);
    }

    /**
     * Reads NCP's answer to ListDcvStatuses: each record with its {@code state},
     * {@code txtName}, {@code txtValue} and, with a {@code domain} (the {@code domainAddress}
     * of the call; not null or empty), {@code recordName}: the fully qualified name to publish
     * the TXT record at.
     */
    public DcvStatuses parseDcvStatuses(int httpStatus, byte[] body, String domain) {
        checkStatus(httpStatus);
        return check(backend.parseLookup("ncpcert_parse_dcv_statuses", httpStatus, body, utf8(domain)),
                DcvStatuses.class);
    }

    /**
     * The names to ask ListDcvStatuses about, one call each, from the certificate's names
     * (the common name first, then each dnsName): distinct, lower-cased, without a trailing
     * dot, a wildcard {@code *.x} as {@code x}.
     */
    public List<String> validationDomains(List<String> names) {
        String text = Json.write(names == null ? Collections.emptyList() : names);
        Backend.Result r = backend.validationDomains(utf8(text));
        if (r.status != 0) {
            throw NcpException.of(r.status, r.text);
        }
        return Collections.unmodifiableList(Json.readStrings(r.text));
    }

    /** The GetCertificateChain call (a GET) for one certificate. */
    public PreparedRequest getCertificateChain(long certificateNo, Endpoint endpoint) {
        return lookup("ncpcert_get_certificate_chain", Collections.singletonMap("certificateNo", certificateNo), endpoint);
    }

    /**
     * Reads NCP's answer to GetCertificateChain: every PEM with LF line endings and one final
     * newline, and {@link CertificateChain#files()} ({@code cert.pem}, {@code chain.pem},
     * {@code fullchain.pem}, {@code root.pem}; a part NCP did not send is left out). An answer
     * without a readable certificate is an {@link ApiException} of kind {@code malformed}.
     */
    public CertificateChain parseCertificateChain(int httpStatus, byte[] body) {
        checkStatus(httpStatus);
        return check(backend.parseLookup("ncpcert_parse_certificate_chain", httpStatus, body, null),
                CertificateChain.class);
    }

    /** The ListOrganizations call (a POST whose body is the filters, {@code {}} without any; null: none). */
    public PreparedRequest listOrganizations(OrganizationFilter filter, Endpoint endpoint) {
        return lookup("ncpcert_list_organizations", filter, endpoint);
    }

    /**
     * Reads NCP's answer to ListOrganizations (a bare list, an object holding one, or one
     * organisation): each with its number, names, {@code verificationProgressCode},
     * {@code verificationProgress} and {@code validated}.
     */
    public OrganizationList parseOrganizations(int httpStatus, byte[] body) {
        checkStatus(httpStatus);
        return check(backend.parseLookup("ncpcert_parse_organizations", httpStatus, body, null), OrganizationList.class);
    }

    /**
     * What a transport failure of the issuance request means for the next attempt:
     * {@code resendable} when no byte was written, {@code ambiguous} when some was.
     */
    public String transportOutcome(boolean written) {
        return backend.transportOutcome(written ? 1 : 0);
    }

    // ---- The order workflow ----------------------------------------------------------------

    /**
     * Places the issuance request safely over {@link java.net.HttpURLConnection} and returns
     * the order that is this request's. Every decision — send, send again after a backoff,
     * look the name up when an answer was lost, accept a found certificate, stop — is the
     * core's; this driver holds no resend or lookup rule of its own.
     *
     * @throws OrderException with {@link OrderException#code()} {@code order.name_taken},
     *     {@code order.not_this_request}, {@code order.outcome_unknown}, {@code order.refused}
     *     or {@code order.not_placed}
     * @throws ValidationException when the request is invalid (nothing was sent)
     * @throws ArgumentException for unusable options (an unknown site, retries out of range)
     */
    public PlacedOrder placeOrder(CertificateRequest request, Signer signer, OrderOptions options) {
        return placeOrder(request, null, signer, options);
    }

    /** {@link #placeOrder(CertificateRequest, Signer, OrderOptions)} with the default options. */
    public PlacedOrder placeOrder(CertificateRequest request, Signer signer) {
        return placeOrder(request, null, signer, new OrderOptions());
    }

    /**
     * Like {@link #placeOrder(CertificateRequest, Signer, OrderOptions)}, the CSR given as PEM
     * or DER bytes (null: the request's own {@code csr}).
     */
    public PlacedOrder placeOrder(CertificateRequest request, byte[] csr, Signer signer, OrderOptions options) {
        if (signer == null) {
            throw new IllegalArgumentException("signer is null; make one with Ncpcert.signer(accessKey, secretKey)");
        }
        OrderOptions o = options == null ? new OrderOptions() : options;
        try (OrderDriver driver = new OrderDriver(backend, json(request), csr, o.json())) {
            return driver.run(signer, o.timeoutMs);
        }
    }
}

package ncpcert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import ncpcert.model.CertificateRequest;
import ncpcert.model.ErrorCodeInfo;
import ncpcert.model.ErrorCodes;
import ncpcert.model.Finding;
import ncpcert.model.FindingCodeInfo;
import ncpcert.model.IssuanceResponse;
import ncpcert.model.PaidCertificate;
import ncpcert.model.PreparedRequest;
import ncpcert.model.Report;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The shared vectors (tests/vectors) through every backend this JDK has: JNA, and FFM on 22+. */
class NcpcertTest {
    static final Path TESTS = Paths.get("..", "tests");
    static final String AK = "EXAMPLEAK0000000NCP1";
    static final String SK = "EXAMPLESECRET00000000000000000000NCPSK01";

    static boolean hasFfm() {
        String spec = System.getProperty("java.specification.version");
        return !spec.startsWith("1.") && Integer.parseInt(spec) >= 22;
    }

    static Stream<Ncpcert> backends() {
        List<Ncpcert> out = new ArrayList<Ncpcert>();
        out.add(Ncpcert.with("jna"));
        if (hasFfm()) {
            out.add(Ncpcert.with("ffm"));
        }
        return out.stream();
    }

    static JsonObject load(String name) throws IOException {
        return JsonParser.parseString(new String(Files.readAllBytes(TESTS.resolve(name)), StandardCharsets.UTF_8))
                .getAsJsonObject();
    }

    static String text(String relative) throws IOException {
        return new String(Files.readAllBytes(TESTS.resolve(relative)), StandardCharsets.UTF_8);
    }

    static List<String> triples(Iterable<?> findings) {
        List<String> out = new ArrayList<String>();
        for (Object o : findings) {
            if (o instanceof Finding) {
                Finding f = (Finding) o;
                out.add(f.code() + "|" + f.field() + "|" + f.severity());
            } else {
                JsonObject f = ((JsonElement) o).getAsJsonObject();
                out.add(f.get("code").getAsString() + "|" + f.get("field").getAsString() + "|"
                        + f.get("severity").getAsString());
            }
        }
        Collections.sort(out);
        return out;
    }

    @ParameterizedTest
    @MethodSource("backends")
    void signsEverySharedVector(Ncpcert n) throws IOException {
        JsonArray vectors = load("vectors/signature_v2.json").getAsJsonArray("vectors");
        assertTrue(vectors.size() >= 8);
        for (JsonElement e : vectors) {
            JsonObject v = e.getAsJsonObject();
            String id = v.get("id").getAsString(), method = v.get("method").getAsString(), url = v.get("url").getAsString();
            long ts = Long.parseLong(v.get("timestamp").getAsString());
            String ak = v.get("access_key").getAsString(), sk = v.get("secret_key").getAsString();
            String want = v.get("expected_signature").getAsString();
            assertEquals(want, n.sign(method, url, ts, ak, sk), id);
            try (Signer signer = n.signer(ak, sk)) {
                Map<String, String> h = signer.headers(method.toLowerCase(), url, ts);
                assertEquals(want, h.get("x-ncp-apigw-signature-v2"), id);
                assertEquals(v.get("timestamp").getAsString(), h.get("x-ncp-apigw-timestamp"), id);
                assertEquals(ak, h.get("x-ncp-iam-access-key"), id);
                assertFalse(signer.toString().contains(sk));
            }
        }
    }

    static CertificateRequest sampleRequest() throws IOException {
        return new CertificateRequest().csr(text("data/sample.csr.pem")).certificateType(CertificateRequest.DV)
                .certificateName("www-example").commonName("www.example.com")
                .dnsName("www.example.com", "example.com").validationMethod("D");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void preparesAndSignsTheSampleRequest(Ncpcert n) throws IOException {
        assertTrue(n.validate(sampleRequest(), false).valid());
        PreparedRequest p = n.prepare(sampleRequest(), Endpoint.PUBLIC, false);
        assertEquals("POST", p.method());
        assertEquals("https://certificatemanager.apigw.ntruss.com/api/v2/certificate/requestPaidCertificateIssuance", p.url());
        assertEquals("application/json", p.headers().get("Content-Type"));
        JsonObject body = JsonParser.parseString(p.body()).getAsJsonObject();
        assertEquals("NCP_PAID_DV_01", body.get("certificateType").getAsString());
        assertTrue(body.get("csr").getAsString().startsWith("-----BEGIN CERTIFICATE REQUEST-----\n"));
        try (Signer signer = n.signer(AK, SK)) {
            PreparedRequest signed = signer.signRequest(p, 1700000000000L);
            assertEquals(p.body(), signed.body());
            assertEquals("application/json", signed.headers().get("Content-Type"));
            assertEquals("QC4FHb9YQpqibbUVDfmpQuu0+bjhcf/RvDNS5mc4hjA=", signed.headers().get("x-ncp-apigw-signature-v2"));
        }
        ArgumentException bad = assertThrows(ArgumentException.class,
                () -> n.prepare(sampleRequest(), Endpoint.site("moon"), false));
        assertEquals("site.invalid", bad.code());
        assertEquals("argument", bad.type());
        bad = assertThrows(ArgumentException.class,
                () -> n.prepare(sampleRequest(), Endpoint.baseUrl("ftp://proxy.example.com"), false));
        assertEquals("site.invalid", bad.code());
        PreparedRequest proxied = n.prepare(sampleRequest(), Endpoint.baseUrl("http://127.0.0.1:8080/p"), false);
        assertEquals("http://127.0.0.1:8080/p/api/v2/certificate/requestPaidCertificateIssuance", proxied.url());
        // The request with every field typed is the request the core reads.
        assertEquals(JsonParser.parseString(p.body()), JsonParser.parseString(
                n.prepare(sampleRequest().organizationNo(null).extra(null), Endpoint.site("public"), false).body()));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void everyRequestVectorAndValidationFailuresAsExceptions(Ncpcert n) throws IOException {
        int failures = 0;
        for (JsonElement e : load("vectors/requests.json").getAsJsonArray("vectors")) {
            JsonObject v = e.getAsJsonObject();
            String id = v.get("id").getAsString();
            JsonObject request = v.getAsJsonObject("request").deepCopy();
            if (v.has("csr_file")) {
                request.addProperty("csr", text("data/" + v.get("csr_file").getAsString()));
            }
            boolean strict = v.has("strict") && v.get("strict").getAsBoolean();
            JsonObject expect = v.getAsJsonObject("expect");
            List<String> want = triples(expect.getAsJsonArray("findings"));
            Report report = n.validateJson(request.toString(), strict);
            assertEquals(want, triples(report.findings()), id);
            assertEquals(expect.get("valid").getAsBoolean(), report.valid(), id);
            if (report.valid()) {
                PreparedRequest p = n.prepareJson(request.toString(), Endpoint.PUBLIC, strict);
                if (expect.has("body")) {
                    assertEquals(expect.get("body"), JsonParser.parseString(p.body()), id);
                }
            } else {
                ValidationException ve = assertThrows(ValidationException.class,
                        () -> n.prepareJson(request.toString(), Endpoint.PUBLIC, strict), id);
                assertEquals("request.invalid", ve.code(), id);
                assertEquals(want, triples(ve.findings()), id);
                assertFalse(ve.errors().isEmpty(), id);
                failures++;
            }
        }
        assertTrue(failures > 10, "the vectors hold invalid requests");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void everyResponseVector(Ncpcert n) throws IOException {
        for (JsonElement e : load("vectors/responses.json").getAsJsonArray("vectors")) {
            JsonObject v = e.getAsJsonObject();
            String id = v.get("id").getAsString();
            byte[] body = v.has("body_base64")
                    ? Base64.getDecoder().decode(v.get("body_base64").getAsString())
                    : v.get("body").getAsString().getBytes(StandardCharsets.UTF_8);
            JsonObject x = v.getAsJsonObject("expect");
            int status = v.get("http_status").getAsInt();
            if (x.get("ok").getAsBoolean()) {
                IssuanceResponse r = n.parseResponse(status, body);
                PaidCertificate cert = r.paidCertificate();
                assertEquals("0", r.returnCode(), id);
                if (x.has("certificateNo")) {
                    assertEquals(x.get("certificateNo").getAsLong(), cert.certificateNo(), id);
                }
                if (x.has("status")) {
                    assertEquals(x.get("status").getAsString(), cert.status(), id);
                }
            } else {
                ApiException a = assertThrows(ApiException.class, () -> n.parseResponse(status, body), id);
                assertEquals(x.get("kind").getAsString(), a.kind(), id);
                assertEquals(x.get("code").getAsString(), a.code(), id);
                assertEquals(x.get("retryable").getAsBoolean(), a.retryable(), id);
                assertEquals(x.get("outcome").getAsString(), a.outcome(), id);
                assertEquals(x.get("httpStatus").getAsInt(), a.httpStatus(), id);
                assertNotNull(a.hint(), id);
            }
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void errorsAreTypedAndNeverShowTheSecret(Ncpcert n) {
        String secret = "TOPSECRETVALUE0123456789 with a space";
        SigningException s = assertThrows(SigningException.class, () -> n.sign("POST", "/api", 1700000000000L, AK, secret));
        assertEquals("signing.secret_key", s.code());
        assertFalse(s.getMessage().contains("TOPSECRET") || s.json().contains("TOPSECRET"));
        s = assertThrows(SigningException.class, () -> n.signer(AK, secret));
        assertFalse(s.json().contains("TOPSECRET"));
        assertEquals("signing.path", assertThrows(SigningException.class,
                () -> n.sign("POST", "no-slash", 1700000000000L, AK, SK)).code());
        assertEquals("csr.malformed", assertThrows(CsrException.class,
                () -> n.inspectCsr("hello".getBytes(StandardCharsets.UTF_8))).code());
        assertTrue(n.version().matches("\\d+\\.\\d+\\.\\d+.*"));
    }

    /**
     * Every error the Java layer shows carries a code of the core's table (ncpcert_error_codes),
     * of its type and C status; the Java sources spell no code of their own.
     */
    @ParameterizedTest
    @MethodSource("backends")
    void everyCodeIsTheCores(Ncpcert n) throws IOException {
        ErrorCodes table = n.errorCodes();
        Map<String, ErrorCodeInfo> errors = new java.util.HashMap<String, ErrorCodeInfo>();
        for (ErrorCodeInfo e : table.errors()) {
            errors.put(e.code(), e);
        }
        List<String> findings = new ArrayList<String>();
        for (FindingCodeInfo f : table.findings()) {
            findings.add(f.code());
        }
        assertTrue(errors.containsKey("internal.engine") && findings.contains("domain.underscore"));
        List<NcpException> seen = new ArrayList<NcpException>();
        List<org.junit.jupiter.api.function.Executable> calls = java.util.Arrays.asList(
                () -> n.sign("POST", "no-slash", 1700000000000L, AK, SK),
                () -> n.signer(AK, ""),
                () -> n.prepare(new CertificateRequest(), Endpoint.PUBLIC, false),
                () -> n.prepare(sampleRequest(), Endpoint.site("moon"), false),
                () -> n.inspectCsr("hello".getBytes(StandardCharsets.UTF_8)),
                () -> n.parseResponse(403, new byte[0]),
                () -> n.getCertificateChain(0, null),
                () -> n.validationDomains(java.util.Arrays.asList("a.example", null)));
        for (org.junit.jupiter.api.function.Executable call : calls) {
            seen.add(assertThrows(NcpException.class, call));
        }
        String[] types = {"signing", "signing", "validation", "argument", "csr", "api", "argument", "argument"};
        for (int i = 0; i < seen.size(); i++) {
            NcpException e = seen.get(i);
            assertEquals(types[i], e.type(), e.json());
            if ("api".equals(e.type())) {
                continue; // NCP's own code
            }
            if ("csr".equals(e.type())) {
                assertTrue(findings.contains(e.code()), e.json());
                continue;
            }
            ErrorCodeInfo info = errors.get(e.code());
            assertNotNull(info, e.json());
            assertEquals(e.type(), info.type(), e.json());
        }
        // No literal of the sources is a code of the table's namespaces the table lacks.
        java.util.Set<String> spaces = new java.util.HashSet<String>();
        for (String code : errors.keySet()) {
            spaces.add(code.substring(0, code.indexOf('.')));
        }
        for (String code : findings) {
            spaces.add(code.substring(0, code.indexOf('.')));
        }
        java.util.regex.Pattern literal = java.util.regex.Pattern.compile("\"([a-z]+)\\.([a-z_]+)\"");
        int files = 0;
        try (Stream<Path> sources = Files.walk(Paths.get("src", "main"))) {
            for (Path file : (Iterable<Path>) sources.filter(f -> f.toString().endsWith(".java"))::iterator) {
                files++;
                java.util.regex.Matcher m = literal.matcher(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
                while (m.find()) {
                    if (spaces.contains(m.group(1))) {
                        String code = m.group(1) + "." + m.group(2);
                        assertTrue(errors.containsKey(code) || findings.contains(code), file + ": " + code);
                    }
                }
            }
        }
        assertTrue(files > 30, "the sources were not found");
    }
}

package ncpcert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import ncpcert.model.CallFailure;
import ncpcert.model.CertificateOrder;
import ncpcert.model.CertificateRequest;
import ncpcert.model.CertificateSummary;
import ncpcert.model.Json;
import ncpcert.model.PlacedOrder;
import ncpcert.model.PreparedRequest;
import ncpcert.model.Step;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@link Ncpcert#placeOrder} against the mock NCP (tests/mock_ncp/server.py, stdlib Python,
 * run as a process) through every backend this JDK has. The mock recomputes every signature
 * and keeps every order it placed: the counts below are its own.
 */
class OrderTest {
    static final String AK = "EXAMPLEAK0000000NCP1";
    static final String SK = "EXAMPLESECRET00000000000000000000NCPSK01";

    static Stream<Ncpcert> backends() {
        return NcpcertTest.backends();
    }

    /** A running mock; {@link #log()} is what it wrote on stderr, one line per request. */
    static final class Mock implements AutoCloseable {
        final Process process;
        final Path dir, logFile;
        final String url;

        Mock(String... flags) throws IOException, InterruptedException {
            dir = Files.createTempDirectory("ncpcert-mock");
            Path ready = dir.resolve("ready");
            logFile = dir.resolve("mock.log");
            List<String> command = new ArrayList<String>(Arrays.asList("python3",
                    NcpcertTest.TESTS.resolve("mock_ncp/server.py").toString(), "--port", "0", "--ready-file",
                    ready.toString(), "--keys", NcpcertTest.TESTS.resolve("mock_ncp/keys.example.json").toString()));
            command.addAll(Arrays.asList(flags));
            process = new ProcessBuilder(command).redirectOutput(dir.resolve("mock.out").toFile())
                    .redirectError(logFile.toFile()).start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            String text = null;
            while (System.nanoTime() < deadline) {
                if (Files.exists(ready)) {
                    text = new String(Files.readAllBytes(ready), StandardCharsets.UTF_8);
                    if (text.endsWith("\n")) {
                        break;
                    }
                }
                Thread.sleep(20);
            }
            if (text == null || !text.endsWith("\n")) {
                close();
                fail("the mock NCP did not start: " + log());
            }
            url = text.trim();
        }

        List<String> log() {
            try {
                return Files.readAllLines(logFile, StandardCharsets.UTF_8);
            } catch (IOException e) {
                return new ArrayList<String>();
            }
        }

        long lines(String part) {
            return log().stream().filter(l -> l.contains(part)).count();
        }

        @Override
        public void close() throws IOException {
            process.destroy();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            for (File f : dir.toFile().listFiles()) {
                Files.deleteIfExists(f.toPath());
            }
            Files.deleteIfExists(dir);
        }
    }

    static CertificateRequest request() throws IOException {
        return new CertificateRequest().csr(NcpcertTest.text("data/sample.csr.pem")).certificateType("DV")
                .certificateName("www-example").commonName("www.example.com")
                .dnsName(Arrays.asList("www.example.com", "example.com")).validationMethod("D");
    }

    /** Every certificate of the account, through the mock's ListAdvancedCertificates (no filter). */
    static List<CertificateSummary> certificates(Ncpcert n, Signer signer, String url) throws IOException {
        PreparedRequest p = signer.signRequest(n.listAdvancedCertificates(null, Endpoint.baseUrl(url)));
        HttpURLConnection c = (HttpURLConnection) new URL(p.url()).openConnection();
        for (Map.Entry<String, String> h : p.headers().entrySet()) {
            c.setRequestProperty(h.getKey(), h.getValue());
        }
        int status = c.getResponseCode();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        try (InputStream in = status >= 400 ? c.getErrorStream() : c.getInputStream()) {
            byte[] chunk = new byte[8192];
            int k;
            while ((k = in.read(chunk)) != -1) {
                body.write(chunk, 0, k);
            }
        }
        List<CertificateSummary> out = new ArrayList<CertificateSummary>();
        for (CertificateOrder order : n.parseCertificateList(status, body.toByteArray(), null).orders()) {
            out.addAll(order.certificates());
        }
        return out;
    }

    /**
     * A 504 after the order was placed: the workflow looks the name up and recovers the one
     * order. The mock accepts duplicate names here, so a driver that sent the request again
     * would leave two orders.
     */
    @ParameterizedTest
    @MethodSource("backends")
    void recoversAfterA504(Ncpcert n) throws Exception {
        try (Mock mock = new Mock("--fault", "placed-then-504", "--allow-duplicate-names");
                Signer signer = n.signer(AK, SK)) {
            PlacedOrder placed = n.placeOrder(request(), signer, new OrderOptions().baseUrl(mock.url).backoffMs(1));
            assertEquals("recovered", placed.path(), Json.write(placed));
            assertEquals("www-example", placed.certificateName());
            assertEquals(1, placed.attempts());
            assertEquals("ONGOING", placed.status());
            assertNotNull(placed.certificate());
            assertEquals(placed.certificateNo(), placed.certificate().certificateNo());
            assertEquals(1, mock.lines(
                    "POST /api/v2/certificate/requestPaidCertificateIssuance -> 504 accepted [placed-then-504]"),
                    String.join("\n", mock.log()));
            assertEquals(1, mock.lines(" accepted"), "the mock placed more than one order");
            assertTrue(mock.lines("GET /api/v2/certificate/getPaidCertificates?certificateName=www-example") >= 1,
                    "no lookup by the certificate name");
            List<CertificateSummary> all = certificates(n, signer, mock.url);
            assertEquals(1, all.size());
            assertEquals(placed.certificateNo(), all.get(0).certificateNo());
        }
    }

    /**
     * The connection closed after the order was placed: HttpURLConnection would send a
     * buffered POST again by itself (sun.net.http.retryPost); the driver's streaming mode must
     * leave exactly one order, recovered by the lookup.
     */
    @ParameterizedTest
    @MethodSource("backends")
    void recoversAfterAClosedConnection(Ncpcert n) throws Exception {
        try (Mock mock = new Mock("--fault", "placed-then-close", "--allow-duplicate-names");
                Signer signer = n.signer(AK, SK)) {
            PlacedOrder placed = n.placeOrder(request(), signer, new OrderOptions().baseUrl(mock.url).backoffMs(1));
            assertEquals("recovered", placed.path(), Json.write(placed));
            assertEquals(1, mock.lines(" accepted"), String.join("\n", mock.log()));
            assertEquals(1, certificates(n, signer, mock.url).size());
        }
    }

    /** The name belongs to an earlier certificate: refused on the first attempt, nothing resent. */
    @ParameterizedTest
    @MethodSource("backends")
    void nameTaken(Ncpcert n) throws Exception {
        try (Mock mock = new Mock(); Signer signer = n.signer(AK, SK)) {
            assertEquals("accepted", n.placeOrder(request(), signer, new OrderOptions().baseUrl(mock.url)).path());
            OrderException e = assertThrows(OrderException.class,
                    () -> n.placeOrder(request(), signer, new OrderOptions().baseUrl(mock.url).backoffMs(1)));
            assertEquals("order.name_taken", e.code(), e.json());
            assertTrue(e instanceof NcpException);
            assertNotNull(e.hint());
            assertEquals("www-example", e.certificateName());
            assertFalse(e.steps().isEmpty());
            assertEquals(2, mock.lines("POST /api/v2/certificate/requestPaidCertificateIssuance"));
            assertEquals(1, certificates(n, signer, mock.url).size());
        }
    }

    /** A refused connection wrote nothing: sent again, then order.not_placed. */
    @ParameterizedTest
    @MethodSource("backends")
    void refusedConnectionIsNotPlaced(Ncpcert n) throws Exception {
        try (Signer signer = n.signer(AK, SK)) {
            OrderException e = assertThrows(OrderException.class, () -> n.placeOrder(request(), signer,
                    new OrderOptions().baseUrl("http://127.0.0.1:1").retries(1).backoffMs(1)));
            assertEquals("order.not_placed", e.code(), e.json());
            int sends = 0;
            for (Step step : e.steps()) {
                if ("send".equals(step.step())) {
                    sends++;
                    CallFailure cause = step.error();
                    assertEquals("transport", cause.type());
                    assertEquals("transport.failed", cause.code());
                    assertEquals(Boolean.FALSE, cause.written());
                }
            }
            assertEquals("transport", e.failure().type());
            assertEquals(2, sends);
        }
    }

    @ParameterizedTest
    @MethodSource("backends")
    void badArguments(Ncpcert n) throws Exception {
        try (Signer signer = n.signer(AK, SK)) {
            assertThrows(ArgumentException.class,
                    () -> n.placeOrder(request(), signer, new OrderOptions().site("moon")));
            assertThrows(ArgumentException.class,
                    () -> n.placeOrder(request(), signer, new OrderOptions().retries(-1)));
            // A site and a base URL are separate: a URL is no site's name.
            assertEquals("site.invalid", assertThrows(ArgumentException.class,
                    () -> n.placeOrder(request(), signer, new OrderOptions().site("http://127.0.0.1:1"))).code());
            CertificateRequest bad = request().commonName("a_b.example.com");
            ValidationException v = assertThrows(ValidationException.class,
                    () -> n.placeOrder(bad, signer, new OrderOptions().baseUrl("http://127.0.0.1:1")));
            assertFalse(v.errors().isEmpty());
            assertThrows(IllegalArgumentException.class, () -> n.placeOrder(request(), null));
        }
    }
}

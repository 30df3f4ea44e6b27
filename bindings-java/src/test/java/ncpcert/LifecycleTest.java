package ncpcert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** The calls after the issuance request (SPEC §12) through every backend this JDK has. */
class LifecycleTest {
    static final String ORIGIN = "https://certificatemanager.apigw.ntruss.com";
    static final byte[] GATEWAY_401 =
            "{\"error\":{\"errorCode\":\"200\",\"message\":\"Authentication Failed\"}}".getBytes(StandardCharsets.UTF_8);

    static Stream<Ncpcert> backends() {
        return NcpcertTest.backends();
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static void prepared(PreparedRequest p, String method, String url, String path) {
        assertEquals(method, p.method());
        assertEquals(url, p.url());
        assertEquals(path, p.path());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void buildsEachRequest(Ncpcert n) {
        PreparedRequest p = n.listDcvStatuses(12, "www.example.com", "public");
        prepared(p, "GET", ORIGIN + "/api/v2/certificate/getVerificationInfo/12?domainAddress=www.example.com",
                "/api/v2/certificate/getVerificationInfo/12?domainAddress=www.example.com");
        assertNull(p.body());
        prepared(n.listDcvStatuses(55332, "ncloud.com", "http://127.0.0.1:8080/p"), "GET",
                "http://127.0.0.1:8080/p/api/v2/certificate/getVerificationInfo/55332?domainAddress=ncloud.com",
                "/p/api/v2/certificate/getVerificationInfo/55332?domainAddress=ncloud.com");
        prepared(n.getCertificateChain(12, "public"), "GET", ORIGIN + "/api/v2/certificate/exportCertificate/12/chain",
                "/api/v2/certificate/exportCertificate/12/chain");
        p = n.listOrganizations(null, "public");
        prepared(p, "POST", ORIGIN + "/api/v2/organization/getOrganizationInfoList",
                "/api/v2/organization/getOrganizationInfoList");
        assertEquals("{}", p.body());
        Map<String, Object> filter = new LinkedHashMap<String, Object>();
        filter.put("organizationNameEng", "Gana Corp");
        filter.put("verificationProgressCode", 7);
        assertEquals(JsonParser.parseString("{\"organizationNameEng\":\"Gana Corp\",\"verificationProgressCode\":7}"),
                JsonParser.parseString(n.listOrganizations(filter, "public").body()));
        Map<String, Object> query = new LinkedHashMap<String, Object>();
        query.put("certificateName", "a b");
        query.put("page", 2);
        prepared(n.listAdvancedCertificates(query, "gov"), "GET",
                "https://certificatemanager.apigw.gov-ntruss.com/api/v2/certificate/getPaidCertificates?certificateName=a%20b&page=2",
                "/api/v2/certificate/getPaidCertificates?certificateName=a%20b&page=2");
        n.listAdvancedCertificates(null, "public");
    }

    @ParameterizedTest
    @MethodSource("backends")
    void signsALookupAsTheIssuanceRequest(Ncpcert n) throws Exception {
        PreparedRequest p = n.listDcvStatuses(12, "www.example.com", "public");
        PreparedRequest signed;
        try (Signer signer = n.signer(NcpcertTest.AK, NcpcertTest.SK)) {
            signed = p.sign(signer, 1700000000000L);
        }
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(utf8(NcpcertTest.SK), "HmacSHA256"));
        String want = Base64.getEncoder().encodeToString(mac.doFinal(utf8(
                "GET /api/v2/certificate/getVerificationInfo/12?domainAddress=www.example.com\n1700000000000\n" + NcpcertTest.AK)));
        assertEquals(want, signed.headers().get("x-ncp-apigw-signature-v2"));
        assertEquals("1700000000000", signed.headers().get("x-ncp-apigw-timestamp"));
        assertEquals(NcpcertTest.AK, signed.headers().get("x-ncp-iam-access-key"));
    }

    @ParameterizedTest
    @MethodSource("backends")
    void readsEachAnswer(Ncpcert n) throws Exception {
        byte[] dcv = utf8("{\"returnCode\":\"0\",\"returnMessage\":\"Success\",\"totalRows\":1,\"dnsVerificationCount\":1,"
                + "\"dnsVerificationList\":[{\"validSn\":51,\"requestSn\":\"20261001000001\","
                + "\"validStatusCode\":\"VALID_STATUS_REG\",\"txtName\":\"_dnsauth\",\"txtValue\":\"Ab3dEf-token\","
                + "\"txtId\":901}],\"emailVerificationCount\":0,\"emailVerificationList\":[]}");
        JsonObject record = n.parseDcvStatuses(200, dcv, "www.example.com").getAsJsonArray("dnsVerificationList")
                .get(0).getAsJsonObject();
        assertEquals("_dnsauth.www.example.com", record.get("recordName").getAsString());
        assertEquals("pending", record.get("state").getAsString());
        assertEquals("Ab3dEf-token", record.get("txtValue").getAsString());
        assertEquals("TXT", record.get("recordType").getAsString());
        assertEquals("51", record.get("validSn").getAsString());
        assertEquals(901, record.get("txtId").getAsInt());
        assertFalse(n.parseDcvStatuses(200, dcv, null).getAsJsonArray("dnsVerificationList").get(0).getAsJsonObject()
                .has("recordName"));

        byte[] chainBody = Files.readAllBytes(Paths.get("src", "test", "resources", "chain-answer.json"));
        JsonObject sent = JsonParser.parseString(new String(chainBody, StandardCharsets.UTF_8)).getAsJsonObject();
        String leaf = lf(sent.get("certificate").getAsString()), sub = lf(sent.get("subCaCertificate").getAsString()),
                root = lf(sent.get("rootCaCertificate").getAsString());
        JsonObject chain = n.parseCertificateChain(200, chainBody);
        Map<String, String> want = new LinkedHashMap<String, String>();
        want.put("cert.pem", leaf);
        want.put("chain.pem", sub);
        want.put("fullchain.pem", leaf + sub);
        want.put("root.pem", root);
        assertEquals(want, Ncpcert.chainFiles(chain));
        assertEquals(leaf, chain.get("certificate").getAsString());
        assertEquals("03", chain.get("serialNumber").getAsString());
        assertFalse(chain.toString().contains("\\r"));

        JsonObject orgs = n.parseOrganizations(200, utf8("[{\"organizationNo\":11,\"organizationNameEng\":\"Gana Corp\","
                + "\"verificationProgressCode\":\"7\"},{\"organizationNo\":\"12\",\"verificationProgressCode\":1}]"));
        assertTrue(orgs.get("returnCode").isJsonNull());
        JsonObject first = orgs.getAsJsonArray("organizations").get(0).getAsJsonObject();
        JsonObject second = orgs.getAsJsonArray("organizations").get(1).getAsJsonObject();
        assertTrue(first.get("validated").getAsBoolean());
        assertEquals(7, first.get("verificationProgressCode").getAsInt());
        assertEquals("VALIDATED", first.get("verificationProgress").getAsString());
        assertFalse(second.get("validated").getAsBoolean());
        assertEquals(12, second.get("organizationNo").getAsInt());
        assertEquals("DOCUMENT_CHECK", second.get("verificationProgress").getAsString());

        byte[] list = utf8("{\"returnCode\":\"0\",\"orders\":[{\"orderId\":\"1\",\"certificates\":[{\"certificateNo\":5,"
                + "\"certificateName\":\"n\",\"statusCode\":\"0\"}]}]}");
        assertEquals(5, n.parseCertificateList(200, list, "n").getAsJsonObject("match").get("certificateNo").getAsInt());
        assertTrue(n.parseCertificateList(200, list, "N").get("match").isJsonNull());
        assertFalse(n.parseCertificateList(200, list, null).has("match"));

        assertEquals(Arrays.asList("example.com", "www.example.com", "api.example.com"), n.validationDomains(
                Arrays.asList("*.Example.com", "example.com", "WWW.example.com.", "www.example.com", " ", "api.example.com")));
        assertEquals(Collections.emptyList(), n.validationDomains(Collections.<String>emptyList()));
        assertEquals("resendable", n.transportOutcome(false));
        assertEquals("ambiguous", n.transportOutcome(true));
    }

    static String lf(String pem) {
        return pem.replace("\r\n", "\n") + "\n";
    }

    @ParameterizedTest
    @MethodSource("backends")
    void mapsErrorsToTheExceptionTypes(Ncpcert n) {
        List<Executable> bad = Arrays.<Executable>asList(
                () -> n.listDcvStatuses(0, "www.example.com", "public"),
                () -> n.getCertificateChain(0, "public"),
                () -> n.listDcvStatuses(1, "", "public"),
                () -> n.listOrganizations(Collections.singletonMap("page", 1), "public"),
                () -> n.listAdvancedCertificates(null, "moon"),
                () -> n.validationDomains(Arrays.asList("a.example", null)));
        for (Executable e : bad) {
            ArgumentException a = assertThrows(ArgumentException.class, e);
            assertFalse(a.getMessage().isEmpty());
        }
        List<Executable> gateway = Arrays.<Executable>asList(
                () -> n.parseCertificateList(401, GATEWAY_401, "n"),
                () -> n.parseDcvStatuses(401, GATEWAY_401, "ncloud.com"),
                () -> n.parseCertificateChain(401, GATEWAY_401),
                () -> n.parseOrganizations(401, GATEWAY_401));
        for (Executable e : gateway) {
            ApiException a = assertThrows(ApiException.class, e);
            assertEquals("gateway", a.kind());
            assertEquals("200", a.code());
            assertEquals(401, a.httpStatus());
            assertEquals("Authentication Failed", a.getMessage());
            assertFalse(a.hint().isEmpty());
        }
        assertEquals("malformed", assertThrows(ApiException.class, () -> n.parseCertificateChain(200,
                utf8("{\"returnCode\":\"0\",\"returnMessage\":\"Success\",\"totalRows\":0}"))).kind());
    }
}

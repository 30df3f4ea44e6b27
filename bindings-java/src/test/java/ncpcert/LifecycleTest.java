package ncpcert;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import ncpcert.model.CertificateChain;
import ncpcert.model.CertificateListQuery;
import ncpcert.model.DcvRecord;
import ncpcert.model.Json;
import ncpcert.model.Organization;
import ncpcert.model.OrganizationFilter;
import ncpcert.model.OrganizationList;
import ncpcert.model.PreparedRequest;
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
        PreparedRequest p = n.listDcvStatuses(12, "www.example.com", Endpoint.PUBLIC);
        prepared(p, "GET", ORIGIN + "/api/v2/certificate/getVerificationInfo/12?domainAddress=www.example.com",
                "/api/v2/certificate/getVerificationInfo/12?domainAddress=www.example.com");
        assertNull(p.body());
        prepared(n.listDcvStatuses(55332, "ncloud.com", Endpoint.baseUrl("http://127.0.0.1:8080/p")), "GET",
                "http://127.0.0.1:8080/p/api/v2/certificate/getVerificationInfo/55332?domainAddress=ncloud.com",
                "/p/api/v2/certificate/getVerificationInfo/55332?domainAddress=ncloud.com");
        prepared(n.getCertificateChain(12, Endpoint.PUBLIC), "GET", ORIGIN + "/api/v2/certificate/exportCertificate/12/chain",
                "/api/v2/certificate/exportCertificate/12/chain");
        p = n.listOrganizations(null, Endpoint.PUBLIC);
        prepared(p, "POST", ORIGIN + "/api/v2/organization/getOrganizationInfoList",
                "/api/v2/organization/getOrganizationInfoList");
        assertEquals("{}", p.body());
        OrganizationFilter filter = new OrganizationFilter().organizationNameEng("Gana Corp").verificationProgressCode(7);
        assertEquals(JsonParser.parseString("{\"organizationNameEng\":\"Gana Corp\",\"verificationProgressCode\":7}"),
                JsonParser.parseString(n.listOrganizations(filter, Endpoint.PUBLIC).body()));
        CertificateListQuery query = new CertificateListQuery().certificateName("a b").page(2);
        prepared(n.listAdvancedCertificates(query, Endpoint.site("gov")), "GET",
                "https://certificatemanager.apigw.gov-ntruss.com/api/v2/certificate/getPaidCertificates?certificateName=a%20b&page=2",
                "/api/v2/certificate/getPaidCertificates?certificateName=a%20b&page=2");
        assertNull(n.listAdvancedCertificates(null, null).body());
    }

    @ParameterizedTest
    @MethodSource("backends")
    void signsALookupAsTheIssuanceRequest(Ncpcert n) throws Exception {
        PreparedRequest p = n.listDcvStatuses(12, "www.example.com", Endpoint.PUBLIC);
        PreparedRequest signed;
        try (Signer signer = n.signer(NcpcertTest.AK, NcpcertTest.SK)) {
            signed = signer.signRequest(p, 1700000000000L);
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
        ncpcert.model.DcvStatuses statuses = n.parseDcvStatuses(200, dcv, "www.example.com");
        DcvRecord record = statuses.dnsVerificationList().get(0);
        assertEquals("_dnsauth.www.example.com", record.recordName());
        assertEquals("pending", record.state());
        assertEquals("Ab3dEf-token", record.txtValue());
        assertEquals("TXT", record.recordType());
        assertEquals("51", record.validSn());
        assertEquals(901L, record.extra().get("txtId"));
        assertEquals(1L, statuses.extra().get("dnsVerificationCount"));
        assertEquals(Collections.emptyList(), statuses.extra().get("emailVerificationList"));
        assertFalse(statuses.validated());
        assertNull(n.parseDcvStatuses(200, dcv, null).dnsVerificationList().get(0).recordName());

        byte[] chainBody = Files.readAllBytes(Paths.get("src", "test", "resources", "chain-answer.json"));
        JsonObject sent = JsonParser.parseString(new String(chainBody, StandardCharsets.UTF_8)).getAsJsonObject();
        String leaf = lf(sent.get("certificate").getAsString()), sub = lf(sent.get("subCaCertificate").getAsString()),
                root = lf(sent.get("rootCaCertificate").getAsString());
        CertificateChain chain = n.parseCertificateChain(200, chainBody);
        Map<String, String> want = new LinkedHashMap<String, String>();
        want.put("cert.pem", leaf);
        want.put("chain.pem", sub);
        want.put("fullchain.pem", leaf + sub);
        want.put("root.pem", root);
        assertEquals(want, chain.files());
        assertEquals(Arrays.asList("cert.pem", "chain.pem", "fullchain.pem", "root.pem"),
                new java.util.ArrayList<String>(chain.files().keySet()));
        assertEquals(leaf, chain.certificate());
        assertEquals("03", chain.extra().get("serialNumber"));
        assertFalse(Json.write(chain).contains("\\r"));

        OrganizationList orgs = n.parseOrganizations(200, utf8("[{\"organizationNo\":11,\"organizationNameEng\":\"Gana Corp\","
                + "\"verificationProgressCode\":\"7\"},{\"organizationNo\":\"12\",\"verificationProgressCode\":1}]"));
        assertNull(orgs.returnCode());
        Organization first = orgs.organizations().get(0);
        Organization second = orgs.organizations().get(1);
        assertTrue(first.validated());
        assertEquals(Long.valueOf(7), first.verificationProgressCode());
        assertEquals("VALIDATED", first.verificationProgress());
        assertEquals("Gana Corp", first.organizationNameEng());
        assertFalse(second.validated());
        assertEquals(12, second.organizationNo());
        assertEquals("DOCUMENT_CHECK", second.verificationProgress());

        byte[] list = utf8("{\"returnCode\":\"0\",\"orders\":[{\"orderId\":\"1\",\"certificates\":[{\"certificateNo\":5,"
                + "\"certificateName\":\"n\",\"statusCode\":\"0\"}]}]}");
        assertEquals(5, n.parseCertificateList(200, list, "n").match().certificateNo());
        assertEquals("1", n.parseCertificateList(200, list, "n").orders().get(0).orderId());
        assertNull(n.parseCertificateList(200, list, "N").match());
        assertNull(n.parseCertificateList(200, list, null).match());

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
                () -> n.listDcvStatuses(0, "www.example.com", Endpoint.PUBLIC),
                () -> n.getCertificateChain(0, Endpoint.PUBLIC),
                () -> n.listDcvStatuses(1, "", Endpoint.PUBLIC),
                () -> n.listOrganizations(new OrganizationFilter().organizationNameKor(""), Endpoint.PUBLIC),
                () -> n.listAdvancedCertificates(new CertificateListQuery().page(0), Endpoint.PUBLIC),
                () -> n.listAdvancedCertificates(null, Endpoint.site("moon")),
                () -> n.listAdvancedCertificates(null, Endpoint.baseUrl("ftp://x")),
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

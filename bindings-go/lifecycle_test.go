package ncpcert

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

const origin = "https://certificatemanager.apigw.ntruss.com"

func checkPrepared(t *testing.T, what string, p *PreparedRequest, err error, method, url, path string) {
	t.Helper()
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	if p.Method != method || p.URL != url || p.Path != path {
		t.Fatalf("%s: %s %s (path %s); want %s %s (path %s)", what, p.Method, p.URL, p.Path, method, url, path)
	}
}

func TestTheLifecycleRequests(t *testing.T) {
	p, err := ListDcvStatuses(12, "www.example.com")
	checkPrepared(t, "dcv", p, err, "GET", origin+"/api/v2/certificate/getVerificationInfo/12?domainAddress=www.example.com",
		"/api/v2/certificate/getVerificationInfo/12?domainAddress=www.example.com")
	if p.Body != "" {
		t.Errorf("dcv: body %q", p.Body)
	}
	p, err = ListDcvStatuses(55332, "ncloud.com", WithBaseURL("http://127.0.0.1:8080/p"))
	checkPrepared(t, "dcv via a base URL", p, err, "GET", "http://127.0.0.1:8080/p/api/v2/certificate/getVerificationInfo/55332?domainAddress=ncloud.com",
		"/p/api/v2/certificate/getVerificationInfo/55332?domainAddress=ncloud.com")

	p, err = GetCertificateChain(12)
	checkPrepared(t, "chain", p, err, "GET", origin+"/api/v2/certificate/exportCertificate/12/chain", "/api/v2/certificate/exportCertificate/12/chain")

	p, err = ListOrganizations(nil)
	checkPrepared(t, "orgs", p, err, "POST", origin+"/api/v2/organization/getOrganizationInfoList", "/api/v2/organization/getOrganizationInfoList")
	if p.Body != "{}" {
		t.Errorf("orgs: body %q", p.Body)
	}
	seven := int64(7)
	p, err = ListOrganizations(OrganizationFilter{OrganizationNameEng: "Gana Corp", VerificationProgressCode: &seven})
	if err != nil {
		t.Fatal(err)
	}
	var body map[string]any
	if err := json.Unmarshal([]byte(p.Body), &body); err != nil ||
		!reflect.DeepEqual(body, map[string]any{"organizationNameEng": "Gana Corp", "verificationProgressCode": 7.0}) {
		t.Errorf("orgs with filters: body %q", p.Body)
	}

	p, err = ListAdvancedCertificates(CertificateQuery{CertificateName: "a b", Page: 2}, WithSite("gov"))
	checkPrepared(t, "list", p, err, "GET",
		"https://certificatemanager.apigw.gov-ntruss.com/api/v2/certificate/getPaidCertificates?certificateName=a%20b&page=2",
		"/api/v2/certificate/getPaidCertificates?certificateName=a%20b&page=2")
	if _, err := ListAdvancedCertificates(nil); err != nil {
		t.Errorf("list without a filter: %v", err)
	}
}

func TestALifecycleRequestSignsAsTheIssuanceRequestDoes(t *testing.T) {
	const ak, sk, ts = "EXAMPLEAK0000000NCP1", "EXAMPLESECRET00000000000000000000NCPSK01", uint64(1700000000000)
	p, err := ListDcvStatuses(12, "www.example.com")
	if err != nil {
		t.Fatal(err)
	}
	signer, err := NewSigner(ak, sk)
	if err != nil {
		t.Fatal(err)
	}
	defer signer.Close()
	signed, err := p.Sign(signer, ts)
	if err != nil {
		t.Fatal(err)
	}
	mac := hmac.New(sha256.New, []byte(sk))
	mac.Write([]byte("GET /api/v2/certificate/getVerificationInfo/12?domainAddress=www.example.com\n1700000000000\n" + ak))
	want := base64.StdEncoding.EncodeToString(mac.Sum(nil))
	if got := signed.Headers["x-ncp-apigw-signature-v2"]; got != want {
		t.Fatalf("signature %q, want %q", got, want)
	}
	if signed.Headers["x-ncp-apigw-timestamp"] != "1700000000000" || signed.Headers["x-ncp-iam-access-key"] != ak {
		t.Fatalf("headers %v", signed.Headers)
	}
}

func TestTheLifecycleAnswers(t *testing.T) {
	// ListDcvStatuses, with and without the domain.
	dcv := []byte(`{"returnCode":"0","returnMessage":"Success","totalRows":1,"dnsVerificationCount":1,` +
		`"dnsVerificationList":[{"validSn":51,"requestSn":"20261001000001","validStatusCode":"VALID_STATUS_REG",` +
		`"txtName":"_dnsauth","txtValue":"Ab3dEf-token","txtId":901}],"emailVerificationCount":0,"emailVerificationList":[]}`)
	got, err := ParseDcvStatuses(200, dcv, "www.example.com")
	if err != nil {
		t.Fatal(err)
	}
	record := got["dnsVerificationList"].([]any)[0].(map[string]any)
	if record["recordName"] != "_dnsauth.www.example.com" || record["state"] != "pending" || record["txtValue"] != "Ab3dEf-token" ||
		record["recordType"] != "TXT" || record["validSn"] != "51" || record["txtId"] != 901.0 || got["validated"] != false {
		t.Fatalf("dcv answer: %v", got)
	}
	got, err = ParseDcvStatuses(200, dcv, "")
	if _, has := got["dnsVerificationList"].([]any)[0].(map[string]any)["recordName"]; err != nil || has {
		t.Fatalf("dcv answer without a domain: %v, %v", got, err)
	}

	// GetCertificateChain: CRLF in, LF out.
	chainBody, err := os.ReadFile(filepath.Join("testdata", "chain-answer.json"))
	if err != nil {
		t.Fatal(err)
	}
	var sent struct{ Certificate, SubCaCertificate, RootCaCertificate string }
	if err := json.Unmarshal(chainBody, &sent); err != nil {
		t.Fatal(err)
	}
	lf := func(pem string) string { return strings.ReplaceAll(pem, "\r\n", "\n") + "\n" }
	chain, err := ParseCertificateChain(200, chainBody)
	if err != nil {
		t.Fatal(err)
	}
	files := ChainFiles(chain)
	want := map[string]string{
		"cert.pem":      lf(sent.Certificate),
		"chain.pem":     lf(sent.SubCaCertificate),
		"fullchain.pem": lf(sent.Certificate) + lf(sent.SubCaCertificate),
		"root.pem":      lf(sent.RootCaCertificate),
	}
	if !reflect.DeepEqual(files, want) || chain["certificate"] != want["cert.pem"] || chain["serialNumber"] != "03" ||
		chain["subjectCommonName"] != "ncloud.com" {
		t.Fatalf("chain answer: %v", chain)
	}
	for name, pem := range files {
		if strings.Contains(pem, "\r") {
			t.Errorf("%s keeps a CR", name)
		}
	}

	// ListOrganizations: a bare list.
	orgs, err := ParseOrganizations(200, []byte(`[{"organizationNo":11,"organizationNameEng":"Gana Corp","verificationProgressCode":"7"},`+
		`{"organizationNo":"12","organizationNameEng":"Dara","verificationProgressCode":1}]`))
	if err != nil {
		t.Fatal(err)
	}
	list := orgs["organizations"].([]any)
	first, second := list[0].(map[string]any), list[1].(map[string]any)
	if len(list) != 2 || orgs["returnCode"] != nil || first["validated"] != true || first["verificationProgress"] != "VALIDATED" ||
		first["verificationProgressCode"] != 7.0 || second["validated"] != false || second["organizationNo"] != 12.0 ||
		second["verificationProgress"] != "DOCUMENT_CHECK" {
		t.Fatalf("orgs answer: %v", orgs)
	}

	// ListAdvancedCertificates, with the exact-name match.
	listBody := []byte(`{"returnCode":"0","orders":[{"orderId":"1","certificates":[{"certificateNo":5,"certificateName":"n","statusCode":"0"}]}]}`)
	certs, err := ParseCertificateList(200, listBody, "n")
	if err != nil {
		t.Fatal(err)
	}
	if m, ok := certs["match"].(map[string]any); !ok || m["certificateNo"] != 5.0 {
		t.Fatalf("list answer: %v", certs)
	}
	if certs, err = ParseCertificateList(200, listBody, "N"); err != nil || certs["match"] != nil {
		t.Fatalf("list answer, another name: %v, %v", certs, err)
	}
	if _, has := certs["match"]; !has {
		t.Fatalf("list answer, another name: no match field: %v", certs)
	}
	if certs, err = ParseCertificateList(200, listBody, ""); err != nil {
		t.Fatal(err)
	} else if _, has := certs["match"]; has {
		t.Fatalf("list answer without a name: %v", certs)
	}

	// The names to ask about.
	domains, err := ValidationDomains([]string{"*.Example.com", "example.com", "WWW.example.com.", "www.example.com", " ", "api.example.com"})
	if err != nil || !reflect.DeepEqual(domains, []string{"example.com", "www.example.com", "api.example.com"}) {
		t.Fatalf("ValidationDomains = %v, %v", domains, err)
	}
	if domains, err := ValidationDomains(nil); err != nil || len(domains) != 0 {
		t.Fatalf("ValidationDomains(nil) = %v, %v", domains, err)
	}

	if o, err := TransportOutcome(false); err != nil || o != "resendable" {
		t.Errorf("TransportOutcome(false) = %q, %v", o, err)
	}
	if o, err := TransportOutcome(true); err != nil || o != "ambiguous" {
		t.Errorf("TransportOutcome(true) = %q, %v", o, err)
	}
}

func TestTheLifecycleErrorsAreTyped(t *testing.T) {
	for what, err := range map[string]error{
		"dcv certificateNo 0":   second(ListDcvStatuses(0, "www.example.com")),
		"chain certificateNo 0": second(GetCertificateChain(0)),
		"dcv empty domain":      second(ListDcvStatuses(1, "")),
		"orgs unknown filter":   second(ListOrganizations(map[string]any{"page": 1})),
		"list unknown site":     second(ListAdvancedCertificates(nil, WithSite("moon"))),
	} {
		var ae *ArgumentError
		if !errors.As(err, &ae) || ae.Message == "" {
			t.Errorf("%s: want an *ArgumentError, got %T %v", what, err, err)
		}
	}
	gateway := []byte(`{"error":{"errorCode":"200","message":"Authentication Failed"}}`)
	parsers := map[string]func() error{
		"list":  func() error { _, err := ParseCertificateList(401, gateway, "n"); return err },
		"dcv":   func() error { _, err := ParseDcvStatuses(401, gateway, "ncloud.com"); return err },
		"chain": func() error { _, err := ParseCertificateChain(401, gateway); return err },
		"orgs":  func() error { _, err := ParseOrganizations(401, gateway); return err },
	}
	for what, run := range parsers {
		var ae *APIError
		if err := run(); !errors.As(err, &ae) || ae.Kind != "gateway" || ae.Code != "200" || ae.HTTPStatus != 401 ||
			ae.Message != "Authentication Failed" || ae.Hint == "" {
			t.Errorf("%s 401: want an *APIError gateway 200, got %T %+v", what, err, err)
		}
	}
	var ae *APIError
	if _, err := ParseCertificateChain(200, []byte(`{"returnCode":"0","returnMessage":"Success","totalRows":0}`)); !errors.As(err, &ae) || ae.Kind != "malformed" {
		t.Errorf("a chain answer without a certificate: %T %v", err, err)
	}
	if _, err := ValidationDomains([]string{}); err != nil {
		t.Errorf("ValidationDomains([]): %v", err)
	}
}

func second(_ *PreparedRequest, err error) error { return err }

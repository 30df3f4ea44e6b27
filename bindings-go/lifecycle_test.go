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
	"sort"
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

	p, err = ListOrganizations(OrganizationFilter{})
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
	if _, err := ListAdvancedCertificates(CertificateQuery{}); err != nil {
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

// text is the value of an optional text field, "<nil>" for none, so that one comparison
// checks both.
func text(s *string) string {
	if s == nil {
		return "<nil>"
	}
	return *s
}

// keys is the names of an Extra, sorted.
func keys(extra map[string]json.RawMessage) []string {
	names := []string{}
	for name := range extra {
		names = append(names, name)
	}
	sort.Strings(names)
	return names
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
	if len(got.Records) != 1 {
		t.Fatalf("dcv answer: %+v", got)
	}
	record := got.Records[0]
	if text(record.RecordName) != "_dnsauth.www.example.com" || record.State != "pending" || text(record.TxtValue) != "Ab3dEf-token" ||
		record.RecordType != "TXT" || text(record.ValidSn) != "51" || string(record.Extra["txtId"]) != "901" || got.Validated ||
		text(record.ValueField) != "txtValue" || record.ValidStatusCode != "VALID_STATUS_REG" || got.ReturnCode != "0" ||
		got.TotalRows == nil || *got.TotalRows != 1 {
		t.Fatalf("dcv answer: %+v, record %+v", got, record)
	}
	got, err = ParseDcvStatuses(200, dcv, "")
	if err != nil || got.Records[0].RecordName != nil {
		t.Fatalf("dcv answer without a domain: %+v, %v", got, err)
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
	want := map[string]string{
		"cert.pem":      lf(sent.Certificate),
		"chain.pem":     lf(sent.SubCaCertificate),
		"fullchain.pem": lf(sent.Certificate) + lf(sent.SubCaCertificate),
		"root.pem":      lf(sent.RootCaCertificate),
	}
	if !reflect.DeepEqual(chain.Files, want) || chain.Certificate != want["cert.pem"] || text(chain.SubCACertificate) != want["chain.pem"] ||
		text(chain.RootCACertificate) != want["root.pem"] || string(chain.Extra["serialNumber"]) != `"03"` ||
		text(chain.SubjectCommonName) != "ncloud.com" {
		t.Fatalf("chain answer: %+v", chain)
	}
	for name, pem := range chain.Files {
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
	if len(orgs.Organizations) != 2 {
		t.Fatalf("orgs answer: %+v", orgs)
	}
	first, second := orgs.Organizations[0], orgs.Organizations[1]
	if orgs.ReturnCode != nil || orgs.ListField != nil || !first.Validated || first.VerificationProgress != "VALIDATED" ||
		first.VerificationProgressCode == nil || *first.VerificationProgressCode != 7 || first.OrganizationNo != 11 ||
		text(first.OrganizationNameEng) != "Gana Corp" || first.OrganizationNameKor != nil ||
		second.Validated || second.OrganizationNo != 12 || second.VerificationProgress != "DOCUMENT_CHECK" {
		t.Fatalf("orgs answer: %+v", orgs)
	}

	// ListAdvancedCertificates, with the exact-name match.
	listBody := []byte(`{"returnCode":"0","orders":[{"orderId":"1","certificates":[{"certificateNo":5,"certificateName":"n","statusCode":"0"}]}]}`)
	certs, err := ParseCertificateList(200, listBody, "n")
	if err != nil {
		t.Fatal(err)
	}
	if certs.Match == nil || certs.Match.CertificateNo != 5 || certs.Match.Status != "ONGOING" || !certs.Match.Pending ||
		certs.Match.Issued || certs.Match.Failed || certs.Match.StatusCode != 0 || text(certs.Orders[0].OrderID) != "1" ||
		len(certs.Certificates()) != 1 || certs.Certificates()[0].CertificateName != "n" {
		t.Fatalf("list answer: %+v", certs)
	}
	// "match" is a field of CertificateList: the core's "match": null (a name, no such
	// certificate) and no "match" at all (no name) both read as nil, never into Extra.
	if certs, err = ParseCertificateList(200, listBody, "N"); err != nil || certs.Match != nil || certs.Extra != nil {
		t.Fatalf("list answer, another name: %+v, %v", certs, err)
	}
	if certs, err = ParseCertificateList(200, listBody, ""); err != nil || certs.Match != nil || certs.Extra != nil {
		t.Fatalf("list answer without a name: %+v, %v", certs, err)
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

func TestUnknownFieldsArriveInExtraAsSent(t *testing.T) {
	dcv, err := ParseDcvStatuses(200, []byte(`{"returnCode":"0","dnsVerificationCount":1,"emailVerificationList":[],`+
		`"dnsVerificationList":[{"validStatusCode":"VALID_STATUS_REG","txtName":"_dnsauth","txtValue":"v","txtId":901,"ttl":{"s":300}}]}`), "")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(keys(dcv.Extra), []string{"dnsVerificationCount", "emailVerificationList"}) ||
		string(dcv.Extra["dnsVerificationCount"]) != "1" || string(dcv.Extra["emailVerificationList"]) != "[]" {
		t.Errorf("dcv Extra: %q", dcv.Extra)
	}
	if r := dcv.Records[0]; !reflect.DeepEqual(keys(r.Extra), []string{"ttl", "txtId"}) ||
		string(r.Extra["txtId"]) != "901" || string(r.Extra["ttl"]) != `{"s":300}` {
		t.Errorf("dcv record Extra: %q", r.Extra)
	}

	// "CertificateNo" differs from the core's "certificateNo" only in case: it stays an
	// unknown field and does not replace the number.
	list, err := ParseCertificateList(200, []byte(`{"returnCode":"0","page":1,"orders":[{"orderId":"O-1","note":"n",`+
		`"certificates":[{"certificateNo":5,"certificateName":"a","statusCode":"1","notAfter":"2027-12-01","CertificateNo":99}]}]}`), "a")
	if err != nil {
		t.Fatal(err)
	}
	c := list.Orders[0].Certificates[0]
	if c.CertificateNo != 5 || c.Status != "NORMAL" || !c.Issued ||
		!reflect.DeepEqual(keys(c.Extra), []string{"CertificateNo", "notAfter"}) ||
		string(c.Extra["notAfter"]) != `"2027-12-01"` || string(c.Extra["CertificateNo"]) != "99" {
		t.Errorf("certificate: %+v", c)
	}
	if list.Match == nil || list.Match.CertificateNo != 5 || string(list.Match.Extra["notAfter"]) != `"2027-12-01"` {
		t.Errorf("match: %+v", list.Match)
	}
	if !reflect.DeepEqual(keys(list.Extra), []string{"page"}) || string(list.Extra["page"]) != "1" ||
		!reflect.DeepEqual(keys(list.Orders[0].Extra), []string{"note"}) || string(list.Orders[0].Extra["note"]) != `"n"` {
		t.Errorf("list Extra %q, order Extra %q", list.Extra, list.Orders[0].Extra)
	}

	orgs, err := ParseOrganizations(200, []byte(`{"returnCode":"0","page":2,"organizationInfoList":[`+
		`{"organizationNo":13,"memberNo":"M","future":[true]}]}`))
	if err != nil {
		t.Fatal(err)
	}
	o := orgs.Organizations[0]
	if !reflect.DeepEqual(keys(o.Extra), []string{"future", "memberNo"}) || string(o.Extra["memberNo"]) != `"M"` ||
		string(o.Extra["future"]) != "[true]" || !reflect.DeepEqual(keys(orgs.Extra), []string{"page"}) {
		t.Errorf("organisation Extra %q, list Extra %q", o.Extra, orgs.Extra)
	}

	chainBody, err := os.ReadFile(filepath.Join("testdata", "chain-answer.json"))
	if err != nil {
		t.Fatal(err)
	}
	chain, err := ParseCertificateChain(200, chainBody)
	if err != nil || !reflect.DeepEqual(keys(chain.Extra), []string{"serialNumber"}) {
		t.Errorf("chain Extra: %q, %v", chain.Extra, err)
	}
}

func TestAbsentAndNullFieldsAreNil(t *testing.T) {
	// No known field holds the value (dnsToken is not one): TxtValue and ValueField are nil,
	// the value is in Extra. Without a txtName, no RecordName even with a domain.
	dcv, err := ParseDcvStatuses(200, []byte(`{"returnCode":"0","dnsVerificationList":[`+
		`{"validStatusCode":"VALID_STATUS_SUCCESS","txtName":"_dnsauth","dnsToken":"t"},`+
		`{"validSn":"52","validStatusCode":"VALID_STATUS_SUCCESS","txtRecordValue":"v"}]}`), "example.com")
	if err != nil {
		t.Fatal(err)
	}
	first, second := dcv.Records[0], dcv.Records[1]
	if first.TxtValue != nil || first.ValueField != nil || first.ValidSn != nil || first.RequestSn != nil ||
		text(first.RecordName) != "_dnsauth.example.com" || string(first.Extra["dnsToken"]) != `"t"` || first.State != "success" {
		t.Errorf("a record without a known value field: %+v", first)
	}
	if text(second.TxtValue) != "v" || text(second.ValueField) != "txtRecordValue" || second.TxtName != nil ||
		second.RecordName != nil || text(second.ValidSn) != "52" {
		t.Errorf("a record without a txtName: %+v", second)
	}
	if !dcv.Validated || dcv.TotalRows != nil || dcv.ReturnMessage != "" {
		t.Errorf("dcv: %+v", dcv)
	}

	// A chain without its SubCA and root: no chain.pem, fullchain.pem or root.pem.
	chainBody, err := os.ReadFile(filepath.Join("testdata", "chain-answer.json"))
	if err != nil {
		t.Fatal(err)
	}
	var answer map[string]any
	if err := json.Unmarshal(chainBody, &answer); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"subCaCertificate", "rootCaCertificate", "totalRows", "subjectCommonName"} {
		delete(answer, name)
	}
	alone, _ := json.Marshal(answer)
	chain, err := ParseCertificateChain(200, alone)
	if err != nil {
		t.Fatal(err)
	}
	if chain.SubCACertificate != nil || chain.RootCACertificate != nil || chain.TotalRows != nil || chain.SubjectCommonName != nil ||
		!reflect.DeepEqual(chain.Files, map[string]string{"cert.pem": chain.Certificate}) {
		t.Errorf("a chain of the certificate alone: %+v", chain)
	}

	orgs, err := ParseOrganizations(200, []byte(`{"returnCode":0,"totalRows":"1","organizationInfoList":[{"organizationNo":13,"verificationProgressCode":null}]}`))
	if err != nil {
		t.Fatal(err)
	}
	o := orgs.Organizations[0]
	if o.VerificationProgressCode != nil || o.VerificationProgress != "UNKNOWN" || o.Validated || o.OrganizationNameKor != nil ||
		o.OrganizationNameEng != nil || o.BusinessRegistrationNo != nil || o.VerificationType != nil || o.Extra != nil {
		t.Errorf("an organisation without a progress code: %+v", o)
	}
	if text(orgs.ReturnCode) != "0" || text(orgs.ListField) != "organizationInfoList" || orgs.TotalRows == nil || *orgs.TotalRows != 1 {
		t.Errorf("orgs: %+v", orgs)
	}

	list, err := ParseCertificateList(200, []byte(`{"returnCode":"0","totalRows":"3","orders":[{"certificates":[{"certificateNo":"8","statusCode":-3}]}]}`), "")
	if err != nil {
		t.Fatal(err)
	}
	c := list.Certificates()[0]
	if list.Orders[0].OrderID != nil || c.CertificateType != nil || c.CertificateNo != 8 || c.StatusCode != -3 ||
		c.Status != "VALIDATION_FAILED" || !c.Failed || c.DNSName == nil || len(c.DNSName) != 0 || list.TotalCount == nil || *list.TotalCount != 3 {
		t.Errorf("a certificate without a type: %+v, list %+v", c, list)
	}
}

func TestAResultTheTypesCannotHoldIsAnErrorNotAPanic(t *testing.T) {
	// Not an object, or a field of another type than the core writes.
	for _, input := range []string{`[1]`, `"x"`, `{"certificateNo":"five"}`, `{"dnsName":"a"}`, `{"certificateNo":1e30}`} {
		var c CertificateSummary
		var ie *InternalError
		if err := decode([]byte(input), &c); !errors.As(err, &ie) || ie.Code != "internal.engine" {
			t.Errorf("%s: want an *InternalError internal.engine, got %T %v", input, err, err)
		}
	}
	var c CertificateSummary
	if err := decode([]byte(`null`), &c); err != nil || c.CertificateNo != 0 || c.Extra != nil {
		t.Errorf("null: %+v, %v", c, err)
	}
}

func TestTheLifecycleErrorsAreTyped(t *testing.T) {
	for what, err := range map[string]error{
		"dcv certificateNo 0":   second(ListDcvStatuses(0, "www.example.com")),
		"chain certificateNo 0": second(GetCertificateChain(0)),
		"dcv empty domain":      second(ListDcvStatuses(1, "")),
		// A filter the core does not know (a Request-like struct cannot hold one: sent as text).
		"orgs unknown filter": second(build("ncpcert_list_organizations", []byte(`{"page":1}`), nil)),
		"list unknown site":   second(ListAdvancedCertificates(CertificateQuery{}, WithSite("moon"))),
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

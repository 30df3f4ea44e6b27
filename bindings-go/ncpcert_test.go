package ncpcert

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/tetratelabs/wazero"
)

// The shared vectors of the repository (tests/vectors), read by every language's suite.
var testsDir = filepath.Join("..", "tests")

func load(t *testing.T, name string, into any) {
	t.Helper()
	text, err := os.ReadFile(filepath.Join(testsDir, name))
	if err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(text, into); err != nil {
		t.Fatal(err)
	}
}

func sampleCSR(t *testing.T) string {
	text, err := os.ReadFile(filepath.Join(testsDir, "data", "sample.csr.pem"))
	if err != nil {
		t.Fatal(err)
	}
	return string(text)
}

func TestTheModuleHasNoImports(t *testing.T) {
	ctx := context.Background()
	r := wazero.NewRuntime(ctx)
	defer r.Close(ctx)
	compiled, err := r.CompileModule(ctx, wasmModule)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(compiled.ImportedFunctions()) + len(compiled.ImportedMemories()); n != 0 {
		t.Fatalf("ncpcert-ffi.wasm has %d imports", n)
	}
	for _, name := range []string{"ncpcert_alloc", "ncpcert_dealloc", "ncpcert_sign", "ncpcert_prepare", "ncpcert_buf_free",
		"ncpcert_order_new", "ncpcert_order_next", "ncpcert_order_feed", "ncpcert_order_free"} {
		if _, ok := compiled.ExportedFunctions()[name]; !ok {
			t.Errorf("%s is not exported", name)
		}
	}
}

type signatureVector struct {
	ID, Method, URL, Timestamp string
	AccessKey                  string `json:"access_key"`
	SecretKey                  string `json:"secret_key"`
	Expected                   string `json:"expected_signature"`
}

func TestEverySignatureVector(t *testing.T) {
	var doc struct{ Vectors []signatureVector }
	load(t, "vectors/signature_v2.json", &doc)
	if len(doc.Vectors) < 8 {
		t.Fatalf("only %d vectors", len(doc.Vectors))
	}
	for _, v := range doc.Vectors {
		ts, _ := strconv.ParseUint(v.Timestamp, 10, 64)
		got, err := Sign(v.Method, v.URL, ts, v.AccessKey, v.SecretKey)
		if err != nil || got != v.Expected {
			t.Errorf("%s: Sign = %q, %v; want %q", v.ID, got, err, v.Expected)
		}
		signer, err := NewSigner(v.AccessKey, v.SecretKey)
		if err != nil {
			t.Fatalf("%s: NewSigner: %v", v.ID, err)
		}
		h, err := signer.Headers(strings.ToLower(v.Method), v.URL, ts)
		if err != nil || h.Method != v.Method || h.Headers["x-ncp-apigw-signature-v2"] != v.Expected ||
			h.Headers["x-ncp-apigw-timestamp"] != v.Timestamp || h.Headers["x-ncp-iam-access-key"] != v.AccessKey {
			t.Errorf("%s: Signer.Headers = %+v, %v", v.ID, h, err)
		}
		signer.Close()
		signer.Close()
		if _, err := signer.Headers("GET", "/", ts); err == nil {
			t.Errorf("%s: a closed signer still signs", v.ID)
		}
	}
}

func TestSigningErrorsAreTypedAndNeverShowTheSecret(t *testing.T) {
	secret := "TOPSECRETVALUE0123456789 with a space"
	_, err := Sign("POST", "/api", 1700000000000, "EXAMPLEAK0000000NCP1", secret)
	var se *SigningError
	if !errors.As(err, &se) || se.Code != "signing.secret_key" {
		t.Fatalf("want a *SigningError signing.secret_key, got %T %v", err, err)
	}
	if strings.Contains(err.Error(), "TOPSECRET") {
		t.Fatalf("the secret is in the error: %v", err)
	}
	if _, err := NewSigner("EXAMPLEAK0000000NCP1", secret); !errors.As(err, &se) || strings.Contains(err.Error(), "TOPSECRET") {
		t.Fatalf("NewSigner: %v", err)
	}
	_, err = Sign("POST", "no-slash", 1700000000000, "a", "b")
	if !errors.As(err, &se) || se.Code != "signing.path" {
		t.Fatalf("want signing.path, got %v", err)
	}
}

func TestPrepareTheSampleRequestAndSignIt(t *testing.T) {
	request := Request{
		CSR: sampleCSR(t), CertificateType: "NCP_PAID_DV_01", CertificateName: "www-example",
		CommonName: "www.example.com", DNSName: []string{"www.example.com", "example.com"}, ValidationMethod: "D",
	}
	report, err := Validate(request)
	if err != nil || !report.Valid || len(report.Findings) != 0 {
		t.Fatalf("Validate = %+v, %v", report, err)
	}
	prepared, err := Prepare(request)
	if err != nil {
		t.Fatal(err)
	}
	if prepared.Method != "POST" || prepared.URL != "https://certificatemanager.apigw.ntruss.com/api/v2/certificate/requestPaidCertificateIssuance" {
		t.Fatalf("prepared: %+v", prepared)
	}
	var body map[string]any
	if err := json.Unmarshal([]byte(prepared.Body), &body); err != nil || body["certificateType"] != "NCP_PAID_DV_01" {
		t.Fatalf("body %s: %v", prepared.Body, err)
	}
	signer, _ := NewSigner("EXAMPLEAK0000000NCP1", "EXAMPLESECRET00000000000000000000NCPSK01")
	defer signer.Close()
	signed, err := prepared.Sign(signer, 1700000000000)
	if err != nil || signed.Headers["x-ncp-apigw-signature-v2"] != "QC4FHb9YQpqibbUVDfmpQuu0+bjhcf/RvDNS5mc4hjA=" ||
		signed.Headers["Content-Type"] != "application/json" {
		t.Fatalf("signed: %+v, %v", signed, err)
	}
	// The same CSR as DER bytes, through WithCSRBytes; and a base URL.
	der := derOf(t, request.CSR)
	request.CSR = ""
	prepared, err = Prepare(request, WithCSRBytes(der), WithBaseURL("http://127.0.0.1:8080/ncp"))
	if err != nil || prepared.Path != "/ncp/api/v2/certificate/requestPaidCertificateIssuance" {
		t.Fatalf("DER + base URL: %+v, %v", prepared, err)
	}
	if _, err := Prepare(request, WithSite("moon")); !isArgument(err, "site.invalid") {
		t.Fatalf("unknown site: %v", err)
	}
}

func derOf(t *testing.T, pem string) []byte {
	var b64 strings.Builder
	for _, line := range strings.Split(pem, "\n") {
		if line != "" && !strings.HasPrefix(line, "-----") {
			b64.WriteString(line)
		}
	}
	der, err := base64.StdEncoding.DecodeString(b64.String())
	if err != nil {
		t.Fatal(err)
	}
	return der
}

func isArgument(err error, code string) bool {
	var ae *ArgumentError
	return errors.As(err, &ae) && ae.Code == code
}

type requestVector struct {
	ID      string
	Request map[string]any
	CSRFile string `json:"csr_file"`
	Strict  bool
	Expect  struct {
		Valid    bool
		Findings []Finding
		Body     json.RawMessage
	}
}

func triples(findings []Finding) []string {
	out := make([]string, 0, len(findings))
	for _, f := range findings {
		out = append(out, f.Code+"|"+f.Field+"|"+f.Severity)
	}
	sort.Strings(out)
	return out
}

// asRequest is a vector's request as a Request, when a Request holds it exactly (it writes the
// same JSON back); false for the vectors of wrong types, unknown keys or empty strings, which
// a Request cannot express and which go to the core as the vector's JSON text.
func asRequest(t *testing.T, raw map[string]any) (Request, []byte, bool) {
	text, err := json.Marshal(raw)
	if err != nil {
		t.Fatal(err)
	}
	var request Request
	decoder := json.NewDecoder(bytes.NewReader(text))
	decoder.DisallowUnknownFields()
	if decoder.Decode(&request) != nil {
		return request, text, false
	}
	back, err := json.Marshal(request)
	if err != nil {
		t.Fatal(err)
	}
	return request, text, sameJSON(t, string(back), string(text))
}

func TestEveryRequestVector(t *testing.T) {
	var doc struct{ Vectors []requestVector }
	load(t, "vectors/requests.json", &doc)
	typed := 0
	for _, v := range doc.Vectors {
		if v.CSRFile != "" {
			text, err := os.ReadFile(filepath.Join(testsDir, "data", v.CSRFile))
			if err != nil {
				t.Fatal(err)
			}
			v.Request["csr"] = string(text)
		}
		var opts []Option
		if v.Strict {
			opts = append(opts, Strict())
		}
		request, text, ok := asRequest(t, v.Request)
		validate := func() (*Report, error) { return validateText(text, collect(opts)) }
		prepare := func() (*PreparedRequest, error) { return prepareText(text, collect(opts)) }
		if ok {
			typed++
			validate = func() (*Report, error) { return Validate(request, opts...) }
			prepare = func() (*PreparedRequest, error) { return Prepare(request, opts...) }
		}
		report, err := validate()
		if err != nil || report.Valid != v.Expect.Valid ||
			strings.Join(triples(report.Findings), ",") != strings.Join(triples(v.Expect.Findings), ",") {
			t.Errorf("%s: Validate = %+v, %v; want %v", v.ID, report, err, triples(v.Expect.Findings))
			continue
		}
		prepared, err := prepare()
		if v.Expect.Valid {
			if err != nil {
				t.Errorf("%s: Prepare: %v", v.ID, err)
			} else if v.Expect.Body != nil && !sameJSON(t, prepared.Body, string(v.Expect.Body)) {
				t.Errorf("%s: body %s", v.ID, prepared.Body)
			}
			continue
		}
		// A validation failure is a *ValidationError carrying every finding.
		var ve *ValidationError
		if !errors.As(err, &ve) || ve.Code != "request.invalid" ||
			strings.Join(triples(ve.Findings), ",") != strings.Join(triples(v.Expect.Findings), ",") || len(ve.Errors()) == 0 {
			t.Errorf("%s: Prepare error %T %v", v.ID, err, err)
		}
	}
	// Every vector a Request can express went through the typed API.
	if typed < len(doc.Vectors)*3/4 {
		t.Errorf("only %d of %d vectors went through Validate and Prepare with a Request", typed, len(doc.Vectors))
	}
}

func sameJSON(t *testing.T, a, b string) bool {
	var x, y any
	if json.Unmarshal([]byte(a), &x) != nil || json.Unmarshal([]byte(b), &y) != nil {
		return false
	}
	xa, _ := json.Marshal(x)
	ya, _ := json.Marshal(y)
	return string(xa) == string(ya)
}

func TestEveryResponseVector(t *testing.T) {
	var doc struct {
		Vectors []struct {
			ID         string
			HTTPStatus int            `json:"http_status"`
			Body       *string        `json:"body"`
			Base64     string         `json:"body_base64"`
			Expect     map[string]any `json:"expect"`
		}
	}
	load(t, "vectors/responses.json", &doc)
	for _, v := range doc.Vectors {
		body := []byte{}
		if v.Body != nil {
			body = []byte(*v.Body)
		} else {
			body, _ = base64.StdEncoding.DecodeString(v.Base64)
		}
		response, err := ParseResponse(v.HTTPStatus, body)
		if v.Expect["ok"] == true {
			if err != nil {
				t.Errorf("%s: %v", v.ID, err)
				continue
			}
			if want, ok := v.Expect["certificateNo"]; ok && float64(response.PaidCertificate.CertificateNo) != want {
				t.Errorf("%s: certificateNo %d, want %v", v.ID, response.PaidCertificate.CertificateNo, want)
			}
			if want, ok := v.Expect["status"]; ok && response.PaidCertificate.Status != want {
				t.Errorf("%s: status %s, want %v", v.ID, response.PaidCertificate.Status, want)
			}
			continue
		}
		var ae *APIError
		if !errors.As(err, &ae) || ae.Kind != v.Expect["kind"] || ae.Code != v.Expect["code"] ||
			ae.Retryable != v.Expect["retryable"] || ae.Outcome != v.Expect["outcome"] ||
			float64(ae.HTTPStatus) != v.Expect["httpStatus"] || ae.Hint == "" {
			t.Errorf("%s: %T %+v; want %v", v.ID, err, ae, v.Expect)
		}
	}
}

func TestInspectCSR(t *testing.T) {
	report, err := InspectCSR([]byte(sampleCSR(t)))
	if err != nil || report.Key.Algorithm != "RSA" || report.SignatureValid == nil || !*report.SignatureValid || len(report.SAN) != 2 ||
		report.Subject.CommonNames[0] != "www.example.com" {
		t.Fatalf("InspectCSR = %+v, %v", report, err)
	}
	_, err = InspectCSR([]byte("hello"))
	var ce *CSRError
	if !errors.As(err, &ce) || ce.Code != "csr.malformed" {
		t.Fatalf("want a *CSRError csr.malformed, got %v", err)
	}
}

// korean is true when text holds a Hangul syllable and no template part left unrendered.
func korean(text string) bool {
	if strings.Contains(text, "[[") || strings.Contains(text, "]]") {
		return false
	}
	for _, r := range text {
		if r >= 0xAC00 && r <= 0xD7A3 {
			return true
		}
	}
	return false
}

func TestWithLangKorean(t *testing.T) {
	request := Request{CertificateType: "DV", CertificateName: "1 bad", CommonName: "printer.local",
		DNSName: []string{"a_b.example.com", "co.kr", "10.0.0.1"}, ValidationMethod: "E", CSR: sampleCSR(t)}
	en, err := Validate(request)
	if err != nil {
		t.Fatal(err)
	}
	ko, err := Validate(request, WithLang("ko"))
	if err != nil {
		t.Fatal(err)
	}
	if len(en.Findings) < 4 || len(ko.Findings) != len(en.Findings) {
		t.Fatalf("findings: %d in English, %d in Korean", len(en.Findings), len(ko.Findings))
	}
	for i, f := range ko.Findings {
		if f.Code != en.Findings[i].Code || f.Field != en.Findings[i].Field || !korean(f.Message) || korean(en.Findings[i].Message) {
			t.Fatalf("finding %d: %+v (English %+v)", i, f, en.Findings[i])
		}
	}
	_, err = Prepare(request, WithLang("ko"))
	var ve *ValidationError
	if !errors.As(err, &ve) || ve.Code != "request.invalid" || !korean(ve.Message) {
		t.Fatalf("Prepare in Korean: %v", err)
	}
	_, err = InspectCSR([]byte("hello"), WithLang("ko"))
	var ce *CSRError
	if !errors.As(err, &ce) || ce.Code != "csr.malformed" || !korean(ce.Message) {
		t.Fatalf("InspectCSR in Korean: %v", err)
	}
}

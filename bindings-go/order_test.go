package ncpcert

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"
)

// PlaceOrder against the mock NCP (tests/mock_ncp/server.py, stdlib Python, run as a
// process): the mock recomputes every signature and keeps every order it placed, so the
// counts below are its own, not this package's.

const (
	mockAccessKey = "EXAMPLEAK0000000NCP1"
	mockSecretKey = "EXAMPLESECRET00000000000000000000NCPSK01"
)

// mockNCP is a running mock; log is what it wrote on stderr (one line per request).
type mockNCP struct {
	url string
	cmd *exec.Cmd
	mu  sync.Mutex
	log bytes.Buffer
}

func (m *mockNCP) Write(p []byte) (int, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return m.log.Write(p)
}

func (m *mockNCP) lines(substr string) []string {
	m.mu.Lock()
	defer m.mu.Unlock()
	var out []string
	for _, line := range strings.Split(m.log.String(), "\n") {
		if strings.Contains(line, substr) {
			out = append(out, line)
		}
	}
	return out
}

func startMock(t *testing.T, flags ...string) *mockNCP {
	t.Helper()
	python, err := exec.LookPath("python3")
	if err != nil {
		// A clone tested without Python (go test ./... alone) skips these; the project's test
		// command sets NCPCERT_GO_REQUIRE_MOCK so that there they can never be skipped.
		if os.Getenv("NCPCERT_GO_REQUIRE_MOCK") != "" {
			t.Fatal("python3 is needed to run the mock NCP (tests/mock_ncp/server.py)")
		}
		t.Skip("python3 is not on PATH: the mock NCP (tests/mock_ncp/server.py) cannot run")
	}
	ready := filepath.Join(t.TempDir(), "ready")
	args := append([]string{filepath.Join(testsDir, "mock_ncp", "server.py"), "--port", "0", "--ready-file", ready,
		"--keys", filepath.Join(testsDir, "mock_ncp", "keys.example.json")}, flags...)
	m := &mockNCP{cmd: exec.Command(python, args...)}
	m.cmd.Stderr = m
	if err := m.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		_ = m.cmd.Process.Signal(syscall.SIGTERM)
		_ = m.cmd.Wait()
	})
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if text, err := os.ReadFile(ready); err == nil && strings.HasSuffix(string(text), "\n") {
			m.url = strings.TrimSpace(string(text))
			return m
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("the mock NCP did not start: %s", m.lines(""))
	return nil
}

func sampleOrder(t *testing.T) Request {
	return Request{
		CSR: sampleCSR(t), CertificateType: "DV", CertificateName: "www-example",
		CommonName: "www.example.com", DNSName: []string{"www.example.com", "example.com"},
		ValidationMethod: "D",
	}
}

// certificatesAt lists every certificate of the account through the mock's
// ListAdvancedCertificates (no name filter), signed and read with this package.
func certificatesAt(t *testing.T, url string, signer *Signer) []CertificateSummary {
	t.Helper()
	prepared, err := ListAdvancedCertificates(CertificateQuery{}, WithBaseURL(url))
	if err != nil {
		t.Fatal(err)
	}
	signed, err := prepared.Sign(signer, uint64(time.Now().UnixMilli()))
	if err != nil {
		t.Fatal(err)
	}
	req, _ := http.NewRequest(signed.Method, signed.URL, nil)
	for k, v := range signed.Headers {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	list, err := ParseCertificateList(resp.StatusCode, body, "")
	if err != nil {
		t.Fatal(err)
	}
	return list.Certificates()
}

// readsEveryKey fails when the core's JSON has a key that the type into has no field for
// (the types are generated from the core's schema: this catches a key the schema misses).
func readsEveryKey(t *testing.T, what string, text []byte, into any) {
	t.Helper()
	decoder := json.NewDecoder(bytes.NewReader(text))
	decoder.DisallowUnknownFields()
	if err := decoder.Decode(into); err != nil {
		t.Errorf("%s: %v in %s", what, err, text)
	}
}

// stepsAndCauseAreRead checks readsEveryKey for every step and the cause of the core's JSON.
func stepsAndCauseAreRead(t *testing.T, text []byte) {
	t.Helper()
	var doc struct {
		Steps []json.RawMessage `json:"steps"`
		Cause json.RawMessage   `json:"cause"`
	}
	if err := json.Unmarshal(text, &doc); err != nil || len(doc.Steps) == 0 {
		t.Fatalf("no steps in %s: %v", text, err)
	}
	for _, step := range doc.Steps {
		readsEveryKey(t, "a step", step, &Step{})
	}
	if doc.Cause != nil {
		readsEveryKey(t, "the cause", doc.Cause, &CallFailure{})
	}
}

func newMockSigner(t *testing.T) *Signer {
	signer, err := NewSigner(mockAccessKey, mockSecretKey)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(signer.Close)
	return signer
}

// A 504 after the order was placed: the workflow looks the name up and recovers the one
// order. The mock accepts duplicate names here, so a driver that sent the request again
// would leave two orders.
func TestPlaceOrderRecoversAfterA504(t *testing.T) {
	mock := startMock(t, "--fault", "placed-then-504", "--allow-duplicate-names")
	signer := newMockSigner(t)
	placed, err := PlaceOrder(context.Background(), sampleOrder(t), signer,
		WithBaseURL(mock.url), WithBackoff(time.Millisecond), WithTimeout(20*time.Second))
	if err != nil {
		t.Fatalf("PlaceOrder: %v", err)
	}
	if placed.Path != "recovered" || placed.CertificateName != "www-example" || placed.Attempts != 1 {
		t.Fatalf("want recovered www-example after 1 attempt, got %s %s after %d", placed.Path, placed.CertificateName, placed.Attempts)
	}
	if placed.Certificate == nil || placed.Certificate.CertificateNo != placed.CertificateNo || placed.Status != "ONGOING" {
		t.Fatalf("the certificate found is not the result: %s", placed.JSON)
	}
	readsEveryKey(t, "the placed order", placed.JSON, &PlacedOrder{})
	stepsAndCauseAreRead(t, placed.JSON)
	if first := placed.Steps[0]; first.Step != "send" || first.Error == nil || first.Error.Type != "api" ||
		first.Error.HTTPStatus != 504 || first.HTTPStatus == nil || *first.HTTPStatus != 504 || first.Error.Outcome != "ambiguous" {
		t.Fatalf("the first step is not the 504 of the first attempt: %s", placed.JSON)
	}
	accepted := mock.lines("POST /api/v2/certificate/requestPaidCertificateIssuance -> 504 accepted [placed-then-504]")
	if len(accepted) != 1 || len(mock.lines(" accepted")) != 1 {
		t.Fatalf("the mock placed %d orders, want 1:\n%s", len(mock.lines(" accepted")), strings.Join(mock.lines(""), "\n"))
	}
	if len(mock.lines("GET /api/v2/certificate/getPaidCertificates?certificateName=www-example")) == 0 {
		t.Fatal("no lookup by the certificate name")
	}
	certificates := certificatesAt(t, mock.url, signer)
	if len(certificates) != 1 || certificates[0].CertificateNo != placed.CertificateNo {
		t.Fatalf("the account holds %d certificates, want exactly the one recovered", len(certificates))
	}
}

// The connection closed after the order was placed: written, so looked up, and recovered.
func TestPlaceOrderRecoversAfterAClosedConnection(t *testing.T) {
	mock := startMock(t, "--fault", "placed-then-close", "--allow-duplicate-names")
	signer := newMockSigner(t)
	placed, err := PlaceOrder(context.Background(), sampleOrder(t), signer, WithBaseURL(mock.url), WithBackoff(time.Millisecond))
	if err != nil || placed.Path != "recovered" {
		t.Fatalf("want recovered, got %v %+v", err, placed)
	}
	if n := len(mock.lines(" accepted")); n != 1 {
		t.Fatalf("the mock placed %d orders, want 1", n)
	}
	if certificates := certificatesAt(t, mock.url, signer); len(certificates) != 1 {
		t.Fatalf("the account holds %d certificates, want 1", len(certificates))
	}
}

// The name belongs to an earlier certificate: refused on the first attempt, nothing resent.
func TestPlaceOrderNameTaken(t *testing.T) {
	mock := startMock(t)
	signer := newMockSigner(t)
	first, err := PlaceOrder(context.Background(), sampleOrder(t), signer, WithBaseURL(mock.url))
	if err != nil || first.Path != "accepted" {
		t.Fatalf("the first order: %v %+v", err, first)
	}
	_, err = PlaceOrder(context.Background(), sampleOrder(t), signer, WithBaseURL(mock.url), WithBackoff(time.Millisecond))
	var orderErr *OrderError
	if !errors.As(err, &orderErr) || orderErr.Code != "order.name_taken" {
		t.Fatalf("want an *OrderError order.name_taken, got %v", err)
	}
	if orderErr.Hint == "" || orderErr.CertificateName != "www-example" || len(orderErr.Steps) == 0 {
		t.Fatalf("the error lacks its hint, name or steps: %s", orderErr.JSON)
	}
	stepsAndCauseAreRead(t, orderErr.JSON)
	if c := orderErr.Cause; c == nil || c.Type != "api" || c.Kind != "service" || c.HTTPStatus != 400 || c.Hint == "" || c.Written != nil {
		t.Fatalf("the cause is not NCP's refusal: %s", orderErr.JSON)
	}
	if n := len(mock.lines("POST /api/v2/certificate/requestPaidCertificateIssuance")); n != 2 {
		t.Fatalf("%d issuance requests, want 2 (one per call)", n)
	}
	if certificates := certificatesAt(t, mock.url, signer); len(certificates) != 1 {
		t.Fatalf("the account holds %d certificates, want 1", len(certificates))
	}
}

// A refused connection proves nothing was written: the workflow sends again, then gives up
// with order.not_placed (nothing was bought).
func TestPlaceOrderRefusedConnectionIsNotPlaced(t *testing.T) {
	signer := newMockSigner(t)
	_, err := PlaceOrder(context.Background(), sampleOrder(t), signer,
		WithBaseURL("http://127.0.0.1:1"), WithRetries(1), WithBackoff(time.Millisecond))
	var orderErr *OrderError
	if !errors.As(err, &orderErr) || orderErr.Code != "order.not_placed" {
		t.Fatalf("want an *OrderError order.not_placed, got %v", err)
	}
	sends := 0
	for _, step := range orderErr.Steps {
		if step.Step == "send" {
			sends++
			if cause := step.Error; cause == nil || cause.Type != "transport" || cause.Written == nil || *cause.Written ||
				cause.Code == "" || cause.Outcome != "resendable" {
				t.Fatalf("the failure is not a transport failure before writing: %+v (%s)", step, orderErr.JSON)
			}
			if step.Attempt == nil || *step.Attempt != int64(sends) {
				t.Fatalf("send step %d has attempt %v", sends, step.Attempt)
			}
		}
	}
	if c := orderErr.Cause; c == nil || c.Type != "transport" || c.Written == nil || *c.Written {
		t.Fatalf("the cause is not the last transport failure: %+v", c)
	}
	stepsAndCauseAreRead(t, orderErr.JSON)
	if sends != 2 {
		t.Fatalf("%d attempts, want 2 (retries 1)", sends)
	}
}

func TestPlaceOrderArguments(t *testing.T) {
	var argErr *ArgumentError
	if _, err := PlaceOrder(context.Background(), sampleOrder(t), nil); !errors.As(err, &argErr) {
		t.Fatalf("a nil signer: %v", err)
	}
	signer := newMockSigner(t)
	if _, err := PlaceOrder(context.Background(), sampleOrder(t), signer, WithSite("moon")); !errors.As(err, &argErr) || argErr.Code != "site.invalid" {
		t.Fatalf("an unknown site: %v", err)
	}
	if _, err := PlaceOrder(context.Background(), sampleOrder(t), signer, WithRetries(-1)); !errors.As(err, &argErr) {
		t.Fatalf("negative retries: %v", err)
	}
	bad := sampleOrder(t)
	bad.CommonName = "a_b.example.com"
	var invalid *ValidationError
	if _, err := PlaceOrder(context.Background(), bad, signer, WithBaseURL("http://127.0.0.1:1")); !errors.As(err, &invalid) || len(invalid.Errors()) == 0 {
		t.Fatalf("an invalid request: %v", err)
	}
}

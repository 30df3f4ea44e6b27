package ncpcert

import (
	"bytes"
	"context"
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
	prepared, err := ListAdvancedCertificates(nil, WithBaseURL(url))
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
		if step["step"] == "send" {
			sends++
			cause, _ := step["error"].(map[string]any)
			if cause["type"] != "transport" || cause["written"] != false {
				t.Fatalf("the failure is not a transport failure before writing: %v", step)
			}
		}
	}
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

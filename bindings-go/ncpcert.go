// Package ncpcert prepares, validates and signs NAVER Cloud Platform Certificate Manager
// requests for Advanced DV / OV certificates, and reads NCP's answers.
//
// Pure Go, no cgo: the work is done by ncpcert's zero-import WebAssembly module (the C ABI
// of bindings-c built for wasm32), embedded in this package and run by wazero. The package
// does no I/O: send exactly the method, URL, headers and body it hands back.
package ncpcert

import (
	"encoding/json"
	"fmt"
	"net/http"
	"time"
)

// Finding is one finding of a validation or CSR report.
type Finding struct {
	Code     string `json:"code"`     // stable, e.g. domain.underscore
	Field    string `json:"field"`    // JSON path: commonName, dnsName[2], csr, csr.san[1], …
	Severity string `json:"severity"` // "error" or "warning"
	Message  string `json:"message"`  // what to do, in English
}

// Report is every finding at once (SPEC §5).
type Report struct {
	Valid    bool      `json:"valid"`
	Findings []Finding `json:"findings"`
}

// Errors is the findings of severity "error".
func (r *Report) Errors() []Finding { return bySeverity(r.Findings, "error") }

// Warnings is the findings of severity "warning".
func (r *Report) Warnings() []Finding { return bySeverity(r.Findings, "warning") }

// Request is an issuance request with the API's JSON names. A map[string]any or any value
// that encoding/json turns into such an object works too.
type Request struct {
	CSR              string         `json:"csr,omitempty"`             // PEM
	CertificateType  string         `json:"certificateType,omitempty"` // NCP_PAID_DV_01, NCP_PAID_OV_01, DV, OV
	CertificateName  string         `json:"certificateName,omitempty"`
	CommonName       string         `json:"commonName,omitempty"`
	DNSName          []string       `json:"dnsName,omitempty"`
	ValidationMethod string         `json:"validationMethod,omitempty"` // D, PD (E is discontinued)
	OrganizationNo   *int64         `json:"organizationNo,omitempty"`   // OV only
	Extra            map[string]any `json:"extra,omitempty"`            // copied verbatim into the body
	// CSRBytes, when set, replaces CSR: PEM or DER bytes.
	CSRBytes []byte `json:"-"`
}

// Option changes what Validate, Prepare and PlaceOrder do (WithHTTPClient, WithRetries,
// WithBackoff and WithTimeout concern PlaceOrder alone).
type Option func(*options)

type options struct {
	site   string
	strict bool
	// PlaceOrder's alone (order.go).
	client  *http.Client
	retries *int
	backoff *time.Duration
	timeout *time.Duration
}

// Strict counts every warning as an error.
func Strict() Option { return func(o *options) { o.strict = true } }

// WithSite selects NCP's site: "public" (the default), "gov" or "fin".
func WithSite(site string) Option { return func(o *options) { o.site = site } }

// WithBaseURL sends to a base URL instead (a proxy, a test server): http(s)://host[:port][/prefix].
func WithBaseURL(url string) Option { return func(o *options) { o.site = url } }

func collect(opts []Option) options {
	o := options{site: "public"}
	for _, opt := range opts {
		opt(&o)
	}
	return o
}

func (o options) flags() uint64 {
	if o.strict {
		return 1
	}
	return 0
}

// requestJSON is the request as JSON text, and its CSR bytes when given apart.
func requestJSON(request any) ([]byte, []byte, error) {
	var csr []byte
	switch r := request.(type) {
	case Request:
		csr = r.CSRBytes
	case *Request:
		csr = r.CSRBytes
	case []byte:
		return r, nil, nil
	case json.RawMessage:
		return r, nil, nil
	case string:
		return []byte(r), nil, nil
	}
	text, err := json.Marshal(request)
	if err != nil {
		return nil, nil, &ArgumentError{Code: "argument.invalid", Message: fmt.Sprintf("the request cannot be written as JSON: %v", err)}
	}
	return text, csr, nil
}

// Validate reports every finding at once; an invalid request is a Report with Valid false,
// not an error.
func Validate(request any, opts ...Option) (*Report, error) {
	text, csr, err := requestJSON(request)
	if err != nil {
		return nil, err
	}
	o := collect(opts)
	out, err := call(pick(csr, "ncpcert_validate"), func(s *session) ([]uint64, error) {
		params, err := inputs(s, text)
		if err != nil {
			return nil, err
		}
		if csr != nil {
			more, err := inputs(s, csr)
			if err != nil {
				return nil, err
			}
			params = append(params, more...)
		}
		return append(params, o.flags()), nil
	})
	if err != nil {
		return nil, err
	}
	var report Report
	return &report, decode(out, &report)
}

// PreparedRequest is what to send, before signing (SPEC §4).
type PreparedRequest struct {
	Method   string            `json:"method"`
	URL      string            `json:"url"`
	Path     string            `json:"path"` // the request-target that is signed
	Headers  map[string]string `json:"headers"`
	Body     string            `json:"body"`
	Warnings []Finding         `json:"warnings"`
}

// SignedRequest is a PreparedRequest with the three signature headers added.
type SignedRequest struct {
	PreparedRequest
}

// Sign adds the signature headers for one attempt (re-sign every retry).
func (p *PreparedRequest) Sign(signer *Signer, timestampMs uint64) (*SignedRequest, error) {
	h, err := signer.Headers(p.Method, p.Path, timestampMs)
	if err != nil {
		return nil, err
	}
	signed := &SignedRequest{PreparedRequest: *p}
	signed.Headers = make(map[string]string, len(p.Headers)+len(h.Headers))
	for k, v := range p.Headers {
		signed.Headers[k] = v
	}
	for k, v := range h.Headers {
		signed.Headers[k] = v
	}
	return signed, nil
}

// Prepare validates the request and returns what to send; an invalid request is a
// *ValidationError holding every finding.
func Prepare(request any, opts ...Option) (*PreparedRequest, error) {
	text, csr, err := requestJSON(request)
	if err != nil {
		return nil, err
	}
	o := collect(opts)
	out, err := call(pick(csr, "ncpcert_prepare"), func(s *session) ([]uint64, error) {
		params, err := inputs(s, text)
		if err != nil {
			return nil, err
		}
		if csr != nil {
			more, err := inputs(s, csr)
			if err != nil {
				return nil, err
			}
			params = append(params, more...)
		}
		site, err := inputs(s, []byte(o.site))
		if err != nil {
			return nil, err
		}
		return append(append(params, site...), o.flags()), nil
	})
	if err != nil {
		return nil, err
	}
	var prepared PreparedRequest
	return &prepared, decode(out, &prepared)
}

// CSRReport is what InspectCSR read (SPEC §5.3), plus the findings of the CSR-only rules.
type CSRReport struct {
	Subject struct {
		CommonNames        []string `json:"commonNames"`
		Organization       *string  `json:"organization"`
		OrganizationalUnit *string  `json:"organizationalUnit"`
		Country            *string  `json:"country"`
		State              *string  `json:"state"`
		Locality           *string  `json:"locality"`
	} `json:"subject"`
	SAN []struct {
		Kind  string `json:"kind"`
		Value string `json:"value"`
	} `json:"san"`
	HasSANExtension bool `json:"hasSanExtension"`
	Key             struct {
		Algorithm   string  `json:"algorithm"`
		Bits        *int    `json:"bits"`
		Curve       *string `json:"curve"`
		RSAExponent *uint64 `json:"rsaExponent"`
	} `json:"key"`
	SignatureAlgorithm string          `json:"signatureAlgorithm"`
	SignatureValid     bool            `json:"signatureValid"`
	CanonicalPEM       string          `json:"canonicalPem"`
	Findings           []Finding       `json:"findings"`
	JSON               json.RawMessage `json:"-"` // the whole report as the core wrote it
}

// InspectCSR reads and checks a CSR (PEM text or DER bytes).
func InspectCSR(input []byte) (*CSRReport, error) {
	out, err := call("ncpcert_inspect_csr", func(s *session) ([]uint64, error) { return inputs(s, input) })
	if err != nil {
		return nil, err
	}
	report := &CSRReport{JSON: out}
	return report, decode(out, report)
}

// IssuanceResponse is NCP's success answer (SPEC §6). JSON holds it whole, unknown fields
// included.
type IssuanceResponse struct {
	ReturnCode      string          `json:"returnCode"`
	ReturnMessage   string          `json:"returnMessage"`
	TotalRows       *int64          `json:"totalRows"`
	PaidCertificate PaidCertificate `json:"paidCertificate"`
	JSON            json.RawMessage `json:"-"`
}

// PaidCertificate is the certificate of an IssuanceResponse.
type PaidCertificate struct {
	CertificateNo    int64   `json:"certificateNo"`
	RequestSn        string  `json:"requestSn"`
	CertificateName  string  `json:"certificateName"`
	StatusCode       int64   `json:"statusCode"`
	Status           string  `json:"status"` // ONGOING, NORMAL, …, UNKNOWN
	StatusName       string  `json:"statusName"`
	RegDate          string  `json:"regDate"`
	ValidationMethod *string `json:"validationMethod"`
	OrganizationNo   *int64  `json:"organizationNo"`
}

// ParseResponse reads NCP's answer to the issuance request; anything but a success is an
// *APIError (with Kind, HTTPStatus, Code, Retryable, Outcome, Hint).
func ParseResponse(httpStatus int, body []byte) (*IssuanceResponse, error) {
	if httpStatus < 0 || httpStatus > 65535 {
		return nil, &ArgumentError{Code: "argument.invalid", Message: fmt.Sprintf("HTTP status %d is out of range", httpStatus)}
	}
	out, err := call("ncpcert_parse_response", func(s *session) ([]uint64, error) {
		params, err := inputs(s, body)
		return append([]uint64{uint64(httpStatus)}, params...), err
	})
	if err != nil {
		return nil, err
	}
	response := &IssuanceResponse{JSON: out}
	return response, decode(out, response)
}

func pick(csr []byte, name string) string {
	if csr != nil {
		return name + "_with_csr"
	}
	return name
}

func inputs(s *session, data []byte) ([]uint64, error) {
	ptr, n, err := s.bytes(data)
	return []uint64{ptr, n}, err
}

func decode(text []byte, into any) error {
	if err := json.Unmarshal(text, into); err != nil {
		return &InternalError{Code: "internal.json", Message: "unreadable result: " + err.Error()}
	}
	return nil
}

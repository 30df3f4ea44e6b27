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

// Errors is the findings of severity "error".
func (r *Report) Errors() []Finding { return bySeverity(r.Findings, "error") }

// Warnings is the findings of severity "warning".
func (r *Report) Warnings() []Finding { return bySeverity(r.Findings, "warning") }

// Option changes what a call does. Strict, WithSite, WithBaseURL and WithCSRBytes concern
// Validate, Prepare and PlaceOrder (WithSite and WithBaseURL every request builder too);
// WithHTTPClient, WithRetries, WithBackoff and WithTimeout concern PlaceOrder alone.
type Option func(*options)

type options struct {
	site    string  // "" until WithSite: the public site
	baseURL *string // nil until WithBaseURL
	strict  bool
	korean  bool   // WithLang("ko")
	csr     []byte // WithCSRBytes: replaces Request.CSR
	// PlaceOrder's alone (order.go).
	client  *http.Client
	retries *int
	backoff *time.Duration
	timeout *time.Duration
}

// Strict counts every warning as an error.
func Strict() Option { return func(o *options) { o.strict = true } }

// WithLang chooses the language of the messages of Validate, Prepare and InspectCSR (their
// findings and errors): "ko" for Korean; anything else, English. Codes are the same in both.
func WithLang(lang string) Option { return func(o *options) { o.korean = lang == "ko" } }

// WithSite selects NCP's site by name: "public" (the default), "gov" or "fin".
func WithSite(site string) Option { return func(o *options) { o.site = site } }

// WithBaseURL sends to a base URL instead of a site (a proxy, a test server):
// http(s)://host[:port][/prefix]. It takes precedence over WithSite.
func WithBaseURL(url string) Option { return func(o *options) { o.baseURL = &url } }

// WithCSRBytes gives the request's CSR as bytes, PEM or DER; it replaces Request.CSR.
func WithCSRBytes(pemOrDER []byte) Option {
	return func(o *options) { o.csr = append([]byte{}, pemOrDER...) }
}

func collect(opts []Option) options {
	var o options
	for _, opt := range opts {
		opt(&o)
	}
	return o
}

// siteArg is the C ABI's one site argument, which takes a site name or a base URL (text
// holding "://"; empty text counts as a base URL there, so that an empty base URL is refused
// instead of quietly meaning the public site).
func (o options) siteArg() []byte {
	switch {
	case o.baseURL != nil:
		return []byte(*o.baseURL)
	case o.site == "":
		return []byte("public")
	default:
		return []byte(o.site)
	}
}

// flags are the C ABI's: NCPCERT_FLAG_STRICT (1), NCPCERT_FLAG_LANG_KO (2).
func (o options) flags() uint64 {
	var flags uint64
	if o.strict {
		flags |= 1
	}
	if o.korean {
		flags |= 2
	}
	return flags
}

// requestJSON is the request as the JSON text the core reads.
func requestJSON(request Request) ([]byte, error) {
	text, err := json.Marshal(request)
	if err != nil { // only a value in Extra that encoding/json cannot write
		return nil, &ArgumentError{Code: "argument.invalid", Message: fmt.Sprintf("the request cannot be written as JSON: %v", err)}
	}
	return text, nil
}

// Validate reports every finding at once; an invalid request is a Report with Valid false,
// not an error.
func Validate(request Request, opts ...Option) (*Report, error) {
	text, err := requestJSON(request)
	if err != nil {
		return nil, err
	}
	return validateText(text, collect(opts))
}

// validateText is Validate of a request given as JSON text.
func validateText(text []byte, o options) (*Report, error) {
	out, err := call(pick(o.csr, "ncpcert_validate"), func(s *session) ([]uint64, error) {
		params, err := inputs(s, text)
		if err != nil {
			return nil, err
		}
		if o.csr != nil {
			more, err := inputs(s, o.csr)
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
func Prepare(request Request, opts ...Option) (*PreparedRequest, error) {
	text, err := requestJSON(request)
	if err != nil {
		return nil, err
	}
	return prepareText(text, collect(opts))
}

// prepareText is Prepare of a request given as JSON text.
func prepareText(text []byte, o options) (*PreparedRequest, error) {
	out, err := call(pick(o.csr, "ncpcert_prepare"), func(s *session) ([]uint64, error) {
		params, err := inputs(s, text)
		if err != nil {
			return nil, err
		}
		if o.csr != nil {
			more, err := inputs(s, o.csr)
			if err != nil {
				return nil, err
			}
			params = append(params, more...)
		}
		site, err := inputs(s, o.siteArg())
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

// InspectCSR reads and checks a CSR (PEM text or DER bytes); WithLang("ko") gives its
// messages in Korean.
func InspectCSR(input []byte, opts ...Option) (*CSRReport, error) {
	o := collect(opts)
	out, err := call("ncpcert_inspect_csr_flags", func(s *session) ([]uint64, error) {
		params, err := inputs(s, input)
		if err != nil {
			return nil, err
		}
		var flags uint64
		if o.korean {
			flags = 2
		}
		return append(params, flags), nil
	})
	if err != nil {
		return nil, err
	}
	report := &CSRReport{JSON: out}
	return report, decode(out, report)
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
		return &InternalError{Code: "internal.engine", Message: "unreadable result: " + err.Error()}
	}
	return nil
}

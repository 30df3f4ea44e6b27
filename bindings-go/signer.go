package ncpcert

import (
	"runtime"
	"time"

	"github.com/tetratelabs/wazero/api"
)

// Sign returns the signature v2 (SPEC §3) of one request, base64.
func Sign(method, pathAndQuery string, timestampMs uint64, accessKey, secretKey string) (string, error) {
	var signature string
	err := shared.with(func(s *session, _ uint64) error {
		params := []uint64{}
		for _, text := range []string{method, pathAndQuery} {
			p, err := inputs(s, []byte(text))
			if err != nil {
				return err
			}
			params = append(params, p...)
		}
		params = append(params, timestampMs)
		for _, text := range []string{accessKey, secretKey} {
			p, err := inputs(s, []byte(text))
			if err != nil {
				return err
			}
			params = append(params, p...)
		}
		out, err := s.alloc(44)
		if err != nil {
			return err
		}
		errBuf, err := s.alloc(8)
		if err != nil {
			return err
		}
		results, err := s.fn("ncpcert_sign").Call(s.ctx, append(params, uint64(out), uint64(errBuf))...)
		if err != nil {
			return err
		}
		text, err := s.buf(errBuf)
		if err != nil {
			return err
		}
		if status := int32(api.DecodeU32(results[0])); status != statusOK {
			return errorFromJSON(status, text)
		}
		raw, _ := s.module.Memory().Read(out, 44)
		signature = string(raw)
		return nil
	})
	return signature, err
}

// Signer signs many requests with one key pair: the HMAC is keyed once, inside the module;
// the secret key is not kept in Go. Safe for concurrent use. Close releases it (a finalizer
// does too).
type Signer struct {
	handle     uint32
	generation uint64
}

// SignatureHeaders is the signature of one request: the method to send (upper-cased) and
// the three headers (x-ncp-apigw-timestamp, x-ncp-iam-access-key, x-ncp-apigw-signature-v2).
type SignatureHeaders struct {
	Method  string            `json:"method"`
	Headers map[string]string `json:"headers"`
}

// NewSigner checks both keys and keys the HMAC once.
func NewSigner(accessKey, secretKey string) (*Signer, error) {
	signer := &Signer{}
	err := shared.with(func(s *session, generation uint64) error {
		ak, err := inputs(s, []byte(accessKey))
		if err != nil {
			return err
		}
		sk, err := inputs(s, []byte(secretKey))
		if err != nil {
			return err
		}
		handleOut, err := s.alloc(4)
		if err != nil {
			return err
		}
		errBuf, err := s.alloc(8)
		if err != nil {
			return err
		}
		results, err := s.fn("ncpcert_signer_new").Call(s.ctx, ak[0], ak[1], sk[0], sk[1], uint64(handleOut), uint64(errBuf))
		if err != nil {
			return err
		}
		text, err := s.buf(errBuf)
		if err != nil {
			return err
		}
		if status := int32(api.DecodeU32(results[0])); status != statusOK {
			return errorFromJSON(status, text)
		}
		signer.handle, _ = s.module.Memory().ReadUint32Le(handleOut)
		signer.generation = generation
		return nil
	})
	if err != nil {
		return nil, err
	}
	runtime.SetFinalizer(signer, (*Signer).Close)
	return signer, nil
}

// Headers signs one request at timestampMs (milliseconds since the Unix epoch).
func (g *Signer) Headers(method, pathAndQuery string, timestampMs uint64) (*SignatureHeaders, error) {
	var headers SignatureHeaders
	err := shared.with(func(s *session, generation uint64) error {
		if g.handle == 0 || g.generation != generation {
			return &ArgumentError{Code: "argument.invalid", Message: "this Signer was closed (or its engine restarted after an internal error); make a new one"}
		}
		m, err := inputs(s, []byte(method))
		if err != nil {
			return err
		}
		p, err := inputs(s, []byte(pathAndQuery))
		if err != nil {
			return err
		}
		out, err := s.alloc(8)
		if err != nil {
			return err
		}
		results, err := s.fn("ncpcert_signer_headers").Call(s.ctx, uint64(g.handle), m[0], m[1], p[0], p[1], timestampMs, uint64(out))
		if err != nil {
			return err
		}
		text, err := s.buf(out)
		if err != nil {
			return err
		}
		if status := int32(api.DecodeU32(results[0])); status != statusOK {
			return errorFromJSON(status, text)
		}
		return decode(text, &headers)
	})
	if err != nil {
		return nil, err
	}
	return &headers, nil
}

// HeadersNow signs one request with the current time.
func (g *Signer) HeadersNow(method, pathAndQuery string) (*SignatureHeaders, error) {
	return g.Headers(method, pathAndQuery, uint64(time.Now().UnixMilli()))
}

// Close releases the signer's keyed state (wiped). Calling it again does nothing.
func (g *Signer) Close() {
	_ = shared.with(func(s *session, generation uint64) error {
		if g.handle != 0 && g.generation == generation {
			_, _ = s.fn("ncpcert_signer_free").Call(s.ctx, uint64(g.handle))
		}
		g.handle = 0
		return nil
	})
}

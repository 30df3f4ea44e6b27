package ncpcert

import (
	"runtime"
	"time"
)

// Sign returns NCP's signature v2 (x-ncp-apigw-signature-v2) of one request, base64.
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
		if _, err := s.invoke("ncpcert_sign", append(params, uint64(out))...); err != nil {
			return err
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
		handle, err := s.newHandle("ncpcert_signer_new", ak[0], ak[1], sk[0], sk[1])
		if err != nil {
			return err
		}
		signer.handle, signer.generation = handle, generation
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
		text, err := s.invoke("ncpcert_signer_headers", uint64(g.handle), m[0], m[1], p[0], p[1], timestampMs)
		if err != nil {
			return err
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

package ncpcert

import "errors"

// Every error of this package is one of these types; use errors.As to tell them apart.

// SigningError: a method, path, timestamp or key that cannot be signed. Its
// message never shows the secret key.
type SigningError struct {
	Code    string `json:"code"`    // signing.method, signing.path, signing.timestamp, …
	Message string `json:"message"` // what is wrong and what to do
}

func (e *SigningError) Error() string { return e.Message + " [" + e.Code + "]" }

// ValidationError: the request is invalid; Findings holds every finding (errors and
// warnings), as Validate reports them.
type ValidationError struct {
	Code     string    `json:"code"` // request.invalid
	Message  string    `json:"message"`
	Findings []Finding `json:"findings"`
}

func (e *ValidationError) Error() string { return e.Message }

// Errors is the findings of severity "error".
func (e *ValidationError) Errors() []Finding { return bySeverity(e.Findings, "error") }

// Warnings is the findings of severity "warning".
func (e *ValidationError) Warnings() []Finding { return bySeverity(e.Findings, "warning") }

// CSRError: the input is not one readable CSR.
type CSRError struct {
	Code    string `json:"code"` // csr.malformed, csr.too_large, csr.private_key, …
	Message string `json:"message"`
	Field   string `json:"field"`
}

func (e *CSRError) Error() string { return e.Message + " [" + e.Code + "]" }

// APIError: what NCP answered instead of a success, with what it means for sending the
// request again (Outcome).
type APIError struct {
	Kind       string  `json:"kind"` // gateway, service, http or malformed
	HTTPStatus int     `json:"httpStatus"`
	Code       string  `json:"code"`
	Message    string  `json:"message"`
	Details    *string `json:"details"`
	Retryable  bool    `json:"retryable"` // true exactly when Outcome is "resendable"
	Outcome    string  `json:"outcome"`   // resendable, ambiguous or final
	Hint       string  `json:"hint"`      // what to do
}

func (e *APIError) Error() string { return e.Message + " (" + e.Hint + ")" }

// ArgumentError: an argument that cannot be used (an unknown site, a bad base URL, bad
// lookup options).
type ArgumentError struct {
	Code    string `json:"code"` // site.invalid, argument.invalid
	Message string `json:"message"`
}

func (e *ArgumentError) Error() string { return e.Message + " [" + e.Code + "]" }

// InternalError: a bug in ncpcert: internal.panic (a caught panic, or a trap of the wasm
// engine), internal.engine (the embedded .wasm could not start, or what it returned could
// not be read) or internal.misuse.
type InternalError struct {
	Code    string `json:"code"`
	Message string `json:"message"`
}

func (e *InternalError) Error() string { return e.Message }

func isNcpError(err error) bool {
	var (
		s *SigningError
		v *ValidationError
		c *CSRError
		a *APIError
		g *ArgumentError
		i *InternalError
	)
	return errors.As(err, &s) || errors.As(err, &v) || errors.As(err, &c) || errors.As(err, &a) ||
		errors.As(err, &g) || errors.As(err, &i)
}

func bySeverity(findings []Finding, severity string) []Finding {
	var out []Finding
	for _, f := range findings {
		if f.Severity == severity {
			out = append(out, f)
		}
	}
	return out
}

package ncpcert

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"
)

// The order workflow (SPEC §14): every decision about the paid issuance request — send,
// resend after a backoff, look the certificate name up, accept a found certificate as this
// request's, stop — is made by the core's state machine (the C ABI's ncpcert_order_* handle,
// inside the embedded module). PlaceOrder is only its driver over net/http: it performs
// the actions the machine asks for and feeds back what happened. It holds no resend or
// lookup rule of its own; the one thing it decides is which transport errors prove that no
// byte of the request was written (see nothingWritten).

// OrderError: the workflow ended without an order that is this request's. Code says whether
// anything may have been bought: only "order.outcome_unknown" leaves that open.
type OrderError struct {
	// Code is the core's: order.name_taken (the name belongs to an earlier certificate:
	// nothing was bought, choose another name), order.not_this_request (a certificate found
	// by name is issued for another key), order.outcome_unknown (an order may exist: check
	// before ordering again), order.refused (NCP refused it: nothing was bought),
	// order.not_placed (every attempt failed before NCP acted on it).
	Code            string              `json:"code"`
	Message         string              `json:"message"`
	Hint            string              `json:"hint"` // what to do
	CertificateName string              `json:"certificateName"`
	CertificateNo   *int64              `json:"certificateNo"` // the certificate concerned, if any
	Certificate     *CertificateSummary `json:"certificate"`   // the certificate found by name, if one was
	// Cause is the failure that ended it: NCP's answer (Type "api") or the transport's
	// (Type "transport"); nil when none.
	Cause *CallFailure `json:"cause"`
	Steps []Step       `json:"steps"`
	// JSON is the error as the core wrote it.
	JSON json.RawMessage `json:"-"`
}

func (e *OrderError) Error() string { return e.Message + " [" + e.Code + "]" }

// WithHTTPClient sends PlaceOrder's calls with client (default http.DefaultClient). Its
// redirect policy is not used: a redirect is NCP's answer, never followed.
func WithHTTPClient(client *http.Client) Option { return func(o *options) { o.client = client } }

// WithRetries sets how many times PlaceOrder may send the request again after a failure NCP
// certainly did not act on, or that a lookup showed placed nothing (default 2).
func WithRetries(n int) Option { return func(o *options) { o.retries = &n } }

// WithBackoff sets the first pause before sending again (default 500 ms; each further pause
// doubles).
func WithBackoff(d time.Duration) Option { return func(o *options) { o.backoff = &d } }

// WithTimeout sets the time each call of PlaceOrder may take, answer read included (default
// 30 s; 0 or less: none but the context's).
func WithTimeout(d time.Duration) Option { return func(o *options) { o.timeout = &d } }

// PlaceOrder places the issuance request safely — never ordering twice — and returns the
// order, or an error: *OrderError (with Code), *ValidationError (nothing was sent),
// *ArgumentError, *SigningError, or *InternalError. signer signs every call. Options:
// WithSite / WithBaseURL, Strict, WithCSRBytes, WithHTTPClient, WithRetries, WithBackoff,
// WithTimeout. A cancelled ctx stops sending; the workflow still ends with its own verdict
// (an order already sent whose answer was lost is order.outcome_unknown).
func PlaceOrder(ctx context.Context, request Request, signer *Signer, opts ...Option) (*PlacedOrder, error) {
	if signer == nil {
		return nil, &ArgumentError{Code: "argument.invalid", Message: "signer is nil; make one with NewSigner"}
	}
	text, err := requestJSON(request)
	if err != nil {
		return nil, err
	}
	o := collect(opts)
	settings := orderOptions{Strict: o.strict, BaseURL: o.baseURL, Retries: o.retries}
	if o.site != "" {
		settings.Site = &o.site
	}
	if o.backoff != nil {
		ms := o.backoff.Milliseconds()
		settings.BackoffMs = &ms
	}
	optionsText, err := json.Marshal(settings)
	if err != nil {
		return nil, &ArgumentError{Code: "argument.invalid", Message: err.Error()}
	}
	order, err := newOrder(text, o.csr, optionsText)
	if err != nil {
		return nil, err
	}
	defer order.free()

	client := http.DefaultClient
	if o.client != nil {
		client = o.client
	}
	// A copy that never follows a redirect: a 307 would send the paid body again, elsewhere.
	noRedirect := *client
	noRedirect.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	timeout := 30 * time.Second
	if o.timeout != nil {
		timeout = *o.timeout
	}

	for {
		action, err := order.next(uint64(time.Now().UnixMilli()))
		if err != nil {
			return nil, err
		}
		switch action.Action {
		case "journal":
			// No journal file in this driver: a resume is the workflow's own lookup within
			// one call (SPEC §14, rule 2).
		case "sleep":
			sleep(ctx, time.Duration(action.Ms)*time.Millisecond)
		case "send":
			if err := send(ctx, &noRedirect, timeout, signer, order, action); err != nil {
				return nil, err
			}
		case "done":
			return finish(action)
		default:
			return nil, &InternalError{Code: "internal.engine", Message: "unknown action " + action.Action}
		}
	}
}

// sleep waits d, or until ctx is done (then the next send sees it).
func sleep(ctx context.Context, d time.Duration) {
	if d <= 0 {
		return
	}
	timer := time.NewTimer(d)
	defer timer.Stop()
	select {
	case <-timer.C:
	case <-ctx.Done():
	}
}

// send signs and sends the call the workflow asked for, and feeds back its answer or its
// failure. Only a binding error comes back; NCP's answers and transport failures are the
// workflow's to judge.
func send(ctx context.Context, client *http.Client, timeout time.Duration, signer *Signer, order *orderHandle, a *orderAction) error {
	if err := ctx.Err(); err != nil {
		// Never sent: certainly nothing written.
		return order.feedFailure(false, err.Error())
	}
	r := a.Request
	if r == nil {
		return &InternalError{Code: "internal.engine", Message: "a send action without a request"}
	}
	now := time.Now().UnixMilli() + a.ClockOffsetMs
	if now < 0 {
		now = 0
	}
	signature, err := signer.Headers(r.Method, r.Path, uint64(now))
	if err != nil {
		return err
	}
	callCtx := ctx
	if timeout > 0 {
		var cancel context.CancelFunc
		callCtx, cancel = context.WithTimeout(ctx, timeout)
		defer cancel()
	}
	var body io.Reader
	if r.Body != nil {
		body = strings.NewReader(*r.Body)
	}
	req, err := http.NewRequestWithContext(callCtx, signature.Method, r.URL, body)
	if err != nil {
		return &InternalError{Code: "internal.engine", Message: fmt.Sprintf("cannot build the request for %s: %v", r.URL, err)}
	}
	// The request-target on the wire must be the signed one byte for byte; net/url may
	// re-encode a path it parsed.
	if req.URL.RequestURI() != r.Path {
		path, query, _ := strings.Cut(r.Path, "?")
		req.URL.Opaque, req.URL.RawQuery = path, query
	}
	for k, v := range r.Headers {
		req.Header.Set(k, v)
	}
	for k, v := range signature.Headers {
		req.Header.Set(k, v)
	}
	resp, err := client.Do(req)
	if err != nil {
		return order.feedFailure(!nothingWritten(err), err.Error())
	}
	defer resp.Body.Close()
	answer, err := io.ReadAll(resp.Body)
	if err != nil {
		// The request was sent and an answer began: whatever NCP did, it did.
		return order.feedFailure(true, err.Error())
	}
	return order.feedAnswer(resp.StatusCode, answer, resp.Header.Get("Date"), time.Now().UnixMilli())
}

// nothingWritten: the error proves that no byte of the request was written — the name did
// not resolve, or the connection was never made (refused, unreachable, connect timeout).
// net/http sends a request again by itself only when nothing was written, so a dial error
// still means nothing was. Anything else (a read timeout, a reset, a closed connection, a
// TLS failure, a cancelled context mid-call) may come after the request left.
func nothingWritten(err error) bool {
	var dns *net.DNSError
	if errors.As(err, &dns) {
		return true
	}
	var op *net.OpError
	return errors.As(err, &op) && op.Op == "dial"
}

func finish(a *orderAction) (*PlacedOrder, error) {
	if a.OK {
		placed := &PlacedOrder{JSON: a.Result}
		if err := json.Unmarshal(a.Result, placed); err != nil {
			return nil, &InternalError{Code: "internal.engine", Message: "unreadable result: " + err.Error()}
		}
		return placed, nil
	}
	failure := &OrderError{JSON: a.Error}
	if err := json.Unmarshal(a.Error, failure); err != nil {
		return nil, &InternalError{Code: "internal.engine", Message: "unreadable order error: " + err.Error()}
	}
	return nil, failure
}

// orderOptions is the options of ncpcert_order_new, as the core reads them.
type orderOptions struct {
	Site      *string `json:"site,omitempty"`
	BaseURL   *string `json:"baseUrl,omitempty"`
	Strict    bool    `json:"strict"`
	Retries   *int    `json:"retries,omitempty"`
	BackoffMs *int64  `json:"backoffMs,omitempty"`
}

// orderAction is one action of the workflow (ncpcert_order_next).
type orderAction struct {
	Action        string          `json:"action"` // journal, sleep, send, done
	Line          string          `json:"line"`
	Ms            int64           `json:"ms"`
	Purpose       string          `json:"purpose"` // order, lookup, chain
	Paid          bool            `json:"paid"`
	Attempt       int             `json:"attempt"`
	ClockOffsetMs int64           `json:"clockOffsetMs"`
	Request       *orderRequest   `json:"request"`
	OK            bool            `json:"ok"`
	Result        json.RawMessage `json:"result"`
	Error         json.RawMessage `json:"error"`
}

// orderRequest is a send action's request: a PreparedRequest whose body may be null (a GET).
type orderRequest struct {
	Method  string            `json:"method"`
	URL     string            `json:"url"`
	Path    string            `json:"path"`
	Headers map[string]string `json:"headers"`
	Body    *string           `json:"body"`
}

// orderHandle is an ncpcert_order in the shared instance; like a Signer, it is void once the
// instance restarts after a trap.
type orderHandle struct {
	handle     uint32
	generation uint64
}

func newOrder(request, csr, optionsText []byte) (*orderHandle, error) {
	order := &orderHandle{}
	err := shared.with(func(s *session, generation uint64) error {
		params, err := inputs(s, request)
		if err != nil {
			return err
		}
		if csr != nil {
			more, err := inputs(s, csr)
			if err != nil {
				return err
			}
			params = append(params, more...)
		} else {
			params = append(params, 0, 0)
		}
		more, err := inputs(s, optionsText)
		if err != nil {
			return err
		}
		params = append(params, more...)
		handle, err := s.newHandle("ncpcert_order_new", params...)
		if err != nil {
			return err
		}
		order.handle, order.generation = handle, generation
		return nil
	})
	if err != nil {
		return nil, err
	}
	return order, nil
}

// live fails when the handle belongs to an instance that is gone.
func (h *orderHandle) live(generation uint64) error {
	if h.handle == 0 || h.generation != generation {
		return &InternalError{Code: "internal.panic", Message: "the order workflow was lost when ncpcert restarted after an internal error; an order may have been placed: look the certificate name up before ordering again"}
	}
	return nil
}

func (h *orderHandle) next(nowMs uint64) (*orderAction, error) {
	var action orderAction
	err := shared.with(func(s *session, generation uint64) error {
		if err := h.live(generation); err != nil {
			return err
		}
		text, err := s.invoke("ncpcert_order_next", uint64(h.handle), nowMs)
		if err != nil {
			return err
		}
		return decode(text, &action)
	})
	if err != nil {
		return nil, err
	}
	return &action, nil
}

func (h *orderHandle) feed(httpStatus int, body []byte, meta []byte) error {
	return shared.with(func(s *session, generation uint64) error {
		if err := h.live(generation); err != nil {
			return err
		}
		b, err := inputs(s, body)
		if err != nil {
			return err
		}
		m, err := inputs(s, meta)
		if err != nil {
			return err
		}
		_, err = s.invoke("ncpcert_order_feed", uint64(h.handle), uint64(httpStatus), b[0], b[1], m[0], m[1])
		return err
	})
}

func (h *orderHandle) feedAnswer(httpStatus int, body []byte, date string, receivedAtMs int64) error {
	if httpStatus < 1 || httpStatus > 65535 {
		return h.feedFailure(true, fmt.Sprintf("HTTP status %d out of range", httpStatus))
	}
	text, _ := json.Marshal(answerMeta{ReceivedAtMs: receivedAtMs, Date: date})
	return h.feed(httpStatus, body, text)
}

func (h *orderHandle) feedFailure(written bool, message string) error {
	text, _ := json.Marshal(transportFailure{Written: written, Message: message})
	return h.feed(0, nil, text)
}

// answerMeta and transportFailure are what ncpcert_order_feed reads beside an answer, and
// in place of one.
type answerMeta struct {
	ReceivedAtMs int64  `json:"receivedAtMs"`
	Date         string `json:"date,omitempty"` // the answer's Date header, when it had one
}

type transportFailure struct {
	Written bool   `json:"written"`
	Message string `json:"message"`
}

func (h *orderHandle) free() {
	_ = shared.with(func(s *session, generation uint64) error {
		if h.handle != 0 && h.generation == generation {
			_, _ = s.fn("ncpcert_order_free").Call(s.ctx, uint64(h.handle))
		}
		h.handle = 0
		return nil
	})
}

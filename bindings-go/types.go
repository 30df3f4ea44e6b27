package ncpcert

import "encoding/json"

// The shapes of the JSON the core reads and writes: what a request holds, what each call
// returns. Plain structs with the core's JSON names as tags, one field per key. In a
// request, a zero field is left out; in a result, a field the core may leave out or write
// as null is a pointer (nil: absent). Types whose JSON keeps the fields NCP sent that the
// core does not know have an Extra (map[string]json.RawMessage, the values as sent; left
// out by json.Marshal), filled by the UnmarshalJSON methods beside the functions that
// return them.

// --- Requests ---

// Request is an issuance request (requestPaidCertificateIssuance), with the API's JSON names.
// A zero field is left out of the request (absent).
type Request struct {
	CSR              string         `json:"csr,omitempty"`             // PEM (or give the bytes with WithCSRBytes)
	CertificateType  string         `json:"certificateType,omitempty"` // NCP_PAID_DV_01, NCP_PAID_OV_01, DV, OV
	CertificateName  string         `json:"certificateName,omitempty"`
	CommonName       string         `json:"commonName,omitempty"`
	DNSName          []string       `json:"dnsName,omitempty"`
	ValidationMethod string         `json:"validationMethod,omitempty"` // D, PD (E is discontinued)
	OrganizationNo   *int64         `json:"organizationNo,omitempty"`   // OV only
	Extra            map[string]any `json:"extra,omitempty"`            // copied verbatim into the body
}

// CertificateQuery is the ListAdvancedCertificates filter (every field optional).
type CertificateQuery struct {
	CertificateName string `json:"certificateName,omitempty"`
	Page            int64  `json:"page,omitempty"`
	PageSize        int64  `json:"pageSize,omitempty"`
}

// OrganizationFilter is the ListOrganizations filter (every field optional; the zero value
// lists every organisation). VerificationProgressCode 7 is "validated".
type OrganizationFilter struct {
	OrganizationNameKor      string `json:"organizationNameKor,omitempty"`
	OrganizationNameEng      string `json:"organizationNameEng,omitempty"`
	BusinessRegistrationNo   string `json:"businessRegistrationNo,omitempty"`
	VerificationProgressCode *int64 `json:"verificationProgressCode,omitempty"`
}

// --- Results ---

// Finding is one finding of a validation or CSR report.
type Finding struct {
	Code     string `json:"code"`     // stable, e.g. domain.underscore
	Field    string `json:"field"`    // JSON path: commonName, dnsName[2], csr, csr.san[1], …
	Severity string `json:"severity"` // "error" or "warning"
	Message  string `json:"message"`  // what to do, in English
}

// Report is every finding at once.
type Report struct {
	Valid    bool      `json:"valid"`
	Findings []Finding `json:"findings"`
}

// PreparedRequest is what to send, before signing.
type PreparedRequest struct {
	Method   string            `json:"method"`
	URL      string            `json:"url"`
	Path     string            `json:"path"` // the request-target that is signed
	Headers  map[string]string `json:"headers"`
	Body     string            `json:"body"`
	Warnings []Finding         `json:"warnings"`
}

// SignatureHeaders is the signature of one request: the method to send (upper-cased) and
// the three headers (x-ncp-apigw-timestamp, x-ncp-iam-access-key, x-ncp-apigw-signature-v2).
type SignatureHeaders struct {
	Method  string            `json:"method"`
	Headers map[string]string `json:"headers"`
}

// CSRReport is what InspectCSR read, plus the findings of the CSR-only rules.
type CSRReport struct {
	Subject            CSRSubject          `json:"subject"`
	SAN                []CSRSubjectAltName `json:"san"`
	HasSANExtension    bool                `json:"hasSanExtension"`
	Key                CSRKey              `json:"key"`
	SignatureAlgorithm string              `json:"signatureAlgorithm"`
	SignatureValid     bool                `json:"signatureValid"`
	CanonicalPEM       string              `json:"canonicalPem"`
	Findings           []Finding           `json:"findings"`
	JSON               json.RawMessage     `json:"-"` // the whole report as the core wrote it
}

// CSRSubject is the subject of a CSR (nil: the attribute is absent).
type CSRSubject struct {
	CommonNames        []string `json:"commonNames"`
	Organization       *string  `json:"organization"`
	OrganizationalUnit *string  `json:"organizationalUnit"`
	Country            *string  `json:"country"`
	State              *string  `json:"state"`
	Locality           *string  `json:"locality"`
}

// CSRSubjectAltName is one subject alternative name of a CSR.
type CSRSubjectAltName struct {
	Kind  string `json:"kind"` // dns, or the kind of another name (ip, email, …)
	Value string `json:"value"`
}

// CSRKey is the public key of a CSR.
type CSRKey struct {
	Algorithm   string  `json:"algorithm"` // RSA, EC, Ed25519, …, or the OID of an unknown algorithm
	Bits        *int    `json:"bits"`
	Curve       *string `json:"curve"`
	RSAExponent *uint64 `json:"rsaExponent"`
}

// IssuanceResponse is NCP's success answer. JSON holds it whole, unknown fields
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

// CertificateList is NCP's answer to ListAdvancedCertificates.
type CertificateList struct {
	ReturnCode    string             `json:"returnCode"`
	ReturnMessage string             `json:"returnMessage"` // "" when NCP sent none
	TotalCount    *int64             `json:"totalCount"`    // totalCount or totalRows; nil when absent
	Orders        []CertificateOrder `json:"orders"`        // in the order sent
	// Match is the certificate named exactly as ParseCertificateList was asked (the newest
	// when several are); nil when none is, or when no name was given.
	Match *CertificateSummary `json:"match"`
	// Extra is every other top-level field, as sent (nil when there is none).
	Extra map[string]json.RawMessage `json:"-"`
}

// CertificateOrder is one entry of a CertificateList's orders.
type CertificateOrder struct {
	OrderID      *string              `json:"orderId"` // orderId (older answers: orderID); nil when absent
	Certificates []CertificateSummary `json:"certificates"`
	// Extra is every other field of the order, as sent (nil when there is none).
	Extra map[string]json.RawMessage `json:"-"`
}

// CertificateSummary is one certificate of a CertificateList.
type CertificateSummary struct {
	CertificateNo   int64    `json:"certificateNo"`
	CertificateName string   `json:"certificateName"` // "" when absent
	CommonName      string   `json:"commonName"`      // "" when absent
	DNSName         []string `json:"dnsName"`         // NCP sends a comma-separated string; always a list here
	StatusCode      int64    `json:"statusCode"`
	StatusName      string   `json:"statusName"` // the server's text ("" when absent)
	Status          string   `json:"status"`     // ONGOING, NORMAL, …, UNKNOWN
	// Issued (NORMAL or one of its variants), Pending (ONGOING: validate the domains and
	// look again later) and Failed (NCP will not issue it) say what a poller does next.
	Issued          bool    `json:"issued"`
	Pending         bool    `json:"pending"`
	Failed          bool    `json:"failed"`
	CertificateType *string `json:"certificateType"` // NCP_PAID_DV_01, NCP_PAID_OV_01; nil when absent
	// Extra is every other field of the certificate, as sent (notAfter, …; nil when there is
	// none).
	Extra map[string]json.RawMessage `json:"-"`
}

// DcvStatuses is NCP's answer to ListDcvStatuses for one name.
type DcvStatuses struct {
	ReturnCode    string      `json:"returnCode"`
	ReturnMessage string      `json:"returnMessage"`
	TotalRows     *int64      `json:"totalRows"`           // totalRows or totalCount; nil when absent
	Records       []DcvRecord `json:"dnsVerificationList"` // in the order sent
	Validated     bool        `json:"validated"`           // at least one record, and NCP validated every one
	// Extra is every other top-level field, as sent (dnsVerificationCount,
	// emailVerificationList, …; nil when there is none).
	Extra map[string]json.RawMessage `json:"-"`
}

// DcvRecord is one DNS TXT record NCP checks to validate a domain (an entry of
// dnsVerificationList).
type DcvRecord struct {
	ValidSn         *string `json:"validSn"`         // as text (NCP sends a string or an integer); nil when absent
	RequestSn       *string `json:"requestSn"`       // nil when absent
	ValidStatusCode string  `json:"validStatusCode"` // VALID_STATUS_REG, … as sent ("" when absent)
	State           string  `json:"state"`           // success, pending (publish the record, then wait), timeout, unknown
	TxtName         *string `json:"txtName"`         // the record's name as NCP sent it (a full name or a label)
	// TxtValue is the value to publish. NCP does not document the field that carries it:
	// this is the first field the core knows that the record holds (ValueField names it),
	// nil when none does; then look in Extra.
	TxtValue   *string `json:"txtValue"`
	ValueField *string `json:"valueField"`
	// RecordName is the fully qualified name to publish the record at: set when the answer
	// was read with a domain and the record has a txtName, else nil.
	RecordName *string `json:"recordName"`
	RecordType string  `json:"recordType"` // TXT
	// Extra is every other field of the record, as sent (nil when there is none).
	Extra map[string]json.RawMessage `json:"-"`
}

// CertificateChain is NCP's answer to GetCertificateChain, every PEM with LF line endings
// and one final newline.
type CertificateChain struct {
	ReturnCode        string  `json:"returnCode"`
	ReturnMessage     string  `json:"returnMessage"`
	TotalRows         *int64  `json:"totalRows"`         // nil when absent
	SubjectCommonName *string `json:"subjectCommonName"` // nil when absent
	Certificate       string  `json:"certificate"`
	SubCACertificate  *string `json:"subCaCertificate"`  // nil when NCP sent none
	RootCACertificate *string `json:"rootCaCertificate"` // nil when NCP sent none
	// Files is the files to write, name → PEM text: cert.pem (the certificate), chain.pem
	// (the SubCA), fullchain.pem (certificate then SubCA: what a TLS server is configured
	// with) and root.pem; a file whose part NCP did not send is left out.
	Files map[string]string `json:"files"`
	// Extra is every other field, as sent (nil when there is none).
	Extra map[string]json.RawMessage `json:"-"`
}

// OrganizationList is NCP's answer to ListOrganizations.
type OrganizationList struct {
	ReturnCode    *string `json:"returnCode"` // nil when NCP answered a bare list
	ReturnMessage string  `json:"returnMessage"`
	TotalRows     *int64  `json:"totalRows"` // nil when absent
	// ListField is the field the list was read from (NCP does not document it), nil for a
	// bare list or one flat organisation.
	ListField     *string        `json:"listField"`
	Organizations []Organization `json:"organizations"` // in the order sent
	// Extra is every other top-level field, as sent (nil when there is none).
	Extra map[string]json.RawMessage `json:"-"`
}

// Organization is one organisation: OrganizationNo is what an OV Request's OrganizationNo
// takes, once Validated.
type Organization struct {
	OrganizationNo         int64   `json:"organizationNo"`
	OrganizationNameKor    *string `json:"organizationNameKor"`
	OrganizationNameEng    *string `json:"organizationNameEng"`
	BusinessRegistrationNo *string `json:"businessRegistrationNo"`
	VerificationType       *string `json:"verificationType"` // e.g. BUSINESS_REGISTRATION
	// VerificationProgressCode is always an integer here (NCP also sends it as text); nil
	// when NCP sent none.
	VerificationProgressCode *int64 `json:"verificationProgressCode"`
	VerificationProgress     string `json:"verificationProgress"` // VALIDATED, DOCUMENT_CHECK, FAILED, …, UNKNOWN
	Validated                bool   `json:"validated"`            // the validation is complete (code 7)
	// Extra is every other field of the organisation, as sent (memberNo, …; nil when there
	// is none).
	Extra map[string]json.RawMessage `json:"-"`
}

// PlacedOrder is the order that exists and is this request's.
type PlacedOrder struct {
	// Path is "accepted" (NCP answered the request) or "recovered" (the answer was lost and
	// the lookup found this request's order: nothing was ordered twice).
	Path            string  `json:"path"`
	CertificateNo   int64   `json:"certificateNo"`
	CertificateName string  `json:"certificateName"`
	Status          string  `json:"status"`     // ONGOING, NORMAL, …, UNKNOWN
	StatusCode      int64   `json:"statusCode"` // NCP's code of the state
	StatusName      string  `json:"statusName"` // NCP's text for the state
	OrderID         *string `json:"orderId"`    // nil when the listing gave none
	Attempts        int     `json:"attempts"`   // paid attempts sent by this call
	// Answer is NCP's answer to the request (accepted), Certificate the certificate as
	// listed (recovered), Chain the chain read to prove the key (recovered, already issued);
	// nil when not applicable.
	Answer      *IssuanceResponse   `json:"answer"`
	Certificate *CertificateSummary `json:"certificate"`
	Chain       *CertificateChain   `json:"chain"`
	// Steps is everything the workflow did, in order.
	Steps []Step `json:"steps"`
	// JSON is the result as the core wrote it.
	JSON json.RawMessage `json:"-"`
}

// Step is one thing the order workflow did. Step names the kind (resume, send, lookup, chain,
// clockCorrected); the other fields are its details, nil when the kind has none or the core
// left them out.
type Step struct {
	Step          string       `json:"step"`
	OpenAttempt   *bool        `json:"openAttempt,omitempty"`   // resume: an attempt was sent and never settled
	Attempt       *int64       `json:"attempt,omitempty"`       // send: which paid attempt, from 1
	HTTPStatus    *int         `json:"httpStatus,omitempty"`    // send: the answer's HTTP status
	Outcome       *string      `json:"outcome,omitempty"`       // send: what a failure meant (resendable, ambiguous, final)
	Page          *int64       `json:"page,omitempty"`          // lookup: the page asked for
	Found         *bool        `json:"found,omitempty"`         // lookup: the certificate name was found
	CertificateNo *int64       `json:"certificateNo,omitempty"` // the certificate concerned
	KeyMatches    *bool        `json:"keyMatches,omitempty"`    // chain: its key is the CSR's
	OffsetMs      *int64       `json:"offsetMs,omitempty"`      // clockCorrected: milliseconds added to the clock
	Error         *CallFailure `json:"error,omitempty"`         // why the call failed
}

// CallFailure is a call of the order workflow that failed. Type "api": NCP (or something in
// between) answered with an error, the fields of an APIError; type "transport": no answer,
// Written says whether any byte of the request was written first.
type CallFailure struct {
	Type       string  `json:"type"`                 // api, transport
	Code       string  `json:"code"`                 // NCP's code (api), transport.failed (transport)
	Message    string  `json:"message"`              // NCP's message, or what the HTTP client said
	Outcome    string  `json:"outcome"`              // resendable, ambiguous, final
	Kind       string  `json:"kind,omitempty"`       // api: gateway, service, http, malformed
	HTTPStatus int     `json:"httpStatus,omitempty"` // api
	Details    *string `json:"details,omitempty"`    // api
	Retryable  bool    `json:"retryable,omitempty"`  // api: true exactly when Outcome is resendable
	Hint       string  `json:"hint,omitempty"`       // api: what to do
	Written    *bool   `json:"written,omitempty"`    // transport
}

package ncpcert

import (
	"encoding/json"
	"fmt"

	"github.com/tetratelabs/wazero/api"
)

// The calls after the issuance request (SPEC §12): find the certificate, read its DCV
// records, download its chain, list the OV organisations. Each builder returns a
// *PreparedRequest to sign and send as the issuance request is; each parser reads NCP's
// answer into a typed result (CertificateList, DcvStatuses, CertificateChain,
// OrganizationList), or an *APIError. Every check, message and derived field (state,
// validated, recordName, files, …) is the core's; these types only convert the JSON it
// writes to Go types. The fields NCP sent that the core does not know are kept, as sent, in
// each type's Extra.

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

// optionsJSON is a query or filter as JSON text: nil is {}, text and []byte are taken as
// they are, anything else goes through encoding/json.
func optionsJSON(options any) ([]byte, error) {
	switch o := options.(type) {
	case nil:
		return []byte("{}"), nil
	case []byte:
		return o, nil
	case json.RawMessage:
		return o, nil
	case string:
		return []byte(o), nil
	}
	text, err := json.Marshal(options)
	if err != nil {
		return nil, &ArgumentError{Code: "argument.invalid", Message: fmt.Sprintf("the options cannot be written as JSON: %v", err)}
	}
	return text, nil
}

// build runs a builder of the C ABI: (options, site) → prepared request.
func build(name string, options []byte, opts []Option) (*PreparedRequest, error) {
	o := collect(opts)
	out, err := call(name, func(s *session) ([]uint64, error) {
		params, err := inputs(s, options)
		if err != nil {
			return nil, err
		}
		site, err := inputs(s, []byte(o.site))
		return append(params, site...), err
	})
	if err != nil {
		return nil, err
	}
	var prepared PreparedRequest
	return &prepared, decode(out, &prepared)
}

// parse runs a parser of the C ABI: (status, body[, text]) → the JSON object it writes,
// decoded into result. withText: the function takes a second text, extra; extra nil passes
// none (NULL, 0).
func parse(name string, httpStatus int, body []byte, withText bool, extra *string, result any) error {
	if httpStatus < 0 || httpStatus > 65535 {
		return &ArgumentError{Code: "argument.invalid", Message: fmt.Sprintf("HTTP status %d is out of range", httpStatus)}
	}
	out, err := call(name, func(s *session) ([]uint64, error) {
		params, err := inputs(s, body)
		if err != nil {
			return nil, err
		}
		params = append([]uint64{uint64(httpStatus)}, params...)
		if extra != nil {
			more, err := inputs(s, []byte(*extra))
			if err != nil {
				return nil, err
			}
			params = append(params, more...)
		} else if withText {
			params = append(params, 0, 0)
		}
		return params, nil
	})
	if err != nil {
		return err
	}
	return decode(out, result)
}

// optionalText is text as the C ABI's optional second argument: "" passes none.
func optionalText(text string) *string {
	if text == "" {
		return nil
	}
	return &text
}

// ListAdvancedCertificates prepares the ListAdvancedCertificates call (a GET). query is a
// CertificateQuery, a map, JSON text, or nil for no filter.
func ListAdvancedCertificates(query any, opts ...Option) (*PreparedRequest, error) {
	text, err := optionsJSON(query)
	if err != nil {
		return nil, err
	}
	return build("ncpcert_list_certificates", text, opts)
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

// UnmarshalJSON reads the JSON the core writes: each field from exactly its key (case
// counts), every other key into Extra.
func (l *CertificateList) UnmarshalJSON(text []byte) error { return decodeObject(text, l) }

// Certificates is every certificate of every order, in the order sent.
func (l *CertificateList) Certificates() []CertificateSummary {
	var all []CertificateSummary
	for _, order := range l.Orders {
		all = append(all, order.Certificates...)
	}
	return all
}

// CertificateOrder is one entry of a CertificateList's orders.
type CertificateOrder struct {
	OrderID      *string              `json:"orderId"` // orderId (older answers: orderID); nil when absent
	Certificates []CertificateSummary `json:"certificates"`
	// Extra is every other field of the order, as sent (nil when there is none).
	Extra map[string]json.RawMessage `json:"-"`
}

// UnmarshalJSON reads the JSON the core writes: each field from exactly its key (case
// counts), every other key into Extra.
func (o *CertificateOrder) UnmarshalJSON(text []byte) error { return decodeObject(text, o) }

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

// UnmarshalJSON reads the JSON the core writes: each field from exactly its key (case
// counts), every other key into Extra.
func (c *CertificateSummary) UnmarshalJSON(text []byte) error { return decodeObject(text, c) }

// ParseCertificateList reads NCP's answer to ListAdvancedCertificates. With a name (not
// ""), Match is the certificate named exactly name (the newest when several are), or nil.
func ParseCertificateList(httpStatus int, body []byte, name string) (*CertificateList, error) {
	var list CertificateList
	if err := parse("ncpcert_parse_certificate_list", httpStatus, body, true, optionalText(name), &list); err != nil {
		return nil, err
	}
	return &list, nil
}

// ListDcvStatuses prepares the ListDcvStatuses call (a GET) for one name of certificate
// certificateNo; ValidationDomains gives the names to ask about.
func ListDcvStatuses(certificateNo int64, domainAddress string, opts ...Option) (*PreparedRequest, error) {
	text, err := json.Marshal(map[string]any{"certificateNo": certificateNo, "domainAddress": domainAddress})
	if err != nil {
		return nil, &ArgumentError{Code: "argument.invalid", Message: err.Error()}
	}
	return build("ncpcert_list_dcv_statuses", text, opts)
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

// UnmarshalJSON reads the JSON the core writes: each field from exactly its key (case
// counts), every other key into Extra.
func (d *DcvStatuses) UnmarshalJSON(text []byte) error { return decodeObject(text, d) }

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

// UnmarshalJSON reads the JSON the core writes: each field from exactly its key (case
// counts), every other key into Extra.
func (r *DcvRecord) UnmarshalJSON(text []byte) error { return decodeObject(text, r) }

// ParseDcvStatuses reads NCP's answer to ListDcvStatuses. With a domain (the domainAddress
// the call was for; not ""), each record with a txtName has its RecordName.
func ParseDcvStatuses(httpStatus int, body []byte, domain string) (*DcvStatuses, error) {
	var statuses DcvStatuses
	if err := parse("ncpcert_parse_dcv_statuses", httpStatus, body, true, optionalText(domain), &statuses); err != nil {
		return nil, err
	}
	return &statuses, nil
}

// ValidationDomains is the names to ask ListDcvStatuses about, one call each, from the
// certificate's names (the common name first, then each dnsName): distinct, lower-cased,
// without a trailing dot, a wildcard *.x as x.
func ValidationDomains(names []string) ([]string, error) {
	if names == nil {
		names = []string{}
	}
	text, err := json.Marshal(names)
	if err != nil {
		return nil, &ArgumentError{Code: "argument.invalid", Message: err.Error()}
	}
	out, err := call("ncpcert_validation_domains", func(s *session) ([]uint64, error) { return inputs(s, text) })
	if err != nil {
		return nil, err
	}
	var domains []string
	return domains, decode(out, &domains)
}

// GetCertificateChain prepares the GetCertificateChain call (a GET) for certificate
// certificateNo.
func GetCertificateChain(certificateNo int64, opts ...Option) (*PreparedRequest, error) {
	text, err := json.Marshal(map[string]any{"certificateNo": certificateNo})
	if err != nil {
		return nil, &ArgumentError{Code: "argument.invalid", Message: err.Error()}
	}
	return build("ncpcert_get_certificate_chain", text, opts)
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

// UnmarshalJSON reads the JSON the core writes: each field from exactly its key (case
// counts), every other key into Extra.
func (c *CertificateChain) UnmarshalJSON(text []byte) error { return decodeObject(text, c) }

// ParseCertificateChain reads NCP's answer to GetCertificateChain. An answer without a
// readable certificate is an *APIError of Kind "malformed".
func ParseCertificateChain(httpStatus int, body []byte) (*CertificateChain, error) {
	var chain CertificateChain
	if err := parse("ncpcert_parse_certificate_chain", httpStatus, body, false, nil, &chain); err != nil {
		return nil, err
	}
	return &chain, nil
}

// ListOrganizations prepares the ListOrganizations call (a POST whose body is the filters,
// "{}" without any). filter is an OrganizationFilter, a map, JSON text, or nil.
func ListOrganizations(filter any, opts ...Option) (*PreparedRequest, error) {
	text, err := optionsJSON(filter)
	if err != nil {
		return nil, err
	}
	return build("ncpcert_list_organizations", text, opts)
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

// UnmarshalJSON reads the JSON the core writes: each field from exactly its key (case
// counts), every other key into Extra.
func (l *OrganizationList) UnmarshalJSON(text []byte) error { return decodeObject(text, l) }

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

// UnmarshalJSON reads the JSON the core writes: each field from exactly its key (case
// counts), every other key into Extra.
func (o *Organization) UnmarshalJSON(text []byte) error { return decodeObject(text, o) }

// ParseOrganizations reads NCP's answer to ListOrganizations (a bare list, an object
// holding one, or one flat organisation).
func ParseOrganizations(httpStatus int, body []byte) (*OrganizationList, error) {
	var list OrganizationList
	if err := parse("ncpcert_parse_organizations", httpStatus, body, false, nil, &list); err != nil {
		return nil, err
	}
	return &list, nil
}

// TransportOutcome is what a transport failure of the issuance request means for the next
// attempt (SPEC §12): "resendable" when no byte of the request was written, "ambiguous"
// when some was.
func TransportOutcome(written bool) (string, error) {
	var outcome string
	err := shared.with(func(s *session, _ uint64) error {
		flag := uint64(0)
		if written {
			flag = 1
		}
		results, err := s.fn("ncpcert_transport_outcome").Call(s.ctx, flag)
		if err != nil {
			return err
		}
		ptr := api.DecodeU32(results[0])
		mem := s.module.Memory()
		var text []byte
		for i := uint32(0); i < 64; i++ {
			b, ok := mem.ReadByte(ptr + i)
			if !ok {
				return fmt.Errorf("ncpcert_transport_outcome: out of range")
			}
			if b == 0 {
				outcome = string(text)
				return nil
			}
			text = append(text, b)
		}
		return fmt.Errorf("ncpcert_transport_outcome: not NUL-terminated")
	})
	return outcome, err
}

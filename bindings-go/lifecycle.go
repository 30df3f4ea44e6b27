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

// optionsJSON is a query or filter as the JSON text the core reads.
func optionsJSON(options any) ([]byte, error) {
	text, err := json.Marshal(options)
	if err != nil {
		return nil, &ArgumentError{Code: "argument.invalid", Message: fmt.Sprintf("the options cannot be written as JSON: %v", err)}
	}
	return text, nil
}

// dcvQuery and chainQuery are the options of ListDcvStatuses and GetCertificateChain as the
// core reads them.
type dcvQuery struct {
	CertificateNo int64  `json:"certificateNo"`
	DomainAddress string `json:"domainAddress"`
}

type chainQuery struct {
	CertificateNo int64 `json:"certificateNo"`
}

// build runs a builder of the C ABI: (options, site) → prepared request.
func build(name string, options []byte, opts []Option) (*PreparedRequest, error) {
	o := collect(opts)
	out, err := call(name, func(s *session) ([]uint64, error) {
		params, err := inputs(s, options)
		if err != nil {
			return nil, err
		}
		site, err := inputs(s, o.siteArg())
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

// ListAdvancedCertificates prepares the ListAdvancedCertificates call (a GET). The zero
// CertificateQuery asks for no filter.
func ListAdvancedCertificates(query CertificateQuery, opts ...Option) (*PreparedRequest, error) {
	text, err := optionsJSON(query)
	if err != nil {
		return nil, err
	}
	return build("ncpcert_list_certificates", text, opts)
}

// Certificates is every certificate of every order, in the order sent.
func (l *CertificateList) Certificates() []CertificateSummary {
	var all []CertificateSummary
	for _, order := range l.Orders {
		all = append(all, order.Certificates...)
	}
	return all
}

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
	text, err := optionsJSON(dcvQuery{CertificateNo: certificateNo, DomainAddress: domainAddress})
	if err != nil {
		return nil, err
	}
	return build("ncpcert_list_dcv_statuses", text, opts)
}

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
	text, err := optionsJSON(chainQuery{CertificateNo: certificateNo})
	if err != nil {
		return nil, err
	}
	return build("ncpcert_get_certificate_chain", text, opts)
}

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
// "{}" without any: the zero OrganizationFilter).
func ListOrganizations(filter OrganizationFilter, opts ...Option) (*PreparedRequest, error) {
	text, err := optionsJSON(filter)
	if err != nil {
		return nil, err
	}
	return build("ncpcert_list_organizations", text, opts)
}

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
// attempt: "resendable" when no byte of the request was written, "ambiguous"
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

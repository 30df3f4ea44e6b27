package ncpcert

import (
	"encoding/json"
	"fmt"

	"github.com/tetratelabs/wazero/api"
)

// The calls after the issuance request (SPEC §12): find the certificate, read its DCV
// records, download its chain, list the OV organisations. Each builder returns a
// *PreparedRequest to sign and send as the issuance request is; each parser reads NCP's
// answer as a map of the JSON the core wrote (unknown fields kept), or an *APIError. Every
// check and message is the core's.

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

// parse runs a parser of the C ABI: (status, body[, text]) → JSON object. withText: the
// function takes a second text, extra; extra nil passes none (NULL, 0).
func parse(name string, httpStatus int, body []byte, withText bool, extra *string) (map[string]any, error) {
	if httpStatus < 0 || httpStatus > 65535 {
		return nil, &ArgumentError{Code: "argument.invalid", Message: fmt.Sprintf("HTTP status %d is out of range", httpStatus)}
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
		return nil, err
	}
	var result map[string]any
	return result, decode(out, &result)
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

// ParseCertificateList reads NCP's answer to ListAdvancedCertificates. With a name (not
// ""), the result also holds "match": the certificate named exactly name (the newest when
// several are), or nil.
func ParseCertificateList(httpStatus int, body []byte, name string) (map[string]any, error) {
	var extra *string
	if name != "" {
		extra = &name
	}
	return parse("ncpcert_parse_certificate_list", httpStatus, body, true, extra)
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

// ParseDcvStatuses reads NCP's answer to ListDcvStatuses: "dnsVerificationList" holds each
// record with its "state" (success, pending, timeout, unknown), "txtName", "txtValue" and,
// with a domain (the domainAddress the call was for; not ""), "recordName": the fully
// qualified name to publish the TXT record at.
func ParseDcvStatuses(httpStatus int, body []byte, domain string) (map[string]any, error) {
	var extra *string
	if domain != "" {
		extra = &domain
	}
	return parse("ncpcert_parse_dcv_statuses", httpStatus, body, true, extra)
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

// ParseCertificateChain reads NCP's answer to GetCertificateChain: every PEM with LF line
// endings and one final newline, and "files" ({"cert.pem", "chain.pem", "fullchain.pem",
// "root.pem"}, a file whose part NCP did not send left out). An answer without a readable
// certificate is an *APIError of Kind "malformed".
func ParseCertificateChain(httpStatus int, body []byte) (map[string]any, error) {
	return parse("ncpcert_parse_certificate_chain", httpStatus, body, false, nil)
}

// ChainFiles is the "files" of a ParseCertificateChain result: file name → PEM text.
func ChainFiles(chain map[string]any) map[string]string {
	files := map[string]string{}
	if m, ok := chain["files"].(map[string]any); ok {
		for k, v := range m {
			if s, ok := v.(string); ok {
				files[k] = s
			}
		}
	}
	return files
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

// ParseOrganizations reads NCP's answer to ListOrganizations (a bare list, an object
// holding one, or one flat organisation): "organizations" holds each one with
// "organizationNo", the names, "verificationProgressCode", "verificationProgress" and
// "validated" (true only for code 7).
func ParseOrganizations(httpStatus int, body []byte) (map[string]any, error) {
	return parse("ncpcert_parse_organizations", httpStatus, body, false, nil)
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

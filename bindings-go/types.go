package ncpcert

// The requests: plain structs with the API's JSON names as tags, one field per key; a zero
// field is left out. The results are generated from the core's types, in models.go.

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

// --- Results not generated ---

// SignatureHeaders is the signature of one request: the method to send (upper-cased) and
// the three headers (x-ncp-apigw-timestamp, x-ncp-iam-access-key, x-ncp-apigw-signature-v2).
type SignatureHeaders struct {
	Method  string            `json:"method"`
	Headers map[string]string `json:"headers"`
}

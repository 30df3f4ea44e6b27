//! The JSON names of the request body, in the order `prepare` writes them (SPEC §4).

pub(crate) const CSR: &str = "csr";
pub(crate) const CERTIFICATE_TYPE: &str = "certificateType";
pub(crate) const CERTIFICATE_NAME: &str = "certificateName";
pub(crate) const COMMON_NAME: &str = "commonName";
pub(crate) const DNS_NAME: &str = "dnsName";
pub(crate) const VALIDATION_METHOD: &str = "validationMethod";
pub(crate) const ORGANIZATION_NO: &str = "organizationNo";
/// Not a body field: the pass-through map whose entries are copied into the body verbatim.
pub(crate) const EXTRA: &str = "extra";

/// Every body field, in serialisation order.
pub(crate) const BODY_FIELDS: [&str; 7] = [
    CSR,
    CERTIFICATE_TYPE,
    CERTIFICATE_NAME,
    COMMON_NAME,
    DNS_NAME,
    VALIDATION_METHOD,
    ORGANIZATION_NO,
];

/// Most names NCP accepts in one request (SPEC B6).
pub(crate) const MAX_NAMES: usize = 100;

/// Longest `certificateName` accepted (SPEC B4), in characters.
pub(crate) const MAX_CERTIFICATE_NAME_CHARS: usize = 255;

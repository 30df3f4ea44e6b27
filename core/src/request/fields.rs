//! The JSON names of the request body's fields, as findings and the JSON reader name them.
//! The list of them all, in order, is the body type's own:
//! [`Body::field_names`](super::body::Body::field_names).

pub(crate) const CSR: &str = "csr";
pub(crate) const CERTIFICATE_TYPE: &str = "certificateType";
pub(crate) const CERTIFICATE_NAME: &str = "certificateName";
pub(crate) const COMMON_NAME: &str = "commonName";
pub(crate) const DNS_NAME: &str = "dnsName";
pub(crate) const VALIDATION_METHOD: &str = "validationMethod";
pub(crate) const ORGANIZATION_NO: &str = "organizationNo";
/// Not a body field: the pass-through map whose entries are copied into the body verbatim.
pub(crate) const EXTRA: &str = "extra";

/// Most names NCP accepts in one request.
pub(crate) const MAX_NAMES: usize = 100;

/// Longest `certificateName` accepted, in characters.
pub(crate) const MAX_CERTIFICATE_NAME_CHARS: usize = 255;

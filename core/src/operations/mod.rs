//! The Certificate Manager calls that follow the issuance request: for each, a
//! request builder (method, URL, headers, body — the URL built from the very request-target
//! that is signed) and a response parser. No I/O, like the rest of the crate.
//!
//! ```
//! use ncpcert::{parse_certificate_list, ListAdvancedCertificates, Site};
//!
//! let list = ListAdvancedCertificates::new().certificate_name("www example");
//! let prepared = list.prepare(&Site::Public)?;
//! assert_eq!(prepared.method, "GET");
//! assert_eq!(prepared.path, "/api/v2/certificate/getPaidCertificates?certificateName=www%20example");
//!
//! let body = br#"{"returnCode":"0","totalCount":1,"orders":[{"orderId":"O-1","certificates":[
//!   {"certificateNo":7,"certificateName":"www example","commonName":"www.example.com",
//!    "dnsName":"www.example.com,example.com","statusCode":"0","statusName":"ONGOING",
//!    "certificateType":"NCP_PAID_DV_01"}]}]}"#;
//! let answer = parse_certificate_list(200, body)?;
//! let found = answer.find_by_name("www example").expect("listed");
//! assert_eq!(found.certificate_no, 7);
//! assert_eq!(found.dns_names, ["www.example.com", "example.com"]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod argument;
mod chain;
mod dcv;
mod list_certificates;
mod orders;
mod organizations;
pub(crate) mod query;
pub(crate) mod reissue;

pub use argument::ArgumentError;
pub use chain::{
    parse_certificate_chain, CertificateChain, GetCertificateChain, CHAIN_FILES,
    GET_CERTIFICATE_CHAIN_PATH,
};
pub use dcv::{
    parse_dcv_statuses, validation_domains, DcvRecord, DcvState, DcvStatuses, ListDcvStatuses,
    LIST_DCV_STATUSES_PATH, TXT_VALUE_FIELDS,
};
pub use list_certificates::{
    no_certificate_named, no_certificate_numbered, parse_certificate_list, CertificateList,
    CertificateOrder, CertificateSummary, ListAdvancedCertificates,
    LIST_ADVANCED_CERTIFICATES_PATH,
};
pub use orders::{
    parse_order, parse_order_list, GetOrder, ListOrders, OrderDetails, OrderList,
    OrderSubscription, LIST_ORDERS_PATH,
};
pub use organizations::{
    parse_organizations, verification_progress_name, ListOrganizations, Organization,
    OrganizationList, LIST_ORGANIZATIONS_PATH, ORGANIZATION_VALIDATED,
};
pub use reissue::{parse_reissue_response, ReissueResponse, REISSUE_CERTIFICATE_PATH};

//! # ncpcert
//!
//! Prepare, validate and sign NAVER Cloud Platform (NCP) Certificate Manager requests for
//! Advanced DV / OV certificates (`POST /api/v2/certificate/requestPaidCertificateIssuance`),
//! and read NCP's answers.
//!
//! The crate performs no I/O: it never opens a socket, reads a clock or draws random numbers.
//! The caller passes the timestamp and sends the HTTP request itself, with exactly the
//! method, URL, headers and body that ncpcert hands back.
//!
//! ```
//! use ncpcert::{AdvancedCertificateRequest, CertificateType, Signer, Site};
//!
//! # let csr_pem = include_str!("../tests/data/sample.csr.pem");
//! let request = AdvancedCertificateRequest::builder()
//!     .csr(csr_pem)
//!     .certificate_type(CertificateType::Dv)
//!     .certificate_name("www-example")
//!     .common_name("www.example.com")
//!     .dns_name("www.example.com")
//!     .dns_name("example.com")
//!     .validation_method("D")
//!     .build();
//!
//! // Validate and serialise the body; errors come back as a report of every finding.
//! let prepared = request.prepare(&Site::Public)?;
//! assert_eq!(prepared.url, "https://certificatemanager.apigw.ntruss.com/api/v2/certificate/requestPaidCertificateIssuance");
//!
//! // Sign with the current time in milliseconds (here a fixed one).
//! let signer = Signer::new("EXAMPLEAK0000000NCP1", "EXAMPLESECRET00000000000000000000NCPSK01")?;
//! let signed = prepared.sign(&signer, 1_700_000_000_000)?;
//! assert_eq!(signed.header("x-ncp-apigw-signature-v2"),
//!            Some("QC4FHb9YQpqibbUVDfmpQuu0+bjhcf/RvDNS5mc4hjA="));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Besides the request and its signature, the crate reads NCP's answers ([`parse_response`];
//! [`Outcome`] says when a failed issuance request may be sent again), builds and reads the
//! calls after the request (DCV records, the certificate list, the chain, the organisations),
//! and holds the [`order`] workflow, which places an order without ever ordering twice.

#![forbid(unsafe_code)]
#![warn(missing_docs)]
// Without the default feature `full`, the crate is signing alone (`sign`, `verify`, `Signer`,
// SPEC §3): what the npm entry `ncpcert/signer` builds on, within its own size budget (SPEC §9).
// Parts of `report` serve only the full crate then.
#![cfg_attr(not(feature = "full"), allow(dead_code, unused_imports))]

pub mod codes;
#[cfg(feature = "full")]
pub mod credentials;
#[cfg(feature = "full")]
mod csr;
#[cfg(feature = "issuance")]
pub mod dnswire;
#[cfg(feature = "full")]
pub mod domain;
#[cfg(feature = "issuance")]
pub mod globaldns;
pub mod lang;
// The surface the language bindings build on (JSON values in, typed values out): out of the
// way of the crate's own API, which is the builders and types below.
#[cfg(feature = "full")]
#[doc(hidden)]
pub mod host;
#[cfg(feature = "full")]
pub mod inventory;
#[cfg(feature = "issuance")]
pub mod issuance;
#[cfg(any(feature = "full", feature = "csr-assembly"))]
pub mod keys;
#[cfg(feature = "full")]
mod operations;
#[cfg(feature = "full")]
pub mod order;
#[cfg(feature = "full")]
mod prepare;
#[cfg(feature = "full")]
pub mod renewal;
pub mod report;
#[cfg(feature = "full")]
mod request;
#[cfg(feature = "full")]
pub mod response;
mod signing;

pub use codes::ErrorCode;
#[cfg(feature = "full")]
pub use csr::pem::MAX_CSR_INPUT_BYTES;
#[cfg(feature = "full")]
pub use csr::{inspect_csr, CsrError, CsrKey, CsrReport, CsrSubject, SanEntry};
pub use lang::Lang;
#[cfg(feature = "issuance")]
#[doc(hidden)]
pub use lang::Phrase;
#[cfg(feature = "full")]
pub use operations::{
    no_certificate_named, no_certificate_numbered, parse_certificate_chain, parse_certificate_list,
    parse_dcv_statuses, parse_order, parse_order_list, parse_organizations, parse_reissue_response,
    validation_domains, verification_progress_name, ArgumentError, CertificateChain,
    CertificateList, CertificateOrder, CertificateSummary, DcvRecord, DcvState, DcvStatuses,
    GetCertificateChain, GetOrder, ListAdvancedCertificates, ListDcvStatuses, ListOrders,
    ListOrganizations, OrderDetails, OrderList, OrderSubscription, Organization, OrganizationList,
    ReissueResponse, CHAIN_FILES, GET_CERTIFICATE_CHAIN_PATH, LIST_ADVANCED_CERTIFICATES_PATH,
    LIST_DCV_STATUSES_PATH, LIST_ORDERS_PATH, LIST_ORGANIZATIONS_PATH, ORGANIZATION_VALIDATED,
    REISSUE_CERTIFICATE_PATH, TXT_VALUE_FIELDS,
};
#[cfg(feature = "full")]
pub use prepare::{
    BaseUrl, PrepareError, PreparedRequest, SignedRequest, Site, SiteError, BASE_URL_FIN,
    BASE_URL_GOV, BASE_URL_PUBLIC, ISSUANCE_PATH,
};
pub use report::{Code, Finding, Policy, Report, Severity};
#[cfg(feature = "full")]
pub use request::{
    AdvancedCertificateRequest, AdvancedCertificateRequestBuilder, CertificateType,
    ParseValueError, ValidationMethod,
};
#[cfg(feature = "full")]
pub use response::{
    parse_response, ApiError, ApiErrorKind, CertificateStatus, IssuanceResponse, Outcome,
    PaidCertificate, TransportFailure,
};
pub use signing::{
    sign, timestamp_ms_from_f64, verify, Credentials, InlineSignature, SignatureHeaders, Signer,
    SigningError, SigningErrorKind, SigningTarget, HEADER_ACCESS_KEY, HEADER_SIGNATURE,
    HEADER_TIMESTAMP, MAX_TIMESTAMP_MS, MIN_TIMESTAMP_MS, SIGNATURE_HEADERS, SIGNATURE_LEN,
};

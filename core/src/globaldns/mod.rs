//! NCP Global DNS: the calls that publish and remove TXT records (zone lookup, list, create,
//! delete, apply), their answers, and record names.
//!
//! Global DNS stages every change: created or deleted records are served only after the
//! zone's apply, which publishes every pending change of the zone at once. TXT contents come
//! back wrapped in double quotes; they are sent bare.
//!
//! ```
//! use ncpcert::globaldns::{parse_records, GlobalDns, NewRecord};
//!
//! let dns = GlobalDns::public();
//! let create = dns.create_records(4711, &[NewRecord::txt("_acme-challenge", "token")])?;
//! assert_eq!(create.url, "https://globaldns.apigw.ntruss.com/dns/v1/ncpdns/record/4711");
//! assert_eq!(create.body.as_deref(), Some(r#"[{"host":"_acme-challenge","type":"TXT","content":"token","ttl":60}]"#));
//!
//! let page = parse_records(200, br#"{"content":[{"id":1,"host":"_acme-challenge","type":"TXT",
//!     "content":"\"token\"","applyYn":true,"delYn":false}],"last":true}"#).unwrap();
//! assert_eq!(page.content[0].content, "token");
//! # Ok::<(), ncpcert::ArgumentError>(())
//! ```

mod answers;
mod api;
mod names;

pub use answers::{
    parse_change, parse_records, parse_zones, unquote_txt, DnsError, RecordPage, Zone, ZonePage,
    ZoneRecord,
};
pub use api::{
    GlobalDns, NewRecord, APPLY_PATH, GLOBAL_DNS_FIN, GLOBAL_DNS_GOV, GLOBAL_DNS_PUBLIC, PAGE_SIZE,
    RECORDS_PATH, RECORD_TTL, ZONES_PATH,
};
pub use names::{certbot_record, record_name, relative_host, zone_candidates, TxtRecord};
#[cfg(test)]
pub(crate) mod fake;
mod publication;
pub use publication::{
    parse_resolver, DnsCall, DnsPurpose, DnsQuery, Operation, Publication, PublicationAction,
    PublicationEvent, PublicationOptions, Published, QueryTarget, DEFAULT_PROPAGATION_TIMEOUT_MS,
};

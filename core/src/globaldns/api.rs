//! The NCP Global DNS calls: where they go ([`GlobalDns`]) and what they send.
//!
//! Every call is a [`PreparedRequest`] signed like any other NCP call. Changes are staged by
//! NCP: created or deleted records are served only after [`GlobalDns::apply`], which applies
//! every pending change of the zone at once.

use serde::Serialize;

use crate::operations::query::with_query;
use crate::{ArgumentError, PreparedRequest, Site, SiteError};

/// Base URL of Global DNS on the public site.
pub const GLOBAL_DNS_PUBLIC: &str = "https://globaldns.apigw.ntruss.com";
/// Base URL of Global DNS on the government site.
pub const GLOBAL_DNS_GOV: &str = "https://globaldns.apigw.gov-ntruss.com";
/// Base URL of Global DNS on the financial site.
pub const GLOBAL_DNS_FIN: &str = "https://globaldns.apigw.fin-ntruss.com";
/// Path of the zone list (`GET`, with `page`, `size` and `domainName`).
pub const ZONES_PATH: &str = "/dns/v1/ncpdns/domain";
/// Path of a zone's records, before `/{domainId}` (`GET` list, `POST` create, `DELETE`).
pub const RECORDS_PATH: &str = "/dns/v1/ncpdns/record";
/// Path of the apply call, before `/{domainId}` (`PUT`).
pub const APPLY_PATH: &str = "/dns/v1/ncpdns/record/apply";
/// Items asked for per page of a list.
pub const PAGE_SIZE: u32 = 100;
/// The TTL of the records ncpcert creates, in seconds: short, so that a value replaced by a
/// later run is seen soon.
pub const RECORD_TTL: u64 = 60;

/// Where the Global DNS calls go: one of NCP's sites, or any base URL (a test server).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GlobalDns {
    site: Site,
}

impl Default for GlobalDns {
    fn default() -> Self {
        GlobalDns::public()
    }
}

impl GlobalDns {
    fn at(url: &str) -> Self {
        // The three constants are valid base URLs.
        GlobalDns {
            site: Site::custom(url).unwrap_or_default(),
        }
    }

    /// `https://globaldns.apigw.ntruss.com`.
    pub fn public() -> Self {
        Self::at(GLOBAL_DNS_PUBLIC)
    }

    /// `https://globaldns.apigw.gov-ntruss.com`.
    pub fn gov() -> Self {
        Self::at(GLOBAL_DNS_GOV)
    }

    /// `https://globaldns.apigw.fin-ntruss.com`.
    pub fn fin() -> Self {
        Self::at(GLOBAL_DNS_FIN)
    }

    /// `"public"` (or empty), `"gov"` or `"fin"`.
    pub fn from_name(name: &str) -> Result<Self, SiteError> {
        Ok(match Site::from_name(name)? {
            Site::Gov => Self::gov(),
            Site::Fin => Self::fin(),
            _ => Self::public(),
        })
    }

    /// Any `http(s)://host[:port][/prefix]`, checked as a Certificate Manager base URL is.
    pub fn custom(base_url: &str) -> Result<Self, SiteError> {
        Ok(GlobalDns {
            site: Site::custom(base_url)?,
        })
    }

    /// `base_url` when given, else the site named (`public` when `None`).
    pub fn new(site: Option<&str>, base_url: Option<&str>) -> Result<Self, SiteError> {
        match base_url {
            Some(url) => Self::custom(url),
            None => Self::from_name(site.unwrap_or("public")),
        }
    }

    /// The base URL, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        self.site.base_url()
    }

    /// FindZone: the zones whose name matches `domain_name` (NCP filters; the caller keeps the
    /// zone whose `name` is exactly the name looked for). `page` counts from 0.
    pub fn find_zone(
        &self,
        domain_name: &str,
        page: u32,
    ) -> Result<PreparedRequest, ArgumentError> {
        let name = domain_name.trim().trim_end_matches('.');
        if name.is_empty() || name.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(ArgumentError::new(format!(
                "the zone name {:?} cannot be looked up; give a domain name such as example.com",
                crate::report::excerpt(domain_name)
            )));
        }
        let target = with_query(
            ZONES_PATH,
            &[
                ("page", Some(page.to_string())),
                ("size", Some(PAGE_SIZE.to_string())),
                ("domainName", Some(name.to_ascii_lowercase())),
            ],
        );
        Ok(PreparedRequest::get(&self.site, &target))
    }

    /// ListRecords: one page (from 0) of the records of zone `zone_id`, of `record_type` only
    /// (`Some("TXT")`) or of every type (`None`: what the check for pending changes reads).
    pub fn list_records(
        &self,
        zone_id: u64,
        record_type: Option<&str>,
        page: u32,
    ) -> Result<PreparedRequest, ArgumentError> {
        zone_problem(zone_id)?;
        if let Some(t) = record_type {
            if t.is_empty() || !t.bytes().all(|b| b.is_ascii_alphanumeric()) {
                return Err(ArgumentError::new(format!(
                    "the record type {:?} is not one; give TXT, A, CNAME, …",
                    crate::report::excerpt(t)
                )));
            }
        }
        let target = with_query(
            &format!("{RECORDS_PATH}/{zone_id}"),
            &[
                ("page", Some(page.to_string())),
                ("size", Some(PAGE_SIZE.to_string())),
                ("recordType", record_type.map(str::to_ascii_uppercase)),
            ],
        );
        Ok(PreparedRequest::get(&self.site, &target))
    }

    /// CreateRecords: a `POST` of a JSON array of `{host, type, content, ttl}`, staged until
    /// [`apply`](Self::apply).
    pub fn create_records(
        &self,
        zone_id: u64,
        records: &[NewRecord],
    ) -> Result<PreparedRequest, ArgumentError> {
        zone_problem(zone_id)?;
        if records.is_empty() {
            return Err(ArgumentError::new("no record to create"));
        }
        let body = serde_json::to_string(records).unwrap_or_default();
        Ok(PreparedRequest::call(
            &self.site,
            "POST",
            &format!("{RECORDS_PATH}/{zone_id}"),
            body,
        ))
    }

    /// DeleteRecords: a `DELETE` whose body is a bare JSON array of record ids, staged until
    /// [`apply`](Self::apply).
    pub fn delete_records(
        &self,
        zone_id: u64,
        record_ids: &[u64],
    ) -> Result<PreparedRequest, ArgumentError> {
        zone_problem(zone_id)?;
        if record_ids.is_empty() {
            return Err(ArgumentError::new("no record to delete"));
        }
        let body = serde_json::to_string(record_ids).unwrap_or_default();
        Ok(PreparedRequest::call(
            &self.site,
            "DELETE",
            &format!("{RECORDS_PATH}/{zone_id}"),
            body,
        ))
    }

    /// Apply: a `PUT` without a body that publishes every pending change of the zone.
    pub fn apply(&self, zone_id: u64) -> Result<PreparedRequest, ArgumentError> {
        zone_problem(zone_id)?;
        Ok(PreparedRequest::to(
            &self.site,
            "PUT",
            &format!("{APPLY_PATH}/{zone_id}"),
            None,
        ))
    }
}

fn zone_problem(zone_id: u64) -> Result<(), ArgumentError> {
    if zone_id == 0 {
        return Err(ArgumentError::new(
            "the zone id is 0; give the id FindZone answered with",
        ));
    }
    Ok(())
}

/// One record to create: serialises as `{"host", "type", "content", "ttl"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct NewRecord {
    /// The name relative to the zone (`_acme-challenge`, `_acme-challenge.www`), `@` for the
    /// zone's apex.
    pub host: String,
    /// `TXT`.
    #[serde(rename = "type")]
    pub record_type: String,
    /// The value, unquoted.
    pub content: String,
    /// Seconds.
    pub ttl: u64,
}

impl NewRecord {
    /// A TXT record at `host` (relative to the zone) holding `value`, with TTL
    /// [`RECORD_TTL`].
    pub fn txt(host: impl Into<String>, value: impl Into<String>) -> Self {
        NewRecord {
            host: host.into(),
            record_type: String::from("TXT"),
            content: value.into(),
            ttl: RECORD_TTL,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // Expected texts written from the research notes' examples (NCP's documentation and four
    // clients): methods, paths, query parameters and bodies.
    #[test]
    fn paths_queries_and_bodies() {
        let dns = GlobalDns::public();
        let find = dns.find_zone("Example.com.", 0).unwrap();
        assert_eq!(find.method, "GET");
        assert_eq!(
            find.url,
            "https://globaldns.apigw.ntruss.com/dns/v1/ncpdns/domain?page=0&size=100&domainName=example.com"
        );
        assert_eq!(find.body, None);
        let list = dns.list_records(4711, Some("TXT"), 2).unwrap();
        assert_eq!(
            list.path,
            "/dns/v1/ncpdns/record/4711?page=2&size=100&recordType=TXT"
        );
        let all = dns.list_records(4711, None, 0).unwrap();
        assert_eq!(all.path, "/dns/v1/ncpdns/record/4711?page=0&size=100");
        let create = dns
            .create_records(4711, &[NewRecord::txt("_acme-challenge.www", "abc-DEF_1")])
            .unwrap();
        assert_eq!(create.method, "POST");
        assert_eq!(create.path, "/dns/v1/ncpdns/record/4711");
        assert_eq!(
            create.body.as_deref(),
            Some(r#"[{"host":"_acme-challenge.www","type":"TXT","content":"abc-DEF_1","ttl":60}]"#)
        );
        let delete = dns.delete_records(4711, &[260001, 260002]).unwrap();
        assert_eq!(delete.method, "DELETE");
        assert_eq!(delete.path, "/dns/v1/ncpdns/record/4711");
        assert_eq!(delete.body.as_deref(), Some("[260001,260002]"));
        let apply = dns.apply(4711).unwrap();
        assert_eq!(apply.method, "PUT");
        assert_eq!(
            apply.url,
            "https://globaldns.apigw.ntruss.com/dns/v1/ncpdns/record/apply/4711"
        );
        assert_eq!(apply.body, None);
        assert_eq!(apply.header("content-type"), Some("application/json"));
    }

    #[test]
    fn sites_and_custom_base_urls() {
        assert_eq!(
            GlobalDns::from_name("gov").unwrap().base_url(),
            "https://globaldns.apigw.gov-ntruss.com"
        );
        assert_eq!(
            GlobalDns::from_name("fin").unwrap().base_url(),
            "https://globaldns.apigw.fin-ntruss.com"
        );
        let custom = GlobalDns::new(Some("gov"), Some("http://127.0.0.1:8080/mock/")).unwrap();
        let call = custom.apply(9).unwrap();
        assert_eq!(
            call.url,
            "http://127.0.0.1:8080/mock/dns/v1/ncpdns/record/apply/9"
        );
        // The prefix is part of what is signed.
        assert_eq!(call.path, "/mock/dns/v1/ncpdns/record/apply/9");
        assert_eq!(
            GlobalDns::custom("ftp://x").unwrap_err().code(),
            "site.invalid"
        );
        assert_eq!(
            GlobalDns::from_name("moon").unwrap_err().code(),
            "site.invalid"
        );
    }

    #[test]
    fn bad_arguments_are_refused() {
        let dns = GlobalDns::public();
        assert!(dns.find_zone(" ", 0).is_err());
        assert!(dns.find_zone("a b.com", 0).is_err());
        assert!(dns.list_records(0, None, 0).is_err());
        assert!(dns.list_records(1, Some("T T"), 0).is_err());
        assert!(dns.create_records(1, &[]).is_err());
        assert!(dns.delete_records(1, &[]).is_err());
        assert!(dns.apply(0).is_err());
        // An unusual name is percent-encoded, once.
        assert_eq!(
            dns.find_zone("a&b=c.example", 0).unwrap().path,
            "/dns/v1/ncpdns/domain?page=0&size=100&domainName=a%26b%3Dc.example"
        );
    }
}

#![allow(clippy::collapsible_match)]
//! A fake NCP Global DNS and authoritative DNS server for the machines' tests: staged changes
//! and a zone-wide apply, quoted TXT content, the FAIL envelope for a duplicate record, and
//! DNS answers (built with hickory-proto) serving only applied records.

use super::{DnsQuery, QueryTarget};
use crate::PreparedRequest;
use hickory_proto::op::{Header, Message, MessageType, Query, ResponseCode};
use hickory_proto::rr::rdata::{A, NS, TXT};
use hickory_proto::rr::{Name, RData, Record, RecordType};
use serde_json::{json, Value};

#[derive(Clone, Debug)]
pub(crate) struct Rec {
    pub id: u64,
    pub zone: u64,
    pub host: String,
    pub rtype: String,
    pub content: String,
    pub apply: bool,
    pub del: bool,
}

#[derive(Debug, Default)]
pub(crate) struct FakeDns {
    pub zones: Vec<(u64, String)>,
    pub records: Vec<Rec>,
    pub next_id: u64,
    /// Every Global DNS call: "METHOD path".
    pub calls: Vec<String>,
    /// Refuse a second TXT record at one host.
    pub refuse_duplicates: bool,
    /// Answers of the authoritative server are withheld this many times (propagation lag).
    pub lag: u32,
    /// DNS queries asked: (target, type, name).
    pub queries: Vec<(String, String, String)>,
}

impl FakeDns {
    pub fn new(zones: &[(u64, &str)]) -> Self {
        FakeDns {
            zones: zones.iter().map(|(i, n)| (*i, n.to_string())).collect(),
            next_id: 1000,
            ..FakeDns::default()
        }
    }

    /// A record already there (applied unless `pending`).
    pub fn add(&mut self, zone: u64, host: &str, rtype: &str, content: &str, pending: bool) -> u64 {
        self.next_id += 1;
        self.records.push(Rec {
            id: self.next_id,
            zone,
            host: host.into(),
            rtype: rtype.into(),
            content: content.into(),
            apply: !pending,
            del: false,
        });
        self.next_id
    }

    pub fn zone_name(&self, id: u64) -> String {
        self.zones
            .iter()
            .find(|(i, _)| *i == id)
            .map(|(_, n)| n.clone())
            .unwrap_or_default()
    }

    /// The applied TXT values at `fqdn`.
    pub fn served(&self, fqdn: &str) -> Vec<String> {
        self.records
            .iter()
            .filter(|r| r.apply && r.rtype == "TXT")
            .filter(|r| {
                let zone = self.zone_name(r.zone);
                let name = if r.host == "@" {
                    zone
                } else {
                    format!("{}.{zone}", r.host)
                };
                name.eq_ignore_ascii_case(fqdn)
            })
            .map(|r| r.content.clone())
            .collect()
    }

    pub fn count(&self, prefix: &str) -> usize {
        self.calls.iter().filter(|c| c.starts_with(prefix)).count()
    }

    pub fn http(&mut self, request: &PreparedRequest) -> (u16, Vec<u8>) {
        let path = request.path.clone();
        self.calls.push(format!("{} {}", request.method, path));
        let (route, query) = path.split_once('?').unwrap_or((&path, ""));
        let param = |name: &str| {
            query
                .split('&')
                .find_map(|kv| kv.strip_prefix(&format!("{name}=")))
                .map(str::to_owned)
        };
        let body: Value = request
            .body
            .as_deref()
            .and_then(|b| serde_json::from_str(b).ok())
            .unwrap_or(Value::Null);
        let zone_id = |prefix: &str| {
            route
                .strip_prefix(prefix)
                .and_then(|id| id.parse::<u64>().ok())
        };
        let page = |items: Vec<Value>| {
            let n = items.len();
            (
                200,
                json!({"content": items, "totalElements": n, "last": true, "first": true})
                    .to_string()
                    .into_bytes(),
            )
        };
        match request.method.as_str() {
            "GET" if route == "/dns/v1/ncpdns/domain" => {
                let name = param("domainName").unwrap_or_default();
                // NCP's filter matches parts of names: a zone containing the text is listed.
                let items = self
                    .zones
                    .iter()
                    .filter(|(_, n)| n.contains(&name) || name.contains(n.as_str()))
                    .map(|(i, n)| json!({"id": i, "name": n, "status": "USING"}))
                    .collect();
                page(items)
            }
            "GET" => {
                let Some(zone) = zone_id("/dns/v1/ncpdns/record/") else {
                    return (404, b"{}".to_vec());
                };
                let rtype = param("recordType");
                let zone_name = self.zone_name(zone);
                let items = self
                    .records
                    .iter()
                    .filter(|r| r.zone == zone && rtype.as_ref().is_none_or(|t| *t == r.rtype))
                    .map(|r| {
                        let content = if r.rtype == "TXT" {
                            format!("\"{}\"", r.content)
                        } else {
                            r.content.clone()
                        };
                        let name = if r.host == "@" {
                            zone_name.clone()
                        } else {
                            format!("{}.{zone_name}", r.host)
                        };
                        json!({"id": r.id, "name": name, "host": r.host, "type": r.rtype,
                               "content": content, "ttl": 60, "applyYn": r.apply, "delYn": r.del})
                    })
                    .collect();
                page(items)
            }
            "POST" => {
                let zone = zone_id("/dns/v1/ncpdns/record/").unwrap_or(0);
                for item in body.as_array().cloned().unwrap_or_default() {
                    let host = item["host"].as_str().unwrap_or_default().to_string();
                    let duplicate = self
                        .records
                        .iter()
                        .any(|r| r.zone == zone && r.rtype == "TXT" && r.host == host && !r.del);
                    if self.refuse_duplicates && duplicate {
                        return (400, br#"{"result":"FAIL","error":{"errorCode":"X00007","message":"This is an invalid record.","moreInfo":{"validationInfo":{"rrsetValidationResponseList":[{"recordType":"TXT","field":"host","msg":"The host and type you entered exist in other resource record that are duplicated."}]}}}}"#.to_vec());
                    }
                    let content = item["content"].as_str().unwrap_or_default().to_string();
                    let id = self.add(zone, &host, "TXT", &content, true);
                    let _ = id;
                }
                (200, b"".to_vec())
            }
            "DELETE" => {
                let ids: Vec<u64> = body
                    .as_array()
                    .cloned()
                    .unwrap_or_default()
                    .iter()
                    .filter_map(Value::as_u64)
                    .collect();
                for r in &mut self.records {
                    if ids.contains(&r.id) {
                        r.del = true;
                    }
                }
                (200, b"{}".to_vec())
            }
            "PUT" => {
                let zone = zone_id("/dns/v1/ncpdns/record/apply/").unwrap_or(0);
                self.records.retain(|r| !(r.zone == zone && r.del));
                for r in &mut self.records {
                    if r.zone == zone {
                        r.apply = true;
                    }
                }
                (200, b"".to_vec())
            }
            _ => (405, b"".to_vec()),
        }
    }

    /// The answer of the fake resolver / authoritative server; `None`: no answer (timeout).
    pub fn dns(&mut self, query: &DnsQuery) -> Option<Vec<u8>> {
        let asked = Message::from_vec(&query.wire).expect("a query the fake can read");
        let q = asked.queries()[0].clone();
        let name = q
            .name()
            .to_ascii()
            .trim_end_matches('.')
            .to_ascii_lowercase();
        let target = match &query.target {
            QueryTarget::System => String::from("system"),
            QueryTarget::Server(s) => s.clone(),
        };
        self.queries
            .push((target.clone(), format!("{}", q.query_type()), name.clone()));
        let mut m = Message::new();
        let mut header = Header::response_from_request(asked.header());
        header.set_message_type(MessageType::Response);
        m.set_header(header);
        m.add_query(Query::query(q.name().clone(), q.query_type()));
        let owner = q.name().clone();
        match q.query_type() {
            RecordType::NS => {
                if self.zones.iter().any(|(_, z)| *z == name) {
                    m.add_answer(Record::from_rdata(
                        owner,
                        300,
                        RData::NS(NS(Name::from_ascii("ns1.fake-ncp.test.").unwrap())),
                    ));
                }
            }
            RecordType::A => {
                if name == "ns1.fake-ncp.test" {
                    m.add_answer(Record::from_rdata(
                        owner,
                        300,
                        RData::A(A::new(192, 0, 2, 53)),
                    ));
                } else {
                    m.set_response_code(ResponseCode::NXDomain);
                }
            }
            RecordType::TXT => {
                if target == "system" {
                    return None;
                }
                if self.lag > 0 {
                    self.lag -= 1;
                    return None;
                }
                for value in self.served(&name) {
                    m.add_answer(Record::from_rdata(
                        owner.clone(),
                        60,
                        RData::TXT(TXT::new(vec![value])),
                    ));
                }
            }
            _ => {}
        }
        Some(m.to_vec().unwrap())
    }
}

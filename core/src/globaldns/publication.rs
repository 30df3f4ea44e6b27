//! [`Publication`]: the sans-IO machine that checks, publishes, waits for and removes TXT
//! records in NCP Global DNS.
//!
//! One machine runs one operation ([`Operation`]): a preflight (every name has a zone, no
//! zone holds a change ncpcert did not make), present (create what is missing, apply each
//! zone once), wait until served (the zone's authoritative servers, or one resolver given),
//! present then wait, or clean-up (delete exactly the records holding the values, apply). The
//! host asks for the next [`PublicationAction`], performs it and feeds back what happened, as
//! with the order workflow.

// One action at a time, moved to the host once: boxing the large variants saves nothing.
#![allow(clippy::large_enum_variant, clippy::result_large_err)]

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet, VecDeque};

use super::answers::more_pages;
use super::{
    parse_change, parse_records, parse_zones, relative_host, zone_candidates, DnsError, GlobalDns,
    NewRecord, TxtRecord, ZoneRecord, PAGE_SIZE,
};
use crate::codes::ErrorCode;
use crate::dnswire::{self, QueryType};
use crate::order::WorkflowMisuse;
use crate::PreparedRequest;

/// Tries of one Global DNS call before the machine stops.
const CALL_ATTEMPTS: u32 = 3;
/// Pages of one list read at most.
const MAX_PAGES: u32 = 100;
/// The propagation wait's default limit.
pub const DEFAULT_PROPAGATION_TIMEOUT_MS: u64 = 300_000;
/// The first pause between two rounds of queries; each next one is half again as long.
const FIRST_POLL_MS: u64 = 2_000;
/// The longest pause between two rounds of queries.
const MAX_POLL_MS: u64 = 30_000;
/// The DNS port of the servers found.
const DNS_PORT: u16 = 53;

/// What the machine does.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Operation {
    /// Every name lies in a zone of the account, and no zone holds a change not made by
    /// ncpcert.
    Preflight(Vec<String>),
    /// Create the records missing (TTL 60), apply each zone touched once.
    Present(Vec<TxtRecord>),
    /// Wait until the records are served.
    Wait(Vec<TxtRecord>),
    /// Present, then wait.
    PresentAndWait(Vec<TxtRecord>),
    /// Delete the records holding exactly these values, apply; absent ones are fine.
    Cleanup(Vec<TxtRecord>),
}

/// Where a DNS query goes.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", tag = "kind", content = "address")]
#[non_exhaustive]
pub enum QueryTarget {
    /// The host's system resolver (recursive).
    System,
    /// This server, `ip:port` (`[ipv6]:port`).
    Server(String),
}

/// A DNS query to send: `wire` over UDP to `target` (over TCP when `tcp`: the answer was
/// truncated; prefix the message with its 2-byte length as TCP needs), then feed the answer's
/// bytes ([`Publication::receive_dns`]) or the failure ([`Publication::dns_failed`]).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct DnsQuery {
    /// Where to send it.
    pub target: QueryTarget,
    /// The query, as wire-format bytes.
    pub wire: Vec<u8>,
    /// Send over TCP.
    pub tcp: bool,
    /// The name asked about (for messages).
    pub name: String,
    /// What is asked.
    pub query_type: QueryType,
}

/// What a Global DNS call is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum DnsPurpose {
    /// FindZone.
    FindZone,
    /// ListRecords.
    ListRecords,
    /// CreateRecords.
    CreateRecords,
    /// DeleteRecords.
    DeleteRecords,
    /// Apply.
    Apply,
}

/// A Global DNS call to sign and send; feed its answer with [`Publication::receive`] or its
/// failure with [`Publication::transport_failed`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct DnsCall {
    /// What to sign and send.
    pub request: PreparedRequest,
    /// What it is for.
    pub purpose: DnsPurpose,
}

/// Something to show as it happens. Serialises with `"event"` naming the kind.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(
    tag = "event",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
#[non_exhaustive]
pub enum PublicationEvent {
    /// The zone of a name.
    ZoneFound {
        /// The name.
        name: String,
        /// Its zone.
        zone: String,
    },
    /// A record is there already with the same value: not created again.
    AlreadyPresent {
        /// The record.
        record: TxtRecord,
    },
    /// Records created in a zone (staged until applied).
    Created {
        /// The zone.
        zone: String,
        /// The records.
        records: Vec<TxtRecord>,
    },
    /// Records deleted from a zone (staged until applied).
    Deleted {
        /// The zone.
        zone: String,
        /// The records.
        records: Vec<TxtRecord>,
    },
    /// A record to delete was not there.
    Absent {
        /// The record.
        record: TxtRecord,
    },
    /// A zone's pending changes were applied.
    Applied {
        /// The zone.
        zone: String,
    },
    /// The servers asked whether the records are served.
    Servers {
        /// The zone (absent when a resolver was given).
        #[serde(skip_serializing_if = "Option::is_none")]
        zone: Option<String>,
        /// `ip:port` each.
        servers: Vec<String>,
    },
    /// Not every server serves every value yet.
    Waiting {
        /// The names not served everywhere yet.
        not_served: Vec<String>,
        /// Milliseconds waited.
        waited_ms: u64,
        /// The limit.
        timeout_ms: u64,
    },
    /// Every server serves every value.
    Served {
        /// The names.
        names: Vec<String>,
    },
}

/// What the host does next.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PublicationAction {
    /// Sign and send this Global DNS call.
    Send(DnsCall),
    /// Send this DNS query.
    Query(DnsQuery),
    /// Wait this long, then ask again.
    Sleep {
        /// Milliseconds.
        ms: u64,
    },
    /// Show this, then ask again.
    Progress(PublicationEvent),
    /// The operation is over. Asking again gives the same.
    Done(Result<Published, DnsError>),
}

/// What an operation did. Serialises as `{"zones", "created", "alreadyPresent", "deleted",
/// "absent", "servers"}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Published {
    /// Each name and its zone (`{name: zone}`).
    pub zones: BTreeMap<String, String>,
    /// Records created (and applied).
    pub created: Vec<TxtRecord>,
    /// Records that were there already with the same value (not ncpcert's to delete).
    pub already_present: Vec<TxtRecord>,
    /// Records deleted (and applied).
    pub deleted: Vec<TxtRecord>,
    /// Records to delete that were not there.
    pub absent: Vec<TxtRecord>,
    /// The servers that served every value (`ip:port`).
    pub servers: Vec<String>,
}

/// How the machine proceeds.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct PublicationOptions {
    /// Ids of records this run created (their pending state is not someone else's change).
    pub ours: Vec<u64>,
    /// Ask only this server, `HOST:PORT` (an IP address and port), instead of the zone's
    /// authoritative servers.
    pub resolver: Option<String>,
    /// How long to wait until every value is served (default 300 000 ms).
    pub timeout_ms: u64,
    /// Entropy the host drew for the DNS query ids (the core draws none).
    pub entropy: u64,
    /// The first pause after a failed Global DNS call (default 500 ms), doubled each time.
    pub backoff_ms: u64,
}

impl Default for PublicationOptions {
    fn default() -> Self {
        PublicationOptions {
            ours: Vec::new(),
            resolver: None,
            timeout_ms: DEFAULT_PROPAGATION_TIMEOUT_MS,
            entropy: 0,
            backoff_ms: 500,
        }
    }
}

impl PublicationOptions {
    /// The defaults.
    pub fn new() -> Self {
        Self::default()
    }
    /// Sets [`ours`](Self::ours).
    pub fn ours(mut self, ids: Vec<u64>) -> Self {
        self.ours = ids;
        self
    }
    /// Sets [`resolver`](Self::resolver).
    pub fn resolver(mut self, resolver: Option<String>) -> Self {
        self.resolver = resolver;
        self
    }
    /// Sets [`timeout_ms`](Self::timeout_ms).
    pub fn timeout_ms(mut self, ms: u64) -> Self {
        self.timeout_ms = ms;
        self
    }
    /// Sets [`entropy`](Self::entropy).
    pub fn entropy(mut self, entropy: u64) -> Self {
        self.entropy = entropy;
        self
    }
    /// Sets [`backoff_ms`](Self::backoff_ms).
    pub fn backoff_ms(mut self, ms: u64) -> Self {
        self.backoff_ms = ms;
        self
    }
}

/// A resolver given as `HOST:PORT`: an IPv4 or bracketed IPv6 address and a port (a bare
/// address means port 53).
pub fn parse_resolver(text: &str) -> Result<String, crate::ArgumentError> {
    let t = text.trim();
    if let Ok(sa) = t.parse::<std::net::SocketAddr>() {
        return Ok(sa.to_string());
    }
    if let Ok(ip) = t.parse::<std::net::IpAddr>() {
        return Ok(std::net::SocketAddr::new(ip, DNS_PORT).to_string());
    }
    Err(crate::ArgumentError::new(format!(
        "the DNS resolver {:?} is not an address and port; give one such as 127.0.0.1:5353 \
         or [::1]:53",
        crate::report::excerpt(text)
    )))
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stage {
    Zones,
    Inspect,
    Create,
    Delete,
    Wait,
}

#[derive(Clone, Debug, Default)]
struct ZoneState {
    name: String,
    id: u64,
    records: Vec<ZoneRecord>,
    listed: bool,
    page: u32,
    /// Create (or delete) sent and accepted.
    changed: bool,
    /// Nothing to change, or applied.
    done: bool,
    /// What the change holds.
    change: Vec<TxtRecord>,
}

#[derive(Clone, Debug)]
enum HttpTask {
    Zone { candidate: String },
    List { zone: usize },
    Create { zone: usize },
    Delete { zone: usize },
    Apply { zone: usize },
}

#[derive(Clone, Debug)]
enum DnsTask {
    /// NS of a candidate zone of `name` (its index in the wait's names).
    Ns { name: usize, candidate: usize },
    /// Addresses of a server name.
    Addr {
        server: String,
        query_type: QueryType,
    },
    /// TXT of a name at a server.
    Txt { server: String, name: usize },
}

#[derive(Clone, Debug)]
struct Sent {
    query: DnsQuery,
    id: u16,
    task: DnsTask,
}

#[derive(Clone, Debug, Default)]
struct Wait {
    /// Names and the values each must serve.
    names: Vec<(String, BTreeSet<String>)>,
    /// The zone of each name, once known, with its server names.
    zone_of: Vec<Option<String>>,
    ns: BTreeMap<String, Vec<String>>,
    /// Server names whose addresses are asked / known.
    addresses: BTreeMap<String, Vec<String>>,
    asked_aaaa: BTreeSet<String>,
    /// Servers (`ip:port`) of each zone (or of every name, with a resolver).
    servers: BTreeMap<String, Vec<String>>,
    /// (server, name index) served.
    served: BTreeSet<(String, usize)>,
    /// Queries of the current round not yet sent.
    round: VecDeque<(String, usize)>,
    /// The candidate zone asked next for each name.
    walk: Vec<usize>,
    /// A round of queries was started and not judged yet.
    round_open: bool,
    started_ms: Option<u64>,
    pause_ms: u64,
}

/// The sans-IO machine that checks, publishes, waits for and removes TXT records in NCP
/// Global DNS.
///
/// One machine runs one operation ([`Operation`]): a preflight (every name has a zone, no
/// zone holds a change ncpcert did not make), present (create what is missing, apply each
/// zone once), wait until served (the zone's authoritative servers, or one resolver given),
/// present then wait, or clean-up (delete exactly the records holding the values, apply). The
/// host asks for the next [`PublicationAction`], performs it and feeds back what happened, as
/// with the order workflow.
#[derive(Clone, Debug)]
pub struct Publication {
    dns: GlobalDns,
    options: PublicationOptions,
    stages: VecDeque<Stage>,
    /// Names whose zone is needed.
    names: Vec<String>,
    records: Vec<TxtRecord>,
    zone_of: BTreeMap<String, usize>,
    zones: Vec<ZoneState>,
    not_zones: BTreeSet<String>,
    missing: Vec<String>,
    queue: VecDeque<PublicationAction>,
    awaiting_http: Option<HttpTask>,
    awaiting_dns: Option<Sent>,
    /// A query to send again over TCP (its answer was truncated).
    resend: Option<Sent>,
    failures: u32,
    queries: u32,
    wait: Wait,
    published: Published,
    result: Option<Result<Published, DnsError>>,
}

impl Publication {
    /// The machine of `operation` against `dns`.
    pub fn new(dns: GlobalDns, operation: Operation, options: PublicationOptions) -> Self {
        let (stages, names, records): (Vec<Stage>, Vec<String>, Vec<TxtRecord>) = match operation {
            Operation::Preflight(names) => (vec![Stage::Zones, Stage::Inspect], names, vec![]),
            Operation::Present(records) => (
                vec![Stage::Zones, Stage::Inspect, Stage::Create],
                vec![],
                records,
            ),
            Operation::PresentAndWait(records) => (
                vec![Stage::Zones, Stage::Inspect, Stage::Create, Stage::Wait],
                vec![],
                records,
            ),
            Operation::Wait(records) => (vec![Stage::Wait], vec![], records),
            Operation::Cleanup(records) => (
                vec![Stage::Zones, Stage::Inspect, Stage::Delete],
                vec![],
                records,
            ),
        };
        let mut records = records;
        let mut seen = BTreeSet::new();
        records.retain(|r| seen.insert(r.clone()));
        let mut names: Vec<String> = if names.is_empty() {
            records.iter().map(|r| r.fqdn.clone()).collect()
        } else {
            names
                .iter()
                .map(|n| n.trim().trim_end_matches('.').to_ascii_lowercase())
                .collect()
        };
        let mut seen = BTreeSet::new();
        names.retain(|n| !n.is_empty() && seen.insert(n.clone()));
        Publication {
            dns,
            options,
            stages: stages.into(),
            names,
            records,
            zone_of: BTreeMap::new(),
            zones: Vec::new(),
            not_zones: BTreeSet::new(),
            missing: Vec::new(),
            queue: VecDeque::new(),
            awaiting_http: None,
            awaiting_dns: None,
            resend: None,
            failures: 0,
            queries: 0,
            wait: Wait::default(),
            published: Published::default(),
            result: None,
        }
    }

    /// The preflight of `names` (validation names or record names).
    pub fn preflight(dns: GlobalDns, names: Vec<String>, options: PublicationOptions) -> Self {
        Self::new(dns, Operation::Preflight(names), options)
    }

    /// Present `records`.
    pub fn present(dns: GlobalDns, records: Vec<TxtRecord>, options: PublicationOptions) -> Self {
        Self::new(dns, Operation::Present(records), options)
    }

    /// Wait until `records` are served (no Global DNS call is made).
    pub fn wait_served(records: Vec<TxtRecord>, options: PublicationOptions) -> Self {
        Self::new(GlobalDns::public(), Operation::Wait(records), options)
    }

    /// Present `records`, then wait until they are served.
    pub fn present_and_wait(
        dns: GlobalDns,
        records: Vec<TxtRecord>,
        options: PublicationOptions,
    ) -> Self {
        Self::new(dns, Operation::PresentAndWait(records), options)
    }

    /// Delete the records holding exactly `records`' values.
    pub fn cleanup(dns: GlobalDns, records: Vec<TxtRecord>, options: PublicationOptions) -> Self {
        Self::new(dns, Operation::Cleanup(records), options)
    }

    /// What was done so far.
    pub fn published(&self) -> &Published {
        &self.published
    }

    /// The next thing to do; `now_ms` (the host's clock) measures the propagation wait.
    pub fn next(&mut self, now_ms: u64) -> Result<PublicationAction, WorkflowMisuse> {
        if self.awaiting_http.is_some() || self.awaiting_dns.is_some() {
            return Err(WorkflowMisuse(String::from(
                "the call or query sent last has no answer yet: feed it (receive, receive_dns) \
                 or its failure (transport_failed, dns_failed) before asking for the next action",
            )));
        }
        loop {
            if let Some(sent) = self.resend.take() {
                let query = sent.query.clone();
                self.awaiting_dns = Some(sent);
                return Ok(PublicationAction::Query(query));
            }
            if let Some(action) = self.queue.pop_front() {
                return Ok(action);
            }
            if let Some(result) = &self.result {
                return Ok(PublicationAction::Done(result.clone()));
            }
            if let Some(action) = self.advance(now_ms) {
                return Ok(action);
            }
        }
    }

    /// Feeds the answer to the Global DNS call sent last.
    pub fn receive(&mut self, http_status: u16, body: &[u8]) -> Result<(), WorkflowMisuse> {
        let task = self.awaiting_http.take().ok_or_else(not_waiting)?;
        self.on_http(task, Ok((http_status, body)));
        Ok(())
    }

    /// Feeds the failure of the Global DNS call sent last (`written`: whether any byte of
    /// the request reached the connection).
    pub fn transport_failed(&mut self, written: bool, message: &str) -> Result<(), WorkflowMisuse> {
        let task = self.awaiting_http.take().ok_or_else(not_waiting)?;
        let _ = written;
        self.on_http(task, Err(message));
        Ok(())
    }

    /// Feeds the answer's bytes to the DNS query sent last.
    pub fn receive_dns(&mut self, bytes: &[u8]) -> Result<(), WorkflowMisuse> {
        let sent = self.awaiting_dns.take().ok_or_else(not_waiting)?;
        let answer = dnswire::parse_answer(bytes, sent.id, &sent.query.name, sent.query.query_type);
        match answer {
            Ok(answer) if answer.truncated && !sent.query.tcp => {
                // Too large for UDP: the same question over TCP.
                let mut sent = sent;
                sent.query.tcp = true;
                self.resend = Some(sent);
            }
            Ok(answer) => self.on_dns(sent.task, Some(answer)),
            Err(_) => self.on_dns(sent.task, None),
        }
        Ok(())
    }

    /// Feeds the failure of the DNS query sent last (no answer, a timeout).
    pub fn dns_failed(&mut self, message: &str) -> Result<(), WorkflowMisuse> {
        let sent = self.awaiting_dns.take().ok_or_else(not_waiting)?;
        let _ = message;
        self.on_dns(sent.task, None);
        Ok(())
    }
}

fn not_waiting() -> WorkflowMisuse {
    WorkflowMisuse(String::from(
        "nothing is waiting for an answer: ask for the next action (next) and feed the answer \
         of the call or query it says to send",
    ))
}

impl Publication {
    fn advance(&mut self, now_ms: u64) -> Option<PublicationAction> {
        let Some(&stage) = self.stages.front() else {
            self.result = Some(Ok(self.published.clone()));
            return None;
        };
        match stage {
            Stage::Zones => self.advance_zones(),
            Stage::Inspect => self.advance_inspect(),
            Stage::Create => self.advance_change(true),
            Stage::Delete => self.advance_change(false),
            Stage::Wait => self.advance_wait(now_ms),
        }
    }

    fn stage_done(&mut self) {
        self.stages.pop_front();
        self.failures = 0;
    }

    fn fail(&mut self, error: DnsError) {
        self.result = Some(Err(error));
    }

    fn progress(&mut self, event: PublicationEvent) {
        self.queue.push_back(PublicationAction::Progress(event));
    }

    fn send(
        &mut self,
        task: HttpTask,
        request: Result<PreparedRequest, crate::ArgumentError>,
    ) -> Option<PublicationAction> {
        let purpose = match task {
            HttpTask::Zone { .. } => DnsPurpose::FindZone,
            HttpTask::List { .. } => DnsPurpose::ListRecords,
            HttpTask::Create { .. } => DnsPurpose::CreateRecords,
            HttpTask::Delete { .. } => DnsPurpose::DeleteRecords,
            HttpTask::Apply { .. } => DnsPurpose::Apply,
        };
        match request {
            Ok(request) => {
                self.awaiting_http = Some(task);
                Some(PublicationAction::Send(DnsCall { request, purpose }))
            }
            Err(e) => {
                self.fail(DnsError::new(
                    ErrorCode::ArgumentInvalid,
                    e.message().to_owned(),
                    "Check the names and values given.",
                ));
                None
            }
        }
    }

    fn advance_zones(&mut self) -> Option<PublicationAction> {
        let pending = self
            .names
            .iter()
            .find(|n| !self.zone_of.contains_key(*n) && !self.missing.contains(n))
            .cloned();
        let Some(name) = pending else {
            if self.missing.is_empty() {
                self.stage_done();
            } else {
                let names = self.missing.clone();
                self.fail(
                    DnsError::new(
                        ErrorCode::DnsZoneMissing,
                        format!(
                            "no zone of the account's NCP Global DNS holds {}",
                            names.join(", ")
                        ),
                        "Create the zone in NCP Global DNS (and delegate the domain to it), check \
                         that the keys belong to the account holding it (and --dns-endpoint, if \
                         set), or publish the records another way (--dns-hook). Nothing was \
                         changed.",
                    )
                    .with_names(names),
                );
            }
            return None;
        };
        for candidate in zone_candidates(&name) {
            if let Some(zone) = self.zones.iter().position(|z| z.name == candidate) {
                self.zone_of.insert(name.clone(), zone);
                self.published.zones.insert(name.clone(), candidate.clone());
                self.progress(PublicationEvent::ZoneFound {
                    name,
                    zone: candidate,
                });
                return None;
            }
            if self.not_zones.contains(&candidate) {
                continue;
            }
            let request = self.dns.find_zone(&candidate, 0);
            return self.send(HttpTask::Zone { candidate }, request);
        }
        self.missing.push(name);
        None
    }

    fn advance_inspect(&mut self) -> Option<PublicationAction> {
        if let Some(zone) = self.zones.iter().position(|z| !z.listed) {
            return self.list(zone);
        }
        let mut found = Vec::new();
        let mut zones = Vec::new();
        for zone in &self.zones {
            let foreign: Vec<&ZoneRecord> = zone
                .records
                .iter()
                .filter(|r| r.is_pending() && !self.options.ours.contains(&r.id))
                .collect();
            if !foreign.is_empty() {
                zones.push(zone.name.clone());
            }
            for r in foreign.iter().take(5) {
                let what = if r.del_yn { "deletion" } else { "change" };
                found.push(format!(
                    "{} {} ({what}) in {}",
                    r.host, r.record_type, zone.name
                ));
            }
        }
        if zones.is_empty() {
            self.stage_done();
        } else {
            self.fail(
                DnsError::new(
                    ErrorCode::DnsPendingChanges,
                    format!(
                        "the zone {} holds changes not applied yet that ncpcert did not make: {}",
                        zones.join(", "),
                        found.join("; ")
                    ),
                    "Applying is zone-wide and would publish them too: apply or roll them back in \
                     the NCP console (Global DNS), then run the same command again. Nothing was \
                     changed (ncpcert never rolls back someone else's changes).",
                )
                .with_names(zones),
            );
        }
        None
    }

    fn list(&mut self, zone: usize) -> Option<PublicationAction> {
        let z = &self.zones[zone];
        let request = self.dns.list_records(z.id, None, z.page);
        self.send(HttpTask::List { zone }, request)
    }

    /// The records of `records` that lie in zone `zone`, each with its host.
    fn wanted(&self, zone: usize) -> Vec<(String, TxtRecord)> {
        let name = &self.zones[zone].name;
        self.records
            .iter()
            .filter(|r| self.zone_of.get(&r.fqdn) == Some(&zone))
            .filter_map(|r| relative_host(&r.fqdn, name).map(|h| (h, r.clone())))
            .collect()
    }

    /// Create (or delete) then apply, zone by zone.
    fn advance_change(&mut self, create: bool) -> Option<PublicationAction> {
        let Some(zone) = self.zones.iter().position(|z| !z.done) else {
            self.stage_done();
            return None;
        };
        if !self.zones[zone].listed {
            return self.list(zone);
        }
        if self.zones[zone].changed {
            let request = self.dns.apply(self.zones[zone].id);
            return self.send(HttpTask::Apply { zone }, request);
        }
        let wanted = self.wanted(zone);
        let z = &self.zones[zone];
        // The records at `host` holding `value`: (id, applied and not being deleted). A
        // match still pending is this run's own change whose answer was lost (the zone had
        // no foreign pending change when inspected): it needs the apply only.
        let holding = |host: &str, value: &str| -> Vec<(u64, bool, bool)> {
            z.records
                .iter()
                .filter(|r| r.is_txt() && r.host.eq_ignore_ascii_case(host) && r.content == value)
                .map(|r| (r.id, r.apply_yn, r.del_yn))
                .collect()
        };
        let mut ids = Vec::new();
        let mut change = Vec::new();
        let mut staged = Vec::new();
        let mut untouched = Vec::new();
        for (host, record) in wanted {
            let found = holding(&host, &record.value);
            if create {
                if found
                    .iter()
                    .any(|(_, applied, deleted)| *applied && !deleted)
                {
                    untouched.push(record);
                } else if found.iter().any(|(_, _, deleted)| !deleted) {
                    staged.push(record);
                } else {
                    ids.push(0);
                    change.push((host, record));
                }
            } else {
                let live: Vec<u64> = found.iter().filter(|f| !f.2).map(|f| f.0).collect();
                if !live.is_empty() {
                    ids.extend(live);
                    change.push((host, record));
                } else if found.is_empty() {
                    untouched.push(record);
                } else {
                    staged.push(record);
                }
            }
        }
        for record in untouched {
            let (list, event) = if create {
                (
                    &mut self.published.already_present,
                    PublicationEvent::AlreadyPresent {
                        record: record.clone(),
                    },
                )
            } else {
                (
                    &mut self.published.absent,
                    PublicationEvent::Absent {
                        record: record.clone(),
                    },
                )
            };
            if !list.contains(&record) {
                list.push(record);
                self.progress(event);
            }
        }
        if change.is_empty() {
            if staged.is_empty() {
                self.zones[zone].done = true;
            } else {
                // Made already, not applied yet.
                self.zones[zone].change = staged;
                self.finish_change(zone, create);
            }
            return None;
        }
        let id = self.zones[zone].id;
        let request = if create {
            let new: Vec<NewRecord> = change
                .iter()
                .map(|(host, r)| NewRecord::txt(host.clone(), r.value.clone()))
                .collect();
            self.dns.create_records(id, &new)
        } else {
            self.dns.delete_records(id, &ids)
        };
        let mut records: Vec<TxtRecord> = change.into_iter().map(|(_, r)| r).collect();
        records.extend(staged);
        self.zones[zone].change = records;
        let task = if create {
            HttpTask::Create { zone }
        } else {
            HttpTask::Delete { zone }
        };
        self.send(task, request)
    }

    /// The zone's change was made (staged): record it; the apply comes next.
    fn finish_change(&mut self, zone: usize, create: bool) {
        let z = &mut self.zones[zone];
        z.changed = true;
        let records = z.change.clone();
        let name = z.name.clone();
        if create {
            self.published.created.extend(records.iter().cloned());
            self.progress(PublicationEvent::Created {
                zone: name,
                records,
            });
        } else {
            self.published.deleted.extend(records.iter().cloned());
            self.progress(PublicationEvent::Deleted {
                zone: name,
                records,
            });
        }
    }

    fn on_http(&mut self, task: HttpTask, answer: Result<(u16, &[u8]), &str>) {
        let what = match &task {
            HttpTask::Zone { .. } => "FindZone",
            HttpTask::List { .. } => "ListRecords",
            HttpTask::Create { .. } => "CreateRecords",
            HttpTask::Delete { .. } => "DeleteRecords",
            HttpTask::Apply { .. } => "Apply",
        };
        let failure = |message: &str| DnsError::transport(what, message);
        match task {
            HttpTask::Zone { candidate } => {
                match answer.map_err(failure).and_then(|(s, b)| parse_zones(s, b)) {
                    Ok(page) => {
                        self.failures = 0;
                        match page.exact(&candidate) {
                            Some(zone) => self.zones.push(ZoneState {
                                name: candidate,
                                id: zone.id,
                                ..ZoneState::default()
                            }),
                            None => {
                                self.not_zones.insert(candidate);
                            }
                        }
                    }
                    Err(e) => self.retry(e, None),
                }
            }
            HttpTask::List { zone } => {
                match answer
                    .map_err(failure)
                    .and_then(|(s, b)| parse_records(s, b))
                {
                    Ok(page) => {
                        self.failures = 0;
                        let z = &mut self.zones[zone];
                        let listed = page.content.len();
                        z.records.extend(page.content);
                        if more_pages(page.last, page.total_elements, listed, z.page, PAGE_SIZE)
                            && z.page + 1 < MAX_PAGES
                        {
                            z.page += 1;
                        } else {
                            z.listed = true;
                        }
                    }
                    Err(e) => self.retry(e, None),
                }
            }
            HttpTask::Create { zone } | HttpTask::Delete { zone } => {
                let create = matches!(task, HttpTask::Create { .. });
                match answer
                    .map_err(failure)
                    .and_then(|(s, b)| parse_change(s, b))
                {
                    Ok(()) => {
                        self.failures = 0;
                        self.finish_change(zone, create);
                    }
                    // Whether the change was made is not known: read the zone again before
                    // deciding what is left to do.
                    Err(e) => self.retry(e, Some(zone)),
                }
            }
            HttpTask::Apply { zone } => {
                match answer
                    .map_err(failure)
                    .and_then(|(s, b)| parse_change(s, b))
                {
                    Ok(()) => {
                        self.failures = 0;
                        self.zones[zone].done = true;
                        let zone = self.zones[zone].name.clone();
                        self.progress(PublicationEvent::Applied { zone });
                    }
                    Err(e) => self.retry(e, None),
                }
            }
        }
    }

    /// After a failed call: the same state is tried again after a backoff when the failure
    /// may pass (`relist`: that zone is read again first), else the machine stops.
    fn retry(&mut self, error: DnsError, relist: Option<usize>) {
        self.failures += 1;
        if !error.transient || self.failures >= CALL_ATTEMPTS {
            return self.fail(error);
        }
        if let Some(zone) = relist {
            let z = &mut self.zones[zone];
            z.listed = false;
            z.page = 0;
            z.records.clear();
        }
        let shift = (self.failures - 1).min(3);
        self.queue.push_back(PublicationAction::Sleep {
            ms: self.options.backoff_ms.saturating_mul(1 << shift),
        });
    }

    fn next_id(&mut self) -> u16 {
        // splitmix64 over the host's entropy and a counter: distinct, unpredictable ids
        // without the core drawing randomness.
        self.queries += 1;
        let mut x = self
            .options
            .entropy
            .wrapping_add(u64::from(self.queries).wrapping_mul(0x9E37_79B9_7F4A_7C15));
        x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((x ^ (x >> 31)) >> 48) as u16
    }

    fn query(
        &mut self,
        target: QueryTarget,
        name: &str,
        query_type: QueryType,
        task: DnsTask,
    ) -> Option<PublicationAction> {
        let id = self.next_id();
        let recursion = target == QueryTarget::System;
        match dnswire::query(name, query_type, id, recursion) {
            Ok(wire) => {
                let query = DnsQuery {
                    target,
                    wire,
                    tcp: false,
                    name: name.to_owned(),
                    query_type,
                };
                self.awaiting_dns = Some(Sent {
                    query: query.clone(),
                    id,
                    task,
                });
                Some(PublicationAction::Query(query))
            }
            Err(e) => {
                self.fail(DnsError::new(
                    ErrorCode::ArgumentInvalid,
                    e.message().to_owned(),
                    "Check the names given.",
                ));
                None
            }
        }
    }

    fn advance_wait(&mut self, now_ms: u64) -> Option<PublicationAction> {
        if self.wait.started_ms.is_none() {
            self.start_wait(now_ms);
        }
        // 1. The zone of each name and its name servers (without a resolver given).
        if self.options.resolver.is_none() {
            for i in 0..self.wait.names.len() {
                if self.wait.zone_of[i].is_none() {
                    let name = self.wait.names[i].0.clone();
                    let candidates = zone_candidates(&name);
                    let at = self.wait.walk[i];
                    let Some(candidate) = candidates.get(at).cloned() else {
                        self.fail(no_servers(&name));
                        return None;
                    };
                    if let Some(servers) = self.wait.ns.get(&candidate) {
                        if !servers.is_empty() {
                            self.wait.zone_of[i] = Some(candidate);
                            continue;
                        }
                    }
                    return self.query(
                        QueryTarget::System,
                        &candidate,
                        QueryType::Ns,
                        DnsTask::Ns {
                            name: i,
                            candidate: at,
                        },
                    );
                }
            }
            // 2. The addresses of each name server.
            let zones: BTreeSet<String> = self.wait.zone_of.iter().flatten().cloned().collect();
            for zone in &zones {
                let servers = self.wait.ns.get(zone).cloned().unwrap_or_default();
                for server in servers {
                    if !self.wait.addresses.contains_key(&server) {
                        let query_type = if self.wait.asked_aaaa.contains(&server) {
                            QueryType::Aaaa
                        } else {
                            QueryType::A
                        };
                        return self.query(
                            QueryTarget::System,
                            &server.clone(),
                            query_type,
                            DnsTask::Addr { server, query_type },
                        );
                    }
                }
                if !self.wait.servers.contains_key(zone) {
                    let mut all: Vec<String> = self.wait.ns[zone]
                        .iter()
                        .flat_map(|s| self.wait.addresses[s].iter().cloned())
                        .collect();
                    all.sort();
                    all.dedup();
                    if all.is_empty() {
                        self.fail(no_servers(zone));
                        return None;
                    }
                    self.wait.servers.insert(zone.clone(), all.clone());
                    self.progress(PublicationEvent::Servers {
                        zone: Some(zone.clone()),
                        servers: all,
                    });
                    return None;
                }
            }
        }
        // 3. Rounds of TXT queries until every server serves every value.
        if let Some((server, name)) = self.wait.round.pop_front() {
            let fqdn = self.wait.names[name].0.clone();
            return self.query(
                QueryTarget::Server(server.clone()),
                &fqdn,
                QueryType::Txt,
                DnsTask::Txt { server, name },
            );
        }
        let unserved = self.unserved();
        if unserved.is_empty() {
            let names: Vec<String> = self.wait.names.iter().map(|(n, _)| n.clone()).collect();
            let mut servers: Vec<String> = self.wait.servers.values().flatten().cloned().collect();
            servers.sort();
            servers.dedup();
            self.published.servers = servers;
            self.progress(PublicationEvent::Served { names });
            self.stage_done();
            return None;
        }
        if self.wait.round_open {
            // A round ended with values still missing: wait, or give up.
            self.wait.round_open = false;
            let started = self.wait.started_ms.unwrap_or(now_ms);
            let waited = now_ms.saturating_sub(started);
            let timeout = self.options.timeout_ms;
            let mut names: Vec<String> = unserved
                .iter()
                .map(|(_, n)| self.wait.names[*n].0.clone())
                .collect();
            names.sort();
            names.dedup();
            if waited >= timeout {
                let servers: BTreeSet<&String> = unserved.iter().map(|(s, _)| s).collect();
                let servers: Vec<&str> = servers.into_iter().map(String::as_str).collect();
                self.fail(
                    DnsError::new(
                        ErrorCode::DnsNotServed,
                        format!(
                            "after {} s, {} not served with every value by {}",
                            waited / 1000,
                            names.join(", "),
                            servers.join(", ")
                        ),
                        "Check the records in the NCP console (Global DNS) and that the domain is \
                         delegated to the zone's name servers, then run the same command again \
                         (a longer --timeout, or --dns-resolver HOST:PORT to ask one server).",
                    )
                    .with("seconds", (waited / 1000).to_string())
                    .with("servers", servers.join(", "))
                    .with_names(names),
                );
                return None;
            }
            let pause = self.wait.pause_ms.min(timeout - waited).max(1);
            self.wait.pause_ms = (self.wait.pause_ms.saturating_mul(3) / 2).min(MAX_POLL_MS);
            self.progress(PublicationEvent::Waiting {
                not_served: names,
                waited_ms: waited,
                timeout_ms: timeout,
            });
            self.queue.push_back(PublicationAction::Sleep { ms: pause });
            return None;
        }
        self.wait.round = unserved.into();
        self.wait.round_open = true;
        None
    }

    fn start_wait(&mut self, now_ms: u64) {
        let mut names: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        for r in &self.records {
            names
                .entry(r.fqdn.clone())
                .or_default()
                .insert(r.value.clone());
        }
        let names: Vec<(String, BTreeSet<String>)> = names.into_iter().collect();
        let mut walk = Vec::new();
        let mut zone_of = Vec::new();
        for (name, _) in &names {
            // Start the walk at the zone Global DNS holds it in, when known.
            let known = self.published.zones.get(name);
            let at = known
                .and_then(|z| zone_candidates(name).iter().position(|c| c == z))
                .unwrap_or(0);
            walk.push(at);
            zone_of.push(None);
        }
        if let Some(resolver) = &self.options.resolver {
            let resolver = parse_resolver(resolver).unwrap_or_else(|_| resolver.clone());
            for z in &mut zone_of {
                *z = Some(String::new());
            }
            self.wait
                .servers
                .insert(String::new(), vec![resolver.clone()]);
            self.progress(PublicationEvent::Servers {
                zone: None,
                servers: vec![resolver],
            });
        }
        self.wait.names = names;
        self.wait.walk = walk;
        self.wait.zone_of = zone_of;
        self.wait.started_ms = Some(now_ms);
        self.wait.pause_ms = FIRST_POLL_MS;
    }

    /// (server, name) pairs not served yet.
    fn unserved(&self) -> Vec<(String, usize)> {
        let mut out = Vec::new();
        for (i, _) in self.wait.names.iter().enumerate() {
            let zone = self.wait.zone_of[i].clone().unwrap_or_default();
            for server in self.wait.servers.get(&zone).into_iter().flatten() {
                if !self.wait.served.contains(&(server.clone(), i)) {
                    out.push((server.clone(), i));
                }
            }
        }
        out
    }

    fn on_dns(&mut self, task: DnsTask, answer: Option<dnswire::DnsAnswer>) {
        match task {
            DnsTask::Ns { name, candidate } => {
                let zone = zone_candidates(&self.wait.names[name].0)
                    .get(candidate)
                    .cloned()
                    .unwrap_or_default();
                match answer {
                    Some(a) if a.no_error && !a.ns.is_empty() => {
                        self.wait.ns.insert(zone.clone(), a.ns);
                        self.wait.zone_of[name] = Some(zone);
                    }
                    // No NS here (or no answer): the zone is higher up.
                    _ => self.wait.walk[name] += 1,
                }
            }
            DnsTask::Addr { server, query_type } => {
                let addresses: Vec<String> = answer
                    .map(|a| {
                        a.addresses
                            .iter()
                            .map(|ip| std::net::SocketAddr::new(*ip, DNS_PORT).to_string())
                            .collect()
                    })
                    .unwrap_or_default();
                if addresses.is_empty() && query_type == QueryType::A {
                    self.wait.asked_aaaa.insert(server);
                } else {
                    self.wait.addresses.insert(server, addresses);
                }
            }
            DnsTask::Txt { server, name } => {
                let wanted = &self.wait.names[name].1;
                let served = answer.is_some_and(|a| {
                    a.no_error && wanted.iter().all(|v| a.txt.iter().any(|t| t == v))
                });
                if served {
                    self.wait.served.insert((server, name));
                }
            }
        }
    }
}

fn no_servers(name: &str) -> DnsError {
    DnsError::new(
        ErrorCode::DnsNoServers,
        format!("the authoritative name servers of {name} could not be found through the system resolver"),
        "Check that the domain is delegated (its NS records at the registrar point to the zone's \
         name servers), or give the server to ask with --dns-resolver HOST:PORT.",
    )
    .with_names(vec![name.to_owned()])
}

#[cfg(test)]
mod tests {
    use super::super::fake::FakeDns;
    use super::*;

    fn dns() -> GlobalDns {
        GlobalDns::custom("http://127.0.0.1:9").unwrap()
    }

    fn txt(fqdn: &str, value: &str) -> TxtRecord {
        TxtRecord::new(fqdn, value).unwrap()
    }

    /// Drives `machine` against `fake`; the outcome, the events and the time slept.
    fn run(
        machine: &mut Publication,
        fake: &mut FakeDns,
    ) -> (Result<Published, DnsError>, Vec<PublicationEvent>, u64) {
        let mut now = 1_000_000;
        let mut events = Vec::new();
        for _ in 0..10_000 {
            match machine.next(now).unwrap() {
                PublicationAction::Send(call) => {
                    let (status, body) = fake.http(&call.request);
                    machine.receive(status, &body).unwrap();
                }
                PublicationAction::Query(query) => match fake.dns(&query) {
                    Some(bytes) => machine.receive_dns(&bytes).unwrap(),
                    None => machine.dns_failed("timed out").unwrap(),
                },
                PublicationAction::Sleep { ms } => now += ms,
                PublicationAction::Progress(event) => events.push(event),
                PublicationAction::Done(result) => return (result, events, now - 1_000_000),
            }
        }
        panic!("the machine did not end");
    }

    #[test]
    fn present_groups_by_zone_skips_existing_and_applies_once_per_zone() {
        let mut fake = FakeDns::new(&[(1, "example.com"), (2, "example.net")]);
        fake.add(1, "_acme-challenge", "TXT", "old", false);
        fake.add(1, "www", "A", "192.0.2.1", false);
        let records = vec![
            txt("_acme-challenge.example.com.", "old"),
            txt("_acme-challenge.example.com", "new"),
            txt("_acme-challenge.www.example.com", "w"),
            txt("example.net", "apex"),
        ];
        let mut machine = Publication::present(dns(), records, PublicationOptions::new());
        let (result, events, _) = run(&mut machine, &mut fake);
        let published = result.unwrap();
        assert_eq!(
            published.already_present,
            [txt("_acme-challenge.example.com", "old")]
        );
        assert_eq!(published.created.len(), 3);
        assert_eq!(fake.count("POST /dns/v1/ncpdns/record/1"), 1);
        assert_eq!(fake.count("POST /dns/v1/ncpdns/record/2"), 1);
        assert_eq!(fake.count("PUT /dns/v1/ncpdns/record/apply/1"), 1);
        assert_eq!(fake.count("PUT /dns/v1/ncpdns/record/apply/2"), 1);
        // The body of the first zone's creation: relative hosts, bare values, TTL 60.
        let mut served = fake.served("_acme-challenge.example.com");
        served.sort();
        assert_eq!(served, ["new", "old"]);
        assert_eq!(fake.served("_acme-challenge.www.example.com"), ["w"]);
        assert_eq!(fake.served("example.net"), ["apex"]);
        assert_eq!(
            published.zones["_acme-challenge.www.example.com"],
            "example.com"
        );
        assert!(events
            .iter()
            .any(|e| matches!(e, PublicationEvent::Applied { zone } if zone == "example.net")));
        // Present again: nothing left to create, nothing applied.
        let calls = fake.calls.len();
        let mut again = Publication::present(
            dns(),
            vec![txt("_acme-challenge.example.com", "new")],
            PublicationOptions::new(),
        );
        let (result, _, _) = run(&mut again, &mut fake);
        assert!(result.unwrap().created.is_empty());
        assert!(
            fake.calls[calls..].iter().all(|c| c.starts_with("GET")),
            "{:?}",
            &fake.calls[calls..]
        );
    }

    #[test]
    fn preflight_refuses_missing_zones_and_foreign_pending_changes() {
        let mut fake = FakeDns::new(&[(1, "example.com")]);
        let mut machine = Publication::preflight(
            dns(),
            vec!["www.example.com".into(), "example.org".into()],
            PublicationOptions::new(),
        );
        let e = run(&mut machine, &mut fake).0.unwrap_err();
        assert_eq!(e.code, ErrorCode::DnsZoneMissing);
        crate::lang::assert_korean(&e.localized(crate::Lang::Ko).message);
        assert_eq!(e.names, ["example.org"]);

        let pending = fake.add(1, "www", "A", "192.0.2.7", true);
        let mut machine =
            Publication::preflight(dns(), vec!["example.com".into()], PublicationOptions::new());
        let e = run(&mut machine, &mut fake).0.unwrap_err();
        assert_eq!(e.code, ErrorCode::DnsPendingChanges);
        crate::lang::assert_korean(&e.localized(crate::Lang::Ko).message);
        assert!(e.message.contains("www A"), "{}", e.message);
        // The pending change is ours: fine.
        let mut machine = Publication::preflight(
            dns(),
            vec!["example.com".into()],
            PublicationOptions::new().ours(vec![pending]),
        );
        assert!(run(&mut machine, &mut fake).0.is_ok());
        // Nothing was changed by either.
        assert!(fake.calls.iter().all(|c| c.starts_with("GET")));
        // A pending deletion is a change too.
        let mut fake = FakeDns::new(&[(1, "example.com")]);
        let id = fake.add(1, "old", "TXT", "x", false);
        fake.records.iter_mut().for_each(|r| r.del = r.id == id);
        let mut machine =
            Publication::preflight(dns(), vec!["example.com".into()], PublicationOptions::new());
        assert_eq!(
            run(&mut machine, &mut fake).0.unwrap_err().code,
            ErrorCode::DnsPendingChanges
        );
    }

    #[test]
    fn duplicate_refusal_stops_and_keeps_the_other_value() {
        let mut fake = FakeDns::new(&[(1, "example.com")]);
        fake.refuse_duplicates = true;
        fake.add(1, "_acme-challenge", "TXT", "apex-value", false);
        let mut machine = Publication::present(
            dns(),
            vec![txt("_acme-challenge.example.com", "wildcard-value")],
            PublicationOptions::new(),
        );
        let e = run(&mut machine, &mut fake).0.unwrap_err();
        assert_eq!(e.code, ErrorCode::DnsDuplicateRecord);
        crate::lang::assert_korean(&e.localized(crate::Lang::Ko).message);
        assert_eq!(fake.served("_acme-challenge.example.com"), ["apex-value"]);
        assert_eq!(fake.count("DELETE"), 0);
    }

    #[test]
    fn cleanup_deletes_only_those_values_and_absent_is_fine() {
        let mut fake = FakeDns::new(&[(1, "example.com")]);
        fake.add(1, "_acme-challenge", "TXT", "ours", false);
        fake.add(1, "_acme-challenge", "TXT", "someone-else", false);
        fake.add(1, "other", "TXT", "ours", false);
        let mut machine = Publication::cleanup(
            dns(),
            vec![
                txt("_acme-challenge.example.com", "ours"),
                txt("gone.example.com", "v"),
            ],
            PublicationOptions::new(),
        );
        let published = run(&mut machine, &mut fake).0.unwrap();
        assert_eq!(
            published.deleted,
            [txt("_acme-challenge.example.com", "ours")]
        );
        assert_eq!(published.absent, [txt("gone.example.com", "v")]);
        assert_eq!(fake.served("_acme-challenge.example.com"), ["someone-else"]);
        assert_eq!(fake.served("other.example.com"), ["ours"]);
        let delete = fake
            .calls
            .iter()
            .filter(|c| c.starts_with("DELETE"))
            .count();
        assert_eq!(delete, 1);
        assert_eq!(fake.count("PUT"), 1);
        // Nothing left: success, nothing sent but reads.
        let calls = fake.calls.len();
        let mut again = Publication::cleanup(
            dns(),
            vec![txt("_acme-challenge.example.com", "ours")],
            PublicationOptions::new(),
        );
        assert!(run(&mut again, &mut fake).0.is_ok());
        assert!(fake.calls[calls..].iter().all(|c| c.starts_with("GET")));
    }

    #[test]
    fn waits_until_the_authoritative_servers_serve_every_value() {
        let mut fake = FakeDns::new(&[(1, "example.com")]);
        fake.lag = 3;
        let mut machine = Publication::present_and_wait(
            dns(),
            vec![
                txt("_acme-challenge.www.example.com", "v1"),
                txt("_acme-challenge.www.example.com", "v2"),
            ],
            PublicationOptions::new().entropy(42),
        );
        let (result, events, slept) = run(&mut machine, &mut fake);
        let published = result.unwrap();
        assert_eq!(published.servers, ["192.0.2.53:53"]);
        assert!(slept > 0);
        assert!(events
            .iter()
            .any(|e| matches!(e, PublicationEvent::Waiting { .. })));
        // NS through the system resolver (walking up), the server's address, then TXT at it.
        let kinds: Vec<(&str, &str)> = fake
            .queries
            .iter()
            .map(|(t, k, _)| (t.as_str(), k.as_str()))
            .collect();
        assert!(kinds.contains(&("system", "NS")) && kinds.contains(&("system", "A")));
        assert!(fake
            .queries
            .iter()
            .filter(|(t, _, _)| t != "system")
            .all(|(t, k, n)| t == "192.0.2.53:53"
                && k == "TXT"
                && n == "_acme-challenge.www.example.com"));
    }

    #[test]
    fn a_value_never_served_times_out_and_a_resolver_is_asked_alone() {
        let mut fake = FakeDns::new(&[(1, "example.com")]);
        // Waiting only: the record was never published.
        let mut machine = Publication::wait_served(
            vec![txt("_acme-challenge.example.com", "never")],
            PublicationOptions::new()
                .resolver(Some("127.0.0.1:5353".into()))
                .timeout_ms(20_000),
        );
        let (result, _, slept) = run(&mut machine, &mut fake);
        let e = result.unwrap_err();
        assert_eq!(e.code, ErrorCode::DnsNotServed);
        crate::lang::assert_korean(&e.localized(crate::Lang::Ko).message);
        assert_eq!(e.names, ["_acme-challenge.example.com"]);
        assert!((20_000..30_000).contains(&slept), "{slept}");
        assert!(fake
            .queries
            .iter()
            .all(|(t, k, _)| t == "127.0.0.1:5353" && k == "TXT"));
        assert!(fake.calls.is_empty());
        assert_eq!(parse_resolver("::1").unwrap(), "[::1]:53");
        assert!(parse_resolver("localhost:53").is_err());
    }

    #[test]
    fn transient_failures_are_retried_and_misuse_is_an_error() {
        let mut fake = FakeDns::new(&[(1, "example.com")]);
        let mut machine = Publication::present(
            dns(),
            vec![txt("_acme-challenge.example.com", "v")],
            PublicationOptions::new(),
        );
        let mut failed_create = false;
        let mut now = 0;
        let result = loop {
            match machine.next(now).unwrap() {
                PublicationAction::Send(call) => {
                    if call.purpose == DnsPurpose::CreateRecords && !failed_create {
                        // The record is made, but the answer is lost.
                        failed_create = true;
                        fake.http(&call.request);
                        assert!(machine.next(0).is_err());
                        machine.transport_failed(true, "reset").unwrap();
                    } else {
                        let (s, b) = fake.http(&call.request);
                        machine.receive(s, &b).unwrap();
                    }
                }
                PublicationAction::Sleep { ms } => now += ms,
                PublicationAction::Done(r) => break r,
                _ => {}
            }
        };
        assert!(result.is_ok());
        // The zone was read again and the record not created twice.
        assert_eq!(fake.count("POST"), 1);
        assert_eq!(fake.served("_acme-challenge.example.com"), ["v"]);
        assert!(machine.receive(200, b"").is_err());
    }
}

//! The hands-free issuance workflow: preflight, order, DCV records, publication (NCP Global
//! DNS or a hook), the propagation wait, waiting on NCP, the chain, and clean-up — every
//! decision made once, here, with no I/O.
//!
//! [`Issuance`] composes the order workflow (the paid call is never sent by anything else:
//! its actions are forwarded as they are) and the Global DNS [`Publication`] machine. The host
//! asks for the next [`Action`], performs it and feeds back what happened:
//!
//! | action | the host |
//! |---|---|
//! | `Journal(entry)` | appends `entry.to_line()` to its journal (or skips it) |
//! | `Send(call)` | signs `call.request` (clock + `call.clock_offset_ms`), sends it, feeds [`Issuance::receive`] or [`Issuance::transport_failed`] |
//! | `Query(query)` | sends `query.wire` over UDP (TCP when `query.tcp`) to `query.target`, feeds [`Issuance::receive_dns`] or [`Issuance::dns_failed`] |
//! | `Hook(hook)` | runs the hook (`CMD present|cleanup FQDN VALUE` with `hook.env`), feeds [`Issuance::hook_done`] |
//! | `Sleep { ms }` | sleeps |
//! | `Progress(event)` | shows it |
//! | `Done(result)` | reports the [`Issued`] files or the [`IssuanceError`] |

// One action at a time, moved to the host once: boxing the large variants saves nothing.
#![allow(clippy::large_enum_variant, clippy::result_large_err)]

use serde::Serialize;
use serde_with::serde_as;
use std::collections::VecDeque;

use crate::codes::ErrorCode;
use crate::globaldns::{
    DnsError, DnsPurpose, DnsQuery, GlobalDns, Publication, PublicationAction, PublicationEvent,
    PublicationOptions, Published, TxtRecord, DEFAULT_PROPAGATION_TIMEOUT_MS,
};
use crate::order::{
    self, JournalEntry, OrderError, OrderIdentity, OrderOptions, OrderPath, OrderWorkflow,
    PlacedOrder, WorkflowMisuse,
};
use crate::{
    parse_certificate_chain, parse_certificate_list, parse_dcv_statuses, validation_domains,
    CertificateChain, CertificateStatus, CertificateSummary, DcvRecord, DcvState, DcvStatuses,
    GetCertificateChain, ListAdvancedCertificates, ListDcvStatuses, Outcome, PreparedRequest, Site,
};

/// The longest pause between two polls of NCP, unless the poll interval is longer.
const MAX_POLL_MS: u64 = 300_000;

/// How the DCV records are published.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum DnsMode {
    /// In NCP Global DNS, with the account's keys.
    #[default]
    Ncloud,
    /// By the host's hook (`present` / `cleanup`).
    Hook,
    /// By the user: the host shows the records NCP asks for ([`IssuanceEvent::Validation`]);
    /// nothing is checked before ordering, published or cleaned up. While waiting, each poll
    /// reads the records again.
    Manual,
}

/// How the issuance proceeds; build with [`IssuanceOptions::new`] and the setters.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct IssuanceOptions {
    /// `D` (one-time records: deleted afterwards) or `PD` (persistent: kept). Default `D`.
    pub validation_method: String,
    /// Default [`DnsMode::Ncloud`].
    pub dns: DnsMode,
    /// Where the Global DNS calls go.
    pub global_dns: GlobalDns,
    /// Ask only this server (`HOST:PORT`) whether the records are served.
    pub resolver: Option<String>,
    /// The first pause between two polls of NCP (default 30 000 ms); each next one is half
    /// again as long, up to 300 000 ms (or this, when longer).
    pub poll_interval_ms: u64,
    /// How long to wait for NCP to issue (default 3 600 000 ms).
    pub wait_timeout_ms: u64,
    /// How long to wait until the records are served (default 300 000 ms).
    pub propagation_timeout_ms: u64,
    /// The DCV item's field holding the TXT value, when none of the known names does.
    pub dcv_value_field: Option<String>,
    /// The order workflow's options (retries, backoff, journal, …).
    pub order: OrderOptions,
    /// Entropy the host drew for DNS query ids.
    pub entropy: u64,
    /// Wait for NCP to issue (default `true`). Only [`DnsMode::Manual`] may not: the run then
    /// ends once the records are shown, with [`ErrorCode::OrderPending`] (the order exists).
    pub wait: bool,
}

impl Default for IssuanceOptions {
    fn default() -> Self {
        IssuanceOptions {
            validation_method: String::from("D"),
            dns: DnsMode::Ncloud,
            global_dns: GlobalDns::public(),
            resolver: None,
            poll_interval_ms: 30_000,
            wait_timeout_ms: 3_600_000,
            propagation_timeout_ms: DEFAULT_PROPAGATION_TIMEOUT_MS,
            dcv_value_field: None,
            order: OrderOptions::default(),
            entropy: 0,
            wait: true,
        }
    }
}

impl IssuanceOptions {
    /// The defaults.
    pub fn new() -> Self {
        Self::default()
    }
    /// Sets [`validation_method`](Self::validation_method).
    pub fn validation_method(mut self, method: impl Into<String>) -> Self {
        self.validation_method = method.into().trim().to_ascii_uppercase();
        self
    }
    /// Reissue certificate `certificate_no` instead of ordering (free within its order's
    /// subscription): the request's CSR, certificate name (a new one), names and validation
    /// method are sent with ReissueCertificate through the order workflow
    /// ([`OrderOptions::reissue`]), then the records are published and the new certificate
    /// waited for exactly as for an order.
    pub fn reissue(mut self, certificate_no: u64) -> Self {
        self.order.reissue = Some(certificate_no);
        self
    }
    /// Sets [`dns`](Self::dns).
    pub fn dns(mut self, mode: DnsMode) -> Self {
        self.dns = mode;
        self
    }
    /// Sets [`global_dns`](Self::global_dns).
    pub fn global_dns(mut self, dns: GlobalDns) -> Self {
        self.global_dns = dns;
        self
    }
    /// Sets [`resolver`](Self::resolver).
    pub fn resolver(mut self, resolver: Option<String>) -> Self {
        self.resolver = resolver;
        self
    }
    /// Sets [`poll_interval_ms`](Self::poll_interval_ms).
    pub fn poll_interval_ms(mut self, ms: u64) -> Self {
        self.poll_interval_ms = ms;
        self
    }
    /// Sets [`wait_timeout_ms`](Self::wait_timeout_ms).
    pub fn wait_timeout_ms(mut self, ms: u64) -> Self {
        self.wait_timeout_ms = ms;
        self
    }
    /// Sets [`propagation_timeout_ms`](Self::propagation_timeout_ms).
    pub fn propagation_timeout_ms(mut self, ms: u64) -> Self {
        self.propagation_timeout_ms = ms;
        self
    }
    /// Sets [`dcv_value_field`](Self::dcv_value_field).
    pub fn dcv_value_field(mut self, field: Option<String>) -> Self {
        self.dcv_value_field = field.filter(|f| !f.trim().is_empty());
        self
    }
    /// Sets [`order`](Self::order).
    pub fn order(mut self, options: OrderOptions) -> Self {
        self.order = options;
        self
    }
    /// Sets [`entropy`](Self::entropy).
    pub fn entropy(mut self, entropy: u64) -> Self {
        self.entropy = entropy;
        self
    }
    /// Sets [`wait`](Self::wait).
    pub fn wait(mut self, wait: bool) -> Self {
        self.wait = wait;
        self
    }

    fn keeps_records(&self) -> bool {
        self.validation_method == "PD"
    }
}

/// What a call is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
// The order workflow's `Purpose` has the schema name already.
#[cfg_attr(feature = "schema", schemars(rename = "IssuancePurpose"))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub enum Purpose {
    /// The paid request.
    Order,
    /// ListAdvancedCertificates by name (the order workflow's lookup).
    Lookup,
    /// GetCertificateChain.
    Chain,
    /// ListDcvStatuses.
    Dcv,
    /// ListAdvancedCertificates while waiting for issuance.
    Status,
    /// Global DNS FindZone.
    FindZone,
    /// Global DNS ListRecords.
    ListRecords,
    /// Global DNS CreateRecords.
    CreateRecords,
    /// Global DNS DeleteRecords.
    DeleteRecords,
    /// Global DNS Apply.
    Apply,
}

/// A call to sign and send.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Call {
    /// What to sign and send.
    pub request: PreparedRequest,
    /// What it is for.
    pub purpose: Purpose,
    /// `true` for the paid request (the journal entry was given just before).
    pub paid: bool,
    /// The paid attempt (order calls only; 0 otherwise).
    pub attempt: u32,
    /// Milliseconds to add to the host's clock when signing.
    pub clock_offset_ms: i64,
}

/// Which hook operation.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum HookOp {
    /// Publish the record.
    Present,
    /// Remove it.
    Cleanup,
}

/// A hook to run: `CMD present|cleanup FQDN VALUE` (lego's `exec` convention: the name with
/// a trailing dot) with `env` added to its environment; feed [`Issuance::hook_done`].
#[serde_as]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct HookCall {
    /// `present` or `cleanup`.
    pub op: HookOp,
    /// The record's name with a trailing dot.
    pub fqdn_with_dot: String,
    /// The value.
    pub value: String,
    /// `NCPCERT_DOMAIN`, `NCPCERT_RECORD_NAME`, `NCPCERT_RECORD_VALUE`, and for `present`
    /// `NCPCERT_REMAINING`.
    #[serde_as(as = "serde_with::Map<_, _>")]
    pub env: Vec<(String, String)>,
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
pub enum IssuanceEvent {
    /// The order exists.
    Ordered {
        /// Accepted or recovered.
        path: OrderPath,
        /// Its number.
        certificate_no: u64,
    },
    /// The records NCP asks for.
    Records {
        /// Each record, with the validation name it is for.
        records: Vec<TxtRecord>,
    },
    /// A step of the Global DNS publication.
    Dns {
        /// What happened.
        detail: PublicationEvent,
    },
    /// The domain validation records NCP asks for, per validation name, for the user to
    /// publish ([`DnsMode::Manual`]): given once they are read after the order, and again
    /// whenever NCP changes a record's name or value.
    Validation {
        /// The order.
        certificate_no: u64,
        /// NCP's answer for each validation name.
        domains: Vec<DomainValidation>,
    },
    /// NCP has not issued yet.
    Waiting {
        /// The certificate's state.
        status: String,
        /// Milliseconds waited.
        waited_ms: u64,
        /// The limit.
        timeout_ms: u64,
        /// Milliseconds until the next check.
        next_check_ms: u64,
    },
    /// NCP issued the certificate.
    Issued {
        /// Its number.
        certificate_no: u64,
    },
    /// The records were kept (`PD`).
    Kept {
        /// The records.
        records: Vec<TxtRecord>,
    },
}

/// NCP's domain validation records for one validation name (ListDcvStatuses).
///
/// Serialises as `{"domain", "validated", "answer": <the ListDcvStatuses answer>}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct DomainValidation {
    /// The name asked about (`domainAddress`).
    pub domain: String,
    /// Every record of the name is validated.
    pub validated: bool,
    /// NCP's answer, every field kept.
    pub answer: DcvStatuses,
}

impl DomainValidation {
    /// The states of the name's records: `pending`, `success+pending`, or `no record yet`.
    pub fn states(&self) -> String {
        if self.answer.records.is_empty() {
            return String::from("no record yet");
        }
        self.answer
            .records
            .iter()
            .map(|r| r.state.as_str())
            .collect::<Vec<_>>()
            .join("+")
    }
}

/// One line for people: `www.example.com pending, example.com success`.
pub fn validation_states(domains: &[DomainValidation]) -> String {
    domains
        .iter()
        .map(|d| format!("{} {}", d.domain, d.states()))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What the host does next.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Action {
    /// Append to the journal, then ask again.
    Journal(JournalEntry),
    /// Sign and send.
    Send(Call),
    /// Send this DNS query.
    Query(DnsQuery),
    /// Run the hook.
    Hook(HookCall),
    /// Wait, then ask again.
    Sleep {
        /// Milliseconds.
        ms: u64,
    },
    /// Show this, then ask again.
    Progress(IssuanceEvent),
    /// Over. Asking again gives the same.
    Done(Result<Issued, IssuanceError>),
}

/// The certificate, issued and proved to hold the CSR's key.
///
/// Serialises as `{"certificateNo", "certificateName", "path", "files": {"cert.pem", …},
/// "records", "created", "kept", "cleanupError"?, "order"}`.
#[serde_as]
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct Issued {
    /// The certificate's number.
    pub certificate_no: u64,
    /// Its name.
    pub certificate_name: String,
    /// Accepted, or recovered.
    pub path: OrderPath,
    /// The four PEM files by name (`cert.pem`, `chain.pem`, `fullchain.pem`, `root.pem`; a
    /// part NCP did not send is left out).
    #[serde_as(as = "serde_with::Map<_, _>")]
    pub files: Vec<(String, String)>,
    /// The records published for the validation.
    pub records: Vec<TxtRecord>,
    /// The records this run created.
    pub created: Vec<TxtRecord>,
    /// The records were kept (`PD`).
    pub kept: bool,
    /// The clean-up failed (the certificate is fine; the records are still there).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cleanup_error: Option<DnsError>,
    /// The order as the order workflow placed or found it.
    pub order: PlacedOrder,
}

/// Why the workflow ended without the certificate. Serialises as the hosts' error shape:
/// `{"type", "code", "message", "hint", "certificateName", "certificateNo"?, "ordered",
/// "fields"?, "order"?, "dns"?, "cleanupError"?}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct IssuanceError {
    /// The code's error type (`dns`, `order`, …).
    #[serde(rename = "type")]
    pub error_type: &'static str,
    /// The code.
    pub code: ErrorCode,
    /// What happened.
    pub message: String,
    /// What to do.
    pub hint: String,
    /// The request's certificate name.
    pub certificate_name: String,
    /// The order, when it exists.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub certificate_no: Option<u64>,
    /// Whether an order exists (running the same command again resumes it).
    pub ordered: bool,
    /// For `dns.value_field`: every field NCP sent in the DCV items.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<String>,
    /// The order workflow's error, when it ended the run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub order: Option<OrderError>,
    /// The Global DNS error, when it ended the run.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub dns: Option<DnsError>,
    /// The clean-up after the failure failed too.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub cleanup_error: Option<DnsError>,
    /// The values the code's text quotes in other languages (see [`crate::lang`]).
    #[serde(skip)]
    #[cfg_attr(feature = "schema", schemars(skip))]
    args: crate::lang::Args,
}

impl IssuanceError {
    fn with(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.args.push((name, value.into()));
        self
    }

    /// The error with its messages in `lang`: in a language other than English, the message
    /// is the code's text with this case's values (the DNS or order error's, when one ended
    /// the run) and the hint names the certificate and says whether running again resumes an
    /// order. Codes and every other field are unchanged.
    pub fn localized(&self, lang: crate::Lang) -> IssuanceError {
        let mut error = self.clone();
        if lang == crate::Lang::En {
            return error;
        }
        error.dns = self.dns.as_ref().map(|e| e.localized(lang));
        error.cleanup_error = self.cleanup_error.as_ref().map(|e| e.localized(lang));
        error.order = self.order.as_ref().map(|e| e.localized(lang));
        error.message = match (&error.dns, &error.order) {
            (Some(dns), _) => dns.message.clone(),
            (None, Some(order)) => order.message.clone(),
            (None, None) => crate::lang::render(self.code.translation(lang), &self.args),
        };
        error.hint = crate::lang::issuance_hint(
            lang,
            &self.certificate_name,
            self.certificate_no,
            self.ordered,
        );
        error
    }
}

impl std::fmt::Display for IssuanceError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} [{}]", self.message, self.code)
    }
}

impl std::error::Error for IssuanceError {}

#[derive(Clone, Debug)]
enum Phase {
    Preflight(Publication),
    Order,
    Dcv,
    Publish(Publication),
    Hooks,
    Propagation(Publication),
    /// Before a poll ([`DnsMode::Manual`]): stop at the limit, or show the wait and sleep.
    Wait,
    Poll,
    Chain,
    Cleanup(Publication),
    CleanupHooks,
    Finished,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Awaiting {
    Order,
    Publication,
    Dcv,
    Status,
    Chain,
    Hook,
}

/// The issuance workflow; see the [module](self) documentation.
#[derive(Clone, Debug)]
pub struct Issuance {
    options: IssuanceOptions,
    workflow: OrderWorkflow,
    identity: OrderIdentity,
    site: Site,
    domains: Vec<String>,
    phase: Phase,
    queue: VecDeque<Action>,
    awaiting: Option<Awaiting>,
    clock_offset_ms: i64,
    placed: Option<PlacedOrder>,
    /// DCV answers per validation domain, in order (the round being read).
    dcv: Vec<Option<DcvStatuses>>,
    /// The last complete round of DCV answers.
    validation: Vec<DomainValidation>,
    /// The records' names and values last shown ([`DnsMode::Manual`]).
    shown: Option<Vec<(Option<String>, Option<String>)>>,
    /// What the last poll found: `None` before the first poll, `Some(None)` when the
    /// certificate was not listed yet.
    found: Option<Option<CertificateSummary>>,
    /// (validation domain, record) to publish.
    records: Vec<(String, TxtRecord)>,
    /// Records this run created (Global DNS) or presented (hook).
    created: Vec<TxtRecord>,
    hook_index: usize,
    failures: u32,
    poll_started_ms: Option<u64>,
    /// The host's clock when the last status call was made.
    poll_now: u64,
    poll_pause_ms: u64,
    chain: Option<CertificateChain>,
    /// The outcome waiting for the clean-up to end.
    outcome: Option<Result<Issued, IssuanceError>>,
    cleanup_error: Option<DnsError>,
    result: Option<Result<Issued, IssuanceError>>,
}

impl Issuance {
    /// The workflow of the prepared issuance request (as `prepare` returned it, CSR inside):
    /// nothing is sent before the preflight passes (for [`DnsMode::Ncloud`]).
    pub fn new(
        prepared: &PreparedRequest,
        options: IssuanceOptions,
    ) -> Result<Self, crate::ArgumentError> {
        let workflow = OrderWorkflow::from_prepared(prepared, options.order.clone())?;
        let identity = workflow.identity().clone();
        let base = prepared
            .url
            .strip_suffix(crate::ISSUANCE_PATH)
            .unwrap_or(crate::BASE_URL_PUBLIC);
        let site = Site::custom(base).map_err(|e| crate::ArgumentError::new(e.to_string()))?;
        if options.dns != DnsMode::Manual
            && !matches!(options.validation_method.as_str(), "D" | "PD")
        {
            return Err(crate::ArgumentError::new(format!(
                "the validation method {:?} is not one hands-free issuance publishes; use D \
                 (one-time DNS records) or PD (persistent DNS records)",
                options.validation_method
            )));
        }
        // In the request's order (the common name, then each dnsName), as people wrote them;
        // the identity's names are a sorted set.
        let requested: Vec<String> = prepared
            .body
            .as_deref()
            .and_then(|b| serde_json::from_str::<serde_json::Value>(b).ok())
            .map(|body| {
                let common = body["commonName"].as_str().map(str::to_owned);
                let sans = body["dnsName"].as_array().cloned().unwrap_or_default();
                common
                    .into_iter()
                    .chain(sans.iter().filter_map(|n| n.as_str().map(str::to_owned)))
                    .collect()
            })
            .unwrap_or_default();
        let domains = if requested.is_empty() {
            validation_domains(identity.names.iter().map(String::as_str))
        } else {
            validation_domains(requested.iter().map(String::as_str))
        };
        let phase = match options.dns {
            DnsMode::Ncloud => Phase::Preflight(Publication::preflight(
                options.global_dns.clone(),
                domains.clone(),
                PublicationOptions::new().backoff_ms(options.order.backoff_ms),
            )),
            DnsMode::Hook | DnsMode::Manual => Phase::Order,
        };
        Ok(Issuance {
            dcv: vec![None; domains.len()],
            validation: Vec::new(),
            shown: None,
            found: None,
            options,
            workflow,
            identity,
            site,
            domains,
            phase,
            queue: VecDeque::new(),
            awaiting: None,
            clock_offset_ms: 0,
            placed: None,
            records: Vec::new(),
            created: Vec::new(),
            hook_index: 0,
            failures: 0,
            poll_started_ms: None,
            poll_now: 0,
            poll_pause_ms: 0,
            chain: None,
            outcome: None,
            cleanup_error: None,
            result: None,
        })
    }

    /// The names validated (the common name and every `dnsName`, wildcards through their
    /// base name).
    pub fn validation_domains(&self) -> &[String] {
        &self.domains
    }

    /// What identifies the request's order (certificate name, names, type, body digest).
    pub fn identity(&self) -> &OrderIdentity {
        &self.identity
    }

    /// The order, once placed or found.
    pub fn placed(&self) -> Option<&PlacedOrder> {
        self.placed.as_ref()
    }

    /// NCP's domain validation records as last read (empty before the order).
    pub fn validation(&self) -> &[DomainValidation] {
        &self.validation
    }

    /// The issued certificate's chain as NCP sent it (every field kept), once read.
    pub fn chain(&self) -> Option<&CertificateChain> {
        self.chain.as_ref()
    }

    /// The order workflow's steps so far (attempts, lookups, the chain's key check).
    pub fn order_steps(&self) -> &[order::Step] {
        self.workflow.steps()
    }

    /// The next thing to do; `now_ms` is the host's clock.
    pub fn next(&mut self, now_ms: u64) -> Result<Action, WorkflowMisuse> {
        if self.awaiting.is_some() {
            return Err(WorkflowMisuse(String::from(
                "the action given last has no answer yet: feed it (receive, receive_dns, \
                 hook_done) or its failure before asking for the next action",
            )));
        }
        loop {
            if let Some(action) = self.queue.pop_front() {
                return Ok(action);
            }
            if let Some(result) = &self.result {
                return Ok(Action::Done(result.clone()));
            }
            if let Some(action) = self.advance(now_ms)? {
                return Ok(action);
            }
        }
    }

    /// Feeds the answer to the call sent last (its `Date` header and the time it arrived let
    /// the order workflow correct a clock NCP refused).
    pub fn receive(
        &mut self,
        http_status: u16,
        body: &[u8],
        date: Option<&str>,
        received_at_ms: Option<u64>,
    ) -> Result<(), WorkflowMisuse> {
        match self.awaiting.take() {
            Some(Awaiting::Order) => {
                let fed = self
                    .workflow
                    .receive(http_status, body, date, received_at_ms);
                self.kept_on_misuse(Awaiting::Order, fed)
            }
            Some(Awaiting::Publication) => {
                let fed = self
                    .publication()
                    .and_then(|p| p.receive(http_status, body));
                self.kept_on_misuse(Awaiting::Publication, fed)
            }
            Some(Awaiting::Dcv) => {
                self.on_dcv(Ok((http_status, body)));
                Ok(())
            }
            Some(Awaiting::Status) => {
                self.on_status(Ok((http_status, body)));
                Ok(())
            }
            Some(Awaiting::Chain) => {
                self.on_chain(Ok((http_status, body)));
                Ok(())
            }
            other => Err(self.out_of_turn(other)),
        }
    }

    /// Feeds the failure of the call sent last (`written`: any byte of the request reached
    /// the connection).
    pub fn transport_failed(&mut self, written: bool, message: &str) -> Result<(), WorkflowMisuse> {
        match self.awaiting.take() {
            Some(Awaiting::Order) => {
                let fed = self.workflow.transport_failed(written, message);
                self.kept_on_misuse(Awaiting::Order, fed)
            }
            Some(Awaiting::Publication) => {
                let fed = self
                    .publication()
                    .and_then(|p| p.transport_failed(written, message));
                self.kept_on_misuse(Awaiting::Publication, fed)
            }
            Some(Awaiting::Dcv) => {
                self.on_dcv(Err(message));
                Ok(())
            }
            Some(Awaiting::Status) => {
                self.on_status(Err(message));
                Ok(())
            }
            Some(Awaiting::Chain) => {
                self.on_chain(Err(message));
                Ok(())
            }
            other => Err(self.out_of_turn(other)),
        }
    }

    /// Feeds the answer's bytes to the DNS query sent last.
    pub fn receive_dns(&mut self, bytes: &[u8]) -> Result<(), WorkflowMisuse> {
        match self.awaiting.take() {
            Some(Awaiting::Publication) => {
                let fed = self.publication().and_then(|p| p.receive_dns(bytes));
                self.kept_on_misuse(Awaiting::Publication, fed)
            }
            other => Err(self.out_of_turn(other)),
        }
    }

    /// Feeds the failure of the DNS query sent last.
    pub fn dns_failed(&mut self, message: &str) -> Result<(), WorkflowMisuse> {
        match self.awaiting.take() {
            Some(Awaiting::Publication) => {
                let fed = self.publication().and_then(|p| p.dns_failed(message));
                self.kept_on_misuse(Awaiting::Publication, fed)
            }
            other => Err(self.out_of_turn(other)),
        }
    }

    /// Feeds the hook's outcome: `ok` when it exited 0; `output` is what it printed (shown
    /// when it failed).
    pub fn hook_done(&mut self, ok: bool, output: &str) -> Result<(), WorkflowMisuse> {
        match self.awaiting.take() {
            Some(Awaiting::Hook) => {
                self.on_hook(ok, output);
                Ok(())
            }
            other => Err(self.out_of_turn(other)),
        }
    }

    /// A misfed answer changes nothing: the action given last still waits for its own.
    fn kept_on_misuse(
        &mut self,
        had: Awaiting,
        fed: Result<(), WorkflowMisuse>,
    ) -> Result<(), WorkflowMisuse> {
        if fed.is_err() {
            self.awaiting = Some(had);
        }
        fed
    }

    fn out_of_turn(&mut self, had: Option<Awaiting>) -> WorkflowMisuse {
        self.awaiting = had;
        WorkflowMisuse(String::from(
            "this answer is not for the action given last: feed each action's own answer \
             (receive / transport_failed for send, receive_dns / dns_failed for query, \
             hook_done for hook)",
        ))
    }

    fn publication(&mut self) -> Result<&mut Publication, WorkflowMisuse> {
        match &mut self.phase {
            Phase::Preflight(p) | Phase::Publish(p) | Phase::Propagation(p) | Phase::Cleanup(p) => {
                Ok(p)
            }
            _ => Err(WorkflowMisuse(String::from("no DNS step is running"))),
        }
    }

    fn certificate_no(&self) -> Option<u64> {
        self.placed.as_ref().map(|p| p.certificate_no)
    }

    fn error(&self, code: ErrorCode, message: String, hint: String) -> IssuanceError {
        IssuanceError {
            error_type: code.error_type(),
            code,
            message,
            hint,
            certificate_name: self.identity.certificate_name.clone(),
            certificate_no: self.certificate_no(),
            ordered: self.placed.is_some(),
            fields: Vec::new(),
            order: None,
            dns: None,
            cleanup_error: None,
            args: Vec::new(),
        }
    }

    /// A DNS failure as the run's error; after the order, with how to go on.
    fn dns_error(&self, e: DnsError) -> IssuanceError {
        let mut hint = e.hint.clone();
        if let Some(no) = self.certificate_no() {
            hint.push_str(&format!(
                " The order exists (certificateNo {no}): running the same command again \
                 resumes it and never orders twice."
            ));
        } else {
            hint.push_str(" Nothing was ordered.");
        }
        let mut error = self.error(e.code, e.message.clone(), hint);
        error.dns = Some(e);
        error
    }

    /// A read after the order that kept failing: the order exists (exit status 3).
    fn after_order(&self, what: &str, why: String) -> IssuanceError {
        let no = self.certificate_no().unwrap_or_default();
        self.error(
            ErrorCode::OrderOutcomeUnknown,
            format!(
                "{what} failed: {why}. The order exists (certificateNo {no}); ncpcert could not \
                 follow it."
            ),
            format!(
                "Do not request it again: run the same command again (it resumes without \
                 ordering), or continue with `ncpcert status {no}`, `ncpcert dcv {no}` and \
                 `ncpcert chain {no} --out DIR`."
            ),
        )
    }

    fn call(&mut self, awaiting: Awaiting, purpose: Purpose, request: PreparedRequest) -> Action {
        self.awaiting = Some(awaiting);
        Action::Send(Call {
            request,
            purpose,
            paid: false,
            attempt: 0,
            clock_offset_ms: self.clock_offset_ms,
        })
    }

    fn advance(&mut self, now_ms: u64) -> Result<Option<Action>, WorkflowMisuse> {
        match &mut self.phase {
            Phase::Preflight(p) | Phase::Publish(p) | Phase::Propagation(p) | Phase::Cleanup(p) => {
                let action = p.next(now_ms)?;
                Ok(self.forward(action))
            }
            Phase::Order => Ok(match self.workflow.next(now_ms)? {
                order::Action::Journal(entry) => Some(Action::Journal(entry)),
                order::Action::Sleep { ms } => Some(Action::Sleep { ms }),
                order::Action::Send(call) => {
                    self.awaiting = Some(Awaiting::Order);
                    self.clock_offset_ms = call.clock_offset_ms;
                    Some(Action::Send(Call {
                        purpose: match call.purpose {
                            order::Purpose::Order => Purpose::Order,
                            order::Purpose::Lookup => Purpose::Lookup,
                            _ => Purpose::Chain,
                        },
                        paid: call.paid,
                        attempt: call.attempt,
                        clock_offset_ms: call.clock_offset_ms,
                        request: call.request,
                    }))
                }
                order::Action::Done(result) => {
                    self.on_order(result);
                    None
                }
            }),
            Phase::Dcv => Ok(self.next_dcv(now_ms)),
            Phase::Hooks | Phase::CleanupHooks => Ok(self.next_hook()),
            Phase::Wait => {
                self.next_wait(now_ms);
                Ok(None)
            }
            Phase::Poll => Ok(self.next_poll(now_ms)),
            Phase::Chain => {
                let no = self.certificate_no().unwrap_or_default();
                let request = GetCertificateChain::new(no)
                    .prepare(&self.site)
                    .unwrap_or_else(|_| PreparedRequest::get(&self.site, "/"));
                Ok(Some(self.call(Awaiting::Chain, Purpose::Chain, request)))
            }
            Phase::Finished => {
                self.result = Some(self.outcome.take().unwrap_or_else(|| {
                    Err(self.error(
                        ErrorCode::InternalMisuse,
                        String::from("the workflow ended without an outcome"),
                        String::new(),
                    ))
                }));
                Ok(None)
            }
        }
    }

    /// A publication action as the issuance's; its end moves the issuance on.
    fn forward(&mut self, action: PublicationAction) -> Option<Action> {
        match action {
            PublicationAction::Send(call) => {
                let purpose = match call.purpose {
                    DnsPurpose::FindZone => Purpose::FindZone,
                    DnsPurpose::ListRecords => Purpose::ListRecords,
                    DnsPurpose::CreateRecords => Purpose::CreateRecords,
                    DnsPurpose::DeleteRecords => Purpose::DeleteRecords,
                    _ => Purpose::Apply,
                };
                self.awaiting = Some(Awaiting::Publication);
                Some(Action::Send(Call {
                    request: call.request,
                    purpose,
                    paid: false,
                    attempt: 0,
                    // Global DNS and Certificate Manager sit behind the same gateway.
                    clock_offset_ms: self.clock_offset_ms,
                }))
            }
            PublicationAction::Query(query) => {
                self.awaiting = Some(Awaiting::Publication);
                Some(Action::Query(query))
            }
            PublicationAction::Sleep { ms } => Some(Action::Sleep { ms }),
            PublicationAction::Progress(detail) => {
                Some(Action::Progress(IssuanceEvent::Dns { detail }))
            }
            PublicationAction::Done(result) => {
                self.on_publication(result);
                None
            }
        }
    }

    fn on_publication(&mut self, result: Result<Published, DnsError>) {
        let phase = std::mem::replace(&mut self.phase, Phase::Finished);
        match (phase, result) {
            (Phase::Preflight(_), Ok(_)) => self.phase = Phase::Order,
            (Phase::Preflight(_), Err(e)) => self.outcome = Some(Err(self.dns_error(e))),
            (Phase::Publish(p), result) => {
                self.created = p.published().created.clone();
                match result {
                    Ok(_) => self.start_propagation(),
                    Err(e) => self.stop(Err(self.dns_error(e))),
                }
            }
            (Phase::Propagation(_), Ok(_)) => self.start_poll(),
            (Phase::Propagation(_), Err(e)) => self.stop(Err(self.dns_error(e))),
            (Phase::Cleanup(_), result) => {
                if let Err(e) = result {
                    self.cleanup_error = Some(e);
                }
                self.finish_cleanup();
            }
            (other, _) => self.phase = other,
        }
    }

    fn on_order(&mut self, result: Result<PlacedOrder, OrderError>) {
        match result {
            Err(e) => {
                let mut error = self.error(e.code, e.message.clone(), e.hint.clone());
                error.certificate_no = e.certificate_no;
                error.ordered = e.code == ErrorCode::OrderOutcomeUnknown;
                error.order = Some(e);
                self.outcome = Some(Err(error));
                self.phase = Phase::Finished;
            }
            Ok(placed) => {
                self.queue
                    .push_back(Action::Progress(IssuanceEvent::Ordered {
                        path: placed.path,
                        certificate_no: placed.certificate_no,
                    }));
                let chain = placed.chain.clone();
                self.placed = Some(placed);
                match chain {
                    // Recovered and issued: the order workflow proved the key already.
                    Some(chain) => self.issued(chain),
                    None => self.phase = Phase::Dcv,
                }
            }
        }
    }

    fn next_dcv(&mut self, _now_ms: u64) -> Option<Action> {
        if let Some(i) = self.dcv.iter().position(Option::is_none) {
            let no = self.certificate_no().unwrap_or_default();
            let request = ListDcvStatuses::new(no, self.domains[i].clone())
                .prepare(&self.site)
                .unwrap_or_else(|_| PreparedRequest::get(&self.site, "/"));
            return Some(self.call(Awaiting::Dcv, Purpose::Dcv, request));
        }
        // Every answer is in: the records to publish, with their values.
        let mut records = Vec::new();
        let mut missing = false;
        let mut fields: Vec<String> = Vec::new();
        self.validation = self
            .domains
            .iter()
            .zip(&self.dcv)
            .filter_map(|(domain, answer)| {
                // Every answer is in (a round ends only then).
                let answer = answer.clone()?;
                Some(DomainValidation {
                    domain: domain.clone(),
                    validated: answer.is_validated(),
                    answer,
                })
            })
            .collect();
        if self.options.dns == DnsMode::Manual {
            self.manual_round();
            return None;
        }
        for (domain, items) in self.domains.iter().zip(&self.dcv) {
            for item in items.iter().flat_map(|s| &s.records) {
                if item.state == DcvState::Success {
                    continue;
                }
                for field in sent_fields(item) {
                    if !fields.contains(&field) {
                        fields.push(field);
                    }
                }
                let value = match &self.options.dcv_value_field {
                    Some(field) => value_of(item, field),
                    None => item.txt_value.clone(),
                };
                match (item.fqdn_for(domain), value) {
                    (Some(name), Some(value)) => match TxtRecord::new(&name, &value) {
                        Ok(record) => records.push((domain.clone(), record)),
                        Err(e) => {
                            let error = self
                                .error(
                                    ErrorCode::DnsValueField,
                                    format!(
                                    "NCP's validation record for {domain} cannot be published: {}",
                                    e.message()
                                ),
                                    self.value_field_hint(),
                                )
                                .with("domain", domain.clone())
                                .with("detail", e.message());
                            self.stop(Err(error));
                            return None;
                        }
                    },
                    _ => missing = true,
                }
            }
        }
        if missing {
            let no = self.certificate_no().unwrap_or_default();
            let named = match &self.options.dcv_value_field {
                Some(field) => format!("the field {field:?} given holds no value"),
                None => String::from("no field of a known name holds the TXT value"),
            };
            let mut error = self
                .error(
                    ErrorCode::DnsValueField,
                    format!(
                        "the order exists (certificateNo {no}), but in NCP's domain validation \
                     records {named}. The fields NCP sent: {}.",
                        fields.join(", ")
                    ),
                    self.value_field_hint(),
                )
                .with("missing", "")
                .with("certificate_no", no.to_string())
                .with("fields", fields.join(", "));
            if let Some(field) = &self.options.dcv_value_field {
                error = error.with("field", field.clone());
            }
            error.fields = fields;
            // Nothing was published: no clean-up.
            self.outcome = Some(Err(error));
            self.phase = Phase::Finished;
            return None;
        }
        let published: Vec<TxtRecord> = records.iter().map(|(_, r)| r.clone()).collect();
        self.queue
            .push_back(Action::Progress(IssuanceEvent::Records {
                records: published.clone(),
            }));
        self.records = records;
        if published.is_empty() {
            // Validated already (persistent records of an earlier order).
            self.start_poll();
            return None;
        }
        self.phase = match self.options.dns {
            DnsMode::Ncloud => Phase::Publish(Publication::present(
                self.options.global_dns.clone(),
                published,
                PublicationOptions::new().backoff_ms(self.options.order.backoff_ms),
            )),
            DnsMode::Hook | DnsMode::Manual => {
                self.hook_index = 0;
                Phase::Hooks
            }
        };
        None
    }

    /// A round of DCV answers read, for [`DnsMode::Manual`]: the records are shown when new
    /// or changed, then the decision waits for them (after the order) or for the poll's
    /// answer read with them.
    fn manual_round(&mut self) {
        let no = self.certificate_no().unwrap_or_default();
        // What the user publishes: every record's name and value.
        let mut records = Vec::new();
        let mut key = Vec::new();
        for d in &self.validation {
            for item in &d.answer.records {
                key.push((
                    item.record_name.clone().or_else(|| item.txt_name.clone()),
                    item.txt_value.clone(),
                ));
                let value = match &self.options.dcv_value_field {
                    Some(field) => value_of(item, field),
                    None => item.txt_value.clone(),
                };
                if let (Some(name), Some(value)) = (item.fqdn_for(&d.domain), value) {
                    if let Ok(record) = TxtRecord::new(&name, &value) {
                        records.push((d.domain.clone(), record));
                    }
                }
            }
        }
        self.records = records;
        if self.shown.as_ref() != Some(&key) {
            self.shown = Some(key);
            self.queue
                .push_back(Action::Progress(IssuanceEvent::Validation {
                    certificate_no: no,
                    domains: self.validation.clone(),
                }));
        }
        let found = match self.found.take() {
            Some(found) => found,
            None => {
                // Just ordered (or resumed): a found order NCP will not issue ends here; an
                // ongoing one waits for the user, when asked to.
                let failed = self
                    .placed
                    .as_ref()
                    .and_then(|p| p.certificate.clone())
                    .filter(|c| c.status.is_failed());
                if let Some(certificate) = failed {
                    let error = self.not_issued(&certificate);
                    return self.stop(Err(error));
                }
                if !self.options.wait {
                    let error = self.error(
                        ErrorCode::OrderPending,
                        format!(
                            "certificate {no} is ordered and waits for its domain validation:                              publish the records shown."
                        ),
                        format!(
                            "Then wait on it: run the same command again with --wait (it                              resumes this order; it never orders again), or once `ncpcert                              status {no}` says NORMAL, `ncpcert chain {no} --out DIR` writes                              the files."
                        ),
                    );
                    return self.stop(Err(error));
                }
                self.start_poll();
                self.phase = Phase::Wait;
                return;
            }
        };
        match found {
            Some(c) if c.status.is_issued() => {
                self.queue
                    .push_back(Action::Progress(IssuanceEvent::Issued {
                        certificate_no: no,
                    }));
                self.failures = 0;
                self.phase = Phase::Chain;
            }
            Some(c) if !c.status.is_pending() => {
                let error = self.not_issued(&c);
                self.stop(Err(error));
            }
            // Pending, or not listed yet (NCP's listing may lag behind the order).
            _ => self.phase = Phase::Wait,
        }
    }

    /// Before each poll of a manual run: stop at the limit, else show the wait and sleep.
    fn next_wait(&mut self, now_ms: u64) {
        let started = *self.poll_started_ms.get_or_insert(now_ms);
        let waited = now_ms.saturating_sub(started);
        let timeout = self.options.wait_timeout_ms;
        let no = self.certificate_no().unwrap_or_default();
        if waited >= timeout {
            let error = self.error(
                ErrorCode::OrderPending,
                format!(
                    "still not issued after {} s ({}). The order exists (certificateNo {no}) and \
                     is waiting for its domain validation.",
                    waited / 1000,
                    validation_states(&self.validation)
                ),
                format!(
                    "Publish the records shown, then run this same command again to keep \
                     waiting (it never orders twice), or fetch the files once `ncpcert status \
                     {no}` says NORMAL: `ncpcert chain {no} --out DIR`."
                ),
            );
            return self.stop(Err(error));
        }
        let pause = self.poll_pause_ms.min(timeout - waited).max(1);
        self.poll_pause_ms = (self.poll_pause_ms.saturating_mul(3) / 2)
            .min(MAX_POLL_MS.max(self.options.poll_interval_ms));
        let status = match &self.found {
            Some(Some(c)) => c.status.to_string(),
            Some(None) => String::from("not listed yet"),
            None => self
                .placed
                .as_ref()
                .map_or_else(String::new, |p| p.status.to_string()),
        };
        self.queue
            .push_back(Action::Progress(IssuanceEvent::Waiting {
                status,
                waited_ms: waited,
                timeout_ms: timeout,
                next_check_ms: pause,
            }));
        self.queue.push_back(Action::Sleep { ms: pause });
        self.found = None;
        self.phase = Phase::Poll;
    }

    /// A certificate NCP will not issue: its state, what that means and what to do, and the
    /// names whose validation timed out.
    fn not_issued(&self, c: &CertificateSummary) -> IssuanceError {
        let timed_out: Vec<&str> = self
            .validation
            .iter()
            .filter(|d| {
                d.answer
                    .records
                    .iter()
                    .any(|r| r.state == DcvState::Timeout)
            })
            .map(|d| d.domain.as_str())
            .collect();
        let names = if timed_out.is_empty() {
            String::new()
        } else {
            format!(" Validation timed out for: {}.", timed_out.join(", "))
        };
        let code = match c.status {
            CertificateStatus::ValidationFailed | CertificateStatus::ValidationExpire => {
                ErrorCode::OrderValidationFailed
            }
            _ => ErrorCode::OrderFailed,
        };
        let mut error = self
            .error(
                code,
                format!(
                    "certificate {} is {} (\"{}\"): NCP will not issue it.{names}",
                    c.certificate_no,
                    c.status.name(),
                    c.status_name
                ),
                c.status.not_issued_advice().to_owned(),
            )
            .with("detail", c.status.name());
        error.certificate_no = Some(c.certificate_no);
        error
    }

    fn value_field_hint(&self) -> String {
        String::from(
            "Run the same command again with --dcv-value-field NAME (or NCPCERT_DCV_VALUE_FIELD), \
             NAME being the field that holds the TXT value: it resumes this order and buys \
             nothing again. `ncpcert dcv N` shows every field.",
        )
    }

    fn on_dcv(&mut self, answer: Result<(u16, &[u8]), &str>) {
        let Some(i) = self.dcv.iter().position(Option::is_none) else {
            return;
        };
        let domain = self.domains[i].clone();
        let read = match answer {
            Ok((status, body)) => parse_dcv_statuses(status, body)
                .map(|s| s.for_domain(&domain))
                .map_err(|e| (e.outcome, e.summary())),
            Err(message) => Err((Outcome::Ambiguous, format!("no answer: {message}"))),
        };
        match read {
            Ok(statuses) => {
                self.failures = 0;
                self.dcv[i] = Some(statuses);
            }
            Err((outcome, why)) => {
                self.failures += 1;
                match order::read_again_after(self.failures, outcome, self.options.order.backoff_ms)
                {
                    Some(ms) => self.queue.push_back(Action::Sleep { ms }),
                    None => {
                        let error = self.after_order("reading the domain validation records", why);
                        self.stop(Err(error));
                    }
                }
            }
        }
    }

    fn next_hook(&mut self) -> Option<Action> {
        let cleanup = matches!(self.phase, Phase::CleanupHooks);
        let list: Vec<(String, TxtRecord)> = if cleanup {
            self.records
                .iter()
                .filter(|(_, r)| self.created.contains(r))
                .cloned()
                .collect()
        } else {
            self.records.clone()
        };
        let Some((domain, record)) = list.get(self.hook_index).cloned() else {
            if cleanup {
                self.finish_cleanup();
            } else {
                self.start_propagation();
            }
            return None;
        };
        let mut env = vec![
            (String::from("NCPCERT_DOMAIN"), domain),
            (String::from("NCPCERT_RECORD_NAME"), record.fqdn.clone()),
            (String::from("NCPCERT_RECORD_VALUE"), record.value.clone()),
        ];
        if !cleanup {
            env.push((
                String::from("NCPCERT_REMAINING"),
                (list.len() - self.hook_index - 1).to_string(),
            ));
        }
        self.awaiting = Some(Awaiting::Hook);
        Some(Action::Hook(HookCall {
            op: if cleanup {
                HookOp::Cleanup
            } else {
                HookOp::Present
            },
            fqdn_with_dot: record.fqdn_with_dot(),
            value: record.value,
            env,
        }))
    }

    fn on_hook(&mut self, ok: bool, output: &str) {
        let cleanup = matches!(self.phase, Phase::CleanupHooks);
        if cleanup {
            if !ok && self.cleanup_error.is_none() {
                self.cleanup_error = Some(hook_error("cleanup", output));
            }
            self.hook_index += 1;
            return;
        }
        if ok {
            if let Some((_, record)) = self.records.get(self.hook_index) {
                self.created.push(record.clone());
            }
            self.hook_index += 1;
        } else {
            let error = self.dns_error(hook_error("present", output));
            self.stop(Err(error));
        }
    }

    fn start_propagation(&mut self) {
        let records: Vec<TxtRecord> = self.records.iter().map(|(_, r)| r.clone()).collect();
        self.phase = Phase::Propagation(Publication::wait_served(
            records,
            PublicationOptions::new()
                .resolver(self.options.resolver.clone())
                .timeout_ms(self.options.propagation_timeout_ms)
                .entropy(self.options.entropy),
        ));
    }

    fn start_poll(&mut self) {
        self.failures = 0;
        self.poll_started_ms = None;
        self.poll_pause_ms = self.options.poll_interval_ms.max(1);
        self.phase = Phase::Poll;
    }

    fn next_poll(&mut self, now_ms: u64) -> Option<Action> {
        self.poll_started_ms.get_or_insert(now_ms);
        let placed = self.placed.as_ref()?;
        let request = ListAdvancedCertificates::new()
            .certificate_name(placed.certificate_name.clone())
            .page(1)
            .page_size(100)
            .prepare(&self.site)
            .unwrap_or_else(|_| PreparedRequest::get(&self.site, "/"));
        self.poll_now = now_ms;
        Some(self.call(Awaiting::Status, Purpose::Status, request))
    }

    fn on_status(&mut self, answer: Result<(u16, &[u8]), &str>) {
        let no = self.certificate_no().unwrap_or_default();
        let read = match answer {
            Ok((status, body)) => parse_certificate_list(status, body)
                .map(|list| list.find_by_number(no).cloned())
                .map_err(|e| (e.outcome, e.summary())),
            Err(message) => Err((Outcome::Ambiguous, format!("no answer: {message}"))),
        };
        let found = match read {
            Ok(found) => {
                self.failures = 0;
                found
            }
            Err((outcome, why)) => {
                self.failures += 1;
                match order::read_again_after(self.failures, outcome, self.options.order.backoff_ms)
                {
                    Some(ms) => self.queue.push_back(Action::Sleep { ms }),
                    None => {
                        let error = self.after_order("reading the certificate's state", why);
                        self.stop(Err(error));
                    }
                }
                return;
            }
        };
        if self.options.dns == DnsMode::Manual {
            // The records are read again with each poll: the decision is made with them.
            self.found = Some(found);
            self.dcv = vec![None; self.domains.len()];
            self.phase = Phase::Dcv;
            return;
        }
        let status = found.as_ref().map(|c| c.status);
        match status {
            Some(s) if s.is_issued() => {
                self.queue
                    .push_back(Action::Progress(IssuanceEvent::Issued {
                        certificate_no: no,
                    }));
                self.failures = 0;
                self.phase = Phase::Chain;
                return;
            }
            Some(s) if !s.is_pending() => {
                let error = match &found {
                    Some(c) => self.not_issued(c),
                    None => return,
                };
                self.stop(Err(error));
                return;
            }
            _ => {}
        }
        // Pending (or not listed yet): wait, or stop at the limit.
        let started = self.poll_started_ms.unwrap_or(self.poll_now);
        let waited = self.poll_now.saturating_sub(started);
        let timeout = self.options.wait_timeout_ms;
        let state = status.map_or(String::from("not listed yet"), |s| s.to_string());
        if waited >= timeout {
            let error = self.error(
                ErrorCode::OrderPending,
                format!(
                    "still not issued after {} s ({state}). The order exists (certificateNo {no}) \
                     and is waiting for its domain validation.",
                    waited / 1000
                ),
                String::from(
                    "Run the same command again to keep waiting (it resumes the order and never \
                     orders twice).",
                ),
            );
            self.stop(Err(error));
            return;
        }
        let pause = self.poll_pause_ms.min(timeout - waited).max(1);
        self.poll_pause_ms = (self.poll_pause_ms.saturating_mul(3) / 2)
            .min(MAX_POLL_MS.max(self.options.poll_interval_ms));
        self.queue
            .push_back(Action::Progress(IssuanceEvent::Waiting {
                status: state,
                waited_ms: waited,
                timeout_ms: timeout,
                next_check_ms: pause,
            }));
        self.queue.push_back(Action::Sleep { ms: pause });
    }

    fn on_chain(&mut self, answer: Result<(u16, &[u8]), &str>) {
        let read = match answer {
            Ok((status, body)) => {
                parse_certificate_chain(status, body).map_err(|e| (e.outcome, e.summary()))
            }
            Err(message) => Err((Outcome::Ambiguous, format!("no answer: {message}"))),
        };
        match read {
            Ok(chain) => self.issued(chain),
            Err((outcome, why)) => {
                self.failures += 1;
                // An issued certificate's chain may lag a little: ask again a few times.
                let outcome = if outcome == Outcome::Final {
                    Outcome::Ambiguous
                } else {
                    outcome
                };
                match order::read_again_after(
                    self.failures,
                    outcome,
                    self.options.poll_interval_ms.max(1000),
                ) {
                    Some(ms) => self.queue.push_back(Action::Sleep { ms }),
                    None => {
                        let error = self.after_order("reading the certificate chain", why);
                        self.stop(Err(error));
                    }
                }
            }
        }
    }

    /// The chain of the issued certificate: proved to hold the CSR's key, then the files.
    fn issued(&mut self, chain: CertificateChain) {
        let no = self.certificate_no().unwrap_or_default();
        let outcome = match self.identity.key_matches(&chain) {
            Some(true) => {
                let placed = self.placed.clone();
                placed.map_or_else(
                    || {
                        Err(self.error(
                            ErrorCode::InternalMisuse,
                            String::from("no order"),
                            String::new(),
                        ))
                    },
                    |placed| {
                        Ok(Issued {
                            certificate_no: no,
                            certificate_name: placed.certificate_name.clone(),
                            path: placed.path,
                            files: chain
                                .files()
                                .into_iter()
                                .map(|(name, pem)| (name.to_owned(), pem))
                                .collect(),
                            records: self.records.iter().map(|(_, r)| r.clone()).collect(),
                            created: self.created.clone(),
                            kept: false,
                            cleanup_error: None,
                            order: placed,
                        })
                    },
                )
            }
            Some(false) => Err(self.error(
                ErrorCode::OrderNotThisRequest,
                format!(
                    "certificate {no} was issued for another key than this request's CSR: it is \
                     not this request's certificate, and no file was made."
                ),
                String::from("Choose another certificate name to order one for this CSR."),
            )),
            None => Err(self.error(
                ErrorCode::OrderOutcomeUnknown,
                format!(
                    "certificate {no} is issued, but its certificate could not be read to compare \
                     its key with the CSR's; no file was made."
                ),
                format!("Try `ncpcert chain {no} --out DIR` later and compare the keys."),
            )),
        };
        self.chain = Some(chain);
        self.stop(outcome);
    }

    /// The run ends with `outcome`, after the clean-up it calls for: records created by this
    /// run are deleted for `D` (whatever the outcome), kept for `PD`.
    fn stop(&mut self, outcome: Result<Issued, IssuanceError>) {
        self.outcome = Some(outcome);
        if self.created.is_empty() {
            return self.finish_cleanup();
        }
        if self.options.keeps_records() {
            self.queue.push_back(Action::Progress(IssuanceEvent::Kept {
                records: self.created.clone(),
            }));
            return self.finish_cleanup();
        }
        self.phase = match self.options.dns {
            DnsMode::Ncloud => Phase::Cleanup(Publication::cleanup(
                self.options.global_dns.clone(),
                self.created.clone(),
                PublicationOptions::new().backoff_ms(self.options.order.backoff_ms),
            )),
            // A manual run creates nothing: never here.
            DnsMode::Hook | DnsMode::Manual => {
                self.hook_index = 0;
                Phase::CleanupHooks
            }
        };
    }

    fn finish_cleanup(&mut self) {
        let kept = self.options.keeps_records() && !self.created.is_empty();
        let cleanup_error = self.cleanup_error.take();
        self.outcome = self.outcome.take().map(|outcome| match outcome {
            Ok(mut issued) => {
                issued.kept = kept;
                issued.cleanup_error = cleanup_error;
                Ok(issued)
            }
            Err(mut error) => {
                error.cleanup_error = cleanup_error;
                Err(error)
            }
        });
        self.phase = Phase::Finished;
    }
}

/// The certificate name a host uses when the user gives none: made from the common name so
/// that it follows NCP's documented name rule (a letter, then 2 to 19 letters, digits or
/// `-`): `www.example.com` → `www-example-com`, `*.example.com` → `wildcard-example-com`.
/// Names are unique per account, so a renewal under the same names needs a name of its own.
pub fn default_certificate_name(common_name: &str) -> String {
    let name = common_name
        .trim()
        .trim_end_matches('.')
        .to_ascii_lowercase();
    let (prefix, rest) = match name.strip_prefix("*.") {
        Some(rest) => ("wildcard-", rest),
        None => ("", name.as_str()),
    };
    let mut out = String::from(prefix);
    for c in rest.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if matches!(c, '.' | '-' | '_') && !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    if !out.starts_with(|c: char| c.is_ascii_alphabetic()) {
        out.insert_str(0, "c-");
    }
    out.truncate(20);
    let mut out = out.trim_end_matches('-').to_owned();
    if out.len() < 3 {
        out.push_str("-cert");
    }
    out
}

/// A hook that exited non-zero.
fn hook_error(op: &str, output: &str) -> DnsError {
    DnsError::new(
        ErrorCode::DnsHookFailed,
        format!(
            "the DNS hook's {op} failed: {}",
            crate::report::excerpt(output.trim())
        ),
        "Read the hook's output above, fix the hook (it is run as CMD present|cleanup FQDN \
         VALUE), then run the same command again.",
    )
    .with("op", op)
    .with("detail", crate::report::excerpt(output.trim()))
}

/// The fields NCP sent in a DCV item (what a user may name with `--dcv-value-field`).
fn sent_fields(item: &DcvRecord) -> Vec<String> {
    let mut fields = Vec::new();
    if item.valid_sn.is_some() {
        fields.push(String::from("validSn"));
    }
    if item.request_sn.is_some() {
        fields.push(String::from("requestSn"));
    }
    if !item.status_code.is_empty() {
        fields.push(String::from("validStatusCode"));
    }
    if item.txt_name.is_some() {
        fields.push(String::from("txtName"));
    }
    if item.value_field == Some("txtValue") {
        fields.push(String::from("txtValue"));
    }
    fields.extend(item.extra.keys().cloned());
    fields
}

/// The value of `field` in a DCV item, as text.
fn value_of(item: &DcvRecord, field: &str) -> Option<String> {
    let field = field.trim();
    if field == "txtValue" || item.value_field == Some(field) {
        return item.txt_value.clone();
    }
    match item.extra.get(field)? {
        serde_json::Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        serde_json::Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

#[cfg(test)]
mod tests;

//! [`OrderWorkflow`]: the sans-IO state machine of the order workflow.

// An action and a result are made a few times per order, never in a loop that matters:
// boxing them would only make every host's `match` noisier.
#![allow(clippy::large_enum_variant, clippy::result_large_err)]

use super::identity::{sha256_hex, Comparison, OrderIdentity};
use super::journal::{
    JournalEntry, JournalEvent, JournalEvidence, JournalOutcome, JOURNAL_VERSION,
};
use super::messages;
use super::result::{CallFailure, OrderError, OrderPath, PlacedOrder, Step, WorkflowMisuse};
use super::time;
use crate::operations::reissue::{reissue_accepted, reissue_request};
use crate::report::{Finding, Policy, Report};
use crate::{
    parse_certificate_chain, parse_certificate_list, parse_response, AdvancedCertificateRequest,
    ArgumentError, CertificateChain, CertificateList, CertificateSummary, GetCertificateChain,
    IssuanceResponse, ListAdvancedCertificates, Outcome, PrepareError, PreparedRequest, Site,
    ISSUANCE_PATH,
};
use serde::Serialize;
use std::collections::VecDeque;

/// The paid call this workflow sends (the journal's `operation`).
const ISSUANCE_OPERATION: &str = "requestPaidCertificateIssuance";
/// The journal's `operation` of a reissue.
const REISSUE_OPERATION: &str = "reissueCertificate";
/// Lookups of a reissue NCP accepted, before the workflow stops without finding it: its
/// answer carries no number, and NCP may list the new certificate a moment later.
const ACCEPTED_LOOKUPS: u32 = 5;
/// Attempts of one read (a lookup page, a chain) before the workflow stops: reading changes
/// nothing at NCP, so any failure that is not final may be read again.
const READ_ATTEMPTS: u32 = 3;
/// Certificates asked for per lookup page.
const LOOKUP_PAGE_SIZE: u32 = 100;
/// Lookup pages read at most (10 000 certificates of one name: NCP filters by name).
const LOOKUP_MAX_PAGES: u32 = 100;
/// A gateway "Authentication Failed" (code 200) with a clock this far from NCP's is the
/// clock's fault (NCP refuses a timestamp 5 minutes or more away; `Date` has
/// one-second precision).
const CLOCK_SKEW_MS: i64 = 4 * 60 * 1000;
/// The longest backoff pause.
const MAX_BACKOFF_SHIFT: u32 = 3;

/// How the workflow may proceed.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct OrderOptions {
    /// Resends after failures NCP certainly did not act on, or that a lookup showed placed no
    /// order (default 2: at most three attempts).
    pub retries: u32,
    /// The first backoff pause in milliseconds (default 500); each further pause doubles, up
    /// to 8 times this.
    pub backoff_ms: u64,
    /// Validation policy of the request (default lenient).
    pub policy: Policy,
    /// The whole text of the host's journal, read before the workflow starts: an attempt of
    /// this request left unsettled there (a run killed between sending and reading the
    /// answer) makes the workflow look the name up before anything else. Read only with the
    /// crate's `journal` feature (on by default).
    pub journal: Option<String>,
    /// The host's HTTP client may send one request more than once by itself (Chromium resends
    /// a POST when a reused keep-alive connection closes before the answer): "the name
    /// already exists" after this workflow's own attempt is then looked up, not taken as an
    /// earlier certificate's (default `false`).
    pub transport_may_replay: bool,
    /// Reissue this certificate (its number) instead of ordering: the state-changing call is
    /// ReissueCertificate with the request's CSR, certificate name, names and validation
    /// method (its type must be the certificate's: the new certificate is recognised by it).
    /// NCP's answer names no certificate, so the new one is always found by its name, under
    /// the same identity rule. Default `None`: an order.
    pub reissue: Option<u64>,
}

impl Default for OrderOptions {
    fn default() -> Self {
        OrderOptions {
            retries: 2,
            backoff_ms: 500,
            policy: Policy::lenient(),
            journal: None,
            transport_may_replay: false,
            reissue: None,
        }
    }
}

impl OrderOptions {
    /// The defaults.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets [`retries`](Self::retries).
    pub fn retries(mut self, retries: u32) -> Self {
        self.retries = retries;
        self
    }

    /// Sets [`backoff_ms`](Self::backoff_ms).
    pub fn backoff_ms(mut self, backoff_ms: u64) -> Self {
        self.backoff_ms = backoff_ms;
        self
    }

    /// Sets [`policy`](Self::policy).
    pub fn policy(mut self, policy: Policy) -> Self {
        self.policy = policy;
        self
    }

    /// Sets [`transport_may_replay`](Self::transport_may_replay).
    pub fn transport_may_replay(mut self, may_replay: bool) -> Self {
        self.transport_may_replay = may_replay;
        self
    }

    /// Sets [`reissue`](Self::reissue): reissue certificate `certificate_no`.
    pub fn reissue(mut self, certificate_no: u64) -> Self {
        self.reissue = Some(certificate_no);
        self
    }

    /// Sets [`journal`](Self::journal).
    pub fn journal(mut self, text: impl Into<String>) -> Self {
        self.journal = Some(text.into());
        self
    }
}

/// What a call is for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Purpose {
    /// The paid request itself.
    Order,
    /// ListAdvancedCertificates by the certificate name.
    Lookup,
    /// GetCertificateChain of a found certificate (its key against the CSR's).
    Chain,
}

/// A call to send: sign [`request`](Self::request) with the host's clock plus
/// [`clock_offset_ms`](Self::clock_offset_ms), send exactly it, then feed the answer (or the
/// transport failure) back.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct Call {
    /// What to sign and send.
    pub request: PreparedRequest,
    /// What it is for.
    pub purpose: Purpose,
    /// `true` for the paid request: a host with a journal has written the entry the workflow
    /// gave just before this.
    pub paid: bool,
    /// The paid attempt this belongs to (from 1; 0 before the first, in a resumed run).
    pub attempt: u32,
    /// Milliseconds to add to the host's clock when signing: NCP's clock differs from it.
    pub clock_offset_ms: i64,
}

/// What the host does next.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Action {
    /// Append [`JournalEntry::to_line`] and a newline to the journal, durably, then ask again.
    /// A host without a journal skips it.
    Journal(JournalEntry),
    /// Wait this many milliseconds, then ask again.
    Sleep {
        /// How long.
        ms: u64,
    },
    /// Sign and send this call; feed its answer with [`OrderWorkflow::receive`] or its
    /// failure with [`OrderWorkflow::transport_failed`].
    Send(Call),
    /// The workflow is over. Asking again gives the same.
    Done(Result<PlacedOrder, OrderError>),
}

/// What waits in the queue of actions.
#[derive(Clone, Debug)]
enum Queued {
    Journal {
        event: JournalEvent,
        attempt: u32,
        outcome: Option<JournalOutcome>,
        certificate_no: Option<u64>,
        order_id: Option<String>,
    },
    Sleep(u64),
    Send(Purpose),
}

/// The order workflow: every decision about the paid issuance request — send,
/// resend after a backoff, look the name up, accept a found certificate as this request's
/// (the identity rule), stop — made once, with no I/O.
///
/// The host asks for the next [`Action`] with [`next`](Self::next), performs it, and feeds
/// back what happened:
///
/// ```
/// use ncpcert::order::{Action, OrderOptions, OrderWorkflow};
/// use ncpcert::{AdvancedCertificateRequest, Site};
///
/// # let csr = include_str!("../../tests/data/sample.csr.pem");
/// let request = AdvancedCertificateRequest::builder()
///     .csr(csr)
///     .certificate_type("DV")
///     .certificate_name("www-example")
///     .common_name("www.example.com")
///     .dns_name("www.example.com")
///     .dns_name("example.com")
///     .validation_method("D")
///     .build();
/// let mut workflow = OrderWorkflow::new(&request, &Site::Public, OrderOptions::new())?;
/// let now_ms = 1_700_000_000_000;
/// let outcome = loop {
///     match workflow.next(now_ms)? {
///         Action::Journal(entry) => { /* append entry.to_line() to the journal */ }
///         Action::Sleep { ms } => { /* sleep ms */ }
///         Action::Send(call) => {
///             // Sign call.request (clock + call.clock_offset_ms) and send it. Here NCP
///             // answers at once:
///             let body = br#"{"returnCode":"0","paidCertificate":{"certificateNo":7,
///                 "certificateName":"www-example","statusCode":"0","statusName":"ONGOING"}}"#;
///             workflow.receive(200, body, None, None)?;
///         }
///         Action::Done(outcome) => break outcome,
///         _ => unreachable!(),
///     }
/// };
/// assert_eq!(outcome.unwrap().certificate_no, 7);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone, Debug)]
pub struct OrderWorkflow {
    identity: OrderIdentity,
    order: PreparedRequest,
    /// The journal's `operation`.
    operation: &'static str,
    /// The paid call is a reissue: its answer names no certificate.
    reissue: bool,
    /// NCP accepted the call without naming the certificate (a reissue): it exists, and is
    /// looked up by name, never sent again.
    accepted: bool,
    /// Lookups since the accepted answer that did not list the certificate.
    unlisted: u32,
    site: Site,
    /// The host's HTTP client may deliver one sent request more than once (a browser resends
    /// a POST whose reused connection closed before the answer): "the name exists" after the
    /// first attempt may then be that attempt's own order.
    transport_may_replay: bool,
    retries: u32,
    backoff_ms: u64,
    evidence: JournalEvidence,
    queue: VecDeque<Queued>,
    /// The call sent and not yet answered.
    awaiting: Option<Purpose>,
    /// Paid attempts sent.
    attempts: u32,
    /// An attempt of this workflow was written and its answer lost, or the journal says this
    /// request may have placed an order (identity rule 2).
    maybe_placed: bool,
    /// The last paid attempt's failure.
    last_failure: Option<CallFailure>,
    /// The last lookup found nothing (for the message if the workflow stops).
    looked_up: bool,
    steps: Vec<Step>,
    clock_offset_ms: i64,
    clock_corrected: bool,
    /// Failed tries of the current read.
    read_failures: u32,
    /// The lookup page to ask for.
    page: u32,
    /// The certificate found by name, with its order's id, while its chain is read.
    found: Option<(CertificateSummary, Option<String>)>,
    result: Option<Result<PlacedOrder, OrderError>>,
}

impl OrderWorkflow {
    /// The workflow of `request` on `site`: validates and prepares it (with
    /// `options.policy`), and reads the journal for this request's earlier attempts.
    pub fn new(
        request: &AdvancedCertificateRequest,
        site: &Site,
        options: OrderOptions,
    ) -> Result<Self, PrepareError> {
        let (order, mut identity) = request.prepare_order(site, &options.policy)?;
        let order = match options.reissue {
            Some(no) => reissue_of(site, no, &order, &mut identity).map_err(|e| {
                PrepareError::invalid(Report::from_findings(
                    vec![Finding::new(
                        crate::Code::RequestInvalid,
                        "certificateNo",
                        e.message(),
                    )],
                    &options.policy,
                ))
            })?,
            None => order,
        };
        Ok(Self::start(order, identity, site.clone(), options))
    }

    /// The workflow of an issuance request prepared already (by [`prepare`] here, or in
    /// another module of the same version: the npm package's order module takes the request
    /// its full module prepared). Validation is not repeated; what identifies the request is
    /// read from its body, and the site from its URL. `options.policy` is not used. Names in
    /// NCP's listing are compared as ASCII only (a Unicode name there proves nothing).
    ///
    /// [`prepare`]: AdvancedCertificateRequest::prepare
    pub fn from_prepared(
        prepared: &PreparedRequest,
        options: OrderOptions,
    ) -> Result<Self, ArgumentError> {
        let refused = |why: &str| {
            ArgumentError::new(format!(
                "this is not an issuance request made by prepare: {why}; prepare the request \
                 and pass what it returned"
            ))
        };
        if prepared.method != "POST" || !prepared.path.ends_with(ISSUANCE_PATH) {
            return Err(refused(
                "it is not a POST to requestPaidCertificateIssuance",
            ));
        }
        let base = prepared
            .url
            .strip_suffix(ISSUANCE_PATH)
            .ok_or_else(|| refused("its URL does not end with its path"))?;
        let site = Site::custom(base).map_err(|e| refused(&e.to_string()))?;
        if site.issuance_path() != prepared.path {
            return Err(refused("its URL and its path differ"));
        }
        let mut identity = OrderIdentity::from_body(prepared.body.as_deref().unwrap_or_default())
            .map_err(|why| refused(&why))?;
        let order = match options.reissue {
            Some(no) => reissue_of(&site, no, prepared, &mut identity)?,
            None => prepared.clone(),
        };
        Ok(Self::start(order, identity, site, options))
    }

    fn start(
        order: PreparedRequest,
        identity: OrderIdentity,
        site: Site,
        options: OrderOptions,
    ) -> Self {
        #[cfg(feature = "journal")]
        let evidence = options
            .journal
            .as_deref()
            .map(|text| {
                JournalEvidence::from_journal(
                    text,
                    &identity.certificate_name,
                    &identity.body_sha256,
                )
            })
            .unwrap_or_default();
        // Built without the `journal` feature (the npm package, SPEC §9), the crate reads no
        // journal; its host surface refuses one.
        #[cfg(not(feature = "journal"))]
        let evidence = JournalEvidence::default();
        let mut workflow = OrderWorkflow {
            identity,
            order,
            operation: if options.reissue.is_some() {
                REISSUE_OPERATION
            } else {
                ISSUANCE_OPERATION
            },
            reissue: options.reissue.is_some(),
            accepted: false,
            unlisted: 0,
            site,
            transport_may_replay: options.transport_may_replay,
            retries: options.retries,
            backoff_ms: options.backoff_ms,
            evidence,
            queue: VecDeque::new(),
            awaiting: None,
            attempts: 0,
            maybe_placed: false,
            last_failure: None,
            looked_up: false,
            steps: Vec::new(),
            clock_offset_ms: 0,
            clock_corrected: false,
            read_failures: 0,
            page: 1,
            found: None,
            result: None,
        };
        // A reissue accepted by an earlier run: found by name, never sent again.
        workflow.accepted = workflow.evidence.accepted;
        if workflow.evidence.may_have_placed() {
            // A run was interrupted after sending, or placed the order already: never send
            // before the name is looked up.
            workflow.maybe_placed = true;
            workflow.steps.push(Step::Resume {
                open_attempt: workflow.evidence.open_attempt,
                certificate_no: workflow.evidence.certificate_no,
            });
            workflow.queue.push_back(Queued::Send(Purpose::Lookup));
        } else {
            workflow.send_attempt();
        }
        workflow
    }

    /// What identifies this request (names, type, body digest).
    pub fn identity(&self) -> &OrderIdentity {
        &self.identity
    }

    /// The paid request as prepared (unsigned), with validation's warnings.
    pub fn prepared(&self) -> &PreparedRequest {
        &self.order
    }

    /// Every step so far.
    pub fn steps(&self) -> &[Step] {
        &self.steps
    }

    /// The next thing to do. `now_ms` (the host's clock, milliseconds since the Unix epoch)
    /// only dates journal entries. `Err` when a sent call still waits for its answer.
    pub fn next(&mut self, now_ms: u64) -> Result<Action, WorkflowMisuse> {
        if let Some(purpose) = self.awaiting {
            return Err(WorkflowMisuse(format!(
                "the {} call sent last has no answer yet: feed its answer (receive) or its \
                 failure (transport_failed) before asking for the next action",
                purpose_name(purpose)
            )));
        }
        let Some(queued) = self.queue.pop_front() else {
            return Ok(Action::Done(self.result.clone().unwrap_or_else(|| {
                // Every path ends with a result; this is a guard, never a panic.
                Err(messages::lookup_failed(
                    &self.identity.certificate_name,
                    self.last_failure.as_ref(),
                    CallFailure::transport(false, "the workflow stopped without a result"),
                ))
            })));
        };
        Ok(match queued {
            Queued::Journal {
                event,
                attempt,
                outcome,
                certificate_no,
                order_id,
            } => Action::Journal(JournalEntry {
                version: JOURNAL_VERSION,
                time: time::rfc3339(now_ms),
                event,
                operation: self.operation.to_owned(),
                certificate_name: self.identity.certificate_name.clone(),
                names: self.identity.names.clone(),
                certificate_type: self.identity.certificate_type.clone(),
                body_sha256: self.identity.body_sha256.clone(),
                attempt,
                outcome,
                certificate_no,
                order_id,
            }),
            Queued::Sleep(ms) => Action::Sleep { ms },
            Queued::Send(purpose) => {
                self.awaiting = Some(purpose);
                Action::Send(Call {
                    request: self.request_for(purpose),
                    purpose,
                    paid: purpose == Purpose::Order,
                    attempt: self.attempts,
                    clock_offset_ms: self.clock_offset_ms,
                })
            }
        })
    }

    /// Feeds the answer to the call sent last: its HTTP status and body. With `date` (the
    /// answer's `Date` header) and `received_at_ms` (the host's clock when it arrived), a
    /// signature refused for the clock is corrected and sent again.
    pub fn receive(
        &mut self,
        http_status: u16,
        body: &[u8],
        date: Option<&str>,
        received_at_ms: Option<u64>,
    ) -> Result<(), WorkflowMisuse> {
        let purpose = self.take_awaiting()?;
        let skew = date
            .and_then(time::http_date_ms)
            .zip(received_at_ms)
            .map(|(server, local)| {
                // Any host clock, however absurd, gives a finite skew (no overflow).
                let skew = i128::from(server) - i128::from(local);
                i64::try_from(skew).unwrap_or(if skew < 0 { i64::MIN } else { i64::MAX })
            });
        match purpose {
            Purpose::Order if self.reissue => match reissue_accepted(http_status, body) {
                Ok(()) => self.on_reissue_accepted(http_status),
                Err(e) => self.on_order_failure(Some(http_status), CallFailure::Api(e), skew),
            },
            Purpose::Order => match parse_response(http_status, body) {
                Ok(answer) => self.on_order_answer(http_status, answer),
                Err(e) => self.on_order_failure(Some(http_status), CallFailure::Api(e), skew),
            },
            Purpose::Lookup => {
                let answer = parse_certificate_list(http_status, body).map_err(CallFailure::Api);
                self.on_lookup_answer(answer);
            }
            Purpose::Chain => {
                let answer = parse_certificate_chain(http_status, body).map_err(CallFailure::Api);
                self.on_chain_answer(answer);
            }
        }
        Ok(())
    }

    /// Feeds the failure of the call sent last: no answer came. `written` says whether any
    /// byte of the request reached the connection (after that, NCP may have acted on it);
    /// `message` is the HTTP client's.
    pub fn transport_failed(&mut self, written: bool, message: &str) -> Result<(), WorkflowMisuse> {
        let purpose = self.take_awaiting()?;
        let failure = CallFailure::transport(written, message);
        match purpose {
            Purpose::Order => self.on_order_failure(None, failure, None),
            Purpose::Lookup => self.on_lookup_answer(Err(failure)),
            Purpose::Chain => self.on_chain_answer(Err(failure)),
        }
        Ok(())
    }

    fn take_awaiting(&mut self) -> Result<Purpose, WorkflowMisuse> {
        self.awaiting.take().ok_or_else(|| {
            WorkflowMisuse(String::from(
                "no call is waiting for an answer: ask for the next action (next) and feed the \
                 answer of the call it says to send",
            ))
        })
    }

    fn request_for(&self, purpose: Purpose) -> PreparedRequest {
        match purpose {
            Purpose::Order => self.order.clone(),
            Purpose::Lookup => ListAdvancedCertificates::new()
                .certificate_name(self.identity.certificate_name.clone())
                .page(self.page)
                .page_size(LOOKUP_PAGE_SIZE)
                .prepare(&self.site)
                // The name passed validation (B4), the page is ≥ 1 and the size in range.
                .unwrap_or_else(|_| PreparedRequest::get(&self.site, "/")),
            Purpose::Chain => {
                let no = self.found.as_ref().map_or(0, |(c, _)| c.certificate_no);
                GetCertificateChain::new(no)
                    .prepare(&self.site)
                    .unwrap_or_else(|_| PreparedRequest::get(&self.site, "/"))
            }
        }
    }

    fn journal(
        &mut self,
        outcome: JournalOutcome,
        certificate_no: Option<u64>,
        order_id: Option<String>,
    ) {
        self.queue.push_back(Queued::Journal {
            event: JournalEvent::Outcome,
            attempt: self.attempts,
            outcome: Some(outcome),
            certificate_no,
            order_id,
        });
    }

    /// Journal the attempt, then send it.
    fn send_attempt(&mut self) {
        self.attempts += 1;
        self.queue.push_back(Queued::Journal {
            event: JournalEvent::Attempt,
            attempt: self.attempts,
            outcome: None,
            certificate_no: None,
            order_id: None,
        });
        self.queue.push_back(Queued::Send(Purpose::Order));
    }

    fn may_send_again(&self) -> bool {
        self.attempts <= self.retries
    }

    fn backoff(&self, nth: u32) -> u64 {
        backoff(self.backoff_ms, nth)
    }

    fn start_lookup(&mut self) {
        self.page = 1;
        self.read_failures = 0;
        self.queue
            .push_back(Queued::Sleep(self.backoff(self.attempts)));
        self.queue.push_back(Queued::Send(Purpose::Lookup));
    }

    fn on_order_answer(&mut self, http_status: u16, answer: IssuanceResponse) {
        let no = answer.paid_certificate.certificate_no;
        self.steps.push(Step::Send {
            attempt: self.attempts,
            http_status: Some(http_status),
            outcome: None,
            error: None,
            certificate_no: Some(no),
        });
        self.journal(JournalOutcome::Accepted, Some(no), None);
        let c = &answer.paid_certificate;
        self.finish(Ok(PlacedOrder {
            path: OrderPath::Accepted,
            certificate_no: no,
            certificate_name: c.certificate_name.clone(),
            status: c.status,
            status_code: c.status.code(),
            status_name: c.status_name.clone(),
            order_id: None,
            attempts: self.attempts,
            answer: Some(answer.clone()),
            certificate: None,
            chain: None,
            steps: Vec::new(),
        }));
    }

    /// NCP accepted the reissue; its answer names no certificate, so the new one is looked
    /// up by its name (never sent again). The journal's "accepted" without a number keeps the
    /// attempt open for a resumed run.
    fn on_reissue_accepted(&mut self, http_status: u16) {
        self.steps.push(Step::Send {
            attempt: self.attempts,
            http_status: Some(http_status),
            outcome: None,
            error: None,
            certificate_no: None,
        });
        self.journal(JournalOutcome::Accepted, None, None);
        self.accepted = true;
        self.maybe_placed = true;
        self.start_lookup();
    }

    fn on_order_failure(
        &mut self,
        http_status: Option<u16>,
        answer: CallFailure,
        skew: Option<i64>,
    ) {
        let outcome = answer.outcome();
        self.steps.push(Step::Send {
            attempt: self.attempts,
            http_status,
            outcome: Some(outcome),
            error: Some(answer.clone()),
            certificate_no: None,
        });
        self.last_failure = Some(answer.clone());
        let name = self.identity.certificate_name.clone();

        if let CallFailure::Api(e) = &answer {
            // A signature refused because this clock is minutes off NCP's: NCP did not act.
            let clock = e.kind == crate::ApiErrorKind::Gateway
                && e.code == "200"
                && skew.is_some_and(|s| s.unsigned_abs() >= CLOCK_SKEW_MS.unsigned_abs());
            if clock && !self.clock_corrected {
                let offset = skew.unwrap_or(0);
                self.clock_corrected = true;
                self.clock_offset_ms = offset;
                self.steps.push(Step::ClockCorrected { offset_ms: offset });
                self.journal(JournalOutcome::NotPlaced, None, None);
                return self.resend_or_stop(false);
            }
            if e.is_name_taken() {
                if self.maybe_placed || self.transport_may_replay {
                    // A replaying transport may have delivered this very attempt before.
                    self.maybe_placed = true;
                    // An earlier attempt (or run) may be what took the name: keep it open in
                    // the journal, and look it up.
                    self.journal(JournalOutcome::Unknown, None, None);
                    return self.start_lookup();
                }
                self.journal(JournalOutcome::NameTaken, None, None);
                return self.finish(Err(messages::name_taken_at_first(&name, answer)));
            }
        }
        match outcome {
            Outcome::Resendable => {
                self.journal(JournalOutcome::NotPlaced, None, None);
                self.resend_or_stop(true);
            }
            Outcome::Ambiguous => {
                self.maybe_placed = true;
                self.journal(JournalOutcome::Unknown, None, None);
                self.start_lookup();
            }
            _ => {
                self.journal(JournalOutcome::Refused, None, None);
                self.finish(Err(messages::refused(&name, answer)));
            }
        }
    }

    /// After an attempt that certainly placed nothing: send again if allowed (after a backoff
    /// when `pause`), else stop with `order.not_placed`.
    fn resend_or_stop(&mut self, pause: bool) {
        if self.may_send_again() {
            if pause {
                self.queue
                    .push_back(Queued::Sleep(self.backoff(self.attempts)));
            }
            self.send_attempt();
        } else {
            let error = messages::not_placed(
                &self.identity.certificate_name,
                self.attempts,
                self.last_failure.clone(),
                self.looked_up,
            );
            self.finish(Err(error));
        }
    }

    /// A read failed: read again after a backoff, or stop with `order.outcome_unknown`.
    fn retry_read(&mut self, purpose: Purpose, failure: CallFailure) {
        self.read_failures += 1;
        if let Some(ms) = read_again_after(self.read_failures, failure.outcome(), self.backoff_ms) {
            self.queue.push_back(Queued::Sleep(ms));
            self.queue.push_back(Queued::Send(purpose));
            return;
        }
        let name = self.identity.certificate_name.clone();
        let error = match (&self.found, purpose) {
            (Some((found, _)), Purpose::Chain) => {
                messages::key_unknown(&name, found, failure.to_string())
            }
            _ => messages::lookup_failed(&name, self.last_failure.as_ref(), failure),
        };
        self.journal(JournalOutcome::OutcomeUnknown, error.certificate_no, None);
        self.finish(Err(error));
    }

    fn on_lookup_answer(&mut self, answer: Result<CertificateList, CallFailure>) {
        let list = match answer {
            Ok(list) => list,
            Err(failure) => {
                self.steps.push(Step::Lookup {
                    page: self.page,
                    found: None,
                    certificate_no: None,
                    error: Some(failure.clone()),
                });
                return self.retry_read(Purpose::Lookup, failure);
            }
        };
        self.read_failures = 0;
        let name = self.identity.certificate_name.clone();
        let found = list
            .orders
            .iter()
            .flat_map(|o| o.certificates.iter().map(move |c| (c, &o.order_id)))
            .filter(|(c, _)| c.certificate_name == name)
            .max_by_key(|(c, _)| c.certificate_no)
            .map(|(c, id)| (c.clone(), id.clone()));
        self.steps.push(Step::Lookup {
            page: self.page,
            found: Some(found.is_some()),
            certificate_no: found.as_ref().map(|(c, _)| c.certificate_no),
            error: None,
        });
        if let Some((certificate, order_id)) = found {
            return self.judge(certificate, order_id);
        }
        let listed = list.certificates().count() as u64;
        let seen = u64::from(self.page - 1) * u64::from(LOOKUP_PAGE_SIZE) + listed;
        let more = listed >= u64::from(LOOKUP_PAGE_SIZE)
            && list.total_count.is_none_or(|total| seen < total)
            && self.page < LOOKUP_MAX_PAGES;
        if more {
            self.page += 1;
            self.queue.push_back(Queued::Send(Purpose::Lookup));
            return;
        }
        self.looked_up = true;
        if self.accepted {
            // NCP accepted the reissue: the certificate exists, and is not listed yet.
            self.unlisted += 1;
            if self.unlisted < ACCEPTED_LOOKUPS {
                self.page = 1;
                self.queue
                    .push_back(Queued::Sleep(self.backoff(self.unlisted)));
                self.queue.push_back(Queued::Send(Purpose::Lookup));
                return;
            }
            let error = messages::accepted_not_listed(&name);
            self.journal(JournalOutcome::OutcomeUnknown, None, None);
            return self.finish(Err(error));
        }
        if let Some(no) = self.evidence.certificate_no.filter(|_| self.attempts == 0) {
            let error = messages::journal_order_missing(&name, no);
            self.journal(JournalOutcome::OutcomeUnknown, Some(no), None);
            return self.finish(Err(error));
        }
        // No certificate has the name: the lost attempt placed nothing (SPEC §12).
        self.journal(JournalOutcome::NotPlaced, None, None);
        self.resend_or_stop(false);
    }

    /// The identity rule on the certificate found by name.
    fn judge(&mut self, found: CertificateSummary, order_id: Option<String>) {
        let name = self.identity.certificate_name.clone();
        match self.identity.compare(&found) {
            Comparison::Unknown { missing } => {
                let error = messages::listing_incomplete(&name, &found, missing);
                self.journal(
                    JournalOutcome::OutcomeUnknown,
                    Some(found.certificate_no),
                    order_id,
                );
                self.finish(Err(error))
            }
            Comparison::Different {
                names,
                certificate_type,
            } => {
                let error = messages::name_taken_by(
                    &name,
                    &found,
                    &names,
                    &certificate_type,
                    &self.identity.names,
                );
                self.journal(
                    JournalOutcome::NameTaken,
                    Some(found.certificate_no),
                    order_id,
                );
                self.finish(Err(error))
            }
            Comparison::Same => {
                let journal_other = self.attempts == 0
                    && self
                        .evidence
                        .certificate_no
                        .is_some_and(|no| no != found.certificate_no);
                if !self.maybe_placed || journal_other {
                    // Rule 2: nothing of this workflow can have placed it.
                    let names = self.identity.names.clone();
                    let error = messages::name_taken_by(
                        &name,
                        &found,
                        &names,
                        &self.identity.certificate_type.clone(),
                        &names,
                    );
                    self.journal(
                        JournalOutcome::NameTaken,
                        Some(found.certificate_no),
                        order_id,
                    );
                    return self.finish(Err(error));
                }
                if found.status.is_issued() {
                    // Rule 3: an issued certificate must hold the CSR's key.
                    self.found = Some((found, order_id));
                    self.read_failures = 0;
                    self.queue.push_back(Queued::Send(Purpose::Chain));
                } else {
                    self.recovered(found, order_id, None);
                }
            }
        }
    }

    fn on_chain_answer(&mut self, answer: Result<CertificateChain, CallFailure>) {
        let Some((found, order_id)) = self.found.clone() else {
            return;
        };
        let chain = match answer {
            Ok(chain) => chain,
            Err(failure) => {
                self.steps.push(Step::Chain {
                    certificate_no: found.certificate_no,
                    key_matches: None,
                    error: Some(failure.clone()),
                });
                return self.retry_read(Purpose::Chain, failure);
            }
        };
        let name = self.identity.certificate_name.clone();
        let matches = self.identity.key_matches(&chain);
        self.steps.push(Step::Chain {
            certificate_no: found.certificate_no,
            key_matches: matches,
            error: None,
        });
        match matches {
            Some(true) => self.recovered(found, order_id, Some(chain)),
            Some(false) => {
                self.journal(
                    JournalOutcome::NotThisRequest,
                    Some(found.certificate_no),
                    order_id,
                );
                self.finish(Err(messages::not_this_request(&name, &found)));
            }
            None => {
                let error = messages::key_unknown(
                    &name,
                    &found,
                    String::from("its certificate could not be read"),
                );
                self.journal(
                    JournalOutcome::OutcomeUnknown,
                    Some(found.certificate_no),
                    order_id,
                );
                self.finish(Err(error));
            }
        }
    }

    fn recovered(
        &mut self,
        found: CertificateSummary,
        order_id: Option<String>,
        chain: Option<CertificateChain>,
    ) {
        self.journal(
            JournalOutcome::Recovered,
            Some(found.certificate_no),
            order_id.clone(),
        );
        self.finish(Ok(PlacedOrder {
            // A reissue NCP accepted, found by its name.
            path: if self.accepted {
                OrderPath::Accepted
            } else {
                OrderPath::Recovered
            },
            certificate_no: found.certificate_no,
            certificate_name: found.certificate_name.clone(),
            status: found.status,
            status_code: found.status.code(),
            status_name: found.status_name.clone(),
            order_id,
            attempts: self.attempts,
            answer: None,
            certificate: Some(found),
            chain,
            steps: Vec::new(),
        }));
    }

    /// Ends the workflow (after the journal entries already queued).
    fn finish(&mut self, mut result: Result<PlacedOrder, OrderError>) {
        match &mut result {
            Ok(placed) => placed.steps = self.steps.clone(),
            Err(error) => error.steps = self.steps.clone(),
        }
        self.result = Some(result);
    }
}

/// The pause before the `nth` try again (from 1): `first_ms`, doubled each time, at most 8
/// times `first_ms`.
fn backoff(first_ms: u64, nth: u32) -> u64 {
    first_ms.saturating_mul(1 << nth.saturating_sub(1).min(MAX_BACKOFF_SHIFT))
}

/// A call that only reads (a lookup, a chain, any of the reads) after its `failures`-th
/// failed try: `Some(pause in ms)` when it is sent again — reading changes nothing at NCP, so
/// any failure that is not final is, up to three tries in all — `None` when the caller stops.
/// `first_ms` is the first pause ([`OrderOptions::backoff_ms`]).
pub fn read_again_after(failures: u32, outcome: Outcome, first_ms: u64) -> Option<u64> {
    (outcome != Outcome::Final && failures < READ_ATTEMPTS).then(|| backoff(first_ms, failures))
}

/// The reissue of certificate `certificate_no` with what the prepared issuance request
/// `order` holds; `identity` then matches the journal on the reissue's body.
fn reissue_of(
    site: &Site,
    certificate_no: u64,
    order: &PreparedRequest,
    identity: &mut OrderIdentity,
) -> Result<PreparedRequest, ArgumentError> {
    let mut reissue = reissue_request(
        site,
        certificate_no,
        order.body.as_deref().unwrap_or_default(),
    )?;
    reissue.warnings = order.warnings.clone();
    identity.body_sha256 = sha256_hex(reissue.body.as_deref().unwrap_or_default().as_bytes());
    Ok(reissue)
}

fn purpose_name(purpose: Purpose) -> &'static str {
    match purpose {
        Purpose::Order => "order",
        Purpose::Lookup => "lookup",
        Purpose::Chain => "chain",
    }
}

impl AdvancedCertificateRequest {
    /// The workflow that places this request's order on `site` without ever ordering twice;
    /// see [`OrderWorkflow`].
    pub fn order_workflow(
        &self,
        site: &Site,
        options: OrderOptions,
    ) -> Result<OrderWorkflow, PrepareError> {
        OrderWorkflow::new(self, site, options)
    }
}

//! The CLI's drivers of the core's workflows: the order workflow ([`place`], for `request`)
//! and the issuance workflow ([`issuance`], for every `issue`). Each performs the actions the
//! machine asks for — journal, sleep, sign and send, DNS queries, the hook, progress — and
//! feeds back what happened. Every decision (resend, look up, accept a found certificate,
//! publish, poll, wait, stop) is the core's.

use crate::dnsnet;
use crate::failure::Failure;
use crate::http::Client;
use crate::journal::Journal;
use crate::session::Session;
use ncpcert::issuance::{self, Issuance, IssuanceError, IssuanceEvent, Issued};
use ncpcert::order::{
    Action, CallFailure, JournalEvent, OrderError, OrderWorkflow, PlacedOrder, Purpose, Step,
};
use ncpcert::{ErrorCode, Outcome};
use std::time::Duration;

/// Places the order of `workflow`; progress notes on stderr.
pub fn place(
    session: &Session<'_>,
    client: &Client,
    journal: &Journal,
    workflow: &mut OrderWorkflow,
) -> Result<PlacedOrder, Failure> {
    let mut shown = 0;
    loop {
        let now = session.now_ms()?;
        let action = workflow
            .next(now)
            .map_err(|e| Failure::new(ErrorCode::InternalMisuse, e.message()))?;
        match action {
            Action::Journal(entry) => {
                let written = journal.append(&entry.to_line());
                match (written, entry.event) {
                    (Ok(()), _) => {}
                    // Nothing was sent yet: never send a paid request without its entry.
                    (Err(failure), JournalEvent::Attempt) => return Err(failure),
                    // The outcome happened already: say so and go on.
                    (Err(failure), _) => session.note(&format!("warning: {}", failure.message())),
                }
            }
            Action::Sleep { ms } => std::thread::sleep(Duration::from_millis(ms)),
            Action::Send(call) => {
                let at = session.now_ms()?;
                let timestamp = offset(at, call.clock_offset_ms);
                let signed = call.request.sign(&session.signer, timestamp)?;
                if call.purpose == Purpose::Order && !session.json() {
                    session.note(&format!("sending the order (attempt {})", call.attempt));
                }
                session.trace_request(&signed);
                match client.send(&signed) {
                    Ok(answer) => {
                        session.trace_answer(answer.status, &answer.body);
                        let received = session.now_ms()?;
                        workflow
                            .receive(
                                answer.status,
                                &answer.body,
                                answer.date.as_deref(),
                                Some(received),
                            )
                            .map_err(|e| Failure::new(ErrorCode::InternalMisuse, e.message()))?;
                    }
                    Err(e) => workflow
                        .transport_failed(e.written(), &e.message)
                        .map_err(|e| Failure::new(ErrorCode::InternalMisuse, e.message()))?,
                }
                for step in &workflow.steps()[shown..] {
                    if let Some(text) =
                        describe(step, workflow.identity().certificate_name.as_str())
                    {
                        session.note(&text);
                    }
                }
                shown = workflow.steps().len();
            }
            Action::Done(Ok(placed)) => return Ok(placed),
            Action::Done(Err(error)) => return Err(order_failure(&error)),
            _ => {
                return Err(Failure::new(
                    ErrorCode::InternalMisuse,
                    "the order workflow asked for an action this ncpcert does not know",
                ))
            }
        }
    }
}

/// Drives the issuance workflow until it is done; `hook` is `--dns-hook`'s command, `show`
/// gets each progress event (with the machine, to read what it knows). `Err` is a failure
/// of this host (the journal could not be written before a paid call, the machine misused).
pub fn issuance(
    session: &Session<'_>,
    client: &Client,
    journal: &Journal,
    machine: &mut Issuance,
    hook: Option<&str>,
    show: &mut dyn FnMut(&Issuance, &IssuanceEvent),
) -> Result<Result<Issued, IssuanceError>, Failure> {
    let misuse =
        |e: ncpcert::order::WorkflowMisuse| Failure::new(ErrorCode::InternalMisuse, e.message());
    let mut resolver = dnsnet::Resolver::new(session.context.verbose);
    let mut steps_shown = 0;
    loop {
        match machine.next(session.now_ms()?).map_err(misuse)? {
            issuance::Action::Journal(entry) => {
                let attempt = entry.event == JournalEvent::Attempt;
                match journal.append(&entry.to_line()) {
                    Ok(()) => {}
                    // Nothing was sent yet: never send a paid request without its entry.
                    Err(failure) if attempt => return Err(failure),
                    Err(failure) => session.note(&format!("warning: {}", failure.message())),
                }
            }
            issuance::Action::Send(call) => {
                let at = session.now_ms()?;
                let signed = call
                    .request
                    .sign(&session.signer, offset(at, call.clock_offset_ms))?;
                if call.purpose == issuance::Purpose::Order && !session.json() {
                    session.note(&format!("sending the order (attempt {})", call.attempt));
                }
                session.trace_request(&signed);
                match client.send(&signed) {
                    Ok(answer) => {
                        session.trace_answer(answer.status, &answer.body);
                        let received = session.now_ms()?;
                        machine
                            .receive(
                                answer.status,
                                &answer.body,
                                answer.date.as_deref(),
                                Some(received),
                            )
                            .map_err(misuse)?;
                    }
                    Err(e) => machine
                        .transport_failed(e.written(), &e.message)
                        .map_err(misuse)?,
                }
                let steps = machine.order_steps();
                for step in steps.get(steps_shown..).unwrap_or_default() {
                    if let Some(text) = describe(step, &machine.identity().certificate_name) {
                        session.note(&text);
                    }
                }
                steps_shown = steps.len();
            }
            issuance::Action::Query(query) => match resolver.send(&query) {
                Ok(bytes) => machine.receive_dns(&bytes).map_err(misuse)?,
                Err(e) => machine.dns_failed(&e).map_err(misuse)?,
            },
            issuance::Action::Hook(call) => {
                let (ok, output) = match hook {
                    Some(command) => crate::handsfree::run_hook(session, command, &call),
                    None => (false, String::from("no --dns-hook was given")),
                };
                machine.hook_done(ok, &output).map_err(misuse)?;
            }
            issuance::Action::Sleep { ms } => std::thread::sleep(Duration::from_millis(ms)),
            issuance::Action::Progress(event) => show(machine, &event),
            issuance::Action::Done(result) => return Ok(result),
            _ => {
                return Err(Failure::new(
                    ErrorCode::InternalMisuse,
                    "the issuance workflow asked for an action this ncpcert does not know",
                ))
            }
        }
    }
}

/// The issuance workflow's error, as the core serialises it, with its code's exit status.
pub fn issuance_failure(error: &IssuanceError) -> Failure {
    let failure = Failure::serialised(
        error.code,
        serde_json::to_value(error.localized(crate::failure::lang())),
    );
    let failure = failure.context("certificateName", error.certificate_name.as_str());
    match error.certificate_no {
        Some(no) => failure.context("certificateNo", no),
        None => failure,
    }
}

fn offset(now: u64, offset_ms: i64) -> u64 {
    u64::try_from(i128::from(now) + i128::from(offset_ms)).unwrap_or(now)
}

/// The workflow's error, with the CLI's own advice added to the core's hint.
pub fn order_failure(error: &OrderError) -> Failure {
    let name = &error.certificate_name;
    let failure = Failure::order(error).context("certificateName", name.as_str());
    let failure = match error.certificate_no {
        Some(no) => failure.context("certificateNo", no),
        None => failure,
    };
    match error.code {
        ErrorCode::OrderOutcomeUnknown => failure.hint(format!(
            "With ncpcert: `ncpcert status --name {name:?}` once NCP answers; running this same \
             command again resumes it (the journal says what was sent) and never orders twice."
        )),
        ErrorCode::OrderNameTaken | ErrorCode::OrderNotThisRequest => failure.hint(format!(
            "`ncpcert status --name {name:?}` shows the certificate that has the name."
        )),
        _ => failure,
    }
}

/// A step for people, as it happens (stderr).
fn describe(step: &Step, name: &str) -> Option<String> {
    Some(match step {
        Step::Send {
            attempt,
            error: Some(CallFailure::Api(e)),
            ..
        } if e.is_name_taken() => format!("attempt {attempt}: {}", e.summary()),
        Step::Send {
            attempt,
            outcome: Some(outcome),
            error: Some(error),
            ..
        } => match outcome {
            Outcome::Resendable => {
                format!("attempt {attempt} failed, and NCP did not act on it: {error}")
            }
            Outcome::Ambiguous => format!(
                "attempt {attempt} failed, and NCP may have placed the order: {error}; looking \
                 up the certificate named {name:?} before anything else"
            ),
            _ => format!("attempt {attempt} was refused: {error}"),
        },
        Step::Lookup {
            found: Some(true),
            certificate_no: Some(no),
            ..
        } => format!("the lookup found certificate {no} named {name:?}"),
        Step::Lookup {
            found: Some(false), ..
        } => format!("no certificate is named {name:?}: no order was placed"),
        Step::Lookup {
            error: Some(error), ..
        } => format!("the lookup failed: {error}"),
        Step::Chain {
            certificate_no,
            key_matches: Some(matches),
            ..
        } => format!(
            "certificate {certificate_no} is issued; its key {} the CSR's",
            if *matches { "is" } else { "is not" }
        ),
        Step::ClockCorrected { offset_ms } => format!(
            "NCP refused the signature for the clock: this machine's clock is {offset_ms} ms off \
             NCP's; signing again with the difference"
        ),
        Step::Resume { certificate_no, .. } => match certificate_no {
            Some(no) => {
                format!("the journal records certificate {no} for this request: looking it up")
            }
            None => String::from(
                "the journal records an earlier attempt of this request whose answer was not \
                 read: looking the name up before anything is sent",
            ),
        },
        _ => return None,
    })
}

//! The CLI's driver of the core's Global DNS publication machine: it performs each action the
//! machine asks for — sign and send a Global DNS call, send a DNS query, sleep, show progress —
//! and feeds back what happened. Which zone, what to create or delete, whether a pending
//! change is someone else's, when a value counts as served and when to give up are the core's.

use crate::dnsnet;
use crate::failure::Failure;
use crate::http::Client;
use crate::session::Session;
use ncpcert::globaldns::{
    DnsError, Publication, PublicationAction, PublicationEvent, Published, TxtRecord,
};
use ncpcert::ErrorCode;
use ncpcert::Phrase;
use std::time::Duration;

/// Runs `machine` to its end; progress lines on stderr (unless `quiet`).
pub fn drive(
    session: &Session<'_>,
    client: &Client,
    machine: &mut Publication,
    quiet: bool,
) -> Result<Published, Failure> {
    let misuse =
        |e: ncpcert::order::WorkflowMisuse| Failure::new(ErrorCode::InternalMisuse, e.message());
    let mut resolver = dnsnet::Resolver::new(session.context.verbose);
    loop {
        let action = machine.next(session.now_ms()?).map_err(misuse)?;
        match action {
            PublicationAction::Send(call) => {
                let signed = call.request.sign(&session.signer, session.now_ms()?)?;
                session.trace_request(&signed);
                match client.send(&signed) {
                    Ok(answer) => {
                        session.trace_answer(answer.status, &answer.body);
                        machine
                            .receive(answer.status, &answer.body)
                            .map_err(misuse)?;
                    }
                    Err(e) => machine
                        .transport_failed(e.written(), &e.message)
                        .map_err(misuse)?,
                }
            }
            PublicationAction::Query(query) => match resolver.send(&query) {
                Ok(bytes) => machine.receive_dns(&bytes).map_err(misuse)?,
                Err(e) => machine.dns_failed(&e).map_err(misuse)?,
            },
            PublicationAction::Sleep { ms } => std::thread::sleep(Duration::from_millis(ms)),
            PublicationAction::Progress(event) => {
                if !quiet {
                    session.note(&describe(&event));
                }
            }
            PublicationAction::Done(Ok(published)) => return Ok(published),
            PublicationAction::Done(Err(error)) => return Err(dns_failure(&error)),
            _ => {
                return Err(Failure::new(
                    ErrorCode::InternalMisuse,
                    "the publication machine asked for an action this ncpcert does not know",
                ))
            }
        }
    }
}

/// The machine's error, as the core serialises it, with its code's exit status.
pub fn dns_failure(error: &DnsError) -> Failure {
    Failure::serialised(
        error.code,
        serde_json::to_value(error.localized(crate::failure::lang())),
    )
}

fn record(r: &TxtRecord) -> String {
    format!("{} TXT \"{}\"", r.fqdn, r.value)
}

fn records(list: &[TxtRecord]) -> String {
    list.iter().map(record).collect::<Vec<_>>().join(", ")
}

/// A progress event for people, in the run's language.
pub fn describe(event: &PublicationEvent) -> String {
    let say = |phrase: Phrase, args: &[(&'static str, String)]| {
        phrase.render(crate::failure::lang(), args)
    };
    let secs = |ms: &u64| (ms / 1000).to_string();
    match event {
        PublicationEvent::ZoneFound { name, zone } => say(
            Phrase::ZoneFound,
            &[("name", name.clone()), ("zone", zone.clone())],
        ),
        PublicationEvent::AlreadyPresent { record: r } => {
            say(Phrase::AlreadyPresent, &[("record", record(r))])
        }
        PublicationEvent::Created { zone, records: r } => say(
            Phrase::Created,
            &[("zone", zone.clone()), ("records", records(r))],
        ),
        PublicationEvent::Deleted { zone, records: r } => say(
            Phrase::Deleted,
            &[("zone", zone.clone()), ("records", records(r))],
        ),
        PublicationEvent::Absent { record: r } => say(Phrase::Absent, &[("record", record(r))]),
        PublicationEvent::Applied { zone } => say(Phrase::Applied, &[("zone", zone.clone())]),
        PublicationEvent::Servers { zone, servers } => match zone {
            Some(zone) => say(
                Phrase::Servers,
                &[("zone", zone.clone()), ("servers", servers.join(", "))],
            ),
            None => say(Phrase::Asking, &[("servers", servers.join(", "))]),
        },
        PublicationEvent::Waiting {
            not_served,
            waited_ms,
            timeout_ms,
        } => say(
            Phrase::NotServed,
            &[
                ("names", not_served.join(", ")),
                ("waited", secs(waited_ms)),
                ("timeout", secs(timeout_ms)),
            ],
        ),
        PublicationEvent::Served { names } => say(Phrase::Served, &[("names", names.join(", "))]),
        _ => say(Phrase::Progress, &[]),
    }
}

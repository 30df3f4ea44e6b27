//! The CLI's driver of the core's Global DNS publication machine: it performs each action the
//! machine asks for — sign and send a Global DNS call, send a DNS query, sleep, show progress —
//! and feeds back what happened. Which zone, what to create or delete, whether a pending
//! change is someone else's, when a value counts as served and when to give up are the core's.

use crate::dnsnet;
use crate::failure::Failure;
use crate::http::Client;
use crate::session::Session;
use ncpcert::globaldns::{
    DnsError, Publication, PublicationAction, PublicationEvent, Published, QueryTarget, TxtRecord,
};
use ncpcert::ErrorCode;
use std::net::SocketAddr;
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
    let mut system: Option<Vec<SocketAddr>> = None;
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
            PublicationAction::Query(query) => {
                let answer = match &query.target {
                    QueryTarget::Server(address) => match address.parse::<SocketAddr>() {
                        Ok(server) => dnsnet::ask(server, &query.wire, query.tcp),
                        Err(_) => Err(format!("{address} is not an address and port")),
                    },
                    _ => {
                        let servers = system.get_or_insert_with(dnsnet::system_resolvers);
                        dnsnet::ask_any(servers, &query.wire, query.tcp)
                    }
                };
                if session.context.verbose {
                    eprintln!(
                        "ncpcert: dns {} {} -> {}",
                        query.query_type.as_str(),
                        query.name,
                        match &answer {
                            Ok(bytes) => format!("{} bytes", bytes.len()),
                            Err(e) => e.clone(),
                        }
                    );
                }
                match answer {
                    Ok(bytes) => machine.receive_dns(&bytes).map_err(misuse)?,
                    Err(e) => machine.dns_failed(&e).map_err(misuse)?,
                }
            }
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
    Failure::serialised(error.code, serde_json::to_value(error.localized(crate::failure::lang())))
}

fn record(r: &TxtRecord) -> String {
    format!("{} TXT \"{}\"", r.fqdn, r.value)
}

fn records(list: &[TxtRecord]) -> String {
    list.iter().map(record).collect::<Vec<_>>().join(", ")
}

/// A progress event for people.
pub fn describe(event: &PublicationEvent) -> String {
    match event {
        PublicationEvent::ZoneFound { name, zone } => format!("{name} is in the zone {zone}"),
        PublicationEvent::AlreadyPresent { record: r } => {
            format!("{} is there already: not created again", record(r))
        }
        PublicationEvent::Created { zone, records: r } => {
            format!("created in {zone}: {}", records(r))
        }
        PublicationEvent::Deleted { zone, records: r } => {
            format!("deleted from {zone}: {}", records(r))
        }
        PublicationEvent::Absent { record: r } => {
            format!("{} is not there: nothing to delete", record(r))
        }
        PublicationEvent::Applied { zone } => format!("applied the changes of {zone}"),
        PublicationEvent::Servers { zone, servers } => match zone {
            Some(zone) => format!("name servers of {zone}: {}", servers.join(", ")),
            None => format!("asking {}", servers.join(", ")),
        },
        PublicationEvent::Waiting {
            not_served,
            waited_ms,
            timeout_ms,
        } => format!(
            "not served yet: {} ({} s of {} s)",
            not_served.join(", "),
            waited_ms / 1000,
            timeout_ms / 1000
        ),
        PublicationEvent::Served { names } => format!("served: {}", names.join(", ")),
        _ => String::from("progress"),
    }
}

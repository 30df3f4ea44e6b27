//! `ncpcert issue` (SPEC §12): request safely, print the DNS records to publish, and with
//! `--wait` poll until the certificate is issued, failed or the wait ends, then write the
//! chain files as `ncpcert chain` does.
//!
//! Run again with the same arguments, it resumes: the safe request finds the order by its
//! name instead of ordering again (SPEC §12, "never order twice").

use crate::http::Client;
use crate::lookup::{self, Wanted};
use crate::order::{self, Ordered, Placed};
use crate::{chain, dcv, files, Failure, Session};
use ncpcert::{validation_domains, CertificateSummary, PreparedRequest};
use serde_json::{json, Value};
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::time::{Duration, Instant};

/// The longest pause between two polls, unless `--poll-interval` is longer.
const MAX_POLL_INTERVAL: Duration = Duration::from_secs(300);
/// How often a missing chain is asked for again once the certificate is issued.
const CHAIN_ATTEMPTS: u32 = 3;

pub struct Settings<'a> {
    pub order: order::Settings<'a>,
    /// The certificate's names as requested: common name, then each dnsName.
    pub names: Vec<String>,
    pub out: &'a Path,
    pub force: bool,
    pub wait: bool,
    pub poll_interval: Duration,
    pub wait_timeout: Duration,
}

pub fn issue(
    session: &Session,
    client: &Client,
    prepared: &PreparedRequest,
    settings: &Settings<'_>,
) -> Result<(), Failure> {
    // Before anything is bought: the files must be writable.
    files::check_out_dir(settings.out, settings.force).map_err(|f| Failure {
        text: format!("{}\nnothing was sent", f.text),
        ..f
    })?;
    let placed = order::place(session, client, prepared, &settings.order)?;
    if !session.json {
        order::print_placed(&placed);
    }
    let no = placed.certificate_no();
    let names = match &placed.ordered {
        Ordered::Recovered(found) => {
            refuse_other_certificate(found, settings)?;
            let mut names = vec![found.common_name.clone()];
            names.extend(found.dns_names.iter().cloned());
            names
        }
        Ordered::Accepted(_) => settings.names.clone(),
    };
    let domains = validation_domains(names.iter().map(String::as_str));
    let mut report = Report {
        placed: &placed,
        no,
        domains: Value::Null,
    };
    let mut progress = Progress::new(session);

    let mut records = dcv::fetch(session, client, settings.order.site, no, &domains)
        .map_err(|f| report.failed_read(&f))?;
    let mut shown = show_records(session, &mut progress, &records, None);
    report.domains = dcv::to_json(&records);
    if let Ordered::Recovered(found) = &placed.ordered {
        if found.status.is_issued() {
            return finish(session, client, settings, &report, &mut progress);
        }
    }
    if !settings.wait {
        if session.json {
            report.print(json!({"status": "ONGOING", "waited": false}));
        } else {
            println!(
                "\nPublish the records above, then run this same command with --wait (it \
                 resumes this order; it never orders again), or once `ncpcert status --no {no}` \
                 says NORMAL: ncpcert chain {no} --out {}",
                settings.out.display()
            );
        }
        return Ok(());
    }

    let started = Instant::now();
    let mut interval = settings.poll_interval;
    loop {
        let elapsed = started.elapsed();
        if elapsed >= settings.wait_timeout {
            progress.end();
            return Err(report.timed_out(settings, &dcv::states_line(&records)));
        }
        let pause = interval.min(settings.wait_timeout - elapsed);
        progress.show(&format!(
            "waiting for NCP: {}; next check in {}, {} of {} waited",
            dcv::states_line(&records),
            clock(pause),
            clock(elapsed),
            clock(settings.wait_timeout)
        ));
        std::thread::sleep(pause);
        // Backoff: each pause half again as long, never shorter than --poll-interval.
        interval = interval
            .mul_f64(1.5)
            .min(MAX_POLL_INTERVAL.max(settings.poll_interval));

        let wanted = Wanted::NumberNamed(no, settings.order.certificate_name);
        let certificate = lookup::find(session, client, settings.order.site, &wanted)
            .map_err(|f| report.failed_read(&f))?;
        records = dcv::fetch(session, client, settings.order.site, no, &domains)
            .map_err(|f| report.failed_read(&f))?;
        report.domains = dcv::to_json(&records);
        shown = show_records(session, &mut progress, &records, Some(&shown));
        let Some(certificate) = certificate else {
            continue; // Not listed yet: NCP's listing may lag behind the order.
        };
        if certificate.status.is_issued() {
            progress.end();
            return finish(session, client, settings, &report, &mut progress);
        }
        if !certificate.status.is_pending() {
            progress.end();
            return Err(report.not_issued(&certificate, &records));
        }
    }
}

/// A name already taken by a certificate for another common name is not this request's
/// order: waiting on it would write someone else's files.
fn refuse_other_certificate(
    found: &CertificateSummary,
    settings: &Settings<'_>,
) -> Result<(), Failure> {
    let wanted = settings.order.common_name;
    if found.common_name.is_empty() || found.common_name.eq_ignore_ascii_case(wanted) {
        return Ok(());
    }
    let text = format!(
        "the name {:?} belongs to an earlier certificate (certificateNo {}, for {}), not to \
         this request for {wanted}: nothing was ordered; choose another --name",
        settings.order.certificate_name, found.certificate_no, found.common_name
    );
    Err(Failure::refused(
        text.clone(),
        json!({"error": {"kind": "name_taken", "certificateNo": found.certificate_no, "message": text}}),
    ))
}

/// Prints the records when they are new or changed (not the states: those are progress);
/// returns what was printed, to compare with next time.
fn show_records(
    session: &Session,
    progress: &mut Progress,
    records: &[dcv::DomainRecords],
    before: Option<&str>,
) -> String {
    let text = dcv::describe(records);
    let key: String = text
        .lines()
        .filter(|l| l.trim_start().starts_with("name") || l.trim_start().starts_with("value"))
        .collect::<Vec<_>>()
        .join("\n");
    if !session.json && before != Some(key.as_str()) {
        progress.end();
        // A blank line after the block too: whoever reads the output as it comes knows the
        // records are complete.
        println!("\n{text}\n");
        let _ = std::io::stdout().flush();
    }
    key
}

/// The certificate is issued: fetch the chain (asking again a few times if NCP has not
/// published it yet) and write the files.
fn finish(
    session: &Session,
    client: &Client,
    settings: &Settings<'_>,
    report: &Report<'_>,
    progress: &mut Progress,
) -> Result<(), Failure> {
    let mut attempt = 0;
    let chain = loop {
        attempt += 1;
        match chain::fetch(session, client, settings.order.site, report.no) {
            Ok(chain) => break chain,
            Err(failed) if attempt < CHAIN_ATTEMPTS => {
                progress.show(&format!(
                    "the certificate is issued but its chain is not available yet ({}); asking \
                     again in {}",
                    failed.message,
                    clock(settings.poll_interval)
                ));
                std::thread::sleep(settings.poll_interval);
            }
            Err(failed) => return Err(report.failed_read(&failed)),
        }
    };
    progress.end();
    let written = chain::write(&chain, settings.out, settings.force)?;
    if session.json {
        report.print(json!({
            "status": "NORMAL",
            "waited": settings.wait,
            "certificate": chain::to_json(report.no, &chain, &written),
        }));
    } else {
        println!("\n{}", chain::describe(&chain, &written));
    }
    Ok(())
}

/// What `--json` prints, and the failures that name the order.
struct Report<'a> {
    placed: &'a Placed,
    no: u64,
    domains: Value,
}

impl Report<'_> {
    fn print(&self, mut fields: Value) {
        if let Value::Object(map) = &mut fields {
            map.insert("certificateNo".into(), self.no.into());
            map.insert("request".into(), self.placed.to_json());
            map.insert("domains".into(), self.domains.clone());
        }
        println!(
            "{}",
            serde_json::to_string_pretty(&fields).unwrap_or_default()
        );
    }

    /// A read failed after the order was placed: the order exists, so this is not "refused".
    fn failed_read(&self, failed: &crate::read::ReadFailed) -> Failure {
        let text = format!(
            "{}\nThe order exists (certificateNo {}): do not request it again; continue with \
             `ncpcert status --no {0}`, `ncpcert dcv {0}` and `ncpcert chain {0} --out DIR`, or \
             run this same command again (it resumes without ordering).",
            failed.message, self.no
        );
        Failure {
            status: 3,
            json: json!({"error": {"kind": "read_failed", "certificateNo": self.no, "message": text, "cause": failed.error}, "request": self.placed.to_json()}),
            text,
        }
    }

    fn timed_out(&self, settings: &Settings<'_>, states: &str) -> Failure {
        let text = format!(
            "still not issued after {} ({states}). The order exists (certificateNo {}): publish \
             the records shown above, then run this same command again to keep waiting (it \
             never orders twice), or fetch the files once `ncpcert status --no {1}` says \
             NORMAL: ncpcert chain {1} --out {}",
            clock(settings.wait_timeout),
            self.no,
            settings.out.display()
        );
        Failure {
            status: 3,
            json: json!({"error": {"kind": "wait_timeout", "certificateNo": self.no, "message": text}, "request": self.placed.to_json(), "domains": self.domains}),
            text,
        }
    }

    fn not_issued(
        &self,
        certificate: &CertificateSummary,
        records: &[dcv::DomainRecords],
    ) -> Failure {
        let mut failure = lookup::not_issued(certificate, &dcv::timed_out(records));
        let summary: Value = serde_json::from_str(&certificate.to_json()).unwrap_or_default();
        if let Value::Object(map) = &mut failure.json {
            map.insert("certificate".into(), summary);
            map.insert("request".into(), self.placed.to_json());
            map.insert("domains".into(), self.domains.clone());
        }
        failure
    }
}

/// Progress on stderr, quiet with `--json`. On a terminal one line is rewritten in place;
/// elsewhere (a log, CI) each update is its own line.
struct Progress {
    quiet: bool,
    terminal: bool,
    open: bool,
}

impl Progress {
    fn new(session: &Session) -> Self {
        Progress {
            quiet: session.json,
            terminal: std::io::stderr().is_terminal(),
            open: false,
        }
    }

    fn show(&mut self, text: &str) {
        if self.quiet {
            return;
        }
        if self.terminal {
            eprint!("\r\x1b[2Kncpcert: {text}");
            self.open = true;
        } else {
            eprintln!("ncpcert: {text}");
        }
    }

    /// Ends the line being rewritten, before anything else is printed.
    fn end(&mut self) {
        if self.open {
            eprintln!();
            self.open = false;
        }
    }
}

/// `45s`, `2m30s`, `1h05m`.
fn clock(d: Duration) -> String {
    let s = d.as_secs_f64().round() as u64;
    match s {
        0..=59 => format!("{s}s"),
        60..=3599 => format!("{}m{:02}s", s / 60, s % 60),
        _ => format!("{}h{:02}m", s / 3600, (s % 3600) / 60),
    }
}

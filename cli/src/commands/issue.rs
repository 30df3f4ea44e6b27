//! `ncpcert issue`. With `--dns ncloud` or `--dns-hook CMD` it is hands-free and driven by the
//! core's issuance workflow ([`crate::handsfree`]). Otherwise, as here: order through the
//! core's order workflow (as `request` does), print the DNS
//! records to publish, and with `--wait` poll until the certificate is issued, failed or the
//! wait ends, then write the chain files as `ncpcert chain` does — once the issued
//! certificate is proved to hold the CSR's key (a certificate for another key is
//! never written).
//!
//! Run again with the same arguments, it resumes: the journal tells the workflow that this
//! request placed the order, which it finds by name instead of ordering again.

use super::{request, Output};
use crate::args::{IssueArgs, RequestArgs, SendArgs};
use crate::chain;
use crate::dcv;
use crate::failure::{parsed, Failure};
use crate::files;
use crate::http::Client;
use crate::lookup::{self, Wanted};
use crate::session::{Context, Session};
use ncpcert::order::{OrderIdentity, PlacedOrder};
use ncpcert::{validation_domains, CertificateChain, ErrorCode, Site};
use serde_json::{json, Map, Value};
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::time::{Duration, Instant};

/// The longest pause between two polls, unless `--poll-interval` is longer.
const MAX_POLL_INTERVAL: Duration = Duration::from_secs(300);
/// How often a missing chain is asked for again once the certificate is issued.
const CHAIN_ATTEMPTS: u32 = 3;

pub struct Waiting<'a> {
    pub out: &'a Path,
    pub force: bool,
    pub wait: bool,
    pub poll_interval: f64,
    pub wait_timeout: f64,
}

/// `issue`: hands-free through the core's issuance workflow with --dns ncloud or
/// --dns-hook; otherwise the records are printed for the user to publish.
pub fn run(
    context: &Context,
    args: &IssueArgs,
    waiting: &Waiting<'_>,
    send: &SendArgs,
) -> Result<Output, Failure> {
    if args.hands_free() {
        return crate::handsfree::run(context, args, waiting, send);
    }
    if !args.domains.is_empty() {
        return Err(Failure::argument(
            "--domain makes the key's CSR for a hands-free run: add --dns ncloud (NCP Global \
             DNS) or --dns-hook CMD",
        )
        .with(
            "hint",
            "To publish the records yourself, make a CSR with `ncpcert csr --key FILE --domain \
             NAME…` and give it with --csr, --name and --common-name. Nothing was sent.",
        ));
    }
    let request = args.csr_request().ok_or_else(|| {
        Failure::argument("--csr needs --name and --common-name (and --dns-name for each SAN)")
            .with("hint", "Nothing was sent.")
    })?;
    manual(context, &request, waiting, send)
}

/// The records printed for the user to publish; with `--wait`, polling until the
/// certificate is issued.
fn manual(
    context: &Context,
    args: &RequestArgs,
    waiting: &Waiting<'_>,
    send: &SendArgs,
) -> Result<Output, Failure> {
    let poll_interval = seconds(waiting.poll_interval, "--poll-interval", 1.0)?;
    let wait_timeout = seconds(waiting.wait_timeout, "--wait-timeout", 0.0)?;
    // Before anything is bought: the files must be writable.
    files::check_out_dir(waiting.out, waiting.force).map_err(|f| f.hint("Nothing was sent."))?;
    let session = Session::new(context, &send.clock)?;
    let (placed, workflow) = request::place(&session, args, send)?;
    if !context.json {
        println!("{}", request::describe(&placed));
    }
    let client = Client::new(Duration::from_secs(send.timeout));
    let site = args.site.site()?;
    let mut run = Run {
        session: &session,
        client: &client,
        site: &site,
        identity: workflow.identity(),
        waiting,
        placed: &placed,
        domains: Value::Null,
        progress: Progress::new(context.json),
    };
    // Recovered and already issued: the workflow proved the key with the chain it read.
    if let Some(chain) = &placed.chain {
        return run.write(chain);
    }
    let mut names = vec![args.common_name.clone()];
    names.extend(args.dns_names.iter().cloned());
    let domains = validation_domains(names.iter().map(String::as_str));
    let no = placed.certificate_no;
    let mut records =
        dcv::fetch(&session, &client, &site, no, &domains).map_err(|f| run.after_order(f))?;
    let mut shown = run.show_records(&records, None);
    run.domains = dcv::to_json(&records);
    // Recovered, and NCP will not issue it (an accepted order is ONGOING).
    if let Some(found) = placed.certificate.as_ref().filter(|c| c.status.is_failed()) {
        return Err(run.not_issued(found, &records));
    }
    if !waiting.wait {
        let text = format!(
            "\nPublish the records above, then run this same command with --wait (it resumes \
             this order; it never orders again), or once `ncpcert status {no}` says NORMAL: \
             ncpcert chain {no} --out {}",
            waiting.out.display()
        );
        return Ok(Output::new(run.json(json!({"waited": false})), text));
    }

    let started = Instant::now();
    let mut interval = poll_interval;
    loop {
        let elapsed = started.elapsed();
        if elapsed >= wait_timeout {
            run.progress.end();
            return Err(run.pending(wait_timeout, &dcv::states_line(&records)));
        }
        let pause = interval.min(wait_timeout - elapsed);
        run.progress.show(&format!(
            "waiting for NCP: {}; next check in {}, {} of {} waited",
            dcv::states_line(&records),
            clock(pause),
            clock(elapsed),
            clock(wait_timeout)
        ));
        std::thread::sleep(pause);
        // Backoff: each pause half again as long, never shorter than --poll-interval.
        interval = interval
            .mul_f64(1.5)
            .min(MAX_POLL_INTERVAL.max(poll_interval));

        let wanted = Wanted::NumberNamed(no, &placed.certificate_name);
        let certificate =
            lookup::find(&session, &client, &site, &wanted).map_err(|f| run.after_order(f))?;
        records =
            dcv::fetch(&session, &client, &site, no, &domains).map_err(|f| run.after_order(f))?;
        run.domains = dcv::to_json(&records);
        shown = run.show_records(&records, Some(&shown));
        let Some(certificate) = certificate else {
            continue; // Not listed yet: NCP's listing may lag behind the order.
        };
        if certificate.status.is_issued() {
            run.progress.end();
            let chain = run.fetch_chain()?;
            return run.write(&chain);
        }
        if !certificate.status.is_pending() {
            run.progress.end();
            return Err(run.not_issued(&certificate, &records));
        }
    }
}

/// One `issue` after the order: what it prints and how it fails.
struct Run<'a> {
    session: &'a Session<'a>,
    client: &'a Client,
    site: &'a Site,
    identity: &'a OrderIdentity,
    waiting: &'a Waiting<'a>,
    placed: &'a PlacedOrder,
    domains: Value,
    progress: Progress,
}

impl Run<'_> {
    /// The JSON document: `path`, `certificateNo` and the rest at the top level.
    fn json(&self, fields: Value) -> Value {
        let mut out = Map::new();
        out.insert("path".into(), self.placed.path.as_str().into());
        out.insert("certificateNo".into(), self.placed.certificate_no.into());
        out.insert(
            "certificateName".into(),
            self.placed.certificate_name.clone().into(),
        );
        out.insert("status".into(), self.placed.status.name().into());
        if let Value::Object(fields) = fields {
            out.extend(fields);
        }
        out.insert("domains".into(), self.domains.clone());
        out.insert("order".into(), parsed(&self.placed.to_json()));
        Value::Object(out)
    }

    /// A failure after the order exists: it carries what is known of the order.
    fn with_order(&self, failure: Failure) -> Failure {
        failure
            .context("path", self.placed.path.as_str())
            .context("certificateNo", self.placed.certificate_no)
            .context("certificateName", self.placed.certificate_name.as_str())
            .context("domains", self.domains.clone())
    }

    /// A read failed after the order was placed: the order exists (exit status 3: do not order
    /// again), and running the command again resumes.
    fn after_order(&self, failed: Failure) -> Failure {
        let no = self.placed.certificate_no;
        let message = format!(
            "{} The order exists (certificateNo {no}); ncpcert could not follow it.",
            failed.message()
        );
        let failure = Failure::new(ErrorCode::OrderOutcomeUnknown, message)
            .with(
                "hint",
                format!(
                    "Do not request it again: run this same command again (it resumes without \
                 ordering), or continue with `ncpcert status {no}`, `ncpcert dcv {no}` and \
                 `ncpcert chain {no} --out DIR`."
                ),
            )
            .with("certificateNo", no)
            .with("cause", Value::Object(*failed.error));
        self.with_order(failure)
    }

    fn pending(&self, waited: Duration, states: &str) -> Failure {
        let no = self.placed.certificate_no;
        let failure = Failure::new(
            ErrorCode::OrderPending,
            format!(
                "still not issued after {} ({states}). The order exists (certificateNo {no}) and \
                 is waiting for its domain validation.",
                clock(waited)
            ),
        )
        .with(
            "hint",
            format!(
                "Publish the records shown, then run this same command again to keep waiting (it \
             never orders twice), or fetch the files once `ncpcert status {no}` says NORMAL: \
             ncpcert chain {no} --out {}",
                self.waiting.out.display()
            ),
        )
        .with("certificateNo", no);
        self.with_order(failure)
    }

    fn not_issued(
        &self,
        certificate: &ncpcert::CertificateSummary,
        records: &[dcv::DomainRecords],
    ) -> Failure {
        let failure = lookup::not_issued(certificate, &dcv::timed_out(records))
            .context("certificate", parsed(&certificate.to_json()));
        self.with_order(failure)
    }

    /// The issued certificate's chain, asked for again a few times if NCP has not published
    /// it yet.
    fn fetch_chain(&mut self) -> Result<CertificateChain, Failure> {
        let mut attempt = 0;
        loop {
            attempt += 1;
            match chain::fetch(
                self.session,
                self.client,
                self.site,
                self.placed.certificate_no,
            ) {
                Ok(chain) => return Ok(chain),
                Err(failed) if attempt < CHAIN_ATTEMPTS => {
                    let pause = Duration::from_secs_f64(self.waiting.poll_interval.max(1.0));
                    self.progress.show(&format!(
                        "the certificate is issued but its chain is not available yet ({}); \
                         asking again in {}",
                        failed.message(),
                        clock(pause)
                    ));
                    std::thread::sleep(pause);
                }
                Err(failed) => return Err(self.after_order(failed)),
            }
        }
    }

    /// Writes the files, once the certificate is proved to hold the CSR's key.
    fn write(&mut self, chain: &CertificateChain) -> Result<Output, Failure> {
        self.progress.end();
        let no = self.placed.certificate_no;
        match self.identity.key_matches(chain) {
            Some(true) => {}
            Some(false) => {
                let failure = Failure::new(
                    ErrorCode::OrderNotThisRequest,
                    format!(
                        "certificate {no} was issued for another key than this request's CSR: \
                         it is not this request's certificate, and no file was written."
                    ),
                )
                .with(
                    "hint",
                    format!(
                        "Choose another certificate name (--name) to order one for this CSR; \
                     `ncpcert status {no}` shows the certificate that has the name."
                    ),
                )
                .with("certificateNo", no);
                return Err(self.with_order(failure));
            }
            None => {
                let failure = Failure::new(
                    ErrorCode::OrderOutcomeUnknown,
                    format!(
                        "certificate {no} is issued, but NCP's certificate could not be read to \
                         compare its key with the CSR's; no file was written."
                    ),
                )
                .with(
                    "hint",
                    format!(
                        "Download it from the NCP console, or try `ncpcert chain {no} --out DIR` \
                     later, and compare its public key with your CSR's."
                    ),
                )
                .with("certificateNo", no);
                return Err(self.with_order(failure));
            }
        }
        let written = chain::write(chain, self.waiting.out, self.waiting.force)
            .map_err(|f| self.with_order(f))?;
        let json = self.json(json!({
            "status": "NORMAL",
            "waited": self.waiting.wait,
            "certificate": chain::to_json(no, chain, &written),
        }));
        Ok(Output::new(
            json,
            format!("\n{}", chain::describe(chain, &written)),
        ))
    }

    /// Prints the records when they are new or changed (not the states: those are
    /// progress); returns what was printed, to compare with next time.
    fn show_records(&mut self, records: &[dcv::DomainRecords], before: Option<&str>) -> String {
        let text = dcv::describe(records);
        let key: String = text
            .lines()
            .filter(|l| l.trim_start().starts_with("name") || l.trim_start().starts_with("value"))
            .collect::<Vec<_>>()
            .join("\n");
        if !self.session.json() && before != Some(key.as_str()) {
            self.progress.end();
            // A blank line after the block too: whoever reads the output as it comes knows the
            // records are complete.
            println!("\n{text}\n");
            let _ = std::io::stdout().flush();
        }
        key
    }
}

/// A number of seconds given on the command line, at least `min`.
pub fn seconds(value: f64, flag: &str, min: f64) -> Result<Duration, Failure> {
    if !value.is_finite() || value < min || value > 31_536_000.0 {
        return Err(Failure::argument(format!(
            "{flag} is {value}; give a number of seconds from {min} to 31536000"
        )));
    }
    Ok(Duration::from_secs_f64(value))
}

/// Progress on stderr, quiet with `--json`. On a terminal one line is rewritten in place;
/// elsewhere (a log, CI) each update is its own line.
struct Progress {
    quiet: bool,
    terminal: bool,
    open: bool,
}

impl Progress {
    fn new(quiet: bool) -> Self {
        Progress {
            quiet,
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

#[cfg(test)]
mod tests {
    #[test]
    fn clock_reads_like_a_person() {
        use super::clock;
        use std::time::Duration;
        assert_eq!(clock(Duration::from_secs(45)), "45s");
        assert_eq!(clock(Duration::from_secs(150)), "2m30s");
        assert_eq!(clock(Duration::from_secs(3900)), "1h05m");
    }
}

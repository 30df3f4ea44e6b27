//! `ncpcert issue`, driven by the core's issuance workflow in every form. With `--dns ncloud`
//! or `--dns-hook CMD` it is hands-free ([`crate::handsfree`]). Otherwise, as here (the
//! workflow's manual mode): order, print the DNS records to publish, and with `--wait` wait
//! until the certificate is issued, failed or the wait ends, then write the chain files as
//! `ncpcert chain` does — once the workflow has proved the issued certificate holds the CSR's
//! key (a certificate for another key is never written).
//!
//! Run again with the same arguments, it resumes: the journal tells the workflow that this
//! request placed the order, which it finds by name instead of ordering again.

use super::{prepare, request, Output};
use crate::args::{IssueArgs, RequestArgs, SendArgs};
use crate::chain;
use crate::dcv;
use crate::drive;
use crate::failure::{parsed, Failure};
use crate::files;
use crate::http::Client;
use crate::journal::Journal;
use crate::records::{self, Dns, Record};
use crate::session::{Context, Session};
use ncpcert::issuance::{validation_states, DnsMode, Issuance, IssuanceEvent, IssuanceOptions};
use ncpcert::order::OrderOptions;
use ncpcert::ErrorCode;
use serde_json::{json, Map, Value};
use std::io::{IsTerminal, Write};
use std::path::Path;
use std::time::Duration;

pub struct Waiting<'a> {
    pub out: &'a Path,
    pub force: bool,
    pub wait: bool,
    pub poll_interval: f64,
    pub wait_timeout: f64,
    /// `--deploy-hook`: run once the files are written, recorded for `renew`.
    pub deploy_hooks: &'a [String],
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

/// The records printed for the user to publish; with `--wait`, waiting until the
/// certificate is issued. The core's issuance workflow in its manual mode decides
/// everything (when to poll, reading the records again, the limit, the chain); here its
/// actions are performed, its progress shown and the files written.
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
    let request = prepare::request(args)?;
    let site = args.site.site()?;
    let policy = prepare::policy(args);
    let prepared = request
        .prepare_with(&site, &policy)
        .map_err(|e| Failure::invalid_request(&e))?;
    prepare::warn(context, &prepared.warnings);
    let journal = Journal::in_dir(&context.state_dir()?);
    let options = IssuanceOptions::new()
        .dns(DnsMode::Manual)
        .poll_interval_ms(millis(poll_interval))
        .wait_timeout_ms(millis(wait_timeout))
        .wait(waiting.wait)
        .order(
            OrderOptions::new()
                .retries(send.retries)
                .policy(policy)
                .journal(journal.read()?),
        );
    let mut machine = Issuance::new(&prepared, options)
        .map_err(|e| Failure::from(e).hint("Nothing was sent."))?;
    let client = Client::new(Duration::from_secs(send.timeout));
    let mut progress = Progress::new(context.json);
    let mut shown = |machine: &Issuance, event: &IssuanceEvent| {
        show(context.json, &mut progress, machine, event)
    };
    let result = drive::issuance(&session, &client, &journal, &mut machine, None, &mut shown);
    progress.end();
    let Some(placed) = machine.placed() else {
        // Nothing was ordered, or the order workflow ended the run.
        return Err(match result? {
            // The order workflow's own failure, as `request` reports it.
            Err(error) => match &error.order {
                Some(order) => drive::order_failure(order),
                None => drive::issuance_failure(&error),
            },
            Ok(_) => Failure::new(ErrorCode::InternalMisuse, "issued without an order"),
        });
    };
    let domains = match machine.validation() {
        [] => Value::Null,
        list => json!(list),
    };
    let document = |fields: Value| {
        let mut out = Map::new();
        out.insert("path".into(), placed.path.as_str().into());
        out.insert("certificateNo".into(), placed.certificate_no.into());
        out.insert(
            "certificateName".into(),
            placed.certificate_name.clone().into(),
        );
        out.insert("status".into(), placed.status.name().into());
        if let Value::Object(fields) = fields {
            out.extend(fields);
        }
        out.insert("domains".into(), domains.clone());
        out.insert("order".into(), parsed(&placed.to_json()));
        Value::Object(out)
    };
    // A failure after the order exists carries what is known of it.
    let with_order = |failure: Failure| {
        failure
            .context("path", placed.path.as_str())
            .context("certificateNo", placed.certificate_no)
            .context("certificateName", placed.certificate_name.as_str())
            .context("domains", domains.clone())
    };
    let no = placed.certificate_no;
    match result.map_err(with_order)? {
        Ok(issued) => {
            let Some(chain) = machine.chain() else {
                return Err(with_order(Failure::new(
                    ErrorCode::InternalMisuse,
                    "issued without a chain",
                )));
            };
            let written = chain::write(chain, waiting.out, waiting.force).map_err(with_order)?;
            let mut json = document(json!({
                "status": "NORMAL",
                "waited": waiting.wait,
                "certificate": chain::to_json(issued.certificate_no, chain, &written),
            }));
            // Recorded for `ncpcert list` and `renew` (which tells a person that renewing
            // needs them: the records were published by hand); then the deploy hooks.
            let mut names = vec![args.common_name.clone()];
            names.extend(
                args.dns_names
                    .iter()
                    .filter(|n| **n != args.common_name)
                    .cloned(),
            );
            let record = Record {
                version: records::VERSION,
                lineage: issued.certificate_name.clone(),
                certificate_name: issued.certificate_name.clone(),
                certificate_no: issued.certificate_no,
                common_name: args.common_name.clone(),
                names,
                certificate_type: args.kind.as_str().to_owned(),
                organization_no: args.organization_no,
                validation_method: args.validation.as_str().to_owned(),
                dns: Dns::Manual,
                out_dir: records::absolute(waiting.out),
                key_path: None,
                key_algorithm: None,
                deploy_hooks: waiting.deploy_hooks.to_vec(),
                site: args.site.site.as_str().to_owned(),
                endpoint: args.site.endpoint.clone(),
                dns_endpoint: None,
                dns_resolver: None,
                dcv_value_field: None,
                updated: ncpcert::order::rfc3339_utc(session.now_ms()?),
                previous: Vec::new(),
                extra: Map::new(),
            };
            if let Value::Object(map) = &mut json {
                if !crate::handsfree::record_and_deploy(context, &record, map) {
                    return Err(crate::handsfree::deploy_failure(no, map.clone()));
                }
            }
            Ok(Output::new(
                json,
                format!("\n{}", chain::describe(chain, &written)),
            ))
        }
        // Not asked to wait: the records are shown, and the order waits for them.
        Err(error) if !waiting.wait && error.code == ErrorCode::OrderPending => {
            let text = format!(
                "\nPublish the records above, then run this same command with --wait (it resumes \
                 this order; it never orders again), or once `ncpcert status {no}` says NORMAL: \
                 ncpcert chain {no} --out {}",
                waiting.out.display()
            );
            Ok(Output::new(document(json!({"waited": false})), text))
        }
        Err(error) => Err(with_order(drive::issuance_failure(&error))),
    }
}

/// A progress event of a manual run: the order and the records on stdout (they are the
/// result people act on), the wait on stderr; `--json` shows none of them.
fn show(json: bool, progress: &mut Progress, machine: &Issuance, event: &IssuanceEvent) {
    if json {
        return;
    }
    match event {
        IssuanceEvent::Ordered { .. } => {
            if let Some(placed) = machine.placed() {
                println!("{}", request::describe(placed));
            }
        }
        IssuanceEvent::Validation { domains, .. } => {
            let records: Vec<dcv::DomainRecords> = domains
                .iter()
                .map(|d| dcv::DomainRecords {
                    domain: d.domain.clone(),
                    statuses: d.answer.clone(),
                })
                .collect();
            progress.end();
            // A blank line after the block too: whoever reads the output as it comes knows the
            // records are complete.
            println!("\n{}\n", dcv::describe(&records));
            let _ = std::io::stdout().flush();
        }
        IssuanceEvent::Waiting {
            waited_ms,
            timeout_ms,
            next_check_ms,
            ..
        } => progress.show(&format!(
            "waiting for NCP: {}; next check in {}, {} of {} waited",
            validation_states(machine.validation()),
            clock(Duration::from_millis(*next_check_ms)),
            clock(Duration::from_millis(*waited_ms)),
            clock(Duration::from_millis(*timeout_ms))
        )),
        _ => {}
    }
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
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

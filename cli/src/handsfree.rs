//! `ncpcert issue --dns ncloud | --dns-hook CMD`: from names (and a key) to the certificate
//! files in one command.
//!
//! This module makes the key (entropy from the operating system) and the CSR (the core's
//! `make_csr`), then drives the core's issuance workflow: the preflight, what to publish,
//! when a record counts as served, polling, clean-up and every stop are the machine's
//! decisions. Here its actions are only performed — signed HTTP to Certificate Manager and
//! Global DNS, DNS queries, the hook, sleeps, the journal, progress on stderr — and the files
//! written.

use crate::args::{IssueArgs, Kind, SendArgs, SiteName};
use crate::commands::issue::{seconds, Waiting};
use crate::commands::{prepare, Output};
use crate::deploy;
use crate::drive;
use crate::failure::{parsed, Failure};
use crate::files;
use crate::http::Client;
use crate::journal::Journal;
use crate::publish;
use crate::records::{self, Dns, Record, Records};
use crate::session::{Context, Session};
use ncpcert::globaldns::{parse_resolver, GlobalDns, TxtRecord};
use ncpcert::issuance::{
    default_certificate_name, DnsMode, HookCall, HookOp, Issuance, IssuanceEvent, IssuanceOptions,
};
use ncpcert::keys::{generate_key, make_csr, KeyAlgorithm, KeyError};
use ncpcert::order::{OrderOptions, OrderPath};
use ncpcert::Phrase;
use ncpcert::{AdvancedCertificateRequest, CertificateType, ErrorCode, Policy};
use serde_json::{json, Map, Value};
use std::path::{Path, PathBuf};
use std::time::Duration;
use zeroize::Zeroizing;

/// The journal line recording a key this command made, so that a resumed run reuses it
/// (the order's CSR is for that key). It never holds the key itself.
const KEY_EVENT: &str = "key";

/// Where the key comes from.
enum KeySource {
    /// `--key FILE`.
    Given,
    /// `--generate-key`, made by this run (written once the request is valid).
    New(KeyAlgorithm),
    /// `--generate-key`, made by an earlier run of this request (its journal entry says so).
    Reused,
}

struct Key {
    pem: Zeroizing<String>,
    file: PathBuf,
    source: KeySource,
}

pub fn run(
    context: &Context,
    args: &IssueArgs,
    waiting: &Waiting<'_>,
    send: &SendArgs,
) -> Result<Output, Failure> {
    let poll_interval = seconds(waiting.poll_interval, "--poll-interval", 1.0)?;
    let wait_timeout = seconds(waiting.wait_timeout, "--wait-timeout", 0.0)?;
    let nothing = |f: Failure| f.hint("Nothing was sent.");
    // Everything that can be refused is, before a key is written or anything is sent.
    files::check_out_dir(waiting.out, waiting.force).map_err(nothing)?;
    let site = args.site.site()?;
    let global_dns = match &args.dns_endpoint {
        Some(url) => GlobalDns::custom(url)?,
        None => match args.site.site {
            SiteName::Public => GlobalDns::public(),
            SiteName::Gov => GlobalDns::gov(),
            SiteName::Fin => GlobalDns::fin(),
        },
    };
    let resolver = match args.dns_resolver.as_deref().map(str::trim) {
        Some(text) if !text.is_empty() => Some(parse_resolver(text)?),
        _ => None,
    };
    let (common_name, dns_names) = match args.domains.split_first() {
        Some((first, _)) => (first.clone(), args.domains.clone()),
        None => (
            args.common_name.clone().ok_or_else(|| {
                nothing(Failure::argument(
                    "--csr needs --common-name (and --dns-name for each SAN)",
                ))
            })?,
            args.dns_names.clone(),
        ),
    };
    let certificate_name = args
        .name
        .clone()
        .unwrap_or_else(|| default_certificate_name(&common_name));
    let session = Session::new(context, &send.clock)?;
    let journal = Journal::in_dir(&context.state_dir()?);
    let journal_text = journal.read()?;

    // The CSR: from the file, or made from the key for the names.
    let key = match &args.csr {
        Some(_) => None,
        None => Some(key(args, waiting.out, &journal_text, &certificate_name)?),
    };
    // Recorded for `renew`, whose new key is of the same algorithm.
    let key_algorithm = key.as_ref().and_then(|k| match k.source {
        KeySource::New(algorithm) => Some(algorithm.as_str().to_owned()),
        KeySource::Reused => journal_key_algorithm(&journal_text, &certificate_name),
        KeySource::Given => None,
    });
    let csr: Vec<u8> = match (&args.csr, &key) {
        (Some(path), _) => crate::session::read_file(path)?,
        (None, Some(key)) => make_csr(&key.pem, &args.domains)
            .map_err(|e| nothing(key_failure(&e)))?
            .into_bytes(),
        (None, None) => return Err(Failure::argument("give --csr FILE, or --domain with a key")),
    };
    let policy = if args.strict {
        Policy::strict()
    } else {
        Policy::lenient()
    };
    let mut builder = AdvancedCertificateRequest::builder()
        .csr(csr)
        .certificate_type(match args.kind {
            Kind::Dv => CertificateType::Dv,
            Kind::Ov => CertificateType::Ov,
        })
        .certificate_name(certificate_name.as_str())
        .common_name(common_name.as_str())
        .dns_names(dns_names.iter().map(String::as_str))
        .validation_method(args.validation.as_str());
    if let Some(n) = args.organization_no {
        builder = builder.organization_no(n);
    }
    if let Some(token) = &args.request_token {
        builder = builder.extra("requestToken", Value::from(token.as_str()));
    }
    let prepared = builder
        .build()
        .prepare_with(&site, &policy)
        .map_err(|e| Failure::invalid_request(&e))?;
    prepare::warn(context, &prepared.warnings);
    let options = IssuanceOptions::new()
        .validation_method(args.validation.as_str())
        .dns(match args.dns_hook {
            Some(_) => DnsMode::Hook,
            None => DnsMode::Ncloud,
        })
        .global_dns(global_dns)
        .resolver(resolver)
        .poll_interval_ms(millis(poll_interval))
        .wait_timeout_ms(millis(wait_timeout))
        .propagation_timeout_ms(args.dns_timeout.saturating_mul(1000))
        .dcv_value_field(args.dcv_value_field.clone())
        .order(
            OrderOptions::new()
                .retries(send.retries)
                .policy(policy)
                .journal(journal_text),
        )
        .entropy(entropy()?);
    let mut machine = Issuance::new(&prepared, options).map_err(|e| nothing(e.into()))?;

    // The request is valid: a new key is written now, once, and recorded for a resumed run.
    if let Some(key) = &key {
        write_key(
            context,
            &journal,
            key,
            &certificate_name,
            &dns_names,
            &session,
        )?;
    }
    let key_json = key.as_ref().map(|k| {
        json!({
            "file": k.file.display().to_string(),
            "source": match k.source {
                KeySource::Given => "given",
                KeySource::New(_) => "generated",
                KeySource::Reused => "reused",
            },
        })
    });
    let with_key = |failure: Failure| match &key_json {
        Some(k) => failure.context("key", k.clone()),
        None => failure,
    };

    let client = Client::new(Duration::from_secs(send.timeout));
    let hook = args.dns_hook.as_deref();
    let mut show = |_: &Issuance, event: &IssuanceEvent| session.note(&describe(event));
    let issued = match drive::issuance(&session, &client, &journal, &mut machine, hook, &mut show) {
        Ok(Ok(issued)) => issued,
        Ok(Err(error)) => return Err(with_key(drive::issuance_failure(&error))),
        Err(failure) => return Err(with_key(failure)),
    };
    let no = issued.certificate_no;
    let pems: Vec<(&str, String)> = issued
        .files
        .iter()
        .map(|(name, pem)| (name.as_str(), pem.clone()))
        .collect();
    let written = files::write(waiting.out, &pems, waiting.force).map_err(|f| {
        with_key(
            f.hint(format!(
                "The certificate is issued (certificateNo {no}): `ncpcert chain {no} --out DIR` \
                 writes its files."
            ))
            .context("certificateNo", no),
        )
    })?;
    let written: Vec<String> = written.iter().map(|p| p.display().to_string()).collect();
    let mut document = Map::new();
    document.insert("path".into(), issued.path.as_str().into());
    document.insert("certificateNo".into(), no.into());
    document.insert(
        "certificateName".into(),
        issued.certificate_name.clone().into(),
    );
    document.insert("status".into(), "NORMAL".into());
    if let Some(k) = key_json {
        document.insert("key".into(), k);
    }
    document.insert("files".into(), json!(written));
    document.insert("records".into(), json!(issued.records));
    document.insert("created".into(), json!(issued.created));
    document.insert("kept".into(), issued.kept.into());
    if let Some(e) = &issued.cleanup_error {
        document.insert("cleanupError".into(), json!(e));
    }
    document.insert("order".into(), parsed(&issued.order.to_json()));

    // What was made, for `ncpcert renew`; then the deploy hooks.
    let record = Record {
        version: records::VERSION,
        lineage: issued.certificate_name.clone(),
        certificate_name: issued.certificate_name.clone(),
        certificate_no: no,
        common_name: common_name.clone(),
        names: dns_names.clone(),
        certificate_type: args.kind.as_str().to_owned(),
        organization_no: args.organization_no,
        validation_method: args.validation.as_str().to_owned(),
        dns: match &args.dns_hook {
            Some(command) => Dns::Hook {
                command: command.clone(),
            },
            None => Dns::Ncloud,
        },
        out_dir: records::absolute(waiting.out),
        key_path: key.as_ref().map(|k| records::absolute(&k.file)),
        key_algorithm,
        deploy_hooks: args.deploy_hooks.clone(),
        site: args.site.site.as_str().to_owned(),
        endpoint: args.site.endpoint.clone(),
        dns_endpoint: args.dns_endpoint.clone(),
        dns_resolver: args.dns_resolver.clone(),
        dcv_value_field: args.dcv_value_field.clone(),
        updated: ncpcert::order::rfc3339_utc(session.now_ms()?),
        previous: Vec::new(),
        extra: Map::new(),
    };
    let hooks_ok = record_and_deploy(context, &record, &mut document);

    let mut text = format!(
        "{} certificateNo {no} ({}): wrote {}",
        match issued.path {
            OrderPath::Accepted => "issued",
            _ => "issued (the order was resumed, not placed again)",
        },
        issued.certificate_name,
        written.join(", ")
    );
    if let Some(k) = &key {
        text.push_str(&format!(
            "\nkey: {} (mode 0600; keep it private)",
            k.file.display()
        ));
    }
    match (&issued.cleanup_error, issued.kept) {
        (Some(e), _) => text.push_str(&format!(
            "\nwarning: the DNS records could not be removed: {} — delete {} yourself",
            e.message,
            shown(&issued.created)
        )),
        (None, true) => text.push_str(&format!(
            "\nkept the DNS records (validation PD): {}",
            shown(&issued.created)
        )),
        (None, false) if !issued.created.is_empty() => {
            text.push_str("\nthe DNS records this run created are removed")
        }
        _ => {}
    }
    if !hooks_ok {
        return Err(deploy_failure(no, document));
    }
    Ok(Output::new(Value::Object(document), text))
}

/// Saves the record of `record` (a failure to is a warning: the certificate is issued and
/// its files written) and runs its deploy hooks; `false` when a hook failed.
pub fn record_and_deploy(
    context: &Context,
    record: &Record,
    document: &mut Map<String, Value>,
) -> bool {
    let saved = context
        .state_dir()
        .and_then(|dir| Records::in_state_dir(&dir).save(record));
    match saved {
        Ok(path) => {
            document.insert("record".into(), path.display().to_string().into());
        }
        Err(failure) => {
            context.note(&format!(
                "warning: {} — `ncpcert renew` will not know this certificate",
                failure.message()
            ));
            document.insert("recordError".into(), failure.message().into());
        }
    }
    if record.deploy_hooks.is_empty() {
        return true;
    }
    let results = deploy::run(
        &record.deploy_hooks,
        &deploy::Deployed {
            certificate_no: record.certificate_no,
            certificate_name: &record.certificate_name,
            names: &record.names,
            out_dir: &record.out_dir,
            key_path: record.key_path.as_deref(),
        },
    );
    let ok = deploy::all_ok(&results);
    document.insert("deployHooks".into(), Value::Array(results));
    ok
}

/// The certificate is issued and written, but a deploy hook failed (exit status 1).
pub fn deploy_failure(no: u64, document: Map<String, Value>) -> Failure {
    let mut failure = Failure::new(
        ErrorCode::OutputFailed,
        format!("certificate {no} is issued and its files written, but a deploy hook failed"),
    )
    .with(
        "hint",
        "Its output is above; run the hook again by hand once it is fixed (nothing needs to be \
         ordered again).",
    );
    for (key, value) in document {
        failure = failure.context(&key, value);
    }
    failure
}

/// The algorithm the journal records for the key made for `certificate_name`.
fn journal_key_algorithm(journal_text: &str, certificate_name: &str) -> Option<String> {
    journal_text
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line.trim()).ok())
        .filter(|entry| entry["event"] == KEY_EVENT && entry["certificateName"] == certificate_name)
        .filter_map(|entry| entry["algorithm"].as_str().map(str::to_owned))
        .next_back()
}

/// The key of `--key FILE` or `--generate-key` (made in memory; written by [`write_key`]).
fn key(
    args: &IssueArgs,
    out: &Path,
    journal_text: &str,
    certificate_name: &str,
) -> Result<Key, Failure> {
    if let Some(path) = &args.key {
        return Ok(Key {
            pem: read_key(path)?,
            file: path.clone(),
            source: KeySource::Given,
        });
    }
    if !args.generate_key {
        return Err(Failure::argument(
            "--domain needs a key: --generate-key (a new one) or --key FILE",
        )
        .with("hint", "Nothing was sent."));
    }
    let file = args.key_out.clone().unwrap_or_else(|| out.join("key.pem"));
    if std::fs::symlink_metadata(&file).is_ok() {
        // Never replaced; reused only when this request's journal says an earlier run of it
        // wrote that very file.
        let absolute = std::fs::canonicalize(&file).ok();
        let ours = absolute
            .as_ref()
            .is_some_and(|a| journal_records_key(journal_text, certificate_name, a));
        if !ours {
            return Err(Failure::new(
                ErrorCode::OutputExists,
                format!(
                    "{} exists, and it is not the key an earlier run of this request made; \
                     ncpcert never replaces a key",
                    file.display()
                ),
            )
            .with(
                "hint",
                format!(
                    "Order with that key: --key {} instead of --generate-key; or choose \
                     another --key-out or --out. Nothing was sent.",
                    file.display()
                ),
            ));
        }
        return Ok(Key {
            pem: read_key(&file)?,
            file,
            source: KeySource::Reused,
        });
    }
    let algorithm: KeyAlgorithm = args
        .key_algorithm
        .as_deref()
        .unwrap_or("rsa2048")
        .parse()
        .map_err(|e: KeyError| key_failure(&e))?;
    let mut entropy = Zeroizing::new([0u8; 32]);
    getrandom::fill(entropy.as_mut()).map_err(|e| {
        Failure::new(
            ErrorCode::OutputFailed,
            format!("the operating system's random generator failed ({e}); no key was made"),
        )
    })?;
    let pem = generate_key(algorithm, entropy.as_ref())
        .map_err(|e| key_failure(&e))?
        .into_zeroizing();
    Ok(Key {
        pem,
        file,
        source: KeySource::New(algorithm),
    })
}

/// Writes a new key (0600, atomically, never over a file) and records it in the journal
/// before anything is ordered with it.
fn write_key(
    context: &Context,
    journal: &Journal,
    key: &Key,
    certificate_name: &str,
    names: &[String],
    session: &Session<'_>,
) -> Result<(), Failure> {
    let algorithm = match key.source {
        KeySource::New(algorithm) => algorithm,
        KeySource::Reused => {
            context.note(&format!(
                "reusing the key {} that an earlier run of this request made",
                key.file.display()
            ));
            return Ok(());
        }
        KeySource::Given => return Ok(()),
    };
    files::write_private(&key.file, key.pem.as_bytes())?;
    let absolute = std::fs::canonicalize(&key.file).unwrap_or_else(|_| key.file.clone());
    let line = json!({
        "version": ncpcert::order::JOURNAL_VERSION,
        "time": ncpcert::order::rfc3339_utc(session.now_ms()?),
        "event": KEY_EVENT,
        "certificateName": certificate_name,
        "names": names,
        "algorithm": algorithm.as_str(),
        "keyFile": absolute.display().to_string(),
    });
    journal.append(&line.to_string()).map_err(|f| {
        f.hint(format!(
            "The new key is in {}: give it with --key instead of --generate-key to go on.",
            key.file.display()
        ))
    })?;
    context.note(&format!(
        "wrote a new {algorithm} private key to {} (mode 0600)",
        key.file.display()
    ));
    Ok(())
}

/// Whether the journal records `file` as the key made for `certificate_name`.
fn journal_records_key(journal_text: &str, certificate_name: &str, file: &Path) -> bool {
    let file = file.display().to_string();
    journal_text
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line.trim()).ok())
        .any(|entry| {
            entry["event"] == KEY_EVENT
                && entry["certificateName"] == certificate_name
                && entry["keyFile"] == file.as_str()
        })
}

/// A key file, into memory that is wiped afterwards; messages name the file, never its text.
fn read_key(path: &Path) -> Result<Zeroizing<String>, Failure> {
    let bytes = Zeroizing::new(std::fs::read(path).map_err(|e| {
        Failure::argument(format!("cannot read the key file {}: {e}", path.display()))
    })?);
    match std::str::from_utf8(&bytes) {
        Ok(text) => Ok(Zeroizing::new(text.to_owned())),
        Err(_) => Err(Failure::new(
            ErrorCode::KeyInvalid,
            format!(
                "{} is not a PEM text file; give the private key in PEM (e.g. from `ncpcert key`)",
                path.display()
            ),
        )),
    }
}

fn key_failure(e: &KeyError) -> Failure {
    crate::commands::key::key_failure(e)
}

/// Runs the hook as lego's exec provider runs its program: `CMD present|cleanup FQDN. VALUE`,
/// through the shell (so CMD may carry its own arguments), with the workflow's variables in
/// its environment. Its output goes to stderr (stdout stays the one JSON document of
/// `--json`); it is also fed back, to be shown when the hook failed.
pub fn run_hook(session: &Session<'_>, command: &str, call: &HookCall) -> (bool, String) {
    let op = match call.op {
        HookOp::Present => "present",
        _ => "cleanup",
    };
    session.note(&format!(
        "running the DNS hook: {command} {op} {} {}",
        call.fqdn_with_dot, call.value
    ));
    let output = std::process::Command::new("sh")
        .arg("-c")
        .arg(format!("{command} \"$@\""))
        .arg("ncpcert-dns-hook")
        .arg(op)
        .arg(&call.fqdn_with_dot)
        .arg(&call.value)
        .envs(call.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
        .stdin(std::process::Stdio::null())
        .output();
    match output {
        Ok(output) => {
            let mut text = String::from_utf8_lossy(&output.stdout).into_owned();
            text.push_str(&String::from_utf8_lossy(&output.stderr));
            for line in text.lines() {
                eprintln!("  hook: {line}");
            }
            let text = match output.status.code() {
                Some(0) => text,
                Some(code) => format!("exit status {code}: {text}"),
                None => format!("killed by a signal: {text}"),
            };
            (output.status.success(), text)
        }
        Err(e) => (false, format!("could not run `sh -c {command}`: {e}")),
    }
}

/// A progress event for people, in the run's language.
fn describe(event: &IssuanceEvent) -> String {
    let say = |phrase: Phrase, args: &[(&'static str, String)]| {
        phrase.render(crate::failure::lang(), args)
    };
    match event {
        IssuanceEvent::Ordered {
            path,
            certificate_no,
        } => {
            let no = [("no", certificate_no.to_string())];
            match path {
                OrderPath::Accepted => say(Phrase::Ordered, &no),
                _ => say(Phrase::Resumed, &no),
            }
        }
        IssuanceEvent::Records { records } if records.is_empty() => say(Phrase::NoRecords, &[]),
        IssuanceEvent::Records { records } => say(Phrase::Records, &[("records", shown(records))]),
        IssuanceEvent::Dns { detail } => publish::describe(detail),
        IssuanceEvent::Waiting {
            status,
            waited_ms,
            timeout_ms,
            ..
        } => say(
            Phrase::Waiting,
            &[
                ("status", status.to_string()),
                ("waited", (waited_ms / 1000).to_string()),
                ("timeout", (timeout_ms / 1000).to_string()),
            ],
        ),
        IssuanceEvent::Issued { certificate_no } => {
            say(Phrase::Issued, &[("no", certificate_no.to_string())])
        }
        IssuanceEvent::Kept { records } => say(Phrase::Kept, &[("records", shown(records))]),
        _ => say(Phrase::Progress, &[]),
    }
}

fn shown(records: &[TxtRecord]) -> String {
    records
        .iter()
        .map(|r| format!("{} TXT \"{}\"", r.fqdn, r.value))
        .collect::<Vec<_>>()
        .join(", ")
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

/// Entropy for the DNS query ids, from the operating system.
fn entropy() -> Result<u64, Failure> {
    let mut bytes = [0u8; 8];
    getrandom::fill(&mut bytes).map_err(|e| {
        Failure::new(
            ErrorCode::OutputFailed,
            format!("the operating system's random generator failed ({e})"),
        )
    })?;
    Ok(u64::from_le_bytes(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_journal_records_the_key_of_its_certificate_name_only() {
        let file = Path::new("/tmp/certs/key.pem");
        let line = json!({"version": 1, "event": "key", "certificateName": "web",
                          "keyFile": "/tmp/certs/key.pem"})
        .to_string();
        let text = format!("torn{{\n{line}\n");
        assert!(journal_records_key(&text, "web", file));
        assert!(!journal_records_key(&text, "other", file));
        assert!(!journal_records_key(
            &text,
            "web",
            Path::new("/tmp/key.pem")
        ));
        assert!(!journal_records_key("", "web", file));
    }
}

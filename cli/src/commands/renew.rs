//! `ncpcert renew` and `ncpcert reissue N`: the certificates `issue` recorded, renewed when
//! due. For each record this reads the account once (the certificate's validity from the
//! certificate itself, its order's subscription), asks the core whether it is due and how to
//! renew it, and — unless `--dry-run` — drives the core's issuance workflow in reissue mode
//! with the DNS provider or hook `issue` used, then puts the new files in place (the old set
//! kept in `DIR/previous/`), updates the record and runs the deploy hooks.
//!
//! Nothing here decides: due or not, reissue or order, the new name — the core's.

use super::Output;
use crate::args::{RenewArgs, SiteName};
use crate::commands::issue::seconds;
use crate::commands::list::site_of;
use crate::deploy;
use crate::drive;
use crate::failure::Failure;
use crate::files;
use crate::http::Client;
use crate::journal::Journal;
use crate::records::{Dns, Previous, Record, Records};
use crate::rotate;
use crate::session::{Context, Session};
use ncpcert::globaldns::{parse_resolver, GlobalDns};
use ncpcert::inventory::{chains_wanted, inventory, InventoryRow};
use ncpcert::issuance::{DnsMode, Issuance, IssuanceEvent, IssuanceOptions};
use ncpcert::keys::{generate_key, make_csr, KeyAlgorithm};
use ncpcert::order::OrderOptions;
use ncpcert::renewal::{decide_renewal, renewal_name, RenewalAction, RenewalDecision};
use ncpcert::{parse_order_list, ErrorCode, ListOrders, Site};
use serde_json::{json, Map, Value};
use std::path::{Path, PathBuf};
use std::time::Duration;
use zeroize::Zeroizing;

/// What `renew` (or `reissue N`: `forced`) does for each recorded certificate.
pub fn run(context: &Context, forced: Option<u64>, args: &RenewArgs) -> Result<Output, Failure> {
    let poll_interval = seconds(args.poll_interval, "--poll-interval", 1.0)?;
    let wait_timeout = seconds(args.wait_timeout, "--wait-timeout", 0.0)?;
    let state = context.state_dir()?;
    let store = Records::in_state_dir(&state);
    let (all, unreadable) = store.all()?;
    for bad in &unreadable {
        context.note(&format!(
            "warning: {} is not a record ncpcert can read ({}); it is left as it is",
            bad.path.display(),
            bad.reason
        ));
    }
    let chosen: Vec<Record> = all
        .into_iter()
        .filter(|r| match (&args.name, forced) {
            (_, Some(no)) => r.certificate_no == no,
            (Some(name), None) => r.lineage == *name || r.certificate_name == *name,
            (None, None) => true,
        })
        .collect();
    if chosen.is_empty() {
        let wanted = match (&args.name, forced) {
            (_, Some(no)) => Some(format!("certificate {no}")),
            (Some(name), None) => Some(format!("a certificate named {name:?}")),
            (None, None) => None,
        };
        if let Some(wanted) = wanted {
            return Err(Failure::argument(format!(
                "no record of {wanted} in {}: `ncpcert issue` records the certificates it \
                 makes, and only those can be renewed",
                store.dir().display()
            ))
            .with("hint", "Nothing was sent."));
        }
        let text = format!(
            "no certificate is recorded in {} (`ncpcert issue` records what it makes)",
            store.dir().display()
        );
        return Ok(Output::new(
            json!({"dryRun": args.dry_run, "certificates": []}),
            text,
        ));
    }
    let session = Session::new(context, &args.send.clock)?;
    let client = Client::new(Duration::from_secs(args.send.timeout));
    let journal = Journal::in_dir(&state);
    // One reading of the account per connection.
    let mut accounts: Vec<(String, Result<Vec<InventoryRow>, Failure>)> = Vec::new();
    let mut results = Vec::new();
    let mut worst = 0u8;
    for record in chosen {
        let site = match site_for(&record, args) {
            Ok(site) => site,
            Err(failure) => {
                worst = worst.max(failure.status);
                results.push(failed(&record, None, &failure));
                continue;
            }
        };
        let key = site.base_url().to_owned();
        if !accounts.iter().any(|(k, _)| *k == key) {
            let rows = read_account(&session, &client, &site);
            accounts.push((key.clone(), rows));
        }
        let rows = match accounts.iter().find(|(k, _)| *k == key) {
            Some((_, Ok(rows))) => rows,
            Some((_, Err(failure))) => {
                worst = worst.max(failure.status);
                results.push(failed(&record, None, failure));
                continue;
            }
            None => continue,
        };
        let Some(row) = rows.iter().find(|r| r.certificate_no == record.certificate_no) else {
            let failure = Failure::new(
                ErrorCode::CertificateNotFound,
                ncpcert::no_certificate_numbered(record.certificate_no),
            );
            worst = worst.max(1);
            results.push(failed(&record, None, &failure));
            continue;
        };
        let now = i64::try_from(session.now_ms()?).unwrap_or(i64::MAX);
        let decision = decide_renewal(row, args.days.map(i64::from), args.allow_order, now);
        let action = match forced {
            // `reissue N`: now, whatever is left — unless only a new order could renew it.
            Some(_) if decision.action != RenewalAction::Order => RenewalAction::Reissue,
            _ => decision.action,
        };
        let mut entry = describe(&record, row, &decision);
        if args.dry_run {
            entry.insert("action".into(), dry_action(action).into());
            if action == RenewalAction::Skip {
                worst = worst.max(0);
            }
            results.push(Value::Object(entry));
            continue;
        }
        match action {
            RenewalAction::None => {
                entry.insert("action".into(), "none".into());
            }
            RenewalAction::Skip => {
                entry.insert("action".into(), "skipped".into());
                worst = worst.max(ErrorCode::RenewSkipped.exit_status());
            }
            RenewalAction::Reissue | RenewalAction::Order => {
                let ordering = action == RenewalAction::Order;
                match renew_one(
                    context, &session, &client, &journal, &store, &record, &site, args, ordering,
                    poll_interval, wait_timeout,
                ) {
                    Ok(done) => {
                        entry.insert(
                            "action".into(),
                            if ordering { "ordered" } else { "reissued" }.into(),
                        );
                        let hooks_ok = done
                            .get("deployHooks")
                            .and_then(Value::as_array)
                            .is_none_or(|r| deploy::all_ok(r));
                        entry.extend(done);
                        if !hooks_ok {
                            worst = worst.max(1);
                        }
                    }
                    Err(failure) => {
                        worst = worst.max(failure.status);
                        entry.insert("action".into(), "failed".into());
                        entry.insert("error".into(), failure.to_json());
                    }
                }
            }
            _ => {
                entry.insert("action".into(), "failed".into());
                worst = worst.max(1);
            }
        }
        results.push(Value::Object(entry));
    }
    let text = results
        .iter()
        .map(line)
        .collect::<Vec<_>>()
        .join("\n");
    // --dry-run only reads: it exits 0 whatever it would do.
    let status = if args.dry_run { 0 } else { worst };
    Ok(Output::new(
        json!({"dryRun": args.dry_run, "certificates": results}),
        text,
    )
    .with_status(status))
}

fn dry_action(action: RenewalAction) -> &'static str {
    match action {
        RenewalAction::Reissue => "reissue",
        RenewalAction::Order => "order",
        RenewalAction::Skip => "skip",
        _ => "none",
    }
}

/// The facts of a record and its certificate, and the decision with its reason.
fn describe(record: &Record, row: &InventoryRow, decision: &RenewalDecision) -> Map<String, Value> {
    let mut entry = Map::new();
    entry.insert("name".into(), record.lineage.clone().into());
    entry.insert("certificateNo".into(), record.certificate_no.into());
    entry.insert("certificateName".into(), record.certificate_name.clone().into());
    entry.insert("names".into(), json!(record.names));
    entry.insert("notAfter".into(), json!(row.not_after));
    entry.insert("daysLeft".into(), json!(row.days_left));
    entry.insert("subscriptionEnd".into(), json!(row.subscription_end));
    entry.insert("remainingDays".into(), json!(row.remaining_days));
    entry.insert("reason".into(), decision.reason.clone().into());
    entry
}

fn failed(record: &Record, row: Option<&InventoryRow>, failure: &Failure) -> Value {
    let mut entry = Map::new();
    entry.insert("name".into(), record.lineage.clone().into());
    entry.insert("certificateNo".into(), record.certificate_no.into());
    entry.insert("certificateName".into(), record.certificate_name.clone().into());
    if let Some(row) = row {
        entry.insert("daysLeft".into(), json!(row.days_left));
    }
    entry.insert("action".into(), "failed".into());
    entry.insert("reason".into(), failure.message().into());
    entry.insert("error".into(), failure.to_json());
    Value::Object(entry)
}

/// One line per certificate, for people.
fn line(entry: &Value) -> String {
    let mut text = format!(
        "{} (certificateNo {}): {}",
        entry["certificateName"].as_str().unwrap_or_default(),
        entry["certificateNo"],
        entry["action"].as_str().unwrap_or_default(),
    );
    if let Some(reason) = entry["reason"].as_str() {
        text.push_str(&format!(" — {reason}"));
    }
    if let Some(no) = entry.get("newCertificateNo") {
        text.push_str(&format!(
            "; now certificateNo {no} ({})",
            entry["newCertificateName"].as_str().unwrap_or_default()
        ));
    }
    text
}

/// The site of a record, overridden by the command line.
fn site_for(record: &Record, args: &RenewArgs) -> Result<Site, Failure> {
    let c = &args.connection;
    if c.site.is_some() || c.endpoint.is_some() {
        return site_of(c.site, c.endpoint.as_deref());
    }
    site_of(SiteName::from_recorded(&record.site), record.endpoint.as_deref())
}

/// The account's certificates with their validity and subscription (as `list` reads them).
fn read_account(
    session: &Session<'_>,
    client: &Client,
    site: &Site,
) -> Result<Vec<InventoryRow>, Failure> {
    let list = crate::lookup::all(session, client, site)?;
    let mut chains = Vec::new();
    for no in chains_wanted(&list) {
        match crate::chain::fetch(session, client, site, no) {
            Ok(chain) => chains.push((no, chain.certificate)),
            Err(failure) => session.note(&format!(
                "warning: the certificate of {no} could not be read: {}",
                failure.message()
            )),
        }
    }
    let prepared = ListOrders::new().prepare(site)?;
    let orders = crate::read::send(session, client, &prepared, "orders", parse_order_list)?;
    let now = i64::try_from(session.now_ms()?).unwrap_or(i64::MAX);
    Ok(inventory(&list, Some(&orders), &chains, now))
}

/// Renews one certificate: the key, the core's issuance workflow in reissue (or order) mode,
/// the files, the record, the deploy hooks. Returns the fields to add to its entry.
#[allow(clippy::too_many_arguments)]
fn renew_one(
    context: &Context,
    session: &Session<'_>,
    client: &Client,
    journal: &Journal,
    store: &Records,
    record: &Record,
    site: &Site,
    args: &RenewArgs,
    ordering: bool,
    poll_interval: Duration,
    wait_timeout: Duration,
) -> Result<Map<String, Value>, Failure> {
    let hook = match &record.dns {
        Dns::Ncloud => None,
        Dns::Hook { command } => Some(command.clone()),
        Dns::Manual => {
            return Err(Failure::new(
                ErrorCode::RenewSkipped,
                format!(
                    "{} was issued with DNS records published by hand; renewing it needs a \
                     DNS provider",
                    record.certificate_name
                ),
            )
            .with(
                "hint",
                "Issue it again with `ncpcert issue --domain … --dns ncloud` (or --dns-hook \
                 CMD): later renewals then run by themselves.",
            ))
        }
    };
    let Some(key_path) = record.key_path.clone() else {
        return Err(Failure::new(
            ErrorCode::RenewSkipped,
            format!(
                "{} was ordered from a CSR file: ncpcert has no key to renew it with",
                record.certificate_name
            ),
        )
        .with("hint", "Issue it again with --domain and --generate-key or --key."));
    };
    let new_name = renewal_name(&record.certificate_name);
    let journal_text = journal.read()?;
    files::check_out_dir(&record.out_dir, true)?;

    // The key: the old one (--reuse-key), or a new one staged beside it before anything is
    // sent (a resumed renewal finds it there, recorded in the journal for this name).
    let staged = rotate::staged_key(&key_path);
    let (pem, new_key): (Zeroizing<String>, Option<PathBuf>) = if args.reuse_key {
        (read_key(&key_path)?, None)
    } else if staged.exists() && journal_records_key(&journal_text, &new_name, &staged) {
        context.note(&format!(
            "reusing the new key {} an earlier run of this renewal made",
            staged.display()
        ));
        (read_key(&staged)?, Some(staged.clone()))
    } else {
        let algorithm: KeyAlgorithm = record
            .key_algorithm
            .as_deref()
            .unwrap_or("rsa2048")
            .parse()
            .map_err(|e: ncpcert::keys::KeyError| crate::commands::key::key_failure(&e))?;
        let mut entropy = Zeroizing::new([0u8; 32]);
        getrandom::fill(entropy.as_mut()).map_err(|e| {
            Failure::new(
                ErrorCode::OutputFailed,
                format!("the operating system's random generator failed ({e}); no key was made"),
            )
        })?;
        let pem = generate_key(algorithm, entropy.as_ref())
            .map_err(|e| crate::commands::key::key_failure(&e))?
            .into_zeroizing();
        let staged = rotate::stage_key(&key_path, &pem)?;
        let absolute = crate::records::absolute(&staged);
        let line = json!({
            "version": ncpcert::order::JOURNAL_VERSION,
            "time": ncpcert::order::rfc3339_utc(session.now_ms()?),
            "event": "key",
            "certificateName": new_name,
            "names": record.names,
            "algorithm": algorithm.as_str(),
            "keyFile": absolute.display().to_string(),
        });
        journal.append(&line.to_string())?;
        (pem, Some(staged))
    };
    let csr = make_csr(&pem, &record.names)
        .map_err(|e| crate::commands::key::key_failure(&e))?;

    let connection = &args.connection;
    let dns_endpoint = connection.dns_endpoint.clone().or(record.dns_endpoint.clone());
    let global_dns = match &dns_endpoint {
        Some(url) => GlobalDns::custom(url)?,
        None => match SiteName::from_recorded(&record.site).unwrap_or(SiteName::Public) {
            SiteName::Public => GlobalDns::public(),
            SiteName::Gov => GlobalDns::gov(),
            SiteName::Fin => GlobalDns::fin(),
        },
    };
    let resolver = match connection
        .dns_resolver
        .clone()
        .or(record.dns_resolver.clone())
        .as_deref()
        .map(str::trim)
    {
        Some(text) if !text.is_empty() => Some(parse_resolver(text)?),
        _ => None,
    };
    let prepared = ncpcert::renewal::renewal_request(record_request(record, &new_name, csr), site, ordering)
        .map_err(|e| Failure::invalid_request(&e))?;
    let options = IssuanceOptions::new()
        .validation_method(record.validation_method.as_str())
        .dns(if hook.is_some() { DnsMode::Hook } else { DnsMode::Ncloud })
        .global_dns(global_dns)
        .resolver(resolver)
        .poll_interval_ms(millis(poll_interval))
        .wait_timeout_ms(millis(wait_timeout))
        .propagation_timeout_ms(args.dns_timeout.saturating_mul(1000))
        .dcv_value_field(record.dcv_value_field.clone())
        .order(
            OrderOptions::new()
                .retries(args.send.retries)
                .journal(journal_text),
        )
        .entropy(entropy()?);
    let options = if ordering {
        options
    } else {
        options.reissue(record.certificate_no)
    };
    let mut machine = Issuance::new(&prepared, options).map_err(Failure::from)?;
    let mut show = |_: &Issuance, event: &IssuanceEvent| {
        if let IssuanceEvent::Issued { certificate_no } = event {
            session.note(&format!("certificate {certificate_no} is issued"));
        }
    };
    let issued = match drive::issuance(session, client, journal, &mut machine, hook.as_deref(), &mut show)? {
        Ok(issued) => issued,
        Err(error) => return Err(drive::issuance_failure(&error)),
    };

    // The files: the old set kept, the new one in place, the record updated.
    let kept = rotate::keep_previous(&record.out_dir, Some(&key_path))?;
    let pems: Vec<(&str, String)> = issued
        .files
        .iter()
        .map(|(name, pem)| (name.as_str(), pem.clone()))
        .collect();
    let key_move = new_key.as_deref().map(|staged| (staged, key_path.as_path()));
    let written = rotate::install(&record.out_dir, &pems, key_move)?;
    let mut updated = record.clone();
    updated.previous.push(Previous {
        certificate_name: record.certificate_name.clone(),
        certificate_no: record.certificate_no,
        replaced: ncpcert::order::rfc3339_utc(session.now_ms()?),
    });
    updated.certificate_name = issued.certificate_name.clone();
    updated.certificate_no = issued.certificate_no;
    updated.updated = ncpcert::order::rfc3339_utc(session.now_ms()?);
    if !args.deploy_hooks.is_empty() {
        updated.deploy_hooks.clone_from(&args.deploy_hooks);
    }
    let mut done = Map::new();
    done.insert("newCertificateNo".into(), issued.certificate_no.into());
    done.insert("newCertificateName".into(), issued.certificate_name.clone().into());
    done.insert("newKey".into(), new_key.is_some().into());
    done.insert("files".into(), json!(shown(&written)));
    done.insert("previous".into(), json!(shown(&kept)));
    match store.save(&updated) {
        Ok(path) => {
            done.insert("record".into(), path.display().to_string().into());
        }
        Err(failure) => {
            context.note(&format!("warning: {}", failure.message()));
            done.insert("recordError".into(), failure.message().into());
        }
    }
    let hooks = if args.deploy_hooks.is_empty() {
        &record.deploy_hooks
    } else {
        &args.deploy_hooks
    };
    if !hooks.is_empty() {
        let results = deploy::run(
            hooks,
            &deploy::Deployed {
                certificate_no: updated.certificate_no,
                certificate_name: &updated.certificate_name,
                names: &updated.names,
                out_dir: &updated.out_dir,
                key_path: Some(&key_path),
            },
        );
        done.insert("deployHooks".into(), Value::Array(results));
    }
    Ok(done)
}

fn shown(paths: &[PathBuf]) -> Vec<String> {
    paths.iter().map(|p| p.display().to_string()).collect()
}

fn read_key(path: &Path) -> Result<Zeroizing<String>, Failure> {
    let bytes = Zeroizing::new(std::fs::read(path).map_err(|e| {
        Failure::argument(format!("cannot read the key file {}: {e}", path.display()))
    })?);
    String::from_utf8(bytes.to_vec())
        .map(Zeroizing::new)
        .map_err(|_| {
            Failure::new(
                ErrorCode::KeyInvalid,
                format!("{} is not a PEM text file", path.display()),
            )
        })
}

/// Whether the journal records `file` as the key made for `certificate_name`.
fn journal_records_key(journal_text: &str, certificate_name: &str, file: &Path) -> bool {
    let file = crate::records::absolute(file).display().to_string();
    journal_text
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line.trim()).ok())
        .any(|entry| {
            entry["event"] == "key"
                && entry["certificateName"] == certificate_name
                && entry["keyFile"] == file.as_str()
        })
}

fn millis(d: Duration) -> u64 {
    u64::try_from(d.as_millis()).unwrap_or(u64::MAX)
}

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

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
use ncpcert::inventory::{certificate_expiry, chains_wanted, inventory, InventoryRow};
use ncpcert::issuance::{DnsMode, Issuance, IssuanceEvent, IssuanceOptions};
use ncpcert::keys::{generate_key, make_csr, KeyAlgorithm};
use ncpcert::order::OrderOptions;
use ncpcert::renewal::{
    decide_renewal, renewal_name_avoiding, OrderFacts, RenewalAction, RenewalDecision,
};
use ncpcert::{
    parse_order_list, AdvancedCertificateRequest, CertificateType, ErrorCode, ListOrders,
    OrderList, Policy, Site,
};
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
    let mut accounts: Vec<(String, Result<Account, Failure>)> = Vec::new();
    let recorded: Vec<u64> = chosen.iter().map(|r| r.certificate_no).collect();
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
            let account = read_account(&session, &client, &site, &recorded);
            accounts.push((key.clone(), account));
        }
        let account = match accounts.iter().find(|(k, _)| *k == key) {
            Some((_, Ok(account))) => account,
            Some((_, Err(failure))) => {
                worst = worst.max(failure.status);
                results.push(failed(&record, None, failure));
                continue;
            }
            None => continue,
        };
        let Some(row) = account
            .rows
            .iter()
            .find(|r| r.certificate_no == record.certificate_no)
        else {
            let failure = Failure::new(
                ErrorCode::CertificateNotFound,
                ncpcert::no_certificate_numbered(record.certificate_no),
            );
            worst = worst.max(failure.status);
            results.push(failed(&record, None, &failure));
            continue;
        };
        let Some((not_before, not_after)) = account.validity(row) else {
            let failure = Failure::new(
                ErrorCode::CertificateInvalid,
                format!(
                    "the validity of certificate {} cannot be read (is it issued?)",
                    record.certificate_no
                ),
            );
            worst = worst.max(failure.status);
            results.push(failed(&record, Some(row), &failure));
            continue;
        };
        let facts = account.order_facts(row);
        let now = i64::try_from(session.now_ms()?).unwrap_or(i64::MAX);
        // `reissue N`: due whatever is left; how (reissue, order, skip) is still the core's.
        let days = if forced.is_some() {
            Some(u32::MAX)
        } else {
            args.days
        };
        let decision = decide_renewal(
            not_before,
            not_after,
            facts.as_ref(),
            now,
            days,
            args.allow_order,
        );
        let mut entry = describe(&record, row, &decision);
        if args.dry_run {
            entry.insert("action".into(), dry_action(decision.action).into());
            results.push(Value::Object(entry));
            continue;
        }
        match decision.action {
            RenewalAction::None => {
                entry.insert("action".into(), "none".into());
            }
            RenewalAction::Reissue | RenewalAction::Order => {
                let ordering = decision.action == RenewalAction::Order;
                let job = Job {
                    context,
                    session: &session,
                    client: &client,
                    journal: &journal,
                    store: &store,
                    record: &record,
                    site: &site,
                    args,
                    taken: &account.names,
                    poll_interval,
                    wait_timeout,
                };
                match job.renew(ordering) {
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
                            worst = worst.max(ErrorCode::OutputFailed.exit_status());
                        }
                    }
                    Err(failure) => {
                        worst = worst.max(failure.status);
                        entry.insert("action".into(), "failed".into());
                        entry.insert("error".into(), failure.to_json());
                    }
                }
            }
            // Skip, and whatever a newer core may add: left for a person.
            _ => {
                entry.insert("action".into(), "skipped".into());
                if let Some(code) = decision.code {
                    entry.insert("code".into(), code.as_str().into());
                }
                worst = worst.max(
                    decision
                        .code
                        .unwrap_or(ErrorCode::RenewSkipped)
                        .exit_status(),
                );
            }
        }
        results.push(Value::Object(entry));
    }
    let text = results.iter().map(line).collect::<Vec<_>>().join("\n");
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
    entry.insert(
        "certificateName".into(),
        record.certificate_name.clone().into(),
    );
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
    entry.insert(
        "certificateName".into(),
        record.certificate_name.clone().into(),
    );
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
    site_of(
        SiteName::from_recorded(&record.site),
        record.endpoint.as_deref(),
    )
}

/// What `renew` reads of an account: the certificates with their validity and subscription
/// (as `list` reads them), the certificates themselves, the orders, the names in use.
struct Account {
    rows: Vec<InventoryRow>,
    chains: Vec<(u64, String)>,
    orders: OrderList,
    names: Vec<String>,
}

impl Account {
    /// `notBefore` and `notAfter` (ms) read from the certificate itself.
    fn validity(&self, row: &InventoryRow) -> Option<(i64, i64)> {
        let (_, pem) = self
            .chains
            .iter()
            .find(|(no, _)| *no == row.certificate_no)?;
        let expiry = certificate_expiry(pem).ok()?;
        Some((expiry.not_before_ms, expiry.not_after_ms))
    }

    fn order_facts(&self, row: &InventoryRow) -> Option<OrderFacts> {
        let id = row.order_id.as_deref()?;
        self.orders.find(id).map(OrderFacts::from)
    }
}

/// Reads the account once: the listing, the recorded certificates' own validity, the orders.
fn read_account(
    session: &Session<'_>,
    client: &Client,
    site: &Site,
    recorded: &[u64],
) -> Result<Account, Failure> {
    let list = crate::lookup::all(session, client, site)?;
    let mut chains = Vec::new();
    for no in chains_wanted(&list) {
        if !recorded.contains(&no) {
            continue;
        }
        let chain = crate::chain::fetch(session, client, site, no)?;
        chains.push((no, chain.certificate));
    }
    let prepared = ListOrders::new().prepare(site)?;
    let orders = crate::read::send(session, client, &prepared, "orders", parse_order_list)?;
    let now = i64::try_from(session.now_ms()?).unwrap_or(i64::MAX);
    let rows = inventory(&list, Some(&orders), &chains, now);
    let names = list
        .certificates()
        .map(|c| c.certificate_name.clone())
        .collect();
    Ok(Account {
        rows,
        chains,
        orders,
        names,
    })
}

/// One renewal to make, and what it needs.
struct Job<'a> {
    context: &'a Context,
    session: &'a Session<'a>,
    client: &'a Client,
    journal: &'a Journal,
    store: &'a Records,
    record: &'a Record,
    site: &'a Site,
    args: &'a RenewArgs,
    /// The certificate names the account uses.
    taken: &'a [String],
    poll_interval: Duration,
    wait_timeout: Duration,
}

impl Job<'_> {
    /// Renews the certificate: the key, the core's issuance workflow reissuing it (or placing
    /// a new order), the files, the record, the deploy hooks. Returns the fields to add to its
    /// entry.
    fn renew(&self, ordering: bool) -> Result<Map<String, Value>, Failure> {
        let (record, args, session) = (self.record, self.args, self.session);
        let hook = match &record.dns {
            Dns::Ncloud => None,
            Dns::Hook { command } => Some(command.clone()),
            Dns::Manual => {
                return Err(Failure::new(
                    ErrorCode::RenewSkipped,
                    format!(
                        "{} was issued with DNS records published by hand; renewing it needs \
                         a DNS provider",
                        record.certificate_name
                    ),
                )
                .with(
                    "hint",
                    "Issue it again with `ncpcert issue --domain … --dns ncloud` (or \
                     --dns-hook CMD): later renewals then run by themselves. Nothing was sent.",
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
            .with(
                "hint",
                "Issue it again with --domain and --generate-key or --key. Nothing was sent.",
            ));
        };
        let journal_text = self.journal.read()?;
        // The new name: the core's, among the names not in use — a name this state
        // directory's journal already holds is this renewal's own, from an earlier run that
        // was cut short, and taking it again lets the workflow find what that run did.
        let ours = |name: &str| journal_names(&journal_text, name);
        let taken = self
            .taken
            .iter()
            .map(String::as_str)
            .filter(|name| !ours(name));
        let new_name = renewal_name_avoiding(&record.certificate_name, taken);
        files::check_out_dir(&record.out_dir, true)?;

        // The key: the old one (--reuse-key), or a new one staged beside it before anything
        // is sent (a resumed renewal finds it there, recorded in the journal for this name).
        let staged = rotate::staged_key(&key_path);
        let (pem, new_key): (Zeroizing<String>, Option<PathBuf>) = if args.reuse_key {
            (read_key(&key_path)?, None)
        } else if staged.exists() && journal_records_key(&journal_text, &new_name, &staged) {
            self.context.note(&format!(
                "reusing the new key {} an earlier run of this renewal made",
                staged.display()
            ));
            (read_key(&staged)?, Some(staged.clone()))
        } else {
            let pem = new_key_pem(record)?;
            let staged = rotate::stage_key(&key_path, &pem)?;
            let line = json!({
                "version": ncpcert::order::JOURNAL_VERSION,
                "time": ncpcert::order::rfc3339_utc(session.now_ms()?),
                "event": "key",
                "certificateName": new_name,
                "names": record.names,
                "algorithm": record.key_algorithm.as_deref().unwrap_or(DEFAULT_ALGORITHM),
                "keyFile": crate::records::absolute(&staged).display().to_string(),
            });
            self.journal.append(&line.to_string())?;
            (pem, Some(staged))
        };
        let csr =
            make_csr(&pem, &record.names).map_err(|e| crate::commands::key::key_failure(&e))?;

        let connection = &args.connection;
        let dns_endpoint = connection
            .dns_endpoint
            .clone()
            .or(record.dns_endpoint.clone());
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
        let mut builder = AdvancedCertificateRequest::builder()
            .csr(csr.into_bytes())
            .certificate_type(match record.certificate_type.as_str() {
                "OV" => CertificateType::Ov,
                _ => CertificateType::Dv,
            })
            .certificate_name(new_name.as_str())
            .common_name(record.common_name.as_str())
            .dns_names(record.names.iter().map(String::as_str))
            .validation_method(record.validation_method.as_str());
        if let Some(n) = record.organization_no {
            builder = builder.organization_no(n);
        }
        let policy = Policy::lenient();
        let prepared = builder
            .build()
            .prepare_with(self.site, &policy)
            .map_err(|e| Failure::invalid_request(&e))?;
        let options = IssuanceOptions::new()
            .validation_method(record.validation_method.as_str())
            .dns(if hook.is_some() {
                DnsMode::Hook
            } else {
                DnsMode::Ncloud
            })
            .global_dns(global_dns)
            .resolver(resolver)
            .poll_interval_ms(millis(self.poll_interval))
            .wait_timeout_ms(millis(self.wait_timeout))
            .propagation_timeout_ms(args.dns_timeout.saturating_mul(1000))
            .dcv_value_field(record.dcv_value_field.clone())
            .order(
                OrderOptions::new()
                    .retries(args.send.retries)
                    .policy(policy)
                    .journal(journal_text),
            )
            .entropy(entropy()?);
        // Within the subscription: ReissueCertificate in the order, through the same
        // workflow (never sent twice), instead of a new order.
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
        let issued = match drive::issuance(
            session,
            self.client,
            self.journal,
            &mut machine,
            hook.as_deref(),
            &mut show,
        )? {
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
        let key_move = new_key
            .as_deref()
            .map(|staged| (staged, key_path.as_path()));
        let written = rotate::install(&record.out_dir, &pems, key_move)?;
        let now = ncpcert::order::rfc3339_utc(session.now_ms()?);
        let mut updated = record.clone();
        updated.previous.push(Previous {
            certificate_name: record.certificate_name.clone(),
            certificate_no: record.certificate_no,
            replaced: now.clone(),
        });
        updated
            .certificate_name
            .clone_from(&issued.certificate_name);
        updated.certificate_no = issued.certificate_no;
        updated.updated = now;
        if !args.deploy_hooks.is_empty() {
            updated.deploy_hooks.clone_from(&args.deploy_hooks);
        }
        let mut done = Map::new();
        done.insert("newCertificateNo".into(), issued.certificate_no.into());
        done.insert(
            "newCertificateName".into(),
            issued.certificate_name.clone().into(),
        );
        done.insert("newKey".into(), new_key.is_some().into());
        done.insert("files".into(), json!(shown(&written)));
        done.insert("previous".into(), json!(shown(&kept)));
        match self.store.save(&updated) {
            Ok(path) => {
                done.insert("record".into(), path.display().to_string().into());
            }
            Err(failure) => {
                self.context
                    .note(&format!("warning: {}", failure.message()));
                done.insert("recordError".into(), failure.message().into());
            }
        }
        if !updated.deploy_hooks.is_empty() {
            let results = deploy::run(
                &updated.deploy_hooks,
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
}

/// The algorithm of a new key when the record names none (a key given with --key).
const DEFAULT_ALGORITHM: &str = "rsa2048";

/// A new key of the record's algorithm, in memory that is wiped afterwards.
fn new_key_pem(record: &Record) -> Result<Zeroizing<String>, Failure> {
    let algorithm: KeyAlgorithm = record
        .key_algorithm
        .as_deref()
        .unwrap_or(DEFAULT_ALGORITHM)
        .parse()
        .map_err(|e: ncpcert::keys::KeyError| crate::commands::key::key_failure(&e))?;
    let mut entropy = Zeroizing::new([0u8; 32]);
    getrandom::fill(entropy.as_mut()).map_err(|e| {
        Failure::new(
            ErrorCode::OutputFailed,
            format!("the operating system's random generator failed ({e}); no key was made"),
        )
    })?;
    Ok(generate_key(algorithm, entropy.as_ref())
        .map_err(|e| crate::commands::key::key_failure(&e))?
        .into_zeroizing())
}

/// Whether the journal holds an entry for the certificate name `name`.
fn journal_names(journal_text: &str, name: &str) -> bool {
    journal_text
        .lines()
        .filter_map(|line| serde_json::from_str::<Value>(line.trim()).ok())
        .any(|entry| entry["certificateName"] == name)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_the_journal_holds_is_this_renewals_own() {
        let journal = concat!(
            r#"{"event":"attempt","certificateName":"web-cert-r2"}"#,
            "\n",
            "not json\n",
        );
        assert!(journal_names(journal, "web-cert-r2"));
        assert!(!journal_names(journal, "web-cert-r3"));
        assert!(!journal_names("", "web-cert-r2"));
    }

    #[test]
    fn a_staged_key_counts_only_when_the_journal_names_it_for_that_certificate() {
        let file = std::env::temp_dir().join("ncpcert-renew-test-key.pem.next");
        let absolute = crate::records::absolute(&file).display().to_string();
        let line = json!({"event": "key", "certificateName": "web-cert-r2", "keyFile": absolute});
        let journal = line.to_string();
        assert!(journal_records_key(&journal, "web-cert-r2", &file));
        assert!(!journal_records_key(&journal, "web-cert-r3", &file));
        assert!(!journal_records_key(
            &journal,
            "web-cert-r2",
            Path::new("/elsewhere/key.pem")
        ));
    }
}

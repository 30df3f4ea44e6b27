//! `ncpcert dns present | cleanup | certbot-auth | certbot-cleanup` (and the hidden
//! `ncpcert present | cleanup` of lego's exec provider): one ACME TXT record published in or
//! removed from NCP Global DNS, by the core's publication machine.

use super::Output;
use crate::args::{ClockArgs, DnsAction, DnsOptions, DnsRecordArgs, SiteName};
use crate::failure::Failure;
use crate::http::Client;
use crate::publish;
use crate::session::{Context, Session};
use ncpcert::globaldns::{
    certbot_record, parse_resolver, GlobalDns, Publication, PublicationOptions, TxtRecord,
};
use serde_json::json;
use std::hash::{BuildHasher, Hasher};
use std::time::Duration;

/// How long one Global DNS call may take once connected.
const CALL_TIMEOUT: Duration = Duration::from_secs(30);

/// What to do with the record.
#[derive(Clone, Copy)]
pub enum Operation {
    Present,
    Cleanup,
}

impl Operation {
    fn as_str(self) -> &'static str {
        match self {
            Operation::Present => "present",
            Operation::Cleanup => "cleanup",
        }
    }
}

pub fn run(context: &Context, action: &DnsAction) -> Result<Output, Failure> {
    match action {
        DnsAction::Present(args) => run_record(context, Operation::Present, args),
        DnsAction::Cleanup(args) => run_record(context, Operation::Cleanup, args),
        DnsAction::CertbotAuth(options) => certbot(context, Operation::Present, options),
        DnsAction::CertbotCleanup(options) => certbot(context, Operation::Cleanup, options),
    }
}

/// `present`/`cleanup FQDN VALUE`.
pub fn run_record(
    context: &Context,
    operation: Operation,
    args: &DnsRecordArgs,
) -> Result<Output, Failure> {
    let record = TxtRecord::new(&args.fqdn, &args.value)?;
    publish_record(context, operation, record, &args.options)
}

/// certbot's hooks: the record from `CERTBOT_DOMAIN` and `CERTBOT_VALIDATION`.
fn certbot(
    context: &Context,
    operation: Operation,
    options: &DnsOptions,
) -> Result<Output, Failure> {
    let variable = |name: &str| std::env::var(name).unwrap_or_default();
    let record = certbot_record(&variable("CERTBOT_DOMAIN"), &variable("CERTBOT_VALIDATION"))?;
    publish_record(context, operation, record, options)
}

fn publish_record(
    context: &Context,
    operation: Operation,
    record: TxtRecord,
    options: &DnsOptions,
) -> Result<Output, Failure> {
    let dns = match &options.dns_endpoint {
        Some(url) => GlobalDns::custom(url)?,
        None => match options.site {
            SiteName::Public => GlobalDns::public(),
            SiteName::Gov => GlobalDns::gov(),
            SiteName::Fin => GlobalDns::fin(),
        },
    };
    let resolver = match options.dns_resolver.as_deref().map(str::trim) {
        Some(text) if !text.is_empty() => Some(parse_resolver(text)?),
        _ => None,
    };
    let machine_options = PublicationOptions::new()
        .resolver(resolver)
        .timeout_ms(options.timeout.saturating_mul(1000))
        .entropy(entropy());
    let clock = ClockArgs {
        clock_offset_ms: options.clock_offset_ms,
    };
    let session = Session::new(context, &clock)?;
    let client = Client::new(CALL_TIMEOUT);
    let records = vec![record.clone()];
    let mut machine = match operation {
        Operation::Present => Publication::present_and_wait(dns, records, machine_options),
        Operation::Cleanup => Publication::cleanup(dns, records, machine_options),
    };
    let published = publish::drive(&session, &client, &mut machine, false).map_err(|f| {
        f.context("operation", operation.as_str())
            .context("record", json!(record))
    })?;
    let text = match operation {
        Operation::Present if published.created.is_empty() => {
            format!(
                "{} TXT \"{}\" was there already and is served",
                record.fqdn, record.value
            )
        }
        Operation::Present => format!(
            "{} TXT \"{}\" is published and served",
            record.fqdn, record.value
        ),
        Operation::Cleanup if published.deleted.is_empty() => {
            format!(
                "{} TXT \"{}\" was not there: nothing deleted",
                record.fqdn, record.value
            )
        }
        Operation::Cleanup => format!("{} TXT \"{}\" is deleted", record.fqdn, record.value),
    };
    Ok(Output::new(
        json!({
            "operation": operation.as_str(),
            "record": record,
            "published": published,
        }),
        text,
    ))
}

/// Entropy for the DNS query ids: std's per-process random hash keys (the ids need to be
/// unpredictable to a spoofer, not secret).
fn entropy() -> u64 {
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.as_nanos())
            .unwrap_or_default(),
    );
    hasher.write_u32(std::process::id());
    hasher.finish()
}

/// lego's exec provider with `EXEC_MODE=RAW` runs `PROGRAM present|cleanup -- DOMAIN TOKEN
/// KEY_AUTH`: the record's name and value would have to be derived from the ACME key
/// authorisation, which ncpcert does not do. Refused before anything else, with what to do.
pub fn raw_mode_refusal(args: &[std::ffi::OsString]) -> Option<Failure> {
    let words: Vec<&str> = args.iter().skip(1).filter_map(|a| a.to_str()).collect();
    let verb = match words.as_slice() {
        [first, ..] if *first == "present" || *first == "cleanup" => 0,
        ["dns", second, ..] if *second == "present" || *second == "cleanup" => 1,
        _ => return None,
    };
    // lego passes its environment on: EXEC_MODE=RAW there means the hidden form was called
    // by lego in that mode.
    let raw_env = verb == 0 && std::env::var("EXEC_MODE").is_ok_and(|m| m == "RAW");
    let raw_shape = words.get(verb + 1) == Some(&"--") && words.len() == verb + 5;
    if !(raw_env || raw_shape) {
        return None;
    }
    Some(
        Failure::argument(
            "lego's EXEC_MODE=RAW passes the domain, token and key authorisation, not the record \
             to publish; ncpcert takes the record's name and value (lego's default mode)",
        )
        .with(
            "hint",
            "Unset EXEC_MODE (lego then runs `ncpcert present FQDN VALUE`); nothing was changed.",
        ),
    )
}

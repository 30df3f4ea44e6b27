//! Hands-free issuance and Global DNS publication for hosts: [`IssuanceDriver`] wraps
//! [`crate::issuance::Issuance`] and [`PublicationDriver`] wraps
//! [`crate::globaldns::Publication`], with JSON options in and typed actions out, the same
//! for the CLI, Python and the C ABI.
//!
//! Issuance options (every key optional, `null` counts as absent): `site`, `baseUrl`,
//! `strict`, `retries`, `backoffMs`, `journal`, `transportMayReplay` (as for the order
//! workflow), `validationMethod` (`D` or `PD`; default: the request's), `dns` (`ncloud`,
//! `hook`, or `manual`: the records are shown for the user to publish), `wait` (`false`:
//! a manual run ends once the records are shown; default `true`), `dnsSite`, `dnsBaseUrl`, `dnsResolver` (`HOST:PORT`), `pollIntervalMs`,
//! `waitTimeoutMs`, `propagationTimeoutMs`, `dcvValueField`, `entropy` (an integer the host
//! drew at random, for DNS query ids).
//!
//! Actions, serialised with `action` naming each: `journal` `{line, entry}`, `send`
//! `{purpose, paid, attempt, clockOffsetMs, request}`, `query` `{target: {kind: "system"} |
//! {kind: "server", address: "ip:port"}, wire: [bytes], tcp, name, queryType}`, `hook` `{op,
//! fqdnWithDot, value, env}`, `sleep` `{ms}`, `progress` `{event}`, `done` `{ok, result |
//! error}`.
//!
//! Publication options: `operation` (`preflight`, `present`, `wait`, `presentAndWait`,
//! `cleanup`), `names` (preflight) or `records` (`[{fqdn, value}]`), `dnsSite`, `dnsBaseUrl`,
//! `dnsResolver`, `timeoutMs`, `entropy`, `ours` (record ids), `backoffMs`.

use super::{options, string_option, HostError};
use crate::globaldns::{
    self, DnsError, DnsQuery, GlobalDns, Operation, Publication, PublicationAction,
    PublicationEvent, PublicationOptions, Published, TxtRecord,
};
use crate::issuance::{
    Action, Call, DnsMode, HookCall, Issuance, IssuanceError, IssuanceEvent, IssuanceOptions,
    Issued,
};
use crate::order::JournalEntry;
use crate::{Policy, PrepareError, PreparedRequest};
use serde::Serialize;
use serde_json::{Map, Value};

/// What the host does next (issuance).
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(
    tag = "action",
    rename_all = "lowercase",
    rename_all_fields = "camelCase"
)]
#[non_exhaustive]
#[allow(clippy::large_enum_variant)]
pub enum IssuanceAction {
    /// Append `line` and a newline to the journal, durably, then ask again.
    Journal {
        /// The entry as one line of JSON.
        line: String,
        /// The entry.
        entry: JournalEntry,
    },
    /// Sign and send.
    Send(Call),
    /// Send the DNS query.
    Query(DnsQuery),
    /// Run the hook.
    Hook(HookCall),
    /// Wait, then ask again.
    Sleep {
        /// Milliseconds.
        ms: u64,
    },
    /// Show, then ask again.
    Progress {
        /// What happened.
        event: IssuanceEvent,
    },
    /// Over.
    Done {
        /// Whether the certificate was issued.
        ok: bool,
        /// The files, when `ok`.
        #[serde(skip_serializing_if = "Option::is_none")]
        result: Option<Issued>,
        /// Why not.
        #[serde(skip_serializing_if = "Option::is_none")]
        error: Option<IssuanceError>,
    },
}

impl IssuanceAction {
    /// The action with its error's messages in `lang` (only `Done` with an error has any).
    pub fn localized(self, lang: crate::Lang) -> IssuanceAction {
        match self {
            IssuanceAction::Done {
                ok,
                result,
                error: Some(error),
            } => IssuanceAction::Done {
                ok,
                result,
                error: Some(error.localized(lang)),
            },
            other => other,
        }
    }
}

/// An issuance workflow driven by a host.
#[derive(Clone, Debug)]
pub struct IssuanceDriver {
    machine: Issuance,
}

const ISSUANCE_OPTIONS: &[&str] = &[
    "site",
    "baseUrl",
    "strict",
    "retries",
    "backoffMs",
    "journal",
    "transportMayReplay",
    "validationMethod",
    "dns",
    "dnsSite",
    "dnsBaseUrl",
    "dnsResolver",
    "pollIntervalMs",
    "waitTimeoutMs",
    "propagationTimeoutMs",
    "dcvValueField",
    "entropy",
    "wait",
    "reissue",
];

impl IssuanceDriver {
    /// The workflow of the request given with the API's names (`csr`, given as bytes,
    /// replaces the request's).
    pub fn new(
        request: &Value,
        csr: Option<Vec<u8>>,
        options_value: &Value,
    ) -> Result<Self, HostError> {
        let mut fields = options(options_value, "issuance", ISSUANCE_OPTIONS)?;
        let site_name = string_option(&mut fields, "site")?;
        let base_url = string_option(&mut fields, "baseUrl")?;
        let site = super::site(site_name.as_deref(), base_url.as_deref())?;
        let strict = super::order::bool_option(&mut fields, "strict")?;
        let policy = if strict {
            Policy::strict()
        } else {
            Policy::lenient()
        };
        let request = super::request(request, csr).map_err(PrepareError::Invalid)?;
        let prepared = request.prepare_with(&site, &policy)?;
        Self::start(&prepared, fields)
    }

    /// The workflow of an issuance request prepared already (as `prepare` returned it).
    /// Options as for [`new`](Self::new), without `site`, `baseUrl` and `strict`.
    pub fn from_prepared(prepared: &Value, options_value: &Value) -> Result<Self, HostError> {
        let fields = options(options_value, "issuance", &ISSUANCE_OPTIONS[3..])?;
        let prepared = super::order::prepared_request(prepared)?;
        Self::start(&prepared, fields)
    }

    fn start(
        prepared: &PreparedRequest,
        mut fields: Map<String, Value>,
    ) -> Result<Self, HostError> {
        let order = super::order::workflow_options(&mut fields)?;
        let method = match string_option(&mut fields, "validationMethod")? {
            Some(m) => m,
            None => prepared
                .body
                .as_deref()
                .and_then(|b| serde_json::from_str::<Value>(b).ok())
                .and_then(|v| v["validationMethod"].as_str().map(str::to_owned))
                .unwrap_or_else(|| String::from("D")),
        };
        let dns = match string_option(&mut fields, "dns")?.as_deref() {
            None | Some("ncloud") => DnsMode::Ncloud,
            Some("hook") => DnsMode::Hook,
            Some("manual") => DnsMode::Manual,
            Some(other) => {
                return Err(HostError::argument(format!(
                    "dns is {other:?}; use \"ncloud\", \"hook\" or \"manual\""
                )))
            }
        };
        let wait = match fields.remove("wait") {
            None | Some(Value::Null) => true,
            Some(Value::Bool(wait)) => wait,
            Some(_) => return Err(HostError::argument("wait must be true or false")),
        };
        let global_dns = dns_site(&mut fields)?;
        let resolver = resolver(&mut fields)?;
        let mut options = IssuanceOptions::new()
            .validation_method(method)
            .dns(dns)
            .global_dns(global_dns)
            .resolver(resolver)
            .dcv_value_field(string_option(&mut fields, "dcvValueField")?)
            .entropy(count(&mut fields, "entropy", 0, u64::MAX)?)
            .wait(wait)
            .order(order);
        options = options
            .poll_interval_ms(count(&mut fields, "pollIntervalMs", 30_000, 31_536_000_000)?.max(1))
            .wait_timeout_ms(count(
                &mut fields,
                "waitTimeoutMs",
                3_600_000,
                31_536_000_000,
            )?)
            .propagation_timeout_ms(count(
                &mut fields,
                "propagationTimeoutMs",
                globaldns::DEFAULT_PROPAGATION_TIMEOUT_MS,
                31_536_000_000,
            )?);
        let machine = Issuance::new(prepared, options)?;
        Ok(IssuanceDriver { machine })
    }

    /// The next action; `now_ms` is the host's clock.
    pub fn next(&mut self, now_ms: u64) -> Result<IssuanceAction, HostError> {
        Ok(match self.machine.next(now_ms)? {
            Action::Journal(entry) => IssuanceAction::Journal {
                line: entry.to_line(),
                entry,
            },
            Action::Send(call) => IssuanceAction::Send(call),
            Action::Query(query) => IssuanceAction::Query(query),
            Action::Hook(hook) => IssuanceAction::Hook(hook),
            Action::Sleep { ms } => IssuanceAction::Sleep { ms },
            Action::Progress(event) => IssuanceAction::Progress { event },
            Action::Done(Ok(issued)) => IssuanceAction::Done {
                ok: true,
                result: Some(issued),
                error: None,
            },
            Action::Done(Err(error)) => IssuanceAction::Done {
                ok: false,
                result: None,
                error: Some(error),
            },
        })
    }

    /// Feeds the answer to the call sent last.
    pub fn receive(
        &mut self,
        http_status: u16,
        body: &[u8],
        date: Option<&str>,
        received_at_ms: Option<u64>,
    ) -> Result<(), HostError> {
        Ok(self
            .machine
            .receive(http_status, body, date, received_at_ms)?)
    }

    /// Feeds the failure of the call sent last.
    pub fn transport_failed(&mut self, written: bool, message: &str) -> Result<(), HostError> {
        Ok(self.machine.transport_failed(written, message)?)
    }

    /// Feeds the answer of the DNS query sent last.
    pub fn receive_dns(&mut self, bytes: &[u8]) -> Result<(), HostError> {
        Ok(self.machine.receive_dns(bytes)?)
    }

    /// Feeds the failure of the DNS query sent last.
    pub fn dns_failed(&mut self, message: &str) -> Result<(), HostError> {
        Ok(self.machine.dns_failed(message)?)
    }

    /// Feeds the hook's outcome.
    pub fn hook_done(&mut self, ok: bool, output: &str) -> Result<(), HostError> {
        Ok(self.machine.hook_done(ok, output)?)
    }
}

/// What the host does next (publication).
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(
    tag = "action",
    rename_all = "lowercase",
    rename_all_fields = "camelCase"
)]
#[non_exhaustive]
#[allow(clippy::large_enum_variant)]
pub enum PublicationDriverAction {
    /// Sign and send.
    Send(globaldns::DnsCall),
    /// Send the DNS query.
    Query(DnsQuery),
    /// Wait, then ask again.
    Sleep {
        /// Milliseconds.
        ms: u64,
    },
    /// Show, then ask again.
    Progress {
        /// What happened.
        event: PublicationEvent,
    },
    /// Over.
    Done {
        /// Whether it succeeded.
        ok: bool,
        /// What was done, when `ok`.
        #[serde(skip_serializing_if = "Option::is_none")]
        result: Option<Published>,
        /// Why not.
        #[serde(skip_serializing_if = "Option::is_none")]
        error: Option<DnsError>,
    },
}

impl PublicationDriverAction {
    /// The action with its error's message in `lang` (only `Done` with an error has one).
    pub fn localized(self, lang: crate::Lang) -> PublicationDriverAction {
        match self {
            PublicationDriverAction::Done {
                ok,
                result,
                error: Some(error),
            } => PublicationDriverAction::Done {
                ok,
                result,
                error: Some(error.localized(lang)),
            },
            other => other,
        }
    }
}

/// A Global DNS publication driven by a host.
#[derive(Clone, Debug)]
pub struct PublicationDriver {
    machine: Publication,
}

impl PublicationDriver {
    /// The operation described by `options_value` (see the module documentation).
    pub fn new(options_value: &Value) -> Result<Self, HostError> {
        let mut fields = options(
            options_value,
            "publication",
            &[
                "operation",
                "names",
                "records",
                "dnsSite",
                "dnsBaseUrl",
                "dnsResolver",
                "timeoutMs",
                "entropy",
                "ours",
                "backoffMs",
            ],
        )?;
        let dns = dns_site(&mut fields)?;
        let operation = string_option(&mut fields, "operation")?.ok_or_else(|| {
            HostError::argument(
                "operation is missing; use preflight, present, wait, presentAndWait or cleanup",
            )
        })?;
        let names = fields.remove("names");
        let records = fields.remove("records");
        let records = || -> Result<Vec<TxtRecord>, HostError> {
            let list = records
                .clone()
                .and_then(|v| v.as_array().cloned())
                .ok_or_else(|| HostError::argument("records must be a list of {fqdn, value}"))?;
            list.iter()
                .map(|r| {
                    let fqdn = r["fqdn"].as_str().unwrap_or_default();
                    let value = r["value"].as_str().unwrap_or_default();
                    Ok(TxtRecord::new(fqdn, value)?)
                })
                .collect()
        };
        let operation = match operation.as_str() {
            "preflight" => Operation::Preflight(
                names
                    .and_then(|v| v.as_array().cloned())
                    .ok_or_else(|| HostError::argument("names must be a list of domain names"))?
                    .iter()
                    .map(|n| {
                        n.as_str().map(str::to_owned).ok_or_else(|| {
                            HostError::argument("names must be a list of domain names")
                        })
                    })
                    .collect::<Result<_, _>>()?,
            ),
            "present" => Operation::Present(records()?),
            "wait" => Operation::Wait(records()?),
            "presentAndWait" => Operation::PresentAndWait(records()?),
            "cleanup" => Operation::Cleanup(records()?),
            other => {
                return Err(HostError::argument(format!(
                "operation is {other:?}; use preflight, present, wait, presentAndWait or cleanup"
            )))
            }
        };
        let ours = match fields.remove("ours") {
            None => Vec::new(),
            Some(v) => v
                .as_array()
                .and_then(|ids| ids.iter().map(Value::as_u64).collect::<Option<Vec<_>>>())
                .ok_or_else(|| HostError::argument("ours must be a list of record ids"))?,
        };
        let options = PublicationOptions::new()
            .ours(ours)
            .resolver(resolver(&mut fields)?)
            .timeout_ms(count(
                &mut fields,
                "timeoutMs",
                globaldns::DEFAULT_PROPAGATION_TIMEOUT_MS,
                31_536_000_000,
            )?)
            .entropy(count(&mut fields, "entropy", 0, u64::MAX)?)
            .backoff_ms(count(&mut fields, "backoffMs", 500, 600_000)?);
        Ok(PublicationDriver {
            machine: Publication::new(dns, operation, options),
        })
    }

    /// The next action; `now_ms` is the host's clock.
    pub fn next(&mut self, now_ms: u64) -> Result<PublicationDriverAction, HostError> {
        Ok(match self.machine.next(now_ms)? {
            PublicationAction::Send(call) => PublicationDriverAction::Send(call),
            PublicationAction::Query(query) => PublicationDriverAction::Query(query),
            PublicationAction::Sleep { ms } => PublicationDriverAction::Sleep { ms },
            PublicationAction::Progress(event) => PublicationDriverAction::Progress { event },
            PublicationAction::Done(Ok(published)) => PublicationDriverAction::Done {
                ok: true,
                result: Some(published),
                error: None,
            },
            PublicationAction::Done(Err(error)) => PublicationDriverAction::Done {
                ok: false,
                result: None,
                error: Some(error),
            },
        })
    }

    /// Feeds the answer to the call sent last.
    pub fn receive(&mut self, http_status: u16, body: &[u8]) -> Result<(), HostError> {
        Ok(self.machine.receive(http_status, body)?)
    }

    /// Feeds the failure of the call sent last.
    pub fn transport_failed(&mut self, written: bool, message: &str) -> Result<(), HostError> {
        Ok(self.machine.transport_failed(written, message)?)
    }

    /// Feeds the answer of the DNS query sent last.
    pub fn receive_dns(&mut self, bytes: &[u8]) -> Result<(), HostError> {
        Ok(self.machine.receive_dns(bytes)?)
    }

    /// Feeds the failure of the DNS query sent last.
    pub fn dns_failed(&mut self, message: &str) -> Result<(), HostError> {
        Ok(self.machine.dns_failed(message)?)
    }
}

/// The record certbot's hooks ask for, from `CERTBOT_DOMAIN` and `CERTBOT_VALIDATION`.
pub fn certbot_record(domain: &str, validation: &str) -> Result<TxtRecord, HostError> {
    Ok(globaldns::certbot_record(domain, validation)?)
}

/// A TXT record from a name (a trailing dot allowed) and a value, checked.
pub fn txt_record(fqdn: &str, value: &str) -> Result<TxtRecord, HostError> {
    Ok(TxtRecord::new(fqdn, value)?)
}

fn dns_site(fields: &mut Map<String, Value>) -> Result<GlobalDns, HostError> {
    let site = string_option(fields, "dnsSite")?;
    let base = string_option(fields, "dnsBaseUrl")?;
    Ok(GlobalDns::new(site.as_deref(), base.as_deref())?)
}

fn resolver(fields: &mut Map<String, Value>) -> Result<Option<String>, HostError> {
    string_option(fields, "dnsResolver")?
        .map(|r| globaldns::parse_resolver(&r).map_err(HostError::from))
        .transpose()
}

fn count(
    fields: &mut Map<String, Value>,
    name: &str,
    default: u64,
    max: u64,
) -> Result<u64, HostError> {
    match fields.remove(name) {
        None => Ok(default),
        Some(v) => v.as_u64().filter(|n| *n <= max).ok_or_else(|| {
            HostError::argument(format!("{name} must be an integer from 0 to {max}"))
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const CSR: &str = include_str!("../../tests/data/order/request.csr.pem");

    fn j<T: Serialize>(value: T) -> Value {
        serde_json::to_value(value).unwrap()
    }

    #[test]
    fn issuance_actions_in_json() {
        let request = json!({"csr": CSR, "certificateType": "DV", "certificateName": "web",
            "commonName": "www.example.com", "dnsName": ["www.example.com", "example.com"],
            "validationMethod": "PD"});
        let mut driver = IssuanceDriver::new(
            &request,
            None,
            &json!({"baseUrl": "http://127.0.0.1:9", "dnsBaseUrl": "http://127.0.0.1:10",
                    "dnsResolver": "127.0.0.1:5353", "entropy": 5}),
        )
        .unwrap();
        // The preflight's first call: a Global DNS zone lookup, before any journal entry.
        let send = j(driver.next(0).unwrap());
        assert_eq!(send["action"], "send");
        assert_eq!(send["purpose"], "findZone");
        assert_eq!(send["paid"], false);
        assert!(send["request"]["url"]
            .as_str()
            .unwrap()
            .starts_with("http://127.0.0.1:10/dns/v1/ncpdns/domain?"));
        assert_eq!(j(driver.next(0).unwrap_err())["code"], "internal.misuse");
        driver.transport_failed(false, "refused").unwrap();
        // Manual: no preflight; the paid request's journal entry comes first.
        let mut manual = IssuanceDriver::new(
            &request,
            None,
            &json!({"baseUrl": "http://127.0.0.1:9", "dns": "manual", "wait": false}),
        )
        .unwrap();
        assert_eq!(j(manual.next(0).unwrap())["action"], "journal");
        for (options, code) in [
            (json!({"dns": "carrier-pigeon"}), "argument.invalid"),
            (json!({"dnsResolver": "somewhere"}), "argument.invalid"),
            (json!({"dnsBaseUrl": "ftp://x"}), "site.invalid"),
            (json!({"validationMethod": "E"}), "argument.invalid"),
            (json!({"nope": 1}), "argument.invalid"),
            (json!({"dns": "manual", "wait": "no"}), "argument.invalid"),
        ] {
            let e = j(IssuanceDriver::new(&request, None, &options).unwrap_err());
            assert_eq!(e["code"], code, "{options}");
        }
    }

    #[test]
    fn hook_and_query_actions_serialise() {
        let hook = IssuanceAction::Hook(HookCall {
            op: crate::issuance::HookOp::Present,
            fqdn_with_dot: "_dnsauth.example.com.".into(),
            value: "v".into(),
            env: vec![("NCPCERT_DOMAIN".into(), "example.com".into())],
        });
        assert_eq!(
            j(hook),
            json!({"action":"hook","op":"present","fqdnWithDot":"_dnsauth.example.com.",
                   "value":"v","env":{"NCPCERT_DOMAIN":"example.com"}})
        );
        let mut driver = PublicationDriver::new(&json!({"operation": "wait",
            "records": [{"fqdn": "_acme-challenge.example.com.", "value": "tok"}],
            "dnsResolver": "127.0.0.1:53", "entropy": 1}))
        .unwrap();
        let mut action = j(driver.next(0).unwrap());
        if action["action"] == "progress" {
            assert_eq!(action["event"]["event"], "servers");
            action = j(driver.next(0).unwrap());
        }
        assert_eq!(action["action"], "query");
        assert_eq!(
            action["target"],
            json!({"kind": "server", "address": "127.0.0.1:53"})
        );
        assert_eq!(action["tcp"], false);
        assert_eq!(action["queryType"], "TXT");
        assert!(action["wire"].as_array().unwrap().len() > 12);
        let e = j(PublicationDriver::new(
            &json!({"operation": "present", "records": [{"fqdn": "a b", "value": "v"}]}),
        )
        .unwrap_err());
        assert_eq!(e["code"], "argument.invalid");
        assert_eq!(
            j(certbot_record("*.example.com", "tok").unwrap()),
            json!({"fqdn": "_acme-challenge.example.com", "value": "tok"})
        );
    }
}

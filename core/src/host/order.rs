//! The order workflow for hosts: [`OrderDriver`] wraps [`crate::order::OrderWorkflow`] with
//! the host surface's inputs (JSON values) and typed actions, the same for the C ABI, Python
//! and JavaScript, so each host's driver is a loop over its own HTTP client and nothing more.
//!
//! Options (every key optional, `null` counts as absent): `site` (`public`, `gov`, `fin`),
//! `baseUrl`, `strict` (bool), `retries` (integer ≥ 0, default 2), `backoffMs` (integer ≥ 0,
//! default 500), `journal` (the journal's whole text; refused by a build without the
//! `journal` feature, such as the npm package's), `transportMayReplay` (bool).
//!
//! Actions ([`OrderDriver::next`], [`DriverAction`]), serialised with `action` naming each:
//! - `{"action": "journal", "line": "…", "entry": {…}}`: append `line` and a newline to the
//!   journal, durably, then ask again (a host without a journal skips it);
//! - `{"action": "sleep", "ms": 500}`;
//! - `{"action": "send", "purpose": "order" | "lookup" | "chain", "paid": bool, "attempt": n,
//!   "clockOffsetMs": n, "request": {method, url, path, headers, body, warnings}}`: sign the
//!   request with the host's clock plus `clockOffsetMs`, send it, then feed the answer
//!   ([`OrderDriver::receive`]) or the failure ([`OrderDriver::transport_failed`]);
//! - `{"action": "done", "ok": true, "result": {PlacedOrder}}` or `{"action": "done", "ok":
//!   false, "error": {OrderError}}` (the error has the hosts' shape: `type` `"order"`,
//!   `code`, `message`, `hint`, …).

use super::{options, site, string_option, HostError};
use crate::order::{
    Action, JournalEntry, OrderError, OrderOptions, OrderWorkflow, PlacedOrder, Purpose,
};
use crate::{Policy, PrepareError, PreparedRequest};
use serde::Serialize;
use serde_json::{Map, Value};

/// An order workflow driven by a host.
#[derive(Clone, Debug)]
pub struct OrderDriver {
    workflow: OrderWorkflow,
}

/// What the host does next.
#[derive(Clone, Debug, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(
    tag = "action",
    rename_all = "lowercase",
    rename_all_fields = "camelCase"
)]
#[non_exhaustive]
// One action at a time, moved to the host once: boxing the large variants saves nothing.
#[allow(clippy::large_enum_variant)]
pub enum DriverAction {
    /// Append `line` and a newline to the journal, durably, then ask again.
    Journal {
        /// The entry as one line of JSON.
        line: String,
        /// The entry.
        entry: JournalEntry,
    },
    /// Wait this long, then ask again.
    Sleep {
        /// Milliseconds.
        ms: u64,
    },
    /// Sign and send `request`, then feed its answer or failure.
    Send {
        /// Why the call is made.
        purpose: Purpose,
        /// Whether the call may buy a certificate.
        paid: bool,
        /// Which attempt of the paid call (from 1), or of the lookup.
        attempt: u32,
        /// Milliseconds to add to the host's clock when signing.
        clock_offset_ms: i64,
        /// The call.
        request: PreparedRequest,
    },
    /// The workflow ended.
    Done {
        /// Whether an order that is the request's was placed or found.
        ok: bool,
        /// The order, when `ok`.
        #[serde(skip_serializing_if = "Option::is_none")]
        result: Option<PlacedOrder>,
        /// Why not, when not `ok`.
        #[serde(skip_serializing_if = "Option::is_none")]
        error: Option<OrderError>,
    },
}

impl DriverAction {
    /// The action with its error's messages in `lang` (only `Done` with an error has any).
    pub fn localized(self, lang: crate::Lang) -> DriverAction {
        match self {
            DriverAction::Done {
                ok,
                result,
                error: Some(error),
            } => DriverAction::Done {
                ok,
                result,
                error: Some(error.localized(lang)),
            },
            other => other,
        }
    }
}

impl OrderDriver {
    /// The workflow of the request given with the API's names (`csr`, given as bytes,
    /// replaces the request's); the error is `validation` with every finding, or `argument`.
    pub fn new(
        request: &Value,
        csr: Option<Vec<u8>>,
        options_value: &Value,
    ) -> Result<Self, HostError> {
        let mut fields = options(
            options_value,
            "order",
            &[&["site", "baseUrl", "strict"], WORKFLOW_OPTIONS].concat(),
        )?;
        let site_name = string_option(&mut fields, "site")?;
        let base_url = string_option(&mut fields, "baseUrl")?;
        let site = site(site_name.as_deref(), base_url.as_deref())?;
        let strict = bool_option(&mut fields, "strict")?;
        let options = workflow_options(&mut fields)?.policy(if strict {
            Policy::strict()
        } else {
            Policy::lenient()
        });
        let request = super::request(request, csr).map_err(PrepareError::Invalid)?;
        let workflow = OrderWorkflow::new(&request, &site, options)?;
        Ok(OrderDriver { workflow })
    }

    /// The workflow of an issuance request prepared already, given as `prepare` returned it
    /// (`{method, url, path, headers, body, …}`): validation is not repeated, the site is the
    /// request's own (see [`OrderWorkflow::from_prepared`]). Options as for
    /// [`new`](Self::new), without `site`, `baseUrl` and `strict`.
    pub fn from_prepared(prepared: &Value, options_value: &Value) -> Result<Self, HostError> {
        let mut fields = options(options_value, "order", WORKFLOW_OPTIONS)?;
        let options = workflow_options(&mut fields)?;
        let prepared = prepared_request(prepared)?;
        let workflow = OrderWorkflow::from_prepared(&prepared, options)?;
        Ok(OrderDriver { workflow })
    }

    /// The next action; `now_ms` dates journal entries. An `internal.misuse` error when a sent
    /// call waits for its answer.
    pub fn next(&mut self, now_ms: u64) -> Result<DriverAction, HostError> {
        Ok(match self.workflow.next(now_ms)? {
            Action::Journal(entry) => DriverAction::Journal {
                line: entry.to_line(),
                entry,
            },
            Action::Sleep { ms } => DriverAction::Sleep { ms },
            Action::Send(call) => DriverAction::Send {
                purpose: call.purpose,
                paid: call.paid,
                attempt: call.attempt,
                clock_offset_ms: call.clock_offset_ms,
                request: call.request,
            },
            Action::Done(Ok(placed)) => DriverAction::Done {
                ok: true,
                result: Some(placed),
                error: None,
            },
            Action::Done(Err(error)) => DriverAction::Done {
                ok: false,
                result: None,
                error: Some(error),
            },
        })
    }

    /// Feeds the answer to the call sent last (see [`OrderWorkflow::receive`]).
    pub fn receive(
        &mut self,
        http_status: u16,
        body: &[u8],
        date: Option<&str>,
        received_at_ms: Option<u64>,
    ) -> Result<(), HostError> {
        Ok(self
            .workflow
            .receive(http_status, body, date, received_at_ms)?)
    }

    /// Feeds the failure of the call sent last (see [`OrderWorkflow::transport_failed`]).
    pub fn transport_failed(&mut self, written: bool, message: &str) -> Result<(), HostError> {
        Ok(self.workflow.transport_failed(written, message)?)
    }
}

/// The options every order workflow takes.
const WORKFLOW_OPTIONS: &[&str] = &[
    "retries",
    "backoffMs",
    "journal",
    "transportMayReplay",
    "reissue",
];

pub(super) fn workflow_options(fields: &mut Map<String, Value>) -> Result<OrderOptions, HostError> {
    let count = |fields: &mut Map<String, Value>, name: &str, default: u64, max: u64| match fields
        .remove(name)
    {
        None => Ok(default),
        Some(v) => v.as_u64().filter(|n| *n <= max).ok_or_else(|| {
            HostError::argument(format!("{name} must be an integer from 0 to {max}"))
        }),
    };
    let retries = count(fields, "retries", 2, 20)? as u32;
    let backoff_ms = count(fields, "backoffMs", 500, 600_000)?;
    let mut options = OrderOptions::new()
        .retries(retries)
        .backoff_ms(backoff_ms)
        .transport_may_replay(bool_option(fields, "transportMayReplay")?);
    // `reissue`: the number of the certificate to reissue instead of ordering.
    match fields.remove("reissue") {
        None | Some(Value::Null) => {}
        Some(value) => match value.as_u64().filter(|n| *n > 0) {
            Some(no) => options = options.reissue(no),
            None => {
                return Err(HostError::argument(
                    "reissue must be the positive number of the certificate to reissue",
                ))
            }
        },
    }
    if let Some(text) = string_option(fields, "journal")? {
        if cfg!(not(feature = "journal")) {
            return Err(HostError::argument(
                "journal cannot be read by this build of ncpcert (the npm package keeps no \
                 journal); leave it out",
            ));
        }
        options = options.journal(text);
    }
    Ok(options)
}

pub(super) fn bool_option(fields: &mut Map<String, Value>, name: &str) -> Result<bool, HostError> {
    match fields.remove(name) {
        None => Ok(false),
        Some(Value::Bool(b)) => Ok(b),
        Some(_) => Err(HostError::argument(format!("{name} must be true or false"))),
    }
}

/// A prepared request from the value `prepare` returned (`{method, url, path, headers,
/// body}`).
pub(super) fn prepared_request(value: &Value) -> Result<PreparedRequest, HostError> {
    let shape =
        "give the prepared request as prepare returned it: {method, url, path, headers, body}";
    let text = |name: &str| {
        value[name].as_str().map(String::from).ok_or_else(|| {
            HostError::argument(format!("the prepared request has no {name}; {shape}"))
        })
    };
    let headers = value["headers"]
        .as_object()
        .ok_or_else(|| {
            HostError::argument(format!("the prepared request has no headers; {shape}"))
        })?
        .iter()
        .map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_owned())))
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| {
            HostError::argument(format!(
                "the prepared request's headers are not text; {shape}"
            ))
        })?;
    Ok(PreparedRequest {
        method: text("method")?,
        url: text("url")?,
        path: text("path")?,
        headers,
        body: Some(text("body")?),
        warnings: Vec::new(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const CSR: &str = include_str!("../../tests/data/order/request.csr.pem");

    fn request() -> String {
        json!({"csr": CSR, "certificateType": "DV", "certificateName": "web",
            "commonName": "www.example.com", "dnsName": ["www.example.com", "example.com"],
            "validationMethod": "D"})
        .to_string()
    }

    fn parse(text: &str) -> Value {
        serde_json::from_str(text).unwrap()
    }

    fn j<T: Serialize>(value: T) -> Value {
        serde_json::to_value(value).unwrap()
    }

    #[test]
    fn a_whole_order_in_json() {
        let mut driver = OrderDriver::new(
            &parse(&request()),
            None,
            &json!({"baseUrl":"http://127.0.0.1:9","backoffMs":0}),
        )
        .unwrap();
        let journal = j(driver.next(1_700_000_000_000).unwrap());
        assert_eq!(journal["action"], "journal");
        assert_eq!(parse(journal["line"].as_str().unwrap()), journal["entry"]);
        assert_eq!(journal["entry"]["time"], "2023-11-14T22:13:20.000Z");
        let send = j(driver.next(0).unwrap());
        assert_eq!(
            (
                send["action"].as_str(),
                send["purpose"].as_str(),
                send["paid"].as_bool()
            ),
            (Some("send"), Some("order"), Some(true))
        );
        assert_eq!(send["clockOffsetMs"], 0);
        assert_eq!(
            send["request"]["url"],
            "http://127.0.0.1:9/api/v2/certificate/requestPaidCertificateIssuance"
        );
        // Out of turn: an error, not a panic, and nothing changes.
        assert_eq!(j(driver.next(0).unwrap_err())["code"], "internal.misuse");
        driver
            .receive(504, br#"{"error":{"errorCode":"510"}}"#, None, None)
            .unwrap();
        let mut actions = Vec::new();
        loop {
            let action = j(driver.next(0).unwrap());
            match action["action"].as_str().unwrap() {
                "send" => {
                    assert_eq!(action["purpose"], "lookup");
                    assert_eq!(action["request"]["body"], Value::Null);
                    driver.transport_failed(true, "reset").unwrap();
                }
                "done" => {
                    actions.push(action);
                    break;
                }
                other => actions.push(json!(other)),
            }
        }
        let done = actions.last().unwrap();
        assert_eq!(done["ok"], false);
        assert_eq!(done["error"]["type"], "order");
        assert_eq!(done["error"]["code"], "order.outcome_unknown");
        assert_eq!(done["error"]["cause"]["type"], "transport");
    }

    #[test]
    fn a_prepared_request_drives_the_workflow() {
        let site = crate::host::site(None, Some("http://127.0.0.1:9/p")).unwrap();
        let prepared = j(crate::host::prepare(&parse(&request()), None, &site, false).unwrap());
        let mut driver =
            OrderDriver::from_prepared(&prepared, &json!({"transportMayReplay":true})).unwrap();
        assert_eq!(j(driver.next(0).unwrap())["action"], "journal");
        let send = j(driver.next(0).unwrap());
        let given = &prepared;
        for field in ["method", "url", "path", "headers", "body"] {
            assert_eq!(send["request"][field], given[field], "{field}");
        }
        // The name taken on the first attempt: with a replaying transport, looked up.
        driver
            .receive(
                400,
                br#"{"returnCode":"2000","returnMessage":"name already exists"}"#,
                None,
                None,
            )
            .unwrap();
        let mut purposes = Vec::new();
        loop {
            let action = j(driver.next(0).unwrap());
            match action["action"].as_str() {
                Some("send") => {
                    purposes.push(action["purpose"].clone());
                    assert_eq!(
                        action["request"]["url"].as_str().map(|u| u.starts_with(
                            "http://127.0.0.1:9/p/api/v2/certificate/getPaidCertificates"
                        )),
                        Some(true)
                    );
                    driver.transport_failed(false, "refused").unwrap();
                }
                Some("done") => break,
                _ => {}
            }
        }
        assert_eq!(
            purposes,
            vec![json!("lookup"), json!("lookup"), json!("lookup")]
        );
        for (prepared, options) in [
            (json!("{"), json!({})),
            (json!({}), json!({})),
            (prepared.clone(), json!({"site":"gov"})),
            (prepared.clone(), json!({"transportMayReplay":1})),
        ] {
            let e = j(OrderDriver::from_prepared(&prepared, &options).unwrap_err());
            assert_eq!(e["code"], "argument.invalid", "{prepared} {options}");
        }
    }

    #[test]
    fn bad_input_is_an_error_json() {
        for (request, options, code) in [
            ("{}", "{}", "request.invalid"),
            ("nope", "{}", "request.invalid"),
            (request().as_str(), r#"{"site":"moon"}"#, "site.invalid"),
            (request().as_str(), r#"{"retries":-1}"#, "argument.invalid"),
            (request().as_str(), r#"{"retries":1.5}"#, "argument.invalid"),
            (
                request().as_str(),
                r#"{"strict":"yes"}"#,
                "argument.invalid",
            ),
            (request().as_str(), r#"{"journal":7}"#, "argument.invalid"),
            (request().as_str(), r#"{"retry":1}"#, "argument.invalid"),
            (request().as_str(), "[]", "argument.invalid"),
        ] {
            let request = serde_json::from_str(request).unwrap_or(json!(request));
            let e = j(OrderDriver::new(&request, None, &parse(options)).unwrap_err());
            assert_eq!(e["code"], code, "{request} {options}");
        }
        let mut driver = OrderDriver::new(&parse(&request()), None, &json!({})).unwrap();
        assert_eq!(
            j(driver.transport_failed(true, "x").unwrap_err())["type"],
            "internal"
        );
    }
}

//! The order workflow (SPEC §14) for hosts: [`OrderDriver`] wraps
//! [`crate::order::OrderWorkflow`] with JSON in and out, the same for the C ABI, Python and
//! JavaScript, so each host's driver is a loop over its own HTTP client and nothing more.
//!
//! Options (`options_json`, every key optional, `null` counts as absent): `site` (`public`,
//! `gov`, `fin`), `baseUrl`, `strict` (bool), `retries` (integer ≥ 0, default 2),
//! `backoffMs` (integer ≥ 0, default 500), `journal` (the journal's whole text; refused by a
//! build without the `journal` feature, such as the npm package's).
//!
//! Actions ([`OrderDriver::next`]), one JSON object each:
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

use super::{argument_error, options, site, string_option, validation_error_json};
use crate::order::{
    Action, JournalEntry, OrderError, OrderOptions, OrderWorkflow, PlacedOrder, Purpose,
    WorkflowMisuse,
};
use crate::{AdvancedCertificateRequest, Policy, PrepareError, PreparedRequest};
use serde::Serialize;
use serde_json::{json, Value};

/// An order workflow driven with JSON.
#[derive(Clone, Debug)]
pub struct OrderDriver {
    workflow: OrderWorkflow,
}

#[derive(Serialize)]
#[serde(
    tag = "action",
    rename_all = "lowercase",
    rename_all_fields = "camelCase"
)]
enum ActionJson<'a> {
    Journal {
        line: String,
        entry: &'a JournalEntry,
    },
    Sleep {
        ms: u64,
    },
    Send {
        purpose: Purpose,
        paid: bool,
        attempt: u32,
        clock_offset_ms: i64,
        request: &'a PreparedRequest,
    },
    Done {
        ok: bool,
        #[serde(skip_serializing_if = "Option::is_none")]
        result: Option<&'a PlacedOrder>,
        #[serde(skip_serializing_if = "Option::is_none")]
        error: Option<&'a OrderError>,
    },
}

fn misuse_json(e: &WorkflowMisuse) -> String {
    json!({"type": e.code().error_type(), "code": e.code(), "message": e.message()}).to_string()
}

impl OrderDriver {
    /// The workflow of the request given as JSON with the API's names (`csr`, given as bytes,
    /// replaces the JSON's); `Err` is the host error JSON (`validation` with every finding,
    /// or `argument`).
    pub fn new(
        request_json: &str,
        csr: Option<Vec<u8>>,
        options_json: &str,
    ) -> Result<Self, String> {
        let mut fields = options(
            options_json,
            "order",
            &[&["site", "baseUrl", "strict"], WORKFLOW_OPTIONS].concat(),
        )?;
        let site_name = string_option(&mut fields, "site")?;
        let base_url = string_option(&mut fields, "baseUrl")?;
        let site = site(
            site_name.as_deref().unwrap_or("public"),
            base_url.as_deref(),
        )?;
        let strict = bool_option(&mut fields, "strict")?;
        let options = workflow_options(&mut fields)?.policy(if strict {
            Policy::strict()
        } else {
            Policy::lenient()
        });
        let mut request = AdvancedCertificateRequest::from_json(request_json)
            .map_err(|report| validation_error_json(&PrepareError::Invalid(report)))?;
        if let Some(bytes) = csr {
            request.csr = Some(bytes);
        }
        let workflow =
            OrderWorkflow::new(&request, &site, options).map_err(|e| validation_error_json(&e))?;
        Ok(OrderDriver { workflow })
    }

    /// The workflow of an issuance request prepared already, given as the JSON `prepare`
    /// returns (`{method, url, path, headers, body, …}`): validation is not repeated, the
    /// site is the request's own (see [`OrderWorkflow::from_prepared`]). Options as for
    /// [`new`](Self::new), without `site`, `baseUrl` and `strict`.
    pub fn from_prepared(prepared_json: &str, options_json: &str) -> Result<Self, String> {
        let mut fields = options(options_json, "order", WORKFLOW_OPTIONS)?;
        let options = workflow_options(&mut fields)?;
        let prepared = prepared_request(prepared_json)?;
        let workflow = OrderWorkflow::from_prepared(&prepared, options)
            .map_err(|e| super::argument_error_json(&e))?;
        Ok(OrderDriver { workflow })
    }

    /// The next action as JSON (see the module's documentation); `now_ms` dates journal
    /// entries. `Err` (an `internal.misuse` error JSON) when a sent call waits for its answer.
    pub fn next(&mut self, now_ms: u64) -> Result<String, String> {
        let action = self.workflow.next(now_ms).map_err(|e| misuse_json(&e))?;
        let json = match &action {
            Action::Journal(entry) => ActionJson::Journal {
                line: entry.to_line(),
                entry,
            },
            Action::Sleep { ms } => ActionJson::Sleep { ms: *ms },
            Action::Send(call) => ActionJson::Send {
                purpose: call.purpose,
                paid: call.paid,
                attempt: call.attempt,
                clock_offset_ms: call.clock_offset_ms,
                request: &call.request,
            },
            Action::Done(Ok(placed)) => ActionJson::Done {
                ok: true,
                result: Some(placed),
                error: None,
            },
            Action::Done(Err(error)) => ActionJson::Done {
                ok: false,
                result: None,
                error: Some(error),
            },
        };
        Ok(serde_json::to_string(&json).unwrap_or_default())
    }

    /// Feeds the answer to the call sent last (see [`OrderWorkflow::receive`]).
    pub fn receive(
        &mut self,
        http_status: u16,
        body: &[u8],
        date: Option<&str>,
        received_at_ms: Option<u64>,
    ) -> Result<(), String> {
        self.workflow
            .receive(http_status, body, date, received_at_ms)
            .map_err(|e| misuse_json(&e))
    }

    /// Feeds the failure of the call sent last (see [`OrderWorkflow::transport_failed`]).
    pub fn transport_failed(&mut self, written: bool, message: &str) -> Result<(), String> {
        self.workflow
            .transport_failed(written, message)
            .map_err(|e| misuse_json(&e))
    }
}

/// The options every order workflow takes.
const WORKFLOW_OPTIONS: &[&str] = &["retries", "backoffMs", "journal", "transportMayReplay"];

fn workflow_options(fields: &mut serde_json::Map<String, Value>) -> Result<OrderOptions, String> {
    let count =
        |fields: &mut serde_json::Map<String, Value>, name: &str, default: u64, max: u64| {
            match fields.remove(name) {
                None => Ok(default),
                Some(v) => v.as_u64().filter(|n| *n <= max).ok_or_else(|| {
                    argument_error(format!("{name} must be an integer from 0 to {max}"))
                }),
            }
        };
    let retries = count(fields, "retries", 2, 20)? as u32;
    let backoff_ms = count(fields, "backoffMs", 500, 600_000)?;
    let mut options = OrderOptions::new()
        .retries(retries)
        .backoff_ms(backoff_ms)
        .transport_may_replay(bool_option(fields, "transportMayReplay")?);
    if let Some(text) = string_option(fields, "journal")? {
        if cfg!(not(feature = "journal")) {
            return Err(argument_error(String::from(
                "journal cannot be read by this build of ncpcert (the npm package keeps no \
                 journal); leave it out",
            )));
        }
        options = options.journal(text);
    }
    Ok(options)
}

fn bool_option(fields: &mut serde_json::Map<String, Value>, name: &str) -> Result<bool, String> {
    match fields.remove(name) {
        None => Ok(false),
        Some(Value::Bool(b)) => Ok(b),
        Some(_) => Err(argument_error(format!("{name} must be true or false"))),
    }
}

/// A prepared request from its JSON (`{method, url, path, headers, body}`, as `prepare`
/// returns it).
fn prepared_request(json: &str) -> Result<PreparedRequest, String> {
    let shape =
        "give the prepared request as prepare returned it: {method, url, path, headers, body}";
    let value: Value = serde_json::from_str(json)
        .map_err(|e| argument_error(format!("the prepared request is not JSON ({e}); {shape}")))?;
    let text = |name: &str| {
        value[name]
            .as_str()
            .map(String::from)
            .ok_or_else(|| argument_error(format!("the prepared request has no {name}; {shape}")))
    };
    let headers = value["headers"]
        .as_object()
        .ok_or_else(|| argument_error(format!("the prepared request has no headers; {shape}")))?
        .iter()
        .map(|(k, v)| v.as_str().map(|v| (k.clone(), v.to_owned())))
        .collect::<Option<Vec<_>>>()
        .ok_or_else(|| {
            argument_error(format!(
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

    #[test]
    fn a_whole_order_in_json() {
        let mut driver = OrderDriver::new(
            &request(),
            None,
            r#"{"baseUrl":"http://127.0.0.1:9","backoffMs":0}"#,
        )
        .unwrap();
        let journal = parse(&driver.next(1_700_000_000_000).unwrap());
        assert_eq!(journal["action"], "journal");
        assert_eq!(parse(journal["line"].as_str().unwrap()), journal["entry"]);
        assert_eq!(journal["entry"]["time"], "2023-11-14T22:13:20.000Z");
        let send = parse(&driver.next(0).unwrap());
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
        assert_eq!(
            parse(&driver.next(0).unwrap_err())["code"],
            "internal.misuse"
        );
        driver
            .receive(504, br#"{"error":{"errorCode":"510"}}"#, None, None)
            .unwrap();
        let mut actions = Vec::new();
        loop {
            let action = parse(&driver.next(0).unwrap());
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
        let prepared = crate::host::prepare_json(
            &request(),
            None,
            "public",
            Some("http://127.0.0.1:9/p"),
            false,
        )
        .unwrap();
        let mut driver =
            OrderDriver::from_prepared(&prepared, r#"{"transportMayReplay":true}"#).unwrap();
        assert_eq!(parse(&driver.next(0).unwrap())["action"], "journal");
        let send = parse(&driver.next(0).unwrap());
        let given = parse(&prepared);
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
            let action = parse(&driver.next(0).unwrap());
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
            ("{", "{}"),
            ("{}", "{}"),
            (prepared.as_str(), r#"{"site":"gov"}"#),
            (prepared.as_str(), r#"{"transportMayReplay":1}"#),
        ] {
            let e = parse(&OrderDriver::from_prepared(prepared, options).unwrap_err());
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
            let e = parse(&OrderDriver::new(request, None, options).unwrap_err());
            assert_eq!(e["code"], code, "{request} {options}");
        }
        let mut driver = OrderDriver::new(&request(), None, "{}").unwrap();
        assert_eq!(
            parse(&driver.transport_failed(true, "x").unwrap_err())["type"],
            "internal"
        );
    }
}

//! `ncpcert request`: the issuance request, sent so that a certificate is never ordered twice
//! (SPEC §12). A failed attempt is resent only when NCP certainly did not act on it; when it
//! may have, the certificate name is looked up first.

use crate::http::Client;
use crate::lookup::{self, Wanted};
use crate::{output, Failure, Session};
use ncpcert::{Outcome, PreparedRequest, SignedRequest, Site};
use serde_json::{json, Value};
use std::time::Duration;

/// How the request ended well.
pub enum Ordered {
    /// NCP accepted it and answered.
    Accepted(ncpcert::IssuanceResponse),
    /// An attempt's answer was lost (or NCP said the name was taken), and the lookup found the
    /// certificate: that is the result, and nothing was ordered again.
    Recovered(ncpcert::CertificateSummary),
}

/// The whole exchange, for `--json`: every attempt and lookup, in order.
struct Log {
    steps: Vec<Value>,
}

impl Log {
    fn push(&mut self, step: Value) {
        self.steps.push(step);
    }
}

pub struct Settings<'a> {
    pub site: &'a Site,
    pub certificate_name: &'a str,
    pub common_name: &'a str,
    pub retries: u32,
}

/// A request that ended well: how, the last attempt sent, and every step.
pub struct Placed {
    pub ordered: Ordered,
    pub signed: SignedRequest,
    pub attempts: u32,
    pub steps: Vec<Value>,
}

impl Placed {
    /// The certificate's number.
    pub fn certificate_no(&self) -> u64 {
        match &self.ordered {
            Ordered::Accepted(answer) => answer.paid_certificate.certificate_no,
            Ordered::Recovered(certificate) => certificate.certificate_no,
        }
    }

    /// `{"path", "recovered", "result", "attempts", "steps", "sent"}` for `--json`.
    pub fn to_json(&self) -> Value {
        let sent: Value = serde_json::from_str(&self.signed.to_json()).unwrap_or_default();
        let (path, result) = match &self.ordered {
            Ordered::Accepted(answer) => ("accepted", answer.to_json()),
            Ordered::Recovered(certificate) => ("recovered", certificate.to_json()),
        };
        let result: Value = serde_json::from_str(&result).unwrap_or_default();
        json!({
            "path": path,
            "recovered": matches!(self.ordered, Ordered::Recovered(_)),
            "result": result,
            "attempts": self.attempts,
            "steps": self.steps,
            "sent": sent,
        })
    }
}

/// Sends `prepared`, resending and looking up as SPEC §12 says; prints the result.
pub fn request(
    session: &Session,
    client: &Client,
    prepared: &PreparedRequest,
    settings: &Settings<'_>,
) -> Result<(), Failure> {
    let placed = place(session, client, prepared, settings)?;
    if session.json {
        println!(
            "{}",
            serde_json::to_string_pretty(&placed.to_json()).unwrap_or_default()
        );
    } else {
        print_placed(&placed);
    }
    Ok(())
}

/// Sends `prepared` until NCP has the order, resending and looking up as SPEC §12 says. Prints
/// each attempt (not with `--json`) and progress notes; the result is the caller's to print.
pub fn place(
    session: &Session,
    client: &Client,
    prepared: &PreparedRequest,
    settings: &Settings<'_>,
) -> Result<Placed, Failure> {
    let mut log = Log { steps: Vec::new() };
    let mut attempt = 0u32;
    loop {
        attempt += 1;
        // Every attempt is signed afresh: NCP refuses a timestamp 5 minutes old.
        let signed = prepared
            .sign(&session.signer, session.now_ms()?)
            .map_err(|e| Failure::input(e.to_string()))?;
        if !session.json {
            println!("sent (attempt {attempt}):\n{}\n", output::http(&signed));
        }
        let (outcome, failure) = match client.send(&signed) {
            Ok((status, body)) => match ncpcert::parse_response(status, &body) {
                Ok(answer) => {
                    log.push(json!({"step": "send", "attempt": attempt, "httpStatus": status}));
                    return Ok(placed(signed, attempt, log, Ordered::Accepted(answer)));
                }
                Err(e) => {
                    let error: Value = serde_json::from_str(&e.to_json()).unwrap_or_default();
                    log.push(json!({"step": "send", "attempt": attempt, "outcome": e.outcome, "error": error}));
                    (
                        e.outcome,
                        Failure::refused(e.to_string(), json!({"error": error})),
                    )
                }
            },
            Err(e) => {
                let outcome = Outcome::of_transport(e.failure);
                let error = json!({"kind": "transport", "outcome": outcome, "message": e.message});
                log.push(
                    json!({"step": "send", "attempt": attempt, "outcome": outcome, "error": error}),
                );
                (
                    outcome,
                    Failure::refused(e.message, json!({"error": error})),
                )
            }
        };
        let out_of_attempts = attempt > settings.retries;
        match outcome {
            Outcome::Resendable if !out_of_attempts => {
                let wait = backoff(attempt);
                session.note(&format!(
                    "attempt {attempt} failed, and NCP did not act on it: {}; sending again in {:.1}s",
                    failure.text,
                    wait.as_secs_f64()
                ));
                std::thread::sleep(wait);
            }
            Outcome::Ambiguous => {
                let wait = backoff(attempt);
                session.note(&format!(
                    "attempt {attempt} failed, and NCP may have placed the order: {}; looking up \
                     the certificate named {:?} in {:.1}s before anything else",
                    failure.text,
                    settings.certificate_name,
                    wait.as_secs_f64()
                ));
                std::thread::sleep(wait);
                let found = lookup::find(
                    session,
                    client,
                    settings.site,
                    &Wanted::Name(settings.certificate_name),
                );
                match found {
                    Ok(Some(certificate)) => {
                        log.push(json!({"step": "lookup", "found": true, "certificateNo": certificate.certificate_no}));
                        if !certificate.common_name.is_empty()
                            && !certificate
                                .common_name
                                .eq_ignore_ascii_case(settings.common_name)
                        {
                            // Names are unique per account: this is an older certificate.
                            session.note(&format!(
                                "warning: the certificate named {:?} is for {}, not {}: it is an \
                                 earlier certificate with this name, not this request; choose \
                                 another name to order a new one",
                                settings.certificate_name,
                                certificate.common_name,
                                settings.common_name
                            ));
                        }
                        return Ok(placed(
                            signed,
                            attempt,
                            log,
                            Ordered::Recovered(certificate),
                        ));
                    }
                    Ok(None) => {
                        log.push(json!({"step": "lookup", "found": false}));
                        if out_of_attempts {
                            return Err(with_log(failure.not_ordered(), log));
                        }
                        session.note(&format!(
                            "no certificate is named {:?}: NCP did not place the order; sending \
                             it again",
                            settings.certificate_name
                        ));
                    }
                    Err(lookup_failed) => {
                        log.push(json!({"step": "lookup", "error": lookup_failed.error}));
                        let advice = Outcome::unknown_order_advice(settings.certificate_name);
                        return Err(with_log(
                            Failure {
                                status: 3,
                                text: format!(
                                    "{}\nThe lookup failed: {}\n{advice}",
                                    failure.text, lookup_failed.message
                                ),
                                json: json!({"error": {
                                    "kind": "unknown_outcome",
                                    "message": advice,
                                    "attempt": failure.json["error"],
                                    "lookup": lookup_failed.error,
                                }}),
                            },
                            log,
                        ));
                    }
                }
            }
            _ => return Err(with_log(failure, log)),
        }
    }
}

fn backoff(attempt: u32) -> Duration {
    Duration::from_millis(500u64 << (attempt - 1).min(3))
}

fn placed(signed: SignedRequest, attempts: u32, log: Log, ordered: Ordered) -> Placed {
    Placed {
        ordered,
        signed,
        attempts,
        steps: log.steps,
    }
}

/// The result for people: accepted, or recovered (found by the lookup, not ordered again).
pub fn print_placed(placed: &Placed) {
    match &placed.ordered {
        Ordered::Accepted(answer) => {
            let c = &answer.paid_certificate;
            println!(
                "accepted: certificateNo {} ({}), status {} (\"{}\"), requestSn {}, registered {}",
                c.certificate_no,
                c.certificate_name,
                c.status.name(),
                c.status_name,
                c.request_sn,
                c.reg_date
            );
        }
        Ordered::Recovered(c) => {
            println!(
                "recovered: the order exists — certificateNo {} ({}), status {} (\"{}\"); it \
                 was not ordered again\n{}",
                c.certificate_no,
                c.certificate_name,
                c.status.name(),
                c.status_name,
                lookup::describe(c)
            );
        }
    }
}

fn with_log(mut failure: Failure, log: Log) -> Failure {
    if let Value::Object(map) = &mut failure.json {
        map.insert("steps".into(), Value::Array(log.steps));
    }
    failure
}

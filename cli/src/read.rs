//! Sending a call that only reads (ListAdvancedCertificates, ListDcvStatuses,
//! GetCertificateChain, ListOrganizations): reading changes nothing at NCP, so a failure that
//! is not final is retried, freshly signed, a few times.

use crate::http::Client;
use crate::Session;
use ncpcert::{ApiError, Outcome, PreparedRequest};
use serde_json::{json, Value};
use std::time::Duration;

/// Attempts of one read.
const ATTEMPTS: u32 = 3;

/// Why a read gave no answer.
pub struct ReadFailed {
    /// In words.
    pub message: String,
    /// The last error as JSON (`{"kind": …}`).
    pub error: Value,
}

impl ReadFailed {
    pub fn api(e: &ApiError) -> Self {
        ReadFailed {
            message: e.to_string(),
            error: serde_json::from_str(&e.to_json()).unwrap_or_default(),
        }
    }

    pub fn argument(e: &ncpcert::ArgumentError) -> Self {
        ReadFailed {
            message: e.to_string(),
            error: json!({"kind": "argument", "code": e.code(), "message": e.message()}),
        }
    }
}

/// Sends `prepared` and reads the answer with `parse`, retrying failures a read may repeat.
/// `what` names the call in progress notes.
pub fn send<T>(
    session: &Session,
    client: &Client,
    prepared: &PreparedRequest,
    what: &str,
    parse: impl Fn(u16, &[u8]) -> Result<T, ApiError>,
) -> Result<T, ReadFailed> {
    let mut attempt = 0;
    loop {
        attempt += 1;
        let now = session.now_ms().map_err(|f| ReadFailed {
            message: f.text.clone(),
            error: f.json.clone(),
        })?;
        let signed = prepared
            .sign(&session.signer, now)
            .map_err(|e| ReadFailed {
                message: e.to_string(),
                error: json!({"kind": "signing", "code": e.code(), "message": e.message()}),
            })?;
        let (outcome, failed) = match client.send(&signed) {
            Ok((status, body)) => match parse(status, &body) {
                Ok(answer) => return Ok(answer),
                Err(e) => (e.outcome, ReadFailed::api(&e)),
            },
            Err(e) => {
                let outcome = Outcome::of_transport(e.failure);
                (
                    outcome,
                    ReadFailed {
                        error: json!({"kind": "transport", "outcome": outcome, "message": e.message}),
                        message: e.message,
                    },
                )
            }
        };
        if outcome == Outcome::Final || attempt >= ATTEMPTS {
            return Err(failed);
        }
        let wait = Duration::from_millis(500u64 << (attempt - 1).min(3));
        session.note(&format!(
            "{what} attempt {attempt} failed: {}; trying again in {:.1}s",
            failed.message,
            wait.as_secs_f64()
        ));
        std::thread::sleep(wait);
    }
}

//! Sending a call that only reads (ListAdvancedCertificates, ListDcvStatuses,
//! GetCertificateChain, ListOrganizations): reading changes nothing at NCP, so a failure that
//! is not final is read again, freshly signed, as the core's `read_again_after` says.

use crate::failure::Failure;
use crate::http::Client;
use crate::session::Session;
use ncpcert::order::{read_again_after, CallFailure, OrderOptions};
use ncpcert::{ApiError, PreparedRequest};
use std::time::Duration;

/// Sends `prepared` and reads the answer with `parse`, reading again after failures that may
/// pass. `what` names the call in progress notes.
pub fn send<T>(
    session: &Session<'_>,
    client: &Client,
    prepared: &PreparedRequest,
    what: &str,
    parse: impl Fn(u16, &[u8]) -> Result<T, ApiError>,
) -> Result<T, Failure> {
    let mut attempt = 0;
    loop {
        attempt += 1;
        let signed = prepared.sign(&session.signer, session.now_ms()?)?;
        session.trace_request(&signed);
        let failure = match client.send(&signed) {
            Ok(answer) => {
                session.trace_answer(answer.status, &answer.body);
                match parse(answer.status, &answer.body) {
                    Ok(value) => return Ok(value),
                    Err(e) => CallFailure::Api(e),
                }
            }
            Err(e) => transport(&e),
        };
        // When to read again is the core's rule.
        let first_ms = OrderOptions::default().backoff_ms;
        let Some(ms) = read_again_after(attempt, failure.outcome(), first_ms) else {
            return Err(Failure::call(&failure));
        };
        let wait = Duration::from_millis(ms);
        session.note(&format!(
            "{what} attempt {attempt} failed: {failure}; trying again in {:.1}s",
            wait.as_secs_f64()
        ));
        std::thread::sleep(wait);
    }
}

/// A transport failure in the core's terms.
pub fn transport(e: &crate::http::TransportError) -> CallFailure {
    CallFailure::transport(e.written(), &e.message)
}

//! What the order workflow tells the user when it stops without an order of its own: each
//! [`OrderError`]'s message and hint, written once here. They name NCP's operations and
//! console, never a command of a host: hosts add their own advice.

use super::result::{CallFailure, OrderError};
use crate::codes::ErrorCode;
use crate::{CertificateSummary, Outcome};

/// The certificate name was taken before this request's first attempt.
pub(crate) fn name_taken_at_first(name: &str, answer: CallFailure) -> OrderError {
    let mut e = OrderError::new(
        ErrorCode::OrderNameTaken,
        name,
        format!(
            "NCP refused the order: the certificate name {name:?} is already taken by an earlier \
             certificate in this account. Nothing was bought."
        ),
        name_taken_hint(),
    );
    e.cause = Some(answer);
    e
}

/// The certificate found by name is for other names or another type.
pub(crate) fn name_taken_by(
    name: &str,
    found: &CertificateSummary,
    names: &[String],
    certificate_type: &str,
    wanted_names: &[String],
) -> OrderError {
    let mut e = OrderError::new(
        ErrorCode::OrderNameTaken,
        name,
        format!(
            "the certificate name {name:?} belongs to an earlier certificate (certificateNo {}, \
             {certificate_type} for {}), not to this request for {}. Nothing was bought.",
            found.certificate_no,
            names.join(", "),
            wanted_names.join(", ")
        ),
        name_taken_hint(),
    );
    e.certificate_no = Some(found.certificate_no);
    e.certificate = Some(found.clone());
    e
}

fn name_taken_hint() -> String {
    String::from(
        "Certificate names are unique in an account: choose another certificate name. If the \
         earlier certificate is the one you want, use it instead of ordering.",
    )
}

/// The certificate found by name is issued for another key.
pub(crate) fn not_this_request(name: &str, found: &CertificateSummary) -> OrderError {
    let mut e = OrderError::new(
        ErrorCode::OrderNotThisRequest,
        name,
        format!(
            "certificate {} named {name:?} is for the same names, but it was issued for another \
             key than this request's CSR: it is an earlier certificate, not this request's order. \
             Nothing was bought.",
            found.certificate_no
        ),
        String::from(
            "Choose another certificate name to order a certificate for this CSR. If the earlier \
             certificate is yours, use it with the private key it was issued for.",
        ),
    );
    e.certificate_no = Some(found.certificate_no);
    e.certificate = Some(found.clone());
    e
}

/// NCP accepted a reissue (whose answer names no certificate) and no lookup listed the new
/// certificate by its name.
pub(crate) fn accepted_not_listed(name: &str) -> OrderError {
    OrderError::new(
        ErrorCode::OrderOutcomeUnknown,
        name,
        format!(
            "NCP accepted the reissue, but no certificate named {name:?} is listed yet, so its \
             number is unknown. Do not reissue again."
        ),
        format!(
            "Look the certificate named {name:?} up in a few minutes (ListAdvancedCertificates \
             or the NCP console); running the same command again looks it up before sending \
             anything."
        ),
    )
}

/// A lookup (or the chain that proves the key) gave no answer after an attempt whose answer
/// was lost.
pub(crate) fn lookup_failed(
    name: &str,
    lost: Option<&CallFailure>,
    lookup: CallFailure,
) -> OrderError {
    let lost = lost.map_or_else(String::new, |f| {
        format!("The order's answer was lost ({f}). ")
    });
    let mut e = OrderError::new(
        ErrorCode::OrderOutcomeUnknown,
        name,
        format!(
            "{lost}NCP may have placed the order for the certificate named {name:?}, and the \
             lookup that would tell failed: {lookup}"
        ),
        Outcome::unknown_order_advice(name),
    );
    e.cause = Some(lookup);
    e
}

/// The found certificate is issued for this request's names, and its key could not be read.
pub(crate) fn key_unknown(name: &str, found: &CertificateSummary, why: String) -> OrderError {
    let mut e = OrderError::new(
        ErrorCode::OrderOutcomeUnknown,
        name,
        format!(
            "certificate {} named {name:?} is issued for this request's names, but its key could \
             not be compared with the CSR's ({why}), so ncpcert cannot tell whether it is this \
             request's order.",
            found.certificate_no
        ),
        String::from(
            "Do not order again yet: download the certificate (GetCertificateChain or the NCP \
             console) and compare its public key with your CSR's (`openssl x509 -pubkey` and \
             `openssl req -pubkey`). If they are the same, it is your order.",
        ),
    );
    e.certificate_no = Some(found.certificate_no);
    e.certificate = Some(found.clone());
    e
}

/// NCP's listing leaves out what the identity rule compares.
pub(crate) fn listing_incomplete(
    name: &str,
    found: &CertificateSummary,
    missing: &str,
) -> OrderError {
    let mut e = OrderError::new(
        ErrorCode::OrderOutcomeUnknown,
        name,
        format!(
            "NCP's certificate list does not give the {missing} of certificate {} named {name:?}, \
             so ncpcert cannot tell whether it is this request's order or an earlier one.",
            found.certificate_no
        ),
        String::from(
            "Do not order again yet: look the certificate up in the NCP console. If it is for \
             this request's names and type, it is your order; otherwise choose another \
             certificate name.",
        ),
    );
    e.certificate_no = Some(found.certificate_no);
    e.certificate = Some(found.clone());
    e
}

/// The journal records an order of this request that NCP no longer lists.
pub(crate) fn journal_order_missing(name: &str, certificate_no: u64) -> OrderError {
    let mut e = OrderError::new(
        ErrorCode::OrderOutcomeUnknown,
        name,
        format!(
            "the journal records certificate {certificate_no} as this request's order, but NCP \
             lists no certificate named {name:?}."
        ),
        format!(
            "Look for certificate {certificate_no} in the NCP console (it may have been deleted). \
             To order a new certificate, use another certificate name: ordering again under this \
             one would buy a second certificate."
        ),
    );
    e.certificate_no = Some(certificate_no);
    e
}

/// NCP refused the order.
pub(crate) fn refused(name: &str, answer: CallFailure) -> OrderError {
    let (message, hint) = match &answer {
        CallFailure::Api(e) => (e.summary().trim_end_matches('.').to_owned(), e.hint.clone()),
        other => (other.to_string(), String::new()),
    };
    let mut e = OrderError::new(
        ErrorCode::OrderRefused,
        name,
        format!("NCP refused the order: {message}. Nothing was bought."),
        hint,
    );
    e.cause = Some(answer);
    e
}

/// Every attempt failed before NCP acted on it, or a lookup showed it placed nothing.
pub(crate) fn not_placed(
    name: &str,
    attempts: u32,
    last: Option<CallFailure>,
    looked_up: bool,
) -> OrderError {
    let last_text = last
        .as_ref()
        .map_or_else(String::new, |f| format!(" (the last: {f})"));
    let lookup = if looked_up {
        format!(" The lookup found no certificate named {name:?}.")
    } else {
        String::new()
    };
    let plural = if attempts == 1 { "" } else { "s" };
    let mut e = OrderError::new(
        ErrorCode::OrderNotPlaced,
        name,
        format!(
            "NCP did not place the order after {attempts} attempt{plural}{last_text}.{lookup} \
             Nothing was bought."
        ),
        String::from(
            "Check the network, the endpoint and NCP's service status, then send the request \
             again later: no order exists for it, so sending it again is safe.",
        ),
    );
    e.cause = last;
    e
}

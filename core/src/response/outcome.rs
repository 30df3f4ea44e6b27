//! What a failed call means for the next attempt.
//!
//! `requestPaidCertificateIssuance` buys a certificate, so a failed attempt may be sent again
//! only when NCP certainly did not act on it. Every failure — an [`ApiError`](super::ApiError)
//! or a transport failure — falls in one of three classes:
//!
//! | [`Outcome`] | meaning | what to do |
//! |---|---|---|
//! | [`Resendable`](Outcome::Resendable) | NCP did not act on the request | send it again after a backoff, freshly signed |
//! | [`Ambiguous`](Outcome::Ambiguous) | NCP may have acted on it | for the issuance request, look the certificate name up with ListAdvancedCertificates first: found → that is the result; not found → send again; lookup failed → stop. Read-only calls may simply be sent again. |
//! | [`Final`](Outcome::Final) | NCP refused it, or the request itself is wrong | do not send it again unchanged: correct what the hint says |
//!
//! The table, in one place ([`Outcome::of_gateway`], [`Outcome::of_http_status`],
//! [`Outcome::of_service`], [`Outcome::of_transport`]):
//!
//! | failure | outcome |
//! |---|---|
//! | gateway 400 Quota Exceeded, 410 Throttle Limited, 420 Rate Limited (HTTP 429) | resendable |
//! | gateway 500 Endpoint Error (503), 510 Endpoint Timeout (504), 900 Unexpected Error (500) | ambiguous |
//! | gateway 100, 200, 210, 230, 300, 430 | final (a 200 caused by the clock: correct the clock, then send again) |
//! | gateway code outside the table | by its HTTP status, as below |
//! | HTTP 408 Request Timeout, 429 Too Many Requests | resendable |
//! | any other HTTP 5xx | ambiguous |
//! | any other HTTP status | final |
//! | service error (`returnCode` ≠ `"0"`) | final, except "the name already exists": ambiguous (an earlier attempt may have placed the order) |
//! | a 2xx answer that cannot be read | ambiguous (NCP reported success) |
//! | transport failure before the request was written (DNS, connect, TLS handshake) | resendable |
//! | transport failure after any byte of the request was written (timeout, reset, closed without an answer) | ambiguous |

use serde::Serialize;
use std::fmt;

/// The class of a failed attempt: whether the same request may be sent again.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Outcome {
    /// NCP did not act on the request: send it again after a backoff, freshly signed.
    Resendable,
    /// NCP may have acted on the request. Before sending the issuance request again, look the
    /// certificate name up (ListAdvancedCertificates); read-only calls may be sent again.
    Ambiguous,
    /// NCP refused the request (or it cannot succeed as it is): do not send it again unchanged.
    Final,
}

/// Where a transport failure happened, as far as the HTTP client can tell.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum TransportFailure {
    /// No byte of the request reached the connection: name resolution, connecting or the TLS
    /// handshake failed.
    BeforeWrite,
    /// Some or all of the request was written, then the connection failed: a read timeout, a
    /// reset, or a close without an answer. The server may have acted on it.
    AfterWrite,
}

/// Service messages that mean "this certificate name is taken", lower-cased. NCP does not
/// document the code for it; an earlier attempt of the same request may be what took it.
const NAME_TAKEN_MESSAGES: [&str; 4] =
    ["already exist", "already in use", "duplicate", "이미 존재"];

impl Outcome {
    /// `"resendable"`, `"ambiguous"` or `"final"`, as serialised.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Resendable => "resendable",
            Outcome::Ambiguous => "ambiguous",
            Outcome::Final => "final",
        }
    }

    /// `true` for [`Outcome::Resendable`].
    pub fn is_resendable(self) -> bool {
        self == Outcome::Resendable
    }

    /// `true` for [`Outcome::Ambiguous`].
    pub fn is_ambiguous(self) -> bool {
        self == Outcome::Ambiguous
    }

    /// A bare HTTP status (no gateway or service error body).
    pub fn of_http_status(http_status: u16) -> Outcome {
        match http_status {
            // The server says it did not take the request (408: it was not complete).
            408 | 429 => Outcome::Resendable,
            500..=599 => Outcome::Ambiguous,
            _ => Outcome::Final,
        }
    }

    /// A gateway error (`{"error":{"errorCode":…}}`), by its code and the HTTP status received.
    pub fn of_gateway(code: &str, http_status: u16) -> Outcome {
        match code {
            // Quota, throttle and rate limits: refused at the gateway, before Certificate Manager.
            "400" | "410" | "420" => Outcome::Resendable,
            // The gateway forwarded the request and lost the answer (or failed while waiting).
            "500" | "510" | "900" => Outcome::Ambiguous,
            "100" | "200" | "210" | "230" | "300" | "430" => Outcome::Final,
            _ => Outcome::of_http_status(http_status),
        }
    }

    /// A service error (`returnCode` other than `"0"`), by its code and message.
    pub fn of_service(_code: &str, message: &str) -> Outcome {
        if is_name_taken_message(message) {
            Outcome::Ambiguous
        } else {
            Outcome::Final
        }
    }

    /// A 2xx answer that is not the documented body: NCP reported success.
    pub fn of_unreadable_success() -> Outcome {
        Outcome::Ambiguous
    }

    /// A transport failure.
    pub fn of_transport(failure: TransportFailure) -> Outcome {
        match failure {
            TransportFailure::BeforeWrite => Outcome::Resendable,
            TransportFailure::AfterWrite => Outcome::Ambiguous,
        }
    }

    /// What to tell a user when an issuance request's outcome is ambiguous and the lookup that
    /// would settle it failed (the CLI's exit status 3): do not order again until the
    /// certificate list says the order is not there.
    pub fn unknown_order_advice(certificate_name: &str) -> String {
        format!(
            "NCP may have placed the order for the certificate named {certificate_name:?}, and the \
lookup that would tell failed, so ncpcert did not send the request again. Do not send it again \
yet: look for a certificate with exactly this name in the NCP console (Certificate Manager, \
certificate list) or with ListAdvancedCertificates once NCP answers. If it is there, that is \
your order (it may still be ONGOING); if it is not, send the request again."
        )
    }

    /// Writes `{"retryable": <is_resendable>, "outcome": <name>}` into the map of the type
    /// that holds the outcome (`#[serde(flatten, serialize_with = …)]`), so that `retryable`
    /// is always what the outcome says.
    pub(crate) fn serialize_with_retryable<S: serde::Serializer>(
        outcome: &Outcome,
        s: S,
    ) -> Result<S::Ok, S::Error> {
        WithRetryable {
            retryable: outcome.is_resendable(),
            outcome: *outcome,
        }
        .serialize(s)
    }

    /// `"resendable"`, `"ambiguous"` or `"final"` read back (as serialised); `None` otherwise.
    pub fn from_name(name: &str) -> Option<Outcome> {
        [Outcome::Resendable, Outcome::Ambiguous, Outcome::Final]
            .into_iter()
            .find(|o| o.as_str() == name)
    }
}

/// `true` when a service message says the certificate name is taken.
pub(crate) fn is_name_taken_message(message: &str) -> bool {
    // ASCII lowercasing finds exactly what Unicode lowercasing would: the phrases are ASCII or
    // Hangul (which has no case), and the only other characters that lowercase to ASCII are
    // the Kelvin sign (to `k`, in no phrase) and `İ` (to `i` and a combining dot, which no
    // phrase holds after an `i`); the test below checks both facts. `str::to_lowercase` would
    // link the standard library's case tables into every .wasm (about 8 KB gzipped).
    let message = message.to_ascii_lowercase();
    NAME_TAKEN_MESSAGES.iter().any(|m| message.contains(m))
}

/// An outcome as written into the type that holds it: with `retryable` before it, so that
/// `retryable` is always what the outcome says.
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub(crate) struct WithRetryable {
    /// `true` when the same request may be sent again as is: the outcome is `resendable`.
    retryable: bool,
    /// What the failure means for the next attempt.
    outcome: Outcome,
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl TransportFailure {
    /// From "was any byte of the request written?".
    pub fn from_written(written: bool) -> TransportFailure {
        if written {
            TransportFailure::AfterWrite
        } else {
            TransportFailure::BeforeWrite
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn name_taken_phrases_are_found_as_unicode_lowercasing_finds_them() {
        // Every character that Unicode lowercases into ASCII letters, besides ASCII itself.
        let into_ascii: Vec<char> = (0..=0x10FFFF_u32)
            .filter_map(char::from_u32)
            .filter(|c| !c.is_ascii() && c.to_lowercase().any(|l| l.is_ascii()))
            .collect();
        assert_eq!(into_ascii, ['\u{130}', '\u{212A}']);
        for phrase in NAME_TAKEN_MESSAGES {
            assert!(
                !phrase.contains('k') && !phrase.contains("i\u{307}"),
                "{phrase}"
            );
        }
        for message in [
            "The certificate name ALREADY EXISTS.",
            "이미 존재하는 인증서 이름입니다",
            "Name Already In Use",
            "DUPLICATE name",
        ] {
            assert!(is_name_taken_message(message), "{message}");
        }
        for message in ["ALREADY EX\u{130}STS", "dupl\u{130}cate", "not found"] {
            assert_eq!(
                is_name_taken_message(message),
                NAME_TAKEN_MESSAGES
                    .iter()
                    .any(|m| message.to_lowercase().contains(m)),
                "{message}"
            );
        }
    }

    #[test]
    fn every_documented_gateway_code() {
        // SPEC §6 codes with their HTTP status, and SPEC §12's class for each.
        let table = [
            ("100", 400, Outcome::Final),
            ("200", 401, Outcome::Final),
            ("210", 401, Outcome::Final),
            ("230", 403, Outcome::Final),
            ("300", 404, Outcome::Final),
            ("430", 413, Outcome::Final),
            ("400", 429, Outcome::Resendable),
            ("410", 429, Outcome::Resendable),
            ("420", 429, Outcome::Resendable),
            ("500", 503, Outcome::Ambiguous),
            ("510", 504, Outcome::Ambiguous),
            ("900", 500, Outcome::Ambiguous),
        ];
        for (code, status, want) in table {
            assert_eq!(Outcome::of_gateway(code, status), want, "gateway {code}");
            // The documented code decides, whatever status came with it.
            assert_eq!(
                Outcome::of_gateway(code, 200),
                want,
                "gateway {code} with 200"
            );
        }
    }

    #[test]
    fn unknown_gateway_codes_go_by_status() {
        assert_eq!(Outcome::of_gateway("499", 429), Outcome::Resendable);
        assert_eq!(Outcome::of_gateway("777", 502), Outcome::Ambiguous);
        assert_eq!(Outcome::of_gateway("999", 400), Outcome::Final);
    }

    #[test]
    fn every_http_status_class() {
        for status in 100..=999u16 {
            let want = match status {
                408 | 429 => Outcome::Resendable,
                500..=599 => Outcome::Ambiguous,
                _ => Outcome::Final,
            };
            assert_eq!(Outcome::of_http_status(status), want, "HTTP {status}");
        }
    }

    #[test]
    fn service_errors_are_final_unless_the_name_is_taken() {
        assert_eq!(
            Outcome::of_service(
                "1002",
                "Unable to load certificate. Expecting PEM format file."
            ),
            Outcome::Final
        );
        assert_eq!(
            Outcome::of_service("2000", "can only contain 3-20 English alphabet"),
            Outcome::Final
        );
        for message in [
            "The certificate name already exists: www-example",
            "Certificate name ALREADY EXISTS",
            "certificateName is already in use",
            "Duplicate certificate name",
            "이미 존재하는 인증서 이름입니다",
        ] {
            assert_eq!(
                Outcome::of_service("2000", message),
                Outcome::Ambiguous,
                "{message}"
            );
        }
    }

    #[test]
    fn transport_failures() {
        assert_eq!(
            Outcome::of_transport(TransportFailure::from_written(false)),
            Outcome::Resendable
        );
        assert_eq!(
            Outcome::of_transport(TransportFailure::from_written(true)),
            Outcome::Ambiguous
        );
        assert_eq!(Outcome::of_unreadable_success(), Outcome::Ambiguous);
    }

    #[test]
    fn names_round_trip() {
        for o in [Outcome::Resendable, Outcome::Ambiguous, Outcome::Final] {
            assert_eq!(Outcome::from_name(o.as_str()), Some(o));
            assert_eq!(serde_json::to_value(o).unwrap(), o.as_str());
        }
        assert_eq!(Outcome::from_name("retry"), None);
    }
}

//! The error codes a host can see, in one table: each with the type of error it
//! belongs to and the exit status a command-line host gives it.
//!
//! Finding codes (`domain.*`, `csr.*`, … with their severities) are [`crate::Code`]'s table;
//! a CSR that cannot be read is reported with the finding code that says why. API errors
//! carry NCP's own code (`"200"`, `"1002"`, the HTTP status) with their `kind`, as
//! describes them; every other code a host shows comes from here. Bindings map these codes to
//! their error classes; they never make codes of their own.

use serde::Serialize;
use std::fmt;

macro_rules! error_codes {
    ($( $(#[$doc:meta])* $variant:ident = $text:literal, $kind:literal, $exit:literal; )*) => {
        /// A stable, machine-readable error code. The string form never changes once published.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        #[non_exhaustive]
        pub enum ErrorCode {
            $( $(#[$doc])* #[serde(rename = $text)] $variant, )*
        }

        impl ErrorCode {
            /// Every code, in table order.
            pub const ALL: &'static [ErrorCode] = &[ $( ErrorCode::$variant, )* ];

            /// The code's string form, e.g. `"order.name_taken"`.
            pub const fn as_str(self) -> &'static str {
                match self { $( ErrorCode::$variant => $text, )* }
            }

            /// The error type the code belongs to: the `type` of a host error (`"order"`,
            /// `"argument"`, `"signing"`, …).
            pub const fn error_type(self) -> &'static str {
                match self { $( ErrorCode::$variant => $kind, )* }
            }

            /// The exit status of a command-line host: 1 refused or failed, 2
            /// invalid input (nothing was sent), 3 outcome unknown, 4 not finished yet.
            pub const fn exit_status(self) -> u8 {
                match self { $( ErrorCode::$variant => $exit, )* }
            }

            /// Looks a code up by its string form.
            pub fn from_code_str(text: &str) -> Option<ErrorCode> {
                match text { $( $text => Some(ErrorCode::$variant), )* _ => None }
            }
        }
    };
}

error_codes! {
    /// A request that validation refused; the error carries every finding.
    RequestInvalid = "request.invalid", "validation", 2;
    /// A CSR that `inspect` read and a CA would refuse; the error carries the findings.
    CsrRefused = "csr.refused", "csr", 2;
    /// Names for a new CSR that the domain rules refuse; the error carries every finding.
    CsrNamesInvalid = "csr.names_invalid", "validation", 2;
    /// A private key that cannot be read or used to sign a CSR (not PEM, encrypted, another
    /// algorithm, an RSA size CAs refuse).
    KeyInvalid = "key.invalid", "argument", 2;
    /// A key algorithm ncpcert does not make (it makes rsa2048, rsa3072, rsa4096, p256 and
    /// p384).
    KeyAlgorithm = "key.algorithm", "argument", 2;
    /// Too little entropy to make a key: a host passes at least 32 bytes from its operating
    /// system's random generator.
    KeyEntropy = "key.entropy", "argument", 2;
    /// An argument of a call that cannot be used.
    ArgumentInvalid = "argument.invalid", "argument", 2;
    /// A site name or base URL that cannot be used.
    SiteInvalid = "site.invalid", "argument", 2;
    /// An HTTP method that is not a token.
    SigningMethod = "signing.method", "signing", 2;
    /// A path-and-query that cannot be what goes on the wire.
    SigningPath = "signing.path", "signing", 2;
    /// A timestamp that is not milliseconds since the Unix epoch.
    SigningTimestamp = "signing.timestamp", "signing", 2;
    /// An access key that cannot be used.
    SigningAccessKey = "signing.access_key", "signing", 2;
    /// A secret key that cannot be used.
    SigningSecretKey = "signing.secret_key", "signing", 2;
    /// No keys anywhere.
    CredentialsMissing = "credentials.missing", "signing", 2;
    /// Only one of the two key variables is set.
    CredentialsIncomplete = "credentials.incomplete", "signing", 2;
    /// Keys were found that cannot be used.
    CredentialsInvalid = "credentials.invalid", "signing", 2;
    /// The certificate name belongs to an earlier certificate: nothing was bought.
    OrderNameTaken = "order.name_taken", "order", 1;
    /// A certificate found by name is issued for another key than the request's CSR.
    OrderNotThisRequest = "order.not_this_request", "order", 1;
    /// An order may exist and ncpcert could not tell: check before ordering again.
    OrderOutcomeUnknown = "order.outcome_unknown", "order", 3;
    /// NCP refused the order: nothing was bought.
    OrderRefused = "order.refused", "order", 1;
    /// Every attempt failed before NCP acted on it (or a lookup showed it placed nothing):
    /// nothing was bought.
    OrderNotPlaced = "order.not_placed", "order", 1;
    /// The order exists and is still being validated; the wait ended first.
    OrderPending = "order.pending", "order", 4;
    /// NCP will not issue the order: validation failed or expired (VALIDATION_FAILED,
    /// VALIDATION_EXPIRE).
    OrderValidationFailed = "order.validation_failed", "order", 1;
    /// NCP will not issue the order for another reason (FAILED, FAILED_LINT, expired,
    /// revoked, deleted, …).
    OrderFailed = "order.failed", "order", 1;
    /// The certificate is not issued (yet): there is no chain to fetch.
    CertificateNotIssued = "certificate.not_issued", "certificate", 1;
    /// No certificate has this name or number in the account.
    CertificateNotFound = "certificate.not_found", "certificate", 1;
    /// A certificate (PEM) that cannot be read as X.509, so its expiry is unknown.
    CertificateInvalid = "certificate.invalid", "certificate", 2;
    /// A due certificate whose order's subscription has ended was not renewed: a new paid
    /// order needs a person (or `--allow-order`).
    RenewSkipped = "renew.skipped", "renew", 1;
    /// A name to publish a record at lies in no zone of the account's NCP Global DNS: nothing
    /// was bought or changed.
    DnsZoneMissing = "dns.zone_missing", "dns", 1;
    /// A Global DNS zone holds changes not yet applied that ncpcert did not make; applying
    /// would publish them too, so nothing was changed.
    DnsPendingChanges = "dns.pending_changes", "dns", 1;
    /// NCP Global DNS refused a call or answered with something ncpcert cannot read.
    DnsApi = "dns.api", "dns", 1;
    /// NCP Global DNS refused a second TXT record at one name (its duplicate-record error);
    /// the other value was left as it is.
    DnsDuplicateRecord = "dns.duplicate_record", "dns", 1;
    /// The zone's authoritative name servers (or the resolver given) did not serve every value
    /// before the wait ended.
    DnsNotServed = "dns.not_served", "dns", 1;
    /// The authoritative name servers of a zone could not be found, or answered nothing usable.
    DnsNoServers = "dns.no_servers", "dns", 1;
    /// No field of a domain validation record holds the TXT value under a known name: the
    /// order exists; run again naming the field (`--dcv-value-field`), which resumes it.
    DnsValueField = "dns.value_field", "dns", 1;
    /// The DNS hook command failed (a non-zero exit); its output says why.
    DnsHookFailed = "dns.hook_failed", "dns", 1;
    /// NCP could not be reached, or the connection failed before an answer came.
    TransportFailed = "transport.failed", "transport", 1;
    /// A file to write exists already (and replacing was not asked for).
    OutputExists = "output.exists", "output", 2;
    /// A file or directory could not be read or written.
    OutputFailed = "output.failed", "output", 1;
    /// The journal of paid calls could not be read or written; a paid call is not sent
    /// without its journal entry.
    JournalFailed = "journal.failed", "journal", 2;
    /// A driver called the workflow out of turn (a bug in the host, not in the input).
    InternalMisuse = "internal.misuse", "internal", 1;
    /// A panic caught at a boundary (or, where the core runs as WebAssembly, a trap).
    InternalPanic = "internal.panic", "internal", 1;
    /// A binding could not load or run the core itself (a missing or damaged `.wasm` or
    /// native library), or could not read what the core returned.
    InternalEngine = "internal.engine", "internal", 1;
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `true` when `code` is a code a host may show: one of [`ErrorCode::ALL`] or a finding code
/// of [`crate::Code::ALL`].
pub fn is_known_code(code: &str) -> bool {
    ErrorCode::from_code_str(code).is_some() || crate::Code::from_code_str(code).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_round_trip_and_do_not_clash_with_findings() {
        let mut seen = std::collections::HashSet::new();
        for &code in ErrorCode::ALL {
            assert!(seen.insert(code.as_str()), "duplicate {code}");
            assert_eq!(ErrorCode::from_code_str(code.as_str()), Some(code));
            // `request.invalid` is both: the error of a refused request, and the finding of a
            // request that is not a JSON object.
            if code != ErrorCode::RequestInvalid {
                assert!(
                    crate::Code::from_code_str(code.as_str()).is_none(),
                    "{code}"
                );
            }
            assert!((1..=4).contains(&code.exit_status()), "{code}");
            assert_eq!(
                serde_json::to_value(code).unwrap(),
                serde_json::Value::from(code.as_str())
            );
        }
        assert!(is_known_code("domain.underscore"));
        // The codes other modules produce are in the table.
        use crate::signing::SigningErrorKind as K;
        for kind in [
            K::Method,
            K::PathAndQuery,
            K::Timestamp,
            K::AccessKey,
            K::SecretKey,
        ] {
            assert!(
                ErrorCode::from_code_str(kind.code()).is_some(),
                "{}",
                kind.code()
            );
        }
        for code in [
            "credentials.missing",
            "credentials.incomplete",
            "credentials.invalid",
        ] {
            assert!(ErrorCode::from_code_str(code).is_some(), "{code}");
        }
        assert!(!is_known_code("order.nope"));
    }
}

//! The error every signing function returns for input that cannot be signed.

use std::fmt;

/// Which input of a signature was refused.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum SigningErrorKind {
    /// The HTTP method is empty or not an HTTP token.
    Method,
    /// The path-and-query cannot be what goes on the wire.
    PathAndQuery,
    /// The timestamp is not milliseconds since the Unix epoch.
    Timestamp,
    /// The access key is empty or holds characters other than printable ASCII.
    AccessKey,
    /// The secret key is empty or holds characters other than printable ASCII.
    SecretKey,
}

impl SigningErrorKind {
    /// Stable machine-readable code, e.g. `"signing.path"`.
    pub const fn code(self) -> &'static str {
        match self {
            SigningErrorKind::Method => "signing.method",
            SigningErrorKind::PathAndQuery => "signing.path",
            SigningErrorKind::Timestamp => "signing.timestamp",
            SigningErrorKind::AccessKey => "signing.access_key",
            SigningErrorKind::SecretKey => "signing.secret_key",
        }
    }
}

/// Input that cannot be signed. The message says what is wrong and what to do; it never
/// contains the secret key.
#[derive(Clone, PartialEq, Eq)]
pub struct SigningError {
    kind: SigningErrorKind,
    message: String,
}

impl SigningError {
    pub(crate) fn new(kind: SigningErrorKind, message: impl Into<String>) -> Self {
        SigningError {
            kind,
            message: message.into(),
        }
    }

    /// Which input was refused.
    pub fn kind(&self) -> SigningErrorKind {
        self.kind
    }

    /// Stable machine-readable code, e.g. `"signing.timestamp"`.
    pub fn code(&self) -> &'static str {
        self.kind.code()
    }

    /// What is wrong and what to do, in English.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Debug for SigningError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SigningError")
            .field("code", &self.code())
            .field("message", &self.message)
            .finish()
    }
}

impl fmt::Display for SigningError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SigningError {}

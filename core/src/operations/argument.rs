//! [`ArgumentError`]: an argument of a call builder that cannot be sent.

use std::fmt;

/// An argument that cannot be sent (an empty certificate name, a page number of 0, …).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ArgumentError {
    message: String,
}

impl ArgumentError {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        ArgumentError {
            message: message.into(),
        }
    }

    /// Stable machine-readable code: `argument.invalid`.
    pub fn code(&self) -> &'static str {
        "argument.invalid"
    }

    /// What is wrong and what to give instead.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for ArgumentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for ArgumentError {}

/// A `certificateNo` for a path: NCP numbers certificates from 1.
pub(crate) fn certificate_no_problem(certificate_no: u64) -> Result<(), ArgumentError> {
    if certificate_no == 0 {
        Err(ArgumentError::new(
            "certificateNo is 0; give the certificate's number (the certificateNo NCP answered \
             the request with, or that ListAdvancedCertificates shows)",
        ))
    } else {
        Ok(())
    }
}

//! Printing requests and results: JSON, a `curl` command, or raw HTTP.

use ncpcert::{Finding, SignedRequest};

/// Single-quotes `text` for a POSIX shell.
fn shell_quote(text: &str) -> String {
    format!("'{}'", text.replace('\'', r"'\''"))
}

/// A `curl` command that sends exactly the signed request.
pub fn curl(request: &SignedRequest) -> String {
    let mut out = format!(
        "curl -sS -X {} {}",
        request.method(),
        shell_quote(request.url())
    );
    for (name, value) in request.headers() {
        out.push_str(" \\\n  -H ");
        out.push_str(&shell_quote(&format!("{name}: {value}")));
    }
    if let Some(body) = request.body() {
        out.push_str(" \\\n  --data-raw ");
        out.push_str(&shell_quote(body));
    }
    out
}

/// The request as it goes on the wire (HTTP/1.1, host from the URL).
pub fn http(request: &SignedRequest) -> String {
    let host = request
        .url()
        .split_once("://")
        .map(|(_, rest)| rest.split('/').next().unwrap_or(rest))
        .unwrap_or("");
    let mut out = format!(
        "{} {} HTTP/1.1\r\nHost: {host}\r\n",
        request.method(),
        request.path()
    );
    for (name, value) in request.headers() {
        out.push_str(&format!("{name}: {value}\r\n"));
    }
    let body = request.body().unwrap_or_default();
    if request.has_body() {
        out.push_str(&format!("Content-Length: {}\r\n", body.len()));
    }
    out.push_str("\r\n");
    out.push_str(body);
    out
}

/// The signed request as pretty JSON.
pub fn json(request: &SignedRequest) -> String {
    pretty(&request.to_json())
}

/// Re-indents compact JSON text.
pub fn pretty(compact: &str) -> String {
    serde_json::from_str::<serde_json::Value>(compact)
        .and_then(|v| serde_json::to_string_pretty(&v))
        .unwrap_or_else(|_| compact.to_string())
}

/// Findings, one per line, for people.
pub fn findings(findings: &[Finding]) -> String {
    findings
        .iter()
        .map(|f| format!("  {}", f.localized(crate::failure::lang())))
        .collect::<Vec<_>>()
        .join("\n")
}

#[cfg(test)]
mod tests {
    use super::shell_quote;

    #[test]
    fn quotes_single_quotes() {
        assert_eq!(shell_quote("a'b"), r"'a'\''b'");
        assert_eq!(shell_quote(""), "''");
    }
}

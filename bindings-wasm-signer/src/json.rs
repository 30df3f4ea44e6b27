//! The one JSON text this crate writes: a `signing` error of `ncpcert::host`'s shape.

/// `{"type":"signing","code":…,"message":…}`, as `ncpcert::host::signing_error_json` writes it.
pub fn signing_error(code: &str, message: &str) -> String {
    let mut out = String::with_capacity(48 + code.len() + message.len());
    out.push_str(r#"{"type":"signing","code":"#);
    string(&mut out, code);
    out.push_str(r#","message":"#);
    string(&mut out, message);
    out.push('}');
    out
}

/// A JSON string literal (RFC 8259 §7): quote, backslash and control characters escaped.
fn string(out: &mut String, s: &str) {
    const HEX: &[u8; 16] = b"0123456789abcdef";
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let b = c as u8;
                out.push_str("\\u00");
                out.push(HEX[usize::from(b >> 4)] as char);
                out.push(HEX[usize::from(b & 15)] as char);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::signing_error;

    #[test]
    fn escapes_like_json() {
        assert_eq!(
            signing_error("signing.method", "a \"b\"\\\n\u{1}é"),
            r#"{"type":"signing","code":"signing.method","message":"a \"b\"\\\n\u0001é"}"#
        );
    }
}

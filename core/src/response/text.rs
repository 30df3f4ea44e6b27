//! Bounded, printable excerpts of what the server sent, for error messages.
//!
//! Nothing the server sends reaches a message unbounded: bodies and server-provided texts are
//! cut to [`MAX_CHARS`] characters (on a character boundary), control characters become
//! spaces, and a cut is always announced.

/// The most characters of server-provided text that one message or detail carries.
pub(super) const MAX_CHARS: usize = 200;

/// How many body bytes are looked at to build an excerpt (enough for `MAX_CHARS` characters
/// of 4-byte UTF-8 plus room for collapsed whitespace).
const EXCERPT_SCAN_BYTES: usize = MAX_CHARS * 8;

/// `true` when the body holds nothing but whitespace (or nothing at all).
pub(crate) fn is_blank(body: &[u8]) -> bool {
    body.iter().all(|b| b.is_ascii_whitespace())
}

/// Printable text: control characters become spaces, runs of whitespace collapse into one
/// space, leading and trailing whitespace go. At most `max` characters are kept; returns the
/// text and whether anything was cut.
fn clean(text: &str, max: usize) -> (String, bool) {
    let mut out = String::new();
    let mut count = 0usize;
    let mut pending_space = false;
    for c in text.chars() {
        if c.is_whitespace() || c.is_control() {
            pending_space = !out.is_empty();
            continue;
        }
        let needed = if pending_space { 2 } else { 1 };
        if count + needed > max {
            return (out, true);
        }
        if pending_space {
            out.push(' ');
            count += 1;
            pending_space = false;
        }
        out.push(c);
        count += 1;
    }
    (out, false)
}

/// Server-provided text (an error message, a detail) made printable and bounded.
pub(crate) fn server_text(text: &str) -> String {
    let (mut out, cut) = clean(text, MAX_CHARS);
    if cut {
        out.push_str("… (truncated)");
    }
    out
}

/// A printable excerpt of a response body (lossy UTF-8), at most [`MAX_CHARS`] characters,
/// with a note when the body was longer.
pub(crate) fn body_excerpt(body: &[u8]) -> String {
    let scanned = &body[..body.len().min(EXCERPT_SCAN_BYTES)];
    let lossy = String::from_utf8_lossy(scanned);
    let (mut out, cut) = clean(&lossy, MAX_CHARS);
    if cut || scanned.len() < body.len() {
        out.push_str(&format!("… (truncated; {} bytes in all)", body.len()));
    }
    out
}

/// `true` when the body looks like an HTML page (a proxy's or load balancer's error page).
pub(super) fn looks_like_html(body: &[u8]) -> bool {
    let start = body
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(body.len());
    let head = &body[start..body.len().min(start + 1024)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    if head.first() != Some(&b'<') {
        return false;
    }
    let lower = head.to_ascii_lowercase();
    [
        &b"<!doctype html"[..],
        b"<html",
        b"<head",
        b"<body",
        b"<title",
    ]
    .iter()
    .any(|tag| lower.windows(tag.len()).any(|w| w == *tag))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_are_bounded_and_cut_on_char_boundaries() {
        let body = "가".repeat(10_000);
        let excerpt = body_excerpt(body.as_bytes());
        assert!(excerpt.chars().count() < MAX_CHARS + 60);
        assert!(excerpt.starts_with("가가"));
        assert!(excerpt.contains("truncated; 30000 bytes in all"));
    }

    #[test]
    fn control_characters_and_whitespace_are_tamed() {
        assert_eq!(server_text("  a\r\n\t b\u{1b}[31m  "), "a b [31m");
        assert_eq!(body_excerpt(b"\xff\xfeok"), "\u{fffd}\u{fffd}ok");
        assert_eq!(body_excerpt(b""), "");
    }

    #[test]
    fn html_is_recognised() {
        assert!(looks_like_html(b"\r\n<!DOCTYPE html><html>"));
        assert!(looks_like_html(b"<HTML><BODY>502</BODY></HTML>"));
        assert!(!looks_like_html(b"{\"a\":\"<html>\"}"));
        assert!(!looks_like_html(b""));
    }
}

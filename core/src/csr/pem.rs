//! Reading a CSR given as lenient PEM or DER and writing canonical PEM.
//!
//! Nothing here ever copies bytes of a private-key block into an error or anywhere else.

use crate::report::{Code, Finding};
use base64::alphabet::STANDARD as STANDARD_ALPHABET;
use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
use base64::engine::{DecodePaddingMode, Engine as _};
use der::{Decode as _, Encode as _};
use std::collections::HashMap;

/// Inputs larger than this are refused before any parsing.
pub const MAX_CSR_INPUT_BYTES: usize = 64 * 1024;

const LABEL_CSR: &str = "CERTIFICATE REQUEST";
const LABEL_CSR_LEGACY: &str = "NEW CERTIFICATE REQUEST";
const BEGIN: &str = "-----BEGIN ";
const END: &str = "-----END ";
const DASHES: &str = "-----";

const FIELD: &str = "csr";

/// Standard-alphabet base64 that takes `=` padding or its absence (pasted PEM sometimes loses
/// the final `=`) and refuses everything else, including final bits that no byte uses.
const LENIENT_BASE64: GeneralPurpose = GeneralPurpose::new(
    &STANDARD_ALPHABET,
    GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
);

/// The DER bytes of the one CSR in `input`, or the finding that says why there is none.
pub(crate) fn decode_csr(input: &[u8]) -> Result<Vec<u8>, Finding> {
    if input.len() > MAX_CSR_INPUT_BYTES {
        return Err(Finding::new(
            Code::CsrTooLarge,
            FIELD,
            format!(
                "the CSR input is {} bytes; a CSR is a few KiB and at most {} bytes are read: \
                 pass only the CSR file",
                input.len(),
                MAX_CSR_INPUT_BYTES
            ),
        )
        .with("size", input.len().to_string())
        .with("max", MAX_CSR_INPUT_BYTES.to_string()));
    }
    let start = input
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(input.len());
    let der = if input.get(start) == Some(&0x30) {
        input[start..].to_vec()
    } else {
        decode_pem_text(input)?
    };
    check_der_shape(&der)?;
    Ok(der)
}

/// Canonical PEM: label `CERTIFICATE REQUEST`, base64 in 64-column lines, LF endings, final LF.
pub(crate) fn canonical_pem(der: &[u8]) -> String {
    let b64 = STANDARD.encode(der);
    let mut out = String::with_capacity(b64.len() + b64.len() / 64 + 70);
    out.push_str("-----BEGIN CERTIFICATE REQUEST-----\n");
    for line in b64.as_bytes().chunks(64) {
        // base64 output is ASCII, so every chunk is valid UTF-8.
        out.push_str(std::str::from_utf8(line).unwrap_or_default());
        out.push('\n');
    }
    out.push_str("-----END CERTIFICATE REQUEST-----\n");
    out
}

fn malformed(message: impl Into<String>) -> Finding {
    Finding::new(Code::CsrMalformed, FIELD, message)
}

/// One `-----BEGIN X-----` … `-----END X-----` block found in the text.
struct Block<'a> {
    label: &'a str,
    /// Text between the BEGIN and END lines (absent when END is missing).
    body: Option<&'a str>,
}

/// Finds every armoured block. Works on the text as bytes decoded lossily, so that stray
/// non-UTF-8 bytes before BEGIN (a text dump, a BOM) do not matter.
///
/// Every END line is indexed first, by label: each BEGIN then finds its END by a binary
/// search instead of a scan of the rest of the input, which thousands of BEGIN lines without
/// an END would make quadratic.
fn blocks(text: &str) -> Vec<Block<'_>> {
    let ends = end_lines(text);
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(at) = text.get(from..).and_then(|rest| rest.find(BEGIN)) {
        let label_start = from + at + BEGIN.len();
        let Some(label_len) = text[label_start..].find(DASHES) else {
            break;
        };
        let label = text[label_start..label_start + label_len].trim();
        let body_start = label_start + label_len + DASHES.len();
        let end = ends.get(label).and_then(|lines| {
            let i = lines.partition_point(|&(start, _)| start < body_start);
            lines.get(i).copied()
        });
        match end {
            Some((end_start, end_stop)) => {
                found.push(Block {
                    label,
                    body: Some(&text[body_start..end_start]),
                });
                from = end_stop;
            }
            None => {
                found.push(Block { label, body: None });
                from = body_start;
            }
        }
    }
    found
}

/// Every `-----END <label>-----` line of a text, by label.
#[derive(Default)]
struct EndLines {
    /// Label → its index in `lines`. (String keys: the map type request validation uses
    /// too, so that the hash table's code is compiled once.)
    by_label: HashMap<String, usize>,
    /// Each label's (start, end) byte ranges, in order.
    lines: Vec<Vec<(usize, usize)>>,
}

impl EndLines {
    fn get(&self, label: &str) -> Option<&Vec<(usize, usize)>> {
        self.by_label.get(label).and_then(|&i| self.lines.get(i))
    }
}

/// Every `-----END <label>-----` line of `text`.
fn end_lines(text: &str) -> EndLines {
    let mut ends = EndLines::default();
    for (start, _) in text.match_indices(END) {
        let label_start = start + END.len();
        if let Some(label_len) = text[label_start..].find(DASHES) {
            let stop = label_start + label_len + DASHES.len();
            let label = &text[label_start..label_start + label_len];
            let i = match ends.by_label.get(label) {
                Some(&i) => i,
                None => {
                    ends.by_label.insert(label.to_owned(), ends.lines.len());
                    ends.lines.push(Vec::new());
                    ends.lines.len() - 1
                }
            };
            if let Some(lines) = ends.lines.get_mut(i) {
                lines.push((start, stop));
            }
        }
    }
    ends
}

fn is_private_key_label(label: &str) -> bool {
    label.contains("PRIVATE KEY")
}

fn decode_pem_text(input: &[u8]) -> Result<Vec<u8>, Finding> {
    let text = String::from_utf8_lossy(input);
    let found = blocks(&text);
    if found.iter().any(|b| is_private_key_label(b.label)) || text.contains("PRIVATE KEY-----") {
        return Err(Finding::new(
            Code::CsrPrivateKey,
            FIELD,
            "the CSR input holds a private key; it was not read or copied. Pass only the \
             CERTIFICATE REQUEST block, keep the private key to yourself, and consider it exposed \
             if it was sent anywhere",
        ));
    }
    let csrs: Vec<&Block<'_>> = found
        .iter()
        .filter(|b| b.label == LABEL_CSR || b.label == LABEL_CSR_LEGACY)
        .collect();
    match csrs.as_slice() {
        [one] => match one.body {
            Some(body) => decode_body(body),
            None => Err(malformed(format!(
                "the PEM block `{}` has no matching `-----END {}-----` line; paste the whole CSR",
                one.label, one.label
            ))),
        },
        [] if found.is_empty() => decode_bare_base64(&text),
        [] => Err(Finding::new(
            Code::CsrMultiple,
            FIELD,
            format!(
                "no CERTIFICATE REQUEST block was found (the input has: {}); pass the CSR itself",
                found.iter().map(|b| b.label).collect::<Vec<_>>().join(", ")
            ),
        )
        .with(
            "labels",
            found.iter().map(|b| b.label).collect::<Vec<_>>().join(", "),
        )),
        many => Err(Finding::new(
            Code::CsrMultiple,
            FIELD,
            format!(
                "the input holds {} CERTIFICATE REQUEST blocks; pass exactly one CSR per request",
                many.len()
            ),
        )
        .with("count", many.len().to_string())),
    }
}

fn decode_body(body: &str) -> Result<Vec<u8>, Finding> {
    let mut compact = String::with_capacity(body.len());
    for line in body.lines() {
        let line = line.trim();
        // RFC 1421 encapsulated headers (`Proc-Type: …`) are not part of the base64.
        if line.contains(':') {
            continue;
        }
        compact.extend(line.chars().filter(|c| !c.is_whitespace()));
    }
    if compact.is_empty() {
        return Err(malformed(
            "the CSR's PEM block is empty; paste the whole CSR",
        ));
    }
    LENIENT_BASE64.decode(compact.as_bytes()).map_err(|e| {
        malformed(format!(
            "the CSR's PEM body is not valid base64 ({e}); paste the CSR again exactly as generated"
        ))
    })
}

/// A body pasted without its BEGIN/END lines.
fn decode_bare_base64(text: &str) -> Result<Vec<u8>, Finding> {
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    let looks_base64 = !compact.is_empty()
        && compact
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'/' | b'='));
    let not_csr = || {
        malformed(
            "the CSR is neither PEM (-----BEGIN CERTIFICATE REQUEST----- …) nor DER; \
             pass the file that `openssl req -new` wrote",
        )
    };
    if !looks_base64 {
        return Err(not_csr());
    }
    match LENIENT_BASE64.decode(compact.as_bytes()) {
        Ok(der) if der.first() == Some(&0x30) => Ok(der),
        _ => Err(not_csr()),
    }
}

/// The outermost DER element is a SEQUENCE that spans the input exactly, its
/// header read by `der`: a quick check with a precise message before the full decode.
fn check_der_shape(der: &[u8]) -> Result<(), Finding> {
    let bad = |why: &str| {
        Err(malformed(format!(
            "the CSR is not valid DER: {why}; generate it again"
        )))
    };
    if der.first() != Some(&0x30) {
        return bad("it does not start with a SEQUENCE");
    }
    let header = der::SliceReader::new(der).and_then(|mut reader| der::Header::decode(&mut reader));
    let header = match header {
        Ok(header) => header,
        Err(e) if matches!(e.kind(), der::ErrorKind::Incomplete { .. }) => {
            return bad("it is truncated")
        }
        Err(_) => return bad("its length field is invalid or not minimally encoded"),
    };
    let whole = header
        .encoded_len()
        .and_then(|len| len + header.length())
        .ok()
        .and_then(|len| usize::try_from(len).ok());
    match whole.map(|len| len.cmp(&der.len())) {
        Some(std::cmp::Ordering::Equal) => Ok(()),
        Some(std::cmp::Ordering::Less) => bad("it has trailing bytes after the request"),
        _ => bad("it is truncated"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_outer_shape_is_checked_first() {
        let why = |der: &[u8]| check_der_shape(der).unwrap_err().message;
        assert!(check_der_shape(&[0x30, 0x02, 0x05, 0x00]).is_ok());
        assert!(why(&[0x30, 0x03, 0x05, 0x00]).contains("truncated"));
        assert!(why(&[0x30, 0x02, 0x05, 0x00, 0x00]).contains("trailing bytes"));
        assert!(why(&[0x30, 0x81, 0x02, 0x05, 0x00]).contains("not minimally encoded"));
        assert!(why(&[0x30, 0x80, 0x05, 0x00, 0x00, 0x00]).contains("length field"));
        assert!(why(&[0x30]).contains("truncated"));
        assert!(why(&[0x04, 0x00]).contains("SEQUENCE"));
    }

    /// The direct way: for each BEGIN, search the rest of the text for its END line.
    fn blocks_by_rescanning(text: &str) -> Vec<(String, Option<String>)> {
        let mut found = Vec::new();
        let mut rest = text;
        while let Some(at) = rest.find(BEGIN) {
            let after = &rest[at + BEGIN.len()..];
            let Some(label_end) = after.find(DASHES) else {
                break;
            };
            let label = after[..label_end].trim();
            let body_start = &after[label_end + DASHES.len()..];
            let end_marker = format!("{END}{label}{DASHES}");
            match body_start.find(&end_marker) {
                Some(end) => {
                    found.push((label.to_string(), Some(body_start[..end].to_string())));
                    rest = &body_start[end + end_marker.len()..];
                }
                None => {
                    found.push((label.to_string(), None));
                    rest = body_start;
                }
            }
        }
        found
    }

    fn owned(blocks: Vec<Block<'_>>) -> Vec<(String, Option<String>)> {
        blocks
            .into_iter()
            .map(|b| (b.label.to_string(), b.body.map(str::to_string)))
            .collect()
    }

    #[test]
    fn indexed_end_lines_find_the_same_blocks_as_rescanning() {
        let pieces = [
            "-----BEGIN CERTIFICATE REQUEST-----\n",
            "-----END CERTIFICATE REQUEST-----\n",
            "-----BEGIN X-----",
            "-----END X-----",
            "-----BEGIN  CERTIFICATE REQUEST -----",
            "-----END ",
            "-----BEGIN ",
            "-----",
            "MIIB\n",
            "text\n",
            "-----BEGIN PRIVATE KEY-----\n",
            "-----END PRIVATE KEY-----\n",
        ];
        let mut state = 0x2545_f491_4f6c_dd1du64;
        for _ in 0..5000 {
            let mut text = String::new();
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let mut r = state;
            for _ in 0..(r % 12) {
                r = r.rotate_left(5) ^ 0x9e37_79b9;
                text.push_str(pieces[(r % pieces.len() as u64) as usize]);
            }
            assert_eq!(
                owned(blocks(&text)),
                blocks_by_rescanning(&text),
                "{text:?}"
            );
        }
    }

    #[test]
    fn thousands_of_unterminated_begin_lines_are_read_in_one_pass() {
        // 64 KiB of BEGIN lines with no END: each used to rescan the rest of the input.
        let text = "-----BEGIN -----".repeat(MAX_CSR_INPUT_BYTES / 16);
        let found = blocks(&text);
        assert_eq!(found.len(), MAX_CSR_INPUT_BYTES / 16);
        assert!(found.iter().all(|b| b.body.is_none()));
    }
}

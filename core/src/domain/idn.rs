//! Unicode domain names: the ASCII name to use instead of a Unicode one, and
//! whether an `xn--` label is a valid A-label — both as Python's `idna` package judges them
//! with `idna.encode(name, uts46=True, transitional=False)`, the reference implementation ncpcert is tested against.
//!
//! The work is the `idna` crate's: UTS 46 mapping (non-transitional: case folding,
//! full-width and compatibility forms, NFC, `。`/`．` as dots; ignored code points such as the
//! soft hyphen dropped), Punycode, and per label the UTS 46 validity criteria (NFC, hyphens,
//! leading combining marks, CheckJoiners, CheckBidi, STD3 ASCII rules, lengths). On top of
//! that, [`super::idna2008`] applies the IDNA 2008 code point classes UTS 46 leaves out.
//!
//! Labels are checked one at a time, as IDNA 2008 (RFC 5891 §5) and Python's `idna` do: the
//! Bidi rule applies to labels with right-to-left characters, not to every label of a name
//! that has one (UTS 46's domain-wide CheckBidi would refuse `1.ابج.com`, which idna accepts).

use super::idna2008::{self, Invalid};
use idna::uts46::{AsciiDenyList, DnsLength, Hyphens, Uts46};

/// Why a name or label has no A-label form.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Refusal {
    /// The name maps to nothing at all.
    Empty,
    /// A label is empty (two dots in a row, a leading dot).
    EmptyLabel,
    /// The label (as mapped) holds a code point no label may hold.
    Disallowed { label: String, c: char },
    /// The label holds a code point whose context IDNA 2008 does not allow there.
    Context { label: String, c: char },
    /// The label breaks another rule: joiners, combining marks, hyphens, right-to-left text.
    Invalid { label: String },
    /// A label's A-label would be longer than 63 characters, or the name longer than 253.
    TooLong { label: String },
}

/// The ASCII form of `name` (UTS 46 + IDNA 2008, as Python's `idna.encode(name,
/// uts46=True, transitional=False)`), one trailing dot kept as given. A wildcard's `*.` is
/// not an IDNA label: the rest of the name is converted.
pub(crate) fn to_ascii(name: &str) -> Result<String, Refusal> {
    if let Some(rest) = name.strip_prefix("*.") {
        return to_ascii(rest).map(|ascii| format!("*.{ascii}"));
    }
    let mapped: String = idna_adapter::Adapter::new()
        .map_normalize(name.chars())
        .collect();
    if mapped.is_empty() {
        return Err(Refusal::Empty);
    }
    let (body, trailing_dot) = match mapped.strip_suffix('.') {
        Some(body) => (body, true),
        None => (mapped.as_str(), false),
    };
    let mut out = String::with_capacity(body.len() + 8);
    for (i, label) in body.split('.').enumerate() {
        if label.is_empty() {
            return Err(Refusal::EmptyLabel);
        }
        if i > 0 {
            out.push('.');
        }
        out.push_str(&label_to_ascii(label)?);
    }
    if trailing_dot {
        out.push('.');
    }
    if !idna::uts46::verify_dns_length(&out, true) {
        return Err(Refusal::TooLong { label: out });
    }
    Ok(out)
}

/// `Ok` when the ASCII label `label` (`xn--…`, lower case) is a valid A-label: its
/// Punycode decodes to a valid IDNA 2008 U-label, which encodes back to the same label.
pub(crate) fn check_a_label(label: &str) -> Result<(), Refusal> {
    label_to_ascii(label).map(|_| ())
}

/// One label (already mapped) to ASCII, or why not.
fn label_to_ascii(label: &str) -> Result<String, Refusal> {
    let ascii = Uts46::new()
        .to_ascii(
            label.as_bytes(),
            AsciiDenyList::STD3,
            Hyphens::Check,
            DnsLength::Verify,
        )
        .map_err(|_| why_refused(label))?
        .into_owned();
    let unicode = match ascii.strip_prefix("xn--") {
        Some(encoded) => {
            idna::punycode::decode_to_string(encoded).ok_or_else(|| Refusal::Invalid {
                label: label.to_owned(),
            })?
        }
        None => ascii.clone(),
    };
    idna2008::check_label(&unicode).map_err(|why| match why {
        Invalid::Disallowed(c) => Refusal::Disallowed {
            label: unicode.clone(),
            c,
        },
        Invalid::Context(c) => Refusal::Context {
            label: unicode.clone(),
            c,
        },
    })?;
    Ok(ascii)
}

/// Why `idna` refused `label`, as precisely as can be told: the first code point that is not
/// valid on its own (UTS 46 or IDNA 2008), else a label too long, else another rule.
fn why_refused(label: &str) -> Refusal {
    let (shown, punycode) = match label.strip_prefix("xn--") {
        Some(encoded) => match idna::punycode::decode_to_string(encoded) {
            Some(decoded) => (decoded, true),
            None => {
                return Refusal::Invalid {
                    label: label.to_owned(),
                }
            }
        },
        None => (label.to_owned(), false),
    };
    let alone_invalid = |c: char| {
        let mut buf = [0u8; 4];
        let one = c.encode_utf8(&mut buf);
        let refused = Uts46::new()
            .to_ascii(
                one.as_bytes(),
                AsciiDenyList::STD3,
                Hyphens::Allow,
                DnsLength::Ignore,
            )
            .is_err();
        refused || idna2008::class(c) == idna2008::Class::Disallowed
    };
    // Combining marks, joiners and contextual code points are valid or not by where they
    // stand, not on their own.
    let adapter = idna_adapter::Adapter::new();
    let marks_and_joiners = |c: char| {
        adapter.is_mark(c)
            || matches!(
                idna2008::class(c),
                idna2008::Class::ContextJ | idna2008::Class::ContextO
            )
    };
    if let Some(c) = shown
        .chars()
        .find(|&c| c != '-' && !marks_and_joiners(c) && alone_invalid(c))
    {
        return Refusal::Disallowed { label: shown, c };
    }
    let encoded_len = if punycode {
        label.len()
    } else {
        idna::punycode::encode_str(&shown).map_or(usize::MAX, |e| e.len() + 4)
    };
    if encoded_len > 63 {
        return Refusal::TooLong { label: shown };
    }
    Refusal::Invalid { label: shown }
}

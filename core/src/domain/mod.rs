//! Domain-name checks (SPEC §5.2, rules D1–D10).
//!
//! Every name a request carries — `commonName`, each `dnsName[i]`, the CSR's CN and each CSR
//! SAN dNSName — goes through the same checks ([`check`] runs them on one name), which report
//! every problem as a [`Finding`] (at most one per code per name):
//!
//! | rule | what | code |
//! |---|---|---|
//! | D1 | ASCII only; a Unicode name is shown as its A-label | `domain.unicode` |
//! | D2 | ≥ 2 labels, no empty label, no trailing dot, labels ≤ 63, name ≤ 253 | `domain.syntax`, `domain.label_too_long`, `domain.too_long` |
//! | D3 | `[a-z0-9-]` only, no `-` at a label's start or end | `domain.bad_character`, `domain.hyphen` |
//! | D4 | no `_` | `domain.underscore` |
//! | D5 | `??--` labels are `xn--` + valid Punycode | `domain.reserved_label`, `domain.punycode` |
//! | D6 | not an IP address | `domain.ip_address` |
//! | D7 | a real (ICANN) top-level domain, not `.arpa`/`.onion`, not a public suffix | `domain.internal_name`, `domain.reserved_zone`, `domain.public_suffix` |
//! | D8 | `*` only as the whole left-most label, once | `domain.wildcard` |
//! | D9 | no wildcard directly under an ICANN public suffix | `domain.wildcard_public_suffix` |
//! | D10 | a wildcard directly under a private suffix (warning) | `domain.wildcard_private_suffix` |
//!
//! When D1–D6 or D8 find an error, the public-suffix checks D7, D9 and D10 are skipped for that
//! name: on a malformed name they would only add noise.
//!
//! The Public Suffix List is compiled in (see [`PUBLIC_SUFFIX_LIST_VERSION`]); Punycode
//! (RFC 3492) is implemented here, so the module needs no IDNA crate.
//!
//! ```
//! use ncpcert::domain;
//!
//! assert!(domain::check("www.example.com").is_empty());
//! assert_eq!(domain::check("a_b.example.com")[0].code.as_str(), "domain.underscore");
//! assert_eq!(domain::to_ascii("한국.kr").as_deref(), Some("xn--3e0b707e.kr"));
//! ```

mod psl;
mod punycode;

use crate::report::{Code, Finding};
use psl::Section;

/// Version of the compiled-in Public Suffix List and the `publicsuffixlist` wheel it came
/// from, e.g. `"2026-10-22_08-36-41_UTC (publicsuffixlist 1.1.2.20261023)"`.
///
/// The list data is licensed under the MPL-2.0 (<https://mozilla.org/MPL/2.0/>).
pub const PUBLIC_SUFFIX_LIST_VERSION: &str = psl::VERSION;

/// Longest DNS name (RFC 1035, without the trailing dot) and label.
const MAX_NAME: usize = 253;
const MAX_LABEL: usize = 63;

/// Trims surrounding whitespace and lower-cases ASCII letters (SPEC D1). Non-ASCII
/// characters are left as they are.
///
/// ```
/// assert_eq!(ncpcert::domain::normalize("  WWW.Example.COM \n"), "www.example.com");
/// ```
pub fn normalize(name: &str) -> String {
    name.trim().to_ascii_lowercase()
}

/// Converts a Unicode (U-label) or mixed name to its A-label (ASCII) form: `한국.kr` →
/// `xn--3e0b707e.kr`, `MÜNCHEN.de` → `xn--mnchen-3ya.de`.
///
/// Surrounding whitespace is trimmed; ASCII labels are lower-cased and kept as they are
/// (wildcard `*` included); each label holding non-ASCII characters is lower-cased (Latin,
/// Greek and Cyrillic letters; a label with other upper-case letters is refused) and
/// encoded as `xn--` + Punycode. The ideographic full stops `。`, `．` and `｡` count as dots.
/// This is not a full IDNA2008/UTS 46 mapping (no normalisation tables are compiled in), so
/// the input should already be in the form the registrar shows.
///
/// `None` when a name cannot be encoded: a label with non-ASCII characters that also holds a
/// character no label can hold (space, control, `_`, …), or whose A-label would be longer
/// than 63 characters.
///
/// ```
/// use ncpcert::domain::to_ascii;
/// assert_eq!(to_ascii("한국.kr").as_deref(), Some("xn--3e0b707e.kr"));
/// assert_eq!(to_ascii("www.Example.com").as_deref(), Some("www.example.com"));
/// assert_eq!(to_ascii("한 국.kr"), None);
/// ```
pub fn to_ascii(name: &str) -> Option<String> {
    to_ascii_detail(name).ok()
}

/// Checks one domain name (SPEC §5.2, D1–D10; a wildcard `*.x.y` is allowed where D8 allows
/// it) and pushes one [`Finding`] per problem onto `findings`, each with `field` set to
/// `field` (e.g. `"commonName"`, `"dnsName[2]"`, `"csr.san[1]"`). At most one finding per
/// code is pushed for one name.
///
/// Returns the normalised name ([`normalize`]).
pub(crate) fn check_name(name: &str, field: &str, findings: &mut Vec<Finding>) -> String {
    let normalized = normalize(name);
    let mut out = Out::new(findings, field);
    check_normalized(&normalized, name.trim(), &mut out);
    normalized
}

/// The findings for one name, each with field `"name"` (the rules are in the module docs).
///
/// ```
/// use ncpcert::domain::check;
/// use ncpcert::Code;
/// assert!(check("*.example.co.kr").is_empty());
/// assert_eq!(check("*.co.kr")[0].code, Code::DomainWildcardPublicSuffix);
/// assert_eq!(check("printer.local")[0].code, Code::DomainInternalName);
/// ```
pub fn check(name: &str) -> Vec<Finding> {
    let mut findings = Vec::new();
    check_name(name, "name", &mut findings);
    findings
}

/// Pushes findings for one name: at most one per code, all with the same field.
struct Out<'a> {
    findings: &'a mut Vec<Finding>,
    field: &'a str,
    start: usize,
    errors: bool,
}

impl<'a> Out<'a> {
    fn new(findings: &'a mut Vec<Finding>, field: &'a str) -> Self {
        let start = findings.len();
        Out {
            findings,
            field,
            start,
            errors: false,
        }
    }

    fn has(&self, code: Code) -> bool {
        self.findings
            .get(self.start..)
            .is_some_and(|mine| mine.iter().any(|f| f.code == code))
    }

    fn push(&mut self, code: Code, message: String) {
        if self.has(code) {
            return;
        }
        let finding = Finding::new(code, self.field, message);
        self.errors |= finding.is_error();
        self.findings.push(finding);
    }
}

/// `text` for a message, shortened (see [`crate::report::excerpt`]).
fn show(text: &str) -> String {
    crate::report::excerpt(text)
}

/// A character for a message: `` `#` (U+0023) ``, or just the code point when it is invisible.
fn describe(c: char) -> String {
    if c == ' ' {
        "a space (U+0020)".to_owned()
    } else if c.is_control() || c.is_whitespace() {
        format!("U+{:04X}", u32::from(c))
    } else {
        format!("`{c}` (U+{:04X})", u32::from(c))
    }
}

/// `[a-z0-9-]`: the characters a (lower-cased) DNS label may hold.
fn is_ldh(c: char) -> bool {
    c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'
}

/// Non-ASCII code points IDNA2008 never allows, of the kinds that can be told apart without
/// Unicode data tables: controls, white space, private use, noncharacters, the replacement
/// character and the ideographic full stops (which IDNA maps to `.`).
fn is_disallowed_non_ascii(c: char) -> bool {
    let cp = u32::from(c);
    c.is_control()
        || c.is_whitespace()
        || matches!(
            c,
            '\u{E000}'..='\u{F8FF}'
                | '\u{F0000}'..='\u{10FFFF}'
                | '\u{FDD0}'..='\u{FDEF}'
                | '\u{FFFD}'
                | '\u{3002}'
                | '\u{FF0E}'
                | '\u{FF61}'
        )
        || cp & 0xFFFE == 0xFFFE
}

/// Why a name has no A-label form.
enum AsciiError {
    /// The label (with non-ASCII characters) holds a character no label can hold.
    BadCharacter { label: String, c: char },
    /// The label's A-label would be longer than 63 characters.
    TooLong { label: String },
    /// The label holds an upper-case non-ASCII letter.
    UpperCase { label: String, c: char },
}

/// Lower-case of `c` for ASCII, Latin-1, Latin Extended-A, Greek and Cyrillic: the scripts of
/// nearly every upper-case letter seen in domain names. Unicode's full case-mapping tables
/// would add about 12 KB to the wasm download (SPEC §9); other upper-case letters are left
/// as they are (and refused by the caller).
fn to_lower(c: char) -> char {
    let u = u32::from(c);
    let lower = match u {
        0x41..=0x5A | 0xC0..=0xD6 | 0xD8..=0xDE | 0x391..=0x3A1 | 0x3A3..=0x3AB | 0x410..=0x42F => {
            u + 0x20
        }
        0x400..=0x40F => u + 0x50,
        // Latin Extended-A pairs upper/lower as even/odd, except 0x139–0x148 and 0x179–0x17E
        // (odd/even); 0x130 (İ), 0x138 (ĸ), 0x149 (ŉ) and 0x17F (ſ) have no simple pair.
        0x100..=0x12F | 0x132..=0x137 | 0x14A..=0x177 if u % 2 == 0 => u + 1,
        0x139..=0x148 | 0x179..=0x17E if u % 2 == 1 => u + 1,
        0x178 => 0xFF,
        // The title-case digraphs (ǅ ǈ ǋ ǲ), which are not upper case and so would slip past
        // the caller's check.
        0x1C5 | 0x1C8 | 0x1CB | 0x1F2 => u + 1,
        // Cyrillic pairs from 0x460 to 0x4FF are even/odd, except 0x4C1–0x4CE (odd/even).
        0x460..=0x481 | 0x48A..=0x4BF | 0x4D0..=0x4FF if u % 2 == 0 => u + 1,
        0x4C1..=0x4CE if u % 2 == 1 => u + 1,
        0x4C0 => 0x4CF,
        _ => u,
    };
    char::from_u32(lower).unwrap_or(c)
}

fn to_ascii_detail(name: &str) -> Result<String, AsciiError> {
    let name = name.trim();
    let mut out = String::with_capacity(name.len() + 8);
    let dots = |c: char| matches!(c, '.' | '\u{3002}' | '\u{FF0E}' | '\u{FF61}');
    for (i, label) in name.split(dots).enumerate() {
        if i > 0 {
            out.push('.');
        }
        if label.is_ascii() {
            out.push_str(&label.to_ascii_lowercase());
            continue;
        }
        let lower: String = label.chars().map(to_lower).collect();
        // Upper-case letters outside the scripts `to_lower` knows are refused with a request
        // to write the label in lower case.
        if let Some(c) = lower.chars().find(|c| c.is_uppercase()) {
            return Err(AsciiError::UpperCase {
                label: label.to_owned(),
                c,
            });
        }
        let bad = lower.chars().find(|&c| {
            if c.is_ascii() {
                !is_ldh(c)
            } else {
                is_disallowed_non_ascii(c)
            }
        });
        if let Some(c) = bad {
            return Err(AsciiError::BadCharacter {
                label: label.to_owned(),
                c,
            });
        }
        let too_long = || AsciiError::TooLong {
            label: label.to_owned(),
        };
        // An A-label is longer than its U-label: skip the work for labels that cannot fit.
        if lower.chars().count() > MAX_LABEL {
            return Err(too_long());
        }
        let encoded = punycode::encode(&lower).ok_or_else(too_long)?;
        if encoded.len() + 4 > MAX_LABEL {
            return Err(too_long());
        }
        out.push_str("xn--");
        out.push_str(&encoded);
    }
    Ok(out)
}

/// What D6 recognises: `Some("an IPv4 address")` for dotted-quad text (`10.0.0.1`, also
/// with leading zeros, out-of-range parts or a trailing dot), `Some("an IPv6 address")` for
/// IPv6 text, bracketed or with a zone (`[::1]`, `fe80::1%eth0`).
fn ip_address_kind(name: &str) -> Option<&'static str> {
    let v4 = name.strip_suffix('.').unwrap_or(name);
    let mut parts = 0;
    let dotted_quad = v4.split('.').all(|part| {
        parts += 1;
        (1..=3).contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit())
    });
    if dotted_quad && parts == 4 {
        return Some("an IPv4 address");
    }
    if name.contains(':') {
        let inner = name
            .strip_prefix('[')
            .and_then(|s| s.strip_suffix(']'))
            .unwrap_or(name);
        let address = inner
            .split_once('%')
            .map_or(inner, |(address, _zone)| address);
        if address.parse::<std::net::Ipv6Addr>().is_ok() {
            return Some("an IPv6 address");
        }
    }
    None
}

/// D5 for an `xn--` label: the rest must be Punycode that decodes, to at least one non-ASCII
/// code point IDNA could allow, and re-encodes to exactly the same text. `Err` says why not.
fn check_punycode(label: &str) -> Result<(), String> {
    let encoded = label.get(4..).unwrap_or_default();
    let Some(decoded) = punycode::decode(encoded) else {
        return Err("is not valid Punycode (it does not decode)".to_owned());
    };
    if decoded.is_ascii() {
        return Err(if decoded.is_empty() {
            "is not valid Punycode (nothing follows `xn--`)".to_owned()
        } else {
            format!(
                "decodes to plain ASCII `{}`, which must be written without `xn--`",
                show(&decoded)
            )
        });
    }
    if let Some(c) = decoded
        .chars()
        .find(|&c| !c.is_ascii() && (is_disallowed_non_ascii(c) || c.is_uppercase()))
    {
        return Err(format!(
            "decodes to {}, which a domain name cannot contain",
            describe(c)
        ));
    }
    if decoded.starts_with('-') || decoded.ends_with('-') {
        return Err("decodes to a label that starts or ends with `-`".to_owned());
    }
    match punycode::encode(&decoded) {
        Some(again) if again == encoded => Ok(()),
        Some(again) => Err(format!(
            "is not in canonical form; the Punycode for `{}` is `xn--{again}`",
            show(&decoded)
        )),
        None => Err("is not valid Punycode (it does not re-encode)".to_owned()),
    }
}

/// The checks on `name` (normalised); `as_given` (only trimmed) is quoted by D1.
fn check_normalized(name: &str, as_given: &str, out: &mut Out<'_>) {
    let shown = show(name);
    if name.is_empty() {
        out.push(
            Code::DomainSyntax,
            "The name is empty; enter a fully qualified domain name such as `www.example.com`."
                .to_owned(),
        );
        return;
    }

    // D6 first: an address is reported as such, not as a pile of syntax problems.
    if let Some(kind) = ip_address_kind(name) {
        out.push(
            Code::DomainIpAddress,
            format!(
                "`{shown}` is {kind}; these certificates are issued for domain names only. Use a \
                 domain name that points to the address instead."
            ),
        );
        return;
    }

    // D1: a Unicode name is checked further in its A-label form when it has one.
    let mut unconverted = false;
    let given = show(as_given);
    let subject = if name.is_ascii() {
        name.to_owned()
    } else {
        match to_ascii_detail(name) {
            Ok(a_label) => {
                out.push(
                    Code::DomainUnicode,
                    format!(
                        "`{given}` is not ASCII; use its A-label `{}`.",
                        show(&a_label)
                    ),
                );
                a_label
            }
            Err(AsciiError::UpperCase { label, c }) => {
                out.push(
                    Code::DomainUnicode,
                    format!(
                        "`{given}` is not ASCII, and its label `{}` holds the upper-case letter \
                         {}: write the label in lower case, then use the name's A-label (`xn--…`).",
                        show(&label),
                        describe(c)
                    ),
                );
                unconverted = true;
                name.to_owned()
            }
            Err(AsciiError::BadCharacter { label, c }) => {
                out.push(
                    Code::DomainUnicode,
                    format!(
                        "`{given}` is not ASCII and has no A-label form: its label `{}` holds \
                         {}. Remove it, then use the name's A-label (`xn--…`).",
                        show(&label),
                        describe(c)
                    ),
                );
                unconverted = true;
                name.to_owned()
            }
            Err(AsciiError::TooLong { label }) => {
                out.push(
                    Code::DomainUnicode,
                    format!(
                        "`{given}` is not ASCII, and its label `{}` is too long to be written as \
                         an A-label (at most {MAX_LABEL} characters). Shorten it.",
                        show(&label)
                    ),
                );
                unconverted = true;
                name.to_owned()
            }
        }
    };
    // From here on, messages quote the name as checked: the A-label form of a Unicode name.
    let shown = show(&subject);
    // Labels still holding non-ASCII text were reported by D1; the per-label checks skip them.
    let checkable = |label: &str| !unconverted || label.is_ascii();

    // D2: shape and lengths.
    let body = match subject.strip_suffix('.') {
        Some(stripped) => {
            out.push(
                Code::DomainSyntax,
                format!(
                    "`{shown}` ends with a dot; remove the trailing dot (`{}`).",
                    show(stripped)
                ),
            );
            stripped
        }
        None => subject.as_str(),
    };
    let labels: Vec<&str> = body.split('.').collect();
    if labels.iter().any(|label| label.is_empty()) {
        out.push(
            Code::DomainSyntax,
            format!(
                "`{shown}` has an empty label (a dot at the start or two dots in a row); remove \
                 the extra dot."
            ),
        );
    } else if labels.len() < 2 {
        out.push(
            Code::DomainSyntax,
            format!(
                "`{shown}` is a single label; a certificate needs a fully qualified domain name \
                 such as `www.example.com`."
            ),
        );
    }
    if body.len() > MAX_NAME && !unconverted {
        out.push(
            Code::DomainTooLong,
            format!(
                "`{shown}` is {} characters long; a domain name can have at most {MAX_NAME}.",
                body.len()
            ),
        );
    }
    if let Some(label) = labels
        .iter()
        .find(|label| checkable(label) && label.len() > MAX_LABEL)
    {
        out.push(
            Code::DomainLabelTooLong,
            format!(
                "The label `{}` of `{shown}` is {} characters long; a label can have at most \
                 {MAX_LABEL}.",
                show(label),
                label.len()
            ),
        );
    }

    // D8: `*` only as the whole left-most label, once.
    let stars = body.matches('*').count();
    let wildcard = stars == 1 && labels.first() == Some(&"*");
    if stars > 0 && !wildcard {
        let what = if stars > 1 {
            "more than one `*`"
        } else {
            "a `*` that is not the whole left-most label"
        };
        out.push(
            Code::DomainWildcard,
            format!(
                "`{shown}` has {what}; a wildcard name is `*.` followed by a domain name, as in \
                 `*.example.com`."
            ),
        );
    }

    // D3: characters and hyphens.
    let bad = labels
        .iter()
        .filter(|label| checkable(label))
        .flat_map(|label| label.chars())
        .find(|&c| !(is_ldh(c) || matches!(c, '*' | '_')));
    if let Some(c) = bad {
        let hint = if matches!(c, ':' | '/' | '@' | '?' | '#') {
            " Enter the bare host name, without `https://`, a port, a path or a user name."
        } else {
            ""
        };
        out.push(
            Code::DomainBadCharacter,
            format!(
                "`{shown}` contains {}; a domain name may hold only letters a–z, digits 0–9, \
                 hyphens and dots.{hint}",
                describe(c)
            ),
        );
    }
    if let Some(label) = labels
        .iter()
        .find(|label| checkable(label) && (label.starts_with('-') || label.ends_with('-')))
    {
        out.push(
            Code::DomainHyphen,
            format!(
                "The label `{}` of `{shown}` starts or ends with `-`; remove the hyphen there.",
                show(label)
            ),
        );
    }

    // D4: underscores.
    if labels
        .iter()
        .any(|label| checkable(label) && label.contains('_'))
    {
        out.push(
            Code::DomainUnderscore,
            format!(
                "`{shown}` contains `_`; underscores are not allowed in certificate names (CA/B \
                 Forum, since 2019). Use a hyphen or another name."
            ),
        );
    }

    // D5: `??--` labels.
    for label in labels.iter().filter(|label| checkable(label)) {
        if label.get(2..4) != Some("--") {
            continue;
        }
        if !label.starts_with("xn--") {
            out.push(
                Code::DomainReservedLabel,
                format!(
                    "The label `{}` of `{shown}` has `--` in its 3rd and 4th characters, which is \
                     reserved for IDNA `xn--` labels; change the label.",
                    show(label)
                ),
            );
        } else if label.len() <= MAX_LABEL && label.chars().all(is_ldh) {
            if let Err(why) = check_punycode(label) {
                out.push(
                    Code::DomainPunycode,
                    format!(
                        "The label `{}` of `{shown}` {why}. Use the A-label your registrar \
                         shows for the name.",
                        show(label)
                    ),
                );
            }
        }
    }

    if out.errors {
        return;
    }

    // D7: a real top-level domain, not a reserved zone, not itself a public suffix.
    let Some(&tld) = labels.last() else {
        return;
    };
    if tld == "arpa" || tld == "onion" {
        out.push(
            Code::DomainReservedZone,
            format!(
                "`{shown}` is under `.{tld}`, a special-use zone for which publicly trusted \
                 certificates are not issued here; use a name under a registered domain."
            ),
        );
        return;
    }
    if !psl::is_icann_tld(tld) {
        out.push(
            Code::DomainInternalName,
            format!(
                "`{shown}` ends in `.{tld}`, which is not a public top-level domain (internal \
                 and reserved names cannot get a publicly trusted certificate); use a name \
                 under a registered domain, such as `{}.example.com`.",
                labels.first().map_or("www", |first| {
                    if *first == "*" {
                        "*"
                    } else {
                        first
                    }
                })
            ),
        );
        return;
    }
    if wildcard {
        // D9 / D10: what the `*` stands directly under.
        let base = body.get(2..).unwrap_or_default();
        if psl::is_public_suffix(Section::Icann, base) {
            out.push(
                Code::DomainWildcardPublicSuffix,
                format!(
                    "`{shown}` is a wildcard directly under `{}`, a public suffix where anyone \
                     can register names; no CA issues it. Use a wildcard under your own domain, \
                     such as `*.example.{}`.",
                    show(base),
                    show(base)
                ),
            );
        } else if psl::is_public_suffix(Section::Private, base) {
            out.push(
                Code::DomainWildcardPrivateSuffix,
                format!(
                    "`{shown}` is a wildcard directly under `{}`, a suffix (private section of \
                     the Public Suffix List) whose subdomains belong to different owners; CAs \
                     may refuse it. Prefer a wildcard under your own name, such as \
                     `*.example.{}`.",
                    show(base),
                    show(base)
                ),
            );
        }
    } else if psl::is_public_suffix(Section::Icann, body) {
        out.push(
            Code::DomainPublicSuffix,
            format!(
                "`{shown}` is a public suffix (names are registered under it), not a domain \
                 name you can hold; use your own domain, such as `example.{shown}`."
            ),
        );
    }
}

#[cfg(test)]
mod tests;

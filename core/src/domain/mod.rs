//! Domain-name checks.
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
//! The Public Suffix List is compiled in (see [`PUBLIC_SUFFIX_LIST_VERSION`]). Unicode names
//! (D1) and A-labels (D5) are judged as Python's `idna` package judges them: UTS 46 and
//! Punycode by the `idna` crate, IDNA 2008's code point classes derived from the Unicode
//! data it runs on (see `idn.rs` and `idna2008.rs`).
//!
//! ```
//! use ncpcert::domain;
//!
//! assert!(domain::check("www.example.com").is_empty());
//! assert_eq!(domain::check("a_b.example.com")[0].code.as_str(), "domain.underscore");
//! assert_eq!(domain::to_ascii("한국.kr").as_deref(), Some("xn--3e0b707e.kr"));
//! ```

mod idn;
mod idna2008;
mod psl;

use crate::report::{Code, Finding};
use idn::Refusal;
use psl::Section;

/// Version of the compiled-in Public Suffix List and the `publicsuffixlist` wheel it came
/// from, e.g. `"2026-10-22_08-36-41_UTC (publicsuffixlist 1.1.2.20261023)"`.
///
/// The list data is licensed under the MPL-2.0 (<https://mozilla.org/MPL/2.0/>).
pub const PUBLIC_SUFFIX_LIST_VERSION: &str = psl::VERSION;

/// Longest DNS name (RFC 1035, without the trailing dot) and label.
const MAX_NAME: usize = 253;
const MAX_LABEL: usize = 63;

/// Trims surrounding whitespace and lower-cases ASCII letters. Non-ASCII
/// characters are left as they are.
///
/// ```
/// assert_eq!(ncpcert::domain::normalize("  WWW.Example.COM \n"), "www.example.com");
/// ```
pub fn normalize(name: &str) -> String {
    name.trim().to_ascii_lowercase()
}

/// Converts a Unicode (U-label) or mixed name to its ASCII (A-label) form:
/// UTS 46 processing (non-transitional: case folding, full-width and compatibility forms,
/// NFC, `。`/`．` as dots) followed by IDNA 2008 validity — what Python's
/// `idna.encode(name, uts46=True, transitional=False)` gives. `한국.kr` → `xn--3e0b707e.kr`,
/// `ＷＷＷ.ＮＡＶＥＲ.ＣＯＭ` → `www.naver.com`, `a` + U+0301 `.com` → `xn--1ca.com`.
///
/// Surrounding whitespace is trimmed; a wildcard's `*.` is kept and the rest converted.
/// `None` when IDNA 2008 does not allow the name: a symbol or emoji (`☃.com`), a misplaced
/// joiner, a character no label can hold (space, `_`, …), an `xn--` label that is not a valid
/// A-label, or a label or name too long.
///
/// ```
/// use ncpcert::domain::to_ascii;
/// assert_eq!(to_ascii("한국.kr").as_deref(), Some("xn--3e0b707e.kr"));
/// assert_eq!(to_ascii("ｅｘａｍｐｌｅ．ｃｏｍ").as_deref(), Some("example.com"));
/// assert_eq!(to_ascii("www.Example.com").as_deref(), Some("www.example.com"));
/// assert_eq!(to_ascii("☃.com"), None);
/// assert_eq!(to_ascii("한 국.kr"), None);
/// ```
pub fn to_ascii(name: &str) -> Option<String> {
    idn::to_ascii(name.trim()).ok()
}

/// Checks one domain name (D1–D10; a wildcard `*.x.y` is allowed where D8 allows
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

    /// Pushes a finding of `code` with its English `message` and the values `args` its
    /// template quotes.
    fn push(&mut self, code: Code, message: String, args: Vec<(&'static str, String)>) {
        if self.has(code) {
            return;
        }
        let mut finding = Finding::new(code, self.field, message);
        for (name, value) in args {
            finding = finding.with(name, value);
        }
        self.errors |= finding.is_error();
        self.findings.push(finding);
    }
}

/// `text` for a message, shortened (see [`crate::report::excerpt`]).
fn show(text: &str) -> String {
    crate::report::excerpt(text)
}

/// A character for a message in any language: `` `#` (U+0023) ``, or just the code point
/// when it is invisible.
fn code_point(c: char) -> String {
    if c.is_control() || c.is_whitespace() {
        format!("U+{:04X}", u32::from(c))
    } else {
        format!("`{c}` (U+{:04X})", u32::from(c))
    }
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

/// D5 for an `xn--` label, in words for the message: `Err` says why it is not an A-label.
fn check_punycode(label: &str) -> Result<(), String> {
    idn::check_a_label(label).map_err(|why| match why {
        Refusal::Disallowed { label: decoded, c } => format!(
            "decodes to `{}`, which holds {}: IDNA 2008 does not allow it in a domain name",
            show(&decoded),
            describe(c)
        ),
        Refusal::Context { label: decoded, c } => format!(
            "decodes to `{}`, which holds {} where IDNA 2008 does not allow it (RFC 5892 \
             contextual rule)",
            show(&decoded),
            describe(c)
        ),
        Refusal::Invalid { label: decoded } if decoded == label => {
            "is not valid Punycode (it does not decode to a Unicode label)".to_owned()
        }
        Refusal::Invalid { label: decoded } => format!(
            "decodes to `{}`, which is not a valid IDNA 2008 label (not in NFC, or a joiner, \
             combining mark, hyphen or right-to-left character out of place)",
            show(&decoded)
        ),
        Refusal::TooLong { .. } => "is longer than a label can be".to_owned(),
        Refusal::Empty | Refusal::EmptyLabel => {
            "is not valid Punycode (nothing follows `xn--`)".to_owned()
        }
    })
}

/// The D1 message for a Unicode name that has no ASCII form.
fn unicode_refusal(given: &str, why: Refusal) -> String {
    let fix = "Remove it, or use the name your registrar shows (its A-label, `xn--…`).";
    match why {
        Refusal::Disallowed { label, c } => format!(
            "`{given}` is not ASCII and has no A-label form: its label `{}` holds {}, which \
             IDNA 2008 does not allow in a domain name. {fix}",
            show(&label),
            describe(c)
        ),
        Refusal::Context { label, c } => format!(
            "`{given}` is not ASCII and has no A-label form: its label `{}` holds {} where \
             IDNA 2008 does not allow it (RFC 5892 contextual rule). {fix}",
            show(&label),
            describe(c)
        ),
        Refusal::Invalid { label } => format!(
            "`{given}` is not ASCII and has no A-label form: its label `{}` is not a valid IDNA \
             2008 label (a joiner, combining mark, hyphen or right-to-left character out of \
             place, or an invalid `xn--` label). {fix}",
            show(&label)
        ),
        Refusal::TooLong { label } => format!(
            "`{given}` is not ASCII, and its label `{}` is too long to be written as an A-label \
             (at most {MAX_LABEL} characters, {MAX_NAME} for the whole name). Shorten it.",
            show(&label)
        ),
        Refusal::Empty | Refusal::EmptyLabel => format!(
            "`{given}` is not ASCII and has no A-label form: it has an empty label (a dot at \
             the start or two dots in a row). Remove the extra dot."
        ),
    }
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

/// The checks on `name` (normalised); `as_given` (only trimmed) is quoted by D1.
fn check_normalized(name: &str, as_given: &str, out: &mut Out<'_>) {
    let shown = show(name);
    if name.is_empty() {
        out.push(
            Code::DomainSyntax,
            "The name is empty; enter a fully qualified domain name such as `www.example.com`."
                .to_owned(),
            vec![("empty", String::new())],
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
            vec![("name", shown.clone())],
        );
        return;
    }

    // D1: a Unicode name is checked further in its A-label form when it has one.
    let mut unconverted = false;
    let given = show(as_given);
    let subject = if name.is_ascii() {
        name.to_owned()
    } else {
        match idn::to_ascii(name) {
            Ok(ascii) => {
                // The whole name (at most 253 characters): hosts read the suggestion from
                // the message.
                out.push(
                    Code::DomainUnicode,
                    format!("`{given}` is not ASCII; use its A-label `{ascii}`."),
                    vec![("name", given.clone()), ("alabel", ascii.clone())],
                );
                ascii
            }
            Err(why) => {
                out.push(
                    Code::DomainUnicode,
                    unicode_refusal(&given, why),
                    vec![("name", given.clone()), ("refused", String::new())],
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
                vec![("name", shown.clone())],
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
            vec![("name", shown.clone())],
        );
    } else if labels.len() < 2 {
        out.push(
            Code::DomainSyntax,
            format!(
                "`{shown}` is a single label; a certificate needs a fully qualified domain name \
                 such as `www.example.com`."
            ),
            vec![("name", shown.clone())],
        );
    }
    if body.len() > MAX_NAME && !unconverted {
        out.push(
            Code::DomainTooLong,
            format!(
                "`{shown}` is {} characters long; a domain name can have at most {MAX_NAME}.",
                body.len()
            ),
            vec![
                ("name", shown.clone()),
                ("len", body.len().to_string()),
                ("max", MAX_NAME.to_string()),
            ],
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
            vec![
                ("name", shown.clone()),
                ("label", show(label)),
                ("len", label.len().to_string()),
                ("max", MAX_LABEL.to_string()),
            ],
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
            vec![("name", shown.clone())],
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
            {
                let mut args = vec![("name", shown.clone()), ("char", code_point(c))];
                if !hint.is_empty() {
                    args.push(("url", String::new()));
                }
                args
            },
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
            vec![("name", shown.clone()), ("label", show(label))],
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
            vec![("name", shown.clone())],
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
                vec![("name", shown.clone()), ("label", show(label))],
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
                    vec![("name", shown.clone()), ("label", show(label))],
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
            vec![("name", shown.clone()), ("tld", tld.to_owned())],
        );
        return;
    }
    if !psl::is_icann_tld(tld) {
        let suggestion = format!(
            "{}.example.com",
            labels.first().map_or("www", |first| {
                if *first == "*" {
                    "*"
                } else {
                    first
                }
            })
        );
        out.push(
            Code::DomainInternalName,
            format!(
                "`{shown}` ends in `.{tld}`, which is not a public top-level domain (internal \
                 and reserved names cannot get a publicly trusted certificate); use a name \
                 under a registered domain, such as `{suggestion}`."
            ),
            vec![
                ("name", shown.clone()),
                ("tld", show(tld)),
                ("suggestion", suggestion.clone()),
            ],
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
                vec![("name", shown.clone()), ("suffix", show(base))],
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
                vec![("name", shown.clone()), ("suffix", show(base))],
            );
        }
    } else if psl::is_public_suffix(Section::Icann, body) {
        out.push(
            Code::DomainPublicSuffix,
            format!(
                "`{shown}` is a public suffix (names are registered under it), not a domain \
                 name you can hold; use your own domain, such as `example.{shown}`."
            ),
            vec![("name", shown.clone())],
        );
    }
}

#[cfg(test)]
mod tests;

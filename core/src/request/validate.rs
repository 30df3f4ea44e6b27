//! The body rules, the domain rules of §5.2 on the body's names, and the CSR's
//! shape. Produces every finding at once, plus the normalised body when it can be built.

use super::body::Body;
use super::fields::*;
use super::{AdvancedCertificateRequest, CertificateType, ValidationMethod};
use crate::csr::{inspect_csr, CsrReport};
use crate::domain;
use crate::report::{excerpt, Code, Finding};
use std::collections::HashMap;

pub(super) struct Checked {
    pub(super) findings: Vec<Finding>,
    /// `None` when a required field is missing or unreadable.
    pub(super) body: Option<Body>,
}

pub(super) fn check(req: &AdvancedCertificateRequest) -> Checked {
    let mut out = req.input_findings.clone();
    let reported = |out: &Vec<Finding>, field: &str| out.iter().any(|f| f.field == field);

    let csr = match &req.csr {
        Some(bytes) => match inspect_csr(bytes) {
            Ok(report) => {
                out.extend(report.findings.iter().cloned());
                Some(report)
            }
            Err(error) => {
                out.push(error.into_finding());
                None
            }
        },
        None => {
            if !reported(&out, CSR) {
                out.push(Finding::new(
                    Code::CsrRequired,
                    CSR,
                    "`csr` is missing; generate a CSR with your private key (e.g. `openssl req -new \
                     -newkey rsa:2048 -keyout key.pem -out csr.pem`) and pass its PEM text",
                ));
            }
            None
        }
    };

    let certificate_type = certificate_type(req, &mut out);
    let certificate_name = certificate_name(req, &mut out);
    let common_name = match &req.common_name {
        Some(name) => Some(domain::check_name(name, COMMON_NAME, &mut out)),
        None => {
            if !reported(&out, COMMON_NAME) {
                out.push(Finding::new(
                    Code::CommonNameRequired,
                    COMMON_NAME,
                    "`commonName` is missing; give the main domain of the certificate, e.g. \
                     \"www.example.com\" or \"*.example.com\"",
                ));
            }
            None
        }
    };
    let dns_names = dns_names(req, common_name.as_deref(), &mut out);
    let validation_method = validation_method(req, &mut out);
    let organization_no = organization_no(req, certificate_type, &mut out);
    check_extra(req, &mut out);
    if let Some(csr) = &csr {
        // Comparing names that already failed their own checks would only add noise.
        let failed = |prefix: &str| {
            out.iter()
                .any(|f| f.is_error() && f.field.starts_with(prefix))
        };
        let cn = common_name.as_deref().filter(|_| !failed(COMMON_NAME));
        let names_ok = cn.is_some() && !failed(DNS_NAME);
        cross_check(
            csr,
            certificate_type,
            cn,
            names_ok.then_some(&dns_names[..]),
            &mut out,
        );
    }

    let csr_pem = csr.map(|report| report.canonical_pem);
    let body = match (
        csr_pem,
        certificate_type,
        certificate_name,
        common_name,
        validation_method,
    ) {
        (
            Some(csr_pem),
            Some(certificate_type),
            Some(certificate_name),
            Some(common_name),
            Some(validation_method),
        ) => Some(Body {
            csr: csr_pem,
            certificate_type,
            certificate_name,
            common_name,
            dns_names,
            validation_method,
            organization_no,
        }),
        _ => None,
    };
    Checked {
        findings: out,
        body,
    }
}

/// B1.
fn certificate_type(
    req: &AdvancedCertificateRequest,
    out: &mut Vec<Finding>,
) -> Option<CertificateType> {
    if req.certificate_type.is_some() {
        return req.certificate_type;
    }
    let what = match &req.certificate_type_error {
        Some(error) => error.to_string(),
        // Already reported when the JSON held something that is not text.
        None if out.iter().any(|f| f.field == CERTIFICATE_TYPE) => return None,
        None => "`certificateType` is missing; use \"NCP_PAID_DV_01\" (Advanced DV) or \
                 \"NCP_PAID_OV_01\" (Advanced OV), or the alias \"DV\"/\"OV\""
            .to_string(),
    };
    let mut finding = Finding::new(Code::CertificateTypeInvalid, CERTIFICATE_TYPE, what);
    if let Some(error) = &req.certificate_type_error {
        finding = finding.with("value", error.value_excerpt());
    }
    out.push(finding);
    None
}

/// B4, B4b.
fn certificate_name(req: &AdvancedCertificateRequest, out: &mut Vec<Finding>) -> Option<String> {
    let Some(name) = req.certificate_name.as_deref() else {
        if !out.iter().any(|f| f.field == CERTIFICATE_NAME) {
            out.push(Finding::new(
                Code::CertificateNameInvalid,
                CERTIFICATE_NAME,
                "`certificateName` is missing; give the certificate a name, e.g. \"www-example-com\"",
            ).with("max", MAX_CERTIFICATE_NAME_CHARS.to_string()));
        }
        return None;
    };
    if let Some(problem) = certificate_name_problem(name) {
        out.push(
            Finding::new(
                Code::CertificateNameInvalid,
                CERTIFICATE_NAME,
                format!(
                    "`certificateName` {problem}; use a short name such as \"www-example-com\""
                ),
            )
            .with("max", MAX_CERTIFICATE_NAME_CHARS.to_string()),
        );
        return None;
    }
    if !matches_documented_name_pattern(name) {
        out.push(Finding::new(
            Code::CertificateNameFormat,
            CERTIFICATE_NAME,
            format!(
                "`certificateName` {name:?} does not follow NCP's name rule for Certificate Manager \
                 (3-20 characters: a letter, then letters, digits or '-'); NCP may refuse it"
            ),
        ).with("value", format!("{name:?}")));
    }
    Some(name.to_string())
}

/// What makes `name` unusable as a certificate name, as the end of a sentence
/// ("`certificateName` …"); `None` when it can be sent. Also checks the name a lookup filters
/// on (ListAdvancedCertificates).
pub(crate) fn certificate_name_problem(name: &str) -> Option<String> {
    if name.trim().is_empty() {
        Some("is empty".to_string())
    } else if let Some(c) = name.chars().find(|c| c.is_control()) {
        Some(format!("holds the control character U+{:04X}", c as u32))
    } else {
        let chars = name.chars().count();
        (chars > MAX_CERTIFICATE_NAME_CHARS)
            .then(|| format!("is {chars} characters long (at most {MAX_CERTIFICATE_NAME_CHARS})"))
    }
}

/// NCP's documented certificate-name rule, `^[A-Za-z][A-Za-z0-9-]{2,19}$`.
fn matches_documented_name_pattern(name: &str) -> bool {
    let b = name.as_bytes();
    (3..=20).contains(&b.len())
        && b[0].is_ascii_alphabetic()
        && b[1..]
            .iter()
            .all(|&c| c.is_ascii_alphanumeric() || c == b'-')
}

/// D1–D10 on each name, B5 duplicates, B6 count.
fn dns_names(
    req: &AdvancedCertificateRequest,
    common_name: Option<&str>,
    out: &mut Vec<Finding>,
) -> Vec<String> {
    let mut kept: Vec<String> = Vec::with_capacity(req.dns_names.len());
    // Name -> its index in `dnsName`: a linear search per name would make 10^5 names take
    // minutes.
    let mut seen: HashMap<String, usize> = HashMap::with_capacity(req.dns_names.len());
    for (i, name) in req.dns_names.iter().enumerate() {
        let field = format!("{DNS_NAME}[{i}]");
        let normal = domain::check_name(name, &field, out);
        if let Some(&first) = seen.get(&normal) {
            out.push(
                Finding::new(
                    Code::DnsNameDuplicate,
                    field,
                    format!(
                    "`{normal}` repeats dnsName[{first}]; the repeat is removed from the request"
                ),
                )
                .with("name", excerpt(&normal))
                .with("first", first.to_string()),
            );
        } else {
            seen.insert(normal.clone(), i);
            kept.push(normal);
        }
    }
    let mut total = kept.len();
    if let Some(cn) = common_name {
        if !seen.contains_key(cn) {
            total += 1;
        }
    }
    if total > MAX_NAMES {
        out.push(Finding::new(
            Code::DnsNameTooMany,
            DNS_NAME,
            format!(
                "the request names {total} domains; NCP's Advanced certificates cover at most {MAX_NAMES}: \
                 split them across several certificates or use a wildcard"
            ),
        ).with("count", total.to_string()).with("max", MAX_NAMES.to_string()));
    }
    kept
}

/// B3.
fn validation_method(
    req: &AdvancedCertificateRequest,
    out: &mut Vec<Finding>,
) -> Option<ValidationMethod> {
    match req.validation_method {
        Some(ValidationMethod::Email) => {
            out.push(Finding::new(
                Code::ValidationMethodEmailDiscontinued,
                VALIDATION_METHOD,
                "validation by email (\"E\") was discontinued by NCP in February 2026; use \"D\" \
                 (DNS record with a one-time value) or \"PD\" (persistent DNS TXT record)",
            ));
            Some(ValidationMethod::Email)
        }
        Some(m) => Some(m),
        None => {
            let what = match &req.validation_method_error {
                Some(error) => error.to_string(),
                // Already reported when the JSON held something that is not text.
                None if out.iter().any(|f| f.field == VALIDATION_METHOD) => return None,
                None => "`validationMethod` is missing; use \"D\" (DNS record with a one-time \
                         value) or \"PD\" (persistent DNS TXT record)"
                    .to_string(),
            };
            let mut finding = Finding::new(Code::ValidationMethodInvalid, VALIDATION_METHOD, what);
            if let Some(error) = &req.validation_method_error {
                finding = finding.with("value", error.value_excerpt());
            }
            out.push(finding);
            None
        }
    }
}

/// B2, B2b.
fn organization_no(
    req: &AdvancedCertificateRequest,
    certificate_type: Option<CertificateType>,
    out: &mut Vec<Finding>,
) -> Option<i64> {
    let already = out.iter().any(|f| f.field == ORGANIZATION_NO);
    match (certificate_type, req.organization_no) {
        (Some(CertificateType::Dv), Some(_)) => {
            out.push(Finding::new(
                Code::OrganizationNoIgnored,
                ORGANIZATION_NO,
                "`organizationNo` applies to OV certificates only; it is left out of this DV request",
            ));
            None
        }
        (Some(CertificateType::Dv), None) => None,
        (_, Some(n)) if n <= 0 => {
            out.push(Finding::new(
                Code::OrganizationNoInvalid,
                ORGANIZATION_NO,
                format!("`organizationNo` {n} is not a positive integer; use the number NCP lists for your organisation"),
            ).with("value", n.to_string()));
            None
        }
        (_, Some(n)) => Some(n),
        (Some(CertificateType::Ov), None) if !already => {
            out.push(Finding::new(
                Code::OrganizationNoRequired,
                ORGANIZATION_NO,
                "an OV request needs `organizationNo`: register the organisation in Certificate Manager \
                 and use the number NCP lists for it",
            ));
            None
        }
        _ => None,
    }
}

/// Pass-through fields may not repeat a field the request sets itself.
fn check_extra(req: &AdvancedCertificateRequest, out: &mut Vec<Finding>) {
    for key in req.extra.keys() {
        if Body::field_names().contains(&key.as_str()) {
            out.push(Finding::new(
                Code::ExtraInvalid,
                format!("{EXTRA}.{key}"),
                format!("`{key}` is a field of the request itself; set it directly, not through `extra`"),
            ).with("key", excerpt(key)));
        }
    }
}

/// N5, X1, X2: the CSR against the body.
fn cross_check(
    csr: &CsrReport,
    certificate_type: Option<CertificateType>,
    common_name: Option<&str>,
    dns_names: Option<&[String]>,
    out: &mut Vec<Finding>,
) {
    if certificate_type == Some(CertificateType::Ov) {
        let country = csr.subject.country.as_deref().map(str::trim);
        if country != Some("KR") {
            let what = match country {
                Some(c) => format!("is {c:?}"),
                None => "is missing".to_string(),
            };
            let value = match country {
                Some(c) => ("country", format!("{:?}", excerpt(c))),
                None => ("missing", String::new()),
            };
            out.push(
                Finding::new(
                    Code::CsrCountry,
                    "csr.country",
                    format!(
                        "the CSR's subject country (C) {what}; NCP issues OV certificates only to \
                     organisations registered in Korea: create the CSR with C=KR in its subject"
                    ),
                )
                .with(value.0, value.1),
            );
        }
    }

    let csr_cn = csr.subject.common_name().map(domain::normalize);
    if let (Some(body_cn), Some(csr_cn)) = (common_name, csr_cn.as_deref()) {
        if body_cn != csr_cn {
            out.push(
                Finding::new(
                    Code::CsrCommonNameMismatch,
                    COMMON_NAME,
                    format!(
                    "`commonName` is {body_cn:?} but the CSR's CN is {csr_cn:?}; the CA may follow \
                     either: make them the same"
                ),
                )
                .with("body", format!("{:?}", excerpt(body_cn)))
                .with("csr", format!("{:?}", excerpt(csr_cn))),
            );
        }
    }

    let Some(dns_names) = dns_names else { return };
    // The CSR's names: its DNS SANs, or its CN when it has no SAN extension.
    let mut csr_names: Vec<String> = if csr.has_san_extension {
        csr.dns_names().map(domain::normalize).collect()
    } else {
        csr_cn.into_iter().collect()
    };
    // Unstable sorts (one copy of the code fewer): equal names are the same text.
    csr_names.sort_unstable();
    csr_names.dedup();
    let mut body_names: Vec<String> = dns_names.to_vec();
    body_names.extend(common_name.map(str::to_string));
    body_names.sort_unstable();
    body_names.dedup();
    if body_names != csr_names {
        // Both lists are sorted: binary search keeps thousands of names fast.
        let only_body: Vec<&str> = body_names
            .iter()
            .filter(|n| csr_names.binary_search(n).is_err())
            .map(String::as_str)
            .collect();
        let only_csr: Vec<&str> = csr_names
            .iter()
            .filter(|n| body_names.binary_search(n).is_err())
            .map(String::as_str)
            .collect();
        let mut parts = Vec::new();
        let mut args = Vec::new();
        if !only_body.is_empty() {
            parts.push(format!(
                "only in the request: {}",
                name_list(&only_body, "and", "more")
            ));
            args.push(("only_request", name_list(&only_body, "외", "개")));
        }
        if !only_csr.is_empty() {
            parts.push(format!(
                "only in the CSR: {}",
                name_list(&only_csr, "and", "more")
            ));
            args.push(("only_csr", name_list(&only_csr, "외", "개")));
        }
        if args.len() == 2 {
            args.push(("both", String::new()));
        }
        let mut finding = Finding::new(
            Code::CsrNamesMismatch,
            DNS_NAME,
            format!(
                "the request's names (commonName and dnsName) differ from the CSR's ({}); the \
                 certificate may not cover what you expect: list the same names in both",
                parts.join("; ")
            ),
        );
        for (name, value) in args {
            finding = finding.with(name, value);
        }
        out.push(finding);
    }
}

/// Most names one message lists; a message about 10^5 names stays readable.
const LISTED_NAMES: usize = 10;

/// `a, b, c` — or the first [`LISTED_NAMES`] and how many more (`… and 3 more`, written
/// `{and} {n} {more}`: `외 3개` in Korean).
fn name_list(names: &[&str], and: &str, more_word: &str) -> String {
    let shown: Vec<String> = names
        .iter()
        .take(LISTED_NAMES)
        .map(|n| excerpt(n))
        .collect();
    match names.len().checked_sub(LISTED_NAMES) {
        Some(more) if more > 0 => format!("{} {and} {more} {more_word}", shown.join(", ")),
        _ => shown.join(", "),
    }
}

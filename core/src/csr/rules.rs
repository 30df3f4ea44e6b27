//! The CSR-only rules: S1–S2 (signature), K1–K6 (key), N1–N4 (names).

use super::algorithms::{other_key_algorithm_name, signature_algorithm, Curve, Scheme};
use super::read::{bit_length, ParsedCsr, PublicKey, San};
use super::report::{CsrKey, SanEntry};
use super::rsa_weakness::{has_roca_fingerprint, small_prime_factor, small_residues};
use super::verify::{point_on_curve, verify, Verification};
use crate::domain;
use crate::report::{Code, Finding};

const FIELD: &str = "csr";
/// Field of findings about the subject CN.
pub(crate) const FIELD_CN: &str = "csr.cn";
/// Longest CN a certificate may carry (RFC 5280 ub-common-name).
const MAX_CN_CHARS: usize = 64;

pub(crate) struct Outcome {
    pub(crate) signature_algorithm: String,
    pub(crate) signature_valid: Option<bool>,
    pub(crate) key: CsrKey,
    pub(crate) san: Vec<SanEntry>,
}

pub(crate) fn check(csr: &ParsedCsr, out: &mut Vec<Finding>) -> Outcome {
    check_version(csr, out);
    let (signature_algorithm, signature_valid) = check_signature(csr, out);
    let key = check_key(&csr.key, out);
    check_names(csr, out);
    let san = csr
        .san
        .iter()
        .flatten()
        .map(|s| match s {
            San::Dns(name) => SanEntry {
                kind: "dns".into(),
                value: name.clone(),
            },
            San::Other(kind, value) => SanEntry {
                kind: (*kind).into(),
                value: value.clone(),
            },
        })
        .collect();
    Outcome {
        signature_algorithm,
        signature_valid,
        key,
        san,
    }
}

/// C5: PKCS#10 defines version 0 only. certbot wrote version-2 CSRs for years and Let's
/// Encrypt accepted them, while strict parsers refuse them: a warning, not an error.
fn check_version(csr: &ParsedCsr, out: &mut Vec<Finding>) {
    if csr.version == Some(0) {
        return;
    }
    let shown = csr
        .version
        .map_or_else(|| "not a small number".to_string(), |v| v.to_string());
    out.push(
        Finding::new(
            Code::CsrVersion,
            FIELD,
            format!(
                "the CSR's version is {shown}, but PKCS#10 defines only version 0 (v1); some CAs \
             accept it, strict software refuses it: generate the CSR again with current \
             software (`openssl req -new …`)"
            ),
        )
        .with("version", shown),
    );
}

/// S1 and S2.
fn check_signature(csr: &ParsedCsr, out: &mut Vec<Finding>) -> (String, Option<bool>) {
    let Some(algorithm) = signature_algorithm(&csr.signature_algorithm_oid) else {
        out.push(
            Finding::new(
                Code::CsrSignatureAlgorithm,
                FIELD,
                format!(
                    "the CSR is signed with an unknown algorithm ({}); sign it with SHA-256 \
                 (`openssl req -new -sha256 …`)",
                    csr.signature_algorithm_oid
                ),
            )
            .with("algorithm", csr.signature_algorithm_oid.clone()),
        );
        return (csr.signature_algorithm_oid.clone(), None);
    };
    if !algorithm.allowed {
        out.push(
            Finding::new(
                Code::CsrSignatureAlgorithm,
                FIELD,
                format!(
                "the CSR is signed with {}, which public CAs refuse; create it again signed with \
                 SHA-256 and an RSA or ECDSA key (`openssl req -new -sha256 …`)",
                algorithm.name
            ),
            )
            .with("algorithm", algorithm.name),
        );
    }
    // RFC 4055 §5: PKCS#1 v1.5 algorithms carry NULL parameters (absent is tolerated);
    // RFC 5758 §3.2: ECDSA algorithms carry none.
    let parameters_ok = match (algorithm.scheme, csr.signature_parameters_null) {
        (_, None) => true,
        (Scheme::RsaPkcs1(_), Some(null)) => null,
        (_, Some(_)) => !algorithm.allowed,
    };
    if !parameters_ok {
        out.push(
            Finding::new(
                Code::CsrSignatureAlgorithm,
                FIELD,
                format!(
                    "the CSR's signature algorithm {} carries parameters it must not have; \
                 generate the CSR again with standard software (`openssl req -new …`)",
                    algorithm.name
                ),
            )
            .with("algorithm", algorithm.name),
        );
    }
    // A refused key algorithm (K1/K6) makes the signature moot; it is reported there.
    let key_usable = match &csr.key {
        PublicKey::Rsa { .. } => true,
        PublicKey::Ec { curve, point } => point_on_curve(*curve, point) == Some(true),
        _ => false,
    };
    let verdict = verify(
        algorithm.scheme,
        &csr.key,
        &csr.signed_bytes,
        &csr.signature,
    );
    let valid = match verdict {
        Verification::Valid => Some(true),
        Verification::Invalid(why) => {
            out.push(Finding::new(
                Code::CsrSignatureInvalid,
                FIELD,
                format!(
                    "the CSR's self-signature does not verify ({why}): the request was altered \
                     after signing or was not signed with this key; generate the CSR again \
                     from your private key"
                ),
            ));
            Some(false)
        }
        Verification::Unchecked(why) => {
            if key_usable && algorithm.allowed {
                out.push(Finding::new(
                    Code::CsrSignatureInvalid,
                    FIELD,
                    format!("the CSR's self-signature could not be checked ({why}); generate the CSR again"),
                ));
            }
            None
        }
    };
    (algorithm.name.to_string(), valid)
}

/// K1–K6.
fn check_key(key: &PublicKey, out: &mut Vec<Finding>) -> CsrKey {
    let refuse = |out: &mut Vec<Finding>, name: &str| {
        out.push(Finding::new(
            Code::CsrKeyAlgorithm,
            FIELD,
            format!(
                "the CSR's key is {name}; public CAs issue certificates only for RSA (2048 bits or \
                 more) and ECDSA P-256/P-384 keys (CA/B BR 6.1.5): generate a new key"
            ),
        ));
    };
    match key {
        PublicKey::Rsa { modulus, exponent } => check_rsa(modulus, exponent, out),
        PublicKey::Ec { curve, point } => {
            match curve {
                Curve::P256 | Curve::P384 => {}
                Curve::P521 => out.push(Finding::new(
                    Code::CsrEcP521,
                    FIELD,
                    "the CSR's key is on P-521, which some CAs and clients do not accept; P-256 or \
                     P-384 is the safe choice",
                )),
                Curve::Other(name) => out.push(Finding::new(
                    Code::CsrEcCurve,
                    FIELD,
                    format!(
                        "the CSR's EC key is on the curve {name}; public CAs accept P-256 and P-384 \
                         (CA/B BR 6.1.5): generate a new key on one of them"
                    ),
                )
                .with("curve", name.to_string())),
            }
            if point_on_curve(*curve, point) == Some(false) {
                out.push(
                    Finding::new(
                        Code::CsrEcCurve,
                        FIELD,
                        format!(
                            "the CSR's public key is not a valid point on {}; generate a new key",
                            curve.name()
                        ),
                    )
                    .with("curve", curve.name().to_string()),
                );
            }
            CsrKey {
                algorithm: "EC".into(),
                bits: curve.bits(),
                curve: Some(curve.name().into()),
                rsa_exponent: None,
            }
        }
        PublicKey::EcUnnamed => {
            refuse(out, "an EC key without a named curve");
            CsrKey {
                algorithm: "EC".into(),
                bits: None,
                curve: None,
                rsa_exponent: None,
            }
        }
        PublicKey::RsaMalformed => {
            out.push(Finding::new(
                Code::CsrKeyAlgorithm,
                FIELD,
                "the CSR's RSA public key does not decode; generate the key and the CSR again",
            ));
            CsrKey {
                algorithm: "RSA".into(),
                bits: None,
                curve: None,
                rsa_exponent: None,
            }
        }
        PublicKey::Other(oid) => {
            let name = other_key_algorithm_name(oid);
            let shown = if name == "unknown" {
                format!("an unknown algorithm ({oid})")
            } else {
                name.to_string()
            };
            refuse(out, &shown);
            CsrKey {
                algorithm: if name == "unknown" {
                    oid.clone()
                } else {
                    name.into()
                },
                bits: None,
                curve: None,
                rsa_exponent: None,
            }
        }
    }
}

/// K2–K5.
fn check_rsa(modulus: &[u8], exponent: &[u8], out: &mut Vec<Finding>) -> CsrKey {
    let bits = bit_length(modulus);
    if bits < 2048 || bits % 8 != 0 {
        let why = if bits < 2048 {
            "below 2048 bits"
        } else {
            "not a multiple of 8 bits"
        };
        out.push(
            Finding::new(
                Code::CsrRsaKeySize,
                FIELD,
                format!(
                    "the CSR's RSA key is {bits} bits, {why} (CA/B BR 6.1.5); generate a 2048-, \
                 3072- or 4096-bit key"
                ),
            )
            .with("bits", bits.to_string()),
        );
    } else if bits > 4096 {
        out.push(Finding::new(
            Code::CsrRsaKeyLarge,
            FIELD,
            format!("the CSR's RSA key is {bits} bits; keys above 4096 bits are slow and some clients refuse them"),
        )
        .with("bits", bits.to_string()));
    }
    let e = (exponent.len() <= 8).then(|| {
        exponent
            .iter()
            .fold(0u64, |acc, &b| (acc << 8) | u64::from(b))
    });
    let odd = exponent.last().is_some_and(|b| b & 1 == 1);
    let at_least_3 = exponent.len() > 1 || exponent.first().is_some_and(|&b| b >= 3);
    if !odd || !at_least_3 {
        out.push(Finding::new(
            Code::CsrRsaExponent,
            FIELD,
            "the CSR's RSA public exponent must be odd and at least 3 (CA/B BR 6.1.6); generate a \
             new key with the usual exponent 65537",
        ));
    } else if e.is_some_and(|e| e < 65_537) {
        out.push(
            Finding::new(
                Code::CsrRsaExponentSmall,
                FIELD,
                format!(
                "the CSR's RSA public exponent is {}; CAs expect at least 65537 (CA/B BR 6.1.6), \
                 generate a new key with exponent 65537",
                e.unwrap_or_default()
            ),
            )
            .with("exponent", e.unwrap_or_default().to_string()),
        );
    }
    let residues = small_residues(modulus);
    if let Some(p) = small_prime_factor(&residues) {
        out.push(
            Finding::new(
                Code::CsrRsaWeak,
                FIELD,
                format!(
                "the CSR's RSA modulus is divisible by {p}: the key is broken; generate a new key"
            ),
            )
            .with("factor", p.to_string()),
        );
    } else if has_roca_fingerprint(&residues) {
        out.push(Finding::new(
            Code::CsrRsaWeak,
            FIELD,
            "the CSR's RSA key has the ROCA fingerprint (CVE-2017-15361): its private key can be \
             recovered; generate a new key with up-to-date software",
        )
        .with("roca", ""));
    }
    CsrKey {
        algorithm: "RSA".into(),
        bits: u32::try_from(bits).ok(),
        curve: None,
        rsa_exponent: e,
    }
}

/// N1–N4 and the domain rules on the CN and each DNS SAN.
fn check_names(csr: &ParsedCsr, out: &mut Vec<Finding>) {
    let dns: Vec<&str> = csr
        .san
        .iter()
        .flatten()
        .filter_map(|s| match s {
            San::Dns(name) => Some(name.as_str()),
            San::Other(..) => None,
        })
        .collect();

    match csr.common_names.as_slice() {
        [] if dns.is_empty() => out.push(
            Finding::new(
                Code::CsrCommonName,
                FIELD_CN,
                "the CSR names no domain: its subject has no CN and it has no DNS name in a \
             subjectAltName; create it again with -subj \"/CN=www.example.com\" and \
             -addext \"subjectAltName=DNS:www.example.com\"",
            )
            .with("none", ""),
        ),
        [] => {}
        [cn] if cn.chars().count() > MAX_CN_CHARS => out.push(
            Finding::new(
                Code::CsrCommonName,
                FIELD_CN,
                format!(
                "the CSR's CN is {} characters long; a CN holds at most {MAX_CN_CHARS}: put the \
                 long name in the subjectAltName and a shorter one in the CN",
                cn.chars().count()
            ),
            )
            .with("len", cn.chars().count().to_string())
            .with("max", MAX_CN_CHARS.to_string()),
        ),
        [cn] => {
            domain::check_name(cn, FIELD_CN, out);
        }
        many => out.push(
            Finding::new(
                Code::CsrCommonName,
                FIELD_CN,
                format!(
                "the CSR's subject has {} CNs; a certificate carries one: put the other names in \
                 the subjectAltName",
                many.len()
            ),
            )
            .with("count", many.len().to_string()),
        ),
    }

    for (i, entry) in csr.san.iter().flatten().enumerate() {
        let field = format!("csr.san[{i}]");
        match entry {
            San::Dns(name) => {
                domain::check_name(name, &field, out);
            }
            San::Other(kind, value) => out.push(
                Finding::new(
                    Code::CsrSanType,
                    field,
                    format!(
                    "the CSR's subjectAltName holds the {kind} entry {value:?}; Advanced DV/OV \
                     certificates carry DNS names only: remove it and create the CSR again"
                ),
                )
                .with("kind", kind.to_string())
                .with("value", format!("{:?}", crate::report::excerpt(value))),
            ),
        }
    }

    match (&csr.san, csr.common_names.first()) {
        (Some(_), Some(cn)) => {
            let cn = domain::normalize(cn);
            if !dns.iter().any(|d| domain::normalize(d) == cn) {
                out.push(Finding::new(
                    Code::CsrCnNotInSan,
                    FIELD_CN,
                    format!(
                        "the CSR's CN {cn:?} is not among its subjectAltName DNS names; CAs require \
                         it there (CA/B BR 7.1.4.3): add DNS:{cn} to the subjectAltName"
                    ),
                )
                .with("cn", cn.clone()));
            }
        }
        (None, _) => out.push(Finding::new(
            Code::CsrNoSan,
            FIELD,
            "the CSR has no subjectAltName extension; the CA will take the names from the request \
             body, but a CSR with `-addext \"subjectAltName=DNS:…\"` states them itself",
        )),
        (Some(_), None) => {}
    }
}

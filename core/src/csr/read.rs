//! Reading a DER CSR (PKCS#10, RFC 2986) into plain data: subject, SANs, public key,
//! signature algorithm and the original CertificationRequestInfo bytes.
//!
//! The DER is decoded by `der` and `x509-cert`, with [`super::schema`] for the
//! outer layers. Rules those crates do not enforce are checked here on top of them, each
//! with a test in `read_tests.rs`:
//! - an OBJECT IDENTIFIER with a padded subidentifier (X.690 §8.19.2: the fewest octets) is
//!   malformed — `const-oid` reads `55 80 04 03` as 2.5.4.3;
//! - a signature BIT STRING with unused bits is malformed; a key BIT STRING with unused bits
//!   is an unusable key (K1);
//! - a version other than 0 is read, and reported as a warning.
//!
//! Read leniently, as CAs do (the pyca corpus has one of each): duplicate extensions, an
//! explicitly encoded DEFAULT `critical FALSE`, an attribute with an empty SET of values.

use super::algorithms::{Curve, EC_PUBLIC_KEY, RSA_ENCRYPTION};
use super::schema::{self, Request};
use der::asn1::ObjectIdentifier;
use der::{Decode, Tag, Tagged};
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::ext::pkix::SubjectAltName;
use x509_cert::request::ExtensionReq;

use const_oid::db::rfc4519::{C, CN, L, O, OU, ST};
use const_oid::db::rfc5280::ID_CE_SUBJECT_ALT_NAME;
use const_oid::db::rfc5912::ID_EXTENSION_REQ;

/// A subject public key, as far as the rules need it.
#[derive(Clone, Debug)]
#[cfg_attr(test, derive(PartialEq))]
pub(crate) enum PublicKey {
    Rsa {
        /// Big-endian, leading zero bytes removed.
        modulus: Vec<u8>,
        /// Big-endian, leading zero bytes removed.
        exponent: Vec<u8>,
    },
    Ec {
        curve: Curve,
        point: Vec<u8>,
    },
    /// An `id-ecPublicKey` whose parameters are not a named curve.
    EcUnnamed,
    /// Any other key algorithm, by OID.
    Other(String),
    /// An RSA key whose RSAPublicKey structure does not decode.
    RsaMalformed,
}

/// One entry of the subjectAltName extension.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum San {
    Dns(String),
    /// Any other kind: (kind, printable value).
    Other(&'static str, String),
}

/// What a CSR says, read from DER.
#[cfg_attr(test, derive(Debug))]
pub(crate) struct ParsedCsr {
    /// The version INTEGER: `Some(0)` for PKCS#10 v1, `None` when it does not fit an `i64`.
    pub(crate) version: Option<i64>,
    pub(crate) common_names: Vec<String>,
    pub(crate) organization: Option<String>,
    pub(crate) organizational_unit: Option<String>,
    pub(crate) country: Option<String>,
    pub(crate) state: Option<String>,
    pub(crate) locality: Option<String>,
    /// `None` when the CSR has no subjectAltName extension.
    pub(crate) san: Option<Vec<San>>,
    pub(crate) key: PublicKey,
    pub(crate) signature_algorithm_oid: String,
    /// The signature AlgorithmIdentifier's parameters: `None` when absent, `Some(true)` when
    /// NULL, `Some(false)` for anything else.
    pub(crate) signature_parameters_null: Option<bool>,
    pub(crate) signature: Vec<u8>,
    /// The CertificationRequestInfo exactly as encoded in the input (what was signed).
    pub(crate) signed_bytes: Vec<u8>,
}

/// Parses `der` or says why it is not a CSR, in words for a `csr.malformed` message.
pub(crate) fn parse(der: &[u8]) -> Result<ParsedCsr, String> {
    let request = schema::decode(der)
        .map_err(|e| format!("it does not decode as a PKCS#10 request ({e})"))?;
    // A signature is a whole number of bytes: any "unused bits" count is malformed.
    let signature = request
        .signature
        .as_bytes()
        .filter(|_| request.signature.unused_bits() == 0)
        .ok_or_else(|| "its signature BIT STRING declares unused bits".to_string())?
        .to_vec();
    if let Some(oid) = padded_oid(&request) {
        return Err(format!(
            "it does not decode as a PKCS#10 request (a malformed OBJECT IDENTIFIER: {oid} \
             has a subidentifier padded with 0x80, which DER forbids)"
        ));
    }
    let signed_bytes = request.signed_bytes.to_vec();

    let mut parsed = ParsedCsr {
        version: schema::version(&request.info.version),
        common_names: Vec::new(),
        organization: None,
        organizational_unit: None,
        country: None,
        state: None,
        locality: None,
        san: None,
        key: read_key(&request),
        signature_algorithm_oid: request.algorithm.oid.to_string(),
        signature_parameters_null: request
            .algorithm
            .parameters
            .as_ref()
            .map(|p| p.tag() == Tag::Null && p.value().is_empty()),
        signature,
        signed_bytes,
    };
    for atv in request.info.subject.iter() {
        let value = directory_string(&atv.value);
        // Padded OIDs were refused above, so comparing encodings compares OIDs.
        match atv.oid {
            CN => parsed.common_names.push(value),
            C => set_first(&mut parsed.country, value),
            L => set_first(&mut parsed.locality, value),
            ST => set_first(&mut parsed.state, value),
            O => set_first(&mut parsed.organization, value),
            OU => set_first(&mut parsed.organizational_unit, value),
            _ => {}
        }
    }
    parsed.san = read_san(&request)?;
    Ok(parsed)
}

/// The first OBJECT IDENTIFIER of the request's structure that has a padded subidentifier:
/// the subject's attribute types, the key and signature algorithms and the request
/// attributes' types (extensions and SAN entries are checked in [`read_san`]).
fn padded_oid(request: &Request<'_>) -> Option<String> {
    let info = &request.info;
    info.subject
        .iter()
        .map(|atv| &atv.oid)
        .chain([&info.public_key.algorithm.oid, &request.algorithm.oid])
        .chain(info.attributes.iter().map(|a| &a.oid))
        .find(|oid| is_padded(oid))
        .map(ToString::to_string)
}

/// X.690 §8.19.2: every subidentifier of an OBJECT IDENTIFIER in the fewest octets, so none
/// starts with `0x80`. `const-oid` accepts the padding; the rule is kept on top (as before the
/// crates came back): such an encoding is not DER.
pub(crate) fn is_padded(oid: &ObjectIdentifier) -> bool {
    let mut starts = true;
    oid.as_bytes().iter().any(|&b| {
        let padded = starts && b == 0x80;
        starts = b & 0x80 == 0;
        padded
    })
}

fn padded_error(what: &str, oid: &ObjectIdentifier) -> String {
    format!(
        "its {what} does not decode (a malformed OBJECT IDENTIFIER: {oid} has a subidentifier \
         padded with 0x80, which DER forbids)"
    )
}

fn set_first(slot: &mut Option<String>, value: String) {
    if slot.is_none() {
        *slot = Some(value);
    }
}

/// Text of a DirectoryString (or IA5String) attribute value; other types are shown as hex.
fn directory_string(value: &der::asn1::Any) -> String {
    let bytes = value.value();
    match value.tag() {
        Tag::Utf8String
        | Tag::PrintableString
        | Tag::Ia5String
        | Tag::VisibleString
        | Tag::NumericString => String::from_utf8_lossy(bytes).into_owned(),
        // T.61 in practice carries Latin-1.
        Tag::TeletexString => bytes.iter().map(|&b| char::from(b)).collect(),
        Tag::BmpString => {
            let units: Vec<u16> = bytes
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        _ => bytes.iter().map(|b| format!("{b:02x}")).collect(),
    }
}

fn read_key(request: &Request<'_>) -> PublicKey {
    let spki = &request.info.public_key;
    let oid = spki.algorithm.oid.to_string();
    match oid.as_str() {
        RSA_ENCRYPTION => match spki.subject_public_key.as_bytes().and_then(rsa_public_key) {
            Some((modulus, exponent)) => PublicKey::Rsa { modulus, exponent },
            None => PublicKey::RsaMalformed,
        },
        EC_PUBLIC_KEY => {
            let curve = spki
                .algorithm
                .parameters
                .as_ref()
                .and_then(|p| p.decode_as::<ObjectIdentifier>().ok())
                // A padded curve OID names no curve (K6 refuses the key).
                .filter(|oid| !is_padded(oid));
            match (curve, spki.subject_public_key.as_bytes()) {
                (Some(curve), Some(point)) => PublicKey::Ec {
                    curve: Curve::from_oid(&curve.to_string()),
                    point: point.to_vec(),
                },
                _ => PublicKey::EcUnnamed,
            }
        }
        _ => PublicKey::Other(oid),
    }
}

/// `RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }` (RFC 8017 A.1.1).
fn rsa_public_key(bytes: &[u8]) -> Option<(Vec<u8>, Vec<u8>)> {
    #[derive(der::Sequence)]
    struct RsaPublicKeyDer<'a> {
        modulus: der::asn1::UintRef<'a>,
        public_exponent: der::asn1::UintRef<'a>,
    }
    let key = RsaPublicKeyDer::from_der(bytes).ok()?;
    Some((
        strip_zeros(key.modulus.as_bytes()).to_vec(),
        strip_zeros(key.public_exponent.as_bytes()).to_vec(),
    ))
}

fn strip_zeros(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    &bytes[start..]
}

/// Bit length of a big-endian unsigned number.
pub(crate) fn bit_length(n: &[u8]) -> usize {
    let n = strip_zeros(n);
    match n.first() {
        Some(&top) => n.len() * 8 - top.leading_zeros() as usize,
        None => 0,
    }
}

fn read_san(request: &Request<'_>) -> Result<Option<Vec<San>>, String> {
    let mut found: Option<Vec<San>> = None;
    for attribute in request.info.attributes.iter() {
        if attribute.oid != ID_EXTENSION_REQ {
            continue;
        }
        for value in attribute.values.iter() {
            let extensions: ExtensionReq = value
                .decode_as()
                .map_err(|e| format!("its extensionRequest attribute does not decode ({e})"))?;
            for extension in extensions.0.iter() {
                if is_padded(&extension.extn_id) {
                    return Err(padded_error(
                        "extensionRequest attribute",
                        &extension.extn_id,
                    ));
                }
                if extension.extn_id != ID_CE_SUBJECT_ALT_NAME {
                    continue;
                }
                let san = SubjectAltName::from_der(extension.extn_value.as_bytes())
                    .map_err(|e| format!("its subjectAltName extension does not decode ({e})"))?;
                if let Some(oid) = san.0.iter().find_map(padded_name_oid) {
                    return Err(padded_error("subjectAltName extension", oid));
                }
                let list = found.get_or_insert_with(Vec::new);
                list.extend(san.0.iter().map(general_name));
            }
        }
    }
    Ok(found)
}

/// A padded OBJECT IDENTIFIER inside one SAN entry (see [`is_padded`]).
fn padded_name_oid(name: &GeneralName) -> Option<&ObjectIdentifier> {
    match name {
        GeneralName::OtherName(other) => Some(&other.type_id).filter(|oid| is_padded(oid)),
        GeneralName::RegisteredId(oid) => Some(oid).filter(|oid| is_padded(oid)),
        GeneralName::DirectoryName(name) => name.iter().map(|atv| &atv.oid).find(|o| is_padded(o)),
        _ => None,
    }
}

fn general_name(name: &GeneralName) -> San {
    match name {
        GeneralName::DnsName(s) => San::Dns(s.as_str().to_string()),
        GeneralName::Rfc822Name(s) => San::Other("email", s.as_str().to_string()),
        GeneralName::UniformResourceIdentifier(s) => San::Other("uri", s.as_str().to_string()),
        GeneralName::IpAddress(ip) => San::Other("ip", ip_text(ip.as_bytes())),
        GeneralName::OtherName(other) => San::Other("otherName", other.type_id.to_string()),
        GeneralName::DirectoryName(_) => San::Other("directoryName", String::new()),
        GeneralName::EdiPartyName(_) => San::Other("ediPartyName", String::new()),
        GeneralName::RegisteredId(oid) => San::Other("registeredID", oid.to_string()),
    }
}

fn ip_text(bytes: &[u8]) -> String {
    match bytes.len() {
        4 => std::net::Ipv4Addr::new(bytes[0], bytes[1], bytes[2], bytes[3]).to_string(),
        16 => {
            let mut octets = [0u8; 16];
            octets.copy_from_slice(bytes);
            std::net::Ipv6Addr::from(octets).to_string()
        }
        _ => bytes.iter().map(|b| format!("{b:02x}")).collect(),
    }
}

#[cfg(test)]
#[path = "read_tests.rs"]
mod read_tests;

#[cfg(test)]
mod tests {
    use super::bit_length;

    #[test]
    fn bit_length_ignores_leading_zeros() {
        assert_eq!(bit_length(&[]), 0);
        assert_eq!(bit_length(&[0, 0]), 0);
        assert_eq!(bit_length(&[0, 1]), 1);
        assert_eq!(bit_length(&[0x80, 0]), 16);
        assert_eq!(bit_length(&[0, 0x7f, 0xff]), 15);
    }
}

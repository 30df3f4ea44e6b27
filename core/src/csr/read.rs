//! Reading a DER CSR (PKCS#10, RFC 2986) into plain data: subject, SANs, public key,
//! signature algorithm and the original CertificationRequestInfo bytes.
//!
//! The structure is checked strictly (DER, see [`super::der`]); attribute values, algorithm
//! parameters and name values are only read as far as the rules need them.

use super::algorithms::{Curve, EC_PUBLIC_KEY, RSA_ENCRYPTION};
use super::der::{
    bit_string, boolean, oid_text, read_oid, unsigned_integer, DerError, Problem, Reader,
    Result as DerResult, Tag, Tlv,
};

const OID_CN: &str = "2.5.4.3";
const OID_C: &str = "2.5.4.6";
const OID_L: &str = "2.5.4.7";
const OID_ST: &str = "2.5.4.8";
const OID_O: &str = "2.5.4.10";
const OID_OU: &str = "2.5.4.11";
const OID_EXTENSION_REQUEST: &str = "1.2.840.113549.1.9.14";
const OID_SUBJECT_ALT_NAME: &str = "2.5.29.17";

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
#[cfg_attr(test, derive(Debug, PartialEq))]
pub(crate) struct ParsedCsr {
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
    let request = read_request(der).map_err(|e| describe_der_error(der, &e))?;
    // A signature is a whole number of bytes: any "unused bits" count is malformed.
    if request.signature_unused_bits != 0 {
        return Err("its signature BIT STRING declares unused bits".to_string());
    }
    let mut parsed = ParsedCsr {
        common_names: Vec::new(),
        organization: None,
        organizational_unit: None,
        country: None,
        state: None,
        locality: None,
        san: None,
        key: read_key(&request.key),
        signature_parameters_null: request
            .algorithm
            .parameters
            .map(|p| p.tag == Tag::NULL && p.content.is_empty()),
        signature_algorithm_oid: request.algorithm.oid,
        signature: request.signature.to_vec(),
        signed_bytes: request.info.to_vec(),
    };
    for atv in &request.subject {
        let value = directory_string(&atv.value);
        match atv.oid.as_str() {
            OID_CN => parsed.common_names.push(value),
            OID_C => set_first(&mut parsed.country, value),
            OID_L => set_first(&mut parsed.locality, value),
            OID_ST => set_first(&mut parsed.state, value),
            OID_O => set_first(&mut parsed.organization, value),
            OID_OU => set_first(&mut parsed.organizational_unit, value),
            _ => {}
        }
    }
    parsed.san = read_san(&request.attributes)?;
    Ok(parsed)
}

fn set_first(slot: &mut Option<String>, value: String) {
    if slot.is_none() {
        *slot = Some(value);
    }
}

/// A `CertificationRequest` (RFC 2986 §4) with its structure checked; attribute values,
/// algorithm parameters and name values are left as undecoded elements.
struct Request<'a> {
    /// The whole CertificationRequestInfo element, as in the input (what was signed).
    info: &'a [u8],
    /// The subject's attributes in RDN order (within one RDN in DER SET order).
    subject: Vec<TypeAndValue<'a>>,
    key: KeyInfo<'a>,
    /// In DER SET order.
    attributes: Vec<Attribute<'a>>,
    algorithm: AlgorithmIdentifier<'a>,
    signature_unused_bits: u8,
    signature: &'a [u8],
}

/// `AttributeTypeAndValue` (RFC 5280 §4.1.2.4).
struct TypeAndValue<'a> {
    oid: String,
    value: Tlv<'a>,
}

/// `AlgorithmIdentifier` (RFC 5280 §4.1.1.2).
struct AlgorithmIdentifier<'a> {
    oid: String,
    parameters: Option<Tlv<'a>>,
}

/// `SubjectPublicKeyInfo` (RFC 5280 §4.1.2.7).
struct KeyInfo<'a> {
    algorithm: AlgorithmIdentifier<'a>,
    unused_bits: u8,
    key: &'a [u8],
}

/// `Attribute` (RFC 2986 §4.1): a type and a SET OF values, in DER SET order.
struct Attribute<'a> {
    oid: String,
    values: Vec<Tlv<'a>>,
}

/// ```text
/// CertificationRequest ::= SEQUENCE {
///     certificationRequestInfo CertificationRequestInfo,
///     signatureAlgorithm       AlgorithmIdentifier,
///     signature                BIT STRING }
/// CertificationRequestInfo ::= SEQUENCE {
///     version       INTEGER { v1(0) },
///     subject       Name,
///     subjectPKInfo SubjectPublicKeyInfo,
///     attributes    [0] IMPLICIT SET OF Attribute }
/// ```
/// (RFC 2986 §4.1 and §4.2.)
fn read_request(input: &[u8]) -> DerResult<Request<'_>> {
    let request = Reader::new(input).read_only(Tag::SEQUENCE)?;
    let mut fields = request.reader();
    let info = fields.read(Tag::SEQUENCE)?;

    let mut info_fields = info.reader();
    let version = info_fields.read(Tag::INTEGER)?;
    if version.content != [0] {
        return Err(version.error(Problem::BadInteger));
    }
    let subject = read_name(info_fields.read(Tag::SEQUENCE)?)?;
    let key = read_key_info(info_fields.read(Tag::SEQUENCE)?)?;
    let attributes = read_attributes(info_fields.read(Tag::context(0, true))?)?;
    info_fields.finish()?;

    let algorithm = read_algorithm(fields.read(Tag::SEQUENCE)?)?;
    let (signature_unused_bits, signature) = bit_string(&fields.read(Tag::BIT_STRING)?)?;
    fields.finish()?;
    Ok(Request {
        info: info.whole,
        subject,
        key,
        attributes,
        algorithm,
        signature_unused_bits,
        signature,
    })
}

/// `Name ::= SEQUENCE OF RelativeDistinguishedName`, each a `SET OF AttributeTypeAndValue`
/// (RFC 5280 §4.1.2.4). The values of one RDN come in DER SET order (X.690 §11.6), whatever
/// their order in the input, as the `der` crate that read CSRs before did.
fn read_name(name: Tlv<'_>) -> DerResult<Vec<TypeAndValue<'_>>> {
    let mut all = Vec::new();
    for rdn in name.reader().read_all()? {
        let mut values = rdn.expect(Tag::SET)?.reader().read_all()?;
        values.sort_unstable_by(|a, b| a.whole.cmp(b.whole));
        for atv in values {
            let mut fields = atv.expect(Tag::SEQUENCE)?.reader();
            let oid = read_oid(&mut fields)?;
            let value = fields.read_any()?;
            fields.finish()?;
            all.push(TypeAndValue { oid, value });
        }
    }
    Ok(all)
}

/// `AlgorithmIdentifier ::= SEQUENCE { algorithm OID, parameters ANY OPTIONAL }`.
fn read_algorithm(algorithm: Tlv<'_>) -> DerResult<AlgorithmIdentifier<'_>> {
    let mut fields = algorithm.reader();
    let oid = read_oid(&mut fields)?;
    let parameters = if fields.is_empty() {
        None
    } else {
        Some(fields.read_any()?)
    };
    fields.finish()?;
    Ok(AlgorithmIdentifier { oid, parameters })
}

/// `SubjectPublicKeyInfo ::= SEQUENCE { algorithm AlgorithmIdentifier,
/// subjectPublicKey BIT STRING }`.
fn read_key_info(key_info: Tlv<'_>) -> DerResult<KeyInfo<'_>> {
    let mut fields = key_info.reader();
    let algorithm = read_algorithm(fields.read(Tag::SEQUENCE)?)?;
    let (unused_bits, key) = bit_string(&fields.read(Tag::BIT_STRING)?)?;
    fields.finish()?;
    Ok(KeyInfo {
        algorithm,
        unused_bits,
        key,
    })
}

/// `[0] IMPLICIT SET OF Attribute`, `Attribute ::= SEQUENCE { type OID, values SET OF ANY }`
/// (RFC 2986 §4.1). Attributes and values come in DER SET order (X.690 §11.6), as before.
fn read_attributes(attributes: Tlv<'_>) -> DerResult<Vec<Attribute<'_>>> {
    let mut all = Vec::new();
    for attribute in attributes.reader().read_all()? {
        let whole = attribute.expect(Tag::SEQUENCE)?.whole;
        let mut fields = attribute.reader();
        let oid = read_oid(&mut fields)?;
        let set = fields.read(Tag::SET)?;
        fields.finish()?;
        let mut values = set.reader().read_all()?;
        values.sort_unstable_by(|a, b| a.whole.cmp(b.whole));
        // The DER order of attributes compares their encodings with the values sorted.
        let head = whole
            .get(..whole.len() - set.content.len())
            .unwrap_or(whole);
        let mut key = head.to_vec();
        for value in &values {
            key.extend_from_slice(value.whole);
        }
        all.push((key, Attribute { oid, values }));
    }
    all.sort_unstable_by(|a, b| a.0.cmp(&b.0));
    Ok(all.into_iter().map(|(_, attribute)| attribute).collect())
}

/// The error as a user can act on it; a wrong version gets its own words (SPEC C4).
fn describe_der_error(der: &[u8], error: &DerError) -> String {
    if let Some(version) = version_of(der) {
        if version != [0] {
            return "its version is not 0 (v1), the only version PKCS#10 defines".to_string();
        }
    }
    format!("it does not decode as a PKCS#10 request ({error})")
}

/// The content bytes of the version INTEGER, if the outer structure gets that far.
fn version_of(der: &[u8]) -> Option<&[u8]> {
    let (info_start, _) = header(der)?;
    let info = der.get(info_start..)?;
    let (version_start, _) = header(info)?;
    let version = info.get(version_start..)?;
    if version.first() != Some(&0x02) {
        return None;
    }
    let (content_start, len) = header(version)?;
    version.get(content_start..content_start.checked_add(len)?)
}

/// Header length and content length of the element at the start of `bytes`, leniently
/// (only to find the version for the message).
fn header(bytes: &[u8]) -> Option<(usize, usize)> {
    let first = *bytes.get(1)?;
    if first < 0x80 {
        return Some((2, first as usize));
    }
    let n = (first & 0x7f) as usize;
    if n == 0 || n > 4 {
        return None;
    }
    let len = bytes
        .get(2..2 + n)?
        .iter()
        .fold(0usize, |acc, &b| (acc << 8) | b as usize);
    Some((2 + n, len))
}

/// Text of a DirectoryString (or IA5String) attribute value; other types are shown as hex.
fn directory_string(value: &Tlv<'_>) -> String {
    let bytes = value.content;
    match value.tag {
        Tag::UTF8_STRING
        | Tag::PRINTABLE_STRING
        | Tag::IA5_STRING
        | Tag::VISIBLE_STRING
        | Tag::NUMERIC_STRING => String::from_utf8_lossy(bytes).into_owned(),
        // T.61 in practice carries Latin-1.
        Tag::TELETEX_STRING => bytes.iter().map(|&b| char::from(b)).collect(),
        Tag::BMP_STRING => {
            let units: Vec<u16> = bytes
                .chunks(2)
                .map(|c| match *c {
                    [high, low] => u16::from_be_bytes([high, low]),
                    [high] => u16::from_be_bytes([high, 0]),
                    _ => 0,
                })
                .collect();
            String::from_utf16_lossy(&units)
        }
        _ => bytes.iter().map(|b| format!("{b:02x}")).collect(),
    }
}

fn read_key(key_info: &KeyInfo<'_>) -> PublicKey {
    // A key is a whole number of bytes; with unused bits it is unusable.
    let key = Some(key_info.key).filter(|_| key_info.unused_bits == 0);
    let oid = &key_info.algorithm.oid;
    match oid.as_str() {
        RSA_ENCRYPTION => match key.and_then(rsa_public_key) {
            Some((modulus, exponent)) => PublicKey::Rsa { modulus, exponent },
            None => PublicKey::RsaMalformed,
        },
        EC_PUBLIC_KEY => {
            // ECParameters ::= CHOICE { namedCurve OID, … } (RFC 5480 §2.1.1).
            let curve = key_info
                .algorithm
                .parameters
                .filter(|p| p.tag == Tag::OID)
                .and_then(|p| oid_text(p.content));
            match (curve, key) {
                (Some(curve), Some(point)) => PublicKey::Ec {
                    curve: Curve::from_oid(&curve),
                    point: point.to_vec(),
                },
                _ => PublicKey::EcUnnamed,
            }
        }
        _ => PublicKey::Other(oid.clone()),
    }
}

/// `RSAPublicKey ::= SEQUENCE { modulus INTEGER, publicExponent INTEGER }` (RFC 8017 A.1.1).
fn rsa_public_key(bytes: &[u8]) -> Option<(Vec<u8>, Vec<u8>)> {
    let key = Reader::new(bytes).read_only(Tag::SEQUENCE).ok()?;
    let mut fields = key.reader();
    let modulus = unsigned_integer(&fields.read(Tag::INTEGER).ok()?).ok()?;
    let exponent = unsigned_integer(&fields.read(Tag::INTEGER).ok()?).ok()?;
    fields.finish().ok()?;
    Some((modulus.to_vec(), exponent.to_vec()))
}

fn strip_zeros(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    bytes.get(start..).unwrap_or_default()
}

/// Bit length of a big-endian unsigned number.
pub(crate) fn bit_length(n: &[u8]) -> usize {
    let n = strip_zeros(n);
    match n.first() {
        Some(&top) => n.len() * 8 - top.leading_zeros() as usize,
        None => 0,
    }
}

/// The SANs of every subjectAltName extension in every extensionRequest attribute
/// (PKCS#9, RFC 2985 §5.4.2; RFC 5280 §4.2.1.6), `None` when there is none.
fn read_san(attributes: &[Attribute<'_>]) -> Result<Option<Vec<San>>, String> {
    let mut found: Option<Vec<San>> = None;
    for attribute in attributes {
        if attribute.oid != OID_EXTENSION_REQUEST {
            continue;
        }
        for value in &attribute.values {
            let extensions = read_extensions(value)
                .map_err(|e| format!("its extensionRequest attribute does not decode ({e})"))?;
            for (oid, value) in extensions {
                if oid != OID_SUBJECT_ALT_NAME {
                    continue;
                }
                let names = read_general_names(&value)
                    .map_err(|e| format!("its subjectAltName extension does not decode ({e})"))?;
                found.get_or_insert_with(Vec::new).extend(names);
            }
        }
    }
    Ok(found)
}

/// `Extensions ::= SEQUENCE OF Extension`, `Extension ::= SEQUENCE { extnID OID,
/// critical BOOLEAN DEFAULT FALSE, extnValue OCTET STRING }` (RFC 5280 §4.1): each
/// extension's OID and its OCTET STRING.
fn read_extensions<'a>(value: &Tlv<'a>) -> DerResult<Vec<(String, Tlv<'a>)>> {
    let mut all = Vec::new();
    for extension in value.expect(Tag::SEQUENCE)?.reader().read_all()? {
        let mut fields = extension.expect(Tag::SEQUENCE)?.reader();
        let oid = read_oid(&mut fields)?;
        if let Some(critical) = fields.read_optional(Tag::BOOLEAN)? {
            boolean(&critical)?;
        }
        let value = fields.read(Tag::OCTET_STRING)?;
        fields.finish()?;
        all.push((oid, value));
    }
    Ok(all)
}

/// `GeneralNames ::= SEQUENCE OF GeneralName` (RFC 5280 §4.2.1.6), the whole content of the
/// extension's OCTET STRING.
fn read_general_names(extn_value: &Tlv<'_>) -> DerResult<Vec<San>> {
    let names = extn_value.reader().read_only(Tag::SEQUENCE)?;
    names
        .reader()
        .read_all()?
        .iter()
        .map(general_name)
        .collect()
}

/// One `GeneralName` (RFC 5280 §4.2.1.6). `x400Address [3]` is refused, as before.
fn general_name(name: &Tlv<'_>) -> DerResult<San> {
    const OTHER_NAME: Tag = Tag::context(0, true);
    const RFC822_NAME: Tag = Tag::context(1, false);
    const DNS_NAME: Tag = Tag::context(2, false);
    const DIRECTORY_NAME: Tag = Tag::context(4, true);
    const EDI_PARTY_NAME: Tag = Tag::context(5, true);
    const URI: Tag = Tag::context(6, false);
    const IP_ADDRESS: Tag = Tag::context(7, false);
    const REGISTERED_ID: Tag = Tag::context(8, false);
    Ok(match name.tag {
        OTHER_NAME => {
            // OtherName ::= SEQUENCE { type-id OID, value [0] EXPLICIT ANY }
            let mut fields = name.reader();
            let type_id = read_oid(&mut fields)?;
            fields.read(Tag::context(0, true))?.reader().read_single()?;
            fields.finish()?;
            San::Other("otherName", type_id)
        }
        RFC822_NAME => San::Other("email", ia5_string(name)?),
        DNS_NAME => San::Dns(ia5_string(name)?),
        URI => San::Other("uri", ia5_string(name)?),
        DIRECTORY_NAME => {
            // [4] EXPLICIT Name
            read_name(name.reader().read_only(Tag::SEQUENCE)?)?;
            San::Other("directoryName", String::new())
        }
        EDI_PARTY_NAME => {
            // EDIPartyName ::= SEQUENCE { nameAssigner [0] EXPLICIT DirectoryString OPTIONAL,
            //                             partyName    [1] EXPLICIT DirectoryString }
            let mut fields = name.reader();
            if let Some(tag) = fields.peek_tag()? {
                if tag.is_context() && tag.number() == 0 {
                    explicit_directory_string(&fields.read_any()?)?;
                }
            }
            if fields.is_empty() {
                return Err(name.error(Problem::Missing(Tag::context(1, true))));
            }
            let party = fields.read_any()?;
            explicit_directory_string(&party)?;
            if party.tag != Tag::context(1, true) {
                return Err(party.error(Problem::Unexpected(party.tag)));
            }
            fields.finish()?;
            San::Other("ediPartyName", String::new())
        }
        IP_ADDRESS => San::Other("ip", ip_text(name.content)),
        REGISTERED_ID => San::Other(
            "registeredID",
            oid_text(name.content).ok_or_else(|| name.error(Problem::BadOid))?,
        ),
        other => return Err(name.error(Problem::Unexpected(other))),
    })
}

/// An IA5String's text: ASCII only (X.680 §41).
fn ia5_string(tlv: &Tlv<'_>) -> DerResult<String> {
    if tlv.content.is_ascii() {
        Ok(String::from_utf8_lossy(tlv.content).into_owned())
    } else {
        Err(tlv.error(Problem::BadString(Tag::IA5_STRING)))
    }
}

/// `[n] EXPLICIT DirectoryString` (RFC 5280 §4.1.2.4), checked as the `der` crate did:
/// PrintableString characters, TeletexString ASCII only, valid UTF-8, BMPString within the
/// Basic Multilingual Plane (below U+FFFF, no surrogates).
fn explicit_directory_string(explicit: &Tlv<'_>) -> DerResult<()> {
    if !explicit.tag.is_constructed() || !explicit.tag.is_context() {
        return Err(explicit.error(Problem::Unexpected(explicit.tag)));
    }
    let string = explicit.reader().read_single()?;
    let bytes = string.content;
    let valid = match string.tag {
        Tag::PRINTABLE_STRING => bytes
            .iter()
            .all(|&c| c.is_ascii_alphanumeric() || b" '()+,-./:=?".contains(&c)),
        Tag::TELETEX_STRING => bytes.is_ascii(),
        Tag::UTF8_STRING => std::str::from_utf8(bytes).is_ok(),
        Tag::BMP_STRING => {
            bytes.len() % 2 == 0
                && char::decode_utf16(
                    bytes
                        .chunks_exact(2)
                        .map(|c| u16::from_be_bytes([c[0], c[1]])),
                )
                .all(|c| c.is_ok_and(|c| u32::from(c) < 0xffff))
        }
        other => return Err(string.error(Problem::Unexpected(other))),
    };
    if valid {
        Ok(())
    } else {
        Err(string.error(Problem::BadString(string.tag)))
    }
}

fn ip_text(bytes: &[u8]) -> String {
    if let Ok(octets) = <[u8; 4]>::try_from(bytes) {
        std::net::Ipv4Addr::from(octets).to_string()
    } else if let Ok(octets) = <[u8; 16]>::try_from(bytes) {
        std::net::Ipv6Addr::from(octets).to_string()
    } else {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }
}

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

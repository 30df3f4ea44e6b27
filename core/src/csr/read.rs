//! Reading a DER CSR (PKCS#10, RFC 2986) into plain data: subject, SANs, public key,
//! signature algorithm and the original CertificationRequestInfo bytes.

use super::algorithms::{Curve, EC_PUBLIC_KEY, RSA_ENCRYPTION};
use der::asn1::ObjectIdentifier;
use der::{Decode, Tag, Tagged};
use x509_cert::ext::pkix::name::GeneralName;
use x509_cert::ext::pkix::SubjectAltName;
use x509_cert::request::{CertReq, ExtensionReq};

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
    let request = CertReq::from_der(der).map_err(|e| describe_der_error(der, &e))?;
    // A signature is a whole number of bytes: any "unused bits" count is malformed.
    let signature = request
        .signature
        .as_bytes()
        .filter(|_| request.signature.unused_bits() == 0)
        .ok_or_else(|| "its signature BIT STRING declares unused bits".to_string())?
        .to_vec();
    let signed_bytes = first_element(der)
        .ok_or_else(|| "its CertificationRequestInfo cannot be located".to_string())?
        .to_vec();

    let mut parsed = ParsedCsr {
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
        match atv.oid.to_string().as_str() {
            OID_CN => parsed.common_names.push(value),
            OID_C => set_first(&mut parsed.country, value),
            OID_L => set_first(&mut parsed.locality, value),
            OID_ST => set_first(&mut parsed.state, value),
            OID_O => set_first(&mut parsed.organization, value),
            OID_OU => set_first(&mut parsed.organizational_unit, value),
            _ => {}
        }
    }
    parsed.san = read_san(&request)?;
    Ok(parsed)
}

fn set_first(slot: &mut Option<String>, value: String) {
    if slot.is_none() {
        *slot = Some(value);
    }
}

/// The error as a user can act on it; a wrong version gets its own words (SPEC C4).
fn describe_der_error(der: &[u8], error: &der::Error) -> String {
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
    version.get(content_start..content_start + len)
}

/// Header length and content length of the DER element at the start of `bytes`.
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

/// The whole first element inside the outer SEQUENCE (tag, length and content).
fn first_element(der: &[u8]) -> Option<&[u8]> {
    let (outer_header, _) = header(der)?;
    let inner = der.get(outer_header..)?;
    let (h, len) = header(inner)?;
    inner.get(..h.checked_add(len)?)
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

fn read_key(request: &CertReq) -> PublicKey {
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
                .and_then(|p| p.decode_as::<ObjectIdentifier>().ok());
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

fn read_san(request: &CertReq) -> Result<Option<Vec<San>>, String> {
    let mut found: Option<Vec<San>> = None;
    for attribute in request.info.attributes.iter() {
        if attribute.oid.to_string() != OID_EXTENSION_REQUEST {
            continue;
        }
        for value in attribute.values.iter() {
            let extensions: ExtensionReq = value
                .decode_as()
                .map_err(|e| format!("its extensionRequest attribute does not decode ({e})"))?;
            for extension in extensions.0.iter() {
                if extension.extn_id.to_string() != OID_SUBJECT_ALT_NAME {
                    continue;
                }
                let san = SubjectAltName::from_der(extension.extn_value.as_bytes())
                    .map_err(|e| format!("its subjectAltName extension does not decode ({e})"))?;
                let list = found.get_or_insert_with(Vec::new);
                list.extend(san.0.iter().map(general_name));
            }
        }
    }
    Ok(found)
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

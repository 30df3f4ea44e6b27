//! Object identifiers the CSR rules care about: signature algorithms (S1), key algorithms
//! (K1) and named curves (K6). Names are the ones OpenSSL prints, so reports read familiar.

/// The hash a signature algorithm applies to the CertificationRequestInfo.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Hash {
    Sha224,
    Sha256,
    Sha384,
    Sha512,
}

/// How a signature algorithm signs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Scheme {
    /// RSA PKCS#1 v1.5 with the given hash.
    RsaPkcs1(Hash),
    /// ECDSA with the given hash.
    Ecdsa(Hash),
    /// Something ncpcert does not verify (DSA, Ed25519, RSA-PSS, SHA-1, MD5, MD4 …): S1 refuses
    /// all of these anyway, and checking them would cost the wasm download SHA-1 and MD5
    /// code.
    Unverified,
}

pub(crate) struct SignatureAlgorithm {
    pub(crate) oid: &'static str,
    pub(crate) name: &'static str,
    pub(crate) scheme: Scheme,
    /// Allowed: what public CAs accept in a CSR.
    pub(crate) allowed: bool,
}

const fn sig(
    oid: &'static str,
    name: &'static str,
    scheme: Scheme,
    allowed: bool,
) -> SignatureAlgorithm {
    SignatureAlgorithm {
        oid,
        name,
        scheme,
        allowed,
    }
}

/// What public CAs accept: sha256/384/512WithRSAEncryption and ecdsa-with-SHA256/384/512 only.
pub(crate) const SIGNATURE_ALGORITHMS: &[SignatureAlgorithm] = &[
    sig(
        "1.2.840.113549.1.1.11",
        "sha256WithRSAEncryption",
        Scheme::RsaPkcs1(Hash::Sha256),
        true,
    ),
    sig(
        "1.2.840.113549.1.1.12",
        "sha384WithRSAEncryption",
        Scheme::RsaPkcs1(Hash::Sha384),
        true,
    ),
    sig(
        "1.2.840.113549.1.1.13",
        "sha512WithRSAEncryption",
        Scheme::RsaPkcs1(Hash::Sha512),
        true,
    ),
    sig(
        "1.2.840.10045.4.3.2",
        "ecdsa-with-SHA256",
        Scheme::Ecdsa(Hash::Sha256),
        true,
    ),
    sig(
        "1.2.840.10045.4.3.3",
        "ecdsa-with-SHA384",
        Scheme::Ecdsa(Hash::Sha384),
        true,
    ),
    sig(
        "1.2.840.10045.4.3.4",
        "ecdsa-with-SHA512",
        Scheme::Ecdsa(Hash::Sha512),
        true,
    ),
    sig(
        "1.2.840.113549.1.1.14",
        "sha224WithRSAEncryption",
        Scheme::RsaPkcs1(Hash::Sha224),
        false,
    ),
    sig(
        "1.2.840.113549.1.1.5",
        "sha1WithRSAEncryption",
        Scheme::Unverified,
        false,
    ),
    sig(
        "1.2.840.113549.1.1.4",
        "md5WithRSAEncryption",
        Scheme::Unverified,
        false,
    ),
    sig(
        "1.2.840.113549.1.1.3",
        "md4WithRSAEncryption",
        Scheme::Unverified,
        false,
    ),
    sig(
        "1.2.840.113549.1.1.2",
        "md2WithRSAEncryption",
        Scheme::Unverified,
        false,
    ),
    sig(
        "1.2.840.113549.1.1.10",
        "RSASSA-PSS",
        Scheme::Unverified,
        false,
    ),
    sig(
        "1.2.840.10045.4.1",
        "ecdsa-with-SHA1",
        Scheme::Unverified,
        false,
    ),
    sig(
        "1.2.840.10045.4.3.1",
        "ecdsa-with-SHA224",
        Scheme::Ecdsa(Hash::Sha224),
        false,
    ),
    sig(
        "1.2.840.10040.4.3",
        "dsa-with-SHA1",
        Scheme::Unverified,
        false,
    ),
    sig(
        "2.16.840.1.101.3.4.3.2",
        "dsa-with-SHA256",
        Scheme::Unverified,
        false,
    ),
    sig("1.3.101.112", "ED25519", Scheme::Unverified, false),
    sig("1.3.101.113", "ED448", Scheme::Unverified, false),
];

pub(crate) fn signature_algorithm(oid: &str) -> Option<&'static SignatureAlgorithm> {
    SIGNATURE_ALGORITHMS.iter().find(|a| a.oid == oid)
}

/// `rsaEncryption`.
pub(crate) const RSA_ENCRYPTION: &str = "1.2.840.113549.1.1.1";
/// `id-ecPublicKey`.
pub(crate) const EC_PUBLIC_KEY: &str = "1.2.840.10045.2.1";

/// Display names of key algorithms that K1 refuses.
pub(crate) fn other_key_algorithm_name(oid: &str) -> &'static str {
    match oid {
        "1.2.840.10040.4.1" => "DSA",
        "1.3.101.112" => "Ed25519",
        "1.3.101.113" => "Ed448",
        "1.3.101.110" => "X25519",
        "1.3.101.111" => "X448",
        "1.2.840.113549.1.1.10" => "RSASSA-PSS",
        "1.2.840.10046.2.1" => "DH",
        _ => "unknown",
    }
}

/// Named curves (K6).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Curve {
    P256,
    P384,
    P521,
    /// Any other named curve, by display name (or `"unknown"`).
    Other(&'static str),
}

impl Curve {
    pub(crate) fn from_oid(oid: &str) -> Curve {
        match oid {
            "1.2.840.10045.3.1.7" => Curve::P256,
            "1.3.132.0.34" => Curve::P384,
            "1.3.132.0.35" => Curve::P521,
            "1.3.132.0.10" => Curve::Other("secp256k1"),
            "1.2.840.10045.3.1.1" => Curve::Other("P-192"),
            "1.3.132.0.33" => Curve::Other("P-224"),
            "1.3.36.3.3.2.8.1.1.7" => Curve::Other("brainpoolP256r1"),
            "1.3.36.3.3.2.8.1.1.11" => Curve::Other("brainpoolP384r1"),
            "1.3.36.3.3.2.8.1.1.13" => Curve::Other("brainpoolP512r1"),
            "1.2.156.10197.1.301" => Curve::Other("SM2"),
            _ => Curve::Other("unknown"),
        }
    }

    pub(crate) fn name(self) -> &'static str {
        match self {
            Curve::P256 => "P-256",
            Curve::P384 => "P-384",
            Curve::P521 => "P-521",
            Curve::Other(name) => name,
        }
    }

    pub(crate) fn bits(self) -> Option<u32> {
        match self {
            Curve::P256 => Some(256),
            Curve::P384 => Some(384),
            Curve::P521 => Some(521),
            Curve::Other(_) => None,
        }
    }
}

//! Differential tests of the own RSA and ECDSA verifier against the RustCrypto crates it
//! replaced (`rsa`, `p256`, `p384`, `p521`, now dev-dependencies): the verdicts of
//! [`verify`] and [`point_on_curve`] must equal what the replaced code returned, message for
//! message, on valid signatures and on many altered ones.

use super::algorithms::{Curve, Hash, Scheme};
use super::ec::{P256, P384, P521};
use super::read::PublicKey;
use super::verify::{
    digest, digest_info_prefix, point_on_curve, verify, Verification, MAX_VERIFIED_RSA_BITS,
};
use p256::ecdsa::signature::hazmat::{PrehashSigner, PrehashVerifier};

const HASHES: [Hash; 4] = [Hash::Sha224, Hash::Sha256, Hash::Sha384, Hash::Sha512];

/// The replaced implementation of `verify`, kept verbatim apart from its shape.
fn reference(scheme: Scheme, key: &PublicKey, signed: &[u8], signature: &[u8]) -> Verification {
    match (scheme, key) {
        (
            Scheme::RsaPkcs1(hash),
            PublicKey::Rsa {
                modulus, exponent, ..
            },
        ) => reference_rsa(hash, modulus, exponent, signed, signature),
        (Scheme::Ecdsa(hash), PublicKey::Ec { curve, point }) => {
            reference_ecdsa(hash, *curve, point, signed, signature)
        }
        _ => unreachable!("only RSA and ECDSA cases are compared"),
    }
}

fn reference_rsa(
    hash: Hash,
    modulus: &[u8],
    exponent: &[u8],
    signed: &[u8],
    signature: &[u8],
) -> Verification {
    use rsa::{BoxedUint, Pkcs1v15Sign, PublicKey as RsaPublicKey};
    let bits = super::read::bit_length(modulus);
    if bits > MAX_VERIFIED_RSA_BITS {
        return Verification::Unchecked(format!(
            "RSA keys above {MAX_VERIFIED_RSA_BITS} bits are not verified"
        ));
    }
    let n = BoxedUint::from_be_slice_vartime(modulus);
    let e = BoxedUint::from_be_slice_vartime(exponent);
    let key = match RsaPublicKey::new_with_size_limits(n, e, 256..=MAX_VERIFIED_RSA_BITS) {
        Ok(key) => key,
        Err(e) => {
            return Verification::Unchecked(format!("the RSA key cannot be used to verify ({e})"))
        }
    };
    let hashed = digest(hash, signed);
    let padding = Pkcs1v15Sign {
        hash_len: Some(hashed.len()),
        prefix: digest_info_prefix(hash).into(),
    };
    match key.verify(padding, &hashed, signature) {
        Ok(()) => Verification::Valid,
        Err(_) => Verification::Invalid("the RSA signature does not match the request".into()),
    }
}

fn reference_ecdsa(
    hash: Hash,
    curve: Curve,
    point: &[u8],
    signed: &[u8],
    signature: &[u8],
) -> Verification {
    let prehash = digest(hash, signed);
    let bad_sig = || Verification::Invalid("the ECDSA signature does not match the request".into());
    let bad_key =
        || Verification::Unchecked("the EC public key is not a point on its curve".into());
    macro_rules! check {
        ($curve:ident) => {{
            let Ok(key) = $curve::ecdsa::VerifyingKey::from_sec1_bytes(point) else {
                return bad_key();
            };
            let Ok(sig) = $curve::ecdsa::Signature::from_der(signature) else {
                return bad_sig();
            };
            match key.verify_prehash(&prehash, &sig) {
                Ok(()) => Verification::Valid,
                Err(_) => bad_sig(),
            }
        }};
    }
    match curve {
        Curve::P256 => check!(p256),
        Curve::P384 => check!(p384),
        Curve::P521 => check!(p521),
        Curve::Other(_) => unreachable!(),
    }
}

fn reference_on_curve(curve: Curve, point: &[u8]) -> Option<bool> {
    match curve {
        Curve::P256 => Some(p256::ecdsa::VerifyingKey::from_sec1_bytes(point).is_ok()),
        Curve::P384 => Some(p384::ecdsa::VerifyingKey::from_sec1_bytes(point).is_ok()),
        Curve::P521 => Some(p521::ecdsa::VerifyingKey::from_sec1_bytes(point).is_ok()),
        Curve::Other(_) => None,
    }
}

/// Asserts that the own verifier and the reference agree; returns the shared verdict.
fn same(scheme: Scheme, key: &PublicKey, signed: &[u8], signature: &[u8]) -> Verification {
    let own = verify(scheme, key, signed, signature);
    let theirs = reference(scheme, key, signed, signature);
    assert_eq!(
        own, theirs,
        "{scheme:?} key {key:02x?} message {signed:02x?} signature {signature:02x?}"
    );
    own
}

/// A deterministic xorshift stream.
struct Stream(u64);

impl Stream {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    fn bytes(&mut self, len: usize) -> Vec<u8> {
        (0..len).map(|_| self.next() as u8).collect()
    }

    fn below(&mut self, bound: usize) -> usize {
        (self.next() % bound as u64) as usize
    }
}

fn flip_bit(bytes: &[u8], bit: usize) -> Vec<u8> {
    let mut out = bytes.to_vec();
    out[bit / 8] ^= 0x80 >> (bit % 8);
    out
}

fn unhex(text: &str) -> Vec<u8> {
    (0..text.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&text[i..i + 2], 16).unwrap())
        .collect()
}

fn strip_zeros(bytes: &[u8]) -> Vec<u8> {
    let start = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    bytes[start..].to_vec()
}

// --- RSA -----------------------------------------------------------------------------------

const RSA_KEYS: [&str; 4] = [
    include_str!("../../tests/data/rsa/rsa-2048.txt"),
    include_str!("../../tests/data/rsa/rsa-3072.txt"),
    include_str!("../../tests/data/rsa/rsa-2048-e3.txt"),
    include_str!("../../tests/data/rsa/rsa-1031.txt"),
];

struct RsaCase {
    hash: Hash,
    message: Vec<u8>,
    signature: Vec<u8>,
}

fn read_rsa_file(text: &str) -> (Vec<u8>, Vec<u8>, Vec<RsaCase>) {
    let (mut n, mut e, mut cases) = (Vec::new(), Vec::new(), Vec::new());
    for line in text.lines() {
        let fields: Vec<&str> = line.split(' ').collect();
        match fields[..] {
            ["n", hex] => n = strip_zeros(&unhex(hex)),
            ["e", hex] => e = strip_zeros(&unhex(hex)),
            // SHA-1 and MD5 signatures are no longer verified (S1 refuses them).
            ["sig", "md5" | "sha1", _, _] => {}
            ["sig", hash, message, hex] => cases.push(RsaCase {
                hash: match hash {
                    "sha224" => Hash::Sha224,
                    "sha256" => Hash::Sha256,
                    "sha384" => Hash::Sha384,
                    "sha512" => Hash::Sha512,
                    other => panic!("unknown hash {other}"),
                },
                message: format!("message {message}").into_bytes(),
                signature: unhex(hex),
            }),
            _ => panic!("unexpected line {line}"),
        }
    }
    (n, e, cases)
}

fn rsa_key(modulus: &[u8], exponent: &[u8]) -> PublicKey {
    PublicKey::Rsa {
        modulus: strip_zeros(modulus),
        exponent: strip_zeros(exponent),
    }
}

#[test]
fn rsa_signatures_made_by_openssl_verify_and_alterations_fail_alike() {
    let mut stream = Stream(0x5eed_0001);
    let mut valid = 0;
    for file in RSA_KEYS {
        let (n, e, cases) = read_rsa_file(file);
        // Six hashes × two messages in each file, less the SHA-1 and MD5 ones.
        assert_eq!(cases.len(), 8);
        let key = rsa_key(&n, &e);
        for case in &cases {
            let scheme = Scheme::RsaPkcs1(case.hash);
            assert_eq!(
                same(scheme, &key, &case.message, &case.signature),
                Verification::Valid
            );
            valid += 1;
            let sig = &case.signature;
            // Bit flips all over the signature, and at its two ends.
            let mut bits: Vec<usize> = (0..24).map(|_| stream.below(sig.len() * 8)).collect();
            bits.extend([0, 7, sig.len() * 8 - 1]);
            for bit in bits {
                same(scheme, &key, &case.message, &flip_bit(sig, bit));
            }
            // Another message, another hash, a signature one byte short or long, s = n,
            // s = n − 1, s = 0.
            same(scheme, &key, b"message 9", sig);
            for other in HASHES {
                same(Scheme::RsaPkcs1(other), &key, &case.message, sig);
            }
            same(scheme, &key, &case.message, &sig[1..]);
            same(scheme, &key, &case.message, &[&[0][..], &sig[..]].concat());
            same(scheme, &key, &case.message, &n);
            let mut n_minus_1 = n.clone();
            *n_minus_1.last_mut().unwrap() -= 1;
            same(scheme, &key, &case.message, &n_minus_1);
            same(scheme, &key, &case.message, &vec![0; n.len()]);
        }
        // Altered keys: flipped modulus bits (the lowest makes it even), odd exponents of
        // every kind the `rsa` crate judged, a modulus cut below 256 bits.
        let case = &cases[7];
        let scheme = Scheme::RsaPkcs1(case.hash);
        for bit in [n.len() * 8 - 1, n.len() * 8 - 2, n.len() * 4, 3] {
            same(
                scheme,
                &flip_key(&n, &e, bit),
                &case.message,
                &case.signature,
            );
        }
        let exponents: [&[u8]; 12] = [
            &[],
            &[0],
            &[1],
            &[2],
            &[3],
            &[5],
            &[1, 0, 0, 0, 1],
            &[1, 0xff, 0xff, 0xff, 0xff],
            &[2, 0, 0, 0, 1],
            &[1, 0, 0, 0, 0, 0, 0, 0, 1],
            &n,
            &[&n[..], &[1][..]].concat(),
        ];
        for exponent in exponents {
            same(
                scheme,
                &rsa_key(&n, exponent),
                &case.message,
                &case.signature,
            );
        }
        for len in [31, 32, 33] {
            let short = &n[n.len() - len..];
            same(
                scheme,
                &rsa_key(short, &e),
                &case.message,
                &case.signature[..len],
            );
        }
    }
    assert_eq!(valid, 32);
}

fn flip_key(n: &[u8], e: &[u8], bit: usize) -> PublicKey {
    rsa_key(&flip_bit(n, bit), e)
}

#[test]
fn rsa_key_size_limits_agree() {
    // Above the verification limit both say so before looking at anything else.
    let big = vec![0xffu8; MAX_VERIFIED_RSA_BITS / 8 + 1];
    let key = rsa_key(&big, &[1, 0, 1]);
    let verdict = same(Scheme::RsaPkcs1(Hash::Sha256), &key, b"m", &big);
    assert!(matches!(verdict, Verification::Unchecked(_)));
    // Exactly at the limit the key is usable (the modulus need not be a valid RSA one).
    let mut at_limit = vec![0xffu8; MAX_VERIFIED_RSA_BITS / 8];
    at_limit[0] = 0xc1;
    let key = rsa_key(&at_limit, &[1, 0, 1]);
    let verdict = same(Scheme::RsaPkcs1(Hash::Sha256), &key, b"m", &big[1..]);
    assert!(matches!(verdict, Verification::Invalid(_)));
}

// --- ECDSA ---------------------------------------------------------------------------------

const CURVES: [Curve; 3] = [Curve::P256, Curve::P384, Curve::P521];

fn field_len(curve: Curve) -> usize {
    match curve {
        Curve::P256 => 32,
        Curve::P384 => 48,
        _ => 66,
    }
}

fn order(curve: Curve) -> &'static [u8] {
    match curve {
        Curve::P256 => P256.n,
        Curve::P384 => P384.n,
        _ => P521.n,
    }
}

fn prime(curve: Curve) -> &'static [u8] {
    match curve {
        Curve::P256 => P256.p,
        Curve::P384 => P384.p,
        _ => P521.p,
    }
}

/// A key pair from random bytes and a signature over `digest`: (public key uncompressed,
/// public key compressed, DER signature, r, s), or `None` if the bytes are not a scalar.
#[allow(clippy::type_complexity)]
fn sign(
    curve: Curve,
    secret: &[u8],
    digest: &[u8],
) -> Option<(Vec<u8>, Vec<u8>, Vec<u8>, Vec<u8>, Vec<u8>)> {
    macro_rules! sign {
        ($curve:ident) => {{
            let key = $curve::ecdsa::SigningKey::from_slice(secret).ok()?;
            let signature: $curve::ecdsa::Signature = key.sign_prehash(digest).unwrap();
            let public = key.verifying_key();
            let (r, s) = signature.split_bytes();
            Some((
                public.to_sec1_point(false).as_bytes().to_vec(),
                public.to_sec1_point(true).as_bytes().to_vec(),
                signature.to_der().as_bytes().to_vec(),
                r.to_vec(),
                s.to_vec(),
            ))
        }};
    }
    match curve {
        Curve::P256 => sign!(p256),
        Curve::P384 => sign!(p384),
        Curve::P521 => sign!(p521),
        Curve::Other(_) => None,
    }
}

/// Random bytes of a curve's scalar length; for P-521 with the top byte cut to its one
/// significant bit, so that most are valid secret keys.
fn secret(stream: &mut Stream, curve: Curve) -> Vec<u8> {
    let mut bytes = stream.bytes(field_len(curve));
    if curve == Curve::P521 {
        bytes[0] &= 1;
    }
    bytes
}

/// DER `SEQUENCE { INTEGER r, INTEGER s }` with the given INTEGER contents as they are.
fn der_raw(r: &[u8], s: &[u8]) -> Vec<u8> {
    let mut body = Vec::new();
    for int in [r, s] {
        body.push(0x02);
        body.push(int.len() as u8);
        body.extend_from_slice(int);
    }
    let mut out = vec![0x30];
    if body.len() >= 0x80 {
        out.push(0x81);
    }
    out.push(body.len() as u8);
    out.extend(body);
    out
}

/// The minimal DER INTEGER contents of an unsigned big-endian value.
fn der_int(value: &[u8]) -> Vec<u8> {
    let value = strip_zeros(value);
    match value.first() {
        None => vec![0],
        Some(&top) if top >= 0x80 => [&[0], &value[..]].concat(),
        Some(_) => value,
    }
}

/// `a − b` for big-endian values of one length (wrapping).
fn sub_be(a: &[u8], b: &[u8]) -> Vec<u8> {
    let mut out = a.to_vec();
    let mut borrow = 0i16;
    for i in (0..out.len()).rev() {
        let d = i16::from(a[i]) - i16::from(b[i]) - borrow;
        out[i] = d.rem_euclid(256) as u8;
        borrow = i16::from(d < 0);
    }
    out
}

/// `a + b` for big-endian values of one length, one byte longer.
fn add_be(a: &[u8], b: &[u8]) -> Vec<u8> {
    let mut out = vec![0; a.len() + 1];
    let mut carry = 0u16;
    for i in (0..a.len()).rev() {
        let s = u16::from(a[i]) + u16::from(b[i]) + carry;
        out[i + 1] = s as u8;
        carry = s >> 8;
    }
    out[0] = carry as u8;
    out
}

#[test]
fn ecdsa_signatures_verify_and_alterations_fail_alike() {
    let mut stream = Stream(0x5eed_0002);
    let mut valid = 0;
    for curve in CURVES {
        let len = field_len(curve);
        let n = order(curve);
        // Fewer rounds on the larger curves: the reference is slow in debug builds.
        let rounds = match curve {
            Curve::P256 => 12,
            Curve::P384 => 6,
            _ => 3,
        };
        for round in 0..rounds {
            let hash = HASHES[HASHES.len() - 1 - round % HASHES.len()];
            let scheme = Scheme::Ecdsa(hash);
            let message_len = 1 + stream.below(100);
            let message = stream.bytes(message_len);
            let prehash = digest(hash, &message);
            let Some((point, compressed, der, r, s)) =
                sign(curve, &secret(&mut stream, curve), &prehash)
            else {
                continue;
            };
            let key = PublicKey::Ec {
                curve,
                point: point.clone(),
            };
            let compressed_key = PublicKey::Ec {
                curve,
                point: compressed.clone(),
            };
            assert_eq!(same(scheme, &key, &message, &der), Verification::Valid);
            assert_eq!(
                same(scheme, &compressed_key, &message, &der),
                Verification::Valid
            );
            valid += 1;
            // Flipped bits in the signature, the message and the key.
            for _ in 0..10 {
                same(
                    scheme,
                    &key,
                    &message,
                    &flip_bit(&der, stream.below(der.len() * 8)),
                );
            }
            for _ in 0..2 {
                let bit = stream.below(message.len() * 8);
                same(scheme, &key, &flip_bit(&message, bit), &der);
                let bit = stream.below(point.len() * 8);
                let altered = PublicKey::Ec {
                    curve,
                    point: flip_bit(&point, bit),
                };
                same(scheme, &altered, &message, &der);
                let bit = stream.below(compressed.len() * 8);
                let altered = PublicKey::Ec {
                    curve,
                    point: flip_bit(&compressed, bit),
                };
                same(scheme, &altered, &message, &der);
            }
            // The other hashes, and the message signed under another key.
            for other in HASHES {
                same(Scheme::Ecdsa(other), &key, &message, &der);
            }
            if let Some((other_point, ..)) = sign(curve, &secret(&mut stream, curve), &prehash) {
                let other = PublicKey::Ec {
                    curve,
                    point: other_point,
                };
                assert!(matches!(
                    same(scheme, &other, &message, &der),
                    Verification::Invalid(_)
                ));
            }
            // (r, n − s) is also valid; r or s of 0, n, n + r; swapped; non-minimal, negative
            // and padded encodings; trailing bytes; truncation.
            let zero = vec![0; len];
            let n_minus_s = sub_be(n, &s);
            assert_eq!(
                same(
                    scheme,
                    &key,
                    &message,
                    &der_raw(&der_int(&r), &der_int(&n_minus_s))
                ),
                Verification::Valid
            );
            for (r_value, s_value) in [
                (&r[..], &zero[..]),
                (&zero[..], &s[..]),
                (n, &s[..]),
                (&r[..], n),
                (&add_be(&r, n)[..], &s[..]),
                (&s[..], &r[..]),
            ] {
                same(
                    scheme,
                    &key,
                    &message,
                    &der_raw(&der_int(r_value), &der_int(s_value)),
                );
            }
            let (r_int, s_int) = (der_int(&r), der_int(&s));
            for (r_enc, s_enc) in [
                ([&[0][..], &r_int].concat(), s_int.clone()),
                (r_int.clone(), [&[0][..], &s_int].concat()),
                (r.clone(), s.clone()),
                (strip_zeros(&r), strip_zeros(&s)),
                ([&[0xff][..], &r_int].concat(), s_int.clone()),
            ] {
                same(scheme, &key, &message, &der_raw(&r_enc, &s_enc));
            }
            same(scheme, &key, &message, &[&der[..], &[0]].concat());
            same(scheme, &key, &message, &der[..der.len() - 1]);
            same(scheme, &key, &message, &[]);
        }
    }
    assert!(valid >= 18, "only {valid} signatures were made");
}

/// SEC 1 encodings of random and near-valid points: the own decoder accepts exactly what the
/// RustCrypto crates accept.
#[test]
fn point_decoding_agrees() {
    let mut stream = Stream(0x5eed_0003);
    let mut accepted = 0;
    for curve in CURVES {
        let len = field_len(curve);
        let p = prime(curve);
        let check = |point: &[u8]| {
            let own = point_on_curve(curve, point);
            assert_eq!(
                own,
                reference_on_curve(curve, point),
                "{curve:?} {point:02x?}"
            );
            own == Some(true)
        };
        let rounds = match curve {
            Curve::P256 => 60,
            Curve::P384 => 40,
            _ => 25,
        };
        for _ in 0..rounds {
            // Random x with each tag: about half the x are on the curve.
            let x = stream.bytes(len);
            let x = if curve == Curve::P521 {
                [&[x[0] & 1][..], &x[1..]].concat()
            } else {
                x
            };
            for tag in [2u8, 3, 5] {
                if check(&[&[tag][..], &x].concat()) {
                    accepted += 1;
                }
            }
            // Random tags and lengths, and a real key in every form, altered.
            let tag = stream.below(8) as u8;
            let size = [1, len, len + 1, 2 * len, 2 * len + 1][stream.below(5)];
            check(&[&[tag][..], &stream.bytes(size - 1)].concat());
            if let Some((point, compressed, ..)) =
                sign(curve, &secret(&mut stream, curve), &[1; 32])
            {
                assert!(check(&point) && check(&compressed));
                let compact = [&[5][..], &compressed[1..]].concat();
                check(&compact);
                let other_parity = [&[compressed[0] ^ 1][..], &compressed[1..]].concat();
                assert!(check(&other_parity));
                check(&flip_bit(&point, stream.below(point.len() * 8)));
                check(&flip_bit(&point, 8 * (1 + len) - 1));
                // y replaced by p − y is the other valid point; y + p is out of range.
                let y = &point[1 + len..];
                let negated = [&point[..1 + len], &sub_be(p, y)].concat();
                assert!(check(&negated));
                let over = add_be(y, p);
                if over[0] == 0 {
                    check(&[&point[..1 + len], &over[1..]].concat());
                }
                // x + p in the compressed form.
                let over = add_be(&compressed[1..], p);
                if over[0] == 0 {
                    check(&[&compressed[..1], &over[1..]].concat());
                }
            }
        }
        // The identity, x = p, x = p − 1, all ones, empty.
        for point in [
            vec![0],
            vec![],
            [&[2][..], p].concat(),
            [
                &[3][..],
                &sub_be(p, &[&vec![0; len - 1][..], &[1]].concat()),
            ]
            .concat(),
            [&[2][..], &vec![0xff; len]].concat(),
            [&[4][..], &vec![0; 2 * len]].concat(),
        ] {
            check(&point);
        }
    }
    assert!(
        accepted > 120,
        "only {accepted} random points were on a curve"
    );
}

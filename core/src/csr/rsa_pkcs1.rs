//! RSASSA-PKCS1-v1_5 signature verification (RFC 8017 §8.2.2) with a public key `(n, e)`.

use super::bignum::{self, Limb, Modulus};

/// Moduli below this many bits are refused as keys.
const MIN_BITS: usize = 256;
/// The largest public exponent accepted, `2^33 − 1` (as the RustCrypto `rsa` crate does);
/// it also bounds the time a hostile key can cost.
const MAX_EXPONENT: u64 = (1 << 33) - 1;

/// Why a signature was not accepted.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Failure {
    /// The key cannot be used, for the reason given.
    Key(&'static str),
    /// The signature does not match.
    Signature,
}

fn strip_zeros(bytes: &[u8]) -> &[u8] {
    let start = bytes.iter().position(|&b| b != 0).unwrap_or(bytes.len());
    bytes.get(start..).unwrap_or_default()
}

/// Checks the key `(modulus, exponent)` (big-endian) with at most `max_bits` bits of modulus.
/// The reasons, and the order they are tested in, follow the `rsa` crate this replaced.
pub(crate) fn check_key(modulus: &[u8], exponent: &[u8], max_bits: usize) -> Result<(), Failure> {
    let (n, e) = (strip_zeros(modulus), strip_zeros(exponent));
    let bits = n
        .first()
        .map_or(0, |top| 8 * n.len() - top.leading_zeros() as usize);
    if bits < MIN_BITS {
        return Err(Failure::Key("modulus too small"));
    }
    if bits > max_bits {
        return Err(Failure::Key("modulus too large"));
    }
    let e_at_least_n = e.len() > n.len() || (e.len() == n.len() && e >= n);
    let odd = |x: &[u8]| x.last().is_some_and(|low| low & 1 == 1);
    if e_at_least_n || !odd(n) {
        return Err(Failure::Key("invalid modulus"));
    }
    if !odd(e) {
        return Err(Failure::Key("invalid exponent"));
    }
    if e == [1] {
        return Err(Failure::Key("public exponent too small"));
    }
    let mut value = [0u8; 8];
    if e.len() > value.len() {
        return Err(Failure::Key("public exponent too large"));
    }
    value[8 - e.len()..].copy_from_slice(e);
    if u64::from_be_bytes(value) > MAX_EXPONENT {
        return Err(Failure::Key("public exponent too large"));
    }
    Ok(())
}

/// Verifies `signature` over a message whose digest is `digest`, where `prefix` is the DER
/// DigestInfo prefix for the hash (RFC 8017 §9.2). The key must have passed [`check_key`].
pub(crate) fn verify(
    modulus: &[u8],
    exponent: &[u8],
    prefix: &[u8],
    digest: &[u8],
    signature: &[u8],
) -> Result<(), Failure> {
    let (n_bytes, e_bytes) = (strip_zeros(modulus), strip_zeros(exponent));
    let k = n_bytes.len();
    // Step 1: the signature is exactly as long as the modulus.
    if signature.len() != k {
        return Err(Failure::Signature);
    }
    let len = bignum::limbs_for(k);
    let mut n: Vec<Limb> = vec![0; len];
    let mut e: Vec<Limb> = vec![0; bignum::limbs_for(e_bytes.len())];
    let mut s: Vec<Limb> = vec![0; len];
    if !bignum::read_be(n_bytes, &mut n)
        || !bignum::read_be(e_bytes, &mut e)
        || !bignum::read_be(signature, &mut s)
    {
        return Err(Failure::Signature);
    }
    // Step 2 (RSAVP1, §5.2.2): s < n, m = s^e mod n.
    if bignum::cmp(&s, &n) != std::cmp::Ordering::Less {
        return Err(Failure::Signature);
    }
    let modulus = Modulus::new(n).ok_or(Failure::Key("invalid modulus"))?;
    let (mut s_mont, mut m_mont, mut m) = (vec![0; len], vec![0; len], vec![0; len]);
    modulus.to_mont(&mut s_mont, &s);
    modulus.pow(&mut m_mont, &s_mont, &e);
    modulus.redc(&mut m, &m_mont);
    let mut em = vec![0u8; k];
    bignum::write_be(&m, &mut em);
    // Steps 3–4 (EMSA-PKCS1-v1_5, §9.2): EM = 00 01 FF…FF 00 ‖ prefix ‖ digest, with at
    // least eight FF bytes.
    let t_len = prefix.len() + digest.len();
    let Some(padding) = k.checked_sub(t_len + 3).filter(|&ps| ps >= 8) else {
        return Err(Failure::Signature);
    };
    let expected = [0u8, 1]
        .iter()
        .chain(std::iter::repeat_n(&0xff, padding))
        .chain(&[0])
        .chain(prefix)
        .chain(digest);
    if em.iter().ne(expected) {
        return Err(Failure::Signature);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 256-bit odd modulus (two primes' product is not needed for these checks).
    const N: [u8; 32] = [0xc5; 32];

    #[test]
    fn key_checks_mirror_the_rsa_crate() {
        let reason = |n: &[u8], e: &[u8]| match check_key(n, e, 16_384) {
            Ok(()) => "ok",
            Err(Failure::Key(why)) => why,
            Err(Failure::Signature) => unreachable!(),
        };
        assert_eq!(reason(&N, &[1, 0, 1]), "ok");
        assert_eq!(reason(&[0, 0, 0xc5], &[3]), "modulus too small");
        assert_eq!(reason(&N[1..], &[3]), "modulus too small");
        assert_eq!(reason(&[], &[3]), "modulus too small");
        let mut even = N;
        even[31] = 0xc4;
        assert_eq!(reason(&even, &[3]), "invalid modulus");
        assert_eq!(reason(&N, &N), "invalid modulus");
        assert_eq!(reason(&N, &[1; 33]), "invalid modulus");
        assert_eq!(reason(&N, &[1, 0, 0]), "invalid exponent");
        assert_eq!(reason(&N, &[]), "invalid exponent");
        assert_eq!(reason(&N, &[0, 1]), "public exponent too small");
        assert_eq!(reason(&N, &[1, 0xff, 0xff, 0xff, 0xff]), "ok");
        assert_eq!(reason(&N, &[2, 0, 0, 0, 1]), "public exponent too large");
        assert_eq!(reason(&N, &[1; 9]), "public exponent too large");
        assert_eq!(
            check_key(&[0xff; 33], &[3], 256),
            Err(Failure::Key("modulus too large"))
        );
    }

    #[test]
    fn signature_length_and_range() {
        let prefix = [0x30];
        assert_eq!(
            verify(&N, &[3], &prefix, &[0; 4], &[0; 31]),
            Err(Failure::Signature)
        );
        assert_eq!(
            verify(&N, &[3], &prefix, &[0; 4], &N),
            Err(Failure::Signature)
        );
    }

    #[test]
    fn round_trip_with_a_prime_modulus() {
        // RSA arithmetic works for a prime modulus too: with n = 2^256 − 587 (prime, and
        // 3 ∤ n − 1), d = 3⁻¹ mod (n − 1) signs for e = 3. Values from Python's `pow`.
        let mut n = [0xff; 32];
        n[30] = 0xfd;
        n[31] = 0xb5;
        let mut d = [0xaa; 32];
        d[30] = 0xa9;
        d[31] = 0x23;
        let em = |padding: usize, t: &[u8]| {
            let mut em = vec![0, 1];
            em.extend(std::iter::repeat_n(0xff, padding));
            em.push(0);
            em.extend(t);
            em
        };
        let (prefix, digest) = ([0x30], [0x42; 19]);
        let t: Vec<u8> = prefix.iter().chain(&digest).copied().collect();
        let s = power(&em(9, &t), &d, &n);
        assert_eq!(verify(&n, &[3], &prefix, &digest, &s), Ok(()));
        let mut wrong = s.clone();
        wrong[31] ^= 1;
        assert_eq!(
            verify(&n, &[3], &prefix, &digest, &wrong),
            Err(Failure::Signature)
        );
        assert_eq!(
            verify(&n, &[3], &prefix, &[0x43; 19], &s),
            Err(Failure::Signature)
        );
        // Well formed but with only seven FF bytes: refused (RFC 8017 §9.2 step 5).
        let (prefix, digest) = ([0x30], [0x42; 21]);
        let t: Vec<u8> = prefix.iter().chain(&digest).copied().collect();
        let s = power(&em(7, &t), &d, &n);
        assert_eq!(
            verify(&n, &[3], &prefix, &digest, &s),
            Err(Failure::Signature)
        );
    }

    /// base^exp mod n on big-endian bytes.
    fn power(base: &[u8], exp: &[u8], n: &[u8]) -> Vec<u8> {
        let len = bignum::limbs_for(n.len());
        let (mut b, mut e, mut m) = (vec![0; len], vec![0; len], vec![0; len]);
        assert!(bignum::read_be(base, &mut b));
        assert!(bignum::read_be(exp, &mut e));
        assert!(bignum::read_be(n, &mut m));
        let modulus = Modulus::new(m).unwrap();
        let (mut bm, mut rm, mut r) = (vec![0; len], vec![0; len], vec![0; len]);
        modulus.to_mont(&mut bm, &b);
        modulus.pow(&mut rm, &bm, &e);
        modulus.redc(&mut r, &rm);
        let mut out = vec![0; n.len()];
        bignum::write_be(&r, &mut out);
        out
    }
}

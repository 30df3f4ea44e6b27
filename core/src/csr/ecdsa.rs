//! ECDSA signature verification (FIPS 186-5 §6.4.2) of a DER-encoded signature
//! (`Ecdsa-Sig-Value`, RFC 3279 §2.2.3) over a message digest.

use super::bignum::{self, Limb};
use super::ec::{Curve, Params};
use std::cmp::Ordering;

/// Why a signature was not accepted.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Failure {
    /// The public key is not an SEC 1 encoding of a point on the curve.
    Key,
    /// The signature is malformed, out of range or does not match.
    Signature,
}

/// Checks the DER `signature` over `digest` (the hash of the signed data) with the SEC 1
/// encoded public key `point`.
pub(crate) fn verify(
    params: &Params,
    point: &[u8],
    digest: &[u8],
    signature: &[u8],
) -> Result<(), Failure> {
    let curve = Curve::new(params);
    let q = curve.decode_point(point).ok_or(Failure::Key)?;
    let (r, s) = decode_signature(signature).ok_or(Failure::Signature)?;
    let order = curve.order();
    let n = order.modulus();
    let len = order.len();
    // Step 1: 0 < r, s < n.
    let scalar = |bytes: &[u8]| {
        let mut out = vec![0; len];
        let in_range = bignum::read_be(bytes, &mut out)
            && !bignum::is_zero(&out)
            && bignum::cmp(&out, n) == Ordering::Less;
        in_range.then_some(out)
    };
    let r = scalar(r).ok_or(Failure::Signature)?;
    let s = scalar(s).ok_or(Failure::Signature)?;
    // Steps 2–3: the leftmost bits of the digest, as many as n has, reduced modulo n.
    let n_bits = bignum::bit_len(n);
    let taken = digest.get(..n_bits.div_ceil(8)).unwrap_or(digest);
    let mut z: Vec<Limb> = vec![0; len];
    bignum::read_be(taken, &mut z);
    bignum::shr_assign(&mut z, (taken.len() * 8).saturating_sub(n_bits));
    if bignum::cmp(&z, n) != Ordering::Less {
        bignum::sub_assign(&mut z, n);
    }
    // Steps 4–5: w = s⁻¹ mod n (Montgomery form), u1 = z·w and u2 = r·w (plain).
    let (mut s_mont, mut w, mut u1, mut u2) =
        (vec![0; len], vec![0; len], vec![0; len], vec![0; len]);
    order.to_mont(&mut s_mont, &s);
    order.invert_prime(&mut w, &s_mont);
    order.mul(&mut u1, &z, &w);
    order.mul(&mut u2, &r, &w);
    // Steps 6–8: R = u1·G + u2·Q must not be infinity, and its x mod n must be r.
    let point = curve.double_mul(&u1, curve.generator(), &u2, &q);
    if curve.is_infinity(&point) || !curve.x_matches(&point, &r) {
        return Err(Failure::Signature);
    }
    Ok(())
}

/// The big-endian magnitudes of `r` and `s` from `SEQUENCE { r INTEGER, s INTEGER }` in DER
/// (X.690 §10): definite minimal lengths, minimal non-negative integers, nothing after.
fn decode_signature(der: &[u8]) -> Option<(&[u8], &[u8])> {
    let (body, rest) = tlv(der, 0x30)?;
    let (r, body) = tlv(body, 0x02)?;
    let (s, body) = tlv(body, 0x02)?;
    if !rest.is_empty() || !body.is_empty() {
        return None;
    }
    Some((magnitude(r)?, magnitude(s)?))
}

/// Splits one element with `tag` off `input`: (contents, what follows). Lengths above 255
/// are refused; no ECDSA signature on these curves needs them.
fn tlv(input: &[u8], tag: u8) -> Option<(&[u8], &[u8])> {
    let (&found, rest) = input.split_first()?;
    let (&first, rest) = rest.split_first()?;
    let (len, rest) = match first {
        0..=0x7f => (usize::from(first), rest),
        0x81 => {
            let (&len, rest) = rest.split_first()?;
            // DER: the short form whenever it fits.
            (len >= 0x80).then_some((usize::from(len), rest))?
        }
        _ => return None,
    };
    (found == tag && rest.len() >= len).then(|| rest.split_at(len))
}

/// An INTEGER's contents as an unsigned magnitude: refuses empty, negative and non-minimal
/// encodings; drops the sign byte.
fn magnitude(int: &[u8]) -> Option<&[u8]> {
    match int {
        [] => None,
        [0] => Some(int),
        [0, next, ..] if *next < 0x80 => None,
        [0, rest @ ..] => Some(rest),
        [first, ..] if *first >= 0x80 => None,
        _ => Some(int),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_der_is_strict() {
        let ok = [0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x7f];
        assert_eq!(decode_signature(&ok), Some((&[1u8][..], &[0x7fu8][..])));
        let sign_byte = [0x30, 0x07, 0x02, 0x01, 0x01, 0x02, 0x02, 0x00, 0x80];
        assert_eq!(
            decode_signature(&sign_byte),
            Some((&[1u8][..], &[0x80u8][..]))
        );
        for bad in [
            &[0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x7f, 0x00][..], // trailing byte
            &[0x30, 0x07, 0x02, 0x01, 0x01, 0x02, 0x01, 0x7f, 0x00][..], // trailing in SEQUENCE
            &[0x30, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x80][..],       // negative
            &[0x30, 0x07, 0x02, 0x01, 0x01, 0x02, 0x02, 0x00, 0x7f][..], // non-minimal integer
            &[0x30, 0x81, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x7f][..], // non-minimal length
            &[0x30, 0x80, 0x02, 0x01, 0x01, 0x02, 0x01, 0x7f, 0, 0][..], // indefinite length
            &[0x30, 0x05, 0x02, 0x01, 0x01, 0x02, 0x00][..],             // empty integer
            &[0x31, 0x06, 0x02, 0x01, 0x01, 0x02, 0x01, 0x7f][..],       // SET
            &[0x30, 0x06, 0x02, 0x01, 0x01, 0x03, 0x01, 0x7f][..],       // BIT STRING
            &[0x30, 0x07, 0x02, 0x01, 0x01, 0x02, 0x01, 0x7f][..],       // short
            &[0x30][..],
            &[][..],
        ] {
            assert_eq!(decode_signature(bad), None, "{bad:02x?}");
        }
    }
}

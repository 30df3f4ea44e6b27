//! Unsigned big integers for signature verification: little-endian limb slices and
//! arithmetic modulo a runtime odd modulus in Montgomery form (Montgomery, "Modular
//! multiplication without trial division", 1985; CIOS as in Koç, Acar and Kaliski, "Analyzing
//! and comparing Montgomery multiplication algorithms", 1996).
//!
//! Only public values (keys, signatures, digests) pass through here, so nothing tries to be
//! constant time. Functions that take several slices expect them to have the same length
//! unless they say otherwise.

use std::cmp::Ordering;

/// One digit of a big integer: the widest word whose double-width product is native.
#[cfg(target_pointer_width = "64")]
pub(crate) type Limb = u64;
#[cfg(target_pointer_width = "64")]
type Wide = u128;
#[cfg(not(target_pointer_width = "64"))]
pub(crate) type Limb = u32;
#[cfg(not(target_pointer_width = "64"))]
type Wide = u64;

const LIMB_BITS: usize = Limb::BITS as usize;
const LIMB_BYTES: usize = LIMB_BITS / 8;

/// How many limbs hold `bytes` bytes.
pub(crate) const fn limbs_for(bytes: usize) -> usize {
    bytes.div_ceil(LIMB_BYTES)
}

/// Reads the big-endian `bytes` into `out`; `false` when the value does not fit.
pub(crate) fn read_be(bytes: &[u8], out: &mut [Limb]) -> bool {
    out.fill(0);
    for (i, &byte) in bytes.iter().rev().enumerate() {
        match out.get_mut(i / LIMB_BYTES) {
            Some(limb) => *limb |= Limb::from(byte) << (8 * (i % LIMB_BYTES)),
            None if byte == 0 => {}
            None => return false,
        }
    }
    true
}

/// Writes the low `out.len()` bytes of `a` into `out`, big-endian.
pub(crate) fn write_be(a: &[Limb], out: &mut [u8]) {
    for (i, byte) in out.iter_mut().rev().enumerate() {
        *byte = a
            .get(i / LIMB_BYTES)
            .map_or(0, |limb| (limb >> (8 * (i % LIMB_BYTES))) as u8);
    }
}

/// Compares two numbers of the same length.
pub(crate) fn cmp(a: &[Limb], b: &[Limb]) -> Ordering {
    a.iter().rev().cmp(b.iter().rev())
}

pub(crate) fn is_zero(a: &[Limb]) -> bool {
    a.iter().all(|&limb| limb == 0)
}

/// The number of significant bits.
pub(crate) fn bit_len(a: &[Limb]) -> usize {
    a.iter()
        .rposition(|&limb| limb != 0)
        .map_or(0, |i| (i + 1) * LIMB_BITS - a[i].leading_zeros() as usize)
}

/// Bit `i` (0 = least significant); `false` beyond the end.
pub(crate) fn bit(a: &[Limb], i: usize) -> bool {
    a.get(i / LIMB_BITS)
        .is_some_and(|limb| (limb >> (i % LIMB_BITS)) & 1 == 1)
}

/// `a += b`, where `b` is no longer than `a`; returns the carry out of `a`.
pub(crate) fn add_assign(a: &mut [Limb], b: &[Limb]) -> bool {
    let (low, high) = a.split_at_mut(b.len().min(a.len()));
    let mut carry = false;
    for (x, &y) in low.iter_mut().zip(b) {
        let (sum, c1) = x.overflowing_add(y);
        let (sum, c2) = sum.overflowing_add(Limb::from(carry));
        *x = sum;
        carry = c1 | c2;
    }
    for x in high {
        if !carry {
            break;
        }
        (*x, carry) = x.overflowing_add(1);
    }
    carry
}

/// `a -= b`, where `b` is no longer than `a`; returns the borrow out of `a`.
pub(crate) fn sub_assign(a: &mut [Limb], b: &[Limb]) -> bool {
    let (low, high) = a.split_at_mut(b.len().min(a.len()));
    let mut borrow = false;
    for (x, &y) in low.iter_mut().zip(b) {
        let (diff, b1) = x.overflowing_sub(y);
        let (diff, b2) = diff.overflowing_sub(Limb::from(borrow));
        *x = diff;
        borrow = b1 | b2;
    }
    for x in high {
        if !borrow {
            break;
        }
        (*x, borrow) = x.overflowing_sub(1);
    }
    borrow
}

/// `a >>= shift` for `shift < LIMB_BITS` bits.
pub(crate) fn shr_assign(a: &mut [Limb], shift: usize) {
    if shift == 0 || shift >= LIMB_BITS {
        return;
    }
    let mut high: Limb = 0;
    for limb in a.iter_mut().rev() {
        let low = *limb;
        *limb = (low >> shift) | (high << (LIMB_BITS - shift));
        high = low;
    }
}

/// An odd modulus `m > 1` with what Montgomery arithmetic needs; `R = 2^(LIMB_BITS·len)`.
/// Residues are `len`-limb slices below `m`; "Montgomery form" of `x` is `x·R mod m`.
pub(crate) struct Modulus {
    m: Vec<Limb>,
    /// `-m⁻¹ mod 2^LIMB_BITS`.
    m_inv: Limb,
    /// `R mod m`: the Montgomery form of 1.
    one: Vec<Limb>,
    /// `R² mod m`: multiplying by it converts into Montgomery form.
    r2: Vec<Limb>,
}

impl Modulus {
    /// `None` unless `m` is odd and above 1.
    pub(crate) fn new(m: Vec<Limb>) -> Option<Self> {
        let low = *m.first()?;
        let bits = bit_len(&m);
        if low & 1 == 0 || bits < 2 {
            return None;
        }
        // Newton's iteration for the inverse modulo 2^LIMB_BITS: each step doubles the number
        // of correct low bits, and 1 is the inverse of any odd number modulo 2.
        let mut inv: Limb = 1;
        for _ in 0..LIMB_BITS.trailing_zeros() {
            inv = inv.wrapping_mul((2 as Limb).wrapping_sub(low.wrapping_mul(inv)));
        }
        let len = m.len();
        let mut modulus = Modulus {
            m,
            m_inv: inv.wrapping_neg(),
            one: Vec::new(),
            r2: Vec::new(),
        };
        // 2^(bits-1) < m; doubling it up to 2^(LIMB_BITS·len) gives R mod m.
        let mut x = vec![0; len];
        x[(bits - 1) / LIMB_BITS] = 1 << ((bits - 1) % LIMB_BITS);
        for _ in bits - 1..len * LIMB_BITS {
            modulus.double(&mut x);
        }
        modulus.one = x.clone();
        // LIMB_BITS more doublings give the Montgomery form of 2^LIMB_BITS; raising that to the
        // power len gives the Montgomery form of R, which is R² mod m.
        for _ in 0..LIMB_BITS {
            modulus.double(&mut x);
        }
        let mut r2 = vec![0; len];
        modulus.pow(&mut r2, &x, &[len as Limb]);
        modulus.r2 = r2;
        Some(modulus)
    }

    /// The number of limbs of every residue.
    pub(crate) fn len(&self) -> usize {
        self.m.len()
    }

    pub(crate) fn modulus(&self) -> &[Limb] {
        &self.m
    }

    /// The Montgomery form of 1.
    pub(crate) fn one(&self) -> &[Limb] {
        &self.one
    }

    /// `out = a·b·R⁻¹ mod m` (CIOS). `out` must not be `a` or `b`, which the borrow rules
    /// ensure; `a·b < m·R` is enough for a fully reduced result.
    pub(crate) fn mul(&self, out: &mut [Limb], a: &[Limb], b: &[Limb]) {
        // On 64-bit targets the curve sizes get their own copy of the loop, which the
        // compiler unrolls: most of the time of an ECDSA verification is spent here. The
        // wasm build keeps one copy, for size.
        #[cfg(target_pointer_width = "64")]
        match self.m.len() {
            4 => return cios::<4>(out, a, b, &self.m, self.m_inv),
            6 => return cios::<6>(out, a, b, &self.m, self.m_inv),
            9 => return cios::<9>(out, a, b, &self.m, self.m_inv),
            _ => {}
        }
        cios::<0>(out, a, b, &self.m, self.m_inv);
    }

    /// `out = a²·R⁻¹ mod m` for `a < m`, like `mul(out, a, a)`; for larger moduli with each
    /// cross product computed once, followed by Montgomery reduction (REDC). `wide` is scratch
    /// space of at least `2·len + 1` limbs.
    pub(crate) fn sqr(&self, out: &mut [Limb], a: &[Limb], wide: &mut [Limb]) {
        let n = self.m.len();
        // Below about ten limbs the bookkeeping costs more than the products saved.
        if n * LIMB_BITS < 640 {
            return self.mul(out, a, a);
        }
        let (m, out, a, wide) = (&self.m[..n], &mut out[..n], &a[..n], &mut wide[..2 * n + 1]);
        wide.fill(0);
        // The cross products a[i]·a[j], i < j, land at limb i + j.
        for (i, &ai) in a.iter().enumerate() {
            let mut carry: Limb = 0;
            for (t, &aj) in wide[2 * i + 1..i + n].iter_mut().zip(&a[i + 1..]) {
                let v = Wide::from(*t) + Wide::from(ai) * Wide::from(aj) + Wide::from(carry);
                *t = v as Limb;
                carry = (v >> LIMB_BITS) as Limb;
            }
            wide[i + n] = carry;
        }
        // Twice that, plus the squares a[i]² at limb 2i.
        let mut high: Limb = 0;
        for limb in wide.iter_mut() {
            let next = *limb >> (LIMB_BITS - 1);
            *limb = (*limb << 1) | high;
            high = next;
        }
        let mut carry: Limb = 0;
        for (pair, &ai) in wide.chunks_exact_mut(2).zip(a) {
            let square = Wide::from(ai) * Wide::from(ai);
            let low = Wide::from(pair[0]) + (square as Limb as Wide) + Wide::from(carry);
            pair[0] = low as Limb;
            let high = Wide::from(pair[1]) + (square >> LIMB_BITS) + (low >> LIMB_BITS);
            pair[1] = high as Limb;
            carry = (high >> LIMB_BITS) as Limb;
        }
        // REDC: add multiples of m that clear the low limbs one at a time, then divide by R.
        for i in 0..n {
            let u = wide[i].wrapping_mul(self.m_inv);
            let mut carry: Limb = 0;
            for (t, &mj) in wide[i..i + n].iter_mut().zip(m) {
                let v = Wide::from(*t) + Wide::from(u) * Wide::from(mj) + Wide::from(carry);
                *t = v as Limb;
                carry = (v >> LIMB_BITS) as Limb;
            }
            for t in &mut wide[i + n..] {
                if carry == 0 {
                    break;
                }
                let (sum, overflow) = t.overflowing_add(carry);
                *t = sum;
                carry = Limb::from(overflow);
            }
        }
        out.copy_from_slice(&wide[n..2 * n]);
        if wide[2 * n] != 0 || cmp(out, m) != Ordering::Less {
            sub_assign(out, m);
        }
    }

    /// `a = a + b mod m`.
    pub(crate) fn add(&self, a: &mut [Limb], b: &[Limb]) {
        if add_assign(a, b) || cmp(a, &self.m) != Ordering::Less {
            sub_assign(a, &self.m);
        }
    }

    /// `a = a - b mod m`.
    pub(crate) fn sub(&self, a: &mut [Limb], b: &[Limb]) {
        if sub_assign(a, b) {
            add_assign(a, &self.m);
        }
    }

    /// `a = 2a mod m`.
    fn double(&self, a: &mut [Limb]) {
        let mut carry: Limb = 0;
        for limb in a.iter_mut() {
            let next = *limb >> (LIMB_BITS - 1);
            *limb = (*limb << 1) | carry;
            carry = next;
        }
        if carry != 0 || cmp(a, &self.m) != Ordering::Less {
            sub_assign(a, &self.m);
        }
    }

    /// `out` = the Montgomery form of `a`, which must be below `m`.
    pub(crate) fn to_mont(&self, out: &mut [Limb], a: &[Limb]) {
        self.mul(out, a, &self.r2);
    }

    /// `out = a·R⁻¹ mod m` (Montgomery reduction): the number whose Montgomery form is `a`.
    pub(crate) fn redc(&self, out: &mut [Limb], a: &[Limb]) {
        let mut unit = vec![0; self.len()];
        unit[0] = 1;
        self.mul(out, a, &unit);
    }

    /// `out = base^exp` with `base` and `out` in Montgomery form; `exp` is little-endian limbs
    /// of any length. Left-to-right binary exponentiation, variable time.
    pub(crate) fn pow(&self, out: &mut [Limb], base: &[Limb], exp: &[Limb]) {
        let mut acc = self.one.clone();
        let mut square = vec![0; self.len()];
        let mut wide = vec![0; 2 * self.len() + 1];
        for i in (0..bit_len(exp)).rev() {
            self.sqr(&mut square, &acc, &mut wide);
            if bit(exp, i) {
                self.mul(&mut acc, &square, base);
            } else {
                std::mem::swap(&mut acc, &mut square);
            }
        }
        out.copy_from_slice(&acc);
    }

    /// `out = a⁻¹` in Montgomery form, for a prime modulus and `a ≠ 0` (Fermat: `a^(m-2)`).
    pub(crate) fn invert_prime(&self, out: &mut [Limb], a: &[Limb]) {
        let mut exp = self.m.clone();
        sub_assign(&mut exp, &[2]);
        self.pow(out, a, &exp);
    }
}

/// Montgomery multiplication `out = a·b·R⁻¹ mod m`, "coarsely integrated operand scanning"
/// (Koç, Acar and Kaliski, 1996). `N` is the limb count when fixed at compile time, 0 for the
/// length of `m`.
#[inline(always)]
fn cios<const N: usize>(out: &mut [Limb], a: &[Limb], b: &[Limb], m: &[Limb], m_inv: Limb) {
    let n = if N == 0 { m.len() } else { N };
    let (m, out, a, b) = (&m[..n], &mut out[..n], &a[..n], &b[..n]);
    out.fill(0);
    // The running value is out[0..n] plus two more limbs, `top` and a carry bit in `over`.
    let mut top: Limb = 0;
    for &bi in b {
        let mut carry: Limb = 0;
        for (t, &aj) in out.iter_mut().zip(a) {
            let v = Wide::from(*t) + Wide::from(aj) * Wide::from(bi) + Wide::from(carry);
            *t = v as Limb;
            carry = (v >> LIMB_BITS) as Limb;
        }
        let v = Wide::from(top) + Wide::from(carry);
        top = v as Limb;
        let over = (v >> LIMB_BITS) as Limb;
        // Add u·m, chosen so that the lowest limb becomes zero, and shift one limb down.
        let u = out[0].wrapping_mul(m_inv);
        let v = Wide::from(out[0]) + Wide::from(u) * Wide::from(m[0]);
        let mut carry = (v >> LIMB_BITS) as Limb;
        for j in 1..n {
            let v = Wide::from(out[j]) + Wide::from(u) * Wide::from(m[j]) + Wide::from(carry);
            out[j - 1] = v as Limb;
            carry = (v >> LIMB_BITS) as Limb;
        }
        let v = Wide::from(top) + Wide::from(carry);
        out[n - 1] = v as Limb;
        top = over + (v >> LIMB_BITS) as Limb;
    }
    if top != 0 || cmp(out, m) != Ordering::Less {
        sub_assign(out, m);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Big-endian hex into `len` limbs.
    fn num(hex: &str, len: usize) -> Vec<Limb> {
        let bytes: Vec<u8> = (0..hex.len())
            .step_by(2)
            .map(|i| u8::from_str_radix(&hex[i..i + 2], 16).unwrap())
            .collect();
        let mut out = vec![0; len];
        assert!(read_be(&bytes, &mut out));
        out
    }

    fn modulus(hex: &str) -> Modulus {
        let len = limbs_for(hex.len() / 2);
        Modulus::new(num(hex, len)).unwrap()
    }

    /// a·b mod m through the Montgomery domain.
    fn mul_mod(m: &Modulus, a: &[Limb], b: &[Limb]) -> Vec<Limb> {
        let n = m.len();
        let (mut am, mut bm, mut prod, mut out) = (vec![0; n], vec![0; n], vec![0; n], vec![0; n]);
        m.to_mont(&mut am, a);
        m.to_mont(&mut bm, b);
        m.mul(&mut prod, &am, &bm);
        m.redc(&mut out, &prod);
        out
    }

    /// A deterministic xorshift stream for test inputs.
    fn stream(seed: u64) -> impl FnMut() -> u64 {
        let mut x = seed | 1;
        move || {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            x
        }
    }

    #[test]
    fn bytes_round_trip_and_overflow() {
        let mut limbs = vec![0; limbs_for(9)];
        assert!(read_be(&[1, 2, 3, 4, 5, 6, 7, 8, 9], &mut limbs));
        let mut bytes = [0u8; 9];
        write_be(&limbs, &mut bytes);
        assert_eq!(bytes, [1, 2, 3, 4, 5, 6, 7, 8, 9]);
        assert_eq!(bit_len(&limbs), 65);
        assert!(bit(&limbs, 64) && !bit(&limbs, 65) && bit(&limbs, 0) && !bit(&limbs, 1));
        // Leading zero bytes fit whatever the length; a significant byte too many does not.
        let mut one = [0 as Limb; 1];
        assert!(read_be(
            &[0; 20].iter().chain(&[7]).copied().collect::<Vec<_>>(),
            &mut one
        ));
        assert_eq!(one, [7]);
        assert!(!read_be(&[1; LIMB_BYTES + 1], &mut one));
        assert_eq!(bit_len(&[0, 0]), 0);
    }

    #[test]
    fn add_sub_shift_carry_across_limbs() {
        let mut a = vec![Limb::MAX, Limb::MAX, 0];
        assert!(!add_assign(&mut a, &[1]));
        assert_eq!(a, [0, 0, 1]);
        assert!(!sub_assign(&mut a, &[1]));
        assert_eq!(a, [Limb::MAX, Limb::MAX, 0]);
        let mut zero = vec![0 as Limb, 0];
        assert!(sub_assign(&mut zero, &[1]));
        assert_eq!(zero, [Limb::MAX, Limb::MAX]);
        let mut b = vec![0 as Limb, 1];
        shr_assign(&mut b, 3);
        assert_eq!(b, [1 << (LIMB_BITS - 3), 0]);
        assert_eq!(cmp(&[0, 1], &[Limb::MAX, 0]), Ordering::Greater);
    }

    #[test]
    fn rejects_even_and_tiny_moduli() {
        assert!(Modulus::new(vec![]).is_none());
        assert!(Modulus::new(vec![0, 1]).is_none());
        assert!(Modulus::new(vec![1]).is_none());
        assert!(Modulus::new(vec![3]).is_some());
    }

    #[test]
    fn single_limb_products_match_wide_arithmetic() {
        let mut next = stream(0x1234_5678);
        for _ in 0..2000 {
            let m = (next() as Limb) | 1;
            if m < 3 {
                continue;
            }
            let modulus = Modulus::new(vec![m]).unwrap();
            let (a, b) = ((next() as Limb) % m, (next() as Limb) % m);
            let expected = (Wide::from(a) * Wide::from(b) % Wide::from(m)) as Limb;
            assert_eq!(mul_mod(&modulus, &[a], &[b]), [expected], "{a}·{b} mod {m}");
            let (mut am, mut back) = ([0], [0]);
            modulus.to_mont(&mut am, &[a]);
            modulus.redc(&mut back, &am);
            assert_eq!(back, [a]);
        }
    }

    #[test]
    fn two_limb_products_of_one_limb_factors_match_wide_arithmetic() {
        // m = R − 1 is above every product of one-limb factors, so a·b mod m = a·b.
        let mut next = stream(99);
        let m = Modulus::new(vec![Limb::MAX, Limb::MAX]).unwrap();
        for _ in 0..500 {
            let (a, b) = (next() as Limb, next() as Limb);
            let product = Wide::from(a) * Wide::from(b);
            let expected = [product as Limb, (product >> LIMB_BITS) as Limb];
            assert_eq!(mul_mod(&m, &[a, 0], &[b, 0]), expected);
        }
    }

    #[test]
    fn squaring_equals_multiplication() {
        let mut next = stream(0xabcdef);
        for bytes in [8, 16, 32, 48, 66, 129, 256, 384] {
            let mut m: Vec<u8> = (0..bytes).map(|_| next() as u8).collect();
            m[0] |= 0x80;
            m[bytes - 1] |= 1;
            let len = limbs_for(bytes);
            let mut limbs = vec![0; len];
            assert!(read_be(&m, &mut limbs));
            let modulus = Modulus::new(limbs).unwrap();
            for round in 0..20 {
                let mut a = vec![0; len];
                a.iter_mut().for_each(|limb| *limb = next() as Limb);
                if round == 0 {
                    // The largest residue, m − 1.
                    a.copy_from_slice(modulus.modulus());
                    a[0] -= 1;
                }
                while cmp(&a, modulus.modulus()) != Ordering::Less {
                    shr_assign(&mut a, 1);
                }
                let (mut by_mul, mut by_sqr, mut wide) =
                    (vec![0; len], vec![0; len], vec![0; 2 * len + 1]);
                modulus.mul(&mut by_mul, &a, &a);
                modulus.sqr(&mut by_sqr, &a, &mut wide);
                assert_eq!(by_sqr, by_mul, "{bytes} bytes, round {round}");
            }
        }
    }

    #[test]
    fn fermat_and_inverses_on_the_p256_prime() {
        let p = modulus("ffffffff00000001000000000000000000000000ffffffffffffffffffffffff");
        let n = p.len();
        let mut next = stream(7);
        for _ in 0..20 {
            let mut a = vec![0; n];
            a.iter_mut().for_each(|limb| *limb = next() as Limb);
            if cmp(&a, p.modulus()) != Ordering::Less {
                sub_assign(&mut a, p.modulus());
            }
            let (mut am, mut inv, mut prod, mut fermat) =
                (vec![0; n], vec![0; n], vec![0; n], vec![0; n]);
            p.to_mont(&mut am, &a);
            p.invert_prime(&mut inv, &am);
            p.mul(&mut prod, &am, &inv);
            assert_eq!(prod, p.one());
            let mut p_minus_1 = p.modulus().to_vec();
            sub_assign(&mut p_minus_1, &[1]);
            p.pow(&mut fermat, &am, &p_minus_1);
            assert_eq!(fermat, p.one());
        }
    }

    #[test]
    fn known_powers() {
        // 3^65537 mod (2^127 - 1) = 0x037002cd96c28f670d8eb760e6301408, from Python's pow().
        let m = modulus("7fffffffffffffffffffffffffffffff");
        let n = m.len();
        let (mut three, mut out, mut plain) = (vec![0; n], vec![0; n], vec![0; n]);
        m.to_mont(&mut three, &num("03", n));
        m.pow(&mut out, &three, &num("010001", 1));
        m.redc(&mut plain, &out);
        assert_eq!(plain, num("037002cd96c28f670d8eb760e6301408", n));
        // x^0 = 1 and x^1 = x.
        m.pow(&mut out, &three, &[]);
        assert_eq!(out, m.one());
        m.pow(&mut out, &three, &[1]);
        assert_eq!(out, three);
    }

    #[test]
    fn modular_add_and_sub_wrap() {
        let m = Modulus::new(vec![11]).unwrap();
        let mut a = [7];
        m.add(&mut a, &[9]);
        assert_eq!(a, [5]);
        m.sub(&mut a, &[8]);
        assert_eq!(a, [8]);
    }
}

//! HMAC-SHA256 (RFC 2104) with the keyed state computed once.
//!
//! HMAC runs SHA-256 over `(K ^ ipad) || message` and then over `(K ^ opad) || inner_hash`.
//! The first block of each is fixed by the key, so a [`KeyedHmac`] compresses those two blocks
//! once and keeps the two intermediate states. Signing a short NCP string-to-sign then costs
//! only the message blocks plus one outer block (SPEC §9: three compressions for a typical
//! request), and the message is streamed into the hash without being copied together first. Every buffer that saw key material is wiped on drop.

use sha2::block_api::compress256;
use sha2::{Digest, Sha256};
use zeroize::{Zeroize, ZeroizeOnDrop};

const BLOCK: usize = 64;

/// SHA-256 initial hash value (FIPS 180-4 §5.3.3).
const IV: [u32; 8] = [
    0x6a09_e667,
    0xbb67_ae85,
    0x3c6e_f372,
    0xa54f_f53a,
    0x510e_527f,
    0x9b05_688c,
    0x1f83_d9ab,
    0x5be0_cd19,
];

/// The two SHA-256 states after absorbing `K ^ ipad` and `K ^ opad`.
#[derive(Clone, Zeroize, ZeroizeOnDrop)]
pub(crate) struct KeyedHmac {
    inner: [u32; 8],
    outer: [u32; 8],
}

impl KeyedHmac {
    pub(crate) fn new(key: &[u8]) -> Self {
        let mut block = [0u8; BLOCK];
        if key.len() > BLOCK {
            // RFC 2104 §2: keys longer than the block are hashed first.
            let mut digest = Sha256::digest(key);
            block[..32].copy_from_slice(&digest);
            digest.as_mut_slice().zeroize();
        } else {
            block[..key.len()].copy_from_slice(key);
        }
        let mut inner = IV;
        let mut outer = IV;
        let mut pad = [0u8; BLOCK];
        for (p, k) in pad.iter_mut().zip(block.iter()) {
            *p = k ^ 0x36;
        }
        compress256(&mut inner, &[pad]);
        for (p, k) in pad.iter_mut().zip(block.iter()) {
            *p = k ^ 0x5c;
        }
        compress256(&mut outer, &[pad]);
        pad.zeroize();
        block.zeroize();
        KeyedHmac { inner, outer }
    }

    /// HMAC over the concatenation of `parts`, streamed two blocks at a time: the message is
    /// never assembled, nothing is allocated, and a typical string-to-sign (two blocks with
    /// its padding) takes one call to the compression function.
    pub(crate) fn mac(&self, parts: &[&[u8]]) -> [u8; 32] {
        let mut inner = self.inner;
        let mut blocks = [[0u8; BLOCK]; 2];
        let mut filled = 0;
        let mut total = 0;
        for part in parts {
            total += part.len();
            let mut rest: &[u8] = part;
            while !rest.is_empty() {
                let (i, at) = (filled / BLOCK, filled % BLOCK);
                let (head, tail) = rest.split_at(rest.len().min(BLOCK - at));
                blocks[i][at..at + head.len()].copy_from_slice(head);
                filled += head.len();
                rest = tail;
                if filled == 2 * BLOCK {
                    compress256(&mut inner, &blocks);
                    filled = 0;
                }
            }
        }
        // The key block counts towards the message length of both hashes.
        let inner_hash = finish(&mut inner, &mut blocks, filled, BLOCK + total);
        let mut outer = self.outer;
        blocks[0][..32].copy_from_slice(&inner_hash);
        let tag = finish(&mut outer, &mut blocks, 32, BLOCK + 32);
        inner.zeroize();
        outer.zeroize();
        tag
    }
}

/// Pads and compresses the last one or two blocks (FIPS 180-4 §5.1.1: 0x80, zeros, the bit
/// length of everything hashed, `total_len` bytes) and returns the digest. The first
/// `filled` (< 128) bytes of `blocks` are message bytes not yet compressed.
fn finish(
    state: &mut [u32; 8],
    blocks: &mut [[u8; BLOCK]; 2],
    filled: usize,
    total_len: usize,
) -> [u8; 32] {
    let (i, at) = (filled / BLOCK, filled % BLOCK);
    blocks[i][at] = 0x80;
    blocks[i][at + 1..].fill(0);
    let mut used = i + 1;
    if at + 1 > BLOCK - 8 {
        // No room for the length in this block: it goes in one more.
        if used == 2 {
            compress256(state, &blocks[..]);
            used = 0;
        }
        blocks[used].fill(0);
        used += 1;
    }
    let bit_len = (total_len as u64).wrapping_mul(8);
    blocks[used - 1][BLOCK - 8..].copy_from_slice(&bit_len.to_be_bytes());
    compress256(state, &blocks[..used]);
    let mut out = [0u8; 32];
    for (chunk, word) in out.chunks_exact_mut(4).zip(state.iter()) {
        chunk.copy_from_slice(&word.to_be_bytes());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::KeyedHmac;

    fn mac(key: &[u8], msg: &[u8]) -> [u8; 32] {
        KeyedHmac::new(key).mac(&[msg])
    }

    fn hex(bytes: &[u8]) -> String {
        bytes.iter().map(|b| format!("{b:02x}")).collect()
    }

    // RFC 4231 test cases 1, 2 and 6 (key longer than the block).
    #[test]
    fn rfc4231_vectors() {
        assert_eq!(
            hex(&mac(&[0x0b; 20], b"Hi There")),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7"
        );
        assert_eq!(
            hex(&mac(b"Jefe", b"what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843"
        );
        assert_eq!(
            hex(&mac(
                &[0xaa; 131],
                b"Test Using Larger Than Block-Size Key - Hash Key First"
            )),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54"
        );
    }

    #[test]
    fn parts_and_lengths_around_block_edges() {
        // Messages whose padding fits, just fits, or spills into a second block, split into
        // parts in several ways, including splits across block boundaries.
        let key = KeyedHmac::new(b"key");
        for len in [
            0usize, 1, 54, 55, 56, 63, 64, 65, 118, 119, 120, 127, 128, 129, 183, 184, 191, 192,
            255, 256, 257, 511, 512, 513, 2000,
        ] {
            let msg: Vec<u8> = (0..len as u32).map(|i| (i * 7) as u8).collect();
            let whole = key.mac(&[&msg]);
            for split in [0, 1, len / 3, len / 2, len.saturating_sub(1), len] {
                let split = split.min(len);
                let (a, b) = msg.split_at(split);
                assert_eq!(key.mac(&[a, b]), whole, "len {len} split {split}");
            }
            assert_eq!(whole, reference(b"key", &msg), "len {len}");
        }
    }

    /// HMAC written the textbook way over `sha2::Sha256`, for comparison.
    fn reference(key: &[u8], msg: &[u8]) -> [u8; 32] {
        use sha2::{Digest, Sha256};
        let mut k = [0u8; 64];
        k[..key.len()].copy_from_slice(key);
        let ipad: Vec<u8> = k
            .iter()
            .map(|b| b ^ 0x36)
            .chain(msg.iter().copied())
            .collect();
        let inner = Sha256::digest(&ipad);
        let opad: Vec<u8> = k
            .iter()
            .map(|b| b ^ 0x5c)
            .chain(inner.iter().copied())
            .collect();
        Sha256::digest(&opad).into()
    }
}

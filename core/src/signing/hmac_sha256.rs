//! HMAC-SHA256 (RFC 2104) with the keyed state computed once.
//!
//! HMAC runs SHA-256 over `(K ^ ipad) || message` and then over `(K ^ opad) || inner_hash`.
//! The first block of each is fixed by the key, so a [`KeyedHmac`] compresses those two blocks
//! once and keeps the two intermediate states. Signing a short NCP string-to-sign then costs
//! only the message blocks plus one outer block (SPEC §9: three compressions for a typical
//! request). Every buffer that saw key material is wiped on drop.

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

    /// HMAC over the concatenation of `parts`, which never has to exist as one allocation:
    /// messages up to [`STACK_MESSAGE`] bytes are assembled on the stack.
    pub(crate) fn mac(&self, parts: &[&[u8]]) -> [u8; 32] {
        let len: usize = parts.iter().map(|p| p.len()).sum();
        let mut stack = [0u8; STACK_MESSAGE];
        let mut heap = Vec::new();
        let message: &mut [u8] = if len <= STACK_MESSAGE {
            &mut stack[..len]
        } else {
            heap.resize(len, 0);
            &mut heap
        };
        let mut at = 0;
        for part in parts {
            message[at..at + part.len()].copy_from_slice(part);
            at += part.len();
        }
        let mut inner = self.inner;
        let inner_hash = hash_from(&mut inner, message);
        let mut outer = self.outer;
        let tag = hash_from(&mut outer, &inner_hash);
        inner.zeroize();
        outer.zeroize();
        tag
    }
}

/// Longest message hashed without a heap allocation (an NCP string-to-sign is ~100 bytes).
const STACK_MESSAGE: usize = 256;

/// Finishes SHA-256 of `message`, from a `state` that has already absorbed one 64-byte block
/// (the key block): full blocks are compressed in place, the tail and the padding
/// (FIPS 180-4 §5.1.1: 0x80, zeros, bit length) in one or two final blocks.
fn hash_from(state: &mut [u32; 8], message: &[u8]) -> [u8; 32] {
    let mut chunks = message.chunks_exact(BLOCK);
    for chunk in &mut chunks {
        if let Ok(block) = <&[u8; BLOCK]>::try_from(chunk) {
            compress256(state, std::slice::from_ref(block));
        }
    }
    let rest = chunks.remainder();
    let bit_len = ((BLOCK + message.len()) as u64).wrapping_mul(8);
    let mut tail = [[0u8; BLOCK]; 2];
    tail[0][..rest.len()].copy_from_slice(rest);
    tail[0][rest.len()] = 0x80;
    let blocks = if rest.len() + 1 + 8 <= BLOCK { 1 } else { 2 };
    tail[blocks - 1][BLOCK - 8..].copy_from_slice(&bit_len.to_be_bytes());
    compress256(state, &tail[..blocks]);
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
        // parts in several ways, and one longer than the stack buffer.
        let key = KeyedHmac::new(b"key");
        for len in [
            0usize, 1, 54, 55, 56, 63, 64, 65, 119, 120, 128, 511, 512, 513, 2000,
        ] {
            let msg: Vec<u8> = (0..len as u32).map(|i| (i * 7) as u8).collect();
            let whole = key.mac(&[&msg]);
            for split in [0, len / 3, len / 2, len] {
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

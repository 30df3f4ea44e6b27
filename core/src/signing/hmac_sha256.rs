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

    /// Starts a MAC computation; feed it with [`Mac::update`].
    pub(crate) fn start(&self) -> Mac<'_> {
        Mac {
            key: self,
            stream: Stream::resume(self.inner, BLOCK as u64),
        }
    }
}

/// An HMAC computation in progress.
pub(crate) struct Mac<'k> {
    key: &'k KeyedHmac,
    stream: Stream,
}

impl Mac<'_> {
    pub(crate) fn update(&mut self, data: &[u8]) {
        self.stream.update(data);
    }

    pub(crate) fn finish(self) -> [u8; 32] {
        let inner_hash = self.stream.finish();
        let mut outer = Stream::resume(self.key.outer, BLOCK as u64);
        outer.update(&inner_hash);
        outer.finish()
    }
}

/// Streaming SHA-256 over the raw compression function, resumable from a mid-state.
#[derive(Zeroize, ZeroizeOnDrop)]
struct Stream {
    state: [u32; 8],
    block: [u8; BLOCK],
    fill: usize,
    /// Bytes absorbed so far, including the key block the state was resumed from.
    total: u64,
}

impl Stream {
    fn resume(state: [u32; 8], absorbed: u64) -> Self {
        Stream {
            state,
            block: [0; BLOCK],
            fill: 0,
            total: absorbed,
        }
    }

    fn update(&mut self, mut data: &[u8]) {
        self.total = self.total.wrapping_add(data.len() as u64);
        if self.fill > 0 {
            let take = (BLOCK - self.fill).min(data.len());
            self.block[self.fill..self.fill + take].copy_from_slice(&data[..take]);
            self.fill += take;
            data = &data[take..];
            if self.fill < BLOCK {
                return;
            }
            compress256(&mut self.state, &[self.block]);
            self.fill = 0;
        }
        let mut chunks = data.chunks_exact(BLOCK);
        for chunk in &mut chunks {
            let mut b = [0u8; BLOCK];
            b.copy_from_slice(chunk);
            compress256(&mut self.state, &[b]);
        }
        let rest = chunks.remainder();
        self.block[..rest.len()].copy_from_slice(rest);
        self.fill = rest.len();
    }

    fn finish(mut self) -> [u8; 32] {
        // FIPS 180-4 §5.1.1: append 0x80, zeros, then the message length in bits (big endian).
        let bit_len = self.total.wrapping_mul(8);
        let fill = self.fill;
        self.block[fill] = 0x80;
        self.block[fill + 1..].fill(0);
        if fill + 1 > BLOCK - 8 {
            compress256(&mut self.state, &[self.block]);
            self.block = [0; BLOCK];
        }
        self.block[BLOCK - 8..].copy_from_slice(&bit_len.to_be_bytes());
        compress256(&mut self.state, &[self.block]);
        let mut out = [0u8; 32];
        for (chunk, word) in out.chunks_exact_mut(4).zip(self.state.iter()) {
            chunk.copy_from_slice(&word.to_be_bytes());
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::KeyedHmac;

    fn mac(key: &[u8], msg: &[u8]) -> [u8; 32] {
        let k = KeyedHmac::new(key);
        let mut m = k.start();
        m.update(msg);
        m.finish()
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
    fn split_updates_equal_one_update() {
        let key = KeyedHmac::new(b"key");
        let msg: Vec<u8> = (0..300u32).map(|i| (i * 7) as u8).collect();
        let whole = {
            let mut m = key.start();
            m.update(&msg);
            m.finish()
        };
        for split in [0, 1, 55, 56, 63, 64, 65, 128, 299, 300] {
            let mut m = key.start();
            m.update(&msg[..split]);
            m.update(&msg[split..]);
            assert_eq!(m.finish(), whole, "split at {split}");
        }
    }
}

//! Standard base64 (RFC 4648 §4) for PEM bodies: encoding for the canonical PEM, and lenient
//! decoding of what users paste. Written here rather than taken from a crate because the
//! general-purpose engines cost several KB of the wasm download (SPEC §9).

const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

/// Padded standard base64 of `bytes`.
pub(crate) fn encode(bytes: &[u8]) -> String {
    let mut out = Vec::with_capacity(bytes.len().div_ceil(3) * 4);
    for group in bytes.chunks(3) {
        let n = group
            .iter()
            .enumerate()
            .fold(0u32, |n, (i, &b)| n | u32::from(b) << (16 - 8 * i));
        for i in 0..4 {
            out.push(if i <= group.len() {
                ALPHABET[(n >> (18 - 6 * i) & 0x3f) as usize]
            } else {
                b'='
            });
        }
    }
    // Only alphabet characters and '=': always ASCII.
    String::from_utf8(out).unwrap_or_default()
}

/// Why a text is not base64, in words for a message.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum DecodeError {
    /// A character outside the alphabet, or `=` before the end.
    Byte { offset: usize, byte: u8 },
    /// One character too many or too few to make whole bytes.
    Length,
    /// The last character carries bits that no byte uses (not the encoding of any input).
    LastSymbol { offset: usize, byte: u8 },
}

impl std::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match *self {
            DecodeError::Byte { offset, byte } => {
                write!(
                    f,
                    "invalid character {:?} at offset {offset}",
                    char::from(byte)
                )
            }
            DecodeError::Length => f.write_str("its length is not a whole number of bytes"),
            DecodeError::LastSymbol { offset, byte } => write!(
                f,
                "its last character {:?} at offset {offset} is not a possible final character",
                char::from(byte)
            ),
        }
    }
}

fn value(byte: u8) -> Option<u32> {
    let v = match byte {
        b'A'..=b'Z' => byte - b'A',
        b'a'..=b'z' => byte - b'a' + 26,
        b'0'..=b'9' => byte - b'0' + 52,
        b'+' => 62,
        b'/' => 63,
        _ => return None,
    };
    Some(u32::from(v))
}

/// Decodes standard-alphabet base64 with or without its `=` padding (pasted PEM sometimes
/// loses the final `=`), refusing anything else: other characters, `=` anywhere but at the
/// end or more of it than the length calls for, a length that leaves a lone character, and a
/// final character with bits set that no byte uses.
pub(crate) fn decode_lenient(text: &[u8]) -> Result<Vec<u8>, DecodeError> {
    let data_len = text.len() - text.iter().rev().take_while(|&&b| b == b'=').count();
    let (data, padding) = text.split_at(data_len);
    if data.len() % 4 == 1 {
        return Err(DecodeError::Length);
    }
    // Padding may fall short of completing the last group of four, never go beyond it.
    if padding.len() > (4 - data.len() % 4) % 4 {
        return Err(DecodeError::Byte {
            offset: data_len,
            byte: b'=',
        });
    }
    let mut out = Vec::with_capacity(data.len() / 4 * 3 + 2);
    for (g, group) in data.chunks(4).enumerate() {
        let mut n = 0u32;
        for (i, &byte) in group.iter().enumerate() {
            let v = value(byte).ok_or(DecodeError::Byte {
                offset: g * 4 + i,
                byte,
            })?;
            n |= v << (18 - 6 * i);
        }
        let bytes = group.len() - 1;
        // RFC 4648 §3.5: the bits below the last whole byte must be zero.
        if n & (0x00ff_ffff >> (8 * bytes)) != 0 {
            let offset = g * 4 + bytes;
            return Err(DecodeError::LastSymbol {
                offset,
                byte: group[bytes],
            });
        }
        out.extend_from_slice(&n.to_be_bytes()[1..1 + bytes]);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig, STANDARD};
    use base64::engine::DecodePaddingMode;
    use base64::Engine as _;

    /// The base64 crate with the same leniency, as the reference.
    const REFERENCE: GeneralPurpose = GeneralPurpose::new(
        &base64::alphabet::STANDARD,
        GeneralPurposeConfig::new().with_decode_padding_mode(DecodePaddingMode::Indifferent),
    );

    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
    }

    #[test]
    fn encoding_matches_the_base64_crate() {
        let mut rng = Rng(0x1234_5678_9abc_def1);
        for len in 0..300 {
            let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
            assert_eq!(encode(&bytes), STANDARD.encode(&bytes), "len {len}");
        }
    }

    #[test]
    fn decoding_accepts_and_refuses_what_the_base64_crate_does() {
        let mut rng = Rng(0x0fed_cba9_8765_4321);
        let symbols = b"AQgw+/=Zz09-_ \n";
        for case in 0..200_000 {
            let text: Vec<u8> = if case % 2 == 0 {
                // Real encodings, then damaged: a symbol changed, padding added or removed.
                let len = (rng.next() % 40) as usize;
                let bytes: Vec<u8> = (0..len).map(|_| rng.next() as u8).collect();
                let mut t = STANDARD.encode(&bytes).into_bytes();
                match rng.next() % 4 {
                    0 if !t.is_empty() => {
                        let i = (rng.next() % t.len() as u64) as usize;
                        t[i] = symbols[(rng.next() % symbols.len() as u64) as usize];
                    }
                    1 => t.push(b'='),
                    2 => {
                        t.pop();
                    }
                    _ => {}
                }
                t
            } else {
                let len = (rng.next() % 12) as usize;
                (0..len)
                    .map(|_| symbols[(rng.next() % symbols.len() as u64) as usize])
                    .collect()
            };
            let mine = decode_lenient(&text);
            let reference = REFERENCE.decode(&text);
            assert_eq!(
                mine.as_ref().ok(),
                reference.as_ref().ok(),
                "{:?}: {mine:?} vs {reference:?}",
                String::from_utf8_lossy(&text)
            );
        }
    }
}

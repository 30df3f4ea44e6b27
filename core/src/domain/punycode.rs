//! Punycode (RFC 3492): the Bootstring encoding IDNA uses for `xn--` labels.
//!
//! Written from the algorithm in RFC 3492 §6 with the parameter values of §5. Both directions
//! work on one label without its `xn--` prefix, use checked arithmetic (overflow is an error,
//! never a wrap or a panic) and never index out of bounds. The encoder writes lower-case
//! digits; the decoder accepts either case, as §5 requires.

/// RFC 3492 §5 parameter values for Punycode.
const BASE: u32 = 36;
const TMIN: u32 = 1;
const TMAX: u32 = 26;
const SKEW: u32 = 38;
const DAMP: u32 = 700;
const INITIAL_BIAS: u32 = 72;
const INITIAL_N: u32 = 0x80;
const DELIMITER: u8 = b'-';

/// Bias adaptation function (RFC 3492 §6.1).
fn adapt(delta: u32, num_points: u32, first_time: bool) -> u32 {
    let mut delta = if first_time { delta / DAMP } else { delta / 2 };
    // `num_points` is at least 1 at every call site; `max` keeps the division safe regardless.
    delta += delta / num_points.max(1);
    let mut k = 0;
    while delta > ((BASE - TMIN) * TMAX) / 2 {
        delta /= BASE - TMIN;
        k += BASE;
    }
    k + ((BASE - TMIN + 1) * delta) / (delta + SKEW)
}

/// The threshold `t` for position `k` (RFC 3492 §6.2/§6.3), clamped to `[TMIN, TMAX]`.
fn threshold(k: u32, bias: u32) -> u32 {
    if k <= bias {
        TMIN
    } else if k >= bias.saturating_add(TMAX) {
        TMAX
    } else {
        k - bias
    }
}

/// Digit value `0..36` to its basic code point: `a`–`z` for 0–25, `0`–`9` for 26–35.
fn encode_digit(d: u32) -> char {
    match d {
        0..=25 => char::from(b'a' + d as u8),
        // 26..=35; anything larger cannot happen (callers reduce modulo BASE).
        _ => char::from(b'0' + (d.saturating_sub(26) as u8).min(9)),
    }
}

/// Basic code point to its digit value, either case; `None` for a non-digit.
fn decode_digit(c: u8) -> Option<u32> {
    match c {
        b'a'..=b'z' => Some(u32::from(c - b'a')),
        b'A'..=b'Z' => Some(u32::from(c - b'A')),
        b'0'..=b'9' => Some(u32::from(c - b'0') + 26),
        _ => None,
    }
}

/// Encodes `input` (one label, any Unicode) to Punycode, without the `xn--` prefix.
///
/// Basic (ASCII) code points are copied as they are, followed by `-` when there are any,
/// then the deltas for the others. `None` only on arithmetic overflow (RFC 3492 §6.4), which
/// needs inputs far longer than any DNS label.
pub(crate) fn encode(input: &str) -> Option<String> {
    let code_points: Vec<u32> = input.chars().map(u32::from).collect();
    let total = u32::try_from(code_points.len()).ok()?;
    let mut output = String::with_capacity(code_points.len() + 8);
    for &c in &code_points {
        if c < 0x80 {
            output.push(char::from(c as u8));
        }
    }
    let basic = u32::try_from(output.len()).ok()?;
    let mut handled = basic;
    if basic > 0 {
        output.push(char::from(DELIMITER));
    }

    let mut n = INITIAL_N;
    let mut delta: u32 = 0;
    let mut bias = INITIAL_BIAS;
    while handled < total {
        // The smallest code point not yet handled (there is one: handled < total).
        let m = code_points.iter().copied().filter(|&c| c >= n).min()?;
        delta = delta.checked_add((m - n).checked_mul(handled.checked_add(1)?)?)?;
        n = m;
        for &c in &code_points {
            if c < n {
                delta = delta.checked_add(1)?;
            }
            if c == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let t = threshold(k, bias);
                    if q < t {
                        break;
                    }
                    output.push(encode_digit(t + (q - t) % (BASE - t)));
                    q = (q - t) / (BASE - t);
                    k = k.checked_add(BASE)?;
                }
                output.push(encode_digit(q));
                bias = adapt(delta, handled + 1, handled == basic);
                delta = 0;
                handled += 1;
            }
        }
        delta = delta.checked_add(1)?;
        n = n.checked_add(1)?;
    }
    Some(output)
}

/// Decodes Punycode `input` (one label, without the `xn--` prefix).
///
/// `None` when the input is not valid Punycode: a non-ASCII character, a character that is
/// not a digit after the last delimiter, a truncated number, an overflow, a decoded value
/// that is a basic code point, a surrogate or beyond U+10FFFF (RFC 3492 §6.2).
pub(crate) fn decode(input: &str) -> Option<String> {
    let bytes = input.as_bytes();
    if !bytes.is_ascii() {
        return None;
    }
    // Everything before the last delimiter is copied; the delimiter is consumed only when
    // something precedes it (a leading `-` with nothing before it is an invalid digit).
    let (basic, extended): (&[u8], &[u8]) = match bytes.iter().rposition(|&c| c == DELIMITER) {
        Some(p) if p > 0 => (bytes.get(..p)?, bytes.get(p + 1..)?),
        _ => (&[], bytes),
    };
    let mut output: Vec<char> = basic.iter().map(|&c| char::from(c)).collect();

    let mut n = INITIAL_N;
    let mut i: u32 = 0;
    let mut bias = INITIAL_BIAS;
    let mut digits = extended.iter().copied().peekable();
    while digits.peek().is_some() {
        let old_i = i;
        let mut w: u32 = 1;
        let mut k = BASE;
        loop {
            let digit = decode_digit(digits.next()?)?;
            i = i.checked_add(digit.checked_mul(w)?)?;
            let t = threshold(k, bias);
            if digit < t {
                break;
            }
            w = w.checked_mul(BASE - t)?;
            k = k.checked_add(BASE)?;
        }
        let len = u32::try_from(output.len()).ok()?.checked_add(1)?;
        bias = adapt(i - old_i, len, old_i == 0);
        n = n.checked_add(i / len)?;
        i %= len;
        if n < 0x80 {
            return None;
        }
        let c = char::from_u32(n)?;
        let at = usize::try_from(i).ok()?;
        if at > output.len() {
            return None;
        }
        output.insert(at, c);
        i += 1;
    }
    Some(output.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::{decode, encode};

    /// RFC 3492 §7.1 sample strings (A)–(S): code points and their Punycode. The encodings
    /// are as printed in the RFC, including its mixed-case annotations (the upper-case `D`
    /// of (I) and the upper-case basic code points of (D), (J), (K), (L), (M), (N), (P)).
    const RFC_3492_SAMPLES: &[(&[u32], &str)] = &[
        // (A) Arabic (Egyptian)
        (
            &[
                0x0644, 0x064A, 0x0647, 0x0645, 0x0627, 0x0628, 0x062A, 0x0643, 0x0644, 0x0645,
                0x0648, 0x0634, 0x0639, 0x0631, 0x0628, 0x064A, 0x061F,
            ],
            "egbpdaj6bu4bxfgehfvwxn",
        ),
        // (B) Chinese (simplified)
        (
            &[
                0x4ED6, 0x4EEC, 0x4E3A, 0x4EC0, 0x4E48, 0x4E0D, 0x8BF4, 0x4E2D, 0x6587,
            ],
            "ihqwcrb4cv8a8dqg056pqjye",
        ),
        // (C) Chinese (traditional)
        (
            &[
                0x4ED6, 0x5011, 0x7232, 0x4EC0, 0x9EBD, 0x4E0D, 0x8AAA, 0x4E2D, 0x6587,
            ],
            "ihqwctvzc91f659drss3x8bo0yb",
        ),
        // (D) Czech: Pro<ccaron>prost<ecaron>nemluv<iacute><ccaron>esky
        (
            &[
                0x0050, 0x0072, 0x006F, 0x010D, 0x0070, 0x0072, 0x006F, 0x0073, 0x0074, 0x011B,
                0x006E, 0x0065, 0x006D, 0x006C, 0x0075, 0x0076, 0x00ED, 0x010D, 0x0065, 0x0073,
                0x006B, 0x0079,
            ],
            "Proprostnemluvesky-uyb24dma41a",
        ),
        // (E) Hebrew
        (
            &[
                0x05DC, 0x05DE, 0x05D4, 0x05D4, 0x05DD, 0x05E4, 0x05E9, 0x05D5, 0x05D8, 0x05DC,
                0x05D0, 0x05DE, 0x05D3, 0x05D1, 0x05E8, 0x05D9, 0x05DD, 0x05E2, 0x05D1, 0x05E8,
                0x05D9, 0x05EA,
            ],
            "4dbcagdahymbxekheh6e0a7fei0b",
        ),
        // (F) Hindi (Devanagari)
        (
            &[
                0x092F, 0x0939, 0x0932, 0x094B, 0x0917, 0x0939, 0x093F, 0x0928, 0x094D, 0x0926,
                0x0940, 0x0915, 0x094D, 0x092F, 0x094B, 0x0902, 0x0928, 0x0939, 0x0940, 0x0902,
                0x092C, 0x094B, 0x0932, 0x0938, 0x0915, 0x0924, 0x0947, 0x0939, 0x0948, 0x0902,
            ],
            "i1baa7eci9glrd9b2ae1bj0hfcgg6iyaf8o0a1dig0cd",
        ),
        // (G) Japanese (kanji and hiragana)
        (
            &[
                0x306A, 0x305C, 0x307F, 0x3093, 0x306A, 0x65E5, 0x672C, 0x8A9E, 0x3092, 0x8A71,
                0x3057, 0x3066, 0x304F, 0x308C, 0x306A, 0x3044, 0x306E, 0x304B,
            ],
            "n8jok5ay5dzabd5bym9f0cm5685rrjetr6pdxa",
        ),
        // (H) Korean (Hangul syllables)
        (
            &[
                0xC138, 0xACC4, 0xC758, 0xBAA8, 0xB4E0, 0xC0AC, 0xB78C, 0xB4E4, 0xC774, 0xD55C,
                0xAD6D, 0xC5B4, 0xB97C, 0xC774, 0xD574, 0xD55C, 0xB2E4, 0xBA74, 0xC5BC, 0xB9C8,
                0xB098, 0xC88B, 0xC744, 0xAE4C,
            ],
            "989aomsvi5e83db1d2a355cv1e0vak1dwrv93d5xbh15a0dt30a5jpsd879ccm6fea98c",
        ),
        // (I) Russian (Cyrillic)
        (
            &[
                0x043F, 0x043E, 0x0447, 0x0435, 0x043C, 0x0443, 0x0436, 0x0435, 0x043E, 0x043D,
                0x0438, 0x043D, 0x0435, 0x0433, 0x043E, 0x0432, 0x043E, 0x0440, 0x044F, 0x0442,
                0x043F, 0x043E, 0x0440, 0x0443, 0x0441, 0x0441, 0x043A, 0x0438,
            ],
            "b1abfaaepdrnnbgefbaDotcwatmq2g4l",
        ),
        // (J) Spanish: Porqu<eacute>nopuedensimplementehablarenEspa<ntilde>ol
        (
            &[
                0x0050, 0x006F, 0x0072, 0x0071, 0x0075, 0x00E9, 0x006E, 0x006F, 0x0070, 0x0075,
                0x0065, 0x0064, 0x0065, 0x006E, 0x0073, 0x0069, 0x006D, 0x0070, 0x006C, 0x0065,
                0x006D, 0x0065, 0x006E, 0x0074, 0x0065, 0x0068, 0x0061, 0x0062, 0x006C, 0x0061,
                0x0072, 0x0065, 0x006E, 0x0045, 0x0073, 0x0070, 0x0061, 0x00F1, 0x006F, 0x006C,
            ],
            "PorqunopuedensimplementehablarenEspaol-fmd56a",
        ),
        // (K) Vietnamese
        (
            &[
                0x0054, 0x1EA1, 0x0069, 0x0073, 0x0061, 0x006F, 0x0068, 0x1ECD, 0x006B, 0x0068,
                0x00F4, 0x006E, 0x0067, 0x0074, 0x0068, 0x1EC3, 0x0063, 0x0068, 0x1EC9, 0x006E,
                0x00F3, 0x0069, 0x0074, 0x0069, 0x1EBF, 0x006E, 0x0067, 0x0056, 0x0069, 0x1EC7,
                0x0074,
            ],
            "TisaohkhngthchnitingVit-kjcr8268qyxafd2f1b9g",
        ),
        // (L) 3<nen>B<gumi><kinpachi><sensei>
        (
            &[
                0x0033, 0x5E74, 0x0042, 0x7D44, 0x91D1, 0x516B, 0x5148, 0x751F,
            ],
            "3B-ww4c5e180e575a65lsy2b",
        ),
        // (M) <amuro><namie>-with-SUPER-MONKEYS
        (
            &[
                0x5B89, 0x5BA4, 0x5948, 0x7F8E, 0x6075, 0x002D, 0x0077, 0x0069, 0x0074, 0x0068,
                0x002D, 0x0053, 0x0055, 0x0050, 0x0045, 0x0052, 0x002D, 0x004D, 0x004F, 0x004E,
                0x004B, 0x0045, 0x0059, 0x0053,
            ],
            "-with-SUPER-MONKEYS-pc58ag80a8qai00g7n9n",
        ),
        // (N) Hello-Another-Way-<sorezore><no><basho>
        (
            &[
                0x0048, 0x0065, 0x006C, 0x006C, 0x006F, 0x002D, 0x0041, 0x006E, 0x006F, 0x0074,
                0x0068, 0x0065, 0x0072, 0x002D, 0x0057, 0x0061, 0x0079, 0x002D, 0x305D, 0x308C,
                0x305E, 0x308C, 0x306E, 0x5834, 0x6240,
            ],
            "Hello-Another-Way--fc4qua05auwb3674vfr0b",
        ),
        // (O) <hitotsu><yane><no><shita>2
        (
            &[
                0x3072, 0x3068, 0x3064, 0x5C4B, 0x6839, 0x306E, 0x4E0B, 0x0032,
            ],
            "2-u9tlzr9756bt3uc0v",
        ),
        // (P) Maji<de>Koi<suru>5<byou><mae>
        (
            &[
                0x004D, 0x0061, 0x006A, 0x0069, 0x3067, 0x004B, 0x006F, 0x0069, 0x3059, 0x308B,
                0x0035, 0x79D2, 0x524D,
            ],
            "MajiKoi5-783gue6qz075azm5e",
        ),
        // (Q) <pafii>de<runba>
        (
            &[
                0x30D1, 0x30D5, 0x30A3, 0x30FC, 0x0064, 0x0065, 0x30EB, 0x30F3, 0x30D0,
            ],
            "de-jg4avhby1noc0d",
        ),
        // (R) <sono><supiido><de>
        (
            &[0x305D, 0x306E, 0x30B9, 0x30D4, 0x30FC, 0x30C9, 0x3067],
            "d9juau41awczczp",
        ),
        // (S) -> $1.00 <-
        (
            &[
                0x002D, 0x003E, 0x0020, 0x0024, 0x0031, 0x002E, 0x0030, 0x0030, 0x0020, 0x003C,
                0x002D,
            ],
            "-> $1.00 <--",
        ),
    ];

    fn text(code_points: &[u32]) -> String {
        code_points
            .iter()
            .map(|&c| char::from_u32(c).expect("sample code point"))
            .collect()
    }

    #[test]
    fn rfc_3492_samples_round_trip() {
        assert_eq!(RFC_3492_SAMPLES.len(), 19, "(A) through (S)");
        for (code_points, punycode) in RFC_3492_SAMPLES {
            let unicode = text(code_points);
            // The encoder writes lower-case digits; the RFC's only upper-case digit is the
            // optional mixed-case annotation `D` of (I). Basic code points keep their case.
            let expected = punycode.replace("aDo", "ado");
            assert_eq!(
                encode(&unicode).as_deref(),
                Some(expected.as_str()),
                "{punycode}"
            );
            assert_eq!(
                decode(punycode).as_deref(),
                Some(unicode.as_str()),
                "{punycode}"
            );
            assert_eq!(
                decode(&expected).as_deref(),
                Some(unicode.as_str()),
                "{punycode}"
            );
        }
    }

    /// Encodings computed with CPython 3.11's independent `punycode` codec:
    /// `python3 -c "print('한국'.encode('punycode'))"` and so on.
    #[test]
    fn encode_agrees_with_python() {
        let python: &[(&str, &str)] = &[
            ("한국", "3e0b707e"),
            ("münchen", "mnchen-3ya"),
            ("bücher", "bcher-kva"),
            ("例え", "r8jz45g"),
            ("испытание", "80akhbyknj4f"),
            ("faß", "fa-hia"),
            ("ü", "tda"),
            ("abc", "abc-"),
            ("", ""),
            ("😀", "e28h"),
            ("\u{10FFFF}", "dn32g"),
        ];
        for (unicode, punycode) in python {
            assert_eq!(encode(unicode).as_deref(), Some(*punycode), "{unicode}");
            assert_eq!(decode(punycode).as_deref(), Some(*unicode), "{punycode}");
        }
    }

    #[test]
    fn decoder_rejects_invalid_input() {
        for bad in [
            "zz", // truncated number (Python: "incomplete punicode string")
            "99", // truncated
            "a9", // truncated
            "-a", // RFC 3492 §6.2: a leading delimiter is not consumed and `-` is no digit
            // (Python's codec is laxer here and decodes it to U+0080)
            "ab_c",      // `_` is not a digit
            "ü",         // non-ASCII input
            "99999999a", // far beyond U+10FFFF (Python: "Invalid character U+11bf31fc9")
            "zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz",
        ] {
            assert_eq!(decode(bad), None, "{bad}");
        }
        // Python decodes these the same way: "abc" → U+0082 U+0081 U+0080.
        assert_eq!(decode("abc").as_deref(), Some("\u{82}\u{81}\u{80}"));
        assert_eq!(decode("").as_deref(), Some(""));
    }

    #[test]
    fn decoder_never_panics_on_odd_input() {
        let alphabet = b"az09-_AZ.";
        let mut state: u32 = 12345;
        for len in 0..40 {
            for _ in 0..50 {
                let s: String = (0..len)
                    .map(|_| {
                        state = state.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                        let pick = (state >> 16) as usize % alphabet.len();
                        char::from(alphabet.get(pick).copied().unwrap_or(b'a'))
                    })
                    .collect();
                if let Some(u) = decode(&s) {
                    // Whatever decodes re-encodes without trouble.
                    assert!(encode(&u).is_some(), "{s}");
                }
            }
        }
    }
}

//! IDNA 2008 validity of a U-label (RFC 5891 §5.4, RFC 5892), the part of the
//! Unicode name rules that UTS 46 leaves out.
//!
//! The `idna` crate implements UTS 46, which keeps as valid many code points IDNA 2008
//! disallows (symbols and emoji such as ☃ U+2603, marked NV8 in UTS 46's table), and does
//! not apply the CONTEXTO rules. CAs judge names by IDNA 2008 (zlint's IDN lints, Boulder),
//! and so does Python's `idna` package, the reference implementation ncpcert is tested against. So a label that `idna`
//! accepts is checked here as well:
//!
//! - every code point's class is derived as RFC 5892 §3 says, from the Unicode properties of
//!   the ICU4X data `idna` itself runs on (`icu_properties`): no code point table is written
//!   here, only the RFC's derivation rules and its short list of exceptions (§2.6);
//! - CONTEXTO code points must satisfy their rule (RFC 5892 Appendix A.3–A.9).
//!
//! CONTEXTJ (the joiners, Appendix A.1–A.2), NFC, hyphen placement, leading combining marks
//! and the Bidi rule (RFC 5893) are checked by `idna` (UTS 46 CheckJoiners, CheckHyphens,
//! CheckBidi) before a label gets here.

use icu_properties::props::{
    ChangesWhenNfkcCasefolded, DefaultIgnorableCodePoint, GeneralCategory, HangulSyllableType,
    JoinControl, NoncharacterCodePoint, Script, WhiteSpace,
};
use icu_properties::{CodePointMapData, CodePointSetData};

/// A code point's IDNA 2008 derived property value (RFC 5892 §3).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Class {
    Pvalid,
    ContextJ,
    ContextO,
    Disallowed,
    Unassigned,
}

/// RFC 5892 §2.6, Exceptions (F): the code points whose class is set by hand.
fn exception(c: char) -> Option<Class> {
    Some(match c {
        // PVALID: would otherwise be DISALLOWED (ß, ς, Arabic signs, Tibetan tsheg, 〇).
        '\u{00DF}' | '\u{03C2}' | '\u{06FD}' | '\u{06FE}' | '\u{0F0B}' | '\u{3007}' => {
            Class::Pvalid
        }
        // CONTEXTO: middle dot, Greek keraia, Hebrew geresh and gershayim, katakana middle
        // dot; the Arabic-Indic and extended Arabic-Indic digits.
        '\u{00B7}' | '\u{0375}' | '\u{05F3}' | '\u{05F4}' | '\u{30FB}' => Class::ContextO,
        '\u{0660}'..='\u{0669}' | '\u{06F0}'..='\u{06F9}' => Class::ContextO,
        // DISALLOWED: would otherwise be PVALID (tatweel, NKo lajanyalan, Hangul tone marks,
        // vertical kana repeat marks, the ideographic variation indicator).
        '\u{0640}'
        | '\u{07FA}'
        | '\u{302E}'
        | '\u{302F}'
        | '\u{3031}'..='\u{3035}'
        | '\u{303B}' => Class::Disallowed,
        _ => return None,
    })
}

/// RFC 5892 §2.4, IgnorableBlocks (D): Combining Diacritical Marks for Symbols, Musical
/// Symbols, Ancient Greek Musical Notation.
fn in_ignorable_block(c: char) -> bool {
    matches!(c, '\u{20D0}'..='\u{20FF}' | '\u{1D100}'..='\u{1D1FF}' | '\u{1D200}'..='\u{1D24F}')
}

/// The class of `c`, in the order of RFC 5892 §3.
pub(crate) fn class(c: char) -> Class {
    if let Some(class) = exception(c) {
        return class;
    }
    // BackwardCompatible (G) is empty.
    let category = CodePointMapData::<GeneralCategory>::new().get(c);
    if category == GeneralCategory::Unassigned
        && !CodePointSetData::new::<NoncharacterCodePoint>().contains(c)
    {
        return Class::Unassigned;
    }
    // LDH (K).
    if c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' {
        return Class::Pvalid;
    }
    // JoinControl (H).
    if CodePointSetData::new::<JoinControl>().contains(c) {
        return Class::ContextJ;
    }
    // Unstable (B): NFKC_Casefold changes it.
    if CodePointSetData::new::<ChangesWhenNfkcCasefolded>().contains(c) {
        return Class::Disallowed;
    }
    // IgnorableProperties (C), IgnorableBlocks (D), OldHangulJamo (I).
    if CodePointSetData::new::<DefaultIgnorableCodePoint>().contains(c)
        || CodePointSetData::new::<WhiteSpace>().contains(c)
        || CodePointSetData::new::<NoncharacterCodePoint>().contains(c)
        || in_ignorable_block(c)
    {
        return Class::Disallowed;
    }
    let jamo = CodePointMapData::<HangulSyllableType>::new().get(c);
    if matches!(
        jamo,
        HangulSyllableType::LeadingJamo
            | HangulSyllableType::VowelJamo
            | HangulSyllableType::TrailingJamo
    ) {
        return Class::Disallowed;
    }
    // LetterDigits (A).
    if matches!(
        category,
        GeneralCategory::LowercaseLetter
            | GeneralCategory::UppercaseLetter
            | GeneralCategory::OtherLetter
            | GeneralCategory::DecimalNumber
            | GeneralCategory::ModifierLetter
            | GeneralCategory::NonspacingMark
            | GeneralCategory::SpacingMark
    ) {
        return Class::Pvalid;
    }
    Class::Disallowed
}

fn script(c: char) -> Script {
    CodePointMapData::<Script>::new().get(c)
}

/// RFC 5892 Appendix A.3–A.9: the CONTEXTO rule for the code point at `at` in `label`.
fn context_o_ok(label: &[char], at: usize) -> bool {
    let before = at.checked_sub(1).and_then(|i| label.get(i)).copied();
    let after = label.get(at + 1).copied();
    match label.get(at) {
        // A.3 MIDDLE DOT: between two `l` (Catalan `l·l`).
        Some('\u{00B7}') => before == Some('l') && after == Some('l'),
        // A.4 GREEK LOWER NUMERAL SIGN (KERAIA): followed by a Greek character.
        Some('\u{0375}') => after.is_some_and(|c| script(c) == Script::Greek),
        // A.5, A.6 HEBREW PUNCTUATION GERESH, GERSHAYIM: preceded by a Hebrew character.
        Some('\u{05F3}' | '\u{05F4}') => before.is_some_and(|c| script(c) == Script::Hebrew),
        // A.7 KATAKANA MIDDLE DOT: the label holds Hiragana, Katakana or Han.
        Some('\u{30FB}') => label.iter().any(|&c| {
            c != '\u{30FB}'
                && matches!(script(c), Script::Hiragana | Script::Katakana | Script::Han)
        }),
        // A.8, A.9 ARABIC-INDIC DIGITS and EXTENDED ARABIC-INDIC DIGITS: not mixed.
        Some('\u{0660}'..='\u{0669}') => {
            !label.iter().any(|c| matches!(c, '\u{06F0}'..='\u{06F9}'))
        }
        Some('\u{06F0}'..='\u{06F9}') => {
            !label.iter().any(|c| matches!(c, '\u{0660}'..='\u{0669}'))
        }
        _ => false,
    }
}

/// Why a U-label is not valid IDNA 2008.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Invalid {
    /// A DISALLOWED or UNASSIGNED code point.
    Disallowed(char),
    /// A CONTEXTO code point whose rule does not hold here.
    Context(char),
}

/// Checks the code points of one U-label (already through `idna`: NFC, lower case, joiners,
/// hyphens and Bidi checked). CONTEXTJ code points pass: `idna` checked their context.
pub(crate) fn check_label(label: &str) -> Result<(), Invalid> {
    let chars: Vec<char> = label.chars().collect();
    for (at, &c) in chars.iter().enumerate() {
        match class(c) {
            Class::Pvalid | Class::ContextJ => {}
            Class::ContextO if context_o_ok(&chars, at) => {}
            Class::ContextO => return Err(Invalid::Context(c)),
            Class::Disallowed | Class::Unassigned => return Err(Invalid::Disallowed(c)),
        }
    }
    Ok(())
}

//! A small, strict, zero-copy DER reader (X.690 §8 and §10): just what reading a PKCS#10
//! request needs.
//!
//! Every element is read as tag, length and content from a byte slice; the content is a
//! sub-slice of the input. Anything DER does not allow is refused: indefinite lengths
//! (X.690 §10.1), lengths not in their shortest form (X.690 §8.1.3.5, §10.1), tag numbers
//! in a needlessly long form (X.690 §8.1.2.4.2), bytes left over after an element or after
//! the last element of a constructed value.
//!
//! The reader never recurses: each structure is read by code written for its level, so the
//! nesting depth is that of the PKCS#10 schema. No input makes it panic: every slice access
//! is checked, and every length is compared with the bytes that are really there.

use std::fmt;

/// Why a DER element was refused, and where (byte offset in the whole input).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct DerError {
    pub(crate) problem: Problem,
    pub(crate) at: usize,
}

/// What is wrong with an element.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Problem {
    /// The input ends before the element does.
    Truncated,
    /// Bytes follow the last element where none may.
    TrailingBytes,
    /// Length octet `0x80` (X.690 §8.1.3.6), forbidden in DER.
    IndefiniteLength,
    /// A long-form length that fits a shorter form (X.690 §10.1).
    LengthNotMinimal,
    /// A length of more than four octets.
    LengthTooLong,
    /// A tag number in a non-minimal or overlong high-tag-number form (X.690 §8.1.2.4).
    TagInvalid,
    /// A universal tag this reader does not know (e.g. UniversalString, 28).
    TagUnsupported(u8),
    /// An element other than the one the structure requires there.
    UnexpectedTag { expected: Tag, found: Tag },
    /// Missing element.
    Missing(Tag),
    /// An element the structure does not allow there (e.g. an unknown GeneralName kind).
    Unexpected(Tag),
    /// An INTEGER that is empty, negative or not in minimal form (X.690 §8.3.2).
    BadInteger,
    /// A BIT STRING whose unused-bits octet is out of range (X.690 §8.6.2).
    BadBitString,
    /// A BOOLEAN that is not one octet `00` or `FF` (X.690 §11.1).
    BadBoolean,
    /// An OBJECT IDENTIFIER that is empty, truncated, has a padded subidentifier
    /// (X.690 §8.19.2) or exceeds the limits in [`oid_text`].
    BadOid,
    /// A character string whose bytes its type does not allow.
    BadString(Tag),
}

impl fmt::Display for DerError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.problem {
            Problem::Truncated => f.write_str("it is truncated: an element runs past the end")?,
            Problem::TrailingBytes => f.write_str("unexpected bytes after an element")?,
            Problem::IndefiniteLength => {
                f.write_str("an indefinite length, which DER does not allow")?
            }
            Problem::LengthNotMinimal => f.write_str("a length not in its shortest form")?,
            Problem::LengthTooLong => f.write_str("a length of more than four bytes")?,
            Problem::TagInvalid => f.write_str("a malformed tag")?,
            Problem::TagUnsupported(byte) => write!(f, "an unsupported tag 0x{byte:02x}")?,
            Problem::UnexpectedTag { expected, found } => {
                write!(f, "{found} where {expected} belongs")?
            }
            Problem::Missing(tag) => write!(f, "a missing {tag}")?,
            Problem::Unexpected(tag) => write!(f, "{tag} not allowed there")?,
            Problem::BadInteger => f.write_str("an INTEGER not in minimal form or negative")?,
            Problem::BadBitString => f.write_str("a malformed BIT STRING")?,
            Problem::BadBoolean => f.write_str("a BOOLEAN other than 00 or FF")?,
            Problem::BadOid => f.write_str("a malformed OBJECT IDENTIFIER")?,
            Problem::BadString(tag) => write!(f, "a {tag} with characters it does not allow")?,
        }
        write!(f, " at byte {}", self.at)
    }
}

pub(crate) type Result<T> = std::result::Result<T, DerError>;

/// An identifier: the first identifier octet (class, constructed bit, low tag number or
/// `0x1f`) and the tag number.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Tag {
    first: u8,
    number: u32,
}

const CONSTRUCTED: u8 = 0x20;
const CLASS_MASK: u8 = 0xc0;
const CLASS_CONTEXT: u8 = 0x80;
const HIGH_NUMBER: u8 = 0x1f;

impl Tag {
    pub(crate) const BOOLEAN: Tag = Tag::universal(0x01);
    pub(crate) const INTEGER: Tag = Tag::universal(0x02);
    pub(crate) const BIT_STRING: Tag = Tag::universal(0x03);
    pub(crate) const OCTET_STRING: Tag = Tag::universal(0x04);
    pub(crate) const NULL: Tag = Tag::universal(0x05);
    pub(crate) const OID: Tag = Tag::universal(0x06);
    pub(crate) const UTF8_STRING: Tag = Tag::universal(0x0c);
    pub(crate) const NUMERIC_STRING: Tag = Tag::universal(0x12);
    pub(crate) const PRINTABLE_STRING: Tag = Tag::universal(0x13);
    pub(crate) const TELETEX_STRING: Tag = Tag::universal(0x14);
    pub(crate) const IA5_STRING: Tag = Tag::universal(0x16);
    pub(crate) const VISIBLE_STRING: Tag = Tag::universal(0x1a);
    pub(crate) const BMP_STRING: Tag = Tag::universal(0x1e);
    pub(crate) const SEQUENCE: Tag = Tag::universal(0x30);
    pub(crate) const SET: Tag = Tag::universal(0x31);

    /// A universal tag from its single identifier octet.
    const fn universal(first: u8) -> Tag {
        Tag {
            first,
            number: (first & HIGH_NUMBER) as u32,
        }
    }

    /// A context-specific tag `[number]` (`number` < 31).
    pub(crate) const fn context(number: u8, constructed: bool) -> Tag {
        let flag = if constructed { CONSTRUCTED } else { 0 };
        Tag {
            first: CLASS_CONTEXT | flag | (number & HIGH_NUMBER),
            number: (number & HIGH_NUMBER) as u32,
        }
    }

    pub(crate) fn is_context(self) -> bool {
        self.first & CLASS_MASK == CLASS_CONTEXT
    }

    pub(crate) fn is_constructed(self) -> bool {
        self.first & CONSTRUCTED != 0
    }

    pub(crate) fn number(self) -> u32 {
        self.number
    }
}

impl fmt::Display for Tag {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let name = match *self {
            Tag::BOOLEAN => "a BOOLEAN",
            Tag::INTEGER => "an INTEGER",
            Tag::BIT_STRING => "a BIT STRING",
            Tag::OCTET_STRING => "an OCTET STRING",
            Tag::NULL => "a NULL",
            Tag::OID => "an OBJECT IDENTIFIER",
            Tag::UTF8_STRING => "a UTF8String",
            Tag::PRINTABLE_STRING => "a PrintableString",
            Tag::TELETEX_STRING => "a TeletexString",
            Tag::IA5_STRING => "an IA5String",
            Tag::BMP_STRING => "a BMPString",
            Tag::SEQUENCE => "a SEQUENCE",
            Tag::SET => "a SET",
            tag if tag.is_context() => return write!(f, "a [{}] element", tag.number),
            tag => return write!(f, "an element with tag 0x{:02x}", tag.first),
        };
        f.write_str(name)
    }
}

/// Universal identifier octets the reader accepts: the types X.509 and PKCS#10 use. Others
/// (ObjectDescriptor, EXTERNAL, GraphicString, UniversalString, primitive SEQUENCE, a
/// constructed string …) are refused wherever they appear, as the `der` crate that read
/// CSRs before did.
const KNOWN_UNIVERSAL: &[u8] = &[
    0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x09, 0x0a, 0x0c, 0x0d, 0x12, 0x13, 0x14, 0x15, 0x16, 0x17,
    0x18, 0x1a, 0x1b, 0x1e, 0x30, 0x31,
];

/// One element: its tag, its content octets and its whole encoding (identifier, length
/// and content) — all borrowed from the input.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Tlv<'a> {
    pub(crate) tag: Tag,
    pub(crate) content: &'a [u8],
    pub(crate) whole: &'a [u8],
    /// Offset of `whole` in the input.
    at: usize,
    /// Offset of `content` in the input.
    content_at: usize,
}

impl<'a> Tlv<'a> {
    /// A reader over the content (for a constructed element).
    pub(crate) fn reader(&self) -> Reader<'a> {
        Reader {
            rest: self.content,
            at: self.content_at,
        }
    }

    /// An error about this element.
    pub(crate) fn error(&self, problem: Problem) -> DerError {
        DerError {
            problem,
            at: self.at,
        }
    }

    /// Fails unless the element has tag `tag`.
    pub(crate) fn expect(self, tag: Tag) -> Result<Tlv<'a>> {
        if self.tag == tag {
            Ok(self)
        } else {
            Err(self.error(Problem::UnexpectedTag {
                expected: tag,
                found: self.tag,
            }))
        }
    }
}

/// Reads consecutive elements from a slice.
#[derive(Clone, Debug)]
pub(crate) struct Reader<'a> {
    rest: &'a [u8],
    /// Offset of `rest` in the input.
    at: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(input: &'a [u8]) -> Reader<'a> {
        Reader { rest: input, at: 0 }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.rest.is_empty()
    }

    fn error(&self, problem: Problem) -> DerError {
        DerError {
            problem,
            at: self.at,
        }
    }

    /// The tag of the next element without consuming it: `None` at the end, an error when
    /// the identifier octets are malformed.
    pub(crate) fn peek_tag(&self) -> Result<Option<Tag>> {
        if self.rest.is_empty() {
            return Ok(None);
        }
        let (tag, _) = self.read_tag()?;
        Ok(Some(tag))
    }

    /// Identifier octets (X.690 §8.1.2): the tag and how many octets it took.
    fn read_tag(&self) -> Result<(Tag, usize)> {
        let first = *self
            .rest
            .first()
            .ok_or_else(|| self.error(Problem::Truncated))?;
        if first & CLASS_MASK == 0 {
            return if KNOWN_UNIVERSAL.contains(&first) {
                Ok((Tag::universal(first), 1))
            } else if first & HIGH_NUMBER == HIGH_NUMBER && first & CONSTRUCTED == 0 {
                Err(self.error(Problem::TagInvalid))
            } else {
                Err(self.error(Problem::TagUnsupported(first)))
            };
        }
        if first & HIGH_NUMBER != HIGH_NUMBER {
            return Ok((
                Tag {
                    first,
                    number: u32::from(first & HIGH_NUMBER),
                },
                1,
            ));
        }
        // High tag number form (X.690 §8.1.2.4.2): base-128 digits, the first not 0x80, at
        // most five of them, and only for numbers of 31 and more.
        let mut number: u32 = 0;
        for i in 1..=5 {
            let byte = *self
                .rest
                .get(i)
                .ok_or_else(|| self.error(Problem::Truncated))?;
            if i == 1 && byte == 0x80 {
                return Err(self.error(Problem::TagInvalid));
            }
            number = (number << 7) | u32::from(byte & 0x7f);
            if byte & 0x80 == 0 {
                return if number < u32::from(HIGH_NUMBER) {
                    Err(self.error(Problem::TagInvalid))
                } else {
                    Ok((Tag { first, number }, i + 1))
                };
            }
            if number.leading_zeros() < 7 {
                return Err(self.error(Problem::TagInvalid));
            }
        }
        Err(self.error(Problem::TagInvalid))
    }

    /// Reads the next element, whatever its tag.
    pub(crate) fn read_any(&mut self) -> Result<Tlv<'a>> {
        let (tag, tag_len) = self.read_tag()?;
        let (content_len, len_len) = self.read_length(tag_len)?;
        let header = tag_len + len_len;
        let end = header
            .checked_add(content_len)
            .ok_or_else(|| self.error(Problem::Truncated))?;
        let whole = self
            .rest
            .get(..end)
            .ok_or_else(|| self.error(Problem::Truncated))?;
        let content = whole
            .get(header..)
            .ok_or_else(|| self.error(Problem::Truncated))?;
        let tlv = Tlv {
            tag,
            content,
            whole,
            at: self.at,
            content_at: self.at + header,
        };
        self.rest = self.rest.get(end..).unwrap_or_default();
        self.at += end;
        Ok(tlv)
    }

    /// Length octets after `offset` identifier octets (X.690 §8.1.3, §10.1): the content
    /// length and how many octets encode it.
    fn read_length(&self, offset: usize) -> Result<(usize, usize)> {
        let at = |n: usize| {
            self.rest
                .get(offset + n)
                .copied()
                .ok_or_else(|| self.error(Problem::Truncated))
        };
        let first = at(0)?;
        match first {
            0x00..=0x7f => Ok((usize::from(first), 1)),
            0x80 => Err(self.error(Problem::IndefiniteLength)),
            0x81..=0x84 => {
                let n = usize::from(first & 0x7f);
                let mut len: u32 = 0;
                for i in 1..=n {
                    len = (len << 8) | u32::from(at(i)?);
                }
                // X.690 §10.1: the fewest octets; so long form only from 128, and no
                // leading zero octet.
                let shortest = match len {
                    0..=0x7f => 0,
                    0x80..=0xff => 1,
                    0x100..=0xffff => 2,
                    0x1_0000..=0xff_ffff => 3,
                    _ => 4,
                };
                if shortest != n {
                    return Err(self.error(Problem::LengthNotMinimal));
                }
                let len = usize::try_from(len).map_err(|_| self.error(Problem::Truncated))?;
                Ok((len, n + 1))
            }
            _ => Err(self.error(Problem::LengthTooLong)),
        }
    }

    /// Reads the next element and requires tag `tag`.
    pub(crate) fn read(&mut self, tag: Tag) -> Result<Tlv<'a>> {
        if self.is_empty() {
            return Err(self.error(Problem::Missing(tag)));
        }
        self.read_any()?.expect(tag)
    }

    /// Reads the next element if there is one and it has tag `tag`.
    pub(crate) fn read_optional(&mut self, tag: Tag) -> Result<Option<Tlv<'a>>> {
        match self.peek_tag()? {
            Some(found) if found == tag => self.read_any().map(Some),
            _ => Ok(None),
        }
    }

    /// Succeeds only when every byte has been read.
    pub(crate) fn finish(self) -> Result<()> {
        if self.is_empty() {
            Ok(())
        } else {
            Err(self.error(Problem::TrailingBytes))
        }
    }

    /// All remaining elements (the components of a SEQUENCE OF or SET OF).
    pub(crate) fn read_all(mut self) -> Result<Vec<Tlv<'a>>> {
        let mut all = Vec::new();
        while !self.is_empty() {
            all.push(self.read_any()?);
        }
        Ok(all)
    }

    /// The single element of tag `tag` that must fill the whole input.
    pub(crate) fn read_only(mut self, tag: Tag) -> Result<Tlv<'a>> {
        let tlv = self.read(tag)?;
        self.finish()?;
        Ok(tlv)
    }

    /// The single element, of any tag, that must fill the whole input.
    pub(crate) fn read_single(mut self) -> Result<Tlv<'a>> {
        let tlv = self.read_any()?;
        self.finish()?;
        Ok(tlv)
    }
}

/// The magnitude of a non-negative DER INTEGER (X.690 §8.3): big-endian, leading zero
/// octets removed (empty for zero). Refuses an empty, negative or non-minimal encoding.
pub(crate) fn unsigned_integer<'a>(tlv: &Tlv<'a>) -> Result<&'a [u8]> {
    match tlv.content {
        [] => Err(tlv.error(Problem::BadInteger)),
        [0] => Ok(&[]),
        [0, next, ..] if *next < 0x80 => Err(tlv.error(Problem::BadInteger)),
        [0, rest @ ..] => Ok(rest),
        [first, ..] if *first >= 0x80 => Err(tlv.error(Problem::BadInteger)),
        bytes => Ok(bytes),
    }
}

/// A BIT STRING (X.690 §8.6): the number of unused bits (0–7, and 0 when there are no
/// bits) and the octets that carry the bits.
pub(crate) fn bit_string<'a>(tlv: &Tlv<'a>) -> Result<(u8, &'a [u8])> {
    match tlv.content {
        [unused, bits @ ..] if *unused <= 7 && (*unused == 0 || !bits.is_empty()) => {
            Ok((*unused, bits))
        }
        _ => Err(tlv.error(Problem::BadBitString)),
    }
}

/// A DER BOOLEAN (X.690 §11.1): one octet, `00` or `FF`.
pub(crate) fn boolean(tlv: &Tlv<'_>) -> Result<bool> {
    match tlv.content {
        [0x00] => Ok(false),
        [0xff] => Ok(true),
        _ => Err(tlv.error(Problem::BadBoolean)),
    }
}

/// Longest OBJECT IDENTIFIER content accepted, in octets (as the `const-oid` crate that
/// read CSRs before).
const MAX_OID_LEN: usize = 39;

/// The dotted text of an OBJECT IDENTIFIER's content octets (X.690 §8.19), e.g.
/// `2.5.4.3`, or `None` when they are not a valid OID.
///
/// Refused: no octets; a subidentifier that starts with `0x80` (X.690 §8.19.2: the fewest
/// octets) or is cut off; an arc above 2³²−1; more than 39 octets; and a first
/// subidentifier of more than one octet (first two arcs beyond 2.39, which no PKIX OID
/// uses — refused before as well).
pub(crate) fn oid_text(content: &[u8]) -> Option<String> {
    let (&root, rest) = content.split_first()?;
    if root >= 120 || content.len() > MAX_OID_LEN {
        return None;
    }
    let mut text = format!("{}.{}", root / 40, root % 40);
    let mut arc: u32 = 0;
    let mut fresh = true;
    for &byte in rest {
        if fresh && byte == 0x80 {
            return None;
        }
        arc = arc.checked_mul(0x80)? | u32::from(byte & 0x7f);
        fresh = byte & 0x80 == 0;
        if fresh {
            text.push('.');
            text.push_str(&arc.to_string());
            arc = 0;
        }
    }
    fresh.then_some(text)
}

/// Reads an OBJECT IDENTIFIER element and returns its dotted text.
pub(crate) fn read_oid(reader: &mut Reader<'_>) -> Result<String> {
    let tlv = reader.read(Tag::OID)?;
    oid_text(tlv.content).ok_or_else(|| tlv.error(Problem::BadOid))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn one(bytes: &[u8]) -> Result<Tlv<'_>> {
        let mut reader = Reader::new(bytes);
        let tlv = reader.read_any()?;
        reader.finish()?;
        Ok(tlv)
    }

    fn problem(bytes: &[u8]) -> Problem {
        one(bytes).unwrap_err().problem
    }

    #[test]
    fn short_and_long_lengths() {
        let tlv = one(&[0x04, 0x02, 0xaa, 0xbb]).unwrap();
        assert_eq!(tlv.tag, Tag::OCTET_STRING);
        assert_eq!(tlv.content, [0xaa, 0xbb]);
        assert_eq!(tlv.whole.len(), 4);

        let mut long = vec![0x04, 0x81, 0x80];
        long.extend([7; 0x80]);
        assert_eq!(one(&long).unwrap().content.len(), 0x80);

        let mut longer = vec![0x04, 0x82, 0x01, 0x00];
        longer.extend([7; 0x100]);
        assert_eq!(one(&longer).unwrap().content.len(), 0x100);
        assert!(one(&[0x05, 0x00]).unwrap().content.is_empty());
    }

    #[test]
    fn non_minimal_lengths_are_refused() {
        assert_eq!(
            problem(&[0x04, 0x81, 0x01, 0xaa]),
            Problem::LengthNotMinimal
        );
        assert_eq!(problem(&[0x04, 0x81, 0x7f]), Problem::LengthNotMinimal);
        let mut padded = vec![0x04, 0x82, 0x00, 0x80];
        padded.extend([7; 0x80]);
        assert_eq!(problem(&padded), Problem::LengthNotMinimal);
        assert_eq!(
            problem(&[0x04, 0x84, 0x00, 0x00, 0x00, 0x01, 0xaa]),
            Problem::LengthNotMinimal
        );
    }

    #[test]
    fn indefinite_and_overlong_lengths_are_refused() {
        assert_eq!(
            problem(&[0x30, 0x80, 0x05, 0x00, 0x00, 0x00]),
            Problem::IndefiniteLength
        );
        assert_eq!(
            problem(&[0x04, 0x85, 0, 0, 0, 0, 1, 0xaa]),
            Problem::LengthTooLong
        );
        assert_eq!(problem(&[0x04, 0xff]), Problem::LengthTooLong);
        // Four length octets are read, but the content is not there.
        assert_eq!(
            problem(&[0x04, 0x84, 0xff, 0xff, 0xff, 0xff, 0xaa]),
            Problem::Truncated
        );
    }

    #[test]
    fn truncated_elements_are_refused() {
        assert_eq!(problem(&[]), Problem::Truncated);
        assert_eq!(problem(&[0x04]), Problem::Truncated);
        assert_eq!(problem(&[0x04, 0x02, 0xaa]), Problem::Truncated);
        assert_eq!(problem(&[0x04, 0x82, 0x01]), Problem::Truncated);
        assert_eq!(problem(&[0x9f]), Problem::Truncated);
        assert_eq!(problem(&[0x9f, 0x81]), Problem::Truncated);
    }

    #[test]
    fn trailing_bytes_are_refused() {
        assert_eq!(problem(&[0x05, 0x00, 0x00]), Problem::TrailingBytes);
        let outer = one(&[0x30, 0x03, 0x05, 0x00, 0x01]).unwrap();
        let mut inner = outer.reader();
        inner.read(Tag::NULL).unwrap();
        assert_eq!(inner.finish().unwrap_err().problem, Problem::TrailingBytes);
    }

    #[test]
    fn tags() {
        assert_eq!(one(&[0x30, 0x00]).unwrap().tag, Tag::SEQUENCE);
        let ctx = one(&[0xa0, 0x00]).unwrap().tag;
        assert_eq!(ctx, Tag::context(0, true));
        assert!(ctx.is_context() && ctx.is_constructed() && ctx.number() == 0);
        assert_ne!(one(&[0x80, 0x00]).unwrap().tag, Tag::context(0, true));
        // High tag numbers: minimal, at least 31, at most five octets.
        assert_eq!(one(&[0x9f, 0x1f, 0x00]).unwrap().tag.number(), 31);
        assert_eq!(one(&[0xbf, 0x81, 0x00, 0x00]).unwrap().tag.number(), 128);
        assert_eq!(problem(&[0x9f, 0x1e, 0x00]), Problem::TagInvalid);
        assert_eq!(problem(&[0x9f, 0x80, 0x1f, 0x00]), Problem::TagInvalid);
        assert_eq!(
            problem(&[0x9f, 0xff, 0xff, 0xff, 0xff, 0x7f, 0x00]),
            Problem::TagInvalid
        );
        // Universal tags outside the known set.
        assert_eq!(problem(&[0x1f, 0x20, 0x00]), Problem::TagInvalid);
        assert_eq!(problem(&[0x1c, 0x00]), Problem::TagUnsupported(0x1c));
        assert_eq!(problem(&[0x10, 0x00]), Problem::TagUnsupported(0x10));
        assert_eq!(problem(&[0x24, 0x00]), Problem::TagUnsupported(0x24));
        assert_eq!(problem(&[0x00, 0x00]), Problem::TagUnsupported(0x00));
    }

    #[test]
    fn expected_tags() {
        let mut reader = Reader::new(&[0x04, 0x00]);
        let err = reader.clone().read(Tag::SEQUENCE).unwrap_err();
        assert!(matches!(err.problem, Problem::UnexpectedTag { .. }));
        assert_eq!(
            err.to_string(),
            "an OCTET STRING where a SEQUENCE belongs at byte 0"
        );
        assert!(reader.read_optional(Tag::BOOLEAN).unwrap().is_none());
        assert!(reader.read_optional(Tag::OCTET_STRING).unwrap().is_some());
        assert_eq!(reader.peek_tag(), Ok(None));
        assert_eq!(
            reader.read(Tag::NULL).unwrap_err().problem,
            Problem::Missing(Tag::NULL)
        );
    }

    #[test]
    fn offsets_point_into_the_input() {
        let input = [0x30, 0x05, 0x05, 0x00, 0x04, 0x81, 0x01];
        let outer = one(&input).unwrap();
        let mut inner = outer.reader();
        inner.read(Tag::NULL).unwrap();
        assert_eq!(inner.read_any().unwrap_err().at, 4);
    }

    #[test]
    fn integers() {
        let int = |content: &[u8]| {
            let mut bytes = vec![0x02, content.len() as u8];
            bytes.extend_from_slice(content);
            unsigned_integer(&one(&bytes).unwrap()).map(<[u8]>::to_vec)
        };
        assert_eq!(int(&[0]), Ok(vec![]));
        assert_eq!(int(&[1, 0]), Ok(vec![1, 0]));
        assert_eq!(int(&[0, 0x80]), Ok(vec![0x80]));
        assert!(int(&[]).is_err());
        assert!(int(&[0, 0x7f]).is_err());
        assert!(int(&[0, 0]).is_err());
        assert!(int(&[0x80]).is_err());
        assert!(int(&[0xff, 0x01]).is_err());
    }

    #[test]
    fn bit_strings_and_booleans() {
        let bits = |content: &[u8]| {
            let mut bytes = vec![0x03, content.len() as u8];
            bytes.extend_from_slice(content);
            bit_string(&one(&bytes).unwrap()).map(|(u, b)| (u, b.to_vec()))
        };
        assert_eq!(bits(&[0]), Ok((0, vec![])));
        assert_eq!(bits(&[0, 1, 2]), Ok((0, vec![1, 2])));
        assert_eq!(bits(&[7, 0x80]), Ok((7, vec![0x80])));
        assert!(bits(&[]).is_err());
        assert!(bits(&[8, 0]).is_err());
        assert!(bits(&[1]).is_err());
        assert_eq!(boolean(&one(&[0x01, 0x01, 0xff]).unwrap()), Ok(true));
        assert_eq!(boolean(&one(&[0x01, 0x01, 0x00]).unwrap()), Ok(false));
        assert!(boolean(&one(&[0x01, 0x01, 0x01]).unwrap()).is_err());
        assert!(boolean(&one(&[0x01, 0x02, 0x00, 0x00]).unwrap()).is_err());
    }

    #[test]
    fn oids() {
        let text = |bytes: &[u8]| oid_text(bytes);
        assert_eq!(text(&[0x55, 0x04, 0x03]).as_deref(), Some("2.5.4.3"));
        assert_eq!(
            text(&[0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b]).as_deref(),
            Some("1.2.840.113549.1.1.11")
        );
        assert_eq!(
            text(&[0x2b, 0x81, 0x04, 0x00, 0x22]).as_deref(),
            Some("1.3.132.0.34")
        );
        assert_eq!(text(&[0x00]).as_deref(), Some("0.0"));
        assert_eq!(text(&[0x77]).as_deref(), Some("2.39"));
        assert_eq!(
            text(&[0x2a, 0x8f, 0xff, 0xff, 0xff, 0x7f]).as_deref(),
            Some("1.2.4294967295")
        );
        assert_eq!(text(&[]), None, "empty");
        assert_eq!(text(&[0x2a, 0x86]), None, "cut off");
        assert_eq!(text(&[0x2a, 0x80, 0x01]), None, "padded subidentifier");
        assert_eq!(
            text(&[0x2a, 0x90, 0x80, 0x80, 0x80, 0x00]),
            None,
            "arc above u32"
        );
        assert_eq!(text(&[0x78]), None, "first arcs beyond 2.39");
        assert_eq!(text(&[0x88, 0x37]), None, "multi-octet first subidentifier");
        assert_eq!(text(&[0x2a; 39]).map(|_| ()), Some(()));
        assert_eq!(text(&[0x2a; 40]), None, "too long");

        let mut reader = Reader::new(&[0x06, 0x03, 0x55, 0x1d, 0x11]);
        assert_eq!(read_oid(&mut reader).as_deref(), Ok("2.5.29.17"));
        let mut bad = Reader::new(&[0x06, 0x02, 0x2a, 0x80]);
        assert_eq!(read_oid(&mut bad).unwrap_err().problem, Problem::BadOid);
    }

    #[test]
    fn every_prefix_and_byte_is_handled() {
        // No input panics: every truncation and every one-byte change of a small structure.
        let base = [
            0x30, 0x0c, 0x06, 0x03, 0x55, 0x04, 0x03, 0x0c, 0x05, 0x62, 0x9f, 0x1f, 0x01, 0x00,
        ];
        for cut in 0..base.len() {
            let _ = Reader::new(&base[..cut]).read_all();
        }
        for at in 0..base.len() {
            for byte in 0..=255u8 {
                let mut input = base;
                input[at] = byte;
                if let Ok(all) = Reader::new(&input).read_all() {
                    for tlv in all {
                        let _ = tlv.reader().read_all();
                        let _ = oid_text(tlv.content);
                    }
                }
            }
        }
    }
}

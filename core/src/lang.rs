//! The language of messages, and the templates every code's texts are written as.
//!
//! Each finding code ([`crate::Code`]) and error code ([`crate::ErrorCode`]) has its message
//! and hint in English and Korean in its table. Codes never change with the language: only
//! the words a person reads do.
//!
//! A text is a template with named parameters: `{name}` is replaced by the parameter `name`;
//! a section `[[ … ]]` appears only when every parameter it names was given (a parameter
//! given as `""` is a switch that turns a section on).

use std::fmt;

/// The language a host shows messages in. English is the default; a host chooses Korean
/// explicitly, or from the user's locale ([`Lang::from_locale`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Lang {
    /// English (`"en"`).
    #[default]
    En,
    /// Korean (`"ko"`).
    Ko,
}

impl Lang {
    /// Every language, English first.
    pub const ALL: &'static [Lang] = &[Lang::En, Lang::Ko];

    /// `"en"` or `"ko"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Ko => "ko",
        }
    }

    /// `"en"` or `"ko"` (any ASCII case; a region such as `ko-KR` or `en_US` is allowed).
    /// `None` for anything else.
    pub fn from_code_str(text: &str) -> Option<Lang> {
        let primary = text.split(['-', '_', '.', '@']).next().unwrap_or_default();
        if primary.eq_ignore_ascii_case("ko") {
            Some(Lang::Ko)
        } else if primary.eq_ignore_ascii_case("en") {
            Some(Lang::En)
        } else {
            None
        }
    }

    /// The language of a POSIX locale (`ko_KR.UTF-8` → Korean; any other locale, `C` and
    /// `POSIX` → English). `None` for an empty value, which does not choose.
    pub fn from_locale(locale: &str) -> Option<Lang> {
        let locale = locale.trim();
        if locale.is_empty() {
            return None;
        }
        Some(match Lang::from_code_str(locale) {
            Some(Lang::Ko) => Lang::Ko,
            _ => Lang::En,
        })
    }

    /// The language of the first locale variable that is set and not empty, given in the
    /// order POSIX reads them for messages: `LC_ALL`, `LC_MESSAGES`, `LANG`. English when none
    /// is set.
    pub fn from_locale_vars<'a>(values: impl IntoIterator<Item = Option<&'a str>>) -> Lang {
        values
            .into_iter()
            .flatten()
            .find_map(Lang::from_locale)
            .unwrap_or_default()
    }
}

impl fmt::Display for Lang {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

// The phrases' table is issuance's alone: without it the macro would be unused.
#[cfg(feature = "issuance")]
macro_rules! phrases {
    ($( $(#[$doc:meta])* $variant:ident, $en:literal, $ko:literal; )*) => {
        /// The words of the `ncpcert` command's own lines (progress, labels) in English and
        /// Korean, as templates (`{name}`): the command's messages besides the codes' texts.
        #[doc(hidden)]
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        #[non_exhaustive]
        pub enum Phrase { $( $(#[$doc])* $variant, )* }

        impl Phrase {
            /// Every phrase.
            pub const ALL: &'static [Phrase] = &[$( Phrase::$variant, )*];

            /// The template in `lang`.
            pub const fn template(self, lang: Lang) -> &'static str {
                match lang {
                    Lang::En => match self { $( Phrase::$variant => $en, )* },
                    Lang::Ko => match self { $( Phrase::$variant => $ko, )* },
                }
            }
        }
    };
}

#[cfg(feature = "issuance")]
phrases! {
    /// The label before a hint.
    Hint, "hint", "도움말";
    /// An order placed.
    Ordered, "ordered: certificateNo {no}", "주문했습니다: 인증서 번호 {no}";
    /// An order found and resumed.
    Resumed, "the order exists already (certificateNo {no}): resumed, not ordered again",
        "주문이 이미 있습니다(인증서 번호 {no}). 다시 주문하지 않고 이어서 진행합니다";
    /// No DCV record to publish.
    NoRecords, "NCP asks for no DNS record (the names are validated already)",
        "NCP가 요구하는 DNS 레코드가 없습니다(도메인 소유 확인(DCV)이 이미 끝났습니다)";
    /// The DCV records NCP asks for.
    Records, "NCP asks for the TXT records {records}",
        "NCP가 도메인 소유 확인(DCV)용 TXT 레코드를 요구합니다: {records}";
    /// The wait for NCP to issue.
    Waiting, "waiting for NCP to issue: {status} ({waited} s of {timeout} s)",
        "NCP의 인증서 발급을 기다리는 중: {status} ({timeout}초 중 {waited}초)";
    /// The certificate is issued.
    Issued, "certificate {no} is issued", "인증서 {no}이(가) 발급되었습니다";
    /// PD records kept.
    Kept, "keeping the records (validation PD): {records}",
        "레코드를 유지합니다(도메인 소유 확인 방법 PD): {records}";
    /// A name's zone.
    ZoneFound, "{name} is in the zone {zone}", "{name}은(는) 존(zone) {zone}에 있습니다";
    /// A record there already.
    AlreadyPresent, "{record} is there already: not created again",
        "{record}이(가) 이미 있어 다시 만들지 않습니다";
    /// Records created.
    Created, "created in {zone}: {records}", "{zone}에 레코드를 만들었습니다: {records}";
    /// Records deleted.
    Deleted, "deleted from {zone}: {records}", "{zone}에서 레코드를 지웠습니다: {records}";
    /// A record not there.
    Absent, "{record} is not there: nothing to delete", "{record}이(가) 없어 지울 것이 없습니다";
    /// A zone's changes applied.
    Applied, "applied the changes of {zone}", "{zone}의 변경 사항을 적용(apply)했습니다";
    /// A zone's name servers.
    Servers, "name servers of {zone}: {servers}", "{zone}의 네임서버: {servers}";
    /// The servers asked.
    Asking, "asking {servers}", "{servers}에 질의합니다";
    /// Values not served yet.
    NotServed, "not served yet: {names} ({waited} s of {timeout} s)",
        "아직 네임서버 응답에 없음: {names} ({timeout}초 중 {waited}초)";
    /// Values served.
    Served, "served: {names}", "네임서버 응답 확인: {names}";
    /// Any other progress.
    Progress, "progress", "진행 중";
}

#[cfg(feature = "issuance")]
impl Phrase {
    /// The phrase in `lang` with its values.
    pub fn render(self, lang: Lang, args: &[(&'static str, String)]) -> String {
        render(self.template(lang), args)
    }
}

/// The named values a template is rendered with.
pub(crate) type Args = Vec<(&'static str, String)>;

/// `template` with its parameters replaced by `args` (see the module docs).
pub(crate) fn render(template: &str, args: &[(&'static str, String)]) -> String {
    let mut out = String::with_capacity(template.len() + 64);
    let mut rest = template;
    while let Some(start) = rest.find("[[") {
        fill(rest.get(..start).unwrap_or_default(), args, &mut out);
        let section = rest.get(start + 2..).unwrap_or_default();
        let Some(end) = section.find("]]") else {
            rest = section;
            break;
        };
        let inner = section.get(..end).unwrap_or_default();
        if parameters(inner).all(|name| value(args, name).is_some()) {
            fill(inner, args, &mut out);
        }
        rest = section.get(end + 2..).unwrap_or_default();
    }
    fill(rest, args, &mut out);
    out
}

fn value<'a>(args: &'a [(&'static str, String)], name: &str) -> Option<&'a str> {
    args.iter()
        .find(|(key, _)| *key == name)
        .map(|(_, v)| v.as_str())
}

/// The `{name}` parameters of `text` (names are lower-case ASCII letters and `_`).
pub(crate) fn parameters(text: &str) -> impl Iterator<Item = &str> {
    text.split('{').skip(1).filter_map(|part| {
        let name = part.split('}').next()?;
        (part.len() > name.len() && is_name(name)).then_some(name)
    })
}

fn is_name(name: &str) -> bool {
    !name.is_empty() && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_')
}

/// `text` with each `{name}` replaced; an unknown `{name}` is kept as written.
fn fill(text: &str, args: &[(&'static str, String)], out: &mut String) {
    let mut rest = text;
    while let Some(open) = rest.find('{') {
        out.push_str(rest.get(..open).unwrap_or_default());
        let after = rest.get(open + 1..).unwrap_or_default();
        match after.find('}') {
            Some(close) => {
                let name = after.get(..close).unwrap_or_default();
                match (is_name(name), value(args, name)) {
                    (true, Some(v)) => out.push_str(v),
                    _ => {
                        out.push('{');
                        out.push_str(name);
                        out.push('}');
                    }
                }
                rest = after.get(close + 1..).unwrap_or_default();
            }
            None => {
                out.push_str(rest.get(open..).unwrap_or_default());
                rest = "";
            }
        }
    }
    out.push_str(rest);
}

/// The hint of an issuance error in a language other than English: the certificate, and
/// whether an order exists (running the same command again resumes it) or none was placed.
#[cfg(feature = "issuance")]
pub(crate) fn issuance_hint(lang: Lang, name: &str, no: Option<u64>, ordered: bool) -> String {
    match lang {
        Lang::En => String::new(),
        Lang::Ko => {
            let mut hint = match no {
                Some(no) => format!("인증서 이름 `{name}`, 인증서 번호 {no}."),
                None => format!("인증서 이름 `{name}`."),
            };
            hint.push_str(if ordered || no.is_some() {
                " 주문은 이미 접수되어 있습니다. 같은 명령을 다시 실행하면 다시 구매하지 않고 이어서 진행합니다."
            } else {
                " 아직 아무것도 주문하지 않았습니다."
            });
            hint
        }
    }
}

/// `true` when `text` holds a Hangul syllable.
#[cfg(test)]
pub(crate) fn has_hangul(text: &str) -> bool {
    text.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c))
}

/// Fails when `text` is not a whole Korean message: no Hangul, a section or a parameter
/// left unrendered.
#[cfg(test)]
#[track_caller]
pub(crate) fn assert_korean(text: &str) {
    assert!(has_hangul(text), "no Hangul: {text}");
    assert!(
        !text.contains("[[") && !text.contains("]]"),
        "a section left: {text}"
    );
    let unfilled = text.split('{').skip(1).find_map(|part| {
        let name = part.split('}').next()?;
        (part.len() > name.len() && is_name(name)).then_some(name)
    });
    assert_eq!(unfilled, None, "a parameter not filled in: {text}");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(pairs: &[(&'static str, &str)]) -> Args {
        pairs.iter().map(|(k, v)| (*k, (*v).to_owned())).collect()
    }

    #[test]
    fn parameters_and_sections_render() {
        let t = "`{name}` is bad[[; use `{alabel}`]][[{switch} (switched)]]. {unknown} {";
        assert_eq!(
            render(t, &args(&[("name", "a.b")])),
            "`a.b` is bad. {unknown} {"
        );
        assert_eq!(
            render(
                t,
                &args(&[("name", "a.b"), ("alabel", "xn--x"), ("switch", "")])
            ),
            "`a.b` is bad; use `xn--x` (switched). {unknown} {"
        );
        // A value is never read as a template.
        assert_eq!(render("{a}", &args(&[("a", "{a}[[x]]")])), "{a}[[x]]");
    }

    /// Every phrase of the command has both texts.
    #[cfg(feature = "issuance")]
    #[test]
    fn every_phrase_has_both_texts() {
        for &phrase in Phrase::ALL {
            let (en, ko) = (phrase.template(Lang::En), phrase.template(Lang::Ko));
            assert!(!has_hangul(en) && has_hangul(ko), "{phrase:?}");
            fn names(t: &str) -> std::collections::BTreeSet<&str> {
                parameters(t).collect()
            }
            assert_eq!(names(en), names(ko), "{phrase:?}: the same values in both");
        }
    }

    #[test]
    fn locales_choose_the_language() {
        assert_eq!(Lang::from_locale("ko_KR.UTF-8"), Some(Lang::Ko));
        assert_eq!(Lang::from_locale("ko"), Some(Lang::Ko));
        assert_eq!(Lang::from_locale("en_US.UTF-8"), Some(Lang::En));
        assert_eq!(Lang::from_locale("C.UTF-8"), Some(Lang::En));
        assert_eq!(Lang::from_locale("kok_IN"), Some(Lang::En));
        assert_eq!(Lang::from_locale(""), None);
        // LC_ALL wins, an empty one does not count.
        assert_eq!(
            Lang::from_locale_vars([Some(""), Some("ko_KR.UTF-8"), Some("en_US.UTF-8")]),
            Lang::Ko
        );
        assert_eq!(
            Lang::from_locale_vars([Some("C"), None, Some("ko_KR.UTF-8")]),
            Lang::En
        );
        assert_eq!(Lang::from_locale_vars([None, None, None]), Lang::En);
        assert_eq!(Lang::from_code_str("KO-kr"), Some(Lang::Ko));
        assert_eq!(Lang::from_code_str("fr"), None);
    }
}

//! Findings and reports: what validation says about a request or a CSR.
//!
//! Every finding carries a stable [`Code`] (its string form is the machine-readable code
//! every language shows), a JSON-path `field`, a [`Severity`] and an English message that says what to do.
//! The code table, with each code's severity, lives here and nowhere else.

use crate::lang::{render, Args, Lang};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::fmt;

/// How serious a finding is. Serialises as `"error"` or `"warning"`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum Severity {
    /// Blocks `prepare`: NCP or the CA would refuse the request.
    Error,
    /// Worth knowing; blocks `prepare` only under a strict [`Policy`].
    Warning,
}

impl Severity {
    /// `"error"` or `"warning"`, as serialised.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

impl fmt::Display for Severity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Validation policy.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct Policy {
    /// When `true`, every warning counts as an error (and is reported with severity `error`).
    pub strict: bool,
}

impl Policy {
    /// The default policy: warnings are reported but do not block.
    pub const fn lenient() -> Self {
        Policy { strict: false }
    }

    /// A strict policy: warnings block too.
    pub const fn strict() -> Self {
        Policy { strict: true }
    }
}

/// Longest piece of user input quoted in a message, in characters.
const EXCERPT_CHARS: usize = 80;

/// `text` for a message, shortened to 80 characters with `…`: messages quote what the user
/// gave, but never a whole 10 MB string.
pub(crate) fn excerpt(text: &str) -> String {
    match text.char_indices().nth(EXCERPT_CHARS) {
        Some((cut, _)) => format!("{}…", text.get(..cut).unwrap_or(text)),
        None => text.to_owned(),
    }
}

/// `text` shortened for a message as the core quotes user input (80 characters and `…`):
/// for hosts that quote what a user gave in an error of the core's.
#[doc(hidden)]
pub fn excerpt_for_host(text: &str) -> String {
    excerpt(text)
}

macro_rules! codes {
    ($( $(#[$doc:meta])* $variant:ident = $text:literal, $sev:ident, $en:literal, $ko:literal; )*) => {
        /// A stable, machine-readable finding code. The string form never changes once
        /// published; the same strings are used by the JavaScript, Python and CLI surfaces, and
        /// it is what a code serialises as.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        #[non_exhaustive]
        pub enum Code {
            $( $(#[$doc])* #[serde(rename = $text)] $variant, )*
        }

        impl Code {
            /// Every code, in table order.
            pub const ALL: &'static [Code] = &[ $( Code::$variant, )* ];

            /// The code's string form, e.g. `"domain.underscore"`.
            pub const fn as_str(self) -> &'static str {
                match self { $( Code::$variant => $text, )* }
            }

            /// The severity a finding with this code has under the lenient policy.
            pub const fn severity(self) -> Severity {
                match self { $( Code::$variant => Severity::$sev, )* }
            }

            /// Looks a code up by its string form.
            pub fn from_code_str(text: &str) -> Option<Code> {
                match text { $( $text => Some(Code::$variant), )* _ => None }
            }

            /// The code's message and hint in `lang`, as a template: `{name}` stands for a
            /// parameter of the finding, `[[ … ]]` for a part shown only when its parameters
            /// are given. [`Finding::message_in`] renders it.
            pub const fn template(self, lang: Lang) -> &'static str {
                match lang {
                    Lang::En => match self { $( Code::$variant => $en, )* },
                    Lang::Ko => match self { $( Code::$variant => $ko, )* },
                }
            }

            /// The text that renders a message in `lang` when it is not English (English
            /// messages are written where they are found): the Korean table alone, so that a
            /// build which only ever renders other languages from the table carries no copy of
            /// the English one.
            pub(crate) const fn translation(self, lang: Lang) -> &'static str {
                match lang {
                    Lang::En => "",
                    Lang::Ko => match self { $( Code::$variant => $ko, )* },
                }
            }
        }
    };
}

// Each code: its string, its severity, then its message and hint in English and in Korean
// (templates: see `crate::lang`). The English a finding carries is the one written where it is
// found, with the details of that case; the Korean is rendered from this table with the
// finding's parameters, which every place that finds the code gives (`Finding::with`).
// Korean follows the NCP console's words: 인증서, 도메인 소유 확인(DCV), 조직, 구독, 재발급.
codes! {
    /// The request is not a JSON object, or is not JSON at all.
    RequestInvalid = "request.invalid", Error,
        "the request is not a JSON object of the API's fields; send one object such as {\"certificateName\": …, \"commonName\": …, \"csr\": …}",
        "요청이 API 필드로 이루어진 JSON 객체가 아닙니다.[[ 받은 값은 JSON {type}입니다.]][[ 배열이나 객체가 {max}단계보다 깊게 중첩되어 있습니다.]][[{syntax} JSON 문법이 맞지 않습니다.]] `certificateName`, `commonName`, `dnsName`, `csr` 같은 API 필드를 담은 JSON 객체 하나로 보내세요.";
    /// The request holds a field NCP does not know; pass-through fields go in `extra`.
    RequestUnknownField = "request.unknown_field", Error,
        "the request holds a field the API does not know; use the API's camelCase names, and put fields NCP added later in `extra`",
        "알 수 없는 필드 `{key}`입니다.[[ `{suggest}`을(를) 쓰려던 것인가요? API 필드 이름은 camelCase입니다.]][[ 요청에 쓸 수 있는 필드는 {fields}이며, NCP가 나중에 추가한 필드는 `extra`에 넣으세요.]]";
    /// `extra` is not an object of fields, or repeats a field the request sets itself.
    ExtraInvalid = "extra.invalid", Error,
        "`extra` must be an object of pass-through fields that the request does not set itself",
        "[[`extra`는 그대로 전달할 필드들의 객체여야 합니다(받은 값은 JSON {type}입니다).]][[`{key}`은(는) 요청 자체의 필드입니다. `extra`가 아니라 요청에 직접 지정하세요.]]";
    /// B1: `certificateType` missing or not `NCP_PAID_DV_01` / `NCP_PAID_OV_01`.
    CertificateTypeInvalid = "certificateType.invalid", Error,
        "`certificateType` is missing or unknown; use \"NCP_PAID_DV_01\" (Advanced DV) or \"NCP_PAID_OV_01\" (Advanced OV), or the alias \"DV\"/\"OV\"",
        "`certificateType`이(가) 없거나 올바르지 않습니다[[(받은 값: {value})]][[(받은 값은 JSON {type}입니다)]]. \"NCP_PAID_DV_01\"(Advanced DV)이나 \"NCP_PAID_OV_01\"(Advanced OV)을 쓰거나, 줄여서 \"DV\"/\"OV\"로 쓰세요.";
    /// B2: an OV request without `organizationNo`.
    OrganizationNoRequired = "organizationNo.required", Error,
        "an OV request needs `organizationNo`: register the organisation in Certificate Manager and use the number NCP lists for it",
        "OV 인증서를 신청하려면 `organizationNo`가 필요합니다. Certificate Manager 콘솔에서 조직을 등록하고, NCP가 그 조직에 부여한 번호를 넣으세요.";
    /// B2: `organizationNo` is not a positive integer.
    OrganizationNoInvalid = "organizationNo.invalid", Error,
        "`organizationNo` must be a positive integer: the number NCP lists for your organisation",
        "`organizationNo`는 양의 정수여야 합니다[[(받은 값: {value})]]. 콘솔의 조직 목록에 나오는 조직 번호를 따옴표 없는 JSON 숫자로 넣으세요.";
    /// B2b: a DV request with `organizationNo`; it is dropped from the body.
    OrganizationNoIgnored = "organizationNo.ignored", Warning,
        "`organizationNo` applies to OV certificates only; it is left out of a DV request",
        "`organizationNo`는 OV 인증서에만 쓰입니다. 이 DV 요청에서는 빼고 보냅니다.";
    /// B3: `validationMethod` missing or not `D`, `PD` or `E`.
    ValidationMethodInvalid = "validationMethod.invalid", Error,
        "`validationMethod` is missing or unknown; use \"D\" (DNS record with a one-time value) or \"PD\" (persistent DNS TXT record)",
        "`validationMethod`이(가) 없거나 올바르지 않습니다[[(받은 값: {value})]][[(받은 값은 JSON {type}입니다)]]. 도메인 소유 확인(DCV) 방법으로 \"D\"(일회성 값의 DNS 레코드)나 \"PD\"(계속 유지하는 DNS TXT 레코드)를 쓰세요.";
    /// B3: `validationMethod` `E` (email), which NCP discontinued in February 2026.
    ValidationMethodEmailDiscontinued = "validationMethod.email_discontinued", Warning,
        "validation by email (\"E\") was discontinued by NCP in February 2026; use \"D\" or \"PD\"",
        "이메일 도메인 소유 확인(DCV, \"E\")은 2026년 2월 NCP에서 중단되었습니다. \"D\"(일회성 값의 DNS 레코드)나 \"PD\"(계속 유지하는 DNS TXT 레코드)를 쓰세요.";
    /// B4: `certificateName` missing, empty, too long or holding control characters.
    CertificateNameInvalid = "certificateName.invalid", Error,
        "`certificateName` is missing, empty, too long or holds a control character; use a short name such as \"www-example-com\"",
        "`certificateName`이(가) 없거나, 비어 있거나, 제어 문자가 있거나, 너무 깁니다[[(최대 {max}자)]][[(받은 값은 JSON {type}입니다)]]. \"www-example-com\"처럼 짧은 인증서 이름을 지정하세요.";
    /// B4b: `certificateName` outside NCP's documented name pattern.
    CertificateNameFormat = "certificateName.format", Warning,
        "`certificateName` does not follow NCP's name rule (3-20 characters: a letter, then letters, digits or '-'); NCP may refuse it",
        "`certificateName` {value}은(는) Certificate Manager의 이름 규칙(영문자로 시작하고 영문자, 숫자, '-'로 이루어진 3~20자)에 맞지 않아 NCP가 거부할 수 있습니다.";
    /// `commonName` missing.
    CommonNameRequired = "commonName.required", Error,
        "`commonName` is missing; give the main domain of the certificate, e.g. \"www.example.com\"",
        "`commonName`이 없습니다. 인증서의 대표 도메인을 \"www.example.com\"이나 \"*.example.com\"처럼 넣으세요.";
    /// `commonName` is not a string.
    CommonNameInvalid = "commonName.invalid", Error,
        "`commonName` must be a string: one domain name such as \"www.example.com\"",
        "`commonName`은 문자열이어야 합니다[[(받은 값은 JSON {type}입니다)]]. \"www.example.com\"처럼 도메인 이름 하나를 넣으세요.";
    /// `dnsName` is not an array of strings.
    DnsNameInvalid = "dnsName.invalid", Error,
        "`dnsName` must be an array of domain names; write [\"example.com\"] even for one name",
        "`{field}`이(가) 올바르지 않습니다[[(받은 값은 JSON {type}입니다)]]. `dnsName`은 도메인 이름 문자열의 배열이어야 하니, 이름이 하나여도 [\"example.com\"]처럼 쓰세요.";
    /// B5: a name repeated in `dnsName`; the repeat is removed.
    DnsNameDuplicate = "dnsName.duplicate", Warning,
        "a name is repeated in `dnsName`; the repeat is removed from the request",
        "`{name}`은(는) dnsName[{first}]과(와) 중복됩니다. 중복된 항목은 요청에서 빼고 보냅니다.";
    /// B6: more than 100 names in all.
    DnsNameTooMany = "dnsName.too_many", Warning,
        "the request names more domains than an Advanced certificate covers; split them across several certificates or use a wildcard",
        "요청한 도메인이 {count}개입니다. NCP Advanced 인증서 하나에는 최대 {max}개까지 넣을 수 있으니 여러 인증서로 나누거나 와일드카드를 쓰세요.";
    /// B7: `csr` missing.
    CsrRequired = "csr.required", Error,
        "`csr` is missing; generate a CSR with your private key and pass its PEM text",
        "`csr`이 없습니다. 개인 키로 CSR을 만들고(예: `openssl req -new -newkey rsa:2048 -keyout key.pem -out csr.pem`) 그 PEM 텍스트를 넣으세요.";
    /// D1: a non-ASCII (Unicode) domain name; the message shows the A-label to use.
    DomainUnicode = "domain.unicode", Error,
        "the domain name is not ASCII; use its A-label (`xn--…`), as your registrar shows it",
        "`{name}`은(는) ASCII가 아닌 도메인 이름입니다.[[ A-label `{alabel}`을(를) 쓰세요.]][[{refused} 이 이름은 A-label(`xn--…`)로 바꿀 수 없습니다(IDNA 2008이 허용하지 않는 문자, 빈 레이블이나 너무 긴 레이블). 그 부분을 고치거나 등록 기관이 보여 주는 A-label을 쓰세요.]]";
    /// D2: fewer than two labels, an empty label or a trailing dot.
    DomainSyntax = "domain.syntax", Error,
        "the name is not a fully qualified domain name; write it as `www.example.com`, without empty labels or a trailing dot",
        "[[{empty}이름이 비어 있습니다. ]][[`{name}`은(는) 올바른 도메인 이름 형식이 아닙니다. ]]빈 레이블(맨 앞의 점이나 연달아 찍은 점)과 끝의 점 없이, `www.example.com`처럼 레이블이 두 개 이상인 전체 도메인 이름(FQDN)을 쓰세요.";
    /// D2: the whole name is longer than 253 characters.
    DomainTooLong = "domain.too_long", Error,
        "the domain name is longer than 253 characters",
        "`{name}`은(는) {len}자입니다. 도메인 이름은 최대 {max}자까지 쓸 수 있습니다.";
    /// D2: a label is longer than 63 characters.
    DomainLabelTooLong = "domain.label_too_long", Error,
        "a label of the domain name is longer than 63 characters",
        "`{name}`의 레이블 `{label}`이(가) {len}자입니다. 레이블 하나는 최대 {max}자까지 쓸 수 있습니다.";
    /// D3: a character outside `[a-z0-9-]`.
    DomainBadCharacter = "domain.bad_character", Error,
        "the domain name holds a character other than letters a–z, digits 0–9, hyphens and dots",
        "`{name}`에 쓸 수 없는 문자 {char}이(가) 있습니다. 도메인 이름에는 영문자 a–z, 숫자 0–9, 하이픈(-), 점(.)만 쓸 수 있습니다.[[{url} `https://`, 포트, 경로, 사용자 이름 없이 호스트 이름만 넣으세요.]]";
    /// D3: a label starts or ends with `-`.
    DomainHyphen = "domain.hyphen", Error,
        "a label starts or ends with `-`; remove the hyphen there",
        "`{name}`의 레이블 `{label}`이(가) 하이픈(-)으로 시작하거나 끝납니다. 그 자리의 하이픈을 지우세요.";
    /// D4: an underscore, banned in certificates since 2019.
    DomainUnderscore = "domain.underscore", Error,
        "underscores are not allowed in certificate names (CA/B Forum, since 2019); use a hyphen or another name",
        "`{name}`에 밑줄(_)이 있습니다. CA/B 포럼 규정에 따라 2019년부터 인증서의 도메인 이름에는 밑줄을 쓸 수 없습니다. 하이픈(-)으로 바꾸거나 다른 이름을 쓰세요.";
    /// D5: `--` in positions 3–4 of a label that is not `xn--`.
    DomainReservedLabel = "domain.reserved_label", Error,
        "a label has `--` in its 3rd and 4th characters, which is reserved for IDNA `xn--` labels; change the label",
        "`{name}`의 레이블 `{label}`은(는) 3~4번째 글자가 `--`입니다. 이 자리는 IDNA `xn--` 레이블에 예약되어 있으니 레이블을 바꾸세요.";
    /// D5: an `xn--` label that is not valid Punycode.
    DomainPunycode = "domain.punycode", Error,
        "an `xn--` label is not a valid A-label; use the A-label your registrar shows for the name",
        "`{name}`의 레이블 `{label}`은(는) 올바른 A-label(IDNA 2008 Punycode)이 아닙니다. 등록 기관이 보여 주는 A-label을 쓰세요.";
    /// D6: an IP address where a domain name is needed.
    DomainIpAddress = "domain.ip_address", Error,
        "an IP address where a domain name is needed; use a domain name that points to the address",
        "`{name}`은(는) IP 주소입니다. 이 인증서는 도메인 이름에만 발급되니, 그 주소를 가리키는 도메인 이름을 쓰세요.";
    /// D7: the top-level domain is not a real (ICANN) one.
    DomainInternalName = "domain.internal_name", Error,
        "the name does not end in a public top-level domain; use a name under a registered domain",
        "`{name}`은(는) 공개 최상위 도메인이 아닌 `.{tld}`로 끝나는 내부 이름입니다. 내부용이나 예약된 이름에는 공인 인증서가 발급되지 않으니 `{suggestion}`처럼 등록된 도메인 아래의 이름을 쓰세요.";
    /// D7: a name under `.arpa` or `.onion`.
    DomainReservedZone = "domain.reserved_zone", Error,
        "the name is under a special-use zone (`.arpa`, `.onion`); use a name under a registered domain",
        "`{name}`은(는) 특수 용도 영역인 `.{tld}` 아래의 이름이라 여기서는 공인 인증서가 발급되지 않습니다. 등록된 도메인 아래의 이름을 쓰세요.";
    /// D7: the name is itself a public suffix (`co.kr`).
    DomainPublicSuffix = "domain.public_suffix", Error,
        "the name is a public suffix, not a domain name you can hold; use your own domain",
        "`{name}`은(는) 공개 접미사(그 아래에 도메인을 등록하는 이름)여서 보유할 수 있는 도메인이 아닙니다. `example.{name}`처럼 자신의 도메인을 쓰세요.";
    /// D8: a misplaced or repeated `*`.
    DomainWildcard = "domain.wildcard", Error,
        "a `*` is misplaced or repeated; a wildcard name is `*.` followed by a domain name",
        "`{name}`의 `*` 위치가 잘못되었거나 `*`이(가) 여러 개입니다. 와일드카드 이름은 `*.example.com`처럼 `*.` 뒤에 도메인 이름을 씁니다.";
    /// D9: a wildcard directly under an ICANN public suffix (`*.co.kr`).
    DomainWildcardPublicSuffix = "domain.wildcard_public_suffix", Error,
        "a wildcard directly under a public suffix; no CA issues it: use a wildcard under your own domain",
        "`{name}`은(는) 누구나 도메인을 등록할 수 있는 공개 접미사 `{suffix}` 바로 아래의 와일드카드라서 어느 CA도 발급하지 않습니다. `*.example.{suffix}`처럼 자신의 도메인 아래 와일드카드를 쓰세요.";
    /// D10: a wildcard directly under a private-section suffix (`*.github.io`).
    DomainWildcardPrivateSuffix = "domain.wildcard_private_suffix", Warning,
        "a wildcard directly under a private-section public suffix; CAs may refuse it",
        "`{name}`은(는) 하위 도메인마다 주인이 다른 접미사(공개 접미사 목록의 사설 영역) `{suffix}` 바로 아래의 와일드카드라서 CA가 거부할 수 있습니다. `*.example.{suffix}`처럼 자신의 이름 아래 와일드카드를 쓰세요.";
    /// C2: the input holds a private key; it is refused and never copied.
    CsrPrivateKey = "csr.private_key", Error,
        "the CSR input holds a private key; it was not read or copied: pass only the CERTIFICATE REQUEST block",
        "CSR 입력에 개인 키가 들어 있습니다. 개인 키는 읽지도 복사하지도 않았습니다. CERTIFICATE REQUEST 블록만 넣고 개인 키는 따로 보관하세요. 개인 키를 어딘가로 보냈다면 노출된 것으로 보세요.";
    /// C2: more than one CSR block, or none.
    CsrMultiple = "csr.multiple", Error,
        "the input holds no CERTIFICATE REQUEST block, or several; pass exactly one CSR",
        "CSR은 요청마다 정확히 하나여야 합니다.[[ 입력에 CERTIFICATE REQUEST 블록이 {count}개 있습니다.]][[ CERTIFICATE REQUEST 블록을 찾지 못했습니다(입력에 있는 블록: {labels}).]] CSR 자체만 넣으세요.";
    /// C3: input over 64 KiB.
    CsrTooLarge = "csr.too_large", Error,
        "the CSR input is larger than a CSR can be; pass only the CSR file",
        "CSR 입력이 {size}바이트입니다. CSR은 보통 몇 KiB이고 최대 {max}바이트까지만 읽으니 CSR 파일만 넣으세요.";
    /// C4: the CSR is not well-formed PEM/DER.
    CsrMalformed = "csr.malformed", Error,
        "the CSR is not well-formed PEM or DER; generate it again (`openssl req -new …`)",
        "CSR이 올바른 PEM/DER 형식이 아니어서 읽을 수 없습니다. 잘리거나 바뀐 부분이 없는지 확인하고, 개인 키로 CSR을 다시 만드세요(`openssl req -new …`).";
    /// C5: the CSR's version is not 0 (PKCS#10 v1); read anyway, as Let's Encrypt does.
    CsrVersion = "csr.version", Warning,
        "the CSR's version is not 0 (v1), the only one PKCS#10 defines; generate it again with current software",
        "CSR의 버전이 PKCS#10에 정의된 유일한 버전인 0(v1)이 아닙니다[[(받은 값: {version})]]. 받아 주는 CA도 있지만 엄격한 소프트웨어는 거부하니 최신 소프트웨어로 CSR을 다시 만드세요(`openssl req -new …`).";
    /// S1: a signature algorithm public CAs refuse.
    CsrSignatureAlgorithm = "csr.signature_algorithm", Error,
        "the CSR is signed with an algorithm public CAs refuse; sign it with SHA-256 and an RSA or ECDSA key",
        "CSR의 서명 알고리즘[[({algorithm})]]은 공인 CA가 받지 않거나 매개변수가 잘못되었습니다. RSA 또는 ECDSA 키와 SHA-256으로 CSR을 다시 만드세요(`openssl req -new -sha256 …`).";
    /// S2: the self-signature does not verify.
    CsrSignatureInvalid = "csr.signature_invalid", Error,
        "the CSR's self-signature does not verify; generate the CSR again from your private key",
        "CSR의 자체 서명을 확인할 수 없습니다. 서명한 뒤에 요청이 바뀌었거나 이 키로 서명하지 않은 CSR입니다. 개인 키로 CSR을 다시 만드세요.";
    /// K1: a key that is neither RSA nor EC on a named curve.
    CsrKeyAlgorithm = "csr.key_algorithm", Error,
        "the CSR's key is neither RSA nor ECDSA P-256/P-384, or does not decode; generate a new key",
        "CSR의 공개 키가 공인 CA가 받지 않는 종류이거나 읽을 수 없는 키입니다. 공인 CA는 RSA(2048비트 이상)와 ECDSA P-256/P-384 키에만 인증서를 발급하니(CA/B BR 6.1.5) 새 키를 만드세요.";
    /// K2: an RSA modulus below 2048 bits or not a multiple of 8.
    CsrRsaKeySize = "csr.rsa_key_size", Error,
        "the CSR's RSA key is below 2048 bits or not a multiple of 8 bits; generate a 2048-, 3072- or 4096-bit key",
        "CSR의 RSA 키가 {bits}비트입니다. 2048비트 미만이거나 8의 배수가 아닌 키는 쓸 수 없으니(CA/B BR 6.1.5) 2048, 3072, 4096비트 중 하나로 새 키를 만드세요.";
    /// K3: an RSA modulus above 4096 bits.
    CsrRsaKeyLarge = "csr.rsa_key_large", Warning,
        "the CSR's RSA key is above 4096 bits; such keys are slow and some clients refuse them",
        "CSR의 RSA 키가 {bits}비트입니다. 4096비트를 넘는 키는 느리고 일부 클라이언트가 거부합니다.";
    /// K4: an RSA exponent that is even or below 3.
    CsrRsaExponent = "csr.rsa_exponent", Error,
        "the CSR's RSA public exponent must be odd and at least 3; generate a new key with exponent 65537",
        "CSR의 RSA 공개 지수는 3 이상의 홀수여야 합니다(CA/B BR 6.1.6). 보통 쓰는 지수 65537로 새 키를 만드세요.";
    /// K4: an RSA exponent below 65537.
    CsrRsaExponentSmall = "csr.rsa_exponent_small", Warning,
        "the CSR's RSA public exponent is below 65537; generate a new key with exponent 65537",
        "CSR의 RSA 공개 지수가 {exponent}입니다. CA는 65537 이상을 요구하니(CA/B BR 6.1.6) 지수 65537로 새 키를 만드세요.";
    /// K5: an RSA modulus with a small prime factor, or one ROCA-vulnerable.
    CsrRsaWeak = "csr.rsa_weak", Error,
        "the CSR's RSA key is broken (a small factor, or the ROCA fingerprint); generate a new key with up-to-date software",
        "CSR의 RSA 키는 안전하지 않습니다.[[ 모듈러스가 {factor}(으)로 나누어떨어집니다.]][[{roca} ROCA 취약점(CVE-2017-15361)의 특징이 있어 개인 키를 알아낼 수 있습니다.]] 최신 소프트웨어로 새 키를 만드세요.";
    /// K6: an EC curve other than P-256/P-384/P-521, or a point off the curve.
    CsrEcCurve = "csr.ec_curve", Error,
        "the CSR's EC key is not on P-256 or P-384, or is not a valid point; generate a new key",
        "CSR의 EC 키[[({curve})]]를 쓸 수 없습니다. 공인 CA가 받는 곡선이 아니거나 공개 키가 곡선 위의 올바른 점이 아닙니다. 공인 CA는 P-256과 P-384를 받으니(CA/B BR 6.1.5) 그중 하나로 새 키를 만드세요.";
    /// K6: a P-521 key.
    CsrEcP521 = "csr.ec_p521", Warning,
        "the CSR's key is on P-521, which some CAs and clients do not accept; P-256 or P-384 is the safe choice",
        "CSR의 키가 P-521 곡선입니다. 일부 CA와 클라이언트가 받지 않으니 P-256이나 P-384가 안전합니다.";
    /// N1: more than one CN, a CN over 64 characters, or a CN that is not a valid domain name.
    CsrCommonName = "csr.common_name", Error,
        "the CSR's subject has no usable CN: none and no DNS name, more than one, or one over 64 characters",
        "[[{none}CSR에 도메인 이름이 없습니다. subject에 CN도, subjectAltName에 DNS 이름도 없으니 -subj \"/CN=www.example.com\"과 -addext \"subjectAltName=DNS:www.example.com\"을 넣어 다시 만드세요.]][[CSR의 CN이 {len}자입니다. CN은 최대 {max}자이니 긴 이름은 subjectAltName에 넣고 CN에는 짧은 이름을 쓰세요.]][[CSR의 subject에 CN이 {count}개 있습니다. 인증서에는 CN이 하나뿐이니 나머지 이름은 subjectAltName에 넣으세요.]]";
    /// N2: a SAN entry other than a dNSName.
    CsrSanType = "csr.san_type", Error,
        "the CSR's subjectAltName holds an entry that is not a DNS name; Advanced DV/OV certificates carry DNS names only",
        "CSR의 subjectAltName에 {kind} 항목 {value}이(가) 있습니다. Advanced DV/OV 인증서에는 DNS 이름만 들어가니 그 항목을 빼고 CSR을 다시 만드세요.";
    /// N3: the CSR has SANs and its CN is not among them.
    CsrCnNotInSan = "csr.cn_not_in_san", Error,
        "the CSR's CN is not among its subjectAltName DNS names; add it there",
        "CSR의 CN `{cn}`이(가) subjectAltName의 DNS 이름에 없습니다. CA는 CN이 거기에도 있어야 하니(CA/B BR 7.1.4.3) subjectAltName에 DNS:{cn}을(를) 추가하세요.";
    /// N4: the CSR has no SAN extension.
    CsrNoSan = "csr.no_san", Warning,
        "the CSR has no subjectAltName extension; the CA will take the names from the request body",
        "CSR에 subjectAltName 확장이 없습니다. CA는 요청 본문의 이름을 쓰지만, `-addext \"subjectAltName=DNS:…\"`로 만들면 CSR에 이름이 직접 들어갑니다.";
    /// N5: an OV request whose CSR subject country is missing or not `KR`.
    CsrCountry = "csr.country", Error,
        "the CSR's subject country (C) is not KR; NCP issues OV certificates only to organisations registered in Korea",
        "CSR subject의 국가(C)[[가 {country}입니다]][[{missing}가 없습니다]]. NCP는 한국에 등록된 조직에만 OV 인증서를 발급하니 subject에 C=KR을 넣어 CSR을 다시 만드세요.";
    /// X1: the body's `commonName` differs from the CSR's CN.
    CsrCommonNameMismatch = "csr.common_name_mismatch", Warning,
        "`commonName` differs from the CSR's CN; the CA may follow either: make them the same",
        "`commonName`은 {body}인데 CSR의 CN은 {csr}입니다. CA가 어느 쪽을 따를지 알 수 없으니 둘을 같게 맞추세요.";
    /// X2: the body's names differ from the CSR's SAN set.
    CsrNamesMismatch = "csr.names_mismatch", Warning,
        "the request's names differ from the CSR's; list the same names in both",
        "요청의 이름(commonName과 dnsName)이 CSR의 이름과 다릅니다([[요청에만 있음: {only_request}]][[{both}; ]][[CSR에만 있음: {only_csr}]]). 인증서가 기대한 이름을 담지 못할 수 있으니 양쪽에 같은 이름을 넣으세요.";
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One thing validation found. Serialises as `{"code", "field", "severity", "message"}`.
#[derive(Clone, Debug, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct Finding {
    /// Stable code, e.g. [`Code::DomainUnderscore`] (`"domain.underscore"`).
    pub code: Code,
    /// JSON path of the field concerned: `commonName`, `dnsName[2]`, `csr`, `csr.san[1]` …
    pub field: String,
    /// `Error` or `Warning`; under a strict policy every finding is an `Error`.
    pub severity: Severity,
    /// What is wrong and what to do: in English, unless another language was asked for.
    pub message: String,
    /// The values the code's template quotes (the name, the A-label to use, …): what
    /// renders the message in another language.
    #[serde(skip)]
    #[cfg_attr(feature = "schema", schemars(skip))]
    args: Args,
}

// Two findings are equal when they say the same thing; the template's values are how it is
// said in other languages.
impl PartialEq for Finding {
    fn eq(&self, other: &Self) -> bool {
        self.code == other.code
            && self.field == other.field
            && self.severity == other.severity
            && self.message == other.message
    }
}

impl Eq for Finding {}

impl Finding {
    /// A finding with the code's own severity.
    pub fn new(code: Code, field: impl Into<String>, message: impl Into<String>) -> Self {
        Finding {
            code,
            field: field.into(),
            severity: code.severity(),
            message: message.into(),
            args: Args::new(),
        }
    }

    /// The finding with the template parameter `name` set to `value` (see [`Code::template`]).
    pub fn with(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.args.push((name, value.into()));
        self
    }

    /// `true` for an error.
    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// What is wrong and what to do, in `lang`: the English [`message`](Finding::message)
    /// as it is, or the code's text in another language with this finding's values.
    pub fn message_in(&self, lang: Lang) -> Cow<'_, str> {
        match lang {
            Lang::En => Cow::Borrowed(&self.message),
            _ => {
                let mut args = self.args.clone();
                args.push(("field", self.field.clone()));
                Cow::Owned(render(self.code.translation(lang), &args))
            }
        }
    }

    /// The finding with its message in `lang`.
    pub fn localized(&self, lang: Lang) -> Finding {
        let mut finding = self.clone();
        if lang != Lang::En {
            finding.message = self.message_in(lang).into_owned();
        }
        finding
    }
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} [{}] {}: {}",
            self.severity, self.code, self.field, self.message
        )
    }
}

/// Every finding of one validation run, in a stable order (the order the checks ran).
///
/// Serialises as `{"valid": bool, "findings": [{"code", "field", "severity", "message"}…]}`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "schema", schemars(with = "ReportJson"))]
#[serde(into = "ReportJson")]
#[non_exhaustive]
pub struct Report {
    /// The findings, errors and warnings mixed, in check order.
    pub findings: Vec<Finding>,
}

impl Report {
    /// An empty report.
    pub fn new() -> Self {
        Report::default()
    }

    /// Builds a report from findings, applying `policy` (strict turns warnings into errors).
    pub fn from_findings(mut findings: Vec<Finding>, policy: &Policy) -> Self {
        if policy.strict {
            for f in &mut findings {
                f.severity = Severity::Error;
            }
        }
        Report { findings }
    }

    /// `true` when nothing blocks: no finding has severity `Error`.
    pub fn is_valid(&self) -> bool {
        !self.findings.iter().any(Finding::is_error)
    }

    /// The findings with severity `Error`.
    pub fn errors(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| f.is_error())
    }

    /// The findings with severity `Warning`.
    pub fn warnings(&self) -> impl Iterator<Item = &Finding> {
        self.findings.iter().filter(|f| !f.is_error())
    }

    /// `true` when some finding has `code`.
    pub fn has(&self, code: Code) -> bool {
        self.findings.iter().any(|f| f.code == code)
    }

    /// The same report with every message in `lang` (codes, fields and severities do not
    /// change).
    pub fn localized(&self, lang: Lang) -> Report {
        Report {
            findings: self.findings.iter().map(|f| f.localized(lang)).collect(),
        }
    }

    /// The report as text in `lang`, one finding per line, as [`Display`](fmt::Display)
    /// writes it in English.
    pub fn render(&self, lang: Lang) -> String {
        match lang {
            Lang::Ko if self.findings.is_empty() => "발견된 문제가 없습니다".to_owned(),
            _ => self.localized(lang).to_string(),
        }
    }

    /// The report as JSON text (`{"valid":…,"findings":[…]}`).
    #[cfg(feature = "full")]
    pub fn to_json(&self) -> String {
        // Serialising plain strings and booleans cannot fail.
        serde_json::to_string(self).unwrap_or_else(|_| String::from("{\"findings\":[]}"))
    }
}

/// The JSON shape of a [`Report`]: `valid` is computed from the findings.
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
struct ReportJson {
    /// `true` when nothing blocks: no finding is an error.
    valid: bool,
    /// The findings, errors and warnings mixed, in check order.
    findings: Vec<Finding>,
}

impl From<Report> for ReportJson {
    fn from(report: Report) -> Self {
        ReportJson {
            valid: report.is_valid(),
            findings: report.findings,
        }
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.findings.is_empty() {
            return f.write_str("no findings");
        }
        for (i, finding) in self.findings.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            write!(f, "{finding}")?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_strings_are_unique_and_round_trip() {
        let mut seen = std::collections::HashSet::new();
        for &code in Code::ALL {
            assert!(seen.insert(code.as_str()), "duplicate {}", code.as_str());
            assert_eq!(Code::from_code_str(code.as_str()), Some(code));
        }
        assert_eq!(Code::from_code_str("no.such_code"), None);
    }

    /// Every code has its message in English and in Korean: written, not a copy of the
    /// English, in Korean words, with balanced sections.
    #[test]
    fn every_code_has_both_texts() {
        for &code in Code::ALL {
            let en = code.template(Lang::En);
            let ko = code.template(Lang::Ko);
            assert!(!en.trim().is_empty(), "{code}: no English text");
            assert!(!ko.trim().is_empty(), "{code}: no Korean text");
            assert_ne!(en, ko, "{code}: the Korean text is the English one");
            assert!(
                crate::lang::has_hangul(ko),
                "{code}: the Korean text has no Hangul"
            );
            assert!(
                !crate::lang::has_hangul(en),
                "{code}: the English text has Hangul"
            );
            for text in [en, ko] {
                assert_eq!(
                    text.matches("[[").count(),
                    text.matches("]]").count(),
                    "{code}: unbalanced section"
                );
            }
        }
    }

    #[test]
    fn a_finding_speaks_korean_with_its_values() {
        let f = Finding::new(
            Code::DomainUnicode,
            "commonName",
            "`한국.kr` is not ASCII; use its A-label `xn--3e0b707e.kr`.",
        )
        .with("name", "한국.kr")
        .with("alabel", "xn--3e0b707e.kr");
        assert_eq!(f.message_in(Lang::En), f.message);
        let ko = f.message_in(Lang::Ko).into_owned();
        assert!(
            ko.contains("`xn--3e0b707e.kr`") && ko.contains("A-label"),
            "{ko}"
        );
        assert!(!ko.contains("[[") && !ko.contains('{'), "{ko}");
        let report = Report::from_findings(vec![f], &Policy::default());
        let localized = report.localized(Lang::Ko);
        assert_eq!(localized.findings[0].code, Code::DomainUnicode);
        assert_eq!(localized.findings[0].message, ko);
        assert!(report
            .render(Lang::Ko)
            .starts_with("error [domain.unicode] commonName: "));
        assert_eq!(report.render(Lang::En), report.to_string());
    }

    #[test]
    fn strict_policy_turns_warnings_into_errors() {
        let findings = vec![Finding::new(Code::DnsNameDuplicate, "dnsName[1]", "dup")];
        assert!(Report::from_findings(findings.clone(), &Policy::lenient()).is_valid());
        let strict = Report::from_findings(findings, &Policy::strict());
        assert!(!strict.is_valid());
        assert_eq!(strict.findings[0].severity, Severity::Error);
    }

    #[test]
    fn report_serialises_to_the_spec_shape() {
        let r = Report::from_findings(
            vec![Finding::new(Code::DomainUnderscore, "commonName", "m")],
            &Policy::default(),
        );
        let v = serde_json::to_value(&r).unwrap();
        assert_eq!(v["valid"], false);
        assert_eq!(v["findings"][0]["code"], "domain.underscore");
        assert_eq!(v["findings"][0]["field"], "commonName");
        assert_eq!(v["findings"][0]["severity"], "error");
        assert_eq!(v["findings"][0]["message"], "m");
    }
}

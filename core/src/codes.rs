//! The error codes a host can see, in one table: each with the type of error it
//! belongs to and the exit status a command-line host gives it.
//!
//! Finding codes (`domain.*`, `csr.*`, … with their severities) are [`crate::Code`]'s table;
//! a CSR that cannot be read is reported with the finding code that says why. API errors
//! carry NCP's own code (`"200"`, `"1002"`, the HTTP status) with their `kind`, as
//! describes them; every other code a host shows comes from here. Bindings map these codes to
//! their error classes; they never make codes of their own.

use crate::lang::Lang;
use serde::Serialize;
use std::fmt;

macro_rules! error_codes {
    ($( $(#[$doc:meta])* $variant:ident = $text:literal, $kind:literal, $exit:literal, $en:literal, $ko:literal; )*) => {
        /// A stable, machine-readable error code. The string form never changes once published.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
        #[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
        #[non_exhaustive]
        pub enum ErrorCode {
            $( $(#[$doc])* #[serde(rename = $text)] $variant, )*
        }

        impl ErrorCode {
            /// Every code, in table order.
            pub const ALL: &'static [ErrorCode] = &[ $( ErrorCode::$variant, )* ];

            /// The code's string form, e.g. `"order.name_taken"`.
            pub const fn as_str(self) -> &'static str {
                match self { $( ErrorCode::$variant => $text, )* }
            }

            /// The error type the code belongs to: the `type` of a host error (`"order"`,
            /// `"argument"`, `"signing"`, …).
            pub const fn error_type(self) -> &'static str {
                match self { $( ErrorCode::$variant => $kind, )* }
            }

            /// The exit status of a command-line host: 1 refused or failed, 2
            /// invalid input (nothing was sent), 3 outcome unknown, 4 not finished yet.
            pub const fn exit_status(self) -> u8 {
                match self { $( ErrorCode::$variant => $exit, )* }
            }

            /// Looks a code up by its string form.
            pub fn from_code_str(text: &str) -> Option<ErrorCode> {
                match text { $( $text => Some(ErrorCode::$variant), )* _ => None }
            }

            /// What the code means and what to do, in `lang`, as a template (`{name}` stands
            /// for a value the error gives, `[[ … ]]` for a part shown only when it does; see
            /// [`crate::lang`]). An error's own English message says more about its case.
            pub const fn template(self, lang: Lang) -> &'static str {
                match lang {
                    Lang::En => match self { $( ErrorCode::$variant => $en, )* },
                    Lang::Ko => match self { $( ErrorCode::$variant => $ko, )* },
                }
            }

            /// The text that renders a message in `lang` when it is not English (English
            /// messages are written where they are found): the Korean table alone, so that a
            /// build which only ever renders other languages from the table carries no copy of
            /// the English one.
            pub(crate) const fn translation(self, lang: Lang) -> &'static str {
                match lang {
                    Lang::En => "",
                    Lang::Ko => match self { $( ErrorCode::$variant => $ko, )* },
                }
            }
        }
    };
}

// Each code: its string, its error type, its exit status, then what it means and what to do
// in English and in Korean (templates: see `crate::lang`). The Korean is what Korean hosts
// show for the code, with the values the error gives (`{detail}` is the case's detail when it
// is language-neutral: a name, a number, a path).
error_codes! {
    /// A request that validation refused; the error carries every finding.
    RequestInvalid = "request.invalid", "validation", 2,
        "the request was refused; correct every finding and send it again",
        "요청이 거부되었습니다. 모든 항목을 고친 뒤 다시 보내세요.";
    /// A CSR that `inspect` read and a CA would refuse; the error carries the findings.
    CsrRefused = "csr.refused", "csr", 2,
        "a CA would refuse this CSR; correct every finding and generate it again",
        "CA가 이 CSR을 거부할 것입니다. 모든 항목을 고쳐 CSR을 다시 만드세요.";
    /// Names for a new CSR that the domain rules refuse; the error carries every finding.
    CsrNamesInvalid = "csr.names_invalid", "validation", 2,
        "the names cannot go in a certificate; correct every finding and make the CSR again",
        "이 도메인 이름으로는 인증서를 만들 수 없습니다. 아래 항목을 모두 고친 뒤 CSR을 다시 만드세요.";
    /// A private key that cannot be read or used to sign a CSR (not PEM, encrypted, another
    /// algorithm, an RSA size CAs refuse).
    KeyInvalid = "key.invalid", "argument", 2,
        "the private key cannot be read or used to sign a CSR; give an unencrypted RSA (2048 to 4096 bits), P-256 or P-384 key in PEM, or make a new one",
        "개인 키를 읽을 수 없거나 CSR 서명에 쓸 수 없습니다.[[ 키 파일이 {size}바이트로, 개인 키 PEM 하나보다 훨씬 큽니다.]][[{not_pem} PEM 텍스트가 아닙니다(-----BEGIN 줄이 없음).]][[{damaged} PEM이 손상되었습니다(base64나 BEGIN/END 줄이 깨짐).]][[{encrypted} 암호화된 키입니다. 먼저 복호화하고(`openssl pkey -in key.pem -out plain.pem`) 복호화한 파일은 안전하게 보관하세요.]][[ {label} 블록은 개인 키가 아닙니다.]][[{algorithm} 지원하지 않는 알고리즘이나 곡선의 키입니다.]][[ RSA 키가 {bits}비트입니다. CA는 2048, 3072, 4096비트 키만 받습니다.]][[ 이 키로 만든 CSR을 CA가 거부합니다({codes}).]][[{bug} ncpcert의 버그이니 알려 주세요.]] ncpcert는 암호화되지 않은 PEM 형식의 RSA(2048~4096비트), P-256, P-384 개인 키로 CSR에 서명합니다. 키 파일을 확인하거나 `ncpcert key --out key.pem`으로 새 키를 만드세요.";
    /// A key algorithm ncpcert does not make (it makes rsa2048, rsa3072, rsa4096, p256 and
    /// p384).
    KeyAlgorithm = "key.algorithm", "argument", 2,
        "unknown key algorithm; use one of rsa2048 (the default), rsa3072, rsa4096, p256, p384",
        "알 수 없는 키 알고리즘입니다[[(받은 값: {value})]]. rsa2048(기본값), rsa3072, rsa4096, p256, p384 중 하나를 쓰세요.";
    /// Too little entropy to make a key: a host passes at least 32 bytes from its operating
    /// system's random generator.
    KeyEntropy = "key.entropy", "argument", 2,
        "too little entropy to make a key; pass at least 32 bytes from the operating system's random generator",
        "키를 만들 엔트로피가 부족합니다[[(받은 값: {given}바이트, 최소 {min}바이트)]]. 운영 체제의 난수 생성기(getrandom, /dev/urandom, os.urandom, crypto.getRandomValues)에서 받은 값을 넣으세요.";
    /// An argument of a call that cannot be used.
    ArgumentInvalid = "argument.invalid", "argument", 2,
        "an argument of the call cannot be used; correct it and call again",
        "호출 인수를 쓸 수 없습니다[[({detail})]]. 인수를 고쳐 다시 호출하세요.";
    /// A site name or base URL that cannot be used.
    SiteInvalid = "site.invalid", "argument", 2,
        "the site or base URL cannot be used; use public, gov or fin, or an https:// URL",
        "사이트 이름이나 기본 URL을 쓸 수 없습니다[[({detail})]]. public, gov, fin 중 하나나 https:// URL을 쓰세요.";
    /// An HTTP method that is not a token.
    SigningMethod = "signing.method", "signing", 2,
        "the HTTP method cannot be signed; pass the method the request is sent with, e.g. \"POST\"",
        "HTTP 메서드를 서명할 수 없습니다[[({detail})]]. 요청을 보낼 때 쓰는 메서드를 \"POST\"처럼 한 단어로 넣으세요.";
    /// A path-and-query that cannot be what goes on the wire.
    SigningPath = "signing.path", "signing", 2,
        "the path cannot be signed; sign the request-target as it goes on the wire, starting with '/'",
        "경로를 서명할 수 없습니다[[({detail})]]. 실제로 보내는 요청 대상(request-target)을 '/'로 시작해 그대로 서명하세요.";
    /// A timestamp that is not milliseconds since the Unix epoch.
    SigningTimestamp = "signing.timestamp", "signing", 2,
        "the timestamp is not milliseconds since the Unix epoch; pass the current time in whole milliseconds",
        "타임스탬프가 Unix epoch 기준 밀리초가 아닙니다[[({detail})]]. 현재 시각을 정수 밀리초로 넣으세요.";
    /// An access key that cannot be used.
    SigningAccessKey = "signing.access_key", "signing", 2,
        "the access key cannot be used; set it from your NCP API credentials",
        "액세스 키를 쓸 수 없습니다. 비어 있거나 공백, 출력할 수 없는 문자가 있습니다. NCP API 인증키의 Access Key ID를 그대로 넣으세요(예: NCP_ACCESS_KEY).";
    /// A secret key that cannot be used.
    SigningSecretKey = "signing.secret_key", "signing", 2,
        "the secret key cannot be used; set it from your NCP API credentials",
        "시크릿 키를 쓸 수 없습니다. 비어 있거나 공백, 출력할 수 없는 문자가 있습니다. NCP API 인증키의 Secret Key를 그대로 넣으세요(예: NCP_SECRET_KEY).";
    /// No keys anywhere.
    CredentialsMissing = "credentials.missing", "signing", 2,
        "no NCP API keys were found; set NCP_ACCESS_KEY and NCP_SECRET_KEY, or a profile in ~/.ncloud/configure",
        "NCP API 인증키를 찾지 못했습니다. NCP_ACCESS_KEY와 NCP_SECRET_KEY 환경 변수를 설정하거나 ~/.ncloud/configure에 프로필을 만드세요.";
    /// Only one of the two key variables is set.
    CredentialsIncomplete = "credentials.incomplete", "signing", 2,
        "only one of the two key variables is set; set both NCP_ACCESS_KEY and NCP_SECRET_KEY",
        "인증키 환경 변수가 하나만 설정되어 있습니다. NCP_ACCESS_KEY와 NCP_SECRET_KEY를 모두 설정하세요.";
    /// Keys were found that cannot be used.
    CredentialsInvalid = "credentials.invalid", "signing", 2,
        "the NCP API keys found cannot be used; check the variables or the profile they came from",
        "찾은 NCP API 인증키를 쓸 수 없습니다[[({detail})]]. 인증키를 읽어 온 환경 변수나 프로필을 확인하세요.";
    /// The certificate name belongs to an earlier certificate: nothing was bought.
    OrderNameTaken = "order.name_taken", "order", 1,
        "the certificate name belongs to an earlier certificate: nothing was bought; choose another `certificateName`",
        "이 인증서 이름은 이전에 만든 인증서가 이미 쓰고 있습니다. 아무것도 구매되지 않았습니다. 다른 `certificateName`으로 다시 신청하세요.";
    /// A certificate found by name is issued for another key than the request's CSR.
    OrderNotThisRequest = "order.not_this_request", "order", 1,
        "a certificate with this name exists, for another key than this request's CSR; choose another `certificateName`",
        "이 이름의 인증서가 있지만 이 요청의 CSR과 다른 키로 발급된 것입니다. 다른 `certificateName`으로 다시 신청하세요.";
    /// An order may exist and ncpcert could not tell: check before ordering again.
    OrderOutcomeUnknown = "order.outcome_unknown", "order", 3,
        "an order may exist and ncpcert could not tell; check Certificate Manager before ordering again",
        "주문이 들어갔는지 알 수 없습니다. 다시 신청하기 전에 Certificate Manager 콘솔에서 인증서 목록을 먼저 확인하세요. 같은 명령을 다시 실행하면 이중 구매 없이 이어서 확인합니다.";
    /// NCP refused the order: nothing was bought.
    OrderRefused = "order.refused", "order", 1,
        "NCP refused the order: nothing was bought; read NCP's message and correct the request",
        "NCP가 주문을 거부했습니다. 아무것도 구매되지 않았습니다[[(NCP 메시지: {detail})]]. 메시지를 확인하고 요청을 고치세요.";
    /// Every attempt failed before NCP acted on it (or a lookup showed it placed nothing):
    /// nothing was bought.
    OrderNotPlaced = "order.not_placed", "order", 1,
        "the order was not placed: nothing was bought; it is safe to run the same command again",
        "주문이 접수되지 않았습니다. 아무것도 구매되지 않았으니 같은 명령을 다시 실행해도 됩니다.";
    /// The order exists and is still being validated; the wait ended first.
    OrderPending = "order.pending", "order", 4,
        "the order exists and is still being validated; run the same command again to keep waiting",
        "주문은 접수되었고 아직 도메인 소유 확인(DCV)을 기다리는 중입니다. DCV 레코드를 확인하고, 같은 명령을 다시 실행하면 이어서 기다립니다.";
    /// NCP will not issue the order: validation failed or expired (VALIDATION_FAILED,
    /// VALIDATION_EXPIRE).
    OrderValidationFailed = "order.validation_failed", "order", 1,
        "NCP will not issue the order: domain validation failed or expired; check the DCV records and order again",
        "도메인 소유 확인(DCV)이 실패했거나 기한이 지나 NCP가 이 주문의 인증서를 발급하지 않습니다. DCV 레코드를 확인하고 다시 신청하세요.";
    /// NCP will not issue the order for another reason (FAILED, FAILED_LINT, expired,
    /// revoked, deleted, …).
    OrderFailed = "order.failed", "order", 1,
        "NCP will not issue the order; check the certificate's status in Certificate Manager",
        "NCP가 이 주문의 인증서를 발급하지 않습니다[[({detail})]]. Certificate Manager 콘솔에서 인증서 상태를 확인하세요.";
    /// The certificate is not issued (yet): there is no chain to fetch.
    CertificateNotIssued = "certificate.not_issued", "certificate", 1,
        "the certificate is not issued (yet): there is no chain to fetch",
        "인증서가 아직 발급되지 않아 받을 인증서 체인이 없습니다. 도메인 소유 확인(DCV)이 끝나 발급된 뒤 다시 받으세요.";
    /// No certificate has this name or number in the account.
    CertificateNotFound = "certificate.not_found", "certificate", 1,
        "no certificate has this name or number in the account",
        "이 계정에는 그 이름이나 번호의 인증서가 없습니다[[({detail})]]. 이름이나 번호, 사이트(public/gov/fin)를 확인하세요.";
    /// A certificate (PEM) that cannot be read as X.509, so its expiry is unknown.
    CertificateInvalid = "certificate.invalid", "certificate", 2,
        "the certificate cannot be read as X.509 PEM, so its expiry is unknown; give the issued certificate (cert.pem)",
        "인증서를 X.509 PEM으로 읽을 수 없어 만료일을 알 수 없습니다[[({detail})]]. 발급된 인증서 파일(cert.pem)을 지정하세요.";
    /// A due certificate whose order's subscription has ended was not renewed: a new paid
    /// order needs a person (or `--allow-order`).
    RenewSkipped = "renew.skipped", "renew", 1,
        "the certificate is due, but its order's subscription has ended: a new paid order is needed; run renew with --allow-order to buy one, or renew it in the console",
        "인증서 갱신 시기가 되었지만 오더의 구독 기간이 끝났습니다. 새로 유료 주문을 해야 합니다. 주문하려면 renew에 --allow-order를 붙여 실행하거나 콘솔에서 갱신하세요.";
    /// A name to publish a record at lies in no zone of the account's NCP Global DNS: nothing
    /// was bought or changed.
    DnsZoneMissing = "dns.zone_missing", "dns", 1,
        "no zone of the account's NCP Global DNS holds the name; create the zone, check the keys' account, or publish the records another way (--dns-hook)",
        "이 계정의 NCP Global DNS에 [[{names}을(를) 담은 ]]존(zone)이 없습니다. Global DNS에 존을 만들고 도메인을 그 존의 네임서버로 위임하거나, 인증키가 그 존이 있는 계정의 것인지(그리고 --dns-endpoint를 지정했다면 그 값을) 확인하세요. 다른 방법(--dns-hook)으로 레코드를 등록해도 됩니다. 아무것도 바뀌지 않았습니다.";
    /// A Global DNS zone holds changes not yet applied that ncpcert did not make; applying
    /// would publish them too, so nothing was changed.
    DnsPendingChanges = "dns.pending_changes", "dns", 1,
        "a Global DNS zone holds changes not yet applied that ncpcert did not make; apply or roll them back in the NCP console, then run again",
        "Global DNS 존(zone)[[ {names}]]에 ncpcert가 만들지 않은, 아직 적용(apply)하지 않은 변경 사항이 있습니다. 적용은 존 전체에 반영되므로 그 변경도 함께 게시됩니다. NCP 콘솔(Global DNS)에서 먼저 적용하거나 되돌린 뒤 같은 명령을 다시 실행하세요. 아무것도 바뀌지 않았습니다(ncpcert는 다른 사람의 변경을 되돌리지 않습니다).";
    /// NCP Global DNS refused a call or answered with something ncpcert cannot read.
    DnsApi = "dns.api", "dns", 1,
        "NCP Global DNS refused a call or answered with something ncpcert cannot read",
        "[[Global DNS 호출({call})에 응답이 없습니다: {detail}. Global DNS 엔드포인트(--dns-endpoint를 지정했다면 그 값)까지의 네트워크를 확인하고 같은 명령을 다시 실행하세요.]][[HTTP {status} 응답을 받았지만 본문을 {what} 응답으로 읽을 수 없습니다. Global DNS 엔드포인트(--dns-endpoint)와 중간의 프록시를 확인하세요. 조회는 아무것도 바꾸지 않으니 같은 명령을 다시 실행해도 됩니다.]][[{refused}NCP Global DNS가 호출을 거부했습니다(HTTP {refused_status}{code_text})]][[: {said}]][[{refused}.]][[{auth} 액세스 키와 시크릿 키(Global DNS 권한이 있는 계정의 API 인증키)와 이 컴퓨터의 시각을 확인하세요.]][[{not_found} Global DNS 엔드포인트(--dns-endpoint)와 존(zone)을 확인하세요.]][[{busy} Global DNS가 바쁘거나 장애 중입니다. 잠시 뒤 같은 명령을 다시 실행하세요.]][[{other} NCP의 메시지를 확인하세요. NCP 콘솔의 Global DNS에서 존(zone)의 레코드를 볼 수 있습니다.]]";
    /// NCP Global DNS refused a second TXT record at one name (its duplicate-record error);
    /// the other value was left as it is.
    DnsDuplicateRecord = "dns.duplicate_record", "dns", 1,
        "NCP Global DNS refused a second TXT record at this name; let the other validation finish (or remove its record), then run again",
        "NCP Global DNS가 같은 이름[[ {names}]]에 두 번째 TXT 레코드를 만드는 것을 거부했습니다(HTTP {status}). 다른 도메인 소유 확인(DCV)에 그 값이 필요할 수 있어 ncpcert는 기존 값을 바꾸지 않습니다. 그 확인이 끝나기를 기다리거나 직접 지운 뒤 같은 명령을 다시 실행하세요.";
    /// The zone's authoritative name servers (or the resolver given) did not serve every value
    /// before the wait ended.
    DnsNotServed = "dns.not_served", "dns", 1,
        "the name servers did not serve every value before the wait ended; check the records and the delegation, then run again",
        "{seconds}초를 기다렸지만 {servers}이(가) {names}의 값을 모두 응답하지 않았습니다. NCP 콘솔(Global DNS)에서 레코드를 확인하고 도메인이 존(zone)의 네임서버로 위임되어 있는지 확인한 뒤, 같은 명령을 다시 실행하세요(--timeout을 늘리거나 --dns-resolver HOST:PORT로 물어볼 서버를 지정할 수 있습니다).";
    /// The authoritative name servers of a zone could not be found, or answered nothing usable.
    DnsNoServers = "dns.no_servers", "dns", 1,
        "the authoritative name servers could not be found; check the delegation or give --dns-resolver HOST:PORT",
        "시스템 리졸버로 [[{names}의 ]]권한 있는 네임서버를 찾지 못했습니다. 도메인이 위임되어 있는지(등록 기관의 NS 레코드가 존의 네임서버를 가리키는지) 확인하거나, --dns-resolver HOST:PORT로 물어볼 서버를 지정하세요.";
    /// No field of a domain validation record holds the TXT value under a known name: the
    /// order exists; run again naming the field (`--dcv-value-field`), which resumes it.
    DnsValueField = "dns.value_field", "dns", 1,
        "no field of NCP's domain validation records holds the TXT value under a known name; run again with --dcv-value-field NAME, which resumes the order",
        "[[주문은 접수되었지만(인증서 번호 {certificate_no}) NCP의 도메인 소유 확인(DCV) 레코드에서 TXT 값을 담은 필드를 찾지 못했습니다{field_note}. NCP가 보낸 필드: {fields}.]][[{domain}의 DCV 레코드를 Global DNS에 등록할 수 없습니다: {detail}.]] --dcv-value-field NAME(또는 NCPCERT_DCV_VALUE_FIELD)으로 TXT 값이 든 필드를 지정해 같은 명령을 다시 실행하세요. 이 주문을 이어서 진행하며 다시 구매하지 않습니다. `ncpcert dcv N`으로 모든 필드를 볼 수 있습니다.";
    /// The DNS hook command failed (a non-zero exit); its output says why.
    DnsHookFailed = "dns.hook_failed", "dns", 1,
        "the DNS hook command failed; read its output, fix the hook, then run again",
        "DNS 훅[[ {op}]] 단계가 실패했습니다[[: {detail}]]. 위에 나온 훅의 출력을 확인하고 훅을 고친 뒤(훅은 CMD present|cleanup FQDN VALUE로 실행됩니다) 같은 명령을 다시 실행하세요.";
    /// NCP could not be reached, or the connection failed before an answer came.
    TransportFailed = "transport.failed", "transport", 1,
        "NCP could not be reached, or the connection failed before an answer came",
        "NCP에 연결하지 못했거나 응답을 받기 전에 연결이 끊겼습니다[[({detail})]]. 네트워크와 프록시 설정을 확인하세요.";
    /// A file to write exists already (and replacing was not asked for).
    OutputExists = "output.exists", "output", 2,
        "a file to write exists already; choose another path or ask for it to be replaced",
        "쓸 파일이 이미 있습니다[[({detail})]]. 다른 경로를 지정하거나 덮어쓰기를 요청하세요.";
    /// A file or directory could not be read or written.
    OutputFailed = "output.failed", "output", 1,
        "a file or directory could not be read or written",
        "파일이나 디렉터리를 읽거나 쓰지 못했습니다[[({detail})]]. 경로와 권한을 확인하세요.";
    /// The journal of paid calls could not be read or written; a paid call is not sent
    /// without its journal entry.
    JournalFailed = "journal.failed", "journal", 2,
        "the journal of paid calls could not be read or written; nothing paid is sent without it",
        "유료 호출 기록(저널)을 읽거나 쓰지 못했습니다[[({detail})]]. 기록 없이는 유료 호출을 보내지 않으니 상태 디렉터리의 경로와 권한을 확인하세요.";
    /// A driver called the workflow out of turn (a bug in the host, not in the input).
    InternalMisuse = "internal.misuse", "internal", 1,
        "the workflow was called out of turn: a bug in the program that drives it",
        "워크플로가 순서에 맞지 않게 호출되었습니다. 입력이 아니라 이를 구동하는 프로그램의 버그입니다.";
    /// A panic caught at a boundary (or, where the core runs as WebAssembly, a trap).
    InternalPanic = "internal.panic", "internal", 1,
        "an internal error stopped the call: a bug in ncpcert; please report it",
        "내부 오류로 호출이 중단되었습니다. ncpcert의 버그이니 알려 주세요.";
    /// A binding could not load or run the core itself (a missing or damaged `.wasm` or
    /// native library), or could not read what the core returned.
    InternalEngine = "internal.engine", "internal", 1,
        "the core could not be loaded or run (a missing or damaged .wasm or native library); reinstall the package",
        "ncpcert 코어를 불러오거나 실행하지 못했습니다(.wasm이나 네이티브 라이브러리가 없거나 손상됨). 패키지를 다시 설치하세요.";
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `true` when `code` is a code a host may show: one of [`ErrorCode::ALL`] or a finding code
/// of [`crate::Code::ALL`].
pub fn is_known_code(code: &str) -> bool {
    ErrorCode::from_code_str(code).is_some() || crate::Code::from_code_str(code).is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every error code has what it means in English and in Korean.
    #[test]
    fn every_error_code_has_both_texts() {
        for &code in ErrorCode::ALL {
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
            assert_eq!(ko.matches("[[").count(), ko.matches("]]").count(), "{code}");
        }
    }

    #[test]
    fn codes_are_unique_round_trip_and_do_not_clash_with_findings() {
        let mut seen = std::collections::HashSet::new();
        for &code in ErrorCode::ALL {
            assert!(seen.insert(code.as_str()), "duplicate {code}");
            assert_eq!(ErrorCode::from_code_str(code.as_str()), Some(code));
            // `request.invalid` is both: the error of a refused request, and the finding of a
            // request that is not a JSON object.
            if code != ErrorCode::RequestInvalid {
                assert!(
                    crate::Code::from_code_str(code.as_str()).is_none(),
                    "{code}"
                );
            }
            assert!((1..=4).contains(&code.exit_status()), "{code}");
            assert_eq!(
                serde_json::to_value(code).unwrap(),
                serde_json::Value::from(code.as_str())
            );
        }
        assert!(is_known_code("domain.underscore"));
        // The codes other modules produce are in the table.
        use crate::signing::SigningErrorKind as K;
        for kind in [
            K::Method,
            K::PathAndQuery,
            K::Timestamp,
            K::AccessKey,
            K::SecretKey,
        ] {
            assert!(
                ErrorCode::from_code_str(kind.code()).is_some(),
                "{}",
                kind.code()
            );
        }
        for code in [
            "credentials.missing",
            "credentials.incomplete",
            "credentials.invalid",
        ] {
            assert!(ErrorCode::from_code_str(code).is_some(), "{code}");
        }
        assert!(!is_known_code("order.nope"));
    }
}

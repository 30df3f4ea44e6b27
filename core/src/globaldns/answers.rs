//! Reading Global DNS answers: zone and record pages (derived serde), the changes' answers
//! (any 2xx is success, whatever the body), and errors — Global DNS's own
//! `{"result":"FAIL","error":{"errorCode":"X00007",…}}`, the API Gateway's, and bare HTTP
//! statuses — as a [`DnsError`] with a code of the core's table.

// A failure is read once per call, never in a loop that matters: boxing it would only make
// every caller noisier (as for the order workflow's errors).
#![allow(clippy::result_large_err)]

use serde::{Deserialize, Deserializer, Serialize};
use serde_json::{Map, Value};
use serde_with::serde_as;
use std::fmt;

use crate::codes::ErrorCode;
use crate::response::fields::{from_value, list_or_null, Count, Text};
use crate::response::{parse_json, text};

/// A zone of the account (an item of FindZone's `content`).
#[serde_as]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", expecting = "an object")]
#[non_exhaustive]
pub struct Zone {
    /// `id`: the `domainId` of the record calls.
    #[serde_as(deserialize_as = "Count")]
    pub id: u64,
    /// `name`: the zone's domain name.
    #[serde_as(deserialize_as = "Text")]
    pub name: String,
    /// Every other field, as sent (`status`, `completeYn`, `dnssecYn`, …).
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// One page of FindZone's answer (a Spring page: `content`, `totalElements`, `last`, …).
#[serde_as]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", expecting = "an object")]
#[non_exhaustive]
pub struct ZonePage {
    /// `content`.
    #[serde(default, deserialize_with = "list_or_null")]
    pub content: Vec<Zone>,
    /// `totalElements`, when sent.
    #[serde_as(deserialize_as = "Count")]
    #[serde(default)]
    pub total_elements: Option<u64>,
    /// `last`, when sent.
    #[serde(default)]
    pub last: Option<bool>,
    /// Every other field, as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl ZonePage {
    /// The zone named exactly `name` (case-insensitive, without a trailing dot).
    pub fn exact(&self, name: &str) -> Option<&Zone> {
        let name = name.trim().trim_end_matches('.');
        self.content.iter().find(|z| {
            z.name
                .trim()
                .trim_end_matches('.')
                .eq_ignore_ascii_case(name)
        })
    }
}

/// A record of a zone (an item of ListRecords' `content`).
#[serde_as]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", expecting = "an object")]
#[non_exhaustive]
pub struct ZoneRecord {
    /// `id`: what DeleteRecords takes.
    #[serde_as(deserialize_as = "Count")]
    pub id: u64,
    /// `name`: the full name.
    #[serde_as(deserialize_as = "Text")]
    #[serde(default)]
    pub name: String,
    /// `host`: the name relative to the zone, `@` for the apex.
    #[serde_as(deserialize_as = "Text")]
    #[serde(default)]
    pub host: String,
    /// `type`: `TXT`, `A`, …
    #[serde_as(deserialize_as = "Text")]
    #[serde(default, rename = "type")]
    pub record_type: String,
    /// `content`; for a TXT record, without the double quotes Global DNS wraps it in (its
    /// strings joined).
    #[serde_as(deserialize_as = "Text")]
    #[serde(default)]
    pub content: String,
    /// `ttl`, when sent.
    #[serde_as(deserialize_as = "Count")]
    #[serde(default)]
    pub ttl: Option<u64>,
    /// `applyYn`: `false` while the record is a change not applied yet.
    #[serde(default = "yes", deserialize_with = "applied")]
    pub apply_yn: bool,
    /// `delYn`: `true` while the record's deletion is not applied yet.
    #[serde(default, deserialize_with = "deleted")]
    pub del_yn: bool,
    /// Every other field, as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

impl ZoneRecord {
    /// A change not applied yet: a record created or changed (`applyYn: false`) or deleted
    /// (`delYn: true`) and waiting for the zone's apply.
    pub fn is_pending(&self) -> bool {
        !self.apply_yn || self.del_yn
    }

    /// A TXT record.
    pub fn is_txt(&self) -> bool {
        self.record_type.eq_ignore_ascii_case("TXT")
    }
}

fn yes() -> bool {
    true
}

/// `applyYn`: `null` reads as applied (nothing pending).
fn applied<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    yes_no(d, true)
}

/// `delYn`: `null` reads as not deleted (nothing pending).
fn deleted<'de, D: Deserializer<'de>>(d: D) -> Result<bool, D::Error> {
    yes_no(d, false)
}

/// A boolean sent as `true`/`false`, `"Y"`/`"N"` or `"true"`/`"false"`; `null` and `""` read
/// as `absent`.
fn yes_no<'de, D: Deserializer<'de>>(d: D, absent: bool) -> Result<bool, D::Error> {
    use serde::de::Error;
    match Value::deserialize(d)? {
        Value::Bool(b) => Ok(b),
        Value::Null => Ok(absent),
        Value::String(s) => match s.trim().to_ascii_lowercase().as_str() {
            "y" | "yes" | "true" => Ok(true),
            "n" | "no" | "false" => Ok(false),
            "" => Ok(absent),
            _ => Err(D::Error::custom(format!(
                "is {:?}, not true or false",
                text::server_text(&s)
            ))),
        },
        other => Err(D::Error::custom(format!(
            "is {}, not true or false",
            crate::response::type_name(&other)
        ))),
    }
}

/// One page of ListRecords' answer.
#[serde_as]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", expecting = "an object")]
#[non_exhaustive]
pub struct RecordPage {
    /// `content`.
    #[serde(default, deserialize_with = "list_or_null")]
    pub content: Vec<ZoneRecord>,
    /// `totalElements`, when sent.
    #[serde_as(deserialize_as = "Count")]
    #[serde(default)]
    pub total_elements: Option<u64>,
    /// `last`, when sent.
    #[serde(default)]
    pub last: Option<bool>,
    /// Every other field, as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// Whether a page of `page_size` items read as page `page` (from 0) leaves more to read.
pub(crate) fn more_pages(
    last: Option<bool>,
    total: Option<u64>,
    listed: usize,
    page: u32,
    page_size: u32,
) -> bool {
    if last == Some(true) || listed < page_size as usize {
        return false;
    }
    let seen = (u64::from(page) + 1) * u64::from(page_size);
    total.is_none_or(|t| seen < t)
}

/// TXT content as Global DNS shows it (`"\"value\""`, long values as several quoted strings)
/// → the value. Content that is not quoted is returned as it is.
pub fn unquote_txt(content: &str) -> String {
    let trimmed = content.trim();
    if !trimmed.starts_with('"') {
        return trimmed.to_owned();
    }
    let mut out = String::new();
    let mut chars = trimmed.chars();
    let mut inside = false;
    while let Some(c) = chars.next() {
        match (inside, c) {
            (false, '"') => inside = true,
            (false, c) if c.is_whitespace() => {}
            // Text outside quotes: not the quoted form after all.
            (false, _) => return trimmed.to_owned(),
            (true, '"') => inside = false,
            (true, '\\') => match chars.next() {
                Some(escaped) => out.push(escaped),
                None => return trimmed.to_owned(),
            },
            (true, c) => out.push(c),
        }
    }
    if inside {
        return trimmed.to_owned();
    }
    out
}

/// Something Global DNS (or the path to it) answered that is not success, or a decision of
/// the publication workflow (a zone missing, pending changes, a value not served).
///
/// Serialises as the hosts' error shape: `{"type": "dns", "code", "message", "hint",
/// "httpStatus"?, "ncpCode"?, "details"?, "names"?}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct DnsError {
    /// `"dns"`.
    #[serde(rename = "type")]
    pub error_type: &'static str,
    /// A `dns.*` code.
    pub code: ErrorCode,
    /// What happened.
    pub message: String,
    /// What to do.
    pub hint: String,
    /// The HTTP status of the answer, for a refused call.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub http_status: Option<u16>,
    /// Global DNS's own code (`X00007`) or the gateway's, for a refused call.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub ncp_code: Option<String>,
    /// More from the answer (bounded).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub details: Option<String>,
    /// The names concerned (names without a zone, zones with pending changes, names not
    /// served).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub names: Vec<String>,
    /// Whether asking again may give another answer (a 5xx, a rate limit, a transport
    /// failure).
    #[serde(skip)]
    pub(crate) transient: bool,
    /// The values the code's text quotes in other languages (see [`crate::lang`]).
    #[serde(skip)]
    #[cfg_attr(feature = "schema", schemars(skip))]
    pub(crate) args: crate::lang::Args,
}

impl DnsError {
    pub(crate) fn new(
        code: ErrorCode,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        DnsError {
            error_type: "dns",
            code,
            message: message.into(),
            hint: hint.into(),
            http_status: None,
            ncp_code: None,
            details: None,
            names: Vec::new(),
            transient: false,
            args: Vec::new(),
        }
    }

    pub(crate) fn with_names(mut self, names: Vec<String>) -> Self {
        self.names = names;
        self
    }

    /// The error with the parameter `name` of its code's text set to `value`.
    pub(crate) fn with(mut self, name: &'static str, value: impl Into<String>) -> Self {
        self.args.push((name, value.into()));
        self
    }

    /// The error with its message in `lang`: in a language other than English, the code's
    /// text with this case's values, which says what to do too (the hint is then empty).
    /// Its code and every other field are unchanged.
    pub fn localized(&self, lang: crate::Lang) -> DnsError {
        let mut error = self.clone();
        if lang != crate::Lang::En {
            let mut args = self.args.clone();
            if !self.names.is_empty() {
                args.push(("names", self.names.join(", ")));
            }
            error.message = crate::lang::render(self.code.translation(lang), &args);
            error.hint = String::new();
        }
        error
    }

    /// A call whose connection failed (no answer).
    pub(crate) fn transport(call: &str, message: &str) -> Self {
        let mut e = DnsError::new(
            ErrorCode::DnsApi,
            format!(
                "the Global DNS call ({call}) got no answer: {}",
                crate::report::excerpt(message)
            ),
            "Check the network path to the Global DNS endpoint (and --dns-endpoint, if set), \
             then run the same command again.",
        );
        e.transient = true;
        e.with("call", call)
            .with("detail", crate::report::excerpt(message))
    }

    /// As JSON text.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| String::from("{}"))
    }
}

impl fmt::Display for DnsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} [{}]", self.message, self.code)
    }
}

impl std::error::Error for DnsError {}

/// Reads FindZone's answer. Never panics.
pub fn parse_zones(http_status: u16, body: &[u8]) -> Result<ZonePage, DnsError> {
    read_page(http_status, body, "the zone list (FindZone)", "FindZone")
}

/// Reads ListRecords' answer; TXT contents are unquoted. Never panics.
pub fn parse_records(http_status: u16, body: &[u8]) -> Result<RecordPage, DnsError> {
    let mut page: RecordPage = read_page(
        http_status,
        body,
        "the record list (ListRecords)",
        "ListRecords",
    )?;
    for record in &mut page.content {
        if record.is_txt() {
            record.content = unquote_txt(&record.content);
        }
    }
    Ok(page)
}

/// Reads the answer to CreateRecords, DeleteRecords or Apply: any 2xx is success, whatever
/// the body (it may be empty); anything else is the error it says. Never panics.
pub fn parse_change(http_status: u16, body: &[u8]) -> Result<(), DnsError> {
    if (200..=299).contains(&http_status) {
        return Ok(());
    }
    Err(error_of(http_status, body, parse_json(body).ok().as_ref()))
}

fn read_page<T: serde::de::DeserializeOwned>(
    http_status: u16,
    body: &[u8],
    what: &str,
    call: &'static str,
) -> Result<T, DnsError> {
    let json = parse_json(body);
    let success = (200..=299).contains(&http_status);
    if let Ok(Value::Object(object)) = &json {
        if object.contains_key("error")
            || object.get("result").and_then(Value::as_str) == Some("FAIL")
        {
            return Err(error_of(http_status, body, json.as_ref().ok()));
        }
    }
    if !success {
        return Err(error_of(http_status, body, json.as_ref().ok()));
    }
    let malformed = |why: String| {
        let mut e = DnsError::new(
            ErrorCode::DnsApi,
            format!("HTTP {http_status} but the body is not {what}: {why}"),
            "Check the Global DNS endpoint (--dns-endpoint) and any proxy in between; reading \
             changes nothing, so the same command can be run again.",
        );
        e.http_status = Some(http_status);
        if !text::is_blank(body) {
            e.details = Some(text::body_excerpt(body));
        }
        e.transient = true;
        e.with("status", http_status.to_string()).with("what", call)
    };
    match json {
        Ok(value @ Value::Object(_)) => from_value(value).map_err(malformed),
        Ok(other) => Err(malformed(format!(
            "the JSON is {}, not an object",
            crate::response::type_name(&other)
        ))),
        Err(why) => Err(malformed(why)),
    }
}

/// The error an answer is: Global DNS's FAIL envelope, a gateway error, or a bare status.
fn error_of(http_status: u16, body: &[u8], json: Option<&Value>) -> DnsError {
    let error = json.and_then(|v| v.get("error")).and_then(Value::as_object);
    let string = |v: Option<&Value>| -> Option<String> {
        match v? {
            Value::String(s) => Some(text::server_text(s)),
            Value::Number(n) => Some(n.to_string()),
            _ => None,
        }
    };
    let ncp_code = error.and_then(|e| string(e.get("errorCode")));
    let message = error.and_then(|e| string(e.get("message")));
    let more = error.and_then(|e| {
        let dev = string(e.get("devMessage"));
        let info = e.get("moreInfo").filter(|v| !v.is_null()).map(|v| {
            text::server_text(&match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
        });
        match (dev, info) {
            (Some(d), Some(i)) => Some(text::server_text(&format!("{d} {i}"))),
            (d, i) => d.or(i),
        }
    });
    // The duplicate-record refusal: X00007 ("This is an invalid record.") whose validation
    // details say the host and type exist in another, duplicated, record.
    let whole = json
        .map(Value::to_string)
        .unwrap_or_default()
        .to_ascii_lowercase();
    let duplicate = ncp_code.as_deref() == Some("X00007") && whole.contains("duplicat");
    let transient = http_status == 429 || http_status >= 500;
    let code_text = ncp_code
        .as_deref()
        .map(|c| format!(", code {c}"))
        .unwrap_or_default();
    let said = message.clone().unwrap_or_else(|| {
        if text::is_blank(body) {
            String::from("an empty body")
        } else {
            String::from("no message")
        }
    });
    let (code, hint, case) = if duplicate {
        (
            ErrorCode::DnsDuplicateRecord,
            "NCP Global DNS refused a second TXT record at this name. ncpcert never replaces \
             the other value (another validation may need it): let that one finish (or remove \
             it yourself), then run the same command again.",
            "status",
        )
    } else {
        let (hint, case) = match http_status {
            401 | 403 => (
                "Check the access key and secret key (they must be the account's API keys \
                     with Global DNS permission) and this machine's clock.",
                "auth",
            ),
            404 => (
                "Check the Global DNS endpoint (--dns-endpoint) and the zone.",
                "not_found",
            ),
            429 | 500..=599 => (
                "Global DNS is busy or failing: run the same command again later.",
                "busy",
            ),
            _ => (
                "Read NCP's message; the NCP console (Global DNS) shows the zone's records.",
                "other",
            ),
        };
        (ErrorCode::DnsApi, hint, case)
    };
    let e = DnsError::new(
        code,
        format!("NCP Global DNS refused the call (HTTP {http_status}{code_text}): {said}"),
        hint,
    );
    // The Korean text: the refusal (NCP's words quoted as NCP wrote them), then what to do
    // for this kind of refusal (`case` switches its part on).
    let mut e = e
        .with("status", http_status.to_string())
        .with("refused_status", http_status.to_string())
        .with(
            "code_text",
            ncp_code
                .as_deref()
                .map(|c| format!(", {c}"))
                .unwrap_or_default(),
        )
        .with("refused", "")
        .with(case, "");
    if let Some(said) = &message {
        e = e.with("said", crate::report::excerpt(said));
    }
    e.http_status = Some(http_status);
    e.ncp_code = ncp_code;
    e.details = more
        .or_else(|| (!text::is_blank(body) && error.is_none()).then(|| text::body_excerpt(body)));
    e.transient = transient;
    e
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zones_page_and_exact_match() {
        // Shaped as the research notes' Spring page of FindZone.
        let body = br#"{"content":[{"id":11,"name":"www.example.com","status":"USING","completeYn":true,"dnssecYn":false},
            {"id":"12","name":"Example.COM","status":"USING"}],
            "pageable":{"pageNumber":0},"totalElements":2,"totalPages":1,"last":true,"first":true,
            "size":100,"number":0,"empty":false}"#;
        let page = parse_zones(200, body).unwrap();
        assert_eq!(page.content.len(), 2);
        assert_eq!(page.exact("example.com.").map(|z| z.id), Some(12));
        assert_eq!(page.exact("api.example.com"), None);
        assert_eq!(page.content[0].extra["status"], "USING");
        assert_eq!(page.total_elements, Some(2));
        assert!(!more_pages(page.last, page.total_elements, 2, 0, 100));
        assert!(more_pages(None, Some(250), 100, 1, 100));
        assert!(!more_pages(None, Some(200), 100, 1, 100));
    }

    #[test]
    fn records_unquote_txt_and_read_pending_flags() {
        let body = br#"{"content":[
          {"id":260001,"name":"_acme-challenge.example.com","host":"_acme-challenge","type":"TXT",
           "content":"\"tok-1\"","ttl":60,"applyYn":true,"delYn":false,"defaultYn":false},
          {"id":260002,"name":"www.example.com","host":"www","type":"A","content":"192.0.2.1",
           "ttl":300,"applyYn":false,"delYn":false},
          {"id":260003,"name":"old.example.com","host":"old","type":"TXT",
           "content":"\"part one \" \"and \\\"two\\\"\"","applyYn":"Y","delYn":"Y"}],
          "totalElements":3,"last":true}"#;
        let page = parse_records(200, body).unwrap();
        let r = &page.content;
        assert_eq!(r[0].content, "tok-1");
        assert!(!r[0].is_pending());
        assert_eq!(r[1].content, "192.0.2.1");
        assert!(r[1].is_pending());
        assert_eq!(r[2].content, "part one and \"two\"");
        assert!(r[2].is_pending());
        assert_eq!(r[0].extra["defaultYn"], false);
        assert_eq!(unquote_txt("plain"), "plain");
        assert_eq!(unquote_txt("\"open"), "\"open");
        assert_eq!(unquote_txt("\"a\"b"), "\"a\"b");
    }

    #[test]
    fn fail_envelope_gateway_and_bare_statuses() {
        // The documented error example (codes are strings).
        let body = br#"{"result":"FAIL","error":{"errorCode":"X00007","message":"This is an invalid record.",
          "devMessage":"invalid","moreInfo":{"validationInfo":{"rrsetValidationResponseList":[{"recordType":"TXT",
          "field":"host","recordName":"_acme-challenge.example.com","msg":"The host and type you entered exist in other resource record that are duplicated."}]}}}}"#;
        let e = parse_change(400, body).unwrap_err();
        assert_eq!(e.code, ErrorCode::DnsDuplicateRecord);
        crate::lang::assert_korean(&e.localized(crate::Lang::Ko).message);
        assert_eq!(e.ncp_code.as_deref(), Some("X00007"));
        assert_eq!(e.http_status, Some(400));
        assert!(
            e.message.contains("This is an invalid record."),
            "{}",
            e.message
        );
        let other = br#"{"result":"FAIL","error":{"errorCode":"X00006","message":"You do not have permissions."}}"#;
        let e = parse_records(200, other).unwrap_err();
        assert_eq!(
            (e.code, e.ncp_code.as_deref()),
            (ErrorCode::DnsApi, Some("X00006"))
        );
        let json: Value = serde_json::from_str(&e.to_json()).unwrap();
        assert_eq!(json["type"], "dns");
        assert_eq!(json["code"], "dns.api");
        assert_eq!(json["ncpCode"], "X00006");
        let gateway = br#"{"error":{"errorCode":"200","message":"Authentication Failed"}}"#;
        let e = parse_zones(401, gateway).unwrap_err();
        assert_eq!(e.ncp_code.as_deref(), Some("200"));
        assert!(e.hint.contains("access key"));
        let ko = e.localized(crate::Lang::Ko);
        crate::lang::assert_korean(&ko.message);
        assert!(ko.message.contains("액세스 키") && ko.message.contains("Authentication Failed"));
        let e = parse_change(503, b"").unwrap_err();
        assert!(e.transient && e.message.contains("an empty body"));
        crate::lang::assert_korean(&e.localized(crate::Lang::Ko).message);
        crate::lang::assert_korean(
            &DnsError::transport("FindZone", "refused")
                .localized(crate::Lang::Ko)
                .message,
        );
        // Changes succeed on any 2xx, whatever the body.
        for body in [&b""[..], b"{}", b"not json", br#"{"result":"SUCCESS"}"#] {
            assert_eq!(parse_change(200, body), Ok(()));
        }
        assert_eq!(parse_change(204, b""), Ok(()));
        for bad in [
            &b""[..],
            b"[]",
            br#"{"content":{}}"#,
            br#"{"content":[{"name":"x"}]}"#,
        ] {
            let e = parse_zones(200, bad).unwrap_err();
            assert_eq!(
                e.code,
                ErrorCode::DnsApi,
                "{}",
                String::from_utf8_lossy(bad)
            );
            crate::lang::assert_korean(&e.localized(crate::Lang::Ko).message);
        }
    }
}

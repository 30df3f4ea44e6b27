//! `parse_response` against the shared vectors (`tests/vectors/responses.json`, also read by
//! the JavaScript and Python suites), plus targeted tests: very large bodies, deep nesting,
//! serialisation, and a randomised no-panic run.
//!
//! The vectors directory is `$NCPCERT_VECTORS` when set, else `<crate>/tests/vectors` (a link to
//! the repository's `tests/vectors`, copied into the packaged crate).

use ncpcert::{
    parse_response, ApiError, ApiErrorKind, CertificateStatus, IssuanceResponse, Outcome,
};
use serde_json::{json, Map, Value};
use std::path::PathBuf;

/// Longest message / details accepted from any input (SPEC: at most ~200 characters of the
/// body, plus ncpcert's own words).
const MAX_MESSAGE_CHARS: usize = 400;
const MAX_DETAILS_CHARS: usize = 260;

fn vectors_path() -> PathBuf {
    let dir = std::env::var_os("NCPCERT_VECTORS")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/vectors")));
    dir.join("responses.json")
}

fn load_vectors() -> Vec<Value> {
    let path = vectors_path();
    let text = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let doc: Value = serde_json::from_str(&text).expect("responses.json is JSON");
    assert!(doc["description"].is_string());
    doc["vectors"].as_array().expect("a vectors array").clone()
}

/// Standard base64 (with or without padding), enough for the vectors' `body_base64`.
fn base64_decode(text: &str) -> Vec<u8> {
    fn sextet(c: u8) -> u32 {
        match c {
            b'A'..=b'Z' => u32::from(c - b'A'),
            b'a'..=b'z' => u32::from(c - b'a') + 26,
            b'0'..=b'9' => u32::from(c - b'0') + 52,
            b'+' => 62,
            b'/' => 63,
            _ => panic!("bad base64 character {c:?}"),
        }
    }
    let symbols: Vec<u8> = text.bytes().filter(|&c| c != b'=').collect();
    let mut out = Vec::with_capacity(symbols.len() * 3 / 4);
    for chunk in symbols.chunks(4) {
        let mut acc = 0u32;
        for (i, &c) in chunk.iter().enumerate() {
            acc |= sextet(c) << (18 - 6 * i);
        }
        let bytes = acc.to_be_bytes();
        out.extend_from_slice(&bytes[1..chunk.len()]);
    }
    out
}

fn body_of(vector: &Value) -> Vec<u8> {
    match (vector.get("body"), vector.get("body_base64")) {
        (Some(Value::String(text)), None) => text.as_bytes().to_vec(),
        (None, Some(Value::String(b64))) => base64_decode(b64),
        _ => panic!(
            "vector {} needs exactly one of body / body_base64",
            vector["id"]
        ),
    }
}

/// Invariants every error keeps, whatever the input.
fn check_error_invariants(context: &str, status: u16, error: &ApiError) {
    assert_eq!(
        error.http_status, status,
        "{context}: http_status is the real status"
    );
    assert!(!error.message.is_empty(), "{context}: empty message");
    assert!(!error.hint.is_empty(), "{context}: empty hint");
    assert!(
        !error.code.is_empty() || error.kind == ApiErrorKind::Service,
        "{context}: empty code"
    );
    assert!(
        error.message.chars().count() <= MAX_MESSAGE_CHARS,
        "{context}: message too long ({} chars)",
        error.message.chars().count()
    );
    if let Some(details) = &error.details {
        assert!(
            details.chars().count() <= MAX_DETAILS_CHARS,
            "{context}: details too long ({} chars)",
            details.chars().count()
        );
    }
    assert!(
        !error.message.chars().any(char::is_control),
        "{context}: control character in message"
    );
    match error.kind {
        ApiErrorKind::Malformed => {
            assert_eq!(error.code, "malformed", "{context}");
            assert!(
                (200..=299).contains(&status),
                "{context}: malformed needs 2xx"
            );
            // NCP reported success: the order may exist (SPEC §12).
            assert_eq!(error.outcome, Outcome::Ambiguous, "{context}");
        }
        ApiErrorKind::Http => {
            assert_eq!(error.code, status.to_string(), "{context}");
            assert!(
                !(200..=299).contains(&status),
                "{context}: http error needs non-2xx"
            );
            let outcome = match status {
                408 | 429 => Outcome::Resendable,
                500..=599 => Outcome::Ambiguous,
                _ => Outcome::Final,
            };
            assert_eq!(error.outcome, outcome, "{context}");
        }
        ApiErrorKind::Service => assert_ne!(error.outcome, Outcome::Resendable, "{context}"),
        _ => {}
    }
    // `retryable` is exactly "resendable": an ambiguous outcome is never blindly resent.
    assert_eq!(
        error.retryable(),
        error.outcome == Outcome::Resendable,
        "{context}"
    );
    let json: Value = serde_json::from_str(&error.to_json()).expect("ApiError::to_json is JSON");
    assert_eq!(json["kind"], error.kind.as_str(), "{context}");
    assert_eq!(json["httpStatus"], status, "{context}");
    assert_eq!(json["code"], error.code.as_str(), "{context}");
    assert_eq!(json["retryable"], error.retryable(), "{context}");
    assert_eq!(json["outcome"], error.outcome.as_str(), "{context}");
    let display = error.to_string();
    assert!(
        display.contains(&error.message),
        "{context}: Display shows the message"
    );
    assert!(
        display.contains(&error.hint),
        "{context}: Display shows the hint"
    );
}

fn check_ok(id: &str, response: &IssuanceResponse, expect: &Map<String, Value>) {
    let cert = &response.paid_certificate;
    for (key, want) in expect {
        let got: Value = match key.as_str() {
            "ok" => continue,
            "returnCode" => json!(response.return_code),
            "returnMessage" => json!(response.return_message),
            "totalRows" => json!(response.total_rows),
            "certificateNo" => json!(cert.certificate_no),
            "requestSn" => json!(cert.request_sn),
            "certificateName" => json!(cert.certificate_name),
            "statusCode" => json!(cert.status.code()),
            "status" => json!(cert.status.name()),
            "statusName" => json!(cert.status_name),
            "regDate" => json!(cert.reg_date),
            "validationMethod" => json!(cert.validation_method),
            "organizationNo" => json!(cert.organization_no),
            "extra" => Value::Object(response.extra.clone()),
            "certificateExtra" => Value::Object(cert.extra.clone()),
            other => panic!("{id}: unknown expect key {other}"),
        };
        assert_eq!(&got, want, "{id}: {key}");
    }
    assert_eq!(response.return_code, "0", "{id}");

    // The serialised form uses the API's names, with statusCode as an integer, our status
    // name, and the unknown fields flattened back in.
    let json: Value = serde_json::from_str(&response.to_json()).expect("to_json is JSON");
    let pc = &json["paidCertificate"];
    assert_eq!(json["returnCode"], "0", "{id}");
    assert_eq!(pc["certificateNo"], cert.certificate_no, "{id}");
    assert_eq!(pc["statusCode"], cert.status.code(), "{id}");
    assert_eq!(pc["status"], cert.status.name(), "{id}");
    assert_eq!(pc["statusName"], cert.status_name.as_str(), "{id}");
    for (key, value) in &response.extra {
        assert_eq!(&json[key], value, "{id}: extra {key} flattened back");
    }
    for (key, value) in &cert.extra {
        if key != "status" {
            assert_eq!(
                &pc[key], value,
                "{id}: certificate extra {key} flattened back"
            );
        }
    }
    let standalone: Value = serde_json::from_str(&cert.to_json()).expect("to_json is JSON");
    assert_eq!(&standalone, pc, "{id}: PaidCertificate::to_json");
}

fn check_err(id: &str, status: u16, error: &ApiError, expect: &Map<String, Value>) {
    check_error_invariants(id, status, error);
    for (key, want) in expect {
        match key.as_str() {
            "ok" => {}
            "kind" => assert_eq!(error.kind.as_str(), want, "{id}: kind ({error})"),
            "code" => assert_eq!(error.code, *want, "{id}: code ({error})"),
            "retryable" => assert_eq!(error.retryable(), *want, "{id}: retryable ({error})"),
            "outcome" => assert_eq!(error.outcome.as_str(), want, "{id}: outcome ({error})"),
            "httpStatus" => assert_eq!(error.http_status, *want, "{id}: httpStatus"),
            "message" => assert_eq!(error.message, *want, "{id}: message"),
            "details" => assert_eq!(json!(error.details), *want, "{id}: details"),
            "messageContains" => {
                let needle = want.as_str().expect("messageContains is text");
                assert!(
                    error.message.contains(needle),
                    "{id}: message {:?} lacks {needle:?}",
                    error.message
                );
            }
            "hintContains" => {
                let needle = want.as_str().expect("hintContains is text");
                assert!(
                    error.hint.contains(needle),
                    "{id}: hint {:?} lacks {needle:?}",
                    error.hint
                );
            }
            other => panic!("{id}: unknown expect key {other}"),
        }
    }
}

#[test]
fn every_vector() {
    let vectors = load_vectors();
    assert!(vectors.len() >= 80, "only {} vectors", vectors.len());
    let mut seen = std::collections::HashSet::new();
    for vector in &vectors {
        let id = vector["id"].as_str().expect("id");
        assert!(seen.insert(id.to_owned()), "duplicate id {id}");
        let status = u16::try_from(vector["http_status"].as_u64().expect("http_status")).unwrap();
        let body = body_of(vector);
        let expect = vector["expect"].as_object().expect("expect object");
        let result = parse_response(status, &body);
        match (expect["ok"].as_bool().expect("expect.ok"), result) {
            (true, Ok(response)) => check_ok(id, &response, expect),
            (false, Err(error)) => check_err(id, status, &error, expect),
            (true, Err(error)) => panic!("{id}: expected success, got {error}"),
            (false, Ok(response)) => panic!("{id}: expected an error, got {}", response.to_json()),
        }
    }
}

/// The file covers what the brief for it lists; guards against vectors being dropped.
#[test]
fn vectors_cover_the_spec_tables() {
    let vectors = load_vectors();
    let expects: Vec<&Value> = vectors.iter().map(|v| &v["expect"]).collect();
    let has = |pred: &dyn Fn(&Value, &Value) -> bool| {
        vectors.iter().zip(&expects).any(|(v, e)| pred(v, e))
    };
    for code in [
        "100", "200", "210", "230", "300", "430", "400", "410", "420", "500", "510", "900",
    ] {
        assert!(
            has(&|_, e| e["kind"] == "gateway" && e["code"] == code),
            "no vector for gateway code {code}"
        );
    }
    for status in CertificateStatus::KNOWN {
        assert!(
            has(&|_, e| e["ok"] == true && e["status"] == status.name()),
            "no vector for status {}",
            status.name()
        );
    }
    assert!(has(&|_, e| e["status"] == "UNKNOWN"));
    assert!(has(
        &|v, e| e["kind"] == "service" && v["http_status"] == 400
    ));
    assert!(has(
        &|v, e| e["kind"] == "service" && v["http_status"] == 200
    ));
    assert!(has(&|v, e| e["kind"] == "http"
        && v["http_status"] == 403
        && v["body"] == ""));
    assert!(has(
        &|v, e| e["kind"] == "malformed" && v.get("body_base64").is_some()
    ));
    assert!(has(&|v, _| v["body"]
        .as_str()
        .is_some_and(|b| b.starts_with(&"[".repeat(100_000)))));
    assert!(has(&|v, e| e["ok"] == true
        && v["body"]
            .as_str()
            .is_some_and(|b| b.contains("\"statusCode\":0"))));
    assert!(has(&|v, e| e["ok"] == true
        && v["body"]
            .as_str()
            .is_some_and(|b| b.contains("\"statusCode\":\"0\""))));
    assert!(has(&|v, e| e["ok"] == true
        && v["body"]
            .as_str()
            .is_some_and(|b| b.contains("\"returnCode\":0"))));
}

fn success_body(status_code: &str) -> String {
    format!(
        r#"{{"returnCode":"0","returnMessage":"success","totalRows":1,"paidCertificate":{{"certificateNo":200123,"requestSn":"20261128000123","certificateName":"www-example","statusCode":{status_code},"statusName":"X","regDate":"2026-11-28 17:10:00","validationMethod":"D","organizationNo":null}}}}"#
    )
}

#[test]
fn ten_megabyte_bodies() {
    const TEN_MB: usize = 10 * 1024 * 1024;

    // Plain junk, at 200 and at 502.
    let junk = vec![b'a'; TEN_MB];
    let e = parse_response(200, &junk).unwrap_err();
    check_error_invariants("10MB junk 200", 200, &e);
    assert_eq!(e.kind, ApiErrorKind::Malformed);
    assert!(e
        .details
        .as_deref()
        .unwrap()
        .contains("truncated; 10485760 bytes in all"));
    let e = parse_response(502, &junk).unwrap_err();
    check_error_invariants("10MB junk 502", 502, &e);
    assert_eq!(e.kind, ApiErrorKind::Http);
    assert_eq!(e.outcome, Outcome::Ambiguous);

    // Multi-byte text: excerpts are cut on character boundaries.
    let korean = "인증서".repeat(TEN_MB / 9).into_bytes();
    let e = parse_response(400, &korean).unwrap_err();
    check_error_invariants("10MB korean 400", 400, &e);
    assert!(e.details.as_deref().unwrap().starts_with("인증서인증서"));

    // Invalid UTF-8 at the very end of 10 MB of JSON-looking text.
    let mut bad = vec![b' '; TEN_MB];
    bad[0] = b'{';
    bad[TEN_MB - 1] = 0xff;
    let e = parse_response(200, &bad).unwrap_err();
    check_error_invariants("10MB invalid utf8", 200, &e);
    assert!(e.message.contains("UTF-8"), "{}", e.message);

    // A gateway error whose message and details are 10 MB long.
    let huge = "x".repeat(TEN_MB);
    let body =
        format!(r#"{{"error":{{"errorCode":"200","message":"{huge}","details":"{huge}"}}}}"#);
    let e = parse_response(401, body.as_bytes()).unwrap_err();
    check_error_invariants("10MB gateway", 401, &e);
    assert_eq!(e.kind, ApiErrorKind::Gateway);
    assert!(e.message.ends_with("(truncated)"));

    // A service error with a 10 MB returnMessage.
    let body = format!(r#"{{"returnCode":"1002","returnMessage":"{huge}"}}"#);
    let e = parse_response(200, body.as_bytes()).unwrap_err();
    check_error_invariants("10MB service", 200, &e);
    assert_eq!(e.kind, ApiErrorKind::Service);

    // A valid success carrying a 10 MB unknown field: kept, as data.
    let ok = success_body("\"1\"");
    let body = format!(r#"{}, "padding":"{huge}"}}"#, &ok[..ok.len() - 1]);
    let r = parse_response(200, body.as_bytes()).unwrap();
    assert_eq!(r.paid_certificate.status, CertificateStatus::Normal);
    assert_eq!(r.extra["padding"].as_str().map(str::len), Some(TEN_MB));

    // 10 MB of opening brackets.
    let deep = vec![b'['; TEN_MB];
    let e = parse_response(200, &deep).unwrap_err();
    check_error_invariants("10MB brackets", 200, &e);
}

#[test]
fn deep_nesting_never_overflows() {
    for depth in [127usize, 128, 129, 1_000, 1_000_000] {
        let arrays = format!("{}{}", "[".repeat(depth), "]".repeat(depth));
        let objects = format!("{}1{}", r#"{"a":"#.repeat(depth), "}".repeat(depth));
        let in_certificate = format!(
            r#"{{"returnCode":"0","paidCertificate":{{"certificateNo":1,"statusCode":0,"x":{arrays}}}}}"#
        );
        for status in [200u16, 502] {
            for body in [&arrays, &objects, &in_certificate] {
                match parse_response(status, body.as_bytes()) {
                    Ok(r) => {
                        assert!(depth < 128, "depth {depth} accepted");
                        assert!(serde_json::from_str::<Value>(&r.to_json()).is_ok());
                    }
                    Err(e) => check_error_invariants(&format!("depth {depth}"), status, &e),
                }
            }
        }
    }
}

#[test]
fn gateway_error_is_typed_and_keeps_the_real_status() {
    let body = br#"{"error":{"errorCode":"200","message":"Authentication Failed","details":"Invalid authentication information."}}"#;
    for status in [401u16, 200, 500] {
        let e = parse_response(status, body).unwrap_err();
        assert_eq!(e.kind, ApiErrorKind::Gateway);
        assert_eq!(e.http_status, status);
        assert_eq!(e.code, "200");
        assert_eq!(
            e.details.as_deref(),
            Some("Invalid authentication information.")
        );
        assert!(!e.retryable());
        assert!(e.hint.contains("byte-for-byte"));
        assert!(e.hint.contains("5 minutes"));
    }
    // Unknown codes are classified by HTTP status.
    let unknown = br#"{"error":{"errorCode":"123","message":"?"}}"#;
    for (status, outcome) in [
        (429u16, Outcome::Resendable),
        (500, Outcome::Ambiguous),
        (503, Outcome::Ambiguous),
        (400, Outcome::Final),
        (200, Outcome::Final),
    ] {
        assert_eq!(
            parse_response(status, unknown).unwrap_err().outcome,
            outcome,
            "{status}"
        );
    }
    // Control characters from the server never reach messages.
    let nasty = br#"{"error":{"errorCode":"210","message":"Permission\u001b[31m\r\nDenied","details":"a\u0000b"}}"#;
    let e = parse_response(401, nasty).unwrap_err();
    assert_eq!(e.message, "Permission [31m Denied");
    assert_eq!(e.details.as_deref(), Some("a b"));
}

#[test]
fn error_display_and_json_shape() {
    let e = parse_response(
        401,
        br#"{"error":{"errorCode":"200","message":"Authentication Failed"}}"#,
    )
    .unwrap_err();
    let text = e.to_string();
    for part in [
        "gateway",
        "HTTP 401",
        "code 200",
        "Authentication Failed",
        "Hint:",
    ] {
        assert!(text.contains(part), "{text:?} lacks {part:?}");
    }
    let json: Value = serde_json::from_str(&e.to_json()).unwrap();
    let keys: Vec<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "kind",
            "httpStatus",
            "code",
            "message",
            "details",
            "retryable",
            "outcome",
            "hint"
        ]
    );
    assert_eq!(json["details"], Value::Null);
    assert!(text.contains("Authentication Failed. Hint: "), "{text}");
    let service = parse_response(400, br#"{"returnCode":"1002","returnMessage":"Bad PEM."}"#)
        .unwrap_err()
        .to_string();
    assert!(service.contains("Bad PEM. Hint: "), "{service}");
    let boxed: Box<dyn std::error::Error> = Box::new(e);
    assert!(boxed.to_string().contains("Authentication Failed"));

    for (kind, name) in [
        (ApiErrorKind::Gateway, "gateway"),
        (ApiErrorKind::Service, "service"),
        (ApiErrorKind::Http, "http"),
        (ApiErrorKind::Malformed, "malformed"),
    ] {
        assert_eq!(kind.as_str(), name);
        assert_eq!(kind.to_string(), name);
    }
}

#[test]
fn response_serialises_with_api_names() {
    let body = br#"{"returnCode":0,"returnMessage":"success","totalRows":"1","requestId":"r-1","paidCertificate":{"certificateNo":"42","requestSn":"S","certificateName":"n","statusCode":"-11","statusName":"FAILED (LINT)","regDate":"2026-11-28 17:10:00","validationMethod":"PD","organizationNo":7,"future":{"a":[1]}}}"#;
    let r = parse_response(200, body).unwrap();
    assert_eq!(r.return_code, "0");
    assert_eq!(r.total_rows, Some(1));
    assert_eq!(r.paid_certificate.status, CertificateStatus::FailedLint);
    let json: Value = serde_json::from_str(&r.to_json()).unwrap();
    assert_eq!(
        json,
        json!({
            "returnCode": "0",
            "returnMessage": "success",
            "totalRows": 1,
            "paidCertificate": {
                "certificateNo": 42,
                "requestSn": "S",
                "certificateName": "n",
                "statusCode": -11,
                "statusName": "FAILED (LINT)",
                "status": "FAILED_LINT",
                "regDate": "2026-11-28 17:10:00",
                "validationMethod": "PD",
                "organizationNo": 7,
                "future": {"a": [1]}
            },
            "requestId": "r-1"
        })
    );
    // Field order: the API's order, then the unknown fields in the order sent.
    let keys: Vec<&str> = json["paidCertificate"]
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    assert_eq!(
        keys,
        [
            "certificateNo",
            "requestSn",
            "certificateName",
            "statusCode",
            "statusName",
            "status",
            "regDate",
            "validationMethod",
            "organizationNo",
            "future"
        ]
    );
}

#[test]
fn certificate_status_table() {
    let table: [(i64, &str); 12] = [
        (0, "ONGOING"),
        (1, "NORMAL"),
        (2, "NORMAL_UNREGISTERED_PRIVATE_KEY"),
        (3, "NORMAL_GLOBAL_EDGE_DEDICATED"),
        (-1, "FAILED"),
        (-2, "EXPIRE"),
        (-3, "VALIDATION_FAILED"),
        (-4, "VALIDATION_EXPIRE"),
        (-5, "REVOKE"),
        (-6, "DELETED"),
        (-7, "REQUEST_REVOKE"),
        (-11, "FAILED_LINT"),
    ];
    for (i, (code, name)) in table.into_iter().enumerate() {
        let status = CertificateStatus::from_code(code);
        assert_eq!(status, CertificateStatus::KNOWN[i]);
        assert_eq!(status.code(), code);
        assert_eq!(status.name(), name);
        assert_eq!(status.is_issued(), (1..=3).contains(&code));
        assert_eq!(status.is_pending(), code == 0);
        let body = success_body(&format!("\"{code}\""));
        assert_eq!(
            parse_response(200, body.as_bytes())
                .unwrap()
                .paid_certificate
                .status,
            status
        );
    }
    for code in [4, -8, -10, -12, i64::MAX, i64::MIN] {
        let status = CertificateStatus::from_code(code);
        assert_eq!(status, CertificateStatus::Unknown(code));
        assert_eq!(status.code(), code);
        assert_eq!(status.name(), "UNKNOWN");
    }
    let r = parse_response(200, success_body("-8").as_bytes()).unwrap();
    assert_eq!(r.paid_certificate.status, CertificateStatus::Unknown(-8));
    assert_eq!(r.paid_certificate.status_name, "X");
}

#[test]
fn http_errors_explain_themselves() {
    let e = parse_response(403, b"").unwrap_err();
    assert_eq!(
        (e.kind, e.code.as_str(), e.retryable()),
        (ApiErrorKind::Http, "403", false)
    );
    assert!(e.message.contains("empty body"));
    assert!(e.hint.contains("sub-account") && e.hint.contains("2.0"));
    assert_eq!(e.details, None);

    let html = b"<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>";
    let e = parse_response(502, html).unwrap_err();
    assert_eq!(
        (e.kind, e.code.as_str(), e.outcome),
        (ApiErrorKind::Http, "502", Outcome::Ambiguous)
    );
    assert!(e.hint.contains("proxy"));
    assert!(e.details.as_deref().unwrap().contains("502 Bad Gateway"));

    // Bodies are quoted 200 characters at most, with the cut announced.
    let long: String = (0..5_000)
        .map(|i| char::from(b'a' + (i % 26) as u8))
        .collect();
    let e = parse_response(500, long.as_bytes()).unwrap_err();
    let details = e.details.unwrap();
    assert!(details.starts_with(&long[..200]));
    assert!(!details.contains(&long[..201]));
    assert!(details.contains("truncated"));
    assert!(!e.message.contains(&long[..20]));
}

#[test]
fn service_error_hints() {
    let e = parse_response(
        400,
        br#"{"returnCode":"1002","returnMessage":"Invalid PEM format"}"#,
    )
    .unwrap_err();
    assert_eq!(e.kind, ApiErrorKind::Service);
    assert!(e.hint.contains("canonical PEM") && e.hint.contains("prepare"));
    let e = parse_response(200, br#"{"returnCode":"77","returnMessage":"nope"}"#).unwrap_err();
    assert_eq!(
        (e.code.as_str(), e.message.as_str(), e.retryable()),
        ("77", "nope", false)
    );
    assert!(e.hint.contains("77"));
}

/// xorshift64*: a tiny deterministic PRNG, so the run is the same every time.
struct XorShift(u64);

impl XorShift {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
}

#[test]
fn random_bytes_never_panic() {
    const TOKENS: &[&str] = &[
        "{",
        "}",
        "[",
        "]",
        ":",
        ",",
        "\"",
        "\\",
        "\\u",
        "0",
        "-1",
        "1e999",
        "1.5",
        "18446744073709551616",
        "null",
        "true",
        "false",
        " ",
        "\n",
        "\"returnCode\"",
        "\"0\"",
        "\"returnMessage\"",
        "\"paidCertificate\"",
        "\"certificateNo\"",
        "\"statusCode\"",
        "\"-11\"",
        "\"statusName\"",
        "\"error\"",
        "\"errorCode\"",
        "\"message\"",
        "\"details\"",
        "\"organizationNo\"",
        "\"xResponse\"",
        "\u{feff}",
        "<html>",
        "\u{1b}",
        "가",
        "\u{fffd}",
    ];
    const STATUSES: &[u16] = &[
        0, 100, 200, 201, 204, 299, 302, 400, 401, 403, 404, 408, 413, 429, 500, 502, 503, 504,
        999, 65535,
    ];
    let seeds: Vec<Vec<u8>> = load_vectors()
        .iter()
        .map(body_of)
        .filter(|b| b.len() < 4096)
        .collect();
    let mut rng = XorShift(0x9E37_79B9_7F4A_7C15);
    for round in 0..4_000 {
        let body: Vec<u8> = match round % 3 {
            0 => (0..rng.below(300)).map(|_| rng.next() as u8).collect(),
            1 => (0..rng.below(60))
                .flat_map(|_| TOKENS[rng.below(TOKENS.len())].bytes())
                .collect(),
            _ => {
                let mut b = seeds[rng.below(seeds.len())].clone();
                for _ in 0..=rng.below(4) {
                    let at = rng.below(b.len() + 1);
                    match rng.below(4) {
                        0 => b.truncate(at),
                        1 if at < b.len() => b[at] = rng.next() as u8,
                        2 => {
                            let token = TOKENS[rng.below(TOKENS.len())].as_bytes();
                            b.splice(at..at, token.iter().copied());
                        }
                        _ if at < b.len() => {
                            b.remove(at);
                        }
                        _ => {}
                    }
                }
                b
            }
        };
        let status = STATUSES[rng.below(STATUSES.len())];
        let outcome = std::panic::catch_unwind(|| parse_response(status, &body));
        let context = format!(
            "round {round}, status {status}, body {:?}",
            String::from_utf8_lossy(&body)
        );
        match outcome {
            Err(_) => panic!("parse_response panicked: {context}"),
            Ok(Ok(response)) => {
                assert!(
                    (200..=299).contains(&status),
                    "success at a non-2xx status: {context}"
                );
                assert!(
                    serde_json::from_str::<Value>(&response.to_json()).is_ok(),
                    "{context}"
                );
            }
            Ok(Err(error)) => check_error_invariants(&context, status, &error),
        }
    }
}

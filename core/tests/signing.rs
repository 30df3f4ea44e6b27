//! Signature v2 (SPEC §3): shared vectors, an independent HMAC cross-check, refusals,
//! and secrets kept out of every `Debug` and error.

mod common;

use hmac::{KeyInit, Mac};
use ncpcert::{sign, verify, Credentials, Signer, SigningErrorKind, SigningTarget};
use proptest::prelude::*;

const AK: &str = "EXAMPLEAK0000000NCP1";
const SK: &str = "EXAMPLESECRET00000000000000000000NCPSK01";
const PATH: &str = "/api/v2/certificate/requestPaidCertificateIssuance";
const TS: u64 = 1_700_000_000_000;

/// HMAC-SHA256 from the RustCrypto `hmac` crate, independent of ncpcert's own.
fn reference_signature(method: &str, path: &str, ts: u64, ak: &str, sk: &str) -> String {
    use base64::Engine as _;
    let mut mac = hmac::Hmac::<sha2::Sha256>::new_from_slice(sk.as_bytes()).unwrap();
    mac.update(format!("{method} {path}\n{ts}\n{ak}").as_bytes());
    base64::engine::general_purpose::STANDARD.encode(mac.finalize().into_bytes())
}

#[test]
fn every_shared_vector_matches() {
    let doc = common::read_vector("signature_v2.json");
    let vectors = doc["vectors"].as_array().expect("vectors array");
    assert!(vectors.len() >= 8);
    for v in vectors {
        let s = |k: &str| v[k].as_str().unwrap_or_else(|| panic!("{k} in {v}"));
        let ts: u64 = s("timestamp").parse().unwrap();
        let got = sign(s("method"), s("url"), ts, s("access_key"), s("secret_key"))
            .unwrap_or_else(|e| panic!("{}: {e}", s("id")));
        assert_eq!(got, s("expected_signature"), "vector {}", s("id"));
        // The string-to-sign the vector documents is what the independent HMAC signs.
        assert_eq!(
            s("string_to_sign"),
            format!(
                "{} {}\n{}\n{}",
                s("method").to_uppercase(),
                s("url"),
                ts,
                s("access_key")
            )
        );
        let signer = Signer::new(s("access_key"), s("secret_key")).unwrap();
        let headers = signer.headers(s("method"), s("url"), ts).unwrap();
        assert_eq!(headers.signature, s("expected_signature"));
        assert_eq!(headers.timestamp, s("timestamp"));
        assert_eq!(headers.access_key, s("access_key"));
        let inline = signer.signature_inline(s("method"), s("url"), ts).unwrap();
        assert_eq!(inline.as_str(), s("expected_signature"));
        assert_eq!(inline.as_str().len(), ncpcert::SIGNATURE_LEN);
        assert_eq!(inline.to_string(), s("expected_signature"));
        let target = SigningTarget::new(s("method"), s("url")).unwrap();
        assert_eq!(target.method(), s("method").to_uppercase());
        assert_eq!(
            signer.signature_for(&target, ts).unwrap().as_str(),
            s("expected_signature")
        );
        assert!(verify(
            s("method"),
            s("url"),
            ts,
            s("access_key"),
            s("secret_key"),
            s("expected_signature")
        )
        .unwrap());
    }
}

#[test]
fn spec_reference_vector() {
    assert_eq!(
        sign("POST", PATH, TS, AK, SK).unwrap(),
        "QC4FHb9YQpqibbUVDfmpQuu0+bjhcf/RvDNS5mc4hjA="
    );
}

#[test]
fn method_is_upper_cased() {
    assert_eq!(
        sign("post", PATH, TS, AK, SK).unwrap(),
        sign("POST", PATH, TS, AK, SK).unwrap()
    );
    assert_eq!(
        sign("PoSt", PATH, TS, AK, SK).unwrap(),
        sign("POST", PATH, TS, AK, SK).unwrap()
    );
    let h = Signer::new(AK, SK)
        .unwrap()
        .headers("post", PATH, TS)
        .unwrap();
    assert_eq!(h.method, "POST");
}

#[test]
fn verify_accepts_good_and_rejects_tampered() {
    let good = sign("POST", PATH, TS, AK, SK).unwrap();
    assert!(verify("POST", PATH, TS, AK, SK, &good).unwrap());
    let mut tampered = good.clone().into_bytes();
    tampered[5] = if tampered[5] == b'A' { b'B' } else { b'A' };
    let tampered = String::from_utf8(tampered).unwrap();
    assert!(!verify("POST", PATH, TS, AK, SK, &tampered).unwrap());
    assert!(!verify("POST", PATH, TS, AK, SK, &good[..good.len() - 1]).unwrap());
    assert!(!verify("POST", PATH, TS + 1, AK, SK, &good).unwrap());
    assert!(!verify("POST", &format!("{PATH}/"), TS, AK, SK, &good).unwrap());
    assert!(!verify("POST", PATH, TS, AK, "OTHERSECRET", &good).unwrap());
    assert!(!verify("GET", PATH, TS, AK, SK, &good).unwrap());
}

#[test]
fn the_gateway_does_not_normalise_so_neither_do_we() {
    let variants = [
        "/p?q=a%20b",
        "/p?q=a+b",
        "/p?q=%2f",
        "/p?q=%2F",
        "/p/",
        "/p?",
        "/p",
    ];
    let sigs: std::collections::HashSet<String> = variants
        .iter()
        .map(|p| sign("GET", p, TS, AK, SK).unwrap())
        .collect();
    assert_eq!(sigs.len(), variants.len());
}

fn refused(method: &str, path: &str, ts: u64, ak: &str, sk: &str) -> SigningErrorKind {
    // The path a host signing in a loop takes refuses the same input.
    let via_target = Signer::new(ak, sk).and_then(|signer| {
        SigningTarget::new(method, path).and_then(|target| signer.signature_for(&target, ts))
    });
    assert!(
        via_target.is_err(),
        "{method:?} {path:?} {ts} was signed for a target"
    );
    match sign(method, path, ts, ak, sk) {
        Ok(sig) => panic!("{method:?} {path:?} {ts} was signed: {sig}"),
        Err(e) => {
            assert!(!e.message().is_empty());
            e.kind()
        }
    }
}

#[test]
fn bad_paths_are_refused() {
    for path in [
        "api/v2/x",
        "",
        "https://host/api",
        "/a b",
        "/a\nb",
        "/a\r\nGET /b",
        "/a#frag",
        "/caf\u{e9}",
        "/%zz",
        "/a%2",
        "/a\u{0}",
        "/a\"b",
        "/a<b>",
        "/a\\b",
        "/a{b}",
        "/a|b",
        "/a^b",
        "/a`b",
        "/a[b]",
        "/a\tb",
    ] {
        assert_eq!(
            refused("POST", path, TS, AK, SK),
            SigningErrorKind::PathAndQuery,
            "{path:?}"
        );
    }
    let e = sign("POST", "/caf\u{e9}", TS, AK, SK).unwrap_err();
    assert!(e.message().contains("%C3%A9"), "{}", e.message());
    assert_eq!(e.code(), "signing.path");
}

#[test]
fn wire_legal_paths_are_signed() {
    for path in ["/", "/a-._~!$&'()*+,;=:@/b?c=d&e=%20f/?", "/%41%2f"] {
        let ours = sign("GET", path, TS, AK, SK).unwrap();
        assert_eq!(ours, reference_signature("GET", path, TS, AK, SK), "{path}");
    }
}

#[test]
fn bad_keys_are_refused() {
    for (ak, sk, kind) in [
        ("", SK, SigningErrorKind::AccessKey),
        (" ", SK, SigningErrorKind::AccessKey),
        ("AK KEY", SK, SigningErrorKind::AccessKey),
        ("AK\n", SK, SigningErrorKind::AccessKey),
        ("AKé", SK, SigningErrorKind::AccessKey),
        (AK, "", SigningErrorKind::SecretKey),
        (AK, "   ", SigningErrorKind::SecretKey),
        (AK, "SECRET\n", SigningErrorKind::SecretKey),
        (AK, "SEC RET", SigningErrorKind::SecretKey),
        (AK, "SECRET\u{7f}", SigningErrorKind::SecretKey),
    ] {
        assert_eq!(refused("POST", PATH, TS, ak, sk), kind, "{ak:?}");
        assert!(Signer::new(ak, sk).is_err());
        assert!(Credentials::new(ak, sk).is_err());
    }
}

#[test]
fn bad_timestamps_are_refused() {
    let e = sign("POST", PATH, 1_700_000_000, AK, SK).unwrap_err();
    assert_eq!(e.kind(), SigningErrorKind::Timestamp);
    assert!(e.message().contains("seconds"), "{}", e.message());
    assert_eq!(e.code(), "signing.timestamp");
    for ts in [0, 999_999_999_999, 1_700_000_000_000_000, u64::MAX] {
        assert_eq!(
            refused("POST", PATH, ts, AK, SK),
            SigningErrorKind::Timestamp,
            "{ts}"
        );
    }
    assert!(sign("POST", PATH, ncpcert::MIN_TIMESTAMP_MS, AK, SK).is_ok());
    assert!(sign("POST", PATH, ncpcert::MAX_TIMESTAMP_MS - 1, AK, SK).is_ok());
}

#[test]
fn bad_methods_are_refused() {
    for m in ["", "PO ST", "POST\n", "GET/", "P\u{d3}ST", "(POST)"] {
        assert_eq!(
            refused(m, PATH, TS, AK, SK),
            SigningErrorKind::Method,
            "{m:?}"
        );
    }
}

const DISTINCTIVE_SECRET: &str = "Zq9SECRETxXx-do-not-print-7fK2";

fn assert_no_secret(text: &str) {
    assert!(!text.contains(DISTINCTIVE_SECRET), "secret leaked: {text}");
    assert!(
        !text.contains("do-not-print"),
        "part of the secret leaked: {text}"
    );
}

#[test]
fn secrets_never_appear_in_debug_or_errors() {
    let creds = Credentials::new(AK, DISTINCTIVE_SECRET).unwrap();
    assert_no_secret(&format!("{creds:?}"));
    assert!(format!("{creds:?}").contains("redacted"));
    let signer = Signer::new(AK, DISTINCTIVE_SECRET).unwrap();
    assert_no_secret(&format!("{signer:?} {:?}", creds.signer()));
    let headers = signer.headers("POST", PATH, TS).unwrap();
    assert_no_secret(&format!("{headers:?}"));

    let request = ncpcert::AdvancedCertificateRequest::builder()
        .csr(common::read_data("sample.csr.pem"))
        .certificate_type("DV")
        .certificate_name("www-example")
        .common_name("www.example.com")
        .dns_name("www.example.com")
        .dns_name("example.com")
        .validation_method("D")
        .build();
    let signed = request
        .prepare(&ncpcert::Site::Public)
        .unwrap()
        .sign(&signer, TS)
        .unwrap();
    assert_no_secret(&format!("{signed:?}"));
    assert_no_secret(&signed.to_json());

    // Errors raised while the secret is at hand.
    for err in [
        signer.headers("POST", "no-slash", TS).unwrap_err(),
        signer.headers("POST", PATH, 5).unwrap_err(),
        signer.headers("", PATH, TS).unwrap_err(),
        Signer::new(AK, &format!("{DISTINCTIVE_SECRET} ")).unwrap_err(),
        Signer::new(AK, &format!("{DISTINCTIVE_SECRET}\u{e9}")).unwrap_err(),
        Credentials::new("", DISTINCTIVE_SECRET).unwrap_err(),
        sign("POST", PATH, TS, AK, &format!("\n{DISTINCTIVE_SECRET}")).unwrap_err(),
    ] {
        assert_no_secret(&format!("{err:?} {err}"));
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// ncpcert's HMAC agrees with the `hmac` crate on arbitrary wire-legal inputs, including
    /// paths longer than several SHA-256 blocks and secrets longer than the HMAC block.
    #[test]
    fn agrees_with_an_independent_hmac(
        method in "[A-Za-z]{1,10}",
        path in "/[A-Za-z0-9._~!$&'()*+,;=:@/?%-]{0,300}".prop_filter("valid escapes", |p| {
            let b = p.as_bytes();
            (0..b.len()).all(|i| b[i] != b'%' || (i + 2 < b.len() && b[i + 1].is_ascii_hexdigit() && b[i + 2].is_ascii_hexdigit()))
        }),
        ts in ncpcert::MIN_TIMESTAMP_MS..ncpcert::MAX_TIMESTAMP_MS,
        ak in "[!-~]{1,80}",
        sk in "[!-~]{1,200}",
    ) {
        let ours = sign(&method, &path, ts, &ak, &sk).unwrap();
        prop_assert_eq!(&ours, &reference_signature(&method.to_ascii_uppercase(), &path, ts, &ak, &sk));
        prop_assert!(verify(&method, &path, ts, &ak, &sk, &ours).unwrap());
        let signer = Signer::new(ak.clone(), &sk).unwrap();
        prop_assert_eq!(signer.signature(&method, &path, ts).unwrap(), ours);
    }

    /// Arbitrary strings never panic: they are signed or refused.
    #[test]
    fn arbitrary_inputs_never_panic(method in ".{0,8}", path in ".{0,64}", ts in any::<u64>(), ak in ".{0,16}", sk in ".{0,16}") {
        let _ = sign(&method, &path, ts, &ak, &sk);
    }
}

#[test]
fn timestamps_from_doubles() {
    assert_eq!(
        ncpcert::timestamp_ms_from_f64(1_700_000_000_000.0).unwrap(),
        TS
    );
    assert_eq!(ncpcert::timestamp_ms_from_f64(0.0).unwrap(), 0);
    for bad in [
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        -1.0,
        1.5,
        9_007_199_254_740_992.0,
        1e300,
    ] {
        let e = ncpcert::timestamp_ms_from_f64(bad).unwrap_err();
        assert_eq!(e.kind(), SigningErrorKind::Timestamp, "{bad}");
    }
    assert_eq!(
        ncpcert::timestamp_ms_from_f64(9_007_199_254_740_991.0).unwrap(),
        9_007_199_254_740_991
    );
}

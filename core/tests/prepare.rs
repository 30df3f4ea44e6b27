//! `prepare` and signing a prepared request (SPEC §2, §4): the golden body, the URL and path
//! of every site, custom base URLs, and the signed headers.

mod common;

use ncpcert::{AdvancedCertificateRequest, Signer, Site};

const AK: &str = "EXAMPLEAK0000000NCP1";
const SK: &str = "EXAMPLESECRET00000000000000000000NCPSK01";
const PATH: &str = "/api/v2/certificate/requestPaidCertificateIssuance";

fn golden_request() -> AdvancedCertificateRequest {
    let text =
        std::fs::read_to_string(common::repo_tests_dir().join("vectors/golden/dv-request.json"))
            .unwrap();
    AdvancedCertificateRequest::from_json(&text).unwrap()
}

#[test]
fn body_is_byte_identical_to_the_golden_file() {
    let expected =
        std::fs::read_to_string(common::repo_tests_dir().join("vectors/golden/dv-body.json"))
            .unwrap();
    let prepared = golden_request().prepare(&Site::Public).unwrap();
    assert_eq!(prepared.body.as_deref(), Some(expected.as_str()));
    // The request's warnings: the repeated name and the dropped organizationNo.
    let codes: Vec<&str> = prepared.warnings.iter().map(|w| w.code.as_str()).collect();
    assert_eq!(codes, ["dnsName.duplicate", "organizationNo.ignored"]);
}

#[test]
fn each_site_has_its_spec_url_and_path() {
    for (site, base) in [
        (Site::Public, "https://certificatemanager.apigw.ntruss.com"),
        (Site::Gov, "https://certificatemanager.apigw.gov-ntruss.com"),
        (Site::Fin, "https://certificatemanager.apigw.fin-ntruss.com"),
        (
            Site::default(),
            "https://certificatemanager.apigw.ntruss.com",
        ),
        (
            Site::from_name("gov").unwrap(),
            "https://certificatemanager.apigw.gov-ntruss.com",
        ),
    ] {
        let prepared = golden_request().prepare(&site).unwrap();
        assert_eq!(prepared.method, "POST");
        assert_eq!(prepared.path, PATH);
        assert_eq!(prepared.url, format!("{base}{PATH}"));
        assert_eq!(prepared.header("content-type"), Some("application/json"));
        assert_eq!(prepared.header("Accept"), Some("application/json"));
    }
    assert!(Site::from_name("private").is_err());
}

#[test]
fn custom_base_urls_keep_their_prefix_in_the_signed_path() {
    let site = Site::custom("HTTP://127.0.0.1:8080/proxy/ncp/").unwrap();
    let prepared = golden_request().prepare(&site).unwrap();
    assert_eq!(prepared.path, format!("/proxy/ncp{PATH}"));
    assert_eq!(
        prepared.url,
        format!("http://127.0.0.1:8080/proxy/ncp{PATH}")
    );

    let bare = golden_request()
        .prepare(&Site::custom("https://gw.example.com").unwrap())
        .unwrap();
    assert_eq!(bare.url, format!("https://gw.example.com{PATH}"));
    assert_eq!(bare.path, PATH);

    for bad in [
        "ftp://x",
        "http://",
        "127.0.0.1:8080",
        "http://user:pw@host",
        "http://host/p?q=1",
        "http://host/p#f",
        "http://ho st",
        "http://host/a b",
        "http://host/caf\u{e9}",
        // A Unicode host: to be written as its A-label.
        "https://b\u{fc}cher.example",
        // What the URL parser refuses: brackets that close no IPv6 address, ports out of
        // range or not numbers, an unclosed IPv6 address, an invalid IPv4 one.
        "http://]a:b:99999[",
        "http://[::1",
        "http://host:99999",
        "http://host:port",
        "http://exa mple.com",
        // Other schemes, and forms of http(s) other than scheme://host.
        "javascript:alert(1)",
        "file:///etc/passwd",
        "ws://host",
        "http:host",
        "http:\\\\host",
        // User info, even empty; a query or fragment, even empty.
        "http://@host",
        "http://user@host/p",
        "https://host?",
        "https://host#",
        // A path that would be sent otherwise than written.
        "http://host/a/../b",
        "http://host/a\\b",
        "",
        "   ",
    ] {
        let err = Site::custom(bad).expect_err(bad);
        assert_eq!(err.code(), "site.invalid");
        assert!(
            err.to_string().contains("base URL"),
            "{bad:?}: message {err}"
        );
    }
}

#[test]
fn custom_base_urls_are_written_in_one_form() {
    for (given, url) in [
        // Scheme and host lower-cased; the scheme's default port left out.
        ("HTTPS://GW.Example.COM:443/", "https://gw.example.com"),
        ("http://gw.example.com:80", "http://gw.example.com"),
        ("http://[::1]:8080/p", "http://[::1]:8080/p"),
        ("  http://127.0.0.1:9/  ", "http://127.0.0.1:9"),
        // An internationalised host given as its A-label, the name DNS and TLS use.
        (
            "https://XN--bcher-kva.example",
            "https://xn--bcher-kva.example",
        ),
        ("http://host/%7Euser/ncp//", "http://host/%7Euser/ncp"),
    ] {
        let site = Site::custom(given).unwrap_or_else(|e| panic!("{given:?}: {e}"));
        assert_eq!(site.base_url(), url, "{given:?}");
        let prepared = golden_request().prepare(&site).unwrap();
        assert_eq!(prepared.url, format!("{url}{PATH}"));
        assert!(prepared.url.ends_with(&prepared.path));
    }
}

#[test]
fn base_url_messages_say_what_is_wrong() {
    let message = |text: &str| Site::custom(text).unwrap_err().to_string();
    assert!(message("ftp://x").contains("does not start with http:// or https://"));
    assert!(message("http://u:p@host").contains("user info"));
    assert!(message("http://host/?a").contains("query or fragment"));
    assert!(message("http://]a:b:99999[").contains("is not a URL"));
    assert!(message("http://host/a b").contains("cannot be sent as is"));
    assert!(message("http://host/a/./b").contains("'.' or '..' segments"));
    assert!(message("http://host:99999").contains("port"));
    assert!(message("https://b\u{fc}cher.example").contains("A-label"));
    // No authority, or a URI longer than an HTTP library takes.
    assert!(message("http:///x").contains("is not a URL (invalid format)"));
    assert!(message("https://").contains("is not a URL (empty string)"));
    assert!(message("http://:80").contains("has no host"));
    let long = format!("http://host/{}", "a".repeat(65_530));
    assert!(message(&long).contains("is not a URL (uri too long)"));
    assert!(Site::custom(&format!("http://host/{}", "a".repeat(65_500))).is_ok());
}

#[test]
fn signed_request_carries_exactly_the_signed_headers() {
    let prepared = golden_request().prepare(&Site::Public).unwrap();
    let signer = Signer::new(AK, SK).unwrap();
    let signed = prepared.sign(&signer, 1_700_000_000_000).unwrap();
    assert_eq!(signed.method(), "POST");
    assert_eq!(signed.url(), prepared.url);
    assert_eq!(signed.body(), prepared.body.as_deref());
    assert_eq!(signed.prepared(), &prepared);
    assert_eq!(signed.timestamp_ms(), 1_700_000_000_000);
    let names: Vec<&str> = signed.headers().map(|(k, _)| k).collect();
    assert_eq!(
        names,
        [
            "Content-Type",
            "Accept",
            "x-ncp-apigw-timestamp",
            "x-ncp-iam-access-key",
            "x-ncp-apigw-signature-v2"
        ]
    );
    assert_eq!(
        signed.header("x-ncp-apigw-timestamp"),
        Some("1700000000000")
    );
    assert_eq!(signed.header("X-NCP-IAM-ACCESS-KEY"), Some(AK));
    // SPEC §3 reference vector: the same method, path, timestamp and keys.
    assert_eq!(
        signed.header("x-ncp-apigw-signature-v2"),
        Some("QC4FHb9YQpqibbUVDfmpQuu0+bjhcf/RvDNS5mc4hjA=")
    );
    let json: serde_json::Value = serde_json::from_str(&signed.to_json()).unwrap();
    assert_eq!(
        json["headers"]["x-ncp-apigw-signature-v2"],
        "QC4FHb9YQpqibbUVDfmpQuu0+bjhcf/RvDNS5mc4hjA="
    );
    assert_eq!(json["timestampMs"], 1_700_000_000_000u64);

    // A fresh timestamp gives a fresh signature; a timestamp in seconds is refused.
    let later = prepared.sign(&signer, 1_700_000_000_001).unwrap();
    assert_ne!(
        later.header("x-ncp-apigw-signature-v2"),
        signed.header("x-ncp-apigw-signature-v2")
    );
    assert!(prepared.sign(&signer, 1_700_000_000).is_err());
}

#[test]
fn prepared_request_serialises_for_hosts() {
    let prepared = golden_request().prepare(&Site::Public).unwrap();
    let json: serde_json::Value = serde_json::from_str(&prepared.to_json()).unwrap();
    assert_eq!(json["method"], "POST");
    assert_eq!(json["headers"]["Content-Type"], "application/json");
    assert_eq!(json["body"].as_str(), prepared.body.as_deref());
    assert_eq!(json["warnings"][0]["code"], "dnsName.duplicate");
}

//! Keys and CSRs, judged by OpenSSL (`openssl pkey -check`, `openssl req -verify`, its text
//! dump of the CSR) and by the core's own CSR inspection.
#![cfg(feature = "keys")]

mod common;

use ncpcert::keys::{generate_key, make_csr, KeyAlgorithm, KeyError};
use ncpcert::{ErrorCode, Lang};
use std::io::Write;
use std::process::{Command, Stdio};

/// Fails unless `text` is a whole Korean message.
#[track_caller]
fn korean(text: &str) {
    if let Some(problem) = common::not_korean(text) {
        panic!("{problem}: {text}");
    }
}

fn entropy(seed: u8) -> Vec<u8> {
    (0..48u8)
        .map(|i| i.wrapping_mul(31).wrapping_add(seed))
        .collect()
}

/// Runs openssl with `input` on stdin; stdout and stderr together, and whether it exited 0.
fn openssl(args: &[&str], input: &str) -> (String, bool) {
    let mut child = Command::new("openssl")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("openssl must be installed to run this test");
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
        out.status.success(),
    )
}

fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// Every algorithm: a key OpenSSL checks, of the size or curve asked, and a CSR OpenSSL
/// verifies, with the names asked, and with no finding of the core's inspection.
#[test]
fn every_algorithm_round_trips_through_openssl() {
    for (algorithm, expect_key, expect_sig) in [
        (
            KeyAlgorithm::Rsa2048,
            "Private-Key: (2048 bit, 2 primes)",
            "sha256WithRSAEncryption",
        ),
        (
            KeyAlgorithm::Rsa3072,
            "Private-Key: (3072 bit, 2 primes)",
            "sha256WithRSAEncryption",
        ),
        (
            KeyAlgorithm::Rsa4096,
            "Private-Key: (4096 bit, 2 primes)",
            "sha256WithRSAEncryption",
        ),
        (KeyAlgorithm::P256, "NIST CURVE: P-256", "ecdsa-with-SHA256"),
        (KeyAlgorithm::P384, "NIST CURVE: P-384", "ecdsa-with-SHA384"),
    ] {
        let key = generate_key(algorithm, &entropy(algorithm as u8)).unwrap();
        let pem = key.as_str();
        assert!(
            pem.starts_with("-----BEGIN PRIVATE KEY-----\n"),
            "{algorithm}"
        );
        let (text, ok) = openssl(&["pkey", "-check", "-noout", "-text"], pem);
        assert!(ok, "{algorithm}: {text}");
        assert!(
            text.contains("RSA key ok") || text.contains("Key is valid"),
            "{algorithm}: {text}"
        );
        assert!(text.contains(expect_key), "{algorithm}: {text}");
        if algorithm.as_str().starts_with("rsa") {
            assert!(text.contains("publicExponent: 65537"), "{algorithm}");
        }

        let csr = make_csr(
            pem,
            &names(&["www.example.com", "example.com", "*.example.com"]),
        )
        .unwrap();
        let (text, ok) = openssl(&["req", "-verify", "-noout", "-text"], &csr);
        assert!(ok && text.contains("verify OK"), "{algorithm}: {text}");
        assert!(
            text.contains("Subject: CN = www.example.com"),
            "{algorithm}: {text}"
        );
        assert!(
            text.contains("DNS:www.example.com, DNS:example.com, DNS:*.example.com"),
            "{algorithm}: {text}"
        );
        assert!(text.contains(expect_sig), "{algorithm}: {text}");
        // The CSR's key is the key's.
        let (from_key, _) = openssl(&["pkey", "-pubout"], pem);
        let (from_csr, _) = openssl(&["req", "-pubkey", "-noout"], &csr);
        assert_eq!(from_key, from_csr, "{algorithm}");

        let report = ncpcert::inspect_csr(csr.as_bytes()).unwrap();
        assert!(
            report.findings.is_empty(),
            "{algorithm}: {:?}",
            report.findings
        );
        assert_eq!(report.signature_valid, Some(true));
    }
}

#[test]
fn same_entropy_same_key_and_signing_is_deterministic() {
    let a = generate_key(KeyAlgorithm::P256, &entropy(1)).unwrap();
    let b = generate_key(KeyAlgorithm::P256, &entropy(1)).unwrap();
    let c = generate_key(KeyAlgorithm::P256, &entropy(2)).unwrap();
    assert_eq!(a.as_str(), b.as_str());
    assert_ne!(a.as_str(), c.as_str());
    let n = names(&["www.example.com"]);
    assert_eq!(
        make_csr(a.as_str(), &n).unwrap(),
        make_csr(b.as_str(), &n).unwrap()
    );
    // Every byte of the entropy counts, not only the first 32.
    let mut longer = entropy(1);
    longer.push(0);
    let d = generate_key(KeyAlgorithm::P256, &longer).unwrap();
    assert_ne!(a.as_str(), d.as_str());
}

#[test]
fn too_little_entropy_is_refused() {
    for len in [0, 1, 31] {
        let e = generate_key(KeyAlgorithm::Rsa2048, &vec![9u8; len]).unwrap_err();
        assert_eq!(e.code(), ErrorCode::KeyEntropy);
        assert!(e.message().contains("at least 32 bytes"), "{}", e.message());
        let ko = e.message_in(Lang::Ko);
        korean(&ko);
        assert!(ko.contains(&format!("{len}바이트, 최소 32바이트")), "{ko}");
    }
    assert!(generate_key(KeyAlgorithm::P256, &[9u8; 32]).is_ok());
}

#[test]
fn algorithm_names() {
    for algorithm in KeyAlgorithm::ALL {
        assert_eq!(
            algorithm.to_string().parse::<KeyAlgorithm>().unwrap(),
            algorithm
        );
        assert_eq!(
            serde_json::to_value(algorithm).unwrap(),
            serde_json::Value::from(algorithm.as_str())
        );
    }
    assert_eq!(KeyAlgorithm::default(), KeyAlgorithm::Rsa2048);
    assert_eq!(
        " P384 ".parse::<KeyAlgorithm>().unwrap(),
        KeyAlgorithm::P384
    );
    for bad in ["", "rsa", "rsa1024", "ed25519", "p521"] {
        let e = bad.parse::<KeyAlgorithm>().unwrap_err();
        assert_eq!(e.code(), ErrorCode::KeyAlgorithm);
        assert!(e.message().contains("rsa2048"));
        korean(&e.message_in(Lang::Ko));
    }
}

/// Keys OpenSSL writes, in each format `make_csr` reads, and those it refuses.
#[test]
fn keys_from_openssl() {
    let dir = std::env::temp_dir().join(format!("ncpcert-keys-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let make = |name: &str, args: &[&str]| -> String {
        let path = dir.join(name);
        // `-out` before the other options: `genrsa` takes the size last.
        let status = Command::new("openssl")
            .arg(args[0])
            .arg("-out")
            .arg(&path)
            .args(&args[1..])
            .stderr(Stdio::null())
            .status()
            .unwrap();
        assert!(status.success(), "{name}");
        std::fs::read_to_string(&path).unwrap()
    };
    let pkcs1 = make("pkcs1.pem", &["genrsa", "-traditional", "2048"]);
    assert!(pkcs1.contains("BEGIN RSA PRIVATE KEY"));
    let sec1 = make(
        "sec1.pem",
        &["ecparam", "-name", "secp384r1", "-genkey", "-noout"],
    );
    assert!(sec1.contains("BEGIN EC PRIVATE KEY"));
    let pkcs8_ec = make(
        "p256.pem",
        &[
            "genpkey",
            "-algorithm",
            "EC",
            "-pkeyopt",
            "ec_paramgen_curve:P-256",
        ],
    );
    let n = names(&["www.example.com"]);
    for key in [&pkcs1, &sec1, &pkcs8_ec] {
        let csr = make_csr(key, &n).unwrap();
        let (text, _) = openssl(&["req", "-verify", "-noout"], &csr);
        assert!(text.contains("verify OK"), "{text}");
        assert!(ncpcert::inspect_csr(csr.as_bytes())
            .unwrap()
            .findings
            .is_empty());
    }
    let refused = [
        make(
            "rsa1024.pem",
            &[
                "genpkey",
                "-algorithm",
                "RSA",
                "-pkeyopt",
                "rsa_keygen_bits:1024",
            ],
        ),
        make("ed25519.pem", &["genpkey", "-algorithm", "ED25519"]),
        make(
            "p521.pem",
            &[
                "genpkey",
                "-algorithm",
                "EC",
                "-pkeyopt",
                "ec_paramgen_curve:P-521",
            ],
        ),
        make(
            "enc.pem",
            &[
                "genpkey",
                "-algorithm",
                "EC",
                "-pkeyopt",
                "ec_paramgen_curve:P-256",
                "-aes256",
                "-pass",
                "pass:x",
            ],
        ),
    ];
    for key in &refused {
        let e = make_csr(key, &n).unwrap_err();
        assert_eq!(e.code(), ErrorCode::KeyInvalid, "{}", e.message());
        assert_no_key_material(key, &e);
        korean(&e.message_in(Lang::Ko));
    }
    for junk in [
        "",
        "hello",
        "-----BEGIN PRIVATE KEY-----\n!!!\n-----END PRIVATE KEY-----\n",
    ] {
        let e = make_csr(junk, &n).unwrap_err();
        assert_eq!(e.code(), ErrorCode::KeyInvalid);
        korean(&e.message_in(Lang::Ko));
    }
    let csr = make_csr(&pkcs8_ec, &n).unwrap();
    let e = make_csr(&csr, &n).unwrap_err();
    assert!(
        e.message()
            .contains("CERTIFICATE REQUEST, not a private key"),
        "{}",
        e.message()
    );
    let ko = e.message_in(Lang::Ko);
    assert!(
        ko.contains("CERTIFICATE REQUEST 블록은 개인 키가 아닙니다"),
        "{ko}"
    );
    std::fs::remove_dir_all(&dir).ok();
}

#[test]
fn names_go_through_the_domain_rules() {
    let key = generate_key(KeyAlgorithm::P256, &entropy(3)).unwrap();
    let key = key.as_str();
    let e = make_csr(
        key,
        &names(&["www.example.com", "a_b.example.com", "printer.local"]),
    )
    .unwrap_err();
    assert_eq!(e.code(), ErrorCode::CsrNamesInvalid);
    let codes: Vec<&str> = e.findings().iter().map(|f| f.code.as_str()).collect();
    assert!(codes.contains(&"domain.underscore"), "{codes:?}");
    assert!(codes.contains(&"domain.internal_name"), "{codes:?}");
    assert_eq!(e.findings()[0].field, "names[1]");
    korean(&e.message_in(Lang::Ko));
    for finding in e.findings() {
        korean(&finding.message_in(Lang::Ko));
    }
    assert_eq!(
        make_csr(key, &[]).unwrap_err().code(),
        ErrorCode::ArgumentInvalid
    );
    let many: Vec<String> = (0..101).map(|i| format!("n{i}.example.com")).collect();
    // More names than NCP takes in one request is a warning of the request rules, as here.
    assert!(make_csr(key, &many).is_ok());

    // Unicode names become A-labels (as OpenSSL shows them); case and duplicates fold.
    let csr = make_csr(
        key,
        &names(&["WWW.한국.kr", "www.xn--3e0b707e.kr", "Example.COM"]),
    )
    .unwrap();
    let (text, _) = openssl(&["req", "-noout", "-text"], &csr);
    assert!(text.contains("Subject: CN = www.xn--3e0b707e.kr"), "{text}");
    assert!(
        text.contains("DNS:www.xn--3e0b707e.kr, DNS:example.com\n"),
        "{text}"
    );
    assert!(ncpcert::inspect_csr(csr.as_bytes())
        .unwrap()
        .findings
        .is_empty());

    // A first name longer than a CN can hold: in the subjectAltName alone.
    let long = format!("{}.example.com", "a".repeat(60));
    let csr = make_csr(key, &names(&[&long, "example.com"])).unwrap();
    let (text, _) = openssl(&["req", "-verify", "-noout", "-text"], &csr);
    assert!(text.contains("verify OK"), "{text}");
    assert!(text.contains(&format!("DNS:{long}")), "{text}");
    assert!(!text.contains("CN ="), "{text}");
    assert!(ncpcert::inspect_csr(csr.as_bytes())
        .unwrap()
        .findings
        .is_empty());
}

/// No error, no Debug, no host error JSON shows any part of a key.
fn assert_no_key_material(key_pem: &str, error: &KeyError) {
    let body: String = key_pem
        .lines()
        .filter(|l| !l.starts_with("-----") && !l.contains(':'))
        .collect();
    let shown = [
        format!("{error}"),
        format!("{error:?}"),
        ncpcert::host::HostError::from(error.clone()).to_json(),
    ];
    for text in &shown {
        for slice in body.as_bytes().chunks(16).filter(|c| c.len() == 16) {
            let slice = std::str::from_utf8(slice).unwrap();
            assert!(!text.contains(slice), "key material in {text}");
        }
    }
}

#[test]
fn no_key_material_in_errors_or_debug() {
    for algorithm in [KeyAlgorithm::Rsa2048, KeyAlgorithm::P256] {
        let key = generate_key(algorithm, &entropy(4)).unwrap();
        let debug = format!("{key:?}");
        assert_eq!(debug, "PrivateKeyPem(** redacted **)");
        let pem = key.as_str();
        // Errors about the names, with a good key.
        assert_no_key_material(
            pem,
            &make_csr(pem, &names(&["a_b.example.com"])).unwrap_err(),
        );
        // Damaged keys: a line dropped, a character changed, the END line cut.
        let lines: Vec<&str> = pem.lines().collect();
        let dropped = [&lines[..3], &lines[4..]].concat().join("\n");
        let changed = pem.replacen(&lines[2][..4], "AAAA", 1);
        let cut = lines[..lines.len() - 1].join("\n");
        for damaged in [
            dropped,
            changed,
            cut,
            pem.replace("PRIVATE KEY", "RSA PRIVATE KEY"),
            pem.replace("PRIVATE KEY", "EC PRIVATE KEY"),
        ] {
            match make_csr(&damaged, &names(&["www.example.com"])) {
                Err(e) => assert_no_key_material(pem, &e),
                // A changed character may still be a key; then it is one.
                Ok(csr) => assert!(!csr.contains(&lines[3][..16])),
            }
        }
    }
}

#[test]
fn host_surface() {
    use ncpcert::host;
    use serde_json::json;
    let key = host::generate_key(Some("p384"), &entropy(5)).unwrap();
    let csr = host::make_csr(key.as_str(), &json!(["www.example.com"])).unwrap();
    assert!(csr.starts_with("-----BEGIN CERTIFICATE REQUEST-----\n"));
    let e = host::generate_key(Some("dsa"), &entropy(5)).unwrap_err();
    assert_eq!((e.error_type(), e.code()), ("argument", "key.algorithm"));
    let e = host::generate_key(None, &[1, 2, 3]).unwrap_err();
    assert_eq!((e.error_type(), e.code()), ("argument", "key.entropy"));
    let e = host::make_csr(key.as_str(), &json!("www.example.com")).unwrap_err();
    assert_eq!(e.code(), "argument.invalid");
    let e = host::make_csr(key.as_str(), &json!(["x_y.example.com"])).unwrap_err();
    let value: serde_json::Value = serde_json::from_str(&e.to_json()).unwrap();
    assert_eq!(value["type"], "validation");
    assert_eq!(value["code"], "csr.names_invalid");
    assert_eq!(value["findings"][0]["code"], "domain.underscore");
    // In Korean: the same codes, every message Korean.
    let ko = e.localized(Lang::Ko);
    assert_eq!((ko.error_type(), ko.code()), (e.error_type(), e.code()));
    korean(ko.message());
    let value: serde_json::Value = serde_json::from_str(&ko.to_json()).unwrap();
    assert_eq!(value["findings"][0]["code"], "domain.underscore");
    korean(value["findings"][0]["message"].as_str().unwrap());
    for e in [
        host::generate_key(Some("dsa"), &entropy(5)).unwrap_err(),
        host::generate_key(None, &[1, 2, 3]).unwrap_err(),
        host::make_csr(
            "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n",
            &json!(["www.example.com"]),
        )
        .unwrap_err(),
    ] {
        let ko = e.localized(Lang::Ko);
        assert_eq!(ko.code(), e.code());
        korean(ko.message());
    }
}

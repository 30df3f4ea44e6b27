//! Hostile CSR input: every case returns a result or an error, never a panic or a hang.

mod common;

use ncpcert::{inspect_csr, AdvancedCertificateRequest, Policy};

fn sample_der() -> Vec<u8> {
    use base64::Engine as _;
    let pem = String::from_utf8(common::read_data("sample.csr.pem")).unwrap();
    let body: String = pem.lines().filter(|l| !l.starts_with("-----")).collect();
    base64::engine::general_purpose::STANDARD
        .decode(body)
        .unwrap()
}

/// xorshift64*: deterministic pseudo-random bytes without a dependency.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}

#[test]
fn random_bytes_are_refused() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    for i in 0..2000 {
        let len = (rng.next() % 600) as usize;
        let mut input = rng.bytes(len);
        if i % 2 == 0 && !input.is_empty() {
            input[0] = 0x30; // looks like DER
        }
        assert!(inspect_csr(&input).is_err(), "random input {i} accepted");
    }
}

#[test]
fn every_truncation_of_a_real_csr_is_refused() {
    let der = sample_der();
    for cut in 0..der.len() {
        let err = inspect_csr(&der[..cut]).unwrap_err();
        assert!(
            matches!(err.code(), "csr.malformed"),
            "cut {cut}: {}",
            err.code()
        );
    }
    assert!(inspect_csr(&der).is_ok());
}

#[test]
fn mutated_csrs_never_panic() {
    let der = sample_der();
    let mut rng = Rng(42);
    let mut accepted = 0;
    for _ in 0..3000 {
        let mut input = der.clone();
        for _ in 0..1 + rng.next() % 4 {
            let at = (rng.next() as usize) % input.len();
            input[at] = rng.next() as u8;
        }
        if input == der {
            continue;
        }
        if let Ok(report) = inspect_csr(&input) {
            accepted += 1;
            // A changed request that still parses never passes as a valid, correctly signed
            // CSR: either its signature fails or a rule refuses the change.
            assert!(
                report.signature_valid != Some(true) || !report.is_valid(),
                "a mutated CSR passed: {input:02x?}"
            );
            assert!(!report.to_json().is_empty());
        }
    }
    // Many one-byte changes (in names, key bytes, the signature) still parse.
    assert!(accepted > 100, "only {accepted} mutants parsed");
}

#[test]
fn one_megabyte_of_a_is_too_large() {
    let input = vec![b'A'; 1 << 20];
    assert_eq!(inspect_csr(&input).unwrap_err().code(), "csr.too_large");
    let exactly = vec![b'A'; ncpcert::MAX_CSR_INPUT_BYTES];
    assert_eq!(inspect_csr(&exactly).unwrap_err().code(), "csr.malformed");
}

#[test]
fn nested_garbage_pem_is_refused() {
    let cases = [
        "-----BEGIN CERTIFICATE REQUEST-----\n-----BEGIN CERTIFICATE REQUEST-----\nAAAA\n-----END CERTIFICATE REQUEST-----\n-----END CERTIFICATE REQUEST-----\n".to_string(),
        "-----BEGIN CERTIFICATE REQUEST-----\n!!!!\n-----END CERTIFICATE REQUEST-----\n".to_string(),
        "-----BEGIN CERTIFICATE REQUEST-----\nMIIB\n".to_string(),
        "-----BEGIN -----\n-----END -----\n".to_string(),
        "-----BEGIN ".repeat(5000),
        format!("-----BEGIN CERTIFICATE REQUEST-----\n{}\n-----END CERTIFICATE REQUEST-----\n", "MA==".repeat(3000)),
        "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n".to_string(),
        "\u{feff}\u{0}\u{1}-----END CERTIFICATE REQUEST-----".to_string(),
        String::new(),
        " \n\t ".to_string(),
    ];
    for case in &cases {
        let err = inspect_csr(case.as_bytes()).unwrap_err();
        assert!(
            matches!(err.code(), "csr.malformed" | "csr.multiple"),
            "{:?}: {}",
            &case[..case.len().min(60)],
            err.code()
        );
    }
}

#[test]
fn absurd_der_lengths_are_refused() {
    let cases: [&[u8]; 6] = [
        &[0x30, 0x84, 0xff, 0xff, 0xff, 0xff, 0x30, 0x00],
        &[0x30, 0x88, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff],
        &[0x30, 0x80, 0x00, 0x00],
        &[0x30, 0x82, 0x00, 0x05, 0x30, 0x03, 0x02, 0x01, 0x00],
        &[0x30, 0x06, 0x30, 0x84, 0x7f, 0xff, 0xff, 0xff],
        &[0x30, 0x03, 0x30, 0x81, 0xff],
    ];
    for case in cases {
        assert_eq!(
            inspect_csr(case).unwrap_err().code(),
            "csr.malformed",
            "{case:02x?}"
        );
    }
    // Deep nesting inside a SEQUENCE that claims the right length.
    let mut nested = vec![0x05, 0x00];
    for _ in 0..2000 {
        let len = nested.len();
        let mut outer = vec![0x30, 0x83, (len >> 16) as u8, (len >> 8) as u8, len as u8];
        outer.extend_from_slice(&nested);
        nested = outer;
    }
    assert_eq!(inspect_csr(&nested).unwrap_err().code(), "csr.malformed");
}

#[test]
fn a_private_key_never_reaches_any_output() {
    let bundle = common::read_data("own/bundle-with-key.pem");
    let text = String::from_utf8(bundle.clone()).unwrap();
    let key_lines: Vec<&str> = text
        .split("PRIVATE KEY-----")
        .nth(1)
        .unwrap()
        .lines()
        .filter(|l| l.len() > 16 && !l.contains("-----"))
        .collect();
    assert!(!key_lines.is_empty());
    let err = inspect_csr(&bundle).unwrap_err();
    assert_eq!(err.code(), "csr.private_key");
    let report = AdvancedCertificateRequest::builder()
        .csr(&bundle)
        .build()
        .validate(&Policy::default());
    let shown = format!(
        "{err} {err:?} {:?} {report} {report:?} {}",
        err.finding(),
        report.to_json()
    );
    for line in key_lines {
        for piece in line.as_bytes().chunks(8).filter(|c| c.len() == 8) {
            let piece = std::str::from_utf8(piece).unwrap();
            assert!(!shown.contains(piece), "key bytes {piece:?} leaked");
        }
    }
}

#[test]
fn crlf_indented_pem_is_sent_canonical() {
    let canonical = String::from_utf8(common::read_data("sample.csr.pem")).unwrap();
    let sloppy: String = format!(
        "notes before the block\r\n\r\n{}\r\n",
        canonical
            .lines()
            .map(|l| format!("   {l}  "))
            .collect::<Vec<_>>()
            .join("\r\n")
    );
    let request = AdvancedCertificateRequest::builder()
        .csr(sloppy)
        .certificate_type("DV")
        .certificate_name("www-example")
        .common_name("www.example.com")
        .dns_names(["www.example.com", "example.com"])
        .validation_method("D")
        .build();
    let prepared = request.prepare(&ncpcert::Site::Public).unwrap();
    let body: serde_json::Value = serde_json::from_str(prepared.body.as_deref().unwrap()).unwrap();
    assert_eq!(body["csr"].as_str().unwrap(), canonical);
    assert!(prepared.warnings.is_empty(), "{:?}", prepared.warnings);
}

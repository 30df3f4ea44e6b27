//! `inspect_csr` on arbitrary bytes (PEM text or DER). Besides "never panics", checks that a
//! CSR that reads at all reads the same again from its canonical PEM (SPEC C1: canonical PEM is
//! a fixed point) and that every finding's code is in the code table.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ncpcert::{inspect_csr, Code};

fuzz_target!(|data: &[u8]| {
    let Ok(report) = inspect_csr(data) else {
        return;
    };
    for finding in &report.findings {
        assert!(
            Code::from_code_str(finding.code.as_str()) == Some(finding.code),
            "{finding:?}"
        );
    }
    let again = inspect_csr(report.canonical_pem.as_bytes()).expect("canonical PEM reads");
    assert_eq!(again.canonical_pem, report.canonical_pem);
    assert_eq!(again.fingerprint_sha256, report.fingerprint_sha256);
    assert_eq!(again.to_json(), report.to_json());
});

//! Prepares, validates and signs an Advanced DV request from the bundled sample CSR, then
//! prints exactly what would be sent (nothing is sent).
//!
//! Keys come from `NCP_ACCESS_KEY` / `NCP_SECRET_KEY`; without them, example keys are used.
//! Run: `cargo run -p ncpcert --example prepare_and_sign [CSR_FILE]`

use ncpcert::{AdvancedCertificateRequest, CertificateType, Signer, Site, ValidationMethod};
use std::time::{SystemTime, UNIX_EPOCH};

const SAMPLE_CSR: &str = include_str!("../tests/data/sample.csr.pem");
const EXAMPLE_ACCESS_KEY: &str = "EXAMPLEAK0000000NCP1";
const EXAMPLE_SECRET_KEY: &str = "EXAMPLESECRET00000000000000000000NCPSK01";

fn main() {
    if let Err(e) = run() {
        eprintln!("error: {e}");
        std::process::exit(2);
    }
}

fn run() -> Result<(), Box<dyn std::error::Error>> {
    let csr = match std::env::args().nth(1) {
        Some(path) => std::fs::read(&path).map_err(|e| format!("cannot read {path}: {e}"))?,
        None => SAMPLE_CSR.as_bytes().to_vec(),
    };
    let request = AdvancedCertificateRequest::builder()
        .csr(csr)
        .certificate_type(CertificateType::Dv)
        .certificate_name("www-example")
        .common_name("www.example.com")
        .dns_names(["www.example.com", "example.com"])
        .validation_method(ValidationMethod::Dns)
        .build();

    let prepared = request.prepare(&Site::Public)?;
    for warning in &prepared.warnings {
        eprintln!("{warning}");
    }

    let (access_key, secret_key) = match (
        std::env::var("NCP_ACCESS_KEY"),
        std::env::var("NCP_SECRET_KEY"),
    ) {
        (Ok(ak), Ok(sk)) => (ak, sk),
        _ => {
            eprintln!("note: NCP_ACCESS_KEY / NCP_SECRET_KEY not set; signing with example keys");
            (
                EXAMPLE_ACCESS_KEY.to_string(),
                EXAMPLE_SECRET_KEY.to_string(),
            )
        }
    };
    let signer = Signer::new(access_key, &secret_key)?;
    drop(secret_key);

    let now_ms = SystemTime::now().duration_since(UNIX_EPOCH)?.as_millis();
    let signed = prepared.sign(&signer, u64::try_from(now_ms)?)?;

    println!("{} {}", signed.method(), signed.url());
    for (name, value) in signed.headers() {
        println!("{name}: {value}");
    }
    println!();
    println!("{}", signed.body().unwrap_or_default());
    Ok(())
}

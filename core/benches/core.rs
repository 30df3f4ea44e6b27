//! Benchmarks of the core (SPEC §9). Each group holds its baseline, measured in the same run,
//! so that ratios rather than absolute times are reported:
//! - `sign`: `Signer::headers` and one-shot `sign` against the three SHA-256 block
//!   compressions an HMAC over an NCP string-to-sign minimally costs;
//! - `inspect_csr`: RSA-2048 and P-256 CSRs (parse + verify);
//! - `prepare` and `parse_response`.
//!
//! Run: `cargo bench -p ncpcert --bench core`

use criterion::{criterion_group, criterion_main, Criterion};
use ncpcert::{inspect_csr, parse_response, sign, AdvancedCertificateRequest, Signer, Site};
use std::hint::black_box;
use std::path::PathBuf;

const AK: &str = "EXAMPLEAK0000000NCP1";
const SK: &str = "EXAMPLESECRET00000000000000000000NCPSK01";
const PATH: &str = "/api/v2/certificate/requestPaidCertificateIssuance";
const TS: u64 = 1_700_000_000_000;

fn data(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("../tests/data")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn signing(c: &mut Criterion) {
    let mut group = c.benchmark_group("sign");
    let signer = Signer::new(AK, SK).unwrap();
    group.bench_function("Signer::signature", |b| {
        b.iter(|| {
            signer
                .signature(black_box("POST"), black_box(PATH), black_box(TS))
                .unwrap()
        })
    });
    group.bench_function("Signer::headers", |b| {
        b.iter(|| {
            signer
                .headers(black_box("POST"), black_box(PATH), black_box(TS))
                .unwrap()
        })
    });
    group.bench_function("sign (one-shot, keys the HMAC each time)", |b| {
        b.iter(|| sign(black_box("POST"), black_box(PATH), black_box(TS), AK, SK).unwrap())
    });
    // Baseline: the string-to-sign is 90 bytes, so HMAC with a cached key needs two inner
    // blocks and one outer block.
    group.bench_function("baseline: 3 SHA-256 compressions", |b| {
        let blocks = [[0x5au8; 64]; 3];
        b.iter(|| {
            let mut state = [0x6a09_e667u32; 8];
            sha2::block_api::compress256(&mut state, black_box(&blocks));
            state
        })
    });
    group.finish();
}

fn csr(c: &mut Criterion) {
    let mut group = c.benchmark_group("inspect_csr");
    for (name, file) in [
        ("RSA-2048", "own/rsa-2048.pem"),
        ("P-256", "own/ec-p256.pem"),
    ] {
        let pem = data(file);
        group.bench_function(name, |b| b.iter(|| inspect_csr(black_box(&pem)).unwrap()));
    }
    group.finish();
}

fn request(c: &mut Criterion) {
    let request = AdvancedCertificateRequest::builder()
        .csr(data("sample.csr.pem"))
        .certificate_type("DV")
        .certificate_name("www-example")
        .common_name("www.example.com")
        .dns_names(["www.example.com", "example.com"])
        .validation_method("D")
        .build();
    c.bench_function("prepare (validate + serialise, RSA-2048 CSR)", |b| {
        b.iter(|| request.prepare(black_box(&Site::Public)).unwrap())
    });
    let body = br#"{"returnCode":"0","returnMessage":"success","totalRows":1,"paidCertificate":{"certificateNo":1234,"requestSn":"0123456789abcdef0123456789abcdef","certificateName":"www-example","statusCode":"0","statusName":"Ongoing","regDate":"2026-11-28 12:00:00","validationMethod":"D"}}"#;
    c.bench_function("parse_response (success)", |b| {
        b.iter(|| parse_response(black_box(200), black_box(body)).unwrap())
    });
}

criterion_group!(benches, signing, csr, request);
criterion_main!(benches);

//! Benchmarks of the core (SPEC §9). Each group holds its baseline, measured in the same run,
//! so that ratios rather than absolute times are reported:
//! - `sign`: `Signer::signature`, `Signer::headers` and one-shot `sign` against the three
//!   SHA-256 block compressions an HMAC over an NCP string-to-sign minimally costs (run on the
//!   real string-to-sign, checked against `Signer::signature` before timing);
//! - `inspect_csr`: RSA-2048 and P-256 CSRs (parse + verify);
//! - `prepare` and `parse_response`.
//!
//! Run: `cargo bench -p ncpcert --bench core`; `scripts/bench.sh` runs it in several rounds
//! and reads the medians from criterion's `estimates.json` files.

use base64::{engine::general_purpose::STANDARD, Engine};
use criterion::{criterion_group, criterion_main, Criterion};
use ncpcert::{inspect_csr, parse_response, sign, AdvancedCertificateRequest, Signer, Site};
use sha2::block_api::compress256;
use std::hint::black_box;
use std::path::PathBuf;

const AK: &str = "EXAMPLEAK0000000NCP1";
const SK: &str = "EXAMPLESECRET00000000000000000000NCPSK01";
const PATH: &str = "/api/v2/certificate/requestPaidCertificateIssuance";
const TS: u64 = 1_700_000_000_000;

fn data(name: &str) -> Vec<u8> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data")
        .join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn signing(c: &mut Criterion) {
    let mut group = c.benchmark_group("sign");
    let signer = Signer::new(AK, SK).unwrap();
    // Every call signs a new timestamp, as in use: a result cached from one call to the next
    // would not count. The counter costs one add.
    group.bench_function("Signer::signature", |b| {
        let mut ts = TS;
        b.iter(|| {
            ts += 1;
            signer
                .signature(black_box("POST"), black_box(PATH), black_box(ts))
                .unwrap()
        })
    });
    group.bench_function("Signer::headers", |b| {
        let mut ts = TS;
        b.iter(|| {
            ts += 1;
            signer
                .headers(black_box("POST"), black_box(PATH), black_box(ts))
                .unwrap()
        })
    });
    group.bench_function("sign (one-shot, keys the HMAC each time)", |b| {
        let mut ts = TS;
        b.iter(|| {
            ts += 1;
            sign(black_box("POST"), black_box(PATH), black_box(ts), AK, SK).unwrap()
        })
    });
    // Baseline: exactly the three SHA-256 block compressions of HMAC-SHA256 over the real
    // string-to-sign with the key schedule cached (90 bytes: two inner blocks with the
    // padding, then one outer block holding the inner digest), chained as HMAC chains them.
    let hmac = Hmac3::new(SK.as_bytes(), &string_to_sign(TS));
    assert_eq!(
        STANDARD.encode(hmac.tag()),
        signer.signature("POST", PATH, TS).unwrap(),
        "the baseline must compute the real HMAC"
    );
    group.bench_function("baseline: 3 SHA-256 compressions", |b| {
        b.iter(|| black_box(&hmac).tag())
    });
    group.finish();
}

fn string_to_sign(ts: u64) -> Vec<u8> {
    format!("POST {PATH}\n{ts}\n{AK}").into_bytes()
}

/// HMAC-SHA256 reduced to its block compressions, for a message whose padded inner hash
/// takes two blocks: the keyed inner and outer states are computed once (as `Signer` does),
/// [`Hmac3::tag`] then runs exactly three compressions.
struct Hmac3 {
    inner_state: [u32; 8],
    outer_state: [u32; 8],
    inner_blocks: [[u8; 64]; 2],
    outer_block: [u8; 64],
}

impl Hmac3 {
    const IV: [u32; 8] = [
        0x6a09_e667,
        0xbb67_ae85,
        0x3c6e_f372,
        0xa54f_f53a,
        0x510e_527f,
        0x9b05_688c,
        0x1f83_d9ab,
        0x5be0_cd19,
    ];

    fn new(key: &[u8], message: &[u8]) -> Self {
        assert!(key.len() <= 64, "a longer key would be hashed first");
        // The padded message after the 64-byte key block must fill exactly two blocks.
        assert!(
            message.len() > 55 && message.len() <= 119,
            "{} bytes",
            message.len()
        );
        let keyed = |pad: u8| {
            let mut block = [pad; 64];
            for (b, k) in block.iter_mut().zip(key) {
                *b ^= k;
            }
            let mut state = Self::IV;
            compress256(&mut state, &[block]);
            state
        };
        let mut inner = [0u8; 128];
        inner[..message.len()].copy_from_slice(message);
        inner[message.len()] = 0x80;
        inner[120..].copy_from_slice(&((64 + message.len() as u64) * 8).to_be_bytes());
        let mut inner_blocks = [[0u8; 64]; 2];
        inner_blocks[0].copy_from_slice(&inner[..64]);
        inner_blocks[1].copy_from_slice(&inner[64..]);
        let mut outer_block = [0u8; 64];
        outer_block[32] = 0x80;
        outer_block[56..].copy_from_slice(&((64u64 + 32) * 8).to_be_bytes());
        Hmac3 {
            inner_state: keyed(0x36),
            outer_state: keyed(0x5c),
            inner_blocks,
            outer_block,
        }
    }

    /// Three compressions: two inner blocks, then the outer block with the inner digest.
    fn tag(&self) -> [u8; 32] {
        let mut inner = self.inner_state;
        compress256(&mut inner, &self.inner_blocks);
        let mut block = self.outer_block;
        for (chunk, word) in block[..32].chunks_exact_mut(4).zip(inner) {
            chunk.copy_from_slice(&word.to_be_bytes());
        }
        let mut outer = self.outer_state;
        compress256(&mut outer, &[block]);
        let mut tag = [0u8; 32];
        for (chunk, word) in tag.chunks_exact_mut(4).zip(outer) {
            chunk.copy_from_slice(&word.to_be_bytes());
        }
        tag
    }
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

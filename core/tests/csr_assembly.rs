//! The CSR's structure apart from key arithmetic (`read_private_key`, `request_info`,
//! `assemble_csr`), as hosts whose own cryptography signs (WebCrypto) use it: judged by
//! OpenSSL and by the RustCrypto curves' own DER signatures.
#![cfg(feature = "keys")]

use der::Decode;
use ncpcert::keys::{
    assemble_csr, generate_key, make_csr, read_private_key, request_info, KeyAlgorithm, KeyKind,
    RSA_PUBLIC_EXPONENT,
};
use ncpcert::ErrorCode;
use pkcs8::{DecodePrivateKey, EncodePublicKey};
use std::process::{Command, Stdio};
use x509_cert::request::CertReq;

fn names(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// Runs openssl in `dir`; its stdout and stderr together, and whether it exited 0.
fn openssl(dir: &std::path::Path, args: &[&str]) -> (String, bool) {
    let out = Command::new("openssl")
        .current_dir(dir)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .expect("openssl must be installed to run this test");
    (
        format!(
            "{}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ),
        out.status.success(),
    )
}

fn temp_dir(name: &str) -> std::path::PathBuf {
    let dir = std::env::temp_dir().join(format!("ncpcert-{name}-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The signature BIT STRING of a CSR (PEM).
fn csr_signature(pem: &str) -> Vec<u8> {
    let (label, der) = pem_rfc7468::decode_vec(pem.as_bytes()).unwrap();
    assert_eq!(label, "CERTIFICATE REQUEST");
    CertReq::from_der(&der)
        .unwrap()
        .signature
        .as_bytes()
        .unwrap()
        .to_vec()
}

/// `r‖s` as WebCrypto gives it is written as the DER the RustCrypto curves' own `DerSignature`
/// encodes: for real signatures, and for halves with leading zero bytes and high bits set
/// (a zero byte dropped, one added).
#[test]
fn p1363_signatures_become_the_curves_der() {
    use p256::ecdsa::signature::Signer;
    let p256_key = generate_key(KeyAlgorithm::P256, &[11; 32]).unwrap();
    let p384_key = generate_key(KeyAlgorithm::P384, &[12; 32]).unwrap();
    let p256_key = p256::ecdsa::SigningKey::from_pkcs8_pem(p256_key.as_str()).unwrap();
    let p384_key = p384::ecdsa::SigningKey::from_pkcs8_pem(p384_key.as_str()).unwrap();
    let p256_spki = p256_key.verifying_key().to_public_key_der().unwrap();
    let p384_spki = p384_key.verifying_key().to_public_key_der().unwrap();

    let mut crafted_256 = Vec::new();
    let mut crafted_384 = Vec::new();
    for (r_first, s_first) in [
        (0x00, 0x80),
        (0x80, 0x00),
        (0x00, 0x00),
        (0x7f, 0xff),
        (0x01, 0x01),
    ] {
        // Leading zero bytes (two of them for 0x00), then arbitrary bytes below the order.
        let half = |first: u8, len: usize| {
            let mut v = vec![0x5a; len];
            v[0] = first;
            if first == 0 {
                v[1] = 0;
                v[2] = 0x93;
            }
            v
        };
        crafted_256.push([half(r_first, 32), half(s_first, 32)].concat());
        crafted_384.push([half(r_first, 48), half(s_first, 48)].concat());
    }

    for i in 0..40 {
        let n = names(&[&format!("host{i}.example.com")]);
        let info = request_info(p256_spki.as_bytes(), &n, Some(KeyKind::P256)).unwrap();
        let fixed: p256::ecdsa::Signature = p256_key.sign(&info);
        let der: p256::ecdsa::DerSignature = p256_key.sign(&info);
        let csr = assemble_csr(&info, KeyKind::P256, &fixed.to_bytes()).unwrap();
        assert_eq!(csr_signature(&csr), der.as_bytes(), "P-256 #{i}");

        let info = request_info(p384_spki.as_bytes(), &n, Some(KeyKind::P384)).unwrap();
        let fixed: p384::ecdsa::Signature = p384_key.sign(&info);
        let der: p384::ecdsa::DerSignature = p384_key.sign(&info);
        let csr = assemble_csr(&info, KeyKind::P384, &fixed.to_bytes()).unwrap();
        assert_eq!(csr_signature(&csr), der.as_bytes(), "P-384 #{i}");
    }

    let n = names(&["www.example.com"]);
    let info = request_info(p256_spki.as_bytes(), &n, None).unwrap();
    for rs in &crafted_256 {
        let expected = p256::ecdsa::Signature::from_slice(rs).unwrap().to_der();
        let csr = assemble_csr(&info, KeyKind::P256, rs).unwrap();
        assert_eq!(csr_signature(&csr), expected.as_bytes(), "{rs:02x?}");
    }
    let info = request_info(p384_spki.as_bytes(), &n, None).unwrap();
    for rs in &crafted_384 {
        let expected = p384::ecdsa::Signature::from_slice(rs).unwrap().to_der();
        let csr = assemble_csr(&info, KeyKind::P384, rs).unwrap();
        assert_eq!(csr_signature(&csr), expected.as_bytes(), "{rs:02x?}");
    }
}

/// A signature of the wrong length, an ECDSA signature with a zero half, request info that is
/// not DER, or a key kind that is not the public key's: refused, with the codes and messages
/// a caller can act on.
#[test]
fn assembly_refuses_what_cannot_be_a_csr() {
    let n = names(&["www.example.com"]);
    let rsa_key = generate_key(KeyAlgorithm::Rsa2048, &[13; 32]).unwrap();
    let rsa_key = rsa::PrivateKey::from_pkcs8_pem(rsa_key.as_str()).unwrap();
    let rsa_spki = rsa_key.to_public_key().to_public_key_der().unwrap();
    let info = request_info(rsa_spki.as_bytes(), &n, Some(KeyKind::Rsa(2048))).unwrap();
    for len in [0, 255, 257, 512] {
        let e = assemble_csr(&info, KeyKind::Rsa(2048), &vec![1; len]).unwrap_err();
        assert_eq!(e.code(), ErrorCode::ArgumentInvalid, "{}", e.message());
        assert!(
            e.message().contains(&format!(
                "the signature is {len} bytes; a rsa2048 key's is 256 bytes"
            )),
            "{}",
            e.message()
        );
    }
    // The public key's kind decides: a P-256 or another RSA size is refused.
    for kind in [KeyKind::P256, KeyKind::Rsa(3072)] {
        let e = assemble_csr(&info, kind, &[1; 64]).unwrap_err();
        assert_eq!(e.code(), ErrorCode::KeyInvalid);
        assert!(
            e.message().contains(&format!(
                "the public key (rsa2048) is not the private key's ({kind})"
            )),
            "{}",
            e.message()
        );
        let e = request_info(rsa_spki.as_bytes(), &n, Some(kind)).unwrap_err();
        assert_eq!(e.code(), ErrorCode::KeyInvalid);
    }
    for junk in [
        &b""[..],
        b"\x30\x00",
        &info[..info.len() - 1],
        rsa_spki.as_bytes(),
    ] {
        let e = assemble_csr(junk, KeyKind::Rsa(2048), &[1; 256]).unwrap_err();
        assert_eq!(e.code(), ErrorCode::ArgumentInvalid, "{}", e.message());
    }

    let p256_key = generate_key(KeyAlgorithm::P256, &[14; 32]).unwrap();
    let p256_key = p256::SecretKey::from_pkcs8_pem(p256_key.as_str()).unwrap();
    let p256_spki = p256_key.public_key().to_public_key_der().unwrap();
    let info = request_info(p256_spki.as_bytes(), &n, Some(KeyKind::P256)).unwrap();
    for len in [0, 32, 63, 65, 70, 72, 96] {
        let e = assemble_csr(&info, KeyKind::P256, &vec![1; len]).unwrap_err();
        assert_eq!(e.code(), ErrorCode::ArgumentInvalid);
        assert!(
            e.message()
                .contains("a p256 key's is 64 bytes (r‖s, IEEE P1363)"),
            "{}",
            e.message()
        );
    }
    for rs in [[[0; 32], [1; 32]].concat(), [[1; 32], [0; 32]].concat()] {
        let e = assemble_csr(&info, KeyKind::P256, &rs).unwrap_err();
        assert_eq!(e.code(), ErrorCode::ArgumentInvalid);
        assert!(e.message().contains("r or s is zero"), "{}", e.message());
    }
    // A DER signature is not r‖s.
    use p256::ecdsa::signature::Signer;
    let der: p256::ecdsa::DerSignature = p256::ecdsa::SigningKey::from(&p256_key).sign(&info);
    assert!(assemble_csr(&info, KeyKind::P256, der.as_bytes()).is_err());

    // The names are checked as build_csr checks them; the public key must be readable.
    for bad in [vec![], names(&[""]), names(&["bücher.example"])] {
        let e = request_info(p256_spki.as_bytes(), &bad, None).unwrap_err();
        assert_eq!(e.code(), ErrorCode::ArgumentInvalid);
    }
    for junk in [
        &b""[..],
        b"\x30\x03\x02\x01\x00",
        &p256_spki.as_bytes()[..40],
    ] {
        let e = request_info(junk, &n, None).unwrap_err();
        assert_eq!(e.code(), ErrorCode::KeyInvalid, "{}", e.message());
    }
}

/// A key's kind by name, and the WebCrypto facts hosts build their calls from.
#[test]
fn key_kinds() {
    for algorithm in KeyAlgorithm::ALL {
        let kind = algorithm.kind();
        assert_eq!(kind.to_string(), algorithm.as_str());
        assert_eq!(kind.to_string().parse::<KeyKind>().unwrap(), kind);
        assert_eq!(kind.rsa_bits(), algorithm.rsa_bits());
    }
    assert_eq!("rsa2056".parse::<KeyKind>().unwrap(), KeyKind::Rsa(2056));
    for refused in ["rsa2047", "rsa1024", "rsa4104", "rsa8192"] {
        let e = refused.parse::<KeyKind>().unwrap_err();
        assert_eq!(e.code(), ErrorCode::KeyInvalid, "{refused}");
    }
    for unknown in [
        "",
        "rsa",
        "rsa-2048",
        "P256",
        "ed25519",
        "rsa99999999999999999999",
    ] {
        let e = unknown.parse::<KeyKind>().unwrap_err();
        assert_eq!(e.code(), ErrorCode::ArgumentInvalid, "{unknown:?}");
    }
    assert_eq!(KeyKind::Rsa(3072).signature_len(), 384);
    assert_eq!(KeyKind::P384.signature_len(), 96);
    assert_eq!(KeyKind::P384.curve(), Some("P-384"));
    assert_eq!(KeyKind::P384.hash(), "SHA-384");
    assert_eq!(KeyKind::P256.hash(), "SHA-256");
    assert_eq!(
        KeyKind::Rsa(2048).webcrypto_algorithm(),
        "RSASSA-PKCS1-v1_5"
    );
    assert_eq!(
        u32::from_be_bytes([
            0,
            RSA_PUBLIC_EXPONENT[0],
            RSA_PUBLIC_EXPONENT[1],
            RSA_PUBLIC_EXPONENT[2]
        ]),
        65537
    );
}

/// PKCS#1 and SEC1 keys (as OpenSSL writes them, an EC key also without its public point) are
/// read as the PKCS#8 key OpenSSL itself reads back as the same key; each format of one key
/// gives the same CSR, which OpenSSL verifies.
#[test]
fn pkcs1_and_sec1_keys_are_rewrapped_as_pkcs8() {
    let dir = temp_dir("rewrap");
    let n = names(&["www.example.com", "example.com"]);
    let run = |args: &[&str]| {
        let (text, ok) = openssl(&dir, args);
        assert!(ok, "{args:?}: {text}");
        text
    };
    run(&[
        "genpkey",
        "-algorithm",
        "RSA",
        "-pkeyopt",
        "rsa_keygen_bits:2048",
        "-out",
        "rsa.p8",
    ]);
    run(&["rsa", "-in", "rsa.p8", "-traditional", "-out", "rsa.p1"]);
    run(&[
        "ecparam",
        "-name",
        "prime256v1",
        "-genkey",
        "-noout",
        "-out",
        "p256.sec1",
    ]);
    run(&["ec", "-in", "p256.sec1", "-no_public", "-out", "p256.nopub"]);
    run(&[
        "pkcs8",
        "-topk8",
        "-nocrypt",
        "-in",
        "p256.sec1",
        "-out",
        "p256.p8",
    ]);
    run(&[
        "ecparam",
        "-name",
        "secp384r1",
        "-genkey",
        "-noout",
        "-out",
        "p384.sec1",
    ]);
    run(&[
        "pkcs8",
        "-topk8",
        "-nocrypt",
        "-in",
        "p384.sec1",
        "-out",
        "p384.p8",
    ]);
    let read = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();

    for (formats, kind) in [
        (&["rsa.p8", "rsa.p1"][..], KeyKind::Rsa(2048)),
        (&["p256.p8", "p256.sec1", "p256.nopub"][..], KeyKind::P256),
        (&["p384.p8", "p384.sec1"][..], KeyKind::P384),
    ] {
        let mut csrs = Vec::new();
        for name in formats {
            let pem = read(name);
            let key = read_private_key(&pem).unwrap();
            assert_eq!(key.kind(), kind, "{name}");
            assert_eq!(
                format!("{key:?}"),
                format!("PrivateKeyDer({kind}, ** redacted **)")
            );
            // OpenSSL reads the PKCS#8 made as the same key: the same public key.
            let rewrapped = format!("{name}.rewrapped");
            std::fs::write(dir.join(&rewrapped), key.to_pem().unwrap().as_str()).unwrap();
            let (check, ok) = openssl(&dir, &["pkey", "-in", &rewrapped, "-check", "-noout"]);
            assert!(ok, "{name}: {check}");
            assert_eq!(
                run(&["pkey", "-in", &rewrapped, "-pubout"]),
                run(&["pkey", "-in", formats[0], "-pubout"]),
                "{name}"
            );
            // The RSA envelope is OpenSSL's own, byte for byte.
            if name == &"rsa.p1" {
                assert_eq!(key.to_pem().unwrap().as_str(), read("rsa.p8"));
            }
            let csr = make_csr(&pem, &n).unwrap();
            std::fs::write(dir.join("req.pem"), &csr).unwrap();
            let (text, ok) = openssl(&dir, &["req", "-in", "req.pem", "-verify", "-noout"]);
            assert!(ok && text.contains("verify OK"), "{name}: {text}");
            csrs.push(csr);
        }
        assert!(csrs.windows(2).all(|w| w[0] == w[1]), "{kind}");
    }
    std::fs::remove_dir_all(&dir).ok();
}

//! `ncpcert key` and `ncpcert csr`: keys and CSRs that the openssl command accepts, a key
//! file readable by its owner alone and never written over an existing file, one JSON
//! document with `--json`, and no key material on stdout or stderr, ever.

use serde_json::Value;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ncpcert-keys-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn ncpcert(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_ncpcert"))
        .args(args)
        .current_dir(dir)
        .env("HOME", dir)
        .env("XDG_STATE_HOME", dir.join("state"))
        .output()
        .unwrap()
}

/// Runs openssl; stdout and stderr together, and whether it exited 0.
fn openssl(args: &[&str], input: Option<&[u8]>) -> (String, bool) {
    let mut child = Command::new("openssl")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("openssl must be installed to run this test");
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(input.unwrap_or_default()).unwrap();
    drop(stdin);
    let out = child.wait_with_output().unwrap();
    let text = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    (text, out.status.success())
}

fn one_document(out: &Output) -> Value {
    let text = String::from_utf8(out.stdout.clone()).unwrap();
    let mut documents = serde_json::Deserializer::from_str(&text).into_iter::<Value>();
    let first = documents.next().expect("a JSON document").expect("JSON");
    assert!(documents.next().is_none(), "more than one document: {text}");
    first
}

/// Every 12-character window of the key's base64 body: none may appear in `out`. A CSR
/// printed holds the public half of the key (and its algorithm's identifiers), so windows
/// that are in `public` too are not secret.
fn assert_no_key_material_beside(key_pem: &str, out: &Output, public: &str) {
    let body: String = key_pem
        .lines()
        .filter(|l| !l.starts_with("-----"))
        .collect();
    let public: String = public.lines().filter(|l| !l.starts_with("-----")).collect();
    let shown = format!(
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let mut checked = 0;
    for start in (0..body.len().saturating_sub(12)).step_by(3) {
        let window = &body[start..start + 12];
        if public.contains(window) {
            continue;
        }
        checked += 1;
        assert!(
            !shown.contains(window),
            "key material {window:?} in: {shown}"
        );
    }
    // The private half is most of the key: what is left to check is not a handful.
    assert!(checked * 3 > body.len() / 4, "{checked} windows checked");
}

fn assert_no_key_material(key_pem: &str, out: &Output) {
    assert_no_key_material_beside(key_pem, out, "");
}

#[test]
fn every_algorithm_makes_a_key_and_csr_openssl_accepts() {
    let dir = scratch("algorithms");
    for (algorithm, want) in [
        ("rsa2048", "Private-Key: (2048 bit, 2 primes)"),
        ("rsa3072", "Private-Key: (3072 bit, 2 primes)"),
        ("rsa4096", "Private-Key: (4096 bit, 2 primes)"),
        ("p256", "NIST CURVE: P-256"),
        ("p384", "NIST CURVE: P-384"),
    ] {
        let key_file = format!("{algorithm}.pem");
        let out = ncpcert(
            &dir,
            &[
                "key",
                "--json",
                "--algorithm",
                algorithm,
                "--out",
                &key_file,
            ],
        );
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let doc = one_document(&out);
        assert_eq!(doc["key"], key_file.as_str());
        assert_eq!(doc["algorithm"], algorithm);
        let key_path = dir.join(&key_file);
        let key_pem = std::fs::read_to_string(&key_path).unwrap();
        assert_no_key_material(&key_pem, &out);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(&key_path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600, "{algorithm}: mode {mode:o}");
        }
        let (text, ok) = openssl(
            &[
                "pkey",
                "-check",
                "-noout",
                "-text",
                "-in",
                key_path.to_str().unwrap(),
            ],
            None,
        );
        assert!(
            ok && (text.contains("RSA key ok") || text.contains("Key is valid")),
            "{text}"
        );
        assert!(text.contains(want), "{algorithm}: {text}");

        // To stdout (text mode: the PEM alone), and to a file.
        let out = ncpcert(
            &dir,
            &[
                "csr",
                "--key",
                &key_file,
                "--domain",
                "www.example.com",
                "--domain",
                "example.com",
            ],
        );
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(out.stderr.is_empty());
        let printed = String::from_utf8(out.stdout.clone()).unwrap();
        assert_no_key_material_beside(&key_pem, &out, &printed);
        let (text, _) = openssl(&["req", "-verify", "-noout", "-text"], Some(&out.stdout));
        assert!(text.contains("verify OK"), "{algorithm}: {text}");
        assert!(
            text.contains("DNS:www.example.com, DNS:example.com"),
            "{text}"
        );
        let csr_file = format!("{algorithm}.csr");
        let out = ncpcert(
            &dir,
            &[
                "csr",
                "--json",
                "--key",
                &key_file,
                "--domain",
                "www.example.com",
                "--out",
                &csr_file,
            ],
        );
        assert_eq!(out.status.code(), Some(0));
        assert_no_key_material(&key_pem, &out);
        let doc = one_document(&out);
        assert_eq!(doc["csr"], csr_file.as_str());
        assert_eq!(doc["names"], serde_json::json!(["www.example.com"]));
        let csr_path = dir.join(&csr_file);
        let (text, _) = openssl(
            &[
                "req",
                "-verify",
                "-noout",
                "-in",
                csr_path.to_str().unwrap(),
            ],
            None,
        );
        assert!(text.contains("verify OK"), "{text}");
        // The CSR's public key is the key's.
        let (from_key, _) = openssl(
            &["pkey", "-pubout", "-in", key_path.to_str().unwrap()],
            None,
        );
        let (from_csr, _) = openssl(
            &[
                "req",
                "-pubkey",
                "-noout",
                "-in",
                csr_path.to_str().unwrap(),
            ],
            None,
        );
        assert_eq!(from_key, from_csr);
    }
}

#[test]
fn key_never_writes_over_a_file() {
    let dir = scratch("overwrite");
    let path = dir.join("key.pem");
    std::fs::write(&path, "precious").unwrap();
    let out = ncpcert(&dir, &["key", "--out", "key.pem"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("already exists"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "precious");
    let out = ncpcert(
        &dir,
        &["key", "--json", "--algorithm", "p256", "--out", "key.pem"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(one_document(&out)["error"]["code"], "output.exists");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "precious");
    // Nor over a dangling symbolic link (which would write wherever it points).
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(dir.join("elsewhere"), dir.join("link.pem")).unwrap();
        let out = ncpcert(&dir, &["key", "--algorithm", "p256", "--out", "link.pem"]);
        assert_eq!(out.status.code(), Some(2));
        assert!(!dir.join("elsewhere").exists());
    }
    // An existing CSR file is not replaced either.
    assert_eq!(
        ncpcert(&dir, &["key", "--algorithm", "p256", "--out", "new.pem"])
            .status
            .code(),
        Some(0)
    );
    let out = ncpcert(
        &dir,
        &[
            "csr",
            "--key",
            "new.pem",
            "--domain",
            "example.com",
            "--out",
            "key.pem",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "precious");
    // No temporary file left behind.
    let left: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_name().to_string_lossy().starts_with(".ncpcert-"))
        .collect();
    assert!(left.is_empty());
}

#[test]
fn failures_are_one_json_document_without_key_material() {
    let dir = scratch("failures");
    assert_eq!(
        ncpcert(&dir, &["key", "--algorithm", "p384", "--out", "k.pem"])
            .status
            .code(),
        Some(0)
    );
    let key_pem = std::fs::read_to_string(dir.join("k.pem")).unwrap();

    let out = ncpcert(
        &dir,
        &[
            "csr",
            "--json",
            "--key",
            "k.pem",
            "--domain",
            "www.example.com",
            "--domain",
            "a_b.example.com",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert_no_key_material(&key_pem, &out);
    let doc = one_document(&out);
    assert_eq!(doc["error"]["code"], "csr.names_invalid");
    assert_eq!(doc["error"]["type"], "validation");
    assert_eq!(doc["error"]["findings"][0]["code"], "domain.underscore");

    // A damaged key: a character of its body changed, its END line dropped.
    let lines: Vec<&str> = key_pem.lines().collect();
    let damaged = key_pem.replacen(&lines[1][10..18], "********", 1);
    std::fs::write(dir.join("damaged.pem"), &damaged).unwrap();
    std::fs::write(dir.join("cut.pem"), lines[..lines.len() - 1].join("\n")).unwrap();
    for file in ["damaged.pem", "cut.pem"] {
        let out = ncpcert(
            &dir,
            &[
                "csr",
                "--json",
                "--key",
                file,
                "--domain",
                "www.example.com",
            ],
        );
        assert_eq!(out.status.code(), Some(2), "{file}");
        assert_no_key_material(&key_pem, &out);
        assert_eq!(one_document(&out)["error"]["code"], "key.invalid", "{file}");
    }

    let out = ncpcert(
        &dir,
        &["key", "--json", "--algorithm", "dsa", "--out", "x.pem"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(one_document(&out)["error"]["code"], "key.algorithm");
    assert!(!dir.join("x.pem").exists());

    let out = ncpcert(
        &dir,
        &[
            "csr",
            "--json",
            "--key",
            "missing.pem",
            "--domain",
            "example.com",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(one_document(&out)["error"]["code"], "argument.invalid");
}

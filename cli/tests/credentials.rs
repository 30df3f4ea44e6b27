//! Where the CLI finds its keys, against the fixtures every package's tests read
//! (`tests/data/credentials/cases.json`, linked here as `cli/tests/data/credentials`): the
//! same cases as the Python package's `Signer.from_env()` and the npm package's
//! `Signer.fromEnv()`. No secret key may appear in the output.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/credentials")
}

/// A fresh home directory holding `.ncloud/configure` copied from `fixture` (if any).
fn home(name: &str, fixture: Option<&str>) -> PathBuf {
    let dir = std::env::temp_dir().join(format!(
        "ncpcert-cli-credentials-{}-{name}",
        std::process::id()
    ));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    if let Some(file) = fixture {
        std::fs::create_dir_all(dir.join(".ncloud")).unwrap();
        std::fs::copy(fixtures().join(file), dir.join(".ncloud/configure")).unwrap();
    }
    dir
}

#[test]
fn keys_come_from_the_environment_or_the_configure_file_as_in_every_package() {
    let text = std::fs::read_to_string(fixtures().join("cases.json")).unwrap();
    let doc: Value = serde_json::from_str(&text).unwrap();
    let request = &doc["request"];
    let secrets: Vec<&str> = doc["secrets"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    let cases = doc["cases"].as_array().unwrap();
    assert!(cases.len() >= 8);
    for (i, case) in cases.iter().enumerate() {
        let name = case["name"].as_str().unwrap();
        let home = home(&i.to_string(), case["home"].as_str());
        let mut command = Command::new(env!("CARGO_BIN_EXE_ncpcert"));
        command
            .args([
                "sign",
                "--json",
                "--method",
                request["method"].as_str().unwrap(),
            ])
            .args(["--path", request["path"].as_str().unwrap()])
            .args(["--timestamp", &request["timestampMs"].to_string()])
            .env_remove("NCP_ACCESS_KEY")
            .env_remove("NCP_SECRET_KEY")
            .env("HOME", &home);
        for (key, value) in case["env"].as_object().unwrap() {
            command.env(key, value.as_str().unwrap());
        }
        let out = command.output().unwrap();
        let stdout = String::from_utf8_lossy(&out.stdout);
        let stderr = String::from_utf8_lossy(&out.stderr);
        for secret in &secrets {
            assert!(
                !stdout.contains(secret) && !stderr.contains(secret),
                "{name}: a secret key was printed:\n{stdout}\n{stderr}"
            );
        }
        if let Some(signature) = case["signature"].as_str() {
            assert!(out.status.success(), "{name}: {stderr}");
            let headers: Value = serde_json::from_str(&stdout).unwrap();
            assert_eq!(headers["x-ncp-iam-access-key"], case["accessKey"], "{name}");
            assert_eq!(headers["x-ncp-apigw-signature-v2"], signature, "{name}");
        } else {
            assert_eq!(out.status.code(), Some(2), "{name}: {stdout}{stderr}");
            let error: Value = serde_json::from_str(&stdout).unwrap();
            let message = error["error"]["message"].as_str().unwrap();
            for words in case["messageContains"].as_array().unwrap() {
                assert!(
                    message.contains(words.as_str().unwrap()),
                    "{name}: {message:?} lacks {words}"
                );
            }
        }
        std::fs::remove_dir_all(&home).unwrap();
    }
}

#[test]
fn an_explicit_configure_file_replaces_the_default() {
    let home = home("explicit", None);
    let out = Command::new(env!("CARGO_BIN_EXE_ncpcert"))
        .args([
            "sign",
            "--json",
            "--method",
            "GET",
            "--path",
            "/x",
            "--timestamp",
            "1700000000000",
        ])
        .arg("--configure-file")
        .arg(fixtures().join("profiles.configure"))
        .env_remove("NCP_ACCESS_KEY")
        .env_remove("NCP_SECRET_KEY")
        .env("HOME", &home)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let headers: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(headers["x-ncp-iam-access-key"], "FIXTUREAKWORK0000001");
    std::fs::remove_dir_all(&home).unwrap();
}

/// `--profile NAME` and `NCP_PROFILE` take the keys of that profile only, even when the
/// environment holds keys; the signature is checked against Python's `hmac` module.
#[test]
fn a_named_profile_gives_its_own_keys() {
    let home = home("profile", Some("profiles.configure"));
    let sign = |profile_flag: bool, env_profile: Option<&str>| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_ncpcert"));
        command
            .args([
                "--json",
                "sign",
                "--method",
                "GET",
                "--path",
                "/x",
                "--timestamp",
            ])
            .arg("1700000000000")
            .env("NCP_ACCESS_KEY", "ENVIRONMENTAK0000001")
            .env("NCP_SECRET_KEY", "ENVIRONMENTSECRET0000000000000000000001")
            .env_remove("NCP_PROFILE")
            .env("HOME", &home);
        if profile_flag {
            command.args(["--profile", "work"]);
        }
        if let Some(profile) = env_profile {
            command.env("NCP_PROFILE", profile);
        }
        command.output().unwrap()
    };
    let expected = python_signature(
        "FIXTURESECRETWORK000000000000000000000001",
        "GET /x\n1700000000000\nFIXTUREAKWORK0000001",
    );
    for out in [sign(true, None), sign(false, Some("work"))] {
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let headers: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(headers["x-ncp-iam-access-key"], "FIXTUREAKWORK0000001");
        assert_eq!(headers["x-ncp-apigw-signature-v2"], expected.as_str());
    }
    // A profile without both keys: the error names the profiles there are, no key.
    let out = sign(false, Some("DEFAULT"));
    assert_eq!(out.status.code(), Some(2));
    let error: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(error["error"]["code"], "credentials.missing");
    let message = error["error"]["message"].as_str().unwrap();
    assert!(message.contains("DEFAULT, work"), "{message}");
    assert!(!message.contains("FIXTURESECRET"), "{message}");
    // Without a profile the environment's keys are used, as before.
    let out = sign(false, None);
    let headers: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(headers["x-ncp-iam-access-key"], "ENVIRONMENTAK0000001");
    std::fs::remove_dir_all(&home).unwrap();
}

/// HMAC-SHA256 and base64 by Python's standard library: an implementation independent of
/// ncpcert's.
fn python_signature(secret: &str, message: &str) -> String {
    let out = Command::new("python3")
        .args([
            "-c",
            "import base64,hashlib,hmac,sys; print(base64.b64encode(hmac.new(sys.argv[1].encode(), \
             sys.argv[2].encode(), hashlib.sha256).digest()).decode())",
            secret,
            message,
        ])
        .output()
        .expect("python3");
    String::from_utf8(out.stdout).unwrap().trim().to_owned()
}

//! `--lang` and the locale: Korean messages with the same codes and exit statuses as English;
//! `LANG=ko_KR.UTF-8` speaks Korean, `--lang en` overrides it, `LC_ALL` wins over `LANG`.

use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::Command;

fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn hangul(text: &str) -> bool {
    text.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c))
}

/// Runs `ncpcert ARGS` with the locale variables `env` (the others removed): status, stdout
/// as JSON when it is, stderr.
fn run(env: &[(&str, &str)], args: &[&str]) -> (i32, Value, String) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_ncpcert"));
    command.args(args).current_dir(repo());
    for name in ["LC_ALL", "LC_MESSAGES", "LANG"] {
        command.env_remove(name);
    }
    command.envs(env.iter().copied());
    let out = command.output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    (
        out.status.code().unwrap_or(-1),
        serde_json::from_str(&stdout).unwrap_or(Value::Null),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// A request with many findings: the body's names are bad in many ways.
fn bad_request() -> Vec<String> {
    let mut args: Vec<String> = [
        "prepare",
        "--csr",
        "tests/data/sample.csr.pem",
        "--type",
        "dv",
        "--name",
        "1 bad",
        "--common-name",
        "한국.kr",
        "--validation",
        "D",
    ]
    .map(String::from)
    .to_vec();
    for name in [
        "a_b.example.com",
        "-x.example.com",
        "10.0.0.1",
        "printer.local",
        "*.co.kr",
        "co.kr",
        "a..b.com",
        "x.arpa",
        "www.example.com.",
        "https://x.example.com/",
    ] {
        args.push(format!("--dns-name={name}"));
    }
    args
}

fn codes(error: &Value) -> Vec<String> {
    error["findings"]
        .as_array()
        .map(|a| {
            a.iter()
                .map(|f| f["code"].as_str().unwrap().to_owned())
                .collect()
        })
        .unwrap_or_default()
}

#[test]
fn korean_from_the_locale_and_the_flag_with_the_same_codes() {
    let args = bad_request();
    let mut json_args: Vec<&str> = vec!["--json"];
    json_args.extend(args.iter().map(String::as_str));
    let (en_status, en, _) = run(&[], &json_args);
    let (ko_status, ko, ko_err) = run(&[("LANG", "ko_KR.UTF-8")], &json_args);
    assert_eq!(en_status, 2);
    assert_eq!(ko_status, en_status);
    assert_eq!(ko["error"]["code"], en["error"]["code"]);
    assert!(codes(&en["error"]).len() >= 10, "{en}");
    assert_eq!(codes(&ko["error"]), codes(&en["error"]));
    for f in ko["error"]["findings"].as_array().unwrap() {
        let message = f["message"].as_str().unwrap();
        assert!(hangul(message) && !message.contains("[["), "{message}");
    }
    assert!(hangul(ko["error"]["message"].as_str().unwrap()), "{ko}");
    assert!(hangul(&ko_err), "{ko_err}");
    assert!(en["error"]["message"]
        .as_str()
        .unwrap()
        .starts_with("the request is invalid"));

    // --lang en overrides the locale; --lang ko works without one; LC_ALL wins over LANG.
    let mut flagged = vec!["--lang", "en"];
    flagged.extend(json_args.iter().copied());
    let (_, over, _) = run(&[("LANG", "ko_KR.UTF-8")], &flagged);
    assert_eq!(over["error"], en["error"]);
    let mut flagged = vec!["--lang", "ko"];
    flagged.extend(json_args.iter().copied());
    let (_, by_flag, _) = run(&[], &flagged);
    assert_eq!(by_flag["error"], ko["error"]);
    let (_, c, _) = run(
        &[("LC_ALL", "C.UTF-8"), ("LANG", "ko_KR.UTF-8")],
        &json_args,
    );
    assert_eq!(c["error"], en["error"]);
    let (_, lc, _) = run(
        &[("LC_MESSAGES", "ko_KR.UTF-8"), ("LANG", "en_US.UTF-8")],
        &json_args,
    );
    assert_eq!(lc["error"], ko["error"]);
}

#[test]
fn the_csr_corpus_inspects_in_korean() {
    let dir = repo().join("tests/data/own");
    let mut seen = 0;
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "pem") {
            continue;
        }
        let file = path.to_str().unwrap();
        let (en_status, en, _) = run(&[], &["--json", "inspect", file]);
        let (ko_status, ko, _) = run(&[("LANG", "ko_KR.UTF-8")], &["--json", "inspect", file]);
        assert_eq!(ko_status, en_status, "{file}");
        seen += 1;
        let (en_findings, ko_findings) = if en_status == 0 {
            (en["findings"].clone(), ko["findings"].clone())
        } else {
            assert_eq!(ko["error"]["code"], en["error"]["code"], "{file}");
            assert!(
                hangul(ko["error"]["message"].as_str().unwrap()),
                "{file}: {ko}"
            );
            (
                en["error"]["findings"].clone(),
                ko["error"]["findings"].clone(),
            )
        };
        let en_codes: Vec<&Value> = en_findings
            .as_array()
            .into_iter()
            .flatten()
            .map(|f| &f["code"])
            .collect();
        let ko_codes: Vec<&Value> = ko_findings
            .as_array()
            .into_iter()
            .flatten()
            .map(|f| &f["code"])
            .collect();
        assert_eq!(ko_codes, en_codes, "{file}");
        for f in ko_findings.as_array().into_iter().flatten() {
            let message = f["message"].as_str().unwrap();
            assert!(
                hangul(message) && !message.contains("[["),
                "{file}: {message}"
            );
        }
    }
    assert!(seen >= 20, "{seen}");
}

/// Keys and CSRs refused in Korean: the same codes and exit statuses, the core's Korean text
/// with this case's values, each refused name's finding in Korean.
#[test]
fn key_and_csr_errors_speak_korean() {
    let cases: [&[&str]; 3] = [
        &["--json", "key", "--algorithm", "dsa", "--out", "never.pem"],
        &[
            "--json",
            "csr",
            "--key",
            "tests/data/sample.csr.pem",
            "--domain",
            "www.example.com",
        ],
        &[
            "--json",
            "csr",
            "--key",
            "tests/data/sample.csr.pem",
            "--domain",
            "a_b.example.com",
            "--domain",
            "printer.local",
        ],
    ];
    for args in cases {
        let (en_status, en, _) = run(&[], args);
        let (ko_status, ko, ko_err) = run(&[("LANG", "ko_KR.UTF-8")], args);
        assert_ne!(en_status, 0, "{args:?}: {en}");
        assert_eq!(ko_status, en_status, "{args:?}");
        assert_eq!(ko["error"]["code"], en["error"]["code"], "{args:?}");
        let message = ko["error"]["message"].as_str().unwrap();
        assert!(
            hangul(message) && !message.contains("[[") && !message.contains('{'),
            "{args:?}: {message}"
        );
        assert!(ko["error"].get("detail").is_none(), "{ko}");
        assert_eq!(codes(&ko["error"]), codes(&en["error"]), "{args:?}");
        for f in ko["error"]["findings"].as_array().into_iter().flatten() {
            assert!(hangul(f["message"].as_str().unwrap()), "{f}");
        }
        assert!(hangul(&ko_err) || ko_err.is_empty(), "{ko_err}");
    }
    assert!(!Path::new(&repo().join("never.pem")).exists());
}

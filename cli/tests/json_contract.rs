//! The CLI's JSON contract: every subcommand, run with `--json` on success and on failure,
//! prints exactly one JSON document on stdout; a failure is `{"error": {"type", "code",
//! "message", …}}` with a code from the core's table (API errors carry NCP's own code and
//! their `kind`), and the exit status is the one the table gives the code.
//!
//! Runs against the mock NCP (`tests/mock_ncp/server.py`, Python's standard library only,
//! `openssl` to issue certificates), started here on a free port.

use ncpcert::ErrorCode;
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const ACCESS_KEY: &str = "EXAMPLEAK0000000NCP1";
const SECRET_KEY: &str = "EXAMPLESECRET00000000000000000000NCPSK01";

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn scratch(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("ncpcert-json-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The mock NCP, stopped when dropped.
struct Mock {
    child: Child,
    url: String,
}

impl Mock {
    fn start(name: &str, args: &[&str]) -> Mock {
        let ready = scratch(&format!("mock-{name}")).join("url");
        let child = Command::new("python3")
            .arg(root().join("tests/mock_ncp/server.py"))
            .args(["--port", "0", "--ready-file"])
            .arg(&ready)
            .args(args)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("python3 runs the mock NCP");
        let started = Instant::now();
        while !ready.exists() {
            assert!(
                started.elapsed() < Duration::from_secs(30),
                "the mock NCP did not start"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        let url = std::fs::read_to_string(&ready).unwrap().trim().to_owned();
        Mock { child, url }
    }
}

impl Drop for Mock {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One run of the CLI with its own home and state directory.
struct Cli {
    home: PathBuf,
}

impl Cli {
    fn new(name: &str) -> Cli {
        Cli {
            home: scratch(&format!("home-{name}")),
        }
    }

    fn run(&self, args: &[&str]) -> Output {
        self.run_with(
            args,
            &[
                ("NCP_ACCESS_KEY", ACCESS_KEY),
                ("NCP_SECRET_KEY", SECRET_KEY),
            ],
        )
    }

    fn run_with(&self, args: &[&str], env: &[(&str, &str)]) -> Output {
        let mut command = Command::new(env!("CARGO_BIN_EXE_ncpcert"));
        command
            .args(args)
            .current_dir(root())
            .env_remove("NCP_ACCESS_KEY")
            .env_remove("NCP_SECRET_KEY")
            .env_remove("NCP_PROFILE")
            .env("HOME", &self.home)
            .env("XDG_STATE_HOME", self.home.join("state"));
        for (k, v) in env {
            command.env(k, v);
        }
        command.output().unwrap()
    }
}

/// Stdout is exactly one JSON document.
fn one_document(out: &Output, what: &str) -> Value {
    let text = String::from_utf8(out.stdout.clone()).expect("UTF-8 stdout");
    let mut documents = serde_json::Deserializer::from_str(&text).into_iter::<Value>();
    let first = documents
        .next()
        .unwrap_or_else(|| panic!("{what}: no JSON on stdout: {text:?}"))
        .unwrap_or_else(|e| panic!("{what}: stdout is not JSON ({e}): {text}"));
    assert!(
        documents.next().is_none(),
        "{what}: more than one JSON document: {text}"
    );
    first
}

fn succeeds(out: &Output, what: &str) -> Value {
    let value = one_document(out, what);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{what}: {value}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(value.get("error").is_none(), "{what}: {value}");
    value
}

/// Fails with `code`: the error's shape, its code in the core's table, the exit status.
fn fails(out: &Output, what: &str, code: &str) -> Value {
    let value = one_document(out, what);
    let error = &value["error"];
    for field in ["type", "code", "message"] {
        assert!(
            error[field].as_str().is_some_and(|s| !s.is_empty()),
            "{what}: error.{field} missing: {value}"
        );
    }
    let got = error["code"].as_str().unwrap();
    assert_eq!(got, code, "{what}: {value}");
    let status = out.status.code().unwrap();
    if error["type"] == "api" {
        // NCP's own code, with the kind of answer it came in.
        assert!(error["kind"].as_str().is_some(), "{what}: {value}");
        assert_eq!(status, 1, "{what}");
    } else {
        assert!(
            ncpcert::codes::is_known_code(got),
            "{what}: {got} is not in the core's table"
        );
        let expected = ErrorCode::from_code_str(got).map_or(2, |c| c.exit_status());
        assert_eq!(i32::from(expected), status, "{what}: exit status of {got}");
        if let Some(c) = ErrorCode::from_code_str(got) {
            assert_eq!(error["type"], c.error_type(), "{what}");
        }
    }
    value
}

const CSR: &str = "tests/data/sample.csr.pem";

fn request_args<'a>(url: &'a str, name: &'a str) -> Vec<&'a str> {
    vec![
        "--csr",
        CSR,
        "--type",
        "dv",
        "--name",
        name,
        "--common-name",
        "www.example.com",
        "--dns-name",
        "www.example.com",
        "--dns-name",
        "example.com",
        "--validation",
        "D",
        "--endpoint",
        url,
    ]
}

fn with<'a>(head: &[&'a str], tail: &[&'a str]) -> Vec<&'a str> {
    head.iter().chain(tail).copied().collect()
}

#[test]
fn every_subcommand_prints_one_json_document() {
    let mock = Mock::start("main", &["--auto-validate"]);
    let url = mock.url.as_str();
    let cli = Cli::new("main");
    let out_dir = scratch("out");
    let out_path = out_dir.to_str().unwrap();

    // sign
    succeeds(
        &cli.run(&["--json", "sign", "--method", "POST", "--path", "/x"]),
        "sign",
    );
    fails(
        &cli.run(&["--json", "sign", "--method", "POST", "--path", "no-slash"]),
        "sign, bad path",
        "signing.path",
    );
    fails(
        &cli.run_with(&["--json", "sign", "--method", "POST", "--path", "/x"], &[]),
        "sign, no keys",
        "credentials.missing",
    );
    fails(
        &cli.run(&[
            "--json",
            "--profile",
            "nope",
            "sign",
            "--method",
            "POST",
            "--path",
            "/x",
        ]),
        "sign, unknown profile",
        "credentials.missing",
    );

    // inspect
    succeeds(&cli.run(&["--json", "inspect", CSR]), "inspect");
    let refused = fails(
        &cli.run(&["--json", "inspect", "tests/data/own/rsa-1024.pem"]),
        "inspect, refused CSR",
        "csr.refused",
    );
    assert!(refused["error"]["findings"]
        .as_array()
        .is_some_and(|f| f.iter().any(|f| f["code"] == "csr.rsa_key_size")));
    fails(
        &cli.run(&["--json", "inspect", "Cargo.toml"]),
        "inspect, not a CSR",
        "csr.malformed",
    );
    fails(
        &cli.run(&["--json", "inspect", "no/such/file.pem"]),
        "inspect, no file",
        "argument.invalid",
    );

    // prepare
    succeeds(
        &cli.run(&with(&["--json", "prepare"], &request_args(url, "web-a"))),
        "prepare",
    );
    let bad = with(&["--json", "prepare"], &request_args(url, "web-a"))
        .into_iter()
        .map(|a| {
            if a == "example.com" {
                "a_b.example.com"
            } else {
                a
            }
        })
        .collect::<Vec<_>>();
    fails(&cli.run(&bad), "prepare, invalid", "request.invalid");
    fails(
        &cli.run(&with(
            &["--json", "prepare", "--validation", "X"],
            &request_args(url, "web-a")[..12],
        )),
        "prepare, bad flag value",
        "argument.invalid",
    );

    // request: accepted, then the same name with another journal is taken
    let accepted = succeeds(
        &cli.run(&with(&["--json", "request"], &request_args(url, "web-a"))),
        "request",
    );
    assert_eq!(accepted["path"], "accepted");
    let no = accepted["certificateNo"].as_u64().unwrap().to_string();
    let elsewhere = Cli::new("elsewhere");
    fails(
        &elsewhere.run(&with(&["--json", "request"], &request_args(url, "web-a"))),
        "request, name taken",
        "order.name_taken",
    );

    // journal
    let journal = succeeds(&cli.run(&["--json", "journal"]), "journal");
    assert_eq!(journal["entries"].as_array().map(Vec::len), Some(2));
    std::fs::write(elsewhere.home.join("file"), "").unwrap();
    fails(
        &elsewhere.run(&[
            "--json",
            "--state-dir",
            elsewhere.home.join("file").to_str().unwrap(),
            "journal",
        ]),
        "journal, unreadable",
        "journal.failed",
    );

    // status, dcv (which validates the order on this mock), chain, orgs
    succeeds(
        &cli.run(&["--json", "status", &no, "--endpoint", url]),
        "status",
    );
    fails(
        &cli.run(&["--json", "status", "--name", "nothing", "--endpoint", url]),
        "status, not found",
        "certificate.not_found",
    );
    let second = succeeds(
        &cli.run(&with(&["--json", "request"], &request_args(url, "web-b"))),
        "request b",
    );
    let no_b = second["certificateNo"].as_u64().unwrap().to_string();
    fails(
        &cli.run(&[
            "--json",
            "chain",
            &no_b,
            "--out",
            out_path,
            "--endpoint",
            url,
        ]),
        "chain, not issued",
        "certificate.not_issued",
    );
    succeeds(&cli.run(&["--json", "dcv", &no, "--endpoint", url]), "dcv");
    fails(
        &cli.run(&["--json", "dcv", "999999", "--endpoint", url]),
        "dcv, not found",
        "certificate.not_found",
    );
    succeeds(
        &cli.run(&["--json", "chain", &no, "--out", out_path, "--endpoint", url]),
        "chain",
    );
    fails(
        &cli.run(&["--json", "chain", &no, "--out", out_path, "--endpoint", url]),
        "chain, files exist",
        "output.exists",
    );
    succeeds(&cli.run(&["--json", "orgs", "--endpoint", url]), "orgs");
    fails(
        &cli.run_with(
            &["--json", "orgs", "--endpoint", url],
            &[
                ("NCP_ACCESS_KEY", ACCESS_KEY),
                ("NCP_SECRET_KEY", "WRONGSECRET0000"),
            ],
        ),
        "orgs, wrong secret",
        "200",
    );

    // issue: without --wait, then the wait ends (exit status 4), then files exist
    let issue_dir = scratch("issue");
    let issue_path = issue_dir.to_str().unwrap();
    let issued = succeeds(
        &cli.run(&with(
            &["--json", "issue", "--out", issue_path],
            &request_args(url, "web-c"),
        )),
        "issue",
    );
    assert_eq!(
        (issued["path"].as_str(), issued["waited"].as_bool()),
        (Some("accepted"), Some(false))
    );
    let pending = fails(
        &cli.run(&with(
            &[
                "--json",
                "issue",
                "--out",
                issue_path,
                "--wait",
                "--wait-timeout",
                "0",
            ],
            &request_args(url, "web-d"),
        )),
        "issue, wait timeout",
        "order.pending",
    );
    assert!(pending["certificateNo"].is_u64(), "{pending}");
    std::fs::write(issue_dir.join("cert.pem"), "mine\n").unwrap();
    fails(
        &cli.run(&with(
            &["--json", "issue", "--out", issue_path],
            &request_args(url, "web-e"),
        )),
        "issue, files exist",
        "output.exists",
    );

    // completions
    let script = succeeds(&cli.run(&["--json", "completions", "bash"]), "completions");
    assert!(script["script"]
        .as_str()
        .is_some_and(|s| s.contains("ncpcert")));
    fails(
        &cli.run(&["--json", "completions", "tcsh-9"]),
        "completions, bad shell",
        "argument.invalid",
    );
    fails(
        &cli.run(&["--json", "frobnicate"]),
        "unknown subcommand",
        "argument.invalid",
    );
}

#[test]
fn order_failures_carry_their_codes_and_exit_statuses() {
    // A lost answer, then lookups that keep failing: the outcome is unknown (3).
    let mock = Mock::start(
        "faults",
        &[
            "--fault",
            "placed-then-504",
            "--fault",
            "unavailable:10@list",
        ],
    );
    let cli = Cli::new("faults");
    let out = cli.run(&with(
        &["--json", "request"],
        &request_args(&mock.url, "web-f"),
    ));
    let value = fails(&out, "request, lookup failed", "order.outcome_unknown");
    assert_eq!(value["error"]["cause"]["type"], "api");
    assert!(value["error"]["hint"]
        .as_str()
        .unwrap()
        .contains("ncpcert status --name"));

    // Nothing listens: nothing was placed (1), and the cause says nothing was written.
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}", closed.local_addr().unwrap());
    drop(closed);
    let out = cli.run(&with(
        &["--json", "request", "--retries", "0"],
        &request_args(&url, "web-g"),
    ));
    let value = fails(&out, "request, unreachable", "order.not_placed");
    assert_eq!(value["error"]["cause"]["written"], false);
    let out = cli.run(&["--json", "status", "1", "--endpoint", &url]);
    let value = fails(&out, "status, unreachable", "transport.failed");
    assert_eq!(value["error"]["type"], "transport");
}

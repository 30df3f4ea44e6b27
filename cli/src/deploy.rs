//! `--deploy-hook CMD`: run once the new files are in place (after `issue`, after each
//! renewal), through the shell, with what the certificate is in its environment. Its output
//! goes to stderr: stdout stays the one JSON document of `--json`.

use serde_json::{json, Value};
use std::path::Path;
use std::process::{Command, Stdio};

/// The certificate a deploy hook is run for.
pub struct Deployed<'a> {
    pub certificate_no: u64,
    pub certificate_name: &'a str,
    pub names: &'a [String],
    pub out_dir: &'a Path,
    pub key_path: Option<&'a Path>,
}

impl Deployed<'_> {
    /// `NCPCERT_CERT_NO`, `NCPCERT_NAME`, `NCPCERT_DOMAINS` (space-separated), and the paths of
    /// the files (`NCPCERT_KEY_PATH` only when there is a key file).
    pub fn env(&self) -> Vec<(&'static str, String)> {
        let file = |name: &str| self.out_dir.join(name).display().to_string();
        let mut env = vec![
            ("NCPCERT_CERT_NO", self.certificate_no.to_string()),
            ("NCPCERT_NAME", self.certificate_name.to_owned()),
            ("NCPCERT_DOMAINS", self.names.join(" ")),
            ("NCPCERT_CERT_PATH", file("cert.pem")),
            ("NCPCERT_CHAIN_PATH", file("chain.pem")),
            ("NCPCERT_FULLCHAIN_PATH", file("fullchain.pem")),
        ];
        if let Some(key) = self.key_path {
            env.push(("NCPCERT_KEY_PATH", key.display().to_string()));
        }
        env
    }
}

/// Runs each hook once; returns `{"command", "ok", "exitStatus"?, "error"?}` per hook.
pub fn run(hooks: &[String], deployed: &Deployed<'_>) -> Vec<Value> {
    hooks
        .iter()
        .map(|command| {
            eprintln!("ncpcert: running the deploy hook: {command}");
            let output = Command::new("sh")
                .arg("-c")
                .arg(command)
                .envs(deployed.env())
                .stdin(Stdio::null())
                .output();
            match output {
                Ok(output) => {
                    let mut text = String::from_utf8_lossy(&output.stdout).into_owned();
                    text.push_str(&String::from_utf8_lossy(&output.stderr));
                    for line in text.lines() {
                        eprintln!("  deploy hook: {line}");
                    }
                    let mut result = json!({"command": command, "ok": output.status.success()});
                    if let Some(code) = output.status.code() {
                        result["exitStatus"] = code.into();
                    } else {
                        result["error"] = "killed by a signal".into();
                    }
                    result
                }
                Err(e) => json!({"command": command, "ok": false,
                                 "error": format!("could not run `sh -c`: {e}")}),
            }
        })
        .collect()
}

/// Whether every hook of [`run`]'s result succeeded.
pub fn all_ok(results: &[Value]) -> bool {
    results.iter().all(|r| r["ok"] == true)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_hook_sees_the_certificate_in_its_environment() {
        let dir = std::env::temp_dir().join(format!("ncpcert-deploy-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let names = vec!["www.example.com".to_owned(), "example.com".to_owned()];
        let key = dir.join("key.pem");
        let deployed = Deployed {
            certificate_no: 42,
            certificate_name: "web-r2",
            names: &names,
            out_dir: &dir,
            key_path: Some(&key),
        };
        let seen = dir.join("seen");
        let hooks = vec![
            format!("env | grep ^NCPCERT_ | sort > {}", seen.display()),
            String::from("exit 3"),
        ];
        let results = run(&hooks, &deployed);
        assert_eq!(results[0]["ok"], true);
        assert_eq!(results[1]["ok"], false);
        assert_eq!(results[1]["exitStatus"], 3);
        assert!(!all_ok(&results));
        let text = std::fs::read_to_string(&seen).unwrap();
        let d = dir.display();
        for line in [
            "NCPCERT_CERT_NO=42".to_owned(),
            "NCPCERT_NAME=web-r2".to_owned(),
            "NCPCERT_DOMAINS=www.example.com example.com".to_owned(),
            format!("NCPCERT_CERT_PATH={d}/cert.pem"),
            format!("NCPCERT_CHAIN_PATH={d}/chain.pem"),
            format!("NCPCERT_FULLCHAIN_PATH={d}/fullchain.pem"),
            format!("NCPCERT_KEY_PATH={d}/key.pem"),
        ] {
            assert!(text.lines().any(|l| l == line), "{line} in {text}");
        }
        std::fs::remove_dir_all(&dir).unwrap();
    }
}

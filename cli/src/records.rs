//! What `ncpcert issue` made, kept in the state directory for `ncpcert renew`: one JSON file
//! per certificate, `DIR/certificates/NAME.json`, written atomically (a temporary file, then a
//! rename). NAME is the name the certificate was first issued under; a renewal updates the
//! same file, so `renew --name` keeps working after the certificate's name changed.
//!
//! A record holds no secret: it names the key file, never its content, and of the connection
//! only the site or endpoints — the keys are looked up at each run as for any command.

use crate::failure::Failure;
use ncpcert::ErrorCode;
use serde::{Deserialize, Serialize};
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The directory of the records, inside the state directory.
pub const DIR: &str = "certificates";
/// The version of the record format this ncpcert writes.
pub const VERSION: u32 = 1;

/// How the DNS records of a certificate are published.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "provider", rename_all = "lowercase")]
pub enum Dns {
    /// NCP Global DNS, with the account's keys (`--dns ncloud`).
    Ncloud,
    /// `--dns-hook CMD`.
    Hook { command: String },
    /// Printed for a person to publish (`issue --csr … --wait`): renewing needs that person.
    Manual,
}

/// What `issue` made, and how, for `renew`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Record {
    pub version: u32,
    /// The name the certificate was first issued under: the record's file name.
    pub lineage: String,
    /// The certificate's name and number now (after a renewal, the new certificate's).
    pub certificate_name: String,
    pub certificate_no: u64,
    /// The common name, then every name of the certificate.
    pub common_name: String,
    pub names: Vec<String>,
    /// `DV` or `OV`.
    pub certificate_type: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organization_no: Option<i64>,
    /// `D`, `PD` or `E`.
    pub validation_method: String,
    pub dns: Dns,
    /// The directory of cert.pem, chain.pem, fullchain.pem and root.pem (absolute).
    pub out_dir: PathBuf,
    /// The private key's file (absolute); none when the certificate was ordered from a CSR.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_path: Option<PathBuf>,
    /// The algorithm of a key ncpcert made (`rsa2048`, `p256`, …), for the next key.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub key_algorithm: Option<String>,
    /// Commands run after the files are written (`--deploy-hook`).
    #[serde(default)]
    pub deploy_hooks: Vec<String>,
    /// The connection: `public`, `gov` or `fin`, or an endpoint URL instead.
    pub site: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub endpoint: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dns_endpoint: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dns_resolver: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub dcv_value_field: Option<String>,
    /// When the record was written (RFC 3339, UTC).
    pub updated: String,
    /// The certificates this one replaced, oldest first.
    #[serde(default)]
    pub previous: Vec<Previous>,
    /// Fields of a newer ncpcert, kept when the record is rewritten.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// A certificate a renewal replaced.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Previous {
    pub certificate_name: String,
    pub certificate_no: u64,
    /// When it was replaced (RFC 3339, UTC).
    pub replaced: String,
}

/// A record file that could not be read: its path and why (the others are still renewed).
#[derive(Debug)]
pub struct Unreadable {
    pub path: PathBuf,
    pub reason: String,
}

/// The records of the state directory `state`.
pub struct Records {
    dir: PathBuf,
}

impl Records {
    pub fn in_state_dir(state: &Path) -> Self {
        Records {
            dir: state.join(DIR),
        }
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The file of `lineage`; `None` for a name that cannot be a file name (NCP's names never
    /// are such: letters, digits and hyphens).
    pub fn path(&self, lineage: &str) -> Option<PathBuf> {
        let safe = !lineage.is_empty()
            && !lineage.starts_with('.')
            && lineage
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'));
        safe.then(|| self.dir.join(format!("{lineage}.json")))
    }

    /// Every record, by file name; files that do not read as records are returned apart.
    pub fn all(&self) -> Result<(Vec<Record>, Vec<Unreadable>), Failure> {
        let entries = match fs::read_dir(&self.dir) {
            Ok(entries) => entries,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Default::default()),
            Err(e) => {
                return Err(Failure::new(
                    ErrorCode::JournalFailed,
                    format!("cannot read {}: {e}", self.dir.display()),
                ))
            }
        };
        let mut paths: Vec<PathBuf> = entries
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| {
                p.extension().is_some_and(|x| x == "json")
                    && !p
                        .file_name()
                        .is_some_and(|n| n.to_string_lossy().starts_with('.'))
            })
            .collect();
        paths.sort();
        let mut records = Vec::new();
        let mut unreadable = Vec::new();
        for path in paths {
            match read(&path) {
                Ok(record) => records.push(record),
                Err(reason) => unreadable.push(Unreadable { path, reason }),
            }
        }
        Ok((records, unreadable))
    }

    /// Writes `record` to its file atomically (mode 0600, in a 0700 directory), replacing the
    /// one before.
    pub fn save(&self, record: &Record) -> Result<PathBuf, Failure> {
        let path = self.path(&record.lineage).ok_or_else(|| {
            Failure::new(
                ErrorCode::OutputFailed,
                format!(
                    "{:?} cannot be a file name in {}",
                    record.lineage,
                    self.dir.display()
                ),
            )
        })?;
        let text = serde_json::to_string_pretty(record).unwrap_or_default();
        write_atomically(&self.dir, &path, text.as_bytes()).map_err(|e| {
            Failure::new(
                ErrorCode::OutputFailed,
                format!("cannot write {}: {e}", path.display()),
            )
            .with(
                "hint",
                "`ncpcert renew` renews only the certificates recorded there: give another \
                 --state-dir, or free space.",
            )
        })?;
        Ok(path)
    }
}

fn read(path: &Path) -> Result<Record, String> {
    let text = fs::read_to_string(path).map_err(|e| e.to_string())?;
    let record: Record = serde_json::from_str(&text).map_err(|e| e.to_string())?;
    if record.version > VERSION {
        return Err(format!(
            "written by a newer ncpcert (record version {}); this one reads version {VERSION}",
            record.version
        ));
    }
    Ok(record)
}

fn write_atomically(dir: &Path, path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if !dir.is_dir() {
        let mut builder = fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::DirBuilderExt;
            builder.mode(0o700);
        }
        builder.create(dir)?;
    }
    let mut temporary = tempfile::Builder::new()
        .prefix(".ncpcert-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    temporary.write_all(bytes)?;
    temporary.write_all(b"\n")?;
    temporary.as_file().sync_all()?;
    temporary.persist(path)?;
    Ok(())
}

/// `path` made absolute (against the working directory), so that `renew` run from elsewhere
/// (a timer, cron) finds the same files.
pub fn absolute(path: &Path) -> PathBuf {
    fs::canonicalize(path)
        .or_else(|_| std::path::absolute(path))
        .unwrap_or_else(|_| path.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    pub fn sample() -> Record {
        Record {
            version: VERSION,
            lineage: "web-cert".into(),
            certificate_name: "web-cert".into(),
            certificate_no: 7,
            common_name: "www.example.com".into(),
            names: vec!["www.example.com".into(), "example.com".into()],
            certificate_type: "DV".into(),
            organization_no: None,
            validation_method: "D".into(),
            dns: Dns::Hook {
                command: "./hook --zone x".into(),
            },
            out_dir: "/srv/certs".into(),
            key_path: Some("/srv/certs/key.pem".into()),
            key_algorithm: Some("p256".into()),
            deploy_hooks: vec!["systemctl reload nginx".into()],
            site: "public".into(),
            endpoint: None,
            dns_endpoint: Some("http://127.0.0.1:1".into()),
            dns_resolver: None,
            dcv_value_field: None,
            updated: "2026-01-01T00:00:00Z".into(),
            previous: vec![],
            extra: Default::default(),
        }
    }

    #[test]
    fn a_record_is_written_atomically_and_read_back() {
        let root = std::env::temp_dir().join(format!("ncpcert-records-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        let records = Records::in_state_dir(&root);
        assert!(records.all().unwrap().0.is_empty());
        let mut record = sample();
        let path = records.save(&record).unwrap();
        assert_eq!(path, root.join("certificates/web-cert.json"));
        let text = fs::read_to_string(&path).unwrap();
        let json: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            json["dns"],
            serde_json::json!({"provider": "hook", "command": "./hook --zone x"})
        );
        assert_eq!(json["keyPath"], "/srv/certs/key.pem");
        assert_eq!(json["certificateNo"], 7);
        // Replaced in place, the same file; a stray file is reported, not fatal.
        record.certificate_no = 8;
        record.certificate_name = "web-cert-r2".into();
        records.save(&record).unwrap();
        fs::write(root.join("certificates/broken.json"), "{").unwrap();
        let (all, unreadable) = records.all().unwrap();
        assert_eq!(all, vec![record]);
        assert_eq!(unreadable.len(), 1);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&root.join("certificates")), 0o700);
            assert_eq!(mode(&path), 0o600);
        }
        let leftovers = fs::read_dir(root.join("certificates"))
            .unwrap()
            .filter(|e| {
                e.as_ref()
                    .unwrap()
                    .file_name()
                    .to_string_lossy()
                    .starts_with('.')
            })
            .count();
        assert_eq!(leftovers, 0);
        fs::remove_dir_all(&root).unwrap();
    }

    #[test]
    fn names_that_cannot_be_file_names_are_refused() {
        let records = Records::in_state_dir(Path::new("/state"));
        assert!(records.path("../etc/passwd").is_none());
        assert!(records.path(".hidden").is_none());
        assert!(records.path("").is_none());
        assert_eq!(
            records.path("web-cert").unwrap(),
            Path::new("/state/certificates/web-cert.json")
        );
    }

    #[test]
    fn unknown_fields_survive_and_newer_versions_are_not_misread() {
        let mut json = serde_json::to_value(sample()).unwrap();
        json["fromTheFuture"] = serde_json::json!(1);
        let record: Record = serde_json::from_value(json.clone()).unwrap();
        assert_eq!(serde_json::to_value(&record).unwrap()["fromTheFuture"], 1);
        let dir = std::env::temp_dir().join(format!("ncpcert-records-v-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        json["version"] = serde_json::json!(VERSION + 1);
        fs::write(dir.join("x.json"), json.to_string()).unwrap();
        assert!(read(&dir.join("x.json")).unwrap_err().contains("newer"));
        fs::remove_dir_all(&dir).unwrap();
    }
}

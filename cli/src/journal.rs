//! The journal of paid requests in the state directory: `DIR/journal.jsonl`, one
//! entry per line in the core's format ([`ncpcert::order::JournalEntry`]), appended and never
//! rewritten. The directory is created 0700 and the file 0600: it holds no secret, but it is
//! the record of what was bought. Each entry is synced to disk before the request it announces
//! is sent.

use crate::failure::Failure;
use ncpcert::order::JOURNAL_FILE;
use ncpcert::ErrorCode;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

pub struct Journal {
    path: PathBuf,
}

impl Journal {
    pub fn in_dir(dir: &Path) -> Self {
        Journal {
            path: dir.join(JOURNAL_FILE),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The whole journal; empty when there is none yet.
    pub fn read(&self) -> Result<String, Failure> {
        match fs::read(&self.path) {
            Ok(bytes) => Ok(String::from_utf8_lossy(&bytes).into_owned()),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(String::new()),
            Err(e) => Err(Failure::new(
                ErrorCode::JournalFailed,
                format!("cannot read the journal {}: {e}", self.path.display()),
            )
            .hint("Give another --state-dir, or fix the file's permissions.")),
        }
    }

    /// Appends one line and syncs it to disk.
    pub fn append(&self, line: &str) -> Result<(), Failure> {
        self.append_inner(line).map_err(|e| {
            Failure::new(
                ErrorCode::JournalFailed,
                format!("cannot write the journal {}: {e}", self.path.display()),
            )
            .hint(
                "Nothing was sent: a paid request is sent only once its journal entry is \
                 written. Give another --state-dir, or free space.",
            )
        })
    }

    fn append_inner(&self, line: &str) -> std::io::Result<()> {
        if let Some(dir) = self.path.parent() {
            create_private_dir(dir)?;
        }
        let mut options = fs::OpenOptions::new();
        options.create(true).append(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        let mut file = options.open(&self.path)?;
        // One write per line: a crash leaves at most a torn last line, which readers skip.
        file.write_all(format!("{line}\n").as_bytes())?;
        file.sync_data()
    }
}

fn create_private_dir(dir: &Path) -> std::io::Result<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(dir)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_appended_in_a_private_directory() {
        let root = std::env::temp_dir().join(format!("ncpcert-journal-{}", std::process::id()));
        let _ = fs::remove_dir_all(&root);
        let journal = Journal::in_dir(&root.join("state"));
        assert_eq!(journal.read().unwrap(), "");
        journal.append("{\"a\":1}").unwrap();
        journal.append("{\"b\":2}").unwrap();
        assert_eq!(journal.read().unwrap(), "{\"a\":1}\n{\"b\":2}\n");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&root.join("state")), 0o700);
            assert_eq!(mode(journal.path()), 0o600);
        }
        fs::remove_dir_all(&root).unwrap();
    }
}

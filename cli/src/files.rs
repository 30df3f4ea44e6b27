//! Writing the certificate files of `ncpcert chain` and `ncpcert issue` (SPEC §12): each file
//! atomically (a temporary file in the same directory, then a link or rename), and never over
//! an existing file without `--force`.

use crate::Failure;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The file names written, in order (the core's `CertificateChain::files`).
pub const FILE_NAMES: [&str; 4] = ["cert.pem", "chain.pem", "fullchain.pem", "root.pem"];

/// Checks, before anything is ordered or fetched, that the files can be written into `dir`:
/// the directory exists or can be created, and none of the files exists unless `force`.
pub fn check_out_dir(dir: &Path, force: bool) -> Result<(), Failure> {
    fs::create_dir_all(dir).map_err(|e| {
        Failure::input(format!(
            "cannot create the directory {}: {e}",
            dir.display()
        ))
    })?;
    if !dir.is_dir() {
        return Err(Failure::input(format!(
            "{} is not a directory",
            dir.display()
        )));
    }
    if !force {
        let existing: Vec<String> = FILE_NAMES
            .iter()
            .map(|name| dir.join(name))
            .filter(|path| path.exists())
            .map(|path| path.display().to_string())
            .collect();
        if !existing.is_empty() {
            return Err(Failure::input(format!(
                "{} already exist{}; choose another --out directory, or add --force to \
                 replace {}",
                existing.join(", "),
                if existing.len() == 1 { "s" } else { "" },
                if existing.len() == 1 { "it" } else { "them" },
            )));
        }
    }
    Ok(())
}

/// Writes `files` into `dir`; returns the paths written. Without `force`, a file that exists
/// (even one created since [`check_out_dir`]) is left as it is and the write fails.
pub fn write(dir: &Path, files: &[(&str, String)], force: bool) -> Result<Vec<PathBuf>, Failure> {
    check_out_dir(dir, force)?;
    let mut written = Vec::new();
    for (name, text) in files {
        let path = dir.join(name);
        write_one(dir, &path, text.as_bytes(), force).map_err(|e| {
            Failure::input(format!(
                "cannot write {}: {e}{}",
                path.display(),
                if written.is_empty() {
                    String::new()
                } else {
                    format!(" (already written: {})", shown(&written))
                }
            ))
        })?;
        written.push(path);
    }
    Ok(written)
}

fn write_one(dir: &Path, path: &Path, bytes: &[u8], force: bool) -> std::io::Result<()> {
    let name = path.file_name().and_then(|n| n.to_str()).unwrap_or("file");
    let temporary = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let result = (|| {
        let mut file = fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&temporary)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        if force {
            fs::rename(&temporary, path)
        } else {
            // A hard link fails when `path` exists: no file is ever replaced unasked.
            fs::hard_link(&temporary, path)
        }
    })();
    // After a rename the temporary name is gone already; after a link (or a failure) it goes.
    let _ = fs::remove_file(&temporary);
    result
}

pub fn shown(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

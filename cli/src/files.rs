//! Writing the certificate files of `ncpcert chain` and `ncpcert issue`: each file atomically
//! (a temporary file in the same directory, then renamed into place), and never over an
//! existing file without `--force`.

use crate::failure::Failure;
use ncpcert::ErrorCode;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The file names written, in order (the core's `CertificateChain::files`).
pub fn file_names() -> impl Iterator<Item = &'static str> {
    ncpcert::CHAIN_FILES.iter().map(|(name, _)| *name)
}

/// Checks, before anything is ordered or fetched, that the files can be written into `dir`:
/// the directory exists or can be created, and none of the files exists unless `force`.
pub fn check_out_dir(dir: &Path, force: bool) -> Result<(), Failure> {
    fs::create_dir_all(dir).map_err(|e| {
        Failure::argument(format!(
            "cannot create the directory {}: {e}",
            dir.display()
        ))
    })?;
    if !dir.is_dir() {
        return Err(Failure::argument(format!(
            "{} is not a directory",
            dir.display()
        )));
    }
    if !force {
        let existing: Vec<String> = file_names()
            .map(|name| dir.join(name))
            .filter(|path| path.exists())
            .map(|path| path.display().to_string())
            .collect();
        if !existing.is_empty() {
            return Err(Failure::new(
                ErrorCode::OutputExists,
                format!(
                    "{} already exist{}; choose another --out directory, or add --force to \
                     replace {}",
                    existing.join(", "),
                    if existing.len() == 1 { "s" } else { "" },
                    if existing.len() == 1 { "it" } else { "them" },
                ),
            ));
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
            Failure::new(
                ErrorCode::OutputFailed,
                format!(
                    "cannot write {}: {e}{}",
                    path.display(),
                    if written.is_empty() {
                        String::new()
                    } else {
                        format!(" (already written: {})", shown(&written))
                    }
                ),
            )
        })?;
        written.push(path);
    }
    Ok(written)
}

fn write_one(dir: &Path, path: &Path, bytes: &[u8], force: bool) -> std::io::Result<()> {
    let mut builder = tempfile::Builder::new();
    // Certificates are public: the files get the mode any new file gets here (0666 less the
    // umask), not the 0600 of a temporary file.
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        builder.permissions(fs::Permissions::from_mode(0o666));
    }
    // Dropped unpersisted (a failed write, a refused persist), the temporary file is removed.
    let mut temporary = builder
        .prefix(".ncpcert-")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    temporary.write_all(bytes)?;
    temporary.as_file().sync_all()?;
    if force {
        temporary.persist(path)?;
    } else {
        // Fails when `path` exists (created since the check, too): no file is ever replaced
        // unasked.
        temporary.persist_noclobber(path)?;
    }
    Ok(())
}

/// Refuses `path` when it exists (`output.exists`, exit 2): a key or CSR file is never
/// replaced.
pub fn check_new_file(path: &Path) -> Result<(), Failure> {
    if path.symlink_metadata().is_ok() {
        return Err(Failure::new(
            ErrorCode::OutputExists,
            format!(
                "{} already exists; ncpcert never replaces it: choose another file, or move \
                 that one away first",
                path.display()
            ),
        ));
    }
    Ok(())
}

/// Writes a private key to the new file `path`, mode 0600 from the start, atomically;
/// refused when `path` exists (even one created since [`check_new_file`]).
pub fn write_private(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    write_new_file(path, bytes, 0o600)
}

/// Writes a public file (a CSR) to the new file `path` atomically, with the mode any new
/// file gets here; refused when `path` exists.
pub fn write_new(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    write_new_file(path, bytes, 0o666)
}

fn write_new_file(path: &Path, bytes: &[u8], mode: u32) -> Result<(), Failure> {
    check_new_file(path)?;
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let written = (|| -> std::io::Result<()> {
        let mut builder = tempfile::Builder::new();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(fs::Permissions::from_mode(mode));
        }
        #[cfg(not(unix))]
        let _ = mode;
        let mut temporary = builder
            .prefix(".ncpcert-")
            .suffix(".tmp")
            .tempfile_in(dir)?;
        temporary.write_all(bytes)?;
        temporary.as_file().sync_all()?;
        temporary.persist_noclobber(path)?;
        Ok(())
    })();
    written.map_err(|e| {
        if path.symlink_metadata().is_ok() && e.kind() == std::io::ErrorKind::AlreadyExists {
            return check_new_file(path).unwrap_err();
        }
        Failure::new(
            ErrorCode::OutputFailed,
            format!("cannot write {}: {e}", path.display()),
        )
    })
}

pub fn shown(paths: &[PathBuf]) -> String {
    paths
        .iter()
        .map(|p| p.display().to_string())
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scratch(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("ncpcert-files-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        dir
    }

    #[test]
    fn writes_creates_the_directory_and_never_replaces_unasked() {
        let dir = scratch("write");
        let files = [
            ("cert.pem", String::from("A\n")),
            ("chain.pem", String::from("B\n")),
        ];
        let written = write(&dir, &files, false).unwrap();
        assert_eq!(written, [dir.join("cert.pem"), dir.join("chain.pem")]);
        assert_eq!(fs::read_to_string(dir.join("chain.pem")).unwrap(), "B\n");
        // A second time: refused before anything is touched.
        let again = [("cert.pem", String::from("C\n"))];
        assert_eq!(write(&dir, &again, false).unwrap_err().status, 2);
        assert_eq!(fs::read_to_string(dir.join("cert.pem")).unwrap(), "A\n");
        // A file that appears after the check is not replaced either (the link fails).
        fs::remove_file(dir.join("cert.pem")).unwrap();
        fs::write(dir.join("root.pem"), "mine\n").unwrap();
        assert!(write_one(&dir, &dir.join("root.pem"), b"theirs\n", false).is_err());
        assert_eq!(fs::read_to_string(dir.join("root.pem")).unwrap(), "mine\n");
        // With force, replaced.
        write(&dir, &again, true).unwrap();
        assert_eq!(fs::read_to_string(dir.join("cert.pem")).unwrap(), "C\n");
        // The files have the mode of any file created here, not a temporary file's 0600.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
            let plain = dir.join("plain");
            fs::write(&plain, "x").unwrap();
            assert_eq!(mode(&dir.join("cert.pem")), mode(&plain));
            assert_eq!(mode(&dir.join("chain.pem")), mode(&plain));
            fs::remove_file(&plain).unwrap();
        }
        let leftovers: Vec<_> = fs::read_dir(&dir)
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
            .collect();
        assert!(leftovers.is_empty(), "temporary files left");
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn a_file_in_place_of_the_directory_is_an_input_error() {
        let path = scratch("notdir");
        fs::write(&path, "x").unwrap();
        assert_eq!(check_out_dir(&path, false).unwrap_err().status, 2);
        fs::remove_file(&path).unwrap();
    }
}

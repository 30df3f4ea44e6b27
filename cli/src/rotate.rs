//! Putting a renewed certificate in place of the old one: the old set — cert.pem, chain.pem,
//! fullchain.pem, root.pem and the key — copied into `DIR/previous/` first, then each new file
//! written over its old one atomically (a temporary file renamed into place), so a server
//! reading the files sees the old one or the new one, never half of either.
//!
//! A new key is written beside the old one first (`KEY.next`, mode 0600) before anything is
//! sent, so that a renewal interrupted after NCP issued the certificate can be resumed with
//! the key the certificate holds.

use crate::failure::Failure;
use crate::files;
use ncpcert::ErrorCode;
use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The directory of the set a renewal replaced, inside the out directory.
pub const PREVIOUS: &str = "previous";

/// Where a renewal's new key waits until the certificate for it is issued.
pub fn staged_key(key_path: &Path) -> PathBuf {
    let mut name = key_path.file_name().unwrap_or_default().to_os_string();
    name.push(".next");
    key_path.with_file_name(name)
}

/// Writes the new key to its staging file (0600, atomically, replacing a stale one).
pub fn stage_key(key_path: &Path, pem: &str) -> Result<PathBuf, Failure> {
    let staged = staged_key(key_path);
    let dir = parent(&staged);
    replace(dir, &staged, pem.as_bytes(), 0o600).map_err(|e| {
        Failure::new(
            ErrorCode::OutputFailed,
            format!("cannot write the new key {}: {e}", staged.display()),
        )
        .with(
            "hint",
            "Nothing was sent. Free space, or fix the directory's permissions.",
        )
    })?;
    Ok(staged)
}

/// Copies the old set into `out/previous/` (the key under its own file name); returns the
/// copies. Files of the set that do not exist are skipped.
pub fn keep_previous(out: &Path, key_path: Option<&Path>) -> Result<Vec<PathBuf>, Failure> {
    let previous = out.join(PREVIOUS);
    let fail = |path: &Path, e: std::io::Error| {
        Failure::new(
            ErrorCode::OutputFailed,
            format!(
                "cannot keep {} in {}: {e}",
                path.display(),
                previous.display()
            ),
        )
    };
    fs::create_dir_all(&previous).map_err(|e| fail(&previous, e))?;
    let mut sources: Vec<(PathBuf, u32)> = files::file_names()
        .map(|name| (out.join(name), 0o666))
        .collect();
    if let Some(key) = key_path {
        sources.push((key.to_path_buf(), 0o600));
    }
    let mut kept = Vec::new();
    for (source, mode) in sources {
        let bytes = match fs::read(&source) {
            Ok(bytes) => zeroize::Zeroizing::new(bytes),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(fail(&source, e)),
        };
        let target = previous.join(source.file_name().unwrap_or_default());
        replace(&previous, &target, &bytes, mode).map_err(|e| fail(&source, e))?;
        kept.push(target);
    }
    Ok(kept)
}

/// Writes the new certificate files over the old ones, then moves the staged key (if any)
/// over the key file.
pub fn install(
    out: &Path,
    pems: &[(&str, String)],
    key: Option<(&Path, &Path)>,
) -> Result<Vec<PathBuf>, Failure> {
    let mut written = Vec::new();
    if let Some((staged, key_path)) = key {
        fs::rename(staged, key_path).map_err(|e| {
            Failure::new(
                ErrorCode::OutputFailed,
                format!(
                    "cannot move the new key {} to {}: {e}",
                    staged.display(),
                    key_path.display()
                ),
            )
        })?;
        written.push(key_path.to_path_buf());
    }
    written.extend(files::write(out, pems, true)?);
    Ok(written)
}

fn parent(path: &Path) -> &Path {
    match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    }
}

/// `bytes` to `path` by a temporary file in `dir` renamed over it, with `mode`.
fn replace(dir: &Path, path: &Path, bytes: &[u8], mode: u32) -> std::io::Result<()> {
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
    temporary.persist(path)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_old_set_is_kept_and_the_new_one_replaces_it() {
        let dir = std::env::temp_dir().join(format!("ncpcert-rotate-{}", std::process::id()));
        let _ = fs::remove_dir_all(&dir);
        fs::create_dir_all(&dir).unwrap();
        for name in ["cert.pem", "chain.pem", "fullchain.pem", "root.pem"] {
            fs::write(dir.join(name), format!("old {name}")).unwrap();
        }
        let key = dir.join("key.pem");
        fs::write(&key, "old key").unwrap();
        let staged = stage_key(&key, "new key").unwrap();
        assert_eq!(staged, dir.join("key.pem.next"));
        assert_eq!(fs::read_to_string(&key).unwrap(), "old key");
        let kept = keep_previous(&dir, Some(&key)).unwrap();
        assert_eq!(kept.len(), 5);
        let pems: Vec<(&str, String)> = ["cert.pem", "chain.pem", "fullchain.pem", "root.pem"]
            .iter()
            .map(|n| (*n, format!("new {n}")))
            .collect();
        install(&dir, &pems, Some((&staged, &key))).unwrap();
        assert_eq!(fs::read_to_string(&key).unwrap(), "new key");
        assert_eq!(
            fs::read_to_string(dir.join("previous/key.pem")).unwrap(),
            "old key"
        );
        for name in ["cert.pem", "chain.pem", "fullchain.pem", "root.pem"] {
            assert_eq!(
                fs::read_to_string(dir.join(name)).unwrap(),
                format!("new {name}")
            );
            assert_eq!(
                fs::read_to_string(dir.join("previous").join(name)).unwrap(),
                format!("old {name}")
            );
        }
        assert!(!staged.exists());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = |p: &Path| fs::metadata(p).unwrap().permissions().mode() & 0o777;
            assert_eq!(mode(&key), 0o600);
            assert_eq!(mode(&dir.join("previous/key.pem")), 0o600);
        }
        fs::remove_dir_all(&dir).unwrap();
    }
}

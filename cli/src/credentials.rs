//! Where the keys come from: `NCP_ACCESS_KEY` / `NCP_SECRET_KEY`, or NCP's own CLI
//! credentials file `~/.ncloud/configure` (`ncloud_access_key_id`,
//! `ncloud_secret_access_key`). Never from a command-line flag: it would land in shell history.
//!
//! The rule (which comes first, how the file reads, what the errors say) is the core's
//! [`ncpcert::credentials::find_keys`], shared with the Python and npm packages; this module
//! only reads the two variables and the file.

use ncpcert::credentials::{self, ConfigureFile};
use ncpcert::Signer;
use std::path::{Path, PathBuf};

/// The default credentials file of NCP's CLI.
pub fn default_configure_file() -> Option<PathBuf> {
    std::env::var_os("HOME")
        .filter(|home| !home.is_empty())
        .map(|home| PathBuf::from(home).join(credentials::CONFIGURE_FILE))
}

/// Reads the keys; the error says where they were looked for.
pub fn load(configure_file: Option<&Path>) -> Result<Signer, String> {
    let access = std::env::var(credentials::ACCESS_KEY_ENV).ok();
    let secret = std::env::var(credentials::SECRET_KEY_ENV).ok();
    let path = configure_file
        .map(Path::to_path_buf)
        .or_else(default_configure_file);
    let shown = path.as_ref().map(|p| p.display().to_string());
    let read = path
        .as_ref()
        .map(|p| std::fs::read_to_string(p).map_err(|e| e.to_string()));
    let configure = match (&shown, &read) {
        (Some(path), Some(Ok(text))) => ConfigureFile::Read { path, text },
        (Some(path), Some(Err(reason))) => ConfigureFile::Unreadable { path, reason },
        _ => ConfigureFile::Unknown,
    };
    credentials::find_keys(access.as_deref(), secret.as_deref(), configure)
        .map(|found| found.credentials().signer())
        .map_err(|e| e.message().to_string())
}

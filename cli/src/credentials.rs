//! Where the keys come from: `NCP_ACCESS_KEY` / `NCP_SECRET_KEY`, or NCP's own CLI
//! credentials file `~/.ncloud/configure` (`ncloud_access_key_id`,
//! `ncloud_secret_access_key`). Never from a command-line flag: it would land in shell history.

use ncpcert::{Credentials, Signer};
use std::path::{Path, PathBuf};

/// The default credentials file of NCP's CLI.
pub fn default_configure_file() -> Option<PathBuf> {
    std::env::var_os("HOME").map(|home| PathBuf::from(home).join(".ncloud").join("configure"))
}

/// Reads the keys; the error says where they were looked for.
pub fn load(configure_file: Option<&Path>) -> Result<Signer, String> {
    let env = |name: &str| std::env::var(name).ok().filter(|v| !v.is_empty());
    let (access, secret, source) = match (env("NCP_ACCESS_KEY"), env("NCP_SECRET_KEY")) {
        (Some(a), Some(s)) => (a, s, "NCP_ACCESS_KEY/NCP_SECRET_KEY".to_string()),
        (Some(_), None) | (None, Some(_)) => {
            return Err("set both NCP_ACCESS_KEY and NCP_SECRET_KEY (only one is set)".into())
        }
        (None, None) => {
            let path = configure_file
                .map(Path::to_path_buf)
                .or_else(default_configure_file)
                .ok_or("no keys: set NCP_ACCESS_KEY and NCP_SECRET_KEY")?;
            let text = std::fs::read_to_string(&path).map_err(|e| {
                format!(
                    "no keys: set NCP_ACCESS_KEY and NCP_SECRET_KEY, or write them to {} \
                     (ncloud_access_key_id / ncloud_secret_access_key): {e}",
                    path.display()
                )
            })?;
            let (a, s) = parse_configure(&text).ok_or_else(|| {
                format!(
                    "{} has no ncloud_access_key_id and ncloud_secret_access_key",
                    path.display()
                )
            })?;
            (a, s, path.display().to_string())
        }
    };
    let credentials = Credentials::new(access, secret)
        .map_err(|e| format!("the keys from {source} cannot be used: {e}"))?;
    Ok(credentials.signer())
}

/// `key = value` lines of the first profile that has both keys (`[DEFAULT]` comes first in
/// files written by `ncloud configure`).
fn parse_configure(text: &str) -> Option<(String, String)> {
    let (mut access, mut secret) = (None, None);
    for line in text.lines() {
        let line = line.trim();
        if line.starts_with('[') && access.is_some() && secret.is_some() {
            break;
        }
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        let value = value.trim().to_string();
        match key.trim() {
            "ncloud_access_key_id" => access = Some(value),
            "ncloud_secret_access_key" => secret = Some(value),
            _ => {}
        }
    }
    access.zip(secret)
}

#[cfg(test)]
mod tests {
    use super::parse_configure;

    #[test]
    fn reads_ncloud_configure() {
        let text = "[DEFAULT]\nncloud_access_key_id = AK1\nncloud_secret_access_key = SK1\nncloud_api_url = https://x\n\n[other]\nncloud_access_key_id = AK2\n";
        assert_eq!(parse_configure(text), Some(("AK1".into(), "SK1".into())));
        assert_eq!(parse_configure("ncloud_access_key_id=AK"), None);
    }
}

//! Where a host finds the keys, as pure functions: the environment variables
//! `NCP_ACCESS_KEY` / `NCP_SECRET_KEY` first, else NCP's own CLI credentials file
//! `~/.ncloud/configure` (`ncloud_access_key_id`, `ncloud_secret_access_key`).
//!
//! The core reads neither the environment nor the file: a host (the CLI, the Python package,
//! the npm package in Node) reads the two variables and the file's text and hands them to
//! [`find_keys`], which applies the one rule every host shares and says, on failure, where
//! the keys were looked for. A key never appears in a message or in `Debug`.

use crate::{Credentials, SigningError};
use std::fmt;
use zeroize::Zeroizing;

/// The environment variable holding the access key.
pub const ACCESS_KEY_ENV: &str = "NCP_ACCESS_KEY";
/// The environment variable holding the secret key.
pub const SECRET_KEY_ENV: &str = "NCP_SECRET_KEY";
/// The access key's name in `~/.ncloud/configure`.
pub const CONFIGURE_ACCESS_KEY: &str = "ncloud_access_key_id";
/// The secret key's name in `~/.ncloud/configure`.
pub const CONFIGURE_SECRET_KEY: &str = "ncloud_secret_access_key";
/// Where NCP's CLI keeps its keys, relative to the user's home directory.
pub const CONFIGURE_FILE: &str = ".ncloud/configure";

/// The access key and secret key of the first profile of a `configure` file that holds both
/// (`[DEFAULT]` comes first in files written by `ncloud configure`): `key = value` lines,
/// spaces around the key and the value ignored, other keys and comments skipped.
pub fn parse_configure(text: &str) -> Option<(String, Zeroizing<String>)> {
    profiles(text).into_iter().find_map(|(_, keys)| keys)
}

/// The access key and secret key of the profile `[profile]` of a `configure` file (the
/// section's name matched exactly, spaces inside the brackets ignored); `None` when there is
/// no such section or it lacks either key.
pub fn parse_configure_profile(text: &str, profile: &str) -> Option<(String, Zeroizing<String>)> {
    profiles(text)
        .into_iter()
        .find(|(name, _)| name == profile)
        .and_then(|(_, keys)| keys)
}

/// An access key and its secret key.
type KeyPair = (String, Zeroizing<String>);

/// Each profile of a `configure` file in order, with its keys when it holds both. Lines
/// before the first `[section]` form a profile named `""`.
fn profiles(text: &str) -> Vec<(String, Option<KeyPair>)> {
    let mut out = Vec::new();
    let mut name = String::new();
    let (mut access, mut secret): (Option<String>, Option<Zeroizing<String>>) = (None, None);
    for line in text.lines().map(str::trim) {
        if let Some(section) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            out.push((std::mem::take(&mut name), access.take().zip(secret.take())));
            name = section.trim().to_string();
            continue;
        }
        if line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        let Some((key, value)) = line.split_once('=') else {
            continue;
        };
        let value = value.trim();
        match key.trim() {
            CONFIGURE_ACCESS_KEY => access = Some(value.to_string()),
            CONFIGURE_SECRET_KEY => secret = Some(Zeroizing::new(value.to_string())),
            _ => {}
        }
    }
    out.push((name, access.zip(secret)));
    out
}

/// The environment variable naming the profile of the credentials file to use.
pub const PROFILE_ENV: &str = "NCP_PROFILE";

/// The keys of one named profile of the credentials file: what a host does when the user
/// names a profile (`--profile NAME`, `NCP_PROFILE`). The profile is asked for explicitly, so
/// `NCP_ACCESS_KEY` / `NCP_SECRET_KEY` are not consulted; the error says which profiles the
/// file has.
pub fn find_keys_in_profile(
    profile: &str,
    configure: ConfigureFile<'_>,
) -> Result<FoundKeys, CredentialsError> {
    let missing = |why: String| {
        Err(CredentialsError::new(
            "credentials.missing",
            format!("no keys for the profile {profile:?}: {why}"),
        ))
    };
    let (path, text) = match configure {
        ConfigureFile::Unknown => {
            return missing(format!(
                "there is no home directory to look for ~/{CONFIGURE_FILE} in"
            ))
        }
        ConfigureFile::Unreadable { path, reason } => {
            return missing(format!("{path} cannot be read: {reason}"))
        }
        ConfigureFile::Read { path, text } => (path, text),
    };
    let Some((access, secret)) = parse_configure_profile(text, profile) else {
        let profiles: Vec<String> = profiles(text)
            .into_iter()
            .map(|(name, _)| name)
            .filter(|name| !name.is_empty())
            .collect();
        let listed = if profiles.is_empty() {
            String::from("it has no profiles")
        } else {
            format!("its profiles are {}", profiles.join(", "))
        };
        return missing(format!(
            "{path} has no profile [{profile}] with both {CONFIGURE_ACCESS_KEY} and \
             {CONFIGURE_SECRET_KEY} ({listed}); name one of them, or unset the profile to use \
             {ACCESS_KEY_ENV}/{SECRET_KEY_ENV}"
        ));
    };
    let source = format!("{path} [{profile}]");
    check(&access, &secret, &source)?;
    Ok(FoundKeys {
        access_key: access,
        secret_key: secret,
        source,
    })
}

/// What the host found at the place of the credentials file.
#[derive(Clone, Copy)]
#[non_exhaustive]
pub enum ConfigureFile<'a> {
    /// There is no place to look (no home directory).
    Unknown,
    /// The file at `path` could not be read, for `reason` (e.g. "No such file or directory").
    Unreadable {
        /// The file's path, as the user should see it.
        path: &'a str,
        /// Why it could not be read.
        reason: &'a str,
    },
    /// The text of the file at `path`.
    Read {
        /// The file's path, as the user should see it.
        path: &'a str,
        /// Its text.
        text: &'a str,
    },
}

impl fmt::Debug for ConfigureFile<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ConfigureFile::Unknown => f.write_str("Unknown"),
            ConfigureFile::Unreadable { path, reason } => f
                .debug_struct("Unreadable")
                .field("path", path)
                .field("reason", reason)
                .finish(),
            // The text holds the secret key.
            ConfigureFile::Read { path, .. } => f
                .debug_struct("Read")
                .field("path", path)
                .field("text", &"** redacted **")
                .finish_non_exhaustive(),
        }
    }
}

/// Keys that [`find_keys`] found and checked, with where they came from. `Debug` shows only
/// the access key and the source; the secret is wiped on drop.
#[derive(Clone)]
pub struct FoundKeys {
    access_key: String,
    secret_key: Zeroizing<String>,
    source: String,
}

impl FoundKeys {
    /// The access key (not secret: it is sent in every request).
    pub fn access_key(&self) -> &str {
        &self.access_key
    }

    /// The secret key, to hand to a signer (never to show).
    pub fn secret_key(&self) -> &str {
        &self.secret_key
    }

    /// Where the keys came from: `NCP_ACCESS_KEY/NCP_SECRET_KEY` or the file's path.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The keys as [`Credentials`] (already checked).
    pub fn credentials(&self) -> Credentials {
        Credentials::new(self.access_key.clone(), self.secret_key.as_str())
            .expect("find_keys checked both keys")
    }
}

impl fmt::Debug for FoundKeys {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("FoundKeys")
            .field("access_key", &self.access_key)
            .field("secret_key", &"** redacted **")
            .field("source", &self.source)
            .finish()
    }
}

/// Why no usable keys were found. The message says where they were looked for and what to
/// do; it never holds a key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CredentialsError {
    code: &'static str,
    message: String,
}

impl CredentialsError {
    fn new(code: &'static str, message: String) -> Self {
        CredentialsError { code, message }
    }

    /// Stable machine-readable code: `credentials.missing` (no keys anywhere),
    /// `credentials.incomplete` (only one of the two variables set) or `credentials.invalid`
    /// (keys found that cannot be used).
    pub fn code(&self) -> &'static str {
        self.code
    }

    /// What is wrong, where the keys were looked for, and what to do.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for CredentialsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for CredentialsError {}

/// The one rule of every host. `access_env` and `secret_env` are the values of
/// `NCP_ACCESS_KEY` and `NCP_SECRET_KEY` (`None` when unset; an empty value counts as unset).
/// When both are set they are used; when one is, that is an error; when neither is, the keys
/// come from the first profile of the credentials file holding both. Both keys are then
/// checked as [`Credentials::new`] checks them.
pub fn find_keys(
    access_env: Option<&str>,
    secret_env: Option<&str>,
    configure: ConfigureFile<'_>,
) -> Result<FoundKeys, CredentialsError> {
    fn set(v: Option<&str>) -> Option<&str> {
        v.filter(|v| !v.is_empty())
    }
    let (access, secret, source) = match (set(access_env), set(secret_env)) {
        (Some(a), Some(s)) => (
            a.to_string(),
            Zeroizing::new(s.to_string()),
            format!("{ACCESS_KEY_ENV}/{SECRET_KEY_ENV}"),
        ),
        (Some(_), None) | (None, Some(_)) => {
            let (given, missing) = if set(access_env).is_some() {
                (ACCESS_KEY_ENV, SECRET_KEY_ENV)
            } else {
                (SECRET_KEY_ENV, ACCESS_KEY_ENV)
            };
            return Err(CredentialsError::new(
                "credentials.incomplete",
                format!(
                    "{given} is set but {missing} is not: set both (or neither, to use \
                     ~/{CONFIGURE_FILE})"
                ),
            ));
        }
        (None, None) => match configure {
            ConfigureFile::Unknown => {
                return Err(CredentialsError::new(
                    "credentials.missing",
                    format!(
                        "no keys: set {ACCESS_KEY_ENV} and {SECRET_KEY_ENV} (there is no home \
                         directory to look for ~/{CONFIGURE_FILE} in)"
                    ),
                ))
            }
            ConfigureFile::Unreadable { path, reason } => {
                return Err(CredentialsError::new(
                    "credentials.missing",
                    format!(
                        "no keys: set {ACCESS_KEY_ENV} and {SECRET_KEY_ENV}, or write them to \
                         {path} ({CONFIGURE_ACCESS_KEY} / {CONFIGURE_SECRET_KEY}): {reason}"
                    ),
                ))
            }
            ConfigureFile::Read { path, text } => {
                let (a, s) = parse_configure(text).ok_or_else(|| {
                    CredentialsError::new(
                        "credentials.missing",
                        format!(
                            "no keys: {ACCESS_KEY_ENV} and {SECRET_KEY_ENV} are not set, and \
                             {path} has no profile with both {CONFIGURE_ACCESS_KEY} and \
                             {CONFIGURE_SECRET_KEY}"
                        ),
                    )
                })?;
                (a, s, path.to_string())
            }
        },
    };
    check(&access, &secret, &source)?;
    Ok(FoundKeys {
        access_key: access,
        secret_key: secret,
        source,
    })
}

fn check(access: &str, secret: &str, source: &str) -> Result<(), CredentialsError> {
    Credentials::new(access, secret)
        .map(drop)
        .map_err(|e: SigningError| {
            CredentialsError::new(
                "credentials.invalid",
                format!("the keys from {source} cannot be used: {}", e.message()),
            )
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "[DEFAULT]\nncloud_access_key_id = AK1\nncloud_secret_access_key = SK1\n\
                        ncloud_api_url = https://ncloud.apigw.ntruss.com\n\n[other]\n\
                        ncloud_access_key_id = AK2\nncloud_secret_access_key = SK2\n";

    fn keys(found: &FoundKeys) -> (&str, &str, &str) {
        (found.access_key(), found.secret_key(), found.source())
    }

    #[test]
    fn a_named_profile_is_read_alone() {
        let read = ConfigureFile::Read {
            path: "/h/c",
            text: FILE,
        };
        let found = find_keys_in_profile("other", read).unwrap();
        assert_eq!(keys(&found), ("AK2", "SK2", "/h/c [other]"));
        let found = find_keys_in_profile("DEFAULT", read).unwrap();
        assert_eq!(keys(&found), ("AK1", "SK1", "/h/c [DEFAULT]"));
        let e = find_keys_in_profile("work", read).unwrap_err();
        assert_eq!(e.code(), "credentials.missing");
        assert!(
            e.message().contains("its profiles are DEFAULT, other"),
            "{e}"
        );
        assert!(!e.message().contains("SK"), "{e}");
        // A profile lacking one key is not completed from another.
        let half = "[a]\nncloud_access_key_id = AK\n[b]\nncloud_secret_access_key = SK\n";
        assert!(parse_configure_profile(half, "a").is_none());
        assert!(parse_configure_profile(half, "b").is_none());
        let e = find_keys_in_profile("a", ConfigureFile::Unknown).unwrap_err();
        assert_eq!(e.code(), "credentials.missing");
    }

    #[test]
    fn reads_the_first_profile_with_both_keys() {
        let (a, s) = parse_configure(FILE).unwrap();
        assert_eq!((a.as_str(), s.as_str()), ("AK1", "SK1"));
        let (a, s) = parse_configure(
            "[x]\nncloud_access_key_id=A\n[y]\nncloud_access_key_id=B\nncloud_secret_access_key=C",
        )
        .unwrap();
        assert_eq!((a.as_str(), s.as_str()), ("B", "C"));
        assert!(parse_configure("ncloud_access_key_id=AK").is_none());
        assert!(
            parse_configure("# ncloud_access_key_id=AK\nncloud_secret_access_key=SK").is_none()
        );
        assert!(parse_configure("").is_none());
    }

    #[test]
    fn the_environment_comes_first() {
        let file = ConfigureFile::Read {
            path: "/h/.ncloud/configure",
            text: FILE,
        };
        let found = find_keys(Some("EAK"), Some("ESK"), file).unwrap();
        assert_eq!(
            keys(&found),
            ("EAK", "ESK", "NCP_ACCESS_KEY/NCP_SECRET_KEY")
        );
        let found = find_keys(Some(""), Some(""), file).unwrap();
        assert_eq!(keys(&found), ("AK1", "SK1", "/h/.ncloud/configure"));
        let found = find_keys(None, None, file).unwrap();
        assert_eq!(found.credentials().access_key(), "AK1");
    }

    #[test]
    fn errors_say_where_keys_were_looked_for_and_never_show_one() {
        let e = find_keys(Some("EAK"), None, ConfigureFile::Unknown).unwrap_err();
        assert_eq!(e.code(), "credentials.incomplete");
        assert!(e.message().contains("NCP_SECRET_KEY is not"), "{e}");
        assert!(!e.message().contains("EAK"));
        let e = find_keys(None, Some("ESECRET"), ConfigureFile::Unknown).unwrap_err();
        assert!(
            e.message()
                .starts_with("NCP_SECRET_KEY is set but NCP_ACCESS_KEY"),
            "{e}"
        );
        assert!(!e.message().contains("ESECRET"));

        let e = find_keys(None, None, ConfigureFile::Unknown).unwrap_err();
        assert_eq!(e.code(), "credentials.missing");
        let unreadable = ConfigureFile::Unreadable {
            path: "/h/.ncloud/configure",
            reason: "No such file or directory",
        };
        let e = find_keys(None, None, unreadable).unwrap_err();
        assert!(e.message().contains("/h/.ncloud/configure"), "{e}");
        assert!(e.message().contains("NCP_ACCESS_KEY"), "{e}");
        let empty = ConfigureFile::Read {
            path: "/h/c",
            text: "[DEFAULT]\n",
        };
        let e = find_keys(None, None, empty).unwrap_err();
        assert!(e.message().contains("/h/c has no profile"), "{e}");

        let bad = ConfigureFile::Read {
            path: "/h/c",
            text: "ncloud_access_key_id = AK\nncloud_secret_access_key = TOP SECRET\n",
        };
        let e = find_keys(None, None, bad).unwrap_err();
        assert_eq!(e.code(), "credentials.invalid");
        assert!(
            e.message().starts_with("the keys from /h/c cannot be used"),
            "{e}"
        );
        assert!(
            !e.message().contains("TOP") && !e.message().contains("SECRET"),
            "{e}"
        );
        assert!(!format!("{bad:?}").contains("SECRET"));
        let found = find_keys(Some("AK"), Some("SECRETSK"), ConfigureFile::Unknown).unwrap();
        assert!(!format!("{found:?}").contains("SECRETSK"));
    }
}

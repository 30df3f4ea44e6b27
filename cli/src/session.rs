//! What every command that talks to NCP shares: the keys, the clock, the output mode, the
//! state directory.
//!
//! Keys come from `NCP_ACCESS_KEY` / `NCP_SECRET_KEY`, or NCP's own CLI credentials file
//! `~/.ncloud/configure`, or one profile of it (`--profile`, `NCP_PROFILE`). Never from a
//! command-line flag: it would land in shell history. The rules (which comes first, how the
//! file reads, what the errors say) are the core's [`ncpcert::credentials`]; this module only
//! reads the variables and the file.

use crate::args::{Cli, ClockArgs, SiteArgs, SiteName};
use crate::failure::Failure;
use ncpcert::credentials::{self, ConfigureFile};
use ncpcert::{ErrorCode, SignedRequest, Signer, Site};
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// The output mode and the places a command reads and writes; no keys (see [`Session`]).
pub struct Context {
    pub json: bool,
    pub verbose: bool,
    configure_file: Option<PathBuf>,
    profile: Option<String>,
    state_dir: Option<PathBuf>,
}

impl Context {
    pub fn new(cli: &Cli) -> Self {
        Context {
            json: cli.json,
            verbose: cli.verbose,
            configure_file: cli.configure_file.clone(),
            profile: cli.profile.clone().filter(|p| !p.is_empty()),
            state_dir: cli.state_dir.clone(),
        }
    }

    /// A progress line on stderr (also with `--json`, whose stdout stays one JSON document).
    pub fn note(&self, text: &str) {
        eprintln!("ncpcert: {text}");
    }

    /// The keys, by the core's rule; the error says where they were looked for.
    pub fn signer(&self) -> Result<Signer, Failure> {
        let path = self.configure_file.clone().or_else(default_configure_file);
        let shown = path.as_ref().map(|p| p.display().to_string());
        let read = path
            .as_ref()
            .map(|p| std::fs::read_to_string(p).map_err(|e| e.to_string()));
        let configure = match (&shown, &read) {
            (Some(path), Some(Ok(text))) => ConfigureFile::Read { path, text },
            (Some(path), Some(Err(reason))) => ConfigureFile::Unreadable { path, reason },
            _ => ConfigureFile::Unknown,
        };
        let found = match &self.profile {
            Some(profile) => credentials::find_keys_in_profile(profile, configure)?,
            None => credentials::find_keys(
                std::env::var(credentials::ACCESS_KEY_ENV).ok().as_deref(),
                std::env::var(credentials::SECRET_KEY_ENV).ok().as_deref(),
                configure,
            )?,
        };
        Ok(found.credentials().signer())
    }

    /// The state directory: `--state-dir`, else `$XDG_STATE_HOME/ncpcert`, else
    /// `~/.local/state/ncpcert`.
    pub fn state_dir(&self) -> Result<PathBuf, Failure> {
        if let Some(dir) = &self.state_dir {
            return Ok(dir.clone());
        }
        let nonempty = |name: &str| std::env::var_os(name).filter(|v| !v.is_empty());
        if let Some(state) = nonempty("XDG_STATE_HOME") {
            return Ok(PathBuf::from(state).join("ncpcert"));
        }
        match nonempty("HOME") {
            Some(home) => Ok(PathBuf::from(home).join(".local/state/ncpcert")),
            None => Err(Failure::new(
                ErrorCode::JournalFailed,
                "there is no home directory for the journal of paid requests: give --state-dir \
                 DIR (or set XDG_STATE_HOME)",
            )),
        }
    }
}

/// The default credentials file of NCP's CLI.
fn default_configure_file() -> Option<PathBuf> {
    std::env::var_os("HOME")
        .filter(|home| !home.is_empty())
        .map(|home| PathBuf::from(home).join(credentials::CONFIGURE_FILE))
}

/// What every call that talks to NCP needs: the context, the keys, the clock.
pub struct Session<'a> {
    pub context: &'a Context,
    pub signer: Signer,
    clock_offset_ms: i64,
}

impl<'a> Session<'a> {
    pub fn new(context: &'a Context, clock: &ClockArgs) -> Result<Self, Failure> {
        Ok(Session {
            context,
            signer: context.signer()?,
            clock_offset_ms: clock.clock_offset_ms,
        })
    }

    pub fn json(&self) -> bool {
        self.context.json
    }

    pub fn note(&self, text: &str) {
        self.context.note(text);
    }

    /// This machine's clock, shifted by `--clock-offset-ms`, in milliseconds.
    pub fn now_ms(&self) -> Result<u64, Failure> {
        now_ms(self.clock_offset_ms)
    }

    /// With `-v`: the request as it goes on the wire, on stderr.
    pub fn trace_request(&self, signed: &SignedRequest) {
        if self.context.verbose {
            let text = crate::output::http(signed).replace("\r\n", "\n");
            eprintln!("> {}", text.trim_end().replace('\n', "\n> "));
        }
    }

    /// With `-v`: the answer's status and body (NCP's answers hold no secret), on stderr.
    pub fn trace_answer(&self, status: u16, body: &[u8]) {
        if self.context.verbose {
            let text = String::from_utf8_lossy(body);
            let shown = excerpt(&text, 4000);
            eprintln!(
                "< HTTP {status}, {} bytes\n< {}",
                body.len(),
                shown.replace('\n', "\n< ")
            );
        }
    }
}

/// The clock, shifted by `offset_ms`, in milliseconds since the Unix epoch.
pub fn now_ms(offset_ms: i64) -> Result<u64, Failure> {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_err(|_| Failure::argument("this machine's clock is before 1970"))?
        .as_millis();
    let shifted = i128::try_from(now).unwrap_or(i128::MAX) + i128::from(offset_ms);
    u64::try_from(shifted)
        .map_err(|_| Failure::argument("--clock-offset-ms moves the clock before 1970"))
}

impl SiteArgs {
    pub fn site(&self) -> Result<Site, Failure> {
        match &self.endpoint {
            Some(url) => Ok(Site::custom(url)?),
            None => Ok(match self.site {
                SiteName::Public => Site::Public,
                SiteName::Gov => Site::Gov,
                SiteName::Fin => Site::Fin,
            }),
        }
    }
}

/// A file's bytes, or an input error naming it.
pub fn read_file(path: &Path) -> Result<Vec<u8>, Failure> {
    std::fs::read(path)
        .map_err(|e| Failure::argument(format!("cannot read {}: {e}", path.display())))
}

/// At most `limit` characters of `text`, with `…` when cut.
fn excerpt(text: &str, limit: usize) -> String {
    match text.char_indices().nth(limit) {
        Some((cut, _)) => format!("{}…", &text[..cut]),
        None => text.to_owned(),
    }
}

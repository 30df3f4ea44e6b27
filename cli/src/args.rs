//! The command line: every subcommand, its options and its help.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

const EXAMPLES: &str = "\
Examples:
  export NCP_ACCESS_KEY=… NCP_SECRET_KEY=…      (or ~/.ncloud/configure, --profile NAME)
  ncpcert inspect csr.pem
  ncpcert prepare --csr csr.pem --type dv --name www-example --common-name www.example.com \\
      --dns-name www.example.com --dns-name example.com --validation D --format curl
  ncpcert request --csr csr.pem --type ov --organization-no 1234 --name www-example \\
      --common-name www.example.com --validation PD
  ncpcert issue --csr csr.pem --type dv --name www-example --common-name www.example.com \\
      --validation D --out certs/ --wait   (order, print the DNS records, wait, write the files)
  ncpcert status 1234                (or: ncpcert status --name www-example)
  ncpcert dcv 1234                   (the DNS records to publish for certificate 1234)
  ncpcert chain 1234 --out certs/    (cert.pem, chain.pem, fullchain.pem, root.pem)
  ncpcert orgs                       (organisation numbers for OV)
  ncpcert journal                    (every paid request sent from this machine)
  ncpcert completions bash > /etc/bash_completion.d/ncpcert

`request` and `issue` never order a certificate twice: they send again only what NCP certainly
did not act on; when it may have (a timeout, a lost answer, a 5xx), they look the certificate
name up first, and take a certificate found by name as theirs only when its names, type and
(once issued) key are the request's. Each paid request is written to a journal first
(--state-dir); run the same command again to resume an interrupted one.

Keys are read from NCP_ACCESS_KEY / NCP_SECRET_KEY, or from NCP's credentials file
~/.ncloud/configure (ncloud_access_key_id, ncloud_secret_access_key; --profile or NCP_PROFILE
picks a profile); never from a flag.
Exit status: 0 done; 1 refused or failed (NCP said no, the name is taken, validation failed,
unreachable); 2 invalid input (nothing was sent); 3 outcome unknown (an order may exist: the
message says how to check); 4 not finished yet (the order exists and is pending: run the same
command again).";

#[derive(Parser)]
#[command(
    name = "ncpcert",
    version,
    about = "Get certificates from NAVER Cloud Certificate Manager: validate, sign and send \
             Advanced DV/OV requests, never ordering twice.",
    after_help = EXAMPLES
)]
pub struct Cli {
    /// Print exactly one JSON document on stdout, on success and on failure.
    #[arg(long, global = true)]
    pub json: bool,
    /// Print each HTTP request sent and the status of its answer on stderr.
    #[arg(short, long, global = true)]
    pub verbose: bool,
    /// NCP credentials file to read when NCP_ACCESS_KEY/NCP_SECRET_KEY are not set.
    #[arg(long, global = true, value_name = "FILE")]
    pub configure_file: Option<PathBuf>,
    /// The profile of the credentials file to take the keys from (instead of the
    /// environment's keys or the file's first profile).
    #[arg(long, global = true, env = "NCP_PROFILE", value_name = "NAME")]
    pub profile: Option<String>,
    /// Where the journal of paid requests is kept (default: $XDG_STATE_HOME/ncpcert, or
    /// ~/.local/state/ncpcert).
    #[arg(long, global = true, value_name = "DIR")]
    pub state_dir: Option<PathBuf>,
    /// The language of messages: `en` or `ko` (default: from LC_ALL, LC_MESSAGES or LANG;
    /// a `ko_*` locale is Korean). Codes are the same in both.
    #[arg(long, global = true, value_name = "LANG", value_parser = ["en", "ko"])]
    pub lang: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand)]
pub enum Command {
    /// Print the signature v2 headers for one request.
    Sign {
        /// HTTP method.
        #[arg(long)]
        method: String,
        /// Request-target exactly as sent: path and optional ?query, no host.
        #[arg(long)]
        path: String,
        /// Milliseconds since the Unix epoch (default: now).
        #[arg(long)]
        timestamp: Option<u64>,
        #[command(flatten)]
        clock: ClockArgs,
    },
    /// Read a CSR (PEM or DER) and report what a CA would refuse.
    Inspect {
        /// The CSR file.
        file: PathBuf,
    },
    /// Validate a request and print what would be sent (signed unless --unsigned).
    Prepare {
        #[command(flatten)]
        request: RequestArgs,
        /// How to print the request (`--json` prints JSON whatever this says).
        #[arg(long, value_enum, default_value_t = Format::Json)]
        format: Format,
        /// Print the request without signature headers (no keys needed).
        #[arg(long)]
        unsigned: bool,
        /// Milliseconds since the Unix epoch to sign with (default: now).
        #[arg(long)]
        timestamp: Option<u64>,
        #[command(flatten)]
        clock: ClockArgs,
    },
    /// Validate, sign and send a request. Never orders twice: an attempt NCP may have acted
    /// on is followed by a lookup of the name, not by a blind resend.
    Request {
        #[command(flatten)]
        request: RequestArgs,
        #[command(flatten)]
        send: SendArgs,
    },
    /// A certificate's state: by number, or by --name (ListAdvancedCertificates).
    Status {
        /// The certificate's number (certificateNo).
        #[arg(required_unless_present = "name", conflicts_with = "name")]
        no: Option<u64>,
        /// The certificate's name, matched exactly.
        #[arg(long)]
        name: Option<String>,
        #[command(flatten)]
        read: ReadArgs,
    },
    /// The DNS TXT records NCP checks before it issues a certificate, per name, with their
    /// validation state (ListDcvStatuses).
    Dcv {
        /// The certificate's number (certificateNo).
        no: u64,
        /// Ask about these names instead of the certificate's own (repeat for more).
        #[arg(long = "domain", value_name = "NAME")]
        domains: Vec<String>,
        #[command(flatten)]
        read: ReadArgs,
    },
    /// Write an issued certificate's files: cert.pem, chain.pem (the SubCA), fullchain.pem
    /// (certificate + SubCA), root.pem (GetCertificateChain).
    Chain {
        /// The certificate's number (certificateNo).
        no: u64,
        /// The directory to write the files into (created if missing).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Replace files that exist.
        #[arg(long)]
        force: bool,
        #[command(flatten)]
        read: ReadArgs,
    },
    /// The organisations of the account, for OV requests' --organization-no; validated ones
    /// are marked (ListOrganizations).
    Orgs {
        /// Only the validated organisations.
        #[arg(long)]
        validated: bool,
        #[command(flatten)]
        read: ReadArgs,
    },
    /// Order a certificate safely, print the DNS records to publish, and with --wait poll
    /// until it is issued, then write its files into --out. Run it again with the same
    /// arguments to resume.
    Issue {
        #[command(flatten)]
        request: RequestArgs,
        /// The directory for cert.pem, chain.pem, fullchain.pem, root.pem (checked before
        /// anything is ordered).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Replace files that exist in --out.
        #[arg(long)]
        force: bool,
        /// Wait for validation and issuance, then write the files.
        #[arg(long)]
        wait: bool,
        /// Seconds between two checks while waiting, at least 1; the pause grows by half
        /// each time (up to 5 minutes, or this if longer).
        #[arg(long, value_name = "S", default_value_t = 30.0)]
        poll_interval: f64,
        /// Seconds to wait at most; the order is kept (exit status 4) and the command can be
        /// run again.
        #[arg(long, value_name = "S", default_value_t = 3600.0)]
        wait_timeout: f64,
        #[command(flatten)]
        send: SendArgs,
    },
    /// The journal of paid requests sent from this machine: what was ordered, when, and what
    /// became of it.
    Journal,
    /// Print a completion script for a shell.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

/// What every call that reads takes.
#[derive(Args)]
pub struct ReadArgs {
    #[command(flatten)]
    pub site: SiteArgs,
    /// Seconds to wait for one answer once connected.
    #[arg(long, default_value_t = 30)]
    pub timeout: u64,
    #[command(flatten)]
    pub clock: ClockArgs,
}

/// What the paid request takes besides the request itself.
#[derive(Args)]
pub struct SendArgs {
    /// Resends after failures NCP did not act on (throttling, no connection) or that a
    /// lookup showed placed no order; each freshly signed.
    #[arg(long, default_value_t = 2)]
    pub retries: u32,
    /// Seconds to wait for one answer once connected.
    #[arg(long, default_value_t = 30)]
    pub timeout: u64,
    #[command(flatten)]
    pub clock: ClockArgs,
}

#[derive(Args)]
pub struct ClockArgs {
    /// Milliseconds added to this machine's clock (e.g. the skew seen in NCP's Date header).
    #[arg(long, default_value_t = 0, allow_hyphen_values = true)]
    pub clock_offset_ms: i64,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    Json,
    Curl,
    Http,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum Kind {
    Dv,
    Ov,
}

/// Domain validation methods.
#[derive(Clone, Copy, ValueEnum)]
#[value(rename_all = "UPPER")]
pub enum Validation {
    /// DNS TXT record with a one-time value.
    D,
    /// Persistent DNS TXT record.
    Pd,
    /// Email to the domain's administrator (discontinued by NCP in February 2026).
    E,
}

impl Validation {
    pub fn as_str(self) -> &'static str {
        match self {
            Validation::D => "D",
            Validation::Pd => "PD",
            Validation::E => "E",
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
pub enum SiteName {
    Public,
    Gov,
    Fin,
}

#[derive(Args)]
pub struct RequestArgs {
    /// The CSR file (PEM or DER).
    #[arg(long, value_name = "FILE")]
    pub csr: PathBuf,
    /// Certificate type.
    #[arg(long = "type", value_enum)]
    pub kind: Kind,
    /// Your name for the certificate (unique in the account).
    #[arg(long)]
    pub name: String,
    /// The certificate's CN.
    #[arg(long)]
    pub common_name: String,
    /// A name for the SAN list (repeat for more).
    #[arg(long = "dns-name")]
    pub dns_names: Vec<String>,
    /// Domain validation method.
    #[arg(long, value_enum, ignore_case = true)]
    pub validation: Validation,
    /// The organisation's number (OV; `ncpcert orgs` lists them).
    #[arg(long)]
    pub organization_no: Option<i64>,
    /// Sent as the body's `requestToken` field (NCP added it without documenting it; ncpcert
    /// passes it through and never relies on it to avoid double orders).
    #[arg(long, value_name = "TOKEN")]
    pub request_token: Option<String>,
    #[command(flatten)]
    pub site: SiteArgs,
    /// Treat warnings as errors.
    #[arg(long)]
    pub strict: bool,
}

#[derive(Args)]
pub struct SiteArgs {
    /// NCP site.
    #[arg(long, value_enum, default_value_t = SiteName::Public, conflicts_with = "endpoint")]
    pub site: SiteName,
    /// Base URL instead of the site's, http(s)://host[:port][/prefix].
    #[arg(long, value_name = "URL")]
    pub endpoint: Option<String>,
}

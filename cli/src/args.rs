//! The command line: every subcommand, its options and its help.

use clap::{Args, Parser, Subcommand, ValueEnum};
use std::path::PathBuf;

const EXAMPLES: &str = "\
Examples:
  export NCP_ACCESS_KEY=… NCP_SECRET_KEY=…      (or ~/.ncloud/configure, --profile NAME)
  ncpcert key --out key.pem          (a new RSA-2048 key, mode 0600; --algorithm p256, …)
  ncpcert csr --key key.pem --domain www.example.com --domain example.com --out csr.pem
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
    #[arg(
        long,
        global = true,
        env = "NCPCERT_CONFIGURE_FILE",
        value_name = "FILE"
    )]
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
    /// Make a private key (PKCS#8 PEM) and write it to a new file, readable by you alone
    /// (mode 0600). Never replaces a file: exits 2 when FILE exists.
    Key {
        /// The algorithm: rsa2048 (what NCP's load balancers take everywhere), rsa3072,
        /// rsa4096, p256 or p384.
        #[arg(long, default_value = "rsa2048", value_name = "ALGORITHM")]
        algorithm: String,
        /// The file to write the key to (must not exist).
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Make a CSR for one or more names, signed with a private key: the first --domain is
    /// the common name, every one goes in the subjectAltName.
    Csr {
        /// The private key (PEM: PKCS#8, or RSA/EC PRIVATE KEY), e.g. from `ncpcert key`.
        #[arg(long, value_name = "FILE")]
        key: PathBuf,
        /// A name the certificate is for (repeat for more; the first is the common name).
        #[arg(long = "domain", value_name = "NAME", required = true)]
        domains: Vec<String>,
        /// Write the CSR to this new file instead of printing it.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
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
    /// Order a certificate safely and follow it to its files. With --dns ncloud or
    /// --dns-hook CMD, hands-free: the key and CSR (--domain with --generate-key or --key),
    /// the DNS records published, the wait, the files, the records cleaned up. Without them,
    /// it prints the DNS records to publish and with --wait polls until the certificate is
    /// issued. Run it again with the same arguments to resume.
    #[command(after_help = ISSUE_EXAMPLES)]
    Issue {
        #[command(flatten)]
        request: Box<IssueArgs>,
        /// The directory for cert.pem, chain.pem, fullchain.pem, root.pem (checked before
        /// anything is ordered).
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
        /// Replace certificate files that exist in --out (never a key file).
        #[arg(long)]
        force: bool,
        /// Wait for validation and issuance, then write the files (always so with --dns
        /// ncloud or --dns-hook).
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
    /// Publish or remove one ACME TXT record in NCP Global DNS: the DNS provider of certbot,
    /// lego and acme.sh (`ncpcert dns --help`).
    #[command(after_help = DNS_EXAMPLES)]
    Dns {
        #[command(subcommand)]
        action: DnsAction,
    },
    /// `dns present`, as lego's exec provider calls it (EXEC_PATH=ncpcert).
    #[command(hide = true)]
    Present(DnsRecordArgs),
    /// `dns cleanup`, as lego's exec provider calls it (EXEC_PATH=ncpcert).
    #[command(hide = true)]
    Cleanup(DnsRecordArgs),
    /// Every Advanced certificate of the account: number, name, type, status, names, validity
    /// and days left, whether a newer one replaces it, and its order's subscription.
    #[command(after_help = LIST_EXAMPLES)]
    List {
        /// Exit with status 1 when an issued certificate that nothing replaces expires within
        /// DAYS days (for monitoring).
        #[arg(long, value_name = "DAYS")]
        expiring_within: Option<u32>,
        #[command(flatten)]
        connection: ConnectionArgs,
        /// Seconds to wait for one answer once connected.
        #[arg(long, default_value_t = 30)]
        timeout: u64,
        #[command(flatten)]
        clock: ClockArgs,
    },
    /// Renew the certificates `ncpcert issue` made, when they are due: reissued free within
    /// their order's subscription, with a new key, the DNS records published as `issue` did,
    /// the new files written over the old ones (the old set kept in DIR/previous/), then the
    /// deploy hooks. Safe to run from a timer: a run with nothing due changes nothing.
    #[command(after_help = RENEW_EXAMPLES)]
    Renew(Box<RenewArgs>),
    /// Reissue certificate N now (free within its order's subscription), whether due or not,
    /// as `renew` does; N must be a certificate `ncpcert issue` recorded.
    Reissue {
        /// The certificate's number (certificateNo).
        no: u64,
        #[command(flatten)]
        renewal: Box<RenewArgs>,
    },
    /// Print a completion script for a shell.
    Completions {
        /// The shell.
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
}

const LIST_EXAMPLES: &str = "\
Examples:
  ncpcert list                          (a table; --json for one JSON document)
  ncpcert list --expiring-within 30     (exit status 1 when one expires within 30 days)

Dates are UTC. A certificate is superseded when a newer issued certificate of the same order
and names exists; superseded ones never count for --expiring-within.";

const RENEW_EXAMPLES: &str = "\
Examples:
  ncpcert renew --dry-run               (what would be done, changing nothing)
  ncpcert renew                         (every recorded certificate that is due)
  ncpcert renew --name web-cert --days 30 --deploy-hook 'systemctl reload nginx'
  ncpcert reissue 1234                  (now, due or not)

A certificate is due when fewer than --days days are left (default: a third of its lifetime).
Within its order's subscription it is reissued free; once the subscription has ended a new,
paid order is placed only with --allow-order, otherwise the certificate is reported (exit
status 1: it needs a person). Exit status 0 when every due certificate was renewed or none was
due; 1 when one failed or was left; 3 and 4 as for `issue`.";

/// The connection of `list` and `renew`: each overrides what `issue` recorded.
#[derive(Args, Clone, Default)]
pub struct ConnectionArgs {
    /// NCP site (default: as recorded, else public).
    #[arg(long, value_enum, conflicts_with = "endpoint")]
    pub site: Option<SiteName>,
    /// Base URL instead of the site's, http(s)://host[:port][/prefix].
    #[arg(long, value_name = "URL")]
    pub endpoint: Option<String>,
    /// Global DNS base URL instead of the site's.
    #[arg(long, value_name = "URL")]
    pub dns_endpoint: Option<String>,
    /// Ask this name server (IP:PORT) whether the records are served.
    #[arg(long, value_name = "HOST:PORT")]
    pub dns_resolver: Option<String>,
}

/// What `renew` and `reissue` take.
#[derive(Args)]
pub struct RenewArgs {
    /// Only the recorded certificate of this name (the name it was issued under, or its
    /// name now).
    #[arg(long)]
    pub name: Option<String>,
    /// Renew when fewer than N days are left (default: a third of the certificate's
    /// lifetime).
    #[arg(long, value_name = "N")]
    pub days: Option<u32>,
    /// Run this command by the shell after each renewed certificate, instead of the hooks
    /// `issue` recorded (repeat for more); with NCPCERT_CERT_NO, NCPCERT_NAME,
    /// NCPCERT_DOMAINS, NCPCERT_CERT_PATH, NCPCERT_CHAIN_PATH, NCPCERT_FULLCHAIN_PATH and
    /// NCPCERT_KEY_PATH set.
    #[arg(long = "deploy-hook", value_name = "CMD")]
    pub deploy_hooks: Vec<String>,
    /// Place a new, paid order for a certificate whose subscription has ended (otherwise it
    /// is reported and left).
    #[arg(long)]
    pub allow_order: bool,
    /// Keep the private key (default: a new key of the same algorithm for each renewal).
    #[arg(long)]
    pub reuse_key: bool,
    /// Read, decide and print what would be done; change nothing, run no hook.
    #[arg(long)]
    pub dry_run: bool,
    #[command(flatten)]
    pub connection: ConnectionArgs,
    /// Seconds between two checks while waiting for NCP, at least 1.
    #[arg(long, value_name = "S", default_value_t = 30.0)]
    pub poll_interval: f64,
    /// Seconds to wait at most for each certificate.
    #[arg(long, value_name = "S", default_value_t = 3600.0)]
    pub wait_timeout: f64,
    /// Seconds to wait at most until the DNS records are served.
    #[arg(long, value_name = "S", default_value_t = 300)]
    pub dns_timeout: u64,
    #[command(flatten)]
    pub send: SendArgs,
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

impl Kind {
    /// `DV` or `OV`, as recorded.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Dv => "DV",
            Kind::Ov => "OV",
        }
    }
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

impl SiteName {
    pub fn as_str(self) -> &'static str {
        match self {
            SiteName::Public => "public",
            SiteName::Gov => "gov",
            SiteName::Fin => "fin",
        }
    }

    /// The site recorded as `public`, `gov` or `fin`.
    pub fn from_recorded(text: &str) -> Option<SiteName> {
        match text {
            "public" => Some(SiteName::Public),
            "gov" => Some(SiteName::Gov),
            "fin" => Some(SiteName::Fin),
            _ => None,
        }
    }
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

#[derive(Args, Clone)]
pub struct SiteArgs {
    /// NCP site.
    #[arg(long, value_enum, default_value_t = SiteName::Public, conflicts_with = "endpoint")]
    pub site: SiteName,
    /// Base URL instead of the site's, http(s)://host[:port][/prefix].
    #[arg(long, value_name = "URL")]
    pub endpoint: Option<String>,
}

const DNS_EXAMPLES: &str = "\
Examples:
  ncpcert dns present _acme-challenge.example.com. VALUE     (create, apply, wait until served)
  ncpcert dns cleanup _acme-challenge.example.com. VALUE     (delete that value only, apply)
  certbot certonly --manual --preferred-challenges dns -d example.com -d '*.example.com' \\
      --manual-auth-hook 'ncpcert dns certbot-auth' \\
      --manual-cleanup-hook 'ncpcert dns certbot-cleanup'
  EXEC_PATH=$(command -v ncpcert) lego --dns exec -d example.com -d '*.example.com' run

`present` adds a record beside any other value at the name, applies the zone and returns once
the zone's authoritative name servers serve the value. A zone holding someone else's pending
change is refused, never applied. `cleanup` deletes only the record holding that value.
Every option can also come from the environment (NCPCERT_DNS_ENDPOINT, NCPCERT_DNS_RESOLVER,
NCPCERT_DNS_TIMEOUT, NCPCERT_DNS_SITE, NCPCERT_CLOCK_OFFSET_MS, NCP_PROFILE,
NCPCERT_CONFIGURE_FILE; the keys from NCP_ACCESS_KEY / NCP_SECRET_KEY), as ACME clients run hooks
without options.";

/// The `ncpcert dns` subcommands.
#[derive(Subcommand)]
pub enum DnsAction {
    /// Create the TXT record FQDN = VALUE beside any other value there, apply the zone, and
    /// wait until the zone's name servers serve it.
    Present(DnsRecordArgs),
    /// Delete the TXT record FQDN holding VALUE (and no other), apply; exits 0 when there is
    /// none.
    Cleanup(DnsRecordArgs),
    /// certbot's --manual-auth-hook: `present` of `_acme-challenge.$CERTBOT_DOMAIN` with
    /// `$CERTBOT_VALIDATION`.
    CertbotAuth(DnsOptions),
    /// certbot's --manual-cleanup-hook: `cleanup` of `_acme-challenge.$CERTBOT_DOMAIN` with
    /// `$CERTBOT_VALIDATION`.
    CertbotCleanup(DnsOptions),
}

/// One record: its name and value, then the options.
#[derive(Args)]
pub struct DnsRecordArgs {
    /// The record's full name, e.g. `_acme-challenge.example.com.` (a trailing dot is fine).
    #[arg(value_name = "FQDN", allow_hyphen_values = true)]
    pub fqdn: String,
    /// The TXT value (taken as the value even when it starts with `-`).
    #[arg(value_name = "VALUE", allow_hyphen_values = true)]
    pub value: String,
    #[command(flatten)]
    pub options: DnsOptions,
}

/// What every `ncpcert dns` call takes, each also from the environment.
#[derive(Args)]
pub struct DnsOptions {
    /// Global DNS base URL instead of the site's, http(s)://host[:port][/prefix].
    #[arg(long, env = "NCPCERT_DNS_ENDPOINT", value_name = "URL")]
    pub dns_endpoint: Option<String>,
    /// Ask this name server (IP:PORT) whether the value is served, instead of the zone's
    /// authoritative servers (split-horizon setups, tests).
    #[arg(long, env = "NCPCERT_DNS_RESOLVER", value_name = "HOST:PORT")]
    pub dns_resolver: Option<String>,
    /// Seconds to wait at most until the value is served (present).
    #[arg(
        long,
        env = "NCPCERT_DNS_TIMEOUT",
        value_name = "S",
        default_value_t = 300
    )]
    pub timeout: u64,
    /// NCP site of Global DNS.
    #[arg(long = "site", env = "NCPCERT_DNS_SITE", value_enum, default_value_t = SiteName::Public)]
    pub site: SiteName,
    /// Milliseconds added to this machine's clock (e.g. the skew seen in NCP's Date header).
    #[arg(
        long,
        env = "NCPCERT_CLOCK_OFFSET_MS",
        default_value_t = 0,
        allow_hyphen_values = true
    )]
    pub clock_offset_ms: i64,
}

const ISSUE_EXAMPLES: &str = "\
Examples:
  ncpcert issue --domain www.example.com --domain example.com --generate-key --dns ncloud \\
      --out certs/      (key.pem, the order, the TXT records in NCP Global DNS, the files)
  ncpcert issue --domain example.com --key key.pem --dns-hook ./my-dns-hook --out certs/
      (the hook is run as `CMD present FQDN. VALUE` and `CMD cleanup FQDN. VALUE`)
  ncpcert issue --csr csr.pem --type dv --name www-example --common-name www.example.com \\
      --validation D --out certs/ --wait   (print the DNS records, wait, write the files)

Hands-free, nothing is bought when a name has no zone in the account or a zone holds someone
else's pending change. The records this run created are deleted afterwards for --validation D
and kept for PD. A run that stopped (a time limit, a DCV value under a field name ncpcert does
not know: --dcv-value-field) resumes its order when run again; --generate-key then reuses the
key the first run wrote.";

/// What `issue` orders: a CSR file, or names with a key to make the CSR from.
#[derive(Args)]
pub struct IssueArgs {
    /// The CSR file (PEM or DER); or give --domain with --generate-key or --key.
    #[arg(long, value_name = "FILE", required_unless_present = "domains",
          conflicts_with_all = ["domains", "generate_key", "key"])]
    pub csr: Option<PathBuf>,
    /// A name the certificate is for (repeat for more; the first is the common name); the
    /// CSR is made from --generate-key or --key.
    #[arg(long = "domain", value_name = "NAME",
          conflicts_with_all = ["common_name", "dns_names"])]
    pub domains: Vec<String>,
    /// Make a new private key for the certificate (written to --key-out, mode 0600).
    #[arg(long, conflicts_with = "key", requires = "domains")]
    pub generate_key: bool,
    /// The algorithm of --generate-key: rsa2048 (default), rsa3072, rsa4096, p256 or p384.
    #[arg(long, value_name = "ALGORITHM", requires = "generate_key")]
    pub key_algorithm: Option<String>,
    /// The private key to make the CSR with (PEM), instead of --generate-key.
    #[arg(long, value_name = "FILE", requires = "domains")]
    pub key: Option<PathBuf>,
    /// Where --generate-key writes the key (default: key.pem in --out); never over an
    /// existing file.
    #[arg(long, value_name = "FILE", requires = "generate_key")]
    pub key_out: Option<PathBuf>,
    /// Certificate type.
    #[arg(long = "type", value_enum, default_value_t = Kind::Dv)]
    pub kind: Kind,
    /// Your name for the certificate (unique in the account; with --domain, the default is
    /// made from the first name, e.g. www-example-com).
    #[arg(long)]
    pub name: Option<String>,
    /// The certificate's CN (with --csr).
    #[arg(long)]
    pub common_name: Option<String>,
    /// A name for the SAN list (with --csr; repeat for more).
    #[arg(long = "dns-name")]
    pub dns_names: Vec<String>,
    /// Domain validation method: D (one-time DNS records, deleted afterwards) or PD
    /// (persistent DNS records, kept).
    #[arg(long, value_enum, ignore_case = true, default_value_t = Validation::D)]
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
    /// Publish the DNS records in NCP Global DNS with the account's keys.
    #[arg(long, value_enum, value_name = "PROVIDER")]
    pub dns: Option<DnsProvider>,
    /// Publish the DNS records with this command instead: run by the shell as `CMD present
    /// FQDN. VALUE` and `CMD cleanup FQDN. VALUE` (lego's exec convention), with
    /// NCPCERT_DOMAIN, NCPCERT_RECORD_NAME, NCPCERT_RECORD_VALUE and NCPCERT_REMAINING set.
    #[arg(long, value_name = "CMD", conflicts_with = "dns")]
    pub dns_hook: Option<String>,
    /// Global DNS base URL instead of the site's, http(s)://host[:port][/prefix].
    #[arg(long, value_name = "URL")]
    pub dns_endpoint: Option<String>,
    /// Ask this name server (IP:PORT) whether the records are served, instead of the zones'
    /// authoritative servers (split-horizon setups, tests).
    #[arg(long, value_name = "HOST:PORT")]
    pub dns_resolver: Option<String>,
    /// Seconds to wait at most until the records are served.
    #[arg(long, value_name = "S", default_value_t = 300)]
    pub dns_timeout: u64,
    /// The field of NCP's DCV records that holds the TXT value, when ncpcert does not know
    /// its name (the error names the fields NCP sent).
    #[arg(long, env = "NCPCERT_DCV_VALUE_FIELD", value_name = "NAME")]
    pub dcv_value_field: Option<String>,
    /// Run this command by the shell once the files are written, here and after each `ncpcert
    /// renew` of the certificate (repeat for more), with NCPCERT_CERT_NO, NCPCERT_NAME,
    /// NCPCERT_DOMAINS, NCPCERT_CERT_PATH, NCPCERT_CHAIN_PATH, NCPCERT_FULLCHAIN_PATH and
    /// NCPCERT_KEY_PATH set.
    #[arg(long = "deploy-hook", value_name = "CMD")]
    pub deploy_hooks: Vec<String>,
}

/// Where `issue` publishes the DNS records itself.
#[derive(Clone, Copy, ValueEnum)]
pub enum DnsProvider {
    /// NCP Global DNS.
    Ncloud,
}

impl IssueArgs {
    /// Whether the run publishes the records itself.
    pub fn hands_free(&self) -> bool {
        self.dns.is_some() || self.dns_hook.is_some()
    }

    /// The request of a run with a CSR file, as `request` takes it.
    pub fn csr_request(&self) -> Option<RequestArgs> {
        Some(RequestArgs {
            csr: self.csr.clone()?,
            kind: self.kind,
            name: self.name.clone()?,
            common_name: self.common_name.clone()?,
            dns_names: self.dns_names.clone(),
            validation: self.validation,
            organization_no: self.organization_no,
            request_token: self.request_token.clone(),
            site: self.site.clone(),
            strict: self.strict,
        })
    }
}

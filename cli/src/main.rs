//! `ncpcert`: prepare, validate, sign and send NCP Certificate Manager requests for Advanced
//! DV / OV certificates.
//!
//! Exit status: 0 ok, 1 refused by NCP (or not reachable), 2 invalid input, 3 outcome unknown
//! (the order may exist: the message says how to check).

mod chain;
mod credentials;
mod dcv;
mod files;
mod http;
mod issue;
mod lookup;
mod order;
mod orgs;
mod output;
mod read;

use clap::{Args, Parser, Subcommand, ValueEnum};
use ncpcert::{AdvancedCertificateRequest, CertificateType, Policy, Signer, Site};
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

const EXAMPLES: &str = "\
Examples:
  export NCP_ACCESS_KEY=… NCP_SECRET_KEY=…      (or ~/.ncloud/configure)
  ncpcert inspect csr.pem
  ncpcert prepare --csr csr.pem --type dv --name www-example --common-name www.example.com \\
      --dns-name www.example.com --dns-name example.com --validation D --format curl
  ncpcert request --csr csr.pem --type ov --organization-no 1234 --name www-example \\
      --common-name www.example.com --validation PD
  ncpcert status --name www-example
  ncpcert issue --csr csr.pem --type dv --name www-example --common-name www.example.com \\
      --validation D --out certs/ --wait   (request, print the DNS records, wait, write the files)
  ncpcert dcv 1234                   (the DNS records to publish for certificate 1234)
  ncpcert chain 1234 --out certs/    (cert.pem, chain.pem, fullchain.pem, root.pem)
  ncpcert orgs                       (organisation numbers for OV)
  ncpcert sign --method POST --path /api/v2/certificate/requestPaidCertificateIssuance

`request` and `issue` never order a certificate twice: they resend only when NCP certainly did
not act on an attempt; when it may have (a timeout, a lost answer, a 5xx), they look the name
up first. Run `issue` again with the same arguments to resume waiting on its order.

Keys are read from NCP_ACCESS_KEY / NCP_SECRET_KEY, or from NCP's credentials file
~/.ncloud/configure (ncloud_access_key_id, ncloud_secret_access_key); never from a flag.
Exit status: 0 ok, 1 refused by NCP (or unreachable), 2 invalid input, 3 outcome unknown (the
order may exist: the message says how to check).";

#[derive(Parser)]
#[command(name = "ncpcert", version, about = "Prepare, validate, sign and send NAVER Cloud Certificate Manager requests for Advanced DV/OV certificates.", after_help = EXAMPLES)]
struct Cli {
    /// Print machine-readable JSON instead of text.
    #[arg(long, global = true)]
    json: bool,
    /// NCP credentials file to read when NCP_ACCESS_KEY/NCP_SECRET_KEY are not set.
    #[arg(long, global = true, value_name = "FILE")]
    configure_file: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
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
        /// How to print the request.
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
    /// Validate, sign and send a request; print NCP's answer. Never orders twice: an attempt
    /// NCP may have acted on is followed by a lookup of the name, not by a blind resend.
    Request {
        #[command(flatten)]
        request: RequestArgs,
        /// Resends after failures NCP did not act on (throttling, no connection) or that a
        /// lookup showed placed no order; each freshly signed.
        #[arg(long, default_value_t = 2)]
        retries: u32,
        /// Seconds to wait for one answer once connected.
        #[arg(long, default_value_t = 30)]
        timeout: u64,
        #[command(flatten)]
        clock: ClockArgs,
    },
    /// Look an Advanced certificate up by name or number (ListAdvancedCertificates).
    Status {
        /// The certificate's name, matched exactly.
        #[arg(long, conflicts_with = "no", required_unless_present = "no")]
        name: Option<String>,
        /// The certificate's number (certificateNo).
        #[arg(long)]
        no: Option<u64>,
        #[command(flatten)]
        site: SiteArgs,
        /// Seconds to wait for one answer once connected.
        #[arg(long, default_value_t = 30)]
        timeout: u64,
        #[command(flatten)]
        clock: ClockArgs,
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
    /// Request a certificate safely, print the DNS records to publish, and with --wait poll
    /// until it is issued, then write its files into --out. Never orders twice: run it again
    /// with the same arguments to resume.
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
        /// Seconds to wait at most; the order is kept and the command can be run again.
        #[arg(long, value_name = "S", default_value_t = 3600.0)]
        wait_timeout: f64,
        /// Resends after failures NCP did not act on (as for `request`).
        #[arg(long, default_value_t = 2)]
        retries: u32,
        /// Seconds to wait for one answer once connected.
        #[arg(long, default_value_t = 30)]
        timeout: u64,
        #[command(flatten)]
        clock: ClockArgs,
    },
}

/// What every read-only call takes.
#[derive(Args)]
struct ReadArgs {
    #[command(flatten)]
    site: SiteArgs,
    /// Seconds to wait for one answer once connected.
    #[arg(long, default_value_t = 30)]
    timeout: u64,
    #[command(flatten)]
    clock: ClockArgs,
}

#[derive(Args)]
struct ClockArgs {
    /// Milliseconds added to this machine's clock (e.g. the skew seen in NCP's Date header).
    #[arg(long, default_value_t = 0, allow_hyphen_values = true)]
    clock_offset_ms: i64,
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Json,
    Curl,
    Http,
}

#[derive(Clone, Copy, ValueEnum)]
enum Kind {
    Dv,
    Ov,
}

#[derive(Clone, Copy, ValueEnum)]
enum SiteName {
    Public,
    Gov,
    Fin,
}

#[derive(Args)]
struct RequestArgs {
    /// The CSR file (PEM or DER).
    #[arg(long, value_name = "FILE")]
    csr: PathBuf,
    /// Certificate type.
    #[arg(long = "type", value_enum)]
    kind: Kind,
    /// Your name for the certificate.
    #[arg(long)]
    name: String,
    /// The certificate's CN.
    #[arg(long)]
    common_name: String,
    /// A name for the SAN list (repeat for more).
    #[arg(long = "dns-name")]
    dns_names: Vec<String>,
    /// Domain validation method: D (DNS, one-time value), PD (persistent DNS TXT), E (email).
    #[arg(long)]
    validation: String,
    /// The organisation's number (OV).
    #[arg(long)]
    organization_no: Option<i64>,
    /// Sent as the body's `requestToken` field (NCP added it without documenting it; ncpcert
    /// passes it through and never relies on it to avoid double orders).
    #[arg(long, value_name = "TOKEN")]
    request_token: Option<String>,
    #[command(flatten)]
    site: SiteArgs,
    /// Treat warnings as errors.
    #[arg(long)]
    strict: bool,
}

#[derive(Args)]
struct SiteArgs {
    /// NCP site.
    #[arg(long, value_enum, default_value_t = SiteName::Public, conflicts_with = "endpoint")]
    site: SiteName,
    /// Base URL instead of the site's, http(s)://host[:port][/prefix].
    #[arg(long, value_name = "URL")]
    endpoint: Option<String>,
}

impl SiteArgs {
    fn site(&self) -> Result<Site, Failure> {
        match &self.endpoint {
            Some(url) => Site::custom(url).map_err(|e| Failure::input(e.to_string())),
            None => Ok(match self.site {
                SiteName::Public => Site::Public,
                SiteName::Gov => Site::Gov,
                SiteName::Fin => Site::Fin,
            }),
        }
    }
}

/// What every call that talks to NCP needs: the keys, the clock, the output mode.
pub struct Session {
    signer: Signer,
    clock_offset_ms: i64,
    json: bool,
}

impl Session {
    fn new(cli: &Cli, clock: &ClockArgs) -> Result<Self, Failure> {
        Ok(Session {
            signer: signer(cli)?,
            clock_offset_ms: clock.clock_offset_ms,
            json: cli.json,
        })
    }

    /// This machine's clock, shifted by `--clock-offset-ms`, in milliseconds.
    fn now_ms(&self) -> Result<u64, Failure> {
        now_ms(&ClockArgs {
            clock_offset_ms: self.clock_offset_ms,
        })
    }

    /// A progress line on stderr (also with `--json`, whose stdout stays one JSON document).
    fn note(&self, text: &str) {
        eprintln!("ncpcert: {text}");
    }
}

/// A failure and its exit status.
#[derive(Debug)]
struct Failure {
    status: u8,
    text: String,
    json: serde_json::Value,
}

impl Failure {
    fn input(text: impl Into<String>) -> Self {
        let text = text.into();
        let json = serde_json::json!({"error": {"kind": "input", "message": text}});
        Failure {
            status: 2,
            text,
            json,
        }
    }

    /// NCP refused the call, or could not be reached (exit status 1).
    fn refused(text: impl Into<String>, json: serde_json::Value) -> Self {
        Failure {
            status: 1,
            text: text.into(),
            json,
        }
    }

    /// The same failure, once a lookup showed that no order was placed.
    fn not_ordered(mut self) -> Self {
        self.text.push_str(
            "
The lookup found no certificate with this name: this attempt placed no order.",
        );
        self
    }
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    match run(&cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(f) => {
            if cli.json {
                println!(
                    "{}",
                    serde_json::to_string_pretty(&f.json).unwrap_or_default()
                );
            }
            eprintln!("ncpcert: {}", f.text);
            ExitCode::from(f.status)
        }
    }
}

fn run(cli: &Cli) -> Result<(), Failure> {
    match &cli.command {
        Command::Sign {
            method,
            path,
            timestamp,
            clock,
        } => {
            let signer = signer(cli)?;
            let ts = timestamp.map_or_else(|| now_ms(clock), Ok)?;
            let headers = signer
                .headers(method, path, ts)
                .map_err(|e| Failure::input(e.to_string()))?;
            if cli.json {
                let map: serde_json::Map<_, _> = headers
                    .pairs()
                    .iter()
                    .map(|(k, v)| (k.to_string(), serde_json::Value::from(*v)))
                    .collect();
                println!("{}", serde_json::to_string_pretty(&map).unwrap_or_default());
            } else {
                for (name, value) in headers.pairs() {
                    println!("{name}: {value}");
                }
            }
            Ok(())
        }
        Command::Inspect { file } => {
            let bytes = read(file)?;
            let report = ncpcert::inspect_csr(&bytes).map_err(|e| Failure {
                status: 2,
                text: e.to_string(),
                json: serde_json::json!({"error": {"kind": "csr", "code": e.code(), "message": e.message()}}),
            })?;
            if cli.json {
                println!("{}", output::pretty(&report.to_json()));
            } else {
                print_csr(&report);
            }
            if report.is_valid() {
                Ok(())
            } else {
                Err(Failure {
                    status: 2,
                    text: "the CSR would be refused (see the findings above)".into(),
                    json: serde_json::json!({"error": {"kind": "csr", "message": "the CSR would be refused"}}),
                })
            }
        }
        Command::Prepare {
            request,
            format,
            unsigned,
            timestamp,
            clock,
        } => {
            let prepared = prepare(cli, request)?;
            if *unsigned {
                println!("{}", output::pretty(&prepared.to_json()));
                return Ok(());
            }
            let signer = signer(cli)?;
            let ts = timestamp.map_or_else(|| now_ms(clock), Ok)?;
            let signed = prepared
                .sign(&signer, ts)
                .map_err(|e| Failure::input(e.to_string()))?;
            let text = match format {
                Format::Json => output::json(&signed),
                Format::Curl => output::curl(&signed),
                Format::Http => output::http(&signed),
            };
            println!("{text}");
            Ok(())
        }
        Command::Request {
            request,
            retries,
            timeout,
            clock,
        } => {
            let prepared = prepare(cli, request)?;
            let session = Session::new(cli, clock)?;
            let client = http::Client::new(Duration::from_secs(*timeout));
            let site = request.site.site()?;
            let settings = order::Settings {
                site: &site,
                certificate_name: &request.name,
                common_name: &request.common_name,
                retries: *retries,
            };
            order::request(&session, &client, &prepared, &settings)
        }
        Command::Status {
            name,
            no,
            site,
            timeout,
            clock,
        } => {
            let session = Session::new(cli, clock)?;
            let client = http::Client::new(Duration::from_secs(*timeout));
            status(&session, &client, &site.site()?, name.as_deref(), *no)
        }
        Command::Dcv { no, domains, read } => {
            let session = Session::new(cli, &read.clock)?;
            let client = http::Client::new(Duration::from_secs(read.timeout));
            dcv_command(&session, &client, &read.site.site()?, *no, domains)
        }
        Command::Chain {
            no,
            out,
            force,
            read,
        } => {
            let session = Session::new(cli, &read.clock)?;
            let client = http::Client::new(Duration::from_secs(read.timeout));
            files::check_out_dir(out, *force)?;
            let chain = chain::fetch(&session, &client, &read.site.site()?, *no)
                .map_err(|f| Failure::refused(f.message, serde_json::json!({"error": f.error})))?;
            let written = chain::write(&chain, out, *force)?;
            if session.json {
                let out = chain::to_json(*no, &chain, &written);
                println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
            } else {
                println!("{}", chain::describe(&chain, &written));
            }
            Ok(())
        }
        Command::Orgs { validated, read } => {
            let session = Session::new(cli, &read.clock)?;
            let client = http::Client::new(Duration::from_secs(read.timeout));
            let mut list = orgs::fetch(
                &session,
                &client,
                &read.site.site()?,
                &ncpcert::ListOrganizations::new(),
            )
            .map_err(|f| Failure::refused(f.message, serde_json::json!({"error": f.error})))?;
            if *validated {
                list.organizations.retain(|o| o.is_validated());
            }
            if session.json {
                println!("{}", output::pretty(&list.to_json()));
            } else {
                println!("{}", orgs::describe(&list));
            }
            Ok(())
        }
        Command::Issue {
            request,
            out,
            force,
            wait,
            poll_interval,
            wait_timeout,
            retries,
            timeout,
            clock,
        } => {
            let poll_interval = seconds(*poll_interval, "--poll-interval", 1.0)?;
            let wait_timeout = seconds(*wait_timeout, "--wait-timeout", 0.0)?;
            let prepared = prepare(cli, request)?;
            let session = Session::new(cli, clock)?;
            let client = http::Client::new(Duration::from_secs(*timeout));
            let site = request.site.site()?;
            let mut names = vec![request.common_name.clone()];
            names.extend(request.dns_names.iter().cloned());
            let settings = issue::Settings {
                order: order::Settings {
                    site: &site,
                    certificate_name: &request.name,
                    common_name: &request.common_name,
                    retries: *retries,
                },
                names,
                out,
                force: *force,
                wait: *wait,
                poll_interval,
                wait_timeout,
            };
            issue::issue(&session, &client, &prepared, &settings)
        }
    }
}

/// A number of seconds given on the command line, at least `min`.
fn seconds(value: f64, flag: &str, min: f64) -> Result<Duration, Failure> {
    if !value.is_finite() || value < min || value > 31_536_000.0 {
        return Err(Failure::input(format!(
            "{flag} is {value}; give a number of seconds from {min} to 31536000"
        )));
    }
    Ok(Duration::from_secs_f64(value))
}

/// `ncpcert dcv N`: the records per name; exit status 1 when the certificate failed.
fn dcv_command(
    session: &Session,
    client: &http::Client,
    site: &Site,
    no: u64,
    domains: &[String],
) -> Result<(), Failure> {
    let refused =
        |f: read::ReadFailed| Failure::refused(f.message, serde_json::json!({"error": f.error}));
    // The certificate's own names (and its state), unless the names were given.
    let certificate = if domains.is_empty() {
        let found =
            lookup::find(session, client, site, &lookup::Wanted::Number(no)).map_err(refused)?;
        let Some(found) = found else {
            let hint = ncpcert::no_certificate_numbered(no);
            return Err(Failure::refused(
                hint.clone(),
                serde_json::json!({"error": {"kind": "not_found", "message": hint}}),
            ));
        };
        Some(found)
    } else {
        None
    };
    let names: Vec<&str> = match &certificate {
        Some(c) => std::iter::once(c.common_name.as_str())
            .chain(c.dns_names.iter().map(String::as_str))
            .collect(),
        None => domains.iter().map(String::as_str).collect(),
    };
    let domains = ncpcert::validation_domains(names);
    let records = dcv::fetch(session, client, site, no, &domains).map_err(refused)?;
    let summary = certificate
        .as_ref()
        .and_then(|c| serde_json::from_str::<serde_json::Value>(&c.to_json()).ok());
    let out = serde_json::json!({
        "certificateNo": no,
        "certificate": summary,
        "validated": dcv::all_validated(&records),
        "domains": dcv::to_json(&records),
    });
    let mut text = String::new();
    if let Some(c) = &certificate {
        text = format!(
            "certificate {} ({}): {} (\"{}\")\n\n",
            c.certificate_no,
            c.certificate_name,
            c.status.name(),
            c.status_name
        );
    }
    text.push_str(&dcv::describe(&records));
    let timed_out = dcv::timed_out(&records);
    let failed = match &certificate {
        Some(c) if c.status.is_failed() => Some(lookup::not_issued(c, &timed_out)),
        _ if !timed_out.is_empty() => {
            let message = format!(
                "validation timed out for {}: NCP did not see the records in time; this order \
                 will not be issued — publish the records and request a new certificate under \
                 another name",
                timed_out.join(", ")
            );
            Some(Failure::refused(
                message.clone(),
                serde_json::json!({"error": {"kind": "validation_timeout", "domains": timed_out, "message": message}}),
            ))
        }
        _ => None,
    };
    json_or_text(session, out, &text, failed)
}

/// `ncpcert status`: the certificate, or exit status 1 with what to check.
fn status(
    session: &Session,
    client: &http::Client,
    site: &Site,
    name: Option<&str>,
    no: Option<u64>,
) -> Result<(), Failure> {
    let wanted = match (name, no) {
        (Some(name), _) => lookup::Wanted::Name(name),
        (None, Some(no)) => lookup::Wanted::Number(no),
        (None, None) => return Err(Failure::input("give --name NAME or --no NUMBER")),
    };
    let found = lookup::find(session, client, site, &wanted).map_err(|failed| {
        Failure::refused(failed.message, serde_json::json!({"error": failed.error}))
    })?;
    let Some(certificate) = found else {
        let hint = match wanted {
            lookup::Wanted::Name(name) => ncpcert::no_certificate_named(name),
            lookup::Wanted::Number(no) | lookup::Wanted::NumberNamed(no, _) => {
                ncpcert::no_certificate_numbered(no)
            }
        };
        return Err(Failure::refused(
            hint.clone(),
            serde_json::json!({"error": {"kind": "not_found", "message": hint}}),
        ));
    };
    let value: serde_json::Value = serde_json::from_str(&certificate.to_json()).unwrap_or_default();
    let out = serde_json::json!({"certificate": value});
    let failed = certificate
        .status
        .is_failed()
        .then(|| lookup::not_issued(&certificate, &[]));
    json_or_text(session, out, &lookup::describe(&certificate), failed)
}

/// Prints `out` (with `--json`) or `text`, and ends with `failed` if given. With `--json` the
/// failure's error is merged into `out`, so that stdout holds one JSON document.
fn json_or_text(
    session: &Session,
    out: serde_json::Value,
    text: &str,
    failed: Option<Failure>,
) -> Result<(), Failure> {
    match failed {
        Some(mut failure) if session.json => {
            if let (serde_json::Value::Object(mut map), Some(error)) =
                (out, failure.json.get("error").cloned())
            {
                map.insert("error".into(), error);
                failure.json = serde_json::Value::Object(map);
            }
            Err(failure)
        }
        failed => {
            if session.json {
                println!("{}", serde_json::to_string_pretty(&out).unwrap_or_default());
            } else {
                println!("{text}");
            }
            failed.map_or(Ok(()), Err)
        }
    }
}

fn signer(cli: &Cli) -> Result<Signer, Failure> {
    credentials::load(cli.configure_file.as_deref()).map_err(Failure::input)
}

fn now_ms(clock: &ClockArgs) -> Result<u64, Failure> {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_err(|_| Failure::input("this machine's clock is before 1970"))?
        .as_millis();
    let shifted = i128::try_from(now).unwrap_or(i128::MAX) + i128::from(clock.clock_offset_ms);
    u64::try_from(shifted)
        .map_err(|_| Failure::input("--clock-offset-ms moves the clock before 1970"))
}

fn read(path: &PathBuf) -> Result<Vec<u8>, Failure> {
    std::fs::read(path).map_err(|e| Failure::input(format!("cannot read {}: {e}", path.display())))
}

fn prepare(cli: &Cli, args: &RequestArgs) -> Result<ncpcert::PreparedRequest, Failure> {
    let mut builder = AdvancedCertificateRequest::builder()
        .csr(read(&args.csr)?)
        .certificate_type(match args.kind {
            Kind::Dv => CertificateType::Dv,
            Kind::Ov => CertificateType::Ov,
        })
        .certificate_name(args.name.as_str())
        .common_name(args.common_name.as_str())
        .dns_names(args.dns_names.iter().map(String::as_str))
        .validation_method(args.validation.as_str());
    if let Some(n) = args.organization_no {
        builder = builder.organization_no(n);
    }
    if let Some(token) = &args.request_token {
        builder = builder.extra("requestToken", serde_json::Value::from(token.as_str()));
    }
    let site = args.site.site()?;
    let policy = if args.strict {
        Policy::strict()
    } else {
        Policy::lenient()
    };
    let prepared = builder.build().prepare_with(&site, &policy).map_err(|e| Failure {
        status: 2,
        text: format!("{e}\nnothing was sent"),
        json: serde_json::json!({"error": {"kind": "validation", "report": serde_json::from_str::<serde_json::Value>(&e.report().to_json()).unwrap_or_default()}}),
    })?;
    if !cli.json && !prepared.warnings.is_empty() {
        eprintln!("warnings:\n{}", output::findings(&prepared.warnings));
    }
    Ok(prepared)
}

fn print_csr(report: &ncpcert::CsrReport) {
    let s = &report.subject;
    println!("subject CN: {}", s.common_names.join(", "));
    for (label, value) in [
        ("O", &s.organization),
        ("OU", &s.organizational_unit),
        ("C", &s.country),
        ("ST", &s.state),
        ("L", &s.locality),
    ] {
        if let Some(v) = value {
            println!("subject {label}: {v}");
        }
    }
    let san: Vec<String> = report
        .san
        .iter()
        .map(|e| format!("{}:{}", e.kind, e.value))
        .collect();
    println!(
        "SAN: {}",
        if san.is_empty() {
            "(none)".into()
        } else {
            san.join(", ")
        }
    );
    let k = &report.key;
    let size = k.bits.map(|b| format!(" {b} bits")).unwrap_or_default();
    let curve = k
        .curve
        .as_deref()
        .map(|c| format!(" {c}"))
        .unwrap_or_default();
    let exp = k
        .rsa_exponent
        .map(|e| format!(" e={e}"))
        .unwrap_or_default();
    println!("key: {}{size}{curve}{exp}", k.algorithm);
    let verified = match report.signature_valid {
        Some(true) => "valid",
        Some(false) => "INVALID",
        None => "not checked",
    };
    println!("signature: {} ({verified})", report.signature_algorithm);
    println!("SHA-256: {}", report.fingerprint_sha256);
    if report.findings.is_empty() {
        println!("findings: none");
    } else {
        println!("findings:\n{}", output::findings(&report.findings));
    }
}

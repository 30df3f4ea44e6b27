//! `ncpcert`: prepare, validate, sign and send NCP Certificate Manager requests for Advanced
//! DV / OV certificates.
//!
//! Exit status: 0 ok, 1 refused by NCP (or not reachable), 2 invalid input.

mod credentials;
mod http;
mod output;

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
  ncpcert sign --method POST --path /api/v2/certificate/requestPaidCertificateIssuance

Keys are read from NCP_ACCESS_KEY / NCP_SECRET_KEY, or from NCP's credentials file
~/.ncloud/configure (ncloud_access_key_id, ncloud_secret_access_key); never from a flag.
Exit status: 0 ok, 1 refused by NCP (or unreachable), 2 invalid input.";

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
    /// Validate, sign and send a request; print NCP's answer.
    Request {
        #[command(flatten)]
        request: RequestArgs,
        /// Retries of retryable failures (throttling, 5xx, network), each freshly signed.
        #[arg(long, default_value_t = 2)]
        retries: u32,
        /// Seconds to wait for one attempt.
        #[arg(long, default_value_t = 30)]
        timeout: u64,
        #[command(flatten)]
        clock: ClockArgs,
    },
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
    /// NCP site.
    #[arg(long, value_enum, default_value_t = SiteName::Public, conflicts_with = "endpoint")]
    site: SiteName,
    /// Base URL instead of the site's, http(s)://host[:port][/prefix].
    #[arg(long, value_name = "URL")]
    endpoint: Option<String>,
    /// Treat warnings as errors.
    #[arg(long)]
    strict: bool,
}

/// A failure and its exit status.
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
            let signer = signer(cli)?;
            send(
                cli,
                &prepared,
                &signer,
                *retries,
                Duration::from_secs(*timeout),
                clock,
            )
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
    let site = match &args.endpoint {
        Some(url) => Site::custom(url).map_err(|e| Failure::input(e.to_string()))?,
        None => match args.site {
            SiteName::Public => Site::Public,
            SiteName::Gov => Site::Gov,
            SiteName::Fin => Site::Fin,
        },
    };
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

fn send(
    cli: &Cli,
    prepared: &ncpcert::PreparedRequest,
    signer: &Signer,
    retries: u32,
    timeout: Duration,
    clock: &ClockArgs,
) -> Result<(), Failure> {
    let client = http::Client::new(timeout);
    let mut attempt = 0u32;
    loop {
        attempt += 1;
        // Every attempt is signed afresh: NCP refuses a timestamp 5 minutes old.
        let signed = prepared
            .sign(signer, now_ms(clock)?)
            .map_err(|e| Failure::input(e.to_string()))?;
        if !cli.json {
            println!("sent (attempt {attempt}):\n{}\n", output::http(&signed));
        }
        let outcome = client.send(&signed);
        let (retryable, failure) = match outcome {
            Ok((status, body)) => match ncpcert::parse_response(status, &body) {
                Ok(answer) => {
                    if cli.json {
                        let sent: serde_json::Value =
                            serde_json::from_str(&signed.to_json()).unwrap_or_default();
                        let result: serde_json::Value =
                            serde_json::from_str(&answer.to_json()).unwrap_or_default();
                        let both = serde_json::json!({"sent": sent, "result": result, "attempts": attempt});
                        println!(
                            "{}",
                            serde_json::to_string_pretty(&both).unwrap_or_default()
                        );
                    } else {
                        let c = &answer.paid_certificate;
                        println!(
                            "accepted: certificateNo {} ({}), status {} (\"{}\"), requestSn {}, registered {}",
                            c.certificate_no,
                            c.certificate_name,
                            c.status.name(),
                            c.status_name,
                            c.request_sn,
                            c.reg_date
                        );
                    }
                    return Ok(());
                }
                Err(e) => (
                    e.retryable,
                    Failure {
                        status: 1,
                        text: format!("{e}"),
                        json: serde_json::json!({"error": serde_json::from_str::<serde_json::Value>(&e.to_json()).unwrap_or_default()}),
                    },
                ),
            },
            Err(transport) => (
                true,
                Failure {
                    status: 1,
                    json: serde_json::json!({"error": {"kind": "transport", "message": transport}}),
                    text: transport,
                },
            ),
        };
        if !retryable || attempt > retries {
            return Err(failure);
        }
        let wait = Duration::from_millis(500u64 << (attempt - 1).min(3));
        eprintln!(
            "ncpcert: attempt {attempt} failed: {}; retrying in {:.1}s",
            failure.text,
            wait.as_secs_f64()
        );
        std::thread::sleep(wait);
    }
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

//! `ncpcert prepare`: validate a request and print what would be sent.

use super::Output;
use crate::args::{ClockArgs, Format, Kind, RequestArgs};
use crate::failure::{parsed, Failure};
use crate::output;
use crate::session::{now_ms, read_file, Context};
use ncpcert::{AdvancedCertificateRequest, CertificateType, Policy, PreparedRequest};

pub fn run(
    context: &Context,
    request: &RequestArgs,
    format: Format,
    unsigned: bool,
    timestamp: Option<u64>,
    clock: &ClockArgs,
) -> Result<Output, Failure> {
    let prepared = prepared(context, request)?;
    if unsigned {
        let json = parsed(&prepared.to_json());
        return Ok(Output::new(json, output::pretty(&prepared.to_json())));
    }
    let signer = context.signer()?;
    let timestamp = match timestamp {
        Some(ts) => ts,
        None => now_ms(clock.clock_offset_ms)?,
    };
    let signed = prepared.sign(&signer, timestamp)?;
    let text = match format {
        Format::Json => output::json(&signed),
        Format::Curl => output::curl(&signed),
        Format::Http => output::http(&signed),
    };
    Ok(Output::new(parsed(&signed.to_json()), text))
}

/// The request from the command line, as the core reads it.
pub fn request(args: &RequestArgs) -> Result<AdvancedCertificateRequest, Failure> {
    let mut builder = AdvancedCertificateRequest::builder()
        .csr(read_file(&args.csr)?)
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
    Ok(builder.build())
}

pub fn policy(args: &RequestArgs) -> Policy {
    if args.strict {
        Policy::strict()
    } else {
        Policy::lenient()
    }
}

/// Validated and prepared; warnings on stderr (not with `--json`).
fn prepared(context: &Context, args: &RequestArgs) -> Result<PreparedRequest, Failure> {
    let site = args.site.site()?;
    let prepared = request(args)?
        .prepare_with(&site, &policy(args))
        .map_err(|e| Failure::invalid_request(&e))?;
    warn(context, &prepared.warnings);
    Ok(prepared)
}

/// Validation's warnings, for people.
pub fn warn(context: &Context, warnings: &[ncpcert::Finding]) {
    if !context.json && !warnings.is_empty() {
        eprintln!("warnings:\n{}", output::findings(warnings));
    }
}

//! `ncpcert dcv N`: the DNS records to publish per name, with their validation state (exit
//! status 1 when validation failed).

use super::Output;
use crate::args::ReadArgs;
use crate::dcv;
use crate::failure::{parsed, Failure};
use crate::http::Client;
use crate::lookup::{self, Wanted};
use crate::session::{Context, Session};
use ncpcert::ErrorCode;
use serde_json::{json, Value};
use std::time::Duration;

pub fn run(
    context: &Context,
    no: u64,
    domains: &[String],
    read: &ReadArgs,
) -> Result<Output, Failure> {
    let session = Session::new(context, &read.clock)?;
    let client = Client::new(Duration::from_secs(read.timeout));
    let site = read.site.site()?;
    // The certificate's own names (and its state), unless the names were given.
    let certificate = if domains.is_empty() {
        Some(lookup::require(
            &session,
            &client,
            &site,
            &Wanted::Number(no),
        )?)
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
    let records = dcv::fetch(&session, &client, &site, no, &domains)?;
    let summary = certificate.as_ref().map(|c| parsed(&c.to_json()));
    let out = json!({
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
        _ if !timed_out.is_empty() => Some(
            Failure::new(
                ErrorCode::OrderValidationFailed,
                format!(
                    "validation timed out for {}: NCP did not see the records in time",
                    timed_out.join(", ")
                ),
            )
            .with("hint", "This order will not be issued: publish the records and request a new certificate under another name.")
            .with("domains", Value::from(timed_out.clone())),
        ),
        _ => None,
    };
    match failed {
        Some(failure) => {
            if !context.json {
                println!("{text}");
            }
            let mut failure = failure;
            if let Value::Object(fields) = out {
                for (key, value) in fields {
                    failure = failure.context(&key, value);
                }
            }
            Err(failure)
        }
        None => Ok(Output::new(out, text)),
    }
}

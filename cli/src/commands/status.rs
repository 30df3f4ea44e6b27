//! `ncpcert status N | --name NAME`: a certificate's state (ListAdvancedCertificates).

use super::Output;
use crate::args::ReadArgs;
use crate::failure::{parsed, Failure};
use crate::http::Client;
use crate::lookup::{self, Wanted};
use crate::session::{Context, Session};
use serde_json::json;
use std::time::Duration;

pub fn run(
    context: &Context,
    no: Option<u64>,
    name: Option<&str>,
    read: &ReadArgs,
) -> Result<Output, Failure> {
    let wanted = match (no, name) {
        (_, Some(name)) => Wanted::Name(name),
        (Some(no), None) => Wanted::Number(no),
        (None, None) => {
            return Err(Failure::argument(
                "give a certificate number, or --name NAME",
            ))
        }
    };
    let session = Session::new(context, &read.clock)?;
    let client = Client::new(Duration::from_secs(read.timeout));
    let certificate = lookup::require(&session, &client, &read.site.site()?, &wanted)?;
    let summary = parsed(&certificate.to_json());
    if certificate.status.is_failed() {
        if !context.json {
            println!("{}", lookup::describe(&certificate));
        }
        return Err(lookup::not_issued(&certificate, &[]).context("certificate", summary));
    }
    Ok(Output::new(
        json!({"certificate": summary}),
        lookup::describe(&certificate),
    ))
}

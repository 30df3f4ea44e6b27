//! `ncpcert chain N --out DIR`: an issued certificate's files.

use super::Output;
use crate::args::ReadArgs;
use crate::chain;
use crate::failure::{parsed, Failure};
use crate::files;
use crate::http::Client;
use crate::lookup::{self, Wanted};
use crate::session::{Context, Session};
use ncpcert::ErrorCode;
use std::path::Path;
use std::time::Duration;

pub fn run(
    context: &Context,
    no: u64,
    out: &Path,
    force: bool,
    read: &ReadArgs,
) -> Result<Output, Failure> {
    let session = Session::new(context, &read.clock)?;
    let client = Client::new(Duration::from_secs(read.timeout));
    let site = read.site.site()?;
    files::check_out_dir(out, force)?;
    let chain = match chain::fetch(&session, &client, &site, no) {
        Ok(chain) => chain,
        Err(failure) if failure.error.get("type").and_then(|t| t.as_str()) == Some("api") => {
            // NCP refused or sent no certificate: say whether it is simply not issued yet.
            return Err(not_issued_yet(&session, &client, &site, no).unwrap_or(failure));
        }
        Err(failure) => return Err(failure),
    };
    let written = chain::write(&chain, out, force)?;
    Ok(Output::new(
        chain::to_json(no, &chain, &written),
        chain::describe(&chain, &written),
    ))
}

/// `certificate.not_issued` when the certificate exists and is not issued (yet).
fn not_issued_yet(
    session: &Session<'_>,
    client: &Client,
    site: &ncpcert::Site,
    no: u64,
) -> Option<Failure> {
    let certificate = lookup::find(session, client, site, &Wanted::Number(no)).ok()??;
    if certificate.status.is_issued() {
        return None;
    }
    let advice = if certificate.status.is_pending() {
        format!(
            "Publish its DNS records (`ncpcert dcv {no}`) and fetch the files once `ncpcert \
             status {no}` says NORMAL."
        )
    } else {
        certificate.status.not_issued_advice().to_owned()
    };
    Some(
        Failure::new(
            ErrorCode::CertificateNotIssued,
            format!(
                "certificate {no} is {} (\"{}\"): it has no certificate to fetch yet",
                certificate.status.name(),
                certificate.status_name
            ),
        )
        .with("hint", advice)
        .with("certificateNo", no)
        .context("certificate", parsed(&certificate.to_json())),
    )
}

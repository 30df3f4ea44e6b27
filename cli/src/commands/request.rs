//! `ncpcert request`: place the order through the core's workflow, which never
//! orders twice; print what came of it.

use super::{prepare, Output};
use crate::args::{RequestArgs, SendArgs};
use crate::failure::{parsed, Failure};
use crate::http::Client;
use crate::journal::Journal;
use crate::session::{Context, Session};
use ncpcert::order::{OrderOptions, OrderPath, OrderWorkflow, PlacedOrder};
use std::time::Duration;

pub fn run(context: &Context, args: &RequestArgs, send: &SendArgs) -> Result<Output, Failure> {
    let session = Session::new(context, &send.clock)?;
    let (placed, _) = place(&session, args, send)?;
    let text = format!(
        "{}\nnext: `ncpcert dcv {no}` shows the DNS records to publish; `ncpcert issue` with \
         the same arguments and --out DIR --wait goes on to the files",
        describe(&placed),
        no = placed.certificate_no
    );
    Ok(Output::new(parsed(&placed.to_json()), text))
}

/// Validates, reads the journal, and drives the workflow to its end: shared by `request` and
/// `issue`. Returns the order and the workflow (its identity proves the key later).
pub fn place(
    session: &Session<'_>,
    args: &RequestArgs,
    send: &SendArgs,
) -> Result<(PlacedOrder, OrderWorkflow), Failure> {
    let context = session.context;
    let request = prepare::request(args)?;
    let site = args.site.site()?;
    let journal = Journal::in_dir(&context.state_dir()?);
    let options = OrderOptions::new()
        .retries(send.retries)
        .policy(prepare::policy(args))
        .journal(journal.read()?);
    let mut workflow =
        OrderWorkflow::new(&request, &site, options).map_err(|e| Failure::invalid_request(&e))?;
    prepare::warn(context, &workflow.prepared().warnings);
    let client = Client::new(Duration::from_secs(send.timeout));
    let placed = crate::drive::place(session, &client, &journal, &mut workflow)?;
    Ok((placed, workflow))
}

/// The result for people: accepted, or recovered (found by the lookup, not ordered again).
pub fn describe(placed: &PlacedOrder) -> String {
    let how = match placed.path {
        OrderPath::Accepted => "accepted",
        _ => "recovered: the order exists and is this request's — it was not ordered again;",
    };
    format!(
        "{how} certificateNo {} ({}), status {} (\"{}\")",
        placed.certificate_no,
        placed.certificate_name,
        placed.status.name(),
        placed.status_name
    )
}

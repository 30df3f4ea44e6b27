//! `ncpcert orgs`: the organisation numbers an OV request takes.

use super::Output;
use crate::args::ReadArgs;
use crate::failure::{parsed, Failure};
use crate::http::Client;
use crate::orgs;
use crate::session::{Context, Session};
use std::time::Duration;

pub fn run(context: &Context, validated: bool, read: &ReadArgs) -> Result<Output, Failure> {
    let session = Session::new(context, &read.clock)?;
    let client = Client::new(Duration::from_secs(read.timeout));
    let mut list = orgs::fetch(
        &session,
        &client,
        &read.site.site()?,
        &ncpcert::ListOrganizations::new(),
    )?;
    if validated {
        list.organizations.retain(|o| o.is_validated());
    }
    Ok(Output::new(parsed(&list.to_json()), orgs::describe(&list)))
}

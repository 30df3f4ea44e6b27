//! `ncpcert list [--expiring-within DAYS]`: the account's Advanced certificates with their
//! validity (read from each issued certificate: GetCertificateChain), whether a newer one
//! supersedes them, and their order's subscription (ListOrders). Which certificate supersedes
//! which, the days left and what counts as expiring are the core's inventory.

use super::Output;
use crate::args::{ClockArgs, ConnectionArgs, SiteName};
use crate::chain;
use crate::failure::Failure;
use crate::http::Client;
use crate::records::{Record, Records};
use crate::session::{Context, Session};
use ncpcert::inventory::{chains_wanted, inventory, InventoryRow};
use ncpcert::{parse_order_list, ListOrders, Site};
use serde_json::json;
use std::time::Duration;

pub fn run(
    context: &Context,
    expiring_within: Option<u32>,
    connection: &ConnectionArgs,
    timeout: u64,
    clock: &ClockArgs,
) -> Result<Output, Failure> {
    let recorded = context
        .state_dir()
        .map(|dir| {
            Records::in_state_dir(&dir)
                .all()
                .map(|(r, _)| r)
                .unwrap_or_default()
        })
        .unwrap_or_default();
    let site = site(context, connection, &recorded)?;
    let session = Session::new(context, clock)?;
    let client = Client::new(Duration::from_secs(timeout));
    let list = crate::lookup::all(&session, &client, &site)?;
    // The validity of each issued certificate, from the certificate itself; one that cannot
    // be fetched falls back to the listing's dates.
    let mut chains = Vec::new();
    for no in chains_wanted(&list) {
        match chain::fetch(&session, &client, &site, no) {
            Ok(chain) => chains.push((no, chain.certificate)),
            Err(failure) => context.note(&format!(
                "warning: the certificate of {no} could not be read: {}",
                failure.message()
            )),
        }
    }
    let orders = match ListOrders::new().prepare(&site) {
        Ok(prepared) => {
            match crate::read::send(&session, &client, &prepared, "orders", parse_order_list) {
                Ok(orders) => Some(orders),
                Err(failure) => {
                    context.note(&format!(
                        "warning: the orders' subscriptions could not be read: {}",
                        failure.message()
                    ));
                    None
                }
            }
        }
        Err(e) => return Err(e.into()),
    };
    let now = i64::try_from(session.now_ms()?).unwrap_or(i64::MAX);
    let rows = inventory(&list, orders.as_ref(), &chains, now);
    let expiring: Vec<u64> = match expiring_within {
        Some(days) => rows
            .iter()
            .filter(|r| r.expires_within(i64::from(days)))
            .map(|r| r.certificate_no)
            .collect(),
        None => Vec::new(),
    };
    let mut text = table(&rows);
    if let Some(days) = expiring_within {
        text.push_str(&match expiring.as_slice() {
            [] => format!("\nnone expires within {days} days"),
            nos => format!(
                "\nexpiring within {days} days: {}",
                nos.iter()
                    .map(u64::to_string)
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        });
    }
    let document = json!({
        "certificates": rows,
        "expiringWithin": expiring_within,
        "expiring": expiring,
    });
    Ok(Output::new(document, text).with_status(u8::from(!expiring.is_empty())))
}

/// The site: as given, else the one every record names, else the public site.
pub fn site(
    context: &Context,
    connection: &ConnectionArgs,
    recorded: &[Record],
) -> Result<Site, Failure> {
    if connection.endpoint.is_some() || connection.site.is_some() {
        return site_of(connection.site, connection.endpoint.as_deref());
    }
    let mut seen: Vec<(&str, Option<&str>)> = recorded
        .iter()
        .map(|r| (r.site.as_str(), r.endpoint.as_deref()))
        .collect();
    seen.sort();
    seen.dedup();
    match seen.as_slice() {
        [] => site_of(None, None),
        [(name, endpoint)] => site_of(SiteName::from_recorded(name), *endpoint),
        _ => {
            context.note(
                "warning: the recorded certificates name more than one site or endpoint; \
                 listing the public site (give --site or --endpoint)",
            );
            site_of(None, None)
        }
    }
}

pub fn site_of(name: Option<SiteName>, endpoint: Option<&str>) -> Result<Site, Failure> {
    let args = crate::args::SiteArgs {
        site: name.unwrap_or(SiteName::Public),
        endpoint: endpoint.map(str::to_owned),
    };
    args.site()
}

/// One line per certificate, for people.
fn table(rows: &[InventoryRow]) -> String {
    if rows.is_empty() {
        return String::from("the account has no Advanced certificate");
    }
    let mut lines = vec![[
        "NO".to_owned(),
        "NAME".into(),
        "TYPE".into(),
        "STATUS".into(),
        "NOT AFTER".into(),
        "DAYS".into(),
        "SUBSCRIPTION END".into(),
        "EXT".into(),
        "NAMES".into(),
    ]];
    for r in rows {
        let dash = || String::from("-");
        lines.push([
            r.certificate_no.to_string(),
            r.certificate_name.clone(),
            r.certificate_type.clone().unwrap_or_else(dash),
            match r.superseded_by {
                Some(no) => format!("{} (superseded by {no})", r.status.name()),
                None => r.status.name().to_owned(),
            },
            r.not_after.clone().unwrap_or_else(dash),
            r.days_left.map(|d| d.to_string()).unwrap_or_else(dash),
            r.subscription_end.clone().unwrap_or_else(dash),
            r.extendable_years
                .map(|y| format!("{y}y"))
                .unwrap_or_else(dash),
            r.names.join(","),
        ]);
    }
    let widths: Vec<usize> = (0..9)
        .map(|i| {
            lines
                .iter()
                .map(|l| l[i].chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    lines
        .iter()
        .map(|l| {
            l.iter()
                .enumerate()
                .map(|(i, cell)| format!("{cell:<w$}", w = if i == 8 { 0 } else { widths[i] }))
                .collect::<Vec<_>>()
                .join("  ")
                .trim_end()
                .to_owned()
        })
        .collect::<Vec<_>>()
        .join("\n")
}

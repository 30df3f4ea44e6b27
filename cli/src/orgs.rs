//! `ncpcert orgs` (ListOrganizations): the organisation numbers an OV request takes.

use crate::failure::Failure;
use crate::http::Client;
use crate::read;
use crate::session::Session;
use ncpcert::{parse_organizations, ListOrganizations, OrganizationList, Site};
use serde_json::Value;

pub fn fetch(
    session: &Session<'_>,
    client: &Client,
    site: &Site,
    call: &ListOrganizations,
) -> Result<OrganizationList, Failure> {
    let prepared = call.prepare(site)?;
    read::send(
        session,
        client,
        &prepared,
        "organisation list",
        parse_organizations,
    )
}

/// For people: one block per organisation, validated ones marked, every other field shown.
pub fn describe(list: &OrganizationList) -> String {
    if list.organizations.is_empty() {
        return String::from(
            "no organisations: register one in the NCP console (Certificate Manager, \
             Organizations) before requesting an OV certificate",
        );
    }
    let mut out = String::new();
    for org in &list.organizations {
        let mark = if org.is_validated() {
            "validated: usable for OV (--organization-no)"
        } else {
            "not validated: OV requests naming it are refused"
        };
        out.push_str(&format!(
            "organizationNo {}  [{mark}]\n",
            org.organization_no
        ));
        for (label, value) in [
            ("name (Korean)", &org.organization_name_kor),
            ("name (English)", &org.organization_name_eng),
            ("business no.", &org.business_registration_no),
            ("verification", &org.verification_type),
        ] {
            if let Some(value) = value {
                out.push_str(&format!("  {label:<15} {value}\n"));
            }
        }
        out.push_str(&format!(
            "  {:<15} {} ({})\n",
            "progress",
            ncpcert::verification_progress_name(org.verification_progress_code),
            org.verification_progress_code
                .map_or_else(|| String::from("no code"), |c| format!("code {c}"))
        ));
        for (key, value) in &org.extra {
            out.push_str(&format!("  {key:<15} {}\n", shown(value)));
        }
    }
    let validated = list.validated().count();
    out.push_str(&format!(
        "{} organisation{}, {validated} validated",
        list.organizations.len(),
        if list.organizations.len() == 1 {
            ""
        } else {
            "s"
        }
    ));
    for (key, value) in &list.extra {
        out.push_str(&format!("\n(answer: {key}={})", shown(value)));
    }
    out
}

fn shown(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

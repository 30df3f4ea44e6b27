//! ListOrganizations: `POST /api/v2/organization/getOrganizationInfoList`, where an
//! OV request's `organizationNo` comes from.
//!
//! NCP's page for it is marked as needing revision: it calls the API a read yet documents a
//! `POST` whose body (`{}` at least) is required, and it lists the answer's fields flat,
//! without naming the list that holds them (research note §2). The parser therefore takes a
//! bare list, an object holding one, or one flat organisation.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use serde_with::serde_as;

use super::ArgumentError;
use crate::prepare::{PreparedRequest, Site};
use crate::response::fields::{
    derived, from_value, from_value_at, unknown, Code, Count, Integer, Text,
};
use crate::response::{read_answer, type_name, ApiError, Expected};

/// Path of ListOrganizations.
pub const LIST_ORGANIZATIONS_PATH: &str = "/api/v2/organization/getOrganizationInfoList";

/// `verificationProgressCode` of an organisation whose validation is complete.
pub const ORGANIZATION_VALIDATED: i64 = 7;

/// Where the list is looked for first, in this order, before any other field holding one
/// (NCP does not document the name). A rule of the reader, not a list of a type's fields.
const LIST_WRAPPERS: [&str; 6] = [
    "organizationInfoList",
    "organizationList",
    "organizations",
    "organizationInfo",
    "contents",
    "list",
];

/// A ListOrganizations call, optionally filtered.
///
/// ```
/// use ncpcert::{ListOrganizations, Site};
/// let prepared = ListOrganizations::new().prepare(&Site::Public)?;
/// assert_eq!((prepared.method.as_str(), prepared.body.as_deref()), ("POST", Some("{}")));
/// # Ok::<(), ncpcert::ArgumentError>(())
/// ```
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct ListOrganizations {
    /// `organizationNameKor`: only organisations with this Korean name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization_name_kor: Option<String>,
    /// `organizationNameEng`: only organisations with this English name.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub organization_name_eng: Option<String>,
    /// `businessRegistrationNo`: only the organisation with this business registration number.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub business_registration_no: Option<String>,
    /// `verificationProgressCode`: only organisations at this stage (`7`: validated).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verification_progress_code: Option<i64>,
}

impl ListOrganizations {
    /// Every organisation of the account.
    pub fn new() -> Self {
        Self::default()
    }

    /// The JSON body: `{}` without filters (NCP requires a body even then).
    pub fn body(&self) -> Result<String, ArgumentError> {
        // The names are the message's, for the filter that cannot be sent.
        for (name, value) in [
            ("organizationNameKor", &self.organization_name_kor),
            ("organizationNameEng", &self.organization_name_eng),
            ("businessRegistrationNo", &self.business_registration_no),
        ] {
            if let Some(value) = value {
                if value.trim().is_empty() || value.chars().any(char::is_control) {
                    return Err(ArgumentError::new(format!(
                        "{name} is empty or holds control characters; give the text to match, \
                         or no filter"
                    )));
                }
            }
        }
        // Strings and an integer only: serialising cannot fail.
        Ok(serde_json::to_string(self).unwrap_or_else(|_| String::from("{}")))
    }

    /// The `POST` to send to `site`, unsigned.
    pub fn prepare(&self, site: &Site) -> Result<PreparedRequest, ArgumentError> {
        Ok(PreparedRequest::call(
            site,
            "POST",
            LIST_ORGANIZATIONS_PATH,
            self.body()?,
        ))
    }
}

/// How far an organisation's validation is, from `verificationProgressCode` (research note
/// §2: 0 waiting, 1 documents, 2 phone number, 3 phone call, 4 final check, 7 validated,
/// 90 failed, 91 expired).
pub fn verification_progress_name(code: Option<i64>) -> &'static str {
    match code {
        Some(0) => "WAITING",
        Some(1) => "DOCUMENT_CHECK",
        Some(2) => "PHONE_NUMBER_CHECK",
        Some(3) => "PHONE_CALL_CHECK",
        Some(4) => "FINAL_CHECK",
        Some(ORGANIZATION_VALIDATED) => "VALIDATED",
        Some(90) => "FAILED",
        Some(91) => "EXPIRED",
        _ => "UNKNOWN",
    }
}

/// One organisation.
///
/// Serialises as `{"organizationNo", "organizationNameKor", "organizationNameEng",
/// "businessRegistrationNo", "verificationType", "verificationProgressCode" (an integer or
/// null), "verificationProgress" (its name), "validated", …every other field as sent}`.
#[serde_as]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", expecting = "an object")]
#[non_exhaustive]
pub struct Organization {
    /// `organizationNo`: what an OV request's `organizationNo` takes.
    #[serde_as(deserialize_as = "Count")]
    pub organization_no: u64,
    /// `organizationNameKor`.
    #[serde_as(deserialize_as = "Option<Text>")]
    #[serde(default)]
    pub organization_name_kor: Option<String>,
    /// `organizationNameEng`.
    #[serde_as(deserialize_as = "Option<Text>")]
    #[serde(default)]
    pub organization_name_eng: Option<String>,
    /// `businessRegistrationNo`.
    #[serde_as(deserialize_as = "Option<Text>")]
    #[serde(default)]
    pub business_registration_no: Option<String>,
    /// `verificationType` (e.g. `BUSINESS_REGISTRATION`).
    #[serde_as(deserialize_as = "Option<Text>")]
    #[serde(default)]
    pub verification_type: Option<String>,
    /// `verificationProgressCode` (NCP documents an integer and has been seen to send text).
    #[serde_as(deserialize_as = "Integer")]
    #[serde(default)]
    pub verification_progress_code: Option<i64>,
    /// `verificationProgress` ([`verification_progress_name`]), set once the answer is read.
    #[serde(default, deserialize_with = "derived")]
    #[cfg_attr(feature = "schema", schemars(with = "VerificationProgress"))]
    verification_progress: String,
    /// `validated` ([`is_validated`](Organization::is_validated)), set once the answer is read.
    #[serde(default, deserialize_with = "derived")]
    validated: bool,
    /// Every other field, as sent (`memberNo`, …).
    #[serde(flatten, skip_deserializing, default = "unknown")]
    pub extra: Map<String, Value>,
}

impl Organization {
    /// `true` when the validation is complete (code 7): only then can OV certificates name it.
    pub fn is_validated(&self) -> bool {
        self.verification_progress_code == Some(ORGANIZATION_VALIDATED)
    }

    /// Sets what ncpcert reads in the progress code.
    fn settle(&mut self) {
        self.verification_progress =
            verification_progress_name(self.verification_progress_code).to_owned();
        self.validated = self.is_validated();
    }
}

/// A successful answer to ListOrganizations.
///
/// Serialises as `{"returnCode", "returnMessage", "totalRows", "listField", "organizations",
/// …every other field as sent}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct OrganizationList {
    /// `returnCode` as text; `None` for a bare list.
    pub return_code: Option<String>,
    /// `returnMessage` (empty when absent).
    pub return_message: String,
    /// `totalRows` (or `totalCount`), when present.
    pub total_rows: Option<u64>,
    /// The field the list was read from, `None` for a bare list or a flat organisation.
    pub list_field: Option<String>,
    /// The organisations, in the order sent.
    pub organizations: Vec<Organization>,
    /// Every other top-level field, as sent.
    #[serde(flatten)]
    pub extra: Map<String, Value>,
}

/// The fields of an answer's envelope, and the rest.
#[serde_as]
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", expecting = "an object")]
struct Envelope {
    #[serde_as(deserialize_as = "Code")]
    #[serde(default)]
    return_code: Option<String>,
    #[serde_as(deserialize_as = "Text")]
    #[serde(default)]
    return_message: String,
    #[serde_as(deserialize_as = "Count")]
    #[serde(default, alias = "totalCount")]
    total_rows: Option<u64>,
    #[serde(flatten, skip_deserializing, default = "unknown")]
    rest: Map<String, Value>,
}

impl OrganizationList {
    /// The organisations whose validation is complete.
    pub fn validated(&self) -> impl Iterator<Item = &Organization> {
        self.organizations.iter().filter(|o| o.is_validated())
    }

    /// As JSON text (see the type's documentation).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| String::from("{}"))
    }
}

const ORGANIZATIONS: Expected = Expected {
    answer: "a list of organisations (ListOrganizations)",
    malformed_hint: "NCP answered with something ncpcert cannot read: ask again (a read changes \
nothing); if it persists, check the endpoint URL and any proxy in between, and see the \
organisations in the NCP console (Certificate Manager, Organizations).",
};

/// Reads NCP's answer to ListOrganizations. Never panics. The list may come bare, in any
/// field of the answer (`organizationInfoList`, `organizationList`, `organizations`, … first,
/// then any field holding a list of objects), or as one flat organisation; codes and numbers
/// as strings or numbers; unknown fields kept.
pub fn parse_organizations(http_status: u16, body: &[u8]) -> Result<OrganizationList, ApiError> {
    let answer = read_answer(http_status, body, &ORGANIZATIONS)?;
    read_organizations(answer)
        .map_err(|what| ApiError::malformed(http_status, &ORGANIZATIONS, &what, body))
}

fn read_organizations(answer: Value) -> Result<OrganizationList, String> {
    let object = match answer {
        list @ Value::Array(_) => {
            return Ok(OrganizationList {
                return_code: None,
                return_message: String::new(),
                total_rows: None,
                list_field: None,
                organizations: read_list(list, "the list")?,
                extra: Map::new(),
            })
        }
        object @ Value::Object(_) => object,
        other => {
            return Err(format!(
                "the JSON is {}, not a list or an object",
                type_name(&other)
            ))
        }
    };
    let Envelope {
        return_code,
        return_message,
        total_rows,
        rest: mut object,
    } = from_value(object)?;
    let flat = object.contains_key("organizationNo");
    // A bare list has no returnCode; an object must have one (SPEC §12: "0" is success),
    // unless it is one flat organisation.
    if return_code.is_none() && !flat {
        return Err(String::from("returnCode is missing"));
    }
    let (list_field, organizations) = if flat {
        // The fields of one organisation, flat, as NCP's page lists them.
        let item = Value::Object(std::mem::take(&mut object));
        let mut organization: Organization = from_value(item)?;
        organization.settle();
        (None, vec![organization])
    } else if let Some(name) = list_field_of(&object) {
        let list = object.shift_remove(name.as_str()).unwrap_or(Value::Null);
        let organizations = read_list(list, &name)?;
        (Some(name), organizations)
    } else {
        (None, Vec::new())
    };
    Ok(OrganizationList {
        return_code: return_code.filter(|c| !c.is_empty()),
        return_message,
        total_rows,
        list_field,
        organizations,
        extra: object,
    })
}

/// The organisations of the list found under `name` (`null` is none).
fn read_list(list: Value, name: &str) -> Result<Vec<Organization>, String> {
    let mut organizations: Vec<Organization> = match list {
        Value::Null => Vec::new(),
        list => from_value_at(list, name)?,
    };
    organizations.iter_mut().for_each(Organization::settle);
    Ok(organizations)
}

/// The field holding the list: one of [`LIST_WRAPPERS`] when present, else the first field
/// whose value is a list of objects with an `organizationNo`.
fn list_field_of(object: &Map<String, Value>) -> Option<String> {
    if let Some(name) = LIST_WRAPPERS
        .iter()
        .find(|name| object.contains_key(**name))
    {
        return Some(name.to_string());
    }
    object
        .iter()
        .find(|(_, value)| {
            value.as_array().is_some_and(|items| {
                items
                    .first()
                    .is_some_and(|item| item.get("organizationNo").is_some())
            })
        })
        .map(|(name, _)| name.clone())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ApiErrorKind;

    const ORGS: &str = r#"[
        {"organizationNo": 11, "memberNo": "M", "organizationNameKor": "가나", "organizationNameEng": "Gana",
         "businessRegistrationNo": "123-45-67890", "verificationType": "BUSINESS_REGISTRATION",
         "verificationProgressCode": "7"},
        {"organizationNo": "12", "verificationProgressCode": 1},
        {"organizationNo": 13, "verificationProgressCode": null, "future": true}]"#;

    fn numbers(list: &OrganizationList) -> Vec<u64> {
        list.organizations
            .iter()
            .map(|o| o.organization_no)
            .collect()
    }

    #[test]
    fn the_body_is_never_empty() {
        let call = ListOrganizations::new();
        assert_eq!(call.body().unwrap(), "{}");
        let mut call = ListOrganizations::new();
        call.organization_name_eng = Some("Gana".into());
        call.verification_progress_code = Some(7);
        assert_eq!(
            call.body().unwrap(),
            r#"{"organizationNameEng":"Gana","verificationProgressCode":7}"#
        );
        let prepared = call.prepare(&Site::Public).unwrap();
        assert_eq!(prepared.method, "POST");
        assert_eq!(prepared.path, LIST_ORGANIZATIONS_PATH);
        call.organization_name_kor = Some(" ".into());
        assert!(call.prepare(&Site::Public).is_err());
    }

    #[test]
    fn a_bare_list_a_wrapped_one_or_a_flat_organisation() {
        let bare = parse_organizations(200, ORGS.as_bytes()).unwrap();
        assert_eq!(numbers(&bare), [11, 12, 13]);
        assert_eq!(bare.return_code, None);
        let validated: Vec<_> = bare.validated().map(|o| o.organization_no).collect();
        assert_eq!(validated, [11]);
        assert_eq!(bare.organizations[0].extra["memberNo"], "M");
        assert_eq!(bare.organizations[2].extra["future"], true);

        for (name, body) in [
            (
                "organizationInfoList",
                format!(r#"{{"returnCode":"0","totalRows":3,"organizationInfoList":{ORGS}}}"#),
            ),
            (
                "somethingNew",
                format!(r#"{{"returnCode":0,"somethingNew":{ORGS},"page":1}}"#),
            ),
            (
                "list",
                format!(
                    r#"{{"getOrganizationInfoListResponse":{{"returnCode":"0","list":{ORGS}}}}}"#
                ),
            ),
        ] {
            let list = parse_organizations(200, body.as_bytes()).unwrap();
            assert_eq!(numbers(&list), [11, 12, 13], "{body}");
            assert_eq!(list.list_field.as_deref(), Some(name));
            assert_eq!(list.return_code.as_deref(), Some("0"));
        }
        let flat = br#"{"returnCode":"0","organizationNo":5,"verificationProgressCode":"7"}"#;
        let flat = parse_organizations(200, flat).unwrap();
        assert_eq!(numbers(&flat), [5]);
        assert!(flat.organizations[0].is_validated());
        let empty = parse_organizations(200, br#"{"returnCode":"0","totalRows":0}"#).unwrap();
        assert!(empty.organizations.is_empty());
    }

    #[test]
    fn serialised_with_the_progress_named() {
        let list = parse_organizations(200, ORGS.as_bytes()).unwrap();
        let json: Value = serde_json::from_str(&list.to_json()).unwrap();
        let first = &json["organizations"][0];
        assert_eq!(first["verificationProgressCode"], 7);
        assert_eq!(first["verificationProgress"], "VALIDATED");
        assert_eq!(first["validated"], true);
        assert_eq!(
            json["organizations"][1]["verificationProgress"],
            "DOCUMENT_CHECK"
        );
        assert_eq!(json["organizations"][2]["verificationProgress"], "UNKNOWN");
    }

    #[test]
    fn unreadable_answers_are_errors() {
        for body in [
            &br#""text""#[..],
            br#"{"organizations":[]}"#,
            br#"[{"organizationNo":-1}]"#,
            br#"[{"name":"x"}]"#,
            br#"[1]"#,
            br#"{"returnCode":"0","organizationInfoList":{}}"#,
            br#"[{"organizationNo":1,"verificationProgressCode":"seven"}]"#,
        ] {
            let e = parse_organizations(200, body).unwrap_err();
            assert_eq!(
                e.kind,
                ApiErrorKind::Malformed,
                "{}",
                String::from_utf8_lossy(body)
            );
        }
        let e = parse_organizations(
            401,
            br#"{"error":{"errorCode":"200","message":"Authentication Failed"}}"#,
        )
        .unwrap_err();
        assert_eq!(e.kind, ApiErrorKind::Gateway);
    }
}

/// The schema of `verificationProgress`: the names [`verification_progress_name`] gives.
#[cfg(feature = "schema")]
struct VerificationProgress;

#[cfg(feature = "schema")]
impl schemars::JsonSchema for VerificationProgress {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "VerificationProgress".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        // Every name, from the function itself: the codes it knows, then one it does not.
        let mut names: Vec<&str> = Vec::new();
        for code in (0..=ORGANIZATION_VALIDATED).chain([90, 91, -1]) {
            let name = verification_progress_name(Some(code));
            if !names.contains(&name) {
                names.push(name);
            }
        }
        schemars::json_schema!({
            "description": "How far NCP's validation of the organisation is, by name.",
            "type": "string",
            "enum": names,
        })
    }
}

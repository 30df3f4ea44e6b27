//! Where the request goes (SPEC §2) and the exact HTTP request to send (SPEC §4).

use crate::report::{Finding, Report};
use crate::signing::{Signer, SigningError};
use serde::ser::{Serialize, SerializeMap, SerializeStruct, Serializer};
use std::fmt;

/// Path of the Advanced DV / OV issuance call (SPEC §2).
pub const ISSUANCE_PATH: &str = "/api/v2/certificate/requestPaidCertificateIssuance";
/// Base URL of the public site.
pub const BASE_URL_PUBLIC: &str = "https://certificatemanager.apigw.ntruss.com";
/// Base URL of the government site.
pub const BASE_URL_GOV: &str = "https://certificatemanager.apigw.gov-ntruss.com";
/// Base URL of the financial site.
pub const BASE_URL_FIN: &str = "https://certificatemanager.apigw.fin-ntruss.com";

/// Which NCP site the request goes to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Site {
    /// `https://certificatemanager.apigw.ntruss.com` (the default).
    #[default]
    Public,
    /// `https://certificatemanager.apigw.gov-ntruss.com`.
    Gov,
    /// `https://certificatemanager.apigw.fin-ntruss.com`.
    Fin,
    /// Any `http(s)://host[:port][/prefix]` (a proxy, a test server); build with
    /// [`Site::custom`].
    Custom(BaseUrl),
}

impl Site {
    /// `"public"`, `"gov"` or `"fin"`.
    pub fn from_name(name: &str) -> Result<Site, SiteError> {
        match name.trim().to_ascii_lowercase().as_str() {
            "public" | "" => Ok(Site::Public),
            "gov" => Ok(Site::Gov),
            "fin" => Ok(Site::Fin),
            _ => Err(SiteError(format!(
                "unknown site {name:?}; use \"public\", \"gov\" or \"fin\", or give a base URL"
            ))),
        }
    }

    /// A custom base URL, `http(s)://host[:port][/prefix]`, checked (no query, fragment or
    /// user info; a trailing `/` is dropped). The prefix becomes part of the signed path.
    pub fn custom(base_url: &str) -> Result<Site, SiteError> {
        BaseUrl::parse(base_url).map(Site::Custom)
    }

    /// The base URL, without a trailing `/`.
    pub fn base_url(&self) -> &str {
        match self {
            Site::Public => BASE_URL_PUBLIC,
            Site::Gov => BASE_URL_GOV,
            Site::Fin => BASE_URL_FIN,
            Site::Custom(url) => &url.url,
        }
    }

    /// The request-target that is signed and sent: the base URL's path prefix (if any)
    /// followed by [`ISSUANCE_PATH`].
    pub fn issuance_path(&self) -> String {
        self.request_target(ISSUANCE_PATH)
    }

    /// The request-target of an API path (and query): the base URL's path prefix (if any)
    /// followed by `path_and_query`.
    pub fn request_target(&self, path_and_query: &str) -> String {
        let prefix = match self {
            Site::Custom(url) => &url.url[url.path_start..],
            _ => "",
        };
        format!("{prefix}{path_and_query}")
    }

    /// Scheme and authority, without any path prefix.
    fn origin(&self) -> &str {
        match self {
            Site::Custom(base) => &base.url[..base.path_start],
            other => other.base_url(),
        }
    }
}

/// A checked custom base URL.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BaseUrl {
    url: String,
    /// Byte offset where the path prefix starts (`url.len()` when there is none).
    path_start: usize,
}

impl BaseUrl {
    fn parse(text: &str) -> Result<BaseUrl, SiteError> {
        let err = |why: &str| {
            Err(SiteError(format!(
                "the base URL {:?} {why}; give it as http(s)://host[:port][/prefix]",
                crate::report::excerpt(text)
            )))
        };
        let trimmed = text.trim();
        let lower = trimmed.to_ascii_lowercase();
        let scheme_len = if lower.starts_with("https://") {
            8
        } else if lower.starts_with("http://") {
            7
        } else {
            return err("does not start with http:// or https://");
        };
        let rest = trimmed[scheme_len..].trim_end_matches('/');
        let (authority, prefix) = match rest.find('/') {
            Some(i) => (&rest[..i], &rest[i..]),
            None => (rest, ""),
        };
        if authority.is_empty() {
            return err("has no host");
        }
        if authority.contains('@') {
            return err("holds user info ('user@'); NCP authenticates with signed headers instead");
        }
        let host_ok = authority
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-._:[]".contains(&b));
        if !host_ok {
            return err("has a character that cannot appear in a host name");
        }
        if prefix.contains(['?', '#']) {
            return err("holds a query or fragment");
        }
        if let Err(e) = crate::signing::check_path(prefix) {
            return Err(SiteError(format!(
                "the base URL's path {prefix:?} cannot be sent as is: {}",
                e.message()
            )));
        }
        let url = format!(
            "{}{}{}",
            &lower[..scheme_len],
            authority.to_ascii_lowercase(),
            prefix
        );
        let path_start = scheme_len + authority.len();
        Ok(BaseUrl { url, path_start })
    }
}

/// A site or base URL that cannot be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SiteError(String);

impl SiteError {
    /// Stable machine-readable code.
    pub fn code(&self) -> &'static str {
        "site.invalid"
    }
}

impl fmt::Display for SiteError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for SiteError {}

/// Why `prepare` produced no request.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum PrepareError {
    /// Validation found errors (or, under a strict policy, warnings); the report holds every
    /// finding.
    Invalid(Report),
}

impl PrepareError {
    pub(crate) fn invalid(report: Report) -> Self {
        PrepareError::Invalid(report)
    }

    /// The validation report.
    pub fn report(&self) -> &Report {
        match self {
            PrepareError::Invalid(report) => report,
        }
    }
}

impl fmt::Display for PrepareError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let report = self.report();
        let errors: Vec<&Finding> = report.errors().collect();
        write!(f, "the request is invalid ({} error", errors.len())?;
        if errors.len() != 1 {
            f.write_str("s")?;
        }
        f.write_str(")")?;
        for e in errors {
            if e.field.is_empty() {
                write!(f, "\n  {} [{}]", e.message, e.code)?;
            } else {
                write!(f, "\n  {}: {} [{}]", e.field, e.message, e.code)?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for PrepareError {}

/// `Content-Type` and `Accept` of every request (SPEC §2).
const JSON_HEADERS: [(&str, &str); 2] = [
    ("Content-Type", "application/json"),
    ("Accept", "application/json"),
];

/// A validated request, ready to be signed: exactly what to send, less the signature.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct PreparedRequest {
    /// `POST` for the issuance request; `GET` or `POST` for the calls after it (SPEC §12).
    pub method: String,
    /// Base URL + path.
    pub url: String,
    /// The request-target that is signed: path (with any base-URL prefix), no host.
    pub path: String,
    /// `Content-Type` and `Accept`, in that order.
    pub headers: Vec<(String, String)>,
    /// The JSON body (SPEC §4 serialisation). Empty for a `GET`, which is sent without a
    /// body (its JSON form is `null`).
    pub body: String,
    /// Warnings validation found; they did not block.
    pub warnings: Vec<Finding>,
}

impl PreparedRequest {
    pub(crate) fn new(site: &Site, body: String, warnings: Vec<Finding>) -> Self {
        let mut prepared = Self::call(site, "POST", ISSUANCE_PATH, body);
        prepared.warnings = warnings;
        prepared
    }

    /// A call to `api_path_and_query` (already percent-encoded, checked by the caller) on
    /// `site`: the URL is built from the same request-target that is signed (SPEC §3).
    pub(crate) fn call(site: &Site, method: &str, api_path_and_query: &str, body: String) -> Self {
        let path = site.request_target(api_path_and_query);
        PreparedRequest {
            method: method.to_string(),
            url: format!("{}{}", site.origin(), path),
            path,
            headers: JSON_HEADERS
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
            body,
            warnings: Vec::new(),
        }
    }

    /// A `GET` of `api_path_and_query` on `site`, sent without a body.
    pub(crate) fn get(site: &Site, api_path_and_query: &str) -> Self {
        Self::call(site, "GET", api_path_and_query, String::new())
    }

    /// `false` for a call sent without a body (a `GET`).
    pub fn has_body(&self) -> bool {
        !self.body.is_empty()
    }

    /// Signs with `timestamp_ms` (milliseconds since the Unix epoch, from the caller's clock).
    /// Sign again for every attempt: a retry needs a fresh timestamp.
    pub fn sign(&self, signer: &Signer, timestamp_ms: u64) -> Result<SignedRequest, SigningError> {
        let sig = signer.headers(&self.method, &self.path, timestamp_ms)?;
        let mut headers = self.headers.clone();
        headers.extend(
            sig.pairs()
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string())),
        );
        Ok(SignedRequest {
            method: sig.method,
            url: self.url.clone(),
            path: self.path.clone(),
            headers,
            body: self.body.clone(),
            timestamp_ms,
        })
    }

    /// The value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    /// As JSON: `{"method","url","path","headers":{…},"body","warnings":[…]}`; `body` is
    /// `null` for a call sent without one.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

impl Serialize for PreparedRequest {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("PreparedRequest", 6)?;
        st.serialize_field("method", &self.method)?;
        st.serialize_field("url", &self.url)?;
        st.serialize_field("path", &self.path)?;
        st.serialize_field("headers", &HeaderMap(&self.headers))?;
        st.serialize_field("body", &body_or_null(&self.body))?;
        st.serialize_field("warnings", &self.warnings)?;
        st.end()
    }
}

/// A signed request: send exactly `method`, `url`, `headers` and `body`.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct SignedRequest {
    /// The upper-cased method.
    pub method: String,
    /// The URL to send to; its path is byte for byte the one signed.
    pub url: String,
    /// The signed request-target.
    pub path: String,
    /// `Content-Type`, `Accept`, then the three signature headers.
    pub headers: Vec<(String, String)>,
    /// The JSON body; empty for a call sent without a body (a `GET`).
    pub body: String,
    /// The timestamp signed, in milliseconds.
    pub timestamp_ms: u64,
}

impl SignedRequest {
    /// The value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(&self.headers, name)
    }

    /// `false` for a call sent without a body (a `GET`).
    pub fn has_body(&self) -> bool {
        !self.body.is_empty()
    }

    /// As JSON: `{"method","url","path","headers":{…},"body","timestampMs"}`; `body` is `null`
    /// for a call sent without one.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

impl Serialize for SignedRequest {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut st = s.serialize_struct("SignedRequest", 6)?;
        st.serialize_field("method", &self.method)?;
        st.serialize_field("url", &self.url)?;
        st.serialize_field("path", &self.path)?;
        st.serialize_field("headers", &HeaderMap(&self.headers))?;
        st.serialize_field("body", &body_or_null(&self.body))?;
        st.serialize_field("timestampMs", &self.timestamp_ms)?;
        st.end()
    }
}

/// A call without a body (a `GET`) shows `null`, which fetch and the Python clients take as
/// "no body" (fetch refuses even an empty string on a `GET`).
fn body_or_null(body: &str) -> Option<&str> {
    (!body.is_empty()).then_some(body)
}

fn find_header<'a>(headers: &'a [(String, String)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_str())
}

/// Headers serialise as a JSON object, in order.
struct HeaderMap<'a>(&'a [(String, String)]);

impl Serialize for HeaderMap<'_> {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(Some(self.0.len()))?;
        for (k, v) in self.0 {
            map.serialize_entry(k, v)?;
        }
        map.end()
    }
}

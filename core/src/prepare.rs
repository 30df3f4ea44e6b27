//! Where the request goes and the exact HTTP request to send.

use crate::report::{Finding, Report};
use crate::signing::{SignatureHeaders, Signer, SigningError};
use serde::{Deserialize, Serialize};
use serde_with::serde_as;
use std::fmt;

/// Path of the Advanced DV / OV issuance call.
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
    /// Scheme and path checked here, the authority (host and port) parsed by the `http`
    /// crate; the path prefix must be written as it goes on the wire, since it is signed byte
    /// for byte.
    fn parse(text: &str) -> Result<BaseUrl, SiteError> {
        let err = |why: &str| {
            SiteError(format!(
                "the base URL {:?} {why}; give it as http(s)://host[:port][/prefix]",
                crate::report::excerpt(text)
            ))
        };
        let trimmed = text.trim();
        let scheme_end = trimmed.find("://").unwrap_or(0);
        let scheme = trimmed[..scheme_end].to_ascii_lowercase();
        if scheme != "http" && scheme != "https" {
            return Err(err("does not start with http:// or https://"));
        }
        let rest = &trimmed[scheme_end + 3..];
        let authority_end = rest.find(['/', '\\', '?', '#']).unwrap_or(rest.len());
        let (authority, written_path) = rest.split_at(authority_end);
        // The `http` crate reads user info as part of the authority: refuse every '@'.
        if authority.contains('@') {
            return Err(err(
                "holds user info ('user@'); NCP authenticates with signed headers instead",
            ));
        }
        if written_path.contains(['?', '#']) {
            return Err(err("holds a query or fragment"));
        }
        let prefix = written_path.trim_end_matches('/');
        if let Err(e) = crate::signing::check_path(prefix) {
            return Err(SiteError(format!(
                "the base URL's path {prefix:?} cannot be sent as is: {}",
                e.message()
            )));
        }
        if !authority.is_ascii() {
            return Err(err(
                "has a host that is not ASCII; write an internationalised name as its A-label \
                 (xn--…)",
            ));
        }
        // Only the authority is left to parse: the scheme and the path (wire characters
        // only, which every URI parser accepts) are checked above. Parsing the authority
        // alone, rather than the whole URI, keeps the `http` crate's URI and path parsers out
        // of the npm .wasm files (about 2 KB gzipped each); it refuses exactly what parsing
        // the whole URI refused, with the same words: a URI longer than the crate takes, and
        // an empty authority (its "invalid format" when a path follows, else "empty string").
        const MAX_URI: usize = u16::MAX as usize - 1;
        if trimmed.len() > MAX_URI {
            return Err(err("is not a URL (uri too long)"));
        }
        if authority.is_empty() && !written_path.is_empty() {
            return Err(err("is not a URL (invalid format)"));
        }
        let authority: http::uri::Authority = authority
            .parse()
            .map_err(|e| err(&format!("is not a URL ({e})")))?;
        if authority.host().is_empty() {
            return Err(err("has no host"));
        }
        // What follows the host is the port: `Authority::port` gives none for one that is not
        // a 16-bit number, which must be refused, not dropped.
        let port = match authority
            .as_str()
            .strip_prefix(authority.host())
            .and_then(|rest| rest.strip_prefix(':'))
        {
            None => None,
            Some(text) => Some(
                text.parse::<u16>()
                    .map_err(|_| err("has a port that is not a number from 0 to 65535"))?,
            ),
        };
        // A proxy may resolve `.` and `..` segments: the path it forwards would not be the one
        // signed.
        if prefix
            .split('/')
            .any(|segment| segment == "." || segment == "..")
        {
            return Err(SiteError(format!(
                "the base URL's path {prefix:?} has '.' or '..' segments, which may be sent \
                 resolved; write the path as it is sent, since it is signed byte for byte"
            )));
        }
        // Scheme and host lower-cased; a port that is the scheme's default left out.
        let host = authority.host().to_ascii_lowercase();
        let default_port = if scheme == "https" { 443 } else { 80 };
        let origin = match port.filter(|port| *port != default_port) {
            Some(port) => format!("{scheme}://{host}:{port}"),
            None => format!("{scheme}://{host}"),
        };
        Ok(BaseUrl {
            path_start: origin.len(),
            url: origin + prefix,
        })
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

impl PrepareError {
    /// The message in `lang`: how many errors, then each error's field, message and code, one
    /// per line (the English is [`Display`](fmt::Display)'s).
    pub fn message_in(&self, lang: crate::Lang) -> String {
        if lang == crate::Lang::En {
            return self.to_string();
        }
        let report = self.report();
        let errors: Vec<&Finding> = report.errors().collect();
        let mut text = format!("요청이 올바르지 않습니다(오류 {}개)", errors.len());
        for e in errors {
            let message = e.message_in(lang);
            if e.field.is_empty() {
                text.push_str(&format!("\n  {message} [{}]", e.code));
            } else {
                text.push_str(&format!("\n  {}: {message} [{}]", e.field, e.code));
            }
        }
        text
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

/// `Content-Type` and `Accept` of every request.
const JSON_HEADERS: [(&str, &str); 2] = [
    ("Content-Type", "application/json"),
    ("Accept", "application/json"),
];

/// A validated request, ready to be signed: exactly what to send, less the signature.
///
/// Serialises as `{"method","url","path","headers":{…},"body","warnings":[…]}`, `headers` an
/// object in order and `body` `null` for a call sent without one.
#[serde_as]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[non_exhaustive]
pub struct PreparedRequest {
    /// `POST` for the issuance request; `GET` or `POST` for the calls after it.
    pub method: String,
    /// Base URL + path.
    pub url: String,
    /// The request-target that is signed: path (with any base-URL prefix), no host.
    pub path: String,
    /// `Content-Type` and `Accept`, in that order.
    #[serde_as(as = "serde_with::Map<_, _>")]
    pub headers: Vec<(String, String)>,
    /// The JSON body; `None` for a `GET`, which is sent without a
    /// body (fetch refuses even an empty one on a `GET`).
    pub body: Option<String>,
    /// Warnings validation found; they did not block.
    #[serde(default)]
    pub warnings: Vec<Finding>,
}

impl PreparedRequest {
    pub(crate) fn new(site: &Site, body: String, warnings: Vec<Finding>) -> Self {
        let mut prepared = Self::call(site, "POST", ISSUANCE_PATH, body);
        prepared.warnings = warnings;
        prepared
    }

    /// A call with a body to `api_path_and_query` (already percent-encoded, checked by the
    /// caller) on `site`: the URL is built from the same request-target that is signed.
    pub(crate) fn call(site: &Site, method: &str, api_path_and_query: &str, body: String) -> Self {
        Self::to(site, method, api_path_and_query, Some(body))
    }

    /// A `GET` of `api_path_and_query` on `site`, sent without a body.
    pub(crate) fn get(site: &Site, api_path_and_query: &str) -> Self {
        Self::to(site, "GET", api_path_and_query, None)
    }

    pub(crate) fn to(
        site: &Site,
        method: &str,
        api_path_and_query: &str,
        body: Option<String>,
    ) -> Self {
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

    /// `false` for a call sent without a body (a `GET`).
    pub fn has_body(&self) -> bool {
        self.body.is_some()
    }

    /// Signs with `timestamp_ms` (milliseconds since the Unix epoch, from the caller's clock).
    /// Sign again for every attempt: a retry needs a fresh timestamp.
    pub fn sign(&self, signer: &Signer, timestamp_ms: u64) -> Result<SignedRequest, SigningError> {
        let signature = signer.headers(&self.method, &self.path, timestamp_ms)?;
        Ok(SignedRequest {
            prepared: self.clone(),
            signature,
            timestamp_ms,
        })
    }

    /// The value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(
            self.headers.iter().map(|(k, v)| (k.as_str(), v.as_str())),
            name,
        )
    }

    /// As JSON: `{"method","url","path","headers":{…},"body","warnings":[…]}`; `body` is
    /// `null` for a call sent without one.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// A signed request: send exactly [`method`](Self::method), [`url`](Self::url),
/// [`headers`](Self::headers) and [`body`](Self::body).
///
/// Serialises as `{"method","url","path","headers":{…},"body","timestampMs"}`: the prepared
/// request's fields with the signature headers after its own and the method upper-cased.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(into = "SignedRequestJson")]
#[non_exhaustive]
pub struct SignedRequest {
    prepared: PreparedRequest,
    signature: SignatureHeaders,
    timestamp_ms: u64,
}

impl SignedRequest {
    /// The request that was signed, as prepared.
    pub fn prepared(&self) -> &PreparedRequest {
        &self.prepared
    }

    /// The three signature headers, and the method as signed.
    pub fn signature(&self) -> &SignatureHeaders {
        &self.signature
    }

    /// The method, upper-cased, as signed.
    pub fn method(&self) -> &str {
        &self.signature.method
    }

    /// The URL to send to; its path is byte for byte the one signed.
    pub fn url(&self) -> &str {
        &self.prepared.url
    }

    /// The signed request-target.
    pub fn path(&self) -> &str {
        &self.prepared.path
    }

    /// `Content-Type`, `Accept`, then the three signature headers, as `(name, value)`.
    pub fn headers(&self) -> impl Iterator<Item = (&str, &str)> {
        self.prepared
            .headers
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .chain(self.signature.pairs())
    }

    /// The value of a header, by case-insensitive name.
    pub fn header(&self, name: &str) -> Option<&str> {
        find_header(self.headers(), name)
    }

    /// The JSON body; `None` for a call sent without a body (a `GET`).
    pub fn body(&self) -> Option<&str> {
        self.prepared.body.as_deref()
    }

    /// `false` for a call sent without a body (a `GET`).
    pub fn has_body(&self) -> bool {
        self.prepared.has_body()
    }

    /// The timestamp signed, in milliseconds.
    pub fn timestamp_ms(&self) -> u64 {
        self.timestamp_ms
    }

    /// As JSON: `{"method","url","path","headers":{…},"body","timestampMs"}`; `body` is `null`
    /// for a call sent without one.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }
}

/// The JSON shape of a [`SignedRequest`]: one flat object, as hosts send it.
#[serde_as]
#[derive(Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
struct SignedRequestJson {
    method: String,
    url: String,
    path: String,
    #[serde_as(as = "serde_with::Map<_, _>")]
    headers: Vec<(String, String)>,
    body: Option<String>,
    timestamp_ms: u64,
}

impl From<SignedRequest> for SignedRequestJson {
    fn from(signed: SignedRequest) -> Self {
        let mut headers = signed.prepared.headers;
        headers.extend(
            signed
                .signature
                .pairs()
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string())),
        );
        SignedRequestJson {
            method: signed.signature.method,
            url: signed.prepared.url,
            path: signed.prepared.path,
            headers,
            body: signed.prepared.body,
            timestamp_ms: signed.timestamp_ms,
        }
    }
}

fn find_header<'a>(
    mut headers: impl Iterator<Item = (&'a str, &'a str)>,
    name: &str,
) -> Option<&'a str> {
    headers
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v)
}

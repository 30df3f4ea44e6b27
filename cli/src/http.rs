//! Sending a signed request: the only HTTP in ncpcert (a blocking client with rustls).

use ncpcert::SignedRequest;
use std::time::Duration;

/// Bodies larger than this are cut (NCP's answers are a few hundred bytes).
const MAX_RESPONSE_BYTES: u64 = 16 * 1024 * 1024;

pub struct Client {
    agent: ureq::Agent,
}

impl Client {
    pub fn new(timeout: Duration) -> Self {
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            // Every status is an answer to read, not a transport error.
            .http_status_as_error(false)
            .build();
        Client {
            agent: config.into(),
        }
    }

    /// Sends exactly the method, URL, headers and body of `request`; returns the status and
    /// body, or a transport error in words.
    pub fn send(&self, request: &SignedRequest) -> Result<(u16, Vec<u8>), String> {
        let mut builder = ureq::http::Request::builder()
            .method(request.method.as_str())
            .uri(request.url.as_str());
        for (name, value) in &request.headers {
            builder = builder.header(name.as_str(), value.as_str());
        }
        let http_request = builder
            .body(request.body.clone())
            .map_err(|e| format!("cannot build the HTTP request: {e}"))?;
        let mut response = self
            .agent
            .run(http_request)
            .map_err(|e| format!("{} could not be reached: {e}", request.url))?;
        let status = response.status().as_u16();
        let body = response
            .body_mut()
            .with_config()
            .limit(MAX_RESPONSE_BYTES)
            .read_to_vec()
            .map_err(|e| format!("reading the answer from {} failed: {e}", request.url))?;
        Ok((status, body))
    }
}

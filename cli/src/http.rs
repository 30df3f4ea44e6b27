//! Sending a signed request: the only HTTP in ncpcert (a blocking client with rustls).
//!
//! A failed exchange says whether any byte of the request had been written to the connection:
//! before that, NCP cannot have acted on it and it may be resent; after it, the outcome is
//! unknown. The client learns this from its own transport rather than from error
//! texts: every connection is wrapped in [`WriteWatch`], which notes the first write.

use ncpcert::{SignedRequest, TransportFailure};
use std::fmt;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Arc;
use std::time::Duration;
use ureq::unversioned::resolver::DefaultResolver;
use ureq::unversioned::transport::{
    Buffers, ConnectionDetails, Connector, DefaultConnector, NextTimeout, Transport,
};

/// Bodies larger than this are cut (NCP's answers are a few hundred bytes).
const MAX_RESPONSE_BYTES: u64 = 16 * 1024 * 1024;

/// How long connecting (DNS, TCP, TLS) may take.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

/// A failed exchange: what happened, and whether the request had been (partly) written.
#[derive(Debug)]
pub struct TransportError {
    pub message: String,
    pub failure: TransportFailure,
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// An answer: its status, its body and its `Date` header (from which the core learns the
/// clock's skew).
pub struct Answer {
    pub status: u16,
    pub body: Vec<u8>,
    pub date: Option<String>,
}

impl TransportError {
    /// Whether any byte of the request was written before the failure.
    pub fn written(&self) -> bool {
        self.failure != TransportFailure::BeforeWrite
    }
}

pub struct Client {
    agent: ureq::Agent,
    written: Arc<AtomicBool>,
}

impl Client {
    /// `timeout`: how long one exchange may take once connected (sending the request and
    /// receiving the whole answer).
    pub fn new(timeout: Duration) -> Self {
        let config = ureq::Agent::config_builder()
            .timeout_connect(Some(CONNECT_TIMEOUT))
            .timeout_per_call(Some(timeout + CONNECT_TIMEOUT))
            .timeout_recv_response(Some(timeout))
            .timeout_recv_body(Some(timeout))
            // Every status is an answer to read, not a transport error.
            .http_status_as_error(false)
            .build();
        let written = Arc::new(AtomicBool::new(false));
        let connector = DefaultConnector::new().chain(WatchWrites(written.clone()));
        Client {
            agent: ureq::Agent::with_parts(config, connector, DefaultResolver::default()),
            written,
        }
    }

    /// Sends exactly the method, URL, headers and body of `request` (no body for a call
    /// without one); returns the answer.
    pub fn send(&self, request: &SignedRequest) -> Result<Answer, TransportError> {
        let mut builder = ureq::http::Request::builder()
            .method(request.method())
            .uri(request.url());
        for (name, value) in request.headers() {
            builder = builder.header(name, value);
        }
        let before_write = |message: String| TransportError {
            message,
            failure: TransportFailure::BeforeWrite,
        };
        self.written.store(false, Ordering::SeqCst);
        let sent = if let Some(body) = request.body() {
            let http_request = builder
                .body(body.to_owned())
                .map_err(|e| before_write(format!("cannot build the HTTP request: {e}")))?;
            self.agent.run(http_request)
        } else {
            let http_request = builder
                .body(())
                .map_err(|e| before_write(format!("cannot build the HTTP request: {e}")))?;
            self.agent.run(http_request)
        };
        let failed = |what: String| TransportError {
            message: what,
            failure: TransportFailure::from_written(self.written.load(Ordering::SeqCst)),
        };
        let mut response = sent.map_err(|e| {
            failed(format!(
                "{} {} failed: {e}{}",
                request.method(),
                request.url(),
                match TransportFailure::from_written(self.written.load(Ordering::SeqCst)) {
                    TransportFailure::BeforeWrite => " (nothing was sent)",
                    _ => " (after the request was sent)",
                }
            ))
        })?;
        let status = response.status().as_u16();
        let date = response
            .headers()
            .get("date")
            .and_then(|v| v.to_str().ok())
            .map(String::from);
        let body = response
            .body_mut()
            .with_config()
            .limit(MAX_RESPONSE_BYTES)
            .read_to_vec()
            .map_err(|e| {
                failed(format!(
                    "reading the answer from {} failed (after the request was sent): {e}",
                    request.url()
                ))
            })?;
        Ok(Answer { status, body, date })
    }
}

/// The last link of the connector chain: wraps each new connection (after TLS, so it sees
/// the request's own bytes) in a [`WriteWatch`].
#[derive(Debug)]
struct WatchWrites(Arc<AtomicBool>);

impl Connector<Box<dyn Transport>> for WatchWrites {
    type Out = WriteWatch;

    fn connect(
        &self,
        _details: &ConnectionDetails,
        chained: Option<Box<dyn Transport>>,
    ) -> Result<Option<Self::Out>, ureq::Error> {
        Ok(chained.map(|inner| WriteWatch {
            inner,
            written: self.0.clone(),
        }))
    }
}

/// A connection that notes when bytes of a request are handed to it for writing.
#[derive(Debug)]
struct WriteWatch {
    inner: Box<dyn Transport>,
    written: Arc<AtomicBool>,
}

impl Transport for WriteWatch {
    fn buffers(&mut self) -> &mut dyn Buffers {
        self.inner.buffers()
    }

    fn transmit_output(&mut self, amount: usize, timeout: NextTimeout) -> Result<(), ureq::Error> {
        if amount > 0 {
            // Noted before the write: a write that fails half-way may still have delivered
            // the request.
            self.written.store(true, Ordering::SeqCst);
        }
        self.inner.transmit_output(amount, timeout)
    }

    fn await_input(&mut self, timeout: NextTimeout) -> Result<bool, ureq::Error> {
        self.inner.await_input(timeout)
    }

    fn is_open(&mut self) -> bool {
        self.inner.is_open()
    }

    fn is_tls(&self) -> bool {
        self.inner.is_tls()
    }
}

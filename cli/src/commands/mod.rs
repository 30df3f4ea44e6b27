//! One module per subcommand. Each returns what to print on success — the JSON document of
//! `--json` and the text for people — or a [`Failure`].

pub mod chain;
pub mod completions;
pub mod csr;
pub mod dcv;
pub mod dns;
pub mod inspect;
pub mod issue;
pub mod journal;
pub mod key;
pub mod list;
pub mod orgs;
pub mod prepare;
pub mod renew;
pub mod request;
pub mod sign;
pub mod status;

use crate::args::{Cli, Command};
use crate::failure::Failure;
use crate::session::Context;
use serde_json::Value;

/// What a command printed: one JSON document for `--json`, text for people.
pub struct Output {
    pub json: Value,
    pub text: String,
    /// The exit status: 0, or 1 for a result that asks for attention (`list
    /// --expiring-within`, a `renew` that left or failed a certificate) with its document.
    pub status: u8,
}

impl Output {
    pub fn new(json: Value, text: impl Into<String>) -> Self {
        Output {
            json,
            text: text.into(),
            status: 0,
        }
    }

    pub fn with_status(mut self, status: u8) -> Self {
        self.status = status;
        self
    }
}

pub fn run(cli: &Cli, context: &Context) -> Result<Output, Failure> {
    match &cli.command {
        Command::Sign {
            method,
            path,
            timestamp,
            clock,
        } => sign::run(context, method, path, *timestamp, clock),
        Command::Key { algorithm, out } => key::run(algorithm, out),
        Command::Csr { key, domains, out } => csr::run(key, domains, out.as_deref()),
        Command::Inspect { file } => inspect::run(file),
        Command::Prepare {
            request,
            format,
            unsigned,
            timestamp,
            clock,
        } => prepare::run(context, request, *format, *unsigned, *timestamp, clock),
        Command::Request { request, send } => request::run(context, request, send),
        Command::Status { no, name, read } => status::run(context, *no, name.as_deref(), read),
        Command::Dcv { no, domains, read } => dcv::run(context, *no, domains, read),
        Command::Chain {
            no,
            out,
            force,
            read,
        } => chain::run(context, *no, out, *force, read),
        Command::Orgs { validated, read } => orgs::run(context, *validated, read),
        Command::Issue {
            request,
            out,
            force,
            wait,
            poll_interval,
            wait_timeout,
            send,
        } => issue::run(
            context,
            request,
            &issue::Waiting {
                out,
                force: *force,
                wait: *wait,
                poll_interval: *poll_interval,
                wait_timeout: *wait_timeout,
                deploy_hooks: &request.deploy_hooks,
            },
            send,
        ),
        Command::Journal => journal::run(context),
        Command::Dns { action } => dns::run(context, action),
        Command::Present(args) => dns::run_record(context, dns::Operation::Present, args),
        Command::Cleanup(args) => dns::run_record(context, dns::Operation::Cleanup, args),
        Command::List {
            expiring_within,
            connection,
            timeout,
            clock,
        } => list::run(context, *expiring_within, connection, *timeout, clock),
        Command::Renew(args) => renew::run(context, None, args),
        Command::Reissue { no, renewal } => renew::run(context, Some(*no), renewal),
        Command::Completions { shell } => completions::run(*shell),
    }
}

//! `ncpcert`: get certificates from NAVER Cloud Platform Certificate Manager — validate, sign
//! and send Advanced DV / OV requests, never ordering twice, and follow them to
//! the certificate files.
//!
//! Exit status: 0 done; 1 refused or failed; 2 invalid input (nothing was sent);
//! 3 outcome unknown (an order may exist); 4 not finished yet (the order is pending).
//! `--json` prints exactly one JSON document on stdout, on success and on failure.

mod args;
mod chain;
mod commands;
mod dcv;
mod deploy;
mod dnsnet;
mod drive;
mod failure;
mod files;
mod handsfree;
mod http;
mod journal;
mod lookup;
mod orgs;
mod output;
mod publish;
mod read;
mod records;
mod rotate;
mod session;

use clap::error::ErrorKind;
use clap::Parser;
use std::io::Write;
use std::process::ExitCode;

fn main() -> ExitCode {
    let argv: Vec<std::ffi::OsString> = std::env::args_os().collect();
    if let Some(failure) = commands::dns::raw_mode_refusal(&argv) {
        return fail(argv.iter().any(|a| a == "--json"), &failure);
    }
    let cli = match args::Cli::try_parse_from(&argv) {
        Ok(cli) => cli,
        Err(e) => return command_line_error(&e),
    };
    let lang = match cli.lang.as_deref() {
        Some(given) => ncpcert::Lang::from_code_str(given).unwrap_or_default(),
        None => ncpcert::Lang::from_locale_vars(
            ["LC_ALL", "LC_MESSAGES", "LANG"]
                .map(|name| std::env::var(name).ok())
                .iter()
                .map(Option::as_deref)
                .collect::<Vec<_>>(),
        ),
    };
    failure::set_lang(lang);
    let context = session::Context::new(&cli);
    let outcome = commands::run(&cli, &context);
    let mut stdout = std::io::stdout();
    match outcome {
        Ok(output) => {
            let text = if cli.json {
                serde_json::to_string_pretty(&output.json).unwrap_or_default()
            } else {
                output.text
            };
            if !text.is_empty() {
                let _ = writeln!(stdout, "{text}");
            }
            ExitCode::from(output.status)
        }
        Err(failure) => fail(cli.json, &failure),
    }
}

/// A failed command: its JSON document on stdout with `--json`, its text on stderr.
fn fail(json: bool, failure: &failure::Failure) -> ExitCode {
    if json {
        let document = serde_json::to_string_pretty(&failure.to_json()).unwrap_or_default();
        let _ = writeln!(std::io::stdout(), "{document}");
    }
    eprintln!("ncpcert: {}", failure.text());
    ExitCode::from(failure.status)
}

/// A command line clap refused. With `--json` anywhere in it, stdout still gets one JSON
/// document (`argument.invalid`, exit status 2); help and version print as usual.
fn command_line_error(e: &clap::Error) -> ExitCode {
    let asked_for_json = std::env::args_os().any(|a| a == "--json");
    if matches!(e.kind(), ErrorKind::DisplayHelp | ErrorKind::DisplayVersion) || !asked_for_json {
        e.exit();
    }
    let rendered = e.render().to_string();
    let message = rendered
        .lines()
        .next()
        .unwrap_or("the command line is not valid")
        .trim_start_matches("error: ")
        .to_owned();
    let failure = failure::Failure::argument(message).with(
        "hint",
        "Run `ncpcert --help`, or the subcommand with --help, for its usage.",
    );
    let document = serde_json::to_string_pretty(&failure.to_json()).unwrap_or_default();
    let _ = writeln!(std::io::stdout(), "{document}");
    eprint!("{rendered}");
    ExitCode::from(failure.status)
}

//! `ncpcert completions SHELL`: a completion script (clap_complete).

use super::Output;
use crate::args::Cli;
use crate::failure::Failure;
use clap::CommandFactory;
use clap_complete::Shell;
use serde_json::json;

pub fn run(shell: Shell) -> Result<Output, Failure> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "ncpcert", &mut script);
    let script = String::from_utf8_lossy(&script).into_owned();
    Ok(Output::new(
        json!({"shell": shell.to_string(), "script": script}),
        script.trim_end().to_owned(),
    ))
}

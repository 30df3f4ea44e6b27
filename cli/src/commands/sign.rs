//! `ncpcert sign`: the signature v2 headers of one request.

use super::Output;
use crate::args::ClockArgs;
use crate::failure::Failure;
use crate::session::{now_ms, Context};
use serde_json::{Map, Value};

pub fn run(
    context: &Context,
    method: &str,
    path: &str,
    timestamp: Option<u64>,
    clock: &ClockArgs,
) -> Result<Output, Failure> {
    let signer = context.signer()?;
    let timestamp = match timestamp {
        Some(ts) => ts,
        None => now_ms(clock.clock_offset_ms)?,
    };
    let headers = signer.headers(method, path, timestamp)?;
    let json: Map<String, Value> = headers
        .pairs()
        .iter()
        .map(|(k, v)| (k.to_string(), Value::from(*v)))
        .collect();
    let text = headers
        .pairs()
        .iter()
        .map(|(name, value)| format!("{name}: {value}"))
        .collect::<Vec<_>>()
        .join("\n");
    Ok(Output::new(Value::Object(json), text))
}

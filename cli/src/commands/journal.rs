//! `ncpcert journal`: every paid request sent from this machine (the state directory's
//! journal), oldest first.

use super::Output;
use crate::failure::Failure;
use crate::journal::Journal;
use crate::session::Context;
use ncpcert::order::{JournalEntry, JournalEvent};
use serde_json::json;

pub fn run(context: &Context) -> Result<Output, Failure> {
    let journal = Journal::in_dir(&context.state_dir()?);
    let entries = JournalEntry::read_all(&journal.read()?);
    let path = journal.path().display().to_string();
    let mut text = format!("journal: {path}\n");
    if entries.is_empty() {
        text.push_str("no paid request was sent with this state directory");
    }
    for e in &entries {
        let what = match (e.event, e.outcome) {
            (JournalEvent::Attempt, _) => format!("attempt {} sent", e.attempt),
            (_, Some(outcome)) => {
                let no = e
                    .certificate_no
                    .map(|n| format!(" certificateNo {n}"))
                    .unwrap_or_default();
                format!("{}{no}", outcome.as_str())
            }
            _ => String::from("outcome"),
        };
        text.push_str(&format!(
            "{}  {:<28} {} ({}, {})  {what}\n",
            e.time,
            e.operation,
            e.certificate_name,
            e.certificate_type,
            e.names.join(" ")
        ));
    }
    let text = text.trim_end().to_owned();
    Ok(Output::new(json!({"path": path, "entries": entries}), text))
}

//! The order workflow: every decision about a paid call, made once, with no I/O.
//!
//! The issuance request buys a certificate, so it is sent again only when NCP certainly did
//! not act on it; when NCP may have (a lost answer, a 5xx, "the name already exists" after
//! such an attempt), the certificate name is looked up first, and a certificate found by name
//! counts as this request's order only under the identity rule ([`OrderIdentity`]): same names
//! and type, an attempt of this workflow (or the host's journal) that may have placed it, and,
//! once issued, the CSR's public key. [`OrderWorkflow`] is the machine; hosts drive it with
//! their own HTTP client, clock, sleep and journal file:
//!
//! | the host asks ([`OrderWorkflow::next`]) | and gets ([`Action`]) | then |
//! |---|---|---|
//! | | `Journal(entry)` | appends `entry.to_line()` to its journal (or skips it) |
//! | | `Sleep { ms }` | sleeps |
//! | | `Send(call)` | signs `call.request` with its clock + `call.clock_offset_ms`, sends it, and feeds [`OrderWorkflow::receive`] or [`OrderWorkflow::transport_failed`] |
//! | | `Done(result)` | reports the [`PlacedOrder`] or the [`OrderError`] |
//!
//! The journal's format is [`JournalEntry`]'s; the codes of [`OrderError`] are in
//! [`crate::codes::ErrorCode`].

mod identity;
mod journal;
mod machine;
mod messages;
mod public_key;
mod result;
pub(crate) mod time;

pub use identity::OrderIdentity;
pub use journal::{
    JournalEntry, JournalEvent, JournalEvidence, JournalOutcome, JOURNAL_FILE, JOURNAL_VERSION,
};
pub use machine::{read_again_after, Action, Call, OrderOptions, OrderWorkflow, Purpose};
pub use result::{CallFailure, OrderError, OrderPath, PlacedOrder, Step, WorkflowMisuse};

/// The CSR's public key in the form identity rule 3 compares (crate-internal).
pub(crate) fn csr_public_key(der: &[u8]) -> Option<Vec<u8>> {
    public_key::of_csr_der(der).ok()
}

/// `2026-12-06T21:58:53.123Z` for milliseconds since the Unix epoch: how the journal dates its
/// entries, for hosts that show times the same way.
pub fn rfc3339_utc(ms: u64) -> String {
    time::rfc3339(ms)
}

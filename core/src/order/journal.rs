//! The journal of paid calls: one JSON object per line, appended by the host before
//! each paid attempt is sent and after its outcome is known. A run killed between sending and
//! reading the answer leaves an attempt without an outcome; run again, the workflow reads that
//! as "this request may have placed an order" and looks the name up before sending anything.
//!
//! Format (`journal.jsonl`, UTF-8, one entry per line, never rewritten):
//!
//! ```text
//! {"version":1,"time":"2026-12-06T21:58:53.120Z","event":"attempt","operation":"requestPaidCertificateIssuance",
//!  "certificateName":"web","names":["example.com","www.example.com"],"certificateType":"NCP_PAID_DV_01",
//!  "bodySha256":"9f2c…","attempt":1}
//! {"version":1,"time":"2026-12-06T21:58:54.002Z","event":"outcome","operation":"requestPaidCertificateIssuance",
//!  "certificateName":"web","names":[…],"certificateType":"NCP_PAID_DV_01","bodySha256":"9f2c…","attempt":1,
//!  "outcome":"accepted","certificateNo":1000}
//! ```
//!
//! (each entry is one line; wrapped here). `outcome` is one of [`JournalOutcome`]'s names. An
//! entry never holds a secret key, a private key, a signature or the CSR: `bodySha256` is the
//! SHA-256 of the body sent, CSR included, so a rerun with the same request matches it.
//! Lines that do not read as entries (another version, a torn last line) are skipped.

#[cfg(feature = "journal")]
use serde::Deserialize;
use serde::Serialize;

/// The journal format's version, written in every entry.
pub const JOURNAL_VERSION: u32 = 1;

/// The file name of the journal in a host's state directory.
pub const JOURNAL_FILE: &str = "journal.jsonl";

/// What an entry records.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "journal", derive(Deserialize))]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum JournalEvent {
    /// A paid attempt is about to be sent.
    Attempt,
    /// What became of an attempt, or of the workflow.
    Outcome,
}

/// What became of an attempt or of the workflow.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "journal", derive(Deserialize))]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum JournalOutcome {
    /// NCP accepted the attempt: `certificateNo` is the order's.
    Accepted,
    /// A lookup found this request's order (the identity rule): `certificateNo`.
    Recovered,
    /// NCP refused the attempt; nothing was bought.
    Refused,
    /// The attempt certainly placed no order (it failed before NCP acted, or a lookup showed
    /// no certificate with the name).
    NotPlaced,
    /// The answer was lost: the attempt may have placed an order.
    Unknown,
    /// The name belongs to an earlier certificate; this request bought nothing.
    NameTaken,
    /// A certificate with the name and names is issued for another key; this request bought
    /// nothing.
    NotThisRequest,
    /// The workflow stopped without knowing whether an order exists.
    OutcomeUnknown,
}

impl JournalOutcome {
    /// The name as written, e.g. `"not_placed"`.
    pub fn as_str(self) -> &'static str {
        match self {
            JournalOutcome::Accepted => "accepted",
            JournalOutcome::Recovered => "recovered",
            JournalOutcome::Refused => "refused",
            JournalOutcome::NotPlaced => "not_placed",
            JournalOutcome::Unknown => "unknown",
            JournalOutcome::NameTaken => "name_taken",
            JournalOutcome::NotThisRequest => "not_this_request",
            JournalOutcome::OutcomeUnknown => "outcome_unknown",
        }
    }
}

/// One line of the journal.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[cfg_attr(feature = "journal", derive(Deserialize))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct JournalEntry {
    /// [`JOURNAL_VERSION`].
    pub version: u32,
    /// When the host wrote it, RFC 3339 UTC.
    pub time: String,
    /// `attempt` or `outcome`.
    pub event: JournalEvent,
    /// The paid call, e.g. `requestPaidCertificateIssuance`.
    pub operation: String,
    /// The certificate name sent.
    pub certificate_name: String,
    /// The certificate's names (lower-cased A-labels, sorted).
    pub names: Vec<String>,
    /// The certificate type sent.
    pub certificate_type: String,
    /// SHA-256 of the body sent (hex).
    pub body_sha256: String,
    /// The attempt of this run (from 1); 0 for an outcome of the whole workflow reached
    /// without sending (a resumed run's lookup).
    pub attempt: u32,
    /// For an `outcome` entry.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub outcome: Option<JournalOutcome>,
    /// The order's certificate, when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub certificate_no: Option<u64>,
    /// The order's id, when NCP's listing gave it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub order_id: Option<String>,
}

impl JournalEntry {
    /// The entry as one line of JSON, without the newline.
    pub fn to_line(&self) -> String {
        // Strings, numbers and enums only: serialising cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// The entries of a journal's text, oldest first; lines that are not entries of this
    /// version are skipped (a line torn by a crash included).
    #[cfg(feature = "journal")]
    pub fn read_all(text: &str) -> Vec<JournalEntry> {
        text.lines()
            .filter_map(|line| serde_json::from_str::<JournalEntry>(line.trim()).ok())
            .filter(|entry| entry.version == JOURNAL_VERSION)
            .collect()
    }
}

/// What a journal says about one request (matched on certificate name and body digest).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
#[non_exhaustive]
pub struct JournalEvidence {
    /// An attempt was sent and nothing since settled it: it may have placed the order.
    pub open_attempt: bool,
    /// The order this request placed or recovered, as recorded last.
    pub certificate_no: Option<u64>,
    /// NCP accepted a call of this request without naming the certificate (a reissue): it
    /// exists, and is found by name, never sent again.
    pub accepted: bool,
}

impl JournalEvidence {
    /// `true` when the journal says this request may have placed an order (identity
    /// rule 2).
    pub fn may_have_placed(&self) -> bool {
        self.open_attempt || self.certificate_no.is_some()
    }

    /// Reads `text` (the whole journal) for entries of `certificate_name` with `body_sha256`.
    #[cfg(feature = "journal")]
    pub fn from_journal(text: &str, certificate_name: &str, body_sha256: &str) -> Self {
        let mut evidence = JournalEvidence::default();
        let ours = JournalEntry::read_all(text)
            .into_iter()
            .filter(|e| e.certificate_name == certificate_name && e.body_sha256 == body_sha256);
        for entry in ours {
            match (entry.event, entry.outcome) {
                (JournalEvent::Attempt, _) => evidence.open_attempt = true,
                (JournalEvent::Outcome, Some(outcome)) => match outcome {
                    JournalOutcome::Accepted | JournalOutcome::Recovered => {
                        if entry.certificate_no.is_some() {
                            evidence.open_attempt = false;
                            evidence.certificate_no = entry.certificate_no;
                        } else {
                            // Accepted without a number (a reissue): the certificate
                            // exists and is still to be found by name.
                            evidence.open_attempt = true;
                            evidence.accepted = true;
                        }
                    }
                    // The name is someone else's (or NCP refused): this request bought
                    // nothing with the attempts so far.
                    JournalOutcome::Refused
                    | JournalOutcome::NotPlaced
                    | JournalOutcome::NameTaken
                    | JournalOutcome::NotThisRequest => evidence.open_attempt = false,
                    // Still unsettled.
                    JournalOutcome::Unknown | JournalOutcome::OutcomeUnknown => {
                        evidence.open_attempt = true
                    }
                },
                (JournalEvent::Outcome, None) => {}
            }
        }
        evidence
    }
}

#[cfg(all(test, feature = "journal"))]
mod tests {
    use super::*;

    fn entry(event: JournalEvent, outcome: Option<JournalOutcome>, no: Option<u64>) -> String {
        JournalEntry {
            version: JOURNAL_VERSION,
            time: "2026-12-06T00:00:00.000Z".into(),
            event,
            operation: "requestPaidCertificateIssuance".into(),
            certificate_name: "web".into(),
            names: vec!["www.example.com".into()],
            certificate_type: "NCP_PAID_DV_01".into(),
            body_sha256: "ab".into(),
            attempt: 1,
            outcome,
            certificate_no: no,
            order_id: None,
        }
        .to_line()
    }

    fn evidence(lines: &[String]) -> JournalEvidence {
        JournalEvidence::from_journal(&lines.join("\n"), "web", "ab")
    }

    #[test]
    fn a_line_reads_back_and_holds_nothing_secret() {
        let line = entry(JournalEvent::Outcome, Some(JournalOutcome::NotPlaced), None);
        let value: serde_json::Value = serde_json::from_str(&line).unwrap();
        assert_eq!(value["outcome"], "not_placed");
        assert_eq!(value["event"], "outcome");
        assert_eq!(value["bodySha256"], "ab");
        assert!(value.get("certificateNo").is_none());
        assert_eq!(JournalEntry::read_all(&line).len(), 1);
        for outcome in [
            JournalOutcome::Accepted,
            JournalOutcome::Recovered,
            JournalOutcome::Refused,
            JournalOutcome::NotPlaced,
            JournalOutcome::Unknown,
            JournalOutcome::NameTaken,
            JournalOutcome::NotThisRequest,
            JournalOutcome::OutcomeUnknown,
        ] {
            assert_eq!(serde_json::to_value(outcome).unwrap(), outcome.as_str());
        }
    }

    #[test]
    fn an_attempt_without_an_outcome_may_have_placed_the_order() {
        let attempt = entry(JournalEvent::Attempt, None, None);
        assert!(evidence(std::slice::from_ref(&attempt)).open_attempt);
        // A torn last line (killed while writing) is skipped, not an error.
        let torn = format!("{attempt}\n{{\"version\":1,\"ti");
        assert!(JournalEvidence::from_journal(&torn, "web", "ab").open_attempt);
        let lost = entry(JournalEvent::Outcome, Some(JournalOutcome::Unknown), None);
        assert!(evidence(&[attempt.clone(), lost]).may_have_placed());
    }

    #[test]
    fn settled_attempts_are_not_evidence() {
        let attempt = entry(JournalEvent::Attempt, None, None);
        for outcome in [
            JournalOutcome::Refused,
            JournalOutcome::NotPlaced,
            JournalOutcome::NameTaken,
            JournalOutcome::NotThisRequest,
        ] {
            let settled = entry(JournalEvent::Outcome, Some(outcome), None);
            assert!(
                !evidence(&[attempt.clone(), settled]).may_have_placed(),
                "{outcome:?}"
            );
        }
    }

    #[test]
    fn an_accepted_order_is_remembered_by_number() {
        let attempt = entry(JournalEvent::Attempt, None, None);
        let accepted = entry(
            JournalEvent::Outcome,
            Some(JournalOutcome::Accepted),
            Some(1000),
        );
        let e = evidence(&[attempt, accepted]);
        assert_eq!(e.certificate_no, Some(1000));
        assert!(!e.open_attempt && e.may_have_placed());
    }

    #[test]
    fn other_requests_do_not_count() {
        let attempt = entry(JournalEvent::Attempt, None, None);
        assert!(!JournalEvidence::from_journal(&attempt, "web2", "ab").may_have_placed());
        assert!(!JournalEvidence::from_journal(&attempt, "web", "cd").may_have_placed());
        let other_version = attempt.replace("\"version\":1", "\"version\":2");
        assert!(!JournalEvidence::from_journal(&other_version, "web", "ab").may_have_placed());
    }
}

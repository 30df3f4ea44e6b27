//! The order workflow (SPEC §14) against a scripted fake NCP: every fault class of SPEC §12 at
//! every attempt, the identity rule's cases, the journal, and a property: whatever the faults
//! and answers, one workflow never leaves two orders at NCP.

use ncpcert::order::{
    Action, CallFailure, JournalEntry, JournalOutcome, OrderError, OrderOptions, OrderPath,
    OrderWorkflow, PlacedOrder, Purpose, Step,
};
use ncpcert::{AdvancedCertificateRequest, ErrorCode, Site};
use proptest::prelude::*;
use serde_json::json;
use std::collections::VecDeque;

const CSR: &str = include_str!("data/order/request.csr.pem");
/// A certificate for the CSR's key, and one for the same names with another key.
const SAME_KEY_CERT: &str = include_str!("data/order/same-key.cert.pem");
const OTHER_KEY_CERT: &str = include_str!("data/order/other-key.cert.pem");
const NAME: &str = "www-example";
const NOW_MS: u64 = 1_700_000_000_000;

fn request() -> AdvancedCertificateRequest {
    AdvancedCertificateRequest::builder()
        .csr(CSR)
        .certificate_type("DV")
        .certificate_name(NAME)
        .common_name("www.example.com")
        .dns_name("www.example.com")
        .dns_name("example.com")
        .validation_method("D")
        .build()
}

fn site() -> Site {
    Site::custom("http://127.0.0.1:9").unwrap()
}

/// What the fake does to one call.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fault {
    /// Answer normally.
    None,
    /// Connecting failed: nothing was written, NCP saw nothing.
    BeforeWrite,
    /// Gateway 410 Throttle Limited (HTTP 429): refused before Certificate Manager.
    Throttle,
    /// Gateway 500 Endpoint Error (HTTP 503) without acting.
    Unavailable,
    /// The call is carried out, then the answer is a gateway 510 (HTTP 504).
    ActedThen504,
    /// The call is carried out, then the connection drops (written, no answer).
    ActedThenDrop,
    /// The request is written and the connection drops before NCP acts.
    DropBeforeActing,
    /// The call is carried out and the answer is an unreadable 200.
    ActedThenGarbage,
    /// Gateway 200 Authentication Failed (HTTP 401).
    Unauthorized,
    /// Certificate Manager refuses: returnCode 1002 (HTTP 400).
    Refused,
    /// The host's client delivers the request twice (a browser resending a POST over a
    /// closed keep-alive connection): the first places the order, the answer seen is the
    /// second's, "the name already exists".
    Replayed,
}

const FAULTS: [Fault; 10] = [
    Fault::None,
    Fault::BeforeWrite,
    Fault::Throttle,
    Fault::Unavailable,
    Fault::ActedThen504,
    Fault::ActedThenDrop,
    Fault::DropBeforeActing,
    Fault::ActedThenGarbage,
    Fault::Unauthorized,
    Fault::Refused,
];

#[derive(Clone, Debug)]
struct Certificate {
    no: u64,
    name: String,
    common_name: String,
    dns: Vec<String>,
    kind: String,
    status: i64,
    cert_pem: &'static str,
    /// Placed by the workflow under test.
    ours: bool,
}

enum Reply {
    Answer(u16, Vec<u8>),
    Transport(bool),
}

/// Certificate Manager with names unique per account, as NCP is.
struct FakeNcp {
    certificates: Vec<Certificate>,
    next_no: u64,
    faults: VecDeque<Fault>,
    /// Every call received, by purpose.
    calls: Vec<Purpose>,
    /// A certificate the fake issues once placed: (status, certificate).
    issue_as: Option<(i64, &'static str)>,
    /// Leave `certificateType` out of listings.
    list_without_type: bool,
    date: Option<String>,
}

impl FakeNcp {
    fn new(faults: &[Fault]) -> Self {
        FakeNcp {
            certificates: Vec::new(),
            next_no: 1000,
            faults: faults.iter().copied().collect(),
            calls: Vec::new(),
            issue_as: None,
            list_without_type: false,
            date: None,
        }
    }

    fn with_earlier(
        mut self,
        common_name: &str,
        dns: &[&str],
        kind: &str,
        status: i64,
        pem: &'static str,
    ) -> Self {
        let no = self.next_no;
        self.next_no += 1;
        self.certificates.push(Certificate {
            no,
            name: NAME.into(),
            common_name: common_name.into(),
            dns: dns.iter().map(|s| s.to_string()).collect(),
            kind: kind.into(),
            status,
            cert_pem: pem,
            ours: false,
        });
        self
    }

    fn ours(&self) -> Vec<&Certificate> {
        self.certificates.iter().filter(|c| c.ours).collect()
    }

    fn handle(&mut self, purpose: Purpose, body: &str) -> Reply {
        self.calls.push(purpose);
        let fault = self.faults.pop_front().unwrap_or(Fault::None);
        let gateway = |status: u16, code: &str| {
            Reply::Answer(
                status,
                json!({"error": {"errorCode": code, "message": "fault"}})
                    .to_string()
                    .into_bytes(),
            )
        };
        match fault {
            Fault::BeforeWrite => return Reply::Transport(false),
            Fault::Throttle => return gateway(429, "410"),
            Fault::Unavailable => return gateway(503, "500"),
            Fault::DropBeforeActing => return Reply::Transport(true),
            Fault::Unauthorized => return gateway(401, "200"),
            Fault::Refused => {
                return Reply::Answer(
                    400,
                    br#"{"returnCode":"1002","returnMessage":"Invalid PEM format"}"#.to_vec(),
                )
            }
            _ => {}
        }
        let answer = match purpose {
            Purpose::Order => self.order(body),
            Purpose::Lookup => self.list(),
            Purpose::Chain => self.chain(),
            _ => unreachable!(),
        };
        if fault == Fault::Replayed && purpose == Purpose::Order {
            return self.order(body);
        }
        match fault {
            Fault::ActedThen504 => gateway(504, "510"),
            Fault::ActedThenDrop => Reply::Transport(true),
            Fault::ActedThenGarbage => Reply::Answer(200, b"<html>proxy</html>".to_vec()),
            _ => answer,
        }
    }

    fn order(&mut self, body: &str) -> Reply {
        let body: serde_json::Value = serde_json::from_str(body).unwrap();
        let name = body["certificateName"].as_str().unwrap().to_owned();
        if self.certificates.iter().any(|c| c.name == name) {
            return Reply::Answer(
                400,
                json!({"returnCode": "2000", "returnMessage": format!("The certificate name already exists: {name}")})
                    .to_string()
                    .into_bytes(),
            );
        }
        let no = self.next_no;
        self.next_no += 1;
        let (status, cert_pem) = self.issue_as.unwrap_or((0, SAME_KEY_CERT));
        self.certificates.push(Certificate {
            no,
            name: name.clone(),
            common_name: body["commonName"].as_str().unwrap().into(),
            dns: body["dnsName"]
                .as_array()
                .map(|a| a.iter().map(|v| v.as_str().unwrap().to_owned()).collect())
                .unwrap_or_default(),
            kind: body["certificateType"].as_str().unwrap().into(),
            status,
            cert_pem,
            ours: true,
        });
        Reply::Answer(
            200,
            json!({"returnCode": "0", "returnMessage": "success", "totalRows": 1, "paidCertificate": {
                "certificateNo": no, "requestSn": "REQ", "certificateName": name, "statusCode": "0",
                "statusName": "ONGOING", "regDate": "2026-12-06 12:00:00", "validationMethod": "D",
                "organizationNo": null}})
            .to_string()
            .into_bytes(),
        )
    }

    fn list(&self) -> Reply {
        let certificates: Vec<serde_json::Value> = self
            .certificates
            .iter()
            .filter(|c| c.name == NAME)
            .map(|c| {
                let mut v = json!({"certificateNo": c.no, "certificateName": c.name,
                    "commonName": c.common_name, "dnsName": c.dns.join(","),
                    "statusCode": c.status.to_string(), "statusName": "x"});
                if !self.list_without_type {
                    v["certificateType"] = c.kind.clone().into();
                }
                v
            })
            .collect();
        let orders: Vec<serde_json::Value> = certificates
            .into_iter()
            .map(|c| json!({"orderId": format!("O-{}", c["certificateNo"]), "certificates": [c]}))
            .collect();
        Reply::Answer(
            200,
            json!({"returnCode": "0", "totalCount": orders.len(), "orders": orders})
                .to_string()
                .into_bytes(),
        )
    }

    fn chain(&self) -> Reply {
        let c = self
            .certificates
            .iter()
            .rev()
            .find(|c| c.name == NAME)
            .unwrap();
        Reply::Answer(
            200,
            json!({"returnCode": "0", "certificate": c.cert_pem.replace('\n', "\r\n"),
                "subCaCertificate": OTHER_KEY_CERT, "rootCaCertificate": OTHER_KEY_CERT})
            .to_string()
            .into_bytes(),
        )
    }
}

struct Run {
    result: Result<PlacedOrder, OrderError>,
    journal: Vec<JournalEntry>,
    slept_ms: u64,
}

fn drive(workflow: &mut OrderWorkflow, ncp: &mut FakeNcp) -> Run {
    let mut journal = Vec::new();
    let mut slept_ms = 0;
    for _ in 0..10_000 {
        match workflow.next(NOW_MS).expect("driven in turn") {
            Action::Journal(entry) => journal.push(entry),
            Action::Sleep { ms } => slept_ms += ms,
            Action::Send(call) => {
                assert_eq!(call.paid, call.purpose == Purpose::Order);
                if call.paid {
                    // The journal entry of the attempt precedes its sending.
                    let last = journal.last().expect("journalled before sending");
                    assert_eq!(last.attempt, call.attempt);
                    assert!(last.outcome.is_none());
                }
                match ncp.handle(
                    call.purpose,
                    call.request.body.as_deref().unwrap_or_default(),
                ) {
                    Reply::Answer(status, body) => workflow
                        .receive(status, &body, ncp.date.as_deref(), Some(NOW_MS))
                        .unwrap(),
                    Reply::Transport(written) => {
                        workflow.transport_failed(written, "boom").unwrap()
                    }
                }
            }
            Action::Done(result) => {
                // Done stays done.
                assert_eq!(workflow.next(NOW_MS).unwrap(), Action::Done(result.clone()));
                return Run {
                    result,
                    journal,
                    slept_ms,
                };
            }
            other => panic!("unexpected action {other:?}"),
        }
    }
    panic!("the workflow did not end");
}

fn run_with(faults: &[Fault], ncp: FakeNcp, options: OrderOptions) -> (Run, FakeNcp) {
    let mut ncp = FakeNcp {
        faults: faults.iter().copied().collect(),
        ..ncp
    };
    let mut workflow = OrderWorkflow::new(&request(), &site(), options).unwrap();
    let run = drive(&mut workflow, &mut ncp);
    (run, ncp)
}

fn place(faults: &[Fault]) -> (Run, FakeNcp) {
    run_with(faults, FakeNcp::new(&[]), OrderOptions::new())
}

fn code(run: &Run) -> ErrorCode {
    run.result.as_ref().expect_err("an error").code
}

fn placed(run: &Run) -> &PlacedOrder {
    run.result.as_ref().expect("an order")
}

fn step_names(steps: &[Step]) -> Vec<&'static str> {
    steps
        .iter()
        .map(|s| match s {
            Step::Resume { .. } => "resume",
            Step::Send { .. } => "send",
            Step::Lookup { .. } => "lookup",
            Step::Chain { .. } => "chain",
            Step::ClockCorrected { .. } => "clock",
            _ => "other",
        })
        .collect()
}

#[test]
fn accepted_at_once() {
    let (run, ncp) = place(&[]);
    let placed = placed(&run);
    assert_eq!(placed.path, OrderPath::Accepted);
    assert_eq!(placed.certificate_no, ncp.ours()[0].no);
    assert_eq!(ncp.calls, [Purpose::Order]);
    assert_eq!(step_names(&placed.steps), ["send"]);
    let outcomes: Vec<_> = run.journal.iter().map(|e| e.outcome).collect();
    assert_eq!(outcomes, [None, Some(JournalOutcome::Accepted)]);
    assert_eq!(run.journal[1].certificate_no, Some(placed.certificate_no));
}

/// Faults NCP certainly did not act on: resent (freshly, after a backoff), never looked up.
#[test]
fn not_acted_on_is_resent_at_every_attempt() {
    for fault in [Fault::BeforeWrite, Fault::Throttle] {
        for failures in 1..=2 {
            let faults = vec![fault; failures];
            let (run, ncp) = place(&faults);
            let placed = placed(&run);
            assert_eq!(placed.path, OrderPath::Accepted, "{fault:?}×{failures}");
            assert_eq!(placed.attempts as usize, failures + 1);
            assert_eq!(ncp.calls, vec![Purpose::Order; failures + 1], "{fault:?}");
            assert_eq!(ncp.ours().len(), 1);
            assert!(run.slept_ms > 0);
        }
        // Out of retries: nothing bought, and the error says so.
        let (run, ncp) = place(&[fault; 3]);
        assert_eq!(code(&run), ErrorCode::OrderNotPlaced, "{fault:?}");
        assert_eq!(ncp.calls.len(), 3);
        assert!(ncp.ours().is_empty());
    }
}

/// Faults NCP may have acted on, at every attempt: looked up, never resent blindly.
#[test]
fn maybe_acted_on_is_looked_up_at_every_attempt() {
    for fault in [
        Fault::ActedThen504,
        Fault::ActedThenDrop,
        Fault::ActedThenGarbage,
    ] {
        for earlier in 0..=2 {
            // `earlier` resendable failures first, then the ambiguous one that placed it.
            let mut faults = vec![Fault::Throttle; earlier];
            faults.push(fault);
            let (run, ncp) = place(&faults);
            let placed = placed(&run);
            assert_eq!(
                placed.path,
                OrderPath::Recovered,
                "{fault:?} at {}",
                earlier + 1
            );
            assert_eq!(placed.certificate_no, ncp.ours()[0].no);
            assert_eq!(ncp.ours().len(), 1);
            let orders = ncp.calls.iter().filter(|p| **p == Purpose::Order).count();
            assert_eq!(orders, earlier + 1, "the order was sent again");
            assert_eq!(ncp.calls.last(), Some(&Purpose::Lookup));
            assert_eq!(
                placed.order_id.as_deref(),
                Some(format!("O-{}", placed.certificate_no).as_str())
            );
            let last = run.journal.last().unwrap();
            assert_eq!(last.outcome, Some(JournalOutcome::Recovered));
        }
    }
    // Ambiguous but not acted on (a 503 before Certificate Manager, a drop before NCP read
    // it): the lookup finds nothing, and the request is sent again.
    for fault in [Fault::Unavailable, Fault::DropBeforeActing] {
        let (run, ncp) = place(&[fault]);
        assert_eq!(placed(&run).path, OrderPath::Accepted, "{fault:?}");
        assert_eq!(ncp.calls, [Purpose::Order, Purpose::Lookup, Purpose::Order]);
        assert_eq!(step_names(&placed(&run).steps), ["send", "lookup", "send"]);
        // Out of retries after lookups that found nothing: not placed.
        let (run, ncp) = place(&[fault, Fault::None, fault, Fault::None, fault]);
        assert_eq!(code(&run), ErrorCode::OrderNotPlaced, "{fault:?}");
        assert!(run
            .result
            .as_ref()
            .unwrap_err()
            .message
            .contains("lookup found no certificate"));
        assert!(ncp.ours().is_empty());
    }
}

#[test]
fn refusals_are_final_and_never_resent() {
    for fault in [Fault::Unauthorized, Fault::Refused] {
        let (run, ncp) = place(&[fault]);
        assert_eq!(code(&run), ErrorCode::OrderRefused, "{fault:?}");
        assert_eq!(ncp.calls, [Purpose::Order]);
        let error = run.result.unwrap_err();
        assert!(matches!(error.cause, Some(CallFailure::Api(_))));
        assert!(error.message.contains("Nothing was bought"));
    }
}

#[test]
fn name_taken_on_the_first_attempt_is_refused_and_nothing_is_resent() {
    // Even when the earlier certificate is for the very same names.
    let ncp = FakeNcp::new(&[]).with_earlier(
        "www.example.com",
        &["www.example.com", "example.com"],
        "NCP_PAID_DV_01",
        1,
        SAME_KEY_CERT,
    );
    let (run, ncp) = run_with(&[], ncp, OrderOptions::new());
    assert_eq!(code(&run), ErrorCode::OrderNameTaken);
    assert_eq!(ncp.calls, [Purpose::Order]);
    assert!(ncp.ours().is_empty());
    assert_eq!(
        run.journal.last().unwrap().outcome,
        Some(JournalOutcome::NameTaken)
    );
}

#[test]
fn name_taken_after_an_ambiguous_attempt_is_looked_up_and_recovered() {
    // Attempt 1 placed the order and lost the answer; the lookup's listing lagged (not
    // found), so attempt 2 went out and NCP said the name exists: look again, recover.
    let mut ncp = FakeNcp::new(&[]);
    ncp.faults = [Fault::ActedThen504].into_iter().collect();
    let mut workflow = OrderWorkflow::new(&request(), &site(), OrderOptions::new()).unwrap();
    let mut lookups = 0;
    let result = loop {
        match workflow.next(NOW_MS).unwrap() {
            Action::Send(call) if call.purpose == Purpose::Lookup && lookups == 0 => {
                lookups += 1;
                ncp.calls.push(Purpose::Lookup);
                let empty = br#"{"returnCode":"0","totalCount":0,"orders":[]}"#;
                workflow.receive(200, empty, None, None).unwrap();
            }
            Action::Send(call) => match ncp.handle(
                call.purpose,
                call.request.body.as_deref().unwrap_or_default(),
            ) {
                Reply::Answer(s, b) => workflow.receive(s, &b, None, None).unwrap(),
                Reply::Transport(w) => workflow.transport_failed(w, "x").unwrap(),
            },
            Action::Done(result) => break result,
            _ => {}
        }
    };
    let placed = result.expect("recovered");
    assert_eq!(placed.path, OrderPath::Recovered);
    assert_eq!(ncp.ours().len(), 1);
    assert_eq!(
        step_names(&placed.steps),
        ["send", "lookup", "send", "lookup"]
    );
}

#[test]
fn a_found_certificate_with_other_names_or_type_is_name_taken() {
    for (cn, dns, kind) in [
        ("api.example.com", vec!["api.example.com"], "NCP_PAID_DV_01"),
        ("www.example.com", vec!["www.example.com"], "NCP_PAID_DV_01"),
        (
            "www.example.com",
            vec!["www.example.com", "example.com"],
            "NCP_PAID_OV_01",
        ),
    ] {
        // The lost attempt did not place anything (the name was taken): the lookup finds
        // the earlier certificate.
        let ncp = FakeNcp::new(&[]).with_earlier(cn, &dns, kind, 0, SAME_KEY_CERT);
        let (run, ncp) = run_with(&[Fault::ActedThen504], ncp, OrderOptions::new());
        assert_eq!(code(&run), ErrorCode::OrderNameTaken, "{cn} {dns:?} {kind}");
        assert_eq!(ncp.calls, [Purpose::Order, Purpose::Lookup]);
        let error = run.result.unwrap_err();
        assert_eq!(error.certificate_no, Some(1000));
        assert!(
            error.message.contains("earlier certificate"),
            "{}",
            error.message
        );
    }
}

#[test]
fn a_found_issued_certificate_with_another_key_is_not_this_request() {
    let ncp = FakeNcp::new(&[]).with_earlier(
        "www.example.com",
        &["example.com", "www.example.com"],
        "NCP_PAID_DV_01",
        1,
        OTHER_KEY_CERT,
    );
    let (run, ncp) = run_with(&[Fault::ActedThenDrop], ncp, OrderOptions::new());
    assert_eq!(code(&run), ErrorCode::OrderNotThisRequest);
    assert_eq!(ncp.calls, [Purpose::Order, Purpose::Lookup, Purpose::Chain]);
    assert_eq!(
        run.journal.last().unwrap().outcome,
        Some(JournalOutcome::NotThisRequest)
    );
}

#[test]
fn a_found_issued_certificate_with_the_csr_key_is_recovered_with_its_chain() {
    let mut ncp = FakeNcp::new(&[]);
    ncp.issue_as = Some((1, SAME_KEY_CERT));
    let (run, ncp) = run_with(&[Fault::ActedThen504], ncp, OrderOptions::new());
    let placed = placed(&run);
    assert_eq!(placed.path, OrderPath::Recovered);
    assert_eq!(ncp.calls, [Purpose::Order, Purpose::Lookup, Purpose::Chain]);
    let chain = placed.chain.as_ref().expect("the chain read for the key");
    assert!(!chain.certificate.contains('\r'));
}

#[test]
fn lookup_failures_stop_with_outcome_unknown() {
    for lookup_fault in [
        Fault::Unavailable,
        Fault::BeforeWrite,
        Fault::ActedThenDrop,
        Fault::Unauthorized,
    ] {
        let faults = [
            Fault::ActedThen504,
            lookup_fault,
            lookup_fault,
            lookup_fault,
        ];
        let (run, ncp) = place(&faults);
        assert_eq!(
            code(&run),
            ErrorCode::OrderOutcomeUnknown,
            "{lookup_fault:?}"
        );
        let orders = ncp.calls.iter().filter(|p| **p == Purpose::Order).count();
        assert_eq!(orders, 1, "the order was sent again after a failed lookup");
        let error = run.result.unwrap_err();
        assert!(
            error.hint.contains("Do not send it again"),
            "{}",
            error.hint
        );
        assert_eq!(
            run.journal.last().unwrap().outcome,
            Some(JournalOutcome::OutcomeUnknown)
        );
    }
    // One failed lookup page is read again.
    let (run, _) = place(&[Fault::ActedThen504, Fault::Unavailable]);
    assert_eq!(placed(&run).path, OrderPath::Recovered);
}

#[test]
fn a_listing_without_the_type_proves_nothing() {
    let mut ncp = FakeNcp::new(&[]);
    ncp.list_without_type = true;
    let (run, _) = run_with(&[Fault::ActedThen504], ncp, OrderOptions::new());
    assert_eq!(code(&run), ErrorCode::OrderOutcomeUnknown);
    assert!(run.result.unwrap_err().message.contains("certificateType"));
}

#[test]
fn a_clock_refused_signature_is_corrected_once() {
    let mut ncp = FakeNcp::new(&[]);
    // NCP's clock is 10 minutes ahead of the host's.
    ncp.date = Some(String::from("Tue, 14 Nov 2023 22:23:20 GMT"));
    let (run, ncp) = run_with(&[Fault::Unauthorized], ncp, OrderOptions::new());
    let placed = placed(&run);
    assert_eq!(placed.path, OrderPath::Accepted);
    assert_eq!(ncp.calls, [Purpose::Order, Purpose::Order]);
    assert!(placed
        .steps
        .contains(&Step::ClockCorrected { offset_ms: 600_000 }));
    // A second refusal is the keys': final.
    let mut ncp = FakeNcp::new(&[]);
    ncp.date = Some(String::from("Tue, 14 Nov 2023 22:23:20 GMT"));
    let (run, _) = run_with(
        &[Fault::Unauthorized, Fault::Unauthorized],
        ncp,
        OrderOptions::new(),
    );
    assert_eq!(code(&run), ErrorCode::OrderRefused);
    // Any time of arrival, however absurd, is no overflow: corrected within i64, not a panic.
    for received in [0, u64::MAX, i64::MAX as u64 + 1] {
        let mut workflow = OrderWorkflow::new(&request(), &site(), OrderOptions::new()).unwrap();
        let _ = workflow.next(NOW_MS).unwrap();
        let _ = workflow.next(NOW_MS).unwrap();
        let refused = br#"{"error":{"errorCode":"200","message":"Authentication Failed"}}"#;
        workflow
            .receive(
                401,
                refused,
                Some("Tue, 14 Nov 2023 22:23:20 GMT"),
                Some(received),
            )
            .unwrap();
        assert!(
            workflow
                .steps()
                .iter()
                .any(|s| matches!(s, Step::ClockCorrected { .. })),
            "{received}"
        );
    }
    // A 401 with the clocks in step is final at once.
    let mut ncp = FakeNcp::new(&[]);
    ncp.date = Some(String::from("Tue, 14 Nov 2023 22:13:21 GMT"));
    let (run, ncp) = run_with(&[Fault::Unauthorized], ncp, OrderOptions::new());
    assert_eq!(code(&run), ErrorCode::OrderRefused);
    assert_eq!(ncp.calls.len(), 1);
}

fn journal_text(entries: &[JournalEntry]) -> String {
    entries.iter().map(|e| e.to_line() + "\n").collect()
}

#[test]
fn a_run_killed_after_sending_resumes_by_looking_up() {
    // The first run wrote the attempt, sent it, and was killed before the answer: the fake
    // holds the order, the journal an open attempt.
    let mut ncp = FakeNcp::new(&[]);
    let mut first = OrderWorkflow::new(&request(), &site(), OrderOptions::new()).unwrap();
    let mut journal = Vec::new();
    loop {
        match first.next(NOW_MS).unwrap() {
            Action::Journal(entry) => journal.push(entry),
            Action::Send(call) => {
                let _ = ncp.handle(
                    call.purpose,
                    call.request.body.as_deref().unwrap_or_default(),
                );
                break; // killed
            }
            other => panic!("{other:?}"),
        }
    }
    assert_eq!(ncp.ours().len(), 1);
    let options = OrderOptions::new().journal(journal_text(&journal));
    let mut again = OrderWorkflow::new(&request(), &site(), options).unwrap();
    let run = drive(&mut again, &mut ncp);
    let placed = placed(&run);
    assert_eq!(placed.path, OrderPath::Recovered);
    assert_eq!(placed.attempts, 0);
    assert_eq!(step_names(&placed.steps), ["resume", "lookup"]);
    assert_eq!(ncp.ours().len(), 1, "ordered twice");

    // A third run (the order known by number) finds it again; another CSR with the same
    // name does not count as this request.
    let mut text = journal_text(&journal);
    text.push_str(&journal_text(&run.journal));
    let mut third = OrderWorkflow::new(
        &request(),
        &site(),
        OrderOptions::new().journal(text.clone()),
    )
    .unwrap();
    assert_eq!(
        placed_path(&drive(&mut third, &mut ncp)),
        Some(OrderPath::Recovered)
    );
    let other_request = AdvancedCertificateRequest::builder()
        .csr(CSR)
        .certificate_type("DV")
        .certificate_name(NAME)
        .common_name("www.example.com")
        .dns_name("example.com")
        .validation_method("PD")
        .build();
    let mut other =
        OrderWorkflow::new(&other_request, &site(), OrderOptions::new().journal(text)).unwrap();
    let run = drive(&mut other, &mut ncp);
    assert_eq!(code(&run), ErrorCode::OrderNameTaken);
    assert_eq!(ncp.ours().len(), 1);
}

fn placed_path(run: &Run) -> Option<OrderPath> {
    run.result.as_ref().ok().map(|p| p.path)
}

#[test]
fn a_journal_without_an_order_at_ncp_sends_after_the_lookup() {
    // Killed after writing the attempt, before sending: nothing at NCP.
    let mut first = OrderWorkflow::new(&request(), &site(), OrderOptions::new()).unwrap();
    let Action::Journal(entry) = first.next(NOW_MS).unwrap() else {
        panic!()
    };
    let options = OrderOptions::new().journal(journal_text(&[entry]));
    let (run, ncp) = run_with(&[], FakeNcp::new(&[]), options);
    assert_eq!(placed_path(&run), Some(OrderPath::Accepted));
    assert_eq!(ncp.calls, [Purpose::Lookup, Purpose::Order]);
}

#[test]
fn the_host_must_feed_before_asking_again() {
    let mut workflow = OrderWorkflow::new(&request(), &site(), OrderOptions::new()).unwrap();
    assert!(matches!(workflow.next(NOW_MS), Ok(Action::Journal(_))));
    assert!(workflow.receive(200, b"{}", None, None).is_err());
    assert!(matches!(workflow.next(NOW_MS), Ok(Action::Send(_))));
    let misuse = workflow.next(NOW_MS).unwrap_err();
    assert_eq!(misuse.code(), ErrorCode::InternalMisuse);
    assert!(misuse.message().contains("feed its answer"));
}

#[test]
fn an_invalid_request_has_no_workflow() {
    let bad = AdvancedCertificateRequest::builder()
        .certificate_name(NAME)
        .build();
    assert!(OrderWorkflow::new(&bad, &site(), OrderOptions::new()).is_err());
}

#[test]
fn results_serialise_in_the_hosts_shapes() {
    let (run, _) = place(&[Fault::ActedThen504]);
    let value: serde_json::Value = serde_json::from_str(&placed(&run).to_json()).unwrap();
    assert_eq!(value["path"], "recovered");
    assert_eq!(value["status"], "ONGOING");
    assert_eq!(value["steps"][0]["step"], "send");
    assert_eq!(value["steps"][0]["httpStatus"], 504);
    assert_eq!(value["steps"][0]["outcome"], "ambiguous");
    assert_eq!(value["steps"][0]["error"]["type"], "api");
    assert_eq!(value["steps"][0]["error"]["code"], "510");
    assert_eq!(value["steps"][1]["step"], "lookup");
    assert_eq!(value["steps"][1]["found"], true);

    let (run, _) = place(&[Fault::BeforeWrite; 3]);
    let value: serde_json::Value =
        serde_json::from_str(&run.result.unwrap_err().to_json()).unwrap();
    assert_eq!(value["type"], "order");
    assert_eq!(value["code"], "order.not_placed");
    assert_eq!(value["cause"]["type"], "transport");
    assert_eq!(value["cause"]["code"], "transport.failed");
    assert_eq!(value["cause"]["written"], false);
    assert!(value["hint"].as_str().unwrap().contains("safe"));
    let line = run.journal[0].to_line();
    for secret in ["csr", "BEGIN", "signature", "secret"] {
        assert!(!line.contains(secret), "{line}");
    }
}

/// One workflow against arbitrary faults, answers and earlier certificates.
fn scenario(
    faults: Vec<Fault>,
    earlier: Option<(bool, bool, i64, bool)>,
    issued: bool,
    retries: u32,
) {
    let mut ncp = FakeNcp::new(&[]);
    if let Some((same_names, same_type, status, same_key)) = earlier {
        let dns: &[&str] = if same_names {
            &["example.com", "www.example.com"]
        } else {
            &["www.example.com"]
        };
        let kind = if same_type {
            "NCP_PAID_DV_01"
        } else {
            "NCP_PAID_OV_01"
        };
        let pem = if same_key {
            SAME_KEY_CERT
        } else {
            OTHER_KEY_CERT
        };
        ncp = ncp.with_earlier("www.example.com", dns, kind, status, pem);
    }
    if issued {
        ncp.issue_as = Some((1, SAME_KEY_CERT));
    }
    let earlier_is_indistinct = ncp.certificates.first().is_some_and(|c| {
        c.dns.len() == 2
            && c.kind == "NCP_PAID_DV_01"
            && (c.status != 1 || c.cert_pem == SAME_KEY_CERT)
    });
    let (run, ncp) = run_with(&faults, ncp, OrderOptions::new().retries(retries));
    let ours = ncp.ours();
    assert!(ours.len() <= 1, "two orders from one workflow: {faults:?}");
    let orders_sent = ncp.calls.iter().filter(|p| **p == Purpose::Order).count();
    assert!(orders_sent <= retries as usize + 1);
    match &run.result {
        Ok(placed) if placed.path == OrderPath::Accepted => {
            assert_eq!(Some(placed.certificate_no), ours.first().map(|c| c.no));
        }
        Ok(placed) => {
            // Recovered: this workflow's order, or an earlier one that no rule can tell
            // apart (same names and type, not issued for another key).
            let ok = ours.first().map(|c| c.no) == Some(placed.certificate_no)
                || (ours.is_empty() && earlier_is_indistinct);
            assert!(
                ok,
                "recovered someone else's certificate: {faults:?} {placed:?}"
            );
        }
        Err(e) => match e.code {
            ErrorCode::OrderOutcomeUnknown => {}
            ErrorCode::OrderNameTaken
            | ErrorCode::OrderNotThisRequest
            | ErrorCode::OrderRefused
            | ErrorCode::OrderNotPlaced => {
                assert!(
                    ours.is_empty(),
                    "{} but an order exists: {faults:?}",
                    e.code
                )
            }
            other => panic!("unexpected code {other}"),
        },
    }
}

fn any_fault() -> impl Strategy<Value = Fault> {
    (0..FAULTS.len()).prop_map(|i| FAULTS[i])
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]
    #[test]
    fn never_two_orders_from_one_workflow(
        faults in proptest::collection::vec(any_fault(), 0..12),
        earlier in proptest::option::of((any::<bool>(), any::<bool>(), prop_oneof![Just(0i64), Just(1), Just(-3)], any::<bool>())),
        issued in any::<bool>(),
        retries in 0u32..4,
    ) {
        scenario(faults, earlier, issued, retries);
    }
}

/// Every fault class of SPEC §12 at every attempt (after 0, 1 or 2 failures NCP did not act
/// on), with the default two retries: what comes of it, and how many orders were sent.
#[test]
fn every_fault_class_at_every_attempt() {
    for fault in FAULTS.into_iter().filter(|f| *f != Fault::None) {
        // A replaying transport is the host's to declare: see its own test.
        for at in 1..=3usize {
            let mut faults = vec![Fault::Throttle; at - 1];
            faults.push(fault);
            let (run, ncp) = place(&faults);
            let sent = ncp.calls.iter().filter(|p| **p == Purpose::Order).count();
            let looked_up = ncp.calls.contains(&Purpose::Lookup);
            let what = format!("{fault:?} at attempt {at}");
            assert!(ncp.ours().len() <= 1, "{what}");
            match fault {
                // Not acted on: sent again while retries last, never looked up.
                Fault::BeforeWrite | Fault::Throttle => {
                    assert!(!looked_up, "{what}");
                    if at < 3 {
                        assert_eq!(placed(&run).path, OrderPath::Accepted, "{what}");
                        assert_eq!(sent, at + 1, "{what}");
                    } else {
                        assert_eq!(code(&run), ErrorCode::OrderNotPlaced, "{what}");
                        assert_eq!(sent, 3, "{what}");
                    }
                }
                // Maybe acted on, and it was not: looked up, found nothing, sent again.
                Fault::Unavailable | Fault::DropBeforeActing => {
                    assert!(looked_up, "{what}");
                    if at < 3 {
                        assert_eq!(placed(&run).path, OrderPath::Accepted, "{what}");
                        assert_eq!(sent, at + 1, "{what}");
                    } else {
                        assert_eq!(code(&run), ErrorCode::OrderNotPlaced, "{what}");
                        assert_eq!(sent, 3, "{what}");
                    }
                }
                // Maybe acted on, and it was: recovered by the lookup, never sent again.
                Fault::ActedThen504 | Fault::ActedThenDrop | Fault::ActedThenGarbage => {
                    assert_eq!(placed(&run).path, OrderPath::Recovered, "{what}");
                    assert_eq!(sent, at, "{what}");
                    assert_eq!(ncp.ours().len(), 1, "{what}");
                }
                // Refused: final at once, nothing bought.
                Fault::Unauthorized | Fault::Refused => {
                    assert_eq!(code(&run), ErrorCode::OrderRefused, "{what}");
                    assert_eq!(sent, at, "{what}");
                    assert!(ncp.ours().is_empty(), "{what}");
                }
                Fault::None | Fault::Replayed => unreachable!(),
            }
        }
    }
}

#[test]
fn a_transport_that_may_replay_has_its_name_taken_looked_up() {
    // The order was placed by the first delivery; the host saw the second's answer.
    let (run, ncp) = place(&[Fault::Replayed]);
    assert_eq!(code(&run), ErrorCode::OrderNameTaken);
    assert_eq!(
        ncp.ours().len(),
        1,
        "the misreport a replaying host must avoid"
    );
    let options = OrderOptions::new().transport_may_replay(true);
    let (run, ncp) = run_with(&[Fault::Replayed], FakeNcp::new(&[]), options.clone());
    let placed = placed(&run);
    assert_eq!(placed.path, OrderPath::Recovered);
    assert_eq!(placed.certificate_no, ncp.ours()[0].no);
    assert_eq!(ncp.calls, [Purpose::Order, Purpose::Lookup]);
    // An earlier certificate for other names is still not taken for this request's.
    let ncp = FakeNcp::new(&[]).with_earlier(
        "api.example.com",
        &["api.example.com"],
        "NCP_PAID_DV_01",
        0,
        SAME_KEY_CERT,
    );
    let (run, ncp) = run_with(&[], ncp, options);
    assert_eq!(code(&run), ErrorCode::OrderNameTaken);
    assert!(ncp.ours().is_empty());
}

#[test]
fn a_request_prepared_elsewhere_drives_the_same_workflow() {
    let prepared = request().prepare(&site()).unwrap();
    let mut workflow = OrderWorkflow::from_prepared(&prepared, OrderOptions::new()).unwrap();
    let from_request = OrderWorkflow::new(&request(), &site(), OrderOptions::new()).unwrap();
    assert_eq!(workflow.identity().names, from_request.identity().names);
    assert_eq!(
        workflow.identity().body_sha256,
        from_request.identity().body_sha256
    );
    assert_eq!(workflow.identity().certificate_type, "NCP_PAID_DV_01");
    // The whole rule set: a lost answer is recovered, an issued certificate's key compared.
    let mut ncp = FakeNcp::new(&[Fault::ActedThen504]);
    ncp.issue_as = Some((1, SAME_KEY_CERT));
    let run = drive(&mut workflow, &mut ncp);
    assert_eq!(placed(&run).path, OrderPath::Recovered);
    assert_eq!(ncp.calls, [Purpose::Order, Purpose::Lookup, Purpose::Chain]);
    let other = FakeNcp::new(&[]).with_earlier(
        "www.example.com",
        &["example.com", "www.example.com"],
        "NCP_PAID_DV_01",
        1,
        OTHER_KEY_CERT,
    );
    let mut workflow = OrderWorkflow::from_prepared(&prepared, OrderOptions::new()).unwrap();
    let mut ncp = FakeNcp {
        faults: [Fault::Unavailable].into_iter().collect(),
        ..other
    };
    assert_eq!(
        code(&drive(&mut workflow, &mut ncp)),
        ErrorCode::OrderNotThisRequest
    );
    // Lookups go to the prepared request's own site.
    let lookup = ncpcert::ListAdvancedCertificates::new()
        .certificate_name(NAME)
        .page(1)
        .page_size(100);
    let mut workflow = OrderWorkflow::from_prepared(&prepared, OrderOptions::new()).unwrap();
    let _ = workflow.next(NOW_MS).unwrap();
    let _ = workflow.next(NOW_MS).unwrap();
    workflow.transport_failed(true, "reset").unwrap();
    let call = loop {
        match workflow.next(NOW_MS).unwrap() {
            Action::Send(call) => break call,
            Action::Journal(_) | Action::Sleep { .. } => {}
            other => panic!("{other:?}"),
        }
    };
    assert_eq!(call.request, lookup.prepare(&site()).unwrap());
}

#[test]
fn only_an_issuance_request_made_by_prepare_is_taken() {
    let prepared = request().prepare(&site()).unwrap();
    let lookup = ncpcert::ListAdvancedCertificates::new()
        .prepare(&site())
        .unwrap();
    let mut no_csr = prepared.clone();
    no_csr.body = no_csr.body.map(|b| b.replace("\"csr\"", "\"cs\""));
    let mut bad_type = prepared.clone();
    bad_type.body = bad_type
        .body
        .map(|b| b.replace("NCP_PAID_DV_01", "NCP_FREE"));
    let mut moved = prepared.clone();
    moved.url = moved.url.replace("127.0.0.1:9", "127.0.0.1:10/x");
    let mut unicode = prepared.clone();
    unicode.body = unicode.body.map(|b| {
        b.replace(
            "\"commonName\":\"www.example.com\"",
            "\"commonName\":\"www.예시.com\"",
        )
    });
    for (bad, why) in [
        (lookup, "requestPaidCertificateIssuance"),
        (no_csr, "no csr"),
        (bad_type, "certificateType"),
        (moved, "differ"),
        (unicode, "ASCII"),
    ] {
        let e = OrderWorkflow::from_prepared(&bad, OrderOptions::new()).unwrap_err();
        assert_eq!(e.code(), "argument.invalid");
        assert!(e.message().contains(why), "{why}: {}", e.message());
    }
}

/// What a hostile or broken server may answer: any status, any bytes, or no answer.
#[derive(Clone, Debug)]
enum Reply2 {
    Answer(u16, Vec<u8>, Option<String>),
    Failed(bool),
}

fn any_reply() -> impl Strategy<Value = Reply2> {
    let body = prop_oneof![
        proptest::collection::vec(any::<u8>(), 0..64),
        Just(br#"{"returnCode":"0","paidCertificate":{"certificateNo":7}}"#.to_vec()),
        Just(br#"{"returnCode":"0","orders":[{"certificates":[{"certificateNo":7,"certificateName":"www-example","commonName":"www.example.com","dnsName":"www.example.com,example.com","statusCode":"1","certificateType":"NCP_PAID_DV_01"}]}]}"#.to_vec()),
        Just(br#"{"returnCode":"2000","returnMessage":"already exists"}"#.to_vec()),
        Just(br#"{"error":{"errorCode":"510"}}"#.to_vec()),
        Just(br#"{"returnCode":"0","certificate":"-----BEGIN CERTIFICATE-----\nMAA=\n-----END CERTIFICATE-----"}"#.to_vec()),
    ];
    prop_oneof![
        (any::<u16>(), body, proptest::option::of("[ -~]{0,40}"))
            .prop_map(|(s, b, d)| Reply2::Answer(s, b, d)),
        any::<bool>().prop_map(Reply2::Failed),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(3000))]
    /// Any answers at all: no panic, every call fed in turn, an end within a bounded number of
    /// actions, at most retries + 1 paid sends, and a result that is an order or a coded error.
    #[test]
    fn any_answers_end_the_workflow_without_a_panic(
        replies in proptest::collection::vec(any_reply(), 0..40),
        retries in 0u32..4,
        replay in any::<bool>(),
    ) {
        let options = OrderOptions::new().retries(retries).transport_may_replay(replay);
        let mut workflow = OrderWorkflow::new(&request(), &site(), options).unwrap();
        let mut replies = replies.into_iter();
        let mut paid = 0;
        let mut ended = false;
        for _ in 0..2000 {
            match workflow.next(NOW_MS).unwrap() {
                Action::Send(call) => {
                    paid += usize::from(call.paid);
                    match replies.next().unwrap_or(Reply2::Failed(false)) {
                        Reply2::Answer(status, body, date) => {
                            workflow.receive(status, &body, date.as_deref(), Some(NOW_MS)).unwrap()
                        }
                        Reply2::Failed(written) => workflow.transport_failed(written, "x").unwrap(),
                    }
                }
                Action::Done(result) => {
                    if let Err(e) = result {
                        prop_assert!(e.code.as_str().starts_with("order."), "{}", e.code);
                    }
                    ended = true;
                    break;
                }
                _ => {}
            }
        }
        prop_assert!(ended, "the workflow did not end");
        prop_assert!(paid <= retries as usize + 1, "{paid} paid sends");
    }
}

#[test]
fn reads_are_tried_three_times_unless_final() {
    use ncpcert::order::read_again_after;
    use ncpcert::Outcome;
    assert_eq!(read_again_after(1, Outcome::Ambiguous, 500), Some(500));
    assert_eq!(read_again_after(2, Outcome::Resendable, 500), Some(1000));
    assert_eq!(read_again_after(3, Outcome::Resendable, 500), None);
    assert_eq!(read_again_after(1, Outcome::Final, 500), None);
}

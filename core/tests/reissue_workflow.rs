//! A reissue through the order workflow, against a scripted fake of Certificate Manager: it is
//! sent once whatever happens to its answer, and the new certificate (NCP's answer names none)
//! is found by its new name under the identity rule.

use ncpcert::order::{
    Action, JournalEntry, JournalOutcome, OrderOptions, OrderPath, OrderWorkflow, Purpose,
};
use ncpcert::{AdvancedCertificateRequest, ErrorCode, Site};
use serde_json::json;
use std::collections::VecDeque;

const CSR: &str = include_str!("data/order/request.csr.pem");
const SAME_KEY_CERT: &str = include_str!("data/order/same-key.cert.pem");
const OTHER_KEY_CERT: &str = include_str!("data/order/other-key.cert.pem");
const OLD_NO: u64 = 500;
const NEW_NAME: &str = "www-example-r2";
const NOW_MS: u64 = 1_700_000_000_000;

fn request() -> AdvancedCertificateRequest {
    AdvancedCertificateRequest::builder()
        .csr(CSR)
        .certificate_type("DV")
        .certificate_name(NEW_NAME)
        .common_name("www.example.com")
        .dns_name("www.example.com")
        .dns_name("example.com")
        .validation_method("D")
        .build()
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fault {
    None,
    /// Connecting failed: nothing written.
    BeforeWrite,
    /// Carried out, then a gateway 504.
    ActedThen504,
    /// Carried out, then the connection dropped after the request was written.
    ActedThenDrop,
    /// Refused with HTTP 400 (a service error).
    Refused,
    /// A lookup that does not list the new certificate yet.
    NotListedYet,
}

struct Fake {
    /// (certificateNo, name, status, pem)
    certificates: Vec<(u64, String, i64, &'static str)>,
    faults: VecDeque<Fault>,
    reissues: u32,
    lookups: u32,
    paths: Vec<String>,
    issue_as: (i64, &'static str),
}

impl Fake {
    fn new(faults: &[Fault]) -> Self {
        Fake {
            certificates: vec![(OLD_NO, "www-example".into(), 1, SAME_KEY_CERT)],
            faults: faults.iter().copied().collect(),
            reissues: 0,
            lookups: 0,
            paths: Vec::new(),
            issue_as: (0, SAME_KEY_CERT),
        }
    }

    fn handle(&mut self, purpose: Purpose, path: &str, body: &str) -> Result<(u16, String), bool> {
        self.paths.push(path.to_owned());
        let fault = self.faults.pop_front().unwrap_or(Fault::None);
        match fault {
            Fault::BeforeWrite => return Err(false),
            Fault::Refused => {
                return Ok((
                    400,
                    r#"{"returnCode":"2000","returnMessage":"invalid csr"}"#.into(),
                ))
            }
            _ => {}
        }
        let answer = match purpose {
            Purpose::Order => {
                assert_eq!(path, format!("/api/v2/certificate/{OLD_NO}/reissue"));
                let body: serde_json::Value = serde_json::from_str(body).unwrap();
                assert!(body.get("certificateType").is_none());
                assert_eq!(body["validationMethod"], "D");
                self.reissues += 1;
                let no = 1000 + u64::from(self.reissues);
                let name = body["certificateName"].as_str().unwrap().to_owned();
                self.certificates
                    .push((no, name, self.issue_as.0, self.issue_as.1));
                (
                    200,
                    r#"{"returnCode":"0","returnMessage":"Success","totalRows":1}"#.into(),
                )
            }
            Purpose::Lookup => {
                self.lookups += 1;
                let listed: Vec<_> = if fault == Fault::NotListedYet {
                    Vec::new()
                } else {
                    self.certificates
                        .iter()
                        .filter(|c| path.contains(&format!("certificateName={}", c.1)))
                        .map(|c| {
                            json!({"certificateNo": c.0, "certificateName": c.1,
                              "commonName": "www.example.com", "dnsName": "www.example.com,example.com",
                              "statusCode": c.2.to_string(), "certificateType": "NCP_PAID_DV_01"})
                        })
                        .collect()
                };
                let body = json!({"returnCode": "0", "totalCount": listed.len(),
                    "orders": [{"orderId": "O-1", "certificates": listed}]});
                (200, body.to_string())
            }
            Purpose::Chain => {
                let c = self.certificates.last().unwrap();
                (
                    200,
                    json!({"returnCode": "0", "certificate": c.3}).to_string(),
                )
            }
            _ => unreachable!(),
        };
        match fault {
            Fault::ActedThen504 => Ok((
                504,
                r#"{"error":{"errorCode":"510","message":"Endpoint Timeout"}}"#.into(),
            )),
            Fault::ActedThenDrop => Err(true),
            _ => Ok(answer),
        }
    }
}

struct Run {
    result: Result<ncpcert::order::PlacedOrder, ncpcert::order::OrderError>,
    journal: Vec<JournalEntry>,
}

fn drive(workflow: &mut OrderWorkflow, fake: &mut Fake) -> Run {
    let mut journal = Vec::new();
    for _ in 0..1000 {
        match workflow.next(NOW_MS).unwrap() {
            Action::Journal(entry) => journal.push(entry),
            Action::Sleep { .. } => {}
            Action::Send(call) => {
                if call.paid {
                    assert!(journal.last().is_some_and(|e| e.outcome.is_none()));
                }
                match fake.handle(
                    call.purpose,
                    &call.request.path,
                    call.request.body.as_deref().unwrap_or_default(),
                ) {
                    Ok((status, body)) => workflow
                        .receive(status, body.as_bytes(), None, None)
                        .unwrap(),
                    Err(written) => workflow.transport_failed(written, "boom").unwrap(),
                }
            }
            Action::Done(result) => return Run { result, journal },
            other => panic!("{other:?}"),
        }
    }
    panic!("the workflow did not end");
}

fn reissue(faults: &[Fault], options: OrderOptions) -> (Run, Fake) {
    let mut fake = Fake::new(faults);
    let site = Site::custom("http://127.0.0.1:9").unwrap();
    let mut workflow = OrderWorkflow::new(&request(), &site, options.reissue(OLD_NO)).unwrap();
    assert_eq!(
        workflow.prepared().path,
        format!("/api/v2/certificate/{OLD_NO}/reissue")
    );
    let run = drive(&mut workflow, &mut fake);
    (run, fake)
}

#[test]
fn an_accepted_reissue_is_found_by_its_name() {
    let (run, fake) = reissue(&[], OrderOptions::new());
    let placed = run.result.unwrap();
    assert_eq!(fake.reissues, 1);
    assert_eq!(
        (placed.path, placed.certificate_no),
        (OrderPath::Accepted, 1001)
    );
    assert_eq!(placed.certificate_name, NEW_NAME);
    assert_eq!(placed.order_id.as_deref(), Some("O-1"));
    assert!(run
        .journal
        .iter()
        .all(|e| e.operation == "reissueCertificate"));
    let outcomes: Vec<_> = run.journal.iter().filter_map(|e| e.outcome).collect();
    // Accepted without a number, then found by name.
    assert_eq!(
        outcomes,
        [JournalOutcome::Accepted, JournalOutcome::Recovered]
    );
    assert_eq!(run.journal.last().unwrap().certificate_no, Some(1001));
}

#[test]
fn a_lost_answer_is_sent_once_and_recovered_by_the_lookup() {
    for fault in [Fault::ActedThen504, Fault::ActedThenDrop] {
        let (run, fake) = reissue(&[fault], OrderOptions::new());
        assert_eq!(fake.reissues, 1, "{fault:?}");
        let placed = run.result.unwrap();
        assert_eq!(
            (placed.path, placed.certificate_no),
            (OrderPath::Recovered, 1001),
            "{fault:?}"
        );
        let reissue_calls = fake
            .paths
            .iter()
            .filter(|p| p.ends_with("/reissue"))
            .count();
        assert_eq!(reissue_calls, 1, "{fault:?}");
    }
}

#[test]
fn an_issued_reissue_found_by_name_must_hold_the_csrs_key() {
    let mut fake = Fake::new(&[Fault::ActedThen504]);
    fake.issue_as = (1, SAME_KEY_CERT);
    let site = Site::custom("http://127.0.0.1:9").unwrap();
    let mut w = OrderWorkflow::new(&request(), &site, OrderOptions::new().reissue(OLD_NO)).unwrap();
    let placed = drive(&mut w, &mut fake).result.unwrap();
    assert_eq!(placed.path, OrderPath::Recovered);
    assert!(placed.chain.is_some());

    let mut fake = Fake::new(&[Fault::ActedThen504]);
    fake.issue_as = (1, OTHER_KEY_CERT);
    let mut w = OrderWorkflow::new(&request(), &site, OrderOptions::new().reissue(OLD_NO)).unwrap();
    let e = drive(&mut w, &mut fake).result.unwrap_err();
    assert_eq!(e.code, ErrorCode::OrderNotThisRequest);
    assert_eq!(fake.reissues, 1);
}

#[test]
fn a_refusal_is_final() {
    let (run, fake) = reissue(&[Fault::Refused], OrderOptions::new());
    let e = run.result.unwrap_err();
    assert_eq!(e.code, ErrorCode::OrderRefused);
    assert_eq!(fake.paths.len(), 1);
    assert_eq!(fake.lookups, 0);
}

#[test]
fn nothing_written_is_sent_again() {
    let (run, fake) = reissue(&[Fault::BeforeWrite], OrderOptions::new());
    assert_eq!(run.result.unwrap().certificate_no, 1001);
    assert_eq!(fake.reissues, 1);
    assert_eq!(
        fake.paths
            .iter()
            .filter(|p| p.ends_with("/reissue"))
            .count(),
        2
    );
}

#[test]
fn accepted_but_not_listed_is_looked_up_again_never_resent() {
    let (run, fake) = reissue(
        &[Fault::None, Fault::NotListedYet, Fault::NotListedYet],
        OrderOptions::new(),
    );
    assert_eq!(run.result.unwrap().path, OrderPath::Accepted);
    assert_eq!((fake.reissues, fake.lookups), (1, 3));

    let never = [Fault::None]
        .into_iter()
        .chain([Fault::NotListedYet; 20])
        .collect::<Vec<_>>();
    let (run, fake) = reissue(&never, OrderOptions::new());
    let e = run.result.unwrap_err();
    assert_eq!(e.code, ErrorCode::OrderOutcomeUnknown);
    assert!(e.message.contains("Do not reissue again"), "{}", e.message);
    assert_eq!(fake.reissues, 1);

    // The next run with that journal looks the name up first and never sends: not listed
    // still, it stops again; listed, it is recovered.
    let journal: String = run.journal.iter().map(|e| e.to_line() + "\n").collect();
    let (again, fake) = reissue(
        &[Fault::NotListedYet; 20],
        OrderOptions::new().journal(journal.clone()),
    );
    assert_eq!(
        again.result.unwrap_err().code,
        ErrorCode::OrderOutcomeUnknown
    );
    assert_eq!(fake.reissues, 0);
    let mut fake = Fake::new(&[]);
    fake.certificates
        .push((1001, NEW_NAME.into(), 0, SAME_KEY_CERT));
    let site = Site::custom("http://127.0.0.1:9").unwrap();
    let mut w = OrderWorkflow::new(
        &request(),
        &site,
        OrderOptions::new().journal(journal).reissue(OLD_NO),
    )
    .unwrap();
    let placed = drive(&mut w, &mut fake).result.unwrap();
    assert_eq!((placed.certificate_no, fake.reissues), (1001, 0));
}

#[test]
fn a_reissue_is_prepared_elsewhere_too_and_number_zero_is_refused() {
    let site = Site::custom("http://127.0.0.1:9").unwrap();
    let prepared = request().prepare(&site).unwrap();
    let mut w =
        OrderWorkflow::from_prepared(&prepared, OrderOptions::new().reissue(OLD_NO)).unwrap();
    let mut fake = Fake::new(&[Fault::ActedThenDrop]);
    assert_eq!(
        drive(&mut w, &mut fake).result.unwrap().certificate_no,
        1001
    );
    assert_eq!(fake.reissues, 1);
    // The journal matches on the reissue's body, not the issuance request's.
    let w = OrderWorkflow::from_prepared(&prepared, OrderOptions::new().reissue(OLD_NO)).unwrap();
    assert_ne!(
        w.identity().body_sha256,
        OrderWorkflow::from_prepared(&prepared, OrderOptions::new())
            .unwrap()
            .identity()
            .body_sha256
    );
    assert!(OrderWorkflow::from_prepared(&prepared, OrderOptions::new().reissue(0)).is_err());
    let e = OrderWorkflow::new(&request(), &site, OrderOptions::new().reissue(0)).unwrap_err();
    assert!(e.to_string().contains("certificateNo"), "{e}");
}

//! The issuance workflow driven against a fake NCP (Certificate Manager, Global DNS and an
//! authoritative DNS server serving the applied records).

use super::*;
use crate::globaldns::fake::FakeDns;
use crate::AdvancedCertificateRequest;
use serde_json::{json, Value};

const CSR: &str = include_str!("../../tests/data/order/request.csr.pem");
const SAME_KEY_CERT: &str = include_str!("../../tests/data/order/same-key.cert.pem");
const OTHER_KEY_CERT: &str = include_str!("../../tests/data/order/other-key.cert.pem");

/// The Certificate Manager side: one order (77), DCV records whose value sits under
/// `value_field`, issued once NCP's DNS serves every value.
struct FakeCm {
    orders: u32,
    value_field: &'static str,
    never_issue: bool,
    /// NCP gave up: the certificate is VALIDATION_FAILED and every record timed out.
    failed: bool,
    calls: Vec<String>,
    /// ReissueCertificate calls carried out.
    reissues: u32,
    /// Answer the next reissue carried out with a gateway 504.
    lose_reissue_answer: bool,
}

impl FakeCm {
    fn new(value_field: &'static str) -> Self {
        FakeCm {
            orders: 0,
            value_field,
            never_issue: false,
            failed: false,
            calls: Vec::new(),
            reissues: 0,
            lose_reissue_answer: false,
        }
    }

    fn value(domain: &str) -> String {
        format!("val-{}", domain.replace('.', "-"))
    }

    fn validated(&self, dns: &FakeDns) -> bool {
        ["www.example.com", "example.com"].iter().all(|d| {
            dns.served(&format!("_dnsauth.{d}"))
                .contains(&Self::value(d))
        })
    }

    fn http(&mut self, request: &PreparedRequest, dns: &FakeDns) -> (u16, Vec<u8>) {
        self.calls
            .push(format!("{} {}", request.method, request.path));
        let path = request.path.as_str();
        let body = if path.ends_with("/reissue") {
            // A new certificate in the same order; the answer names none.
            self.orders += 1;
            self.reissues += 1;
            if std::mem::take(&mut self.lose_reissue_answer) {
                return (
                    504,
                    br#"{"error":{"errorCode":"510","message":"Endpoint Timeout"}}"#.to_vec(),
                );
            }
            json!({"returnCode":"0","returnMessage":"Success","totalRows":1})
        } else if path.ends_with("requestPaidCertificateIssuance") {
            self.orders += 1;
            json!({"returnCode":"0","paidCertificate":{"certificateNo":77,
                "certificateName":"web","statusCode":"0","statusName":"ONGOING"}})
        } else if path.contains("getPaidCertificates") {
            let issued = !self.never_issue && self.validated(dns);
            let orders = if self.orders == 0 {
                json!([])
            } else if self.failed {
                json!([{"orderId":"O-1","certificates":[{"certificateNo":77,"certificateName":"web",
                    "commonName":"www.example.com","dnsName":"www.example.com,example.com",
                    "statusCode":"-3","statusName":"VALIDATION_FAILED",
                    "certificateType":"NCP_PAID_DV_01"}]}])
            } else {
                json!([{"orderId":"O-1","certificates":[{"certificateNo":77,"certificateName":"web",
                    "commonName":"www.example.com","dnsName":"www.example.com,example.com",
                    "statusCode": if issued {"1"} else {"0"},
                    "statusName": if issued {"NORMAL"} else {"ONGOING"},
                    "certificateType":"NCP_PAID_DV_01"}]}])
            };
            json!({"returnCode":"0","totalCount":1,"orders":orders})
        } else if path.contains("getVerificationInfo") {
            let domain = path.split("domainAddress=").nth(1).unwrap_or_default();
            let served = dns
                .served(&format!("_dnsauth.{domain}"))
                .contains(&Self::value(domain));
            let state = match (self.failed, served) {
                (true, _) => "VALID_STATUS_TIMEOUT",
                (false, true) => "VALID_STATUS_SUCCESS",
                (false, false) => "VALID_STATUS_REG",
            };
            let mut item =
                json!({"validSn":1,"validStatusCode":state,"txtName":"_dnsauth","txtId":"id-1"});
            item[self.value_field] = Value::from(Self::value(domain));
            json!({"returnCode":"0","dnsVerificationList":[item]})
        } else if path.contains("exportCertificate") {
            json!({"returnCode":"0","certificate":SAME_KEY_CERT,
                "subCaCertificate":OTHER_KEY_CERT,"rootCaCertificate":OTHER_KEY_CERT})
        } else {
            return (404, Vec::new());
        };
        (200, body.to_string().into_bytes())
    }
}

fn prepared() -> PreparedRequest {
    AdvancedCertificateRequest::builder()
        .csr(CSR)
        .certificate_type("DV")
        .certificate_name("web")
        .common_name("www.example.com")
        .dns_name("www.example.com")
        .dns_name("example.com")
        .validation_method("D")
        .build()
        .prepare(&Site::custom("http://127.0.0.1:9").unwrap())
        .unwrap()
}

fn options() -> IssuanceOptions {
    IssuanceOptions::new()
        .global_dns(GlobalDns::custom("http://127.0.0.1:10").unwrap())
        .poll_interval_ms(1_000)
        .wait_timeout_ms(60_000)
        .order(OrderOptions::new().backoff_ms(0))
        .entropy(7)
}

struct Run {
    result: Result<Issued, IssuanceError>,
    journal: String,
    events: Vec<IssuanceEvent>,
    hooks: Vec<HookCall>,
}

fn run(machine: &mut Issuance, cm: &mut FakeCm, dns: &mut FakeDns) -> Run {
    let mut now = 1_700_000_000_000;
    let mut journal = String::new();
    let mut events = Vec::new();
    let mut hooks = Vec::new();
    for _ in 0..100_000 {
        match machine.next(now).unwrap() {
            Action::Journal(entry) => {
                journal.push_str(&entry.to_line());
                journal.push('\n');
            }
            Action::Send(call) => {
                let (status, body) = if call.request.url.contains("/dns/v1/") {
                    assert!(!call.paid);
                    dns.http(&call.request)
                } else {
                    cm.http(&call.request, dns)
                };
                machine.receive(status, &body, None, None).unwrap();
            }
            Action::Query(query) => match dns.dns(&query) {
                Some(bytes) => machine.receive_dns(&bytes).unwrap(),
                None => machine.dns_failed("timed out").unwrap(),
            },
            Action::Hook(hook) => {
                // A hook publishing in the fake zone directly, applied at once.
                let host = hook
                    .fqdn_with_dot
                    .trim_end_matches('.')
                    .trim_end_matches(".example.com");
                match hook.op {
                    HookOp::Present => {
                        dns.add(1, host, "TXT", &hook.value, false);
                    }
                    HookOp::Cleanup => dns.records.retain(|r| r.content != hook.value),
                }
                hooks.push(hook);
                machine.hook_done(true, "").unwrap();
            }
            Action::Sleep { ms } => now += ms,
            Action::Progress(event) => events.push(event),
            Action::Done(result) => {
                return Run {
                    result,
                    journal,
                    events,
                    hooks,
                }
            }
        }
    }
    panic!("the workflow did not end");
}

#[test]
fn from_nothing_to_the_files_and_records_cleaned_up_for_d() {
    let mut cm = FakeCm::new("txtValue");
    let mut dns = FakeDns::new(&[(1, "example.com")]);
    let foreign = dns.add(1, "_dnsauth", "TXT", "someone-elses", false);
    let mut machine = Issuance::new(&prepared(), options()).unwrap();
    let run = run(&mut machine, &mut cm, &mut dns);
    let issued = run.result.unwrap();
    assert_eq!(cm.orders, 1);
    assert_eq!(issued.certificate_no, 77);
    let names: Vec<&str> = issued.files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        ["cert.pem", "chain.pem", "fullchain.pem", "root.pem"]
    );
    assert!(issued.files[0]
        .1
        .starts_with("-----BEGIN CERTIFICATE-----\n"));
    assert_eq!(issued.created.len(), 2);
    assert!(!issued.kept);
    // D: the records made are gone; the foreign one is untouched.
    assert_eq!(dns.served("_dnsauth.www.example.com"), Vec::<String>::new());
    assert_eq!(dns.served("_dnsauth.example.com"), ["someone-elses"]);
    assert!(dns.records.iter().any(|r| r.id == foreign));
    // The preflight came before the order.
    let first_cm = cm.calls.first().unwrap();
    assert!(
        first_cm.contains("requestPaidCertificateIssuance"),
        "{first_cm}"
    );
    assert!(dns
        .calls
        .first()
        .unwrap()
        .starts_with("GET /dns/v1/ncpdns/domain"));
    assert!(run
        .events
        .iter()
        .any(|e| matches!(e, IssuanceEvent::Issued { .. })));
    assert!(run.journal.contains("\"attempt\""));
}

#[test]
fn pd_keeps_the_records() {
    let mut cm = FakeCm::new("txtValue");
    let mut dns = FakeDns::new(&[(1, "example.com")]);
    let mut machine = Issuance::new(&prepared(), options().validation_method("PD")).unwrap();
    let issued = run(&mut machine, &mut cm, &mut dns).result.unwrap();
    assert!(issued.kept);
    assert_eq!(
        dns.served("_dnsauth.www.example.com"),
        ["val-www-example-com"]
    );
    assert_eq!(dns.count("DELETE"), 0);
}

#[test]
fn a_refused_preflight_orders_nothing() {
    let mut cm = FakeCm::new("txtValue");
    // No zone for the names.
    let mut dns = FakeDns::new(&[(1, "example.org")]);
    let mut machine = Issuance::new(&prepared(), options()).unwrap();
    let e = run(&mut machine, &mut cm, &mut dns).result.unwrap_err();
    assert_eq!(e.code, ErrorCode::DnsZoneMissing);
    crate::lang::assert_korean(&e.localized(crate::Lang::Ko).message);
    assert!(!e.ordered);
    assert!(cm.calls.is_empty());
    // A foreign pending change in the zone.
    let mut dns = FakeDns::new(&[(1, "example.com")]);
    dns.add(1, "www", "A", "192.0.2.9", true);
    let mut machine = Issuance::new(&prepared(), options()).unwrap();
    let e = run(&mut machine, &mut cm, &mut dns).result.unwrap_err();
    assert_eq!(e.code, ErrorCode::DnsPendingChanges);
    crate::lang::assert_korean(&e.localized(crate::Lang::Ko).message);
    assert_eq!(e.code.exit_status(), 1);
    assert!(cm.calls.is_empty());
    assert!(dns.calls.iter().all(|c| c.starts_with("GET")));
}

#[test]
fn an_unknown_value_field_stops_after_one_order_and_the_override_resumes() {
    let mut cm = FakeCm::new("mysteryToken");
    let mut dns = FakeDns::new(&[(1, "example.com")]);
    let mut machine = Issuance::new(&prepared(), options()).unwrap();
    let first = run(&mut machine, &mut cm, &mut dns);
    let e = first.result.unwrap_err();
    assert_eq!(e.code, ErrorCode::DnsValueField);
    crate::lang::assert_korean(&e.localized(crate::Lang::Ko).message);
    assert!(e.ordered);
    assert_eq!(e.certificate_no, Some(77));
    assert!(
        e.fields.contains(&String::from("mysteryToken")),
        "{:?}",
        e.fields
    );
    assert!(e.fields.contains(&String::from("txtId")));
    assert!(e.message.contains("mysteryToken") && e.hint.contains("--dcv-value-field"));
    assert_eq!(cm.orders, 1);
    assert!(dns.calls.iter().all(|c| c.starts_with("GET")));
    // The same request again, with the journal and the field: resumed, no second order.
    let options = options()
        .dcv_value_field(Some("mysteryToken".into()))
        .order(OrderOptions::new().backoff_ms(0).journal(first.journal));
    let mut machine = Issuance::new(&prepared(), options).unwrap();
    let issued = run(&mut machine, &mut cm, &mut dns).result.unwrap();
    assert_eq!(cm.orders, 1);
    assert_eq!(issued.path, OrderPath::Recovered);
    assert_eq!(issued.certificate_no, 77);
}

#[test]
fn d_cleans_up_after_a_timeout() {
    let mut cm = FakeCm::new("txtValue");
    cm.never_issue = true;
    let mut dns = FakeDns::new(&[(1, "example.com")]);
    let mut machine = Issuance::new(&prepared(), options()).unwrap();
    let e = run(&mut machine, &mut cm, &mut dns).result.unwrap_err();
    assert_eq!(e.code, ErrorCode::OrderPending);
    crate::lang::assert_korean(&e.localized(crate::Lang::Ko).message);
    assert_eq!(e.code.exit_status(), 4);
    assert!(e.ordered);
    assert_eq!(dns.count("POST"), 1);
    assert_eq!(dns.count("DELETE"), 1);
    assert!(dns.served("_dnsauth.www.example.com").is_empty());
    // PD keeps them after a timeout too.
    let mut dns = FakeDns::new(&[(1, "example.com")]);
    let mut machine = Issuance::new(&prepared(), options().validation_method("PD")).unwrap();
    let e = run(&mut machine, &mut cm, &mut dns).result.unwrap_err();
    assert_eq!(e.code, ErrorCode::OrderPending);
    crate::lang::assert_korean(&e.localized(crate::Lang::Ko).message);
    assert_eq!(dns.count("DELETE"), 0);
    assert_eq!(dns.served("_dnsauth.example.com"), ["val-example-com"]);
}

#[test]
fn hooks_get_the_validation_name_and_clean_up() {
    let mut cm = FakeCm::new("txtValue");
    let mut dns = FakeDns::new(&[(1, "example.com")]);
    let prepared = AdvancedCertificateRequest::builder()
        .csr(CSR)
        .certificate_type("DV")
        .certificate_name("web")
        .common_name("www.example.com")
        .dns_name("www.example.com")
        .dns_name("example.com")
        .validation_method("D")
        .build()
        .prepare(&Site::custom("http://127.0.0.1:9").unwrap())
        .unwrap();
    let mut machine = Issuance::new(&prepared, options().dns(DnsMode::Hook)).unwrap();
    let run = run(&mut machine, &mut cm, &mut dns);
    assert!(run.result.is_ok(), "{:?}", run.result);
    // No Global DNS call at all: the hook publishes.
    assert!(dns.calls.is_empty());
    let presents: Vec<&HookCall> = run
        .hooks
        .iter()
        .filter(|h| h.op == HookOp::Present)
        .collect();
    assert_eq!(presents.len(), 2);
    let env = |hook: &HookCall| -> BTreeMap<String, String> { hook.env.iter().cloned().collect() };
    let www = presents
        .iter()
        .find(|h| h.fqdn_with_dot == "_dnsauth.www.example.com.")
        .expect("a present for www");
    assert_eq!(env(www)["NCPCERT_DOMAIN"], "www.example.com");
    assert_eq!(env(www)["NCPCERT_RECORD_NAME"], "_dnsauth.www.example.com");
    assert_eq!(env(www)["NCPCERT_RECORD_VALUE"], "val-www-example-com");
    assert_eq!(www.value, "val-www-example-com");
    let remaining: Vec<String> = presents
        .iter()
        .map(|h| env(h)["NCPCERT_REMAINING"].clone())
        .collect();
    assert_eq!(remaining, ["1", "0"]);
    let cleanups: Vec<&HookCall> = run
        .hooks
        .iter()
        .filter(|h| h.op == HookOp::Cleanup)
        .collect();
    assert_eq!(cleanups.len(), 2);
    assert!(cleanups
        .iter()
        .all(|h| h.env.iter().all(|(k, _)| k != "NCPCERT_REMAINING")));
}

use std::collections::BTreeMap;

#[test]
fn a_wildcard_is_validated_through_its_base_name_in_the_hook_env() {
    // The request's names are what NCP validates: `*.example.com` through `example.com`.
    let request = AdvancedCertificateRequest::builder()
        .csr(CSR)
        .certificate_type("DV")
        .certificate_name("wild")
        .common_name("*.example.com")
        .dns_name("*.example.com")
        .dns_name("example.com")
        .validation_method("D")
        .build();
    let prepared = request
        .prepare(&Site::custom("http://127.0.0.1:9").unwrap())
        .expect("names other than the CSR's are a warning, not an error");
    let machine = Issuance::new(&prepared, options().dns(DnsMode::Hook)).unwrap();
    assert_eq!(machine.validation_domains(), ["example.com"]);
    let mut cm = FakeCm::new("txtValue");
    let mut dns = FakeDns::new(&[(1, "example.com")]);
    let mut machine = machine;
    let run = run(&mut machine, &mut cm, &mut dns);
    let present = run
        .hooks
        .iter()
        .find(|h| h.op == HookOp::Present)
        .expect("a present");
    let env: BTreeMap<String, String> = present.env.iter().cloned().collect();
    assert_eq!(env["NCPCERT_DOMAIN"], "example.com");
    assert_eq!(env["NCPCERT_RECORD_NAME"], "_dnsauth.example.com");
    assert_eq!(present.fqdn_with_dot, "_dnsauth.example.com.");
}

#[test]
fn default_certificate_names_follow_the_documented_rule() {
    let rule = |n: &str| {
        let b = n.as_bytes();
        (3..=20).contains(&b.len())
            && b[0].is_ascii_alphabetic()
            && b[1..]
                .iter()
                .all(|&c| c.is_ascii_alphanumeric() || c == b'-')
    };
    for (cn, want) in [
        ("www.example.com", "www-example-com"),
        ("*.example.com", "wildcard-example-com"),
        ("Shop.Example.co.kr.", "shop-example-co-kr"),
        ("1.example.com", "c-1-example-com"),
        ("a.b", "a-b"),
        ("x", "x-cert"),
        ("very-long-subdomain.example.com", "very-long-subdomain"),
        ("xn--bcher-kva.example", "xn-bcher-kva-example"),
        ("", "c-cert"),
    ] {
        let got = default_certificate_name(cn);
        assert_eq!(got, want, "{cn}");
        assert!(rule(&got), "{got}");
    }
}

#[test]
fn a_misfed_answer_leaves_the_action_waiting_for_its_own() {
    let mut machine = Issuance::new(&prepared(), options()).unwrap();
    let Action::Send(call) = machine.next(0).unwrap() else {
        panic!("the preflight starts with a call");
    };
    assert_eq!(call.purpose, Purpose::FindZone);
    // A DNS answer, then a hook's outcome, for a call: refused, and the call still waits.
    assert!(machine.receive_dns(&[0, 1]).is_err());
    assert!(machine.dns_failed("x").is_err());
    assert!(machine.hook_done(true, "").is_err());
    assert!(machine.next(0).is_err());
    machine.transport_failed(false, "refused").unwrap();
    assert!(machine.next(0).is_ok());
}

// -- DnsMode::Manual: the records shown for the user to publish ---------------------------------

fn manual() -> IssuanceOptions {
    options().dns(DnsMode::Manual)
}

/// Drives a manual run; `user` sees each event (the `Waiting` ones numbered from 1) and may
/// publish records or change what NCP answers, as a person would.
fn run_manual(
    machine: &mut Issuance,
    cm: &mut FakeCm,
    dns: &mut FakeDns,
    mut user: impl FnMut(&IssuanceEvent, u32, &mut FakeCm, &mut FakeDns),
) -> (Run, Vec<u64>) {
    let mut now = 1_700_000_000_000;
    let mut journal = String::new();
    let mut events = Vec::new();
    let mut sleeps = Vec::new();
    let mut waits = 0;
    for _ in 0..100_000 {
        match machine.next(now).unwrap() {
            Action::Journal(entry) => {
                journal.push_str(&entry.to_line());
                journal.push('\n');
            }
            Action::Send(call) => {
                assert!(!call.request.url.contains("/dns/v1/"), "a Global DNS call");
                let (status, body) = cm.http(&call.request, dns);
                machine.receive(status, &body, None, None).unwrap();
            }
            Action::Sleep { ms } => {
                sleeps.push(ms);
                now += ms;
            }
            Action::Progress(event) => {
                if matches!(event, IssuanceEvent::Waiting { .. }) {
                    waits += 1;
                }
                user(&event, waits, cm, dns);
                events.push(event);
            }
            Action::Done(result) => {
                let run = Run {
                    result,
                    journal,
                    events,
                    hooks: Vec::new(),
                };
                return (run, sleeps);
            }
            other => panic!("a manual run asked for {other:?}"),
        }
    }
    panic!("the workflow did not end");
}

/// What the user does with the records shown: publish each in the fake zone.
fn publish(event: &IssuanceEvent, dns: &mut FakeDns) {
    let IssuanceEvent::Validation { domains, .. } = event else {
        return;
    };
    for d in domains {
        for r in &d.answer.records {
            let name = r.record_name.clone().unwrap();
            let host = name.trim_end_matches(".example.com");
            dns.add(1, host, "TXT", r.txt_value.as_deref().unwrap(), false);
        }
    }
}

fn validations(run: &Run) -> Vec<&Vec<DomainValidation>> {
    run.events
        .iter()
        .filter_map(|e| match e {
            IssuanceEvent::Validation { domains, .. } => Some(domains),
            _ => None,
        })
        .collect()
}

#[test]
fn manual_shows_the_records_and_each_poll_reads_them_again_until_issued() {
    let mut cm = FakeCm::new("txtValue");
    let mut dns = FakeDns::new(&[(1, "example.com")]);
    let mut machine = Issuance::new(&prepared(), manual()).unwrap();
    let mut shown = None;
    let (run, sleeps) = run_manual(&mut machine, &mut cm, &mut dns, |event, waits, _, dns| {
        if let IssuanceEvent::Validation { .. } = event {
            shown.get_or_insert_with(|| event.clone());
        }
        // The user publishes while the third wait is on.
        if waits == 3 && matches!(event, IssuanceEvent::Waiting { .. }) {
            publish(shown.as_ref().unwrap(), dns);
        }
    });
    let issued = run.result.as_ref().unwrap();
    assert_eq!((cm.orders, issued.certificate_no), (1, 77));
    assert_eq!(issued.files.len(), 4);
    assert!(issued.created.is_empty() && !issued.kept);
    let published: Vec<(&str, &str)> = issued
        .records
        .iter()
        .map(|r| (r.fqdn.as_str(), r.value.as_str()))
        .collect();
    assert_eq!(
        published,
        [
            ("_dnsauth.www.example.com", "val-www-example-com"),
            ("_dnsauth.example.com", "val-example-com")
        ]
    );
    // Nothing published or checked in DNS by the machine: no Global DNS call, no query.
    assert!(dns.calls.is_empty(), "{:?}", dns.calls);
    // The records, shown once after the order, with NCP's whole answer for each name.
    let shown = validations(&run);
    assert_eq!(shown.len(), 1, "shown again although unchanged");
    let names: Vec<&str> = shown[0].iter().map(|d| d.domain.as_str()).collect();
    assert_eq!(names, ["www.example.com", "example.com"]);
    let item = &shown[0][0].answer.records[0];
    assert_eq!(item.txt_value.as_deref(), Some("val-www-example-com"));
    assert_eq!(item.extra["txtId"], "id-1");
    assert!(!shown[0][0].validated);
    // Each poll: the certificate's state, then the records of every name again.
    let reads: Vec<&str> = cm
        .calls
        .iter()
        .map(|c| {
            if c.contains("requestPaid") {
                "order"
            } else if c.contains("getPaidCertificates") {
                "status"
            } else if c.contains("getVerificationInfo") {
                "dcv"
            } else {
                "chain"
            }
        })
        .collect();
    assert_eq!(
        reads,
        [
            "order", "dcv", "dcv", "status", "dcv", "dcv", "status", "dcv", "dcv", "status", "dcv",
            "dcv", "chain"
        ]
    );
    // The latest answers, validated now.
    assert!(machine.validation().iter().all(|d| d.validated));
    assert_eq!(
        validation_states(machine.validation()),
        "www.example.com success, example.com success"
    );
    // A wait before each poll, half again as long each time.
    assert_eq!(sleeps, [1_000, 1_500, 2_250]);
    let next: Vec<u64> = run
        .events
        .iter()
        .filter_map(|e| match e {
            IssuanceEvent::Waiting { next_check_ms, .. } => Some(*next_check_ms),
            _ => None,
        })
        .collect();
    assert_eq!(next, sleeps);
    assert!(matches!(
        run.events.last(),
        Some(IssuanceEvent::Issued { certificate_no: 77 })
    ));
    assert!(machine.chain().is_some());
    assert_eq!(machine.placed().map(|p| p.path), Some(OrderPath::Accepted));
}

#[test]
fn manual_shows_the_records_again_when_ncp_changes_them() {
    let mut cm = FakeCm::new("txtValue");
    let mut dns = FakeDns::new(&[(1, "example.com")]);
    let mut machine = Issuance::new(&prepared(), manual().wait_timeout_ms(5_000)).unwrap();
    let (run, _) = run_manual(&mut machine, &mut cm, &mut dns, |event, waits, cm, _| {
        if waits == 1 && matches!(event, IssuanceEvent::Waiting { .. }) {
            // NCP moves the value to another field: what to publish reads the same, but
            // the field's name is shown (no known field holds it now).
            cm.value_field = "dcvValue";
        }
    });
    assert_eq!(
        run.result.as_ref().unwrap_err().code,
        ErrorCode::OrderPending
    );
    let shown = validations(&run);
    assert_eq!(shown.len(), 1, "the value did not change: not shown again");
    let mut cm = FakeCm::new("txtValue");
    let mut machine = Issuance::new(&prepared(), manual().wait_timeout_ms(5_000)).unwrap();
    let (run, _) = run_manual(&mut machine, &mut cm, &mut dns, |event, waits, cm, _| {
        if waits == 1 && matches!(event, IssuanceEvent::Waiting { .. }) {
            cm.value_field = "unknownField";
        }
    });
    let shown = validations(&run);
    assert_eq!(
        shown.len(),
        2,
        "a value no known field holds any more is news"
    );
    assert_eq!(shown[1][0].answer.records[0].txt_value, None);
    assert_eq!(
        shown[1][0].answer.records[0].extra["unknownField"],
        "val-www-example-com"
    );
}

#[test]
fn manual_wait_times_out_with_the_states_of_the_records() {
    let mut cm = FakeCm::new("txtValue");
    let mut dns = FakeDns::new(&[(1, "example.com")]);
    let mut machine = Issuance::new(&prepared(), manual().wait_timeout_ms(3_000)).unwrap();
    let (run, sleeps) = run_manual(&mut machine, &mut cm, &mut dns, |_, _, _, _| {});
    let e = run.result.unwrap_err();
    assert_eq!((e.code, e.code.exit_status()), (ErrorCode::OrderPending, 4));
    assert!(e.ordered);
    assert_eq!(e.certificate_no, Some(77));
    assert!(
        e.message
            .contains("(www.example.com pending, example.com pending)"),
        "{}",
        e.message
    );
    assert!(e.message.contains("The order exists (certificateNo 77)"));
    assert!(e.hint.contains("run this same command again"), "{}", e.hint);
    // Never past the limit: the last pause is cut to what is left.
    assert_eq!(sleeps, [1_000, 1_500, 500]);
    assert_eq!(sleeps.iter().sum::<u64>(), 3_000);
    assert!(dns.calls.is_empty());

    // No time to wait at all: pending at once, without a poll.
    let mut cm = FakeCm::new("txtValue");
    let mut machine = Issuance::new(&prepared(), manual().wait_timeout_ms(0)).unwrap();
    let (run, sleeps) = run_manual(&mut machine, &mut cm, &mut dns, |_, _, _, _| {});
    assert_eq!(run.result.unwrap_err().code, ErrorCode::OrderPending);
    assert!(sleeps.is_empty());
    assert!(!cm.calls.iter().any(|c| c.contains("getPaidCertificates")));
}

#[test]
fn manual_failed_validation_names_the_names_that_timed_out() {
    let mut cm = FakeCm::new("txtValue");
    let mut dns = FakeDns::new(&[(1, "example.com")]);
    let mut machine = Issuance::new(&prepared(), manual()).unwrap();
    let (run, _) = run_manual(&mut machine, &mut cm, &mut dns, |event, waits, cm, _| {
        if waits == 2 && matches!(event, IssuanceEvent::Waiting { .. }) {
            cm.failed = true;
        }
    });
    let e = run.result.unwrap_err();
    assert_eq!(
        (e.code, e.code.exit_status()),
        (ErrorCode::OrderValidationFailed, 1)
    );
    assert!(e.message.contains("VALIDATION_FAILED"), "{}", e.message);
    assert!(
        e.message
            .contains("Validation timed out for: www.example.com, example.com."),
        "{}",
        e.message
    );
    assert!(e
        .hint
        .contains("request a new certificate under another name"));
    assert!(!cm.calls.iter().any(|c| c.contains("exportCertificate")));
    // The states NCP gave last are the machine's too.
    assert_eq!(
        validation_states(machine.validation()),
        "www.example.com timeout, example.com timeout"
    );
}

#[test]
fn manual_without_waiting_ends_with_the_records_and_the_same_request_resumes() {
    let mut cm = FakeCm::new("txtValue");
    let mut dns = FakeDns::new(&[(1, "example.com")]);
    let mut machine = Issuance::new(&prepared(), manual().wait(false)).unwrap();
    let (first, sleeps) = run_manual(&mut machine, &mut cm, &mut dns, |_, _, _, _| {});
    let e = first.result.as_ref().unwrap_err();
    assert_eq!(e.code, ErrorCode::OrderPending);
    crate::lang::assert_korean(&e.localized(crate::Lang::Ko).message);
    assert!(e.ordered && e.hint.contains("--wait"), "{}", e.hint);
    assert!(sleeps.is_empty());
    assert_eq!(validations(&first).len(), 1);
    assert_eq!(
        cm.calls.len(),
        3,
        "the order and the records of two names: {:?}",
        cm.calls
    );
    let shown = first.events[1].clone();
    assert!(matches!(
        first.events[0],
        IssuanceEvent::Ordered {
            path: OrderPath::Accepted,
            certificate_no: 77
        }
    ));

    // The same request again, waiting, with the journal: the order is found, not placed again.
    let options = manual().order(OrderOptions::new().backoff_ms(0).journal(first.journal));
    let mut machine = Issuance::new(&prepared(), options).unwrap();
    let (again, _) = run_manual(&mut machine, &mut cm, &mut dns, |event, waits, _, dns| {
        if waits == 1 && matches!(event, IssuanceEvent::Waiting { .. }) {
            publish(&shown, dns);
        }
    });
    let issued = again.result.clone().unwrap();
    assert_eq!(cm.orders, 1);
    assert_eq!(
        (issued.path, issued.certificate_no),
        (OrderPath::Recovered, 77)
    );
    assert_eq!(
        validations(&again).len(),
        1,
        "the records are shown on resume too"
    );
}

#[test]
fn manual_resume_of_an_order_ncp_gave_up_on_ends_with_the_records() {
    let mut cm = FakeCm::new("txtValue");
    let mut dns = FakeDns::new(&[(1, "example.com")]);
    let mut machine = Issuance::new(&prepared(), manual().wait(false)).unwrap();
    let (first, _) = run_manual(&mut machine, &mut cm, &mut dns, |_, _, _, _| {});
    cm.failed = true;
    let options = manual().order(OrderOptions::new().backoff_ms(0).journal(first.journal));
    let mut machine = Issuance::new(&prepared(), options).unwrap();
    let (again, sleeps) = run_manual(&mut machine, &mut cm, &mut dns, |_, _, _, _| {});
    let e = again.result.clone().unwrap_err();
    assert_eq!(e.code, ErrorCode::OrderValidationFailed);
    crate::lang::assert_korean(&e.localized(crate::Lang::Ko).message);
    assert!(
        e.message.contains("Validation timed out for"),
        "{}",
        e.message
    );
    assert!(sleeps.is_empty(), "no wait for an order NCP will not issue");
    assert_eq!(validations(&again).len(), 1);
    assert_eq!(cm.orders, 1);
}

#[test]
fn manual_takes_any_validation_method_and_other_modes_only_dns_ones() {
    let email = AdvancedCertificateRequest::builder()
        .csr(CSR)
        .certificate_type("DV")
        .certificate_name("web")
        .common_name("www.example.com")
        .dns_name("www.example.com")
        .validation_method("E")
        .build()
        .prepare(&Site::custom("http://127.0.0.1:9").unwrap())
        .unwrap();
    assert!(Issuance::new(&email, manual().validation_method("E")).is_ok());
    assert!(Issuance::new(&email, options().validation_method("E")).is_err());
}

#[test]
fn a_reissue_runs_the_same_workflow_as_an_order() {
    for lost in [false, true] {
        let mut cm = FakeCm::new("txtValue");
        cm.lose_reissue_answer = lost;
        let mut dns = FakeDns::new(&[(1, "example.com")]);
        let mut machine = Issuance::new(&prepared(), options().reissue(5)).unwrap();
        let run = run(&mut machine, &mut cm, &mut dns);
        let issued = run.result.unwrap();
        // Sent once, found by its name, validated, fetched and cleaned up like an order.
        assert_eq!(cm.reissues, 1, "lost: {lost}");
        assert_eq!(issued.certificate_no, 77);
        assert!(cm
            .calls
            .iter()
            .any(|c| c == "POST /api/v2/certificate/5/reissue"));
        assert!(!cm
            .calls
            .iter()
            .any(|c| c.contains("requestPaidCertificateIssuance")));
        assert_eq!(issued.created.len(), 2);
        assert_eq!(dns.served("_dnsauth.www.example.com"), Vec::<String>::new());
        assert!(run.journal.contains("\"operation\":\"reissueCertificate\""));
        assert!(!run.journal.contains("requestPaidCertificateIssuance"));
    }
}

//! DNS queries as wire-format bytes, and their answers read back, with `hickory-proto`: the
//! host sends the bytes over UDP (or TCP, with the 2-byte length prefix TCP needs) and hands
//! back the answer's bytes. No socket here, no resolver.

use hickory_proto::op::{Edns, Message, MessageType, OpCode, Query, ResponseCode};
use hickory_proto::rr::{Name, RData, RecordType};
use serde::Serialize;
use std::fmt;
use std::net::IpAddr;

/// The UDP payload size announced with EDNS (RFC 6891): the size DNS flag day 2020 settled on,
/// below common path MTUs.
pub const EDNS_PAYLOAD: u16 = 1232;

/// What a query asks for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "UPPERCASE")]
#[non_exhaustive]
pub enum QueryType {
    /// TXT records of a name.
    Txt,
    /// The name servers of a zone.
    Ns,
    /// IPv4 addresses of a server name.
    A,
    /// IPv6 addresses of a server name.
    Aaaa,
}

impl QueryType {
    fn record_type(self) -> RecordType {
        match self {
            QueryType::Txt => RecordType::TXT,
            QueryType::Ns => RecordType::NS,
            QueryType::A => RecordType::A,
            QueryType::Aaaa => RecordType::AAAA,
        }
    }

    /// `"TXT"`, `"NS"`, `"A"` or `"AAAA"`.
    pub fn as_str(self) -> &'static str {
        match self {
            QueryType::Txt => "TXT",
            QueryType::Ns => "NS",
            QueryType::A => "A",
            QueryType::Aaaa => "AAAA",
        }
    }
}

/// A DNS message that cannot be built or read, or an answer that is not the one asked for.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct WireError(String);

impl WireError {
    /// What is wrong.
    pub fn message(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for WireError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for WireError {}

fn name_of(name: &str) -> Result<Name, WireError> {
    let bare = name.trim().trim_end_matches('.');
    Name::from_ascii(format!("{bare}.")).map_err(|e| {
        WireError(format!(
            "{:?} is not a DNS name: {e}",
            crate::report::excerpt(name)
        ))
    })
}

/// The query for `name` and `query_type`, with id `id` (the host draws it at random, or the
/// workflow derives it from the entropy it was given), as wire-format bytes. `recursion` sets
/// RD: wanted from a recursive resolver, not from an authoritative server. EDNS announces
/// [`EDNS_PAYLOAD`] bytes.
pub fn query(
    name: &str,
    query_type: QueryType,
    id: u16,
    recursion: bool,
) -> Result<Vec<u8>, WireError> {
    let mut message = Message::new();
    message
        .set_id(id)
        .set_message_type(MessageType::Query)
        .set_op_code(OpCode::Query)
        .set_recursion_desired(recursion)
        .add_query(Query::query(name_of(name)?, query_type.record_type()));
    let mut edns = Edns::new();
    edns.set_max_payload(EDNS_PAYLOAD);
    message.set_edns(edns);
    message
        .to_vec()
        .map_err(|e| WireError(format!("the query cannot be encoded: {e}")))
}

/// An answer to a query, read.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct DnsAnswer {
    /// The response code's name: `NoError`, `NXDomain`, `ServFail`, `Refused`, …
    pub rcode: String,
    /// The response code is NOERROR.
    pub no_error: bool,
    /// The name does not exist (NXDOMAIN).
    pub nx_domain: bool,
    /// TC: the answer did not fit; ask again over TCP.
    pub truncated: bool,
    /// AA: the server is authoritative for the name.
    pub authoritative: bool,
    /// TXT records of the answer section: each record's strings joined.
    pub txt: Vec<String>,
    /// NS names of the answer section (lower-case, no trailing dot).
    pub ns: Vec<String>,
    /// Addresses of the answer section (A and AAAA).
    pub addresses: Vec<IpAddr>,
}

/// Reads the answer to the query with id `id` for `name` and `query_type`. An answer with
/// another id, a question that is not the one asked, or bytes that are no DNS message are
/// errors (never a panic); a truncated answer is read as far as it goes, with `truncated`
/// set.
pub fn parse_answer(
    bytes: &[u8],
    id: u16,
    name: &str,
    query_type: QueryType,
) -> Result<DnsAnswer, WireError> {
    let message = Message::from_vec(bytes)
        .map_err(|e| WireError(format!("the answer is not a DNS message: {e}")))?;
    if message.id() != id {
        return Err(WireError(format!(
            "the answer's id is {}, not the query's {id}",
            message.id()
        )));
    }
    if message.message_type() != MessageType::Response {
        return Err(WireError(String::from(
            "the answer is a query, not a response",
        )));
    }
    let asked = name_of(name)?;
    let question_matches = message.queries().iter().any(|q| {
        q.query_type() == query_type.record_type() && q.name().eq_case(&asked)
            || q.query_type() == query_type.record_type()
                && q.name().to_lowercase() == asked.to_lowercase()
    });
    if !message.queries().is_empty() && !question_matches {
        return Err(WireError(format!(
            "the answer is for another question than {} {}",
            query_type.as_str(),
            asked
        )));
    }
    let rcode = message.response_code();
    let mut answer = DnsAnswer {
        rcode: format!("{rcode:?}"),
        no_error: rcode == ResponseCode::NoError,
        nx_domain: rcode == ResponseCode::NXDomain,
        truncated: message.truncated(),
        authoritative: message.authoritative(),
        ..DnsAnswer::default()
    };
    for record in message.answers() {
        match record.data() {
            RData::TXT(txt) => answer.txt.push(
                txt.iter()
                    .map(|part| String::from_utf8_lossy(part).into_owned())
                    .collect(),
            ),
            RData::NS(ns) => answer
                .ns
                .push(ns.0.to_ascii().trim_end_matches('.').to_ascii_lowercase()),
            RData::A(a) => answer.addresses.push(IpAddr::V4(a.0)),
            RData::AAAA(aaaa) => answer.addresses.push(IpAddr::V6(aaaa.0)),
            _ => {}
        }
    }
    Ok(answer)
}

#[cfg(test)]
mod tests {
    use super::*;
    use hickory_proto::op::Header;
    use hickory_proto::rr::rdata::{A, NS, TXT};
    use hickory_proto::rr::Record;

    #[test]
    fn a_txt_query_byte_for_byte() {
        // Written from RFC 1035 §4.1 (header, question) and RFC 6891 §6.1 (the OPT record).
        let expected: Vec<u8> = [
            &[0x12, 0x34][..], // ID
            &[0x00, 0x00],     // QR=0 OPCODE=0 AA=0 TC=0 RD=0 | RA=0 Z=0 RCODE=0
            &[0x00, 0x01],     // QDCOUNT
            &[0x00, 0x00],     // ANCOUNT
            &[0x00, 0x00],     // NSCOUNT
            &[0x00, 0x01],     // ARCOUNT (the OPT record)
            // QNAME _acme-challenge.example.com.
            &[15],
            b"_acme-challenge",
            &[7],
            b"example",
            &[3],
            b"com",
            &[0],
            &[0x00, 0x10], // QTYPE TXT (16)
            &[0x00, 0x01], // QCLASS IN
            // OPT: root name, TYPE 41, CLASS = payload size, TTL = ext-rcode/version/flags, RDLEN 0
            &[
                0x00, 0x00, 0x29, 0x04, 0xD0, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
            ],
        ]
        .concat();
        assert_eq!(
            query(
                "_acme-challenge.example.com.",
                QueryType::Txt,
                0x1234,
                false
            )
            .unwrap(),
            expected
        );
        // With RD set, only the flags byte changes.
        let rd = query("_acme-challenge.example.com", QueryType::Txt, 0x1234, true).unwrap();
        assert_eq!(rd[2], 0x01);
        assert_eq!(rd[3..], expected[3..]);
    }

    #[test]
    fn queries_parse_back() {
        for (kind, rtype) in [
            (QueryType::Txt, RecordType::TXT),
            (QueryType::Ns, RecordType::NS),
            (QueryType::A, RecordType::A),
            (QueryType::Aaaa, RecordType::AAAA),
        ] {
            let bytes = query("Ns1.Example.com", kind, 77, true).unwrap();
            let back = Message::from_vec(&bytes).unwrap();
            assert_eq!(back.id(), 77);
            assert_eq!(back.message_type(), MessageType::Query);
            assert!(back.recursion_desired());
            assert_eq!(back.queries().len(), 1);
            assert_eq!(back.queries()[0].query_type(), rtype);
            assert_eq!(back.queries()[0].name().to_ascii(), "Ns1.Example.com.");
            assert_eq!(back.max_payload(), EDNS_PAYLOAD);
        }
        assert!(query("a b", QueryType::Txt, 1, false).is_err());
        assert!(query(&"a".repeat(64), QueryType::Txt, 1, false).is_err());
    }

    fn response(id: u16, name: &str, rtype: RecordType, records: Vec<Record>) -> Message {
        let mut m = Message::new();
        let mut header = Header::response_from_request(&Header::new());
        header.set_id(id);
        m.set_header(header);
        m.set_authoritative(true);
        m.add_query(Query::query(Name::from_ascii(name).unwrap(), rtype));
        m.add_answers(records);
        m
    }

    #[test]
    fn answers_are_read() {
        let name = Name::from_ascii("_acme-challenge.example.com.").unwrap();
        let m = response(
            9,
            "_ACME-challenge.example.com.",
            RecordType::TXT,
            vec![
                Record::from_rdata(
                    name.clone(),
                    60,
                    RData::TXT(TXT::new(vec!["ab".into(), "cd".into()])),
                ),
                Record::from_rdata(name.clone(), 60, RData::TXT(TXT::new(vec!["other".into()]))),
            ],
        );
        let bytes = m.to_vec().unwrap();
        let answer =
            parse_answer(&bytes, 9, "_acme-challenge.example.com", QueryType::Txt).unwrap();
        assert_eq!(answer.txt, ["abcd", "other"]);
        assert!(answer.no_error && answer.authoritative && !answer.truncated);
        assert!(parse_answer(&bytes, 10, "_acme-challenge.example.com", QueryType::Txt).is_err());
        assert!(parse_answer(&bytes, 9, "other.example.com", QueryType::Txt).is_err());
        assert!(parse_answer(&bytes, 9, "_acme-challenge.example.com", QueryType::Ns).is_err());
        assert!(parse_answer(&bytes[..5], 9, "x", QueryType::Txt).is_err());
        assert!(parse_answer(b"", 9, "x", QueryType::Txt).is_err());

        let zone = Name::from_ascii("example.com.").unwrap();
        let mut m = response(
            3,
            "example.com.",
            RecordType::NS,
            vec![Record::from_rdata(
                zone.clone(),
                300,
                RData::NS(NS(Name::from_ascii("NS1.Example.NET.").unwrap())),
            )],
        );
        m.set_truncated(true);
        let answer = parse_answer(&m.to_vec().unwrap(), 3, "example.com", QueryType::Ns).unwrap();
        assert_eq!(answer.ns, ["ns1.example.net"]);
        assert!(answer.truncated);

        let mut m = response(
            4,
            "ns1.example.net.",
            RecordType::A,
            vec![Record::from_rdata(
                Name::from_ascii("ns1.example.net.").unwrap(),
                300,
                RData::A(A::new(192, 0, 2, 53)),
            )],
        );
        m.set_response_code(ResponseCode::NXDomain);
        let answer =
            parse_answer(&m.to_vec().unwrap(), 4, "ns1.example.net", QueryType::A).unwrap();
        assert_eq!(answer.addresses, ["192.0.2.53".parse::<IpAddr>().unwrap()]);
        assert!(answer.nx_domain && !answer.no_error);
        assert_eq!(answer.rcode, "NXDomain");
    }
}

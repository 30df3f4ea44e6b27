//! The reader's own rules on top of `der`/`x509-cert` (see the module comment of `read.rs`),
//! and the corners of PKCS#10 the corpora lack, on requests built byte by byte here.

use super::{parse, PublicKey, San};

/// DER encoding helpers for the synthetic requests.
fn tlv(tag: &[u8], parts: &[&[u8]]) -> Vec<u8> {
    let content = parts.concat();
    let mut out = tag.to_vec();
    out.extend(length(content.len()));
    out.extend(content);
    out
}

fn length(len: usize) -> Vec<u8> {
    if len < 0x80 {
        return vec![len as u8];
    }
    let bytes: Vec<u8> = (len as u32)
        .to_be_bytes()
        .into_iter()
        .skip_while(|&b| b == 0)
        .collect();
    let mut out = vec![0x80 | bytes.len() as u8];
    out.extend(bytes);
    out
}
const OID_CN: &[u8] = &[0x06, 0x03, 0x55, 0x04, 0x03];
const OID_O: &[u8] = &[0x06, 0x03, 0x55, 0x04, 0x0a];
const OID_C: &[u8] = &[0x06, 0x03, 0x55, 0x04, 0x06];
const OID_SAN: &[u8] = &[0x06, 0x03, 0x55, 0x1d, 0x11];
const OID_BASIC_CONSTRAINTS: &[u8] = &[0x06, 0x03, 0x55, 0x1d, 0x13];
const OID_EXT_REQ: &[u8] = &[
    0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x0e,
];
const OID_CHALLENGE: &[u8] = &[
    0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x09, 0x07,
];
const OID_EC_KEY: &[u8] = &[0x06, 0x07, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x02, 0x01];
const OID_P256: &[u8] = &[0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07];
const OID_ECDSA_SHA256: &[u8] = &[0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x02];
const OID_RSA: &[u8] = &[
    0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x01,
];
const OID_SHA256_RSA: &[u8] = &[
    0x06, 0x09, 0x2a, 0x86, 0x48, 0x86, 0xf7, 0x0d, 0x01, 0x01, 0x0b,
];
const NULL: &[u8] = &[0x05, 0x00];

fn atv(oid: &[u8], value: &[u8]) -> Vec<u8> {
    tlv(&[0x30], &[oid, value])
}

fn request(subject: &[u8], key: &[u8], attributes: &[&[u8]], algorithm: &[u8]) -> Vec<u8> {
    let info = tlv(
        &[0x30],
        &[&[0x02, 0x01, 0x00], subject, key, &tlv(&[0xa0], attributes)],
    );
    tlv(
        &[0x30],
        &[&info, algorithm, &tlv(&[0x03], &[&[0x00], &[0x5a; 16]])],
    )
}

fn ext_request(extensions: &[&[u8]]) -> Vec<u8> {
    tlv(
        &[0x30],
        &[OID_EXT_REQ, &tlv(&[0x31], &[&tlv(&[0x30], extensions)])],
    )
}

fn san_extension(names: &[&[u8]]) -> Vec<u8> {
    tlv(&[0x30], &[OID_SAN, &tlv(&[0x04], &[&tlv(&[0x30], names)])])
}

/// Synthetic requests for corners the corpus lacks (signatures are not checked here).
fn synthetic() -> Vec<(String, Vec<u8>)> {
    let ec_key = |params: &[u8]| {
        tlv(
            &[0x30],
            &[
                &tlv(&[0x30], &[OID_EC_KEY, params]),
                &tlv(&[0x03], &[&[0x00, 0x04], &[0x11; 64]]),
            ],
        )
    };
    let rsa_key = tlv(
        &[0x30],
        &[
            &tlv(&[0x30], &[OID_RSA, NULL]),
            &tlv(
                &[0x03],
                &[
                    &[0x00],
                    &tlv(
                        &[0x30],
                        &[
                            &tlv(&[0x02], &[&[0x00, 0xc1], &[0x23; 40]]),
                            &[0x02, 0x03, 0x01, 0x00, 0x01],
                        ],
                    ),
                ],
            ),
        ],
    );
    let cn = |s: &[u8]| tlv(&[0x31], &[&atv(OID_CN, &tlv(&[0x0c], &[s]))]);
    // A multi-valued RDN whose values are not in DER SET order, and string types.
    let subject = tlv(
        &[0x30],
        &[
            &tlv(&[0x31], &[&atv(OID_C, &tlv(&[0x13], &[b"KR"]))]),
            &tlv(
                &[0x31],
                &[
                    &atv(OID_O, &tlv(&[0x14], &[b"Caf\xe9"])),
                    &atv(OID_CN, &tlv(&[0x0c], &[b"b.example"])),
                    &atv(OID_CN, &tlv(&[0x16], &[b"a.example"])),
                ],
            ),
            &tlv(
                &[0x31],
                &[&atv(OID_CN, &tlv(&[0x1e], &[&[0x00, 0x61, 0xd8]]))],
            ),
            &tlv(&[0x31], &[]),
            &cn(b"www.example.com"),
        ],
    );
    let printable = tlv(&[0x13], &[b"Party"]);
    let names: Vec<Vec<u8>> = vec![
        tlv(&[0x82], &[b"www.example.com"]),
        tlv(&[0x81], &[b"a@example.com"]),
        tlv(&[0x86], &[b"https://example.com/"]),
        tlv(&[0x87], &[&[192, 0, 2, 1]]),
        tlv(&[0x87], &[&[0x20, 0x01, 0x0d, 0xb8], &[0; 11], &[1]]),
        tlv(&[0x87], &[&[1, 2, 3]]),
        tlv(&[0x88], &[&[0x2a, 0x03]]),
        tlv(&[0xa0], &[OID_CN, &tlv(&[0xa0], &[&tlv(&[0x0c], &[b"x"])])]),
        tlv(&[0xa4], &[&tlv(&[0x30], &[&cn(b"dir")])]),
        tlv(
            &[0xa5],
            &[
                &tlv(&[0xa0], &[&printable]),
                &tlv(&[0xa1], &[&tlv(&[0x1e], &[&[0x00, 0x41]])]),
            ],
        ),
        tlv(&[0xa5], &[&tlv(&[0xa1], &[&tlv(&[0x0c], &[b"p"])])]),
    ];
    let name_refs: Vec<&[u8]> = names.iter().map(Vec::as_slice).collect();
    let sha256_rsa = tlv(&[0x30], &[OID_SHA256_RSA, NULL]);
    let ecdsa = tlv(&[0x30], &[OID_ECDSA_SHA256]);
    let critical_false = tlv(
        &[0x30],
        &[
            OID_BASIC_CONSTRAINTS,
            &[0x01, 0x01, 0x00],
            &tlv(&[0x04], &[&[0x30, 0x00]]),
        ],
    );
    let critical_san = tlv(
        &[0x30],
        &[
            OID_SAN,
            &[0x01, 0x01, 0xff],
            &tlv(&[0x04], &[&tlv(&[0x30], &[&tlv(&[0x82], &[b"c.example"])])]),
        ],
    );
    let challenge = tlv(
        &[0x30],
        &[
            OID_CHALLENGE,
            &tlv(&[0x31], &[&tlv(&[0x0c], &[b"z"]), &tlv(&[0x13], &[b"y"])]),
        ],
    );
    // Two extensionRequest attributes, and one with two values (SET order decides).
    let two_values = tlv(
        &[0x30],
        &[
            OID_EXT_REQ,
            &tlv(
                &[0x31],
                &[
                    &tlv(
                        &[0x30],
                        &[&san_extension(&[&tlv(&[0x82], &[b"z.example"])])],
                    ),
                    &tlv(
                        &[0x30],
                        &[&san_extension(&[&tlv(&[0x82], &[b"y.example"])])],
                    ),
                ],
            ),
        ],
    );
    vec![
        (
            "all GeneralName kinds".into(),
            request(
                &subject,
                &ec_key(OID_P256),
                &[&ext_request(&[&san_extension(&name_refs), &critical_false])],
                &ecdsa,
            ),
        ),
        (
            "attributes out of order".into(),
            request(
                &subject,
                &rsa_key,
                &[
                    &ext_request(&[&critical_san]),
                    &challenge,
                    &two_values,
                    &ext_request(&[]),
                ],
                &sha256_rsa,
            ),
        ),
        (
            "EC parameters not a named curve".into(),
            request(&tlv(&[0x30], &[&cn(b"x")]), &ec_key(NULL), &[], &ecdsa),
        ),
        (
            "EC without parameters, signature parameters odd".into(),
            request(
                &tlv(&[0x30], &[]),
                &ec_key(&[]),
                &[],
                &tlv(&[0x30], &[OID_ECDSA_SHA256, &[0x04, 0x00]]),
            ),
        ),
        (
            "EC curve given as a constructed sequence".into(),
            request(
                &tlv(&[0x30], &[&cn(b"x")]),
                &ec_key(&tlv(&[0x30], &[OID_P256])),
                &[],
                &ecdsa,
            ),
        ),
    ]
}

/// `request` with another version INTEGER (content octets).
fn with_version(der: &[u8], version: &[u8]) -> Vec<u8> {
    let parsed = parse(der).unwrap();
    let info = &parsed.signed_bytes;
    // info = 30 len 02 01 00 …: swap the version element.
    let rest = &info[outer_header(info) + 3..];
    let info = tlv(&[0x30], &[&tlv(&[0x02], &[version]), rest]);
    let after_info = &der[outer_header(der) + parsed.signed_bytes.len()..];
    tlv(&[0x30], &[&info, after_info])
}

fn outer_header(der: &[u8]) -> usize {
    if der[1] < 0x80 {
        2
    } else {
        2 + usize::from(der[1] & 0x7f)
    }
}

fn ec_key(params: &[u8]) -> Vec<u8> {
    tlv(
        &[0x30],
        &[
            &tlv(&[0x30], &[OID_EC_KEY, params]),
            &tlv(&[0x03], &[&[0x00, 0x04], &[0x11; 64]]),
        ],
    )
}

fn cn(name: &[u8]) -> Vec<u8> {
    tlv(&[0x31], &[&atv(OID_CN, &tlv(&[0x0c], &[name]))])
}

fn simple(attributes: &[&[u8]]) -> Vec<u8> {
    let ecdsa = tlv(&[0x30], &[OID_ECDSA_SHA256]);
    request(
        &tlv(&[0x30], &[&cn(b"www.example.com")]),
        &ec_key(OID_P256),
        attributes,
        &ecdsa,
    )
}

#[test]
fn the_synthetic_requests_are_read_as_intended() {
    let synthetic = synthetic();
    let parsed = parse(&synthetic[0].1).unwrap();
    assert_eq!(
        parsed.common_names,
        // Within the second RDN the values come in DER SET order: UTF8String before IA5String.
        ["b.example", "a.example", "a\u{fffd}", "www.example.com"]
    );
    assert_eq!(parsed.organization.as_deref(), Some("Caf\u{e9}"));
    let san = parsed.san.unwrap();
    assert_eq!(san.len(), 11);
    assert_eq!(san[0], San::Dns("www.example.com".into()));
    assert_eq!(san[1], San::Other("email", "a@example.com".into()));
    assert_eq!(san[3], San::Other("ip", "192.0.2.1".into()));
    assert_eq!(san[4], San::Other("ip", "2001:db8::1".into()));
    assert_eq!(san[5], San::Other("ip", "010203".into()));
    assert_eq!(san[6], San::Other("registeredID", "1.2.3".into()));
    assert_eq!(san[7], San::Other("otherName", "2.5.4.3".into()));
    assert_eq!(san[9], San::Other("ediPartyName", String::new()));
    let parsed = parse(&synthetic[1].1).unwrap();
    assert_eq!(
        parsed.san.unwrap(),
        // Attributes and values in DER SET order (shorter encodings first), not input order.
        [
            San::Dns("c.example".into()),
            San::Dns("y.example".into()),
            San::Dns("z.example".into())
        ]
    );
    for case in &synthetic[2..] {
        assert_eq!(
            parse(&case.1).unwrap().key,
            PublicKey::EcUnnamed,
            "{}",
            case.0
        );
    }
}

#[test]
fn the_signed_bytes_are_the_info_as_in_the_input() {
    // Unsorted SET OF values inside: a re-encoding would differ.
    let der = &synthetic()[1].1;
    let parsed = parse(der).unwrap();
    let start = outer_header(der);
    assert_eq!(
        parsed.signed_bytes,
        der[start..start + parsed.signed_bytes.len()]
    );
    assert_eq!(parsed.signed_bytes[0], 0x30);
}

#[test]
fn a_padded_oid_is_malformed() {
    // X.690 §8.19.2; const-oid alone would read these as the unpadded OIDs.
    let padded_cn = tlv(
        &[0x30],
        &[&tlv(
            &[0x31],
            &[&atv(
                &[0x06, 0x04, 0x55, 0x04, 0x80, 0x03],
                &tlv(&[0x0c], &[b"www.example.com"]),
            )],
        )],
    );
    let ecdsa = tlv(&[0x30], &[OID_ECDSA_SHA256]);
    let why = parse(&request(&padded_cn, &ec_key(OID_P256), &[], &ecdsa)).unwrap_err();
    assert!(why.contains("a malformed OBJECT IDENTIFIER"), "{why}");

    let padded_algorithm = tlv(
        &[0x30],
        &[&[
            0x06, 0x09, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x04, 0x03, 0x80, 0x02,
        ]],
    );
    let why = parse(&request(
        &tlv(&[0x30], &[]),
        &ec_key(OID_P256),
        &[],
        &padded_algorithm,
    ))
    .unwrap_err();
    assert!(why.contains("a malformed OBJECT IDENTIFIER"), "{why}");

    let padded_extension = ext_request(&[&tlv(
        &[0x30],
        &[
            &[0x06, 0x04, 0x55, 0x1d, 0x80, 0x11],
            &tlv(&[0x04], &[&[0x30, 0x00]]),
        ],
    )]);
    let why = parse(&simple(&[&padded_extension])).unwrap_err();
    assert!(
        why.contains("extensionRequest") && why.contains("OBJECT IDENTIFIER"),
        "{why}"
    );

    let padded_registered_id =
        ext_request(&[&san_extension(&[&tlv(&[0x88], &[&[0x2a, 0x80, 0x03]])])]);
    let why = parse(&simple(&[&padded_registered_id])).unwrap_err();
    assert!(
        why.contains("subjectAltName") && why.contains("OBJECT IDENTIFIER"),
        "{why}"
    );

    // A padded curve OID names no curve: an unnamed EC key (K6), not a malformed CSR.
    let padded_curve = [
        0x06, 0x09, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x80, 0x07,
    ];
    let input = request(&tlv(&[0x30], &[]), &ec_key(&padded_curve), &[], &ecdsa);
    assert_eq!(parse(&input).unwrap().key, PublicKey::EcUnnamed);
}

#[test]
fn unused_bits_in_the_signature_are_malformed() {
    let mut der = simple(&[]);
    // The signature BIT STRING is last: 03 11 00 5a…; declare 1 unused bit.
    let at = der.len() - 17;
    assert_eq!(der[at], 0x00);
    der[at] = 0x01;
    assert!(parse(&der).unwrap_err().contains("unused bits"));
}

#[test]
fn unused_bits_in_the_key_make_it_unusable() {
    let key = tlv(
        &[0x30],
        &[
            &tlv(&[0x30], &[OID_EC_KEY, OID_P256]),
            &tlv(&[0x03], &[&[0x01, 0x04], &[0x11; 64]]),
        ],
    );
    let ecdsa = tlv(&[0x30], &[OID_ECDSA_SHA256]);
    let parsed = parse(&request(&tlv(&[0x30], &[]), &key, &[], &ecdsa)).unwrap();
    assert_eq!(parsed.key, PublicKey::EcUnnamed);
}

#[test]
fn another_version_is_read_and_kept() {
    let der = simple(&[]);
    assert_eq!(parse(&der).unwrap().version, Some(0));
    for (content, want) in [
        (&[0x01][..], Some(1)),
        (&[0x02], Some(2)),
        (&[0xff], Some(-1)),
    ] {
        let other = with_version(&der, content);
        assert_eq!(parse(&other).unwrap().version, want);
    }
    let huge = with_version(&der, &[0x01; 12]);
    assert_eq!(parse(&huge).unwrap().version, None);
    // Not minimally encoded: DER refuses it.
    assert!(parse(&with_version(&der, &[0x00, 0x01])).is_err());
}

#[test]
fn leniently_read_as_cas_do() {
    // Two SAN extensions (duplicates): both read.
    let two = ext_request(&[
        &san_extension(&[&tlv(&[0x82], &[b"a.example"])]),
        &san_extension(&[&tlv(&[0x82], &[b"b.example"])]),
    ]);
    let san = parse(&simple(&[&two])).unwrap().san.unwrap();
    assert_eq!(
        san,
        [San::Dns("a.example".into()), San::Dns("b.example".into())]
    );
    // An extensionRequest with an empty SET of values: no SAN extension.
    let empty = tlv(&[0x30], &[OID_EXT_REQ, &tlv(&[0x31], &[])]);
    assert_eq!(parse(&simple(&[&empty])).unwrap().san, None);
    // critical FALSE encoded explicitly (a DER DEFAULT violation): read.
    let explicit = ext_request(&[&tlv(
        &[0x30],
        &[
            OID_SAN,
            &[0x01, 0x01, 0x00],
            &tlv(&[0x04], &[&tlv(&[0x30], &[&tlv(&[0x82], &[b"c.example"])])]),
        ],
    )]);
    let san = parse(&simple(&[&explicit])).unwrap().san.unwrap();
    assert_eq!(san, [San::Dns("c.example".into())]);
}

#[test]
fn trailing_bytes_and_truncation_are_malformed() {
    let mut der = simple(&[]);
    der.push(0);
    assert!(parse(&der).is_err());
    let der = simple(&[]);
    for cut in 0..der.len() {
        assert!(parse(&der[..cut]).is_err(), "cut at {cut}");
    }
}

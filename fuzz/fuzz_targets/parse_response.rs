//! `parse_response` on an arbitrary status (first two bytes) and body (the rest). Whatever
//! comes back must serialise to JSON, and an error must carry the status it was given.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ncpcert::parse_response;

fuzz_target!(|data: &[u8]| {
    let (status, body) = match data {
        [a, b, rest @ ..] => (u16::from_be_bytes([*a, *b]) % 1000, rest),
        _ => (200, data),
    };
    match parse_response(status, body) {
        Ok(response) => {
            assert!((200..=299).contains(&status));
            serde_json::from_str::<serde_json::Value>(&response.to_json()).expect("JSON");
        }
        Err(error) => {
            assert_eq!(error.http_status, status);
            serde_json::from_str::<serde_json::Value>(&error.to_json()).expect("JSON");
        }
    }
});

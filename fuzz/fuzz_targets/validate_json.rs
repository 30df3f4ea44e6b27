//! Request validation from arbitrary JSON text, through the same entry point the bindings
//! use. When a body is accepted, the body `prepare` serialises must read back as the same
//! request (SPEC §4) and validate the same way.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ncpcert::{AdvancedCertificateRequest, Policy, Site};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let report: serde_json::Value =
        serde_json::from_str(&ncpcert::host::validate_json(text, None, false))
            .expect("validate_json always answers JSON");
    assert!(report["valid"].is_boolean());

    // Fields of `extra` go into the body at the top level, where the request reader would call
    // them unknown: the round trip holds for requests without them.
    let Ok(request) = AdvancedCertificateRequest::from_json(text) else {
        return;
    };
    if !request.extra.is_empty() {
        return;
    }
    let Ok(prepared) = request.prepare_with(&Site::Public, &Policy::default()) else {
        return;
    };
    let reread =
        AdvancedCertificateRequest::from_json(prepared.body.as_deref().unwrap_or_default())
            .expect("own body reads");
    let again = reread
        .prepare_with(&Site::Public, &Policy::default())
        .expect("own body validates");
    assert_eq!(again.body, prepared.body);
});

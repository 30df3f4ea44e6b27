//! `sign` on arbitrary method, path, access key and secret key bytes and timestamp. Input:
//! 8 bytes of timestamp, then the four fields separated by 0xFF (a byte UTF-8 never uses, so
//! any UTF-8 can appear inside a field). Accepted inputs must verify, produce a 44-character
//! base64 signature, and match the reusable `Signer`; refused ones must not quote the secret.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ncpcert::{sign, verify, Signer};

fuzz_target!(|data: &[u8]| {
    let Some((stamp, rest)) = data.split_first_chunk::<8>() else {
        return;
    };
    let timestamp = u64::from_le_bytes(*stamp);
    let mut fields = rest.split(|&b| b == 0xFF).map(String::from_utf8_lossy);
    let method = fields.next().unwrap_or_default();
    let path = fields.next().unwrap_or_default();
    let access = fields.next().unwrap_or_default();
    let secret = fields.next().unwrap_or_default();

    match sign(&method, &path, timestamp, &access, &secret) {
        Ok(signature) => {
            assert_eq!(signature.len(), 44);
            assert_eq!(
                verify(&method, &path, timestamp, &access, &secret, &signature),
                Ok(true)
            );
            let signer = Signer::new(access.to_string(), &secret).expect("keys were accepted");
            assert_eq!(signer.signature(&method, &path, timestamp), Ok(signature));
        }
        Err(error) => {
            // Messages may quote the method, path or access key; the secret only leaks if it
            // shows up without being part of one of those. Short secrets are skipped: four
            // letters can occur in a message's own words ("ific" in "Certificate").
            let quoted = [&method, &path, &access];
            if secret.len() >= 16 && !quoted.iter().any(|q| q.contains(secret.as_ref())) {
                assert!(!error.to_string().contains(secret.as_ref()), "{error}");
                assert!(!format!("{error:?}").contains(secret.as_ref()), "{error:?}");
            }
        }
    }
});

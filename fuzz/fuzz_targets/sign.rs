//! `sign` on arbitrary method, path, access key and secret key bytes and timestamp. Input:
//! 8 bytes of timestamp, then the four fields separated by 0xFF (a byte UTF-8 never uses, so
//! any UTF-8 can appear inside a field). Accepted inputs must verify, produce a 44-character
//! base64 signature, and match the reusable `Signer`; refusals must not depend on the secret
//! unless the secret is what is refused, and then must not quote it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use ncpcert::{sign, verify, Signer, SigningErrorKind};

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
        Err(error) if error.kind() == SigningErrorKind::SecretKey => {
            // The secret is refused: the message may say why, never what it is.
            if secret.len() >= 16 {
                assert!(!error.message().contains(secret.as_ref()), "{error}");
                assert!(!format!("{error:?}").contains(secret.as_ref()), "{error:?}");
            }
        }
        Err(error) => {
            // Any other refusal is about the other inputs: the secret has no say in it, so
            // the same call with a different secret of the same length says the same thing.
            let stand_in = "S".repeat(secret.chars().count().max(1));
            let other = sign(&method, &path, timestamp, &access, &stand_in)
                .expect_err("the secret was not what was refused");
            assert_eq!(other, error);
        }
    }
});

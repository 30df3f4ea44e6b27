//! Query strings, percent-encoded once (the gateway signs the request-target as sent
//! and never normalises it, so ncpcert encodes once and signs and sends that same text).

use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};

/// Everything but RFC 3986's unreserved characters (`A–Z a–z 0–9 - . _ ~`) is encoded: a space
/// becomes `%20` (never `+`, which the gateway would take literally), `+` becomes `%2B`, and
/// non-ASCII text its UTF-8 bytes, with upper-case hex digits.
const QUERY_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// `path?name=value&…` for the parameters that are set, in the order given; `path` alone when
/// none is.
pub(crate) fn with_query(path: &str, parameters: &[(&str, Option<String>)]) -> String {
    let mut target = String::from(path);
    let mut separator = '?';
    for (name, value) in parameters {
        if let Some(value) = value {
            target.push(separator);
            target.push_str(name);
            target.push('=');
            target.extend(utf8_percent_encode(value, QUERY_VALUE));
            separator = '&';
        }
    }
    target
}

/// One path segment (an order id), percent-encoded like a query value: nothing but RFC
/// 3986's unreserved characters is left as it is, so `/`, `?` and `%` cannot change the path.
pub(crate) fn path_segment(value: &str) -> String {
    utf8_percent_encode(value, QUERY_VALUE).to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodes_everything_but_unreserved() {
        let target = with_query(
            "/p",
            &[
                ("a", Some("A-z_0.9~".into())),
                ("b", None),
                ("c", Some("x y+z/?&=#%".into())),
                ("d", Some("인증서".into())),
            ],
        );
        assert_eq!(
            target,
            "/p?a=A-z_0.9~&c=x%20y%2Bz%2F%3F%26%3D%23%25&d=%EC%9D%B8%EC%A6%9D%EC%84%9C"
        );
        assert_eq!(with_query("/p", &[("b", None)]), "/p");
    }

    #[test]
    fn every_encoded_target_is_signable() {
        // Whatever the value, the result is a request-target the signer accepts.
        for value in ["\u{0}\n\r\t", "\u{7f}\u{80}\u{ffff}", "%%%", "\u{10ffff}"] {
            let target = with_query("/p", &[("v", Some(value.into()))]);
            assert!(crate::signing::check_path(&target).is_ok(), "{target}");
        }
    }
}

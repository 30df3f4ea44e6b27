//! NCP API Gateway error codes: the body `{"error":{"errorCode":…}}`.

/// One row of the gateway's error table.
#[derive(Debug)]
pub(super) struct GatewayCode {
    /// `errorCode` as text.
    pub code: &'static str,
    /// The HTTP status the gateway sends with it (documentation, checked by the table test;
    /// errors always report the status actually received).
    #[allow(dead_code)]
    pub http_status: u16,
    /// The gateway's name for it.
    pub name: &'static str,
    /// What the user should do.
    pub hint: &'static str,
}

const RETRY_HINT: &str = "Too many requests in a short time: wait, then retry with exponential \
backoff and jitter. Re-sign every attempt with a fresh timestamp (a retried request needs a new \
signature).";

/// The gateway's documented error codes.
pub(super) const GATEWAY_CODES: [GatewayCode; 12] = [
    GatewayCode {
        code: "100",
        http_status: 400,
        name: "Bad Request",
        hint: "The API Gateway refused the request itself (protocol, encoding or headers). Send \
it over HTTPS exactly as ncpcert prepared it: the same method, URL, Content-Type and Accept \
headers, and the UTF-8 JSON body.",
    },
    GatewayCode {
        code: "200",
        http_status: 401,
        name: "Authentication Failed",
        hint: "Check that the access key and secret key are a pair and are active, that the \
signed path-and-query is byte-for-byte the path sent on the wire (no re-encoding, same query, \
no added or removed trailing slash), and that this host's clock is within 5 minutes of NCP's. \
Then re-sign with a fresh timestamp and send again.",
    },
    GatewayCode {
        code: "210",
        http_status: 401,
        name: "Permission Denied",
        hint: "The keys were accepted but may not call this API: subscribe to Certificate \
Manager in the NCP console, and if the keys belong to a sub-account, grant that sub-account an \
IAM policy that allows Certificate Manager.",
    },
    GatewayCode {
        code: "230",
        http_status: 403,
        name: "Forbidden",
        hint: "The gateway refused access to this API for these keys. Check the account's access \
to Certificate Manager, the sub-account's IAM policies, and any access restriction on the key \
(allowed source IP addresses, for example).",
    },
    GatewayCode {
        code: "300",
        http_status: 404,
        name: "Not Found",
        hint: "No API at that address: check the site (public, gov or fin) or the custom \
endpoint including any path prefix, and the path \
/api/v2/certificate/requestPaidCertificateIssuance.",
    },
    GatewayCode {
        code: "430",
        http_status: 413,
        name: "Request Entity Too Large",
        hint: "The request body is larger than the gateway accepts: send the CSR alone, as the \
canonical PEM that ncpcert's prepare emits (no certificate chain, keys or other PEM blocks).",
    },
    GatewayCode {
        code: "400",
        http_status: 429,
        name: "Quota Exceeded",
        hint: "The account's API quota is used up: wait until the quota period resets (or have \
the quota raised) before retrying, and re-sign every attempt with a fresh timestamp.",
    },
    GatewayCode {
        code: "410",
        http_status: 429,
        name: "Throttle Limited",
        hint: RETRY_HINT,
    },
    GatewayCode {
        code: "420",
        http_status: 429,
        name: "Rate Limited",
        hint: RETRY_HINT,
    },
    GatewayCode {
        code: "500",
        http_status: 503,
        name: "Endpoint Error",
        hint: "The gateway failed on the way to Certificate Manager, and the request may still \
have been processed: look for the certificate in the certificate list before sending the \
issuance request again (to avoid ordering it twice), then retry with backoff, re-signing with a \
fresh timestamp.",
    },
    GatewayCode {
        code: "510",
        http_status: 504,
        name: "Endpoint Timeout",
        hint: "Certificate Manager did not answer in time, and the request may still have been \
processed: look for the certificate in the certificate list before retrying (to avoid ordering \
it twice), then retry with backoff, re-signing with a fresh timestamp.",
    },
    GatewayCode {
        code: "900",
        http_status: 500,
        name: "Unexpected Error",
        hint: "An unexpected error inside NCP: check the certificate list to see whether the \
request went through, try again later, and contact NCP support with the request time if it \
persists.",
    },
];

/// The hint for a gateway code that is not in the table.
pub(super) const UNKNOWN_GATEWAY_HINT: &str = "An API Gateway error code ncpcert does not \
know: see NCP's API Gateway error documentation for it. If the HTTP status is 429, retry later \
with backoff, re-signing every attempt with a fresh timestamp; if it is 5xx, the request may \
have been processed: look for the certificate in the certificate list before sending the \
issuance request again.";

/// The table row for `code` (its text, e.g. `"200"`).
pub(super) fn lookup(code: &str) -> Option<&'static GatewayCode> {
    GATEWAY_CODES.iter().find(|row| row.code == code)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_matches_the_spec() {
        let expected: [(&str, u16); 12] = [
            ("100", 400),
            ("200", 401),
            ("210", 401),
            ("230", 403),
            ("300", 404),
            ("430", 413),
            ("400", 429),
            ("410", 429),
            ("420", 429),
            ("500", 503),
            ("510", 504),
            ("900", 500),
        ];
        for (code, status) in expected {
            let row = lookup(code).expect("documented code");
            assert_eq!(row.http_status, status, "{code}");
            assert!(!row.hint.is_empty());
        }
        assert!(lookup("999").is_none());
    }
}

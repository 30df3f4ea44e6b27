//! ListOrders (`GET /api/v2/certificate/orders`) and GetOrder
//! (`GET /api/v2/certificate/orders/{orderId}`): the subscriptions of the account's Advanced
//! certificate orders — when each ends, how many days remain (within which a certificate is
//! reissued free) and how many years may still be added.
//!
//! NCP writes its dates as `yyyy-MM-dd HH:mm:ss` in Korean time (UTC+9); they are kept as
//! sent, and [`OrderSubscription::subscription_end_ms`] reads them as instants.

use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};
use serde_with::serde_as;

use super::query::{path_segment, with_query};
use super::ArgumentError;
use crate::order::time::ncp_local_ms;
use crate::prepare::{PreparedRequest, Site};
use crate::response::fields::{
    from_value, from_value_at, list_or_null, unknown, Code, Count, Integer, Text,
};
use crate::response::{read_envelope, read_model, type_name, ApiError, Expected};
use crate::CertificateSummary;

/// Path of ListOrders; GetOrder adds `/{orderId}`.
pub const LIST_ORDERS_PATH: &str = "/api/v2/certificate/orders";

/// The most orders asked for in one page (0 asks for all).
const MAX_PAGE_SIZE: u32 = 1000;

/// A ListOrders call. [`ListOrders::new`] asks for every order at once (`page=1&pageSize=0`,
/// NCP's "all").
///
/// ```
/// use ncpcert::{ListOrders, Site};
/// let prepared = ListOrders::new().prepare(&Site::Public)?;
/// assert_eq!(prepared.path, "/api/v2/certificate/orders?page=1&pageSize=0");
/// # Ok::<(), ncpcert::ArgumentError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ListOrders {
    /// `page`, from 1.
    pub page: u32,
    /// `pageSize`: 0 (every order) or 1 to 1000.
    pub page_size: u32,
}

impl Default for ListOrders {
    fn default() -> Self {
        ListOrders {
            page: 1,
            page_size: 0,
        }
    }
}

impl ListOrders {
    /// Every order, in one page.
    pub fn new() -> Self {
        Self::default()
    }

    /// The page to fetch, from 1.
    pub fn page(mut self, page: u32) -> Self {
        self.page = page;
        self
    }

    /// Orders per page: 1 to 1000, or 0 for all.
    pub fn page_size(mut self, page_size: u32) -> Self {
        self.page_size = page_size;
        self
    }

    /// The request-target. Signed and sent as it is.
    pub fn path_and_query(&self) -> Result<String, ArgumentError> {
        if self.page == 0 {
            return Err(ArgumentError::new("page counts from 1; give 1 or more"));
        }
        if self.page_size > MAX_PAGE_SIZE {
            return Err(ArgumentError::new(format!(
                "pageSize is {}; give 0 (every order) or 1 to {MAX_PAGE_SIZE}",
                self.page_size
            )));
        }
        Ok(with_query(
            LIST_ORDERS_PATH,
            &[
                ("page", Some(self.page.to_string())),
                ("pageSize", Some(self.page_size.to_string())),
            ],
        ))
    }

    /// The `GET` to send to `site`, unsigned.
    pub fn prepare(&self, site: &Site) -> Result<PreparedRequest, ArgumentError> {
        Ok(PreparedRequest::get(site, &self.path_and_query()?))
    }
}

/// A GetOrder call: one order's subscription and its certificates.
///
/// ```
/// use ncpcert::{GetOrder, Site};
/// let prepared = GetOrder::new("900001").prepare(&Site::Public)?;
/// assert_eq!(prepared.path, "/api/v2/certificate/orders/900001");
/// # Ok::<(), ncpcert::ArgumentError>(())
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct GetOrder {
    /// The order's id (`orderId` of ListOrders or ListAdvancedCertificates).
    pub order_id: String,
}

impl GetOrder {
    /// The order `order_id`.
    pub fn new(order_id: impl Into<String>) -> Self {
        GetOrder {
            order_id: order_id.into(),
        }
    }

    /// The request-target: the id percent-encoded as one path segment.
    pub fn path_and_query(&self) -> Result<String, ArgumentError> {
        let id = self.order_id.trim();
        if id.is_empty() || id.len() > 255 || id.chars().any(char::is_control) {
            return Err(ArgumentError::new(
                "the order id is empty, too long or holds a control character; give the orderId \
                 that ListOrders or the certificate list shows",
            ));
        }
        Ok(format!("{LIST_ORDERS_PATH}/{}", path_segment(id)))
    }

    /// The `GET` to send to `site`, unsigned.
    pub fn prepare(&self, site: &Site) -> Result<PreparedRequest, ArgumentError> {
        Ok(PreparedRequest::get(site, &self.path_and_query()?))
    }
}

/// The subscription of one order (an entry of ListOrders' `orders[]`).
///
/// Serialises as `{"orderId", "subscriptionStartDt", "subscriptionEndDt",
/// "subscriptionYears", "remainingDays", "extendableYears", …extra}`, the dates as NCP sent
/// them (Korean time).
#[serde_as]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", expecting = "an object")]
#[non_exhaustive]
pub struct OrderSubscription {
    /// `orderId`, as text.
    #[serde_as(deserialize_as = "Code")]
    pub order_id: String,
    /// `subscriptionStartDt`: when the order was placed, `yyyy-MM-dd HH:mm:ss` Korean time.
    #[serde_as(deserialize_as = "Option<Text>")]
    #[serde(default)]
    pub subscription_start_dt: Option<String>,
    /// `subscriptionEndDt`: when the subscription ends; `None` until the order's first
    /// certificate is issued.
    #[serde_as(deserialize_as = "Option<Text>")]
    #[serde(default)]
    pub subscription_end_dt: Option<String>,
    /// `subscriptionYears`: years bought (ordered plus extensions).
    #[serde_as(deserialize_as = "Integer")]
    #[serde(default)]
    pub subscription_years: Option<i64>,
    /// `remainingDays`: days to the subscription's end, negative once it is over; `None`
    /// while the end is.
    #[serde_as(deserialize_as = "Integer")]
    #[serde(default)]
    pub remaining_days: Option<i64>,
    /// `extendableYears`: years that may still be added (SubscriptionExtend).
    #[serde_as(deserialize_as = "Integer")]
    #[serde(default)]
    pub extendable_years: Option<i64>,
    /// Fields ncpcert does not know, kept as sent.
    #[serde(flatten, skip_deserializing, default = "unknown")]
    pub extra: Map<String, Value>,
}

impl OrderSubscription {
    /// The subscription's end as milliseconds since the Unix epoch (NCP's Korean time read
    /// as such); `None` when NCP sent none or one that cannot be read.
    pub fn subscription_end_ms(&self) -> Option<i64> {
        self.subscription_end_dt.as_deref().and_then(ncp_local_ms)
    }

    /// The subscription's start, like [`subscription_end_ms`](Self::subscription_end_ms).
    pub fn subscription_start_ms(&self) -> Option<i64> {
        self.subscription_start_dt.as_deref().and_then(ncp_local_ms)
    }
}

/// A successful answer to ListOrders.
///
/// Serialises as `{"returnCode", "returnMessage", "totalCount", "orders", …extra}`.
#[serde_as]
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase", expecting = "an object")]
#[non_exhaustive]
pub struct OrderList {
    /// `returnCode` as text (`"0"`).
    #[serde_as(deserialize_as = "Code")]
    pub return_code: String,
    /// `returnMessage` (empty when absent).
    #[serde_as(deserialize_as = "Text")]
    #[serde(default)]
    pub return_message: String,
    /// `totalCount` (or `totalRows`), when present.
    #[serde_as(deserialize_as = "Count")]
    #[serde(default, alias = "totalRows")]
    pub total_count: Option<u64>,
    /// `orders[]`, in the order sent.
    #[serde(default, deserialize_with = "list_or_null")]
    pub orders: Vec<OrderSubscription>,
    /// Top-level fields ncpcert does not know, kept as sent.
    #[serde(flatten, skip_deserializing, default = "unknown")]
    pub extra: Map<String, Value>,
}

impl OrderList {
    /// The order `order_id`.
    pub fn find(&self, order_id: &str) -> Option<&OrderSubscription> {
        self.orders.iter().find(|o| o.order_id == order_id)
    }

    /// As JSON text (see the type's documentation).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| String::from("{}"))
    }
}

/// A successful answer to GetOrder: the subscription and the order's certificates.
///
/// Serialises as `{"returnCode", "returnMessage", "totalCount", "orderId",
/// "subscriptionStartDt", "subscriptionEndDt", "subscriptionYears", "remainingDays",
/// "extendableYears", "certificates", "otherCertificates", …extra}`. Read by
/// [`parse_order`] (the certificates apart from the rest).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct OrderDetails {
    /// `returnCode` as text (`"0"`).
    pub return_code: String,
    /// `returnMessage` (empty when absent).
    pub return_message: String,
    /// `totalCount`: the number of certificates in the order, when present.
    pub total_count: Option<u64>,
    /// The order's subscription (`orderId`, the dates, years and days, as in ListOrders).
    #[serde(flatten)]
    pub subscription: OrderSubscription,
    /// `certificates[]` read as certificate summaries (NCP does not document their fields;
    /// the fields of the certificate list are expected).
    pub certificates: Vec<CertificateSummary>,
    /// The entries of `certificates[]` that do not read as a certificate summary, as sent.
    #[cfg_attr(feature = "schema", schemars(with = "Vec<Map<String, Value>>"))]
    pub other_certificates: Vec<Value>,
}

impl OrderDetails {
    /// As JSON text (see the type's documentation).
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|_| String::from("{}"))
    }
}

/// The envelope fields of GetOrder, read before its subscription.
#[serde_as]
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", expecting = "an object")]
struct Envelope {
    #[serde_as(deserialize_as = "Code")]
    return_code: String,
    #[serde_as(deserialize_as = "Text")]
    #[serde(default)]
    return_message: String,
    #[serde_as(deserialize_as = "Count")]
    #[serde(default, alias = "totalRows")]
    total_count: Option<u64>,
}

const ORDERS: Expected = Expected {
    answer: "an order list (ListOrders)",
    malformed_hint: "NCP answered ListOrders with something ncpcert cannot read: ask again (it \
changes nothing); if it persists, check the endpoint URL and any proxy in between, and look the \
orders up in the NCP console.",
};

const ORDER: Expected = Expected {
    answer: "an order (GetOrder)",
    malformed_hint: "NCP answered GetOrder with something ncpcert cannot read: ask again (it \
changes nothing); if it persists, check the order id, the endpoint URL and any proxy in between.",
};

/// Reads NCP's answer to ListOrders. Never panics. Numbers may come as strings, a missing or
/// `null` `orders` is an empty list; unknown fields are kept.
pub fn parse_order_list(http_status: u16, body: &[u8]) -> Result<OrderList, ApiError> {
    read_model(http_status, body, &ORDERS)
}

/// Reads NCP's answer to GetOrder. Never panics. Each entry of `certificates[]` that reads as
/// a certificate summary (at least `certificateNo` and `statusCode`) is one; any other is
/// kept as sent in `otherCertificates`.
pub fn parse_order(http_status: u16, body: &[u8]) -> Result<OrderDetails, ApiError> {
    let mut object = read_envelope(http_status, body, &ORDER)?;
    let malformed = |what: &str| ApiError::malformed(http_status, &ORDER, what, body);
    let items = match object.shift_remove("certificates") {
        None | Some(Value::Null) => Vec::new(),
        Some(Value::Array(items)) => items,
        Some(other) => {
            return Err(malformed(&format!(
                "certificates is {}, not an array",
                type_name(&other)
            )))
        }
    };
    let envelope: Envelope =
        from_value(Value::Object(object.clone())).map_err(|e| malformed(&e))?;
    for name in ["returnCode", "returnMessage", "totalCount", "totalRows"] {
        object.shift_remove(name);
    }
    let subscription: OrderSubscription =
        from_value(Value::Object(object)).map_err(|e| malformed(&e))?;
    let mut certificates = Vec::new();
    let mut other_certificates = Vec::new();
    for (i, item) in items.into_iter().enumerate() {
        match from_value_at::<CertificateSummary>(item.clone(), &format!("certificates[{i}]")) {
            Ok(mut summary) => {
                summary.settle();
                certificates.push(summary);
            }
            Err(_) => other_certificates.push(item),
        }
    }
    Ok(OrderDetails {
        return_code: envelope.return_code,
        return_message: envelope.return_message,
        total_count: envelope.total_count,
        subscription,
        certificates,
        other_certificates,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{ApiErrorKind, CertificateStatus};

    #[test]
    fn list_orders_asks_for_every_order_by_default() {
        assert_eq!(
            ListOrders::new().path_and_query().unwrap(),
            "/api/v2/certificate/orders?page=1&pageSize=0"
        );
        assert_eq!(
            ListOrders::new()
                .page(2)
                .page_size(20)
                .path_and_query()
                .unwrap(),
            "/api/v2/certificate/orders?page=2&pageSize=20"
        );
        assert!(ListOrders::new().page(0).prepare(&Site::Public).is_err());
        assert!(ListOrders::new()
            .page_size(1001)
            .prepare(&Site::Public)
            .is_err());
        let prepared = ListOrders::new().prepare(&Site::Public).unwrap();
        assert_eq!(
            prepared.url,
            "https://certificatemanager.apigw.ntruss.com/api/v2/certificate/orders?page=1&pageSize=0"
        );
        assert_eq!(prepared.method, "GET");
    }

    #[test]
    fn get_order_encodes_the_id_as_one_segment() {
        assert_eq!(
            GetOrder::new("900001").path_and_query().unwrap(),
            "/api/v2/certificate/orders/900001"
        );
        assert_eq!(
            GetOrder::new("a/b?c%").path_and_query().unwrap(),
            "/api/v2/certificate/orders/a%2Fb%3Fc%25"
        );
        for bad in ["", "  ", "a\nb"] {
            let e = GetOrder::new(bad).prepare(&Site::Public).unwrap_err();
            assert_eq!(e.code(), "argument.invalid");
        }
    }

    #[test]
    fn orders_with_and_without_an_end() {
        let body = br#"{"returnCode":"0","returnMessage":"Success","totalCount":2,"orders":[
          {"orderId":"900001","subscriptionStartDt":"2026-01-10 09:30:00",
           "subscriptionEndDt":"2027-01-10 09:30:00","subscriptionYears":1,"remainingDays":"120",
           "extendableYears":2,"productName":"DV"},
          {"orderId":900002,"subscriptionStartDt":"2026-10-01 10:00:00","subscriptionEndDt":null,
           "subscriptionYears":1,"remainingDays":null,"extendableYears":0}]}"#;
        let list = parse_order_list(200, body).unwrap();
        assert_eq!(list.total_count, Some(2));
        let a = list.find("900001").unwrap();
        assert_eq!(a.remaining_days, Some(120));
        assert_eq!(a.extendable_years, Some(2));
        assert_eq!(a.extra["productName"], "DV");
        // 2027-01-10 09:30:00 KST = 2027-01-10T00:30:00Z (`date -u -d` gives 1799541000).
        assert_eq!(a.subscription_end_ms(), Some(1_799_541_000_000));
        let b = list.find("900002").unwrap();
        assert_eq!(b.subscription_end_dt, None);
        assert_eq!(b.remaining_days, None);
        assert_eq!(b.subscription_end_ms(), None);
        let json: Value = serde_json::from_str(&list.to_json()).unwrap();
        assert_eq!(json["orders"][1]["orderId"], "900002");
        assert_eq!(json["orders"][1]["subscriptionEndDt"], Value::Null);
        assert_eq!(json["orders"][0]["productName"], "DV");
    }

    #[test]
    fn get_order_reads_its_certificates_and_keeps_the_unknown() {
        let body = br#"{"returnCode":"0","returnMessage":"Success","totalCount":2,
          "orderId":"900001","subscriptionStartDt":"2026-01-10 09:30:00",
          "subscriptionEndDt":"2027-01-10 09:30:00","subscriptionYears":1,"remainingDays":120,
          "extendableYears":2,"certificates":[
            {"certificateNo":7,"certificateName":"web","commonName":"www.example.com",
             "dnsName":"www.example.com","statusCode":"1","statusName":"NORMAL",
             "certificateType":"NCP_PAID_DV_01","notAfter":"2026-07-01"},
            {"certNo":"x"}],"note":"n"}"#;
        let order = parse_order(200, body).unwrap();
        assert_eq!(order.subscription.order_id, "900001");
        assert_eq!(order.subscription.remaining_days, Some(120));
        assert_eq!(order.subscription.extra["note"], "n");
        assert_eq!(order.certificates.len(), 1);
        assert_eq!(order.certificates[0].status, CertificateStatus::Normal);
        assert_eq!(order.certificates[0].extra["notAfter"], "2026-07-01");
        assert_eq!(
            order.other_certificates,
            vec![serde_json::json!({"certNo": "x"})]
        );
        let json: Value = serde_json::from_str(&order.to_json()).unwrap();
        assert_eq!(json["orderId"], "900001");
        assert_eq!(json["certificates"][0]["certificateNo"], 7);
        assert_eq!(json["certificates"][0]["issued"], true);
        assert_eq!(json["otherCertificates"][0]["certNo"], "x");
        assert_eq!(json["note"], "n");
        assert_eq!(json["totalCount"], 2);
    }

    #[test]
    fn unreadable_answers_are_errors() {
        for body in [
            &b""[..],
            b"[]",
            br#"{"returnCode":"0","orders":{}}"#,
            br#"{"returnCode":"0","orders":[{"subscriptionYears":1}]}"#,
            br#"{"returnCode":"0","orders":[{"orderId":"1","remainingDays":"soon"}]}"#,
        ] {
            let e = parse_order_list(200, body).unwrap_err();
            assert_eq!(
                e.kind,
                ApiErrorKind::Malformed,
                "{}",
                String::from_utf8_lossy(body)
            );
        }
        for body in [
            &br#"{"returnCode":"0","orderId":"1","certificates":{}}"#[..],
            br#"{"returnCode":"0","certificates":[]}"#,
            br#"{"orderId":"1"}"#,
        ] {
            let e = parse_order(200, body).unwrap_err();
            assert_eq!(
                e.kind,
                ApiErrorKind::Malformed,
                "{}",
                String::from_utf8_lossy(body)
            );
        }
        let e =
            parse_order(200, br#"{"returnCode":"1006","returnMessage":"No order"}"#).unwrap_err();
        assert_eq!(e.kind, ApiErrorKind::Service);
    }
}

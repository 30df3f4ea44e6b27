//! The host surface of inventory and renewal: ListOrders and GetOrder, a certificate's
//! expiry, the inventory rows, the renewal decision and the renewed certificate's name.

use serde_json::{Map, Value};

use super::{integer_option, options, HostError};
use crate::inventory::{self, Expiry, InventoryRow};
use crate::order::time::ncp_local_ms;
use crate::renewal::{self, OrderFacts, RenewalDecision};
use crate::response::fields::from_value;
use crate::{
    parse_order, parse_order_list, CertificateList, GetOrder, ListOrders, OrderDetails, OrderList,
    PreparedRequest, Site,
};

/// A ListOrders call from `{"page"?, "pageSize"?}` (default: every order, `page=1&pageSize=0`).
pub fn list_orders(options_value: &Value, site: &Site) -> Result<PreparedRequest, HostError> {
    let mut fields = options(options_value, "order list", &["page", "pageSize"])?;
    let mut call = ListOrders::new();
    if let Some(page) = integer_option(&mut fields, "page", "a positive integer")? {
        call = call.page(page);
    }
    if let Some(size) = integer_option(&mut fields, "pageSize", "an integer from 0 to 1000")? {
        call = call.page_size(size);
    }
    Ok(call.prepare(site)?)
}

/// NCP's answer to ListOrders.
pub fn read_orders(http_status: u16, body: &[u8]) -> Result<OrderList, HostError> {
    Ok(parse_order_list(http_status, body)?)
}

/// A GetOrder call from `{"orderId"}` (text, or a number).
pub fn get_order(options_value: &Value, site: &Site) -> Result<PreparedRequest, HostError> {
    let mut fields = options(options_value, "order", &["orderId"])?;
    let id = match fields.remove("orderId") {
        Some(Value::String(id)) => id,
        Some(Value::Number(n)) => n.to_string(),
        None => {
            return Err(HostError::argument(
                "orderId is missing; give the order's id (ListOrders shows it)",
            ))
        }
        Some(_) => return Err(HostError::argument("orderId must be text or a number")),
    };
    Ok(GetOrder::new(id).prepare(site)?)
}

/// NCP's answer to GetOrder.
pub fn read_order(http_status: u16, body: &[u8]) -> Result<OrderDetails, HostError> {
    Ok(parse_order(http_status, body)?)
}

/// The validity of the first certificate of `pem`; `certificate.invalid` when it cannot be
/// read.
pub fn certificate_expiry(pem: &str) -> Result<Expiry, HostError> {
    inventory::certificate_expiry(pem).map_err(|e| HostError::coded(e.code(), e.message()))
}

/// The renewal decision. `certificate`: at least `{"notBeforeMs", "notAfterMs"}` (an
/// expiry as [`certificate_expiry`] returns it). `order`: `null` (unknown), or the order's
/// `{"remainingDays"?, "subscriptionEndDt"?}` (an order as [`read_orders`] returns it) or
/// `{"remainingDays"?, "subscriptionEndMs"?}`.
pub fn decide_renewal(
    certificate: &Value,
    order: &Value,
    now_ms: i64,
    days: Option<u32>,
    allow_order: bool,
) -> Result<RenewalDecision, HostError> {
    let instant = |name: &str| {
        certificate
            .get(name)
            .and_then(Value::as_i64)
            .ok_or_else(|| {
                HostError::argument(format!(
                    "the certificate's {name} is missing or not an integer; give the expiry that \
                 certificate_expiry returned"
                ))
            })
    };
    let (not_before, not_after) = (instant("notBeforeMs")?, instant("notAfterMs")?);
    let facts = match order {
        Value::Null => None,
        Value::Object(fields) => Some(order_facts(fields)?),
        _ => {
            return Err(HostError::argument(
                "the order must be an object (an order of the order list) or null",
            ))
        }
    };
    Ok(renewal::decide_renewal(
        not_before,
        not_after,
        facts.as_ref(),
        now_ms,
        days,
        allow_order,
    ))
}

fn order_facts(fields: &Map<String, Value>) -> Result<OrderFacts, HostError> {
    let remaining_days = match fields.get("remainingDays") {
        None | Some(Value::Null) => None,
        Some(v) => Some(v.as_i64().ok_or_else(|| {
            HostError::argument("the order's remainingDays must be an integer or null")
        })?),
    };
    let subscription_end_ms = match (
        fields.get("subscriptionEndMs"),
        fields.get("subscriptionEndDt"),
    ) {
        (Some(v), _) if !v.is_null() => Some(v.as_i64().ok_or_else(|| {
            HostError::argument("the order's subscriptionEndMs must be an integer")
        })?),
        (_, Some(Value::String(text))) => Some(ncp_local_ms(text).ok_or_else(|| {
            HostError::argument(format!(
                "the order's subscriptionEndDt {text:?} is not yyyy-MM-dd HH:mm:ss"
            ))
        })?),
        _ => None,
    };
    Ok(OrderFacts {
        remaining_days,
        subscription_end_ms,
    })
}

/// The renewed certificate's name (see [`renewal::renewal_name`]); with `taken`, the first
/// that is not among them.
pub fn renewal_name(old_name: &str, at_least: u32, taken: &[String]) -> String {
    if taken.is_empty() {
        renewal::renewal_name(old_name, at_least)
    } else {
        let mut name = renewal::renewal_name(old_name, at_least);
        let mut n = at_least;
        while taken.iter().any(|t| t.eq_ignore_ascii_case(&name)) && n < u32::MAX {
            n = n.max(2) + 1;
            name = renewal::renewal_name(old_name, n);
        }
        name
    }
}

/// The inventory rows. `list`: the certificate list as [`super::read_certificate_list`]
/// returned it; `orders`: the order list as [`read_orders`] returned it, or `null`;
/// `chains`: an object mapping certificate numbers to the issued certificate's PEM (or
/// `null`).
pub fn inventory(
    list: &Value,
    orders: &Value,
    chains: &Value,
    now_ms: i64,
) -> Result<Vec<InventoryRow>, HostError> {
    let mut list: CertificateList = from_value(without_match(list)).map_err(|why| {
        HostError::argument(format!(
            "the certificate list cannot be read ({why}); give what read_certificate_list returned"
        ))
    })?;
    for order in &mut list.orders {
        order.certificates.iter_mut().for_each(|c| c.settle());
    }
    let orders: Option<OrderList> = match orders {
        Value::Null => None,
        value => Some(from_value(value.clone()).map_err(|why| {
            HostError::argument(format!(
                "the order list cannot be read ({why}); give what read_orders returned"
            ))
        })?),
    };
    let chains: Vec<(u64, String)> = match chains {
        Value::Null => Vec::new(),
        Value::Object(map) => map
            .iter()
            .map(|(no, pem)| {
                let no = no.trim().parse::<u64>().ok();
                match (no, pem.as_str()) {
                    (Some(no), Some(pem)) => Ok((no, pem.to_owned())),
                    _ => Err(HostError::argument(
                        "chains must map certificate numbers to PEM text",
                    )),
                }
            })
            .collect::<Result<_, _>>()?,
        _ => {
            return Err(HostError::argument(
                "chains must be an object mapping certificate numbers to PEM text, or null",
            ))
        }
    };
    Ok(inventory::inventory(
        &list,
        orders.as_ref(),
        &chains,
        now_ms,
    ))
}

/// The list without the `match` a lookup by name adds.
fn without_match(list: &Value) -> Value {
    let mut list = list.clone();
    if let Value::Object(map) = &mut list {
        map.remove("match");
    }
    list
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    const LEAF: &str = include_str!("../../tests/data/order/same-key.cert.pem");

    #[test]
    fn orders_round_trip_through_values() {
        let site = Site::Public;
        assert_eq!(
            list_orders(&Value::Null, &site).unwrap().path,
            "/api/v2/certificate/orders?page=1&pageSize=0"
        );
        assert_eq!(
            get_order(&json!({"orderId": 900001}), &site).unwrap().path,
            "/api/v2/certificate/orders/900001"
        );
        assert_eq!(
            get_order(&json!({}), &site).unwrap_err().code(),
            "argument.invalid"
        );
        assert_eq!(
            list_orders(&json!({"x": 1}), &site).unwrap_err().code(),
            "argument.invalid"
        );
        let orders = read_orders(
            200,
            br#"{"returnCode":"0","orders":[{"orderId":"O-1","subscriptionEndDt":"2027-12-01 10:00:00","remainingDays":3}]}"#,
        )
        .unwrap();
        let order_value = serde_json::to_value(&orders.orders[0]).unwrap();
        let expiry = serde_json::to_value(certificate_expiry(LEAF).unwrap()).unwrap();
        let now = expiry["notAfterMs"].as_i64().unwrap() - 86_400_000;
        let d = decide_renewal(&expiry, &order_value, now, None, false).unwrap();
        assert_eq!(serde_json::to_value(&d).unwrap()["action"], "reissue");
        let d = decide_renewal(&expiry, &json!({"remainingDays": 0}), now, None, false).unwrap();
        assert_eq!(serde_json::to_value(&d).unwrap()["action"], "skip");
        let d = decide_renewal(
            &expiry,
            &json!({"subscriptionEndDt": "2000-01-01 00:00:00"}),
            now,
            None,
            true,
        )
        .unwrap();
        assert_eq!(serde_json::to_value(&d).unwrap()["action"], "order");
        assert!(decide_renewal(&json!({}), &Value::Null, now, None, false).is_err());
        assert!(decide_renewal(&expiry, &json!(3), now, None, false).is_err());
        assert_eq!(
            certificate_expiry("x").unwrap_err().code(),
            "certificate.invalid"
        );
        assert_eq!(renewal_name("web", 0, &[]), "web-r2");
        assert_eq!(
            renewal_name("web", 0, &["web-r2".into(), "web-r3".into()]),
            "web-r4"
        );

        // The inventory from the values the read functions return.
        let list = super::super::read_certificate_list(
            200,
            br#"{"returnCode":"0","orders":[{"orderId":"O-1","certificates":[
              {"certificateNo":7,"certificateName":"web","commonName":"www.example.com",
               "dnsName":"example.com","statusCode":"1","certificateType":"NCP_PAID_DV_01","x":1}]}]}"#,
            Some("web"),
        )
        .unwrap();
        let rows = inventory(
            &serde_json::to_value(&list).unwrap(),
            &serde_json::to_value(&orders).unwrap(),
            &json!({"7": LEAF}),
            now,
        )
        .unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].days_left, Some(1));
        assert_eq!(rows[0].remaining_days, Some(3));
        assert!(rows[0].issued);
        assert!(inventory(&json!([]), &Value::Null, &Value::Null, 0).is_err());
        assert!(inventory(
            &serde_json::to_value(&list).unwrap(),
            &Value::Null,
            &json!({"x": 1}),
            0
        )
        .is_err());
    }
}

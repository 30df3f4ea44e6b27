//! Renewal: when an issued certificate is due, and how it is renewed — reissued free while
//! its order's subscription lasts, or by a new paid order only when the caller allows it —
//! and the unique name the renewed certificate gets. Pure functions: the host passes the
//! facts it read and its clock.
//!
//! ```
//! use ncpcert::renewal::{decide_renewal, renewal_name, OrderFacts, RenewalAction};
//! let day = 86_400_000;
//! let (not_before, not_after) = (0, 90 * day);
//! let order = OrderFacts { remaining_days: Some(200), subscription_end_ms: None };
//! // 20 days left of 90: fewer than a third of its lifetime (30 days), so it is due.
//! let decision = decide_renewal(not_before, not_after, Some(&order), 70 * day, None, false);
//! assert_eq!(decision.action, RenewalAction::Reissue);
//! assert_eq!(renewal_name("web-cert", 0), "web-cert-r2");
//! ```

use serde::{Deserialize, Serialize};

use crate::inventory::{days_left, MS_PER_DAY};
use crate::{ErrorCode, OrderSubscription};

/// What to do with a certificate.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum RenewalAction {
    /// Not due: nothing to do.
    None,
    /// Due, inside its order's subscription: reissue it (free).
    Reissue,
    /// Due, outside its subscription, and a new order is allowed: place one (paid).
    Order,
    /// Due, and nothing is done without a person: the subscription has ended (and a new
    /// order was not allowed) or cannot be told.
    Skip,
}

/// The facts of an order that the decision reads (from ListOrders or GetOrder).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
pub struct OrderFacts {
    /// `remainingDays`: days of subscription left (NCP's count); `None` when not known.
    pub remaining_days: Option<i64>,
    /// `subscriptionEndDt` as milliseconds since the Unix epoch; `None` when not known.
    pub subscription_end_ms: Option<i64>,
}

impl From<&OrderSubscription> for OrderFacts {
    fn from(order: &OrderSubscription) -> Self {
        OrderFacts {
            remaining_days: order.remaining_days,
            subscription_end_ms: order.subscription_end_ms(),
        }
    }
}

/// A renewal decision and why.
///
/// Serialises as `{"action", "due", "daysLeft", "renewWithinDays", "code", "reason"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct RenewalDecision {
    /// What to do.
    pub action: RenewalAction,
    /// Fewer days are left than `renewWithinDays`.
    pub due: bool,
    /// Whole days left (negative once expired).
    pub days_left: i64,
    /// The threshold: due when fewer whole days than this are left.
    pub renew_within_days: i64,
    /// `renew.skipped` when the action is `skip`.
    pub code: Option<ErrorCode>,
    /// Why, in a sentence fit for a user.
    pub reason: String,
}

/// Whether and how to renew a certificate valid from `not_before_ms` to `not_after_ms`
/// (milliseconds since the Unix epoch, read from the certificate), at `now_ms`.
///
/// It is due when fewer than `days` whole days are left (default: a third of its lifetime,
/// rounded down). A due certificate is reissued while its order's `remainingDays` is above 0
/// (or, without it, while the subscription's end lies ahead); outside the subscription a new
/// order is placed only with `allow_order`, otherwise it is skipped: it needs a person. With
/// no order facts at all it is skipped too (whether a reissue is free cannot be told).
pub fn decide_renewal(
    not_before_ms: i64,
    not_after_ms: i64,
    order: Option<&OrderFacts>,
    now_ms: i64,
    days: Option<u32>,
    allow_order: bool,
) -> RenewalDecision {
    let lifetime_days = not_after_ms
        .saturating_sub(not_before_ms)
        .div_euclid(MS_PER_DAY);
    let threshold = days.map_or(lifetime_days.max(0) / 3, i64::from);
    let left = days_left(not_after_ms, now_ms);
    let decision = |action, code, reason: String| RenewalDecision {
        action,
        due: action != RenewalAction::None,
        days_left: left,
        renew_within_days: threshold,
        code,
        reason,
    };
    if left >= threshold {
        return decision(
            RenewalAction::None,
            None,
            format!("{left} days left; it is renewed when fewer than {threshold} days are left"),
        );
    }
    let expired = if left < 0 {
        String::from("it has expired")
    } else {
        format!("{left} days left, fewer than {threshold}")
    };
    let inside = order.and_then(|o| {
        o.remaining_days
            .map(|days| days > 0)
            .or_else(|| o.subscription_end_ms.map(|end| end > now_ms))
    });
    match inside {
        Some(true) => decision(
            RenewalAction::Reissue,
            None,
            format!(
                "due ({expired}); its order's subscription lasts{}: reissued free",
                order
                    .and_then(|o| o.remaining_days)
                    .map(|d| format!(" {d} more days"))
                    .unwrap_or_default()
            ),
        ),
        Some(false) if allow_order => decision(
            RenewalAction::Order,
            None,
            format!(
                "due ({expired}) and its order's subscription has ended: a new paid order is \
                 placed, as allowed"
            ),
        ),
        Some(false) => decision(
            RenewalAction::Skip,
            Some(ErrorCode::RenewSkipped),
            format!(
                "due ({expired}) but its order's subscription has ended, so it cannot be \
                 reissued free: it needs a person — extend the subscription in the NCP console, \
                 or allow a new paid order (--allow-order)"
            ),
        ),
        None => decision(
            RenewalAction::Skip,
            Some(ErrorCode::RenewSkipped),
            format!(
                "due ({expired}) but its order's subscription is unknown (the order is not \
                 listed, or lists neither remainingDays nor subscriptionEndDt): it needs a \
                 person — check the order in the NCP console"
            ),
        ),
    }
}

/// The longest certificate name NCP's rule allows.
const MAX_NAME: usize = 20;

/// A new certificate name for the renewal of `old_name` that still meets NCP's name rule (3
/// to 20 characters: a letter, then letters, digits or `-`): the old name without its
/// renewal suffix, then `-r{n}`, where `n` is the suffix's number plus one (2 for a name
/// without one) or `at_least` when that is larger. The base is cut to fit 20 characters;
/// characters the rule forbids become `-`, and a base that does not start with a letter gets
/// `c` before it. `web-cert` → `web-cert-r2`, `web-cert-r2` → `web-cert-r3`.
///
/// A host that finds the name taken asks again with `at_least` one more than the number it
/// got (see [`renewal_name_avoiding`]).
pub fn renewal_name(old_name: &str, at_least: u32) -> String {
    let (base, previous) = split_suffix(old_name.trim());
    let n = previous.saturating_add(1).max(at_least).max(2);
    let suffix = format!("-r{n}");
    let mut base: String = base
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '-'
            }
        })
        .collect();
    if !base.starts_with(|c: char| c.is_ascii_alphabetic()) {
        base.insert(0, 'c');
    }
    base.truncate(MAX_NAME.saturating_sub(suffix.len()));
    let base = base.trim_end_matches('-');
    // A base of one letter at least (inserted above), so the name has 4 characters or more.
    format!("{}{suffix}", if base.is_empty() { "c" } else { base })
}

/// [`renewal_name`] of `old_name`, the first one not among `taken` (compared without regard
/// to case: NCP's names are unique in an account).
pub fn renewal_name_avoiding<'a>(
    old_name: &str,
    taken: impl IntoIterator<Item = &'a str> + Clone,
) -> String {
    let mut at_least = 0;
    loop {
        let name = renewal_name(old_name, at_least);
        if !taken
            .clone()
            .into_iter()
            .any(|t| t.eq_ignore_ascii_case(&name))
        {
            return name;
        }
        let (_, n) = split_suffix(&name);
        if n == u32::MAX {
            return name;
        }
        at_least = n + 1;
    }
}

/// `web-cert-r3` → (`web-cert`, 3); `web-cert` → (`web-cert`, 1).
fn split_suffix(name: &str) -> (&str, u32) {
    if let Some((base, digits)) = name.rsplit_once("-r") {
        if !base.is_empty()
            && !digits.is_empty()
            && digits.len() <= 9
            && digits.bytes().all(|b| b.is_ascii_digit())
            && !digits.starts_with('0')
        {
            if let Ok(n) = digits.parse::<u32>() {
                return (base, n);
            }
        }
    }
    (name, 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    const DAY: i64 = MS_PER_DAY;

    fn inside(days: i64) -> OrderFacts {
        OrderFacts {
            remaining_days: Some(days),
            subscription_end_ms: None,
        }
    }

    #[test]
    fn due_at_a_third_of_the_lifetime_by_default() {
        // 90-day certificate: due when fewer than 30 whole days are left.
        let order = inside(100);
        let not_due = decide_renewal(0, 90 * DAY, Some(&order), 60 * DAY, None, false);
        assert_eq!(
            (not_due.action, not_due.due, not_due.days_left),
            (RenewalAction::None, false, 30)
        );
        assert_eq!(not_due.renew_within_days, 30);
        assert_eq!(not_due.code, None);
        let due = decide_renewal(0, 90 * DAY, Some(&order), 60 * DAY + 1, None, false);
        assert_eq!(
            (due.action, due.due, due.days_left),
            (RenewalAction::Reissue, true, 29)
        );
        // --days overrides.
        let d = decide_renewal(0, 90 * DAY, Some(&order), 60 * DAY + 1, Some(10), false);
        assert_eq!(d.action, RenewalAction::None);
        let d = decide_renewal(0, 90 * DAY, Some(&order), 85 * DAY, Some(10), false);
        assert_eq!(d.action, RenewalAction::Reissue);
        // Expired: still reissued inside the subscription.
        let d = decide_renewal(0, 90 * DAY, Some(&order), 100 * DAY, None, false);
        assert_eq!((d.action, d.days_left), (RenewalAction::Reissue, -10));
        assert!(d.reason.contains("expired"), "{}", d.reason);
    }

    #[test]
    fn outside_the_subscription_only_with_allow_order() {
        let now = 80 * DAY;
        for ended in [
            inside(0),
            inside(-3),
            OrderFacts {
                remaining_days: None,
                subscription_end_ms: Some(now - 1),
            },
        ] {
            let d = decide_renewal(0, 90 * DAY, Some(&ended), now, None, false);
            assert_eq!(d.action, RenewalAction::Skip);
            assert_eq!(d.code, Some(ErrorCode::RenewSkipped));
            assert!(d.reason.contains("needs a person"), "{}", d.reason);
            let d = decide_renewal(0, 90 * DAY, Some(&ended), now, None, true);
            assert_eq!((d.action, d.code), (RenewalAction::Order, None));
        }
        let end_ahead = OrderFacts {
            remaining_days: None,
            subscription_end_ms: Some(now + DAY),
        };
        let d = decide_renewal(0, 90 * DAY, Some(&end_ahead), now, None, false);
        assert_eq!(d.action, RenewalAction::Reissue);
        // Unknown subscription: never bought, never reissued blindly.
        for order in [None, Some(&OrderFacts::default())] {
            let d = decide_renewal(0, 90 * DAY, order, now, None, true);
            assert_eq!(d.action, RenewalAction::Skip);
        }
        let json =
            serde_json::to_value(decide_renewal(0, 90 * DAY, None, now, None, false)).unwrap();
        assert_eq!(json["action"], "skip");
        assert_eq!(json["code"], "renew.skipped");
        assert_eq!(json["daysLeft"], 10);
        assert_eq!(json["renewWithinDays"], 30);
    }

    #[test]
    fn absurd_times_do_not_panic() {
        for (a, b, now) in [
            (i64::MIN, i64::MAX, 0),
            (i64::MAX, i64::MIN, i64::MAX),
            (0, 0, i64::MIN),
        ] {
            let _ = decide_renewal(a, b, None, now, Some(u32::MAX), false);
            let _ = decide_renewal(a, b, Some(&inside(1)), now, None, true);
        }
    }

    /// NCP's rule, written independently of the code under test.
    fn meets_rule(name: &str) -> bool {
        let b = name.as_bytes();
        (3..=20).contains(&b.len())
            && b[0].is_ascii_alphabetic()
            && b.iter().all(|c| c.is_ascii_alphanumeric() || *c == b'-')
    }

    #[test]
    fn renewal_names() {
        assert_eq!(renewal_name("web-cert", 0), "web-cert-r2");
        assert_eq!(renewal_name("web-cert-r2", 0), "web-cert-r3");
        assert_eq!(renewal_name("web-cert-r9", 0), "web-cert-r10");
        assert_eq!(renewal_name("web-cert", 5), "web-cert-r5");
        assert_eq!(renewal_name("web-cert-r2", 7), "web-cert-r7");
        // Cut to 20 characters.
        assert_eq!(
            renewal_name("abcdefghijklmnopqrst", 0),
            "abcdefghijklmnopq-r2"
        );
        assert_eq!(
            renewal_name("abcdefghijklmnop-r99", 0),
            "abcdefghijklmno-r100"
        );
        // A cut that would leave a trailing hyphen drops it.
        assert_eq!(
            renewal_name("abcdefghijklmnop-xyz", 0),
            "abcdefghijklmnop-r2"
        );
        // Not a renewal suffix.
        assert_eq!(renewal_name("web-r0", 0), "web-r0-r2");
        assert_eq!(renewal_name("web-rx", 0), "web-rx-r2");
        // Names outside the rule are made to meet it.
        assert_eq!(renewal_name("웹 인증서", 0), "c-r2");
        assert_eq!(renewal_name("1cert", 0), "c1cert-r2");
        assert_eq!(renewal_name("", 0), "c-r2");
        for old in [
            "web-cert",
            "web-cert-r2",
            "abcdefghijklmnopqrst",
            "a",
            "",
            "웹 인증서",
            "1-2-3",
            "x-r4294967295",
            "--------------------",
            "a_b.c d",
        ] {
            for n in [0, 2, 99, 12345, u32::MAX] {
                let name = renewal_name(old, n);
                assert!(meets_rule(&name), "{old:?} {n} → {name:?}");
                assert_ne!(name, old);
            }
        }
    }

    #[test]
    fn avoiding_taken_names() {
        let taken = ["web-cert-r2", "WEB-CERT-R3"];
        assert_eq!(renewal_name_avoiding("web-cert", taken), "web-cert-r4");
        assert_eq!(renewal_name_avoiding("web-cert-r5", taken), "web-cert-r6");
        assert_eq!(renewal_name_avoiding("web-cert", []), "web-cert-r2");
    }
}

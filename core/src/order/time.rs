//! Times the workflow writes and reads: RFC 3339 for the journal, and the HTTP `Date` header
//! (RFC 9110 §5.6.7, IMF-fixdate) from which a clock's skew is learned. The host's clock
//! reaches the core only as arguments.

const MS_PER_DAY: i64 = 86_400_000;

/// `2026-12-06T21:58:53.123Z` for milliseconds since the Unix epoch (UTC).
pub(crate) fn rfc3339(ms: u64) -> String {
    let ms = i64::try_from(ms).unwrap_or(i64::MAX);
    let (days, in_day) = (ms.div_euclid(MS_PER_DAY), ms.rem_euclid(MS_PER_DAY));
    let (year, month, day) = civil_from_days(days);
    let seconds = in_day / 1000;
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        seconds / 3600,
        seconds / 60 % 60,
        seconds % 60,
        in_day % 1000
    )
}

/// Milliseconds since the Unix epoch of an IMF-fixdate (`Sun, 06 Nov 1994 08:49:37 GMT`, the
/// form every current server sends); `None` for anything else.
pub(crate) fn http_date_ms(text: &str) -> Option<u64> {
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let parts: Vec<&str> = text.split_ascii_whitespace().collect();
    let [_weekday, day, month, year, clock, "GMT"] = parts.as_slice() else {
        return None;
    };
    let number = |s: &str, digits: usize| -> Option<i64> {
        (s.len() == digits && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let day = number(day, 2)?;
    let month = MONTHS.iter().position(|m| m == month)? as i64 + 1;
    let year = number(year, 4)?;
    let mut hms = clock.split(':');
    let (h, m, s) = (
        number(hms.next()?, 2)?,
        number(hms.next()?, 2)?,
        number(hms.next()?, 2)?,
    );
    if hms.next().is_some() || !(1..=31).contains(&day) || h > 23 || m > 59 || s > 60 {
        return None;
    }
    let days = days_from_civil(year, month, day);
    u64::try_from(days * MS_PER_DAY + (h * 3600 + m * 60 + s) * 1000).ok()
}

/// `2026-12-06T21:58:53Z` for seconds since the Unix epoch (UTC, whole seconds: how
/// certificate validity is written).
pub(crate) fn rfc3339_seconds(seconds: i64) -> String {
    let (days, in_day) = (seconds.div_euclid(86_400), seconds.rem_euclid(86_400));
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        in_day / 3600,
        in_day / 60 % 60,
        in_day % 60
    )
}

/// NCP's own offset from UTC: its dates (`subscriptionEndDt`, …) are Korean time, UTC+9.
const NCP_OFFSET_MS: i64 = 9 * 3_600_000;

/// Milliseconds since the Unix epoch of one of NCP's dates, `yyyy-MM-dd HH:mm:ss` in Korean
/// time (UTC+9); a `T` instead of the space, a fraction of a second, or a date alone
/// (midnight) are read too. `None` for anything else.
pub(crate) fn ncp_local_ms(text: &str) -> Option<i64> {
    let text = text.trim();
    let (date, clock) = match text.split_once([' ', 'T']) {
        Some((date, clock)) => (date, Some(clock)),
        None => (text, None),
    };
    let number = |s: &str, digits: usize| -> Option<i64> {
        (s.len() == digits && s.bytes().all(|b| b.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    let mut ymd = date.split('-');
    let (year, month, day) = (
        number(ymd.next()?, 4)?,
        number(ymd.next()?, 2)?,
        number(ymd.next()?, 2)?,
    );
    if ymd.next().is_some() || !(1..=12).contains(&month) || !(1..=31).contains(&day) {
        return None;
    }
    let (mut h, mut m, mut s, mut ms) = (0, 0, 0, 0);
    if let Some(clock) = clock {
        let (whole, fraction) = match clock.split_once('.') {
            Some((whole, fraction)) => (whole, Some(fraction)),
            None => (clock, None),
        };
        let mut hms = whole.split(':');
        h = number(hms.next()?, 2)?;
        m = number(hms.next()?, 2)?;
        s = number(hms.next()?, 2)?;
        if hms.next().is_some() || h > 23 || m > 59 || s > 60 {
            return None;
        }
        if let Some(fraction) = fraction {
            if fraction.is_empty()
                || fraction.len() > 9
                || !fraction.bytes().all(|b| b.is_ascii_digit())
            {
                return None;
            }
            let first3 = format!("{fraction:0<3}");
            ms = first3[..3].parse().ok()?;
        }
    }
    let days = days_from_civil(year, month, day);
    Some(days * MS_PER_DAY + (h * 3600 + m * 60 + s) * 1000 + ms - NCP_OFFSET_MS)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The date of a day count since 1970-01-01 (the inverse of [`days_from_civil`]).
fn civil_from_days(days: i64) -> (i64, i64, i64) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rfc3339_of_known_instants() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00.000Z");
        assert_eq!(rfc3339(1_700_000_000_000), "2023-11-14T22:13:20.000Z");
        assert_eq!(rfc3339(951_782_400_123), "2000-02-29T00:00:00.123Z");
        assert_eq!(rfc3339(1_798_761_599_999), "2026-12-31T23:59:59.999Z");
    }

    #[test]
    fn http_dates() {
        // The mock's Date header at 1 700 000 000 000 ms (tests/mock_ncp/test_server.py).
        assert_eq!(
            http_date_ms("Tue, 14 Nov 2023 22:13:20 GMT"),
            Some(1_700_000_000_000)
        );
        assert_eq!(
            http_date_ms("Sun, 06 Nov 1994 08:49:37 GMT"),
            Some(784_111_777_000)
        );
        for bad in [
            "",
            "Sunday, 06-Nov-94 08:49:37 GMT",
            "Sun Nov  6 08:49:37 1994",
            "Sun, 06 Nov 1994 08:49:37 UTC",
            "Sun, 6 Nov 1994 08:49:37 GMT",
            "Sun, 06 Foo 1994 08:49:37 GMT",
            "Sun, 06 Nov 1994 24:49:37 GMT",
            "Sun, 06 Nov 1994 08:49 GMT",
            "Sun, 06 Nov 1994 08:49:37:01 GMT",
            "Sun, 06 Nov 1994 +8:49:37 GMT",
        ] {
            assert_eq!(http_date_ms(bad), None, "{bad}");
        }
    }

    #[test]
    fn days_round_trip() {
        for days in (-800_000..800_000).step_by(997) {
            let (y, m, d) = civil_from_days(days);
            assert_eq!(days_from_civil(y, m, d), days);
        }
    }

    #[test]
    fn ncp_dates_are_korean_time() {
        // 2026-01-01 00:00:00 KST is 2025-12-31T15:00:00Z = 1 767 193 200 s.
        assert_eq!(ncp_local_ms("2026-01-01 00:00:00"), Some(1_767_193_200_000));
        assert_eq!(
            ncp_local_ms("2026-01-01T00:00:00.5"),
            Some(1_767_193_200_500)
        );
        assert_eq!(ncp_local_ms("2026-01-01"), Some(1_767_193_200_000));
        assert_eq!(rfc3339_seconds(1_767_193_200), "2025-12-31T15:00:00Z");
        assert_eq!(rfc3339_seconds(-1), "1969-12-31T23:59:59Z");
        for bad in [
            "",
            "2026-1-01 00:00:00",
            "2026-13-01 00:00:00",
            "2026-01-01 24:00:00",
            "2026-01-01 00:00",
            "2026-01-01 00:00:00.",
            "x",
            "2026-01-01 00:00:00:00",
        ] {
            assert_eq!(ncp_local_ms(bad), None, "{bad}");
        }
    }
}

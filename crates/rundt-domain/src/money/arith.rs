//! The integer arithmetic money shares: divisions that round the way the
//! rules say, and counting days. Wide (i128) intermediates, so products of
//! amounts and days never overflow.

use chrono::NaiveDate;

use super::types::Minor;

/// `n ÷ d` rounded half up (towards +∞ on a half); `d` > 0.
pub(crate) fn div_half_up(n: i128, d: i128) -> i128 {
    (2 * n + d).div_euclid(2 * d)
}

/// `n ÷ d` rounded up; `d` > 0.
pub(super) fn div_ceil(n: i128, d: i128) -> i128 {
    -(-n).div_euclid(d)
}

/// An i128 result back in øre (saturating; the amounts Rundt accepts are
/// far below the limits).
pub(crate) fn to_minor(n: i128) -> Minor {
    Minor::try_from(n).unwrap_or(if n < 0 { Minor::MIN } else { Minor::MAX })
}

/// The days from `from` to `until`, both included; 0 when `until` is
/// earlier.
pub(super) fn days_inclusive(from: NaiveDate, until: NaiveDate) -> i64 {
    ((until - from).num_days() + 1).max(0)
}

/// The first and the last day of `year`; a year outside the calendar gives
/// `None`.
pub(super) fn year_bounds(year: i32) -> Option<(NaiveDate, NaiveDate)> {
    Some((
        NaiveDate::from_ymd_opt(year, 1, 1)?,
        NaiveDate::from_ymd_opt(year, 12, 31)?,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::testing::day;

    #[test]
    fn halves_round_up_and_ceilings_round_any_part_up() {
        assert_eq!(div_half_up(5, 2), 3);
        assert_eq!(div_half_up(4, 3), 1);
        assert_eq!(div_half_up(-5, 2), -2);
        assert_eq!(div_ceil(7, 7), 1);
        assert_eq!(div_ceil(8, 7), 2);
        assert_eq!(div_ceil(-8, 7), -1);
        assert_eq!(to_minor(i128::MAX), Minor::MAX);
        assert_eq!(to_minor(i128::MIN), Minor::MIN);
    }

    #[test]
    fn days_count_both_ends() {
        assert_eq!(days_inclusive(day("2026-03-01"), day("2026-03-31")), 31);
        assert_eq!(days_inclusive(day("2026-03-01"), day("2026-03-01")), 1);
        assert_eq!(days_inclusive(day("2026-03-02"), day("2026-03-01")), 0);
        assert_eq!(
            year_bounds(2028),
            Some((day("2028-01-01"), day("2028-12-31")))
        );
    }
}

//! Number formatting shared by the exports: fixed decimals and short labels,
//! with the reader's decimal mark and never "-0".

/// How a reader writes numbers, and so which CSV they can open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Notation {
    /// Decimal point, comma-separated CSV (RFC 4180): English, and any
    /// program reading the file.
    #[default]
    Point,
    /// Decimal comma, semicolon-separated CSV: what Danish and Norwegian
    /// Excel opens as columns ("87,5").
    Comma,
}

impl Notation {
    /// `text` (written with a decimal point) in this notation.
    pub fn write(self, text: String) -> String {
        match self {
            Notation::Point => text,
            Notation::Comma => text.replace('.', ","),
        }
    }

    /// An amount in minor units (øre) in kroner with two decimals and this
    /// notation's decimal mark, no thousands separator: 29_900_000 →
    /// "299000.00" or "299000,00". Integer arithmetic only.
    pub fn money(self, minor: i64) -> String {
        self.write(minor_units(minor))
    }
}

/// Most decimals ever written; more only adds noise beyond f64's precision.
pub(crate) const MAX_DECIMALS: u8 = 15;

/// `v` with exactly `decimals` decimals (capped at [`MAX_DECIMALS`]), or
/// `None` when `v` is NaN or infinite.
pub(crate) fn fixed(v: f64, decimals: u8) -> Option<String> {
    if !v.is_finite() {
        return None;
    }
    let d = usize::from(decimals.min(MAX_DECIMALS));
    Some(no_negative_zero(format!("{v:.d$}")))
}

/// `v` rounded to at most `decimals` decimals, without trailing zeros
/// (87.50 → "87.5", 90.0 → "90"). Non-finite values give "0".
pub(crate) fn short(v: f64, decimals: u8) -> String {
    let mut s = fixed(v, decimals).unwrap_or_else(|| "0".to_owned());
    if s.contains('.') {
        while s.ends_with('0') {
            s.pop();
        }
        if s.ends_with('.') {
            s.pop();
        }
    }
    no_negative_zero(s)
}

/// An amount in minor units (øre) as a decimal string with exactly two
/// decimals and a point, by integer arithmetic: 123450 → "1234.50",
/// -5 → "-0.05". Never goes through floating point, so every øre is kept.
pub(crate) fn minor_units(amount: i64) -> String {
    let sign = if amount < 0 { "-" } else { "" };
    let abs = amount.unsigned_abs();
    format!("{sign}{}.{:02}", abs / 100, abs % 100)
}

fn no_negative_zero(s: String) -> String {
    match s.strip_prefix('-') {
        Some(rest) if rest.chars().all(|c| c == '0' || c == '.') => rest.to_owned(),
        _ => s,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fixed_decimals_use_a_point_and_never_show_minus_zero() {
        assert_eq!(fixed(87.46, 1).as_deref(), Some("87.5"));
        assert_eq!(fixed(-0.04, 1).as_deref(), Some("0.0"));
        assert_eq!(fixed(3.0, 0).as_deref(), Some("3"));
        assert_eq!(fixed(f64::NAN, 1), None);
        assert_eq!(fixed(f64::INFINITY, 1), None);
    }

    #[test]
    fn danish_and_norwegian_readers_get_a_decimal_comma() {
        let v = fixed(87.46, 1).unwrap();
        assert_eq!(Notation::Comma.write(v.clone()), "87,5");
        assert_eq!(Notation::Point.write(v), "87.5");
    }

    #[test]
    fn amounts_in_ore_are_written_in_kroner_with_two_decimals() {
        assert_eq!(minor_units(123_450), "1234.50");
        assert_eq!(minor_units(29_900_000), "299000.00");
        assert_eq!(minor_units(7), "0.07");
        assert_eq!(minor_units(0), "0.00");
        assert_eq!(minor_units(-5), "-0.05");
        assert_eq!(minor_units(-123_401), "-1234.01");
        assert_eq!(minor_units(i64::MIN), "-92233720368547758.08");
        assert_eq!(minor_units(i64::MAX), "92233720368547758.07");
        assert_eq!(Notation::Comma.money(29_900_000), "299000,00");
        assert_eq!(Notation::Point.money(29_900_000), "299000.00");
    }

    #[test]
    fn short_labels_drop_trailing_zeros() {
        assert_eq!(short(90.0, 1), "90");
        assert_eq!(short(87.54, 1), "87.5");
        assert_eq!(short(12.345, 2), "12.35");
        assert_eq!(short(-0.001, 2), "0");
    }
}

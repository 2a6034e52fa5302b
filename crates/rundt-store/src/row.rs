//! Reading a database row into a record, written once for both backends.
//!
//! A backend turns its own row type into a [`Columns`] cursor (SQLite parses
//! its TEXT dates there, PostgreSQL reads native types); a record's
//! [`FromRow`] then reads the columns in SELECT order. So the order of the
//! columns, the parsing of enum columns and the range checks of small
//! numbers live in one place, and a bad stored value is an error naming the
//! column and the value instead of a silent default.

use std::str::FromStr;

use chrono::{DateTime, NaiveDate, Utc};
use rundt_domain::id::{CaseId, PersonId, TeamId, UserId};
use rundt_domain::municipality::MunicipalityCode;
use rundt_domain::period::Month;
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::{StoreError, StoreResult};

/// A cursor over one row's columns, in SELECT order. Each call reads the
/// next column; `None` is SQL NULL.
pub trait Columns {
    /// The name of the column read last (for error messages).
    fn last_name(&self) -> String;
    fn opt_i64(&mut self) -> StoreResult<Option<i64>>;
    fn opt_f64(&mut self) -> StoreResult<Option<f64>>;
    fn opt_text(&mut self) -> StoreResult<Option<String>>;
    fn opt_bool(&mut self) -> StoreResult<Option<bool>>;
    fn opt_date(&mut self) -> StoreResult<Option<NaiveDate>>;
    fn opt_time(&mut self) -> StoreResult<Option<DateTime<Utc>>>;
    /// A BLOB (SQLite) or BYTEA (PostgreSQL) column: a file's bytes.
    fn opt_bytes(&mut self) -> StoreResult<Option<Vec<u8>>>;
}

/// A bad value in the column read last.
pub fn bad_value(c: &dyn Columns, value: &dyn std::fmt::Display, why: &str) -> StoreError {
    StoreError::Internal(format!("column {} holds '{value}': {why}", c.last_name()))
}

/// `value` as the JSON text its column holds (see [`Columns`]' `json`).
pub fn json_text<T: Serialize>(value: &T) -> StoreResult<String> {
    serde_json::to_string(value)
        .map_err(|e| StoreError::Internal(format!("a document that cannot be stored: {e}")))
}

/// A value one column holds.
pub trait Column: Sized {
    fn read(c: &mut dyn Columns) -> StoreResult<Self>;
}

fn required<T>(c: &dyn Columns, v: Option<T>) -> StoreResult<T> {
    v.ok_or_else(|| StoreError::Internal(format!("column {} is NULL", c.last_name())))
}

macro_rules! column {
    ($t:ty, $read:ident) => {
        impl Column for Option<$t> {
            fn read(c: &mut dyn Columns) -> StoreResult<Self> {
                c.$read()
            }
        }
        impl Column for $t {
            fn read(c: &mut dyn Columns) -> StoreResult<Self> {
                let v = c.$read()?;
                required(c, v)
            }
        }
    };
}

column!(i64, opt_i64);
column!(f64, opt_f64);
column!(String, opt_text);
column!(bool, opt_bool);
column!(NaiveDate, opt_date);
column!(DateTime<Utc>, opt_time);
column!(Vec<u8>, opt_bytes);

/// A count or a small number stored as an integer; out of range is an error.
macro_rules! narrow_column {
    ($t:ty) => {
        impl Column for Option<$t> {
            fn read(c: &mut dyn Columns) -> StoreResult<Self> {
                match c.opt_i64()? {
                    None => Ok(None),
                    Some(v) => <$t>::try_from(v).map(Some).map_err(|_| {
                        bad_value(c, &v, concat!("out of range for ", stringify!($t)))
                    }),
                }
            }
        }
        impl Column for $t {
            fn read(c: &mut dyn Columns) -> StoreResult<Self> {
                let v = Option::<$t>::read(c)?;
                required(c, v)
            }
        }
    };
}

narrow_column!(i32);
narrow_column!(u32);
narrow_column!(u16);
narrow_column!(u8);

/// An identifier, stored as its integer key.
macro_rules! id_column {
    ($($t:ty),+) => {$(
        impl Column for Option<$t> {
            fn read(c: &mut dyn Columns) -> StoreResult<Self> {
                Ok(c.opt_i64()?.map(<$t>::new))
            }
        }
        impl Column for $t {
            fn read(c: &mut dyn Columns) -> StoreResult<Self> {
                let v = Option::<$t>::read(c)?;
                required(c, v)
            }
        }
    )+};
}

id_column!(CaseId, PersonId, UserId, TeamId);

/// A month, stored as its text `YYYY-MM`; anything else is an error naming
/// the column, never another month.
impl Column for Month {
    fn read(c: &mut dyn Columns) -> StoreResult<Self> {
        let text = String::read(c)?;
        Month::parse(&text).ok_or_else(|| bad_value(c, &text, "not a month"))
    }
}

/// A municipality code, stored as its four digits; anything else is an
/// error naming the column.
impl Column for Option<MunicipalityCode> {
    fn read(c: &mut dyn Columns) -> StoreResult<Self> {
        match c.opt_text()? {
            None => Ok(None),
            Some(text) => MunicipalityCode::from_stored(&text)
                .map(Some)
                .ok_or_else(|| bad_value(c, &text, "not a municipality code")),
        }
    }
}

impl Column for MunicipalityCode {
    fn read(c: &mut dyn Columns) -> StoreResult<Self> {
        let v = Option::<MunicipalityCode>::read(c)?;
        required(c, v)
    }
}

impl dyn Columns + '_ {
    /// A value read from a column that must not be NULL.
    pub fn required<T>(&self, v: Option<T>) -> StoreResult<T> {
        required(self, v)
    }

    /// The next column (or, for a tuple or a record, columns) as `T`.
    pub fn read<T: FromRow>(&mut self) -> StoreResult<T> {
        T::from_row(self)
    }

    /// The next column, a TEXT holding a value of `T` (a role, a country…).
    pub fn parsed<T: FromStr>(&mut self) -> StoreResult<T> {
        self.parsed_with(|s| s.parse().ok())
    }

    /// The next column, a TEXT that `parse` turns into a value.
    pub fn parsed_with<T>(&mut self, parse: impl FnOnce(&str) -> Option<T>) -> StoreResult<T> {
        let text: String = self.read()?;
        parse(&text).ok_or_else(|| bad_value(self, &text, "not a known value"))
    }

    /// The next column, a TEXT holding a `T` as JSON (a clinical document,
    /// a list of answers). The error names the column, never the content:
    /// a document is personal data.
    pub fn json<T: DeserializeOwned>(&mut self) -> StoreResult<T> {
        let text: String = self.read()?;
        serde_json::from_str(&text).map_err(|e| {
            StoreError::Internal(format!(
                "column {} holds no readable document: {e}",
                self.last_name()
            ))
        })
    }

    /// Like [`parsed_with`](Self::parsed_with) for a nullable column.
    pub fn opt_parsed_with<T>(
        &mut self,
        parse: impl FnOnce(&str) -> Option<T>,
    ) -> StoreResult<Option<T>> {
        match self.opt_text()? {
            None => Ok(None),
            Some(text) => parse(&text)
                .map(Some)
                .ok_or_else(|| bad_value(self, &text, "not a known value")),
        }
    }
}

/// A record read from the columns of one row.
pub trait FromRow: Sized {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self>;
}

impl<T: Column> FromRow for T {
    fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
        T::read(c)
    }
}

macro_rules! tuple_from_row {
    ($($t:ident),+) => {
        impl<$($t: Column),+> FromRow for ($($t,)+) {
            fn from_row(c: &mut dyn Columns) -> StoreResult<Self> {
                Ok(($($t::read(c)?,)+))
            }
        }
    };
}

tuple_from_row!(A, B);
tuple_from_row!(A, B, C);
tuple_from_row!(A, B, C, D);
tuple_from_row!(A, B, C, D, E);

#[cfg(test)]
mod tests {
    use super::*;

    /// A value a test row holds.
    enum Cell {
        Int(Option<i64>),
        Text(&'static str),
    }

    /// A row of cells, as tests need.
    struct Row(Vec<Cell>, usize);

    impl Row {
        fn next(&mut self) -> &Cell {
            self.1 += 1;
            &self.0[self.1 - 1]
        }
    }

    fn not_here<T>() -> StoreResult<T> {
        Err(StoreError::Internal("not here".into()))
    }

    impl Columns for Row {
        fn last_name(&self) -> String {
            format!("c{}", self.1)
        }
        fn opt_i64(&mut self) -> StoreResult<Option<i64>> {
            match self.next() {
                Cell::Int(v) => Ok(*v),
                Cell::Text(_) => not_here(),
            }
        }
        fn opt_text(&mut self) -> StoreResult<Option<String>> {
            match self.next() {
                Cell::Text(t) => Ok(Some((*t).into())),
                Cell::Int(_) => not_here(),
            }
        }
        fn opt_f64(&mut self) -> StoreResult<Option<f64>> {
            not_here()
        }
        fn opt_bool(&mut self) -> StoreResult<Option<bool>> {
            not_here()
        }
        fn opt_date(&mut self) -> StoreResult<Option<NaiveDate>> {
            not_here()
        }
        fn opt_time(&mut self) -> StoreResult<Option<DateTime<Utc>>> {
            not_here()
        }
        fn opt_bytes(&mut self) -> StoreResult<Option<Vec<u8>>> {
            not_here()
        }
    }

    #[test]
    fn a_stored_month_that_is_no_month_is_an_error_not_another_period() {
        let mut row = Row(vec![Cell::Text("2026-13"), Cell::Text("2026-03")], 0);
        let c: &mut dyn Columns = &mut row;
        let err = c.read::<Month>().unwrap_err();
        assert!(
            matches!(&err, StoreError::Internal(m) if m.contains("c1") && m.contains("2026-13"))
        );
        assert_eq!(c.read::<Month>().ok(), Month::parse("2026-03"));
    }

    #[test]
    fn small_numbers_out_of_range_and_nulls_are_errors() {
        let cells = [Some(7), Some(300), None, Some(-1)].map(Cell::Int);
        let mut row = Row(cells.into(), 0);
        let c: &mut dyn Columns = &mut row;
        assert_eq!(c.read::<u8>().ok(), Some(7));
        assert!(matches!(c.read::<u8>(), Err(StoreError::Internal(m)) if m.contains("300")));
        assert!(matches!(c.read::<i64>(), Err(StoreError::Internal(m)) if m.contains("NULL")));
        assert!(c.read::<u32>().is_err());
    }
}

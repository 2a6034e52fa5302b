//! What the rules say to people, as data: a stable message code and its
//! named arguments. The words live in the catalogues of the web layer (one
//! per language, English included); the domain and the use cases only say
//! which message and with which values, so a rule never writes a sentence.

use std::fmt;

use chrono::NaiveDate;
use serde::Serialize;

/// A message: the id of a catalogue entry and the values it names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Message {
    /// The catalogue id, e.g. `text-too-long`.
    pub code: &'static str,
    /// The named values, e.g. `max = 200`.
    pub args: Vec<(&'static str, Arg)>,
}

/// A value a message names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
pub enum Arg {
    /// Shown as it is: a name, a code, a date.
    Text(String),
    /// A whole number; the catalogues choose plural forms by it.
    Number(i64),
    /// A decimal written with a point ("99.50"); pages in Danish and
    /// Norwegian show it with a comma.
    Decimal(String),
    /// A word of the catalogue, by its id (a case status, a role, a
    /// country), said in the reader's language.
    Word(String),
}

impl Message {
    pub fn new(code: &'static str) -> Self {
        Self {
            code,
            args: Vec::new(),
        }
    }

    /// The message with one more named value.
    pub fn with(mut self, name: &'static str, value: impl Into<Arg>) -> Self {
        self.args.push((name, value.into()));
        self
    }

    /// The value named `name`, if any.
    pub fn arg(&self, name: &str) -> Option<&Arg> {
        self.args.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }
}

impl Arg {
    /// A catalogue word by its id.
    pub fn word(id: impl Into<String>) -> Self {
        Self::Word(id.into())
    }

    /// A decimal with `decimals` places.
    pub fn decimal(value: f64, decimals: usize) -> Self {
        Self::Decimal(format!("{value:.decimals$}"))
    }
}

/// Builds a [`Message`]: `msg!("text-too-long", max = 200)`.
#[macro_export]
macro_rules! msg {
    ($code:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::message::Message {
            code: $code,
            args: vec![$((stringify!($name), $crate::message::Arg::from($value))),*],
        }
    };
}

impl fmt::Display for Message {
    /// The code and its values, for logs and test output (people read the
    /// catalogue's text instead).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code)?;
        if !self.args.is_empty() {
            let args: Vec<String> = self
                .args
                .iter()
                .map(|(name, value)| format!("{name}={value}"))
                .collect();
            write!(f, " ({})", args.join(", "))?;
        }
        Ok(())
    }
}

impl fmt::Display for Arg {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Arg::Text(s) | Arg::Decimal(s) | Arg::Word(s) => f.write_str(s),
            Arg::Number(n) => write!(f, "{n}"),
        }
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Self::Text(s.to_owned())
    }
}

impl From<String> for Arg {
    fn from(s: String) -> Self {
        Self::Text(s)
    }
}

impl From<&String> for Arg {
    fn from(s: &String) -> Self {
        Self::Text(s.clone())
    }
}

impl From<NaiveDate> for Arg {
    fn from(d: NaiveDate) -> Self {
        Self::Text(d.to_string())
    }
}

impl From<&NaiveDate> for Arg {
    fn from(d: &NaiveDate) -> Self {
        Self::Text(d.to_string())
    }
}

macro_rules! number_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Self {
                Self::Number(i64::from(n))
            }
        }
        impl From<&$t> for Arg {
            fn from(n: &$t) -> Self {
                Self::Number(i64::from(*n))
            }
        }
    )*};
}
number_arg!(i64, i32, u32, u16, u8);

macro_rules! id_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(id: $t) -> Self {
                Self::Number(id.get())
            }
        }
        impl From<&$t> for Arg {
            fn from(id: &$t) -> Self {
                Self::Number(id.get())
            }
        }
    )*};
}
id_arg!(
    crate::id::CaseId,
    crate::id::PersonId,
    crate::id::UserId,
    crate::id::TeamId
);

impl From<usize> for Arg {
    fn from(n: usize) -> Self {
        Self::Number(i64::try_from(n).unwrap_or(i64::MAX))
    }
}

impl From<&usize> for Arg {
    fn from(n: &usize) -> Self {
        Self::from(*n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_names_its_values() {
        let m = crate::msg!("text-too-long", max = 200usize);
        assert_eq!(m.code, "text-too-long");
        assert_eq!(m.arg("max"), Some(&Arg::Number(200)));
        assert_eq!(m.to_string(), "text-too-long (max=200)");
        assert_eq!(Arg::decimal(99.5, 2), Arg::Decimal("99.50".into()));
    }
}

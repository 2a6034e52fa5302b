//! The languages Rundt speaks.

/// A language with a catalogue.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Locale {
    Da,
    Nb,
    En,
}

impl Locale {
    pub const ALL: [Locale; 3] = [Locale::Da, Locale::Nb, Locale::En];

    /// The BCP 47 code (`da`, `nb`, `en`).
    pub fn code(self) -> &'static str {
        match self {
            Locale::Da => "da",
            Locale::Nb => "nb",
            Locale::En => "en",
        }
    }

    pub(crate) fn index(self) -> usize {
        match self {
            Locale::Da => 0,
            Locale::Nb => 1,
            Locale::En => 2,
        }
    }

    /// Danish and Norwegian write decimals with a comma.
    pub(crate) fn decimal_comma(self) -> bool {
        self != Locale::En
    }
}

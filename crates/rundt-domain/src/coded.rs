//! Enums whose values are stored and exchanged as fixed codes (roles,
//! positions, case statuses, countries, ...). One macro writes what every
//! such enum needs, so a code is spelt exactly once, next to its variant.

/// Gives `$name` a `ToSql` in each backend (with the `sqlite` and
/// `postgres` features) that binds it as its stored form `$stored`, of
/// type `$inner`. Reading goes through the store's row layer, which parses
/// with an error naming the column.
macro_rules! bind_as {
    ($name:ty, $inner:ty, |$v:ident| $stored:expr) => {
        #[cfg(feature = "sqlite")]
        impl rusqlite::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                let $v = self;
                Ok($stored.into())
            }
        }

        #[cfg(feature = "postgres")]
        impl postgres_types::ToSql for $name {
            fn to_sql(
                &self,
                ty: &postgres_types::Type,
                out: &mut bytes::BytesMut,
            ) -> Result<postgres_types::IsNull, Box<dyn std::error::Error + Sync + Send>> {
                let $v = self;
                $stored.to_sql(ty, out)
            }

            fn accepts(ty: &postgres_types::Type) -> bool {
                <$inner as postgres_types::ToSql>::accepts(ty)
            }

            postgres_types::to_sql_checked!();
        }
    };
}

/// Declares an enum with a code per variant, and gives it `ALL` (every
/// value in declaration order), `as_str` (the code), `from_code` (the value
/// with exactly that code) and `Display` (the code).
///
/// With a trailing `unknown => ("field", "message-code")` it also gets
/// `FromStr`, whose error names the field and lists the known codes; enums
/// that read codes more leniently (a country in either case, a legacy
/// status) write their own `FromStr` on top of `from_code`.
macro_rules! string_coded {
    (
        $(#[$meta:meta])*
        pub enum $name:ident {
            $($(#[$variant_meta:meta])* $variant:ident => $code:literal,)+
        }
    ) => {
        $(#[$meta])*
        pub enum $name {
            $($(#[$variant_meta])* $variant,)+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: [$name; [$($code),+].len()] = [$($name::$variant),+];

            /// The code as stored and exchanged.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $code,)+
                }
            }

            /// The value whose code is exactly `code`.
            pub fn from_code(code: &str) -> Option<Self> {
                match code {
                    $($code => Some($name::$variant),)+
                    _ => None,
                }
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        // Bound as its code.
        bind_as!($name, &str, |v| v.as_str());
    };
    (
        $(#[$meta:meta])*
        pub enum $name:ident { $($body:tt)+ }
        unknown => ($field:literal, $message:literal)
    ) => {
        string_coded! {
            $(#[$meta])*
            pub enum $name { $($body)+ }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::DomainError;

            fn from_str(s: &str) -> Result<Self, Self::Err> {
                $name::from_code(s).ok_or_else(|| {
                    let known = $name::ALL.map($name::as_str).join(", ");
                    $crate::DomainError::invalid(
                        $field,
                        $crate::msg!($message, given = s, known = known),
                    )
                })
            }
        }
    };
}

//! The store traits' methods, written once: each runs a function of this
//! crate on a connection, a pooled reader or the writer thread.
//!
//! The work runs on another thread after the caller's borrows may have
//! ended, so every borrowed argument is first copied to an owned value
//! ([`Carry::carry`]) and lent back to the function there ([`Carry::lend`]).

use chrono::{DateTime, NaiveDate, Utc};
use rundt_domain::country::Country;
use rundt_domain::id::{CaseId, PersonId, TeamId, UserId};
use rundt_domain::team::Position;
use std::borrow::Borrow;

/// An argument that can travel to a connection's thread.
pub trait Carry<'a>: Sized {
    type Owned: Send + 'static;
    fn carry(self) -> Self::Owned;
    fn lend(owned: &'a Self::Owned) -> Self;
}

/// A borrowed argument travels as its owned copy.
impl<'a, T> Carry<'a> for &'a T
where
    T: ToOwned + ?Sized + 'a,
    T::Owned: Send + 'static,
{
    type Owned = T::Owned;
    fn carry(self) -> T::Owned {
        self.to_owned()
    }
    fn lend(owned: &'a T::Owned) -> &'a T {
        owned.borrow()
    }
}

/// An optional borrowed argument travels as an optional owned copy.
impl<'a, T> Carry<'a> for Option<&'a T>
where
    T: ToOwned + ?Sized + 'a,
    T::Owned: Send + 'static,
{
    type Owned = Option<T::Owned>;
    fn carry(self) -> Self::Owned {
        self.map(ToOwned::to_owned)
    }
    fn lend(owned: &'a Self::Owned) -> Self {
        owned.as_ref().map(Borrow::borrow)
    }
}

/// The team an approval creates travels as its owned copy and its event.
impl<'a> Carry<'a> for Option<rundt_store::TeamFromStudy<'a>> {
    type Owned = Option<(rundt_domain::team::NewTeam, rundt_domain::audit::AuditEvent)>;
    fn carry(self) -> Self::Owned {
        self.map(|t| (t.team.clone(), t.audit.clone()))
    }
    fn lend(owned: &'a Self::Owned) -> Self {
        owned
            .as_ref()
            .map(|(team, audit)| rundt_store::TeamFromStudy { team, audit })
    }
}

/// Plain values travel as they are.
macro_rules! carry_copy {
    ($($t:ty),*) => {
        $(
            impl<'a> Carry<'a> for $t {
                type Owned = $t;
                fn carry(self) -> $t {
                    self
                }
                fn lend(owned: &'a $t) -> $t {
                    *owned
                }
            }
        )*
    };
}

carry_copy!(
    i64,
    i32,
    u32,
    bool,
    NaiveDate,
    DateTime<Utc>,
    Country,
    Position,
    rundt_store::ProtectedKind,
    rundt_domain::api_token::TokenScope,
    rundt_store::ParticipantRole,
    rundt_store::SwapState,
    rundt_store::Written,
    rundt_domain::money::Currency,
    CaseId,
    PersonId,
    UserId,
    TeamId,
    Option<i64>,
    Option<UserId>,
    Option<TeamId>,
    Option<NaiveDate>,
    Option<DateTime<Utc>>,
    Option<Country>
);

/// One forwarded call (see [`rundt_store::forward_store`]): the borrowed
/// arguments carried to the connection's thread, `function(connection,
/// args)` run there.
macro_rules! on_connection {
    ($store:ident, $mode:ident, $f:path $(, $arg:ident: $ty:ty)*) => {{
        $(let $arg = <$ty as $crate::forward::Carry<'_>>::carry($arg);)*
        $store
            .conns
            .$mode(move |c| $f(c $(, <$ty as $crate::forward::Carry<'_>>::lend(&$arg))*))
            .await
    }};
}

/// The SQLite store's trait implementations, forwarded through
/// [`on_connection`].
macro_rules! forward {
    ($($body:tt)*) => {
        rundt_store::forward_store! { $crate::forward::on_connection, $crate::SqliteStore; $($body)* }
    };
}

pub(crate) use {forward, on_connection};

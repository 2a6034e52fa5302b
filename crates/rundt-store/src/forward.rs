//! Store trait implementations made of forwarding lines, for backends whose
//! methods each call one function of theirs.

/// Implements a store trait for `$store` from lines
/// `async fn name(&self, args) -> Result => mode function;`. Each method's
/// body is `$call!(self, mode, function, arg: Type, …)`, the backend's one
/// way of reaching its connection (SQLite: `mode` is `read` or `write`, the
/// thread to run on). Methods written out by hand follow in a second block.
#[macro_export]
macro_rules! forward_store {
    (
        $call:path, $store:ty;
        impl $trait:path {
            $(
                async fn $name:ident(&self $(, $arg:ident: $ty:ty)* $(,)?) -> $ret:ty
                    => $mode:ident $f:path;
            )*
        }
        $({ $($other:tt)* })?
    ) => {
        #[$crate::__async_trait::async_trait]
        impl $trait for $store {
            $(
                async fn $name(&self $(, $arg: $ty)*) -> $ret {
                    $call!(self, $mode, $f $(, $arg: $ty)*)
                }
            )*
            $($($other)*)?
        }
    };
}

//! Money in an MST programme: what a course costs, the places one
//! municipality buys in another's team, the yearly licence fee and how the
//! owners share it, the team's budget and utilisation, and the basis the
//! owners invoice from.
//!
//! Every amount is an integer count of minor units (øre) of one
//! [`Currency`]: no floating point in storage, arithmetic or JSON.

mod agreement;
mod amount;
mod fee;
mod price;
mod pricing;
mod types;

pub use agreement::*;
pub use amount::*;
pub use fee::*;
pub use price::*;
pub use pricing::*;
pub use types::*;

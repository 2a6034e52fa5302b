//! Request bodies of `api/{treatment,people,teams,safety,can_plan,mapping,
//! crisis,consultation,cases,referrals,on_call}.rs`.

use crate::Body;

pub fn bodies() -> Vec<Body> {
    vec![]
}

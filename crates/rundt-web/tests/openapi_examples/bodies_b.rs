//! Request bodies of `api/{oncall,money,studies,results,audit,account,users,
//! session,notices,oncall_calendar,documented_errors}.rs`.

use crate::Body;

pub fn bodies() -> Vec<Body> {
    vec![("POST /api/v1/users/{id}/identities", crate::parses::<rundt_app::sso::LinkIdentity>)]
}

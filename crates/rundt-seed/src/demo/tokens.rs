//! The municipal managers' API tokens: each has a results-only token for
//! the monthly report to the council, in the municipality's language, so
//! the account page shows what a token may do and when it ends. The
//! secrets were shown once, when made, and are not kept.

use rundt_app::auth::{self, NewToken};
use rundt_app::{Actor, App, AppResult};
use rundt_domain::api_token::TokenScope;
use rundt_domain::user::User;

/// (manager's username, token name, days it lives).
const TOKENS: [(&str, &str, u32); 2] = [
    ("aarhus.manager", "Månedlig rapport til byrådet", 180),
    ("oslo.manager", "Månedlig rapport til bystyret", 180),
];

pub async fn add_tokens(app: &App, everyone: &[User]) -> AppResult<()> {
    for (username, name, days) in TOKENS {
        let Some(user) = everyone.iter().find(|u| u.username == username) else {
            continue;
        };
        if let Actor::User(who) = auth::act_as(app, user.id).await? {
            let new = NewToken {
                name,
                scope: Some(TokenScope::ResultsOnly),
                expires_in_days: Some(days),
            };
            auth::create_api_token(app, &who, &new).await?;
        }
    }
    Ok(())
}

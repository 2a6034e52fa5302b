//! Notices in the demo (issue 18): what time has raised is looked for
//! once, as the server does every few minutes; what came before last week
//! counts as seen (people have used Rundt), so a newcomer's start page
//! shows this week's news; and the Aarhus and Oslo supervisors want their
//! notices by e-mail too, so the account page shows the choice and the
//! administrator's outbox has mail waiting (sent once a mail server is
//! configured, docs/OPERATIONS.md).

use chrono::Duration;
use rundt_app::notices::{self, SaveNotificationSettings};
use rundt_app::{App, AppResult, auth};
use rundt_domain::user::User;

/// Whoever wants notices by e-mail, and where.
const BY_EMAIL: [(&str, &str); 2] = [
    ("mette.supervisor", "mette.supervisor@aarhus.example"),
    ("ingrid.supervisor", "ingrid.supervisor@oslo.example"),
];

/// How far back the demo's notices are left unseen.
const UNSEEN_DAYS: i64 = 7;

pub async fn add_notices(app: &App, everyone: &[User]) -> AppResult<()> {
    notices::scan(app).await?;
    let cutoff = app.clock.now() - Duration::days(UNSEEN_DAYS);
    for user in everyone {
        let actor = auth::act_as(app, user.id).await?;
        loop {
            let old: Vec<i64> = notices::unseen(app, &actor, 200)
                .await?
                .into_iter()
                .filter(|n| n.created_at < cutoff)
                .map(|n| n.id)
                .collect();
            if old.is_empty() || notices::mark_seen(app, &actor, &old).await? == 0 {
                break;
            }
        }
    }
    for (username, email) in BY_EMAIL {
        let Some(user) = everyone.iter().find(|u| u.username == username) else {
            continue;
        };
        let actor = auth::act_as(app, user.id).await?;
        let choice = SaveNotificationSettings {
            email: Some(email.into()),
            by_email: true,
        };
        notices::save_settings(app, &actor, &choice).await?;
    }
    Ok(())
}

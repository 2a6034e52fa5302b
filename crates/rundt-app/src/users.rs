//! Creating and listing user accounts.

use chrono::NaiveDate;
use rundt_domain::audit::{AuditAction, Object, ObjectKind};
use rundt_domain::id::{TeamId, UserId};
use rundt_domain::team::Position;
use rundt_domain::user::{NewUser, User, check_password, role_word};
use rundt_domain::{Arg, msg};
use rundt_store::{NewMembership, TeamMember};
use serde::Deserialize;

use rundt_domain::access::Action;

use crate::{Actor, App, AppError, AppResult, access, password};

/// Input to create a user account.
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct CreateUser {
    pub username: String,
    pub display_name: String,
    pub email: Option<String>,
    /// national_admin, supervisor, therapist, consultant, municipal_caseworker, municipal_manager or auditor
    pub role: String,
    /// `DK` or `NO`.
    pub country: String,
    /// Required for municipal roles, refused for others.
    pub municipality_code: Option<String>,
    /// At least 12 characters; a random one is generated when left out.
    pub password: Option<String>,
}

/// A created account and, if Rundt chose it, the initial password.
#[derive(Debug, Clone)]
pub struct CreatedUser {
    pub user: User,
    pub generated_password: Option<String>,
}

pub async fn create_user(app: &App, actor: &Actor, input: &CreateUser) -> AppResult<CreatedUser> {
    let new = checked_new_user(app, actor, input).await?;
    let (hash, generated) = password_of(input).await?;
    let event = actor.event(
        app.clock.now(),
        AuditAction::UserCreate,
        Object::of(ObjectKind::User),
    );
    let user = app.store.create_user(&new, &hash, &event).await?;
    Ok(CreatedUser {
        user,
        generated_password: generated,
    })
}

/// Where a new account starts in a team: the team, the position and the
/// first day (today if left out).
#[derive(Debug, Clone, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct JoinTeam {
    pub team_id: TeamId,
    /// supervisor, therapist, crisis_caseworker, psychiatrist, milieu_therapist or administrator
    pub position: String,
    pub since: Option<NaiveDate>,
}

/// A created account, its initial password if Rundt chose it, and its
/// membership of the team it joined.
#[derive(Debug, Clone)]
pub struct CreatedMember {
    pub created: CreatedUser,
    pub membership: TeamMember,
}

/// Creates an account and puts it in a team at once: the same checks as
/// [`create_user`] and [`crate::organisation::add_member`] (the actor
/// manages the country's users and teams, the team is of the account's
/// country, the role may hold the position), then one store transaction
/// writes the account, the membership and both audit events, so there is
/// never an account that was meant to be in a team but is not.
pub async fn create_user_in_team(
    app: &App,
    actor: &Actor,
    input: &CreateUser,
    join: &JoinTeam,
) -> AppResult<CreatedMember> {
    let new = checked_new_user(app, actor, input).await?;
    let position: Position = join.position.parse()?;
    let Some(team) = app.store.get_team(join.team_id).await? else {
        return Err(AppError::invalid(
            "team_id",
            msg!("team-unknown", id = join.team_id.to_string()),
        ));
    };
    access::check(
        app,
        actor,
        &Action::ManageTeams(team.country),
        AuditAction::TeamMemberAdd,
        Object::team(team.id),
    )
    .await?;
    if team.country != new.country {
        return Err(AppError::invalid(
            "team_id",
            msg!(
                "user-other-country",
                name = &new.display_name,
                user_country = Arg::word(new.country.to_string()),
                team_country = Arg::word(team.country.to_string())
            ),
        ));
    }
    if !position.open_to(new.role) {
        return Err(AppError::invalid(
            "position",
            msg!(
                "role-cannot-hold-position",
                role = Arg::word(role_word(new.role)),
                position = Arg::word(position.as_str())
            ),
        ));
    }
    let (hash, generated) = password_of(input).await?;
    let now = app.clock.now();
    let membership = NewMembership {
        team_id: team.id,
        position,
        since: join.since.unwrap_or_else(|| app.clock.today()),
    };
    let (user, membership) = app
        .store
        .create_user_in_team(
            &new,
            &hash,
            &membership,
            &actor.event(now, AuditAction::UserCreate, Object::of(ObjectKind::User)),
            &actor.event(
                now,
                AuditAction::TeamMemberAdd,
                Object::of(ObjectKind::TeamMembership),
            ),
        )
        .await?;
    Ok(CreatedMember {
        created: CreatedUser {
            user,
            generated_password: generated,
        },
        membership,
    })
}

/// A new account as asked for, checked: its fields, the actor's right to
/// create accounts in its country (a refusal audited), its municipality
/// and a username nobody has.
async fn checked_new_user(app: &App, actor: &Actor, input: &CreateUser) -> AppResult<NewUser> {
    let new = NewUser::parse(
        &input.username,
        &input.display_name,
        input.email.as_deref(),
        &input.role,
        &input.country,
        input.municipality_code.as_deref(),
    )?;
    access::check(
        app,
        actor,
        &Action::ManageUsers(new.country),
        AuditAction::UserCreate,
        Object::of(ObjectKind::User),
    )
    .await?;
    if let Some(code) = &new.municipality_code {
        let today = app.clock.today();
        if app
            .store
            .find_municipality(new.country, code, today)
            .await?
            .is_none()
        {
            return Err(AppError::invalid(
                "municipality_code",
                msg!(
                    "municipality-unknown-on",
                    country = new.country.to_string(),
                    code = code,
                    date = today
                ),
            ));
        }
    }
    if app
        .store
        .find_user_by_username(&new.username)
        .await?
        .is_some()
    {
        return Err(AppError::Conflict(msg!(
            "username-taken",
            username = &new.username
        )));
    }
    Ok(new)
}

/// The hash of the password asked for (checked) or of one Rundt chose,
/// and the chosen one to show once.
async fn password_of(input: &CreateUser) -> AppResult<(String, Option<String>)> {
    let (password, generated) = match &input.password {
        Some(p) => {
            check_password(p)?;
            (p.clone(), None)
        }
        None => {
            let p = password::generate()?;
            (p.clone(), Some(p))
        }
    };
    Ok((password::hash(password).await?, generated))
}

/// The account `id`, which must exist.
pub(crate) async fn existing_user(app: &App, id: UserId) -> AppResult<User> {
    app.store
        .get_user(id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("user {id}")))
}

/// Accounts of the actor's country (all for the command line).
pub async fn list_users(app: &App, actor: &Actor) -> AppResult<Vec<User>> {
    let users = app.store.list_users().await?;
    let Some(who) = actor.principal() else {
        return Ok(users);
    };
    access::require(
        app,
        who,
        &Action::ManageUsers(who.country),
        AuditAction::UserList,
        Object::of(ObjectKind::User),
    )
    .await?;
    Ok(users
        .into_iter()
        .filter(|u| u.country == who.country)
        .collect())
}

/// The logged-in person's own account.
pub async fn me(app: &App, who: &rundt_domain::access::Principal) -> AppResult<User> {
    app.store
        .get_user(who.user_id)
        .await?
        .ok_or_else(|| AppError::Unauthenticated(msg!("user-unknown")))
}

/// The languages one may choose for one's pages: Danish, Norwegian Bokmål
/// and English.
pub const LANGUAGES: [&str; 3] = ["da", "nb", "en"];

/// The language one chose for one's pages; `None` until one chooses.
pub async fn language(
    app: &App,
    who: &rundt_domain::access::Principal,
) -> AppResult<Option<String>> {
    Ok(app.store.user_language(who.user_id).await?)
}

/// Chooses the language of one's pages (`None` or `""`: let the browser
/// decide again). The choice and its audit event are stored together.
pub async fn set_language(
    app: &App,
    who: &rundt_domain::access::Principal,
    language: Option<&str>,
) -> AppResult<()> {
    let language = language.map(str::trim).filter(|l| !l.is_empty());
    if let Some(l) = language
        && !LANGUAGES.contains(&l)
    {
        return Err(AppError::invalid("language", msg!("language-unknown")));
    }
    let ev = access::event(
        app,
        who,
        AuditAction::UserLanguage,
        Object::user(who.user_id),
    );
    app.store
        .set_user_language(who.user_id, language, &ev)
        .await?;
    Ok(())
}

/// The account with `username`, for the command line (which holds the
/// database already): `rundt admin link-identity --username …`.
pub async fn by_username(app: &App, username: &str) -> AppResult<User> {
    let username = username.trim().to_lowercase();
    app.store
        .find_user_by_username(&username)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("user '{username}'")))
}

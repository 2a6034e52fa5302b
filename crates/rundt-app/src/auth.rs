//! Logging in and staying logged in.
//!
//! - Passwords are argon2id; an unknown username is checked against a dummy
//!   hash so it takes as long as a known one.
//! - Login is two steps: password, then a TOTP code. Until the second step
//!   the session is *pending* and gives access to nothing else. A user with
//!   no second factor yet enrols on first login.
//! - Session tokens are 256 random bits, kept by the browser in an HttpOnly
//!   cookie; the database holds only their SHA-256. Sessions end after 30
//!   idle minutes and at most 12 hours after login. Completing login issues a
//!   new token (no fixation).
//! - Too many failures for a username or from an address block further tries
//!   for a while. Every attempt is audited.
//! - API clients use personal tokens (`rundt_…`), hashed at rest, revocable.

use chrono::{DateTime, Duration, Utc};
use data_encoding::BASE64URL_NOPAD;
use rundt_domain::access::{Action, Principal};
use rundt_domain::api_token::{self, TokenScope};
use rundt_domain::audit::{AuditAction, AuditEvent, Object, ObjectKind, Outcome};
use rundt_domain::id::{TeamId, UserId};
use rundt_domain::totp::{self, TotpSecret};
use rundt_domain::user::{User, check_password};
use rundt_domain::{Message, msg};
use rundt_store::{ApiToken, SessionHolder, SessionRecord, TokenHolder};
use sha2::{Digest, Sha256};

use crate::actor::{Record, success_event};
use crate::{App, AppError, AppResult, access, password};

pub const IDLE_MINUTES: i64 = 30;
pub const ABSOLUTE_HOURS: i64 = 12;
/// A pending (password-only) session must be completed within this time.
pub const PENDING_MINUTES: i64 = 10;
pub const THROTTLE_WINDOW_MINUTES: i64 = 15;
pub const MAX_FAILURES_PER_USERNAME: u32 = 5;
pub const MAX_FAILURES_PER_ADDRESS: u32 = 30;
/// A session's `last_seen_at` and a token's `last_used_at` are written at
/// most this often, to spare the writer.
const TOUCH_EVERY_SECONDS: i64 = 60;
/// Name shown in authenticator apps.
pub const TOTP_ISSUER: &str = "Rundt";
pub const TOTP_ASSOCIATED: &str = "user.totp_secret";
const API_TOKEN_PREFIX: &str = "rundt_";
/// The role written in the audit log for a session whose user no longer
/// exists.
const UNKNOWN_USER_ROLE: &str = "unknown";

/// A hash that has the shape of a real one, for unknown usernames.
const DUMMY_HASH: &str = "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHRzb21lc2FsdA$4q8oYkqH7uTn0E8dJ1bCk0Y3V5qJ5l3o0o4d6sX8u8A";

/// What the client must do after the password step.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NextStep {
    /// Scan the QR code and type the first code.
    Enrol,
    /// Type the code from the authenticator app.
    Verify,
}

/// A freshly issued session: the raw token goes to the client only.
#[derive(Debug, Clone)]
pub struct IssuedSession {
    pub token: String,
    pub csrf_token: String,
    pub expires_at: DateTime<Utc>,
    pub next: Option<NextStep>,
}

/// What a session token stands for.
#[derive(Debug, Clone)]
pub enum SessionState {
    /// Password checked, second factor not yet.
    Pending {
        user: User,
        session: SessionRecord,
        enrolled: bool,
    },
    /// Fully logged in.
    Active {
        principal: Principal,
        user: User,
        session: SessionRecord,
        /// The language the user chose for their pages, if any.
        language: Option<String>,
    },
}

pub(crate) fn random_token() -> AppResult<String> {
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes).map_err(|e| AppError::Internal(format!("no randomness: {e}")))?;
    Ok(BASE64URL_NOPAD.encode(&bytes))
}

/// SHA-256 of a token, as stored.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

pub(crate) fn system_event(
    app: &App,
    user_id: Option<UserId>,
    role: &str,
    action: AuditAction,
    outcome: Outcome,
) -> AuditEvent {
    let object = user_id.map_or(Object::of(ObjectKind::User), Object::user);
    let record = Record { action, object };
    let mut event = success_event(app.clock.now(), user_id, role, record);
    event.outcome = outcome;
    event
}

/// A successful step of `user`'s own login or session, on their account.
pub(crate) fn user_event(app: &App, user: &User, action: AuditAction) -> AuditEvent {
    system_event(
        app,
        Some(user.id),
        user.role.as_str(),
        action,
        Outcome::Success,
    )
}

/// A new session for `user_id` from `now` until `expires_at`; only the
/// token's hash is stored.
pub(crate) fn new_session(
    token: &str,
    csrf_token: &str,
    user_id: UserId,
    now: DateTime<Utc>,
    expires_at: DateTime<Utc>,
    mfa_verified: bool,
) -> SessionRecord {
    SessionRecord {
        token_hash: token_hash(token),
        user_id,
        created_at: now,
        last_seen_at: now,
        expires_at,
        mfa_verified,
        csrf_token: csrf_token.to_owned(),
        revoked_at: None,
    }
}

/// Too many failures from `address` alone (single sign-on, where there
/// is no username to count by until the provider has answered).
pub(crate) async fn throttle_address(app: &App, address: &str) -> AppResult<()> {
    let since = app.clock.now() - Duration::minutes(THROTTLE_WINDOW_MINUTES);
    let failures = app.store.recent_login_failures("", address, since).await?;
    if failures.from_address >= MAX_FAILURES_PER_ADDRESS {
        return Err(AppError::TooManyAttempts {
            retry_after_minutes: THROTTLE_WINDOW_MINUTES,
        });
    }
    Ok(())
}

pub(crate) async fn throttle(app: &App, username: &str, address: &str) -> AppResult<()> {
    let since = app.clock.now() - Duration::minutes(THROTTLE_WINDOW_MINUTES);
    let failures = app
        .store
        .recent_login_failures(username, address, since)
        .await?;
    if failures.for_username >= MAX_FAILURES_PER_USERNAME
        || failures.from_address >= MAX_FAILURES_PER_ADDRESS
    {
        return Err(AppError::TooManyAttempts {
            retry_after_minutes: THROTTLE_WINDOW_MINUTES,
        });
    }
    Ok(())
}

/// Why a one-time code or secret was refused, as a message.
fn totp_message(e: totp::TotpError) -> Message {
    match e {
        totp::TotpError::Malformed => msg!("totp-malformed"),
        totp::TotpError::Replayed => msg!("totp-replayed"),
        totp::TotpError::Wrong => msg!("totp-wrong"),
        totp::TotpError::InvalidSecret => msg!("totp-secret-invalid"),
    }
}

fn bad_credentials() -> AppError {
    AppError::Unauthenticated(msg!("bad-credentials"))
}

/// Step one: username and password. Returns a pending session.
pub async fn login(
    app: &App,
    username: &str,
    password_text: &str,
    address: &str,
) -> AppResult<IssuedSession> {
    if !app.password_login() {
        return Err(AppError::Forbidden(msg!("password-login-off")));
    }
    let username = username.trim().to_lowercase();
    if username.is_empty() || password_text.is_empty() || password_text.len() > 1024 {
        return Err(bad_credentials());
    }
    throttle(app, &username, address).await?;
    let credentials = app.store.credentials_by_username(&username).await?;
    let hash = credentials
        .as_ref()
        .map(|c| c.password_hash.clone())
        .unwrap_or_else(|| DUMMY_HASH.to_owned());
    // A stored hash that cannot be read is the operator's problem to hear
    // about, not a wrong password.
    let password_ok = password::verify(password_text.to_owned(), hash).await?;
    let Some(credentials) = credentials.filter(|c| password_ok && c.user.active) else {
        let mut e = system_event(
            app,
            None,
            "anonymous",
            AuditAction::LoginFailure,
            Outcome::Denied,
        );
        e.purpose = Some(format!("password step for '{username}'"));
        app.store
            .record_login_attempt(&username, address, false, &e)
            .await?;
        return Err(bad_credentials());
    };
    let e = user_event(app, &credentials.user, AuditAction::LoginPasswordOk);
    pending_session(app, &credentials, &e).await
}

/// A pending session for an account whose first step passed (a password,
/// or an identity provider that checked no second factor), recorded with
/// `event`: the authenticator code comes next, enrolled first if need be.
pub(crate) async fn pending_session(
    app: &App,
    credentials: &rundt_store::Credentials,
    event: &AuditEvent,
) -> AppResult<IssuedSession> {
    let token = random_token()?;
    let csrf_token = random_token()?;
    let now = app.clock.now();
    let expires_at = now + Duration::minutes(PENDING_MINUTES);
    let user_id = credentials.user.id;
    let record = new_session(&token, &csrf_token, user_id, now, expires_at, false);
    app.store.create_session(&record, event).await?;
    Ok(IssuedSession {
        token,
        csrf_token,
        expires_at,
        next: Some(if credentials.totp_secret.is_some() {
            NextStep::Verify
        } else {
            NextStep::Enrol
        }),
    })
}

/// Resolves a session token to its state, enforcing expiry and idle time.
pub async fn session_state(app: &App, token: &str) -> AppResult<SessionState> {
    let expired = || AppError::Unauthenticated(msg!("session-ended"));
    let now = app.clock.now();
    let Some(SessionHolder {
        session,
        credentials,
        team_ids,
    }) = app.store.session_holder(&token_hash(token), now).await?
    else {
        return Err(expired());
    };
    if session.revoked_at.is_some()
        || now >= session.expires_at
        || now - session.last_seen_at >= Duration::minutes(IDLE_MINUTES)
    {
        return Err(expired());
    }
    if !credentials.user.active {
        return Err(expired());
    }
    if is_due_for_touch(Some(session.last_seen_at), now) {
        app.store.touch_session(&session.token_hash, now).await?;
    }
    if !session.mfa_verified {
        return Ok(SessionState::Pending {
            user: credentials.user,
            session,
            enrolled: credentials.totp_secret.is_some(),
        });
    }
    let principal = principal_with(&credentials.user, team_ids);
    Ok(SessionState::Active {
        principal,
        user: credentials.user,
        session,
        language: credentials.language,
    })
}

/// The principal for an active user: role, country, municipality, teams.
pub async fn principal_for(app: &App, user: &User) -> AppResult<Principal> {
    let team_ids = app.store.user_team_ids(user.id, app.clock.now()).await?;
    Ok(principal_with(user, team_ids))
}

/// The principal of a user whose teams today are known.
fn principal_with(user: &User, team_ids: Vec<TeamId>) -> Principal {
    Principal {
        user_id: user.id,
        role: user.role,
        country: user.country,
        municipality_code: user.municipality_code.clone(),
        team_ids,
    }
}

/// Acts as a user without a login: for trusted callers only (the command
/// line, the demo and benchmark loaders hold the database already).
pub async fn act_as(app: &App, user_id: UserId) -> AppResult<crate::Actor> {
    let user = crate::users::existing_user(app, user_id).await?;
    Ok(crate::Actor::User(principal_for(app, &user).await?))
}

/// Enrols an account with a second factor whose secret is already known
/// (demonstration accounts). Only the command line may: a person's own
/// enrolment goes through the login flow, so nobody else ever sees the
/// secret.
pub async fn enrol_known_secret(
    app: &App,
    actor: &crate::Actor,
    user_id: UserId,
    secret: &TotpSecret,
) -> AppResult<()> {
    if let Some(who) = actor.principal() {
        return Err(access::refuse(
            app,
            who,
            AuditAction::UserSecondFactorEnrolled,
            Object::user(user_id),
            msg!("second-factor-by-owner"),
        )
        .await);
    }
    let sealed = app.keys.encrypt(&secret.to_base32(), TOTP_ASSOCIATED)?;
    let event = actor.event(
        app.clock.now(),
        AuditAction::UserSecondFactorEnrolled,
        Object::user(user_id),
    );
    app.store.set_totp(user_id, &sealed, 0, &event).await?;
    Ok(())
}

/// The TOTP secret offered to a user enrolling in a pending session. It is
/// derived from the session, so nothing unconfirmed is stored.
fn enrolment_secret(app: &App, session: &SessionRecord) -> AppResult<TotpSecret> {
    let derived = app.keys.blind_index("totp-enrolment", &session.token_hash);
    let bytes = hex::decode(&derived).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(TotpSecret::from_bytes(
        bytes.get(..totp::SECRET_LEN).unwrap_or(&bytes).to_vec(),
    ))
}

/// What an enrolling user sees: the secret for manual entry and the URI
/// that the QR code carries.
#[derive(Debug, Clone)]
pub struct Enrolment {
    pub secret_base32: String,
    pub otpauth_uri: String,
}

pub async fn enrolment(app: &App, token: &str) -> AppResult<Enrolment> {
    let SessionState::Pending {
        user,
        session,
        enrolled: false,
    } = session_state(app, token).await?
    else {
        return Err(AppError::Conflict(msg!("totp-already-enrolled")));
    };
    let secret = enrolment_secret(app, &session)?;
    Ok(Enrolment {
        secret_base32: secret.to_base32(),
        otpauth_uri: totp::otpauth_uri(&secret, TOTP_ISSUER, &user.username),
    })
}

/// Step two: the TOTP code (enrolling if needed). Returns the real session;
/// the pending one is revoked.
pub async fn complete_login(
    app: &App,
    token: &str,
    code: &str,
    address: &str,
) -> AppResult<IssuedSession> {
    let SessionState::Pending {
        user,
        session,
        enrolled,
    } = session_state(app, token).await?
    else {
        return Err(AppError::Conflict(msg!("already-logged-in")));
    };
    throttle(app, &user.username, address).await?;
    let now = app.clock.now();
    let credentials = app
        .store
        .credentials_by_id(user.id)
        .await?
        .ok_or_else(|| AppError::Unauthenticated(msg!("session-ended")))?;
    let secret = match (&credentials.totp_secret, enrolled) {
        (Some(sealed), true) => {
            let b32 = app.keys.decrypt(sealed, TOTP_ASSOCIATED)?;
            TotpSecret::from_base32(&b32).map_err(|e| AppError::Internal(e.to_string()))?
        }
        _ => enrolment_secret(app, &session)?,
    };
    let verified = totp::verify(&secret, code, now.timestamp(), credentials.totp_last_step);
    let step = match verified {
        Ok(step) => step,
        Err(e) => {
            let mut ev = system_event(
                app,
                Some(user.id),
                user.role.as_str(),
                AuditAction::LoginSecondFactorFailure,
                Outcome::Denied,
            );
            ev.purpose = Some(e.to_string());
            app.store
                .record_login_attempt(&user.username, address, false, &ev)
                .await?;
            return Err(AppError::Unauthenticated(totp_message(e)));
        }
    };
    if enrolled {
        if !app.store.use_totp_step(user.id, step).await? {
            return Err(AppError::Unauthenticated(totp_message(
                totp::TotpError::Replayed,
            )));
        }
    } else {
        let sealed = app.keys.encrypt(&secret.to_base32(), TOTP_ASSOCIATED)?;
        let ev = user_event(app, &user, AuditAction::UserSecondFactorEnrolled);
        app.store.set_totp(user.id, &sealed, step, &ev).await?;
    }
    let revoke = user_event(app, &user, AuditAction::SessionUpgrade);
    app.store
        .revoke_session(&session.token_hash, now, &revoke)
        .await?;
    let fresh = random_token()?;
    let csrf_token = random_token()?;
    let expires_at = now + Duration::hours(ABSOLUTE_HOURS);
    let record = new_session(&fresh, &csrf_token, user.id, now, expires_at, true);
    let ev = user_event(app, &user, AuditAction::LoginSuccess);
    app.store
        .record_login_attempt(&user.username, address, true, &ev)
        .await?;
    let ev = user_event(app, &user, AuditAction::SessionCreate);
    app.store.create_session(&record, &ev).await?;
    Ok(IssuedSession {
        token: fresh,
        csrf_token,
        expires_at,
        next: None,
    })
}

/// Ends a session (pending or active). Unknown tokens are ignored.
pub async fn logout(app: &App, token: &str) -> AppResult<()> {
    let hash = token_hash(token);
    let Some(session) = app.store.find_session(&hash).await? else {
        return Ok(());
    };
    if session.revoked_at.is_some() {
        return Ok(());
    }
    // A session can outlive its account's record; it must still end, and
    // the audit log says plainly that the account was not found rather than
    // leaving the role empty.
    let ev = match app.store.get_user(session.user_id).await? {
        Some(user) => user_event(app, &user, AuditAction::Logout),
        None => {
            let mut ev = system_event(
                app,
                Some(session.user_id),
                UNKNOWN_USER_ROLE,
                AuditAction::Logout,
                Outcome::Success,
            );
            ev.purpose = Some(format!("user {} not found", session.user_id));
            ev
        }
    };
    app.store
        .revoke_session(&hash, app.clock.now(), &ev)
        .await?;
    Ok(())
}

/// Changes one's own password. Every session and token of the account ends;
/// the user logs in again with the new password.
pub async fn change_password(
    app: &App,
    who: &Principal,
    current: &str,
    new: &str,
) -> AppResult<()> {
    let credentials = app
        .store
        .credentials_by_id(who.user_id)
        .await?
        .ok_or_else(|| AppError::NotFound(format!("user {}", who.user_id)))?;
    if !password::verify(current.to_owned(), credentials.password_hash).await? {
        return Err(AppError::invalid(
            "current_password",
            msg!("current-password-wrong"),
        ));
    }
    check_password(new)?;
    if new == current {
        return Err(AppError::invalid("new_password", msg!("new-password-same")));
    }
    let hash = password::hash(new.to_owned()).await?;
    let ev = access::event(
        app,
        who,
        AuditAction::UserPasswordChange,
        Object::user(who.user_id),
    );
    app.store.set_password(who.user_id, &hash, &ev).await?;
    app.store
        .revoke_all_credentials(who.user_id, app.clock.now())
        .await?;
    Ok(())
}

/// What a new personal API token is to be.
#[derive(Debug, Clone, Default)]
pub struct NewToken<'a> {
    /// What it is for, e.g. "report export".
    pub name: &'a str,
    /// Its scope; all of the owner's rights when not said.
    pub scope: Option<TokenScope>,
    /// Days it lives, 1 to 365; 90 when not said.
    pub expires_in_days: Option<u32>,
}

impl<'a> NewToken<'a> {
    /// A token with all of the owner's rights for the default 90 days.
    pub fn named(name: &'a str) -> Self {
        Self {
            name,
            ..Self::default()
        }
    }
}

/// Creates a personal API token; the raw token is shown once.
pub async fn create_api_token(
    app: &App,
    who: &Principal,
    new: &NewToken<'_>,
) -> AppResult<(ApiToken, String)> {
    let mut check = rundt_domain::error::Validator::new();
    let name = check.take(rundt_domain::error::clean_name("name", new.name, 80));
    let expires_at = check.take(api_token::expiry(app.clock.now(), new.expires_in_days));
    check.finish()?;
    let (Some(name), Some(expires_at)) = (name, expires_at) else {
        return Err(AppError::Internal("a checked token lost its fields".into()));
    };
    let scope = new.scope.unwrap_or_default();
    let raw = format!("{API_TOKEN_PREFIX}{}", random_token()?);
    let ev = access::event(
        app,
        who,
        AuditAction::ApiTokenCreate,
        Object::of(ObjectKind::ApiToken),
    );
    let token = app
        .store
        .create_api_token(
            who.user_id,
            &name,
            &token_hash(&raw),
            scope,
            expires_at,
            &ev,
        )
        .await?;
    Ok((token, raw))
}

pub async fn list_api_tokens(app: &App, who: &Principal) -> AppResult<Vec<ApiToken>> {
    Ok(app.store.list_api_tokens(who.user_id).await?)
}

pub async fn revoke_api_token(app: &App, who: &Principal, id: i64) -> AppResult<ApiToken> {
    let ev = access::event(
        app,
        who,
        AuditAction::ApiTokenRevoke,
        Object::keyed(ObjectKind::ApiToken, id),
    );
    Ok(app.store.revoke_api_token(who.user_id, id, &ev).await?)
}

/// Resolves a bearer token to its principal and the token (whose scope
/// the caller checks against the request). An expired token is refused
/// with the day it ended.
pub async fn api_token_principal(app: &App, raw: &str) -> AppResult<(Principal, ApiToken)> {
    let invalid = || AppError::Unauthenticated(msg!("api-token-invalid"));
    if !raw.starts_with(API_TOKEN_PREFIX) {
        return Err(invalid());
    }
    let now = app.clock.now();
    let TokenHolder {
        token,
        user,
        team_ids,
    } = app
        .store
        .api_token_holder(&token_hash(raw), now)
        .await?
        .ok_or_else(invalid)?;
    if !user.active {
        return Err(invalid());
    }
    if !api_token::is_live(token.expires_at, now) {
        return Err(AppError::Unauthenticated(msg!(
            "api-token-expired",
            day = rundt_domain::country::programme_date(token.expires_at)
        )));
    }
    if is_due_for_touch(token.last_used_at, now) {
        app.store.mark_api_token_used(token.id, now).await?;
    }
    Ok((principal_with(&user, team_ids), token))
}

/// Whether a session's last-seen or a token's last-used time is old enough
/// to write again: at most once a minute, so that reads do not queue behind
/// the one writer for a time nobody needs to the second.
fn is_due_for_touch(last: Option<DateTime<Utc>>, now: DateTime<Utc>) -> bool {
    last.is_none_or(|last| now - last >= Duration::seconds(TOUCH_EVERY_SECONDS))
}

/// Deactivates an account (national office only); its sessions and tokens
/// end at once.
pub async fn set_user_active(
    app: &App,
    who: &Principal,
    user_id: UserId,
    active: bool,
) -> AppResult<User> {
    let user = crate::users::existing_user(app, user_id).await?;
    let action = if active {
        AuditAction::UserActivate
    } else {
        AuditAction::UserDeactivate
    };
    access::require(
        app,
        who,
        &Action::ManageUsers(user.country),
        action,
        Object::user(user_id),
    )
    .await?;
    if user_id == who.user_id && !active {
        return Err(AppError::Conflict(msg!("deactivate-self")));
    }
    let ev = access::event(app, who, action, Object::user(user_id));
    Ok(app.store.set_user_active(user_id, active, &ev).await?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_dummy_hash_parses_so_unknown_users_cost_a_real_verification() {
        assert!(argon2::password_hash::PasswordHash::new(DUMMY_HASH).is_ok());
    }

    #[test]
    fn tokens_are_long_random_and_stored_only_as_hashes() {
        let a = random_token().unwrap();
        assert_eq!(a.len(), 43, "256 bits in base64url");
        assert_ne!(a, random_token().unwrap());
        assert_eq!(token_hash(&a).len(), 64);
        assert_ne!(token_hash(&a), a);
    }
}

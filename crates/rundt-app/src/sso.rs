//! Single sign-on with OpenID Connect (issue 18): what Rundt does with a
//! login at an identity provider. `rundt_oidc` talks to the provider and
//! verifies its ID token; here a login begun is kept (once), a verified
//! identity becomes a session — only for the person an administrator
//! linked it to, never matched by e-mail — and the provider's word on a
//! second factor is taken, else Rundt's own TOTP step follows.
//!
//! Roles, municipality and teams stay Rundt's: nothing a provider says
//! changes them.

use chrono::Duration;
use rundt_domain::access::{Action, Principal};
use rundt_domain::audit::{AuditAction, Object, Outcome};
use rundt_domain::id::UserId;
use rundt_domain::sso::provider_checked_second_factor;
use rundt_domain::user::User;
use rundt_domain::{Message, msg};
pub use rundt_store::LinkedIdentity;
use rundt_store::PendingOidcLogin;
use serde::{Deserialize, Serialize};

use crate::auth::{
    ABSOLUTE_HOURS, IssuedSession, new_session, pending_session, random_token, system_event,
    throttle_address, token_hash, user_event,
};
use crate::{Actor, App, AppError, AppResult, access};

/// The name single sign-on's failed attempts are counted under: they
/// count against their address only (`throttle_address`), never block
/// another person's login.
const SSO_ATTEMPT: &str = "(single sign-on)";

/// A login sent to a provider must come back within this time.
pub const LOGIN_MINUTES: i64 = 10;
/// Logins begun (and their used marks) are forgotten after this.
const FORGET_AFTER_HOURS: i64 = 24;
const SEALED_ASSOCIATED: &str = "oidc_logins.sealed";
/// The longest subject Rundt keeps (OpenID Connect allows 255 ASCII
/// characters).
const MAX_SUBJECT: usize = 255;

/// What the browser's trip to the provider must find unchanged when it
/// comes back.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LoginBegun {
    /// The provider's id in the configuration.
    pub provider: String,
    pub nonce: String,
    pub pkce_verifier: String,
    /// The local page to go on to afterwards.
    pub next: String,
}

#[derive(Serialize, Deserialize)]
struct Sealed {
    nonce: String,
    pkce_verifier: String,
    next: String,
}

/// Keeps a login begun under its `state` (only hashes are stored) and
/// returns the secret for the browser's cookie that ties the answer to
/// this browser (no login forced on somebody else's browser).
pub async fn begin(app: &App, state: &str, login: &LoginBegun) -> AppResult<String> {
    let browser = random_token()?;
    let sealed = serde_json::to_string(&Sealed {
        nonce: login.nonce.clone(),
        pkce_verifier: login.pkce_verifier.clone(),
        next: login.next.clone(),
    })
    .map_err(|e| AppError::Internal(e.to_string()))?;
    let now = app.clock.now();
    let record = PendingOidcLogin {
        state_hash: token_hash(state),
        browser_hash: token_hash(&browser),
        provider: login.provider.clone(),
        sealed: app.keys.encrypt(&sealed, SEALED_ASSOCIATED)?,
        created_at: now,
    };
    app.store
        .begin_oidc_login(&record, now - Duration::hours(FORGET_AFTER_HOURS))
        .await?;
    Ok(browser)
}

/// Takes back the login a provider's answer names by its `state`: once,
/// within its time, from the browser that began it. Anything else is
/// refused and audited (a replayed answer finds its login taken).
pub async fn take(
    app: &App,
    state: &str,
    browser: Option<&str>,
    address: &str,
) -> AppResult<LoginBegun> {
    throttle_address(app, address).await?;
    let now = app.clock.now();
    let Some(record) = app.store.take_oidc_login(&token_hash(state), now).await? else {
        return Err(refuse(
            app,
            None,
            "unknown or used login state",
            address,
            msg!("sso-login-unknown"),
        )
        .await);
    };
    let provider = record.provider.clone();
    if browser.map(token_hash).as_deref() != Some(record.browser_hash.as_str()) {
        return Err(refuse(
            app,
            Some(&provider),
            "the answer came to another browser than the one that began the login",
            address,
            msg!("sso-login-unknown"),
        )
        .await);
    }
    if now - record.created_at > Duration::minutes(LOGIN_MINUTES) {
        return Err(refuse(
            app,
            Some(&provider),
            "the login took longer than allowed",
            address,
            msg!("sso-login-too-old"),
        )
        .await);
    }
    let opened = app.keys.decrypt(&record.sealed, SEALED_ASSOCIATED)?;
    let sealed: Sealed =
        serde_json::from_str(&opened).map_err(|e| AppError::Internal(e.to_string()))?;
    Ok(LoginBegun {
        provider,
        nonce: sealed.nonce,
        pkce_verifier: sealed.pkce_verifier,
        next: sealed.next,
    })
}

/// Records a login the provider's answer could not be trusted for (the
/// reason from the OIDC client: another audience, another nonce, an
/// expired token, a refused code) and returns the error to show.
pub async fn refused(app: &App, provider: &str, reason: &str, address: &str) -> AppError {
    refuse(app, Some(provider), reason, address, msg!("sso-refused")).await
}

async fn refuse(
    app: &App,
    provider: Option<&str>,
    reason: &str,
    address: &str,
    shown: Message,
) -> AppError {
    let mut event = system_event(
        app,
        None,
        "anonymous",
        AuditAction::LoginSsoFailure,
        Outcome::Denied,
    );
    event.purpose = Some(match provider {
        Some(p) => format!("single sign-on via '{p}': {reason}"),
        None => format!("single sign-on: {reason}"),
    });
    tracing::warn!(provider, reason, "single sign-on refused");
    if let Err(e) = app
        .store
        .record_login_attempt(SSO_ATTEMPT, address, false, &event)
        .await
    {
        return e.into();
    }
    AppError::Unauthenticated(shown)
}

/// An identity the provider vouched for (its ID token verified).
#[derive(Debug, Clone, Copy)]
pub struct ProviderLogin<'a> {
    pub provider: &'a str,
    pub issuer: &'a str,
    pub subject: &'a str,
    pub amr: &'a [String],
    pub acr: Option<&'a str>,
    /// The provider's `acr` values that mean a second factor.
    pub mfa_acr_values: &'a [String],
}

/// Logs in the person a verified identity is linked to. When the provider
/// asserted a second factor the session is complete; otherwise it is
/// pending, and Rundt's own TOTP step follows as after a password.
pub async fn complete(
    app: &App,
    login: ProviderLogin<'_>,
    address: &str,
) -> AppResult<IssuedSession> {
    throttle_address(app, address).await?;
    let linked = app
        .store
        .user_for_identity(login.issuer, login.subject)
        .await?;
    let credentials = match linked {
        Some(id) => app.store.credentials_by_id(id).await?,
        None => None,
    };
    let Some(credentials) = credentials.filter(|c| c.user.active) else {
        let reason = match linked {
            None => format!(
                "no account is linked to subject '{}' at '{}'",
                login.subject, login.issuer
            ),
            Some(id) => format!("the account {id} linked to this identity is not active"),
        };
        return Err(refuse(
            app,
            Some(login.provider),
            &reason,
            address,
            msg!("sso-not-linked", subject = login.subject),
        )
        .await);
    };
    let amr: Vec<&str> = login.amr.iter().map(String::as_str).collect();
    let mfa = provider_checked_second_factor(&amr, login.acr, login.mfa_acr_values);
    let mut event = user_event(app, &credentials.user, AuditAction::LoginSso);
    event.purpose = Some(format!(
        "via '{}' ({}); second factor {}",
        login.provider,
        login.issuer,
        if mfa {
            "checked by the provider"
        } else {
            "by Rundt's code"
        }
    ));
    if !mfa {
        return pending_session(app, &credentials, &event).await;
    }
    let user = credentials.user;
    let token = random_token()?;
    let csrf_token = random_token()?;
    let now = app.clock.now();
    app.store
        .record_login_attempt(&user.username, address, true, &event)
        .await?;
    let expires_at = now + Duration::hours(ABSOLUTE_HOURS);
    let record = new_session(&token, &csrf_token, user.id, now, expires_at, true);
    let ev = user_event(app, &user, AuditAction::SessionCreate);
    app.store.create_session(&record, &ev).await?;
    Ok(IssuedSession {
        token,
        csrf_token,
        expires_at,
        next: None,
    })
}

/// An account and the identities linked to it.
#[derive(Debug, Clone, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct UserIdentities {
    pub user: User,
    pub identities: Vec<LinkedIdentity>,
}

/// The identities linked to `user`, for whoever manages accounts of the
/// person's country (audited).
pub async fn identities(app: &App, actor: &Actor, user: UserId) -> AppResult<UserIdentities> {
    let account = managed_user(app, actor, user, AuditAction::UserIdentityList).await?;
    let identities = app.store.identities_of(user).await?;
    if actor.principal().is_some() {
        app.store
            .append_audit(&actor.event(
                app.clock.now(),
                AuditAction::UserIdentityList,
                Object::user(user),
            ))
            .await?;
    }
    Ok(UserIdentities {
        user: account,
        identities,
    })
}

/// An identity to link, as an administrator gives it.
#[derive(Debug, Clone, Default, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct LinkIdentity {
    /// The provider's id in the installation's configuration.
    pub provider: String,
    /// The person's subject (`sub`) at that provider, as the provider
    /// shows it (Rundt's refusal page shows it too).
    pub subject: String,
}

/// Links an identity at a configured provider (`issuer` is the one its
/// configuration names) to `user`. An identity linked to somebody already
/// is refused: one identity is one person.
pub async fn link(
    app: &App,
    actor: &Actor,
    user: UserId,
    issuer: &str,
    input: &LinkIdentity,
) -> AppResult<LinkedIdentity> {
    managed_user(app, actor, user, AuditAction::UserIdentityLink).await?;
    let subject = input.subject.trim();
    if subject.is_empty() {
        return Err(AppError::invalid("subject", msg!("sso-subject-empty")));
    }
    if subject.len() > MAX_SUBJECT || subject.chars().any(char::is_control) {
        return Err(AppError::invalid("subject", msg!("sso-subject-invalid")));
    }
    let identity = LinkedIdentity {
        user_id: user,
        provider: input.provider.clone(),
        issuer: issuer.to_owned(),
        subject: subject.to_owned(),
        linked_at: app.clock.now(),
    };
    let mut event = actor.event(
        app.clock.now(),
        AuditAction::UserIdentityLink,
        Object::user(user),
    );
    event.purpose = Some(format!(
        "'{}' at '{}' ({})",
        identity.subject, issuer, input.provider
    ));
    if !app.store.link_identity(&identity, &event).await? {
        return Err(AppError::Conflict(msg!(
            "sso-identity-taken",
            subject = subject
        )));
    }
    Ok(identity)
}

/// Removes `user`'s identity `subject` at the provider `provider` (its id
/// when it was linked); the person can no longer log in with it (sessions
/// already begun end as usual).
pub async fn unlink(
    app: &App,
    actor: &Actor,
    user: UserId,
    provider: &str,
    subject: &str,
) -> AppResult<()> {
    managed_user(app, actor, user, AuditAction::UserIdentityUnlink).await?;
    let missing = || {
        AppError::NotFound(format!(
            "identity '{subject}' at '{provider}' of user {user}"
        ))
    };
    let identity = app
        .store
        .identities_of(user)
        .await?
        .into_iter()
        .find(|i| i.provider == provider && i.subject == subject)
        .ok_or_else(missing)?;
    let mut event = actor.event(
        app.clock.now(),
        AuditAction::UserIdentityUnlink,
        Object::user(user),
    );
    event.purpose = Some(format!("'{subject}' at '{}' ({provider})", identity.issuer));
    if !app
        .store
        .unlink_identity(user, &identity.issuer, subject, &event)
        .await?
    {
        return Err(missing());
    }
    Ok(())
}

/// The account `user`, which the actor must be allowed to manage.
async fn managed_user(
    app: &App,
    actor: &Actor,
    user: UserId,
    action: AuditAction,
) -> AppResult<User> {
    let target = crate::users::existing_user(app, user).await?;
    access::check(
        app,
        actor,
        &Action::ManageUsers(target.country),
        action,
        Object::user(user),
    )
    .await?;
    Ok(target)
}

/// Whether `who` may manage accounts at all (the pages' links).
pub fn may_link(who: &Principal) -> bool {
    rundt_domain::access::authorize(who, &Action::ManageUsers(who.country)).is_allowed()
}

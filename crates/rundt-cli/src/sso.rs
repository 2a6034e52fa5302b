//! Single sign-on's configuration for `rundt serve` and the command line:
//! the file `RUNDT_SSO_CONFIG` names (docs/OPERATIONS.md), checked by
//! `rundt_domain::sso`, its client secrets read from their files.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use rundt_domain::sso::{SsoConfig, parse_config};
use rundt_oidc::SsoProviders;

/// Whose identity, at which provider: `rundt admin link-identity` and
/// `unlink-identity`.
#[derive(clap::Args, Debug, Clone)]
pub struct IdentityArgs {
    #[arg(long)]
    pub username: String,
    /// The provider's id in RUNDT_SSO_CONFIG (for a removal: the id the
    /// identity was linked under).
    #[arg(long)]
    pub provider: String,
    /// The person's stable subject (`sub`) at the provider.
    #[arg(long)]
    pub subject: String,
}

#[derive(clap::Args, Debug, Clone, Default)]
pub struct SsoArgs {
    /// A JSON file naming the identity providers people may log in with
    /// (OpenID Connect) and whether Rundt's own password login stays on.
    /// Without it: password login only.
    #[arg(long, env = "RUNDT_SSO_CONFIG")]
    pub sso_config: Option<PathBuf>,
}

/// Reads and checks the configuration file.
pub fn read(file: &Path) -> Result<SsoConfig> {
    let text = std::fs::read_to_string(file).with_context(|| {
        format!(
            "reading the single sign-on configuration {}",
            file.display()
        )
    })?;
    parse_config(&text).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))
}

impl SsoArgs {
    /// The providers for the server, answering at `public_url`; none
    /// without a configuration file. A configuration that cannot be used
    /// stops the server at start.
    pub fn providers(&self, public_url: Option<&str>) -> Result<Arc<SsoProviders>> {
        let Some(file) = &self.sso_config else {
            return Ok(Arc::new(SsoProviders::none()));
        };
        let config = read(file)?;
        let Some(public_url) = public_url else {
            bail!(
                "RUNDT_PUBLIC_URL (--public-url) is needed with single sign-on: providers send people back to it"
            );
        };
        let providers = SsoProviders::load(&config, public_url)?;
        tracing::info!(
            providers = config.providers.len(),
            password_login = config.password_login,
            "single sign-on configured"
        );
        Ok(Arc::new(providers))
    }
}

/// The demo with single sign-on configured: each demo person is linked at
/// every configured provider under their username as subject, so a
/// newcomer can log in at a test provider by typing the username (a real
/// installation links each person's own subject, docs/OPERATIONS.md).
/// Returns what to print; nothing without a configuration.
pub async fn link_demo_people(
    app: &rundt_app::App,
    args: &SsoArgs,
    usernames: &[String],
) -> Result<Vec<String>> {
    let Some(file) = &args.sso_config else {
        return Ok(Vec::new());
    };
    let config = read(file)?;
    let mut said = Vec::new();
    for provider in &config.providers {
        let mut linked = 0usize;
        for username in usernames {
            let user = rundt_app::users::by_username(app, username)
                .await
                .map_err(crate::describe)?;
            let input = rundt_app::sso::LinkIdentity {
                provider: provider.id.clone(),
                subject: username.clone(),
            };
            match rundt_app::sso::link(
                app,
                &rundt_app::Actor::cli(),
                user.id,
                &provider.issuer,
                &input,
            )
            .await
            {
                Ok(_) => linked += 1,
                // Linked at an earlier start of the demo.
                Err(rundt_app::AppError::Conflict(_)) => {}
                Err(e) => {
                    return Err(crate::describe(e))
                        .with_context(|| format!("linking {username} at {}", provider.id));
                }
            }
        }
        said.push(format!(
            "Single sign-on: the demo's people log in at {} ({}) with their username as subject ({linked} linked now).",
            provider.label, provider.issuer
        ));
    }
    Ok(said)
}

/// `rundt admin link-identity`: links the identity at the provider the
/// configuration names (its issuer from there).
pub async fn link(app: &rundt_app::App, identity: &IdentityArgs, args: &SsoArgs) -> Result<()> {
    let issuer = configured_issuer(args, &identity.provider)?;
    let user = rundt_app::users::by_username(app, &identity.username)
        .await
        .map_err(crate::describe)?;
    let input = rundt_app::sso::LinkIdentity {
        provider: identity.provider.clone(),
        subject: identity.subject.clone(),
    };
    let linked = rundt_app::sso::link(app, &rundt_app::Actor::cli(), user.id, &issuer, &input)
        .await
        .map_err(crate::describe)?;
    println!(
        "linked '{}' at {} ({}) to {}",
        linked.subject, linked.issuer, linked.provider, user.username
    );
    Ok(())
}

/// `rundt admin unlink-identity`: needs no configuration (the identity
/// names its provider).
pub async fn unlink(app: &rundt_app::App, identity: &IdentityArgs) -> Result<()> {
    let user = rundt_app::users::by_username(app, &identity.username)
        .await
        .map_err(crate::describe)?;
    let subject = identity.subject.trim();
    rundt_app::sso::unlink(
        app,
        &rundt_app::Actor::cli(),
        user.id,
        &identity.provider,
        subject,
    )
    .await
    .map_err(crate::describe)?;
    println!(
        "removed '{subject}' at {} from {}",
        identity.provider, user.username
    );
    Ok(())
}

/// The issuer of the provider `id` in the single sign-on configuration.
fn configured_issuer(args: &SsoArgs, id: &str) -> Result<String> {
    let Some(file) = &args.sso_config else {
        bail!("RUNDT_SSO_CONFIG (--sso-config) names the identity providers; it is not given");
    };
    let config = read(file)?;
    config
        .providers
        .iter()
        .find(|p| p.id == id)
        .map(|p| p.issuer.clone())
        .with_context(|| {
            format!(
                "no provider '{id}' in {}; configured: {}",
                file.display(),
                config
                    .providers
                    .iter()
                    .map(|p| p.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            )
        })
}

//! Single sign-on's configuration for `rundt serve` and the command line:
//! the file `RUNDT_SSO_CONFIG` names (docs/OPERATIONS.md), checked by
//! `rundt_domain::sso`, its client secrets read from their files.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use rundt_domain::sso::{SsoConfig, parse_config};
use rundt_oidc::SsoProviders;

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

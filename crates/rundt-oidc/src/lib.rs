//! Single sign-on with OpenID Connect (issue 18): the authorization code
//! flow with PKCE against the identity providers an installation trusts,
//! through the `openidconnect` crate. This crate talks to the providers
//! (discovery, the token endpoint) and checks what they answer — the ID
//! token's signature, issuer, audience, expiry and nonce; what a verified
//! identity may do in Rundt is `rundt_app::sso`'s to decide.
//!
//! The rules that need no network (the configuration file, whether the
//! provider's `amr`/`acr` counts as a second factor) are
//! `rundt_domain::sso`'s.

#![forbid(unsafe_code)]

use std::time::{Duration, Instant};

use openidconnect::core::{
    CoreAuthenticationFlow, CoreClient, CoreGenderClaim, CoreJweContentEncryptionAlgorithm,
    CoreTokenResponse,
};
use openidconnect::{
    AccessTokenHash, AuthorizationCode, ClientId, ClientSecret, CsrfToken, EmptyAdditionalClaims,
    EndSessionUrl, EndpointMaybeSet, EndpointNotSet, EndpointSet, IdToken, IssuerUrl,
    LogoutRequest, Nonce, OAuth2TokenResponse, PkceCodeChallenge, PkceCodeVerifier,
    PostLogoutRedirectUrl, ProviderMetadataWithLogout, RedirectUrl, Scope, TokenResponse,
};
use openidconnect::{ClaimsVerificationError, reqwest};
use rundt_domain::sso::{ProviderConfig, SsoConfig};
use tokio::sync::RwLock;

/// The path providers send people back to, under the installation's
/// public address.
pub const CALLBACK_PATH: &str = "/login/oidc/callback";
/// Where a provider's end-session sends people afterwards.
pub const AFTER_LOGOUT_PATH: &str = "/login";
/// A provider's discovery document and keys are fetched again after this
/// long, so a key the provider rotated in is known.
const REDISCOVER_AFTER: Duration = Duration::from_secs(60 * 60);
/// How long Rundt waits for a provider.
const PROVIDER_TIMEOUT: Duration = Duration::from_secs(10);

type Client = CoreClient<
    EndpointSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointNotSet,
    EndpointMaybeSet,
    EndpointMaybeSet,
>;

type CoreIdToken = IdToken<
    EmptyAdditionalClaims,
    CoreGenderClaim,
    CoreJweContentEncryptionAlgorithm,
    openidconnect::core::CoreJwsSigningAlgorithm,
>;

/// What went wrong with a provider.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OidcError {
    /// The configuration cannot be used (a secret file that cannot be
    /// read, an address that is not one): the server does not start.
    #[error("{0}")]
    Config(String),
    /// The provider could not be reached or answered nonsense: nobody is
    /// at fault but the connection, and the person may try again.
    #[error("the identity provider could not be reached: {0}")]
    Unreachable(String),
    /// What came back cannot be trusted: a token for another client, a
    /// nonce that is not this login's, an expired token, a bad signature,
    /// a code the provider refused (used already, or too old).
    #[error("the identity provider's answer was refused: {0}")]
    Refused(String),
}

/// A login begun: where to send the browser, and what must be kept until
/// it comes back (the state that names it, the nonce the ID token must
/// carry, the PKCE verifier the code is exchanged with).
#[derive(Debug, Clone)]
pub struct Authorization {
    pub url: String,
    pub state: String,
    pub nonce: String,
    pub pkce_verifier: String,
}

/// Who the provider says logged in, once its ID token was verified.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VerifiedIdentity {
    pub issuer: String,
    pub subject: String,
    /// RFC 8176 authentication methods (`amr`), as the provider said them.
    pub amr: Vec<String>,
    /// The authentication context class (`acr`), if any.
    pub acr: Option<String>,
}

/// The identity providers of an installation.
pub struct SsoProviders {
    pub password_login: bool,
    providers: Vec<Provider>,
}

impl std::fmt::Debug for SsoProviders {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SsoProviders")
            .field("password_login", &self.password_login)
            .field(
                "providers",
                &self
                    .providers
                    .iter()
                    .map(|p| &p.config.id)
                    .collect::<Vec<_>>(),
            )
            .finish()
    }
}

/// One identity provider: its configuration, its secret (read from its
/// file at start) and what its discovery document said, fetched on first
/// use and again every hour.
pub struct Provider {
    pub config: ProviderConfig,
    secret: ClientSecret,
    redirect: RedirectUrl,
    after_logout: PostLogoutRedirectUrl,
    http: reqwest::Client,
    discovered: RwLock<Option<(Instant, Discovered)>>,
}

#[derive(Clone)]
struct Discovered {
    client: Client,
    end_session: Option<EndSessionUrl>,
}

impl SsoProviders {
    /// No single sign-on: password login only.
    pub fn none() -> Self {
        Self {
            password_login: true,
            providers: Vec::new(),
        }
    }

    /// The providers of a checked configuration, answering at
    /// `public_url` (the address people reach Rundt at). Each client
    /// secret is read from its file now; nothing is fetched from the
    /// providers until the first login.
    pub fn load(config: &SsoConfig, public_url: &str) -> Result<Self, OidcError> {
        let base = public_url.trim_end_matches('/');
        let redirect = RedirectUrl::new(format!("{base}{CALLBACK_PATH}")).map_err(|e| {
            OidcError::Config(format!("the public address '{public_url}' is not one: {e}"))
        })?;
        let after_logout = PostLogoutRedirectUrl::new(format!("{base}{AFTER_LOGOUT_PATH}"))
            .map_err(|e| {
                OidcError::Config(format!("the public address '{public_url}' is not one: {e}"))
            })?;
        let http = reqwest::ClientBuilder::new()
            // Following redirects would let a provider's answer send Rundt
            // anywhere (server-side request forgery).
            .redirect(reqwest::redirect::Policy::none())
            .timeout(PROVIDER_TIMEOUT)
            .build()
            .map_err(|e| OidcError::Config(format!("no HTTP client: {e}")))?;
        let mut providers = Vec::with_capacity(config.providers.len());
        for p in &config.providers {
            let secret = std::fs::read_to_string(&p.client_secret_file).map_err(|e| {
                OidcError::Config(format!(
                    "provider '{}': the client secret file '{}' cannot be read: {e}",
                    p.id, p.client_secret_file
                ))
            })?;
            let secret = secret.trim();
            if secret.is_empty() {
                return Err(OidcError::Config(format!(
                    "provider '{}': the client secret file '{}' is empty",
                    p.id, p.client_secret_file
                )));
            }
            IssuerUrl::new(p.issuer.clone()).map_err(|e| {
                OidcError::Config(format!(
                    "provider '{}': the issuer is not an address: {e}",
                    p.id
                ))
            })?;
            providers.push(Provider {
                config: p.clone(),
                secret: ClientSecret::new(secret.to_owned()),
                redirect: redirect.clone(),
                after_logout: after_logout.clone(),
                http: http.clone(),
                discovered: RwLock::new(None),
            });
        }
        Ok(Self {
            password_login: config.password_login,
            providers,
        })
    }

    pub fn get(&self, id: &str) -> Option<&Provider> {
        self.providers.iter().find(|p| p.config.id == id)
    }

    /// Every provider, in the configuration's order (the login page's
    /// buttons).
    pub fn all(&self) -> impl Iterator<Item = &Provider> {
        self.providers.iter()
    }

    pub fn is_empty(&self) -> bool {
        self.providers.is_empty()
    }
}

impl Provider {
    async fn discovered(&self, fresh: bool) -> Result<Discovered, OidcError> {
        if !fresh
            && let Some((at, d)) = self.discovered.read().await.as_ref()
            && at.elapsed() < REDISCOVER_AFTER
        {
            return Ok(d.clone());
        }
        let issuer = IssuerUrl::new(self.config.issuer.clone())
            .map_err(|e| OidcError::Config(e.to_string()))?;
        let metadata = ProviderMetadataWithLogout::discover_async(issuer, &self.http)
            .await
            .map_err(|e| OidcError::Unreachable(chain(&e)))?;
        let end_session = metadata.additional_metadata().end_session_endpoint.clone();
        let client = CoreClient::from_provider_metadata(
            metadata,
            ClientId::new(self.config.client_id.clone()),
            Some(self.secret.clone()),
        )
        .set_redirect_uri(self.redirect.clone());
        let d = Discovered {
            client,
            end_session,
        };
        *self.discovered.write().await = Some((Instant::now(), d.clone()));
        Ok(d)
    }

    /// Begins a login: the address of the provider's login page, with a
    /// fresh state, nonce and PKCE challenge (S256).
    pub async fn authorize(&self) -> Result<Authorization, OidcError> {
        let d = self.discovered(false).await?;
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        let (url, state, nonce) = d
            .client
            .authorize_url(
                CoreAuthenticationFlow::AuthorizationCode,
                CsrfToken::new_random,
                Nonce::new_random,
            )
            .add_scope(Scope::new("openid".to_owned()))
            .set_pkce_challenge(challenge)
            .url();
        Ok(Authorization {
            url: url.to_string(),
            state: state.secret().clone(),
            nonce: nonce.secret().clone(),
            pkce_verifier: verifier.secret().clone(),
        })
    }

    /// Finishes a login: exchanges the code (with the PKCE verifier) and
    /// verifies the ID token — signature, issuer, audience (this client),
    /// expiry, and the nonce of the login that began it.
    pub async fn finish(
        &self,
        code: &str,
        pkce_verifier: &str,
        nonce: &str,
    ) -> Result<VerifiedIdentity, OidcError> {
        let d = self.discovered(false).await?;
        let request = d
            .client
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .map_err(|e| OidcError::Unreachable(format!("no token endpoint: {e}")))?
            .set_pkce_verifier(PkceCodeVerifier::new(pkce_verifier.to_owned()));
        let response: CoreTokenResponse = request.request_async(&self.http).await.map_err(|e| {
            match e {
                // The provider said no: the code is used, expired or not
                // this client's, or the verifier does not match.
                openidconnect::RequestTokenError::ServerResponse(r) => {
                    OidcError::Refused(format!("the token endpoint said {r}"))
                }
                other => OidcError::Unreachable(chain(&other)),
            }
        })?;
        let Some(id_token) = response.id_token() else {
            return Err(OidcError::Refused("no ID token came back".into()));
        };
        let nonce = Nonce::new(nonce.to_owned());
        let claims = match verify(&d.client, id_token, &nonce) {
            // A signature by a key Rundt has not seen may be a key the
            // provider has just rotated in: fetch the keys once more.
            Err(ClaimsVerificationError::SignatureVerification(_)) => {
                let fresh = self.discovered(true).await?;
                verify(&fresh.client, id_token, &nonce)
            }
            other => other,
        }
        .map_err(|e| OidcError::Refused(refusal(&e)))?;
        if let Some(expected) = claims.access_token_hash() {
            let alg = id_token
                .signing_alg()
                .map_err(|e| OidcError::Refused(format!("unusable signature: {e}")))?;
            let verifier = d.client.id_token_verifier();
            let key = id_token
                .signing_key(&verifier)
                .map_err(|e| OidcError::Refused(format!("unusable signing key: {e}")))?;
            let actual = AccessTokenHash::from_token(response.access_token(), alg, key)
                .map_err(|e| OidcError::Refused(format!("unusable access token hash: {e}")))?;
            if actual != *expected {
                return Err(OidcError::Refused(
                    "the access token is not the one the ID token names".into(),
                ));
            }
        }
        Ok(VerifiedIdentity {
            issuer: claims.issuer().to_string(),
            subject: claims.subject().to_string(),
            amr: claims
                .auth_method_refs()
                .map(|refs| refs.iter().map(|r| r.to_string()).collect())
                .unwrap_or_default(),
            acr: claims.auth_context_ref().map(|a| a.to_string()),
        })
    }

    /// The provider's end-session address, to offer after Rundt's own
    /// logout (none when the provider has no end-session endpoint or
    /// cannot be reached now).
    pub async fn end_session_url(&self) -> Option<String> {
        let d = self.discovered(false).await.ok()?;
        let endpoint = d.end_session?;
        Some(
            LogoutRequest::from(endpoint)
                .set_client_id(ClientId::new(self.config.client_id.clone()))
                .set_post_logout_redirect_uri(self.after_logout.clone())
                .http_get_url()
                .to_string(),
        )
    }
}

/// The ID token's claims, checked by `client`'s verifier (signature,
/// issuer, audience, expiry) and against the login's `nonce`.
fn verify<'t>(
    client: &Client,
    id_token: &'t CoreIdToken,
    nonce: &Nonce,
) -> Result<
    &'t openidconnect::IdTokenClaims<EmptyAdditionalClaims, CoreGenderClaim>,
    ClaimsVerificationError,
> {
    id_token.claims(&client.id_token_verifier(), nonce)
}

/// Why a token was refused, in words for the audit log.
fn refusal(e: &ClaimsVerificationError) -> String {
    match e {
        ClaimsVerificationError::InvalidAudience(_) => {
            format!("the ID token is meant for another client ({e})")
        }
        ClaimsVerificationError::InvalidNonce(_) => {
            format!("the ID token belongs to another login ({e})")
        }
        ClaimsVerificationError::Expired(_) => format!("the ID token has expired ({e})"),
        other => other.to_string(),
    }
}

/// An error and its causes on one line.
fn chain(e: &dyn std::error::Error) -> String {
    let mut text = e.to_string();
    let mut source = e.source();
    while let Some(cause) = source {
        text.push_str(": ");
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config(secret_file: &str) -> SsoConfig {
        rundt_domain::sso::parse_config(&format!(
            r#"{{"providers": [{{"id": "aarhus", "issuer": "http://127.0.0.1:9",
               "client_id": "rundt", "client_secret_file": "{secret_file}", "label": "Aarhus Kommune"}}]}}"#
        ))
        .unwrap()
    }

    #[test]
    fn a_secret_file_that_cannot_be_read_stops_the_start() {
        let e = SsoProviders::load(&config("/nonexistent/secret"), "https://rundt.example")
            .unwrap_err();
        assert!(e.to_string().contains("cannot be read"), "{e}");
    }

    #[test]
    fn the_secret_is_read_from_its_file_and_never_shown() {
        let dir = std::env::temp_dir().join(format!("rundt-oidc-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("secret");
        std::fs::write(&file, "s3cret\n").unwrap();
        let providers =
            SsoProviders::load(&config(file.to_str().unwrap()), "https://rundt.example/").unwrap();
        let p = providers.get("aarhus").unwrap();
        assert_eq!(p.secret.secret(), "s3cret");
        assert_eq!(
            p.redirect.as_str(),
            "https://rundt.example/login/oidc/callback"
        );
        assert!(!format!("{providers:?}").contains("s3cret"));
        std::fs::write(&file, "  \n").unwrap();
        let e = SsoProviders::load(&config(file.to_str().unwrap()), "https://rundt.example")
            .unwrap_err();
        assert!(e.to_string().contains("is empty"), "{e}");
        std::fs::remove_dir_all(dir).ok();
    }

    #[tokio::test]
    async fn a_provider_that_cannot_be_reached_is_said_so() {
        let dir = std::env::temp_dir().join(format!("rundt-oidc-u-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let file = dir.join("secret");
        std::fs::write(&file, "s3cret").unwrap();
        let providers =
            SsoProviders::load(&config(file.to_str().unwrap()), "https://rundt.example").unwrap();
        let e = providers
            .get("aarhus")
            .unwrap()
            .authorize()
            .await
            .unwrap_err();
        assert!(matches!(e, OidcError::Unreachable(_)), "{e:?}");
        std::fs::remove_dir_all(dir).ok();
    }
}

//! Single sign-on with OpenID Connect (issue 18): the rules that need no
//! network. Which identity providers an installation trusts and how each
//! is written in its configuration file, and whether what a provider says
//! about a login counts as a second factor (else Rundt's own TOTP still
//! applies). The flow itself (discovery, PKCE, the token's signature,
//! audience, expiry and nonce) is the web layer's, with a well-kept OIDC
//! client.
//!
//! A person is matched by the provider's issuer and their stable subject
//! there — never by e-mail, which people change and providers reuse.

use serde::Deserialize;

/// The configuration file's content, as an administrator writes it (JSON):
///
/// ```json
/// { "password_login": true,
///   "providers": [ { "id": "aarhus", "issuer": "https://login.microsoftonline.com/<tenant>/v2.0",
///                    "client_id": "…", "client_secret_file": "/etc/rundt/aarhus.secret",
///                    "label": "Aarhus Kommune",
///                    "mfa_acr_values": [] } ] }
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SsoConfig {
    /// Whether people may still log in with Rundt's own password (and
    /// TOTP). An installation that has moved everyone to its provider
    /// turns it off; at least one provider must then be configured.
    #[serde(default = "yes")]
    pub password_login: bool,
    #[serde(default)]
    pub providers: Vec<ProviderConfig>,
}

fn yes() -> bool {
    true
}

/// One identity provider.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProviderConfig {
    /// A short name for addresses (`/login/oidc/<id>`): lower-case letters,
    /// digits and hyphens.
    pub id: String,
    /// The issuer exactly as the provider's discovery document names it.
    pub issuer: String,
    pub client_id: String,
    /// A file holding the client secret: the secret is never in this file
    /// nor in the database.
    pub client_secret_file: String,
    /// What the login page's button says ("Log in with …").
    pub label: String,
    /// `acr` values that mean the provider checked a second factor (e.g.
    /// `http://schemas.microsoft.com/claims/multipleauthn`); `amr` is read
    /// as RFC 8176 says whatever is listed here.
    #[serde(default)]
    pub mfa_acr_values: Vec<String>,
}

/// What is wrong with a configuration, said so an administrator can fix
/// it (the server does not start with it).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{0}")]
pub struct ConfigError(pub String);

/// Reads and checks a configuration file's text.
pub fn parse_config(text: &str) -> Result<SsoConfig, ConfigError> {
    let config: SsoConfig = serde_json::from_str(text).map_err(|e| {
        ConfigError(format!(
            "the single sign-on configuration cannot be read: {e}"
        ))
    })?;
    check(&config)?;
    Ok(config)
}

fn check(config: &SsoConfig) -> Result<(), ConfigError> {
    if !config.password_login && config.providers.is_empty() {
        return Err(ConfigError(
            "password login is off but no identity provider is configured: nobody could log in"
                .into(),
        ));
    }
    for (i, p) in config.providers.iter().enumerate() {
        let valid_id = !p.id.is_empty()
            && p.id.len() <= 40
            && p.id
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-');
        if !valid_id {
            return Err(ConfigError(format!(
                "provider {}: id '{}' must be 1–40 lower-case letters, digits or hyphens",
                i + 1,
                p.id
            )));
        }
        if config.providers[..i].iter().any(|q| q.id == p.id) {
            return Err(ConfigError(format!(
                "provider id '{}' is given twice",
                p.id
            )));
        }
        if !issuer_is_safe(&p.issuer) {
            return Err(ConfigError(format!(
                "provider '{}': the issuer '{}' must be an https address (http only on this machine)",
                p.id, p.issuer
            )));
        }
        for (field, value) in [
            ("client_id", &p.client_id),
            ("client_secret_file", &p.client_secret_file),
            ("label", &p.label),
        ] {
            if value.trim().is_empty() {
                return Err(ConfigError(format!(
                    "provider '{}': {field} is empty",
                    p.id
                )));
            }
        }
    }
    Ok(())
}

/// An issuer Rundt may trust: https, or http on the loopback address (a
/// test provider on the same machine).
pub fn issuer_is_safe(issuer: &str) -> bool {
    if let Some(rest) = issuer.strip_prefix("https://") {
        return !rest.is_empty() && !rest.starts_with('/');
    }
    let Some(rest) = issuer.strip_prefix("http://") else {
        return false;
    };
    let authority = rest.split(['/', '?', '#']).next().unwrap_or("");
    let host = match authority.strip_prefix('[') {
        Some(v6) => v6.split(']').next().unwrap_or(""),
        None => authority.split(':').next().unwrap_or(""),
    };
    matches!(host, "127.0.0.1" | "localhost" | "::1")
}

/// RFC 8176's authentication methods by kind of factor.
fn factor_of(method: &str) -> Option<Factor> {
    Some(match method {
        "pwd" | "pin" | "kba" => Factor::Knowledge,
        "otp" | "hwk" | "swk" | "sms" | "tel" | "sc" | "pop" => Factor::Possession,
        "fpt" | "face" | "iris" | "retina" | "vbm" | "user" => Factor::Inherence,
        _ => return None,
    })
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Factor {
    Knowledge,
    Possession,
    Inherence,
}

/// Whether the provider asserts that it checked a second factor: `amr`
/// says `mfa`, or names methods of two different kinds (a password and a
/// one-time code), or `acr` is one the administrator listed for this
/// provider. Otherwise Rundt asks for its own TOTP code.
pub fn provider_checked_second_factor(
    amr: &[&str],
    acr: Option<&str>,
    mfa_acr_values: &[String],
) -> bool {
    if amr.contains(&"mfa") {
        return true;
    }
    if acr.is_some_and(|a| mfa_acr_values.iter().any(|v| v == a)) {
        return true;
    }
    let kinds: Vec<Factor> = amr.iter().filter_map(|m| factor_of(m)).collect();
    kinds.iter().any(|k| kinds.iter().any(|other| other != k))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONE: &str = r#"{"providers": [{"id": "aarhus", "issuer": "https://login.example/tenant/v2.0",
        "client_id": "rundt", "client_secret_file": "/etc/rundt/aarhus.secret", "label": "Aarhus Kommune"}]}"#;

    #[test]
    fn a_provider_is_read_with_password_login_left_on() {
        let c = parse_config(ONE).unwrap();
        assert!(c.password_login);
        assert_eq!(c.providers[0].id, "aarhus");
        assert!(c.providers[0].mfa_acr_values.is_empty());
    }

    #[test]
    fn a_configuration_nobody_could_log_in_with_is_refused() {
        let e = parse_config(r#"{"password_login": false}"#).unwrap_err();
        assert!(e.0.contains("nobody could log in"), "{e}");
    }

    #[test]
    fn mistakes_are_named() {
        let cases = [
            (
                ONE.replace("https://login.example", "http://login.example"),
                "https address",
            ),
            (
                ONE.replace("\"aarhus\"", "\"Aarhus Kommune\""),
                "lower-case",
            ),
            (ONE.replace("\"rundt\"", "\"  \""), "client_id is empty"),
            (ONE.replace("\"label\"", "\"lable\""), "cannot be read"),
        ];
        for (text, expected) in cases {
            let e = parse_config(&text).unwrap_err();
            assert!(e.0.contains(expected), "{expected}: {e}");
        }
        let twice = r#"{"providers": [
            {"id": "a", "issuer": "https://x", "client_id": "c", "client_secret_file": "f", "label": "A"},
            {"id": "a", "issuer": "https://y", "client_id": "c", "client_secret_file": "f", "label": "B"}]}"#;
        assert!(parse_config(twice).unwrap_err().0.contains("twice"));
    }

    #[test]
    fn plain_http_is_trusted_only_on_this_machine() {
        for ok in [
            "https://login.microsoftonline.com/t/v2.0",
            "http://127.0.0.1:9090",
            "http://localhost:8080/op",
            "http://[::1]:9090",
        ] {
            assert!(issuer_is_safe(ok), "{ok}");
        }
        for bad in [
            "http://login.example",
            "http://127.0.0.1.example.org",
            "ftp://x",
            "https://",
            "http://localhost.evil:80",
        ] {
            assert!(!issuer_is_safe(bad), "{bad}");
        }
    }

    #[test]
    fn a_second_factor_is_what_the_provider_asserts() {
        let none: Vec<String> = Vec::new();
        // Microsoft Entra ID after MFA; a password and a code; a key alone is one factor.
        assert!(provider_checked_second_factor(&["pwd", "mfa"], None, &none));
        assert!(provider_checked_second_factor(&["pwd", "otp"], None, &none));
        assert!(provider_checked_second_factor(&["hwk", "fpt"], None, &none));
        assert!(!provider_checked_second_factor(&["pwd"], None, &none));
        assert!(
            !provider_checked_second_factor(&["otp", "sms"], None, &none),
            "two of one kind"
        );
        assert!(
            !provider_checked_second_factor(&[], Some("urn:rundt:acr:mfa"), &none),
            "acr only when listed"
        );
        let listed = vec!["urn:rundt:acr:mfa".to_owned()];
        assert!(provider_checked_second_factor(
            &["pwd"],
            Some("urn:rundt:acr:mfa"),
            &listed
        ));
        assert!(!provider_checked_second_factor(
            &["pwd"],
            Some("urn:rundt:acr:pwd"),
            &listed
        ));
    }
}

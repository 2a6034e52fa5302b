//! Rundt's JSON API as the harness's writers speak it: one blocking HTTP
//! client per writer and cycle (so no pooled connection outlives a killed
//! server), the login steps that give a demo account an API token, and the
//! look-ups the set-up needs.

use std::net::SocketAddr;
use std::path::Path;
use std::process::Command;
use std::time::Duration;

use anyhow::{Context, Result, anyhow, bail};
use serde_json::{Value, json};

/// Every demo account's authenticator secret (README.md; `rundt-seed`'s
/// `DEMO_TOTP_SECRET`).
pub const DEMO_TOTP_SECRET: &str = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
/// Every demo account's password (README.md).
pub const DEMO_PASSWORD: &str = "rundt-demo-2026";

/// How the harness proves who it is.
#[derive(Clone, Copy)]
pub enum Auth<'a> {
    None,
    Bearer(&'a str),
    /// A login in progress: the session cookie and its CSRF token.
    Session {
        token: &'a str,
        csrf: &'a str,
    },
}

/// What came back: the status, the `ETag` version if any, the session
/// cookie if one was set, and the JSON body (`Null` if none).
pub struct Reply {
    pub status: u16,
    pub version: Option<i64>,
    pub session: Option<String>,
    pub body: Value,
}

impl Reply {
    pub fn is_success(&self) -> bool {
        (200..300).contains(&self.status)
    }

    /// The reply as a `Result`: an answer other than 2xx names itself.
    pub fn expect_success(self, what: &str) -> Result<Self> {
        if self.is_success() {
            Ok(self)
        } else {
            bail!("{what}: HTTP {} {}", self.status, self.body)
        }
    }

    pub fn id(&self, what: &str) -> Result<i64> {
        self.body["id"]
            .as_i64()
            .ok_or_else(|| anyhow!("{what}: no id in {}", self.body))
    }

    pub fn etag(&self, what: &str) -> Result<i64> {
        self.version
            .ok_or_else(|| anyhow!("{what}: no ETag in the answer"))
    }
}

/// One HTTP client talking to one server.
pub struct Api {
    agent: ureq::Agent,
    base: String,
}

impl Api {
    pub fn new(address: SocketAddr) -> Self {
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .timeout_global(Some(Duration::from_secs(60)))
            .http_status_as_error(false)
            .build()
            .into();
        Self {
            agent,
            base: format!("http://{address}"),
        }
    }

    pub fn get(&self, path: &str, auth: Auth<'_>) -> Result<Reply, ureq::Error> {
        let request = self.agent.get(format!("{}{path}", self.base));
        let request = match auth {
            Auth::None => request,
            Auth::Bearer(token) => request.header("Authorization", format!("Bearer {token}")),
            Auth::Session { token, csrf } => request
                .header("Cookie", format!("rundt_session={token}"))
                .header("X-CSRF-Token", csrf),
        };
        read(request.call()?)
    }

    /// POST (or PUT when `put`) of a JSON body, with `If-Match` when a
    /// version is given.
    pub fn send(
        &self,
        put: bool,
        path: &str,
        auth: Auth<'_>,
        if_match: Option<i64>,
        body: &Value,
    ) -> Result<Reply, ureq::Error> {
        let url = format!("{}{path}", self.base);
        let request = if put {
            self.agent.put(url)
        } else {
            self.agent.post(url)
        };
        let request = match auth {
            Auth::None => request,
            Auth::Bearer(token) => request.header("Authorization", format!("Bearer {token}")),
            Auth::Session { token, csrf } => request
                .header("Cookie", format!("rundt_session={token}"))
                .header("X-CSRF-Token", csrf),
        };
        let request = match if_match {
            Some(v) => request.header("If-Match", format!("\"{v}\"")),
            None => request,
        };
        read(request.send_json(body)?)
    }

    pub fn post(&self, path: &str, auth: Auth<'_>, body: &Value) -> Result<Reply, ureq::Error> {
        self.send(false, path, auth, None, body)
    }
}

fn read(mut response: ureq::http::Response<ureq::Body>) -> Result<Reply, ureq::Error> {
    let status = response.status().as_u16();
    let version = response
        .headers()
        .get("etag")
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim_start_matches("W/").trim_matches('"').parse().ok());
    let session = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .filter_map(|v| v.strip_prefix("rundt_session="))
        .filter_map(|v| v.split(';').next())
        .find(|t| !t.is_empty())
        .map(str::to_owned);
    let text = response.body_mut().read_to_string()?;
    let body = serde_json::from_str(&text).unwrap_or(Value::Null);
    Ok(Reply {
        status,
        version,
        session,
        body,
    })
}

/// Logs a demo account in (password, then the one-time code that
/// `rundt totp-code` prints) and creates a personal API token for it, as
/// a person would on the account page. Audited like any login.
pub fn api_token(api: &Api, rundt: &Path, username: &str) -> Result<String> {
    let what = |step: &str| format!("{username}: {step}");
    let first = api
        .post(
            "/api/v1/session",
            Auth::None,
            &json!({"username": username, "password": DEMO_PASSWORD}),
        )?
        .expect_success(&what("password"))?;
    let pending = first
        .session
        .clone()
        .ok_or_else(|| anyhow!("{}: no session cookie", what("password")))?;
    let csrf = first.body["csrf_token"].as_str().unwrap_or_default();
    let code = totp_code(rundt)?;
    let second = api
        .post(
            "/api/v1/session/second-factor",
            Auth::Session {
                token: &pending,
                csrf,
            },
            &json!({"code": code}),
        )?
        .expect_success(&what("one-time code"))?;
    let session = second
        .session
        .clone()
        .ok_or_else(|| anyhow!("{}: no session cookie", what("one-time code")))?;
    let csrf = second.body["csrf_token"].as_str().unwrap_or_default();
    let created = api
        .post(
            "/api/v1/me/tokens",
            Auth::Session {
                token: &session,
                csrf,
            },
            &json!({"name": "crash harness"}),
        )?
        .expect_success(&what("API token"))?;
    created.body["secret"]
        .as_str()
        .map(str::to_owned)
        .ok_or_else(|| anyhow!("{}: no secret in {}", what("API token"), created.body))
}

/// The current one-time code of the demo secret, from `rundt totp-code`.
fn totp_code(rundt: &Path) -> Result<String> {
    let out = Command::new(rundt)
        .args(["totp-code", DEMO_TOTP_SECRET])
        .output()
        .with_context(|| format!("running {} totp-code", rundt.display()))?;
    if !out.status.success() {
        bail!(
            "rundt totp-code failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    Ok(String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

/// The id of the team called `name`.
pub fn team_id(api: &Api, token: &str, name: &str) -> Result<i64> {
    let teams = api
        .get("/api/v1/teams", Auth::Bearer(token))?
        .expect_success("listing the teams")?;
    teams
        .body
        .as_array()
        .into_iter()
        .flatten()
        .find(|t| t["name"] == name)
        .and_then(|t| t["id"].as_i64())
        .ok_or_else(|| anyhow!("no team called {name} in {}", teams.body))
}

/// The id of the token's own account.
pub fn own_id(api: &Api, token: &str) -> Result<i64> {
    api.get("/api/v1/me", Auth::Bearer(token))?
        .expect_success("reading /me")?
        .id("/me")
}

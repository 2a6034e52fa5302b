//! One HTTP client for the tests of the web layer: requests go through the
//! real router in memory (no socket), as a signed-in person or anonymously,
//! and the answer comes back as a [`Reply`] with the checks the tests share.

use rundt_domain::id::{TeamId, UserId};
use std::collections::HashMap;

use axum::Router;
use axum::body::Body;
use axum::http::{HeaderMap, HeaderName, HeaderValue, Method, Request, StatusCode, header};
use chrono::{DateTime, Utc};
use http_body_util::BodyExt;
use rundt_app::App;
use serde_json::Value;
use tower::ServiceExt;

use crate::TestApp;

/// Builds the router under test over an app (`rundt_web::router`).
pub type Route = fn(App) -> Router;

/// The name of the session cookie the web layer sets.
pub const SESSION_COOKIE: &str = "rundt_session";

/// Requests through one router, each carrying the client's headers (its
/// session cookie and CSRF token, a language, a bearer token …).
#[derive(Clone)]
pub struct Client {
    router: Router,
    headers: Vec<(HeaderName, String)>,
    /// The session's CSRF token: sent as a header on API calls and as the
    /// `csrf_token` field of form posts.
    csrf: Option<String>,
}

impl Client {
    /// An anonymous client.
    pub fn new(router: Router) -> Self {
        Self {
            router,
            headers: Vec::new(),
            csrf: None,
        }
    }

    /// A client signed in with a session from [`TestApp::session_for`].
    pub fn signed_in(router: Router, session: &(String, String)) -> Self {
        Self::new(router).session(session)
    }

    /// Every request carries this header too.
    pub fn header(mut self, name: HeaderName, value: &str) -> Self {
        self.headers.retain(|(n, _)| *n != name);
        self.headers.push((name, value.to_owned()));
        self
    }

    /// Sends this cookie (`name=value`) too, besides any it sends already.
    pub fn cookie(self, cookie: &str) -> Self {
        let sent = self
            .headers
            .iter()
            .find(|(name, _)| *name == header::COOKIE)
            .map(|(_, value)| format!("{value}; {cookie}"));
        self.header(header::COOKIE, sent.as_deref().unwrap_or(cookie))
    }

    /// Sends the session cookie, and the CSRF token with unsafe requests.
    pub fn session(mut self, (token, csrf): &(String, String)) -> Self {
        self.csrf = Some(csrf.clone());
        self.cookie(&format!("{SESSION_COOKIE}={token}"))
    }

    /// Sends this CSRF token with unsafe requests.
    pub fn csrf(mut self, token: &str) -> Self {
        self.csrf = Some(token.to_owned());
        self
    }

    /// Authenticates with a personal API token instead of a cookie.
    pub fn bearer(self, secret: &str) -> Self {
        self.header(header::AUTHORIZATION, &format!("Bearer {secret}"))
    }

    /// Asks for pages in this language (`Accept-Language`).
    pub fn language(self, lang: &str) -> Self {
        self.header(header::ACCEPT_LANGUAGE, lang)
    }

    /// A copy whose requests carry `If-Match: etag`.
    pub fn if_match(&self, etag: &str) -> Self {
        self.clone().header(header::IF_MATCH, etag)
    }

    pub async fn get(&self, uri: &str) -> Reply {
        self.call(Method::GET, uri, None).await
    }

    pub async fn delete(&self, uri: &str) -> Reply {
        self.call(Method::DELETE, uri, None).await
    }

    pub async fn post(&self, uri: &str, body: Value) -> Reply {
        self.call(Method::POST, uri, Some(&body)).await
    }

    pub async fn put(&self, uri: &str, body: Value) -> Reply {
        self.call(Method::PUT, uri, Some(&body)).await
    }

    /// An API call: a JSON body if any, and the CSRF header of the session.
    pub async fn call(&self, method: Method, uri: &str, body: Option<&Value>) -> Reply {
        match body {
            Some(b) => {
                self.raw(method, uri, Some("application/json"), b.to_string())
                    .await
            }
            None => self.raw(method, uri, None, String::new()).await,
        }
    }

    /// An API call with any body (say, one that is not JSON) and the CSRF
    /// header of the session.
    pub async fn raw(
        &self,
        method: Method,
        uri: &str,
        content_type: Option<&str>,
        body: String,
    ) -> Reply {
        let mut req = Request::builder().method(method).uri(uri);
        if let Some(csrf) = &self.csrf {
            req = req.header("x-csrf-token", csrf);
        }
        if let Some(content_type) = content_type {
            req = req.header(header::CONTENT_TYPE, content_type);
        }
        self.send(req.body(Body::from(body)).expect("a valid request"))
            .await
    }

    /// A form post from one of our own pages, as a browser sends it: the
    /// session's CSRF token as the first field, from the same origin.
    pub async fn form(&self, uri: &str, fields: &[(&str, &str)]) -> Reply {
        let mut pairs: Vec<(&str, &str)> = Vec::new();
        if let Some(csrf) = &self.csrf {
            pairs.push(("csrf_token", csrf));
        }
        pairs.extend_from_slice(fields);
        let body = serde_urlencoded::to_string(&pairs).expect("form fields");
        let req = Request::builder()
            .method(Method::POST)
            .uri(uri)
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::HOST, "rundt.test")
            .header(header::ORIGIN, "http://rundt.test")
            .body(Body::from(body))
            .expect("a valid request");
        self.send(req).await
    }

    /// A form post with a file (`multipart/form-data`), as a browser sends
    /// it from one of our own pages: the session's CSRF token first, then
    /// `fields`, then the file (`field`, its name, its bytes).
    pub async fn multipart(
        &self,
        uri: &str,
        fields: &[(&str, &str)],
        (field, file_name, bytes): (&str, &str, &[u8]),
    ) -> Reply {
        const BOUNDARY: &str = "rundt-test-boundary-7f3a";
        let mut body: Vec<u8> = Vec::new();
        let mut text = |name: &str, value: &str| {
            body.extend_from_slice(
                format!(
                    "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"
                )
                .as_bytes(),
            );
        };
        if let Some(csrf) = &self.csrf {
            text("csrf_token", csrf);
        }
        for (name, value) in fields {
            text(name, value);
        }
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"{field}\"; filename=\"{file_name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
            )
            .as_bytes(),
        );
        body.extend_from_slice(bytes);
        body.extend_from_slice(format!("\r\n--{BOUNDARY}--\r\n").as_bytes());
        let req = Request::builder()
            .method(Method::POST)
            .uri(uri)
            .header(
                header::CONTENT_TYPE,
                format!("multipart/form-data; boundary={BOUNDARY}"),
            )
            .header(header::HOST, "rundt.test")
            .header(header::ORIGIN, "http://rundt.test")
            .body(Body::from(body))
            .expect("a valid request");
        self.send(req).await
    }

    /// Any request, with the client's headers added where the request has
    /// none of its own.
    pub async fn send(&self, mut req: Request<Body>) -> Reply {
        for (name, value) in &self.headers {
            if !req.headers().contains_key(name) {
                let value = HeaderValue::from_str(value).expect("a valid header value");
                req.headers_mut().insert(name.clone(), value);
            }
        }
        let res = self
            .router
            .clone()
            .oneshot(req)
            .await
            .expect("the router answers");
        let status = res.status();
        let headers = res.headers().clone();
        let bytes = res
            .into_body()
            .collect()
            .await
            .expect("the whole body")
            .to_bytes()
            .to_vec();
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Reply {
            status,
            headers,
            bytes,
            text,
            body,
        }
    }
}

impl TestApp {
    /// A client signed in as `user_id` with a session started at `at`, to
    /// the router `route` builds over the app on a clock at `at`.
    pub async fn client_at(&self, route: Route, user_id: UserId, at: DateTime<Utc>) -> Client {
        let session = self.session_at(user_id, at).await;
        Client::signed_in(route(self.at(at)), &session)
    }

    /// A fresh app whose one person is `username` (see [`TestApp::user`]),
    /// and a client signed in as them on the app's own clock.
    pub async fn alone_as(
        route: Route,
        username: &str,
        role: &str,
        country: &str,
        municipality: Option<&str>,
    ) -> (TestApp, Client) {
        let t = TestApp::new().await;
        let user = t.user(username, role, country, municipality).await;
        let client = t.client_for(route, user.id).await;
        (t, client)
    }

    /// A client signed in as the user called `username`, on the app's own
    /// clock.
    pub async fn client_as(&self, route: Route, username: &str) -> Client {
        let user = self.named(username).await;
        self.client_for(route, user.id).await
    }

    /// A client signed in as `user_id` on the app's own clock.
    pub async fn client_for(&self, route: Route, user_id: UserId) -> Client {
        let session = self.session_for(user_id).await;
        Client::signed_in(route(self.app.clone()), &session)
    }
}

/// The staff of [`TestApp::aarhus_team`] at the router `route` builds: each
/// person's requests go through a session of their own.
pub struct AarhusTeam {
    pub t: TestApp,
    pub team: TeamId,
    pub users: HashMap<&'static str, UserId>,
    route: Route,
}

impl AarhusTeam {
    /// A fresh store with the Aarhus team and its people.
    pub async fn new(route: Route) -> Self {
        let t = TestApp::new().await;
        let (team, users) = t.aarhus_team().await;
        Self {
            t,
            team,
            users,
            route,
        }
    }

    /// `who` (mette, jonas, sofie or louise) signed in on a clock at `at`.
    pub async fn client(&self, who: &str, at: DateTime<Utc>) -> Client {
        let user_id = *self
            .users
            .get(who)
            .unwrap_or_else(|| panic!("{who} is not in the Aarhus team"));
        self.t.client_at(self.route, user_id, at).await
    }

    /// Each of `who` signed in on a clock at `at`, in the same order.
    pub async fn clients<const N: usize>(&self, who: [&str; N], at: DateTime<Utc>) -> [Client; N] {
        let mut clients = Vec::with_capacity(N);
        for name in who {
            clients.push(self.client(name, at).await);
        }
        clients
            .try_into()
            .unwrap_or_else(|_| unreachable!("one client per name"))
    }
}

/// What the router answered.
pub struct Reply {
    pub status: StatusCode,
    pub headers: HeaderMap,
    pub bytes: Vec<u8>,
    /// The body as text (lossy).
    pub text: String,
    /// The body as JSON, or `Null` when it is not JSON.
    pub body: Value,
}

impl Reply {
    /// The body as JSON; fails the test when it is not JSON.
    pub fn json(&self) -> Value {
        serde_json::from_slice(&self.bytes)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text))
    }

    /// A header's value, empty when absent.
    pub fn header(&self, name: HeaderName) -> &str {
        self.headers
            .get(name)
            .map(|v| v.to_str().expect("a text header"))
            .unwrap_or_default()
    }

    /// The `ETag`; fails the test when there is none.
    pub fn etag(&self) -> String {
        let etag = self.header(header::ETAG);
        assert!(!etag.is_empty(), "no ETag: {} {}", self.status, self.text);
        etag.to_owned()
    }

    /// The `Location` header, if any.
    pub fn location(&self) -> Option<String> {
        self.headers
            .get(header::LOCATION)
            .map(|v| v.to_str().expect("a text header").to_owned())
    }

    /// The cookie the answer sets, as `name=value` for the next request.
    pub fn cookie(&self) -> String {
        let set = self.header(header::SET_COOKIE);
        set.split(';').next().unwrap_or_default().to_owned()
    }

    /// Asserts the status, showing the body when it differs.
    pub fn assert_status(&self, status: StatusCode) -> &Self {
        assert_eq!(self.status, status, "{}", self.text);
        self
    }

    /// Asserts a JSON error with this status; returns the body.
    pub fn error(&self, status: StatusCode) -> Value {
        self.assert_status(status);
        let body = self.json();
        assert!(body["error"].is_string(), "{body}");
        body
    }

    /// Asserts a JSON error with this status and a message a person can
    /// act on; returns the body.
    pub fn client_error(&self, status: StatusCode) -> Value {
        let body = self.error(status);
        let message = body["message"]
            .as_str()
            .unwrap_or_else(|| panic!("a message: {body}"));
        assert!(message.len() > 10, "message a person can act on: {body}");
        body
    }

    /// Asserts a 422 that names `field`.
    pub fn invalid(&self, field: &str) {
        let body = self.error(StatusCode::UNPROCESSABLE_ENTITY);
        let fields = body["fields"]
            .as_array()
            .unwrap_or_else(|| panic!("the fields: {body}"));
        assert!(
            fields.iter().any(|f| f["field"] == field),
            "{field}: {body}"
        );
    }

    /// Asserts a page (200).
    pub fn assert_ok(&self) -> &Self {
        self.assert_status(StatusCode::OK)
    }

    /// Asserts the page shows `text`.
    pub fn has(&self, text: &str) -> &Self {
        assert!(
            self.text.contains(text),
            "expected {text:?} in the page:\n{}",
            self.text
        );
        self
    }

    /// Asserts the page does not show `text`.
    pub fn lacks(&self, text: &str) -> &Self {
        assert!(
            !self.text.contains(text),
            "did not expect {text:?} in the page:\n{}",
            self.text
        );
        self
    }

    /// Where a successful form post leads (303 See Other).
    pub fn redirected_to(&self) -> String {
        self.assert_status(StatusCode::SEE_OTHER);
        self.location().expect("a Location")
    }

    /// The hidden `version` field of the form with this id.
    pub fn version_in(&self, form_id: &str) -> String {
        let at = self
            .text
            .find(&format!("id=\"{form_id}\""))
            .unwrap_or_else(|| panic!("no form {form_id}: {}", self.text));
        version_after(&self.text[at..])
    }

    /// The first hidden `version` field on the page.
    pub fn version(&self) -> String {
        version_after(&self.text)
    }
}

/// The text under `key` of each element of the JSON array `list`; fails the
/// test when `list` is not an array or an element has no such text.
pub fn texts_of<'a>(list: &'a Value, key: &str) -> Vec<&'a str> {
    list.as_array()
        .unwrap_or_else(|| panic!("not an array: {list}"))
        .iter()
        .map(|item| {
            item[key]
                .as_str()
                .unwrap_or_else(|| panic!("no text {key} in {item}"))
        })
        .collect()
}

/// The element of the JSON array `list` whose `name` is `name`; fails the
/// test when there is none.
pub fn named<'a>(list: &'a Value, name: &str) -> &'a Value {
    list.as_array()
        .unwrap_or_else(|| panic!("not an array: {list}"))
        .iter()
        .find(|item| item["name"] == name)
        .unwrap_or_else(|| panic!("nothing named {name} in {list}"))
}

fn version_after(html: &str) -> String {
    let marker = "name=\"version\" value=\"";
    let start = html.find(marker).expect("a version field") + marker.len();
    html[start..]
        .split('"')
        .next()
        .unwrap_or_default()
        .to_owned()
}

/// Louise's referral of Mikkel Andersen (born `born`, `YYYY-MM-DD`) and his
/// mother Lone to `team` for truancy, with the mother's consent: the body
/// of `POST /api/v1/cases` the API tests refer with.
pub fn truancy_referral(team: TeamId, born: &str) -> Value {
    serde_json::json!({
        "team_id": team,
        "young_person": {"given_name": "Mikkel", "family_name": "Andersen", "birth_date": born},
        "caregivers": [{"given_name": "Lone", "family_name": "Andersen", "birth_date": "1982-06-02"}],
        "referral": {
            "behaviours": [{"behaviour": "truancy", "frequency": "3 days a week",
                            "intensity": "has not attended maths since August", "duration": "4 months"}],
            "legal_basis": "Barnets Lov § 32, stk. 1, nr. 5",
            "consent": {"given_by": "mother", "given_on": "2026-11-20"}
        }
    })
}

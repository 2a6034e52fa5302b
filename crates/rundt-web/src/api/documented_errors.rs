//! The error answers every operation can give, added to the OpenAPI document
//! in one place so that no operation's list of status codes misses them:
//! a malformed request (400), no or a wrong login (401), no right to it
//! (403), a missing thing named in the path (404), a body too large (413),
//! an API token past its rate (429, with `Retry-After`),
//! not JSON (415) or not of the expected shape (422, also for an `If-Match`
//! that is not an ETag of ours), and our own failures
//! (500, 503). Each is a JSON [`ErrorBody`](crate::error::ErrorBody).
//! Operations keep what their own annotations say where they say more.

use utoipa::Modify;
use utoipa::openapi::path::Operation;
use utoipa::openapi::{ContentBuilder, OpenApi, Ref, RefOr, Response, ResponseBuilder};

/// Operations anyone may call: they never answer 401 or 403 for want of a
/// login (the login steps answer 401 themselves, and say so).
const PUBLIC: [&str; 5] = [
    "/api/v1/programme-models",
    "/api/v1/national-offices",
    "/api/v1/municipalities",
    "/api/v1/session/second-factor",
    "/api/v1/session/enrolment",
];

/// Adds the common error answers to every operation under `/api/v1`.
pub struct CommonErrors;

impl Modify for CommonErrors {
    fn modify(&self, openapi: &mut OpenApi) {
        for (path, item) in openapi.paths.paths.iter_mut() {
            if !path.starts_with("/api/v1/") {
                continue;
            }
            let public = PUBLIC.contains(&path.as_str());
            let login = path == "/api/v1/session";
            let has_path_params = path.contains('{');
            for (operation, may_log_in) in [
                (item.get.as_mut(), false),
                (item.put.as_mut(), false),
                (item.post.as_mut(), login),
                (item.delete.as_mut(), false),
            ] {
                if let Some(operation) = operation {
                    add_common(operation, public || may_log_in, has_path_params);
                }
            }
        }
    }
}

fn add_common(operation: &mut Operation, public: bool, has_path_params: bool) {
    let has_query = operation.parameters.as_ref().is_some_and(|p| !p.is_empty());
    let has_body = operation.request_body.is_some();
    // An edit that reads If-Match refuses one that is not an ETag of this API.
    let reads_if_match = ["412", "428"]
        .iter()
        .any(|s| operation.responses.responses.contains_key(*s));
    let mut add = |status: &str, description: &str| {
        operation
            .responses
            .responses
            .entry(status.to_owned())
            .or_insert_with(|| error_response(description));
    };
    if has_path_params || has_query || has_body {
        add(
            "400",
            "The request is malformed: a path segment, query parameter or header that cannot be read.",
        );
    }
    if !public {
        add(
            "401",
            "No valid login: send a session cookie or `Authorization: Bearer <token>`.",
        );
        add(
            "403",
            "The caller's role or relation gives no right to this, an API token's scope does not \
             cover it, or a session's CSRF token is missing.",
        );
        add(
            "429",
            "The API token has used up its rate (600 requests a minute unless the installation \
             says otherwise): wait the seconds `Retry-After` says.",
        );
    }
    if has_path_params {
        add("404", "Nothing with the id in the path.");
    }
    if has_body {
        add("413", "The body is larger than the server accepts.");
        add(
            "415",
            "The body is not sent as `Content-Type: application/json`.",
        );
        add(
            "422",
            "The body is not of the expected shape, or a field's value is refused (see `fields`).",
        );
    }
    if reads_if_match {
        add(
            "422",
            "`If-Match` is not an ETag of this API (say `\"3\"`), or a field's value is refused (see `fields`).",
        );
    }
    add(
        "500",
        "Something went wrong on our side; it has been logged.",
    );
    add(
        "503",
        "The database is unavailable (say, the disk is full) or the request took longer than 30 seconds; try again later.",
    );
}

fn error_response(description: &str) -> RefOr<Response> {
    RefOr::T(
        ResponseBuilder::new()
            .description(description)
            .content(
                "application/json",
                ContentBuilder::new()
                    .schema(Some(Ref::from_schema_name("ErrorBody")))
                    .build(),
            )
            .build(),
    )
}

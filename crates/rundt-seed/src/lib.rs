//! Installations with data in them: the demonstration installation that
//! `rundt demo` loads, and the national-scale installations the benchmarks
//! generate. Both are entered through the public use cases of `rundt-app`
//! only, exactly as a person would enter them, so every row has its audit
//! event and the loaders double as smoke tests of the use cases.
#![forbid(unsafe_code)]

pub mod demo;
pub mod generate;
pub mod load;
mod reform;
mod steps;

/// Records the initial training `user_id` needs in a `position` of a team
/// of `model`, taken in the weeks before `joined` (generated staff are
/// trained before they take families).
pub(crate) async fn trained(
    app: &rundt_app::App,
    user_id: rundt_domain::id::UserId,
    model: &str,
    position: &str,
    joined: chrono::NaiveDate,
) -> rundt_app::AppResult<()> {
    let position = position.parse()?;
    let first = joined - chrono::Duration::days(60);
    rundt_app::people::record_initial_training(
        app,
        &rundt_app::Actor::cli(),
        user_id,
        (model, position),
        first,
        "MST Services",
        |_| None,
    )
    .await?;
    Ok(())
}

//! The rota's forms: filling days from the pattern, adding, changing and
//! removing shifts, leave, the settings, publishing, and swaps. Each is
//! read into the use case's input; a refusal is shown beside its form.

use super::*;

fn person(f: &Fields, field: &str, errors: &mut Vec<FieldError>) -> Option<UserId> {
    match f.get(field).parse::<i64>() {
        Ok(n) => Some(UserId::new(n)),
        Err(_) => {
            errors.push(FieldError::new(field, msg!("oncall-person-not-on-team")));
            None
        }
    }
}

fn time(f: &Fields, field: &str, errors: &mut Vec<FieldError>) -> Option<NaiveDateTime> {
    let raw = f.get(field);
    let read = NaiveDateTime::parse_from_str(&raw, "%Y-%m-%dT%H:%M")
        .or_else(|_| NaiveDateTime::parse_from_str(&raw, "%Y-%m-%dT%H:%M:%S"))
        .or_else(|_| NaiveDateTime::parse_from_str(&raw, "%Y-%m-%d %H:%M"));
    match read {
        Ok(t) => Some(t),
        Err(_) => {
            errors.push(FieldError::new(
                field,
                msg!("oncall-time-shape", given = raw),
            ));
            None
        }
    }
}

fn day_of(f: &Fields, field: &str, errors: &mut Vec<FieldError>) -> Option<NaiveDate> {
    let raw = f.get(field);
    let day = form::date(&raw, field, errors, msg!("date-shape", given = &raw));
    if day.is_none() && raw.is_empty() {
        errors.push(FieldError::new(field, msg!("date-shape", given = "")));
    }
    day
}

fn number(
    f: &Fields,
    field: &str,
    errors: &mut Vec<FieldError>,
    wrong: rundt_domain::Message,
) -> Option<u32> {
    let raw = f.get(field);
    if raw.trim().is_empty() {
        return None;
    }
    match raw.trim().parse::<u32>() {
        Ok(n) => Some(n),
        Err(_) => {
            errors.push(FieldError::new(field, wrong));
            None
        }
    }
}

fn shift_input(f: &Fields) -> Result<ShiftInput, AppError> {
    let mut errors = Vec::new();
    let person = person(f, "person_id", &mut errors);
    let starts = time(f, "starts", &mut errors);
    let ends = time(f, "ends", &mut errors);
    match (person, starts, ends) {
        (Some(person_id), Some(starts), Some(ends)) if errors.is_empty() => Ok(ShiftInput {
            person_id,
            starts,
            ends,
        }),
        _ => Err(AppError::Invalid(errors)),
    }
}

fn typed_shift(f: &Fields, failed: String) -> Typed {
    Typed {
        failed,
        person: f.get("person_id"),
        starts: f.get("starts"),
        ends: f.get("ends"),
        ..Typed::default()
    }
}

/// Adds a shift.
pub async fn add_shift(p: Page, PageId(id): PageId<TeamId>, f: Fields) -> PageResult {
    let result = form::then(shift_input(&f), async |input| {
        oncall::add_shift(p.app(), &p.actor(), id, &input).await
    })
    .await;
    settle(&p, id, result, "rota", typed_shift(&f, "add".into())).await
}

pub(super) fn ids(p: &Page, id: &str, other: &str) -> Result<(TeamId, i64), PageError> {
    parse_id::<TeamId>(id)
        .and_then(|id| Ok((id, parse_id::<i64>(other)?)))
        .on(p)
}

/// Changes a shift, or removes it (the form's `remove` button).
pub async fn change_shift(
    p: Page,
    Path((id, shift)): Path<(String, String)>,
    f: Fields,
) -> PageResult {
    let (id, shift) = ids(&p, &id, &shift)?;
    let version = f.required_version().on(&p)?;
    let failed = format!("shift-{shift}");
    if f.has("remove") {
        let result = oncall::remove_shift(p.app(), &p.actor(), id, shift, version).await;
        let typed = Typed {
            failed,
            ..Typed::default()
        };
        return settle(&p, id, result, "rota", typed).await;
    }
    let result = form::then(shift_input(&f), async |input| {
        oncall::change_shift(p.app(), &p.actor(), id, shift, &input, version).await
    })
    .await;
    settle(&p, id, result, "rota", typed_shift(&f, failed)).await
}

/// Fills days from the team's pattern.
pub async fn fill(p: Page, PageId(id): PageId<TeamId>, f: Fields) -> PageResult {
    let mut errors = Vec::new();
    let first = day_of(&f, "first", &mut errors);
    let last = day_of(&f, "last", &mut errors);
    let people = f
        .all("people")
        .iter()
        .filter_map(|s| s.parse::<i64>().ok())
        .map(UserId::new)
        .collect();
    let read = match (first, last) {
        (Some(first), Some(last)) if errors.is_empty() => Ok(FillDays {
            first,
            last,
            people,
        }),
        _ => Err(AppError::Invalid(errors)),
    };
    let result = form::then(read, async |fill| {
        oncall::fill_from_pattern(p.app(), &p.actor(), id, &fill).await
    })
    .await;
    let typed = Typed {
        failed: "fill".into(),
        ..Typed::default()
    };
    settle(&p, id, result, "rota", typed).await
}

/// Records leave, or removes it (`remove` names the leave).
pub async fn leave(p: Page, PageId(id): PageId<TeamId>, f: Fields) -> PageResult {
    let typed = Typed {
        failed: "leave".into(),
        ..Typed::default()
    };
    if let Ok(leave_id) = f.get("remove").parse::<i64>() {
        let result = oncall::remove_leave(p.app(), &p.actor(), id, leave_id).await;
        return settle(&p, id, result, "leave", typed).await;
    }
    let mut errors = Vec::new();
    let person = person(&f, "person_id", &mut errors);
    let first = day_of(&f, "first_day", &mut errors);
    let last = day_of(&f, "last_day", &mut errors);
    let read = match (person, first, last) {
        (Some(person_id), Some(first_day), Some(last_day)) if errors.is_empty() => Ok(LeaveInput {
            person_id,
            first_day,
            last_day,
        }),
        _ => Err(AppError::Invalid(errors)),
    };
    let result = form::then(read, async |input| {
        oncall::record_leave(p.app(), &p.actor(), id, &input).await
    })
    .await;
    settle(&p, id, result, "leave", typed).await
}

/// Saves the phone, the limits and the pattern.
pub async fn settings(p: Page, PageId(id): PageId<TeamId>, f: Fields) -> PageResult {
    let mut errors = Vec::new();
    let max_hours = number(
        &f,
        "max_hours_in_row",
        &mut errors,
        msg!("oncall-limit-hours", min = 1, max = 168),
    );
    let max_shifts = number(
        &f,
        "max_shifts_per_week",
        &mut errors,
        msg!("oncall-limit-shifts", min = 1, max = 14),
    );
    let split = number(
        &f,
        "weekday_split_hour",
        &mut errors,
        msg!("oncall-split-hour", min = 17, max = 23),
    );
    let read = if errors.is_empty() {
        Ok(SettingsInput {
            phone: Some(f.get("phone")),
            max_hours_in_row: max_hours,
            max_shifts_per_week: max_shifts,
            weekday_split_hour: split,
            off_days_whole: f.get("off_days") == "whole",
        })
    } else {
        Err(AppError::Invalid(errors))
    };
    let result = form::then(read, async |input| {
        oncall::save_settings(p.app(), &p.actor(), id, &input).await
    })
    .await;
    let typed = Typed {
        failed: "settings".into(),
        ..Typed::default()
    };
    settle(&p, id, result, "settings", typed).await
}

/// Publishes the rota (with a gap, only with a reason).
pub async fn publish(p: Page, PageId(id): PageId<TeamId>, f: Fields) -> PageResult {
    let reason = form::multi_line(&f.text("reason"));
    let result = oncall::publish(p.app(), &p.actor(), id, &reason).await;
    let typed = Typed {
        failed: "publish".into(),
        reason,
        ..Typed::default()
    };
    settle(&p, id, result, "publish", typed).await
}

/// Proposes a swap.
pub async fn propose_swap(p: Page, PageId(id): PageId<TeamId>, f: Fields) -> PageResult {
    let mut errors = Vec::new();
    let shift = f.get("shift_id").parse::<i64>().ok();
    if shift.is_none() {
        errors.push(FieldError::new(
            "shift_id",
            msg!("oncall-swap-shift-unknown"),
        ));
    }
    let to = person(&f, "to_person", &mut errors);
    let back = f.get("return_shift_id").parse::<i64>().ok();
    let read = match (shift, to) {
        (Some(shift_id), Some(to_person)) if errors.is_empty() => Ok(SwapInput {
            shift_id,
            to_person,
            return_shift_id: back,
        }),
        _ => Err(AppError::Invalid(errors)),
    };
    let result = form::then(read, async |input| {
        oncall::propose_swap(p.app(), &p.actor(), id, &input).await
    })
    .await;
    let typed = Typed {
        failed: "swap".into(),
        ..Typed::default()
    };
    settle(&p, id, result, "swaps", typed).await
}

/// Agrees to, declines or withdraws a swap.
pub async fn answer_swap(
    p: Page,
    Path((id, swap)): Path<(String, String)>,
    f: Fields,
) -> PageResult {
    let (id, swap) = ids(&p, &id, &swap)?;
    let version = f.required_version().on(&p)?;
    let answer = match f.get("answer").as_str() {
        "agree" => SwapAnswer::Agree,
        "withdraw" => SwapAnswer::Withdraw,
        _ => SwapAnswer::Decline,
    };
    let result = oncall::answer_swap(p.app(), &p.actor(), id, swap, answer, version).await;
    let typed = Typed {
        failed: format!("answer-{swap}"),
        ..Typed::default()
    };
    settle(&p, id, result, "swaps", typed).await
}

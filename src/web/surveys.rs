//! Survey waves for staff: the list, and each wave's response monitor (completed, unfinished,
//! response rate against the schools' expected headcounts, completion by day), limited to the
//! schools the user may see.

use crate::db::models::schools::SchoolRow;
use crate::db::models::{districts, monitor, schools, surveys};
use crate::db::AnyConnection;
use crate::domain::survey_form::date_time_value;
use crate::domain::{SchoolId, StakeholderGroup, SurveyId, SurveyStatus, TimeZone};
use crate::reports::rate::ResponseRate;
use crate::survey::asked::AskedCells;
use crate::survey::{budget, lifecycle, runtime};
use crate::web::access::extract::CurrentUser;
use crate::web::admin::view::Done;
use crate::web::error::AppError;
use crate::web::page::Page;
use crate::web::AppState;
use actix_web::{web, HttpResponse};
use serde::Serialize;
use std::collections::BTreeMap;

#[derive(Serialize)]
struct SurveyLine {
    public_id: String,
    title: String,
    wave: String,
    status: String,
    window: String,
    completed: i64,
}

#[derive(Serialize)]
struct SurveysPage {
    surveys: Vec<SurveyLine>,
}

/// The survey's opening and closing times in the district's time zone, named.
fn window(row: &surveys::SurveyRow, zone: TimeZone) -> String {
    format!(
        "{} to {} ({zone})",
        zone.from_utc(row.opens_at).format("%Y-%m-%d %H:%M"),
        zone.from_utc(row.closes_at).format("%Y-%m-%d %H:%M")
    )
}

/// Completions over the schools the user may see.
fn visible_completed(
    conn: &mut AnyConnection,
    user: &CurrentUser,
    survey: SurveyId,
) -> Result<i64, AppError> {
    Ok(monitor::completions(conn, user.district, survey)?
        .iter()
        .filter(|(_, school, _, _)| user.can_see_school(SchoolId(*school)))
        .map(|(_, _, _, n)| n)
        .sum())
}

/// `GET /surveys`.
pub async fn list(state: web::Data<AppState>, user: CurrentUser) -> Result<HttpResponse, AppError> {
    let who = user.clone();
    let lines = state
        .read(move |conn| -> Result<Vec<SurveyLine>, AppError> {
            let mut lines = Vec::new();
            for row in surveys::list(conn, who.district)? {
                let schools = surveys::schools_of(conn, who.district, SurveyId(row.id))?;
                if !schools.iter().any(|s| who.can_see_school(*s)) {
                    continue;
                }
                lines.push(SurveyLine {
                    completed: visible_completed(conn, &who, SurveyId(row.id))?,
                    window: window(&row, who.time_zone),
                    public_id: row.public_id,
                    title: row.title,
                    wave: row.wave,
                    status: row.status.to_string(),
                });
            }
            Ok(lines)
        })
        .await?;
    state.templates.page(
        "surveys/list",
        &Page::staff("Surveys", &user, SurveysPage { surveys: lines }),
    )
}

#[derive(Serialize)]
struct CellLine {
    school: String,
    group: &'static str,
    /// The group's key (`young_student`, …), for the feed's readers.
    group_key: &'static str,
    completed: i64,
    unfinished: i64,
    /// The school's headcount of the group (0 when the survey does not ask it there).
    expected: i64,
    /// The rate in words, flagged above 100%.
    rate: String,
    /// Completed ÷ expected, absent without a headcount.
    rate_value: Option<f64>,
    /// Why the rate needs a look ("more responses than expected: …"), absent otherwise.
    flag: Option<&'static str>,
}

#[derive(Serialize)]
struct DayLine {
    day: String,
    completed: i64,
}

/// The live figures of the monitor: what the page shows and what its feed sends.
#[derive(Serialize)]
struct MonitorCounts {
    completed: i64,
    /// Sum of the headcounts of the cells shown: each school × group the survey asks, once.
    expected: i64,
    rate: String,
    rate_value: Option<f64>,
    flag: Option<&'static str>,
    cells: Vec<CellLine>,
    days: Vec<DayLine>,
}

/// What an editor who manages the survey may do with it, and why a draft cannot open yet.
#[derive(Serialize)]
struct Manage {
    is_draft: bool,
    is_open: bool,
    is_closed: bool,
    reasons: Vec<String>,
    closes_at: String,
    zone: &'static str,
    /// How long the survey is for each group, with the grades 3–5 budget.
    lengths: Vec<budget::GroupLength>,
}

#[derive(Serialize)]
struct MonitorPage {
    public_id: String,
    survey_title: String,
    wave: String,
    status: String,
    window: String,
    manage: Option<Manage>,
    #[serde(flatten)]
    counts: MonitorCounts,
}

/// The rows to show for one school: every group the survey asks there (`AskedCells`), and
/// any other group that answered or started.
fn school_cells(
    school: &SchoolRow,
    groups: &[StakeholderGroup],
    asked: &AskedCells,
    counts: &BTreeMap<(i32, StakeholderGroup), (i64, i64)>,
) -> Vec<CellLine> {
    let count = |g: StakeholderGroup| counts.get(&(school.id, g)).copied().unwrap_or((0, 0));
    groups
        .iter()
        .filter(|g| {
            let (done, open) = count(**g);
            done + open > 0 || asked.asks(school.id, **g)
        })
        .map(|g| {
            let (completed, unfinished) = count(*g);
            let expected = asked.expected(school, Some(*g));
            let rate = ResponseRate::of(u64::try_from(completed).unwrap_or(0), expected);
            CellLine {
                school: school.name.clone(),
                group: g.label(),
                group_key: g.as_str(),
                completed,
                unfinished,
                expected: i64::try_from(expected).unwrap_or(i64::MAX),
                rate: rate.text(),
                rate_value: rate.value(),
                flag: rate.flag(),
            }
        })
        .collect()
}

/// The survey's counts over the schools the user may see, and whether they manage it (every
/// school of the survey is theirs) — `NotFound` when they may see none of it.
fn monitor_counts(
    conn: &mut AnyConnection,
    user: &CurrentUser,
    row: &surveys::SurveyRow,
) -> Result<(MonitorCounts, bool), AppError> {
    let survey = SurveyId(row.id);
    let in_survey = surveys::schools_of(conn, user.district, survey)?;
    let visible: Vec<SchoolRow> = schools::list(conn, user.district)?
        .into_iter()
        .filter(|s| in_survey.contains(&SchoolId(s.id)) && user.can_see_school(SchoolId(s.id)))
        .collect();
    if visible.is_empty() && !in_survey.is_empty() {
        return Err(AppError::NotFound);
    }
    let manages = in_survey.iter().all(|s| user.can_see_school(*s));
    let groups: Vec<StakeholderGroup> =
        crate::db::aggregates::layout::parse_groups(&row.audience_groups)
            .map_err(AppError::internal)?;
    let mut counts: BTreeMap<(i32, StakeholderGroup), (i64, i64)> = BTreeMap::new();
    let mut days: BTreeMap<chrono::NaiveDate, i64> = BTreeMap::new();
    let seen = |school: i32| visible.iter().any(|s| s.id == school);
    for (day, school, group, n) in monitor::completions(conn, user.district, survey)? {
        if seen(school) {
            counts.entry((school, group)).or_default().0 += n;
            *days.entry(day).or_default() += n;
        }
    }
    for (school, group, n) in monitor::unfinished_by_cell(conn, user.district, survey)? {
        if seen(school) {
            counts.entry((school, group)).or_default().1 += n;
        }
    }
    let asked = AskedCells::load(conn, user.district, survey, &visible, &groups)?;
    let cells: Vec<CellLine> = visible
        .iter()
        .flat_map(|s| school_cells(s, &groups, &asked, &counts))
        .collect();
    let completed: i64 = cells.iter().map(|c| c.completed).sum();
    let expected: i64 = cells.iter().map(|c| c.expected).sum();
    let rate = ResponseRate::of(
        u64::try_from(completed).unwrap_or(0),
        u64::try_from(expected).unwrap_or(0),
    );
    let counts = MonitorCounts {
        completed,
        expected,
        rate: rate.text(),
        rate_value: rate.value(),
        flag: rate.flag(),
        cells,
        days: days
            .into_iter()
            .map(|(d, n)| DayLine {
                day: d.to_string(),
                completed: n,
            })
            .collect(),
    };
    Ok((counts, manages))
}

fn monitor_page(
    conn: &mut AnyConnection,
    user: &CurrentUser,
    public_id: &str,
) -> Result<MonitorPage, AppError> {
    let row = monitor::find_survey(conn, user.district, public_id)?.ok_or(AppError::NotFound)?;
    let (counts, manages) = monitor_counts(conn, user, &row)?;
    let manage = if manages && user.can_edit() {
        let is_draft = row.status == SurveyStatus::Draft;
        let district_budget = budget::YoungItemBudget::stored(
            districts::find(conn, user.district)?.young_items_per_product,
        );
        Some(Manage {
            is_draft,
            is_open: row.status == SurveyStatus::Open,
            is_closed: row.status == SurveyStatus::Closed,
            reasons: if is_draft {
                lifecycle::readiness(conn, user.district, &row, crate::db::now())?
            } else {
                Vec::new()
            },
            closes_at: date_time_value(row.closes_at, user.time_zone),
            zone: user.time_zone.name(),
            lengths: runtime::load(conn, user.district, SurveyId(row.id))?
                .map(|form| budget::lengths(&form, district_budget))
                .unwrap_or_default(),
        })
    } else {
        None
    };
    Ok(MonitorPage {
        public_id: row.public_id.clone(),
        survey_title: row.title.clone(),
        wave: row.wave.clone(),
        status: row.status.to_string(),
        window: window(&row, user.time_zone),
        manage,
        counts,
    })
}

/// The notice for a `?done=` code after a lifecycle action.
fn notice(done: Option<&str>) -> Option<&'static str> {
    Some(match done? {
        "created" => "The draft is saved. Check what it still needs below, preview it, then open it.",
        "saved" => "Your changes were saved and the questions assembled afresh.",
        "frozen" => "This survey has opened, so its questions can no longer change: only its closing time and distribution can.",
        "opened" => "The survey is open. Its links are ready on the distribution page.",
        "closed" => "The survey is closed. Answers already in progress may still be sent during its grace period; then they are deleted.",
        "close-moved" => "The closing time was changed.",
        "copied" => "This is the new wave: a draft with the same questions, so results compare across waves.",
        "wrong-status" => "That cannot be done to the survey as it is now; the page shows what it is.",
        _ => return None,
    })
}

/// `GET /surveys/{public_id}`: the response monitor, with the survey's actions for those who
/// manage it.
pub async fn monitor(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<String>,
    query: web::Query<Done>,
) -> Result<HttpResponse, AppError> {
    let pool = state.pool.clone();
    let who = user.clone();
    let public_id = path.into_inner();
    let body = web::block(move || monitor_page(&mut *pool.get()?, &who, &public_id)).await??;
    let title = format!("{} — {}", body.survey_title, body.wave);
    let mut page = Page::staff(title, &user, body);
    if let Some(n) = notice(query.done.as_deref()) {
        page = page.with_notice(n);
    }
    state.templates.page("surveys/monitor", &page)
}

/// `GET /surveys/{public_id}/monitor.json`: the monitor's figures, polled by the page's
/// script so the counts rise without a reload.
pub async fn monitor_feed(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let public_id = path.into_inner();
    let counts = state
        .read(move |conn| -> Result<MonitorCounts, AppError> {
            let row =
                monitor::find_survey(conn, user.district, &public_id)?.ok_or(AppError::NotFound)?;
            Ok(monitor_counts(conn, &user, &row)?.0)
        })
        .await?;
    Ok(HttpResponse::Ok().json(counts))
}

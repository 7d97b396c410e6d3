//! `GET /surveys/{public_id}/preview?group=…&lang=…`: staff see every page exactly as a
//! group sees it in a language, as if the respondent used every product (so the product cap
//! applies). Nothing is stored and nothing can be submitted. Staff see the surveys of the
//! schools they may see, like the survey list.

use super::pages::{page_body, PageBody};
use super::shell::page;
use crate::db::models::{monitor, surveys};
use crate::domain::{StakeholderGroup, SurveyId};
use crate::survey::runtime::plan::longest;
use crate::survey::runtime::{self, DraftState};
use crate::web::access::extract::CurrentUser;
use crate::web::error::AppError;
use crate::web::AppState;
use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};

/// Which version to show.
#[derive(Debug, Deserialize)]
pub struct PreviewQuery {
    group: Option<String>,
    lang: Option<String>,
}

#[derive(Serialize)]
struct Choice {
    label: String,
    href: String,
    current: bool,
}

#[derive(Serialize)]
struct PreviewPage {
    survey_title: String,
    monitor_url: String,
    groups: Vec<Choice>,
    languages_offered: Vec<Choice>,
    group_label: String,
    cap: i32,
    pages: Vec<PageBody>,
}

/// `GET /surveys/{public_id}/preview`.
pub async fn show(
    state: web::Data<AppState>,
    user: CurrentUser,
    public_id: web::Path<String>,
    query: web::Query<PreviewQuery>,
) -> Result<HttpResponse, AppError> {
    let who = user.clone();
    let public_id = public_id.into_inner();
    let form = state
        .read(
            move |conn| -> Result<Option<runtime::SurveyForm>, AppError> {
                let Some(row) = monitor::find_survey(conn, who.district, &public_id)? else {
                    return Ok(None);
                };
                let schools = surveys::schools_of(conn, who.district, SurveyId(row.id))?;
                if !schools.iter().any(|s| who.can_see_school(*s)) {
                    return Ok(None);
                }
                Ok(runtime::load(conn, who.district, SurveyId(row.id))?)
            },
        )
        .await?
        .ok_or(AppError::NotFound)?;
    let groups = form.groups();
    let group = query
        .group
        .as_deref()
        .and_then(|g| g.parse::<StakeholderGroup>().ok())
        .filter(|g| groups.contains(g))
        .or_else(|| groups.first().copied())
        .ok_or(AppError::NotFound)?;
    let language = form.language_or_first(query.lang.as_deref().and_then(|l| l.parse().ok()));
    let draft = DraftState::default();
    let plan = longest(&form, group, &draft);
    let expected = plan.pages.iter().map(Vec::len).sum();
    let pages = (1..=plan.len())
        .map(|n| {
            page_body(
                &state.bank,
                &plan,
                n,
                group,
                language,
                &draft,
                None,
                expected,
            )
        })
        .collect();
    let base = format!("/surveys/{}/preview", form.survey.public_id);
    let body = PreviewPage {
        survey_title: form.survey.title.clone(),
        monitor_url: format!("/surveys/{}", form.survey.public_id),
        groups: groups
            .iter()
            .map(|g| Choice {
                label: g.label().to_string(),
                href: format!("{base}?group={}&lang={}", g.as_str(), language.as_str()),
                current: *g == group,
            })
            .collect(),
        languages_offered: form
            .languages
            .iter()
            .map(|l| Choice {
                label: l.label().to_string(),
                href: format!("{base}?group={}&lang={}", group.as_str(), l.as_str()),
                current: *l == language,
            })
            .collect(),
        group_label: group.label().to_string(),
        cap: form.survey.product_cap,
        pages,
    };
    let mut ctx = page("question_of", language, &[], &base, String::new(), body);
    ctx.title = format!("Preview: {}", form.survey.title);
    state.templates.page("answer/preview", &ctx)
}

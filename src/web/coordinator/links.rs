//! Which school × group cells get a link: what opening a draft will propose (the survey's
//! groups that exist at each school by its grade span), the cells of an open survey without
//! a link, and adding one (turning a link off is in `distribution`).

use super::managed_survey;
use crate::db::models::distribution::{self, LinkRow};
use crate::db::models::schools::SchoolRow;
use crate::db::models::surveys;
use crate::domain::{SchoolId, StakeholderGroup, SurveyId, SurveyStatus};
use crate::survey::lifecycle::groups_of;
use crate::web::access::csrf::CsrfForm;
use crate::web::access::extract::RequireEditor;
use crate::web::error::AppError;
use crate::web::respond::see_other;
use crate::web::AppState;
use actix_web::{web, HttpResponse};
use serde::Serialize;

/// A school × group of the survey without a link, which the coordinator may add.
#[derive(Serialize)]
pub(super) struct MissingLine {
    school: String,
    group: &'static str,
    /// The form value: "{school id}:{group}".
    cell: String,
    /// Why it was not proposed, when the school's grade span has no such students.
    note: Option<String>,
}

/// What opening a draft will propose at one school.
#[derive(Serialize)]
pub(super) struct ProposedLine {
    school: String,
    grade_span: String,
    groups: String,
    left_out: String,
}

/// The survey's school × group cells that have no link yet, with why each was not proposed.
pub(super) fn missing(
    schools: &[SchoolRow],
    groups: &[StakeholderGroup],
    links: &[LinkRow],
) -> Vec<MissingLine> {
    schools
        .iter()
        .flat_map(|s| groups.iter().map(move |g| (s, *g)))
        .filter(|(s, g)| {
            !links
                .iter()
                .any(|l| l.school_id == s.id && l.stakeholder_group == *g)
        })
        .map(|(s, g)| MissingLine {
            school: s.name.clone(),
            group: g.label(),
            cell: format!("{}:{}", s.id, g.as_str()),
            note: (!s.span().has(g)).then(|| {
                format!(
                    "Grades {} has no {}: its rate has no headcount.",
                    s.span(),
                    g.label().to_lowercase()
                )
            }),
        })
        .collect()
}

/// Per school of a draft: the groups opening it will make links for, and those left out
/// because the school's grade span has no such students.
pub(super) fn proposed(schools: &[SchoolRow], groups: &[StakeholderGroup]) -> Vec<ProposedLine> {
    let words = |groups: Vec<StakeholderGroup>| {
        groups
            .iter()
            .map(|g| g.label())
            .collect::<Vec<_>>()
            .join(", ")
    };
    schools
        .iter()
        .map(|s| {
            let span = s.span();
            ProposedLine {
                school: s.name.clone(),
                grade_span: span.to_string(),
                groups: words(span.groups_of(groups)),
                left_out: words(groups.iter().copied().filter(|g| !span.has(*g)).collect()),
            }
        })
        .collect()
}

/// The add-a-link form: one school × group of the survey.
#[derive(Debug, serde::Deserialize)]
pub struct AddLinkForm {
    /// "{school id}:{group}".
    cell: String,
}

impl AddLinkForm {
    /// The cell, when it is one of the survey's schools and groups.
    fn parse(
        &self,
        schools: &[SchoolId],
        groups: &[StakeholderGroup],
    ) -> Option<(SchoolId, StakeholderGroup)> {
        let (school, group) = self.cell.split_once(':')?;
        let school = SchoolId(school.trim().parse().ok()?);
        let group: StakeholderGroup = group.parse().ok()?;
        (schools.contains(&school) && groups.contains(&group)).then_some((school, group))
    }
}

/// `POST /surveys/{public_id}/links/add`: a link for a school × group of an open survey
/// that opening did not propose (or whose link the coordinator wants after all).
pub async fn add_link(
    state: web::Data<AppState>,
    RequireEditor(user): RequireEditor,
    path: web::Path<String>,
    CsrfForm(form): CsrfForm<AddLinkForm>,
) -> Result<HttpResponse, AppError> {
    let public_id = path.into_inner();
    let who = user.clone();
    let id = public_id.clone();
    let done = state
        .read(move |conn| -> Result<&'static str, AppError> {
            let survey = managed_survey(conn, &who, &id)?;
            if survey.status != SurveyStatus::Open {
                return Ok("link-not-open");
            }
            let survey_id = SurveyId(survey.id);
            let in_survey = surveys::schools_of(conn, who.district, survey_id)?;
            let groups = groups_of(&survey).map_err(AppError::internal)?;
            let Some(cell) = form.parse(&in_survey, &groups) else {
                return Ok("no-link");
            };
            crate::db::write::transaction(conn, |conn| -> Result<(), AppError> {
                distribution::ensure_links(conn, who.district, survey_id, &[cell])?;
                crate::db::models::audit::record(
                    conn,
                    who.district,
                    Some(who.id),
                    "survey.link_added",
                    ("survey", &survey.public_id),
                    &format!("school {} · {}", cell.0 .0, cell.1.as_str()),
                )?;
                Ok(())
            })?;
            Ok("link-added")
        })
        .await?;
    Ok(see_other(&format!(
        "/surveys/{public_id}/distribute?done={done}"
    )))
}

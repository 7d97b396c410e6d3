//! The demo's open wave, "Spring 2027": the next wave of the closed survey's series, open
//! now for 60 days with a cap of three product blocks and no responses yet, so a person can
//! answer it through the links the demo prints at start-up.

use super::catalogue::DemoCatalogue;
use crate::db::models::{distribution, schools, surveys};
use crate::db::{self, AnyConnection};
use crate::domain::{Language, PublicToken, StakeholderGroup, SurveyId, SurveyStatus};
use crate::survey::assemble::{create_survey, SurveySpec};
use crate::survey::bank::QuestionBank;
use crate::survey::budget::{fitting_constructs, YoungItemBudget};

/// A respondent link to print: who it is for, and its token.
#[derive(Debug, Clone)]
pub struct DemoLink {
    /// "Teachers at Lincoln Elementary".
    pub label: String,
    /// The `/s/{token}` token.
    pub token: String,
}

/// Creates the open wave after the closed one of `series`; returns its links.
pub fn create(
    conn: &mut AnyConnection,
    catalogue: &DemoCatalogue,
    bank: &QuestionBank,
    series: &str,
) -> anyhow::Result<(SurveyId, Vec<DemoLink>)> {
    let now = db::now();
    let opens = now - chrono::Duration::days(1);
    let closes = now + chrono::Duration::days(60);
    let groups = StakeholderGroup::ALL.to_vec();
    let audience = groups
        .iter()
        .map(|g| g.as_str())
        .collect::<Vec<_>>()
        .join(",");
    let public_id = PublicToken::generate(10);
    let spec = SurveySpec {
        survey: surveys::NewSurvey {
            district_id: catalogue.district.0,
            public_id: public_id.as_str(),
            series_id: series,
            title: "Learning tools check-in",
            wave: "Spring 2027",
            wave_number: 2,
            status: SurveyStatus::Open,
            opens_at: opens,
            closes_at: closes,
            languages: "en,es",
            audience_groups: &audience,
            product_cap: 3,
            grace_minutes: crate::domain::survey_form::DEFAULT_GRACE_MINUTES,
            created_by: None,
            created_at: opens,
        },
        schools: catalogue.schools.iter().map(|(id, _)| *id).collect(),
        products: catalogue.products.clone(),
        groups: groups.clone(),
        languages: vec![Language::English, Language::Spanish],
        items: None,
        constructs: fitting_constructs(bank, &groups, YoungItemBudget::DEFAULT),
    };
    let survey = create_survey(conn, catalogue.district, bank, &spec)?;
    super::spanish_title(conn, catalogue.district, survey)?;
    // The links a coordinator would get on opening it: each school's groups by its span.
    let names = schools::list(conn, catalogue.district)?;
    let reached: Vec<&schools::SchoolRow> = names
        .iter()
        .filter(|s| catalogue.schools.iter().any(|(id, _)| id.0 == s.id))
        .collect();
    let cells = crate::survey::asked::proposal(&reached, &groups);
    distribution::ensure_links(conn, catalogue.district, survey, &cells)?;
    let links = distribution::links_of(conn, catalogue.district, survey)?
        .into_iter()
        .map(|link| {
            let school = names
                .iter()
                .find(|s| s.id == link.school_id)
                .map_or("a school", |s| s.name.as_str());
            let group = link.stakeholder_group.label();
            DemoLink {
                label: format!("{group} at {school}"),
                token: link.token,
            }
        })
        .collect();
    Ok((survey, links))
}

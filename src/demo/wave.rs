//! The demo's closed survey wave: every construct of the bank, all six products, the four
//! schools, every group, and about 2,000 synthetic responses stored through the same
//! submission path respondents use.

use super::catalogue::DemoCatalogue;
use super::respondents::{generate, Respondent, Wave};
use crate::db::aggregates::AggregationLayout;
use crate::db::models::{products, surveys};
use crate::db::schema::distribution_links;
use crate::db::submission::{submit_batch, SubmitOutcome};
use crate::db::{self, AnyConnection};
use crate::domain::{Language, PublicToken, SchoolLevel, StakeholderGroup, SurveyId, SurveyStatus};
use crate::survey::assemble::{create_survey, every_construct, SurveySpec};
use crate::survey::bank::QuestionBank;
use anyhow::{anyhow, bail};
use diesel::prelude::*;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};

/// Respondents per school level and group: [elementary, middle, high].
fn quota(level: SchoolLevel, group: StakeholderGroup) -> usize {
    use SchoolLevel::*;
    use StakeholderGroup::*;
    match (group, level) {
        (YoungStudent, Elementary) => 150,
        (Student, Middle) => 300,
        (Student, High) => 450,
        (Teacher, Elementary) => 32,
        (Teacher, Middle) => 40,
        (Teacher, High) => 72,
        (Parent, Elementary) => 170,
        (Parent, Middle) => 180,
        (Parent, High) => 220,
        (Coordinator, _) => 2,
        _ => 0,
    }
}

fn spanish_share(group: StakeholderGroup) -> f64 {
    match group {
        StakeholderGroup::Parent => 0.3,
        StakeholderGroup::YoungStudent | StakeholderGroup::Student => 0.15,
        StakeholderGroup::Teacher | StakeholderGroup::Coordinator => 0.05,
    }
}

/// Creates the closed wave with its links and responses; returns the survey and response count.
pub fn create(
    conn: &mut AnyConnection,
    catalogue: &DemoCatalogue,
    bank: &QuestionBank,
) -> anyhow::Result<(SurveyId, usize)> {
    let now = db::now();
    let opens = now - chrono::Duration::days(75);
    let closes = now - chrono::Duration::days(40);
    let series = PublicToken::generate(10);
    let public_id = PublicToken::generate(10);
    let groups = StakeholderGroup::ALL.to_vec();
    let group_text = groups
        .iter()
        .map(|g| g.as_str())
        .collect::<Vec<_>>()
        .join(",");
    let spec = SurveySpec {
        survey: surveys::NewSurvey {
            district_id: catalogue.district.0,
            public_id: public_id.as_str(),
            series_id: series.as_str(),
            title: "Learning tools check-in",
            wave: "Fall 2026",
            wave_number: 1,
            status: SurveyStatus::Closed,
            opens_at: opens,
            closes_at: closes,
            languages: "en,es",
            audience_groups: &group_text,
            product_cap: 4,
            grace_minutes: crate::domain::survey_form::DEFAULT_GRACE_MINUTES,
            created_by: None,
            created_at: opens,
        },
        schools: catalogue.schools.iter().map(|(id, _)| *id).collect(),
        products: catalogue.products.clone(),
        groups: groups.clone(),
        languages: vec![Language::English, Language::Spanish],
        items: None,
        constructs: every_construct(bank, &groups),
    };
    let survey = create_survey(conn, catalogue.district, bank, &spec)?;
    super::spanish_title(conn, catalogue.district, survey)?;
    let items = surveys::items(conn, catalogue.district, survey)?;
    if items.is_empty() {
        bail!("the demo survey has no items");
    }
    let mut product_features = Vec::new();
    for product in &catalogue.products {
        let ids = products::features(conn, catalogue.district, *product)?
            .into_iter()
            .map(|f| {
                let audience = f.audience().map_err(|e| anyhow!("feature {}: {e}", f.id))?;
                Ok((f.id, audience))
            })
            .collect::<anyhow::Result<Vec<_>>>()?;
        product_features.push((*product, ids));
    }
    let wave = Wave {
        district_id: catalogue.district.0,
        survey_id: survey.0,
        items: &items,
        products: &product_features,
        product_cap: 4,
        days: (opens.date(), closes.date()),
    };
    let layout = AggregationLayout::new(
        catalogue.district,
        survey,
        &items,
        catalogue.products.clone(),
    )?;
    let mut rng = StdRng::seed_from_u64(2026);
    let mut batch = Vec::new();
    for (school, level) in &catalogue.schools {
        for group in &groups {
            let count = quota(*level, *group);
            if count == 0 {
                continue;
            }
            diesel::insert_into(distribution_links::table)
                .values((
                    distribution_links::district_id.eq(catalogue.district.0),
                    distribution_links::survey_id.eq(survey.0),
                    distribution_links::school_id.eq(school.0),
                    distribution_links::stakeholder_group.eq(group.as_str()),
                    distribution_links::token.eq(PublicToken::generate(9).as_str()),
                    distribution_links::active.eq(true),
                    distribution_links::created_at.eq(opens),
                ))
                .execute(conn)?;
            for _ in 0..count {
                let language = if rng.random::<f64>() < spanish_share(*group) {
                    Language::Spanish
                } else {
                    Language::English
                };
                batch.push(generate(
                    &wave,
                    Respondent {
                        school: *school,
                        group: *group,
                        language,
                    },
                    &mut rng,
                ));
            }
        }
    }
    let mut stored = 0;
    for chunk in batch.chunks(1000) {
        for outcome in submit_batch(conn, &layout, 0, chunk)? {
            match outcome {
                SubmitOutcome::Stored(_) => stored += 1,
                other => return Err(anyhow!("a demo response was not stored: {other:?}")),
            }
        }
    }
    Ok((survey, stored))
}

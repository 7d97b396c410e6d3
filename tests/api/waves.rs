//! Survey waves with answers chosen by the test: the first wave of a [`SurveyFixture`], a
//! later wave of the same series (same schools, products and items), and a way to submit
//! respondents with known answers to either.

use crate::fixtures::SurveyFixture;
use chorus::db::aggregates::AggregationLayout;
use chorus::db::models::responses::{NewAnswer, NewResponse};
use chorus::db::models::surveys::{self, SurveyItemRow};
use chorus::db::submission::{submit_batch, Submission, SubmitOutcome};
use chorus::db::{self, AnyConnection};
use chorus::domain::{Language, PublicToken, StakeholderGroup, SurveyId, SurveyStatus};
use chorus::survey::assemble::{create_survey, every_construct, SurveySpec};
use chorus::survey::bank::QuestionBank;

/// One wave: its ids, items and aggregation layout.
pub struct Wave {
    pub survey: SurveyId,
    pub public_id: String,
    pub items: Vec<SurveyItemRow>,
    pub layout: AggregationLayout,
}

/// The fixture's own survey as a wave.
pub fn first_wave(conn: &mut AnyConnection, f: &SurveyFixture) -> Wave {
    let row = surveys::list(conn, f.district)
        .unwrap()
        .into_iter()
        .find(|s| s.id == f.survey.0)
        .unwrap();
    Wave {
        survey: f.survey,
        public_id: row.public_id,
        items: f.items.clone(),
        layout: AggregationLayout::new(f.district, f.survey, &f.items, f.products.clone()).unwrap(),
    }
}

/// A later wave of the fixture's series: `wave_number`, with the given status, for the same
/// schools, products, groups (students and teachers) and constructs.
pub fn later_wave(
    conn: &mut AnyConnection,
    f: &SurveyFixture,
    wave_number: i32,
    status: SurveyStatus,
) -> Wave {
    let groups = [StakeholderGroup::Student, StakeholderGroup::Teacher];
    later_wave_of(conn, f, wave_number, status, &groups)
}

/// A later wave of the fixture's series asking `groups`.
pub fn later_wave_of(
    conn: &mut AnyConnection,
    f: &SurveyFixture,
    wave_number: i32,
    status: SurveyStatus,
    groups: &[StakeholderGroup],
) -> Wave {
    let first = surveys::list(conn, f.district)
        .unwrap()
        .into_iter()
        .find(|s| s.id == f.survey.0)
        .unwrap();
    let bank = QuestionBank::embedded().unwrap();
    let public_id = PublicToken::generate(10);
    let now = db::now();
    let wave = format!("Wave {wave_number}");
    let spec = SurveySpec {
        survey: surveys::NewSurvey {
            district_id: f.district.0,
            public_id: public_id.as_str(),
            series_id: &first.series_id,
            title: &first.title,
            wave: &wave,
            wave_number,
            status,
            opens_at: now + chrono::Duration::days(i64::from(wave_number)),
            closes_at: now + chrono::Duration::days(30 + i64::from(wave_number)),
            languages: "en,es",
            audience_groups: &first.audience_groups,
            product_cap: 4,
            grace_minutes: 60,
            created_by: None,
            created_at: now,
        },
        schools: f.schools.clone(),
        products: f.products.clone(),
        groups: groups.to_vec(),
        languages: vec![Language::English, Language::Spanish],
        items: None,
        constructs: every_construct(&bank, groups),
    };
    let survey = create_survey(conn, f.district, &bank, &spec).unwrap();
    let items = surveys::items(conn, f.district, survey).unwrap();
    let layout = AggregationLayout::new(f.district, survey, &items, f.products.clone()).unwrap();
    Wave {
        survey,
        public_id: public_id.as_str().to_string(),
        items,
        layout,
    }
}

/// Submits `n` respondents of `group` at school `school` about the first product; respondent
/// `i` answers the scale items `answers(i)` gives as (item key, 1–5).
pub fn submit(
    conn: &mut AnyConnection,
    f: &SurveyFixture,
    wave: &Wave,
    school: usize,
    group: StakeholderGroup,
    n: usize,
    answers: impl Fn(usize) -> Vec<(&'static str, i64)>,
) {
    let batch: Vec<Submission> = (0..n)
        .map(|i| Submission {
            response: NewResponse {
                district_id: f.district.0,
                survey_id: wave.survey.0,
                school_id: f.schools[school].0,
                stakeholder_group: group,
                language: Language::English,
                submitted_on: chrono::NaiveDate::from_ymd_opt(2027, 3, 1).unwrap(),
                submission_key: format!("{}-{school}-{}-{i}", wave.public_id, group.as_str()),
            },
            answers: answers(i)
                .into_iter()
                .map(|(key, value)| NewAnswer {
                    district_id: f.district.0,
                    response_id: 0,
                    survey_item_id: wave.items.iter().find(|it| it.item_key == key).unwrap().id,
                    product_id: Some(f.products[0].0),
                    feature_id: None,
                    value: Some(value),
                    not_applicable: false,
                    wants_training: false,
                    text_value: None,
                })
                .collect(),
            access_code_id: None,
        })
        .collect();
    let outcomes = submit_batch(conn, &wave.layout, 0, &batch).unwrap();
    assert!(
        outcomes
            .iter()
            .all(|o| matches!(o, SubmitOutcome::Stored(_))),
        "{outcomes:?}"
    );
}

/// The `value` column of the tidy CSV row that starts with `prefix` and has `statistic`.
pub fn csv_value(csv: &str, prefix: &str, statistic: &str) -> Option<f64> {
    csv.lines()
        .filter(|l| l.starts_with(prefix))
        .map(|l| l.split(',').collect::<Vec<_>>())
        .find(|f| f.get(6) == Some(&statistic))
        .and_then(|f| f.get(7).and_then(|v| v.parse().ok()))
}

/// An API token the signed-in admin creates.
pub async fn api_token(app: &crate::helpers::TestApp) -> String {
    let html = app
        .post_form("/admin/tokens", &[("name", "waves")])
        .await
        .text()
        .await
        .unwrap();
    let marker = "id=\"token\" type=\"text\" readonly value=\"";
    html[html.find(marker).unwrap() + marker.len()..]
        .split('"')
        .next()
        .unwrap()
        .to_string()
}

/// The JSON of an API path, with a token the signed-in admin creates for it.
pub async fn api_json(app: &crate::helpers::TestApp, path: &str) -> serde_json::Value {
    let token = api_token(app).await;
    let res = app
        .other_client()
        .get(format!("{}{path}", app.address))
        .bearer_auth(&token)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200, "{path}");
    res.json().await.unwrap()
}

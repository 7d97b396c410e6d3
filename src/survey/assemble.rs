//! Freezing question-bank items into a survey: the chosen groups and languages, wording
//! copied so later bank changes never alter a survey that has answers.

use super::bank::{Item, QuestionBank};
use crate::db::models::surveys::{self, NewSurvey, NewSurveyItem, SurveyWordingRow};
use crate::db::AnyConnection;
use crate::domain::{DistrictId, Language, ProductId, SchoolId, StakeholderGroup, SurveyId};
use diesel::QueryResult;

/// What a new survey wave is made of.
#[derive(Debug)]
pub struct SurveySpec<'a> {
    /// The survey row.
    pub survey: NewSurvey<'a>,
    /// Schools it is distributed to.
    pub schools: Vec<SchoolId>,
    /// Products it asks about, in order.
    pub products: Vec<ProductId>,
    /// Audience.
    pub groups: Vec<StakeholderGroup>,
    /// Languages offered.
    pub languages: Vec<Language>,
    /// Constructs to include (keys); the routing construct is always included.
    pub constructs: Vec<String>,
}

fn join_groups(groups: &[StakeholderGroup]) -> String {
    groups
        .iter()
        .map(|g| g.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// Creates the survey and freezes every bank item of the chosen constructs asked of at least
/// one of its groups, in bank order. Call inside a transaction.
pub fn create_survey(
    conn: &mut AnyConnection,
    district: DistrictId,
    bank: &QuestionBank,
    spec: &SurveySpec<'_>,
) -> QueryResult<SurveyId> {
    let survey = surveys::insert(conn, &spec.survey, &spec.schools, &spec.products)?;
    let mut position = 0;
    for construct in bank.constructs() {
        if construct.key != "routing" && !spec.constructs.contains(&construct.key) {
            continue;
        }
        for item in &construct.items {
            let groups: Vec<StakeholderGroup> = spec
                .groups
                .iter()
                .copied()
                .filter(|g| item.asked_of(*g))
                .collect();
            if groups.is_empty() {
                continue;
            }
            position += 1;
            freeze_item(
                conn,
                district,
                survey,
                construct.per_product,
                item,
                &groups,
                &spec.languages,
                position,
            )?;
        }
    }
    Ok(survey)
}

#[allow(clippy::too_many_arguments)]
fn freeze_item(
    conn: &mut AnyConnection,
    district: DistrictId,
    survey: SurveyId,
    per_product: bool,
    item: &Item,
    groups: &[StakeholderGroup],
    languages: &[Language],
    position: i32,
) -> QueryResult<()> {
    let show_if = item.show_if.as_ref().map(ToString::to_string);
    let groups_text = join_groups(groups);
    let new = NewSurveyItem {
        district_id: district.0,
        survey_id: survey.0,
        bank_item_id: None,
        construct_key: &item.construct,
        item_key: &item.key,
        kind: item.kind.as_str(),
        groups: &groups_text,
        position,
        per_product,
        required: item.required,
        allows_na: item.allows_na,
        tag: item.tag.map(|t| t.as_str()),
        show_if: show_if.as_deref(),
        number_min: item.bounds.as_ref().map(|b| b.min),
        number_max: item.bounds.as_ref().map(|b| b.max),
    };
    let mut wordings = Vec::new();
    for group in groups {
        for language in languages {
            if let Some(wording) = item.wording(*group, *language) {
                wordings.push(SurveyWordingRow {
                    survey_item_id: 0,
                    district_id: district.0,
                    stakeholder_group: group.as_str().to_string(),
                    language: language.as_str().to_string(),
                    prompt: wording.prompt.clone(),
                    options: wording.options.join("\n"),
                    unit: item
                        .bounds
                        .as_ref()
                        .map(|b| b.unit.get(*language).to_string())
                        .unwrap_or_default(),
                });
            }
        }
    }
    surveys::insert_item(conn, &new, &wordings).map(|_| ())
}

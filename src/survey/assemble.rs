//! Freezing question-bank items into a survey: the chosen groups and languages, wording
//! copied so later bank changes never alter a survey that has answers.

use super::bank::{Item, QuestionBank};
use crate::db::models::surveys::{self, NewSurvey, NewSurveyItem, SurveyWordingRow};
use crate::db::AnyConnection;
use crate::domain::{DistrictId, Language, ProductId, SchoolId, StakeholderGroup, SurveyId};
use diesel::QueryResult;
use std::collections::{BTreeMap, BTreeSet};

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
    /// The constructs to include, each with the groups it is asked of; the routing construct
    /// is always included for every group.
    pub constructs: BTreeMap<String, Vec<StakeholderGroup>>,
    /// The items kept of the chosen constructs (`None`: all of them).
    pub items: Option<BTreeSet<String>>,
}

/// Every construct of the bank asked of every one of `groups`: the full survey.
pub fn every_construct(
    bank: &QuestionBank,
    groups: &[StakeholderGroup],
) -> BTreeMap<String, Vec<StakeholderGroup>> {
    bank.constructs()
        .iter()
        .map(|c| (c.key.clone(), groups.to_vec()))
        .collect()
}

fn join_groups(groups: &[StakeholderGroup]) -> String {
    groups
        .iter()
        .map(|g| g.as_str())
        .collect::<Vec<_>>()
        .join(",")
}

/// Creates the survey and freezes its items (see [`freeze_items`]). Call inside a transaction.
pub fn create_survey(
    conn: &mut AnyConnection,
    district: DistrictId,
    bank: &QuestionBank,
    spec: &SurveySpec<'_>,
) -> QueryResult<SurveyId> {
    let survey = surveys::insert(conn, &spec.survey, &spec.schools, &spec.products)?;
    let choice = ItemChoice {
        groups: &spec.groups,
        languages: &spec.languages,
        constructs: &spec.constructs,
        items: spec.items.as_ref(),
    };
    freeze_items(conn, district, bank, survey, &choice)?;
    Ok(survey)
}

/// Which bank items a survey takes: its audience, languages and constructs per group.
#[derive(Debug, Clone, Copy)]
pub struct ItemChoice<'a> {
    /// Audience.
    pub groups: &'a [StakeholderGroup],
    /// Languages whose wordings are frozen.
    pub languages: &'a [Language],
    /// Constructs with the groups each is asked of.
    pub constructs: &'a BTreeMap<String, Vec<StakeholderGroup>>,
    /// The items kept of those constructs (`None`: all); the routing item is always kept.
    pub items: Option<&'a BTreeSet<String>>,
}

/// Freezes the kept bank items of the chosen constructs into the survey, each for the chosen
/// groups of its construct that the item is worded for, in bank order. The routing construct
/// ("which of these do you use?") goes to every group. Call inside a transaction.
pub fn freeze_items(
    conn: &mut AnyConnection,
    district: DistrictId,
    bank: &QuestionBank,
    survey: SurveyId,
    spec: &ItemChoice<'_>,
) -> QueryResult<()> {
    let mut position = 0;
    for construct in bank.constructs() {
        let chosen: &[StakeholderGroup] = if construct.key == "routing" {
            spec.groups
        } else {
            match spec.constructs.get(&construct.key) {
                Some(groups) => groups,
                None => continue,
            }
        };
        for item in &construct.items {
            let left_out = spec.items.is_some_and(|kept| !kept.contains(&item.key));
            if left_out && construct.key != "routing" {
                continue;
            }
            let groups: Vec<StakeholderGroup> = spec
                .groups
                .iter()
                .copied()
                .filter(|g| chosen.contains(g) && item.asked_of(*g))
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
                spec.languages,
                position,
            )?;
        }
    }
    Ok(())
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
        kind: item.kind,
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
                    stakeholder_group: *group,
                    language: *language,
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

//! Whether a draft survey can open, and if not, every reason in words a coordinator can act on.
//!
//! Drafts may be saved unfinished; opening is the moment the items freeze and respondents can
//! arrive, so everything a respondent would trip over is checked here, once, from the stored
//! survey (pure: the caller loads the facts).

use super::budget::{young_items_per_product, YoungItemBudget};
use crate::db::models::surveys::{SurveyItemRow, SurveyWordingRow};
use crate::domain::{Language, LanguageSet, SkipCondition, StakeholderGroup};
use crate::survey::kinds;
use chrono::NaiveDateTime;

/// The facts about a draft that decide whether it may open.
#[derive(Debug)]
pub struct DraftFacts<'a> {
    /// Audience groups.
    pub groups: &'a [StakeholderGroup],
    /// Number of schools it is distributed to.
    pub schools: usize,
    /// Number of products it asks about.
    pub products: usize,
    /// Its frozen items, in order.
    pub items: &'a [SurveyItemRow],
    /// Opening and closing times.
    pub window: (NaiveDateTime, NaiveDateTime),
    /// The time of the check.
    pub now: NaiveDateTime,
    /// The district's limit on questions about each product for grades 3–5.
    pub young_budget: YoungItemBudget,
    /// The survey's languages.
    pub languages: &'a [Language],
    /// The languages the district enabled.
    pub enabled: &'a LanguageSet,
    /// The languages whose shipped wordings are a draft translation the district has not
    /// reviewed.
    pub unreviewed: &'a [Language],
    /// Its frozen wordings (a district's own question is worded only in the languages the
    /// district had enabled when it was written).
    pub wordings: &'a [SurveyWordingRow],
}

/// The survey's questions that lack a wording in one of its languages for a group they ask.
fn unworded(facts: &DraftFacts<'_>) -> Vec<String> {
    let mut problems = Vec::new();
    for item in facts.items {
        for language in facts.languages {
            let missing = facts.groups.iter().find(|g| {
                asks(item, **g)
                    && !facts.wordings.iter().any(|w| {
                        w.survey_item_id == item.id
                            && w.stakeholder_group == **g
                            && w.language == *language
                    })
            });
            if let Some(group) = missing {
                problems.push(format!(
                    "“{}” has no {} wording for {}: word it in the question bank, or untick {}.",
                    item.item_key,
                    language.english_name(),
                    group_name(*group),
                    language.english_name()
                ));
            }
        }
    }
    problems
}

/// Why the survey cannot open in one of its languages: not enabled, or a draft translation.
fn language_problems(facts: &DraftFacts<'_>) -> Vec<String> {
    let mut problems = Vec::new();
    for language in facts.languages {
        let name = language.english_name();
        if !facts.enabled.contains(*language) {
            problems.push(format!(
                "{name} is not enabled for the district: untick it in the survey settings, or a district admin enables it in the district settings."
            ));
        } else if facts.unreviewed.contains(language) {
            problems.push(format!(
                "The {name} questions are a draft translation that no district admin has reviewed: review them in the question bank ({name}), or untick {name}."
            ));
        }
    }
    problems
}

fn group_name(group: StakeholderGroup) -> &'static str {
    match group {
        StakeholderGroup::YoungStudent => "students in grades 3–5",
        StakeholderGroup::Student => "students in grades 6–12",
        StakeholderGroup::Teacher => "teachers",
        StakeholderGroup::Parent => "parents and guardians",
        StakeholderGroup::Coordinator => "coordinators",
    }
}

fn asks(item: &SurveyItemRow, group: StakeholderGroup) -> bool {
    item.groups.split(',').any(|g| g == group.as_str())
}

/// The values an answer to an item of this kind can take, where the kind fixes them.
fn answer_range(item: &SurveyItemRow) -> Option<(i64, i64)> {
    kinds::of(item.kind)
        .accepted_values(0, item.number_min.zip(item.number_max))
        .map(|r| (*r.start(), *r.end()))
}

/// Problems with one item's skip condition.
fn condition_problems(item: &SurveyItemRow, items: &[SurveyItemRow]) -> Vec<String> {
    let Some(text) = item.show_if.as_deref() else {
        return Vec::new();
    };
    let condition: SkipCondition = match text.parse() {
        Ok(c) => c,
        Err(e) => {
            return vec![format!(
                "The condition on “{}” is malformed: {e}.",
                item.item_key
            )]
        }
    };
    let Some(gate) = items.iter().find(|i| i.item_key == condition.item_key) else {
        return vec![format!(
            "“{}” depends on “{}”, which is not in this survey: add its question set back or drop the dependent question.",
            item.item_key, condition.item_key
        )];
    };
    let mut problems = Vec::new();
    if gate.position >= item.position {
        problems.push(format!(
            "“{}” depends on “{}”, which comes later in the survey.",
            item.item_key, gate.item_key
        ));
    }
    if gate.per_product && !item.per_product {
        problems.push(format!(
            "“{}” is asked once but depends on “{}”, which is asked per product.",
            item.item_key, gate.item_key
        ));
    }
    for group in StakeholderGroup::ALL {
        if asks(item, *group) && !asks(gate, *group) {
            problems.push(format!(
                "“{}” is shown to {} only after “{}”, which they are not asked.",
                item.item_key,
                group_name(*group),
                gate.item_key
            ));
        }
    }
    if let Some((low, high)) = answer_range(gate) {
        if let Some(bad) = condition.values.iter().find(|v| !(low..=high).contains(*v)) {
            problems.push(format!(
                "The condition on “{}” compares with {bad}, which “{}” can never be (its answers run from {low} to {high}).",
                item.item_key, gate.item_key
            ));
        }
    }
    problems
}

/// Every reason the draft cannot open; empty when it can.
pub fn reasons_not_to_open(facts: &DraftFacts<'_>) -> Vec<String> {
    let mut reasons = Vec::new();
    if facts.items.is_empty() {
        reasons.push("The survey has no questions: choose at least one question set.".to_string());
    }
    if facts.products == 0 {
        reasons.push("The survey asks about no product: choose at least one.".to_string());
    }
    if facts.schools == 0 {
        reasons.push("The survey goes to no school: choose at least one.".to_string());
    }
    for group in facts.groups {
        let asked = facts
            .items
            .iter()
            .any(|i| asks(i, *group) && i.tag.as_deref() != Some("product_use"));
        if !asked {
            reasons.push(format!(
                "No question is asked of {}: choose a question set for them or remove the group.",
                group_name(*group)
            ));
        }
    }
    let (opens, closes) = facts.window;
    if closes <= opens {
        reasons.push("The survey closes before it opens.".to_string());
    }
    if closes <= facts.now {
        reasons.push("The closing time has passed: choose a later one.".to_string());
    }
    for item in facts.items {
        reasons.extend(condition_problems(item, facts.items));
    }
    reasons.extend(language_problems(facts));
    reasons.extend(unworded(facts));
    let young = young_items_per_product(facts.items);
    let limit = facts.young_budget.get();
    if facts.groups.contains(&StakeholderGroup::YoungStudent) && young > limit {
        reasons.push(format!(
            "Students in grades 3–5 would answer {young} questions about each product, one per page; the district allows at most {limit} so the survey fits a class period. Untick topics for grades 3–5, or leave out single questions."
        ));
    }
    reasons
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::domain::ItemKind;
    use chrono::NaiveDate;

    fn at(day: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(2027, 3, day)
            .unwrap()
            .and_hms_opt(8, 0, 0)
            .unwrap()
    }

    fn item(key: &str, position: i32, groups: &str, show_if: Option<&str>) -> SurveyItemRow {
        SurveyItemRow {
            id: position,
            district_id: 1,
            survey_id: 1,
            bank_item_id: None,
            construct_key: "c".into(),
            item_key: key.into(),
            kind: ItemKind::Scale5,
            groups: groups.into(),
            position,
            per_product: true,
            required: false,
            allows_na: false,
            tag: None,
            show_if: show_if.map(str::to_string),
            number_min: None,
            number_max: None,
        }
    }

    fn facts<'a>(items: &'a [SurveyItemRow], groups: &'a [StakeholderGroup]) -> DraftFacts<'a> {
        DraftFacts {
            groups,
            schools: 2,
            products: 3,
            items,
            window: (at(1), at(20)),
            now: at(2),
            young_budget: YoungItemBudget::DEFAULT,
            languages: EN_ES,
            enabled: &ENABLED,
            unreviewed: &[],
            wordings: worded(items, EN_ES),
        }
    }

    /// A wording of every item for each of its groups in `languages` (kept for the test run).
    fn worded(items: &[SurveyItemRow], languages: &[Language]) -> &'static [SurveyWordingRow] {
        let mut rows = Vec::new();
        for item in items {
            for group in item.groups.split(',') {
                for language in languages {
                    rows.push(SurveyWordingRow {
                        survey_item_id: item.id,
                        district_id: 1,
                        stakeholder_group: group.parse().unwrap(),
                        language: *language,
                        prompt: "How is it?".into(),
                        options: String::new(),
                        unit: String::new(),
                    });
                }
            }
        }
        Vec::leak(rows)
    }

    const EN_ES: &[Language] = &[Language::English, Language::Spanish];

    static ENABLED: std::sync::LazyLock<LanguageSet> = std::sync::LazyLock::new(|| {
        LanguageSet::parse_codes("en,es,vi").unwrap_or_else(|e| panic!("{e}"))
    });

    #[test]
    fn a_survey_opens_only_in_enabled_reviewed_languages() {
        let items = [item("q.1", 1, "teacher", None)];
        let with = |languages: &[Language], unreviewed: &[Language]| {
            reasons_not_to_open(&DraftFacts {
                languages,
                unreviewed,
                ..facts(&items, TEACHERS)
            })
        };
        let vi = [Language::English, Language::Vietnamese];
        let reasons = with(&vi, &[]);
        assert_eq!(reasons.len(), 1, "{reasons:?}");
        assert!(reasons[0].contains("“q.1” has no Vietnamese wording for teachers"));
        let all = [Language::English, Language::Vietnamese, Language::Arabic];
        let with = |languages: &[Language], unreviewed: &[Language]| {
            reasons_not_to_open(&DraftFacts {
                languages,
                unreviewed,
                wordings: worded(&items, &all),
                ..facts(&items, TEACHERS)
            })
        };
        assert!(with(&vi, &[]).is_empty(), "reviewed, enabled and worded");
        let reasons = with(&vi, &[Language::Vietnamese, Language::Arabic]);
        assert_eq!(reasons.len(), 1, "{reasons:?}");
        assert!(reasons[0].contains("Vietnamese questions are a draft translation"));
        let reasons = with(&[Language::English, Language::Arabic], &[Language::Arabic]);
        assert_eq!(reasons.len(), 1, "{reasons:?}");
        assert!(reasons[0].contains("Arabic is not enabled for the district"));
    }

    const TEACHERS: &[StakeholderGroup] = &[StakeholderGroup::Teacher];

    #[test]
    fn grades_3_to_5_get_at_most_twelve_questions_per_product() {
        let young = [StakeholderGroup::YoungStudent];
        let mut items: Vec<SurveyItemRow> = (1..=12)
            .map(|n| item(&format!("q.{n}"), n, "young_student,teacher", None))
            .collect();
        assert!(reasons_not_to_open(&facts(&items, &young)).is_empty());
        items.push(item("q.13", 13, "young_student", None));
        let reasons = reasons_not_to_open(&facts(&items, &young));
        assert_eq!(reasons.len(), 1, "{reasons:?}");
        assert!(reasons[0].contains("13 questions about each product"));
        assert!(
            reasons_not_to_open(&facts(&items, TEACHERS)).is_empty(),
            "only when grades 3–5 are asked"
        );
    }

    #[test]
    fn a_sound_draft_may_open() {
        let items = [
            item("a.gate", 1, "teacher", None),
            item("a.follow", 2, "teacher", Some("a.gate at_least 4")),
        ];
        assert!(reasons_not_to_open(&facts(&items, TEACHERS)).is_empty());
    }

    #[test]
    fn empty_surveys_and_groups_and_past_windows_are_named() {
        let items = [item("a.one", 1, "teacher", None)];
        let groups = [StakeholderGroup::Teacher, StakeholderGroup::Parent];
        let mut f = facts(&items, &groups);
        f.products = 0;
        f.now = at(21);
        let reasons = reasons_not_to_open(&f).join("\n");
        assert!(reasons.contains("no product"), "{reasons}");
        assert!(reasons.contains("parents and guardians"), "{reasons}");
        assert!(reasons.contains("closing time has passed"), "{reasons}");
        let none: [SurveyItemRow; 0] = [];
        assert!(reasons_not_to_open(&facts(&none, TEACHERS))[0].contains("no questions"));
    }

    #[test]
    fn broken_conditions_are_explained() {
        let missing = [item("a.follow", 2, "teacher", Some("a.gate equals 1"))];
        assert!(reasons_not_to_open(&facts(&missing, TEACHERS))[0].contains("not in this survey"));

        let forward = [
            item("a.follow", 1, "teacher", Some("a.gate equals 1")),
            item("a.gate", 2, "teacher", None),
        ];
        assert!(reasons_not_to_open(&facts(&forward, TEACHERS))[0].contains("comes later"));

        let other_group = [
            item("a.gate", 1, "parent", None),
            item("a.follow", 2, "teacher,parent", Some("a.gate equals 1")),
        ];
        let groups = [StakeholderGroup::Teacher, StakeholderGroup::Parent];
        let reasons = reasons_not_to_open(&facts(&other_group, &groups)).join("\n");
        assert!(
            reasons.contains("shown to teachers only after"),
            "{reasons}"
        );

        let out_of_range = [
            item("a.gate", 1, "teacher", None),
            item("a.follow", 2, "teacher", Some("a.gate equals 9")),
        ];
        assert!(reasons_not_to_open(&facts(&out_of_range, TEACHERS))[0].contains("can never be"));
    }
}

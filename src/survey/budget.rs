//! What fits a class period for students in grades 3–5: at most
//! [`YOUNG_ITEMS_PER_PRODUCT`] questions about each product, and at most
//! [`YOUNG_STUDENT_PRODUCT_BLOCKS`] product blocks (applied by the page plan). A survey whose
//! frozen items ask young students more cannot open (`readiness`), new surveys propose a set
//! of topics that fits, and the survey page shows the count against the limit.

use super::bank::QuestionBank;
use crate::db::models::surveys::SurveyItemRow;
use crate::domain::{ParseError, StakeholderGroup};
pub use crate::survey::runtime::plan::YOUNG_STUDENT_PRODUCT_BLOCKS;
use std::collections::BTreeMap;

/// Most questions about one product a student in grades 3–5 is asked: one per page, read
/// slowly, with two product blocks and the questions for everyone this fills about a class
/// period's share a teacher can give to a survey.
pub const YOUNG_ITEMS_PER_PRODUCT: usize = 12;

/// A district's limit on questions about each product for grades 3–5: from 1 to
/// [`YOUNG_ITEMS_PER_PRODUCT`] (a district may keep its young students' surveys shorter, never
/// longer).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YoungItemBudget(usize);

impl YoungItemBudget {
    /// The product's limit, which a district may lower.
    pub const DEFAULT: YoungItemBudget = YoungItemBudget(YOUNG_ITEMS_PER_PRODUCT);

    /// Parses the settings form's value.
    pub fn parse(raw: &str) -> Result<YoungItemBudget, ParseError> {
        raw.trim()
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=YOUNG_ITEMS_PER_PRODUCT).contains(n))
            .map(YoungItemBudget)
            .ok_or_else(|| {
                ParseError::new(format!(
                    "The questions about each product for grades 3–5 are a whole number from 1 to {YOUNG_ITEMS_PER_PRODUCT}."
                ))
            })
    }

    /// The stored value (checked when it was saved; anything outside the range reads as the
    /// nearest limit).
    pub fn stored(value: i32) -> YoungItemBudget {
        YoungItemBudget(
            usize::try_from(value)
                .unwrap_or(1)
                .clamp(1, YOUNG_ITEMS_PER_PRODUCT),
        )
    }

    /// The limit.
    pub fn get(self) -> usize {
        self.0
    }
}

fn asks_young(groups: &str) -> bool {
    groups
        .split(',')
        .any(|g| g == StakeholderGroup::YoungStudent.as_str())
}

/// Questions about each product that students in grades 3–5 are asked by these items.
pub fn young_items_per_product(items: &[SurveyItemRow]) -> usize {
    items
        .iter()
        .filter(|i| i.per_product && asks_young(&i.groups))
        .count()
}

/// Every construct of the bank asked of every one of `groups`, except that students in
/// grades 3–5 get the constructs that fit their budget, taken in the bank's order (the order
/// of the survey) while they fit.
pub fn fitting_constructs(
    bank: &QuestionBank,
    groups: &[StakeholderGroup],
    budget: YoungItemBudget,
) -> BTreeMap<String, Vec<StakeholderGroup>> {
    let mut left = budget.get();
    let mut constructs: Vec<_> = bank.constructs().iter().collect();
    constructs.sort_by_key(|c| c.position);
    constructs
        .into_iter()
        .map(|c| {
            let young_items = if c.per_product {
                c.items_for(StakeholderGroup::YoungStudent).count()
            } else {
                0
            };
            let fits = young_items <= left;
            if fits {
                left -= young_items;
            }
            let asked = groups
                .iter()
                .copied()
                .filter(|g| *g != StakeholderGroup::YoungStudent || fits)
                .collect();
            (c.key.clone(), asked)
        })
        .collect()
}

/// How long the survey is for one group, as the coordinator sees it before and while it runs.
#[derive(Debug, Clone, serde::Serialize)]
pub struct GroupLength {
    /// The group's name.
    pub group: &'static str,
    /// Questions someone who uses every product (within the cap) answers.
    pub questions: usize,
    /// Estimated minutes for them.
    pub minutes: u32,
    /// For grades 3–5: questions about each product, against [`YOUNG_ITEMS_PER_PRODUCT`].
    pub per_product: Option<usize>,
    /// The per-product budget, when it applies.
    pub per_product_limit: Option<usize>,
    /// Most product blocks, when the group has a limit of its own.
    pub blocks_limit: Option<usize>,
    /// Whether the group is over its budget (the survey cannot open).
    pub over: bool,
}

/// The length of `form` for each of its groups, against the district's `budget`.
pub fn lengths(
    form: &crate::survey::runtime::SurveyForm,
    budget: YoungItemBudget,
) -> Vec<GroupLength> {
    use crate::survey::runtime::{estimate, plan, DraftState};
    form.groups()
        .into_iter()
        .map(|group| {
            let young = group == StakeholderGroup::YoungStudent;
            let per_product = young.then(|| young_items_per_product(&form.item_rows));
            GroupLength {
                group: group.label(),
                questions: plan::expected_questions(form, group, &DraftState::default()),
                minutes: estimate::minutes(form, group),
                per_product,
                per_product_limit: young.then_some(budget.get()),
                blocks_limit: young.then_some(YOUNG_STUDENT_PRODUCT_BLOCKS),
                over: per_product.is_some_and(|n| n > budget.get()),
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn the_proposed_topics_fit_grades_3_to_5_and_everyone_else_gets_every_topic() {
        let bank = QuestionBank::embedded().unwrap();
        let groups = [StakeholderGroup::YoungStudent, StakeholderGroup::Teacher];
        let chosen = fitting_constructs(&bank, &groups, YoungItemBudget::DEFAULT);
        let young_items: usize = bank
            .constructs()
            .iter()
            .filter(|c| c.per_product)
            .filter(|c| chosen[&c.key].contains(&StakeholderGroup::YoungStudent))
            .map(|c| c.items_for(StakeholderGroup::YoungStudent).count())
            .sum();
        assert!(
            (1..=YOUNG_ITEMS_PER_PRODUCT).contains(&young_items),
            "{young_items}"
        );
        let every: usize = bank
            .constructs()
            .iter()
            .filter(|c| c.per_product)
            .map(|c| c.items_for(StakeholderGroup::YoungStudent).count())
            .sum();
        assert!(
            every > YOUNG_ITEMS_PER_PRODUCT,
            "the bank alone would not fit"
        );
        assert!(chosen
            .values()
            .all(|g| g.contains(&StakeholderGroup::Teacher)));
        assert!(chosen["routing"].contains(&StakeholderGroup::YoungStudent));
        let shorter = fitting_constructs(&bank, &groups, YoungItemBudget::parse("6").unwrap());
        let young_shorter: usize = bank
            .constructs()
            .iter()
            .filter(|c| c.per_product)
            .filter(|c| shorter[&c.key].contains(&StakeholderGroup::YoungStudent))
            .map(|c| c.items_for(StakeholderGroup::YoungStudent).count())
            .sum();
        assert!((1..=6).contains(&young_shorter), "{young_shorter}");
    }

    #[test]
    fn a_district_may_lower_the_budget_but_not_raise_it() {
        assert_eq!(YoungItemBudget::parse(" 8 ").unwrap().get(), 8);
        for bad in ["0", "13", "eight", ""] {
            assert!(YoungItemBudget::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(YoungItemBudget::stored(40).get(), YOUNG_ITEMS_PER_PRODUCT);
    }
}

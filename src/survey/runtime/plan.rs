//! The pages one respondent sees: the items of their group, the product blocks of the
//! products they said they use (at most the survey's cap, sampled evenly when they use
//! more), one construct per page for teens and adults or one item per page for young
//! students, and skip logic applied to the answers so far.

use super::answers::{field_name, DraftState};
use super::form::{FormItem, SurveyForm};
use crate::db::models::respondent::{ProductForRespondents, RespondentFeature};
use crate::domain::{ItemKind, StakeholderGroup};

/// One question on a page: an item, alone or about one product.
#[derive(Debug, Clone)]
pub struct Question<'a> {
    /// The item.
    pub item: &'a FormItem,
    /// The product of a per-product item.
    pub product: Option<&'a ProductForRespondents>,
    /// Its field name.
    pub field: String,
    /// Its skip condition depends on an item on the same page: shown with a note, hidden
    /// live by JavaScript, and its answer kept only when the condition holds.
    pub gate_field: Option<String>,
    /// Every product of the survey (the options of the routing item).
    pub all_products: &'a [ProductForRespondents],
    /// For a feature matrix, the product's features this respondent's group is asked about
    /// (their audience includes it); empty for every other kind. Only these may be posted.
    pub features: Vec<&'a RespondentFeature>,
}

/// The pages, in order; each page a non-empty list of questions.
#[derive(Debug, Clone)]
pub struct PagePlan<'a> {
    /// Pages in order.
    pub pages: Vec<Vec<Question<'a>>>,
}

impl PagePlan<'_> {
    /// Number of question pages.
    pub fn len(&self) -> usize {
        self.pages.len()
    }

    /// Whether there is no question at all.
    pub fn is_empty(&self) -> bool {
        self.pages.is_empty()
    }
}

/// Most product blocks a young student (grades 3–5) is asked about, whatever the survey's
/// cap: each block is up to a dozen one-question pages, and the whole survey must fit a
/// class period.
pub const YOUNG_STUDENT_PRODUCT_BLOCKS: usize = 2;

/// The products asked about: those ticked on the routing item (every product when the
/// survey has none), and when there are more than the cap (for young students at most
/// [`YOUNG_STUDENT_PRODUCT_BLOCKS`]), a random `cap` of them drawn from the draft's seed, so
/// every product used is equally likely to be covered; survey order.
pub fn asked_products<'a>(
    form: &'a SurveyForm,
    group: StakeholderGroup,
    state: &DraftState,
) -> Vec<&'a ProductForRespondents> {
    let routing = form.items.iter().find(|i| i.product_use);
    let mut used: Vec<usize> = match routing {
        None => (0..form.products.len()).collect(),
        Some(item) => match state.answers.get(&field_name(item.id, None)) {
            Some(super::Answer::Choices(options)) => options
                .iter()
                .filter_map(|o| usize::try_from(*o - 1).ok())
                .filter(|i| *i < form.products.len())
                .collect(),
            _ => Vec::new(),
        },
    };
    let survey_cap = usize::try_from(form.survey.product_cap).unwrap_or(0);
    let cap = if group == StakeholderGroup::YoungStudent {
        survey_cap.min(YOUNG_STUDENT_PRODUCT_BLOCKS)
    } else {
        survey_cap
    };
    if used.len() > cap {
        used.sort_by_key(|i| mix(state.seed, *i as u64));
        used.truncate(cap);
        used.sort_unstable();
    }
    used.iter().filter_map(|i| form.products.get(*i)).collect()
}

/// A stateless 64-bit mix (SplitMix64), so the same seed always draws the same products.
fn mix(seed: u64, value: u64) -> u64 {
    let mut z = seed ^ value.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

/// Whether `group` is asked `item` (about `product`): the item is worded for the group, and a
/// feature matrix only when the product has a feature whose audience includes the group.
fn asks(item: &FormItem, group: StakeholderGroup, product: Option<&ProductForRespondents>) -> bool {
    item.groups.contains(&group)
        && !(item.kind == ItemKind::FeatureMatrix
            && product.is_none_or(|p| p.features_for(group).is_empty()))
}

/// Builds the page plan of `group` from the answers so far.
pub fn plan<'a>(form: &'a SurveyForm, group: StakeholderGroup, state: &DraftState) -> PagePlan<'a> {
    let split = form
        .items
        .iter()
        .position(|i| i.per_product)
        .unwrap_or(form.items.len());
    let (head, tail) = form.items.split_at(split);
    let before: Vec<&FormItem> = head.iter().collect();
    let per_product: Vec<&FormItem> = tail.iter().filter(|i| i.per_product).collect();
    let after: Vec<&FormItem> = tail.iter().filter(|i| !i.per_product).collect();
    let n = form.products.as_slice();
    let mut sections: Vec<Vec<Question<'a>>> = Vec::new();
    sections.push(questions(&before, None, group, n));
    for product in asked_products(form, group, state) {
        sections.push(questions(&per_product, Some(product), group, n));
    }
    sections.push(questions(&after, None, group, n));
    let young = group == StakeholderGroup::YoungStudent;
    let mut pages = Vec::new();
    for section in sections {
        let mut units: Vec<Vec<Question<'a>>> = Vec::new();
        for q in section {
            let same_unit = !young
                && units
                    .last()
                    .and_then(|u| u.last())
                    .is_some_and(|last| last.item.construct == q.item.construct);
            match units.last_mut() {
                Some(unit) if same_unit => unit.push(q),
                _ => units.push(vec![q]),
            }
        }
        for unit in units {
            let page = apply_skips(form, unit, state);
            if !page.is_empty() {
                pages.push(page);
            }
        }
    }
    PagePlan { pages }
}

fn questions<'a>(
    items: &[&'a FormItem],
    product: Option<&'a ProductForRespondents>,
    group: StakeholderGroup,
    all_products: &'a [ProductForRespondents],
) -> Vec<Question<'a>> {
    items
        .iter()
        .filter(|i| asks(i, group, product))
        .map(|item| Question {
            item,
            product,
            field: field_name(item.id, product.map(|p| p.id.0)),
            gate_field: None,
            all_products,
            features: match (item.kind, product) {
                (ItemKind::FeatureMatrix, Some(p)) => p.features_for(group),
                _ => Vec::new(),
            },
        })
        .collect()
}

/// Keeps the questions whose condition holds on earlier pages' answers; a condition on an
/// item of the same page marks the question instead (decided when the page is posted).
fn apply_skips<'a>(
    form: &'a SurveyForm,
    unit: Vec<Question<'a>>,
    state: &DraftState,
) -> Vec<Question<'a>> {
    let on_page: Vec<(String, String)> = unit
        .iter()
        .map(|q| (q.item.key.clone(), q.field.clone()))
        .collect();
    unit.into_iter()
        .filter_map(|mut q| {
            let Some(condition) = &q.item.show_if else {
                return Some(q);
            };
            if let Some((_, field)) = on_page.iter().find(|(k, _)| *k == condition.item_key) {
                q.gate_field = Some(field.clone());
                return Some(q);
            }
            let gate = form.items.iter().find(|i| i.key == condition.item_key)?;
            let field = field_name(
                gate.id,
                gate.per_product
                    .then(|| q.product.map(|p| p.id.0))
                    .flatten(),
            );
            condition
                .matches(state.answers.get(&field).and_then(super::Answer::number))
                .then_some(q)
        })
        .collect()
}

/// How many questions the respondent will see in all, for the progress counter and the time
/// estimate. Until the product-use question is answered, counted as if every product were
/// used (within the cap), so the total only ever shrinks as they answer, never jumps up.
pub fn expected_questions(form: &SurveyForm, group: StakeholderGroup, state: &DraftState) -> usize {
    longest(form, group, state).pages.iter().map(Vec::len).sum()
}

/// The plan of these answers, or, while the product-use question is unanswered, the plan of
/// someone who uses every product (the most product blocks the cap allows).
pub fn longest<'a>(
    form: &'a SurveyForm,
    group: StakeholderGroup,
    state: &DraftState,
) -> PagePlan<'a> {
    let routing = form.items.iter().find(|i| i.product_use);
    match routing {
        Some(item) if !state.answers.contains_key(&field_name(item.id, None)) => {
            let mut every = state.clone();
            let all = (1..=i64::try_from(form.products.len()).unwrap_or(0)).collect();
            every
                .answers
                .insert(field_name(item.id, None), super::Answer::Choices(all));
            plan(form, group, &every)
        }
        _ => plan(form, group, state),
    }
}

/// Whether a question marked with a same-page gate is shown for these answers.
pub fn gate_open(question: &Question<'_>, state: &DraftState) -> bool {
    match (&question.gate_field, &question.item.show_if) {
        (Some(field), Some(condition)) => {
            condition.matches(state.answers.get(field).and_then(super::Answer::number))
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::models::surveys::SurveyRow;
    use crate::domain::{ItemKind, Language, ProductId, SkipCondition, SurveyStatus};
    use crate::survey::runtime::Answer;

    fn item(id: i32, key: &str, construct: &str, kind: ItemKind, per_product: bool) -> FormItem {
        FormItem {
            id,
            key: key.into(),
            construct: construct.into(),
            kind,
            groups: vec![StakeholderGroup::Teacher, StakeholderGroup::YoungStudent],
            per_product,
            required: false,
            allows_na: false,
            product_use: key == "routing.products_used",
            show_if: None,
            bounds: None,
            wordings: Vec::new(),
        }
    }

    fn form(cap: i32, products: i32) -> SurveyForm {
        let now = chrono::NaiveDate::from_ymd_opt(2027, 3, 1)
            .and_then(|d| d.and_hms_opt(0, 0, 0))
            .unwrap_or_default();
        let mut follow_up = item(
            4,
            "support.response_time",
            "vendor_support",
            ItemKind::Scale5,
            true,
        );
        follow_up.show_if = "support.contacted equals 1".parse::<SkipCondition>().ok();
        SurveyForm {
            survey: SurveyRow {
                id: 1,
                district_id: 1,
                public_id: "p".into(),
                series_id: "s".into(),
                title: "t".into(),
                wave: "w".into(),
                wave_number: 1,
                status: SurveyStatus::Open,
                opens_at: now,
                closes_at: now,
                languages: "en,es".into(),
                audience_groups: "teacher,young_student".into(),
                product_cap: cap,
                created_by: None,
                created_at: now,
                grace_minutes: 60,
            },
            languages: vec![Language::English, Language::Spanish],
            items: vec![
                item(
                    1,
                    "routing.products_used",
                    "routing",
                    ItemKind::MultiChoice,
                    false,
                ),
                item(
                    2,
                    "ease.everyday_tasks",
                    "ease_of_use",
                    ItemKind::Scale5,
                    true,
                ),
                item(
                    3,
                    "support.contacted",
                    "vendor_support",
                    ItemKind::SingleChoice,
                    true,
                ),
                follow_up,
                item(5, "reliability.slow", "reliability", ItemKind::Scale5, true),
            ],
            item_rows: Vec::new(),
            products: (1..=products)
                .map(|p| ProductForRespondents {
                    id: ProductId(p),
                    name: format!("P{p}"),
                    vendor: String::new(),
                    features: Vec::new(),
                })
                .collect(),
            titles: Default::default(),
        }
    }

    fn using(products: &[i64], seed: u64) -> DraftState {
        let mut state = DraftState {
            seed,
            ..DraftState::default()
        };
        state
            .answers
            .insert("q1".into(), Answer::Choices(products.to_vec()));
        state
    }

    fn feature(id: i32, audience: &str) -> RespondentFeature {
        RespondentFeature {
            id,
            name: format!("F{id}"),
            description: String::new(),
            audience: crate::domain::FeatureAudience::parse(audience)
                .unwrap_or_else(|_| crate::domain::FeatureAudience::everyone()),
            texts: Default::default(),
        }
    }

    #[test]
    fn each_feature_is_asked_only_of_its_audience() {
        let mut form = form(2, 2);
        form.items.push(item(
            6,
            "features.matrix",
            "feature_use",
            ItemKind::FeatureMatrix,
            true,
        ));
        form.products[0].features = vec![feature(10, "teachers"), feature(11, "students")];
        form.products[1].features = vec![feature(12, "teachers+coordinators")];
        let matrices = |group| -> Vec<(i32, Vec<i32>)> {
            plan(&form, group, &using(&[1, 2], 1))
                .pages
                .iter()
                .flatten()
                .filter(|q| q.item.kind == ItemKind::FeatureMatrix)
                .map(|q| {
                    let product = q.product.map_or(0, |p| p.id.0);
                    (product, q.features.iter().map(|f| f.id).collect())
                })
                .collect()
        };
        assert_eq!(
            matrices(StakeholderGroup::Teacher),
            [(1, vec![10]), (2, vec![12])]
        );
        // Grades 3–5 are students; the second product has nothing for them: no matrix.
        assert_eq!(matrices(StakeholderGroup::YoungStudent), [(1, vec![11])]);
    }

    #[test]
    fn only_products_used_within_the_cap_and_each_equally_often() {
        let form = form(2, 5);
        assert!(
            asked_products(&form, StakeholderGroup::Teacher, &DraftState::default()).is_empty()
        );
        assert_eq!(
            asked_products(&form, StakeholderGroup::Teacher, &using(&[2, 4], 7))
                .iter()
                .map(|p| p.id.0)
                .collect::<Vec<_>>(),
            [2, 4]
        );
        let mut counts = [0usize; 5];
        for seed in 0..5000u64 {
            let asked = asked_products(
                &form,
                StakeholderGroup::Teacher,
                &using(&[1, 2, 3, 4, 5], seed),
            );
            assert_eq!(asked.len(), 2, "the cap");
            assert!(asked[0].id.0 < asked[1].id.0, "survey order");
            assert_eq!(
                asked_products(
                    &form,
                    StakeholderGroup::Teacher,
                    &using(&[1, 2, 3, 4, 5], seed)
                )
                .len(),
                2
            );
            for p in asked {
                counts[(p.id.0 - 1) as usize] += 1;
            }
        }
        for c in counts {
            assert!((1800..2200).contains(&c), "coverage is even: {counts:?}");
        }
    }

    #[test]
    fn young_students_get_at_most_two_product_blocks_and_non_users_none() {
        let form = form(4, 5);
        for seed in 0..200u64 {
            let all = using(&[1, 2, 3, 4, 5], seed);
            let young = asked_products(&form, StakeholderGroup::YoungStudent, &all);
            assert_eq!(young.len(), YOUNG_STUDENT_PRODUCT_BLOCKS);
            assert_eq!(
                asked_products(&form, StakeholderGroup::Teacher, &all).len(),
                4
            );
        }
        let mut none = DraftState::default();
        none.answers.insert("q1".into(), Answer::NoneOfThese);
        assert!(asked_products(&form, StakeholderGroup::Teacher, &none).is_empty());
        let teacher = plan(&form, StakeholderGroup::Teacher, &none);
        assert_eq!(teacher.len(), 1, "only the product-use question is left");
        // Before the product-use question is answered, progress counts every block the cap
        // allows; after "None of these", only what everyone is asked.
        let unanswered = DraftState::default();
        assert_eq!(
            expected_questions(&form, StakeholderGroup::Teacher, &unanswered),
            1 + 4 * 4
        );
        assert_eq!(
            expected_questions(&form, StakeholderGroup::Teacher, &none),
            1
        );
    }

    #[test]
    fn one_construct_per_page_or_one_item_for_young_students() {
        let form = form(3, 2);
        let state = using(&[1, 2], 0);
        let teacher = plan(&form, StakeholderGroup::Teacher, &state);
        // routing; then per product: ease, support (2 items, gated follow-up), reliability.
        assert_eq!(teacher.len(), 1 + 2 * 3);
        let support = &teacher.pages[2];
        assert_eq!(support.len(), 2);
        assert_eq!(support[1].gate_field.as_deref(), Some("q3p1"));
        let young = plan(&form, StakeholderGroup::YoungStudent, &state);
        assert!(young.pages.iter().all(|p| p.len() == 1));
        // The follow-up's gate is on an earlier page for young students: hidden until "yes".
        assert!(!young.pages.iter().flatten().any(|q| q.item.id == 4));
        let mut yes = state.clone();
        yes.answers.insert("q3p1".into(), Answer::Value(1));
        let young = plan(&form, StakeholderGroup::YoungStudent, &yes);
        let shown: Vec<_> = young
            .pages
            .iter()
            .flatten()
            .filter(|q| q.item.id == 4)
            .map(|q| q.field.clone())
            .collect();
        assert_eq!(
            shown,
            ["q4p1"],
            "shown for the product whose answer was yes"
        );
    }
}

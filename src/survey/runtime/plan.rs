//! The pages one respondent sees: the items of their group, the product blocks of the
//! products they said they use (at most the survey's cap, sampled evenly when they use
//! more), one construct per page for teens and adults or one item per page for young
//! students, and skip logic applied to the answers so far.

use super::answers::{field_name, DraftState};
use super::form::{FormItem, SurveyForm};
use crate::db::models::respondent::ProductForRespondents;
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

/// The products asked about: those ticked on the routing item (every product when the
/// survey has none), and when there are more than the cap, a random `cap` of them drawn from
/// the draft's seed, so every product used is equally likely to be covered; survey order.
pub fn asked_products<'a>(
    form: &'a SurveyForm,
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
    let cap = usize::try_from(form.survey.product_cap).unwrap_or(0);
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

fn asks(item: &FormItem, group: StakeholderGroup, product: Option<&ProductForRespondents>) -> bool {
    item.groups.contains(&group)
        && !(item.kind == ItemKind::FeatureMatrix && product.is_none_or(|p| p.features.is_empty()))
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
    for product in asked_products(form, state) {
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

/// Whether a question marked with a same-page gate is shown for these answers.
pub fn gate_open(question: &Question<'_>, state: &DraftState) -> bool {
    match (&question.gate_field, &question.item.show_if) {
        (Some(field), Some(condition)) => {
            condition.matches(state.answers.get(field).and_then(super::Answer::number))
        }
        _ => true,
    }
}

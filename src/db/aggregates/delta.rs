//! Folding submitted answers into in-memory increments of the aggregate cells (pure).

use super::layout::AggregationLayout;
use crate::db::models::responses::{NewAnswer, NewResponse};
use crate::domain::{ItemKind, StakeholderGroup};
use crate::survey::kinds::{self, Refused, StoredAnswer, Touch};
use chrono::NaiveDate;
use std::collections::BTreeMap;

/// The key of an item cell: (item, product or 0, school, group).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CellKey {
    /// Survey item.
    pub survey_item_id: i32,
    /// Product, or 0 for a general item.
    pub product_id: i32,
    /// School.
    pub school_id: i32,
    /// Stakeholder group.
    pub group: StakeholderGroup,
}

/// The key of a construct cell: (survey, construct, product or 0, school, group).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ConstructKey {
    /// Survey.
    pub survey_id: i32,
    /// Construct.
    pub construct_key: String,
    /// Product, or 0.
    pub product_id: i32,
    /// School.
    pub school_id: i32,
    /// Stakeholder group.
    pub group: StakeholderGroup,
}

/// The key of a survey-level count: (survey, product or day, school, group).
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct SurveyCellKey<T> {
    /// Survey.
    pub survey_id: i32,
    /// Product (routing counts) or day (completion counts).
    pub what: T,
    /// School.
    pub school_id: i32,
    /// Stakeholder group.
    pub group: StakeholderGroup,
}

/// Increments of a construct cell: complete-case n, ΣT, ΣT², and per item Σx, Σx², Σx·T.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConstructIncrement {
    /// Complete cases.
    pub n: i64,
    /// Σ of respondent totals.
    pub sum_t: i64,
    /// Σ of squared respondent totals.
    pub sum_t2: i64,
    /// Per item: [Σx, Σx², Σx·T].
    pub items: Vec<[i64; 3]>,
}

/// Increments of a number cell.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NumberIncrement {
    /// Answers.
    pub n: i64,
    /// Σx.
    pub sum_x: i64,
    /// Σx².
    pub sum_x2: i64,
}

/// Everything a set of submissions adds to the aggregate tables of one district.
///
/// Ordered maps, so cells are always written in the same order: concurrent writers then take
/// row locks in the same order and cannot deadlock.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AggregateDelta {
    /// Scale cells: [c1..c5, does-not-apply].
    pub scale: BTreeMap<CellKey, [i64; 6]>,
    /// Recommend cells per value 0..=10.
    pub recommend: BTreeMap<(CellKey, i32), i64>,
    /// Choice cells per option number (1-based); option -1 counts respondents who answered.
    pub choice: BTreeMap<(CellKey, i32), i64>,
    /// Feature cells per feature: [uses, knows-not-uses, unaware, wants training].
    pub feature: BTreeMap<(CellKey, i32), [i64; 4]>,
    /// Number cells.
    pub number: BTreeMap<CellKey, NumberIncrement>,
    /// Number value counts.
    pub number_bins: BTreeMap<(CellKey, i64), i64>,
    /// Text cells: respondents who wrote something (the comment minimum's count).
    pub comments: BTreeMap<CellKey, i64>,
    /// Construct cells.
    pub construct: BTreeMap<ConstructKey, ConstructIncrement>,
    /// Routing: per product [asked, used].
    pub product_use: BTreeMap<SurveyCellKey<i32>, [i64; 2]>,
    /// Completed responses per day.
    pub responses: BTreeMap<SurveyCellKey<NaiveDate>, i64>,
}

/// An answer the aggregates cannot hold; the submission layer validates first, so this
/// signals a bug or tampering that got past it, and the whole submission is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum DeltaError {
    /// The response belongs to another survey or district than the layout.
    #[error("the response is for another survey")]
    WrongSurvey,
    /// The answer refers to an item outside the survey.
    #[error("item {0} is not part of this survey")]
    UnknownItem(i32),
    /// The value does not fit the item's kind.
    #[error("value {value:?} does not fit item {item} ({kind})")]
    BadValue {
        /// Item.
        item: i32,
        /// Its kind.
        kind: ItemKind,
        /// The value.
        value: Option<i64>,
    },
}

impl AggregateDelta {
    /// True when nothing would be written.
    pub fn is_empty(&self) -> bool {
        *self == AggregateDelta::default()
    }

    /// Folds one submitted response and its answers in.
    pub fn add(
        &mut self,
        layout: &AggregationLayout,
        response: &NewResponse,
        answers: &[NewAnswer],
    ) -> Result<(), DeltaError> {
        if response.survey_id != layout.survey_id.0 || response.district_id != layout.district.0 {
            return Err(DeltaError::WrongSurvey);
        }
        let group = response.stakeholder_group;
        let school_id = response.school_id;
        let survey_id = response.survey_id;
        *self
            .responses
            .entry(SurveyCellKey {
                survey_id,
                what: response.submitted_on,
                school_id,
                group,
            })
            .or_default() += 1;
        if let Some(routing) = layout.routing_item {
            for product in &layout.products {
                let used = answers
                    .iter()
                    .any(|a| a.survey_item_id == routing && a.product_id == Some(product.0));
                let cell = self
                    .product_use
                    .entry(SurveyCellKey {
                        survey_id,
                        what: product.0,
                        school_id,
                        group,
                    })
                    .or_default();
                cell[0] += 1;
                cell[1] += i64::from(used);
            }
        }
        let mut answered_choice: Vec<CellKey> = Vec::new();
        for answer in answers {
            let shape = layout
                .items
                .get(&answer.survey_item_id)
                .ok_or(DeltaError::UnknownItem(answer.survey_item_id))?;
            if Some(answer.survey_item_id) == layout.routing_item {
                continue;
            }
            let key = CellKey {
                survey_item_id: answer.survey_item_id,
                product_id: answer.product_id.unwrap_or(0),
                school_id,
                group,
            };
            let stored = StoredAnswer {
                value: answer.value,
                not_applicable: answer.not_applicable,
                feature: answer.feature_id,
                wants_training: answer.wants_training,
                text: answer.text_value.as_deref(),
            };
            let touch =
                kinds::of(shape.kind)
                    .touches(&stored)
                    .map_err(|Refused| DeltaError::BadValue {
                        item: answer.survey_item_id,
                        kind: shape.kind,
                        value: answer.value,
                    })?;
            match touch {
                Touch::Nothing => {}
                Touch::Scale(index) => self.scale.entry(key).or_default()[index] += 1,
                Touch::Recommend(v) => *self.recommend.entry((key, v)).or_default() += 1,
                Touch::Choice(option) => {
                    if !answered_choice.contains(&key) {
                        answered_choice.push(key.clone());
                        *self.choice.entry((key.clone(), -1)).or_default() += 1;
                    }
                    if let Some(option) = option {
                        *self.choice.entry((key, option)).or_default() += 1;
                    }
                }
                Touch::Feature {
                    feature,
                    state,
                    training,
                } => {
                    let cell = self.feature.entry((key, feature)).or_default();
                    cell[state] += 1;
                    cell[3] += i64::from(training);
                }
                Touch::Number(v) => {
                    let cell = self.number.entry(key.clone()).or_default();
                    cell.n += 1;
                    cell.sum_x += v;
                    cell.sum_x2 += v * v;
                    *self.number_bins.entry((key, v)).or_default() += 1;
                }
                Touch::Comment => *self.comments.entry(key).or_default() += 1,
            }
        }
        self.add_constructs(layout, survey_id, school_id, group, answers);
        Ok(())
    }

    /// Complete cases of each (construct, product) this respondent answered.
    fn add_constructs(
        &mut self,
        layout: &AggregationLayout,
        survey_id: i32,
        school_id: i32,
        group: StakeholderGroup,
        answers: &[NewAnswer],
    ) {
        let Some(constructs) = layout.constructs.get(&group) else {
            return;
        };
        let mut products: Vec<i32> = answers.iter().map(|a| a.product_id.unwrap_or(0)).collect();
        products.sort_unstable();
        products.dedup();
        for (construct_key, item_ids) in constructs {
            for product in &products {
                let values: Option<Vec<i64>> = item_ids
                    .iter()
                    .map(|item| {
                        answers
                            .iter()
                            .find(|a| {
                                a.survey_item_id == *item
                                    && a.product_id.unwrap_or(0) == *product
                                    && !a.not_applicable
                            })
                            .and_then(|a| a.value)
                    })
                    .collect();
                let Some(values) = values else { continue };
                let total: i64 = values.iter().sum();
                let cell = self
                    .construct
                    .entry(ConstructKey {
                        survey_id,
                        construct_key: construct_key.clone(),
                        product_id: *product,
                        school_id,
                        group,
                    })
                    .or_insert_with(|| ConstructIncrement {
                        items: vec![[0; 3]; values.len()],
                        ..ConstructIncrement::default()
                    });
                cell.n += 1;
                cell.sum_t += total;
                cell.sum_t2 += total * total;
                for (sums, x) in cell.items.iter_mut().zip(&values) {
                    sums[0] += x;
                    sums[1] += x * x;
                    sums[2] += x * total;
                }
            }
        }
    }
}

impl AggregateDelta {
    /// Adds another delta's increments to this one (combining submissions of one batch).
    pub fn merge(&mut self, other: AggregateDelta) {
        fn add_all<K: Ord, V>(
            into: &mut BTreeMap<K, V>,
            from: BTreeMap<K, V>,
            add: impl Fn(&mut V, V),
        ) {
            for (k, v) in from {
                match into.entry(k) {
                    std::collections::btree_map::Entry::Occupied(mut e) => add(e.get_mut(), v),
                    std::collections::btree_map::Entry::Vacant(e) => {
                        e.insert(v);
                    }
                }
            }
        }
        fn sum_arrays<const N: usize>(a: &mut [i64; N], b: [i64; N]) {
            for (x, y) in a.iter_mut().zip(b) {
                *x += y;
            }
        }
        add_all(&mut self.scale, other.scale, sum_arrays);
        add_all(&mut self.recommend, other.recommend, |a, b| *a += b);
        add_all(&mut self.choice, other.choice, |a, b| *a += b);
        add_all(&mut self.feature, other.feature, sum_arrays);
        add_all(&mut self.number, other.number, |a, b| {
            a.n += b.n;
            a.sum_x += b.sum_x;
            a.sum_x2 += b.sum_x2;
        });
        add_all(&mut self.number_bins, other.number_bins, |a, b| *a += b);
        add_all(&mut self.comments, other.comments, |a, b| *a += b);
        add_all(&mut self.construct, other.construct, |a, b| {
            a.n += b.n;
            a.sum_t += b.sum_t;
            a.sum_t2 += b.sum_t2;
            if a.items.len() < b.items.len() {
                a.items.resize(b.items.len(), [0; 3]);
            }
            for (x, y) in a.items.iter_mut().zip(b.items) {
                sum_arrays(x, y);
            }
        });
        add_all(&mut self.product_use, other.product_use, sum_arrays);
        add_all(&mut self.responses, other.responses, |a, b| *a += b);
    }
}

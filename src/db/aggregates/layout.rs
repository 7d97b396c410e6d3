//! How a survey's items map onto aggregate cells: item kinds, the routing item, and which
//! scale items make up each construct for each stakeholder group.

use crate::db::models::surveys::SurveyItemRow;
use crate::domain::{DistrictId, ItemKind, ProductId, StakeholderGroup, SurveyId};
use crate::survey::kinds;
use std::collections::{BTreeMap, HashMap};

/// What the aggregation needs to know about one item.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ItemShape {
    /// Kind of answer.
    pub kind: ItemKind,
    /// Construct the item belongs to.
    pub construct_key: String,
}

/// A survey's aggregation plan, built once from its frozen items.
#[derive(Debug, Clone)]
pub struct AggregationLayout {
    /// District owning the survey.
    pub district: DistrictId,
    /// Survey.
    pub survey_id: SurveyId,
    /// Products of the survey, in order (everyone answering the routing item was asked about each).
    pub products: Vec<ProductId>,
    /// The routing item ("which of these do you use?"), if the survey has one.
    pub routing_item: Option<i32>,
    /// Item id → shape.
    pub items: HashMap<i32, ItemShape>,
    /// Per group: construct key → its scale items in survey order (the construct's k items).
    pub constructs: HashMap<StakeholderGroup, BTreeMap<String, Vec<i32>>>,
}

/// A frozen item whose stored text does not parse (a corrupted row).
#[derive(Debug, thiserror::Error)]
#[error("survey item {item_id} cannot be aggregated: {reason}")]
pub struct LayoutError {
    /// The item.
    pub item_id: i32,
    /// What is wrong.
    pub reason: String,
}

/// Parses the comma-separated groups column.
pub fn parse_groups(text: &str) -> Result<Vec<StakeholderGroup>, crate::domain::ParseError> {
    text.split(',')
        .filter(|s| !s.trim().is_empty())
        .map(str::parse)
        .collect()
}

impl AggregationLayout {
    /// Builds the layout from the survey's items (in survey order) and products.
    pub fn new(
        district: DistrictId,
        survey_id: SurveyId,
        items: &[SurveyItemRow],
        products: Vec<ProductId>,
    ) -> Result<Self, LayoutError> {
        let mut shapes = HashMap::new();
        let mut constructs: HashMap<StakeholderGroup, BTreeMap<String, Vec<i32>>> = HashMap::new();
        let mut routing_item = None;
        for item in items {
            let error = |reason: String| LayoutError {
                item_id: item.id,
                reason,
            };
            let kind = item.kind;
            let groups = parse_groups(&item.groups).map_err(|e| error(format!("{e}")))?;
            if item.tag.as_deref() == Some("product_use") {
                routing_item = Some(item.id);
            }
            if kinds::of(kind).counts_in_construct() {
                for group in &groups {
                    constructs
                        .entry(*group)
                        .or_default()
                        .entry(item.construct_key.clone())
                        .or_default()
                        .push(item.id);
                }
            }
            shapes.insert(
                item.id,
                ItemShape {
                    kind,
                    construct_key: item.construct_key.clone(),
                },
            );
        }
        Ok(AggregationLayout {
            district,
            survey_id,
            products,
            routing_item,
            items: shapes,
            constructs,
        })
    }
}

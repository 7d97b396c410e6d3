//! A product's verdict evidence from a survey's aggregates: value, ease, use, feature
//! awareness, confidence, training demand, vendor support and cost per active user.

use crate::db::aggregates::AggregateDelta;
use crate::db::models::products::ProductRow;
use crate::db::models::surveys::SurveyItemRow;
use crate::domain::{Language, SeatUnit, StakeholderGroup};
use crate::stats::{
    construct_favourable, cost_per_active_user, wilson, Estimate, FeatureCounts, FeatureEvidence,
    ProductEvidence, ScaleCounts,
};
use std::collections::HashMap;

/// Which cells of the survey a view includes (a coordinator's schools, a chosen group…).
pub trait CellFilter {
    /// Whether answers from this school and group count.
    fn includes(&self, school_id: i32, group: StakeholderGroup) -> bool;

    /// The respondent language the filter keeps (`None`: every language). A report reads
    /// such cells from that language's aggregates instead of those of every language.
    fn language(&self) -> Option<Language> {
        None
    }

    /// The one school × group cell the filter keeps, when it keeps exactly one (then a
    /// report reads that cell's own aggregates rather than filtering all of them).
    fn single_cell(&self) -> Option<(i32, StakeholderGroup)> {
        None
    }
}

/// Every cell: the district-wide view.
pub struct AllCells;

impl CellFilter for AllCells {
    fn includes(&self, _: i32, _: StakeholderGroup) -> bool {
        true
    }
}

/// The groups whose use a licence pays for: per-student seats are used by students, per-teacher
/// seats by staff; a school or site licence covers everyone surveyed.
fn seat_holders(seat_unit: SeatUnit) -> Option<&'static [StakeholderGroup]> {
    match seat_unit {
        SeatUnit::Student => Some(&[StakeholderGroup::YoungStudent, StakeholderGroup::Student]),
        SeatUnit::Teacher => Some(&[StakeholderGroup::Teacher, StakeholderGroup::Coordinator]),
        SeatUnit::School | SeatUnit::Site => None,
    }
}

/// Option of the "training wanted" item that means "a lot more" (see confidence_training.toml).
const WANTS_A_LOT_MORE: i32 = 3;

/// Summed scale counts per item of the product, for the items picked by `wanted`.
fn scale_cells(
    snapshot: &AggregateDelta,
    items: &HashMap<i32, &SurveyItemRow>,
    product_id: i32,
    filter: &dyn CellFilter,
    wanted: impl Fn(&SurveyItemRow) -> bool,
) -> Vec<ScaleCounts> {
    let mut per_item: HashMap<i32, ScaleCounts> = HashMap::new();
    for (key, c) in &snapshot.scale {
        let Some(item) = items.get(&key.survey_item_id) else {
            continue;
        };
        if key.product_id != product_id
            || !wanted(item)
            || !filter.includes(key.school_id, key.group)
        {
            continue;
        }
        let cell = ScaleCounts {
            counts: [c[0], c[1], c[2], c[3], c[4]].map(|v| u64::try_from(v).unwrap_or(0)),
            not_applicable: u64::try_from(c[5]).unwrap_or(0),
        };
        per_item.entry(key.survey_item_id).or_default().merge(&cell);
    }
    per_item.into_values().collect()
}

fn favourable_of(
    snapshot: &AggregateDelta,
    items: &HashMap<i32, &SurveyItemRow>,
    product_id: i32,
    filter: &dyn CellFilter,
    wanted: impl Fn(&SurveyItemRow) -> bool,
) -> Option<Estimate> {
    construct_favourable(&scale_cells(snapshot, items, product_id, filter, wanted))
        .as_ref()
        .map(Estimate::from)
}

/// Builds the evidence for one product (without the district median, which needs every product).
pub fn product_evidence(
    snapshot: &AggregateDelta,
    items: &[SurveyItemRow],
    product: &ProductRow,
    filter: &dyn CellFilter,
) -> ProductEvidence {
    let by_id: HashMap<i32, &SurveyItemRow> = items.iter().map(|i| (i.id, i)).collect();
    let pid = product.id;
    let construct = |key: &'static str| move |i: &SurveyItemRow| i.construct_key == key;
    let tagged = |tag: &'static str| move |i: &SurveyItemRow| i.tag.as_deref() == Some(tag);

    let holders = seat_holders(product.seat_unit);
    let (asked, used) = snapshot
        .product_use
        .iter()
        .filter(|(k, _)| k.what == pid && filter.includes(k.school_id, k.group))
        .filter(|(k, _)| holders.is_none_or(|h| h.contains(&k.group)))
        .fold((0i64, 0i64), |(a, u), (_, c)| (a + c[0], u + c[1]));
    let use_rate = wilson(
        u64::try_from(used).unwrap_or(0),
        u64::try_from(asked).unwrap_or(0),
    )
    .as_ref()
    .map(Estimate::from);

    let mut features: HashMap<i32, FeatureCounts> = HashMap::new();
    for ((key, feature), c) in &snapshot.feature {
        if key.product_id == pid && filter.includes(key.school_id, key.group) {
            features.entry(*feature).or_default().merge(&FeatureCounts {
                uses: u64::try_from(c[0]).unwrap_or(0),
                knows_not_uses: u64::try_from(c[1]).unwrap_or(0),
                unaware: u64::try_from(c[2]).unwrap_or(0),
                wants_training: u64::try_from(c[3]).unwrap_or(0),
            });
        }
    }
    let mut feature_evidence: Vec<FeatureEvidence> = features
        .iter()
        .filter_map(|(id, counts)| {
            counts.awareness().map(|p| FeatureEvidence {
                feature_id: i64::from(*id),
                awareness: Estimate::from(&p),
            })
        })
        .collect();
    feature_evidence.sort_by_key(|f| f.feature_id);

    let (wanted_answers, wants_a_lot) = snapshot
        .choice
        .iter()
        .filter(|((key, _), _)| {
            key.product_id == pid
                && filter.includes(key.school_id, key.group)
                && by_id
                    .get(&key.survey_item_id)
                    .is_some_and(|i| tagged("training_wanted")(i))
        })
        .fold((0i64, 0i64), |(n, a), ((_, option), count)| match *option {
            -1 => (n + count, a),
            WANTS_A_LOT_MORE => (n, a + count),
            _ => (n, a),
        });
    let training_demand = wilson(
        u64::try_from(wants_a_lot).unwrap_or(0),
        u64::try_from(wanted_answers).unwrap_or(0),
    )
    .as_ref()
    .map(Estimate::from);

    let cost = product.annual_cost_cents as f64 / 100.0;
    let seats = u64::try_from(product.licensed_seats).unwrap_or(0);
    ProductEvidence {
        value: favourable_of(snapshot, &by_id, pid, filter, construct("impact")),
        ease_of_use: favourable_of(snapshot, &by_id, pid, filter, construct("ease_of_use")),
        use_rate,
        features: feature_evidence,
        confidence: favourable_of(snapshot, &by_id, pid, filter, tagged("confidence")),
        // Needs a cross-tabulation of value by confidence, which the aggregates do not keep.
        value_among_confident: None,
        training_demand,
        support: favourable_of(snapshot, &by_id, pid, filter, tagged("support_rating")),
        previous_support: None,
        // Seats × use rate counts people only when seats are people.
        cost_per_active_user: holders
            .and(use_rate)
            .and_then(|u| cost_per_active_user(cost, seats, &u)),
        district_median_cost: None,
    }
}

/// The median of the products' cost-per-active-user point estimates.
pub fn median_cost(evidence: &[ProductEvidence]) -> Option<f64> {
    let mut costs: Vec<f64> = evidence
        .iter()
        .filter_map(|e| e.cost_per_active_user.map(|c| c.value))
        .collect();
    if costs.is_empty() {
        return None;
    }
    costs.sort_by(f64::total_cmp);
    let mid = costs.len() / 2;
    Some(if costs.len().is_multiple_of(2) {
        (costs[mid - 1] + costs[mid]) / 2.0
    } else {
        costs[mid]
    })
}

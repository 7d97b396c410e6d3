//! The verdict for every product of a survey wave, with its evidence.

use super::evidence::{median_cost, product_evidence, CellFilter};
use crate::db::aggregates::snapshot::{snapshot, SnapshotError};
use crate::db::aggregates::AggregateDelta;
use crate::db::models::products::ProductRow;
use crate::db::models::surveys::SurveyItemRow;
use crate::db::models::{districts, products, surveys};
use crate::db::AnyConnection;
use crate::domain::{DistrictId, SurveyId};
use crate::stats::{decide, ProductEvidence, VerdictOutcome, VerdictThresholds};
use serde::Serialize;

/// One product's verdict in a wave.
#[derive(Debug, Clone, Serialize)]
pub struct ProductVerdict {
    /// Product name.
    pub product: String,
    /// Public id of the product.
    pub product_public_id: String,
    /// What the verdict was decided on.
    pub evidence: ProductEvidence,
    /// The verdict and the rules that fired.
    pub outcome: VerdictOutcome,
}

/// The district's thresholds: its stored JSON overrides on top of the defaults.
///
/// Stored settings that no longer parse fall back to the defaults (and are logged), so a
/// report never fails on them; the settings form validates them before they are saved.
pub fn thresholds(verdict_settings: &str) -> VerdictThresholds {
    serde_json::from_str(verdict_settings).unwrap_or_else(|e| {
        tracing::warn!(error = %e, "verdict settings do not parse; using the defaults");
        VerdictThresholds::default()
    })
}

/// Decides every product of the survey over the cells the filter admits.
pub fn for_survey(
    conn: &mut AnyConnection,
    district: DistrictId,
    survey: SurveyId,
    filter: &dyn CellFilter,
) -> Result<Vec<ProductVerdict>, SnapshotError> {
    let district_row = districts::find(conn, district)?;
    let limits = thresholds(&district_row.verdict_settings);
    let snap = snapshot(conn, district, survey, None)?;
    let items = surveys::items(conn, district, survey)?;
    let in_survey = surveys::products_of(conn, district, survey)?;
    let rows: Vec<_> = products::list(conn, district)?
        .into_iter()
        .filter(|p| in_survey.contains(&p.product_id()))
        .collect();
    Ok(decide_all(&snap, &items, &rows, &limits, filter))
}

/// Decides the given products from an already read snapshot (the median cost per active user
/// is taken over exactly these products).
pub fn decide_all(
    snap: &AggregateDelta,
    items: &[SurveyItemRow],
    rows: &[ProductRow],
    limits: &VerdictThresholds,
    filter: &dyn CellFilter,
) -> Vec<ProductVerdict> {
    let mut evidence: Vec<ProductEvidence> = rows
        .iter()
        .map(|p| product_evidence(snap, items, p, filter))
        .collect();
    let median = median_cost(&evidence);
    for e in &mut evidence {
        e.district_median_cost = median;
    }
    rows.iter()
        .zip(evidence)
        .map(|(product, evidence)| ProductVerdict {
            outcome: decide(&evidence, limits),
            product: product.name.clone(),
            product_public_id: product.public_id.clone(),
            evidence,
        })
        .collect()
}

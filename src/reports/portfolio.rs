//! The district portfolio: every product's verdict and headline figures from the newest
//! closed survey wave that covers it (an open wave only when none has closed), limited to the
//! viewer's schools. The figures are read off the product's own report for the viewer (its
//! value row, use rate and cost, as built and suppressed for that view), so the portfolio
//! never shows a figure the report withholds.

use super::build::{build, GROUP_ALL};
use super::cells::View;
use super::load::{load, visible_surveys, LoadError};
use super::product::Stat;
use crate::db::aggregates::cache::SnapshotCache;
use crate::db::models::{products, surveys};
use crate::db::AnyConnection;
use crate::domain::{DistrictId, Language, SurveyId, SurveyStatus};
use crate::survey::bank::QuestionBank;
use serde::Serialize;
use std::collections::HashSet;

/// One product's line.
#[derive(Debug, Clone, Serialize)]
pub struct PortfolioLine {
    /// Product name.
    pub product: String,
    /// Link to its report.
    pub href: String,
    /// Survey title and wave the figures come from.
    pub wave: String,
    /// Verdict key (for sorting and the class).
    pub verdict: String,
    /// Verdict in words.
    pub verdict_label: String,
    /// Percent favourable on value, as printed.
    pub favourable: String,
    /// Use rate, as printed.
    pub use_rate: String,
    /// Cost per active user, as printed.
    pub cost: String,
    /// Contract end, ISO 8601 ("" if none).
    pub contract_end: String,
    #[serde(skip)]
    sort_favourable: f64,
    #[serde(skip)]
    sort_use: f64,
}

/// How the table is sorted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SortBy {
    /// Next contract end first (products without one last).
    Renewal,
    /// Product name.
    Name,
    /// Verdict (most urgent first).
    Verdict,
    /// Percent favourable, highest first.
    Favourable,
    /// Use rate, highest first.
    Use,
}

impl SortBy {
    /// Parses the `sort` query value; `None` for an unknown one.
    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "" | "renewal" => Self::Renewal,
            "name" => Self::Name,
            "verdict" => Self::Verdict,
            "favourable" => Self::Favourable,
            "use" => Self::Use,
            _ => return None,
        })
    }
}

/// A figure as the report prints it, and the number to sort by (withheld and empty last).
fn shown(stat: Option<&Stat>) -> (String, f64) {
    match stat {
        Some(s) => match (s.withheld.is_none(), s.value) {
            (true, Some(v)) => (s.text.clone(), v),
            _ => (s.text.clone(), -1.0),
        },
        None => ("no answers".into(), -1.0),
    }
}

fn urgency(verdict: &str) -> u8 {
    match verdict {
        "replace" => 0,
        "reconsider_vendor" => 1,
        "repair_training" => 2,
        "repair_adoption" => 3,
        "renew" => 4,
        _ => 5,
    }
}

/// The portfolio for a viewer (scope `None`: the whole district).
pub fn portfolio(
    conn: &mut AnyConnection,
    snapshots: &SnapshotCache,
    bank: &QuestionBank,
    district: DistrictId,
    scope: Option<Vec<i32>>,
    sort: SortBy,
) -> Result<Vec<PortfolioLine>, LoadError> {
    let ids: Option<Vec<crate::domain::SchoolId>> = scope
        .as_ref()
        .map(|s| s.iter().copied().map(crate::domain::SchoolId).collect());
    let view = View {
        scope,
        ..View::default()
    };
    let all_products = products::list(conn, district)?;
    let mut done: HashSet<i32> = HashSet::new();
    let mut lines = Vec::new();
    let mut waves = visible_surveys(conn, district, ids.as_deref())?;
    // Finished waves speak for a product before one still collecting answers; drafts have none.
    waves.retain(|s| s.status != SurveyStatus::Draft);
    waves.sort_by_key(|s| {
        (
            s.status != SurveyStatus::Closed,
            std::cmp::Reverse(s.opens_at),
        )
    });
    for survey in waves {
        let in_survey = surveys::products_of(conn, district, SurveyId(survey.id))?;
        let rows: Vec<_> = all_products
            .iter()
            .filter(|p| in_survey.contains(&p.product_id()) && !done.contains(&p.id))
            .cloned()
            .collect();
        for row in rows {
            let inputs = match load(
                conn,
                snapshots,
                district,
                &survey.public_id,
                &row.public_id,
                &view,
                false,
            ) {
                Ok(inputs) => inputs,
                Err(LoadError::NotFound) => continue,
                Err(e) => return Err(e),
            };
            let report = build(&inputs, &view, bank, Language::English, None);
            done.insert(row.id);
            let value = report
                .constructs
                .iter()
                .find(|r| r.construct == "impact" && r.group == GROUP_ALL)
                .map(|r| &r.favourable);
            let (favourable, sort_favourable) = shown(value);
            let adoption = report.adoption.iter().find(|r| r.group == GROUP_ALL);
            let (use_rate, sort_use) = shown(adoption.map(|r| &r.stat));
            let cost = match (
                &report.cost_per_active_user,
                inputs.verdict.evidence.cost_per_active_user,
            ) {
                (Some(_), Some(c)) => format!("{} {:.2}", row.currency, c.value),
                _ => "—".into(),
            };
            lines.push(PortfolioLine {
                product: row.name.clone(),
                href: format!("/reports/{}/{}", survey.public_id, row.public_id),
                wave: format!("{}, {}", survey.title, survey.wave),
                verdict: report.summary.verdict.clone(),
                verdict_label: report.summary.verdict_label.clone(),
                favourable,
                use_rate,
                cost,
                contract_end: row.contract_end.map(|d| d.to_string()).unwrap_or_default(),
                sort_favourable,
                sort_use,
            });
        }
    }
    match sort {
        SortBy::Renewal => lines.sort_by(|a, b| {
            (a.contract_end.is_empty(), &a.contract_end, &a.product).cmp(&(
                b.contract_end.is_empty(),
                &b.contract_end,
                &b.product,
            ))
        }),
        SortBy::Name => lines.sort_by(|a, b| a.product.cmp(&b.product)),
        SortBy::Verdict => lines.sort_by_key(|l| (urgency(&l.verdict), l.product.clone())),
        SortBy::Favourable => lines.sort_by(|a, b| b.sort_favourable.total_cmp(&a.sort_favourable)),
        SortBy::Use => lines.sort_by(|a, b| b.sort_use.total_cmp(&a.sort_use)),
    }
    Ok(lines)
}

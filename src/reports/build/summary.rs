//! The summary: the verdict, its evidence as plain sentences, and responses per group.

use super::cited::{without_figures, Shown};
use super::group_rows::{base, protect, shown_in};
use super::{Sums, GROUP_ALL};
use crate::domain::StakeholderGroup;
use crate::reports::cells::{count_stat, proportion_stat, Check, Minimums, View};
use crate::reports::load::ReportInputs;
use crate::reports::product::{ResponseRow, Stat, Summary};
use crate::reports::rate::{ResponseRate, OVER_EXPECTED};
use crate::stats::{wilson, Estimate, Evidence, Verdict};

/// The verdict's key (stable, for CSV and JSON) and its words.
pub fn verdict_names(v: Verdict) -> (&'static str, &'static str) {
    match v {
        Verdict::Renew => ("renew", "Renew"),
        Verdict::RepairAdoption => ("repair_adoption", "Repair adoption"),
        Verdict::RepairTraining => ("repair_training", "Repair training"),
        Verdict::ReconsiderVendor => ("reconsider_vendor", "Reconsider vendor"),
        Verdict::Replace => ("replace", "Replace"),
        Verdict::NotEnoughData => ("not_enough_data", "Not enough data"),
    }
}

fn pct(v: f64) -> String {
    format!("{:.0}%", 100.0 * v)
}

/// "62% (95% CI 55–69%, n = 140)", or the reason it is withheld.
fn est(e: &Estimate, min: u64) -> String {
    if e.n < min {
        return format!("(withheld: fewer than {min} answers)");
    }
    format!(
        "{} (95% CI {:.0}–{:.0}%, n = {})",
        pct(e.value),
        100.0 * e.low,
        100.0 * e.high,
        e.n
    )
}

/// One fired rule as a sentence a superintendent can read.
pub fn sentence(e: &Evidence, features: &[(i64, String)], currency: &str, min: u64) -> String {
    match e {
        Evidence::ValueMissing => "Nobody answered the value questions yet.".into(),
        Evidence::TooFewResponses { n, min } => {
            format!("Only {n} people answered the value questions; at least {min} are needed to judge.")
        }
        Evidence::ValueImprecise { value, max_width } => format!(
            "Value is still uncertain: {} favourable, an interval wider than {} points.",
            est(value, min),
            (100.0 * max_width).round()
        ),
        Evidence::ValueClearlyLow { value, threshold } => format!(
            "Value is clearly low: only {} rate it favourably (below {}).",
            est(value, min),
            pct(*threshold)
        ),
        Evidence::SupportClearlyPoor { support, threshold } => format!(
            "Vendor support is clearly poor: only {} of those who contacted support were satisfied (below {}).",
            est(support, min),
            pct(*threshold)
        ),
        Evidence::SupportDeclined { current, previous, .. } => format!(
            "Vendor support fell from {} last wave to {}.",
            est(previous, min),
            est(current, min)
        ),
        Evidence::ConfidenceGap { confidence, value_among_confident, .. } => format!(
            "Only {} of users feel confident with it, while {} of confident users value it.",
            est(confidence, min),
            est(value_among_confident, min)
        ),
        Evidence::HighTrainingDemand { demand, threshold } => format!(
            "{} of users want a lot more training (more than {}).",
            est(demand, min),
            pct(*threshold)
        ),
        Evidence::LowUse { use_rate, threshold } => format!(
            "Only {} of those asked use it (below {}).",
            est(use_rate, min),
            pct(*threshold)
        ),
        Evidence::LowFeatureAwareness { feature_id, awareness, threshold } => {
            let name = features
                .iter()
                .find(|(id, _)| id == feature_id)
                .map_or("a licensed feature", |(_, n)| n.as_str());
            format!(
                "Only {} of respondents know “{name}” exists (below {}).",
                est(awareness, min),
                pct(*threshold)
            )
        }
        Evidence::CostAboveMedian { cost, median, ratio } => format!(
            "Cost per active user is {currency} {:.2} (at least {currency} {:.2}), more than {ratio} times the district median of {currency} {median:.2}.",
            cost.value, cost.low
        ),
        Evidence::ValueNotClearlyHigh { value, threshold } => format!(
            "Value is middling: {} favourable, not clearly above {}.",
            est(value, min),
            pct(*threshold)
        ),
        Evidence::ValueClearlyHigh { value, threshold } => format!(
            "Value is clearly high: {} rate it favourably (above {}).",
            est(value, min),
            pct(*threshold)
        ),
    }
}

/// The report's feature names by id, as the evidence names features.
pub fn feature_names(inputs: &ReportInputs) -> Vec<(i64, String)> {
    inputs
        .features
        .iter()
        .map(|f| (i64::from(f.id), f.name.clone()))
        .collect()
}

/// Builds the summary section; each evidence sentence prints its figures only where the
/// view's protected tables (`shown`) show them.
pub fn build(
    inputs: &ReportInputs,
    view: &View,
    mins: &Minimums,
    sums: &Sums,
    shown: &Shown<'_>,
) -> Summary {
    let (key, label) = verdict_names(inputs.verdict.outcome.verdict);
    let evidence = inputs
        .verdict
        .outcome
        .evidence
        .iter()
        .map(|e| {
            if shown.cites_only_shown(e) {
                sentence(
                    e,
                    shown.feature_names,
                    &inputs.product.currency,
                    mins.pooled(),
                )
            } else {
                without_figures(e)
            }
        })
        .collect();
    let whole = base(view);
    let mut rows: Vec<(Option<StakeholderGroup>, u64, u64, Stat)> =
        super::groups_of(inputs, &whole)
            .into_iter()
            .map(|group| {
                let min = group.map_or(mins.pooled(), |g| mins.group(g));
                let (n, check) = sums.responses(&whole, group, min);
                let expected: u64 = inputs
                    .schools
                    .iter()
                    .filter(|s| view.school.is_none_or(|id| id == s.id))
                    .map(|s| inputs.asked.expected(s, group))
                    .sum();
                (group, n, expected, count_stat(n, check))
            })
            .collect();
    protect(rows.iter_mut().map(|(g, n, _, s)| (*g, *n, s)), mins);
    let responses = rows
        .into_iter()
        .filter(|(g, ..)| shown_in(view, *g))
        .map(|(group, n, expected, completed)| {
            let measured = ResponseRate::of(n, expected);
            let shown = completed.withheld.is_none() && expected > 0;
            let rate = match measured {
                _ if completed.withheld.is_some() => crate::reports::cells::empty_stat(),
                ResponseRate::Share { value } => {
                    let mut r = proportion_stat(wilson(n, expected).as_ref(), Check::primary(0));
                    r.text = pct(value);
                    r
                }
                // No interval: a share of the headcount cannot exceed it, so the
                // headcount (not the sample) is what is wrong.
                ResponseRate::OverExpected { value } => Stat {
                    n: Some(expected),
                    value: Some(value),
                    low: None,
                    high: None,
                    text: format!("{} — {OVER_EXPECTED}", pct(value)),
                    withheld: None,
                },
                ResponseRate::NoHeadcount => Stat {
                    text: "no expected count".into(),
                    ..crate::reports::cells::empty_stat()
                },
            };
            ResponseRow {
                group: group.map_or(GROUP_ALL, |g| g.label()).to_string(),
                completed,
                expected: shown.then_some(expected),
                rate_flag: if shown { measured.flag() } else { None }.map(str::to_string),
                rate,
            }
        })
        .collect();
    Summary {
        verdict: key.into(),
        verdict_label: label.into(),
        evidence,
        responses,
    }
}

//! Benchmarks across districts: per construct, the same product's percent favourable pooled
//! over other districts that opted in, beside this view's own figure. Shown only when at least
//! [`MIN_OTHER_DISTRICTS`] districts contribute and the pool reaches this district's pooled
//! minimum; no district is ever named.

use super::constructs::{construct_keys, construct_name};
use crate::db::models::pooled_benchmarks::PooledCounts;
use crate::domain::Language;
use crate::reports::cells::{
    empty_stat, hidden_stat, percent_text, proportion_stat, Check, Minimums,
};
use crate::reports::load::ReportInputs;
use crate::reports::product::{ConstructRow, PooledBenchmarks, PooledRow, Stat};
use crate::stats::{favourable_share, Hidden};
use crate::survey::bank::QuestionBank;

/// Other districts that must contribute before a pooled figure is shown: with fewer, a
/// district that knows its own figure and one other's could work out the rest.
pub const MIN_OTHER_DISTRICTS: u64 = 3;

/// A pooled figure that is not shown because too few districts contribute (no number, and
/// not how many districts there are).
fn not_enough_districts() -> Stat {
    Stat {
        n: None,
        value: None,
        low: None,
        high: None,
        text: "not enough districts".into(),
        withheld: Some("not enough districts".into()),
    }
}

/// One construct's row from the pooled counts.
fn row(
    counts: PooledCounts,
    own: Stat,
    (construct, name): (String, String),
    product: &str,
    min: u64,
) -> PooledRow {
    let share = (counts.districts >= MIN_OTHER_DISTRICTS)
        .then(|| favourable_share(counts.favourable, counts.answers, counts.respondents))
        .flatten();
    let Some(share) = share else {
        return PooledRow {
            text: format!(
                "Not enough other districts using {product} share benchmarks yet \
                 (at least {MIN_OTHER_DISTRICTS} are needed)."
            ),
            construct,
            name,
            own,
            districts: None,
            pooled: not_enough_districts(),
        };
    };
    let districts = counts.districts;
    if share.n < min {
        return PooledRow {
            text: format!(
                "Across {districts} other districts using {product}: fewer than {min} \
                 respondents pooled."
            ),
            construct,
            name,
            own,
            districts: Some(districts),
            pooled: hidden_stat(Hidden::Primary { n: share.n, min }),
        };
    }
    let pooled = proportion_stat(Some(&share), Check::primary(min));
    let interval = match (pooled.low, pooled.high) {
        (Some(low), Some(high)) => format!("95% CI {:.0}–{:.0}%, ", 100.0 * low, 100.0 * high),
        _ => String::new(),
    };
    PooledRow {
        text: format!(
            "Across {districts} other districts using {product}: {} favourable ({interval}n = {})",
            percent_text(share.p, share.n),
            share.n
        ),
        construct,
        name,
        own,
        districts: Some(districts),
        pooled,
    }
}

/// The section, when the district opted in (`inputs.pooled` is read only then).
pub fn pooled(
    inputs: &ReportInputs,
    mins: &Minimums,
    constructs: &[ConstructRow],
    bank: &QuestionBank,
    language: Language,
) -> Option<PooledBenchmarks> {
    let pooled = inputs.pooled.as_ref()?;
    let min = mins.pooled();
    let rows = construct_keys(inputs)
        .into_iter()
        .map(|key| {
            let own = constructs
                .iter()
                .find(|c| c.construct == key)
                .map_or_else(empty_stat, |c| c.favourable.clone());
            let counts = pooled.get(&key).copied().unwrap_or_default();
            let name = construct_name(bank, &key, language);
            row(counts, own, (key, name), &inputs.product.name, min)
        })
        .collect();
    Some(PooledBenchmarks {
        min_districts: MIN_OTHER_DISTRICTS,
        min_n: min,
        note: format!(
            "Percent favourable of the same product (same vendor and name) in other districts \
             that share benchmarks, every group and school pooled, from each district's most \
             recent closed survey of it. Shown when at least {MIN_OTHER_DISTRICTS} other \
             districts contribute and at least {min} respondents are pooled; no district is named."
        ),
        rows,
    })
}

//! Cross-district benchmarks: **the one exception to the scoping rule** of the data rules
//! (`docs/architecture.md`), which otherwise keeps every query inside the caller's district.
//!
//! It reads the aggregates of OTHER districts, and only of districts that opted in
//! (`districts.benchmark_opt_in`), only for products with the caller's product identity
//! (same vendor and name, see [`ProductIdentity`]), only their 5-point scale items of the
//! shipped bank (a district's own `own.N` questions are not the same question), and only from
//! each district's most recent closed survey that holds the product. A district contributes to
//! a construct only when its own respondents reach its own minimum. What leaves this module is
//! pooled totals per construct and the number of contributing districts: never a district's
//! name, id or figure.

use crate::db::models::districts::DistrictRow;
use crate::db::schema::{agg_scale, districts, products, survey_items, survey_products, surveys};
use crate::db::AnyConnection;
use crate::domain::{DistrictId, ItemKind, ProductIdentity, SurveyStatus};
use chrono::NaiveDateTime;
use diesel::prelude::*;
use std::cmp::Reverse;
use std::collections::{BTreeMap, HashMap};

/// Keys of a district's own questions (kept in step with `survey::bank::OWN_KEY_PREFIX`,
/// which `db` may not depend on).
const OWN_KEY_PREFIX: &str = "own.";

/// One construct's favourable counts pooled over the contributing districts.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PooledCounts {
    /// Districts whose figure is in the pool.
    pub districts: u64,
    /// Respondents: per district the largest item n of the construct (as the district's own
    /// construct favourable counts them), summed over the districts.
    pub respondents: u64,
    /// Answers 4 or 5 to the construct's items, summed over items and districts.
    pub favourable: u64,
    /// Answers 1..5 ("does not apply" excluded), summed over items and districts.
    pub answers: u64,
}

/// One district's counts of one construct (never leaves this module).
#[derive(Debug, Default)]
struct DistrictConstruct {
    items: HashMap<i32, (u64, u64)>,
}

fn count(v: i64) -> u64 {
    u64::try_from(v).unwrap_or(0)
}

/// For each district, the (survey, product) whose figure it contributes: its most recent
/// closed survey holding a product with the identity (latest closing, then the newest survey;
/// a duplicate catalogue row in the same survey: the oldest row).
fn latest_surveys(
    conn: &mut AnyConnection,
    matching: &[i32],
) -> QueryResult<HashMap<i32, (i32, i32)>> {
    let held: Vec<(i32, i32, i32, NaiveDateTime)> = survey_products::table
        .inner_join(surveys::table)
        .filter(survey_products::product_id.eq_any(matching))
        .filter(surveys::status.eq(SurveyStatus::Closed.as_str()))
        .filter(surveys::district_id.eq(survey_products::district_id))
        .select((
            surveys::district_id,
            surveys::id,
            survey_products::product_id,
            surveys::closes_at,
        ))
        .load(conn)?;
    let mut best: HashMap<i32, (NaiveDateTime, i32, Reverse<i32>)> = HashMap::new();
    for (district, survey, product, closes) in held {
        let candidate = (closes, survey, Reverse(product));
        if best.get(&district).is_none_or(|b| candidate > *b) {
            best.insert(district, candidate);
        }
    }
    Ok(best
        .into_iter()
        .map(|(d, (_, survey, Reverse(product)))| (d, (survey, product)))
        .collect())
}

/// The favourable counts per construct of the product with `identity`, pooled over the other
/// opted-in districts (never `viewer`). `minimum` gives a district's own pooled minimum: a
/// district whose respondents to a construct are fewer does not contribute to it.
pub fn pooled_favourable(
    conn: &mut AnyConnection,
    viewer: DistrictId,
    identity: &ProductIdentity,
    minimum: &dyn Fn(&DistrictRow) -> u64,
) -> QueryResult<BTreeMap<String, PooledCounts>> {
    let others: HashMap<i32, DistrictRow> = districts::table
        .filter(districts::benchmark_opt_in.eq(true))
        .filter(districts::id.ne(viewer.0))
        .select(DistrictRow::as_select())
        .load(conn)?
        .into_iter()
        .map(|d| (d.id, d))
        .collect();
    if others.is_empty() {
        return Ok(BTreeMap::new());
    }
    let ids: Vec<i32> = others.keys().copied().collect();
    let matching: Vec<i32> = products::table
        .filter(products::district_id.eq_any(&ids))
        .select((products::id, products::vendor, products::name))
        .load::<(i32, String, String)>(conn)?
        .into_iter()
        .filter(|(_, vendor, name)| ProductIdentity::of(vendor, name) == *identity)
        .map(|(id, ..)| id)
        .collect();
    if matching.is_empty() {
        return Ok(BTreeMap::new());
    }
    let chosen = latest_surveys(conn, &matching)?;
    let chosen: HashMap<i32, (i32, i32)> = chosen
        .into_iter()
        .filter(|(d, _)| others.contains_key(d))
        .collect();
    let survey_ids: Vec<i32> = chosen.values().map(|(s, _)| *s).collect();
    let items: HashMap<i32, (i32, String)> = survey_items::table
        .filter(survey_items::survey_id.eq_any(&survey_ids))
        .filter(survey_items::per_product.eq(true))
        .filter(survey_items::kind.eq(ItemKind::Scale5.as_str()))
        .select((
            survey_items::id,
            survey_items::district_id,
            survey_items::survey_id,
            survey_items::construct_key,
            survey_items::item_key,
        ))
        .load::<(i32, i32, i32, String, String)>(conn)?
        .into_iter()
        .filter(|(_, d, s, _, key)| {
            chosen.get(d).is_some_and(|(survey, _)| survey == s) && !key.starts_with(OWN_KEY_PREFIX)
        })
        .map(|(id, d, _, construct, _)| (id, (d, construct)))
        .collect();
    let item_ids: Vec<i32> = items.keys().copied().collect();
    let cells: Vec<(i32, i32, i32, [i64; 5])> = agg_scale::table
        .filter(agg_scale::district_id.eq_any(&ids))
        .filter(agg_scale::survey_item_id.eq_any(&item_ids))
        .select((
            agg_scale::district_id,
            agg_scale::survey_item_id,
            agg_scale::product_id,
            (
                agg_scale::c1,
                agg_scale::c2,
                agg_scale::c3,
                agg_scale::c4,
                agg_scale::c5,
            ),
        ))
        .load::<(i32, i32, i32, (i64, i64, i64, i64, i64))>(conn)?
        .into_iter()
        .map(|(d, i, p, c)| (d, i, p, [c.0, c.1, c.2, c.3, c.4]))
        .collect();
    let mut per: BTreeMap<(i32, String), DistrictConstruct> = BTreeMap::new();
    for (district, item, product, c) in cells {
        let Some((item_district, construct)) = items.get(&item) else {
            continue;
        };
        if *item_district != district || chosen.get(&district).map(|(_, p)| *p) != Some(product) {
            continue;
        }
        let slot = per
            .entry((district, construct.clone()))
            .or_default()
            .items
            .entry(item)
            .or_default();
        slot.0 += count(c[3]) + count(c[4]);
        slot.1 += c.iter().map(|v| count(*v)).sum::<u64>();
    }
    let mut out: BTreeMap<String, PooledCounts> = BTreeMap::new();
    for ((district, construct), counts) in per {
        let respondents = counts.items.values().map(|(_, n)| *n).max().unwrap_or(0);
        let enough = others
            .get(&district)
            .is_some_and(|d| respondents > 0 && respondents >= minimum(d));
        if !enough {
            continue;
        }
        let pooled = out.entry(construct).or_default();
        pooled.districts += 1;
        pooled.respondents += respondents;
        pooled.favourable += counts.items.values().map(|(f, _)| *f).sum::<u64>();
        pooled.answers += counts.items.values().map(|(_, n)| *n).sum::<u64>();
    }
    Ok(out)
}

//! Reading a survey's aggregates back, summed over shards (and over respondent languages
//! unless one is asked for), as one [`AggregateDelta`].
//!
//! The same shape as what submissions add, so "the incremental aggregates equal a rebuild"
//! and "equal the sum of all submissions" are plain equality checks.

use super::delta::{AggregateDelta, CellKey, ConstructKey, SurveyCellKey};
use super::tables::{counter_type, for_each_item_table, for_each_survey_table, Counters};
use crate::db::schema::{
    agg_choice, agg_comments, agg_construct, agg_construct_items, agg_feature, agg_number,
    agg_number_bins, agg_product_use, agg_recommend, agg_responses, agg_scale, survey_items,
};
use crate::db::AnyConnection;
use crate::domain::{DistrictId, Language, StakeholderGroup, SurveyId};
use diesel::prelude::*;

/// Why a snapshot could not be read.
#[derive(Debug, thiserror::Error)]
pub enum SnapshotError {
    /// The database failed (a stored text that is no value of its enum fails here too).
    #[error(transparent)]
    Query(#[from] diesel::result::Error),
}

/// Every aggregate of one survey of the district in `language` (`None`: in every respondent
/// language), summed over shards and languages.
pub fn snapshot(
    conn: &mut AnyConnection,
    district: DistrictId,
    survey: SurveyId,
    language: Option<Language>,
) -> Result<AggregateDelta, SnapshotError> {
    let languages: Vec<&str> = match language {
        Some(one) => vec![one.as_str()],
        None => Language::ALL.iter().map(|l| l.as_str()).collect(),
    };
    let languages = languages.as_slice();
    let items: Vec<i32> = survey_items::table
        .filter(survey_items::district_id.eq(district.0))
        .filter(survey_items::survey_id.eq(survey.0))
        .select(survey_items::id)
        .load(conn)?;
    let mut out = AggregateDelta::default();
    macro_rules! read_item_table {
        ($table:ident, $field:ident, $cell:ident, $key:tt, [$($extra:ident: $ety:ty),*], [$($c:ident),+]) => {
            let rows: Vec<((i32, i32, i32, StakeholderGroup), $($ety,)* ($(counter_type!($c),)+))> =
                $table::table
                    .filter($table::district_id.eq(district.0))
                    .filter($table::survey_item_id.eq_any(&items))
                    .filter($table::language.eq_any(languages))
                    .select((
                        (
                            $table::survey_item_id,
                            $table::product_id,
                            $table::school_id,
                            $table::stakeholder_group,
                        ),
                        $($table::$extra,)*
                        ($($table::$c,)+),
                    ))
                    .load(conn)?;
            for ((survey_item_id, product_id, school_id, group), $($extra,)* ($($c,)+)) in rows {
                let $cell = CellKey {
                    survey_item_id,
                    product_id,
                    school_id,
                    group,
                };
                out.$field.entry($key).or_default().add_counts([$($c),+]);
            }
        };
    }
    for_each_item_table!(read_item_table);
    read_survey_cells(conn, district, survey, languages, &mut out)?;
    Ok(out)
}

fn read_survey_cells(
    conn: &mut AnyConnection,
    district: DistrictId,
    survey: SurveyId,
    languages: &[&str],
    out: &mut AggregateDelta,
) -> Result<(), SnapshotError> {
    type Key = (String, i32, i32, StakeholderGroup);
    let construct_key = |(c, p, s, g): Key| ConstructKey {
        survey_id: survey.0,
        construct_key: c,
        product_id: p,
        school_id: s,
        group: g,
    };
    for (key, k, (n, st, st2)) in agg_construct::table
        .filter(agg_construct::district_id.eq(district.0))
        .filter(agg_construct::survey_id.eq(survey.0))
        .filter(agg_construct::language.eq_any(languages))
        .select((
            (
                agg_construct::construct_key,
                agg_construct::product_id,
                agg_construct::school_id,
                agg_construct::stakeholder_group,
            ),
            agg_construct::k,
            (
                agg_construct::n,
                agg_construct::sum_t,
                agg_construct::sum_t2,
            ),
        ))
        .load::<(Key, i32, (i64, i64, i64))>(conn)?
    {
        let entry = out.construct.entry(construct_key(key)).or_default();
        entry.items.resize(usize::try_from(k).unwrap_or(0), [0; 3]);
        entry.n += n;
        entry.sum_t += st;
        entry.sum_t2 += st2;
    }
    for (key, index, (sx, sx2, sxt)) in agg_construct_items::table
        .filter(agg_construct_items::district_id.eq(district.0))
        .filter(agg_construct_items::survey_id.eq(survey.0))
        .filter(agg_construct_items::language.eq_any(languages))
        .select((
            (
                agg_construct_items::construct_key,
                agg_construct_items::product_id,
                agg_construct_items::school_id,
                agg_construct_items::stakeholder_group,
            ),
            agg_construct_items::item_index,
            (
                agg_construct_items::sum_x,
                agg_construct_items::sum_x2,
                agg_construct_items::sum_xt,
            ),
        ))
        .load::<(Key, i32, (i64, i64, i64))>(conn)?
    {
        let entry = out.construct.entry(construct_key(key)).or_default();
        let index = usize::try_from(index).unwrap_or(0);
        if entry.items.len() <= index {
            entry.items.resize(index + 1, [0; 3]);
        }
        for (a, b) in entry.items[index].iter_mut().zip([sx, sx2, sxt]) {
            *a += b;
        }
    }
    macro_rules! read_survey_table {
        ($table:ident, $field:ident, $what:ident, [$($c:ident),+]) => {
            for ((what, school_id, group), ($($c,)+)) in $table::table
                .filter($table::district_id.eq(district.0))
                .filter($table::survey_id.eq(survey.0))
                .filter($table::language.eq_any(languages))
                .select((
                    ($table::$what, $table::school_id, $table::stakeholder_group),
                    ($($table::$c,)+),
                ))
                .load::<(_, ($(counter_type!($c),)+))>(conn)?
            {
                out.$field
                    .entry(SurveyCellKey {
                        survey_id: survey.0,
                        what,
                        school_id,
                        group,
                    })
                    .or_default()
                    .add_counts([$($c),+]);
            }
        };
    }
    for_each_survey_table!(read_survey_table);
    Ok(())
}

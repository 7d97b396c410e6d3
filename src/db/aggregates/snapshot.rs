//! Reading a survey's aggregates back, summed over shards (and over respondent languages
//! unless one is asked for), as one [`AggregateDelta`].
//!
//! The same shape as what submissions add, so "the incremental aggregates equal a rebuild"
//! and "equal the sum of all submissions" are plain equality checks.

use super::delta::{AggregateDelta, CellKey, ConstructKey, SurveyCellKey};
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
    /// The database failed.
    #[error(transparent)]
    Query(#[from] diesel::result::Error),
    /// A stored group text is not a group (a corrupted row).
    #[error("aggregate row with unknown stakeholder group {0:?}")]
    Group(String),
}

fn group(text: &str) -> Result<StakeholderGroup, SnapshotError> {
    text.parse()
        .map_err(|_| SnapshotError::Group(text.to_string()))
}

fn cell(item: i32, product: i32, school: i32, g: &str) -> Result<CellKey, SnapshotError> {
    Ok(CellKey {
        survey_item_id: item,
        product_id: product,
        school_id: school,
        group: group(g)?,
    })
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
    type Key = (i32, i32, i32, String);

    let rows: Vec<(Key, [i64; 6])> = agg_scale::table
        .filter(agg_scale::district_id.eq(district.0))
        .filter(agg_scale::survey_item_id.eq_any(&items))
        .filter(agg_scale::language.eq_any(languages))
        .select((
            (
                agg_scale::survey_item_id,
                agg_scale::product_id,
                agg_scale::school_id,
                agg_scale::stakeholder_group,
            ),
            (
                agg_scale::c1,
                agg_scale::c2,
                agg_scale::c3,
                agg_scale::c4,
                agg_scale::c5,
                agg_scale::c_na,
            ),
        ))
        .load::<(Key, (i64, i64, i64, i64, i64, i64))>(conn)?
        .into_iter()
        .map(|(k, c)| (k, [c.0, c.1, c.2, c.3, c.4, c.5]))
        .collect();
    for ((i, p, s, g), c) in rows {
        let entry = out.scale.entry(cell(i, p, s, &g)?).or_default();
        for (a, b) in entry.iter_mut().zip(c) {
            *a += b;
        }
    }

    for ((i, p, s, g), value, count) in agg_recommend::table
        .filter(agg_recommend::district_id.eq(district.0))
        .filter(agg_recommend::survey_item_id.eq_any(&items))
        .filter(agg_recommend::language.eq_any(languages))
        .select((
            (
                agg_recommend::survey_item_id,
                agg_recommend::product_id,
                agg_recommend::school_id,
                agg_recommend::stakeholder_group,
            ),
            agg_recommend::value,
            agg_recommend::count,
        ))
        .load::<(Key, i32, i64)>(conn)?
    {
        *out.recommend
            .entry((cell(i, p, s, &g)?, value))
            .or_default() += count;
    }

    for ((i, p, s, g), option, count) in agg_choice::table
        .filter(agg_choice::district_id.eq(district.0))
        .filter(agg_choice::survey_item_id.eq_any(&items))
        .filter(agg_choice::language.eq_any(languages))
        .select((
            (
                agg_choice::survey_item_id,
                agg_choice::product_id,
                agg_choice::school_id,
                agg_choice::stakeholder_group,
            ),
            agg_choice::option_index,
            agg_choice::count,
        ))
        .load::<(Key, i32, i64)>(conn)?
    {
        *out.choice.entry((cell(i, p, s, &g)?, option)).or_default() += count;
    }

    for ((i, p, s, g), feature, c) in agg_feature::table
        .filter(agg_feature::district_id.eq(district.0))
        .filter(agg_feature::survey_item_id.eq_any(&items))
        .filter(agg_feature::language.eq_any(languages))
        .select((
            (
                agg_feature::survey_item_id,
                agg_feature::product_id,
                agg_feature::school_id,
                agg_feature::stakeholder_group,
            ),
            agg_feature::feature_id,
            (
                agg_feature::c_use,
                agg_feature::c_know,
                agg_feature::c_unaware,
                agg_feature::c_training,
            ),
        ))
        .load::<(Key, i32, (i64, i64, i64, i64))>(conn)?
    {
        let entry = out
            .feature
            .entry((cell(i, p, s, &g)?, feature))
            .or_default();
        for (a, b) in entry.iter_mut().zip([c.0, c.1, c.2, c.3]) {
            *a += b;
        }
    }

    for ((i, p, s, g), (n, sx, sx2)) in agg_number::table
        .filter(agg_number::district_id.eq(district.0))
        .filter(agg_number::survey_item_id.eq_any(&items))
        .filter(agg_number::language.eq_any(languages))
        .select((
            (
                agg_number::survey_item_id,
                agg_number::product_id,
                agg_number::school_id,
                agg_number::stakeholder_group,
            ),
            (agg_number::n, agg_number::sum_x, agg_number::sum_x2),
        ))
        .load::<(Key, (i64, i64, i64))>(conn)?
    {
        let entry = out.number.entry(cell(i, p, s, &g)?).or_default();
        entry.n += n;
        entry.sum_x += sx;
        entry.sum_x2 += sx2;
    }

    for ((i, p, s, g), bin, count) in agg_number_bins::table
        .filter(agg_number_bins::district_id.eq(district.0))
        .filter(agg_number_bins::survey_item_id.eq_any(&items))
        .filter(agg_number_bins::language.eq_any(languages))
        .select((
            (
                agg_number_bins::survey_item_id,
                agg_number_bins::product_id,
                agg_number_bins::school_id,
                agg_number_bins::stakeholder_group,
            ),
            agg_number_bins::bin,
            agg_number_bins::count,
        ))
        .load::<(Key, i64, i64)>(conn)?
    {
        *out.number_bins
            .entry((cell(i, p, s, &g)?, bin))
            .or_default() += count;
    }

    for ((i, p, s, g), n) in agg_comments::table
        .filter(agg_comments::district_id.eq(district.0))
        .filter(agg_comments::survey_item_id.eq_any(&items))
        .filter(agg_comments::language.eq_any(languages))
        .select((
            (
                agg_comments::survey_item_id,
                agg_comments::product_id,
                agg_comments::school_id,
                agg_comments::stakeholder_group,
            ),
            agg_comments::commenters,
        ))
        .load::<(Key, i64)>(conn)?
    {
        *out.comments.entry(cell(i, p, s, &g)?).or_default() += n;
    }

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
    type Key = (String, i32, i32, String);
    let construct_key = |(c, p, s, g): Key| -> Result<ConstructKey, SnapshotError> {
        Ok(ConstructKey {
            survey_id: survey.0,
            construct_key: c,
            product_id: p,
            school_id: s,
            group: group(&g)?,
        })
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
        let entry = out.construct.entry(construct_key(key)?).or_default();
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
        let entry = out.construct.entry(construct_key(key)?).or_default();
        let index = usize::try_from(index).unwrap_or(0);
        if entry.items.len() <= index {
            entry.items.resize(index + 1, [0; 3]);
        }
        for (a, b) in entry.items[index].iter_mut().zip([sx, sx2, sxt]) {
            *a += b;
        }
    }
    for ((p, s, g), (asked, used)) in agg_product_use::table
        .filter(agg_product_use::district_id.eq(district.0))
        .filter(agg_product_use::survey_id.eq(survey.0))
        .filter(agg_product_use::language.eq_any(languages))
        .select((
            (
                agg_product_use::product_id,
                agg_product_use::school_id,
                agg_product_use::stakeholder_group,
            ),
            (agg_product_use::asked, agg_product_use::used),
        ))
        .load::<((i32, i32, String), (i64, i64))>(conn)?
    {
        let entry = out
            .product_use
            .entry(SurveyCellKey {
                survey_id: survey.0,
                what: p,
                school_id: s,
                group: group(&g)?,
            })
            .or_default();
        entry[0] += asked;
        entry[1] += used;
    }
    for ((s, g, day), completed) in agg_responses::table
        .filter(agg_responses::district_id.eq(district.0))
        .filter(agg_responses::survey_id.eq(survey.0))
        .filter(agg_responses::language.eq_any(languages))
        .select((
            (
                agg_responses::school_id,
                agg_responses::stakeholder_group,
                agg_responses::day,
            ),
            agg_responses::completed,
        ))
        .load::<((i32, String, chrono::NaiveDate), i64)>(conn)?
    {
        *out.responses
            .entry(SurveyCellKey {
                survey_id: survey.0,
                what: day,
                school_id: s,
                group: group(&g)?,
            })
            .or_default() += completed;
    }
    Ok(())
}

//! Writing [`LanguageDeltas`]: one multi-row upsert per table (per 1,000 cells), inside
//! the caller's transaction. diesel does not cache upsert statements, so one statement per
//! cell spent most of a small batch's time preparing SQL; one per table does not.
//!
//! `INSERT … ON CONFLICT DO UPDATE SET c = c + excluded.c` exists on both backends but not on
//! diesel's multi-backend, so each statement runs on the concrete connection (the only
//! backend-specific code of the aggregates).

use super::by_language::LanguageDeltas;
use crate::db::schema::{
    agg_choice, agg_comments, agg_construct, agg_construct_items, agg_feature, agg_number,
    agg_number_bins, agg_product_use, agg_recommend, agg_responses, agg_scale,
};
use crate::db::AnyConnection;
use diesel::prelude::*;
use diesel::upsert::excluded;

/// Runs the same upsert statement on whichever backend the connection is.
macro_rules! upsert {
    ($conn:expr, $table:path, $values:expr, $target:expr, $set:expr) => {
        match $conn {
            AnyConnection::Sqlite(c) => diesel::insert_into($table)
                .values($values)
                .on_conflict($target)
                .do_update()
                .set($set)
                .execute(c),
            AnyConnection::Postgresql(c) => diesel::insert_into($table)
                .values($values)
                .on_conflict($target)
                .do_update()
                .set($set)
                .execute(c),
        }
    };
}

/// Cells per upsert statement: keeps every statement under both backends' parameter limits.
const CELLS_PER_UPSERT: usize = 1_000;

/// Runs [`upsert!`] over the rows in chunks; nothing when there are no rows.
macro_rules! upsert_rows {
    ($conn:expr, $table:path, $rows:expr, $target:expr, $set:expr) => {
        for chunk in $rows.chunks(CELLS_PER_UPSERT) {
            upsert!(&mut *$conn, $table, chunk, $target, $set)?;
        }
    };
}

/// The key columns of an item cell (district, item, product, school, group, language, shard)
/// as one nested insert tuple, the same for every item-keyed aggregate table.
macro_rules! item_key {
    ($t:ident, $district:expr, $language:expr, $shard:expr, $key:expr) => {
        (
            $t::district_id.eq($district),
            $t::survey_item_id.eq($key.survey_item_id),
            $t::product_id.eq($key.product_id),
            $t::school_id.eq($key.school_id),
            $t::stakeholder_group.eq($key.group.as_str()),
            $t::language.eq($language.as_str()),
            $t::shard.eq($shard),
        )
    };
}

/// Adds each language's increments to its aggregate rows of `shard`; call inside the
/// submission's transaction.
pub fn apply(
    conn: &mut AnyConnection,
    district_id: i32,
    shard: i32,
    deltas: &LanguageDeltas,
) -> QueryResult<()> {
    apply_item_cells(conn, district_id, shard, deltas)?;
    apply_survey_cells(conn, district_id, shard, deltas)
}

fn apply_item_cells(
    conn: &mut AnyConnection,
    district_id: i32,
    shard: i32,
    deltas: &LanguageDeltas,
) -> QueryResult<()> {
    {
        use agg_scale::dsl as t;
        let rows: Vec<_> = deltas
            .iter()
            .flat_map(|(language, delta)| {
                delta.scale.iter().map(move |(key, c)| {
                    (
                        item_key!(t, district_id, language, shard, key),
                        t::c1.eq(c[0]),
                        t::c2.eq(c[1]),
                        t::c3.eq(c[2]),
                        t::c4.eq(c[3]),
                        t::c5.eq(c[4]),
                        t::c_na.eq(c[5]),
                    )
                })
            })
            .collect();
        upsert_rows!(
            conn,
            agg_scale::table,
            rows,
            (
                t::survey_item_id,
                t::product_id,
                t::school_id,
                t::stakeholder_group,
                t::language,
                t::shard
            ),
            (
                t::c1.eq(t::c1 + excluded(t::c1)),
                t::c2.eq(t::c2 + excluded(t::c2)),
                t::c3.eq(t::c3 + excluded(t::c3)),
                t::c4.eq(t::c4 + excluded(t::c4)),
                t::c5.eq(t::c5 + excluded(t::c5)),
                t::c_na.eq(t::c_na + excluded(t::c_na)),
            )
        );
    }
    {
        use agg_recommend::dsl as t;
        let rows: Vec<_> = deltas
            .iter()
            .flat_map(|(language, delta)| {
                delta.recommend.iter().map(move |((key, value), count)| {
                    (
                        item_key!(t, district_id, language, shard, key),
                        t::value.eq(*value),
                        t::count.eq(*count),
                    )
                })
            })
            .collect();
        upsert_rows!(
            conn,
            agg_recommend::table,
            rows,
            (
                t::survey_item_id,
                t::product_id,
                t::school_id,
                t::stakeholder_group,
                t::language,
                t::shard,
                t::value
            ),
            t::count.eq(t::count + excluded(t::count))
        );
    }
    {
        use agg_choice::dsl as t;
        let rows: Vec<_> = deltas
            .iter()
            .flat_map(|(language, delta)| {
                delta.choice.iter().map(move |((key, option), count)| {
                    (
                        item_key!(t, district_id, language, shard, key),
                        t::option_index.eq(*option),
                        t::count.eq(*count),
                    )
                })
            })
            .collect();
        upsert_rows!(
            conn,
            agg_choice::table,
            rows,
            (
                t::survey_item_id,
                t::product_id,
                t::school_id,
                t::stakeholder_group,
                t::language,
                t::shard,
                t::option_index
            ),
            t::count.eq(t::count + excluded(t::count))
        );
    }
    {
        use agg_feature::dsl as t;
        let rows: Vec<_> = deltas
            .iter()
            .flat_map(|(language, delta)| {
                delta.feature.iter().map(move |((key, feature), c)| {
                    (
                        item_key!(t, district_id, language, shard, key),
                        t::feature_id.eq(*feature),
                        t::c_use.eq(c[0]),
                        t::c_know.eq(c[1]),
                        t::c_unaware.eq(c[2]),
                        t::c_training.eq(c[3]),
                    )
                })
            })
            .collect();
        upsert_rows!(
            conn,
            agg_feature::table,
            rows,
            (
                t::survey_item_id,
                t::product_id,
                t::feature_id,
                t::school_id,
                t::stakeholder_group,
                t::language,
                t::shard
            ),
            (
                t::c_use.eq(t::c_use + excluded(t::c_use)),
                t::c_know.eq(t::c_know + excluded(t::c_know)),
                t::c_unaware.eq(t::c_unaware + excluded(t::c_unaware)),
                t::c_training.eq(t::c_training + excluded(t::c_training)),
            )
        );
    }
    {
        use agg_number::dsl as t;
        let rows: Vec<_> = deltas
            .iter()
            .flat_map(|(language, delta)| {
                delta.number.iter().map(move |(key, c)| {
                    (
                        item_key!(t, district_id, language, shard, key),
                        t::n.eq(c.n),
                        t::sum_x.eq(c.sum_x),
                        t::sum_x2.eq(c.sum_x2),
                    )
                })
            })
            .collect();
        upsert_rows!(
            conn,
            agg_number::table,
            rows,
            (
                t::survey_item_id,
                t::product_id,
                t::school_id,
                t::stakeholder_group,
                t::language,
                t::shard
            ),
            (
                t::n.eq(t::n + excluded(t::n)),
                t::sum_x.eq(t::sum_x + excluded(t::sum_x)),
                t::sum_x2.eq(t::sum_x2 + excluded(t::sum_x2)),
            )
        );
    }
    {
        use agg_comments::dsl as t;
        let rows: Vec<_> = deltas
            .iter()
            .flat_map(|(language, delta)| {
                delta.comments.iter().map(move |(key, n)| {
                    (
                        item_key!(t, district_id, language, shard, key),
                        t::commenters.eq(*n),
                    )
                })
            })
            .collect();
        upsert_rows!(
            conn,
            agg_comments::table,
            rows,
            (
                t::survey_item_id,
                t::product_id,
                t::school_id,
                t::stakeholder_group,
                t::language,
                t::shard
            ),
            t::commenters.eq(t::commenters + excluded(t::commenters))
        );
    }
    {
        use agg_number_bins::dsl as t;
        let rows: Vec<_> = deltas
            .iter()
            .flat_map(|(language, delta)| {
                delta.number_bins.iter().map(move |((key, bin), count)| {
                    (
                        item_key!(t, district_id, language, shard, key),
                        t::bin.eq(*bin),
                        t::count.eq(*count),
                    )
                })
            })
            .collect();
        upsert_rows!(
            conn,
            agg_number_bins::table,
            rows,
            (
                t::survey_item_id,
                t::product_id,
                t::school_id,
                t::stakeholder_group,
                t::language,
                t::shard,
                t::bin
            ),
            t::count.eq(t::count + excluded(t::count))
        );
    }
    Ok(())
}

fn apply_survey_cells(
    conn: &mut AnyConnection,
    district_id: i32,
    shard: i32,
    deltas: &LanguageDeltas,
) -> QueryResult<()> {
    {
        use agg_construct::dsl as t;
        let rows: Vec<_> = deltas
            .iter()
            .flat_map(|(language, delta)| {
                delta.construct.iter().map(move |(key, c)| {
                    (
                        (
                            t::district_id.eq(district_id),
                            t::survey_id.eq(key.survey_id),
                            t::construct_key.eq(&key.construct_key),
                            t::product_id.eq(key.product_id),
                            t::school_id.eq(key.school_id),
                            t::stakeholder_group.eq(key.group.as_str()),
                            t::language.eq(language.as_str()),
                            t::shard.eq(shard),
                        ),
                        t::k.eq(i32::try_from(c.items.len()).unwrap_or(i32::MAX)),
                        t::n.eq(c.n),
                        t::sum_t.eq(c.sum_t),
                        t::sum_t2.eq(c.sum_t2),
                    )
                })
            })
            .collect();
        upsert_rows!(
            conn,
            agg_construct::table,
            rows,
            (
                t::survey_id,
                t::construct_key,
                t::product_id,
                t::school_id,
                t::stakeholder_group,
                t::language,
                t::shard
            ),
            (
                t::n.eq(t::n + excluded(t::n)),
                t::sum_t.eq(t::sum_t + excluded(t::sum_t)),
                t::sum_t2.eq(t::sum_t2 + excluded(t::sum_t2)),
            )
        );
    }
    {
        use agg_construct_items::dsl as i;
        let rows: Vec<_> = deltas
            .iter()
            .flat_map(|(language, delta)| {
                delta.construct.iter().flat_map(move |(key, c)| {
                    (0..).zip(&c.items).map(move |(index, sums)| {
                        (
                            (
                                i::district_id.eq(district_id),
                                i::survey_id.eq(key.survey_id),
                                i::construct_key.eq(&key.construct_key),
                                i::product_id.eq(key.product_id),
                                i::school_id.eq(key.school_id),
                                i::stakeholder_group.eq(key.group.as_str()),
                                i::language.eq(language.as_str()),
                                i::shard.eq(shard),
                            ),
                            i::item_index.eq(index),
                            i::sum_x.eq(sums[0]),
                            i::sum_x2.eq(sums[1]),
                            i::sum_xt.eq(sums[2]),
                        )
                    })
                })
            })
            .collect();
        upsert_rows!(
            conn,
            agg_construct_items::table,
            rows,
            (
                i::survey_id,
                i::construct_key,
                i::product_id,
                i::school_id,
                i::stakeholder_group,
                i::language,
                i::shard,
                i::item_index
            ),
            (
                i::sum_x.eq(i::sum_x + excluded(i::sum_x)),
                i::sum_x2.eq(i::sum_x2 + excluded(i::sum_x2)),
                i::sum_xt.eq(i::sum_xt + excluded(i::sum_xt)),
            )
        );
    }
    {
        use agg_product_use::dsl as t;
        let rows: Vec<_> = deltas
            .iter()
            .flat_map(|(language, delta)| {
                delta.product_use.iter().map(move |(key, c)| {
                    (
                        t::district_id.eq(district_id),
                        t::survey_id.eq(key.survey_id),
                        t::product_id.eq(key.what),
                        t::school_id.eq(key.school_id),
                        t::stakeholder_group.eq(key.group.as_str()),
                        t::language.eq(language.as_str()),
                        t::shard.eq(shard),
                        t::asked.eq(c[0]),
                        t::used.eq(c[1]),
                    )
                })
            })
            .collect();
        upsert_rows!(
            conn,
            agg_product_use::table,
            rows,
            (
                t::survey_id,
                t::product_id,
                t::school_id,
                t::stakeholder_group,
                t::language,
                t::shard
            ),
            (
                t::asked.eq(t::asked + excluded(t::asked)),
                t::used.eq(t::used + excluded(t::used))
            )
        );
    }
    {
        use agg_responses::dsl as t;
        let rows: Vec<_> = deltas
            .iter()
            .flat_map(|(language, delta)| {
                delta.responses.iter().map(move |(key, count)| {
                    (
                        t::district_id.eq(district_id),
                        t::survey_id.eq(key.survey_id),
                        t::school_id.eq(key.school_id),
                        t::stakeholder_group.eq(key.group.as_str()),
                        t::day.eq(key.what),
                        t::language.eq(language.as_str()),
                        t::shard.eq(shard),
                        t::completed.eq(*count),
                    )
                })
            })
            .collect();
        upsert_rows!(
            conn,
            agg_responses::table,
            rows,
            (
                t::survey_id,
                t::school_id,
                t::stakeholder_group,
                t::day,
                t::language,
                t::shard
            ),
            t::completed.eq(t::completed + excluded(t::completed))
        );
    }
    Ok(())
}

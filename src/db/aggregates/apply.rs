//! Writing [`LanguageDeltas`]: one multi-row upsert per table (per 1,000 cells), inside
//! the caller's transaction. diesel does not cache upsert statements, so one statement per
//! cell spent most of a small batch's time preparing SQL; one per table does not.
//!
//! `INSERT … ON CONFLICT DO UPDATE SET c = c + excluded.c` exists on both backends but not on
//! diesel's multi-backend, so each statement runs on the concrete connection (the only
//! backend-specific code of the aggregates).

use super::by_language::LanguageDeltas;
use super::tables::{for_each_item_table, for_each_survey_table, Counters};
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
            $t::stakeholder_group.eq($key.group),
            $t::language.eq($language),
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

/// One upsert per item-keyed table of [`for_each_item_table!`]: the cell key, the table's
/// extra key columns, and its counters added to what the row holds.
fn apply_item_cells(
    conn: &mut AnyConnection,
    district_id: i32,
    shard: i32,
    deltas: &LanguageDeltas,
) -> QueryResult<()> {
    macro_rules! upsert_item_table {
        ($table:ident, $field:ident, $cell:ident, $key:tt, [$($extra:ident: $ety:ty),*], [$($c:ident),+]) => {{
            use $table::dsl as t;
            let rows: Vec<_> = deltas
                .iter()
                .flat_map(|(language, delta)| {
                    delta.$field.iter().map(move |($key, counts)| {
                        let [$($c),+] = Counters::counts(counts);
                        (
                            item_key!(t, district_id, language, shard, $cell),
                            $(t::$extra.eq(*$extra),)*
                            $(t::$c.eq($c),)+
                        )
                    })
                })
                .collect();
            upsert_rows!(
                conn,
                $table::table,
                rows,
                (
                    t::survey_item_id,
                    t::product_id,
                    t::school_id,
                    t::stakeholder_group,
                    t::language,
                    t::shard,
                    $(t::$extra,)*
                ),
                ($(t::$c.eq(t::$c + excluded(t::$c)),)+)
            );
        }};
    }
    for_each_item_table!(upsert_item_table);
    Ok(())
}

/// The construct tables (a cell and its item sums), then one upsert per survey-keyed count
/// table of [`for_each_survey_table!`].
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
                            t::stakeholder_group.eq(key.group),
                            t::language.eq(language),
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
                                i::stakeholder_group.eq(key.group),
                                i::language.eq(language),
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
    macro_rules! upsert_survey_table {
        ($table:ident, $field:ident, $what:ident, [$($c:ident),+]) => {{
            use $table::dsl as t;
            let rows: Vec<_> = deltas
                .iter()
                .flat_map(|(language, delta)| {
                    delta.$field.iter().map(move |(key, counts)| {
                        let [$($c),+] = Counters::counts(counts);
                        (
                            (
                                t::district_id.eq(district_id),
                                t::survey_id.eq(key.survey_id),
                                t::$what.eq(key.what),
                                t::school_id.eq(key.school_id),
                                t::stakeholder_group.eq(key.group),
                                t::language.eq(language),
                                t::shard.eq(shard),
                            ),
                            $(t::$c.eq($c),)+
                        )
                    })
                })
                .collect();
            upsert_rows!(
                conn,
                $table::table,
                rows,
                (
                    t::survey_id,
                    t::$what,
                    t::school_id,
                    t::stakeholder_group,
                    t::language,
                    t::shard
                ),
                ($(t::$c.eq(t::$c + excluded(t::$c)),)+)
            );
        }};
    }
    for_each_survey_table!(upsert_survey_table);
    Ok(())
}

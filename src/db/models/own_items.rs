//! A district's own bank items: `bank_items` rows with the district set, their wordings in
//! `bank_item_wordings`, and the construct rows they hang on (the shipped constructs live in
//! the binary; a `constructs` row with no district stands for one, made when a district
//! first writes an item for it).

use super::bank::{BankItemRow, BankWordingRow};
use crate::db::schema::{bank_item_wordings, bank_items, constructs, survey_items, surveys};
use crate::db::AnyConnection;
use crate::domain::{DistrictId, ItemKind};
use diesel::prelude::*;

/// The shipped construct an item is written for, as its `constructs` row needs it.
#[derive(Debug, Clone, Copy)]
pub struct ConstructRef<'a> {
    /// Key, e.g. `ease_of_use`.
    pub key: &'a str,
    /// English name.
    pub name_en: &'a str,
    /// Spanish name.
    pub name_es: &'a str,
    /// Repeated in each product block.
    pub per_product: bool,
    /// Survey order.
    pub position: i32,
}

/// A district item to write: everything but its wordings.
#[derive(Debug, Clone, Copy)]
pub struct OwnItem<'a> {
    /// Generated key (`own.N`).
    pub key: &'a str,
    /// `ItemKind` text.
    pub kind: ItemKind,
    /// Comma-separated groups.
    pub groups: &'a str,
    /// Offers "does not apply".
    pub allows_na: bool,
    /// Bounds of a number item.
    pub bounds: Option<(i64, i64)>,
}

/// A district item as stored, with its construct's key and its wordings.
#[derive(Debug, Clone)]
pub struct StoredOwnItem {
    /// Construct key.
    pub construct_key: String,
    /// The item row.
    pub item: BankItemRow,
    /// Its wordings (group × language).
    pub wordings: Vec<BankWordingRow>,
}

/// The id of the `constructs` row standing for a shipped construct, made if missing. Run it
/// outside the item's transaction: a concurrent first insert loses on the unique key and
/// reads the winner's row.
pub fn shipped_construct_id(conn: &mut AnyConnection, c: ConstructRef<'_>) -> QueryResult<i32> {
    let find = |conn: &mut AnyConnection| {
        constructs::table
            .filter(constructs::district_id.is_null())
            .filter(constructs::key.eq(c.key))
            .select(constructs::id)
            .get_result::<i32>(conn)
            .optional()
    };
    if let Some(id) = find(conn)? {
        return Ok(id);
    }
    let inserted = diesel::insert_into(constructs::table)
        .values((
            constructs::district_id.eq(None::<i32>),
            constructs::key.eq(c.key),
            constructs::name_en.eq(c.name_en),
            constructs::name_es.eq(c.name_es),
            constructs::per_product.eq(c.per_product),
            constructs::position.eq(c.position),
        ))
        .execute(conn);
    match inserted {
        Ok(_)
        | Err(diesel::result::Error::DatabaseError(
            diesel::result::DatabaseErrorKind::UniqueViolation,
            _,
        )) => find(conn)?.ok_or(diesel::result::Error::NotFound),
        Err(e) => Err(e),
    }
}

/// Every item the district wrote, in the order written.
pub fn list(conn: &mut AnyConnection, district: DistrictId) -> QueryResult<Vec<StoredOwnItem>> {
    let rows: Vec<(BankItemRow, String)> = bank_items::table
        .inner_join(constructs::table)
        .filter(bank_items::district_id.eq(district.0))
        .order(bank_items::id)
        .select((BankItemRow::as_select(), constructs::key))
        .load(conn)?;
    let ids: Vec<i32> = rows.iter().map(|(r, _)| r.id).collect();
    let mut wordings: Vec<BankWordingRow> = bank_item_wordings::table
        .filter(bank_item_wordings::bank_item_id.eq_any(&ids))
        .select(BankWordingRow::as_select())
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(item, construct_key)| {
            let (mine, rest): (Vec<_>, Vec<_>) = std::mem::take(&mut wordings)
                .into_iter()
                .partition(|w| w.bank_item_id == item.id);
            wordings = rest;
            StoredOwnItem {
                construct_key,
                item,
                wordings: mine,
            }
        })
        .collect())
}

/// The next free key for the district (`own.1`, `own.2`, …; never reused).
pub fn next_key(conn: &mut AnyConnection, district: DistrictId) -> QueryResult<String> {
    let keys: Vec<String> = bank_items::table
        .filter(bank_items::district_id.eq(district.0))
        .select(bank_items::key)
        .load(conn)?;
    let highest = keys
        .iter()
        .filter_map(|k| k.strip_prefix("own.")?.parse::<u32>().ok())
        .max()
        .unwrap_or(0);
    Ok(format!("own.{}", highest + 1))
}

/// How many items the district wrote for a construct (the construct's item limit counts them).
pub fn count_in(
    conn: &mut AnyConnection,
    district: DistrictId,
    construct_id: i32,
) -> QueryResult<i64> {
    bank_items::table
        .filter(bank_items::district_id.eq(district.0))
        .filter(bank_items::construct_id.eq(construct_id))
        .count()
        .get_result(conn)
}

fn write_wordings(
    conn: &mut AnyConnection,
    item_id: i32,
    wordings: &[BankWordingRow],
) -> QueryResult<()> {
    for w in wordings {
        diesel::insert_into(bank_item_wordings::table)
            .values((
                bank_item_wordings::bank_item_id.eq(item_id),
                bank_item_wordings::stakeholder_group.eq(&w.stakeholder_group),
                bank_item_wordings::language.eq(&w.language),
                bank_item_wordings::prompt.eq(&w.prompt),
                bank_item_wordings::options.eq(&w.options),
                bank_item_wordings::unit.eq(&w.unit),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// Inserts a district item with its wordings (their `bank_item_id` is ignored). Call inside
/// a transaction.
pub fn insert(
    conn: &mut AnyConnection,
    district: DistrictId,
    construct_id: i32,
    item: OwnItem<'_>,
    wordings: &[BankWordingRow],
) -> QueryResult<()> {
    diesel::insert_into(bank_items::table)
        .values((
            bank_items::district_id.eq(Some(district.0)),
            bank_items::construct_id.eq(construct_id),
            bank_items::key.eq(item.key),
            bank_items::kind.eq(item.kind),
            bank_items::groups.eq(item.groups),
            bank_items::allows_na.eq(item.allows_na),
            bank_items::required.eq(false),
            bank_items::number_min.eq(item.bounds.map(|b| b.0)),
            bank_items::number_max.eq(item.bounds.map(|b| b.1)),
        ))
        .execute(conn)?;
    let id: i32 = bank_items::table
        .filter(bank_items::district_id.eq(district.0))
        .filter(bank_items::key.eq(item.key))
        .select(bank_items::id)
        .get_result(conn)?;
    write_wordings(conn, id, wordings)
}

/// Replaces a district item's content and wordings, keeping its key; `false` when the
/// district has no item with that key. Call inside a transaction.
pub fn replace(
    conn: &mut AnyConnection,
    district: DistrictId,
    construct_id: i32,
    item: OwnItem<'_>,
    wordings: &[BankWordingRow],
) -> QueryResult<bool> {
    let Some(id) = bank_items::table
        .filter(bank_items::district_id.eq(district.0))
        .filter(bank_items::key.eq(item.key))
        .select(bank_items::id)
        .get_result::<i32>(conn)
        .optional()?
    else {
        return Ok(false);
    };
    diesel::update(bank_items::table.find(id))
        .set((
            bank_items::construct_id.eq(construct_id),
            bank_items::kind.eq(item.kind),
            bank_items::groups.eq(item.groups),
            bank_items::allows_na.eq(item.allows_na),
            bank_items::number_min.eq(item.bounds.map(|b| b.0)),
            bank_items::number_max.eq(item.bounds.map(|b| b.1)),
        ))
        .execute(conn)?;
    diesel::delete(bank_item_wordings::table.filter(bank_item_wordings::bank_item_id.eq(id)))
        .execute(conn)?;
    write_wordings(conn, id, wordings)?;
    Ok(true)
}

/// Title and wave of the district's surveys that hold the item (frozen into them).
pub fn surveys_using(
    conn: &mut AnyConnection,
    district: DistrictId,
    key: &str,
) -> QueryResult<Vec<(String, String)>> {
    survey_items::table
        .inner_join(surveys::table)
        .filter(survey_items::district_id.eq(district.0))
        .filter(surveys::district_id.eq(district.0))
        .filter(survey_items::item_key.eq(key))
        .order(surveys::id)
        .select((surveys::title, surveys::wave))
        .load(conn)
}

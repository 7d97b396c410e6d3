//! The question bank in the database: Chorus's shipped constructs and items (district NULL),
//! a district's own items, and the bank items a district has hidden.

use crate::db::schema::{bank_item_wordings, bank_items, constructs, district_hidden_bank_items};
use crate::db::AnyConnection;
use crate::domain::{DistrictId, ItemKind, Language, StakeholderGroup, UserId};
use diesel::prelude::*;

/// A construct as stored.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = constructs)]
pub struct ConstructRow {
    /// Row id.
    pub id: i32,
    /// `None` for Chorus's bank, else the district that added it.
    pub district_id: Option<i32>,
    /// Stable key (e.g. `ease_of_use`).
    pub key: String,
    /// English name.
    pub name_en: String,
    /// Spanish name.
    pub name_es: String,
    /// Repeated in each product block.
    pub per_product: bool,
    /// Order in a survey.
    pub position: i32,
}

/// A bank item as stored.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = bank_items)]
pub struct BankItemRow {
    /// Row id.
    pub id: i32,
    /// `None` for Chorus's bank, else the district that added it.
    pub district_id: Option<i32>,
    /// Construct.
    pub construct_id: i32,
    /// Stable key (e.g. `ease.everyday_tasks`).
    pub key: String,
    /// `domain::ItemKind` text.
    pub kind: ItemKind,
    /// Comma-separated stakeholder groups the item is worded for.
    pub groups: String,
    /// Offers "does not apply".
    pub allows_na: bool,
    /// Must be answered.
    pub required: bool,
    /// Semantic tag reports find the item by.
    pub tag: Option<String>,
    /// Skip condition in its text form.
    pub show_if: Option<String>,
    /// Lower bound of a number item.
    pub number_min: Option<i64>,
    /// Upper bound of a number item.
    pub number_max: Option<i64>,
    /// Order in its construct.
    pub position: i32,
}

/// A wording of a bank item for one group and language.
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = bank_item_wordings)]
pub struct BankWordingRow {
    /// Item.
    pub bank_item_id: i32,
    /// Stakeholder group text.
    pub stakeholder_group: StakeholderGroup,
    /// Language code.
    pub language: Language,
    /// The question.
    pub prompt: String,
    /// Option labels, one per line.
    pub options: String,
    /// Unit of a number item.
    pub unit: String,
}

/// The keys of the shipped bank items the district has hidden from new surveys.
pub fn hidden_keys(conn: &mut AnyConnection, district: DistrictId) -> QueryResult<Vec<String>> {
    district_hidden_bank_items::table
        .filter(district_hidden_bank_items::district_id.eq(district.0))
        .order(district_hidden_bank_items::item_key)
        .select(district_hidden_bank_items::item_key)
        .load(conn)
}

/// Hides (or shows again) a bank item for the district's new surveys; `false` when nothing
/// changed (already so).
pub fn set_hidden(
    conn: &mut AnyConnection,
    district: DistrictId,
    user: UserId,
    key: &str,
    hidden: bool,
) -> QueryResult<bool> {
    let existing = district_hidden_bank_items::table
        .filter(district_hidden_bank_items::district_id.eq(district.0))
        .filter(district_hidden_bank_items::item_key.eq(key));
    if hidden {
        let already: i64 = existing.count().get_result(conn)?;
        if already > 0 {
            return Ok(false);
        }
        diesel::insert_into(district_hidden_bank_items::table)
            .values((
                district_hidden_bank_items::district_id.eq(district.0),
                district_hidden_bank_items::item_key.eq(key),
                district_hidden_bank_items::hidden_by.eq(user.0),
                district_hidden_bank_items::hidden_at.eq(crate::db::now()),
            ))
            .execute(conn)
            .map(|n| n == 1)
    } else {
        diesel::delete(existing).execute(conn).map(|n| n == 1)
    }
}

//! A district's own questions between the typed bank and the database: the district's bank
//! (shipped items plus its own), and adding or editing one of its items. Each function is
//! one transaction's worth of work except [`construct_id`], which runs before it.

use super::bank::{AuthoredItem, Construct, Item, QuestionBank, StoredWording};
use crate::db::models::bank::BankWordingRow;
use crate::db::models::own_items::{self, ConstructRef, OwnItem, StoredOwnItem};
use crate::db::models::{audit, bank as bank_rows};
use crate::db::AnyConnection;
use crate::domain::FieldError;
use crate::domain::{DistrictId, Language, StakeholderGroup, UserId};
use diesel::QueryResult;

/// Most items a district may write for one construct (as many as a shipped construct holds).
pub const MAX_OWN_PER_CONSTRUCT: i64 = 6;

fn corrupt(what: String) -> diesel::result::Error {
    diesel::result::Error::DeserializationError(what.into())
}

fn typed(stored: StoredOwnItem, bank: &QuestionBank) -> QueryResult<Option<Item>> {
    let Some(construct) = bank.construct(&stored.construct_key) else {
        return Ok(None);
    };
    let row = &stored.item;
    let kind = row.kind;
    let groups = row
        .groups
        .split(',')
        .map(str::parse::<StakeholderGroup>)
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| corrupt(format!("{e}")))?;
    let mut wordings: Vec<StoredWording> = Vec::new();
    for w in stored.wordings {
        let (group, language) = (w.stakeholder_group, w.language);
        let options = w
            .options
            .lines()
            .filter(|l| !l.is_empty())
            .map(str::to_string)
            .collect();
        wordings.push((group, language, w.prompt, options, w.unit));
    }
    let bounds = row.number_min.zip(row.number_max);
    Ok(Some(Item::stored(
        row.key.clone(),
        construct,
        kind,
        groups,
        row.allows_na,
        bounds,
        wordings,
    )))
}

/// The district's whole bank: the shipped items and the district's own (hidden ones
/// included; the bank page marks them, [`QuestionBank::without`] drops them).
pub fn district_bank(
    conn: &mut AnyConnection,
    district: DistrictId,
    shipped: &QuestionBank,
) -> QueryResult<QuestionBank> {
    let mut own = Vec::new();
    for stored in own_items::list(conn, district)? {
        own.extend(typed(stored, shipped)?);
    }
    Ok(shipped.with_own(own))
}

/// The bank as the district offers it to its coordinators: its whole bank minus what it hid.
pub fn offered_bank(
    conn: &mut AnyConnection,
    district: DistrictId,
    shipped: &QuestionBank,
) -> QueryResult<QuestionBank> {
    let hidden = bank_rows::hidden_keys(conn, district)?;
    Ok(district_bank(conn, district, shipped)?.without(&hidden))
}

/// The `constructs` row id for the item's construct (made if missing). Run before the
/// transaction that writes the item.
pub fn construct_id(conn: &mut AnyConnection, construct: &Construct) -> QueryResult<i32> {
    own_items::shipped_construct_id(
        conn,
        ConstructRef {
            key: &construct.key,
            name_en: construct.name.original(),
            name_es: construct.name.get(Language::Spanish),
            per_product: construct.per_product,
            position: i32::try_from(construct.position).unwrap_or(i32::MAX),
        },
    )
}

fn rows_of(item: &Item) -> (String, Vec<BankWordingRow>) {
    let groups = item
        .groups
        .iter()
        .map(|g| g.as_str())
        .collect::<Vec<_>>()
        .join(",");
    let mut wordings = Vec::new();
    for group in &item.groups {
        for language in Language::ALL {
            if let Some(w) = item.wording(*group, *language) {
                wordings.push(BankWordingRow {
                    bank_item_id: 0,
                    stakeholder_group: *group,
                    language: *language,
                    prompt: w.prompt.clone(),
                    options: w.options.join("\n"),
                    unit: item
                        .bounds
                        .as_ref()
                        .map(|b| b.unit.get(*language).to_string())
                        .unwrap_or_default(),
                });
            }
        }
    }
    (groups, wordings)
}

fn own_item<'a>(item: &'a Item, groups: &'a str) -> OwnItem<'a> {
    OwnItem {
        key: &item.key,
        kind: item.kind,
        groups,
        allows_na: item.allows_na,
        bounds: item.bounds.as_ref().map(|b| (b.min, b.max)),
    }
}

fn too_many(construct: &str) -> Vec<FieldError> {
    vec![FieldError {
        field: "construct".into(),
        message: format!(
            "Your district already has {MAX_OWN_PER_CONSTRUCT} questions of its own in “{construct}”: choose another set, or edit one of them."
        ),
    }]
}

/// Adds the district's item under a new key, audited; the key, or the field errors.
pub fn add(
    conn: &mut AnyConnection,
    (district, user): (DistrictId, UserId),
    (construct, construct_id): (&Construct, i32),
    authored: &AuthoredItem,
) -> QueryResult<Result<String, Vec<FieldError>>> {
    if own_items::count_in(conn, district, construct_id)? >= MAX_OWN_PER_CONSTRUCT {
        return Ok(Err(too_many(construct.name.original())));
    }
    let key = own_items::next_key(conn, district)?;
    let item = authored.keyed(&key);
    let (groups, wordings) = rows_of(&item);
    own_items::insert(
        conn,
        district,
        construct_id,
        own_item(&item, &groups),
        &wordings,
    )?;
    audit::record(
        conn,
        district,
        Some(user),
        "bank.item_added",
        ("bank_item", &key),
        item.label.original(),
    )?;
    Ok(Ok(key))
}

/// What became of an edit to a district item.
#[derive(Debug, PartialEq, Eq)]
pub enum Edited {
    /// Saved.
    Done,
    /// The district has no item with that key.
    NotFound,
    /// Surveys hold the item already; the reason names them.
    InUse(String),
    /// The form had problems; nothing was written.
    Refused(Vec<FieldError>),
}

/// Why the district's item cannot change any more (a survey froze it), if so.
pub fn edit_refusal(
    conn: &mut AnyConnection,
    district: DistrictId,
    key: &str,
) -> QueryResult<Option<String>> {
    let using = own_items::surveys_using(conn, district, key)?;
    Ok((!using.is_empty()).then(|| {
        let names: Vec<String> = using
            .iter()
            .map(|(title, wave)| format!("“{title} — {wave}”"))
            .collect();
        format!(
            "Surveys already hold this question as it is worded now ({}), so changing it would change what their answers mean. Hide it and add a new question instead.",
            names.join(", ")
        )
    }))
}

/// Replaces the content of the district's item `key`, unless a survey holds it; audited.
pub fn edit(
    conn: &mut AnyConnection,
    (district, user): (DistrictId, UserId),
    (construct, construct_id): (&Construct, i32),
    key: &str,
    authored: &AuthoredItem,
) -> QueryResult<Edited> {
    let current = own_items::list(conn, district)?
        .into_iter()
        .find(|s| s.item.key == key);
    let Some(current) = current else {
        return Ok(Edited::NotFound);
    };
    if let Some(reason) = edit_refusal(conn, district, key)? {
        return Ok(Edited::InUse(reason));
    }
    if current.item.construct_id != construct_id
        && own_items::count_in(conn, district, construct_id)? >= MAX_OWN_PER_CONSTRUCT
    {
        return Ok(Edited::Refused(too_many(construct.name.original())));
    }
    let item = authored.keyed(key);
    let (groups, wordings) = rows_of(&item);
    own_items::replace(
        conn,
        district,
        construct_id,
        own_item(&item, &groups),
        &wordings,
    )?;
    audit::record(
        conn,
        district,
        Some(user),
        "bank.item_edited",
        ("bank_item", key),
        item.label.original(),
    )?;
    Ok(Edited::Done)
}

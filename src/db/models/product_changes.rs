//! Changes to the product catalogue: each one a transaction with its audit record.
//!
//! Names are unique per district regardless of case; a clash is reported, never overwritten.

use super::audit;
use super::products::{self as model, NewProduct};
use super::schools::Saved;
use crate::db::schema::{product_features, product_schools, products, survey_products};
use crate::db::AnyConnection;
use crate::domain::catalogue::{FeatureInput, ProductInput};
use crate::domain::import::{same_name, ImportedFeature};
use crate::domain::{DistrictId, ProductId, PublicToken, SchoolId, UserId};
use diesel::prelude::*;

/// Length of a product's public id.
const PUBLIC_ID_LEN: usize = 10;

fn name_taken(
    conn: &mut AnyConnection,
    district: DistrictId,
    name: &str,
    except: Option<ProductId>,
) -> QueryResult<bool> {
    Ok(model::names(conn, district)?
        .iter()
        .any(|(id, n)| Some(ProductId(*id)) != except && same_name(n, name)))
}

fn insert_product(
    conn: &mut AnyConnection,
    district: DistrictId,
    input: &ProductInput,
) -> QueryResult<(ProductId, PublicToken)> {
    let public_id = PublicToken::generate(PUBLIC_ID_LEN);
    let id = model::insert(
        conn,
        &NewProduct {
            district_id: district.0,
            public_id: public_id.as_str(),
            name: input.name.as_str(),
            vendor: input.vendor.as_str(),
            category: &input.category,
            annual_cost_cents: input.annual_cost.cents(),
            currency: input.currency.as_str(),
            licensed_seats: input.licensed_seats.get(),
            seat_unit: input.seat_unit,
            contract_start: input.period.start(),
            contract_end: input.period.end(),
            support_contact: &input.support_contact,
            notes: &input.notes,
            created_at: crate::db::now(),
        },
    )?;
    Ok((id, public_id))
}

fn replace_schools(
    conn: &mut AnyConnection,
    district: DistrictId,
    product: ProductId,
    schools: &[SchoolId],
) -> QueryResult<()> {
    diesel::delete(
        product_schools::table
            .filter(product_schools::district_id.eq(district.0))
            .filter(product_schools::product_id.eq(product.0)),
    )
    .execute(conn)?;
    for school in schools {
        model::add_school(conn, district, product, *school)?;
    }
    Ok(())
}

/// Creates a product (and which schools use it); `None` when the name is taken.
/// The input's schools were checked against the district by the parser.
pub fn create(
    conn: &mut AnyConnection,
    district: DistrictId,
    actor: UserId,
    input: &ProductInput,
) -> QueryResult<Option<PublicToken>> {
    crate::db::write::transaction(&mut *conn, |conn| {
        if name_taken(conn, district, input.name.as_str(), None)? {
            return Ok(None);
        }
        let (id, public_id) = insert_product(conn, district, input)?;
        replace_schools(conn, district, id, &input.schools)?;
        audit::record(
            conn,
            district,
            Some(actor),
            "product.create",
            ("product", public_id.as_str()),
            input.name.as_str(),
        )?;
        Ok(Some(public_id))
    })
}

/// Updates a product of the district and the schools that use it.
pub fn update(
    conn: &mut AnyConnection,
    district: DistrictId,
    actor: UserId,
    public_id: &str,
    input: &ProductInput,
) -> QueryResult<Saved> {
    crate::db::write::transaction(&mut *conn, |conn| {
        let Some(row) = model::find(conn, district, public_id)? else {
            return Ok(Saved::Missing);
        };
        if name_taken(conn, district, input.name.as_str(), Some(row.product_id()))? {
            return Ok(Saved::NameTaken);
        }
        diesel::update(products::table.filter(products::id.eq(row.id)))
            .set((
                products::name.eq(input.name.as_str()),
                products::vendor.eq(input.vendor.as_str()),
                products::category.eq(&input.category),
                products::annual_cost_cents.eq(input.annual_cost.cents()),
                products::currency.eq(input.currency.as_str()),
                products::licensed_seats.eq(input.licensed_seats.get()),
                products::seat_unit.eq(input.seat_unit.as_str()),
                products::contract_start.eq(input.period.start()),
                products::contract_end.eq(input.period.end()),
                products::support_contact.eq(&input.support_contact),
                products::notes.eq(&input.notes),
            ))
            .execute(conn)?;
        replace_schools(conn, district, row.product_id(), &input.schools)?;
        audit::record(
            conn,
            district,
            Some(actor),
            "product.update",
            ("product", public_id),
            input.name.as_str(),
        )?;
        Ok(Saved::Done)
    })
}

/// Archives or restores a product of the district; `false` when it does not exist there.
pub fn set_archived(
    conn: &mut AnyConnection,
    district: DistrictId,
    actor: UserId,
    public_id: &str,
    archived: bool,
) -> QueryResult<bool> {
    crate::db::write::transaction(&mut *conn, |conn| {
        let changed = diesel::update(
            products::table
                .filter(products::district_id.eq(district.0))
                .filter(products::public_id.eq(public_id)),
        )
        .set(products::archived.eq(archived))
        .execute(conn)?;
        if changed == 0 {
            return Ok(false);
        }
        let action = if archived {
            "product.archive"
        } else {
            "product.unarchive"
        };
        audit::record(
            conn,
            district,
            Some(actor),
            action,
            ("product", public_id),
            "",
        )?;
        Ok(true)
    })
}

/// What a feature change did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FeatureSaved {
    /// Written.
    Done,
    /// No such product or feature in the district.
    Missing,
    /// The product already has a feature of that name.
    NameTaken,
    /// The product is in a survey, whose answers may refer to the feature: it stays.
    InSurvey,
}

fn feature_name_taken(
    conn: &mut AnyConnection,
    product: ProductId,
    name: &str,
    except: Option<i32>,
) -> QueryResult<bool> {
    let names: Vec<(i32, String)> = product_features::table
        .filter(product_features::product_id.eq(product.0))
        .select((product_features::id, product_features::name))
        .load(conn)?;
    Ok(names
        .iter()
        .any(|(id, n)| Some(*id) != except && same_name(n, name)))
}

fn insert_feature(
    conn: &mut AnyConnection,
    district: DistrictId,
    product: ProductId,
    input: &FeatureInput,
) -> QueryResult<()> {
    let id = insert_feature_row(conn, district, product, input)?;
    model::replace_feature_texts(conn, district, id, &input.translations)
}

fn insert_feature_row(
    conn: &mut AnyConnection,
    district: DistrictId,
    product: ProductId,
    input: &FeatureInput,
) -> QueryResult<i32> {
    let position: Option<i32> = product_features::table
        .filter(product_features::product_id.eq(product.0))
        .select(diesel::dsl::max(product_features::position))
        .get_result(conn)?;
    diesel::insert_into(product_features::table)
        .values((
            product_features::district_id.eq(district.0),
            product_features::product_id.eq(product.0),
            product_features::name.eq(input.name.as_str()),
            product_features::description.eq(&input.description),
            product_features::in_licence.eq(input.in_licence),
            product_features::position.eq(position.map_or(0, |p| p + 1)),
            product_features::audience.eq(input.audience.as_stored()),
        ))
        .execute(conn)?;
    product_features::table
        .filter(product_features::product_id.eq(product.0))
        .filter(product_features::name.eq(input.name.as_str()))
        .select(product_features::id)
        .get_result(conn)
}

/// Adds a feature at the end of a product's list.
pub fn add_feature(
    conn: &mut AnyConnection,
    district: DistrictId,
    actor: UserId,
    public_id: &str,
    input: &FeatureInput,
) -> QueryResult<FeatureSaved> {
    crate::db::write::transaction(&mut *conn, |conn| {
        let Some(row) = model::find(conn, district, public_id)? else {
            return Ok(FeatureSaved::Missing);
        };
        if feature_name_taken(conn, row.product_id(), input.name.as_str(), None)? {
            return Ok(FeatureSaved::NameTaken);
        }
        insert_feature(conn, district, row.product_id(), input)?;
        audit::record(
            conn,
            district,
            Some(actor),
            "feature.create",
            ("product", public_id),
            input.name.as_str(),
        )?;
        Ok(FeatureSaved::Done)
    })
}

/// Changes a feature's name, description, licence flag, audience and translations.
pub fn update_feature(
    conn: &mut AnyConnection,
    district: DistrictId,
    actor: UserId,
    (public_id, feature): (&str, i32),
    input: &FeatureInput,
) -> QueryResult<FeatureSaved> {
    crate::db::write::transaction(&mut *conn, |conn| {
        let Some(row) = model::find(conn, district, public_id)? else {
            return Ok(FeatureSaved::Missing);
        };
        if feature_name_taken(conn, row.product_id(), input.name.as_str(), Some(feature))? {
            return Ok(FeatureSaved::NameTaken);
        }
        let changed = diesel::update(
            product_features::table
                .filter(product_features::product_id.eq(row.id))
                .filter(product_features::id.eq(feature)),
        )
        .set((
            product_features::name.eq(input.name.as_str()),
            product_features::description.eq(&input.description),
            product_features::in_licence.eq(input.in_licence),
            product_features::audience.eq(input.audience.as_stored()),
        ))
        .execute(conn)?;
        if changed == 0 {
            return Ok(FeatureSaved::Missing);
        }
        model::replace_feature_texts(conn, district, feature, &input.translations)?;
        audit::record(
            conn,
            district,
            Some(actor),
            "feature.update",
            ("product", public_id),
            input.name.as_str(),
        )?;
        Ok(FeatureSaved::Done)
    })
}

/// Removes a feature, unless the product is in a survey (answers may refer to the feature).
pub fn remove_feature(
    conn: &mut AnyConnection,
    district: DistrictId,
    actor: UserId,
    (public_id, feature): (&str, i32),
) -> QueryResult<FeatureSaved> {
    crate::db::write::transaction(&mut *conn, |conn| {
        let Some(row) = model::find(conn, district, public_id)? else {
            return Ok(FeatureSaved::Missing);
        };
        let surveys: i64 = survey_products::table
            .filter(survey_products::product_id.eq(row.id))
            .count()
            .get_result(conn)?;
        let target = product_features::table
            .filter(product_features::product_id.eq(row.id))
            .filter(product_features::id.eq(feature));
        let name: Option<String> = target
            .select(product_features::name)
            .get_result(conn)
            .optional()?;
        let Some(name) = name else {
            return Ok(FeatureSaved::Missing);
        };
        if surveys > 0 {
            return Ok(FeatureSaved::InSurvey);
        }
        model::replace_feature_texts(conn, district, feature, &Default::default())?;
        diesel::delete(target).execute(conn)?;
        audit::record(
            conn,
            district,
            Some(actor),
            "feature.delete",
            ("product", public_id),
            &name,
        )?;
        Ok(FeatureSaved::Done)
    })
}

/// Writes every imported product and its features in one transaction with one audit record.
/// Names are checked again inside the transaction; `Err` lists those the catalogue now has,
/// and nothing is written.
pub fn import(
    conn: &mut AnyConnection,
    district: DistrictId,
    actor: UserId,
    rows: &[(ProductInput, Vec<ImportedFeature>)],
) -> QueryResult<Result<usize, Vec<String>>> {
    crate::db::write::transaction(&mut *conn, |conn| {
        let existing = model::names(conn, district)?;
        let clashes: Vec<String> = rows
            .iter()
            .filter(|(p, _)| existing.iter().any(|(_, n)| same_name(n, p.name.as_str())))
            .map(|(p, _)| p.name.to_string())
            .collect();
        if !clashes.is_empty() {
            return Ok(Err(clashes));
        }
        for (product, features) in rows {
            let (id, _) = insert_product(conn, district, product)?;
            for (position, feature) in (0..).zip(features) {
                diesel::insert_into(product_features::table)
                    .values((
                        product_features::district_id.eq(district.0),
                        product_features::product_id.eq(id.0),
                        product_features::name.eq(feature.name.as_str()),
                        product_features::description.eq(""),
                        product_features::in_licence.eq(true),
                        product_features::position.eq(position),
                        product_features::audience.eq(feature.audience.as_stored()),
                    ))
                    .execute(conn)?;
            }
        }
        audit::record(
            conn,
            district,
            Some(actor),
            "product.import",
            ("catalogue", "products"),
            &format!("{} products imported from CSV", rows.len()),
        )?;
        Ok(Ok(rows.len()))
    })
}

//! What a respondent's pages read: a link or access code, the survey it opens, the frozen
//! wordings and the products (names, vendors, licensed features) the survey asks about.
//!
//! Respondents have no account, so these lookups start from a token or code hash; every
//! later query is scoped to the district the token belongs to.

use super::distribution::{AccessCodeRow, LinkRow};
use super::products::{feature_texts, FeatureRow};
use super::surveys::{SurveyRow, SurveyWordingRow};
use crate::db::schema::{
    access_codes, distribution_links, districts, product_features, products, survey_item_wordings,
    survey_items, surveys,
};
use crate::db::AnyConnection;
use crate::domain::translations::{pick, Shown};
use crate::domain::{DistrictId, FeatureAudience, Language, ProductId, StakeholderGroup, SurveyId};
use diesel::prelude::*;
use std::collections::BTreeMap;

/// The anonymous link with this token, if any.
pub fn find_link(conn: &mut AnyConnection, token: &str) -> QueryResult<Option<LinkRow>> {
    distribution_links::table
        .filter(distribution_links::token.eq(token))
        .select(LinkRow::as_select())
        .get_result(conn)
        .optional()
}

/// The access code with this SHA-256 hash, if any.
pub fn find_code(conn: &mut AnyConnection, code_hash: &str) -> QueryResult<Option<AccessCodeRow>> {
    access_codes::table
        .filter(access_codes::code_hash.eq(code_hash))
        .select(AccessCodeRow::as_select())
        .get_result(conn)
        .optional()
}

/// A survey of the district by id.
pub fn survey(
    conn: &mut AnyConnection,
    district: DistrictId,
    survey: SurveyId,
) -> QueryResult<Option<SurveyRow>> {
    surveys::table
        .filter(surveys::district_id.eq(district.0))
        .filter(surveys::id.eq(survey.0))
        .select(SurveyRow::as_select())
        .get_result(conn)
        .optional()
}

/// Every frozen wording of a survey of the district.
pub fn wordings(
    conn: &mut AnyConnection,
    district: DistrictId,
    survey: SurveyId,
) -> QueryResult<Vec<SurveyWordingRow>> {
    survey_item_wordings::table
        .inner_join(survey_items::table)
        .filter(survey_item_wordings::district_id.eq(district.0))
        .filter(survey_items::survey_id.eq(survey.0))
        .select(SurveyWordingRow::as_select())
        .load(conn)
}

/// A licensed feature as respondents see it: who is asked about it and its texts.
#[derive(Debug, Clone)]
pub struct RespondentFeature {
    /// Feature id (answers refer to it).
    pub id: i32,
    /// Name in the original language.
    pub name: String,
    /// Description in the original language.
    pub description: String,
    /// Who is asked about it.
    pub audience: FeatureAudience,
    /// Name and description per language other than the original, where given.
    pub texts: BTreeMap<Language, (String, String)>,
}

impl RespondentFeature {
    /// The name a page in `language` shows (the original, marked, when not translated).
    pub fn name_in(&self, language: Language) -> Shown {
        let names = self
            .texts
            .iter()
            .map(|(l, (name, _))| (*l, name.clone()))
            .collect();
        pick(&self.name, &names, language)
    }

    /// The description a page in `language` shows: the translated one goes with a translated
    /// name; otherwise the original, marked.
    pub fn description_in(&self, language: Language) -> Shown {
        let descriptions = self
            .texts
            .iter()
            .filter(|(_, (_, d))| !d.is_empty())
            .map(|(l, (_, d))| (*l, d.clone()))
            .collect();
        pick(&self.description, &descriptions, language)
    }
}

/// A product as respondents see it: name, vendor and licensed features in display order.
#[derive(Debug, Clone)]
pub struct ProductForRespondents {
    /// Product.
    pub id: ProductId,
    /// Name.
    pub name: String,
    /// Vendor (some prompts name it).
    pub vendor: String,
    /// Licensed features, in display order, each with its audience.
    pub features: Vec<RespondentFeature>,
}

impl ProductForRespondents {
    /// The features respondents of `group` are asked about, in display order.
    pub fn features_for(&self, group: StakeholderGroup) -> Vec<&RespondentFeature> {
        self.features
            .iter()
            .filter(|f| f.audience.asks(group))
            .collect()
    }
}

fn stored_value_error(e: impl std::fmt::Display) -> diesel::result::Error {
    diesel::result::Error::DeserializationError(Box::new(std::io::Error::other(e.to_string())))
}

/// The named products of the district, in the order of `ids`, with their licensed features.
pub fn products(
    conn: &mut AnyConnection,
    district: DistrictId,
    ids: &[ProductId],
) -> QueryResult<Vec<ProductForRespondents>> {
    let raw: Vec<i32> = ids.iter().map(|p| p.0).collect();
    let rows: Vec<(i32, String, String)> = products::table
        .filter(products::district_id.eq(district.0))
        .filter(products::id.eq_any(&raw))
        .select((products::id, products::name, products::vendor))
        .load(conn)?;
    let features: Vec<FeatureRow> = product_features::table
        .filter(product_features::district_id.eq(district.0))
        .filter(product_features::product_id.eq_any(&raw))
        .filter(product_features::in_licence.eq(true))
        .order((product_features::product_id, product_features::position))
        .select(FeatureRow::as_select())
        .load(conn)?;
    let feature_ids: Vec<i32> = features.iter().map(|f| f.id).collect();
    let mut texts: BTreeMap<i32, BTreeMap<Language, (String, String)>> = BTreeMap::new();
    for t in feature_texts(conn, district, &feature_ids)? {
        texts
            .entry(t.feature_id)
            .or_default()
            .insert(t.language, (t.name, t.description));
    }
    let mut typed = Vec::with_capacity(features.len());
    for f in features {
        typed.push((
            f.product_id,
            RespondentFeature {
                id: f.id,
                audience: f.audience().map_err(stored_value_error)?,
                texts: texts.remove(&f.id).unwrap_or_default(),
                name: f.name,
                description: f.description,
            },
        ));
    }
    Ok(ids
        .iter()
        .filter_map(|id| {
            let (_, name, vendor) = rows.iter().find(|r| r.0 == id.0)?;
            Some(ProductForRespondents {
                id: *id,
                name: name.clone(),
                vendor: vendor.clone(),
                features: typed
                    .iter()
                    .filter(|(product, _)| *product == id.0)
                    .map(|(_, f)| f.clone())
                    .collect(),
            })
        })
        .collect())
}

/// The privacy note of the district with this slug: its name, the original note and the
/// note's translations.
pub fn privacy_note(
    conn: &mut AnyConnection,
    slug: &str,
) -> QueryResult<Option<(String, String, super::texts::Translations)>> {
    let row: Option<(i32, String, String)> = districts::table
        .filter(districts::slug.eq(slug))
        .select((districts::id, districts::name, districts::privacy_note))
        .get_result(conn)
        .optional()?;
    let Some((id, name, note)) = row else {
        return Ok(None);
    };
    let translations = super::texts::privacy_notes(conn, DistrictId(id))?;
    Ok(Some((name, note, translations)))
}

/// The slug of a district (for the privacy link on respondent pages).
pub fn district_slug(conn: &mut AnyConnection, district: DistrictId) -> QueryResult<String> {
    districts::table
        .filter(districts::id.eq(district.0))
        .select(districts::slug)
        .get_result(conn)
}

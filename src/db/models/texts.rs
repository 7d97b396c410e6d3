//! Per-language texts the district writes besides the catalogue's feature texts (which live
//! with the features in `products.rs`): survey titles and the district's privacy note. The
//! original stays in its base column (`surveys.title`, `districts.privacy_note`); these tables
//! hold one row per other language that has a translation, so a new language is rows.

use crate::db::schema::{district_privacy_notes, districts, survey_titles};
use crate::db::AnyConnection;
use crate::domain::{DistrictId, Language, SurveyId};
use diesel::prelude::*;
use std::collections::BTreeMap;

/// Per-language texts, typed.
pub type Translations = BTreeMap<Language, String>;

/// The translated titles of a survey of the district.
pub fn survey_titles(
    conn: &mut AnyConnection,
    district: DistrictId,
    survey: SurveyId,
) -> QueryResult<Translations> {
    let rows = survey_titles::table
        .filter(survey_titles::district_id.eq(district.0))
        .filter(survey_titles::survey_id.eq(survey.0))
        .select((survey_titles::language, survey_titles::title))
        .load::<(Language, String)>(conn)?;
    Ok(rows.into_iter().collect())
}

/// Replaces a survey's translated titles (a language left out has none); the caller has
/// scoped the survey to the district and runs this in its transaction.
pub fn replace_survey_titles(
    conn: &mut AnyConnection,
    district: DistrictId,
    survey: SurveyId,
    titles: &Translations,
) -> QueryResult<()> {
    diesel::delete(
        survey_titles::table
            .filter(survey_titles::district_id.eq(district.0))
            .filter(survey_titles::survey_id.eq(survey.0)),
    )
    .execute(conn)?;
    for (language, title) in titles {
        diesel::insert_into(survey_titles::table)
            .values((
                survey_titles::survey_id.eq(survey.0),
                survey_titles::district_id.eq(district.0),
                survey_titles::language.eq(language.as_str()),
                survey_titles::title.eq(title),
            ))
            .execute(conn)?;
    }
    Ok(())
}

/// The district's translated privacy notes.
pub fn privacy_notes(conn: &mut AnyConnection, district: DistrictId) -> QueryResult<Translations> {
    let rows = district_privacy_notes::table
        .filter(district_privacy_notes::district_id.eq(district.0))
        .select((
            district_privacy_notes::language,
            district_privacy_notes::note,
        ))
        .load::<(Language, String)>(conn)?;
    Ok(rows.into_iter().collect())
}

/// Sets the district's privacy note: the original and its translations (a language left out
/// has none). The caller runs this in its transaction with the audit record.
pub fn set_privacy_notes(
    conn: &mut AnyConnection,
    district: DistrictId,
    original: &str,
    translations: &Translations,
) -> QueryResult<()> {
    diesel::update(districts::table.find(district.0))
        .set(districts::privacy_note.eq(original))
        .execute(conn)?;
    diesel::delete(
        district_privacy_notes::table.filter(district_privacy_notes::district_id.eq(district.0)),
    )
    .execute(conn)?;
    for (language, note) in translations {
        diesel::insert_into(district_privacy_notes::table)
            .values((
                district_privacy_notes::district_id.eq(district.0),
                district_privacy_notes::language.eq(language.as_str()),
                district_privacy_notes::note.eq(note),
            ))
            .execute(conn)?;
    }
    Ok(())
}

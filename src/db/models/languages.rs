//! A district's languages in the database: which it enabled (`districts.languages`, read
//! with the signed-in user by `districts::zone_and_languages`), which draft translations it
//! reviewed (`district_language_reviews`), and which languages its unfinished surveys use.

use crate::db::schema::{district_language_reviews, surveys};
use crate::db::AnyConnection;
use crate::domain::{DistrictId, Language, SurveyStatus, UserId};
use diesel::prelude::*;

/// The languages whose draft translation the district has reviewed, in registry order
/// (stored codes that are no longer a language are left out).
pub fn reviewed(conn: &mut AnyConnection, district: DistrictId) -> QueryResult<Vec<Language>> {
    let codes: Vec<String> = district_language_reviews::table
        .filter(district_language_reviews::district_id.eq(district.0))
        .select(district_language_reviews::language)
        .load(conn)?;
    let mut languages: Vec<Language> = codes.iter().filter_map(|c| c.parse().ok()).collect();
    languages.sort();
    Ok(languages)
}

/// Records that `user` reviewed the district's wordings in `language`; `false` when it was
/// already reviewed (nothing written).
pub fn mark_reviewed(
    conn: &mut AnyConnection,
    district: DistrictId,
    user: UserId,
    language: Language,
) -> QueryResult<bool> {
    let already: i64 = district_language_reviews::table
        .filter(district_language_reviews::district_id.eq(district.0))
        .filter(district_language_reviews::language.eq(language.as_str()))
        .count()
        .get_result(conn)?;
    if already > 0 {
        return Ok(false);
    }
    diesel::insert_into(district_language_reviews::table)
        .values((
            district_language_reviews::district_id.eq(district.0),
            district_language_reviews::language.eq(language.as_str()),
            district_language_reviews::reviewed_by.eq(user.0),
            district_language_reviews::reviewed_at.eq(crate::db::now()),
        ))
        .execute(conn)
        .map(|n| n == 1)
}

/// The titles and stored language codes of the district's surveys that are not closed (a
/// language they use cannot be disabled).
pub fn unfinished_surveys(
    conn: &mut AnyConnection,
    district: DistrictId,
) -> QueryResult<Vec<(String, String)>> {
    surveys::table
        .filter(surveys::district_id.eq(district.0))
        .filter(surveys::status.ne(SurveyStatus::Closed.as_str()))
        .order(surveys::id)
        .select((surveys::title, surveys::languages))
        .load(conn)
}

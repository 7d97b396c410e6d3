//! Batches of single-use access codes: drawn here, shown once on a printable sheet, and kept
//! only as hashes, so neither a database reader nor Chorus itself can tie a code (or the
//! person it was handed to) to the answers it unlocked.

use super::lifecycle::Author;
use crate::db::models::surveys::SurveyRow;
use crate::db::models::{audit, distribution};
use crate::db::AnyConnection;
use crate::domain::code_request::{CodeRequest, CODE_LENGTH};
use crate::domain::tokens;
use crate::domain::{PublicToken, SurveyId, SurveyStatus};
use diesel::QueryResult;

/// What a request for codes came to.
#[derive(Debug)]
pub enum CodesMade {
    /// The new codes, in the clear for the sheet; this is the only time they exist so.
    Made(Vec<PublicToken>),
    /// A batch with this form's key exists: the form was posted twice.
    AlreadyMade,
    /// The survey is closed: codes could never be used.
    SurveyClosed,
}

/// Draws and stores a batch of codes for a draft or open survey. Run inside a transaction.
pub fn make_codes(
    conn: &mut AnyConnection,
    author: Author<'_>,
    survey: &SurveyRow,
    request: &CodeRequest,
) -> QueryResult<CodesMade> {
    if survey.status == SurveyStatus::Closed {
        return Ok(CodesMade::SurveyClosed);
    }
    if distribution::batch_exists(conn, author.district, request.batch.as_str())? {
        return Ok(CodesMade::AlreadyMade);
    }
    let codes: Vec<PublicToken> = (0..request.count)
        .map(|_| PublicToken::generate(CODE_LENGTH))
        .collect();
    let hashes: Vec<String> = codes.iter().map(|c| tokens::hash(c.as_str())).collect();
    distribution::insert_codes(
        conn,
        author.district,
        SurveyId(survey.id),
        (request.school, request.group),
        request.batch.as_str(),
        &hashes,
    )?;
    audit::record(
        conn,
        author.district,
        Some(author.user),
        "survey.codes_created",
        ("survey", &survey.public_id),
        &format!(
            "{} codes for school {} ({})",
            request.count,
            request.school.0,
            request.group.as_str()
        ),
    )?;
    Ok(CodesMade::Made(codes))
}

/// A code as printed: upper case in two groups of five, easy to read aloud and to type
/// (entry ignores case, spaces and dashes).
pub fn printed(code: &PublicToken) -> String {
    let upper = code.as_str().to_uppercase();
    let (a, b) = upper.split_at(upper.len() / 2);
    format!("{a}-{b}")
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn a_printed_code_parses_back_to_itself() {
        let code = PublicToken::generate(CODE_LENGTH);
        let shown = printed(&code);
        assert_eq!(shown.len(), CODE_LENGTH + 1);
        assert_eq!(shown.chars().nth(5), Some('-'));
        assert_eq!(PublicToken::parse(&shown).unwrap(), code);
    }
}

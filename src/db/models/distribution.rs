//! How respondents reach a survey: anonymous links per school × group, and single-use codes.

use crate::db::schema::{access_codes, distribution_links};
use chrono::NaiveDateTime;
use diesel::prelude::*;

/// An anonymous link for one school and stakeholder group.
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = distribution_links)]
pub struct LinkRow {
    /// Row id.
    pub id: i32,
    /// District.
    pub district_id: i32,
    /// Survey.
    pub survey_id: i32,
    /// School the answers count for.
    pub school_id: i32,
    /// Group the answers count for.
    pub stakeholder_group: String,
    /// Short random token in `/s/{token}`.
    pub token: String,
    /// Deactivated links refuse new respondents.
    pub active: bool,
    /// Creation time.
    pub created_at: NaiveDateTime,
}

/// A single-use access code (stored hashed; never linked to the response it unlocked).
#[derive(Debug, Clone, Queryable, Selectable, Identifiable)]
#[diesel(table_name = access_codes)]
pub struct AccessCodeRow {
    /// Row id.
    pub id: i32,
    /// District.
    pub district_id: i32,
    /// Survey.
    pub survey_id: i32,
    /// School.
    pub school_id: i32,
    /// Group.
    pub stakeholder_group: String,
    /// SHA-256 of the code.
    pub code_hash: String,
    /// Batch label, for reprinting a sheet.
    pub batch: String,
    /// Consumed in the submitting transaction.
    pub used: bool,
    /// Creation time.
    pub created_at: NaiveDateTime,
}

//! A request for a batch of single-use access codes, as typed and as validated.
//!
//! Codes are for respondents without a device of their own to open a link on (a class on
//! shared Chromebooks, parents at an evening event): one printed slip per person.

use super::catalogue::Problems;
use super::{ParseError, PublicToken, SchoolId, StakeholderGroup};
use crate::domain::FieldError;
use serde::{Deserialize, Serialize};

/// Most codes one request may make: a sheet for a large school's grade, not a mailing list.
pub const MAX_CODES_PER_BATCH: u32 = 1000;

/// Characters in an access code: ≈ 50 random bits, typed from paper in ten keystrokes.
pub const CODE_LENGTH: usize = 10;

/// The code form as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct CodeForm {
    /// School id.
    pub school: String,
    /// Group code.
    pub group: String,
    /// How many codes.
    pub count: String,
    /// A random key drawn when the form was shown, so a re-posted form makes no second batch.
    pub batch: String,
}

/// A validated code request: a school and group the survey goes to, and a sane count.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CodeRequest {
    /// School the codes count for.
    pub school: SchoolId,
    /// Group the codes count for.
    pub group: StakeholderGroup,
    /// Number of codes, 1 to `MAX_CODES_PER_BATCH`.
    pub count: u32,
    /// Batch key from the form.
    pub batch: PublicToken,
}

impl CodeForm {
    /// Validates against what the survey offers (`schools` the user may distribute to and
    /// the survey's `groups`); every problem is reported against its field.
    pub fn parse(
        &self,
        schools: &[SchoolId],
        groups: &[StakeholderGroup],
    ) -> Result<CodeRequest, Vec<FieldError>> {
        let mut p = Problems::default();
        let school = p.take(
            "school",
            self.school
                .trim()
                .parse::<i32>()
                .ok()
                .map(SchoolId)
                .filter(|s| schools.contains(s))
                .ok_or_else(|| ParseError::new("Choose one of the survey's schools.")),
        );
        let group = p.take(
            "group",
            self.group
                .parse::<StakeholderGroup>()
                .ok()
                .filter(|g| groups.contains(g))
                .ok_or_else(|| ParseError::new("Choose one of the survey's groups.")),
        );
        let count = p.take("count", parse_count(&self.count));
        let batch = p.take(
            "batch",
            PublicToken::parse(&self.batch).map_err(|_| {
                ParseError::new("This form is out of date: reload the page and try again.")
            }),
        );
        match (school, group, count, batch) {
            (Some(school), Some(group), Some(count), Some(batch)) if p.0.is_empty() => {
                Ok(CodeRequest {
                    school,
                    group,
                    count,
                    batch,
                })
            }
            _ => Err(p.0),
        }
    }
}

fn parse_count(raw: &str) -> Result<u32, ParseError> {
    let message = || {
        ParseError::new(format!(
            "Enter how many codes to make, a whole number from 1 to {MAX_CODES_PER_BATCH}."
        ))
    };
    let n: u32 = raw.trim().parse().map_err(|_| message())?;
    if (1..=MAX_CODES_PER_BATCH).contains(&n) {
        Ok(n)
    } else {
        Err(message())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn form(school: &str, group: &str, count: &str) -> CodeForm {
        CodeForm {
            school: school.into(),
            group: group.into(),
            count: count.into(),
            batch: PublicToken::generate(12).to_string(),
        }
    }

    const SCHOOLS: [SchoolId; 2] = [SchoolId(3), SchoolId(4)];
    const GROUPS: [StakeholderGroup; 1] = [StakeholderGroup::Teacher];

    #[test]
    fn a_valid_request_parses() {
        let r = form("4", "teacher", " 30 ")
            .parse(&SCHOOLS, &GROUPS)
            .unwrap();
        assert_eq!(
            (r.school, r.group, r.count),
            (SchoolId(4), StakeholderGroup::Teacher, 30)
        );
    }

    #[test]
    fn every_problem_is_named_against_its_field() {
        let errors = form("9", "parent", "1001")
            .parse(&SCHOOLS, &GROUPS)
            .unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["school", "group", "count"]);
        assert!(errors[2].message.contains("1 to 1000"));
        for bad in ["0", "-3", "ten", "2.5", ""] {
            assert!(form("3", "teacher", bad).parse(&SCHOOLS, &GROUPS).is_err());
        }
    }

    #[test]
    fn a_missing_batch_key_asks_for_a_reload() {
        let mut f = form("3", "teacher", "5");
        f.batch = String::new();
        let errors = f.parse(&SCHOOLS, &GROUPS).unwrap_err();
        assert_eq!(errors[0].field, "batch");
        assert!(errors[0].message.contains("reload"));
    }
}

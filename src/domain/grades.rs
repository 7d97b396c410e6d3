//! A school's grade span (K–5, 6–8, 9–12, …) and the student groups it holds.
//!
//! The survey words its student items for two grade bands (`young_student`: grades 3–5,
//! `student`: grades 6–12). A school has a student group only when its span overlaps the
//! group's band, so a K–5 school is never offered grades 6–12 links and never expects their
//! answers.

use super::{ParseError, SchoolLevel, StakeholderGroup};
use std::fmt;
use std::ops::RangeInclusive;

/// A school grade: kindergarten is 0, then 1..=12.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Grade(u8);

impl Grade {
    /// Kindergarten.
    pub const K: Grade = Grade(0);
    /// The last grade of school.
    pub const TWELVE: Grade = Grade(12);

    /// The grade numbered `n` (0 = K), when it is a school grade.
    pub fn new(n: i32) -> Option<Self> {
        u8::try_from(n).ok().filter(|n| *n <= 12).map(Grade)
    }

    /// The grade's number (0 = K), as stored.
    pub fn number(self) -> i32 {
        i32::from(self.0)
    }

    /// Parses "K" (or "KG", "kindergarten", "0") and "1".."12" in digits (leading zeros
    /// allowed, no sign); an ordinal suffix ("6th") is allowed.
    fn parse(raw: &str) -> Result<Self, ParseError> {
        let s = raw.trim().to_ascii_lowercase();
        if matches!(s.as_str(), "k" | "kg" | "kindergarten") {
            return Ok(Grade::K);
        }
        let digits = s
            .strip_suffix("st")
            .or_else(|| s.strip_suffix("nd"))
            .or_else(|| s.strip_suffix("rd"))
            .or_else(|| s.strip_suffix("th"))
            .unwrap_or(&s);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(ParseError::new(format!(
                "\"{}\" is not a grade: write K or a number from 1 to 12.",
                raw.trim()
            )));
        }
        let n: Option<i32> = digits.parse().ok();
        n.and_then(Grade::new).ok_or_else(|| {
            let n = n.map_or_else(|| digits.to_string(), |n| n.to_string());
            ParseError::new(format!(
                "Grade {n} is not a school grade: grades run from K to 12."
            ))
        })
    }
}

impl fmt::Display for Grade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 == 0 {
            f.write_str("K")
        } else {
            write!(f, "{}", self.0)
        }
    }
}

/// The grades a school teaches, lowest to highest (low ≤ high).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct GradeSpan {
    low: Grade,
    high: Grade,
}

/// The grades of the `young_student` band.
const YOUNG_BAND: RangeInclusive<u8> = 3..=5;
/// The grades of the `student` band.
const STUDENT_BAND: RangeInclusive<u8> = 6..=12;

impl GradeSpan {
    /// The span from `low` to `high`, when `low` is not above `high`.
    pub fn new(low: Grade, high: Grade) -> Option<Self> {
        (low <= high).then_some(GradeSpan { low, high })
    }

    /// The span stored as two grade numbers; `None` when they are not a span (a row written
    /// by hand).
    pub fn from_numbers(low: i32, high: i32) -> Option<Self> {
        GradeSpan::new(Grade::new(low)?, Grade::new(high)?)
    }

    /// Parses "lowest – highest" ("K–5", "6-8", "9 to 12") or one grade ("5"); dashes of any
    /// kind and spaces are allowed.
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        let s = raw.trim();
        if s.is_empty() {
            return Err(ParseError::new(
                "Enter the grade span, lowest to highest grade, e.g. K–5, 6–8 or 9–12.",
            ));
        }
        let lower = s.to_ascii_lowercase();
        let parts: Vec<&str> = if let Some((a, b)) = lower.split_once(" to ") {
            vec![a, b]
        } else {
            lower.split(['-', '–', '—', '‒']).collect()
        };
        let (low, high) = match parts.as_slice() {
            [one] => (Grade::parse(one)?, Grade::parse(one)?),
            [a, b] if !a.trim().is_empty() && !b.trim().is_empty() => {
                (Grade::parse(a)?, Grade::parse(b)?)
            }
            _ => {
                return Err(ParseError::new(format!(
                    "\"{s}\" is not a grade span: write the lowest and highest grade, e.g. K–5, 6–8 or 9–12."
                )))
            }
        };
        GradeSpan::new(low, high).ok_or_else(|| {
            ParseError::new(format!(
                "The span starts at grade {low} and ends at grade {high}: write the lowest grade first, e.g. {high}–{low}."
            ))
        })
    }

    /// The span a school of this level usually has (used for schools that had none).
    pub fn usual_for(level: SchoolLevel) -> Self {
        let (low, high) = match level {
            SchoolLevel::Elementary => (0, 5),
            SchoolLevel::Middle => (6, 8),
            SchoolLevel::High => (9, 12),
            SchoolLevel::Other => (0, 12),
        };
        GradeSpan {
            low: Grade(low),
            high: Grade(high),
        }
    }

    /// The lowest grade.
    pub fn low(self) -> Grade {
        self.low
    }

    /// The highest grade.
    pub fn high(self) -> Grade {
        self.high
    }

    fn overlaps(self, band: &RangeInclusive<u8>) -> bool {
        self.low.0 <= *band.end() && *band.start() <= self.high.0
    }

    /// Whether the group exists at a school of this span: a student group when the span
    /// overlaps its band, every adult group always.
    pub fn has(self, group: StakeholderGroup) -> bool {
        match group {
            StakeholderGroup::YoungStudent => self.overlaps(&YOUNG_BAND),
            StakeholderGroup::Student => self.overlaps(&STUDENT_BAND),
            StakeholderGroup::Teacher
            | StakeholderGroup::Parent
            | StakeholderGroup::Coordinator => true,
        }
    }

    /// The groups of `asked` that exist at a school of this span, in the same order.
    pub fn groups_of(self, asked: &[StakeholderGroup]) -> Vec<StakeholderGroup> {
        asked.iter().copied().filter(|g| self.has(*g)).collect()
    }
}

impl fmt::Display for GradeSpan {
    /// "K–5", "9–12", or one grade ("5") when low and high are the same.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.low == self.high {
            write!(f, "{}", self.low)
        } else {
            write!(f, "{}–{}", self.low, self.high)
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use StakeholderGroup::*;

    fn span(s: &str) -> GradeSpan {
        GradeSpan::parse(s).unwrap()
    }

    fn error(s: &str) -> String {
        GradeSpan::parse(s).unwrap_err().to_string()
    }

    #[test]
    fn spans_parse_with_any_dash_and_print_with_an_en_dash() {
        for (raw, shown) in [
            ("K-5", "K–5"),
            ("k – 5", "K–5"),
            ("KG-8", "K–8"),
            ("6–8", "6–8"),
            ("9 to 12", "9–12"),
            ("6th-8th", "6–8"),
            ("K—12", "K–12"),
            ("0-5", "K–5"),
            ("5", "5"),
        ] {
            assert_eq!(span(raw).to_string(), shown, "{raw}");
        }
        assert_eq!(span("K-5").low(), Grade::K);
        assert_eq!(span("9-12").high(), Grade::TWELVE);
        assert_eq!(span("6-8").low().number(), 6);
    }

    #[test]
    fn bad_spans_say_what_is_wrong() {
        assert!(error("").contains("Enter the grade span"));
        assert!(error("  ").contains("Enter the grade span"));
        assert!(error("9-5").contains("write the lowest grade first, e.g. 5–9"));
        assert!(error("K-13").contains("Grade 13 is not a school grade"));
        assert!(error("-1-5").contains("is not a grade span"));
        assert!(error("PK-5").contains("\"pk\" is not a grade"));
        assert!(error("6-8-9").contains("is not a grade span"));
        assert!(error("6-").contains("is not a grade span"));
        assert!(error("grade six").contains("is not a grade"));
        assert!(error("99999999999-1").contains("is not a school grade"));
        assert!(error("+5").contains("\"+5\" is not a grade"), "digits only");
        assert!(error("K to -0").contains("\"-0\" is not a grade"));
    }

    #[test]
    fn a_span_holds_a_band_when_it_overlaps_it() {
        let groups = |s: &str| span(s).groups_of(StakeholderGroup::ALL);
        assert_eq!(
            groups("K-5"),
            vec![YoungStudent, Teacher, Parent, Coordinator]
        );
        assert_eq!(groups("6-8"), vec![Student, Teacher, Parent, Coordinator]);
        assert_eq!(groups("9-12"), vec![Student, Teacher, Parent, Coordinator]);
        assert_eq!(
            groups("K-8"),
            vec![YoungStudent, Student, Teacher, Parent, Coordinator]
        );
        assert_eq!(groups("K-2"), vec![Teacher, Parent, Coordinator]);
        assert_eq!(groups("5-6"), StakeholderGroup::ALL.to_vec());
        assert!(span("3").has(YoungStudent) && !span("3").has(Student));
    }

    #[test]
    fn every_level_has_a_usual_span_and_stored_numbers_round_trip() {
        assert_eq!(
            GradeSpan::usual_for(SchoolLevel::Elementary).to_string(),
            "K–5"
        );
        assert_eq!(GradeSpan::usual_for(SchoolLevel::Middle).to_string(), "6–8");
        assert_eq!(GradeSpan::usual_for(SchoolLevel::High).to_string(), "9–12");
        assert_eq!(GradeSpan::usual_for(SchoolLevel::Other).to_string(), "K–12");
        assert_eq!(GradeSpan::from_numbers(6, 8), Some(span("6-8")));
        assert_eq!(GradeSpan::from_numbers(8, 6), None);
        assert_eq!(GradeSpan::from_numbers(0, 13), None);
        assert_eq!(GradeSpan::from_numbers(-1, 5), None);
    }
}

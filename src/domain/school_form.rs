//! The school form: name, level, grade span and the expected headcount of each stakeholder
//! group, parsed with every field's problem at once. A student headcount for a band the grade
//! span does not reach is refused on its field, so response rates never divide by a group a
//! school does not have.

use super::catalogue::Problems;
use super::contract::{Headcount, Headcounts};
use super::grades::GradeSpan;
use super::{LabelText, ParseError, SchoolLevel, StakeholderGroup};
use crate::domain::FieldError;
use serde::{Deserialize, Serialize};

/// The school form as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SchoolForm {
    /// Name.
    pub name: String,
    /// Level text.
    pub level: String,
    /// Grade span, e.g. "K–5".
    pub grade_span: String,
    /// Expected students in grades 3–5.
    pub expected_young_students: String,
    /// Expected students in grades 6–12.
    pub expected_students: String,
    /// Expected teachers.
    pub expected_teachers: String,
    /// Expected parents.
    pub expected_parents: String,
    /// Expected coordinators.
    pub expected_coordinators: String,
}

/// A valid school.
#[derive(Debug, Clone)]
pub struct SchoolInput {
    /// Name (≤ 120 characters).
    pub name: LabelText,
    /// Level.
    pub level: SchoolLevel,
    /// The grades it teaches, which decide its student groups.
    pub span: GradeSpan,
    /// Expected headcounts per group; zero for a group the span does not hold.
    pub expected: Headcounts,
}

/// The form field of a group's expected headcount, and how its messages name it.
pub fn headcount_field(group: StakeholderGroup) -> (&'static str, &'static str) {
    match group {
        StakeholderGroup::YoungStudent => (
            "expected_young_students",
            "expected number of students in grades 3–5",
        ),
        StakeholderGroup::Student => (
            "expected_students",
            "expected number of students in grades 6–12",
        ),
        StakeholderGroup::Teacher => ("expected_teachers", "expected number of teachers"),
        StakeholderGroup::Parent => ("expected_parents", "expected number of parents"),
        StakeholderGroup::Coordinator => {
            ("expected_coordinators", "expected number of coordinators")
        }
    }
}

impl SchoolForm {
    /// The typed headcount of a group.
    fn raw_headcount(&self, group: StakeholderGroup) -> &str {
        match group {
            StakeholderGroup::YoungStudent => &self.expected_young_students,
            StakeholderGroup::Student => &self.expected_students,
            StakeholderGroup::Teacher => &self.expected_teachers,
            StakeholderGroup::Parent => &self.expected_parents,
            StakeholderGroup::Coordinator => &self.expected_coordinators,
        }
    }

    /// Parses every field, collecting every problem. A student headcount above zero for a
    /// band the grade span does not reach is refused on its field (left empty, it is 0).
    pub fn parse(&self) -> Result<SchoolInput, Vec<FieldError>> {
        let mut p = Problems::default();
        let name = p.take("name", LabelText::parse(&self.name, "school name", 120));
        let level = p.take(
            "level",
            self.level
                .parse::<SchoolLevel>()
                .map_err(|_| ParseError::new("Choose the school's level.")),
        );
        let span = p.take("grade_span", GradeSpan::parse(&self.grade_span));
        let mut counts = [None; 5];
        for (slot, group) in counts.iter_mut().zip(StakeholderGroup::ALL) {
            let (field, what) = headcount_field(*group);
            let raw = self.raw_headcount(*group);
            let absent = span.is_some_and(|s| !s.has(*group));
            *slot = if absent && raw.trim().is_empty() {
                Headcount::parse("0", what).ok()
            } else {
                p.take(field, Headcount::parse(raw, what))
            };
            if let (Some(span), Some(count)) = (span, *slot) {
                if absent && count.get() > 0 {
                    p.add(
                        field,
                        format!(
                            "A school with grades {span} has no {}: enter 0, or change the grade span.",
                            group_words(*group)
                        ),
                    );
                }
            }
        }
        match (name, level, span) {
            (Some(name), Some(level), Some(span)) if p.0.is_empty() => Ok(SchoolInput {
                name,
                level,
                span,
                expected: Headcounts::from_fn(|g| {
                    let i = StakeholderGroup::ALL.iter().position(|x| *x == g);
                    i.and_then(|i| counts[i]).unwrap_or_default()
                }),
            }),
            _ => Err(p.0),
        }
    }
}

/// A student group in a sentence ("students in grades 6–12").
fn group_words(group: StakeholderGroup) -> &'static str {
    match group {
        StakeholderGroup::YoungStudent => "students in grades 3–5",
        StakeholderGroup::Student => "students in grades 6–12",
        StakeholderGroup::Teacher => "teachers",
        StakeholderGroup::Parent => "parents",
        StakeholderGroup::Coordinator => "coordinators",
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn fields(errors: &[FieldError]) -> Vec<&str> {
        errors.iter().map(|e| e.field.as_str()).collect()
    }

    #[test]
    fn school_form_reports_every_field() {
        let form = SchoolForm {
            name: " ".into(),
            level: "college".into(),
            grade_span: "12-9".into(),
            expected_young_students: "".into(),
            expected_students: "-3".into(),
            expected_teachers: "ten".into(),
            expected_parents: "200000".into(),
            expected_coordinators: "1".into(),
        };
        let errors = form.parse().unwrap_err();
        assert_eq!(
            fields(&errors),
            [
                "name",
                "level",
                "grade_span",
                "expected_young_students",
                "expected_students",
                "expected_teachers",
                "expected_parents"
            ]
        );
    }

    fn school(span: &str, young: &str, students: &str) -> SchoolForm {
        SchoolForm {
            name: "Alder Creek".into(),
            level: "elementary".into(),
            grade_span: span.into(),
            expected_young_students: young.into(),
            expected_students: students.into(),
            expected_teachers: "20".into(),
            expected_parents: "300".into(),
            expected_coordinators: "2".into(),
        }
    }

    #[test]
    fn school_headcounts_follow_the_grade_span() {
        let input = school("K-5", "210", "").parse().unwrap();
        assert_eq!(input.span.to_string(), "K–5");
        assert_eq!(input.expected.of(StakeholderGroup::YoungStudent), 210);
        assert_eq!(input.expected.of(StakeholderGroup::Student), 0);
        assert_eq!(input.expected.of(StakeholderGroup::Parent), 300);
        assert!(school("K-5", "210", "0").parse().is_ok());
        let errors = school("K-5", "210", "150").parse().unwrap_err();
        assert_eq!(fields(&errors), ["expected_students"]);
        assert!(errors[0]
            .message
            .contains("A school with grades K–5 has no students in grades 6–12"));
        let errors = school("9-12", "5", "900").parse().unwrap_err();
        assert_eq!(fields(&errors), ["expected_young_students"]);
        assert!(errors[0]
            .message
            .contains("grades 9–12 has no students in grades 3–5"));
        // Both bands at a K–8 school, and an empty count where the band exists is refused.
        let input = school("K-8", "200", "180").parse().unwrap();
        assert_eq!(input.expected.of(StakeholderGroup::Student), 180);
        let errors = school("K-8", "", "180").parse().unwrap_err();
        assert_eq!(fields(&errors), ["expected_young_students"]);
    }
}

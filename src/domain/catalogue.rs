//! The catalogue's forms as typed (raw text, kept to re-render them) and as validated inputs.
//!
//! Parsing collects every field's problem at once, so a form comes back with a message next
//! to each wrong field rather than one complaint per submission.

use super::contract::{ContractPeriod, Headcount, Headcounts, PeriodField, Seats};
use super::grades::GradeSpan;
use super::money::{Currency, Money};
use super::{LabelText, ParseError, SchoolId, SchoolLevel, SeatUnit, StakeholderGroup};
use crate::error::FieldError;
use serde::{Deserialize, Serialize};

/// Collects field errors while parsing, keeping the values that did parse.
#[derive(Debug, Default)]
pub struct Problems(pub Vec<FieldError>);

impl Problems {
    /// Keeps `result`'s value, or records its message against `field`.
    pub fn take<T>(&mut self, field: &str, result: Result<T, ParseError>) -> Option<T> {
        result.map_err(|e| self.add(field, e.to_string())).ok()
    }

    /// Records a message against a field.
    pub fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.push(FieldError {
            field: field.into(),
            message: message.into(),
        });
    }
}

/// Optional free text of at most `max` characters; `multiline` allows line breaks (notes).
pub fn optional_text(
    raw: &str,
    what: &str,
    max: usize,
    multiline: bool,
) -> Result<String, ParseError> {
    let s = raw.trim();
    if s.chars().count() > max {
        return Err(ParseError::new(format!(
            "The {what} is at most {max} characters."
        )));
    }
    let allowed = |c: char| !c.is_control() || (multiline && matches!(c, '\n' | '\r' | '\t'));
    if !s.chars().all(allowed) {
        return Err(ParseError::new(format!("The {what} must be on one line.")));
    }
    Ok(s.to_string())
}

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

/// The product form as typed (also the shape of one CSV import row).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct ProductForm {
    /// Name.
    pub name: String,
    /// Vendor.
    pub vendor: String,
    /// Category.
    pub category: String,
    /// Annual cost, e.g. "38,000.50".
    pub annual_cost: String,
    /// Currency code.
    pub currency: String,
    /// Licensed seats.
    pub licensed_seats: String,
    /// Seat unit text.
    pub seat_unit: String,
    /// Contract start, YYYY-MM-DD.
    pub contract_start: String,
    /// Contract end, YYYY-MM-DD.
    pub contract_end: String,
    /// Support contact.
    pub support_contact: String,
    /// Notes.
    pub notes: String,
    /// Ids of the schools that use it (checkboxes).
    pub schools: Vec<String>,
}

/// A valid product.
#[derive(Debug, Clone)]
pub struct ProductInput {
    /// Name (≤ 120).
    pub name: LabelText,
    /// Vendor (≤ 120).
    pub vendor: LabelText,
    /// Category (optional, ≤ 80).
    pub category: String,
    /// Annual cost.
    pub annual_cost: Money,
    /// Currency.
    pub currency: Currency,
    /// Licensed seats.
    pub licensed_seats: Seats,
    /// What a seat is.
    pub seat_unit: SeatUnit,
    /// Contract dates.
    pub period: ContractPeriod,
    /// Support contact (optional, ≤ 200).
    pub support_contact: String,
    /// Notes (optional, multi-line, ≤ 4000).
    pub notes: String,
    /// Schools that use it, all of the district.
    pub schools: Vec<SchoolId>,
}

impl ProductForm {
    /// Parses every field, collecting every problem; `district_schools` are the ids that may be
    /// chosen (anything else is refused, so a forged id from another district never gets in).
    pub fn parse(&self, district_schools: &[SchoolId]) -> Result<ProductInput, Vec<FieldError>> {
        let mut p = Problems::default();
        let name = p.take("name", LabelText::parse(&self.name, "product name", 120));
        let vendor = p.take("vendor", LabelText::parse(&self.vendor, "vendor", 120));
        let category = p.take(
            "category",
            optional_text(&self.category, "category", 80, false),
        );
        let annual_cost = p.take(
            "annual_cost",
            Money::parse(&self.annual_cost, "annual cost"),
        );
        let currency = p.take("currency", Currency::parse(&self.currency));
        let licensed_seats = p.take("licensed_seats", Seats::parse(&self.licensed_seats));
        let seat_unit = p.take("seat_unit", self.seat_unit.parse::<SeatUnit>());
        let period = match ContractPeriod::parse(&self.contract_start, &self.contract_end) {
            Ok(period) => Some(period),
            Err(errors) => {
                for (which, e) in errors {
                    let field = match which {
                        PeriodField::Start => "contract_start",
                        PeriodField::End => "contract_end",
                    };
                    p.add(field, e.to_string());
                }
                None
            }
        };
        let support_contact = p.take(
            "support_contact",
            optional_text(&self.support_contact, "support contact", 200, false),
        );
        let notes = p.take("notes", optional_text(&self.notes, "notes", 4000, true));
        let mut schools = Vec::new();
        for raw in &self.schools {
            match raw.trim().parse::<i32>().map(SchoolId) {
                Ok(id) if district_schools.contains(&id) => schools.push(id),
                _ => p.add("schools", "One of the chosen schools does not exist."),
            }
        }
        schools.sort();
        schools.dedup();
        match (
            name,
            vendor,
            category,
            annual_cost,
            currency,
            licensed_seats,
            seat_unit,
            period,
            support_contact,
            notes,
        ) {
            (
                Some(name),
                Some(vendor),
                Some(category),
                Some(annual_cost),
                Some(currency),
                Some(licensed_seats),
                Some(seat_unit),
                Some(period),
                Some(support_contact),
                Some(notes),
            ) if p.0.is_empty() => Ok(ProductInput {
                name,
                vendor,
                category,
                annual_cost,
                currency,
                licensed_seats,
                seat_unit,
                period,
                support_contact,
                notes,
                schools,
            }),
            _ => Err(p.0),
        }
    }
}

/// The feature form as typed.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct FeatureForm {
    /// Name.
    pub name: String,
    /// Short description.
    pub description: String,
    /// Present ("on") when the licence tier includes it.
    pub in_licence: Option<String>,
}

/// A valid feature.
#[derive(Debug, Clone)]
pub struct FeatureInput {
    /// Name (≤ 80), unique per product.
    pub name: LabelText,
    /// Description shown to respondents (≤ 200).
    pub description: String,
    /// Whether the district's licence tier includes it.
    pub in_licence: bool,
}

impl FeatureForm {
    /// Parses the feature, collecting every problem.
    pub fn parse(&self) -> Result<FeatureInput, Vec<FieldError>> {
        let mut p = Problems::default();
        let name = p.take("name", LabelText::parse(&self.name, "feature name", 80));
        let description = p.take(
            "description",
            optional_text(&self.description, "description", 200, false),
        );
        match (name, description) {
            (Some(name), Some(description)) => Ok(FeatureInput {
                name,
                description,
                in_licence: self.in_licence.is_some(),
            }),
            _ => Err(p.0),
        }
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

    #[test]
    fn product_form_parses_and_refuses_foreign_schools() {
        let mut form = ProductForm {
            name: "Lexia".into(),
            vendor: "Lexia Learning".into(),
            annual_cost: "38,000".into(),
            currency: "usd".into(),
            licensed_seats: "1200".into(),
            seat_unit: "student".into(),
            contract_start: "2026-07-01".into(),
            contract_end: "2027-06-30".into(),
            schools: vec!["1".into()],
            ..ProductForm::default()
        };
        let input = form.parse(&[SchoolId(1)]).unwrap();
        assert_eq!(input.annual_cost.cents(), 3_800_000);
        assert_eq!(input.schools, [SchoolId(1)]);
        form.schools = vec!["7".into()];
        form.contract_end = "2026-01-01".into();
        form.seat_unit = "desk".into();
        let errors = form.parse(&[SchoolId(1)]).unwrap_err();
        assert_eq!(fields(&errors), ["seat_unit", "contract_end", "schools"]);
    }

    #[test]
    fn feature_needs_a_name() {
        let form = FeatureForm {
            name: "".into(),
            description: "x".into(),
            in_licence: None,
        };
        assert_eq!(fields(&form.parse().unwrap_err()), ["name"]);
    }
}

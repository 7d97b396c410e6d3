//! The catalogue's forms as typed (raw text, kept to re-render them) and as validated inputs.
//!
//! Parsing collects every field's problem at once, so a form comes back with a message next
//! to each wrong field rather than one complaint per submission.

use super::contract::{ContractPeriod, PeriodField, Seats};
use super::money::{Currency, Money};
pub use super::school_form::{headcount_field, SchoolForm, SchoolInput};
use super::translations::translation_languages;
use super::{FeatureAudience, LabelText, Language, ParseError, SchoolId, SeatUnit};
use crate::domain::FieldError;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

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
    /// The audience groups ticked (`students`, `teachers`, `parents`, `coordinators`).
    pub audience: Vec<String>,
    /// Present when the form showed the audience boxes, so none ticked is a mistake; absent
    /// (the add form left alone, an API body without `audience`) means "from the name".
    pub audience_shown: Option<String>,
    /// The name in Spanish (optional).
    pub name_es: String,
    /// The description in Spanish (optional).
    pub description_es: String,
}

/// A feature's name and description in one language other than the original.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FeatureText {
    /// Name (≤ 80).
    pub name: LabelText,
    /// Description (≤ 200, may be empty).
    pub description: String,
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
    /// Who is asked about it.
    pub audience: FeatureAudience,
    /// Name and description per language other than the original, where given.
    pub translations: BTreeMap<Language, FeatureText>,
}

impl FeatureForm {
    /// The raw (name, description) typed for `language`, for the languages the form has.
    fn typed_in(&self, language: Language) -> Option<(&str, &str)> {
        (language == Language::Spanish).then_some((&self.name_es, &self.description_es))
    }

    /// Parses the feature, collecting every problem. With no audience given and the boxes
    /// not shown, the audience comes from the name ([`FeatureAudience::from_name`]).
    pub fn parse(&self) -> Result<FeatureInput, Vec<FieldError>> {
        let mut p = Problems::default();
        let name = p.take("name", LabelText::parse(&self.name, "feature name", 80));
        let description = p.take(
            "description",
            optional_text(&self.description, "description", 200, false),
        );
        let audience = if self.audience.is_empty() && self.audience_shown.is_none() {
            name.as_ref()
                .map(|n| FeatureAudience::from_name(n.as_str()))
        } else {
            p.take("audience", FeatureAudience::from_values(&self.audience))
        };
        let mut translations = BTreeMap::new();
        for language in translation_languages() {
            let Some((raw_name, raw_description)) = self.typed_in(language) else {
                continue;
            };
            let code = language.as_str();
            let description = p.take(
                &format!("description_{code}"),
                optional_text(raw_description, "description", 200, false),
            );
            if raw_name.trim().is_empty() {
                if description.is_some_and(|d| !d.is_empty()) {
                    p.add(
                        &format!("name_{code}"),
                        format!(
                            "Give the name in {} too, or leave both empty.",
                            language.label()
                        ),
                    );
                }
                continue;
            }
            let name = p.take(
                &format!("name_{code}"),
                LabelText::parse(raw_name, "feature name", 80),
            );
            if let (Some(name), Some(description)) = (name, description) {
                translations.insert(language, FeatureText { name, description });
            }
        }
        match (name, description, audience) {
            (Some(name), Some(description), Some(audience)) if p.0.is_empty() => Ok(FeatureInput {
                name,
                description,
                in_licence: self.in_licence.is_some(),
                audience,
                translations,
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
            ..FeatureForm::default()
        };
        assert_eq!(fields(&form.parse().unwrap_err()), ["name"]);
    }

    #[test]
    fn feature_audience_from_the_name_the_boxes_or_a_mistake() {
        let mut form = FeatureForm {
            name: "Teacher dashboard".into(),
            ..FeatureForm::default()
        };
        let input = form.parse().unwrap();
        assert_eq!(input.audience.as_stored(), "teachers,coordinators");
        assert!(input.translations.is_empty());
        form.audience = vec!["students".into(), "parents".into()];
        assert_eq!(
            form.parse().unwrap().audience.as_stored(),
            "students,parents"
        );
        form.audience = vec!["pupils".into()];
        assert_eq!(fields(&form.parse().unwrap_err()), ["audience"]);
        form.audience = Vec::new();
        form.audience_shown = Some("1".into());
        assert_eq!(fields(&form.parse().unwrap_err()), ["audience"]);
    }

    #[test]
    fn feature_translations_are_optional_but_need_a_name() {
        let mut form = FeatureForm {
            name: "Reading log".into(),
            name_es: " Registro de lectura ".into(),
            ..FeatureForm::default()
        };
        let input = form.parse().unwrap();
        let es = &input.translations[&Language::Spanish];
        assert_eq!(es.name.as_str(), "Registro de lectura");
        form.name_es = String::new();
        form.description_es = "Libros leídos".into();
        assert_eq!(fields(&form.parse().unwrap_err()), ["name_es"]);
    }
}

//! JSON request bodies of the API. Each converts into the same form type the pages parse, so
//! the API and the pages validate with the same rules and the same messages.

use crate::domain::catalogue::{FeatureForm, ProductForm, SchoolForm};
use crate::domain::translations::translation_languages;
use crate::domain::FieldError;
use crate::domain::Language;
use serde::de::{Error as _, Unexpected};
use serde::{Deserialize, Deserializer};
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// A JSON number with no fractional part as an `i64`: `12` and `12.0` alike, since JSON
/// Schema's `integer` (which the OpenAPI document promises) is any number whose fractional
/// part is zero, and clients that compute counts in floating point send `12.0`.
fn whole_number<'de, D: Deserializer<'de>>(d: D) -> Result<i64, D::Error> {
    let n = serde_json::Number::deserialize(d)?;
    if let Some(i) = n.as_i64() {
        return Ok(i);
    }
    match n.as_f64() {
        // Every float in this range converts exactly (its fraction is zero).
        Some(f) if f.fract() == 0.0 && (-9.0e18..=9.0e18).contains(&f) => Ok(f as i64),
        Some(f) => Err(D::Error::invalid_value(
            Unexpected::Float(f),
            &"a whole number",
        )),
        None => Err(D::Error::custom(format!("{n} is not a whole number"))),
    }
}

/// A count (0 or more) written as any JSON integer ([`whole_number`]).
fn count<'de, D: Deserializer<'de>>(d: D) -> Result<u32, D::Error> {
    let n = whole_number(d)?;
    u32::try_from(n)
        .map_err(|_| D::Error::invalid_value(Unexpected::Signed(n), &"a whole number, 0 or more"))
}

/// Ids written as any JSON integers ([`whole_number`]).
fn ids<'de, D: Deserializer<'de>>(d: D) -> Result<Vec<i32>, D::Error> {
    #[derive(Deserialize)]
    struct Id(#[serde(deserialize_with = "whole_number")] i64);
    Vec::<Id>::deserialize(d)?
        .into_iter()
        .map(|Id(n)| {
            i32::try_from(n)
                .map_err(|_| D::Error::invalid_value(Unexpected::Signed(n), &"a school id"))
        })
        .collect()
}

/// Expected respondents per group; missing counts are 0. A student band the school's grade
/// span does not reach must be 0 (else 422 on its field).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct HeadcountsBody {
    /// Students in grades 3–5 (group `young_student`); errors name the field
    /// `expected_young_students`.
    #[schema(maximum = 100000)]
    #[serde(deserialize_with = "count")]
    pub young_students: u32,
    /// Students in grades 6–12 (group `student`); errors name the field `expected_students`.
    #[schema(maximum = 100000)]
    #[serde(deserialize_with = "count")]
    pub students: u32,
    /// Teachers.
    #[schema(maximum = 100000)]
    #[serde(deserialize_with = "count")]
    pub teachers: u32,
    /// Parents and guardians.
    #[schema(maximum = 100000)]
    #[serde(deserialize_with = "count")]
    pub parents: u32,
    /// Site coordinators.
    #[schema(maximum = 100000)]
    #[serde(deserialize_with = "count")]
    pub coordinators: u32,
}

/// A school to create or replace.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct SchoolBody {
    /// Name, unique in the district.
    #[schema(
        min_length = 1,
        max_length = 120,
        pattern = r"^[^\u0000-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f][^\u0000-\u001f\u007f-\u009f]*$"
    )]
    pub name: String,
    /// `elementary`, `middle`, `high` or `other`.
    #[schema(value_type = SchoolLevelName)]
    pub level: String,
    /// Grades taught, lowest to highest: "K-5", "6–8", "9 to 12", "K-8", or one grade (K =
    /// kindergarten, also KG; up to 12; "6th" allowed; any dash, or "to"). The pattern states
    /// the form; a span whose first grade is above its second ("9-5") is a 422 on
    /// `grade_span`. Decides which student groups exist at the school.
    #[schema(
        example = "K-5",
        pattern = r"^\s*(?:[Kk](?:[Gg]|[Ii][Nn][Dd][Ee][Rr][Gg][Aa][Rr][Tt][Ee][Nn])?|0*(?:[0-9]|1[0-2])(?:[Ss][Tt]|[Nn][Dd]|[Rr][Dd]|[Tt][Hh])?)(?:\s*[-‒–—]\s*(?:[Kk](?:[Gg]|[Ii][Nn][Dd][Ee][Rr][Gg][Aa][Rr][Tt][Ee][Nn])?|0*(?:[0-9]|1[0-2])(?:[Ss][Tt]|[Nn][Dd]|[Rr][Dd]|[Tt][Hh])?)|\s* [Tt][Oo] \s*(?:[Kk](?:[Gg]|[Ii][Nn][Dd][Ee][Rr][Gg][Aa][Rr][Tt][Ee][Nn])?|0*(?:[0-9]|1[0-2])(?:[Ss][Tt]|[Nn][Dd]|[Rr][Dd]|[Tt][Hh])?))?\s*$"
    )]
    pub grade_span: String,
    /// Expected respondents.
    #[serde(default)]
    pub expected: HeadcountsBody,
}

impl From<SchoolBody> for SchoolForm {
    fn from(b: SchoolBody) -> Self {
        SchoolForm {
            name: b.name,
            level: b.level,
            grade_span: b.grade_span,
            expected_young_students: b.expected.young_students.to_string(),
            expected_students: b.expected.students.to_string(),
            expected_teachers: b.expected.teachers.to_string(),
            expected_parents: b.expected.parents.to_string(),
            expected_coordinators: b.expected.coordinators.to_string(),
        }
    }
}

/// A product to create or replace (features have their own endpoints).
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct ProductBody {
    /// Name, unique in the district.
    #[schema(
        min_length = 1,
        max_length = 120,
        pattern = r"^[^\u0000-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f][^\u0000-\u001f\u007f-\u009f]*$"
    )]
    pub name: String,
    /// Vendor.
    #[schema(
        min_length = 1,
        max_length = 120,
        pattern = r"^[^\u0000-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f][^\u0000-\u001f\u007f-\u009f]*$"
    )]
    pub vendor: String,
    /// Category, on one line.
    #[serde(default)]
    #[schema(max_length = 80, pattern = r"^[^\u0000-\u001f\u007f-\u009f]*$")]
    pub category: String,
    /// Annual cost, at most two decimals, e.g. 38000.5 (its JSON text is parsed as written),
    /// from 0 to 10,000,000,000.
    #[schema(value_type = f64, minimum = 0, maximum = 10000000000_f64, multiple_of = 0.01)]
    pub annual_cost: serde_json::Number,
    /// ISO 4217 code (default USD).
    #[serde(default = "usd")]
    #[schema(pattern = r"^\s*[A-Za-z]{3}\s*$")]
    pub currency: String,
    /// Licensed seats.
    #[serde(deserialize_with = "count")]
    #[schema(maximum = 10000000)]
    pub licensed_seats: u32,
    /// `student`, `teacher`, `school` or `site` (default student).
    #[serde(default = "student")]
    #[schema(value_type = SeatUnitName)]
    pub seat_unit: String,
    /// Contract start, YYYY-MM-DD (null or left out: not known).
    #[serde(default)]
    #[schema(format = Date)]
    pub contract_start: Option<String>,
    /// Contract end, YYYY-MM-DD (null or left out: not known); a 422 on `contract_end` when
    /// it is before the start.
    #[serde(default)]
    #[schema(format = Date)]
    pub contract_end: Option<String>,
    /// Vendor support contact, on one line.
    #[serde(default)]
    #[schema(max_length = 200, pattern = r"^[^\u0000-\u001f\u007f-\u009f]*$")]
    pub support_contact: String,
    /// Notes; line breaks and tabs are kept.
    #[serde(default)]
    #[schema(
        max_length = 4000,
        pattern = r"^[^\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]*$"
    )]
    pub notes: String,
    /// Ids of the district's schools that use it; an id that is not one of them is a 422
    /// on `schools`.
    #[serde(default, deserialize_with = "ids")]
    pub schools: Vec<i32>,
}

fn usd() -> String {
    "USD".into()
}

fn student() -> String {
    "student".into()
}

impl ProductBody {
    /// The form the product pages parse, and the problems only a JSON body can have: a date
    /// that is not exactly `YYYY-MM-DD` (RFC 3339's full-date, the schema's `date` format; a
    /// date input on the pages sends nothing else), `""` included, since the API says "not
    /// known" with null or by leaving the date out. Such a date reaches the form empty, so
    /// the other fields are still checked.
    pub fn into_form(self) -> (ProductForm, Vec<FieldError>) {
        let mut problems = Vec::new();
        let mut date = |raw: Option<String>, field: &str, what: &str| match raw {
            None => String::new(),
            Some(s) if is_full_date(&s) => s,
            Some(s) => {
                problems.push(FieldError {
                    field: field.into(),
                    message: if s.is_empty() {
                        format!("Leave the {what} out (or null) when it is not known; otherwise write it as YYYY-MM-DD, e.g. 2027-06-30.")
                    } else {
                        format!("\"{s}\" is not a date; write the {what} as YYYY-MM-DD, e.g. 2027-06-30.")
                    },
                });
                String::new()
            }
        };
        let contract_start = date(self.contract_start, "contract_start", "contract start");
        let contract_end = date(self.contract_end, "contract_end", "contract end");
        let form = ProductForm {
            name: self.name,
            vendor: self.vendor,
            category: self.category,
            annual_cost: self.annual_cost.to_string(),
            currency: self.currency,
            licensed_seats: self.licensed_seats.to_string(),
            seat_unit: self.seat_unit,
            contract_start,
            contract_end,
            support_contact: self.support_contact,
            notes: self.notes,
            schools: self.schools.iter().map(ToString::to_string).collect(),
        };
        (form, problems)
    }
}

/// Whether `s` has the shape of an RFC 3339 full-date, `dddd-dd-dd` (whether it is a day of
/// the calendar is the form parser's question).
fn is_full_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b.iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        })
}

/// A licensed feature to add or replace.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FeatureBody {
    /// Name, unique for the product.
    #[schema(
        min_length = 1,
        max_length = 80,
        pattern = r"^[^\u0000-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f][^\u0000-\u001f\u007f-\u009f]*$"
    )]
    pub name: String,
    /// One-line description.
    #[serde(default)]
    #[schema(max_length = 200, pattern = r"^[^\u0000-\u001f\u007f-\u009f]*$")]
    pub description: String,
    /// Included in the district's licence tier (default true).
    #[serde(default = "yes")]
    pub in_licence: bool,
    /// Who is asked about it: a non-empty list of `students` (grades 3–5 and 6–12),
    /// `teachers`, `parents`, `coordinators`. Left out, it comes from the name (teacher,
    /// dashboard, gradebook → teachers and coordinators; parent, family, guardian → parents;
    /// otherwise all four). An empty list or another word is a 422 on `audience`. A PUT
    /// without it decides it from the name again.
    #[serde(default)]
    #[schema(example = json!(["teachers", "coordinators"]), value_type = Option<Vec<AudienceName>>, min_items = 1)]
    pub audience: Option<Vec<String>>,
    /// The name and description in other languages, by language code (`es`); a language left
    /// out has none (respondents in it read the original), and one given needs a name. Errors
    /// name `name_es`, `description_es`.
    #[serde(default)]
    #[schema(value_type = FeatureTranslations)]
    pub translations: BTreeMap<String, FeatureTextBody>,
}

/// The languages `translations` takes, for the OpenAPI document only (the body keeps a map
/// so a language outside `domain::translations::translation_languages` is a 422 naming the
/// ones it takes; this list moves to data with the languages, issue 19).
#[derive(Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FeatureTranslations {
    /// Spanish.
    #[schema(nullable = false)]
    pub es: Option<FeatureTextBody>,
}

/// A feature's name and description in one language.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(deny_unknown_fields)]
pub struct FeatureTextBody {
    /// Name in that language.
    #[schema(
        min_length = 1,
        max_length = 80,
        pattern = r"^[^\u0000-\u001f\u007f-\u009f]*[^\s\u0000-\u001f\u007f-\u009f][^\u0000-\u001f\u007f-\u009f]*$"
    )]
    pub name: String,
    /// Description in that language, on one line.
    #[serde(default)]
    #[schema(max_length = 200, pattern = r"^[^\u0000-\u001f\u007f-\u009f]*$")]
    pub description: String,
}

fn yes() -> bool {
    true
}

impl FeatureBody {
    /// The form the feature pages parse; a translation in a language that is not one of the
    /// others respondents may read (or in the original's) is refused on `translations`, and
    /// one without a name on `name_{code}` (an empty translation is no way to say "none":
    /// the language is left out).
    pub fn into_form(self) -> Result<FeatureForm, Vec<FieldError>> {
        let mut form = FeatureForm {
            name: self.name,
            description: self.description,
            in_licence: self.in_licence.then(|| "on".to_string()),
            audience_shown: self.audience.is_some().then(|| "api".to_string()),
            audience: self.audience.unwrap_or_default(),
            ..FeatureForm::default()
        };
        let mut errors = Vec::new();
        for (code, text) in self.translations {
            match code.parse::<Language>() {
                // The pages read two empty fields as "no translation"; the API says it by
                // leaving the language out, so a translation given has a name.
                Ok(language @ Language::Spanish) if text.name.trim().is_empty() => {
                    errors.push(FieldError {
                        field: format!("name_{code}"),
                        message: format!(
                            "Give the name in {}, or leave \"{code}\" out of translations for none.",
                            language.label()
                        ),
                    });
                }
                Ok(Language::Spanish) => {
                    form.name_es = text.name;
                    form.description_es = text.description;
                }
                _ => errors.push(FieldError {
                    field: "translations".into(),
                    message: format!(
                        "\"{code}\" is not a language a translation can be given in; use: {}.",
                        translation_languages()
                            .map(Language::as_str)
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                }),
            }
        }
        if errors.is_empty() {
            Ok(form)
        } else {
            Err(errors)
        }
    }
}

/// The words `level` accepts, for the OpenAPI document only: the body keeps the text so a
/// wrong word is a 422 on `level` with the page's message, not a deserialisation error.
#[derive(ToSchema)]
#[schema(rename_all = "lowercase")]
pub enum SchoolLevelName {
    /// Grades K–5 by default.
    Elementary,
    /// Grades 6–8 by default.
    Middle,
    /// Grades 9–12 by default.
    High,
    /// Any other span.
    Other,
}

/// The words `seat_unit` accepts, for the OpenAPI document only (the body keeps the text so
/// a wrong word is a 422 on `seat_unit`).
#[derive(ToSchema)]
#[schema(rename_all = "lowercase")]
pub enum SeatUnitName {
    /// Per student.
    Student,
    /// Per teacher.
    Teacher,
    /// Per school.
    School,
    /// Per site.
    Site,
}

/// The values of a report's `group` filter, for the OpenAPI document only.
#[derive(ToSchema)]
#[schema(rename_all = "snake_case")]
pub enum GroupName {
    /// Students in grades 3–5.
    YoungStudent,
    /// Students in grades 6–12.
    Student,
    /// Teachers.
    Teacher,
    /// Parents and guardians.
    Parent,
    /// Site coordinators.
    Coordinator,
}

/// The values of a report's `lang` (the language its wording is in), for the OpenAPI
/// document only.
#[derive(ToSchema)]
#[schema(rename_all = "lowercase")]
pub enum WordingLanguage {
    /// English.
    En,
    /// Spanish.
    Es,
}

/// The values of a report's `language` filter, for the OpenAPI document only (the handler
/// parses the text so a wrong word is a 422 naming the languages).
#[derive(ToSchema)]
#[schema(rename_all = "lowercase")]
pub enum LanguageFilter {
    /// Respondents who answered in English.
    En,
    /// Respondents who answered in Spanish.
    Es,
    /// Every respondent (the default).
    All,
}

/// The words an `audience` list accepts, for the OpenAPI document only (the body keeps the
/// text so a wrong word is a 422 on `audience`).
#[derive(ToSchema)]
#[schema(rename_all = "lowercase")]
pub enum AudienceName {
    /// Grades 3–5 and 6–12 alike.
    Students,
    /// Teachers.
    Teachers,
    /// Parents.
    Parents,
    /// Site coordinators.
    Coordinators,
}

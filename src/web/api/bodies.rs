//! JSON request bodies of the API. Each converts into the same form type the pages parse, so
//! the API and the pages validate with the same rules and the same messages.

use crate::domain::catalogue::{FeatureForm, ProductForm, SchoolForm};
use crate::domain::translations::translation_languages;
use crate::domain::Language;
use crate::error::FieldError;
use serde::Deserialize;
use std::collections::BTreeMap;
use utoipa::ToSchema;

/// Expected respondents per group; missing counts are 0. A student band the school's grade
/// span does not reach must be 0 (else 422 on its field).
#[derive(Debug, Default, Deserialize, ToSchema)]
#[serde(default, deny_unknown_fields)]
pub struct HeadcountsBody {
    /// Students in grades 3–5 (group `young_student`); errors name the field
    /// `expected_young_students`.
    #[schema(maximum = 100000)]
    pub young_students: u32,
    /// Students in grades 6–12 (group `student`); errors name the field `expected_students`.
    #[schema(maximum = 100000)]
    pub students: u32,
    /// Teachers.
    #[schema(maximum = 100000)]
    pub teachers: u32,
    /// Parents and guardians.
    #[schema(maximum = 100000)]
    pub parents: u32,
    /// Site coordinators.
    #[schema(maximum = 100000)]
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
    /// Grades taught, lowest to highest: "K-5", "6–8", "9 to 12", "K-8" (K = kindergarten,
    /// up to 12). Decides which student groups exist at the school.
    #[schema(example = "K-5")]
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
    /// Category.
    #[serde(default)]
    pub category: String,
    /// Annual cost, at most two decimals, e.g. 38000.5 (its JSON text is parsed as written).
    #[schema(value_type = f64)]
    pub annual_cost: serde_json::Number,
    /// ISO 4217 code (default USD).
    #[serde(default = "usd")]
    #[schema(pattern = r"^\s*[A-Za-z]{3}\s*$")]
    pub currency: String,
    /// Licensed seats.
    pub licensed_seats: u32,
    /// `student`, `teacher`, `school` or `site` (default student).
    #[serde(default = "student")]
    #[schema(value_type = SeatUnitName)]
    pub seat_unit: String,
    /// Contract start, YYYY-MM-DD.
    #[serde(default)]
    pub contract_start: Option<String>,
    /// Contract end, YYYY-MM-DD.
    #[serde(default)]
    pub contract_end: Option<String>,
    /// Vendor support contact.
    #[serde(default)]
    pub support_contact: String,
    /// Notes.
    #[serde(default)]
    pub notes: String,
    /// Ids of the district's schools that use it.
    #[serde(default)]
    pub schools: Vec<i32>,
}

fn usd() -> String {
    "USD".into()
}

fn student() -> String {
    "student".into()
}

impl From<ProductBody> for ProductForm {
    fn from(b: ProductBody) -> Self {
        ProductForm {
            name: b.name,
            vendor: b.vendor,
            category: b.category,
            annual_cost: b.annual_cost.to_string(),
            currency: b.currency,
            licensed_seats: b.licensed_seats.to_string(),
            seat_unit: b.seat_unit,
            contract_start: b.contract_start.unwrap_or_default(),
            contract_end: b.contract_end.unwrap_or_default(),
            support_contact: b.support_contact,
            notes: b.notes,
            schools: b.schools.iter().map(ToString::to_string).collect(),
        }
    }
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
    #[schema(pattern = r"^[^\u0000-\u001f\u007f-\u009f]*$")]
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
    #[schema(pattern = r"^[^\u0000-\u001f\u007f-\u009f]*$")]
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

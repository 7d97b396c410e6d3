//! JSON shapes of the API: stable names for analysts' scripts, kept apart from database rows.

use serde::Serialize;
use utoipa::ToSchema;

/// Expected respondents per stakeholder group (the denominators of response rates, one per
/// school × group); a student band the school's grade span does not reach is 0.
#[derive(Debug, Serialize, ToSchema)]
pub struct Headcounts {
    /// Students in grades 3–5 (group `young_student`).
    pub young_students: i32,
    /// Students in grades 6–12 (group `student`).
    pub students: i32,
    /// Teachers.
    pub teachers: i32,
    /// Parents and guardians.
    pub parents: i32,
    /// Site coordinators.
    pub coordinators: i32,
}

/// A school of the district.
#[derive(Debug, Serialize, ToSchema)]
pub struct School {
    /// Identifier within the district.
    pub id: i32,
    /// Name.
    pub name: String,
    /// `elementary`, `middle`, `high` or `other`.
    pub level: String,
    /// Grades taught, lowest to highest, K = kindergarten: "K–5", "6–8", "9–12".
    #[schema(example = "K–5")]
    pub grade_span: String,
    /// Lowest grade taught (0 = K).
    pub grade_low: i32,
    /// Highest grade taught (up to 12).
    pub grade_high: i32,
    /// The stakeholder groups that exist at the school: the student bands its span reaches,
    /// and every adult group.
    #[schema(example = json!(["young_student", "teacher", "parent", "coordinator"]))]
    pub groups: Vec<&'static str>,
    /// Expected respondents.
    pub expected: Headcounts,
    /// Archived schools are kept for old reports.
    pub archived: bool,
}

/// A licensed feature of a product.
#[derive(Debug, Serialize, ToSchema)]
pub struct Feature {
    /// Identifier.
    pub id: i32,
    /// Name.
    pub name: String,
    /// One-line description.
    pub description: String,
    /// Included in the district's licence tier.
    pub in_licence: bool,
    /// The groups asked about it: `students` (grades 3–5 and 6–12), `teachers`, `parents`,
    /// `coordinators`; never empty.
    #[schema(example = json!(["teachers", "coordinators"]))]
    pub audience: Vec<String>,
    /// Name and description per language other than English (`es`), where given.
    pub translations: std::collections::BTreeMap<String, FeatureText>,
}

/// A feature's name and description in one language.
#[derive(Debug, Serialize, ToSchema)]
pub struct FeatureText {
    /// Name.
    pub name: String,
    /// Description (may be empty).
    pub description: String,
}

/// A product in the district's catalogue: the record of its contract.
#[derive(Debug, Serialize, ToSchema)]
pub struct Product {
    /// Public identifier (used in URLs).
    pub id: String,
    /// Name.
    pub name: String,
    /// Vendor.
    pub vendor: String,
    /// Category.
    pub category: String,
    /// Annual cost in `currency`, e.g. 38000.5.
    pub annual_cost: f64,
    /// ISO 4217 code.
    pub currency: String,
    /// Licensed seats.
    pub licensed_seats: i32,
    /// `student`, `teacher`, `school` or `site`.
    pub seat_unit: String,
    /// Contract start (YYYY-MM-DD).
    pub contract_start: Option<String>,
    /// Contract end (YYYY-MM-DD): the renewal date.
    pub contract_end: Option<String>,
    /// Vendor support contact.
    pub support_contact: String,
    /// Notes.
    pub notes: String,
    /// Archived products are kept for old reports.
    pub archived: bool,
    /// Licensed features.
    pub features: Vec<Feature>,
    /// Ids of the schools that use it.
    pub schools: Vec<i32>,
}

/// An error (RFC 9457 problem details).
#[derive(Debug, Serialize, ToSchema)]
pub struct Problem {
    /// Always `about:blank`.
    #[serde(rename = "type")]
    pub kind: String,
    /// HTTP reason.
    pub title: String,
    /// HTTP status.
    pub status: u16,
    /// What went wrong, for people.
    pub detail: String,
    /// Reference for support.
    pub request_id: Option<String>,
}

//! The demo district: realistic schools, products, staff and survey waves, so that a fresh
//! `cargo run --release` shows every part of Chorus with data worth reading.
//!
//! Four products carry designed patterns (popular; training gap; poor vendor support; barely
//! used) so the reports' verdicts can be checked against what the data was made to say.

mod catalogue;
mod open_wave;
mod patterns;
mod respondents;
mod wave;

use crate::db::AnyConnection;
use crate::survey::bank::QuestionBank;
use anyhow::bail;

pub use catalogue::DemoCatalogue;
pub use respondents::{generate, Respondent, Wave};

/// The demo district's name; `chorus demo` refuses to load it twice.
pub const DISTRICT_NAME: &str = "Riverside Unified School District";

/// What the demo created, to tell the operator how to look around.
#[derive(Debug)]
pub struct Demo {
    /// Staff accounts: (role, e-mail).
    pub accounts: Vec<(String, String)>,
    /// The password shared by the demo accounts, drawn at random for this database.
    pub password: String,
    /// Number of synthetic responses loaded.
    pub responses: usize,
    /// Respondent links of the open wave, to try the survey.
    pub links: Vec<open_wave::DemoLink>,
}

impl Demo {
    /// Prints the address and the demo credentials, once, when the demo is created.
    pub fn announce(&self, base_url: &str) {
        println!();
        println!(
            "Loaded the demo district \"{DISTRICT_NAME}\" ({} responses).",
            self.responses
        );
        println!("Open {base_url}/ in a browser; staff sign in at {base_url}/signin.");
        println!("Demo staff accounts (password for all: {}):", self.password);
        for (role, email) in &self.accounts {
            println!("  {role:<20} {email}");
        }
        println!("This password is shown only now.");
        println!("Answer the open \"Spring 2027\" wave as a respondent:");
        for link in &self.links {
            println!("  {:<45} {base_url}/s/{}", link.label, link.token);
        }
        println!();
    }
}

/// Loads the demo district in one transaction.
pub fn load(conn: &mut AnyConnection) -> anyhow::Result<Demo> {
    crate::db::write::transaction(&mut *conn, |conn| {
        if crate::db::models::districts::find_by_name(conn, DISTRICT_NAME)?.is_some() {
            bail!("the demo district \"{DISTRICT_NAME}\" exists already");
        }
        let bank = QuestionBank::embedded()?;
        let catalogue = catalogue::create(conn)?;
        let (closed, responses) = wave::create(conn, &catalogue, &bank)?;
        let series = crate::db::models::respondent::survey(conn, catalogue.district, closed)?
            .map(|s| s.series_id)
            .ok_or_else(|| anyhow::anyhow!("the demo's closed wave was not stored"))?;
        let (_, links) = open_wave::create(conn, &catalogue, &bank, &series)?;
        Ok(Demo {
            accounts: catalogue.accounts.clone(),
            password: catalogue.password.clone(),
            responses,
            links,
        })
    })
}

/// A URL-safe slug of a name: lower-case ASCII letters and digits joined by dashes.
pub fn slugify(name: &str) -> String {
    let mut slug = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.ends_with('-') && !slug.is_empty() {
            slug.push('-');
        }
    }
    slug.trim_end_matches('-').to_string()
}

/// The demo survey's title in Spanish (both waves share the English one), so Spanish pages
/// show it translated.
fn spanish_title(
    conn: &mut crate::db::AnyConnection,
    district: crate::domain::DistrictId,
    survey: crate::domain::SurveyId,
) -> diesel::QueryResult<()> {
    let titles = std::collections::BTreeMap::from([(
        crate::domain::Language::Spanish,
        "Revisión de las herramientas de aprendizaje".to_string(),
    )]);
    crate::db::models::texts::replace_survey_titles(conn, district, survey, &titles)
}

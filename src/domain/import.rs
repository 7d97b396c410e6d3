//! A product inventory pasted as CSV: every row parsed into a product with its features, and
//! every row's problems listed, before anything is written.

use super::catalogue::{ProductForm, ProductInput};
use super::csv_table::{Line, Table};
use super::{FeatureAudience, LabelText, ParseError};
use std::collections::HashMap;

/// Largest CSV accepted, in bytes.
pub const MAX_BYTES: usize = 1024 * 1024;
/// Most data rows accepted in one import.
pub const MAX_ROWS: usize = 5_000;

/// Columns the header must have.
const REQUIRED: &[&str] = &[
    "name",
    "vendor",
    "annual_cost",
    "seats",
    "contract_start",
    "contract_end",
    "features",
];
/// Columns the header may have.
const OPTIONAL: &[&str] = &[
    "category",
    "currency",
    "seat_unit",
    "support_contact",
    "feature_audiences",
];

/// A feature of an imported row: its name and who is asked about it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportedFeature {
    /// Name (≤ 80), unique in the row.
    pub name: LabelText,
    /// Given in `feature_audiences`, or from the name.
    pub audience: FeatureAudience,
}

/// One data row: what it said, and either the product it makes or its problems.
#[derive(Debug, Clone)]
pub struct ImportRow {
    /// Line in the file where the row starts (the header is line 1).
    pub line: u64,
    /// The row's values as typed (defaults filled in for optional columns).
    pub values: ProductForm,
    /// The `features` cell as typed.
    pub features_text: String,
    /// The `feature_audiences` cell as typed.
    pub audiences_text: String,
    /// The product and its features, when the row has no problem.
    pub parsed: Option<(ProductInput, Vec<ImportedFeature>)>,
    /// What is wrong with the row, each message starting with the column it concerns.
    pub problems: Vec<String>,
}

/// Parses the whole text; a problem with the file itself (size, header, row count) is an `Err`,
/// a problem with a row is listed on the row.
pub fn parse_csv(text: &str) -> Result<Vec<ImportRow>, ParseError> {
    let table = Table {
        max_bytes: MAX_BYTES,
        size_words: "1,024 KiB (1 MiB)",
        max_rows: MAX_ROWS,
        required: REQUIRED,
        optional: OPTIONAL,
        example: "name,vendor,annual_cost,…",
    };
    let mut rows = super::csv_table::read(text, &table, parse_row)?;
    mark_repeats(&mut rows);
    Ok(rows)
}

fn or_default(value: String, default: &str) -> String {
    if value.trim().is_empty() {
        default.to_string()
    } else {
        value
    }
}

fn parse_row(mut row: Line<'_>) -> ImportRow {
    let mut problems = std::mem::take(&mut row.problems);
    let line = row.line;
    let cell = |name: &str| row.cell(name);
    let values = ProductForm {
        name: cell("name"),
        vendor: cell("vendor"),
        category: cell("category"),
        annual_cost: cell("annual_cost"),
        currency: or_default(cell("currency"), "USD"),
        licensed_seats: cell("seats"),
        seat_unit: or_default(cell("seat_unit"), "student"),
        contract_start: cell("contract_start"),
        contract_end: cell("contract_end"),
        support_contact: cell("support_contact"),
        notes: String::new(),
        schools: Vec::new(),
    };
    let features_text = cell("features");
    let product = values.parse(&[]).map_err(|errors| {
        for e in errors {
            let column = if e.field == "licensed_seats" {
                "seats"
            } else {
                e.field.as_str()
            };
            problems.push(format!("{column}: {}", e.message));
        }
    });
    let mut features: Vec<LabelText> = Vec::new();
    for raw in features_text.split(';').filter(|f| !f.trim().is_empty()) {
        match LabelText::parse(raw, "feature name", 80) {
            Ok(f) if features.iter().any(|g| same_name(g.as_str(), f.as_str())) => {
                problems.push(format!("features: \"{f}\" is listed twice."));
            }
            Ok(f) => features.push(f),
            Err(e) => problems.push(format!("features: {e}")),
        }
    }
    let audiences_text = cell("feature_audiences");
    let features = with_audiences(features, &audiences_text, &mut problems);
    let parsed = match product {
        Ok(product) if problems.is_empty() => Some((product, features)),
        _ => None,
    };
    ImportRow {
        line,
        values,
        features_text,
        audiences_text,
        parsed,
        problems,
    }
}

/// Gives each feature its audience: the `feature_audiences` cell is `;`-separated entries
/// `Feature name=groups`, groups joined by `+` (or `everyone`); a feature it does not name
/// gets the default from its name. An entry naming no feature of the row, one without `=`,
/// a feature named twice or an unknown group is a problem on the column.
fn with_audiences(
    features: Vec<LabelText>,
    cell: &str,
    problems: &mut Vec<String>,
) -> Vec<ImportedFeature> {
    let mut given: Vec<(String, FeatureAudience)> = Vec::new();
    for entry in cell.split(';').filter(|e| !e.trim().is_empty()) {
        let Some((name, groups)) = entry.split_once('=') else {
            problems.push(format!(
                "feature_audiences: \"{}\" has no \"=\"; write Feature name=teachers+coordinators.",
                entry.trim()
            ));
            continue;
        };
        let name = name.trim();
        if !features.iter().any(|f| same_name(f.as_str(), name)) {
            problems.push(format!(
                "feature_audiences: \"{name}\" is not one of the row's features."
            ));
        } else if given.iter().any(|(n, _)| same_name(n, name)) {
            problems.push(format!("feature_audiences: \"{name}\" is given twice."));
        } else {
            match FeatureAudience::parse(groups) {
                Ok(audience) => given.push((name.to_string(), audience)),
                Err(e) => problems.push(format!("feature_audiences: {name}: {e}")),
            }
        }
    }
    features
        .into_iter()
        .map(|name| {
            let audience = given
                .iter()
                .find(|(n, _)| same_name(n, name.as_str()))
                .map_or_else(
                    || FeatureAudience::from_name(name.as_str()),
                    |(_, a)| a.clone(),
                );
            ImportedFeature { name, audience }
        })
        .collect()
}

/// Names compare without regard to case or surrounding space ("Lexia" and "lexia " collide).
pub fn same_name(a: &str, b: &str) -> bool {
    a.trim().to_lowercase() == b.trim().to_lowercase()
}

/// A row whose name an earlier row already used is a problem.
fn mark_repeats(rows: &mut [ImportRow]) {
    let mut seen: HashMap<String, u64> = HashMap::new();
    for row in rows.iter_mut() {
        let key = row.values.name.trim().to_lowercase();
        if key.is_empty() {
            continue;
        }
        if let Some(first) = seen.get(&key) {
            row.problems.push(format!(
                "name: line {first} already imports a product with this name."
            ));
            row.parsed = None;
        } else {
            seen.insert(key, row.line);
        }
    }
}

/// Marks rows whose name the district's catalogue already has: an import never overwrites.
pub fn mark_collisions(rows: &mut [ImportRow], existing: &[String]) {
    for row in rows.iter_mut() {
        if existing.iter().any(|e| same_name(e, &row.values.name)) {
            row.problems.push(format!(
                "name: the catalogue already has a product called \"{}\"; rename the row or edit that product instead.",
                row.values.name.trim()
            ));
            row.parsed = None;
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    const HEADER: &str = "Name,Vendor,annual_cost,seats,contract_start,contract_end,features";

    #[test]
    fn good_rows_parse_with_defaults_and_features() {
        let csv = format!(
            "{HEADER}\nLexia,Lexia Learning,\"38,000.50\",1200,2026-07-01,2027-06-30,Core5; Reports ;\n"
        );
        let rows = parse_csv(&csv).unwrap();
        let (product, features) = rows[0].parsed.clone().unwrap();
        assert_eq!(rows[0].line, 2);
        assert_eq!(product.annual_cost.cents(), 3_800_050);
        assert_eq!(product.currency.as_str(), "USD");
        assert_eq!(product.seat_unit, crate::domain::SeatUnit::Student);
        let names: Vec<&str> = features.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["Core5", "Reports"]);
        assert!(features.iter().all(|f| f.audience.is_everyone()));
    }

    #[test]
    fn feature_audiences_are_given_by_name_or_come_from_the_name() {
        let csv = format!(
            "{HEADER},feature_audiences\nLexia,V,1,1,,,Core5;Teacher dashboard;Parent reports,core5=students+teachers\n"
        );
        let rows = parse_csv(&csv).unwrap();
        let (_, features) = rows[0].parsed.clone().unwrap();
        let stored: Vec<String> = features.iter().map(|f| f.audience.as_stored()).collect();
        assert_eq!(
            stored,
            ["students,teachers", "teachers,coordinators", "parents"]
        );
        let bad = format!(
            "{HEADER},feature_audiences\nA,V,1,1,,,Core5,Core5=pupils;Other=teachers;Core5\n"
        );
        let rows = parse_csv(&bad).unwrap();
        let p = &rows[0].problems;
        assert!(rows[0].parsed.is_none());
        assert_eq!(p.len(), 3, "{p:?}");
        assert!(p.iter().all(|m| m.starts_with("feature_audiences:")));
        assert!(p[0].contains("\"pupils\" is not a group"));
        assert!(p[1].contains("not one of the row's features"));
        assert!(p[2].contains("has no \"=\""));
    }

    #[test]
    fn every_row_problem_is_listed() {
        let csv =
            format!("{HEADER}\n,V,abc,1,2027-01-01,2026-01-01,A;a\nX,V,1,-2,,,\nx,V,1,1,,,\n");
        let rows = parse_csv(&csv).unwrap();
        let p = &rows[0].problems;
        assert!(p.iter().any(|m| m.starts_with("name:")));
        assert!(p.iter().any(|m| m.starts_with("annual_cost:")));
        assert!(p.iter().any(|m| m.starts_with("contract_end:")));
        assert!(p.iter().any(|m| m.contains("listed twice")));
        assert!(rows[1].problems[0].starts_with("seats:"));
        assert!(rows[2].problems[0].contains("line 3 already imports"));
        assert!(rows.iter().all(|r| r.parsed.is_none()));
    }

    #[test]
    fn file_problems_are_refused_whole() {
        let msg = |s: &str| parse_csv(s).unwrap_err().to_string();
        assert!(msg("").contains("Paste the CSV"));
        assert!(msg("name,vendor\nA,B\n").contains("lacks the columns annual_cost"));
        assert!(msg(&format!("{HEADER},colour\n")).contains("unknown column \"colour\""));
        assert!(msg(&format!("{HEADER}\n")).contains("no rows"));
        assert!(msg(&"x".repeat(MAX_BYTES + 1)).contains("1 MiB"));
        let many = format!("{HEADER}\n{}", "A,V,1,1,,,\n".repeat(MAX_ROWS + 1));
        assert!(msg(&many).contains("more than 5000 rows"));
    }

    #[test]
    fn collisions_with_the_catalogue_are_problems() {
        let mut rows = parse_csv(&format!("{HEADER}\nLexia,V,1,1,,,\n")).unwrap();
        mark_collisions(&mut rows, &["LEXIA".to_string()]);
        assert!(rows[0].parsed.is_none());
        assert!(rows[0].problems[0].contains("already has a product"));
    }
}

//! The district's schools as CSV, the same columns both ways: the export is a file the import
//! takes back. Every row is parsed by the school form's rules, and every row's problems are
//! listed (each starting with its column) before anything is written.

use super::catalogue::{SchoolForm, SchoolInput};
use super::csv_table::{read, Line, Table};
use super::ParseError;
use std::collections::HashMap;

/// Largest CSV accepted, in bytes.
pub const MAX_BYTES: usize = 256 * 1024;
/// Most rows accepted in one import.
pub const MAX_ROWS: usize = 1_000;

/// The columns, in export order; the import needs every one, in any order.
pub const COLUMNS: [&str; 8] = [
    "name",
    "level",
    "grade_span",
    "expected_young_students",
    "expected_students",
    "expected_teachers",
    "expected_parents",
    "expected_coordinators",
];

/// One data row: what it said, and the school it makes or its problems.
#[derive(Debug, Clone)]
pub struct SchoolImportRow {
    /// Line in the file where the row starts (the header is line 1).
    pub line: u64,
    /// The row's values as typed.
    pub values: SchoolForm,
    /// The school, when the row has no problem.
    pub parsed: Option<SchoolInput>,
    /// What is wrong with the row, each message starting with the column it concerns.
    pub problems: Vec<String>,
}

/// A school's values as the export writes them, in [`COLUMNS`] order.
pub fn export_fields(form: &SchoolForm) -> [&str; 8] {
    [
        &form.name,
        &form.level,
        &form.grade_span,
        &form.expected_young_students,
        &form.expected_students,
        &form.expected_teachers,
        &form.expected_parents,
        &form.expected_coordinators,
    ]
}

/// Parses the whole text; a problem with the file itself (size, header, row count) is an
/// `Err`, a problem with a row is listed on the row.
pub fn parse_csv(text: &str) -> Result<Vec<SchoolImportRow>, ParseError> {
    let example = COLUMNS.join(",");
    let table = Table {
        max_bytes: MAX_BYTES,
        size_words: "256 KiB",
        max_rows: MAX_ROWS,
        required: &COLUMNS,
        optional: &[],
        example: &example,
    };
    let mut rows = read(text, &table, parse_row)?;
    mark_repeats(&mut rows);
    Ok(rows)
}

/// One line as a school, or its problems (each starting with its column).
fn parse_row(row: Line<'_>) -> SchoolImportRow {
    let cell = |name: &str| row.cell(name);
    let values = SchoolForm {
        name: cell("name"),
        level: cell("level"),
        grade_span: cell("grade_span"),
        expected_young_students: cell("expected_young_students"),
        expected_students: cell("expected_students"),
        expected_teachers: cell("expected_teachers"),
        expected_parents: cell("expected_parents"),
        expected_coordinators: cell("expected_coordinators"),
    };
    let mut problems = row.problems;
    let parsed = match values.parse() {
        Ok(input) => Some(input),
        Err(errors) => {
            problems.extend(
                errors
                    .into_iter()
                    .map(|e| format!("{}: {}", e.field, e.message)),
            );
            None
        }
    };
    SchoolImportRow {
        line: row.line,
        parsed: if problems.is_empty() { parsed } else { None },
        values,
        problems,
    }
}

/// Refuses a second row for a name (the import updates a school by its name).
fn mark_repeats(rows: &mut [SchoolImportRow]) {
    let mut seen: HashMap<String, u64> = HashMap::new();
    for row in rows.iter_mut() {
        let key = row.values.name.trim().to_lowercase();
        if key.is_empty() {
            continue;
        }
        if let Some(first) = seen.get(&key) {
            row.problems.push(format!(
                "name: line {first} already has a school with this name."
            ));
            row.parsed = None;
        } else {
            seen.insert(key, row.line);
        }
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;
    use crate::domain::StakeholderGroup;

    const HEADER: &str = "name,level,grade_span,expected_young_students,expected_students,expected_teachers,expected_parents,expected_coordinators\n";

    #[test]
    fn rows_parse_by_the_school_forms_rules() {
        let text = format!(
            "{HEADER}Alder Creek,elementary,K-5,210,0,28,380,2\nCedar,middle,6-8,0,780,46,640,2\n"
        );
        let rows = parse_csv(&text).unwrap();
        let alder = rows[0].parsed.as_ref().unwrap();
        assert_eq!(alder.span.to_string(), "K–5");
        assert_eq!(alder.expected.of(StakeholderGroup::YoungStudent), 210);
        assert_eq!(rows[1].line, 3);
    }

    #[test]
    fn every_problem_names_its_column() {
        let text = format!(
            "{HEADER}Alder,elementary,K-5,210,150,28,380,2\nBirch,elementary,5-K,,0,1,1,1\nalder,high,9-12,0,1,1,1,1\n"
        );
        let rows = parse_csv(&text).unwrap();
        assert!(rows[0].parsed.is_none());
        assert!(rows[0].problems[0].starts_with("expected_students: A school with grades K–5"));
        assert!(rows[1].problems[0].starts_with("grade_span: "));
        assert!(rows[2].problems[0].contains("line 2 already has a school"));
    }

    #[test]
    fn the_header_must_have_every_column() {
        let e = parse_csv("name,level\nA,high\n").unwrap_err().to_string();
        assert!(e.contains("lacks the columns grade_span"));
        let e = parse_csv("name,level,size\n").unwrap_err().to_string();
        assert!(e.contains("unknown column \"size\""));
        assert!(parse_csv(HEADER)
            .unwrap_err()
            .to_string()
            .contains("no rows"));
    }
}

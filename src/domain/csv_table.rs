//! What every CSV import of the catalogue shares before its rows mean anything: a size and a
//! row limit, a header naming known columns (each once, every required one present), and each
//! data line read by column name with its line number, a line whose cell count differs from the
//! header's noted as a problem. The imports (`import` for products, `school_import` for schools)
//! only say what a line means.

use super::ParseError;
use std::collections::HashMap;

/// The limits and columns of one kind of import.
pub struct Table<'a> {
    /// Largest CSV accepted, in bytes.
    pub max_bytes: usize,
    /// The same in words for the error ("256 KiB", "1,024 KiB (1 MiB)").
    pub size_words: &'a str,
    /// Most data rows accepted.
    pub max_rows: usize,
    /// Columns the header must have.
    pub required: &'a [&'a str],
    /// Columns the header may have.
    pub optional: &'a [&'a str],
    /// The start of a header line, shown when nothing was pasted.
    pub example: &'a str,
}

/// One data line: its line number in the file, a cell by column name (empty when absent) and
/// the problems of its shape.
pub struct Line<'r> {
    /// Line number in the file (the header is line 1).
    pub line: u64,
    record: &'r csv::StringRecord,
    columns: &'r HashMap<String, usize>,
    /// "row: it has 3 cells but the header has 7 columns.", when it does.
    pub problems: Vec<String>,
}

impl Line<'_> {
    /// The cell of column `name`, trimmed; empty when the line has none.
    pub fn cell(&self, name: &str) -> String {
        self.columns
            .get(name)
            .and_then(|i| self.record.get(*i))
            .unwrap_or("")
            .to_string()
    }
}

/// Reads `text` as a table of `table`'s shape and makes each data line into a row with
/// `row`; refuses the whole file (size, header, row count, no rows) with one sentence.
pub fn read<R>(
    text: &str,
    table: &Table<'_>,
    mut row: impl FnMut(Line<'_>) -> R,
) -> Result<Vec<R>, ParseError> {
    if text.len() > table.max_bytes {
        return Err(ParseError::new(format!(
            "The CSV is {} KiB; at most {} can be imported at once. Split it into smaller files.",
            text.len().div_ceil(1024),
            table.size_words
        )));
    }
    let text = text.trim_start_matches('\u{feff}');
    if text.trim().is_empty() {
        return Err(ParseError::new(format!(
            "Paste the CSV, starting with its header line ({}).",
            table.example
        )));
    }
    let mut reader = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .map_err(|e| ParseError::new(format!("The header line cannot be read: {e}.")))?
        .iter()
        .map(|h| h.to_ascii_lowercase())
        .collect();
    let columns = column_map(&header, table.required, table.optional)?;
    let mut rows = Vec::new();
    for record in reader.records() {
        let record =
            record.map_err(|e| ParseError::new(format!("The CSV cannot be read: {e}.")))?;
        if rows.len() == table.max_rows {
            return Err(ParseError::new(format!(
                "The CSV has more than {max} rows; import at most {max} at once.",
                max = table.max_rows
            )));
        }
        let mut problems = Vec::new();
        if record.len() != header.len() {
            problems.push(format!(
                "row: it has {} cells but the header has {} columns.",
                record.len(),
                header.len()
            ));
        }
        rows.push(row(Line {
            line: record.position().map_or(0, csv::Position::line),
            record: &record,
            columns: &columns,
            problems,
        }));
    }
    if rows.is_empty() {
        return Err(ParseError::new(
            "The CSV has a header but no rows to import.",
        ));
    }
    Ok(rows)
}

/// Where each column of the header is: every `required` column must be there, `optional` ones
/// may be, nothing else may, and none twice.
fn column_map(
    header: &[String],
    required: &[&str],
    optional: &[&str],
) -> Result<HashMap<String, usize>, ParseError> {
    let mut map = HashMap::new();
    for (i, name) in header.iter().enumerate() {
        if !required.contains(&name.as_str()) && !optional.contains(&name.as_str()) {
            return Err(ParseError::new(format!(
                "The header has an unknown column \"{name}\". Columns are: {}.",
                [required, optional].concat().join(", ")
            )));
        }
        if map.insert(name.clone(), i).is_some() {
            return Err(ParseError::new(format!(
                "The header names the column \"{name}\" twice."
            )));
        }
    }
    let missing: Vec<&str> = required
        .iter()
        .copied()
        .filter(|c| !map.contains_key(*c))
        .collect();
    if !missing.is_empty() {
        return Err(ParseError::new(format!(
            "The header lacks the column{} {}. The first line must name the columns, e.g. {}.",
            if missing.len() == 1 { "" } else { "s" },
            missing.join(", "),
            required.join(",")
        )));
    }
    Ok(map)
}

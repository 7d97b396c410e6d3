//! Cells that a spreadsheet would run as a formula: a text from outside (a comment, a school
//! or product name) that begins with `=`, `+`, `-`, `@`, a tab or a carriage return is
//! opened by Excel, LibreOffice and Sheets as a formula (`=HYPERLINK(…)` becomes a link that
//! can send data away). Following the OWASP guidance on CSV injection, such a cell is written
//! with a leading apostrophe, which spreadsheets show as text and hide. Numbers written by
//! Chorus itself ("-0.12") are left as they are, so figures stay numbers.

use std::borrow::Cow;

/// Whether a spreadsheet would read `cell` as a formula.
fn starts_a_formula(cell: &str) -> bool {
    cell.starts_with(['=', '+', '-', '@', '\t', '\r']) && cell.trim().parse::<f64>().is_err()
}

/// The cell as it may be written to a CSV or XLSX file.
pub fn formula_safe(cell: &str) -> Cow<'_, str> {
    if starts_a_formula(cell) {
        Cow::Owned(format!("'{cell}"))
    } else {
        Cow::Borrowed(cell)
    }
}

/// Writes one CSV record with every cell made [`formula_safe`].
pub fn write_safe_record<W: std::io::Write, I, S>(
    writer: &mut csv::Writer<W>,
    cells: I,
) -> Result<(), csv::Error>
where
    I: IntoIterator<Item = S>,
    S: AsRef<str>,
{
    for cell in cells {
        writer.write_field(formula_safe(cell.as_ref()).as_bytes())?;
    }
    writer.write_record(None::<&[u8]>)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn formulas_are_neutralised_and_numbers_kept() {
        assert_eq!(
            formula_safe("=HYPERLINK(\"http://evil.example/\",\"click\")"),
            "'=HYPERLINK(\"http://evil.example/\",\"click\")"
        );
        for bad in ["+1+1", "-2+3", "@SUM(A1)", "\tx", "\rx", "-", "=1"] {
            assert!(formula_safe(bad).starts_with('\''), "{bad:?}");
        }
        for fine in ["-0.12", "+3", "-7", "Works well", "", "1e3", "a=b"] {
            assert_eq!(formula_safe(fine), fine);
        }
    }
}

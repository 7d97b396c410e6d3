//! The report as an Excel workbook (rust_xlsxwriter): an "About" sheet, then one sheet per
//! section with the tidy columns, a frozen bold header row, and number formats (percentages
//! for proportions, two decimals for means and scores).

use super::tidy::{rows, TidyRow, COLUMNS};
use crate::reports::product::ProductReport;
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

/// Statistics that are proportions (formatted as percentages).
fn is_proportion(statistic: &str) -> bool {
    matches!(
        statistic,
        "favourable"
            | "response_rate"
            | "use_rate"
            | "uses"
            | "knows_not_uses"
            | "unaware"
            | "wants_training"
            | "confident"
            | "wants_a_lot_more_training"
            | "support_satisfied"
            | "pooled_favourable"
    )
}

/// Sheet names in section order (Excel limits names to 31 characters).
const SECTIONS: [(&str, &str); 14] = [
    ("summary", "Summary"),
    ("constructs", "Constructs"),
    ("items", "Items"),
    ("adoption", "Adoption"),
    ("features", "Feature matrix"),
    ("training", "Training gap"),
    ("support", "Vendor support"),
    ("recommend", "Recommend"),
    ("schools", "Schools"),
    ("school_gaps", "School differences"),
    ("gaps", "Group gaps"),
    ("trend", "Trend"),
    ("support_trend", "Support trend"),
    ("benchmarks", "Benchmarks"),
];

/// Statistics that count (respondents, ranks, districts): whole numbers, not two decimals.
fn is_count(statistic: &str) -> bool {
    matches!(
        statistic,
        "completed" | "standing" | "pooled_districts" | "df"
    )
}

/// The number formats of a sheet: shares, counts, everything else.
struct Formats {
    percent: Format,
    whole: Format,
    decimal: Format,
}

fn write_row(
    sheet: &mut Worksheet,
    at: u32,
    row: &TidyRow,
    formats: &Formats,
) -> Result<(), XlsxError> {
    let format = if is_proportion(row.statistic) {
        &formats.percent
    } else if is_count(row.statistic) {
        &formats.whole
    } else {
        &formats.decimal
    };
    for (col, text) in row.fields().iter().enumerate() {
        let col = u16::try_from(col).unwrap_or(u16::MAX);
        let number = match col {
            7 => row.value,
            8 => row.ci_low,
            9 => row.ci_high,
            10 => row.n.map(|n| n as f64),
            _ => None,
        };
        match number {
            Some(v) if col == 10 => sheet.write_number(at, col, v)?,
            Some(v) => sheet.write_number_with_format(at, col, v, format)?,
            None => sheet.write_string(at, col, text)?,
        };
    }
    Ok(())
}

/// The XLSX bytes of a report.
pub fn report_xlsx(report: &ProductReport) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let formats = Formats {
        percent: Format::new().set_num_format("0.0%"),
        whole: Format::new().set_num_format("0"),
        decimal: Format::new().set_num_format("0.00"),
    };
    let about = book.add_worksheet();
    about.set_name("About")?;
    for (i, (k, v)) in [
        ("Product", report.product.as_str()),
        ("Vendor", report.vendor.as_str()),
        ("Survey", report.survey_title.as_str()),
        ("Wave", report.wave.as_str()),
        ("View", report.view.as_str()),
        ("Verdict", report.summary.verdict_label.as_str()),
        (
            "Note",
            "Withheld cells are empty with the reason in column 'withheld'; see docs/reports.md for the columns.",
        ),
    ]
    .iter()
    .enumerate()
    {
        let r = u32::try_from(i).unwrap_or(u32::MAX);
        about.write_string_with_format(r, 0, *k, &bold)?;
        about.write_string(r, 1, *v)?;
    }
    about.set_column_width(0, 12)?;
    about.set_column_width(1, 80)?;
    let all = rows(report);
    for (key, name) in SECTIONS {
        let sheet = book.add_worksheet();
        sheet.set_name(name)?;
        for (col, title) in COLUMNS.iter().enumerate() {
            sheet.write_string_with_format(0, u16::try_from(col).unwrap_or(0), *title, &bold)?;
        }
        sheet.set_freeze_panes(1, 0)?;
        sheet.set_column_width(11, 50)?;
        for (at, row) in (1..).zip(all.iter().filter(|r| r.section == key)) {
            write_row(sheet, at, row, &formats)?;
        }
    }
    book.save_to_buffer()
}

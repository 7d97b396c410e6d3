//! Every download of a product report, rendered from the one [`ProductReport`] model the page
//! shows (already scoped and suppressed), so no format can reveal more than the page.
//!
//! [`ProductReport`]: super::product::ProductReport

pub mod csv;
pub mod formula;
pub mod pdf;
pub mod recoding;
pub mod responses;
pub mod tidy;
pub mod xlsx;

use super::product::ProductReport;

/// A download format of a product report: the one place that says its file name, media type,
/// link label, whether it carries the comments, and how it is written. The download route
/// dispatches on it and the report page lists [`Format::ALL`], so a new format is a new file
/// beside this one and a variant here.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// The PDF, laid out for reading and printing.
    Pdf,
    /// The tidy CSV: one row per figure.
    Csv,
    /// The Excel workbook: one sheet per section.
    Xlsx,
}

impl Format {
    /// Every format, in the order the report page offers them.
    pub const ALL: [Format; 3] = [Format::Pdf, Format::Csv, Format::Xlsx];

    /// The file name the route serves it under (`report.pdf`), which is also how a request
    /// names it.
    pub fn file(self) -> &'static str {
        match self {
            Format::Pdf => "report.pdf",
            Format::Csv => "report.csv",
            Format::Xlsx => "report.xlsx",
        }
    }

    /// The format a request's file name names, if any.
    pub fn from_file(file: &str) -> Option<Format> {
        Format::ALL.into_iter().find(|f| f.file() == file)
    }

    /// The extension of the downloaded file's name.
    pub fn extension(self) -> &'static str {
        match self {
            Format::Pdf => "pdf",
            Format::Csv => "csv",
            Format::Xlsx => "xlsx",
        }
    }

    /// The `Content-Type` it is sent with.
    pub fn media_type(self) -> &'static str {
        match self {
            Format::Pdf => "application/pdf",
            Format::Csv => "text/csv; charset=utf-8",
            Format::Xlsx => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        }
    }

    /// The link's words on the report page.
    pub fn label(self) -> &'static str {
        match self {
            Format::Pdf => "PDF",
            Format::Csv => "CSV",
            Format::Xlsx => "Excel",
        }
    }

    /// Whether the report is built with its comments section: the PDF is read like the
    /// printable page, which shows them; the tables are figures only.
    pub fn with_comments(self) -> bool {
        matches!(self, Format::Pdf)
    }

    /// Writes the report in this format.
    pub fn write(self, report: &ProductReport) -> anyhow::Result<Vec<u8>> {
        Ok(match self {
            Format::Pdf => pdf::report_pdf(report),
            Format::Csv => csv::report_csv(report)?,
            Format::Xlsx => xlsx::report_xlsx(report)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::Format;

    #[test]
    fn every_format_is_found_by_its_file_name_and_nothing_else_is() {
        for format in Format::ALL {
            assert_eq!(Format::from_file(format.file()), Some(format));
            assert!(format.file().ends_with(format.extension()));
        }
        assert_eq!(Format::from_file("report.docx"), None);
        assert_eq!(Format::from_file("comments"), None);
    }
}

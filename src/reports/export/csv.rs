//! The report as CSV in tidy long format ([`super::tidy`]), UTF-8 with a header row.

use super::formula::write_safe_record;
use super::tidy::{rows, COLUMNS};
use crate::reports::product::ProductReport;

/// The CSV bytes of a report.
pub fn report_csv(report: &ProductReport) -> Result<Vec<u8>, csv::Error> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record(COLUMNS)?;
    for row in rows(report) {
        write_safe_record(&mut w, row.fields())?;
    }
    w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
}

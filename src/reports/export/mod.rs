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

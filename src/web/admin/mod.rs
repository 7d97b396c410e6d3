//! District administration: the district's settings (time zone), staff accounts and invitations, API tokens, the audit log, and
//! the catalogue (schools, products and their features, the renewal calendar, CSV import).

pub mod audit;
pub mod district;
pub mod import;
pub mod product_detail;
pub mod products;
pub mod renewals;
pub mod school_import;
pub mod schools;
pub mod staff;
mod staff_form;
mod staff_view;
pub mod tokens;
pub mod view;

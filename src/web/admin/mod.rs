//! District administration: staff accounts and invitations, API tokens, and the audit log.

pub mod audit;
pub mod staff;
mod staff_form;
pub mod tokens;

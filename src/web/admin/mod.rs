//! District administration: staff accounts and invitations, and the audit log.

pub mod audit;
pub mod staff;
mod staff_form;

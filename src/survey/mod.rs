//! Surveys as respondents and coordinators see them: the question bank, survey assembly and
//! the checks a draft must pass before it opens.

pub mod asked;
pub mod assemble;
pub mod bank;
pub mod budget;
pub mod codes;
pub mod kinds;
pub mod lifecycle;
pub mod own_items;
pub mod readiness;
pub mod runtime;

//! Surveys as respondents and coordinators see them: the question bank and survey assembly.

pub mod assemble;
pub mod bank;

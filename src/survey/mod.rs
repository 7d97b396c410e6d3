//! Surveys as respondents and coordinators see them: the question bank and survey assembly.

pub mod bank;

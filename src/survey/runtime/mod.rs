//! Running a survey for one respondent: the frozen survey as typed values ([`SurveyForm`]),
//! the page plan (group, language, products used within the cap, skip logic), parsing a
//! posted page into typed answers, and turning finished answers into a submission.
//!
//! Everything here is pure except [`load`], so the plan and the parsing are unit-tested
//! without a database.

pub mod answers;
pub mod finish;
mod form;
pub mod parse;
pub mod plan;

pub use answers::{Answer, DraftState};
pub use form::{load, FormItem, FormWording, SurveyForm};
pub use plan::{PagePlan, Question};

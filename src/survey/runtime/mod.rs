//! Running a survey for one respondent: the frozen survey as typed values ([`SurveyForm`]),
//! the page plan (group, language, products used within the cap, skip logic), parsing a
//! posted page into typed answers, and turning finished answers into a submission.
//!
//! Everything here is pure except [`load`] and the [`FormCache`] in front of it, so the plan and the parsing are unit-tested
//! without a database.

pub mod answers;
mod cache;
pub mod estimate;
pub mod finish;
mod form;
pub mod parse;
pub mod plan;

pub use answers::{Answer, DraftState};
pub use cache::{CachedForm, FormCache};
pub use form::{load, FormItem, FormWording, SurveyForm};
pub use plan::{PagePlan, Question};

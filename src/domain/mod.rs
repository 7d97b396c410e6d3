//! Domain types: values that can only hold what the product allows.
//!
//! Outside input (forms, JSON, CSV, configuration, database text columns) is parsed into
//! these types once, at the edge; everything past the edge can rely on them being valid.

mod condition;
mod enums;
mod ids;
mod text;

pub use condition::{ConditionOp, SkipCondition};
pub use enums::{ItemKind, Language, Role, SchoolLevel, StakeholderGroup, SurveyStatus};
pub use ids::{DistrictId, ProductId, SchoolId, SurveyId, SurveyItemId, UserId};
pub use text::{Email, LabelText, ParseError, PublicToken};

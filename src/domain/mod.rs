//! Domain types: values that can only hold what the product allows.
//!
//! Outside input (forms, JSON, CSV, configuration, database text columns) is parsed into
//! these types once, at the edge; everything past the edge can rely on them being valid.

mod audience;
pub mod catalogue;
mod client_address;
pub mod code_request;
mod condition;
mod contract;
mod csv_table;
mod enums;
mod field_error;
mod grades;
mod ids;
pub mod import;
pub mod language;
mod local_path;
mod money;
pub mod password;
mod product_identity;
pub mod register;
mod school_form;
pub mod school_import;
mod search;
pub mod sign_in_throttle;
pub mod survey_form;
mod text;
mod time_zone;
pub mod tokens;
pub mod translations;

pub use audience::FeatureAudience;
pub use client_address::TrustedProxies;
pub use condition::{ConditionOp, SkipCondition};
pub use contract::{optional_date, ContractPeriod, Headcount, Headcounts, PeriodField, Seats};
pub use enums::{
    AudienceGroup, ItemKind, Role, SchoolLevel, SeatUnit, StakeholderGroup, SurveyStatus,
};
pub use field_error::FieldError;
pub use grades::{Grade, GradeSpan};
pub use ids::{DistrictId, ProductId, SchoolId, SurveyId, SurveyItemId, UserId};
pub use language::{Direction, Language, LanguageSet};
pub use local_path::LocalPath;
pub use money::{Currency, Money, MAX_CENTS};
pub use product_identity::ProductIdentity;
pub use search::{CommentSearch, SearchError, MAX_SEARCH_CHARS};
pub use text::{Email, LabelText, ParseError, PublicToken};
pub use time_zone::TimeZone;

//! Typed row identifiers, so a school id can never be passed where a product id is expected.

use serde::{Deserialize, Serialize};

macro_rules! typed_id {
    ($(#[$doc:meta] $name:ident),* $(,)?) => {$(
        #[$doc]
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i32);

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }
    )*};
}

typed_id!(
    /// A district: the tenant boundary that no query may cross.
    DistrictId,
    /// A school inside one district.
    SchoolId,
    /// A staff account.
    UserId,
    /// A licensed product in a district's catalogue.
    ProductId,
    /// A survey wave.
    SurveyId,
    /// An item frozen into a survey.
    SurveyItemId,
);

//! The domain's text enums as columns: every value is written in its stable spelling and read
//! back as itself on both backends, and a stored text that is no value fails the read.

use crate::both_backends;
use crate::helpers::TestApp;
use chorus::domain::{
    AudienceGroup, ItemKind, Language, Role, SchoolLevel, SeatUnit, StakeholderGroup, SurveyStatus,
};
use diesel::sql_types::Text;
use diesel::{IntoSql, RunQueryDsl};

/// Binds each value of each enum as a `Text` parameter and reads it back as text (the
/// stored spelling) and as the enum.
macro_rules! round_trips {
    ($conn:expr, $($ty:ty),+) => {$(
        for value in <$ty>::ALL {
            let text: String = diesel::select(value.into_sql::<Text>())
                .get_result(&mut *$conn)
                .unwrap();
            assert_eq!(text, value.as_str(), "stored spelling of {value:?}");
            let back: $ty = diesel::select(value.into_sql::<Text>())
                .get_result(&mut *$conn)
                .unwrap();
            assert_eq!(back, *value);
        }
    )+};
}

both_backends!(text_enums_round_trip, |app: TestApp| async move {
    let mut conn = app.pool.get().unwrap();
    round_trips!(
        conn,
        AudienceGroup,
        ItemKind,
        Language,
        Role,
        SchoolLevel,
        SeatUnit,
        StakeholderGroup,
        SurveyStatus
    );
    let unknown =
        diesel::select("pupil".into_sql::<Text>()).get_result::<StakeholderGroup>(&mut *conn);
    // The field error's text is in its source, which `Debug` shows.
    let message = format!("{:?}", unknown.unwrap_err());
    assert!(
        message.contains("not a known stakeholder group"),
        "{message}"
    );
});

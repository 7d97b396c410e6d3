//! How long a respondent's survey takes, from the questions they will actually see: the
//! welcome page promises this, not a fixed figure. Seconds per question by kind, from
//! survey-methodology rules of thumb (a rating item ~7–10 s for adults; children read more
//! slowly, so young students' items count half as long again), rounded up to whole minutes.

use super::form::SurveyForm;
use super::plan::{longest, Question};
use super::DraftState;
use crate::domain::StakeholderGroup;
use crate::survey::kinds;

/// Seconds an adult or teen takes for one question (one feature row of a matrix).
fn seconds(q: &Question<'_>) -> u32 {
    kinds::of(q.item.kind).seconds(q.features.len())
}

/// Whole minutes (at least 1) that `group` needs for the longest survey they may see: every
/// product used, within the cap.
pub fn minutes(form: &SurveyForm, group: StakeholderGroup) -> u32 {
    let plan = longest(form, group, &DraftState::default());
    let adult: u32 = plan.pages.iter().flatten().map(seconds).sum();
    let total = if group == StakeholderGroup::YoungStudent {
        adult.saturating_mul(3) / 2
    } else {
        adult
    };
    total.div_ceil(60).max(1)
}

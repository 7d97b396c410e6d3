//! Finished answers → the submission `db::submission` stores: only the questions the
//! respondent's final plan shows, each as the narrow answer rows the aggregates expect.

use super::answers::{feature_field, Answer, DraftState, NONE_OF_THESE_VALUE};
use super::form::SurveyForm;
use super::plan::{gate_open, PagePlan};
use crate::db::models::responses::{NewAnswer, NewResponse};
use crate::db::submission::Submission;
use crate::domain::{ItemKind, Language, SchoolId, StakeholderGroup};
use chrono::NaiveDate;

/// Who answered, as far as a response may say (no identity).
#[derive(Debug, Clone, Copy)]
pub struct Respondent {
    /// School the answers count for.
    pub school: SchoolId,
    /// Group.
    pub group: StakeholderGroup,
    /// Language answered in.
    pub language: Language,
    /// The access code to consume with it.
    pub access_code_id: Option<i32>,
}

/// The first page (1-based) with a required question left unanswered, if any.
pub fn first_incomplete(plan: &PagePlan<'_>, state: &DraftState) -> Option<usize> {
    plan.pages
        .iter()
        .position(|page| {
            page.iter().any(|q| {
                q.item.required
                    && gate_open(q, state)
                    && q.item.kind != ItemKind::FeatureMatrix
                    && !state.answers.contains_key(&q.field)
            })
        })
        .map(|i| i + 1)
}

/// Builds the submission from the answers the plan shows; `day` is the submission date
/// (no time is kept).
pub fn submission(
    form: &SurveyForm,
    plan: &PagePlan<'_>,
    state: &DraftState,
    who: Respondent,
    day: NaiveDate,
) -> Submission {
    let district = form.survey.district_id;
    let mut answers = Vec::new();
    for q in plan.pages.iter().flatten() {
        if !gate_open(q, state) {
            continue;
        }
        let base = NewAnswer {
            district_id: district,
            response_id: 0,
            survey_item_id: q.item.id,
            product_id: q.product.map(|p| p.id.0),
            feature_id: None,
            value: None,
            not_applicable: false,
            wants_training: false,
            text_value: None,
        };
        if q.item.kind == ItemKind::FeatureMatrix {
            for f in &q.features {
                if let Some(Answer::Feature { state: s, training }) =
                    state.answers.get(&feature_field(&q.field, f.id))
                {
                    answers.push(NewAnswer {
                        feature_id: Some(f.id),
                        value: Some(*s),
                        wants_training: *training,
                        ..base.clone()
                    });
                }
            }
            continue;
        }
        match state.answers.get(&q.field) {
            None | Some(Answer::Feature { .. }) => {}
            Some(Answer::Value(v)) => answers.push(NewAnswer {
                value: Some(*v),
                ..base
            }),
            Some(Answer::NotApplicable) => answers.push(NewAnswer {
                not_applicable: true,
                ..base
            }),
            Some(Answer::NoneOfThese) => answers.push(NewAnswer {
                value: Some(NONE_OF_THESE_VALUE),
                ..base
            }),
            Some(Answer::Text(t)) => answers.push(NewAnswer {
                text_value: Some(t.clone()),
                ..base
            }),
            Some(Answer::Choices(options)) => {
                for option in options {
                    let product = if q.item.product_use {
                        usize::try_from(*option - 1)
                            .ok()
                            .and_then(|i| form.products.get(i))
                            .map(|p| p.id.0)
                    } else {
                        base.product_id
                    };
                    answers.push(NewAnswer {
                        value: Some(*option),
                        product_id: product,
                        ..base.clone()
                    });
                }
            }
        }
    }
    Submission {
        response: NewResponse {
            district_id: district,
            survey_id: form.survey.id,
            school_id: who.school.0,
            stakeholder_group: who.group,
            language: who.language,
            submitted_on: day,
            submission_key: state.key.clone(),
        },
        answers,
        access_code_id: who.access_code_id,
    }
}

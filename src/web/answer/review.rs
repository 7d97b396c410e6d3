//! The last page before Send: every answer the respondent's plan shows, page by page, as
//! they would read it back, each page with a link to change it. Nothing is sent until the
//! respondent presses Send here, and the page says so.

use super::strings::{text, Reader};
use super::view::{question, QuestionView, ViewInput};
use crate::domain::{Language, StakeholderGroup};
use crate::survey::bank::QuestionBank;
use crate::survey::runtime::plan::gate_open;
use crate::survey::runtime::{DraftState, PagePlan};
use serde::Serialize;
use std::collections::BTreeMap;

/// One question and the answer given, as text.
#[derive(Debug, Serialize)]
pub struct ReviewAnswer {
    /// The question as it was asked.
    pub question: String,
    /// The feature of a feature-matrix row, with the language of its name when it is the
    /// untranslated original (shown with that `lang`).
    pub feature: Option<(String, Option<&'static str>)>,
    /// The answer as the respondent chose or typed it ("Not answered" when left empty).
    pub answer: String,
    /// Whether it was left empty (shown in a quieter style).
    pub empty: bool,
}

/// One page of the survey in the review.
#[derive(Debug, Serialize)]
pub struct ReviewPage {
    /// Page number: the Change link goes there.
    pub number: usize,
    /// The page's heading (the product, or the part of the survey).
    pub heading: String,
    /// Its questions and answers.
    pub answers: Vec<ReviewAnswer>,
}

/// The review of every page of `plan` with the answers in `state`.
pub fn review(
    bank: &QuestionBank,
    plan: &PagePlan<'_>,
    group: StakeholderGroup,
    language: Language,
    state: &DraftState,
) -> Vec<ReviewPage> {
    let typed = BTreeMap::new();
    let reader = Reader::new(language, group);
    let input = ViewInput {
        bank,
        group,
        language,
        state,
        problems: &[],
        typed: &typed,
    };
    plan.pages
        .iter()
        .enumerate()
        .map(|(i, page)| {
            let number = i + 1;
            let heading = super::pages::heading(page.first(), number, reader);
            let answers = page
                .iter()
                .filter(|q| gate_open(q, state))
                .flat_map(|q| read_back(&question(&input, q), reader))
                .collect();
            ReviewPage {
                number,
                heading,
                answers,
            }
        })
        .collect()
}

/// A question's answer as text: the options chosen, the number with its unit, the text
/// typed, or one line per feature of a feature matrix.
fn read_back(q: &QuestionView, reader: Reader) -> Vec<ReviewAnswer> {
    let line = |question: String, feature, parts: Vec<String>| {
        let empty = parts.is_empty();
        ReviewAnswer {
            question,
            feature,
            answer: if empty {
                text(reader, "not_answered", &[])
            } else {
                parts.join("; ")
            },
            empty,
        }
    };
    if q.is_matrix {
        return q
            .features
            .iter()
            .map(|f| {
                let mut parts: Vec<String> = f
                    .states
                    .iter()
                    .filter(|o| o.checked)
                    .map(|o| o.label.clone())
                    .collect();
                if f.training.checked {
                    parts.push(f.training.label.clone());
                }
                line(q.legend.clone(), Some((f.name.clone(), f.name_lang)), parts)
            })
            .collect();
    }
    let parts: Vec<String> = if q.is_choice {
        q.options
            .iter()
            .chain(q.na.iter())
            .filter(|o| o.checked)
            .map(|o| o.label.clone())
            .collect()
    } else if q.value.is_empty() {
        Vec::new()
    } else if q.is_number && !q.unit.is_empty() {
        vec![format!("{} {}", q.value, q.unit)]
    } else {
        vec![q.value.clone()]
    };
    vec![line(q.legend.clone(), None, parts)]
}

//! A posted page → typed answers, or the problems to show beside each field.
//!
//! Two kinds of failure: a person's mistake (a required answer missing, a number out of
//! bounds, text too long) is shown on the page against its field; a field name or value no
//! page of ours could have sent (another survey's item, a value outside the scale, a product
//! not in the survey) is tampering and refuses the whole post. Either way nothing is stored.

use super::answers::{feature_field, training_field, Answer, NONE_OF_THESE};
use super::plan::Question;
use crate::domain::ItemKind;
use std::collections::BTreeMap;

/// Longest accepted long free-text answer, in characters.
pub const LONG_TEXT_LIMIT: usize = 2000;
/// Longest accepted short free-text answer, in characters.
pub const SHORT_TEXT_LIMIT: usize = 200;

/// A respondent's mistake on one field (shown in their language by the page).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    /// A required question was not answered.
    Required,
    /// Not a whole number.
    NotWhole,
    /// A number outside the item's bounds.
    OutOfRange {
        /// Smallest accepted.
        min: i64,
        /// Largest accepted.
        max: i64,
    },
    /// Text longer than the limit.
    TooLong {
        /// Limit in characters.
        max: usize,
    },
    /// "I'd like training" ticked on a feature without one of the three answers.
    FeatureWithoutState,
    /// "None of these" ticked together with a product on the product-use question.
    NoneWithProducts,
}

/// A field or value our pages never send: the post is refused as a whole.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Tampered {
    /// A field name that is not on this page.
    #[error("the form has a field \"{0}\" that is not on this page")]
    UnknownField(String),
    /// A value the field cannot take.
    #[error("the field \"{0}\" has a value it cannot take")]
    BadValue(String),
}

/// The page's answers: for each question field, its answer or `None` when left empty
/// (clearing what was saved before), plus the mistakes by field.
#[derive(Debug, Clone, Default)]
pub struct ParsedPage {
    /// Field → answer (`None`: unanswered).
    pub answers: Vec<(String, Option<Answer>)>,
    /// Field → mistake.
    pub problems: Vec<(String, Problem)>,
    /// What was typed in fields that had a mistake, to show it back.
    pub typed: BTreeMap<String, String>,
}

/// Parses the posted `pairs` for the questions of one page. `reserved` names the fields the
/// page itself adds (CSRF token, button); `check_required` is off for Back and language
/// switches, so moving around never loses answers.
pub fn parse_page(
    page: &[Question<'_>],
    pairs: &[(String, String)],
    reserved: &[&str],
    check_required: bool,
) -> Result<ParsedPage, Tampered> {
    let mut by_name: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for (name, value) in pairs {
        by_name
            .entry(name.as_str())
            .or_default()
            .push(value.as_str());
    }
    let mut known: Vec<String> = reserved.iter().map(|r| (*r).to_string()).collect();
    let mut parsed = ParsedPage::default();
    for q in page {
        known.push(q.field.clone());
        if q.item.kind == ItemKind::FeatureMatrix {
            for f in &q.features {
                let state_name = feature_field(&q.field, f.id);
                let training_name = training_field(&q.field, f.id);
                let state = single(&by_name, &state_name)?
                    .map(|v| number_in(v, 1, 3).ok_or(Tampered::BadValue(state_name.clone())))
                    .transpose()?;
                let training = match single(&by_name, &training_name)? {
                    None => false,
                    Some("1") => true,
                    Some(_) => return Err(Tampered::BadValue(training_name)),
                };
                let answer = match (state, training) {
                    (Some(state), training) => Some(Answer::Feature { state, training }),
                    (None, true) => {
                        parsed
                            .problems
                            .push((state_name.clone(), Problem::FeatureWithoutState));
                        None
                    }
                    (None, false) => None,
                };
                parsed.answers.push((state_name.clone(), answer));
                known.push(state_name);
                known.push(training_name);
            }
            continue;
        }
        let answer = match parse_one(q, &by_name)? {
            Ok(answer) => answer,
            Err(problem) => {
                if let Some([typed]) = by_name.get(q.field.as_str()).map(Vec::as_slice) {
                    parsed.typed.insert(q.field.clone(), (*typed).to_string());
                }
                parsed.problems.push((q.field.clone(), problem));
                continue;
            }
        };
        if answer.is_none() && check_required && q.item.required && q.gate_field.is_none() {
            parsed.problems.push((q.field.clone(), Problem::Required));
        }
        parsed.answers.push((q.field.clone(), answer));
    }
    if let Some(unknown) = by_name.keys().find(|n| !known.iter().any(|k| k == *n)) {
        return Err(Tampered::UnknownField((*unknown).to_string()));
    }
    Ok(parsed)
}

/// The one value of a field; a field sent twice (where only one is possible) is tampering.
fn single<'v>(
    by_name: &BTreeMap<&str, Vec<&'v str>>,
    name: &str,
) -> Result<Option<&'v str>, Tampered> {
    match by_name.get(name).map(Vec::as_slice) {
        None | Some([]) => Ok(None),
        Some([one]) => Ok(Some(*one)),
        Some(_) => Err(Tampered::BadValue(name.to_string())),
    }
}

fn number_in(text: &str, min: i64, max: i64) -> Option<i64> {
    text.parse::<i64>().ok().filter(|v| (min..=max).contains(v))
}

type OneAnswer = Result<Option<Answer>, Problem>;

fn parse_one(q: &Question<'_>, by_name: &BTreeMap<&str, Vec<&str>>) -> Result<OneAnswer, Tampered> {
    let item = q.item;
    let bad = || Tampered::BadValue(q.field.clone());
    let count = i64::try_from(item.option_count()).unwrap_or(0);
    match item.kind {
        ItemKind::Scale5 | ItemKind::Recommend | ItemKind::SingleChoice => {
            let (min, max) = match item.kind {
                ItemKind::Scale5 => (1, 5),
                ItemKind::Recommend => (0, 10),
                _ => (1, count),
            };
            Ok(Ok(match single(by_name, &q.field)? {
                None => None,
                Some("na") if item.allows_na => Some(Answer::NotApplicable),
                Some(v) => Some(Answer::Value(number_in(v, min, max).ok_or_else(bad)?)),
            }))
        }
        ItemKind::MultiChoice => {
            let max = if item.product_use {
                i64::try_from(q.all_products.len()).unwrap_or(0)
            } else {
                count
            };
            let mut chosen = Vec::new();
            let mut none = false;
            for v in by_name
                .get(q.field.as_str())
                .map(Vec::as_slice)
                .unwrap_or_default()
            {
                if item.product_use && *v == NONE_OF_THESE {
                    none = true;
                } else {
                    chosen.push(number_in(v, 1, max).ok_or_else(bad)?);
                }
            }
            chosen.sort_unstable();
            chosen.dedup();
            Ok(match (none, chosen.is_empty()) {
                (true, false) => Err(Problem::NoneWithProducts),
                (true, true) => Ok(Some(Answer::NoneOfThese)),
                (false, true) => Ok(None),
                (false, false) => Ok(Some(Answer::Choices(chosen))),
            })
        }
        ItemKind::Number => {
            let Some(text) = single(by_name, &q.field)?.map(str::trim) else {
                return Ok(Ok(None));
            };
            if text.is_empty() {
                return Ok(Ok(None));
            }
            let Ok(v) = text.parse::<i64>() else {
                return Ok(Err(Problem::NotWhole));
            };
            let (min, max) = item.bounds.unwrap_or((i64::MIN, i64::MAX));
            Ok(if (min..=max).contains(&v) {
                Ok(Some(Answer::Value(v)))
            } else {
                Err(Problem::OutOfRange { min, max })
            })
        }
        ItemKind::ShortText | ItemKind::LongText => {
            let max = if item.kind == ItemKind::LongText {
                LONG_TEXT_LIMIT
            } else {
                SHORT_TEXT_LIMIT
            };
            let text = single(by_name, &q.field)?
                .map(str::trim)
                .unwrap_or_default();
            Ok(if text.chars().count() > max {
                Err(Problem::TooLong { max })
            } else {
                Ok((!text.is_empty()).then(|| Answer::Text(text.to_string())))
            })
        }
        ItemKind::FeatureMatrix => Ok(Ok(None)),
    }
}

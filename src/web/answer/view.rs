//! What the question templates read: each question of a page in the respondent's group and
//! language, with their saved answers, mistakes and skip-logic attributes.

use super::strings::{text, Reader};
use crate::domain::{ItemKind, Language, StakeholderGroup};
use crate::survey::bank::{fill_placeholders, QuestionBank};
use crate::survey::runtime::answers::{feature_field, training_field, NONE_OF_THESE};
use crate::survey::runtime::parse::Problem;
use crate::survey::runtime::{Answer, DraftState, Question};
use serde::Serialize;
use std::collections::BTreeMap;

/// One radio button or tick box.
#[derive(Debug, Serialize)]
pub struct OptionView {
    /// Element id (labels point at it).
    pub id: String,
    /// Submitted value.
    pub value: String,
    /// Visible label.
    pub label: String,
    /// Selected.
    pub checked: bool,
    /// Face number 1..=5 on young students' scales.
    pub face: Option<i64>,
    /// Ticking it clears every other option ("None of these"), and the other way round.
    pub exclusive: bool,
}

/// One feature row of a feature matrix: its own fieldset.
#[derive(Debug, Serialize)]
pub struct FeatureView {
    /// Feature name (the row's legend), in the page's language or the original.
    pub name: String,
    /// The name's language when it is the untranslated original (wrapped with this `lang`).
    pub name_lang: Option<&'static str>,
    /// Name of the row's radio buttons.
    pub field: String,
    /// Short description, if any.
    pub description: String,
    /// The description's language when it is the untranslated original.
    pub description_lang: Option<&'static str>,
    /// The three exclusive answers.
    pub states: Vec<OptionView>,
    /// The training tick box.
    pub training: OptionView,
}

/// A skip condition JavaScript applies live.
#[derive(Debug, Serialize)]
pub struct GateView {
    /// Field of the gating question.
    pub field: String,
    /// Operator (`equals`, `one_of`, `at_least`, `at_most`).
    pub op: &'static str,
    /// Values, comma-separated.
    pub values: String,
}

/// One question as the template shows it.
#[derive(Debug, Serialize)]
pub struct QuestionView {
    /// Field name (also the element id prefix).
    pub field: String,
    /// The question text.
    pub legend: String,
    /// Help line.
    pub hint: Option<String>,
    /// Radio buttons or tick boxes in a fieldset.
    pub is_choice: bool,
    /// A number box.
    pub is_number: bool,
    /// A text box (short) or area (long).
    pub is_text: bool,
    /// Long text (textarea).
    pub is_long: bool,
    /// A feature matrix.
    pub is_matrix: bool,
    /// Faces beside the labels (young students).
    pub faces: bool,
    /// 0–10 layout.
    pub is_recommend: bool,
    /// `radio` or `checkbox`.
    pub input_type: &'static str,
    /// Options in value order.
    pub options: Vec<OptionView>,
    /// The "does not apply" option.
    pub na: Option<OptionView>,
    /// Typed value of number and text boxes.
    pub value: String,
    /// Unit after a number box.
    pub unit: String,
    /// Bounds of a number box.
    pub min: Option<i64>,
    /// Upper bound of a number box.
    pub max: Option<i64>,
    /// Character limit of a text box.
    pub maxlength: Option<usize>,
    /// Matrix rows.
    pub features: Vec<FeatureView>,
    /// The mistake to show.
    pub error: Option<String>,
    /// Where the error summary links to (the first input).
    pub anchor: String,
    /// Live skip logic.
    pub gate: Option<GateView>,
    /// Read-aloud button (young students).
    pub read_aloud: bool,
}

/// Everything a page's questions are rendered from.
pub struct ViewInput<'a> {
    /// The bank (hints and "does not apply" labels).
    pub bank: &'a QuestionBank,
    /// Group.
    pub group: StakeholderGroup,
    /// Language.
    pub language: Language,
    /// Saved answers.
    pub state: &'a DraftState,
    /// Mistakes by field.
    pub problems: &'a [(String, Problem)],
    /// What was typed in fields with mistakes.
    pub typed: &'a BTreeMap<String, String>,
}

impl ViewInput<'_> {
    /// Who reads the page.
    pub fn reader(&self) -> Reader {
        Reader::new(self.language, self.group)
    }
}

/// The message for a mistake, as `reader` reads it.
pub fn problem_text(reader: Reader, problem: &Problem) -> String {
    match problem {
        Problem::Required => text(reader, "required", &[]),
        Problem::NotWhole => text(reader, "not_whole", &[]),
        Problem::OutOfRange { min, max } => text(
            reader,
            "out_of_range",
            &[("min", &min.to_string()), ("max", &max.to_string())],
        ),
        Problem::TooLong { max } => text(reader, "too_long", &[("max", &max.to_string())]),
        Problem::FeatureWithoutState => text(reader, "feature_without_state", &[]),
        Problem::NoneWithProducts => text(reader, "none_with_products", &[]),
    }
}

fn option(id: String, value: String, label: String, checked: bool) -> OptionView {
    OptionView {
        id,
        value,
        label,
        checked,
        face: None,
        exclusive: false,
    }
}

/// Builds the view of one question.
pub fn question(input: &ViewInput<'_>, q: &Question<'_>) -> QuestionView {
    let item = q.item;
    let language = input.language;
    let reader = input.reader();
    let wording = item.wording(input.group, language);
    let (product, vendor) = q
        .product
        .map(|p| (p.name.as_str(), p.vendor.as_str()))
        .unwrap_or_default();
    let legend = wording
        .map(|w| fill_placeholders(&w.prompt, product, vendor))
        .unwrap_or_default();
    let labels: Vec<String> = if item.product_use {
        // Filled by the plan: the survey's products are the routing item's options.
        Vec::new()
    } else {
        wording.map(|w| w.options.clone()).unwrap_or_default()
    };
    let bank_wording = input.bank.wording(&item.key, input.group, language);
    let hint = bank_wording.and_then(|w| w.hint.clone());
    let saved = input.state.answers.get(&q.field);
    let faces = item.kind == ItemKind::Scale5 && input.group == StakeholderGroup::YoungStudent;
    let id = |v: &str| format!("{}-{v}", q.field);
    let mut options = Vec::new();
    match item.kind {
        ItemKind::Scale5 | ItemKind::SingleChoice => {
            for (n, label) in (1..).zip(&labels) {
                let mut o = option(
                    id(&n.to_string()),
                    n.to_string(),
                    label.clone(),
                    saved == Some(&Answer::Value(n)),
                );
                o.face = faces.then_some(n);
                options.push(o);
            }
        }
        ItemKind::Recommend => {
            let low = labels.first().cloned().unwrap_or_default();
            let high = labels.get(1).cloned().unwrap_or_default();
            for n in 0..=10 {
                let label = match n {
                    0 => format!("0 – {low}"),
                    10 => format!("10 – {high}"),
                    _ => n.to_string(),
                };
                options.push(option(
                    id(&n.to_string()),
                    n.to_string(),
                    label,
                    saved == Some(&Answer::Value(n)),
                ));
            }
        }
        ItemKind::MultiChoice => {
            let chosen: &[i64] = match saved {
                Some(Answer::Choices(c)) => c,
                _ => &[],
            };
            let names: Vec<String> = if item.product_use {
                q.all_products.iter().map(|p| p.name.clone()).collect()
            } else {
                labels.clone()
            };
            for (n, label) in (1..).zip(names) {
                options.push(option(
                    id(&n.to_string()),
                    n.to_string(),
                    label,
                    chosen.contains(&n),
                ));
            }
            if item.product_use {
                let mut none = option(
                    id(NONE_OF_THESE),
                    NONE_OF_THESE.into(),
                    text(reader, "none_of_these", &[]),
                    saved == Some(&Answer::NoneOfThese),
                );
                none.exclusive = true;
                options.push(none);
            }
        }
        // No options: the matrix lists features, the others are typed in. Named one by one
        // so that a new kind is a compile error here until its view is decided.
        ItemKind::FeatureMatrix | ItemKind::Number | ItemKind::ShortText | ItemKind::LongText => {}
    }
    let na = (item.allows_na
        && matches!(
            item.kind,
            ItemKind::Scale5 | ItemKind::Recommend | ItemKind::SingleChoice
        ))
    .then(|| {
        let default = if input.group == StakeholderGroup::YoungStudent {
            "does_not_apply_young"
        } else {
            "does_not_apply"
        };
        let label = bank_wording
            .and_then(|w| w.na_label.clone())
            .unwrap_or_else(|| text(reader, default, &[]));
        option(
            id("na"),
            "na".into(),
            label,
            saved == Some(&Answer::NotApplicable),
        )
    });
    let features = if item.kind == ItemKind::FeatureMatrix {
        feature_rows(input, q, &labels)
    } else {
        Vec::new()
    };
    let value = input
        .typed
        .get(&q.field)
        .cloned()
        .unwrap_or_else(|| match saved {
            Some(Answer::Value(v)) if item.kind == ItemKind::Number => v.to_string(),
            Some(Answer::Text(t)) => t.clone(),
            _ => String::new(),
        });
    let problem = input
        .problems
        .iter()
        .find(|(f, _)| *f == q.field || f.starts_with(&format!("{}f", q.field)))
        .map(|(_, p)| problem_text(reader, p));
    let anchor = if let Some(first) = options.first() {
        first.id.clone()
    } else if let Some(f) = features.first().and_then(|f| f.states.first()) {
        f.id.clone()
    } else {
        q.field.clone()
    };
    let gate = q.gate_field.as_ref().and_then(|field| {
        item.show_if.as_ref().map(|c| GateView {
            field: field.clone(),
            op: c.op.as_str(),
            values: c
                .values
                .iter()
                .map(ToString::to_string)
                .collect::<Vec<_>>()
                .join(","),
        })
    });
    let is_text = matches!(item.kind, ItemKind::ShortText | ItemKind::LongText);
    QuestionView {
        field: q.field.clone(),
        legend,
        hint,
        is_choice: !options.is_empty(),
        is_number: item.kind == ItemKind::Number,
        is_text,
        is_long: item.kind == ItemKind::LongText,
        is_matrix: item.kind == ItemKind::FeatureMatrix,
        faces,
        is_recommend: item.kind == ItemKind::Recommend,
        input_type: if item.kind == ItemKind::MultiChoice {
            "checkbox"
        } else {
            "radio"
        },
        options,
        na,
        value,
        unit: wording.map(|w| w.unit.clone()).unwrap_or_default(),
        min: item.bounds.map(|b| b.0),
        max: item.bounds.map(|b| b.1),
        maxlength: is_text.then_some(if item.kind == ItemKind::LongText {
            crate::survey::runtime::parse::LONG_TEXT_LIMIT
        } else {
            crate::survey::runtime::parse::SHORT_TEXT_LIMIT
        }),
        features,
        error: problem,
        anchor,
        gate,
        read_aloud: input.group == StakeholderGroup::YoungStudent,
    }
}

fn feature_rows(input: &ViewInput<'_>, q: &Question<'_>, labels: &[String]) -> Vec<FeatureView> {
    let mut rows = Vec::new();
    for f in &q.features {
        let name = feature_field(&q.field, f.id);
        let training = training_field(&q.field, f.id);
        let saved = input.state.answers.get(&name);
        let states = (1..=3)
            .zip(labels)
            .map(|(n, label)| {
                option(
                    format!("{name}-{n}"),
                    n.to_string(),
                    label.clone(),
                    matches!(saved, Some(Answer::Feature { state, .. }) if *state == n),
                )
            })
            .collect();
        let training_label = labels
            .get(3)
            .cloned()
            .unwrap_or_else(|| text(input.reader(), "training_label", &[]));
        let (shown_name, shown_description) =
            (f.name_in(input.language), f.description_in(input.language));
        rows.push(FeatureView {
            name: shown_name.text,
            name_lang: shown_name.lang,
            field: name.clone(),
            description: shown_description.text,
            description_lang: shown_description.lang,
            states,
            training: option(
                training.clone(),
                "1".into(),
                training_label,
                matches!(saved, Some(Answer::Feature { training: true, .. })),
            ),
        });
    }
    rows
}

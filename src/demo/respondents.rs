//! Synthetic respondents for the demo wave: realistic answers that follow each product's
//! designed pattern, respect product routing (at most the survey's cap of product blocks)
//! and skip logic, with some "does not apply" and a few comments. `chorus simulate` uses
//! the same generator on any survey (products beyond the sixth reuse the patterns in turn).

use super::patterns::{group_index, Pattern, COMMENTS, PATTERNS};
use crate::db::models::responses::{NewAnswer, NewResponse};
use crate::db::models::surveys::SurveyItemRow;
use crate::db::submission::Submission;
use crate::domain::{
    FeatureAudience, ItemKind, Language, ProductId, SchoolId, SkipCondition, StakeholderGroup,
};
use crate::survey::runtime::answers::NONE_OF_THESE_VALUE;
use crate::survey::runtime::plan::YOUNG_STUDENT_PRODUCT_BLOCKS;
use chrono::NaiveDate;
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use std::collections::HashMap;

/// The survey facts the generator needs.
pub struct Wave<'a> {
    /// District.
    pub district_id: i32,
    /// Survey.
    pub survey_id: i32,
    /// Frozen items in survey order.
    pub items: &'a [SurveyItemRow],
    /// Products in catalogue order, each with its feature ids.
    pub products: &'a [(ProductId, Vec<(i32, FeatureAudience)>)],
    /// Most product blocks per respondent.
    pub product_cap: usize,
    /// First and last day answers may carry.
    pub days: (NaiveDate, NaiveDate),
}

/// One respondent to make: where, who, and in which language.
#[derive(Debug, Clone, Copy)]
pub struct Respondent {
    /// School.
    pub school: SchoolId,
    /// Group.
    pub group: StakeholderGroup,
    /// Language answered in.
    pub language: Language,
}

fn normal(rng: &mut StdRng) -> f64 {
    // Box–Muller; 1 - u keeps the logarithm finite.
    let u: f64 = 1.0 - rng.random::<f64>();
    let v: f64 = rng.random::<f64>();
    (-2.0 * u.ln()).sqrt() * (2.0 * std::f64::consts::PI * v).cos()
}

fn clamp_round(x: f64, lo: i64, hi: i64) -> i64 {
    (x.round() as i64).clamp(lo, hi)
}

fn pick3(rng: &mut StdRng, shares: [f64; 2]) -> i64 {
    let u: f64 = rng.random();
    if u < shares[0] {
        1
    } else if u < shares[0] + shares[1] {
        2
    } else {
        3
    }
}

fn applies(item: &SurveyItemRow, group: StakeholderGroup) -> bool {
    item.groups.split(',').any(|g| g == group.as_str())
}

fn answer(wave: &Wave<'_>, item: &SurveyItemRow, product: Option<i32>) -> NewAnswer {
    NewAnswer {
        district_id: wave.district_id,
        response_id: 0,
        survey_item_id: item.id,
        product_id: product,
        feature_id: None,
        value: None,
        not_applicable: false,
        wants_training: false,
        text_value: None,
    }
}

/// Most draws of a respondent's products before accepting one who uses none.
const MAX_DRAWS: usize = 64;

/// Which of `products` a respondent of group `g` uses, each with its pattern's use rate, and
/// a seed made of the same draws (for a redraw that must not take more from `rng`).
fn draw_used(products: usize, g: usize, rng: &mut StdRng) -> (Vec<usize>, u64) {
    let mut seed = 0u64;
    let mut used = Vec::new();
    for p in 0..products {
        let draw = rng.random::<f64>();
        seed = seed.rotate_left(17) ^ draw.to_bits();
        if draw < PATTERNS[p % PATTERNS.len()].use_rate[g] {
            used.push(p);
        }
    }
    (used, seed)
}

/// Makes one respondent's submission, among respondents who use at least one product.
///
/// Drawn once, about 1 in 140 respondents (parents and students, whose groups rarely use
/// most products) used none. The generator answers only the product-use question and the
/// product blocks (the demo's surveys ask everything per product), so each of them answered
/// nothing but "None of these": the demo held 14 responses without one answer (of 1,974).
/// Such a respondent is now drawn again, on a stream of its own seeded from the draws it
/// already took (so `rng` gives every other respondent exactly what it gave before). A group
/// whose every use rate is 0 still gets non-users (after [`MAX_DRAWS`] draws).
pub fn generate(wave: &Wave<'_>, who: Respondent, rng: &mut StdRng) -> Submission {
    let g = group_index(who.group);
    let (used, seed) = draw_used(wave.products.len(), g, rng);
    if !used.is_empty() {
        let answers = answers_of(wave, who, used, rng);
        return submission(wave, who, answers, rng);
    }
    let mut own = StdRng::seed_from_u64(seed);
    let used = (1..MAX_DRAWS)
        .map(|_| draw_used(wave.products.len(), g, &mut own).0)
        .find(|used| !used.is_empty())
        .unwrap_or_default();
    let answers = answers_of(wave, who, used, &mut own);
    submission(wave, who, answers, rng)
}

/// The product-use answer and the blocks of (at most the survey's cap of) the used products.
fn answers_of(
    wave: &Wave<'_>,
    who: Respondent,
    mut used: Vec<usize>,
    rng: &mut StdRng,
) -> Vec<NewAnswer> {
    let mut answers = Vec::new();
    let routing = wave
        .items
        .iter()
        .find(|i| i.tag.as_deref() == Some("product_use"));
    if let Some(routing) = routing {
        for p in &used {
            answers.push(NewAnswer {
                value: Some(*p as i64 + 1),
                ..answer(wave, routing, Some(wave.products[*p].0 .0))
            });
        }
        if used.is_empty() {
            answers.push(NewAnswer {
                value: Some(NONE_OF_THESE_VALUE),
                ..answer(wave, routing, None)
            });
        }
    }
    // Ask about at most `product_cap` of the used products, chosen at random.
    for i in (1..used.len()).rev() {
        used.swap(i, rng.random_range(0..=i));
    }
    let cap = if who.group == StakeholderGroup::YoungStudent {
        wave.product_cap.min(YOUNG_STUDENT_PRODUCT_BLOCKS)
    } else {
        wave.product_cap
    };
    used.truncate(cap);
    for p in used {
        product_block(wave, who, p, rng, &mut answers);
    }
    answers
}

/// The response row for these answers, on a day of the wave drawn from `rng`.
fn submission(
    wave: &Wave<'_>,
    who: Respondent,
    answers: Vec<NewAnswer>,
    rng: &mut StdRng,
) -> Submission {
    let span = (wave.days.1 - wave.days.0).num_days().max(0);
    let day = wave.days.0 + chrono::Days::new(rng.random_range(0..=span) as u64);
    Submission {
        response: NewResponse {
            district_id: wave.district_id,
            survey_id: wave.survey_id,
            school_id: who.school.0,
            stakeholder_group: who.group,
            language: who.language,
            submitted_on: day,
            submission_key: crate::domain::PublicToken::generate(20)
                .as_str()
                .to_string(),
        },
        answers,
        access_code_id: None,
    }
}

fn product_block(
    wave: &Wave<'_>,
    who: Respondent,
    p: usize,
    rng: &mut StdRng,
    answers: &mut Vec<NewAnswer>,
) {
    let pattern = &PATTERNS[p % PATTERNS.len()];
    let (product, features) = &wave.products[p];
    let latent = 0.7 * normal(rng);
    let young_bonus = if who.group == StakeholderGroup::YoungStudent {
        0.2
    } else {
        0.0
    };
    let mut given: HashMap<&str, i64> = HashMap::new();
    for item in wave
        .items
        .iter()
        .filter(|i| i.per_product && applies(i, who.group))
    {
        if let Some(condition) = item
            .show_if
            .as_deref()
            .and_then(|c| c.parse::<SkipCondition>().ok())
        {
            if !condition.matches(given.get(condition.item_key.as_str()).copied()) {
                continue;
            }
        }
        let base = answer(wave, item, Some(product.0));
        let kind = item.kind;
        let mean = match item.construct_key.as_str() {
            "confidence_training" => pattern.confidence,
            "vendor_support" => pattern.support,
            _ => pattern.base,
        } + latent
            + young_bonus;
        let value = match kind {
            ItemKind::Scale5 => {
                if item.allows_na && rng.random::<f64>() < 0.03 {
                    answers.push(NewAnswer {
                        not_applicable: true,
                        ..base
                    });
                    continue;
                }
                Some(clamp_round(mean + 0.7 * normal(rng), 1, 5))
            }
            ItemKind::Recommend => Some(clamp_round(2.3 * mean - 1.6 + normal(rng), 0, 10)),
            ItemKind::SingleChoice => Some(single_choice(item, who, pattern, mean, rng)),
            ItemKind::Number => {
                let minutes = pattern.minutes * (0.5 * normal(rng)).exp();
                Some(clamp_round(
                    minutes,
                    item.number_min.unwrap_or(0),
                    item.number_max.unwrap_or(3000),
                ))
            }
            ItemKind::FeatureMatrix => {
                for (feature, _) in features.iter().filter(|(_, a)| a.asks(who.group)) {
                    answers.push(NewAnswer {
                        feature_id: Some(*feature),
                        value: Some(pick3(rng, pattern.feature_states)),
                        wants_training: rng.random::<f64>() < pattern.wants_feature_training,
                        ..base.clone()
                    });
                }
                continue;
            }
            ItemKind::LongText => {
                if rng.random::<f64>() < 0.12 {
                    let mood = if mean < 3.0 {
                        0
                    } else if mean < 3.9 {
                        1
                    } else {
                        2
                    };
                    let (en, es) = COMMENTS[mood][rng.random_range(0..3)];
                    let text = if who.language == Language::Spanish {
                        es
                    } else {
                        en
                    };
                    answers.push(NewAnswer {
                        text_value: Some(text.to_string()),
                        ..base
                    });
                }
                continue;
            }
            ItemKind::MultiChoice | ItemKind::ShortText => continue,
        };
        if let Some(v) = value {
            given.insert(item.item_key.as_str(), v);
        }
        answers.push(NewAnswer { value, ..base });
    }
}

fn single_choice(
    item: &SurveyItemRow,
    who: Respondent,
    pattern: &Pattern,
    mean: f64,
    rng: &mut StdRng,
) -> i64 {
    let yes_no = |rng: &mut StdRng, p: f64| if rng.random::<f64>() < p { 1 } else { 2 };
    match item.tag.as_deref() {
        Some("training_received") => pick3(rng, pattern.training_received),
        Some("training_wanted") => pick3(rng, pattern.training_wanted),
        Some("support_contacted") => {
            let staff = who.group.is_staff();
            yes_no(
                rng,
                if staff {
                    pattern.contacted_support
                } else {
                    0.05
                },
            )
        }
        Some("knows_contact") => yes_no(rng, pattern.knows_contact),
        _ => clamp_round(3.0 + 1.5 * (mean - 3.5) + normal(rng), 1, 5),
    }
}

//! Across waves: percent favourable per construct × group against the previous wave of the
//! series (two-proportion z, Holm over the section, flagged when significant and at least 10
//! points), the vendor-support score in every wave so far, and the links between waves. The
//! earlier waves are built with the same view, so the same scope, filters and suppression
//! apply to both sides.

use super::compare::{compare, section, Pair, Side};
use super::{constructs, support, Sums, GROUP_ALL};
use crate::domain::Language;
use crate::reports::cells::{Minimums, View};
use crate::reports::load::ReportInputs;
use crate::reports::product::{Comparisons, ConstructRow, SupportTrend, Trend, WaveLink, WaveStat};
use crate::survey::bank::QuestionBank;

/// The previous wave (wave number one lower) when the viewer may see it with this product.
fn previous(inputs: &ReportInputs) -> Option<&ReportInputs> {
    inputs
        .earlier
        .last()
        .filter(|p| p.survey.wave_number == inputs.survey.wave_number - 1)
}

/// This wave's construct rows against the previous wave's, row by row (construct × group).
pub fn trend(
    inputs: &ReportInputs,
    view: &View,
    bank: &QuestionBank,
    language: Language,
    current: &[ConstructRow],
) -> Trend {
    let Some(prev) = previous(inputs) else {
        return Trend {
            previous_wave: None,
            comparisons: Comparisons {
                tested: Vec::new(),
                flagged: Vec::new(),
                note: "No previous wave: this is the first wave of the survey with this product \
                       that you can see."
                    .into(),
            },
        };
    };
    let before = constructs::constructs(
        prev,
        view,
        &Minimums::of(&prev.district),
        &Sums::new(prev),
        bank,
        language,
    );
    let pairs: Vec<Pair> = current
        .iter()
        .filter_map(|now| {
            let then = before
                .iter()
                .find(|b| b.construct == now.construct && b.group == now.group)?;
            Some(Pair {
                construct: &now.construct,
                name: &now.name,
                group: Some(&now.group),
                a: Side {
                    label: &inputs.survey.wave,
                    stat: &now.favourable,
                },
                b: Side {
                    label: &prev.survey.wave,
                    stat: &then.favourable,
                },
            })
        })
        .collect();
    Trend {
        previous_wave: Some(prev.survey.wave.clone()),
        comparisons: section(compare(&pairs, &|pair, ta, tb, higher| {
            format!(
                "{} are {} favourable on {} than in {}: {ta} vs {tb}",
                pair.group.unwrap_or(GROUP_ALL),
                if higher { "more" } else { "less" },
                pair.name,
                pair.b.label
            )
        })),
    }
}

/// The support section's row for the view (every group, or the chosen one) in one wave.
fn support_of(inputs: &ReportInputs, view: &View) -> Option<WaveStat> {
    let label = view.group.map_or(GROUP_ALL, |g| g.label());
    let rows = support::support(
        inputs,
        view,
        &Minimums::of(&inputs.district),
        &Sums::new(inputs),
    );
    rows.into_iter()
        .find(|r| r.group == label)
        .map(|r| WaveStat {
            wave: inputs.survey.wave.clone(),
            stat: r.stat,
        })
}

/// Support satisfaction in every wave up to this one, and the significance of the last change.
pub fn support_trend(inputs: &ReportInputs, view: &View) -> SupportTrend {
    let waves: Vec<WaveStat> = inputs
        .earlier
        .iter()
        .chain(std::iter::once(inputs))
        .filter_map(|w| support_of(w, view))
        .collect();
    let last = match waves.as_slice() {
        [.., before, now] if now.wave == inputs.survey.wave => compare(
            &[Pair {
                construct: "vendor_support",
                name: "vendor support",
                group: None,
                a: Side {
                    label: &now.wave,
                    stat: &now.stat,
                },
                b: Side {
                    label: &before.wave,
                    stat: &before.stat,
                },
            }],
            &|pair, ta, tb, higher| {
                format!(
                    "Satisfaction with vendor support {} from {tb} in {} to {ta} in {}",
                    if higher { "rose" } else { "fell" },
                    pair.b.label,
                    pair.a.label
                )
            },
        )
        .into_iter()
        .next(),
        _ => None,
    };
    let note = match (&last, waves.len()) {
        (Some(c), _) if c.flagged => format!("{}: a significant change.", c.sentence),
        (Some(c), _) => format!(
            "The change since {} is not significant after testing, or smaller than 10 points.",
            c.b
        ),
        (None, 0 | 1) => "No earlier wave to compare with.".into(),
        (None, _) => {
            "The last change cannot be tested: a wave's figure is withheld or missing.".into()
        }
    };
    SupportTrend {
        waves,
        last_change: last,
        note,
    }
}

/// The waves of the series the viewer may see, for the wave picker.
pub fn wave_links(inputs: &ReportInputs) -> Vec<WaveLink> {
    inputs
        .waves
        .iter()
        .map(|w| WaveLink {
            survey_id: w.public_id.clone(),
            wave: w.wave.clone(),
            current: w.id == inputs.survey.id,
        })
        .collect()
}

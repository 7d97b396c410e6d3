//! Which cells a report view covers, the minimum n of each row, and how one statistic is shown
//! or withheld (primary suppression, and complementary suppression against the unfiltered
//! totals so that "district minus this view" never reveals a small cell).

use super::evidence::CellFilter;
use super::product::Stat;
use crate::db::models::districts::DistrictRow;
use crate::domain::{Language, StakeholderGroup};
use crate::stats::{display_proportion, Hidden, ProportionDisplay};

/// The cells one report view covers: the schools the user may see, and the chosen filters.
#[derive(Debug, Clone, Default)]
pub struct View {
    /// The user's schools (`None`: every school of the district).
    pub scope: Option<Vec<i32>>,
    /// Only this school.
    pub school: Option<i32>,
    /// Only this stakeholder group.
    pub group: Option<StakeholderGroup>,
    /// Only respondents who answered in this language (the aggregates keep each language's
    /// cells apart, so such a view reads them like any other).
    pub language: Option<Language>,
}

impl View {
    /// Whether the view shows less than the whole district (then complementary suppression
    /// applies against the district totals).
    pub fn is_partial(&self) -> bool {
        self.scope.is_some()
            || self.school.is_some()
            || self.group.is_some()
            || self.language.is_some()
    }

    /// The same view in every respondent language: what the page shows without the
    /// language filter, so a language view is also checked against it.
    pub fn all_languages(&self) -> View {
        View {
            language: None,
            ..self.clone()
        }
    }
}

impl CellFilter for View {
    fn includes(&self, school_id: i32, group: StakeholderGroup) -> bool {
        self.scope.as_ref().is_none_or(|s| s.contains(&school_id))
            && self.school.is_none_or(|s| s == school_id)
            && self.group.is_none_or(|g| g == group)
    }

    fn language(&self) -> Option<Language> {
        self.language
    }
}

/// A row's cells over the whole district, for complementary suppression: the same row
/// selector (a group, a school) without the view's scope and filters (every language).
pub struct Unfiltered<F: Fn(i32, StakeholderGroup) -> bool>(pub F);

impl<F: Fn(i32, StakeholderGroup) -> bool> CellFilter for Unfiltered<F> {
    fn includes(&self, school_id: i32, group: StakeholderGroup) -> bool {
        (self.0)(school_id, group)
    }
}

/// A view restricted further to one row (a group or a school).
pub struct Within<'a, F: Fn(i32, StakeholderGroup) -> bool> {
    /// The view.
    pub view: &'a View,
    /// The row.
    pub row: F,
}

impl<F: Fn(i32, StakeholderGroup) -> bool> CellFilter for Within<'_, F> {
    fn includes(&self, school_id: i32, group: StakeholderGroup) -> bool {
        self.view.includes(school_id, group) && (self.row)(school_id, group)
    }

    fn language(&self) -> Option<Language> {
        self.view.language
    }
}

/// The district's minimum n per group, raised to the floors no district may go below.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Minimums {
    /// Students (both grade bands).
    pub students: u64,
    /// Parents.
    pub parents: u64,
    /// Teachers and coordinators.
    pub staff: u64,
    /// Free-text comments.
    pub comments: u64,
}

fn floor(value: i32, at_least: u64) -> u64 {
    u64::try_from(value).unwrap_or(0).max(at_least)
}

impl Minimums {
    /// The district's settings with the floors (5 students and parents, 3 staff, 5 comments).
    pub fn of(district: &DistrictRow) -> Self {
        Self {
            students: floor(district.min_n_students, 5),
            parents: floor(district.min_n_parents, 5),
            staff: floor(district.min_n_staff, 3),
            comments: floor(district.min_n_comments, 5),
        }
    }

    /// The minimum for one group's cells.
    pub fn group(&self, group: StakeholderGroup) -> u64 {
        match group {
            StakeholderGroup::YoungStudent | StakeholderGroup::Student => self.students,
            StakeholderGroup::Parent => self.parents,
            StakeholderGroup::Teacher | StakeholderGroup::Coordinator => self.staff,
        }
    }

    /// The minimum for cells pooling several groups: the strictest one, so pooling never
    /// shows what a group's own row would hide.
    pub fn pooled(&self) -> u64 {
        self.students.max(self.parents).max(self.staff)
    }
}

/// What a figure is checked against before it is shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Check {
    /// The same row over the whole district (or, for a language view, the view in every
    /// language): a difference of 1 to `min − 1` respondents would be a small cell.
    pub n_all: u64,
    /// The row's minimum.
    pub min: u64,
    /// The decision of the report's cell lattice for the figure's entry, which every view
    /// shares (`stats::disclosure`).
    pub lattice: Option<Hidden>,
}

impl Check {
    /// Only the figure's own minimum: for figures outside the lattice (other districts'
    /// pooled figures) or already decided by their own table.
    pub fn primary(min: u64) -> Self {
        Self {
            n_all: 0,
            min,
            lattice: None,
        }
    }
}

/// Whether a cell of `n` respondents is withheld: fewer than `min` (primary); withheld by the
/// lattice; or the unfiltered row has between 1 and `min − 1` respondents more than the view
/// (the difference would be a small cell; complementary).
pub fn withheld(n: u64, check: Check) -> Option<Hidden> {
    let Check {
        n_all,
        min,
        lattice,
    } = check;
    let rest = n_all.saturating_sub(n);
    if n > 0 && n < min {
        Some(Hidden::Primary { n, min })
    } else if lattice.is_some() || (n > 0 && rest > 0 && rest < min) {
        Some(Hidden::Complementary)
    } else {
        None
    }
}

/// The words shown instead of a withheld value.
pub fn withheld_text(hidden: Hidden) -> String {
    match hidden {
        Hidden::Primary { min, .. } => format!("fewer than {min} answers"),
        Hidden::Complementary => "withheld (protects a small group)".into(),
    }
}

/// A withheld statistic: no number at all.
pub fn hidden_stat(hidden: Hidden) -> Stat {
    Stat {
        n: None,
        value: None,
        low: None,
        high: None,
        text: withheld_text(hidden),
        withheld: Some(String::from(match hidden {
            Hidden::Primary { .. } => "small cell",
            Hidden::Complementary => "complementary",
        })),
    }
}

/// What a group view shows for a feature the group is not asked about.
pub const NOT_ASKED: &str = "not asked of this group";

/// A statistic of a feature the view's group is not asked about: no number, and words that
/// say why (rather than an empty or zero figure).
pub fn not_asked_stat() -> Stat {
    Stat {
        n: None,
        value: None,
        low: None,
        high: None,
        text: NOT_ASKED.to_string(),
        withheld: None,
    }
}

/// An empty statistic (nobody answered).
pub fn empty_stat() -> Stat {
    Stat {
        n: Some(0),
        value: None,
        low: None,
        high: None,
        text: "no answers".into(),
        withheld: None,
    }
}

/// A percentage as the report prints it (extremes of small cells as "≤5%" / "≥95%").
pub fn percent_text(p: f64, n: u64) -> String {
    match display_proportion(p, n) {
        ProportionDisplay::AtMost5 => "≤5%".into(),
        ProportionDisplay::AtLeast95 => "≥95%".into(),
        ProportionDisplay::Exact(v) => format!("{:.0}%", 100.0 * v),
    }
}

/// A proportion with its 95% interval, or withheld.
pub fn proportion_stat(p: Option<&crate::stats::Proportion>, check: Check) -> Stat {
    let Some(p) = p else {
        return empty_stat();
    };
    if let Some(h) = withheld(p.n, check) {
        return hidden_stat(h);
    }
    let exact = matches!(display_proportion(p.p, p.n), ProportionDisplay::Exact(_));
    Stat {
        n: Some(p.n),
        value: Some(p.p),
        low: exact.then_some(p.wilson.low),
        high: exact.then_some(p.wilson.high),
        text: if exact {
            format!(
                "{} (95% CI {:.0}–{:.0}%)",
                percent_text(p.p, p.n),
                100.0 * p.wilson.low,
                100.0 * p.wilson.high
            )
        } else {
            percent_text(p.p, p.n)
        },
        withheld: None,
    }
}

/// A value on a bounded scale (a 1–5 mean, a −100..100 net score) with its interval, or
/// withheld. The t interval of a mean near the end of its scale can reach past it (4.01 to
/// 5.03 on a 1–5 scale); the interval is cut at the scale's ends, and the text says so.
pub fn value_stat(
    n: u64,
    check: Check,
    value: f64,
    interval: Option<(f64, f64)>,
    scale: (f64, f64),
    decimals: usize,
) -> Stat {
    if n == 0 {
        return empty_stat();
    }
    if let Some(h) = withheld(n, check) {
        return hidden_stat(h);
    }
    let cut = interval.map(|(lo, hi)| {
        let inside = (lo.max(scale.0), hi.min(scale.1));
        (inside, inside != (lo, hi))
    });
    Stat {
        n: Some(n),
        value: Some(value),
        low: cut.map(|((lo, _), _)| lo),
        high: cut.map(|((_, hi), _)| hi),
        text: match cut {
            Some(((lo, hi), truncated)) => format!(
                "{value:.decimals$} (95% CI {lo:.decimals$} to {hi:.decimals$}{})",
                if truncated {
                    ", cut at the end of the scale"
                } else {
                    ""
                }
            ),
            None => format!("{value:.decimals$}"),
        },
        withheld: None,
    }
}

/// A count of respondents, or withheld.
pub fn count_stat(n: u64, check: Check) -> Stat {
    if let Some(h) = withheld(n, check) {
        return hidden_stat(h);
    }
    Stat {
        n: Some(n),
        value: Some(n as f64),
        low: None,
        high: None,
        text: n.to_string(),
        withheld: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_cells_and_small_differences_are_withheld() {
        let check = |n_all, min| Check {
            n_all,
            min,
            lattice: None,
        };
        assert_eq!(
            withheld(4, check(4, 5)),
            Some(Hidden::Primary { n: 4, min: 5 })
        );
        assert_eq!(
            withheld(0, check(3, 5)),
            None,
            "an empty cell reveals nobody"
        );
        assert_eq!(withheld(20, check(22, 5)), Some(Hidden::Complementary));
        assert_eq!(withheld(20, check(20, 5)), None);
        assert_eq!(withheld(20, check(40, 5)), None);
        let by_lattice = Check {
            lattice: Some(Hidden::Complementary),
            ..check(40, 5)
        };
        assert_eq!(withheld(20, by_lattice), Some(Hidden::Complementary));
    }

    #[test]
    fn a_mean_interval_stays_inside_its_scale() {
        let s = value_stat(
            9,
            Check::primary(5),
            4.52,
            Some((4.01, 5.03)),
            (1.0, 5.0),
            2,
        );
        assert_eq!((s.low, s.high), (Some(4.01), Some(5.0)));
        assert_eq!(
            s.text,
            "4.52 (95% CI 4.01 to 5.00, cut at the end of the scale)"
        );
        let inside = value_stat(9, Check::primary(5), 3.0, Some((2.5, 3.5)), (1.0, 5.0), 2);
        assert_eq!(inside.text, "3.00 (95% CI 2.50 to 3.50)");
    }

    #[test]
    fn extremes_of_small_cells_are_banded() {
        assert_eq!(percent_text(1.0, 12), "≥95%");
        assert_eq!(percent_text(0.0, 12), "≤5%");
        assert_eq!(percent_text(1.0, 40), "100%");
    }
}

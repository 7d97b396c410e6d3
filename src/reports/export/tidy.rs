//! The report in tidy long form: one row per cell × statistic, the shape of the CSV and of
//! the XLSX sheets. Column meanings are documented in `docs/reports.md`.

use crate::reports::build::GROUP_ALL;
use crate::reports::product::{Comparison, GroupStat, ProductReport, SchoolGaps, Stat};
use serde::Serialize;

/// One statistic of one cell.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct TidyRow {
    /// Report section: summary, constructs, items, adoption, features, training, support,
    /// recommend, schools, school_gaps, gaps, trend, support_trend, benchmarks.
    pub section: &'static str,
    /// Stakeholder group label, or "All groups".
    pub group: String,
    /// School name (schools section), else empty.
    pub school: String,
    /// Construct key.
    pub construct: String,
    /// Item key.
    pub item: String,
    /// Feature name.
    pub feature: String,
    /// What the value is (see docs/reports.md).
    pub statistic: &'static str,
    /// Value (a proportion 0..1, a mean 1–5, a net score −100..100, a count); empty if withheld.
    pub value: Option<f64>,
    /// Lower 95% bound.
    pub ci_low: Option<f64>,
    /// Upper 95% bound.
    pub ci_high: Option<f64>,
    /// Respondents; empty if withheld.
    pub n: Option<u64>,
    /// The value as the page prints it, or the sentence / reason.
    pub display: String,
    /// Why withheld ("small cell", "complementary"), else empty.
    pub withheld: String,
}

/// The column names, in order (stable: scripts depend on them).
pub const COLUMNS: [&str; 13] = [
    "section",
    "group",
    "school",
    "construct",
    "item",
    "feature",
    "statistic",
    "value",
    "ci_low",
    "ci_high",
    "n",
    "display",
    "withheld",
];

impl TidyRow {
    fn stat(section: &'static str, statistic: &'static str, s: &Stat) -> Self {
        Self {
            section,
            statistic,
            value: s.value,
            ci_low: s.low,
            ci_high: s.high,
            n: s.n,
            display: s.text.clone(),
            withheld: s.withheld.clone().unwrap_or_default(),
            ..Self::default()
        }
    }

    fn text(section: &'static str, statistic: &'static str, display: &str) -> Self {
        Self {
            section,
            statistic,
            display: display.to_string(),
            ..Self::default()
        }
    }

    /// The row's fields as text, in [`COLUMNS`] order.
    pub fn fields(&self) -> [String; 13] {
        let num = |v: Option<f64>| v.map(|v| format!("{v:.6}")).unwrap_or_default();
        [
            self.section.to_string(),
            self.group.clone(),
            self.school.clone(),
            self.construct.clone(),
            self.item.clone(),
            self.feature.clone(),
            self.statistic.to_string(),
            num(self.value),
            num(self.ci_low),
            num(self.ci_high),
            self.n.map(|n| n.to_string()).unwrap_or_default(),
            self.display.clone(),
            self.withheld.clone(),
        ]
    }
}

fn per_group(
    out: &mut Vec<TidyRow>,
    section: &'static str,
    statistic: &'static str,
    rows: &[GroupStat],
) {
    for r in rows {
        out.push(TidyRow {
            group: r.group.clone(),
            ..TidyRow::stat(section, statistic, &r.stat)
        });
    }
}

/// Every row of the report, section by section.
pub fn rows(r: &ProductReport) -> Vec<TidyRow> {
    let mut out = vec![TidyRow::text(
        "summary",
        "verdict",
        &r.summary.verdict_label,
    )];
    out.push(TidyRow::text("summary", "view", &r.view));
    out.extend(
        r.summary
            .evidence
            .iter()
            .map(|e| TidyRow::text("summary", "evidence", e)),
    );
    for g in &r.summary.responses {
        out.push(TidyRow {
            group: g.group.clone(),
            ..TidyRow::stat("summary", "completed", &g.completed)
        });
        out.push(TidyRow {
            group: g.group.clone(),
            ..TidyRow::stat("summary", "response_rate", &g.rate)
        });
    }
    for c in &r.constructs {
        let base = |statistic, s: &Stat| TidyRow {
            group: c.group.clone(),
            construct: c.construct.clone(),
            ..TidyRow::stat("constructs", statistic, s)
        };
        out.push(base("favourable", &c.favourable));
        out.push(base("mean", &c.mean));
        if c.alpha.is_some() || c.alpha_text != "—" {
            out.push(TidyRow {
                value: c.alpha,
                display: c.alpha_text.clone(),
                ..base("alpha", &c.mean)
            });
        }
    }
    for i in &r.items {
        let base = |statistic, s: &Stat| TidyRow {
            group: i.group.clone(),
            construct: i.construct.clone(),
            item: i.item.clone(),
            ..TidyRow::stat("items", statistic, s)
        };
        out.push(base("favourable", &i.favourable));
        out.push(base("mean", &i.mean));
    }
    per_group(&mut out, "adoption", "use_rate", &r.adoption);
    if let Some(cost) = &r.cost_per_active_user {
        out.push(TidyRow::text("adoption", "cost_per_active_user", cost));
    }
    for f in &r.features {
        for (statistic, s) in [
            ("uses", &f.uses),
            ("knows_not_uses", &f.knows),
            ("unaware", &f.unaware),
            ("wants_training", &f.wants_training),
        ] {
            out.push(TidyRow {
                feature: f.feature.clone(),
                ..TidyRow::stat("features", statistic, s)
            });
        }
    }
    for t in &r.training {
        for (statistic, s) in [
            ("confident", &t.confident),
            ("wants_a_lot_more_training", &t.wants_a_lot_more),
        ] {
            out.push(TidyRow {
                group: t.group.clone(),
                ..TidyRow::stat("training", statistic, s)
            });
        }
    }
    per_group(&mut out, "support", "support_satisfied", &r.support);
    per_group(&mut out, "recommend", "net_recommend", &r.recommend);
    for row in &r.schools.rows {
        for (name, cell) in r.schools.constructs.iter().zip(&row.cells) {
            out.push(TidyRow {
                school: row.school.clone(),
                construct: name.clone(),
                ..TidyRow::stat("schools", "favourable", &cell.stat)
            });
        }
    }
    school_gaps(&mut out, &r.school_gaps);
    comparisons(&mut out, "gaps", &r.gaps.tested);
    comparisons(&mut out, "trend", &r.trend.comparisons.tested);
    for w in &r.support_trend.waves {
        out.push(TidyRow {
            construct: "vendor_support".into(),
            display: format!("{}: {}", w.wave, w.stat.text),
            ..TidyRow::stat("support_trend", "support_satisfied", &w.stat)
        });
    }
    comparisons(
        &mut out,
        "support_trend",
        r.support_trend.last_change.as_slice(),
    );
    for b in &r.standings {
        out.push(TidyRow {
            construct: b.construct.clone(),
            value: Some(b.rank as f64),
            n: Some(b.of),
            ..TidyRow::text("benchmarks", "standing", &b.text)
        });
    }
    for p in r.pooled_benchmarks.iter().flat_map(|b| &b.rows) {
        out.push(TidyRow {
            group: GROUP_ALL.into(),
            construct: p.construct.clone(),
            display: p.text.clone(),
            ..TidyRow::stat("benchmarks", "pooled_favourable", &p.pooled)
        });
        if let Some(districts) = p.districts {
            out.push(TidyRow {
                construct: p.construct.clone(),
                value: Some(districts as f64),
                ..TidyRow::text(
                    "benchmarks",
                    "pooled_districts",
                    &format!("{districts} other districts"),
                )
            });
        }
    }
    out
}

/// The differences between schools: per construct tested, the χ² over the shown schools
/// (`school` = the schools tested, `n` = their respondents, the test in `display`), its
/// degrees of freedom, p and Holm-adjusted p (empty, with the reason in `display`, when an
/// expected count is below 5) and Cramér's V; then the pairwise comparisons with "A vs B" in
/// `school`.
fn school_gaps(out: &mut Vec<TidyRow>, gaps: &SchoolGaps) {
    for t in &gaps.tests {
        let base = |statistic, value: Option<f64>, display: String| TidyRow {
            school: t.schools.join("; "),
            construct: t.construct.clone(),
            value,
            ..TidyRow::text("school_gaps", statistic, &display)
        };
        out.push(TidyRow {
            n: Some(t.n),
            ..base("chi_square", Some(t.chi_square), t.text.clone())
        });
        out.push(base("df", Some(t.df as f64), t.df.to_string()));
        out.push(base("p", t.p, t.text.clone()));
        out.push(base("adjusted_p", t.adjusted_p, t.text.clone()));
        out.push(base(
            "cramers_v",
            Some(t.cramers_v),
            format!("{:.2} ({})", t.cramers_v, t.effect_size),
        ));
    }
    pairs(out, "school_gaps", &gaps.pairs.tested, |c, label| TidyRow {
        school: label,
        construct: c.construct.clone(),
        ..TidyRow::default()
    });
}

/// The rows of a section of comparisons between groups or waves: the group of a trend, else
/// "A vs B", in `group`.
fn comparisons(out: &mut Vec<TidyRow>, section: &'static str, rows: &[Comparison]) {
    pairs(out, section, rows, |c, label| TidyRow {
        group: c.group.clone().unwrap_or(label),
        construct: c.construct.clone(),
        ..TidyRow::default()
    });
}

/// Per comparison: the difference in points with its 95% Newcombe interval in `ci_low` and
/// `ci_high` (with both n; "A vs B: +12 (95% CI +3 to +21)" in `display`), z, p, the
/// Holm-adjusted p, Cohen's h (its size in `display`), and whether it is flagged (1 or 0, with
/// the sentence). `place` puts the pair's label ("A vs B") where the section keeps it.
fn pairs(
    out: &mut Vec<TidyRow>,
    section: &'static str,
    rows: &[Comparison],
    place: impl Fn(&Comparison, String) -> TidyRow,
) {
    for c in rows {
        let base = |statistic, value: f64, display: String| TidyRow {
            section,
            statistic,
            value: Some(value),
            display,
            ..place(c, format!("{} vs {}", c.a, c.b))
        };
        out.push(TidyRow {
            n: Some(c.n_a + c.n_b),
            ci_low: Some(c.points_low),
            ci_high: Some(c.points_high),
            ..base(
                "difference_points",
                c.points,
                format!(
                    "{} vs {}: {:+.0} (95% CI {})",
                    c.a, c.b, c.points, c.interval_text
                ),
            )
        });
        out.push(base("z", c.z, format!("{:.2}", c.z)));
        out.push(base("p", c.p, c.detail.clone()));
        out.push(base("adjusted_p", c.adjusted_p, c.detail.clone()));
        out.push(base(
            "cohens_h",
            c.cohens_h,
            format!("h = {:.2} ({})", c.cohens_h, c.effect_size),
        ));
        out.push(base(
            "flagged",
            if c.flagged { 1.0 } else { 0.0 },
            c.sentence.clone(),
        ));
    }
}

//! `chorus bench-render`: how long a respondent's question page takes to build and render
//! server-side, and how heavy it is, on the first open survey of the database (the demo's
//! "Spring 2027" wave). Rendering only: no network, no database in the timed loop.

use crate::db::models::{districts, surveys};
use crate::db::AnyConnection;
use crate::domain::{Language, StakeholderGroup, SurveyId, SurveyStatus};
use crate::survey::bank::QuestionBank;
use crate::survey::runtime::plan::longest;
use crate::survey::runtime::{self, DraftState};
use crate::web::answer::pages::{question_page, Respondent};
use crate::web::render::Templates;
use std::time::{Duration, Instant};

/// The stylesheet every respondent page loads (its only other weight: no fonts, no framework).
pub const STYLESHEET_BYTES: usize = include_str!("../../static/css/answer.css").len();

/// What the benchmark measured.
#[derive(Debug)]
pub struct BenchReport {
    /// The survey rendered.
    pub survey: String,
    /// Distinct pages rendered (every page of a teacher and a young student, in both languages).
    pub pages: usize,
    /// Renders timed.
    pub renders: usize,
    /// Median render time.
    pub p50: Duration,
    /// 99th percentile.
    pub p99: Duration,
    /// Slowest.
    pub max: Duration,
    /// Largest page's HTML, in bytes.
    pub largest_html: usize,
    /// The stylesheet, in bytes.
    pub css: usize,
    /// The page with the slowest median render (what one render costs without preemption).
    pub slowest: String,
    /// Renders slower than 5 ms.
    pub over_5ms: usize,
}

/// Renders every page of the first open survey `renders` times in turn and reports timings.
pub fn run(conn: &mut AnyConnection, renders: usize) -> anyhow::Result<BenchReport> {
    let templates = Templates::load()?;
    let bank = QuestionBank::embedded()?;
    let mut found = None;
    for district in districts::list(conn)? {
        if let Some(s) = surveys::list(conn, district.district_id())?
            .into_iter()
            .find(|s| s.status == SurveyStatus::Open)
        {
            found = Some((district.district_id(), s));
            break;
        }
    }
    let (district, row) = found.ok_or_else(|| {
        anyhow::anyhow!("no open survey to render; load the demo first (chorus demo)")
    })?;
    let form = runtime::load(conn, district, SurveyId(row.id))?
        .ok_or_else(|| anyhow::anyhow!("the survey disappeared"))?;
    let state = DraftState::default();
    let mut cases = Vec::new();
    for group in [StakeholderGroup::Teacher, StakeholderGroup::YoungStudent] {
        for language in [Language::English, Language::Spanish] {
            let plan = longest(&form, group, &state);
            for n in 1..=plan.len() {
                cases.push((group, language, n));
            }
        }
    }
    if cases.is_empty() {
        anyhow::bail!("the open survey has no pages");
    }
    let plans: Vec<_> = [StakeholderGroup::Teacher, StakeholderGroup::YoungStudent]
        .iter()
        .map(|g| (*g, longest(&form, *g, &state)))
        .collect();
    let mut times = Vec::with_capacity(renders);
    let mut per_case: Vec<Vec<Duration>> = vec![Vec::new(); cases.len()];
    let mut largest = 0;
    for i in 0..renders.max(cases.len()) {
        let (group, language, n) = cases[i % cases.len()];
        let Some((_, page_plan)) = plans.iter().find(|(g, _)| *g == group) else {
            continue;
        };
        let started = Instant::now();
        let ctx = question_page(
            &bank,
            page_plan,
            n,
            Respondent {
                group,
                language,
                offered: &form.languages,
                state: &state,
                resume_code: "ABCD-EFGH",
                privacy_url: "/privacy/demo?lang=en".into(),
                expected: page_plan.pages.iter().map(Vec::len).sum(),
            },
            "x".repeat(32),
            None,
        );
        let html = templates
            .render_to_string("answer/page", &ctx)
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let took = started.elapsed();
        times.push(took);
        if let Some(c) = per_case.get_mut(i % cases.len()) {
            c.push(took);
        }
        largest = largest.max(html.len());
    }
    let slowest = per_case
        .iter_mut()
        .enumerate()
        .map(|(i, t)| {
            t.sort_unstable();
            (t.get(t.len() / 2).copied().unwrap_or_default(), i)
        })
        .max()
        .map(|(median, i)| {
            let (group, language, n) = cases[i];
            format!(
                "{} page {n} ({}): median {} µs",
                group.as_str(),
                language.as_str(),
                median.as_micros()
            )
        })
        .unwrap_or_default();
    times.sort_unstable();
    let at = |q: f64| {
        let index = ((times.len() as f64 - 1.0) * q).round() as usize;
        times.get(index).copied().unwrap_or_default()
    };
    Ok(BenchReport {
        survey: format!("{} ({})", row.title, row.wave),
        pages: cases.len(),
        renders: times.len(),
        p50: at(0.5),
        p99: at(0.99),
        max: times.last().copied().unwrap_or_default(),
        largest_html: largest,
        css: STYLESHEET_BYTES,
        slowest,
        over_5ms: times
            .iter()
            .filter(|t| **t > Duration::from_millis(5))
            .count(),
    })
}

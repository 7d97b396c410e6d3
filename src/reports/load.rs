//! Everything one product report needs, read once from the database (through `db::models`,
//! which holds the SQL) so the report sections can be built as plain functions.

use super::build::lattice::Lattice;
use super::cells::{Minimums, View};
use super::verdicts::{decide_all, thresholds, ProductVerdict};
use crate::db::aggregates::by_cell::Cell;
use crate::db::aggregates::cache::SnapshotCache;
use crate::db::aggregates::snapshot::SnapshotError;
use crate::db::aggregates::AggregateDelta;
use crate::db::models::comments::{product_comments, CommentRow};
use crate::db::models::districts::DistrictRow;
use crate::db::models::pooled_benchmarks::{pooled_favourable, PooledCounts};
use crate::db::models::products::{FeatureRow, ProductRow};
use crate::db::models::schools::SchoolRow;
use crate::db::models::surveys::{SurveyItemRow, SurveyRow};
use crate::db::models::{districts, monitor, products, schools, surveys, users};
use crate::db::AnyConnection;
use crate::domain::{
    DistrictId, Language, ProductIdentity, SchoolId, StakeholderGroup, SurveyId, SurveyStatus,
};
use crate::survey::asked::AskedCells;
use std::collections::{BTreeMap, HashMap};

/// The inputs of one product report.
pub struct ReportInputs {
    /// The district (minimums, verdict settings).
    pub district: DistrictRow,
    /// The survey wave.
    pub survey: SurveyRow,
    /// The product.
    pub product: ProductRow,
    /// The survey's groups, in survey order.
    pub groups: Vec<StakeholderGroup>,
    /// The survey's items.
    pub items: Vec<SurveyItemRow>,
    /// The survey's schools the viewer may see, by name.
    pub schools: Vec<SchoolRow>,
    /// The school × group cells the survey asks: the headcounts its response rates use.
    pub asked: AskedCells,
    /// The product's licensed features.
    pub features: Vec<FeatureRow>,
    /// The survey's aggregates (every respondent language), shared with the snapshot cache.
    pub snapshot: std::sync::Arc<AggregateDelta>,
    /// The survey's aggregates in each respondent language, shared with the snapshot cache:
    /// a language view reads its own, and disclosure control lays every figure out over
    /// school × group × language.
    pub by_language: Vec<(Language, std::sync::Arc<AggregateDelta>)>,
    /// `by_language` split by school × group, made on first use and shared by every build
    /// of these inputs (disclosure control counts each quantity per finest cell).
    pub by_cell: std::sync::OnceLock<Vec<(Language, HashMap<Cell, AggregateDelta>)>>,
    /// The disclosure-control lattice and its decisions, made on first use and shared by
    /// every build of these inputs.
    pub lattice: std::sync::OnceLock<Lattice>,
    /// The school sets of the district's scoped staff (each coordinator's schools): views
    /// they can open, which disclosure control protects like any other margin.
    pub scopes: Vec<Vec<i32>>,
    /// The product's verdict over the view.
    pub verdict: ProductVerdict,
    /// The product's free-text comments from the viewer's schools (not yet suppressed).
    pub comments: Vec<CommentRow>,
    /// The earlier waves of the series, oldest first (empty for an earlier wave itself).
    pub earlier: Vec<ReportInputs>,
    /// Every wave of the series with this product that the viewer may see, oldest first.
    pub waves: Vec<SurveyRow>,
    /// Every product of the survey (this one included), for benchmarks.
    pub survey_products: Vec<ProductRow>,
    /// The same product's favourable counts per construct pooled over other opted-in
    /// districts; `None` unless this district opted in (and for earlier waves).
    pub pooled: Option<BTreeMap<String, PooledCounts>>,
}

impl ReportInputs {
    /// Each language's aggregates split by school × group.
    pub fn cells_by_language(&self) -> &[(Language, HashMap<Cell, AggregateDelta>)] {
        self.by_cell.get_or_init(|| {
            self.by_language
                .iter()
                .map(|(l, snap)| (*l, snap.by_cell()))
                .collect()
        })
    }

    /// The lattice of these inputs' report, with the decisions taken so far.
    pub fn lattice(&self) -> &Lattice {
        self.lattice
            .get_or_init(|| Lattice::new(self, &Minimums::of(&self.district)))
    }
}

/// Why a report could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// No such survey or product for this viewer.
    #[error("not found")]
    NotFound,
    /// The aggregates could not be read.
    #[error(transparent)]
    Snapshot(#[from] SnapshotError),
    /// The database failed.
    #[error(transparent)]
    Query(#[from] diesel::result::Error),
    /// The survey's stored groups do not parse.
    #[error("survey groups do not parse: {0}")]
    Groups(String),
}

/// The surveys of the district the viewer may see a report of (the survey reaches one of
/// their schools), newest first.
pub fn visible_surveys(
    conn: &mut AnyConnection,
    district: DistrictId,
    scope: Option<&[SchoolId]>,
) -> Result<Vec<SurveyRow>, LoadError> {
    let mut out = Vec::new();
    for row in surveys::list(conn, district)? {
        let reach = surveys::schools_of(conn, district, SurveyId(row.id))?;
        if scope.is_none_or(|s| reach.iter().any(|r| s.contains(r))) {
            out.push(row);
        }
    }
    out.sort_by_key(|s| std::cmp::Reverse(s.opens_at));
    Ok(out)
}

/// Reads one product's report inputs for a view, with the inputs of the earlier waves of its
/// series the viewer may see (same view, same suppression, same respondent language); `NotFound` when the survey or
/// product is not the district's, the product is not in the survey, or the viewer sees none
/// of its schools. Comments are read only `with_comments`: they come from the raw answers,
/// whose cost grows with the responses, so the report page itself never reads them. When the
/// district opted in to benchmarks, the same product's pooled counts in other opted-in
/// districts are read too (`db::models::pooled_benchmarks`, the one cross-district read).
pub fn load(
    conn: &mut AnyConnection,
    snapshots: &SnapshotCache,
    district: DistrictId,
    survey_public: &str,
    product_public: &str,
    view: &View,
    with_comments: bool,
) -> Result<ReportInputs, LoadError> {
    let mut inputs = load_wave(
        conn,
        snapshots,
        district,
        survey_public,
        product_public,
        view,
        with_comments,
    )?;
    let scope: Option<Vec<SchoolId>> = view
        .scope
        .as_ref()
        .map(|s| s.iter().copied().map(SchoolId).collect());
    let mut waves = Vec::new();
    for row in visible_surveys(conn, district, scope.as_deref())? {
        let in_series =
            row.series_id == inputs.survey.series_id && row.status != SurveyStatus::Draft;
        if in_series
            && surveys::products_of(conn, district, SurveyId(row.id))?
                .contains(&inputs.product.product_id())
        {
            waves.push(row);
        }
    }
    waves.sort_by_key(|w| w.wave_number);
    for wave in waves
        .iter()
        .filter(|w| w.wave_number < inputs.survey.wave_number)
    {
        match load_wave(
            conn,
            snapshots,
            district,
            &wave.public_id,
            product_public,
            view,
            false,
        ) {
            Ok(earlier) => inputs.earlier.push(earlier),
            Err(LoadError::NotFound) => {}
            Err(e) => return Err(e),
        }
    }
    inputs.waves = waves;
    if inputs.district.benchmark_opt_in {
        let identity = ProductIdentity::of(&inputs.product.vendor, &inputs.product.name);
        let minimum = |d: &DistrictRow| Minimums::of(d).pooled();
        inputs.pooled = Some(pooled_favourable(conn, district, &identity, &minimum)?);
    }
    Ok(inputs)
}

/// One wave's report inputs, without its series.
fn load_wave(
    conn: &mut AnyConnection,
    snapshots: &SnapshotCache,
    district: DistrictId,
    survey_public: &str,
    product_public: &str,
    view: &View,
    with_comments: bool,
) -> Result<ReportInputs, LoadError> {
    let survey = monitor::find_survey(conn, district, survey_public)?.ok_or(LoadError::NotFound)?;
    let survey_id = SurveyId(survey.id);
    let in_survey = surveys::products_of(conn, district, survey_id)?;
    let rows: Vec<ProductRow> = products::list(conn, district)?
        .into_iter()
        .filter(|p| in_survey.contains(&p.product_id()))
        .collect();
    let Some(product) = rows.iter().find(|p| p.public_id == product_public).cloned() else {
        return Err(LoadError::NotFound);
    };
    let reach = surveys::schools_of(conn, district, survey_id)?;
    let schools: Vec<SchoolRow> = schools::list(conn, district)?
        .into_iter()
        .filter(|s| reach.contains(&SchoolId(s.id)))
        .filter(|s| view.scope.as_ref().is_none_or(|v| v.contains(&s.id)))
        .collect();
    if schools.is_empty() {
        return Err(LoadError::NotFound);
    }
    let groups = crate::db::aggregates::layout::parse_groups(&survey.audience_groups)
        .map_err(|e| LoadError::Groups(e.to_string()))?;
    let asked = AskedCells::load(conn, district, survey_id, &schools, &groups)?;
    let district_row = districts::find(conn, district)?;
    let snap = snapshots.get(conn, district, survey_id, None)?;
    let by_language = Language::ALL
        .iter()
        .map(|l| Ok((*l, snapshots.get(conn, district, survey_id, Some(*l))?)))
        .collect::<Result<Vec<_>, LoadError>>()?;
    let in_language = view
        .language
        .and_then(|l| by_language.iter().find(|(x, _)| *x == l))
        .map(|(_, snap)| snap.as_ref());
    let items = surveys::items(conn, district, survey_id)?;
    let limits = thresholds(&district_row.verdict_settings);
    let verdict = decide_all(in_language.unwrap_or(&snap), &items, &rows, &limits, view)
        .into_iter()
        .find(|v| v.product_public_id == product.public_id)
        .ok_or(LoadError::NotFound)?;
    let features = products::features(conn, district, product.product_id())?;
    let comment_items: Vec<i32> = items
        .iter()
        .filter(|i| i.per_product && is_text(i.kind))
        .map(|i| i.id)
        .collect();
    let comments = if with_comments {
        product_comments(
            conn,
            district,
            survey_id,
            product.product_id(),
            &comment_items,
            view.scope.as_deref(),
        )?
    } else {
        Vec::new()
    };
    Ok(ReportInputs {
        district: district_row,
        survey,
        product,
        groups,
        items,
        schools,
        asked,
        features,
        snapshot: snap,
        by_language,
        by_cell: std::sync::OnceLock::new(),
        lattice: std::sync::OnceLock::new(),
        scopes: scopes(conn, district)?,
        verdict,
        comments,
        earlier: Vec::new(),
        waves: Vec::new(),
        survey_products: rows,
        pooled: None,
    })
}

/// The distinct school sets of the district's scoped staff, each sorted.
fn scopes(conn: &mut AnyConnection, district: DistrictId) -> Result<Vec<Vec<i32>>, LoadError> {
    let mut per_user: BTreeMap<i32, Vec<i32>> = BTreeMap::new();
    for (user, school) in users::school_scopes(conn, district)? {
        per_user.entry(user).or_default().push(school);
    }
    let mut sets: Vec<Vec<i32>> = per_user
        .into_values()
        .map(|mut s| {
            s.sort_unstable();
            s.dedup();
            s
        })
        .collect();
    sets.sort();
    sets.dedup();
    Ok(sets)
}

/// Whether an item kind takes free text (comments).
pub(crate) fn is_text(kind: crate::domain::ItemKind) -> bool {
    crate::survey::kinds::of(kind).keeps_text()
}

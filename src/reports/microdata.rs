//! The raw-responses export's inputs: the respondents per finest cell (from the aggregates,
//! kept per respondent language), and what the report publishes for the viewer, read off
//! the built report views themselves, so the export follows every suppression decision the
//! tables make (`export::recoding` turns both into the rows' labels).

use super::build::build;
use super::cells::View;
use super::export::recoding::{Cell, Counts, Label, Publication, Recoding};
use super::export::responses::ResponseExport;
use super::load::{load, LoadError};
use crate::db::aggregates::cache::SnapshotCache;
use crate::db::models::products::ProductRow;
use crate::db::models::responses::{export_page, ExportResponse};
use crate::db::models::{districts, monitor, products, schools, surveys};
use crate::db::AnyConnection;
use crate::domain::{DistrictId, Language, SchoolId, StakeholderGroup, SurveyId};
use crate::survey::bank::QuestionBank;
use chrono::Datelike;
use std::collections::{BTreeMap, BTreeSet, HashMap};

/// The raw-responses export of a survey for a viewer limited to `scope`, with its survey id.
pub fn response_export(
    conn: &mut AnyConnection,
    snapshots: &SnapshotCache,
    bank: &QuestionBank,
    district: DistrictId,
    survey_public: &str,
    scope: Option<&[i32]>,
) -> Result<(ResponseExport, SurveyId), LoadError> {
    let survey = monitor::find_survey(conn, district, survey_public)?.ok_or(LoadError::NotFound)?;
    let id = SurveyId(survey.id);
    let reach = surveys::schools_of(conn, district, id)?;
    let names: HashMap<i32, String> = schools::list(conn, district)?
        .into_iter()
        .filter(|s| reach.contains(&SchoolId(s.id)) && scope.is_none_or(|v| v.contains(&s.id)))
        .map(|s| (s.id, s.name))
        .collect();
    if names.is_empty() {
        return Err(LoadError::NotFound);
    }
    let in_survey = surveys::products_of(conn, district, id)?;
    let rows: Vec<ProductRow> = products::list(conn, district)?
        .into_iter()
        .filter(|p| in_survey.contains(&p.product_id()))
        .collect();
    let mut features = HashMap::new();
    for p in &rows {
        features.insert(p.id, products::features(conn, district, p.product_id())?);
    }
    let items = surveys::items(conn, district, id)?;
    let counts = counts(conn, snapshots, district, id, &names)?;
    let view = View {
        scope: scope.map(<[i32]>::to_vec),
        ..View::default()
    };
    let reader = Reader {
        snapshots,
        bank,
        district,
        survey: survey_public,
    };
    let published = reader.publication(conn, &view, &rows, &counts)?;
    let mins = super::cells::Minimums::of(&districts::find(conn, district)?);
    let ids: Vec<i32> = rows.iter().map(|p| p.id).collect();
    let recoding = Recoding::plan(&counts, &published, &ids, &mins);
    Ok((
        ResponseExport::new(&survey.title, &items, &rows, &features, names, recoding),
        id,
    ))
}

/// Respondents per finest cell of the viewer's schools: responses per month, product users
/// and commenters, from each language's aggregates.
fn counts(
    conn: &mut AnyConnection,
    snapshots: &SnapshotCache,
    district: DistrictId,
    survey: SurveyId,
    schools: &HashMap<i32, String>,
) -> Result<Counts, LoadError> {
    let mut out = Counts::default();
    for language in Language::ALL {
        let snap = snapshots.get(conn, district, survey, Some(*language))?;
        let cell = |school: i32, group: StakeholderGroup| Cell {
            school,
            group,
            language: *language,
        };
        for (k, n) in &snap.responses {
            if schools.contains_key(&k.school_id) {
                let month = (k.what.year(), k.what.month());
                *out.responses
                    .entry((cell(k.school_id, k.group), month))
                    .or_default() += u64::try_from(*n).unwrap_or(0);
            }
        }
        for (k, n) in &snap.comments {
            if schools.contains_key(&k.school_id) {
                out.commenters.insert(
                    (cell(k.school_id, k.group), k.survey_item_id, k.product_id),
                    u64::try_from(*n).unwrap_or(0),
                );
            }
        }
        for (k, c) in &snap.product_use {
            if schools.contains_key(&k.school_id) {
                let e = out
                    .users
                    .entry((cell(k.school_id, k.group), k.what))
                    .or_default();
                e.0 += u64::try_from(c[0]).unwrap_or(0);
                e.1 += u64::try_from(c[1]).unwrap_or(0);
            }
        }
    }
    Ok(out)
}

/// Where the report views of one survey are read from.
struct Reader<'a> {
    snapshots: &'a SnapshotCache,
    bank: &'a QuestionBank,
    district: DistrictId,
    survey: &'a str,
}

impl Reader<'_> {
    fn inputs(
        &self,
        conn: &mut AnyConnection,
        product: &ProductRow,
        view: &View,
    ) -> Result<super::load::ReportInputs, LoadError> {
        load(
            conn,
            self.snapshots,
            self.district,
            self.survey,
            &product.public_id,
            view,
            false,
        )
    }

    /// What the viewer's report publishes: the response counts of its unfiltered view, and for
    /// each product every view a set of export rows could be labelled with (each group; each
    /// school × group; each group × language) that withholds nothing.
    fn publication(
        &self,
        conn: &mut AnyConnection,
        base: &View,
        products: &[ProductRow],
        counts: &Counts,
    ) -> Result<Publication, LoadError> {
        let bank = self.bank;
        let mut cells: BTreeMap<StakeholderGroup, (BTreeSet<i32>, BTreeSet<Language>)> =
            BTreeMap::new();
        for (cell, _) in counts.responses.keys() {
            let e = cells.entry(cell.group).or_default();
            e.0.insert(cell.school);
            e.1.insert(cell.language);
        }
        let mut out = Publication::default();
        let build = |inputs: &super::load::ReportInputs, view: &View| {
            build(inputs, view, bank, Language::English, None)
        };
        for (k, product) in products.iter().enumerate() {
            let inputs = self.inputs(conn, product, base)?;
            if k == 0 {
                for row in build(&inputs, base).summary.responses {
                    if row.completed.withheld.is_some() {
                        continue;
                    }
                    match StakeholderGroup::from_label(&row.group) {
                        Some(g) => {
                            out.groups_shown.insert(g);
                        }
                        None => out.total_shown = true,
                    }
                }
            }
            for (group, (schools, _)) in &cells {
                let mut view = View {
                    group: Some(*group),
                    ..base.clone()
                };
                out.record(
                    label(None, *group, None),
                    product.id,
                    &build(&inputs, &view),
                );
                for school in schools {
                    view.school = Some(*school);
                    let report = build(&inputs, &view);
                    out.record(label(Some(*school), *group, None), product.id, &report);
                }
            }
            let languages: BTreeSet<Language> =
                cells.values().flat_map(|c| c.1.iter().copied()).collect();
            for language in languages {
                let in_language = View {
                    language: Some(language),
                    ..base.clone()
                };
                let inputs = self.inputs(conn, product, &in_language)?;
                for group in cells.keys() {
                    let view = View {
                        group: Some(*group),
                        ..in_language.clone()
                    };
                    let report = build(&inputs, &view);
                    out.record(label(None, *group, Some(language)), product.id, &report);
                }
            }
        }
        Ok(out)
    }
}

fn label(school: Option<i32>, group: StakeholderGroup, language: Option<Language>) -> Label {
    Label {
        school,
        group,
        language,
    }
}

/// Responses read per page of the export: large enough that a page's query costs little per
/// row, small enough that a page stays well under a megabyte or two.
pub const PAGE: i64 = 1000;

/// One page of a survey's responses after `after_id`, with their packed answers, in id order.
pub fn response_page(
    conn: &mut AnyConnection,
    district: DistrictId,
    survey: SurveyId,
    after_id: i32,
    limit: i64,
) -> Result<Vec<ExportResponse>, LoadError> {
    Ok(export_page(conn, district, survey, after_id, limit)?)
}

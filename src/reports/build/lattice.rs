//! The report's cell lattice — every school of the survey × the survey's groups × the
//! respondent languages — and the one suppression decision per counted quantity that every
//! view of every viewer reads (`stats::disclosure`). A view's figure is withheld when its
//! entry of the lattice is, so the figures of all views together never give a withheld one
//! back. Each coordinator's set of schools is a level of the school dimension, so their
//! "Your schools" figures are protected like the district's.

use super::Sums;
use crate::domain::{Language, StakeholderGroup};
use crate::reports::cells::{Minimums, View};
use crate::reports::evidence::CellFilter;
use crate::reports::load::ReportInputs;
use crate::stats::disclosure::{protect, Dimension, Level, Protection, Table};
use crate::stats::Hidden;
use std::collections::{BTreeSet, HashMap};
use std::sync::{Arc, Mutex, PoisonError};

/// The lattice's dimensions for one product's survey, the same for every view and viewer,
/// with the decisions taken so far: kept with the report's inputs, every view built from
/// them reads a quantity's decision taken once (the raw-responses export builds hundreds).
pub struct Lattice {
    schools: Vec<i32>,
    groups: Vec<StakeholderGroup>,
    /// Each coordinator's schools, as positions in `schools`.
    scopes: Vec<Vec<usize>>,
    minimums: Vec<u64>,
    /// Protections already decided, by quantity.
    kept: Mutex<HashMap<String, Arc<Protection>>>,
    /// The same, by finest counts: quantities counted alike (the items of a construct
    /// everyone answers) share one decision.
    by_counts: Mutex<HashMap<Vec<u64>, Arc<Protection>>>,
}

/// One finest cell: a school, a group, a respondent language.
struct Finest {
    school: i32,
    group: StakeholderGroup,
    language: Language,
}

impl CellFilter for Finest {
    fn includes(&self, school_id: i32, group: StakeholderGroup) -> bool {
        school_id == self.school && group == self.group
    }

    fn language(&self) -> Option<Language> {
        Some(self.language)
    }

    fn single_cell(&self) -> Option<(i32, StakeholderGroup)> {
        Some((self.school, self.group))
    }
}

/// Every school of the survey with respondents, and the viewer's, in id order: laid out over
/// all of them, a coordinator's figures are decided as the district's, and every product's
/// alike.
pub fn every_school(inputs: &ReportInputs) -> Vec<i32> {
    // Every school with an answer has a response, so the responses name them all.
    let mut ids: BTreeSet<i32> = inputs
        .snapshot
        .responses
        .keys()
        .map(|k| k.school_id)
        .collect();
    ids.extend(inputs.schools.iter().map(|s| s.id));
    ids.into_iter().collect()
}

impl Lattice {
    /// The lattice of a product's report.
    pub fn new(inputs: &ReportInputs, mins: &Minimums) -> Self {
        let schools = every_school(inputs);
        Self {
            scopes: inputs
                .scopes
                .iter()
                .map(|scope| positions(&schools, scope))
                .collect(),
            schools,
            groups: inputs.groups.clone(),
            minimums: inputs.groups.iter().map(|g| mins.group(*g)).collect(),
            kept: Mutex::new(HashMap::new()),
            by_counts: Mutex::new(HashMap::new()),
        }
    }

    /// The entry of a figure: the row's school and group where the row names them, else the
    /// view's filters (a scoped view without a school filter is its coordinator's set).
    fn entry(
        &self,
        view: &View,
        school: Option<i32>,
        group: Option<StakeholderGroup>,
    ) -> [Level; 3] {
        // A level the lattice does not have is withheld (`Protection::hidden`).
        let missing = Level::Set(usize::MAX);
        let school_level = match (school.or(view.school), &view.scope) {
            (Some(s), _) => self
                .schools
                .iter()
                .position(|x| *x == s)
                .map_or(missing, Level::One),
            (None, Some(scope)) => {
                let set = positions(&self.schools, scope);
                self.scopes
                    .iter()
                    .position(|x| *x == set)
                    .map_or(missing, Level::Set)
            }
            (None, None) => Level::All,
        };
        let group_level = match group.or(view.group) {
            Some(g) => self
                .groups
                .iter()
                .position(|x| *x == g)
                .map_or(missing, Level::One),
            None => Level::All,
        };
        let language_level = match view.language {
            Some(l) => Language::ALL
                .iter()
                .position(|x| *x == l)
                .map_or(missing, Level::One),
            None => Level::All,
        };
        [school_level, group_level, language_level]
    }

    /// The protection of one counted quantity (`key` names it; `measure` counts it over any
    /// cells), decided once per report.
    fn protection(&self, key: &str, measure: &dyn Fn(&dyn CellFilter) -> u64) -> Arc<Protection> {
        if let Some(p) = lock(&self.kept).get(key) {
            return Arc::clone(p);
        }
        let mut counts = Vec::new();
        for school in &self.schools {
            for group in &self.groups {
                for language in Language::ALL {
                    counts.push(measure(&Finest {
                        school: *school,
                        group: *group,
                        language: *language,
                    }));
                }
            }
        }
        let plain = |values| Dimension {
            values,
            sets: Vec::new(),
        };
        let table = Table {
            dims: vec![
                Dimension {
                    values: self.schools.len(),
                    sets: self.scopes.clone(),
                },
                plain(self.groups.len()),
                plain(Language::ALL.len()),
            ],
            counts,
            minimum_dim: 1,
            minimums: self.minimums.clone(),
        };
        let kept = lock(&self.by_counts).get(&table.counts).cloned();
        let p = kept.unwrap_or_else(|| {
            let p = Arc::new(protect(&table));
            lock(&self.by_counts).insert(table.counts.clone(), Arc::clone(&p));
            p
        });
        lock(&self.kept).insert(key.to_string(), Arc::clone(&p));
        p
    }
}

/// A map of decisions; they are inserted whole, so one a panic left behind is sound.
fn lock<K, V>(map: &Mutex<HashMap<K, V>>) -> std::sync::MutexGuard<'_, HashMap<K, V>> {
    map.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Sums<'_> {
    /// Whether the lattice withholds a figure of the quantity `key` (counted by `measure`)
    /// on a row of the view (the row's school and group, `None`: the view's).
    pub fn lattice_hides(
        &self,
        key: &str,
        measure: &dyn Fn(&dyn CellFilter) -> u64,
        view: &View,
        school: Option<i32>,
        group: Option<StakeholderGroup>,
    ) -> Option<Hidden> {
        let lattice = self.inputs.lattice();
        lattice
            .protection(key, measure)
            .hidden(&lattice.entry(view, school, group))
    }

    /// The lattice's decision on a construct's percent favourable (its answers counted as
    /// the constructs section counts them) on a row of the view.
    pub fn construct_answers_hidden(
        &self,
        key: &str,
        view: &View,
        school: Option<i32>,
        group: Option<StakeholderGroup>,
    ) -> Option<Hidden> {
        self.lattice_hides(
            &construct_answers_key(key),
            &|f| self.construct_answers(f, key),
            view,
            school,
            group,
        )
    }
}

/// The sorted positions in `schools` of the schools of a set that have respondents (a
/// school with none adds nothing to any figure).
fn positions(schools: &[i32], set: &[i32]) -> Vec<usize> {
    let mut out: Vec<usize> = set
        .iter()
        .filter_map(|s| schools.iter().position(|x| x == s))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

/// The lattice key of a construct's percent favourable.
pub fn construct_answers_key(key: &str) -> String {
    format!("construct answers {key}")
}

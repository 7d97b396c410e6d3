//! Statistical disclosure control for the raw-responses export: which school, group,
//! language and month each row may carry, and which of its answers it may show, so that the
//! rows reveal nothing the report's tables withhold while every completed response stays in.
//!
//! Rows are labelled with a set of the report's cells (global recoding, as in sdcMicro):
//! - a group whose response count the report withholds is recoded to "withheld" with no
//!   answers (its rows are left out entirely when the report withholds the All-groups count,
//!   which the export's length would give away);
//! - a row keeps its school when the report's view of that school and group shows its
//!   response count; the group's other schools pool, and a pool smaller than the group's
//!   minimum takes the smallest named school in until it reaches it;
//! - a group with no named school keeps its respondents' language when the report's view of
//!   the group in each language shows its response count;
//! - a set keeps the month of submission when each of its months holds the group's minimum;
//! - a product's answers show in a set only when the report's view of that set withholds
//!   none of the product's figures (for the pool: the group's view, and every named school's,
//!   since the pool's figures are the group's minus the named schools'), and its users are
//!   none or at least the minimum;
//! - a free-text answer shows when its school × group cell has at least the comment minimum
//!   of commenters to that item and product: the first rule of the report's comments
//!   section, which labels those comments with that school and group too (comments the
//!   report shows only pooled are not in the export, whose rows carry a group).
//!
//! So every figure computed over a set of rows is a figure the report shows, or the
//! difference of figures it shows: the export adds nothing to what its tables reveal.

use crate::domain::{Language, StakeholderGroup};
use crate::reports::cells::Minimums;
use crate::reports::product::ProductReport;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};

/// One view row of the report: a school or every school the viewer sees, a group, a
/// respondent language or every one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Label {
    /// The school (`None`: every school of the viewer).
    pub school: Option<i32>,
    /// The group.
    pub group: StakeholderGroup,
    /// The respondent language (`None`: every language).
    pub language: Option<Language>,
}

/// The finest cell of a response: its school, group and respondent language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Cell {
    /// School.
    pub school: i32,
    /// Group.
    pub group: StakeholderGroup,
    /// Respondent language.
    pub language: Language,
}

/// A month of submission (year, month).
pub type Month = (i32, u32);

/// What the report publishes for the viewer, read off its built views.
#[derive(Debug, Default)]
pub struct Publication {
    /// Groups whose response count the viewer's unfiltered report shows.
    pub groups_shown: BTreeSet<StakeholderGroup>,
    /// Whether it shows the All-groups response count.
    pub total_shown: bool,
    /// The view rows whose response count is shown.
    pub counted: HashSet<Label>,
    /// The (view row, product) pairs whose view withholds nothing of the product.
    pub full: HashSet<(Label, i32)>,
}

impl Publication {
    /// Records what a built view of one group shows: its response count, and whether it
    /// withholds any figure of the product.
    pub fn record(&mut self, label: Label, product: i32, report: &ProductReport) {
        let counted = report
            .summary
            .responses
            .iter()
            .any(|r| r.group == label.group.label() && r.completed.withheld.is_none());
        if counted {
            self.counted.insert(label);
        }
        if !report.withholds_any() {
            self.full.insert((label, product));
        }
    }
}

/// The respondents the export is built from, per finest cell.
#[derive(Debug, Default)]
pub struct Counts {
    /// Completed responses per cell and month.
    pub responses: BTreeMap<(Cell, Month), u64>,
    /// (asked, users) of each product per cell, from the product-use question.
    pub users: HashMap<(Cell, i32), (u64, u64)>,
    /// Respondents with a non-empty free-text answer per (cell, item, product or 0).
    pub commenters: HashMap<(Cell, i32, i32), u64>,
}

/// Where a set of rows is: named, pooled with other schools, or its group withheld.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Place {
    /// The rows' own school.
    School(i32),
    /// Schools of the group that are not named.
    Pooled,
}

/// One set of rows that carries the same label.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Set {
    /// School or pool.
    pub place: Place,
    /// The group (`None`: withheld).
    pub group: Option<StakeholderGroup>,
    /// The language (`None`: recoded).
    pub language: Option<Language>,
}

/// The export's recoding decisions.
#[derive(Debug, Default)]
pub struct Recoding {
    /// The set of each cell's rows; a cell absent here is left out.
    sets: HashMap<Cell, Set>,
    /// Sets whose month is kept.
    months: HashSet<Set>,
    /// (set, product or 0) whose answers show.
    blocks: HashSet<(Set, i32)>,
    /// (school, group, item, product or 0) cells whose free text shows.
    texts: HashSet<(i32, StakeholderGroup, i32, i32)>,
    /// Rows of each cell that are in the export.
    rows: BTreeMap<Cell, u64>,
    /// Values recoded or suppressed, per column kind, for the header notes.
    pub recoded: Recoded,
}

/// How many values the recoding changed.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct Recoded {
    /// Rows in the export.
    pub rows: u64,
    /// Rows of groups left out (the report withholds the All-groups count).
    pub left_out: u64,
    /// Rows whose group reads "withheld".
    pub groups: u64,
    /// Rows whose school reads "withheld".
    pub schools: u64,
    /// Rows whose language reads "withheld".
    pub languages: u64,
    /// Rows whose month reads "withheld".
    pub months: u64,
    /// Answer cells that read "withheld" (every column of a withheld product or text in
    /// the rows concerned, answered or not).
    pub answers: u64,
}

impl Recoding {
    /// Decides the labels of every cell from the counts and what the report publishes;
    /// `products` are the survey's product ids.
    pub fn plan(
        counts: &Counts,
        published: &Publication,
        products: &[i32],
        mins: &Minimums,
    ) -> Self {
        let mut out = Recoding::default();
        let mut per_cell: BTreeMap<Cell, u64> = BTreeMap::new();
        for ((cell, _), n) in &counts.responses {
            *per_cell.entry(*cell).or_default() += n;
        }
        let groups: BTreeSet<StakeholderGroup> = per_cell.keys().map(|c| c.group).collect();
        for group in groups {
            let cells: Vec<(Cell, u64)> = per_cell
                .iter()
                .filter(|(c, _)| c.group == group)
                .map(|(c, n)| (*c, *n))
                .collect();
            if published.groups_shown.contains(&group) {
                out.label_group(group, &cells, published, mins);
            } else if published.total_shown {
                let set = Set {
                    place: Place::Pooled,
                    group: None,
                    language: None,
                };
                for (cell, _) in &cells {
                    out.sets.insert(*cell, set);
                }
            }
        }
        out.decide_blocks(counts, published, products, mins);
        out.decide_months(counts, mins);
        out.count(&per_cell);
        out
    }

    /// Names the schools (or languages) of one shown group's cells.
    fn label_group(
        &mut self,
        group: StakeholderGroup,
        cells: &[(Cell, u64)],
        published: &Publication,
        mins: &Minimums,
    ) {
        let counted = |school: Option<i32>, language: Option<Language>| {
            published.counted.contains(&Label {
                school,
                group,
                language,
            })
        };
        let mut per_school: BTreeMap<i32, u64> = BTreeMap::new();
        for (cell, n) in cells {
            *per_school.entry(cell.school).or_default() += n;
        }
        let total: u64 = per_school.values().sum();
        let mut named: Vec<(i32, u64)> = per_school
            .iter()
            .filter(|(s, _)| counted(Some(**s), None))
            .map(|(s, n)| (*s, *n))
            .collect();
        named.sort_by_key(|(s, n)| (std::cmp::Reverse(*n), *s));
        let min = mins.group(group);
        loop {
            let pool = total - named.iter().map(|(_, n)| n).sum::<u64>();
            if pool == 0 || pool >= min {
                break;
            }
            if named.pop().is_none() {
                break;
            }
        }
        let named: BTreeSet<i32> = named.into_iter().map(|(s, _)| s).collect();
        let languages: BTreeSet<Language> = cells.iter().map(|(c, _)| c.language).collect();
        let keep_language = named.is_empty() && languages.iter().all(|l| counted(None, Some(*l)));
        for (cell, _) in cells {
            let set = if named.contains(&cell.school) {
                Set {
                    place: Place::School(cell.school),
                    group: Some(group),
                    language: None,
                }
            } else {
                Set {
                    place: Place::Pooled,
                    group: Some(group),
                    language: keep_language.then_some(cell.language),
                }
            };
            self.sets.insert(*cell, set);
        }
    }

    /// Which products' answers (and which free text) each set shows.
    fn decide_blocks(
        &mut self,
        counts: &Counts,
        published: &Publication,
        products: &[i32],
        mins: &Minimums,
    ) {
        let mut members: BTreeMap<Set, Vec<Cell>> = BTreeMap::new();
        for (cell, set) in &self.sets {
            members.entry(*set).or_default().push(*cell);
        }
        let mut rows: HashMap<Set, u64> = HashMap::new();
        for ((cell, _), n) in &counts.responses {
            if let Some(set) = self.sets.get(cell) {
                *rows.entry(*set).or_default() += n;
            }
        }
        let full = |school: Option<i32>, group, language, product: i32| {
            published.full.contains(&(
                Label {
                    school,
                    group,
                    language,
                },
                product,
            ))
        };
        for (set, cells) in &members {
            let Some(group) = set.group else { continue };
            let min = mins.group(group);
            let k_anonymous = |n: u64| n == 0 || n >= min;
            if !k_anonymous(rows.get(set).copied().unwrap_or(0)) {
                continue;
            }
            self.blocks.insert((*set, 0));
            for product in products {
                let published = match set.place {
                    Place::School(s) => full(Some(s), group, None, *product),
                    Place::Pooled => {
                        full(None, group, set.language, *product)
                            && members.keys().all(|other| match other.place {
                                Place::School(s) if other.group == Some(group) => {
                                    full(Some(s), group, None, *product)
                                }
                                _ => true,
                            })
                    }
                };
                let (asked, users) = cells
                    .iter()
                    .filter_map(|c| counts.users.get(&(*c, *product)))
                    .fold((0, 0), |(a, u), (x, y)| (a + x, u + y));
                if published && k_anonymous(asked) && k_anonymous(users) {
                    self.blocks.insert((*set, *product));
                }
            }
        }
        let mut commenters: HashMap<(i32, StakeholderGroup, i32, i32), u64> = HashMap::new();
        for ((cell, item, product), n) in &counts.commenters {
            *commenters
                .entry((cell.school, cell.group, *item, *product))
                .or_default() += n;
        }
        self.texts = commenters
            .into_iter()
            .filter(|(_, n)| *n >= mins.comments)
            .map(|(k, _)| k)
            .collect();
    }

    /// Keeps the month of a set whose every month holds the group's minimum.
    fn decide_months(&mut self, counts: &Counts, mins: &Minimums) {
        let mut per_month: BTreeMap<(Set, Month), u64> = BTreeMap::new();
        for ((cell, month), n) in &counts.responses {
            if let Some(set) = self.sets.get(cell) {
                *per_month.entry((*set, *month)).or_default() += n;
            }
        }
        let mut small: HashSet<Set> = HashSet::new();
        for ((set, _), n) in &per_month {
            let min = set.group.map_or(u64::MAX, |g| mins.group(g));
            if *n < min {
                small.insert(*set);
            }
        }
        self.months = per_month
            .keys()
            .map(|(s, _)| *s)
            .filter(|s| !small.contains(s))
            .collect();
    }

    fn count(&mut self, per_cell: &BTreeMap<Cell, u64>) {
        let mut r = Recoded::default();
        for (cell, n) in per_cell {
            let Some(set) = self.sets.get(cell) else {
                r.left_out += n;
                continue;
            };
            self.rows.insert(*cell, *n);
            r.rows += n;
            if set.group.is_none() {
                r.groups += n;
            }
            if set.place == Place::Pooled {
                r.schools += n;
            }
            if set.language.is_none() {
                r.languages += n;
            }
            if !self.months.contains(set) {
                r.months += n;
            }
        }
        self.recoded = r;
    }

    /// The cells in the export with their rows.
    pub fn cells(&self) -> impl Iterator<Item = (&Cell, &u64)> {
        self.rows.iter()
    }

    /// The set of a cell's rows; `None` when they are left out.
    pub fn set_of(&self, cell: &Cell) -> Option<Set> {
        self.sets.get(cell).copied()
    }

    /// Whether a set keeps its rows' month.
    pub fn keeps_month(&self, set: &Set) -> bool {
        self.months.contains(set)
    }

    /// Whether a set shows its answers about `product` (0: items not asked per product).
    pub fn shows(&self, set: &Set, product: i32) -> bool {
        self.blocks.contains(&(*set, product))
    }

    /// Whether a row of `cell` in `set` shows its free text to `item` about `product` (or 0).
    pub fn shows_text(&self, cell: &Cell, set: &Set, item: i32, product: i32) -> bool {
        self.blocks.contains(&(*set, 0))
            && self
                .texts
                .contains(&(cell.school, cell.group, item, product))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use Language::{English, Spanish};
    use StakeholderGroup::{Parent, Teacher};

    const MINS: Minimums = Minimums {
        students: 10,
        parents: 10,
        staff: 5,
        comments: 5,
    };

    fn cell(school: i32, group: StakeholderGroup, language: Language) -> Cell {
        Cell {
            school,
            group,
            language,
        }
    }

    fn counts(cells: &[(Cell, u64)]) -> Counts {
        Counts {
            responses: cells.iter().map(|(c, n)| ((*c, (2027, 3)), *n)).collect(),
            ..Counts::default()
        }
    }

    fn label(school: Option<i32>, group: StakeholderGroup, language: Option<Language>) -> Label {
        Label {
            school,
            group,
            language,
        }
    }

    /// A report that shows the counts of `labels` and every product figure of them.
    fn publishing(groups: &[StakeholderGroup], labels: &[Label], products: &[i32]) -> Publication {
        Publication {
            groups_shown: groups.iter().copied().collect(),
            total_shown: true,
            counted: labels.iter().copied().collect(),
            full: labels
                .iter()
                .flat_map(|l| products.iter().map(move |p| (*l, *p)))
                .collect(),
        }
    }

    #[test]
    fn a_school_is_named_where_its_view_shows_the_count_and_a_small_pool_takes_one_in() {
        let c = counts(&[
            (cell(1, Teacher, English), 20),
            (cell(2, Teacher, English), 12),
            (cell(3, Teacher, English), 3),
        ]);
        let published = publishing(
            &[Teacher],
            &[
                label(Some(1), Teacher, None),
                label(Some(2), Teacher, None),
                label(None, Teacher, None),
            ],
            &[7],
        );
        let r = Recoding::plan(&c, &published, &[7], &MINS);
        // School 3 (3 teachers) pools; the pool is below 5, so school 2 joins it.
        let named = r.set_of(&cell(1, Teacher, English)).unwrap();
        assert_eq!(named.place, Place::School(1));
        assert_eq!(
            r.set_of(&cell(2, Teacher, English)).map(|s| s.place),
            Some(Place::Pooled)
        );
        assert_eq!((r.recoded.schools, r.recoded.rows), (15, 35));
        let pool = r.set_of(&cell(3, Teacher, English)).unwrap();
        assert!(r.shows(&pool, 7) && r.shows(&named, 7));
        assert!(r.keeps_month(&pool));
    }

    #[test]
    fn a_product_withheld_at_a_named_school_is_withheld_in_the_pool_too() {
        let c = counts(&[
            (cell(1, Teacher, English), 20),
            (cell(2, Teacher, English), 12),
            (cell(3, Teacher, English), 6),
        ]);
        let mut published = publishing(
            &[Teacher],
            &[
                label(Some(1), Teacher, None),
                label(Some(2), Teacher, None),
                label(None, Teacher, None),
            ],
            &[7, 8],
        );
        published.full.remove(&(label(Some(2), Teacher, None), 7));
        let r = Recoding::plan(&c, &published, &[7, 8], &MINS);
        let (one, two, pool) = (
            r.set_of(&cell(1, Teacher, English)).unwrap(),
            r.set_of(&cell(2, Teacher, English)).unwrap(),
            r.set_of(&cell(3, Teacher, English)).unwrap(),
        );
        assert_eq!(two.place, Place::School(2));
        // Product 7: shown at school 1 only (the pool would be the group minus both).
        assert!(r.shows(&one, 7) && !r.shows(&two, 7) && !r.shows(&pool, 7));
        assert!(r.shows(&one, 8) && r.shows(&two, 8) && r.shows(&pool, 8));
    }

    #[test]
    fn a_withheld_group_keeps_its_rows_without_answers_or_leaves_them_out() {
        let c = counts(&[
            (cell(1, Teacher, English), 20),
            (cell(1, Parent, Spanish), 4),
        ]);
        let mut published = publishing(&[Teacher], &[], &[7]);
        let r = Recoding::plan(&c, &published, &[7], &MINS);
        let parents = r.set_of(&cell(1, Parent, Spanish)).unwrap();
        assert_eq!(parents.group, None);
        assert!(!r.shows(&parents, 7) && !r.shows(&parents, 0));
        assert_eq!(r.recoded.groups, 4);
        published.total_shown = false;
        let r = Recoding::plan(&c, &published, &[7], &MINS);
        assert_eq!(r.set_of(&cell(1, Parent, Spanish)), None);
        assert_eq!((r.recoded.rows, r.recoded.left_out), (20, 4));
    }

    #[test]
    fn language_is_kept_when_each_language_view_shows_its_count() {
        let c = counts(&[
            (cell(1, Parent, English), 30),
            (cell(1, Parent, Spanish), 12),
        ]);
        let mut published = publishing(
            &[Parent],
            &[
                label(None, Parent, None),
                label(None, Parent, Some(English)),
                label(None, Parent, Some(Spanish)),
            ],
            &[7],
        );
        published
            .full
            .remove(&(label(None, Parent, Some(Spanish)), 7));
        let r = Recoding::plan(&c, &published, &[7], &MINS);
        let spanish = r.set_of(&cell(1, Parent, Spanish)).unwrap();
        assert_eq!(spanish.language, Some(Spanish));
        assert!(!r.shows(&spanish, 7));
        assert!(r.shows(&r.set_of(&cell(1, Parent, English)).unwrap(), 7));
        published
            .counted
            .remove(&label(None, Parent, Some(Spanish)));
        let r = Recoding::plan(&c, &published, &[7], &MINS);
        let pooled = r.set_of(&cell(1, Parent, Spanish)).unwrap();
        assert_eq!(pooled.language, None);
        assert!(r.shows(&pooled, 7));
        assert_eq!(r.recoded.languages, 42);
    }

    #[test]
    fn few_users_or_commenters_in_a_set_hide_those_answers() {
        let mut c = counts(&[(cell(1, Teacher, English), 20)]);
        c.users.insert((cell(1, Teacher, English), 7), (20, 3));
        c.users.insert((cell(1, Teacher, English), 8), (20, 9));
        c.commenters.insert((cell(1, Teacher, English), 50, 8), 4);
        c.commenters.insert((cell(1, Teacher, English), 51, 8), 5);
        let published = publishing(&[Teacher], &[label(None, Teacher, None)], &[7, 8]);
        let r = Recoding::plan(&c, &published, &[7, 8], &MINS);
        let set = r.set_of(&cell(1, Teacher, English)).unwrap();
        assert!(!r.shows(&set, 7));
        assert!(r.shows(&set, 8));
        let teacher = cell(1, Teacher, English);
        assert!(!r.shows_text(&teacher, &set, 50, 8));
        assert!(r.shows_text(&teacher, &set, 51, 8));
    }

    #[test]
    fn a_month_with_fewer_than_the_minimum_recodes_the_sets_months() {
        let mut c = counts(&[(cell(1, Teacher, English), 20)]);
        c.responses
            .insert((cell(1, Teacher, English), (2027, 4)), 2);
        let published = publishing(&[Teacher], &[label(None, Teacher, None)], &[7]);
        let r = Recoding::plan(&c, &published, &[7], &MINS);
        let set = r.set_of(&cell(1, Teacher, English)).unwrap();
        assert!(!r.keeps_month(&set));
        assert_eq!(r.recoded.months, 22);
    }
}

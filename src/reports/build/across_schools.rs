//! Complementary suppression across schools for a school view's per-group rows. A school
//! view's row is checked against the district's same row, but the district's row is also the
//! sum of every school's: with three schools, the district's teachers minus two schools'
//! teachers is the third school's, although each school view passed its own check. So each
//! statistic is also laid out as schools × groups over every school of the survey (the
//! schools table's layout, `stats::suppress` with the schools' every-group figures, the
//! groups' district figures and the district's as margins), and a school view withholds
//! what that layout withholds in its row.

use super::lattice::every_school;
use super::schools::{group_table, GroupLayout};
use super::{group_row, Sums};
use crate::domain::StakeholderGroup;
use crate::reports::cells::{hidden_stat, Minimums, View, Within};
use crate::reports::evidence::CellFilter;
use crate::reports::load::ReportInputs;
use crate::reports::product::{ConstructRow, GroupStat, Stat, Summary};
use crate::stats::{suppress, Hidden, SuppressionResult};

/// The layout's decisions for one statistic.
pub struct AcrossSchools {
    schools: Vec<i32>,
    groups: Vec<StakeholderGroup>,
    hidden: SuppressionResult,
}

impl AcrossSchools {
    /// Lays the statistic's respondents out over `schools` × `groups`; `n(school, group)`
    /// counts them (`None`: every school, every group) in the view's respondent language.
    pub fn new(
        schools: &[i32],
        groups: &[StakeholderGroup],
        mins: &Minimums,
        n: impl Fn(Option<i32>, Option<StakeholderGroup>) -> u64,
    ) -> Self {
        let layout = GroupLayout::count(schools, groups, n);
        let group_mins: Vec<u64> = groups.iter().map(|g| mins.group(*g)).collect();
        let table = group_table(&layout, &group_mins, mins.pooled());
        Self {
            schools: schools.to_vec(),
            groups: groups.to_vec(),
            hidden: suppress(&table),
        }
    }

    /// How the layout withholds the row of `group` (`None`: All groups) at `school`.
    pub fn at(&self, school: i32, group: Option<StakeholderGroup>) -> Option<Hidden> {
        let row = self.schools.iter().position(|s| *s == school)?;
        match group {
            None => self.hidden.row_totals.get(row).copied().flatten(),
            Some(g) => {
                let col = self.groups.iter().position(|x| *x == g)?;
                self.hidden
                    .cells
                    .get(row)
                    .and_then(|r| r.get(col))
                    .copied()
                    .flatten()
            }
        }
    }

    /// Withholds `stat` (the row of `group` at `school`) when the layout does and it is
    /// shown with respondents (a row nobody answered says so; there is nothing to protect);
    /// returns whether it did.
    pub fn protect(&self, school: i32, group: Option<StakeholderGroup>, stat: &mut Stat) -> bool {
        match self.at(school, group) {
            Some(h) if stat.withheld.is_none() && stat.n != Some(0) => {
                *stat = hidden_stat(h);
                true
            }
            _ => false,
        }
    }
}

/// Counts a statistic's respondents at a school (or every school) and group (or every
/// group) in the view's respondent language.
fn measure<'a>(
    view: &'a View,
    count: impl Fn(&dyn CellFilter) -> u64 + 'a,
) -> impl Fn(Option<i32>, Option<StakeholderGroup>) -> u64 + 'a {
    move |school, group| {
        let cells = View {
            school,
            language: view.language,
            ..View::default()
        };
        count(&Within {
            view: &cells,
            row: group_row(group),
        })
    }
}

/// In a school view, withholds the use-rate rows the across-schools layout of the use rate
/// withholds at that school, and the construct rows the schools table's layouts withhold
/// there (before the summary cites any of them).
pub fn protect_sections(
    inputs: &ReportInputs,
    view: &View,
    mins: &Minimums,
    sums: &Sums,
    adoption: &mut [GroupStat],
    constructs: &mut [ConstructRow],
) {
    let Some(school) = view.school else { return };
    let schools = every_school(inputs);
    let uses = AcrossSchools::new(
        &schools,
        &inputs.groups,
        mins,
        measure(view, |f| sums.uses(f).0),
    );
    for row in adoption.iter_mut() {
        uses.protect(
            school,
            StakeholderGroup::from_label(&row.group),
            &mut row.stat,
        );
    }
    // The construct rows take the schools table's own layouts, so the table's cells and the
    // rows of the same school and group are withheld alike.
    for (key, schools, hidden) in super::schools::group_layouts(inputs, view, mins, sums) {
        let layout = AcrossSchools {
            schools,
            groups: inputs.groups.clone(),
            hidden,
        };
        for row in constructs.iter_mut().filter(|r| r.construct == key) {
            if layout.protect(
                school,
                StakeholderGroup::from_label(&row.group),
                &mut row.favourable,
            ) {
                row.mean = row.favourable.clone();
                row.alpha = None;
                row.distribution.clear();
            }
        }
    }
}

/// In a school view, withholds the response counts (and their rates) the across-schools
/// layout of completed responses withholds at that school.
pub fn protect_responses(
    inputs: &ReportInputs,
    view: &View,
    mins: &Minimums,
    sums: &Sums,
    summary: &mut Summary,
) {
    let Some(school) = view.school else { return };
    let layout = AcrossSchools::new(
        &every_school(inputs),
        &inputs.groups,
        mins,
        measure(view, |f| sums.completed(f)),
    );
    for row in summary.responses.iter_mut() {
        if layout.protect(
            school,
            StakeholderGroup::from_label(&row.group),
            &mut row.completed,
        ) {
            row.rate = row.completed.clone();
            row.expected = None;
            row.rate_flag = None;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use StakeholderGroup::{Student, Teacher};

    const MINS: Minimums = Minimums {
        students: 10,
        parents: 10,
        staff: 5,
        comments: 5,
    };

    #[test]
    fn a_small_school_cell_takes_another_school_with_it() {
        // Teachers: 20, 20 and 3 at schools 1, 2, 3; students 30 at each.
        let teachers = [20, 20, 3];
        let n = |school: Option<i32>, group: Option<StakeholderGroup>| -> u64 {
            let at = |s: usize| {
                let t = teachers[s];
                match group {
                    Some(Teacher) => t,
                    Some(_) => 30,
                    None => t + 30,
                }
            };
            match school {
                Some(s) => at(usize::try_from(s - 1).unwrap_or(0)),
                None => (0..3).map(at).sum(),
            }
        };
        let layout = AcrossSchools::new(&[1, 2, 3], &[Student, Teacher], &MINS, n);
        assert!(matches!(
            layout.at(3, Some(Teacher)),
            Some(Hidden::Primary { .. })
        ));
        // The district's teachers minus schools 1 and 2 would give school 3's away.
        let others = [layout.at(1, Some(Teacher)), layout.at(2, Some(Teacher))];
        assert_eq!(others.iter().filter(|h| h.is_some()).count(), 1);
        let mut shown = Stat {
            n: Some(20),
            value: Some(0.5),
            low: None,
            high: None,
            text: "50%".into(),
            withheld: None,
        };
        let school = if others[0].is_some() { 1 } else { 2 };
        assert!(layout.protect(school, Some(Teacher), &mut shown));
        assert_eq!(shown.withheld.as_deref(), Some("complementary"));
        // The school whose teachers stay shown keeps its students too.
        let untouched = 3 - school;
        assert_eq!(layout.at(untouched, Some(Student)), None);
        assert_eq!(layout.at(untouched, Some(Teacher)), None);
    }
}

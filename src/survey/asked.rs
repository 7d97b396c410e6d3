//! Which school × group cells a survey asks, and so which headcounts its response rates are
//! measured against.
//!
//! A new survey proposes, at each of its schools, the audience groups that exist there (a
//! student group only where the school's grade span reaches its band). Once it opens, what
//! it asks is what the coordinator kept: the cells with a working link or a batch of access
//! codes, plus any cell that has responses (a response proves the cell was asked, even if
//! its link was later turned off). The "all groups" expected total of a school is the sum
//! over these cells, so no headcount is counted twice and none the survey never asked.

use crate::db::models::schools::SchoolRow;
use crate::db::models::{distribution, monitor};
use crate::db::AnyConnection;
use crate::domain::{DistrictId, SchoolId, StakeholderGroup, SurveyId};
use diesel::QueryResult;
use std::collections::BTreeSet;

/// The cells (school id, group) of a survey that count for its response rates.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct AskedCells(BTreeSet<(i32, StakeholderGroup)>);

/// The cells to create links for when a survey opens: each school × each of the survey's
/// groups that exists at that school.
pub fn proposal(
    schools: &[&SchoolRow],
    groups: &[StakeholderGroup],
) -> Vec<(SchoolId, StakeholderGroup)> {
    schools
        .iter()
        .flat_map(|s| {
            s.span()
                .groups_of(groups)
                .into_iter()
                .map(move |g| (SchoolId(s.id), g))
        })
        .collect()
}

impl AskedCells {
    /// Cells from a list.
    pub fn from_cells(cells: impl IntoIterator<Item = (i32, StakeholderGroup)>) -> Self {
        AskedCells(cells.into_iter().collect())
    }

    /// The cells a survey asks at `schools` (the survey's schools the caller may see):
    /// its working links and code batches plus the cells with completed responses; a survey
    /// with neither links nor codes (a draft) asks its [`proposal`].
    pub fn load(
        conn: &mut AnyConnection,
        district: DistrictId,
        survey: SurveyId,
        schools: &[SchoolRow],
        groups: &[StakeholderGroup],
    ) -> QueryResult<Self> {
        let channels = distribution::channels(conn, district, survey)?;
        let answered = monitor::completions(conn, district, survey)?
            .into_iter()
            .filter(|(_, _, _, n)| *n > 0)
            .map(|(_, school, group, _)| (school, group));
        let mut cells: BTreeSet<(i32, StakeholderGroup)> = answered.collect();
        if channels.is_empty() {
            let rows: Vec<&SchoolRow> = schools.iter().collect();
            cells.extend(proposal(&rows, groups).into_iter().map(|(s, g)| (s.0, g)));
        } else {
            cells.extend(
                channels
                    .into_iter()
                    .filter(|(_, _, active)| *active)
                    .map(|(school, group, _)| (school, group)),
            );
        }
        Ok(AskedCells(cells))
    }

    /// Whether the survey asks this group at this school.
    pub fn asks(&self, school: i32, group: StakeholderGroup) -> bool {
        self.0.contains(&(school, group))
    }

    /// The headcount a rate of `group` (or of every group, `None`) at `school` is measured
    /// against: the school's headcount of each group the survey asks there.
    pub fn expected(&self, school: &SchoolRow, group: Option<StakeholderGroup>) -> u64 {
        StakeholderGroup::ALL
            .iter()
            .filter(|g| group.is_none_or(|only| only == **g))
            .filter(|g| self.asks(school.id, **g))
            .map(|g| u64::try_from(school.expected(*g)).unwrap_or(0))
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::SchoolLevel;
    use StakeholderGroup::*;

    fn school(id: i32, low: i32, high: i32) -> SchoolRow {
        SchoolRow {
            id,
            district_id: 1,
            name: format!("School {id}"),
            level: SchoolLevel::Other,
            expected_young_students: 90,
            expected_students: 300,
            expected_teachers: 20,
            expected_parents: 250,
            expected_coordinators: 2,
            archived: false,
            created_at: chrono::NaiveDateTime::default(),
            grade_low: low,
            grade_high: high,
        }
    }

    #[test]
    fn the_proposal_follows_each_schools_span() {
        let (k5, m, k8) = (school(1, 0, 5), school(2, 6, 8), school(3, 0, 8));
        let cells = proposal(&[&k5, &m, &k8], &[YoungStudent, Student, Parent]);
        assert_eq!(
            cells,
            [
                (SchoolId(1), YoungStudent),
                (SchoolId(1), Parent),
                (SchoolId(2), Student),
                (SchoolId(2), Parent),
                (SchoolId(3), YoungStudent),
                (SchoolId(3), Student),
                (SchoolId(3), Parent),
            ]
        );
    }

    #[test]
    fn expected_sums_only_the_asked_groups_that_exist() {
        let k5 = school(1, 0, 5);
        let asked = AskedCells::from_cells([(1, YoungStudent), (1, Student), (1, Teacher)]);
        assert_eq!(asked.expected(&k5, Some(YoungStudent)), 90);
        // A grades 6–12 link at a K–5 school expects nobody.
        assert_eq!(asked.expected(&k5, Some(Student)), 0);
        assert_eq!(asked.expected(&k5, Some(Parent)), 0);
        assert_eq!(asked.expected(&k5, None), 90 + 20);
    }
}

//! The comments section: the product's free-text answers that may be shown in a view.
//!
//! Which comments may be shown is decided over every school the viewer may see, before the
//! page's school or group filter and before any search: a school × group cell shows its
//! comments (labelled with school and group) when at least the comment minimum of its
//! respondents commented; the comments of the cells that fail pool per group over the
//! viewer's schools (labelled with the group only) when the pool reaches the minimum; what
//! is still left pools over every group (labelled "All groups") under the same test; the rest
//! is never shown. The filters then only pick comments whose label lies within them, so
//! comparing two filtered views cannot narrow a comment down to a smaller cell, and a search
//! only looks among comments already shown.

use super::GROUP_ALL;
use crate::db::models::comments::CommentRow;
use crate::db::models::schools::SchoolRow;
use crate::domain::{CommentSearch, StakeholderGroup};
use crate::reports::cells::View;
use crate::reports::product::{Comment, CommentSection};
use std::collections::{BTreeMap, HashSet};

/// Comments per page (the page, the JSON) and the most the print page and PDF carry.
pub const COMMENTS_PER_PAGE: usize = 50;

/// What the viewer asked of the comments section: a search and a page (1-based).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentQuery {
    /// Only comments containing this (case-insensitive).
    pub search: Option<CommentSearch>,
    /// Which page of the matching comments.
    pub page: usize,
}

impl Default for CommentQuery {
    fn default() -> Self {
        Self {
            search: None,
            page: 1,
        }
    }
}

/// The narrowest cell a shown comment is labelled with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Cell {
    SchoolGroup(i32, StakeholderGroup),
    Group(StakeholderGroup),
    Everyone,
}

impl Cell {
    /// Whether a view filtered to a school and/or group may show comments of this cell
    /// without narrowing them beyond their label.
    fn within(self, view: &View) -> bool {
        match self {
            Cell::SchoolGroup(s, g) => {
                view.school.is_none_or(|x| x == s) && view.group.is_none_or(|x| x == g)
            }
            Cell::Group(g) => view.school.is_none() && view.group.is_none_or(|x| x == g),
            Cell::Everyone => view.school.is_none() && view.group.is_none(),
        }
    }
}

/// Respondents who commented among `rows`.
fn commenters<'a>(rows: impl Iterator<Item = &'a (usize, i32, StakeholderGroup)>) -> u64 {
    let ids: HashSet<usize> = rows.map(|r| r.0).collect();
    u64::try_from(ids.len()).unwrap_or(u64::MAX)
}

/// Assigns each comment (by index) its narrowest passing cell; comments of cells that fail
/// at every level get none.
fn decide(rows: &[(usize, i32, StakeholderGroup)], minimum: u64) -> Vec<Option<Cell>> {
    let mut out = vec![None; rows.len()];
    let mut by_cell: BTreeMap<(i32, StakeholderGroup), Vec<usize>> = BTreeMap::new();
    for (i, r) in rows.iter().enumerate() {
        by_cell.entry((r.1, r.2)).or_default().push(i);
    }
    let mut left: Vec<usize> = Vec::new();
    for ((school, group), members) in &by_cell {
        if commenters(members.iter().map(|&i| &rows[i])) >= minimum {
            for &i in members {
                out[i] = Some(Cell::SchoolGroup(*school, *group));
            }
        } else {
            left.extend(members);
        }
    }
    let mut by_group: BTreeMap<StakeholderGroup, Vec<usize>> = BTreeMap::new();
    for i in left {
        by_group.entry(rows[i].2).or_default().push(i);
    }
    let mut rest: Vec<usize> = Vec::new();
    for (group, members) in &by_group {
        if commenters(members.iter().map(|&i| &rows[i])) >= minimum {
            for &i in members {
                out[i] = Some(Cell::Group(*group));
            }
        } else {
            rest.extend(members);
        }
    }
    if commenters(rest.iter().map(|&i| &rows[i])) >= minimum {
        for i in rest {
            out[i] = Some(Cell::Everyone);
        }
    }
    out
}

/// Builds the section for a view from the comments of the viewer's schools.
pub fn section(
    rows: &[CommentRow],
    schools: &[SchoolRow],
    view: &View,
    minimum: u64,
    query: &CommentQuery,
) -> CommentSection {
    let parsed: Vec<(usize, i32, StakeholderGroup, &str)> = rows
        .iter()
        .filter(|r| schools.iter().any(|s| s.id == r.school_id))
        .filter_map(|r| {
            let id = usize::try_from(r.response_id).ok()?;
            Some((id, r.school_id, r.stakeholder_group, r.text.as_str()))
        })
        .collect();
    let keys: Vec<(usize, i32, StakeholderGroup)> =
        parsed.iter().map(|p| (p.0, p.1, p.2)).collect();
    let mut shown: Vec<(Cell, usize)> = decide(&keys, minimum)
        .into_iter()
        .enumerate()
        .filter_map(|(i, cell)| cell.filter(|c| c.within(view)).map(|c| (c, i)))
        .collect();
    shown.sort();
    let available = shown.len();
    let matching: Vec<Comment> = shown
        .into_iter()
        .filter_map(|(cell, i)| {
            let text = parsed.get(i)?.3;
            if query.search.as_ref().is_some_and(|s| !s.matches(text)) {
                return None;
            }
            Some(Comment {
                from: label(cell, schools),
                text: text.to_string(),
            })
        })
        .collect();
    let pages = matching.len().div_ceil(COMMENTS_PER_PAGE).max(1);
    let page = query.page.clamp(1, pages);
    let first = (page - 1) * COMMENTS_PER_PAGE;
    let page_rows: Vec<Comment> = matching
        .iter()
        .skip(first)
        .take(COMMENTS_PER_PAGE)
        .cloned()
        .collect();
    CommentSection {
        minimum,
        search: query.search.as_ref().map(|s| s.as_str().to_string()),
        available: count(available),
        matching: count(matching.len()),
        summary: summary(first, page_rows.len(), matching.len(), query),
        page: count(page),
        pages: count(pages),
        previous_page: (page > 1).then(|| count(page - 1)),
        next_page: (page < pages).then(|| count(page + 1)),
        shown: page_rows,
    }
}

fn count(n: usize) -> u64 {
    u64::try_from(n).unwrap_or(u64::MAX)
}

fn label(cell: Cell, schools: &[SchoolRow]) -> String {
    match cell {
        Cell::SchoolGroup(s, g) => {
            let school = schools
                .iter()
                .find(|x| x.id == s)
                .map_or("", |x| x.name.as_str());
            format!("{school}, {}", g.label())
        }
        Cell::Group(g) => g.label().to_string(),
        Cell::Everyone => GROUP_ALL.to_string(),
    }
}

/// "Showing 1–50 of 312 comments" (or "… matching “slow”", or "No comments …").
fn summary(first: usize, on_page: usize, total: usize, query: &CommentQuery) -> String {
    let matching = query
        .search
        .as_ref()
        .map(|s| format!(" matching “{}”", s.as_str()))
        .unwrap_or_default();
    let noun = if total == 1 { "comment" } else { "comments" };
    if on_page == 0 {
        format!("No comments{matching} can be shown in this view.")
    } else {
        format!(
            "Showing {}–{} of {total} {noun}{matching}.",
            first + 1,
            first + on_page
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::SchoolLevel;
    use StakeholderGroup::{Parent, Student, Teacher};

    fn rows(spec: &[(i32, StakeholderGroup, usize, &str)]) -> Vec<CommentRow> {
        let mut out = Vec::new();
        let mut id = 0;
        for &(school, group, n, word) in spec {
            for k in 0..n {
                id += 1;
                out.push(CommentRow {
                    response_id: id,
                    school_id: school,
                    stakeholder_group: group,
                    text: format!("{word} {k}"),
                });
            }
        }
        out
    }

    fn school(id: i32, name: &str) -> SchoolRow {
        SchoolRow {
            id,
            district_id: 1,
            name: name.into(),
            level: SchoolLevel::Elementary,
            grade_low: 0,
            grade_high: 5,
            expected_young_students: 0,
            expected_students: 0,
            expected_teachers: 0,
            expected_parents: 0,
            expected_coordinators: 0,
            archived: false,
            created_at: chrono::NaiveDateTime::default(),
        }
    }

    fn all(view: &View, rows: &[CommentRow], search: Option<&str>) -> CommentSection {
        let schools = [school(1, "Ash"), school(2, "Birch"), school(3, "Cedar")];
        let query = CommentQuery {
            search: search.and_then(|s| CommentSearch::parse(s).ok().flatten()),
            page: 1,
        };
        section(rows, &schools, view, 5, &query)
    }

    #[test]
    fn each_comment_gets_the_narrowest_passing_label_and_small_leftovers_none() {
        let r = rows(&[
            (1, Teacher, 5, "ash teacher"),
            (2, Teacher, 2, "birch secret"),
            (2, Parent, 2, "birch parent"),
            (2, Student, 3, "birch student"),
            (3, Student, 3, "cedar student"),
        ]);
        let s = all(&View::default(), &r, None);
        assert_eq!(s.available, 11);
        let from = |word: &str| -> Vec<String> {
            s.shown
                .iter()
                .filter(|c| c.text.starts_with(word))
                .map(|c| c.from.clone())
                .collect()
        };
        assert_eq!(
            from("ash teacher"),
            vec![format!("Ash, {}", Teacher.label()); 5]
        );
        assert_eq!(from("birch student"), vec![Student.label().to_string(); 3]);
        assert!(from("birch secret").is_empty() && from("birch parent").is_empty());
        assert!(all(&View::default(), &r, Some("BIRCH SECRET"))
            .shown
            .is_empty());
        assert_eq!(all(&View::default(), &r, Some("birch")).matching, 3);
    }

    #[test]
    fn filters_only_pick_labels_within_them() {
        let r = rows(&[
            (1, Teacher, 5, "ash teacher"),
            (2, Student, 3, "birch student"),
            (3, Student, 3, "cedar student"),
        ]);
        let birch = View {
            school: Some(2),
            ..View::default()
        };
        assert_eq!(
            all(&birch, &r, None).available,
            0,
            "pooled students stay pooled"
        );
        let students = View {
            group: Some(Student),
            ..View::default()
        };
        assert_eq!(all(&students, &r, None).available, 6);
        let ash = View {
            school: Some(1),
            ..View::default()
        };
        assert_eq!(all(&ash, &r, None).available, 5);
    }

    #[test]
    fn leftovers_of_every_group_pool_last_and_pages_are_counted() {
        let r = rows(&[(1, Teacher, 3, "t"), (2, Parent, 2, "p")]);
        let s = all(&View::default(), &r, None);
        assert!(s.shown.iter().all(|c| c.from == "All groups") && s.available == 5);
        let many = rows(&[(1, Teacher, 120, "word")]);
        let s = all(&View::default(), &many, None);
        assert_eq!((s.shown.len(), s.pages, s.next_page), (50, 3, Some(2)));
        assert_eq!(s.summary, "Showing 1–50 of 120 comments.");
        let none = all(&View::default(), &many, Some("absent"));
        assert_eq!(
            none.summary,
            "No comments matching “absent” can be shown in this view."
        );
    }
}

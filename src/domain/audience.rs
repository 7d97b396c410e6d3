//! Who a licensed feature is asked of: a non-empty set of audience groups, so students are
//! never asked about the teacher dashboard nor teachers about the parent reports.

use super::enums::{AudienceGroup, StakeholderGroup};
use super::ParseError;
use serde::Serialize;
use std::collections::BTreeSet;
use std::fmt;

/// Name stems that make a feature a staff feature by default (teachers and coordinators).
const STAFF_STEMS: &[&str] = &["teacher", "dashboard", "gradebook"];
/// Name stems that make a feature a parents' feature by default.
const PARENT_STEMS: &[&str] = &["parent", "famil", "guardian"];

/// The groups a feature is asked of: never empty, stored as its groups joined by commas
/// (`students,teachers`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
#[serde(into = "Vec<AudienceGroup>")]
pub struct FeatureAudience(BTreeSet<AudienceGroup>);

impl From<FeatureAudience> for Vec<AudienceGroup> {
    fn from(a: FeatureAudience) -> Self {
        a.0.into_iter().collect()
    }
}

impl FeatureAudience {
    /// Every group: the audience of a feature whose name says nothing narrower.
    pub fn everyone() -> FeatureAudience {
        FeatureAudience(AudienceGroup::ALL.iter().copied().collect())
    }

    /// The default for a new feature, from words of its name: teacher, dashboard or
    /// gradebook make it the staff's (teachers and coordinators); parent, family or guardian
    /// the parents'; both, both; neither, everyone's. A word counts when one of the name's
    /// words starts with it ("Teachers' view", "Families"), so "transparent" is no parent.
    pub fn from_name(name: &str) -> FeatureAudience {
        let lower = name.to_lowercase();
        let words: Vec<&str> = lower
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        let mentions = |stems: &[&str]| {
            words
                .iter()
                .any(|w| stems.iter().any(|stem| w.starts_with(stem)))
        };
        let mut groups = BTreeSet::new();
        if mentions(STAFF_STEMS) {
            groups.extend([AudienceGroup::Teachers, AudienceGroup::Coordinators]);
        }
        if mentions(PARENT_STEMS) {
            groups.insert(AudienceGroup::Parents);
        }
        if groups.is_empty() {
            FeatureAudience::everyone()
        } else {
            FeatureAudience(groups)
        }
    }

    /// Parses a list of group names as written in the CSV and the database: separated by
    /// commas, `+` or spaces, each `students`, `teachers`, `parents` or `coordinators` (the
    /// singular is accepted too, in any case), or the one word `everyone`.
    pub fn parse(raw: &str) -> Result<FeatureAudience, ParseError> {
        let words: Vec<&str> = raw
            .split(|c: char| c == ',' || c == '+' || c.is_whitespace())
            .filter(|w| !w.is_empty())
            .collect();
        if let [one] = words.as_slice() {
            if one.eq_ignore_ascii_case("everyone") {
                return Ok(FeatureAudience::everyone());
            }
        }
        FeatureAudience::from_values(&words)
    }

    /// Builds the audience from one group name per value (form checkboxes, a JSON array);
    /// refuses an empty list and any name that is not a group.
    pub fn from_values<S: AsRef<str>>(values: &[S]) -> Result<FeatureAudience, ParseError> {
        let mut groups = BTreeSet::new();
        for value in values {
            groups.insert(group_named(value.as_ref())?);
        }
        if groups.is_empty() {
            return Err(ParseError::new(
                "Choose at least one group the feature is asked of: students, teachers, parents or coordinators.",
            ));
        }
        Ok(FeatureAudience(groups))
    }

    /// Whether respondents of `group` are asked about the feature.
    pub fn asks(&self, group: StakeholderGroup) -> bool {
        self.0.contains(&AudienceGroup::of(group))
    }

    /// Whether `group` is in the audience.
    pub fn contains(&self, group: AudienceGroup) -> bool {
        self.0.contains(&group)
    }

    /// Whether every group is in it.
    pub fn is_everyone(&self) -> bool {
        self.0.len() == AudienceGroup::ALL.len()
    }

    /// The stored spelling: group names in a fixed order, joined by commas.
    pub fn as_stored(&self) -> String {
        self.0
            .iter()
            .map(|g| g.as_str())
            .collect::<Vec<_>>()
            .join(",")
    }

    /// The audience as staff pages say it: "Everyone", or "Teachers and coordinators".
    pub fn label(&self) -> String {
        if self.is_everyone() {
            return "Everyone".to_string();
        }
        let names: Vec<String> = self
            .0
            .iter()
            .enumerate()
            .map(|(i, g)| {
                if i == 0 {
                    g.label().to_string()
                } else {
                    g.label().to_lowercase()
                }
            })
            .collect();
        match names.split_last() {
            Some((last, rest)) if !rest.is_empty() => format!("{} and {last}", rest.join(", ")),
            _ => names.concat(),
        }
    }
}

impl fmt::Display for FeatureAudience {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.as_stored())
    }
}

/// One group name, plural or singular, in any case.
fn group_named(word: &str) -> Result<AudienceGroup, ParseError> {
    let lower = word.trim().to_lowercase();
    AudienceGroup::ALL
        .iter()
        .copied()
        .find(|g| lower == g.as_str() || Some(lower.as_str()) == g.as_str().strip_suffix('s'))
        .ok_or_else(|| {
            ParseError::new(format!(
                "\"{}\" is not a group a feature can be asked of; use students, teachers, parents, coordinators or everyone.",
                word.trim()
            ))
        })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn stored(name: &str) -> String {
        FeatureAudience::from_name(name).as_stored()
    }

    #[test]
    fn defaults_come_from_the_name() {
        assert_eq!(stored("Teacher dashboard"), "teachers,coordinators");
        assert_eq!(stored("Gradebook sync"), "teachers,coordinators");
        assert_eq!(stored("Class DASHBOARD"), "teachers,coordinators");
        assert_eq!(stored("Parent reports"), "parents");
        assert_eq!(stored("Family messaging"), "parents");
        assert_eq!(stored("Guardian portal"), "parents");
        assert_eq!(
            stored("Teacher–parent messages"),
            "teachers,parents,coordinators"
        );
        assert_eq!(
            stored("Adaptive practice"),
            "students,teachers,parents,coordinators"
        );
        // Only words that start with the stem count.
        assert_eq!(
            stored("Transparent grading"),
            "students,teachers,parents,coordinators"
        );
    }

    #[test]
    fn parses_lists_and_everyone() {
        let a = FeatureAudience::parse("Teachers + coordinator").unwrap();
        assert_eq!(a.as_stored(), "teachers,coordinators");
        assert!(a.asks(StakeholderGroup::Teacher));
        assert!(a.asks(StakeholderGroup::Coordinator));
        assert!(!a.asks(StakeholderGroup::Student));
        assert!(!a.asks(StakeholderGroup::YoungStudent));
        assert_eq!(a.label(), "Teachers and coordinators");
        let all = FeatureAudience::parse("everyone").unwrap();
        assert!(all.is_everyone());
        assert_eq!(all.label(), "Everyone");
        assert_eq!(FeatureAudience::parse(&all.as_stored()).unwrap(), all);
        let students = FeatureAudience::parse("students").unwrap();
        assert!(students.asks(StakeholderGroup::YoungStudent));
        assert!(students.asks(StakeholderGroup::Student));
    }

    #[test]
    fn refuses_empty_and_unknown_groups() {
        assert!(FeatureAudience::parse("")
            .unwrap_err()
            .to_string()
            .contains("at least one group"));
        let err = FeatureAudience::parse("teachers,pupils").unwrap_err();
        assert!(err.to_string().contains("\"pupils\" is not a group"));
        assert!(FeatureAudience::from_values::<&str>(&[]).is_err());
        assert!(FeatureAudience::parse("everyone teachers").is_err());
    }
}

//! Closed vocabularies of the product, stored as short lowercase text in the database.

use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;

use super::ParseError;

/// Declares a text-backed enum with its database/URL spelling, parsed with a specific error.
macro_rules! text_enum {
    ($(#[$doc:meta])* $name:ident, $what:literal { $($(#[$vdoc:meta])* $variant:ident => $text:literal),+ $(,)? }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        pub enum $name {
            $($(#[$vdoc])* #[serde(rename = $text)] $variant),+
        }

        impl $name {
            /// Every value, in display order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable spelling used in the database, URLs, exports and data files.
            pub fn as_str(self) -> &'static str {
                match self { $($name::$variant => $text),+ }
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl FromStr for $name {
            type Err = ParseError;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                match s.trim() {
                    $($text => Ok($name::$variant),)+
                    other => Err(ParseError::new(format!(
                        concat!("\"{}\" is not a known ", $what, "; expected one of: {}"),
                        other,
                        [$($text),+].join(", ")
                    ))),
                }
            }
        }
    };
}

text_enum!(
    /// Who answers a survey; items are worded separately for each group.
    StakeholderGroup, "stakeholder group" {
        /// Students in grades 3–5: simpler words, one item per page, face scale.
        YoungStudent => "young_student",
        /// Students in grades 6–12.
        Student => "student",
        /// Teachers and other instructional staff.
        Teacher => "teacher",
        /// Parents and guardians.
        Parent => "parent",
        /// Site coordinators (technology leads, school administrators).
        Coordinator => "coordinator",
    }
);

impl Role {
    /// The name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            Role::DistrictAdmin => "District administrator",
            Role::SchoolCoordinator => "School coordinator",
            Role::Viewer => "Viewer",
        }
    }
}

impl StakeholderGroup {
    /// Staff groups get the lower default minimum cell size (5), others 10 (statistics.md).
    pub fn is_staff(self) -> bool {
        matches!(
            self,
            StakeholderGroup::Teacher | StakeholderGroup::Coordinator
        )
    }

    /// The group whose [`label`](Self::label) this is (report rows name their group by it);
    /// `None` for "All groups" or any other text.
    pub fn from_label(label: &str) -> Option<Self> {
        Self::ALL.iter().copied().find(|g| g.label() == label)
    }

    /// The group's name as staff pages show it.
    pub fn label(self) -> &'static str {
        match self {
            StakeholderGroup::YoungStudent => "Students (grades 3–5)",
            StakeholderGroup::Student => "Students (grades 6–12)",
            StakeholderGroup::Teacher => "Teachers",
            StakeholderGroup::Parent => "Parents and guardians",
            StakeholderGroup::Coordinator => "Coordinators",
        }
    }
}

text_enum!(
    /// Who a licensed feature is for: the stakeholder groups with students as one (a feature
    /// students use is asked of grades 3–5 and 6–12 alike).
    AudienceGroup, "audience group" {
        /// Students of every surveyed grade (3–5 and 6–12).
        Students => "students",
        /// Teachers.
        Teachers => "teachers",
        /// Parents and guardians.
        Parents => "parents",
        /// Site coordinators.
        Coordinators => "coordinators",
    }
);

impl AudienceGroup {
    /// The audience group a respondent group belongs to (both student bands are students).
    pub fn of(group: StakeholderGroup) -> AudienceGroup {
        match group {
            StakeholderGroup::YoungStudent | StakeholderGroup::Student => AudienceGroup::Students,
            StakeholderGroup::Teacher => AudienceGroup::Teachers,
            StakeholderGroup::Parent => AudienceGroup::Parents,
            StakeholderGroup::Coordinator => AudienceGroup::Coordinators,
        }
    }

    /// The name staff pages show.
    pub fn label(self) -> &'static str {
        match self {
            AudienceGroup::Students => "Students",
            AudienceGroup::Teachers => "Teachers",
            AudienceGroup::Parents => "Parents",
            AudienceGroup::Coordinators => "Coordinators",
        }
    }
}

text_enum!(
    /// What a staff account may do; scope to schools is stored apart.
    Role, "role" {
        /// Everything in the district: catalogue, staff, every school's surveys and reports.
        DistrictAdmin => "district_admin",
        /// Surveys and reports of the schools assigned to them.
        SchoolCoordinator => "school_coordinator",
        /// Reads reports of the schools assigned to them.
        Viewer => "viewer",
    }
);

text_enum!(
    /// A school's level, used to group schools in reports.
    SchoolLevel, "school level" {
        /// Elementary school.
        Elementary => "elementary",
        /// Middle school.
        Middle => "middle",
        /// High school.
        High => "high",
        /// Anything else (K-8, alternative, district office).
        Other => "other",
    }
);

text_enum!(
    /// What one licensed seat of a product covers, so cost per seat compares like with like.
    SeatUnit, "seat unit" {
        /// One seat per student.
        Student => "student",
        /// One seat per teacher.
        Teacher => "teacher",
        /// One seat per school.
        School => "school",
        /// One seat per site (a campus or building).
        Site => "site",
    }
);

impl SeatUnit {
    /// The name shown to people ("per student").
    pub fn label(self) -> &'static str {
        match self {
            SeatUnit::Student => "per student",
            SeatUnit::Teacher => "per teacher",
            SeatUnit::School => "per school",
            SeatUnit::Site => "per site",
        }
    }
}

impl SchoolLevel {
    /// The name shown to people.
    pub fn label(self) -> &'static str {
        match self {
            SchoolLevel::Elementary => "Elementary",
            SchoolLevel::Middle => "Middle",
            SchoolLevel::High => "High",
            SchoolLevel::Other => "Other",
        }
    }
}

text_enum!(
    /// The shape of an item's answer, which decides how it is stored and aggregated.
    ItemKind, "item kind" {
        /// A 5-point scale with a verbal label on every point (values 1..=5).
        Scale5 => "scale5",
        /// Likelihood to recommend, 0..=10.
        Recommend => "recommend",
        /// One option from a list.
        SingleChoice => "single_choice",
        /// Any number of options from a list.
        MultiChoice => "multi_choice",
        /// Per licensed feature: use / know but don't use / unaware, plus "wants training".
        FeatureMatrix => "feature_matrix",
        /// A whole number within bounds, with a unit (e.g. minutes per week).
        Number => "number",
        /// A short free-text answer.
        ShortText => "short_text",
        /// A long free-text answer (comments).
        LongText => "long_text",
    }
);

text_enum!(
    /// Where a survey is in its life: items are frozen once it opens.
    SurveyStatus, "survey status" {
        /// Being written; not reachable by respondents.
        Draft => "draft",
        /// Accepting answers between its open and close times.
        Open => "open",
        /// No longer accepting answers; reports are final.
        Closed => "closed",
    }
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_enum_round_trips_through_its_text() {
        for g in StakeholderGroup::ALL {
            assert_eq!(g.as_str().parse::<StakeholderGroup>(), Ok(*g));
        }
        for r in Role::ALL {
            assert_eq!(r.as_str().parse::<Role>(), Ok(*r));
        }
        for k in ItemKind::ALL {
            assert_eq!(k.as_str().parse::<ItemKind>(), Ok(*k));
        }
    }

    #[test]
    fn unknown_text_names_the_vocabulary() {
        let err = "pupil".parse::<StakeholderGroup>().unwrap_err();
        assert!(err.to_string().contains("not a known stakeholder group"));
        assert!(err.to_string().contains("young_student"));
    }
}

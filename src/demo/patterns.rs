//! What each demo product's synthetic answers are designed to show.
//!
//! Index matches `catalogue::PRODUCTS`: MathQuest is popular, ClassHub LMS has a training
//! gap, ReadAlong has poor vendor support, LabSim is barely used; FamilyLink and CodeCraft
//! are ordinary. The report's verdicts are checked against these designs.

use crate::domain::StakeholderGroup;

/// The answer tendencies of one product.
#[derive(Debug, Clone, Copy)]
pub struct Pattern {
    /// Chance that a respondent of each group uses it: [young student, student, teacher, parent, coordinator].
    pub use_rate: [f64; 5],
    /// Mean of most 5-point items (1..5).
    pub base: f64,
    /// Mean of the confidence items.
    pub confidence: f64,
    /// Mean of the vendor-support ratings.
    pub support: f64,
    /// Chance that a staff user contacted support this year.
    pub contacted_support: f64,
    /// Chance that a respondent knows whom to contact.
    pub knows_contact: f64,
    /// Share answering "no training" / "some" (the rest "enough").
    pub training_received: [f64; 2],
    /// Share wanting "no more" / "a little more" (the rest "a lot more").
    pub training_wanted: [f64; 2],
    /// Feature matrix: chance of [uses, knows but not uses] (the rest unaware).
    pub feature_states: [f64; 2],
    /// Chance of ticking "would like training" on a feature.
    pub wants_feature_training: f64,
    /// Typical minutes per week.
    pub minutes: f64,
}

/// The six designed patterns, in catalogue order.
pub const PATTERNS: [Pattern; 6] = [
    // MathQuest: popular and well supported.
    Pattern {
        use_rate: [0.9, 0.85, 0.9, 0.75, 1.0],
        base: 4.2,
        confidence: 4.1,
        support: 4.2,
        contacted_support: 0.25,
        knows_contact: 0.8,
        training_received: [0.1, 0.3],
        training_wanted: [0.6, 0.3],
        feature_states: [0.75, 0.17],
        wants_feature_training: 0.08,
        minutes: 95.0,
    },
    // ClassHub LMS: valued but people never learnt it (training gap).
    Pattern {
        use_rate: [0.6, 0.92, 0.95, 0.55, 1.0],
        base: 3.9,
        confidence: 2.0,
        support: 3.7,
        contacted_support: 0.3,
        knows_contact: 0.6,
        training_received: [0.6, 0.3],
        training_wanted: [0.1, 0.3],
        feature_states: [0.45, 0.2],
        wants_feature_training: 0.55,
        minutes: 160.0,
    },
    // ReadAlong: a good product whose vendor stopped answering (poor support).
    Pattern {
        use_rate: [0.85, 0.4, 0.75, 0.5, 1.0],
        base: 3.9,
        confidence: 3.8,
        support: 1.6,
        contacted_support: 0.5,
        knows_contact: 0.3,
        training_received: [0.2, 0.4],
        training_wanted: [0.5, 0.35],
        feature_states: [0.6, 0.25],
        wants_feature_training: 0.12,
        minutes: 70.0,
    },
    // LabSim: paid for, barely used, features unknown (adoption).
    Pattern {
        use_rate: [0.02, 0.08, 0.12, 0.03, 0.5],
        base: 3.4,
        confidence: 3.1,
        support: 3.4,
        contacted_support: 0.15,
        knows_contact: 0.35,
        training_received: [0.5, 0.35],
        training_wanted: [0.4, 0.4],
        feature_states: [0.12, 0.28],
        wants_feature_training: 0.3,
        minutes: 20.0,
    },
    // FamilyLink: ordinary family messaging tool.
    Pattern {
        use_rate: [0.0, 0.15, 0.7, 0.8, 1.0],
        base: 3.7,
        confidence: 3.7,
        support: 3.6,
        contacted_support: 0.2,
        knows_contact: 0.55,
        training_received: [0.25, 0.4],
        training_wanted: [0.5, 0.35],
        feature_states: [0.55, 0.3],
        wants_feature_training: 0.15,
        minutes: 30.0,
    },
    // CodeCraft: ordinary, small audience.
    Pattern {
        use_rate: [0.1, 0.3, 0.25, 0.15, 1.0],
        base: 3.8,
        confidence: 3.6,
        support: 3.7,
        contacted_support: 0.2,
        knows_contact: 0.5,
        training_received: [0.3, 0.4],
        training_wanted: [0.45, 0.35],
        feature_states: [0.5, 0.3],
        wants_feature_training: 0.2,
        minutes: 60.0,
    },
];

/// Index of a group in [`Pattern::use_rate`].
pub fn group_index(group: StakeholderGroup) -> usize {
    match group {
        StakeholderGroup::YoungStudent => 0,
        StakeholderGroup::Student => 1,
        StakeholderGroup::Teacher => 2,
        StakeholderGroup::Parent => 3,
        StakeholderGroup::Coordinator => 4,
    }
}

/// Short comments people leave, by how they feel: (English, Spanish).
pub const COMMENTS: [[(&str, &str); 3]; 3] = [
    [
        (
            "It crashes when too many of us log in at once.",
            "Se cae cuando muchos entramos a la vez.",
        ),
        (
            "Nobody showed us how to use most of it.",
            "Nadie nos enseñó a usar casi nada.",
        ),
        (
            "I waited two weeks for an answer from support.",
            "Esperé dos semanas una respuesta de soporte.",
        ),
    ],
    [
        (
            "It is fine, but the menus are confusing.",
            "Está bien, pero los menús son confusos.",
        ),
        (
            "Useful some weeks, not others.",
            "Útil algunas semanas, otras no.",
        ),
        (
            "Would use it more with a short training.",
            "Lo usaría más con una capacitación corta.",
        ),
    ],
    [
        (
            "My students ask to use it.",
            "Mis estudiantes piden usarlo.",
        ),
        ("Saves me time every week.", "Me ahorra tiempo cada semana."),
        (
            "Easy to follow my child's progress.",
            "Es fácil seguir el progreso de mi hijo.",
        ),
    ],
];

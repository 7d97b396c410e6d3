//! The survey settings form as typed (raw text, kept to re-render it) and as validated input.
//!
//! A draft may be saved unfinished (no products yet, say); what a survey needs before it can
//! open is checked separately by `survey::readiness`, so the page can say why it cannot open.

use super::catalogue::Problems;
use super::translations::parse_optional;
use super::{
    LabelText, Language, LanguageSet, ParseError, ProductId, SchoolId, StakeholderGroup, TimeZone,
};
use crate::domain::FieldError;
use chrono::{NaiveDateTime, Utc};
use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, BTreeSet};

/// Most product blocks a survey may put before one respondent.
pub const MAX_PRODUCT_CAP: i32 = 10;

/// Minutes after the close during which answers already in progress may still be sent,
/// when the form leaves it empty.
pub const DEFAULT_GRACE_MINUTES: i32 = 60;

/// The longest grace period: a day.
pub const MAX_GRACE_MINUTES: i32 = 1440;

/// The survey settings form as typed. Checkbox lists arrive as repeated fields.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SurveyForm {
    /// Title.
    pub title: String,
    /// Title in Spanish (optional; respondents reading Spanish see the original without it).
    pub title_es: String,
    /// Wave label, e.g. "Spring 2027".
    pub wave: String,
    /// Opening time, `YYYY-MM-DDTHH:MM` in the district's time zone.
    pub opens_at: String,
    /// Closing time, `YYYY-MM-DDTHH:MM` in the district's time zone.
    pub closes_at: String,
    /// Most product blocks per respondent.
    pub product_cap: String,
    /// Minutes after the close during which answers in progress may still be sent (empty:
    /// the default).
    pub grace_minutes: String,
    /// Audience group codes.
    pub groups: Vec<String>,
    /// Language codes.
    pub languages: Vec<String>,
    /// School ids.
    pub schools: Vec<String>,
    /// Product ids, in the order chosen.
    pub products: Vec<String>,
    /// `construct_key.group` pairs: which construct is asked of which group.
    pub constructs: Vec<String>,
    /// Set when the form listed the items of each construct, so `items` is the choice;
    /// absent (older clients), every item of a chosen construct is kept.
    pub item_list: String,
    /// Keys of the ticked items of the chosen constructs.
    pub items: Vec<String>,
}

/// The opening and closing times of a wave: closing is always after opening.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SurveyWindow {
    opens: NaiveDateTime,
    closes: NaiveDateTime,
}

impl SurveyWindow {
    /// A window, refused when it closes at or before it opens.
    pub fn new(opens: NaiveDateTime, closes: NaiveDateTime) -> Result<Self, ParseError> {
        if closes <= opens {
            return Err(ParseError::new(
                "The survey must close after it opens: choose a later closing time.",
            ));
        }
        Ok(SurveyWindow { opens, closes })
    }

    /// Opening time (UTC).
    pub fn opens(&self) -> NaiveDateTime {
        self.opens
    }

    /// Closing time (UTC).
    pub fn closes(&self) -> NaiveDateTime {
        self.closes
    }
}

/// Valid survey settings.
#[derive(Debug, Clone)]
pub struct SurveyInput {
    /// Title (≤ 120 characters).
    pub title: LabelText,
    /// The title in other languages, where given (each ≤ 120 characters).
    pub titles: BTreeMap<Language, String>,
    /// Wave label (≤ 60 characters).
    pub wave: LabelText,
    /// When it opens and closes.
    pub window: SurveyWindow,
    /// Most product blocks per respondent (1..=10).
    pub product_cap: i32,
    /// Grace period for answers in progress after the close, in minutes (0..=1440).
    pub grace_minutes: i32,
    /// Audience, in the canonical group order.
    pub groups: Vec<StakeholderGroup>,
    /// Languages offered.
    pub languages: Vec<Language>,
    /// Schools (checked against the district and the user's scope when saved).
    pub schools: Vec<SchoolId>,
    /// Products in the order chosen (checked against the catalogue when saved).
    pub products: Vec<ProductId>,
    /// For each chosen construct, the audience groups it is asked of.
    pub constructs: BTreeMap<String, Vec<StakeholderGroup>>,
    /// The items kept of the chosen constructs (`None`: every one); checked against the
    /// bank when saved.
    pub items: Option<BTreeSet<String>>,
}

/// Parses a `datetime-local` value (or the same with a space) as a wall-clock time in
/// `zone`; the UTC instant (see [`TimeZone::to_utc`] for clock changes).
pub fn parse_date_time(raw: &str, what: &str, zone: TimeZone) -> Result<NaiveDateTime, ParseError> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(ParseError::new(format!("Enter the {what}.")));
    }
    let local = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]
        .iter()
        .find_map(|f| NaiveDateTime::parse_from_str(s, f).ok())
        .ok_or_else(|| {
            ParseError::new(format!(
                "The {what} must be a date and time like 2027-03-01T08:00."
            ))
        })?;
    zone.to_utc(local, what)
}

/// A stored (UTC) time as a `datetime-local` value in `zone`, for a form.
pub fn date_time_value(utc: NaiveDateTime, zone: TimeZone) -> String {
    zone.from_utc(utc).format("%Y-%m-%dT%H:%M").to_string()
}

fn parse_ids<T>(raw: &[String], what: &str, make: impl Fn(i32) -> T) -> Result<Vec<T>, ParseError> {
    let mut ids: Vec<i32> = Vec::new();
    for value in raw {
        let id = value
            .trim()
            .parse::<i32>()
            .ok()
            .filter(|id| *id > 0)
            .ok_or_else(|| ParseError::new(format!("That is not one of the {what} offered.")))?;
        if !ids.contains(&id) {
            ids.push(id);
        }
    }
    Ok(ids.into_iter().map(make).collect())
}

/// The values chosen from a checkbox list, in the canonical order of `all`; `unknown` when a
/// value is not one of them, `none` when nothing is chosen.
fn parse_chosen<T: std::str::FromStr + Copy + PartialEq>(
    raw: &[String],
    all: &[T],
    unknown: &str,
    none: &str,
) -> Result<Vec<T>, ParseError> {
    let mut chosen = Vec::new();
    for value in raw {
        chosen.push(value.parse::<T>().map_err(|_| ParseError::new(unknown))?);
    }
    let ordered: Vec<T> = all.iter().copied().filter(|v| chosen.contains(v)).collect();
    if ordered.is_empty() {
        return Err(ParseError::new(none));
    }
    Ok(ordered)
}

fn parse_groups(raw: &[String]) -> Result<Vec<StakeholderGroup>, ParseError> {
    parse_chosen(
        raw,
        StakeholderGroup::ALL,
        "That is not one of the groups offered.",
        "Choose at least one group to ask.",
    )
}

/// The chosen languages, each one the district enabled (a language it has not enabled is
/// never offered, so one posted anyway is refused by name).
fn parse_languages(raw: &[String], enabled: &LanguageSet) -> Result<Vec<Language>, ParseError> {
    let chosen = parse_chosen(
        raw,
        Language::ALL,
        "That is not one of the languages offered.",
        "Choose at least one language.",
    )?;
    match chosen.iter().find(|l| !enabled.contains(**l)) {
        Some(off) => Err(ParseError::new(format!(
            "{} is not enabled for your district; a district admin enables languages in the district settings.",
            off.english_name()
        ))),
        None => Ok(chosen),
    }
}

/// `construct.group` pairs into a construct → groups map, keeping only chosen audience groups.
fn parse_constructs(
    raw: &[String],
    audience: &[StakeholderGroup],
) -> Result<BTreeMap<String, Vec<StakeholderGroup>>, ParseError> {
    let mut map: BTreeMap<String, Vec<StakeholderGroup>> = BTreeMap::new();
    for value in raw {
        let (construct, group) = value
            .rsplit_once('.')
            .and_then(|(c, g)| Some((c, g.parse::<StakeholderGroup>().ok()?)))
            .filter(|(c, _)| {
                !c.is_empty()
                    && c.bytes()
                        .all(|b| b.is_ascii_lowercase() || b == b'_' || b.is_ascii_digit())
            })
            .ok_or_else(|| ParseError::new("That is not one of the question sets offered."))?;
        if audience.contains(&group) {
            let groups = map.entry(construct.to_string()).or_default();
            if !groups.contains(&group) {
                groups.push(group);
            }
        }
    }
    for groups in map.values_mut() {
        groups.sort_by_key(|g| StakeholderGroup::ALL.iter().position(|a| a == g));
    }
    Ok(map)
}

/// The ticked item keys, when the form listed them.
fn parse_items(list: &str, raw: &[String]) -> Result<Option<BTreeSet<String>>, ParseError> {
    if list.is_empty() {
        return Ok(None);
    }
    raw.iter()
        .map(|k| {
            let k = k.trim();
            super::SkipCondition::is_valid_item_key(k)
                .then(|| k.to_string())
                .ok_or_else(|| ParseError::new("That is not one of the questions offered."))
        })
        .collect::<Result<BTreeSet<_>, _>>()
        .map(Some)
}

fn parse_cap(raw: &str) -> Result<i32, ParseError> {
    raw.trim()
        .parse::<i32>()
        .ok()
        .filter(|n| (1..=MAX_PRODUCT_CAP).contains(n))
        .ok_or_else(|| {
            ParseError::new(format!(
                "The number of products per respondent is a whole number from 1 to {MAX_PRODUCT_CAP}."
            ))
        })
}

fn parse_grace(raw: &str) -> Result<i32, ParseError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Ok(DEFAULT_GRACE_MINUTES);
    }
    raw.parse::<i32>()
        .ok()
        .filter(|n| (0..=MAX_GRACE_MINUTES).contains(n))
        .ok_or_else(|| {
            ParseError::new(format!(
                "The grace period is a whole number of minutes from 0 to {MAX_GRACE_MINUTES}."
            ))
        })
}

impl SurveyForm {
    /// Parses every field, collecting every problem; times are read in `zone`, and only the
    /// district's `enabled` languages may be chosen.
    pub fn parse(
        &self,
        zone: TimeZone,
        enabled: &LanguageSet,
    ) -> Result<SurveyInput, Vec<FieldError>> {
        let mut p = Problems::default();
        let title = p.take("title", LabelText::parse(&self.title, "title", 120));
        let titles =
            match parse_optional(&[(Language::Spanish, &self.title_es)], "title", 120, false) {
                Ok(titles) => Some(titles),
                Err(errors) => {
                    for (language, e) in errors {
                        p.add(&format!("title_{}", language.as_str()), e.to_string());
                    }
                    None
                }
            };
        let wave = p.take("wave", LabelText::parse(&self.wave, "wave name", 60));
        let opens = p.take(
            "opens_at",
            parse_date_time(&self.opens_at, "opening time", zone),
        );
        let closes = p.take(
            "closes_at",
            parse_date_time(&self.closes_at, "closing time", zone),
        );
        let window = match (opens, closes) {
            (Some(o), Some(c)) => p.take("closes_at", SurveyWindow::new(o, c)),
            _ => None,
        };
        let product_cap = p.take("product_cap", parse_cap(&self.product_cap));
        let grace_minutes = p.take("grace_minutes", parse_grace(&self.grace_minutes));
        let groups = p.take("groups", parse_groups(&self.groups));
        let languages = p.take("languages", parse_languages(&self.languages, enabled));
        let schools = p.take("schools", parse_ids(&self.schools, "schools", SchoolId));
        if schools.as_ref().is_some_and(Vec::is_empty) {
            p.add("schools", "Choose at least one school.");
        }
        let products = p.take("products", parse_ids(&self.products, "products", ProductId));
        let constructs = groups
            .as_ref()
            .and_then(|g| p.take("constructs", parse_constructs(&self.constructs, g)));
        let items = p.take("items", parse_items(&self.item_list, &self.items));
        match (
            (title, titles),
            wave,
            window,
            (product_cap, grace_minutes),
            groups,
            languages,
            schools,
            products,
            constructs,
            items,
        ) {
            (
                (Some(title), Some(titles)),
                Some(wave),
                Some(window),
                (Some(product_cap), Some(grace_minutes)),
                Some(groups),
                Some(languages),
                Some(schools),
                Some(products),
                Some(constructs),
                Some(items),
            ) if p.0.is_empty() => Ok(SurveyInput {
                title,
                titles,
                wave,
                window,
                product_cap,
                grace_minutes,
                groups,
                languages,
                schools,
                products,
                constructs,
                items,
            }),
            _ => Err(p.0),
        }
    }
}

/// A new closing time for an open survey: after its opening and not in the past.
pub fn parse_new_close(
    raw: &str,
    opens: NaiveDateTime,
    zone: TimeZone,
) -> Result<NaiveDateTime, Vec<FieldError>> {
    let problem = |e: ParseError| {
        vec![FieldError {
            field: "closes_at".into(),
            message: e.to_string(),
        }]
    };
    let closes = parse_date_time(raw, "closing time", zone).map_err(problem)?;
    SurveyWindow::new(opens, closes).map_err(problem)?;
    if closes <= Utc::now().naive_utc() {
        return Err(problem(ParseError::new(
            "The closing time has passed: choose a time in the future, or close the survey now.",
        )));
    }
    Ok(closes)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn good() -> SurveyForm {
        SurveyForm {
            title: "Tools check-in".into(),
            title_es: String::new(),
            wave: "Spring 2027".into(),
            opens_at: "2027-03-01T08:00".into(),
            closes_at: "2027-03-20T17:00".into(),
            product_cap: "4".into(),
            grace_minutes: String::new(),
            groups: vec!["teacher".into(), "student".into()],
            languages: vec!["es".into(), "en".into()],
            schools: vec!["3".into(), "3".into(), "1".into()],
            products: vec!["7".into(), "2".into()],
            constructs: vec![
                "ease_of_use.teacher".into(),
                "ease_of_use.student".into(),
                "impact.teacher".into(),
                "impact.parent".into(),
            ],
            item_list: "shown".into(),
            items: vec!["ease.setup".into(), "impact.learning".into()],
        }
    }

    #[test]
    fn a_complete_form_parses_in_canonical_order() {
        let input = good().parse(TimeZone::UTC, &en_es()).unwrap();
        assert_eq!(
            input.grace_minutes, DEFAULT_GRACE_MINUTES,
            "empty: the default"
        );
        assert_eq!(
            input.groups,
            vec![StakeholderGroup::Student, StakeholderGroup::Teacher]
        );
        assert_eq!(input.languages, vec![Language::English, Language::Spanish]);
        assert_eq!(input.schools, vec![SchoolId(3), SchoolId(1)]);
        assert_eq!(input.products, vec![ProductId(7), ProductId(2)]);
        assert_eq!(
            input.constructs["ease_of_use"],
            vec![StakeholderGroup::Student, StakeholderGroup::Teacher]
        );
        // A construct ticked only for a group outside the audience is dropped for it.
        assert_eq!(input.constructs["impact"], vec![StakeholderGroup::Teacher]);
        assert_eq!(
            input.window.closes() - input.window.opens(),
            chrono::Duration::hours(19 * 24 + 9)
        );
    }

    #[test]
    fn every_problem_is_reported_against_its_field() {
        let form = SurveyForm {
            title: " ".into(),
            closes_at: "2027-02-01T08:00".into(),
            product_cap: "0".into(),
            grace_minutes: "1441".into(),
            groups: vec![],
            languages: vec!["fr".into()],
            schools: vec![],
            products: vec!["x".into()],
            ..good()
        };
        let errors = form.parse(TimeZone::UTC, &en_es()).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        for field in [
            "title",
            "closes_at",
            "product_cap",
            "grace_minutes",
            "groups",
            "languages",
            "schools",
            "products",
        ] {
            assert!(fields.contains(&field), "{field} missing from {fields:?}");
        }
        assert!(errors
            .iter()
            .any(|e| e.message.contains("close after it opens")));
    }

    fn en_es() -> LanguageSet {
        LanguageSet::parse_codes("en,es").unwrap()
    }

    #[test]
    fn a_language_the_district_has_not_enabled_is_refused_by_name() {
        let form = SurveyForm {
            languages: vec!["en".into(), "vi".into()],
            ..good()
        };
        let errors = form.parse(TimeZone::UTC, &en_es()).unwrap_err();
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].field, "languages");
        assert!(errors[0].message.contains("Vietnamese is not enabled"));
        let enabled = LanguageSet::parse_codes("en,es,vi").unwrap();
        let input = form.parse(TimeZone::UTC, &enabled).unwrap();
        assert_eq!(input.languages, [Language::English, Language::Vietnamese]);
    }

    #[test]
    fn tampered_construct_values_are_refused() {
        for bad in [
            "ease_of_use",
            "ease_of_use.pupil",
            "Ease.teacher",
            ".teacher",
        ] {
            let form = SurveyForm {
                constructs: vec![bad.into()],
                ..good()
            };
            let errors = form.parse(TimeZone::UTC, &en_es()).unwrap_err();
            assert_eq!(errors[0].field, "constructs", "{bad}");
        }
    }

    #[test]
    fn ticked_items_are_kept_only_when_the_form_listed_them() {
        let input = good().parse(TimeZone::UTC, &en_es()).unwrap();
        assert_eq!(input.items.unwrap().len(), 2);
        let older = SurveyForm {
            item_list: String::new(),
            ..good()
        };
        assert_eq!(older.parse(TimeZone::UTC, &en_es()).unwrap().items, None);
        let tampered = SurveyForm {
            items: vec!["Ease/setup".into()],
            ..good()
        };
        assert_eq!(
            tampered.parse(TimeZone::UTC, &en_es()).unwrap_err()[0].field,
            "items"
        );
    }

    #[test]
    fn dates_accept_datetime_local_and_name_the_format() {
        assert!(parse_date_time("2027-03-01 08:00", "opening time", TimeZone::UTC).is_ok());
        let err = parse_date_time("1/3/2027", "opening time", TimeZone::UTC).unwrap_err();
        assert!(err.to_string().contains("2027-03-01T08:00"));
    }

    #[test]
    fn a_new_close_must_be_in_the_future() {
        let opens = parse_date_time("2020-01-01T00:00", "x", TimeZone::UTC).unwrap();
        assert!(parse_new_close("2021-01-01T00:00", opens, TimeZone::UTC).is_err());
        assert!(parse_new_close("2019-01-01T00:00", opens, TimeZone::UTC).is_err());
        assert!(parse_new_close("2999-01-01T00:00", opens, TimeZone::UTC).is_ok());
    }
}

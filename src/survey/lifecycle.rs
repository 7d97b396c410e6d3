//! A survey's life: a draft is created and edited, opens once it passes the readiness checks
//! (its items freeze and its links appear), may have its close time moved, closes, and can be
//! copied as the next wave of its series with identical items.
//!
//! Each function is one transaction's worth of work; callers run it inside one.

use super::assemble::{freeze_items, ItemChoice, SurveySpec};
use super::bank::{draft_languages, QuestionBank};
use super::budget::YoungItemBudget;
use super::own_items::offered_bank;
use super::readiness::{reasons_not_to_open, DraftFacts};
use crate::db::models::survey_changes::{self, DraftSettings};
use crate::db::models::surveys::{self, NewSurvey, SurveyRow};
use crate::db::models::{audit, distribution, districts, drafts, products, schools, texts};
use crate::db::AnyConnection;
use crate::domain::survey_form::{SurveyInput, SurveyWindow};
use crate::domain::FieldError;
use crate::domain::{
    DistrictId, LabelText, Language, LanguageSet, PublicToken, SchoolId, StakeholderGroup,
    SurveyId, SurveyStatus, UserId,
};
use chrono::NaiveDateTime;
use diesel::QueryResult;

/// Who acts, and which schools they may put a survey in (`None`: every school).
#[derive(Debug, Clone, Copy)]
pub struct Author<'a> {
    /// District.
    pub district: DistrictId,
    /// The signed-in user.
    pub user: UserId,
    /// A coordinator's schools; `None` for a district admin.
    pub scope: Option<&'a [SchoolId]>,
}

fn field(field: &str, message: impl Into<String>) -> FieldError {
    FieldError {
        field: field.into(),
        message: message.into(),
    }
}

fn join<T>(values: &[T], text: impl Fn(&T) -> &'static str) -> String {
    values.iter().map(text).collect::<Vec<_>>().join(",")
}

/// Checks the chosen schools, products and constructs against the district, the author's
/// scope and the bank: every problem as a field error.
fn check_choices(
    conn: &mut AnyConnection,
    author: Author<'_>,
    bank: &QuestionBank,
    input: &SurveyInput,
) -> QueryResult<Vec<FieldError>> {
    let mut problems = Vec::new();
    let open_schools: Vec<SchoolId> = schools::list(conn, author.district)?
        .into_iter()
        .filter(|s| !s.archived)
        .map(|s| SchoolId(s.id))
        .filter(|s| author.scope.is_none_or(|scope| scope.contains(s)))
        .collect();
    if input.schools.iter().any(|s| !open_schools.contains(s)) {
        problems.push(field(
            "schools",
            "Choose schools from the list: one of those sent is not a current school you look after.",
        ));
    }
    let open_products: Vec<i32> = products::list(conn, author.district)?
        .into_iter()
        .filter(|p| !p.archived)
        .map(|p| p.id)
        .collect();
    if input.products.iter().any(|p| !open_products.contains(&p.0)) {
        problems.push(field(
            "products",
            "Choose products from the list: one of those sent is not in the current catalogue.",
        ));
    }
    if input
        .constructs
        .keys()
        .any(|k| k == "routing" || bank.construct(k).is_none())
    {
        problems.push(field(
            "constructs",
            "Choose question sets from the list: one of those sent is not in the question bank.",
        ));
    }
    problems.extend(item_choice_problems(bank, input));
    Ok(problems)
}

/// Why the items left unticked cannot be left out: a chosen construct left with no question
/// for one of its groups, or a kept question whose condition depends on one left out.
fn item_choice_problems(bank: &QuestionBank, input: &SurveyInput) -> Vec<FieldError> {
    let Some(kept) = &input.items else {
        return Vec::new();
    };
    let mut problems = Vec::new();
    for (key, groups) in &input.constructs {
        let Some(construct) = bank.construct(key) else {
            continue;
        };
        for group in groups {
            let asked: Vec<_> = construct.items_for(*group).collect();
            if !asked.is_empty() && !asked.iter().any(|i| kept.contains(&i.key)) {
                problems.push(field(
                    "items",
                    format!(
                        "“{}” would have no question left for {}: tick at least one of its questions, or untick the set for them.",
                        construct.name.original(),
                        group.label()
                    ),
                ));
            }
        }
        for item in construct.items.iter().filter(|i| kept.contains(&i.key)) {
            let Some(cond) = &item.show_if else { continue };
            if !kept.contains(&cond.item_key) {
                let source = bank
                    .item(&cond.item_key)
                    .map_or(cond.item_key.as_str(), |i| i.label.original());
                problems.push(field(
                    "items",
                    format!(
                        "“{}” is asked only after “{source}”: keep both, or leave out both.",
                        item.label.original()
                    ),
                ));
            }
        }
    }
    problems
}

fn spec_of<'a>(input: &'a SurveyInput, survey: NewSurvey<'a>) -> SurveySpec<'a> {
    SurveySpec {
        survey,
        schools: input.schools.clone(),
        products: input.products.clone(),
        groups: input.groups.clone(),
        languages: input.languages.clone(),
        constructs: input.constructs.clone(),
        items: input.items.clone(),
    }
}

/// Creates a draft from the settings form; its public id, or the field errors.
pub fn create_draft(
    conn: &mut AnyConnection,
    author: Author<'_>,
    bank: &QuestionBank,
    input: &SurveyInput,
) -> QueryResult<Result<String, Vec<FieldError>>> {
    let bank = &offered_bank(conn, author.district, bank)?;
    let problems = check_choices(conn, author, bank, input)?;
    if !problems.is_empty() {
        return Ok(Err(problems));
    }
    let public_id = PublicToken::generate(10);
    let series = PublicToken::generate(12);
    let languages = join(&input.languages, |l| l.as_str());
    let groups = join(&input.groups, |g| g.as_str());
    let now = crate::db::now();
    let new = NewSurvey {
        district_id: author.district.0,
        public_id: public_id.as_str(),
        series_id: series.as_str(),
        title: input.title.as_str(),
        wave: input.wave.as_str(),
        wave_number: 1,
        status: SurveyStatus::Draft,
        opens_at: input.window.opens(),
        closes_at: input.window.closes(),
        languages: &languages,
        audience_groups: &groups,
        product_cap: input.product_cap,
        grace_minutes: input.grace_minutes,
        created_by: Some(author.user.0),
        created_at: now,
    };
    let spec = spec_of(input, new);
    let id = super::assemble::create_survey(conn, author.district, bank, &spec)?;
    texts::replace_survey_titles(conn, author.district, id, &input.titles)?;
    audit::record(
        conn,
        author.district,
        Some(author.user),
        "survey.created",
        ("survey", public_id.as_str()),
        &format!("{} — {}", input.title, input.wave),
    )?;
    Ok(Ok(public_id.as_str().to_string()))
}

/// What became of a change to a survey that must be in a given status.
#[derive(Debug, PartialEq, Eq)]
pub enum Changed {
    /// Done.
    Done,
    /// The survey is not (or no longer) in the status the change needs.
    WrongStatus,
    /// The form had problems; nothing was written.
    Refused(Vec<FieldError>),
}

/// Saves a draft's edited settings and assembles its items afresh from the bank.
pub fn update_draft(
    conn: &mut AnyConnection,
    author: Author<'_>,
    bank: &QuestionBank,
    survey: &SurveyRow,
    input: &SurveyInput,
) -> QueryResult<Changed> {
    let bank = &offered_bank(conn, author.district, bank)?;
    let problems = check_choices(conn, author, bank, input)?;
    if !problems.is_empty() {
        return Ok(Changed::Refused(problems));
    }
    let languages = join(&input.languages, |l| l.as_str());
    let groups = join(&input.groups, |g| g.as_str());
    let settings = DraftSettings {
        title: input.title.as_str(),
        wave: input.wave.as_str(),
        opens_at: input.window.opens(),
        closes_at: input.window.closes(),
        languages: &languages,
        audience_groups: &groups,
        product_cap: input.product_cap,
        grace_minutes: input.grace_minutes,
    };
    let id = SurveyId(survey.id);
    if !survey_changes::rewrite_draft(
        conn,
        author.district,
        id,
        &settings,
        &input.schools,
        &input.products,
    )? {
        return Ok(Changed::WrongStatus);
    }
    let choice = ItemChoice {
        groups: &input.groups,
        languages: &input.languages,
        constructs: &input.constructs,
        items: input.items.as_ref(),
    };
    freeze_items(conn, author.district, bank, id, &choice)?;
    texts::replace_survey_titles(conn, author.district, id, &input.titles)?;
    audit::record(
        conn,
        author.district,
        Some(author.user),
        "survey.edited",
        ("survey", &survey.public_id),
        &format!("{} — {}", input.title, input.wave),
    )?;
    Ok(Changed::Done)
}

/// A new survey row with the same settings as `survey`, for a copy to adjust.
fn row_like(survey: &SurveyRow) -> NewSurvey<'_> {
    NewSurvey {
        district_id: survey.district_id,
        public_id: &survey.public_id,
        series_id: &survey.series_id,
        title: &survey.title,
        wave: &survey.wave,
        wave_number: survey.wave_number,
        status: survey.status,
        opens_at: survey.opens_at,
        closes_at: survey.closes_at,
        languages: &survey.languages,
        audience_groups: &survey.audience_groups,
        product_cap: survey.product_cap,
        grace_minutes: survey.grace_minutes,
        created_by: survey.created_by,
        created_at: survey.created_at,
    }
}

/// Audience groups of a stored survey (unknown text is an internal error, never user input).
pub fn groups_of(survey: &SurveyRow) -> Result<Vec<StakeholderGroup>, crate::domain::ParseError> {
    crate::db::aggregates::layout::parse_groups(&survey.audience_groups)
        .map_err(|e| crate::domain::ParseError::new(e.to_string()))
}

/// Every reason a draft cannot open yet (empty when it can).
pub fn readiness(
    conn: &mut AnyConnection,
    district: DistrictId,
    survey: &SurveyRow,
    now: NaiveDateTime,
) -> QueryResult<Vec<String>> {
    let id = SurveyId(survey.id);
    let items = surveys::items(conn, district, id)?;
    let groups = groups_of(survey).unwrap_or_default();
    let district_row = districts::find(conn, district)?;
    let enabled = LanguageSet::parse_codes(&district_row.languages)
        .unwrap_or_else(|_| LanguageSet::original_only());
    let languages: Vec<Language> = survey
        .languages
        .split(',')
        .filter_map(|l| l.parse().ok())
        .collect();
    let reviewed = crate::db::models::languages::reviewed(conn, district)?;
    let unreviewed: Vec<Language> = draft_languages()
        .into_iter()
        .filter(|l| !reviewed.contains(l))
        .collect();
    let wordings = crate::db::models::respondent::wordings(conn, district, id)?;
    let facts = DraftFacts {
        wordings: &wordings,
        languages: &languages,
        enabled: &enabled,
        unreviewed: &unreviewed,
        groups: &groups,
        schools: surveys::schools_of(conn, district, id)?.len(),
        products: surveys::products_of(conn, district, id)?.len(),
        items: &items,
        window: (survey.opens_at, survey.closes_at),
        now,
        young_budget: YoungItemBudget::stored(district_row.young_items_per_product),
    };
    Ok(reasons_not_to_open(&facts))
}

/// Opens a draft that passes every check, creating its anonymous links for the groups that
/// exist at each school (`asked::proposal`); otherwise the reasons.
pub fn open(
    conn: &mut AnyConnection,
    author: Author<'_>,
    survey: &SurveyRow,
) -> QueryResult<Result<Changed, Vec<String>>> {
    let reasons = readiness(conn, author.district, survey, crate::db::now())?;
    if !reasons.is_empty() {
        return Ok(Err(reasons));
    }
    let id = SurveyId(survey.id);
    if !survey_changes::set_status(
        conn,
        author.district,
        id,
        SurveyStatus::Draft,
        SurveyStatus::Open,
    )? {
        return Ok(Ok(Changed::WrongStatus));
    }
    let groups = groups_of(survey).unwrap_or_default();
    let in_survey = surveys::schools_of(conn, author.district, id)?;
    let rows = schools::list(conn, author.district)?;
    let reached: Vec<&schools::SchoolRow> = rows
        .iter()
        .filter(|s| in_survey.contains(&SchoolId(s.id)))
        .collect();
    let cells = super::asked::proposal(&reached, &groups);
    distribution::ensure_links(conn, author.district, id, &cells)?;
    audit::record(
        conn,
        author.district,
        Some(author.user),
        "survey.opened",
        ("survey", &survey.public_id),
        "",
    )?;
    Ok(Ok(Changed::Done))
}

/// Closes an open survey now: no new answers, the close time set to now if later. Answers
/// already in progress may still be sent during the survey's grace period after now; then
/// their drafts are deleted (unsent answers never outlive it).
pub fn close(
    conn: &mut AnyConnection,
    author: Author<'_>,
    survey: &SurveyRow,
) -> QueryResult<Changed> {
    let id = SurveyId(survey.id);
    if !survey_changes::set_status(
        conn,
        author.district,
        id,
        SurveyStatus::Open,
        SurveyStatus::Closed,
    )? {
        return Ok(Changed::WrongStatus);
    }
    let now = crate::db::now();
    if survey.closes_at > now {
        survey_changes::set_closes_at(conn, author.district, id, SurveyStatus::Closed, now)?;
    }
    let in_progress = drafts::set_deadline(conn, author.district, id, survey.grace_after(now))?;
    audit::record(
        conn,
        author.district,
        Some(author.user),
        "survey.closed",
        ("survey", &survey.public_id),
        &format!(
            "{in_progress} unfinished drafts may be sent for {} more minutes",
            survey.grace_minutes
        ),
    )?;
    Ok(Changed::Done)
}

/// Moves the close time of an open survey (already checked to be after opening and ahead).
pub fn move_close(
    conn: &mut AnyConnection,
    author: Author<'_>,
    survey: &SurveyRow,
    closes_at: NaiveDateTime,
) -> QueryResult<Changed> {
    let id = SurveyId(survey.id);
    if !survey_changes::set_closes_at(conn, author.district, id, SurveyStatus::Open, closes_at)? {
        return Ok(Changed::WrongStatus);
    }
    drafts::set_deadline(conn, author.district, id, survey.grace_after(closes_at))?;
    audit::record(
        conn,
        author.district,
        Some(author.user),
        "survey.close_moved",
        ("survey", &survey.public_id),
        &closes_at.format("%Y-%m-%d %H:%M UTC").to_string(),
    )?;
    Ok(Changed::Done)
}

/// Deletes a draft (a survey that ever opened is kept).
pub fn delete(
    conn: &mut AnyConnection,
    author: Author<'_>,
    survey: &SurveyRow,
) -> QueryResult<Changed> {
    if !survey_changes::delete_draft(conn, author.district, SurveyId(survey.id))? {
        return Ok(Changed::WrongStatus);
    }
    audit::record(
        conn,
        author.district,
        Some(author.user),
        "survey.deleted",
        ("survey", &survey.public_id),
        &format!("{} — {}", survey.title, survey.wave),
    )?;
    Ok(Changed::Done)
}

/// Copies a survey as the next wave of its series: a draft with the same title, audience,
/// languages, schools, products, translated titles and identical items, so the waves'
/// results compare.
pub fn copy_as_wave(
    conn: &mut AnyConnection,
    author: Author<'_>,
    from: &SurveyRow,
    wave: &LabelText,
    window: SurveyWindow,
) -> QueryResult<String> {
    let public_id = PublicToken::generate(10);
    let source = SurveyId(from.id);
    let schools = surveys::schools_of(conn, author.district, source)?;
    let products = surveys::products_of(conn, author.district, source)?;
    let new = NewSurvey {
        public_id: public_id.as_str(),
        wave: wave.as_str(),
        wave_number: survey_changes::next_wave_number(conn, author.district, &from.series_id)?,
        status: SurveyStatus::Draft,
        opens_at: window.opens(),
        closes_at: window.closes(),
        created_by: Some(author.user.0),
        created_at: crate::db::now(),
        ..row_like(from)
    };
    let copy = surveys::insert(conn, &new, &schools, &products)?;
    survey_changes::copy_items(conn, author.district, source, copy)?;
    let titles = texts::survey_titles(conn, author.district, source)?;
    texts::replace_survey_titles(conn, author.district, copy, &titles)?;
    audit::record(
        conn,
        author.district,
        Some(author.user),
        "survey.copied",
        ("survey", public_id.as_str()),
        &format!("{} — {} from {}", from.title, wave, from.public_id),
    )?;
    Ok(public_id.as_str().to_string())
}

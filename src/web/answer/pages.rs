//! `/s/p/{n}`: one page of questions. GET shows it with the saved answers; POST saves the
//! page (Next, Back or a language switch) and moves on. A page with mistakes comes back with
//! an error summary and nothing stored; a tampered page stores nothing and says so.

use super::current::{current, lapsed, remember_reader, Current};
use super::notices::{render as notice, Notice};
use super::shell::{page, Shell};
use super::strings::text;
use super::strings::Reader;
use super::view::{question, QuestionView, ViewInput};
use crate::db::models::drafts;
use crate::domain::{Language, StakeholderGroup};
use crate::survey::bank::QuestionBank;
use crate::survey::runtime::finish::first_incomplete;
use crate::survey::runtime::parse::{parse_page, ParsedPage};
use crate::survey::runtime::plan::{expected_questions, plan};
use crate::survey::runtime::{DraftState, PagePlan, Question, SurveyForm};
use crate::web::access::csrf::CsrfForm;
use crate::web::access::session::csrf_token;
use crate::web::error::AppError;
use crate::web::page::Page;
use crate::web::respond::see_other;
use crate::web::AppState;
use actix_session::Session;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Serialize;
use std::collections::BTreeMap;

/// A link from the error summary to a field.
#[derive(Debug, Serialize)]
pub struct ErrorLink {
    /// Element id.
    pub anchor: String,
    /// Message.
    pub message: String,
}

/// The questions part of a page, shared with the staff preview.
#[derive(Debug, Serialize)]
pub struct PageBody {
    /// Page number.
    pub number: usize,
    /// "Question 3 of 14" (or "Questions 4 to 7 of 30" on a page of several).
    pub progress: String,
    /// Questions before this page (the progress bar's value).
    pub done: usize,
    /// Questions in all (the progress bar's maximum).
    pub total: usize,
    /// Heading: the product, the tools, or the last questions.
    pub heading: String,
    /// The construct's name, shown under the heading (teens and adults).
    pub section: Option<String>,
    /// Questions.
    pub questions: Vec<QuestionView>,
    /// Error summary.
    pub errors: Vec<ErrorLink>,
    /// Young-student mode (one item, faces, read aloud).
    pub young: bool,
}

/// The heading of page `n` whose first question is `first`: the product of a product
/// block, else the tools (first page) or the last questions.
pub fn heading(first: Option<&Question<'_>>, n: usize, reader: Reader) -> String {
    match first.and_then(|q| q.product) {
        Some(p) => text(reader, "about_product", &[("product", &p.name)]),
        None if n == 1 => text(reader, "your_tools", &[]),
        None => text(reader, "last_questions", &[]),
    }
}

/// Builds page `n` (1-based) of `plan`.
#[allow(clippy::too_many_arguments)]
pub fn page_body(
    bank: &QuestionBank,
    plan: &PagePlan<'_>,
    n: usize,
    group: StakeholderGroup,
    language: Language,
    state: &DraftState,
    parsed: Option<&ParsedPage>,
    expected: usize,
) -> PageBody {
    let empty = BTreeMap::new();
    let input = ViewInput {
        bank,
        group,
        language,
        state,
        problems: parsed.map(|p| p.problems.as_slice()).unwrap_or_default(),
        typed: parsed.map_or(&empty, |p| &p.typed),
    };
    let questions_on_page = plan.pages.get(n - 1).map(Vec::as_slice).unwrap_or_default();
    let questions: Vec<QuestionView> = questions_on_page
        .iter()
        .map(|q| question(&input, q))
        .collect();
    let first = questions_on_page.first();
    let reader = Reader::new(language, group);
    let heading = heading(first, n, reader);
    let section = first
        .filter(|q| q.product.is_some() && group != StakeholderGroup::YoungStudent)
        .and_then(|q| bank.construct(&q.item.construct))
        .map(|c| c.name.get(language).to_string());
    let errors = questions
        .iter()
        .filter_map(|q| {
            q.error.as_ref().map(|m| ErrorLink {
                anchor: q.anchor.clone(),
                message: format!("{} — {m}", q.legend),
            })
        })
        .collect();
    let done: usize = plan.pages.iter().take(n - 1).map(Vec::len).sum();
    let last = done + questions_on_page.len();
    let total = expected.max(last);
    let progress = if questions_on_page.len() <= 1 {
        let fill = [("n", (done + 1).to_string()), ("total", total.to_string())];
        text(
            reader,
            "question_of",
            &fill.each_ref().map(|(k, v)| (*k, v.as_str())),
        )
    } else {
        let fill = [
            ("n", (done + 1).to_string()),
            ("last", last.to_string()),
            ("total", total.to_string()),
        ];
        text(
            reader,
            "questions_of",
            &fill.each_ref().map(|(k, v)| (*k, v.as_str())),
        )
    };
    PageBody {
        number: n,
        progress,
        done,
        total,
        heading,
        section,
        questions,
        errors,
        young: group == StakeholderGroup::YoungStudent,
    }
}

#[derive(Serialize)]
struct LangButton {
    code: &'static str,
    label: &'static str,
}

/// A question page's own fields.
#[derive(Serialize)]
pub struct QuestionPage {
    csrf: String,
    #[serde(flatten)]
    body: PageBody,
    has_back: bool,
    first: bool,
    resume_code: String,
    privacy_url: String,
    switch: Vec<LangButton>,
}

#[derive(Serialize)]
struct FinishPage {
    csrf: String,
    key: String,
    back: usize,
    resume_code: String,
    privacy_url: String,
    review: Vec<super::review::ReviewPage>,
}

/// Who a question page is for.
pub struct Respondent<'a> {
    /// Group.
    pub group: StakeholderGroup,
    /// Language.
    pub language: Language,
    /// Languages the survey offers (the switch buttons).
    pub offered: &'a [Language],
    /// Answers so far.
    pub state: &'a DraftState,
    /// Resume code as printed.
    pub resume_code: &'a str,
    /// Link to the district's privacy note.
    pub privacy_url: String,
    /// Questions they will see in all (`plan::expected_questions`).
    pub expected: usize,
}

/// The full context of question page `n` (also used by `chorus bench-render`).
pub fn question_page(
    bank: &QuestionBank,
    plan: &PagePlan<'_>,
    n: usize,
    who: Respondent<'_>,
    csrf: String,
    parsed: Option<&ParsedPage>,
) -> Page<Shell<QuestionPage>> {
    let body = page_body(
        bank,
        plan,
        n,
        who.group,
        who.language,
        who.state,
        parsed,
        who.expected,
    );
    let switch = who
        .offered
        .iter()
        .filter(|l| **l != who.language)
        .map(|l| LangButton {
            code: l.as_str(),
            label: l.label(),
        })
        .collect();
    let mut ctx = page(
        "question_of",
        Reader::new(who.language, who.group),
        &[],
        "/s",
        csrf.clone(),
        QuestionPage {
            csrf,
            has_back: n > 1,
            first: n == 1,
            resume_code: who.resume_code.to_string(),
            privacy_url: who.privacy_url,
            switch,
            body,
        },
    );
    ctx.title = format!(
        "{} · {}",
        ctx.body.body.body.heading, ctx.body.body.body.progress
    );
    ctx
}

fn render_page(
    state: &AppState,
    session: &Session,
    c: &Current,
    plan: &PagePlan<'_>,
    n: usize,
    parsed: Option<&ParsedPage>,
) -> Result<HttpResponse, AppError> {
    let csrf = csrf_token(session)?;
    let privacy_url = format!(
        "/privacy/{}?lang={}&reader={}",
        c.slug,
        c.language.as_str(),
        c.reader().register.as_str()
    );
    if n > plan.len() {
        let body = FinishPage {
            csrf: csrf.clone(),
            key: c.state.key.clone(),
            back: plan.len(),
            resume_code: c.resume_code.clone(),
            privacy_url,
            review: super::review::review(&state.bank, plan, c.group, c.language, &c.state),
        };
        let ctx = page("finish_title", c.reader(), &[], "/s", csrf, body);
        return state.templates.page("answer/finish", &ctx);
    }
    let ctx = question_page(
        &state.bank,
        plan,
        n,
        Respondent {
            group: c.group,
            language: c.language,
            offered: &c.form.languages,
            state: &c.state,
            resume_code: &c.resume_code,
            privacy_url,
            expected: expected_questions(&c.form, c.group, &c.state),
        },
        csrf,
        parsed,
    );
    let status = if ctx.body.body.body.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    state
        .templates
        .page_with_status(status, "answer/page", &ctx)
}

/// The page a respondent may open: at most the furthest reached, at most the finish page.
fn allowed(c: &Current, plan: &PagePlan<'_>, n: usize) -> usize {
    let furthest = usize::try_from(c.draft.page).unwrap_or(1).max(1);
    n.clamp(1, furthest.min(plan.len() + 1))
}

/// The notice for a device without a draft: "too late" in the respondent's language when
/// it had one whose time to be sent passed, else "no survey in progress".
pub fn no_draft(state: &AppState, session: &Session) -> Result<HttpResponse, AppError> {
    match lapsed(session) {
        Some(reader) => notice(state, Notice::TooLate, &[reader.language], Some(reader)),
        None => notice(state, Notice::NoDraft, &[], None),
    }
}

/// The draft of this device: a draft exists only until its survey's close plus the grace
/// period, so a found draft may always be answered and sent.
async fn current_or_notice(
    state: &AppState,
    session: &Session,
) -> Result<Result<Current, HttpResponse>, AppError> {
    match current(state, session).await? {
        Some(c) => Ok(Ok(c)),
        None => Ok(Err(no_draft(state, session)?)),
    }
}

/// `GET /s/p/{n}`.
pub async fn show(
    state: web::Data<AppState>,
    session: Session,
    n: web::Path<usize>,
) -> Result<HttpResponse, AppError> {
    let c = match current_or_notice(&state, &session).await? {
        Ok(c) => c,
        Err(page) => return Ok(page),
    };
    let plan = plan(&c.form, c.group, &c.state);
    let n = n.into_inner();
    let to = allowed(&c, &plan, n);
    if to != n {
        return Ok(see_other(&format!("/s/p/{to}")));
    }
    if n > plan.len() {
        if let Some(missing) = first_incomplete(&plan, &c.state) {
            return Ok(see_other(&format!("/s/p/{missing}")));
        }
    }
    render_page(&state, &session, &c, &plan, n, None)
}

enum Action {
    Next,
    Back,
    Language(Language),
}

fn action(pairs: &[(String, String)], offered: &[Language]) -> Option<Action> {
    let value = pairs
        .iter()
        .find(|(k, _)| k == "action")
        .map(|(_, v)| v.as_str());
    match value {
        None | Some("next") => Some(Action::Next),
        Some("back") => Some(Action::Back),
        Some(other) => other
            .strip_prefix("lang-")
            .and_then(|l| l.parse::<Language>().ok())
            .filter(|l| offered.contains(l))
            .map(Action::Language),
    }
}

/// `POST /s/p/{n}`: saves the page's answers and moves on.
pub async fn save(
    state: web::Data<AppState>,
    session: Session,
    n: web::Path<usize>,
    form: CsrfForm<Vec<(String, String)>>,
) -> Result<HttpResponse, AppError> {
    let mut c = match current_or_notice(&state, &session).await? {
        Ok(c) => c,
        Err(page) => return Ok(page),
    };
    let pairs = form.0;
    let n = n.into_inner();
    let Some(action) = action(&pairs, &c.form.languages) else {
        return notice(
            &state,
            Notice::Tampered,
            &c.form.languages,
            Some(c.reader()),
        );
    };
    let form_ref: &SurveyForm = &c.form;
    let before = plan(form_ref, c.group, &c.state);
    if n == 0 || n > before.len() || allowed(&c, &before, n) != n {
        return notice(
            &state,
            Notice::Tampered,
            &c.form.languages,
            Some(c.reader()),
        );
    }
    let page = before
        .pages
        .get(n - 1)
        .map(Vec::as_slice)
        .unwrap_or_default();
    let Ok(parsed) = parse_page(
        page,
        &pairs,
        &["csrf", "action"],
        matches!(action, Action::Next),
    ) else {
        return notice(
            &state,
            Notice::Tampered,
            &c.form.languages,
            Some(c.reader()),
        );
    };
    let mut answers = c.state.clone();
    for (field, answer) in &parsed.answers {
        match answer {
            Some(a) => answers.answers.insert(field.clone(), a.clone()),
            None => answers.answers.remove(field),
        };
    }
    if !parsed.problems.is_empty() {
        // The page comes back with its mistakes marked; what was right on it is kept (saved,
        // and shown again), so correcting one field never means answering the others twice.
        let page_reached = c.draft.page;
        store(
            &state,
            c.draft.id,
            page_reached,
            c.language,
            answers.to_json(),
        )
        .await?;
        c.state = answers;
        return render_page(&state, &session, &c, &before, n, Some(&parsed));
    }
    let after = plan(form_ref, c.group, &answers);
    let (to, language) = match action {
        Action::Next => ((n + 1).min(after.len() + 1), c.language),
        Action::Back => (n.saturating_sub(1).max(1), c.language),
        Action::Language(l) => (n.min(after.len() + 1), l),
    };
    let furthest = usize::try_from(c.draft.page).unwrap_or(1).max(to);
    let stored_page = i32::try_from(furthest).unwrap_or(i32::MAX);
    store(&state, c.draft.id, stored_page, language, answers.to_json()).await?;
    if language != c.language {
        remember_reader(&session, Reader::new(language, c.group))?;
    }
    Ok(see_other(&format!("/s/p/{to}")))
}

/// Saves a draft's answers, the furthest page reached and its language.
async fn store(
    state: &AppState,
    id: i32,
    page: i32,
    language: Language,
    json: String,
) -> Result<(), AppError> {
    let pool = state.pool.clone();
    web::block(move || -> Result<(), AppError> {
        let mut conn = pool.get()?;
        drafts::save(&mut conn, id, page, language.as_str(), &json)?;
        Ok(())
    })
    .await?
}

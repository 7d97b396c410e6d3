//! `POST /s/submit`: the final, idempotent submit. The response, its answers, the aggregate
//! updates and the access code are written in one transaction by `db::submission`; the
//! draft's key makes a double click or a re-post store nothing new. Then `/s/done`.

use super::current::current;
use super::notices::{availability, render as notice, Notice};
use super::shell::{page, LangQuery};
use super::RESUME;
use crate::auth::csrf::CsrfForm;
use crate::db::aggregates::AggregationLayout;
use crate::db::models::{drafts, responses};
use crate::db::submission::{submit_batch, Submission, SubmitOutcome};
use crate::db::AnyConnection;
use crate::domain::{Language, ProductId, SchoolId, SurveyId};
use crate::error::AppError;
use crate::survey::runtime::finish::{first_incomplete, submission, Respondent};
use crate::survey::runtime::plan::plan;
use crate::web::respond::see_other;
use crate::web::AppState;
use actix_session::Session;
use actix_web::{web, HttpResponse};
use diesel::result::{DatabaseErrorKind, Error as DbError};
use serde::{Deserialize, Serialize};

/// Aggregate shards: concurrent submissions on PostgreSQL spread their counter updates over
/// this many rows per cell instead of queueing on one (reads sum the shards).
const SHARDS: i32 = 8;

/// The submit form: the draft's idempotency key.
#[derive(Deserialize)]
pub struct SubmitForm {
    key: String,
}

/// Whether a failed submission is a race another attempt settles: a unique key taken by a
/// concurrent identical submission (PostgreSQL), or SQLite's writer lock.
fn retryable(error: &DbError) -> bool {
    match error {
        DbError::DatabaseError(DatabaseErrorKind::UniqueViolation, _) => true,
        DbError::DatabaseError(_, info) => info.message().contains("locked"),
        _ => false,
    }
}

/// Stores one submission, retrying a lost race after a short pause (SQLite refuses a write
/// from a transaction whose snapshot another writer overtook, without waiting): the retry
/// sees the winner's response (Duplicate) or its spent code (CodeUsed), never a second one.
fn store(
    conn: &mut AnyConnection,
    layout: &AggregationLayout,
    submission: &Submission,
) -> Result<SubmitOutcome, AppError> {
    let mut attempts = 0;
    loop {
        let shard = rand::random_range(0..SHARDS);
        match submit_batch(conn, layout, shard, std::slice::from_ref(submission)) {
            Ok(outcomes) => {
                return outcomes
                    .into_iter()
                    .next()
                    .ok_or_else(|| AppError::internal("no outcome for a submission"))
            }
            Err(e) if attempts < 8 && retryable(&e) => {
                attempts += 1;
                std::thread::sleep(std::time::Duration::from_millis(10 * attempts));
            }
            Err(e) => return Err(e.into()),
        }
    }
}

/// `POST /s/submit`.
pub async fn submit(
    state: web::Data<AppState>,
    session: Session,
    form: CsrfForm<SubmitForm>,
) -> Result<HttpResponse, AppError> {
    let key = form.0.key;
    let Some(c) = current(&state, &session).await? else {
        let pool = state.pool.clone();
        let k = key.clone();
        let stored = web::block(move || -> Result<bool, AppError> {
            let mut conn = pool.get()?;
            Ok(responses::response_exists(&mut conn, &k)?)
        })
        .await??;
        return if stored {
            Ok(see_other("/s/done"))
        } else {
            notice(&state, Notice::NoDraft, &[])
        };
    };
    if key != c.state.key {
        return notice(&state, Notice::Tampered, &c.form.languages);
    }
    if let Err(n) = availability(&c.form.survey, crate::db::now()) {
        return notice(&state, n, &c.form.languages);
    }
    let plan = plan(&c.form, c.group, &c.state);
    if let Some(missing) = first_incomplete(&plan, &c.state) {
        return Ok(see_other(&format!("/s/p/{missing}")));
    }
    let who = Respondent {
        school: SchoolId(c.draft.school_id),
        group: c.group,
        language: c.language,
        access_code_id: c.draft.access_code_id,
    };
    let sub = submission(&c.form, &plan, &c.state, who, crate::db::now().date());
    let layout = AggregationLayout::new(
        c.form.district(),
        SurveyId(c.form.survey.id),
        &c.form.item_rows,
        c.form
            .products
            .iter()
            .map(|p| p.id)
            .collect::<Vec<ProductId>>(),
    )
    .map_err(AppError::internal)?;
    let pool = state.pool.clone();
    let draft = c.draft.id;
    let outcome = web::block(move || -> Result<SubmitOutcome, AppError> {
        let mut conn = pool.get()?;
        let outcome = store(&mut conn, &layout, &sub)?;
        if !matches!(outcome, SubmitOutcome::Rejected(_)) {
            drafts::delete(&mut conn, draft)?;
        }
        Ok(outcome)
    })
    .await??;
    match outcome {
        SubmitOutcome::Stored(_) | SubmitOutcome::Duplicate => {
            session.remove(RESUME);
            Ok(see_other(&format!("/s/done?lang={}", c.language.as_str())))
        }
        SubmitOutcome::CodeUsed => {
            session.remove(RESUME);
            notice(&state, Notice::Used, &c.form.languages)
        }
        SubmitOutcome::Rejected(e) => {
            tracing::warn!(error = %e, "a respondent's submission did not fit its survey");
            notice(&state, Notice::Tampered, &c.form.languages)
        }
    }
}

#[derive(Serialize)]
struct Done {}

/// `GET /s/done`: thank you.
pub async fn done(
    state: web::Data<AppState>,
    query: web::Query<LangQuery>,
) -> Result<HttpResponse, AppError> {
    let language = query.language().unwrap_or(Language::English);
    let ctx = page(
        "done_title",
        language,
        &[],
        "/s/done",
        String::new(),
        Done {},
    );
    state.templates.page("answer/done", &ctx)
}

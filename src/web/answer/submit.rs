//! `POST /s/submit`: the final, idempotent submit. A draft exists until its survey's close
//! plus the grace period, so one found here may be sent even after the close (a respondent on
//! the review page when the survey closed loses nothing). The group-commit writer (`db::writer`)
//! stores the response, its answers, the aggregate updates and the spent access code in one
//! transaction, with the deletion of the respondent's draft, and answers only once it is
//! committed; the draft's key makes a double click
//! or a re-post store nothing new. Then `/s/done`.

use super::current::current;
use super::notices::{render as notice, Notice};
use super::shell::{page, LangQuery};
use super::strings::Reader;
use super::RESUME;
use crate::db::models::responses;
use crate::db::submission::SubmitOutcome;
use crate::domain::{Language, SchoolId};
use crate::survey::runtime::finish::{first_incomplete, submission, Respondent};
use crate::survey::runtime::plan::plan;
use crate::web::access::csrf::CsrfForm;
use crate::web::error::AppError;
use crate::web::respond::see_other;
use crate::web::AppState;
use actix_session::Session;
use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};

/// The submit form: the draft's idempotency key.
#[derive(Deserialize)]
pub struct SubmitForm {
    key: String,
}

/// `POST /s/submit`.
pub async fn submit(
    state: web::Data<AppState>,
    session: Session,
    form: CsrfForm<SubmitForm>,
) -> Result<HttpResponse, AppError> {
    let key = form.0.key;
    let Some(c) = current(&state, &session).await? else {
        let k = key.clone();
        let stored = state
            .read(move |conn| -> Result<bool, AppError> {
                Ok(responses::response_exists(conn, &k)?)
            })
            .await?;
        return if stored {
            Ok(see_other("/s/done"))
        } else {
            super::pages::no_draft(&state, &session)
        };
    };
    if key != c.state.key {
        return notice(
            &state,
            Notice::Tampered,
            &c.form.languages,
            Some(c.reader()),
        );
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
    let outcome = state
        .writer
        .submit_draft(c.layout.clone(), sub, Some(c.draft.id))
        .await?;
    match outcome {
        SubmitOutcome::Stored(_) | SubmitOutcome::Duplicate => {
            session.remove(RESUME);
            Ok(see_other(&format!(
                "/s/done?lang={}&reader={}",
                c.language.as_str(),
                c.reader().register.as_str()
            )))
        }
        SubmitOutcome::CodeUsed => {
            session.remove(RESUME);
            notice(&state, Notice::Used, &c.form.languages, Some(c.reader()))
        }
        SubmitOutcome::Rejected(e) => {
            tracing::warn!(error = %e, "a respondent's submission did not fit its survey");
            notice(
                &state,
                Notice::Tampered,
                &c.form.languages,
                Some(c.reader()),
            )
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
    let reader = Reader {
        language: query.language().unwrap_or(Language::English),
        register: query.register(),
    };
    let ctx = page("done_title", reader, &[], "/s/done", String::new(), Done {});
    state.templates.page("answer/done", &ctx)
}

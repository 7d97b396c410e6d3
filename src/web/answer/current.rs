//! The respondent's survey in progress on this device: the draft named by the resume code in
//! the session cookie, with its survey, group and language.

use super::strings::{Reader, Register};
use super::{RESUME, RESUME_READER};
use crate::db::aggregates::AggregationLayout;
use crate::db::models::drafts::{self, NewDraft};
use crate::db::models::responses::DraftRow;
use crate::db::AnyConnection;
use crate::domain::tokens;
use crate::domain::{DistrictId, Language, PublicToken, StakeholderGroup, SurveyId};
use crate::survey::runtime::{CachedForm, DraftState, SurveyForm};
use crate::web::error::AppError;
use crate::web::AppState;
use actix_session::Session;
use std::sync::Arc;

/// Characters in a resume code: short enough to copy from the screen, ≈ 40 random bits, and
/// it only ever opens an unfinished, anonymous draft.
pub const RESUME_CODE_LENGTH: usize = 8;

/// A draft with everything its pages need.
pub struct Current {
    /// The stored draft.
    pub draft: DraftRow,
    /// Its survey.
    pub form: Arc<SurveyForm>,
    /// How its submission is folded into the aggregates.
    pub layout: Arc<AggregationLayout>,
    /// Its answers.
    pub state: DraftState,
    /// Group.
    pub group: StakeholderGroup,
    /// Language.
    pub language: Language,
    /// The resume code (from the session), as printed.
    pub resume_code: String,
    /// The district's slug, for the privacy link.
    pub slug: Arc<str>,
}

impl Current {
    /// Who reads the draft's pages: its language and its group's register.
    pub fn reader(&self) -> Reader {
        Reader::new(self.language, self.group)
    }
}

/// A resume code as shown: upper case in two groups of four.
pub fn printed(code: &str) -> String {
    let upper = code.to_uppercase();
    let (a, b) = upper.split_at(upper.len() / 2);
    format!("{a}-{b}")
}

/// Loads the draft of this device, if any (an expired or deleted one reads as none). A draft
/// lives until its survey's close plus the grace period (`expires_at`), so answers started
/// before the close can still be sent a little after it.
pub async fn current(state: &AppState, session: &Session) -> Result<Option<Current>, AppError> {
    let Some(code) = session.get::<String>(RESUME).ok().flatten() else {
        return Ok(None);
    };
    let pool = state.pool.clone();
    let forms = state.forms.clone();
    let hash = tokens::hash(&code);
    let found = actix_web::web::block(
        move || -> Result<Option<(DraftRow, CachedForm)>, AppError> {
            let mut conn = pool.get()?;
            let Some(draft) = drafts::find(&mut conn, &hash, crate::db::now())? else {
                return Ok(None);
            };
            let form = forms.get(
                &mut conn,
                DistrictId(draft.district_id),
                SurveyId(draft.survey_id),
            )?;
            Ok(form.map(|f| (draft, f)))
        },
    )
    .await??;
    let Some((draft, cached)) = found else {
        return Ok(None);
    };
    let (group, language) = (draft.stakeholder_group, draft.language);
    Ok(Some(Current {
        state: DraftState::from_json(&draft.state),
        draft,
        form: cached.form,
        layout: cached.layout,
        group,
        language,
        resume_code: printed(&code),
        slug: cached.slug,
    }))
}

/// Where a new draft starts: school and group from the link or code.
pub struct Start {
    /// School.
    pub school_id: i32,
    /// The link's or code's group.
    pub group: StakeholderGroup,
    /// Access code to consume on submission.
    pub access_code_id: Option<i32>,
    /// Language chosen.
    pub language: Language,
}

impl Start {
    /// Who reads the draft's pages.
    pub fn reader(&self) -> Reader {
        Reader::new(self.language, self.group)
    }
}

/// Creates a draft for `form` and remembers its resume code in the session.
pub fn create_draft(
    conn: &mut AnyConnection,
    form: &SurveyForm,
    start: &Start,
) -> Result<String, AppError> {
    let code = PublicToken::generate(RESUME_CODE_LENGTH)
        .as_str()
        .to_string();
    drafts::create(
        conn,
        &NewDraft {
            district_id: form.survey.district_id,
            survey_id: form.survey.id,
            school_id: start.school_id,
            stakeholder_group: start.group,
            resume_hash: tokens::hash(&code),
            language: start.language,
            page: 1,
            state: DraftState::fresh().to_json(),
            access_code_id: start.access_code_id,
            expires_at: form.survey.send_deadline(),
        },
    )?;
    Ok(code)
}

/// Keeps the resume code in the session cookie of this device, with the language and
/// register the respondent reads, so that even once the draft is gone (the time to send it
/// passed) the device is told so the way it was spoken to.
pub fn remember(session: &Session, code: &str, reader: Reader) -> Result<(), AppError> {
    session.insert(RESUME, code).map_err(AppError::internal)?;
    remember_reader(session, reader)
}

/// Records the language (and register) the respondent now reads.
pub fn remember_reader(session: &Session, reader: Reader) -> Result<(), AppError> {
    let text = format!("{}:{}", reader.language.as_str(), reader.register.as_str());
    session
        .insert(RESUME_READER, text)
        .map_err(AppError::internal)
}

/// When this device had a survey in progress whose draft is gone (its time to be sent
/// passed, or it was discarded): who read it. Forgets the code, so the device is told once
/// and then starts afresh.
pub fn lapsed(session: &Session) -> Option<Reader> {
    session.get::<String>(RESUME).ok().flatten()?;
    let stored = session.get::<String>(RESUME_READER).ok().flatten();
    let (language, register) = stored
        .as_deref()
        .and_then(|s| s.split_once(':'))
        .unwrap_or(("en", "adult"));
    session.remove(RESUME);
    session.remove(RESUME_READER);
    Some(Reader {
        language: language.parse().unwrap_or(Language::English),
        register: Register::parse(Some(register)),
    })
}

//! The report filters from the query string (`group`, `school`, `language`, `lang`), parsed
//! into a [`View`] for the signed-in user, with a message per bad field.

use crate::domain::FieldError;
use crate::domain::{CommentSearch, Language, StakeholderGroup};
use crate::reports::build::comments::CommentQuery;
use crate::reports::cells::View;
use crate::reports::load::ReportInputs;
use crate::web::access::extract::CurrentUser;
use crate::web::error::AppError;
use serde::Deserialize;

/// The raw query string (every field optional; empty means "all").
#[derive(Debug, Default, Clone, Deserialize)]
pub struct FilterQuery {
    /// Stakeholder group key (e.g. `teacher`).
    pub group: Option<String>,
    /// School id.
    pub school: Option<String>,
    /// Only respondents who answered in this language (`en`, `es`; `all` or empty: every
    /// language).
    pub language: Option<String>,
    /// Report language for item wording (`en`, `es`).
    pub lang: Option<String>,
    /// Comment search (case-insensitive substring).
    pub q: Option<String>,
    /// Page of the comments (1-based).
    pub page: Option<String>,
    /// `true` to include the comments section where a format leaves it out by default
    /// (the JSON, the report page).
    pub comments: Option<String>,
}

/// The parsed filters.
#[derive(Debug, Clone)]
pub struct Filters {
    /// The view for the report builder.
    pub view: View,
    /// Language of item wording.
    pub language: Language,
    /// The query string to repeat on download links ("" or "?group=teacher…").
    pub query: String,
    /// The comment search and page.
    pub comments: CommentQuery,
    /// Whether the query asked for the comments section (`comments=true`).
    pub include_comments: bool,
}

fn bad(field: &str, message: String) -> AppError {
    AppError::Invalid(vec![FieldError {
        field: field.into(),
        message,
    }])
}

fn given(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// Parses the filters for a viewer limited to `scope`; the school is checked against the report's schools afterwards
/// ([`check_school`]) because only the loaded report knows them.
pub fn parse(scope: Option<Vec<i32>>, q: &FilterQuery) -> Result<Filters, AppError> {
    let group = match given(&q.group) {
        None => None,
        Some(g) => Some(g.parse::<StakeholderGroup>().map_err(|_| {
            bad(
                "group",
                format!("“{g}” is not a stakeholder group; use young_student, student, teacher, parent or coordinator."),
            )
        })?),
    };
    let school = match given(&q.school) {
        None => None,
        Some(s) => Some(s.parse::<i32>().map_err(|_| {
            bad(
                "school",
                format!("“{s}” is not a school number from the school list."),
            )
        })?),
    };
    let respondents = match given(&q.language) {
        None | Some("all") => None,
        Some(l) => Some(l.parse::<Language>().map_err(|_| {
            bad(
                "language",
                format!("“{l}” is not a language respondents answer in; use en (English), es (Spanish) or all."),
            )
        })?),
    };
    let language = match given(&q.lang) {
        None => Language::English,
        Some(l) => l.parse::<Language>().map_err(|_| {
            bad(
                "lang",
                format!("“{l}” is not a report language; use en or es."),
            )
        })?,
    };
    let comments = parse_comments(q)?;
    let include_comments = match given(&q.comments) {
        None | Some("false") => false,
        Some("true") => true,
        Some(other) => return Err(bad("comments", format!("“{other}” is not true or false."))),
    };
    let mut pairs = Vec::new();
    if let Some(g) = group {
        pairs.push(format!("group={}", g.as_str()));
    }
    if let Some(s) = school {
        pairs.push(format!("school={s}"));
    }
    if let Some(l) = respondents {
        pairs.push(format!("language={}", l.as_str()));
    }
    if language != Language::English {
        pairs.push(format!("lang={}", language.as_str()));
    }
    if let Some(search) = &comments.search {
        pairs.push(
            serde_html_form::to_string([("q", search.as_str())]).map_err(AppError::internal)?,
        );
    }
    Ok(Filters {
        view: View {
            scope,
            school,
            group,
            language: respondents,
        },
        language,
        comments,
        include_comments,
        query: if pairs.is_empty() {
            String::new()
        } else {
            format!("?{}", pairs.join("&"))
        },
    })
}

/// The schools a signed-in user may see (`None`: the whole district).
pub fn scope_of(user: &CurrentUser) -> Option<Vec<i32>> {
    user.school_scope()
        .map(|s| s.iter().map(|id| id.0).collect())
}

/// Refuses a school filter naming a school the report does not cover for this user.
pub fn check_school(filters: &Filters, inputs: &ReportInputs) -> Result<(), AppError> {
    match filters.view.school {
        Some(id) if !inputs.schools.iter().any(|s| s.id == id) => Err(bad(
            "school",
            format!("School {id} is not one of your schools in this survey."),
        )),
        _ => Ok(()),
    }
}

/// The comment search and page; the page is not repeated on download links (printed
/// comments start at the first page).
fn parse_comments(q: &FilterQuery) -> Result<CommentQuery, AppError> {
    let search =
        CommentSearch::parse(q.q.as_deref().unwrap_or("")).map_err(|e| bad("q", e.to_string()))?;
    let page = match given(&q.page) {
        None => 1,
        Some(p) => p
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=1_000_000).contains(n))
            .ok_or_else(|| bad("page", format!("“{p}” is not a page number.")))?,
    };
    Ok(CommentQuery { search, page })
}

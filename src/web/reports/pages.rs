//! `GET /reports/{survey}/{product}` and its downloads.

use super::filters::{check_school, parse, scope_of, FilterQuery, Filters};
use crate::domain::Language;
use crate::reports::build::build;
use crate::reports::export;
use crate::reports::figure::stacked_bar;
use crate::reports::load::{load, LoadError};
use crate::reports::product::{ConstructRow, ItemRow, ProductReport};
use crate::web::access::extract::CurrentUser;
use crate::web::error::AppError;
use crate::web::page::Page;
use crate::web::AppState;
use actix_web::{web, HttpResponse};
use serde::Serialize;

impl From<LoadError> for AppError {
    fn from(e: LoadError) -> Self {
        match e {
            LoadError::NotFound => AppError::NotFound,
            other => AppError::internal(other),
        }
    }
}

/// Loads and builds the report the user may see, off the async executor; the comments
/// section only `with_comments` (see [`build_report`]).
pub async fn report_for(
    state: &AppState,
    user: &CurrentUser,
    survey: String,
    product: String,
    query: &FilterQuery,
    with_comments: bool,
) -> Result<Built, AppError> {
    let scope = scope_of(user);
    build_report(
        state,
        user.district,
        scope,
        survey,
        product,
        query,
        with_comments,
    )
    .await
}

/// A built report with the filters it was built for and the filter choices for the page.
pub type Built = (ProductReport, Filters, Vec<Choice>, Vec<Choice>);

/// Loads and builds the report of a district for a viewer limited to `scope`. Only
/// `with_comments` (or `comments=true` in the query) does it read the comments, which come from the raw answers: the report
/// page reads aggregates only, so its cost does not grow with the number of responses.
pub async fn build_report(
    state: &AppState,
    district: crate::domain::DistrictId,
    scope: Option<Vec<i32>>,
    survey: String,
    product: String,
    query: &FilterQuery,
    with_comments: bool,
) -> Result<Built, AppError> {
    let filters = parse(scope, query)?;
    let with_comments = with_comments || filters.include_comments;
    let pool = state.pool.clone();
    let shipped = state.bank.clone();
    let snapshots = state.snapshots.clone();
    web::block(move || {
        let mut conn = pool.get()?;
        // The district's own questions are worded from its bank, like shipped ones.
        let bank = crate::survey::own_items::district_bank(&mut conn, district, &shipped)?;
        let inputs = load(
            &mut conn,
            &snapshots,
            district,
            &survey,
            &product,
            &filters.view,
            with_comments,
        )?;
        check_school(&filters, &inputs)?;
        let report = build(
            &inputs,
            &filters.view,
            &bank,
            filters.language,
            with_comments.then_some(&filters.comments),
        );
        let groups = inputs
            .groups
            .iter()
            .map(|g| Choice {
                value: g.as_str().to_string(),
                label: g.label().to_string(),
                selected: filters.view.group == Some(*g),
            })
            .collect();
        let schools = inputs
            .schools
            .iter()
            .map(|s| Choice {
                value: s.id.to_string(),
                label: s.name.clone(),
                selected: filters.view.school == Some(s.id),
            })
            .collect();
        Ok((report, filters, groups, schools))
    })
    .await?
}

/// The respondent-language choices of the filters form ("All languages" is the form's own).
fn language_choices(chosen: Option<Language>) -> Vec<Choice> {
    [
        (Language::English, "English"),
        (Language::Spanish, "Spanish"),
    ]
    .into_iter()
    .map(|(l, label)| Choice {
        value: l.as_str().to_string(),
        label: label.to_string(),
        selected: chosen == Some(l),
    })
    .collect()
}

/// One option of a filter select.
#[derive(Serialize)]
pub struct Choice {
    value: String,
    label: String,
    selected: bool,
}

#[derive(Serialize)]
struct Charted<T: Serialize> {
    #[serde(flatten)]
    row: T,
    bar: String,
}

#[derive(Serialize)]
struct ReportPage {
    print: bool,
    lang: &'static str,
    report: ProductReport,
    constructs: Vec<Charted<ConstructRow>>,
    items: Vec<Charted<ItemRow>>,
    groups: Vec<Choice>,
    schools: Vec<Choice>,
    languages: Vec<Choice>,
    base: String,
    query: String,
    downloads: Vec<Download>,
}

/// A download link on the report page: one per [`export::Format`].
#[derive(Serialize)]
struct Download {
    label: &'static str,
    file: &'static str,
}

fn downloads() -> Vec<Download> {
    export::Format::ALL
        .into_iter()
        .map(|f| Download {
            label: f.label(),
            file: f.file(),
        })
        .collect()
}

fn charted_constructs(rows: &[ConstructRow]) -> Vec<Charted<ConstructRow>> {
    rows.iter()
        .map(|r| Charted {
            bar: stacked_bar(&r.distribution, &format!("{}, {}", r.name, r.group)),
            row: r.clone(),
        })
        .collect()
}

fn charted_items(rows: &[ItemRow]) -> Vec<Charted<ItemRow>> {
    rows.iter()
        .map(|r| Charted {
            bar: stacked_bar(&r.distribution, &r.wording),
            row: r.clone(),
        })
        .collect()
}

/// The two staff pages of a product report: the report itself (aggregates only), and its
/// comments (read from the raw answers, so kept apart).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Screen {
    Report,
    Comments,
}

async fn staff_page(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<(String, String)>,
    query: web::Query<FilterQuery>,
    screen: Screen,
) -> Result<HttpResponse, AppError> {
    let (survey, product) = path.into_inner();
    let with_comments = screen == Screen::Comments;
    let mut base = format!("/reports/{survey}/{product}");
    if with_comments {
        base.push_str("/comments");
    }
    let (report, filters, groups, schools) =
        report_for(&state, &user, survey, product, &query, with_comments).await?;
    let (template, title, constructs, items) = match screen {
        Screen::Report => (
            "reports/product",
            format!("{} — {}", report.product, report.wave),
            charted_constructs(&report.constructs),
            charted_items(&report.items),
        ),
        Screen::Comments => (
            "reports/comments_page",
            format!("Comments — {} — {}", report.product, report.wave),
            Vec::new(),
            Vec::new(),
        ),
    };
    let body = ReportPage {
        print: false,
        lang: filters.language.as_str(),
        constructs,
        items,
        report,
        groups,
        schools,
        languages: language_choices(filters.view.language),
        base,
        query: filters.query,
        downloads: downloads(),
    };
    state
        .templates
        .page(template, &Page::staff(title, &user, body))
}

/// `GET /reports/{survey}/{product}`: the report page.
pub async fn product(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<(String, String)>,
    query: web::Query<FilterQuery>,
) -> Result<HttpResponse, AppError> {
    staff_page(state, user, path, query, Screen::Report).await
}

/// `GET /reports/{survey}/{product}/comments`: the comments section on its own page,
/// searchable and paged, with the report's filters. It is apart from the report page because
/// comments are read from the raw answers, whose cost grows with the responses.
pub async fn comments(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<(String, String)>,
    query: web::Query<FilterQuery>,
) -> Result<HttpResponse, AppError> {
    staff_page(state, user, path, query, Screen::Comments).await
}

/// A download's file name: product and wave, letters and digits only.
pub fn file_name(report: &ProductReport, ext: &str) -> String {
    let clean: String = format!("{} {}", report.product, report.wave)
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    format!("{clean}.{ext}")
}

fn download(body: Vec<u8>, content_type: &str, name: &str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(content_type)
        .insert_header((
            "content-disposition",
            format!("attachment; filename=\"{name}\""),
        ))
        .body(body)
}

/// `GET /reports/{survey}/{product}/{file}`: a download (`report.pdf`, `report.csv`,
/// `report.xlsx`: [`export::Format`]); any other file name is not found.
pub async fn download_file(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<(String, String, String)>,
    query: web::Query<FilterQuery>,
) -> Result<HttpResponse, AppError> {
    let (survey, product, file) = path.into_inner();
    let format = export::Format::from_file(&file).ok_or(AppError::NotFound)?;
    let (report, ..) = report_for(
        &state,
        &user,
        survey,
        product,
        &query,
        format.with_comments(),
    )
    .await?;
    let body = format.write(&report).map_err(AppError::internal)?;
    Ok(download(
        body,
        format.media_type(),
        &file_name(&report, format.extension()),
    ))
}

/// `GET /reports/{survey}/{product}/print`: the standalone printable page (inline SVG charts,
/// print stylesheet, every section expanded).
pub async fn print(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<(String, String)>,
    query: web::Query<FilterQuery>,
) -> Result<HttpResponse, AppError> {
    let (survey, product) = path.into_inner();
    let base = format!("/reports/{survey}/{product}");
    let (report, filters, ..) = report_for(&state, &user, survey, product, &query, true).await?;
    let body = ReportPage {
        print: true,
        lang: filters.language.as_str(),
        constructs: charted_constructs(&report.constructs),
        items: charted_items(&report.items),
        report,
        groups: Vec::new(),
        schools: Vec::new(),
        languages: Vec::new(),
        base,
        query: filters.query,
        downloads: downloads(),
    };
    state.templates.page("reports/print", &body)
}

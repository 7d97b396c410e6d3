//! `GET /reports`: the district portfolio, sortable by column links (no JavaScript needed).

use super::filters::scope_of;
use crate::domain::FieldError;
use crate::reports::portfolio::{portfolio, PortfolioLine, SortBy};
use crate::web::access::extract::CurrentUser;
use crate::web::error::AppError;
use crate::web::page::Page;
use crate::web::AppState;
use actix_web::{web, HttpResponse};
use serde::{Deserialize, Serialize};

/// The query string.
#[derive(Debug, Deserialize)]
pub struct SortQuery {
    /// renewal (default), name, verdict, favourable, use.
    pub sort: Option<String>,
}

#[derive(Serialize)]
struct PortfolioPage {
    lines: Vec<PortfolioLine>,
    sort: &'static str,
    scoped: bool,
}

/// `GET /reports`.
pub async fn index(
    state: web::Data<AppState>,
    user: CurrentUser,
    query: web::Query<SortQuery>,
) -> Result<HttpResponse, AppError> {
    let text = query.sort.clone().unwrap_or_default();
    let sort = SortBy::parse(text.trim()).ok_or_else(|| {
        AppError::Invalid(vec![FieldError {
            field: "sort".into(),
            message: format!(
                "“{text}” is not a column to sort by; use renewal, name, verdict, favourable or use."
            ),
        }])
    })?;
    let (shipped, snapshots) = (state.bank.clone(), state.snapshots.clone());
    let (district, scope) = (user.district, scope_of(&user));
    let scoped = scope.is_some();
    let lines = state
        .read(move |conn| -> Result<_, AppError> {
            let bank = crate::survey::own_items::district_bank(conn, district, &shipped)?;
            Ok(portfolio(conn, &snapshots, &bank, district, scope, sort)?)
        })
        .await?;
    let sort = match sort {
        SortBy::Renewal => "renewal",
        SortBy::Name => "name",
        SortBy::Verdict => "verdict",
        SortBy::Favourable => "favourable",
        SortBy::Use => "use",
    };
    state.templates.page(
        "reports/portfolio",
        &Page::staff(
            "Product portfolio",
            &user,
            PortfolioPage {
                lines,
                sort,
                scoped,
            },
        ),
    )
}

//! The renewal calendar: current products by contract end, the next 90 days highlighted.
//!
//! District admins only: it shows what each contract costs, which coordinators and viewers
//! (who see only their schools' reports) do not otherwise see.

use super::products::ProductSummary;
use super::view;
use crate::db::models::products::{self};
use crate::web::access::extract::RequireAdmin;
use crate::web::error::AppError;
use crate::web::AppState;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use chrono::NaiveDate;
use serde::Serialize;

/// How far ahead a renewal counts as coming up.
pub const HORIZON_DAYS: i64 = 90;

#[derive(Serialize)]
struct RenewalRow {
    product: ProductSummary,
    /// Words that carry the urgency (the highlight is not colour alone).
    due: String,
    soon: bool,
    ended: bool,
}

#[derive(Serialize)]
struct RenewalsPage {
    rows: Vec<RenewalRow>,
    soon_count: usize,
    horizon: i64,
    today: String,
}

fn plural(n: i64, word: &str) -> String {
    if n == 1 {
        format!("1 {word}")
    } else {
        format!("{n} {word}s")
    }
}

/// The due text and whether the end falls in the horizon or has passed.
fn due(end: Option<NaiveDate>, today: NaiveDate) -> (String, bool, bool) {
    let Some(end) = end else {
        return ("No end date recorded".into(), false, false);
    };
    let days = (end - today).num_days();
    match days {
        d if d < 0 => (format!("Ended {} ago", plural(-d, "day")), false, true),
        0 => ("Renews today".into(), true, false),
        d if d <= HORIZON_DAYS => (format!("Renews in {}", plural(d, "day")), true, false),
        d => (format!("In {}", plural(d, "day")), false, false),
    }
}

/// `GET /admin/renewals`.
pub async fn calendar(
    state: web::Data<AppState>,
    RequireAdmin(user): RequireAdmin,
) -> Result<HttpResponse, AppError> {
    let district = user.district;
    let found = state
        .read(move |conn| products::renewals(conn, district))
        .await?;
    let today = chrono::Utc::now().date_naive();
    let rows: Vec<RenewalRow> = found
        .iter()
        .map(|p| {
            let (due, soon, ended) = due(p.contract_end, today);
            RenewalRow {
                product: ProductSummary::from(p),
                due,
                soon,
                ended,
            }
        })
        .collect();
    let body = RenewalsPage {
        soon_count: rows.iter().filter(|r| r.soon).count(),
        rows,
        horizon: HORIZON_DAYS,
        today: today.to_string(),
    };
    view::render(
        &state,
        &user,
        ("admin/renewals", "Renewal calendar"),
        StatusCode::OK,
        body,
        None,
    )
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn due_text_names_the_days() {
        let today = NaiveDate::from_ymd_opt(2027, 1, 1).unwrap();
        let at = |d: i64| due(Some(today + chrono::Duration::days(d)), today);
        assert_eq!(at(42), ("Renews in 42 days".into(), true, false));
        assert_eq!(at(1).0, "Renews in 1 day");
        assert!(at(90).1);
        assert_eq!(at(91), ("In 91 days".into(), false, false));
        assert_eq!(at(-3), ("Ended 3 days ago".into(), false, true));
        assert_eq!(due(None, today).0, "No end date recorded");
    }
}

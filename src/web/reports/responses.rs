//! `GET /reports/{survey}/responses.csv`: raw anonymised responses, streamed a page at a time
//! (every completed response, labels recoded and answers withheld as the report's own
//! suppression requires; see `reports::export::recoding`).

use super::filters::scope_of;
use crate::reports::microdata::{response_export, response_page, PAGE};
use crate::web::access::extract::CurrentUser;
use crate::web::error::AppError;
use crate::web::AppState;
use actix_web::web::Bytes;
use actix_web::{web, HttpResponse};
use futures_util::StreamExt;
use std::sync::Arc;

struct Cursor {
    after: i32,
    counter: u64,
    done: bool,
}

/// The streamed CSV.
pub async fn csv(
    state: web::Data<AppState>,
    user: CurrentUser,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let survey = path.into_inner();
    let (shipped, snapshots) = (state.bank.clone(), state.snapshots.clone());
    let (district, scope) = (user.district, scope_of(&user));
    let (export, survey_id) = state
        .read(move |conn| -> Result<_, AppError> {
            let bank = crate::survey::own_items::district_bank(conn, district, &shipped)?;
            Ok(response_export(
                conn,
                &snapshots,
                &bank,
                district,
                &survey,
                scope.as_deref(),
            )?)
        })
        .await?;
    let header = Bytes::from(export.header().map_err(AppError::internal)?);
    let export = Arc::new(export);
    let pool = state.pool.clone();
    let pages = futures_util::stream::unfold(
        Cursor {
            after: 0,
            counter: 0,
            done: false,
        },
        move |mut cursor| {
            let (pool, export) = (pool.clone(), export.clone());
            async move {
                if cursor.done {
                    return None;
                }
                let after = cursor.after;
                let mut counter = cursor.counter;
                let read = web::block(move || -> Result<_, AppError> {
                    let rows = response_page(&mut *pool.get()?, district, survey_id, after, PAGE)?;
                    let bytes = export
                        .page(&rows, &mut counter)
                        .map_err(AppError::internal)?;
                    Ok((rows.last().map(|r| r.id), bytes, counter))
                })
                .await;
                let item = match read {
                    Ok(Ok((last, bytes, counter))) => {
                        cursor.counter = counter;
                        match last {
                            Some(id) => cursor.after = id,
                            None => cursor.done = true,
                        }
                        Ok(Bytes::from(bytes))
                    }
                    Ok(Err(e)) => {
                        cursor.done = true;
                        Err(actix_web::Error::from(e))
                    }
                    Err(e) => {
                        cursor.done = true;
                        Err(actix_web::Error::from(AppError::from(e)))
                    }
                };
                Some((item, cursor))
            }
        },
    );
    let body = futures_util::stream::iter([Ok::<_, actix_web::Error>(header)]).chain(pages);
    Ok(HttpResponse::Ok()
        .content_type("text/csv; charset=utf-8")
        .insert_header((
            "content-disposition",
            "attachment; filename=\"responses.csv\"",
        ))
        .streaming(body))
}

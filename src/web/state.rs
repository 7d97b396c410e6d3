//! What every handler may use, and the one way a handler reaches the database: [`AppState::read`]
//! and [`AppState::write`] run on the blocking pool with a pooled connection, the write inside
//! the one write transaction (`db::write::transaction`: `BEGIN IMMEDIATE` on SQLite, bounded
//! retries of lost races), and both answer with an [`AppError`] that keeps its cause.

use crate::db::{AnyConnection, DbPool};
use crate::web::error::AppError;
use crate::web::render::Templates;
use actix_web::web;

/// What every handler may use. Cloned per worker (cheap: `Arc`s and copies).
#[derive(Clone)]
pub struct AppState {
    /// Database connections.
    pub pool: DbPool,
    /// The group-commit writer that stores finished submissions (`db::writer`).
    pub writer: crate::db::writer::Writer,
    /// Compiled templates.
    pub templates: Templates,
    /// Staff session lifetimes.
    pub session_limits: crate::config::SessionLimits,
    /// A real argon2id hash of a random password, verified against when an e-mail is unknown
    /// so that a failed sign-in takes as long whether or not the account exists.
    pub dummy_hash: std::sync::Arc<String>,
    /// The validated question bank, loaded once at start-up.
    pub bank: std::sync::Arc<crate::survey::bank::QuestionBank>,
    /// The forms of the surveys respondents are answering (`survey::runtime::FormCache`).
    pub forms: std::sync::Arc<crate::survey::runtime::FormCache>,
    /// Survey aggregates kept between report requests (`db::aggregates::cache`).
    pub snapshots: std::sync::Arc<crate::db::aggregates::cache::SnapshotCache>,
    /// Public address for absolute links (invitations, printed sheets), without a trailing slash.
    pub base_url: std::sync::Arc<str>,
}

impl AppState {
    /// Runs `f` with a connection from the pool, off the async executor: for reads, and for
    /// database or service functions that own their transaction.
    pub async fn read<T, E>(
        &self,
        f: impl FnOnce(&mut AnyConnection) -> Result<T, E> + Send + 'static,
    ) -> Result<T, AppError>
    where
        T: Send + 'static,
        E: Into<AppError> + Send + 'static,
    {
        let pool = self.pool.clone();
        web::block(move || -> Result<T, AppError> {
            let mut conn = pool.get()?;
            f(&mut conn).map_err(Into::into)
        })
        .await?
    }

    /// Runs `f` as one write transaction with a connection from the pool, off the async
    /// executor. `f` may run more than once (after a lost race, on a rolled-back
    /// transaction), so it must have no effects outside the database.
    pub async fn write<T>(
        &self,
        mut f: impl FnMut(&mut AnyConnection) -> Result<T, AppError> + Send + 'static,
    ) -> Result<T, AppError>
    where
        T: Send + 'static,
    {
        let pool = self.pool.clone();
        web::block(move || -> Result<T, AppError> {
            let mut conn = pool.get()?;
            crate::db::write::transaction(&mut conn, &mut f)
        })
        .await?
    }
}

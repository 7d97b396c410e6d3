//! The respondent's pages under `/s`: entry by link or access code, one page at a time with
//! save and resume, idempotent submission, notices; plus the staff preview of a survey and
//! each district's privacy note. No account, and nothing identifying is stored.

mod current;
mod entry;
mod notices;
pub mod pages;
mod preview;
mod privacy;
mod resume;
mod review;
mod shell;
pub mod strings;
mod submit;
mod throttle;
mod view;

use actix_web::web;

/// How long failed code entries count against an address, in minutes (the sweeper keeps
/// them no longer).
pub const CODE_THROTTLE_MINUTES: i64 = throttle::WINDOW_MINUTES;

/// Session key holding the respondent's resume code on this device.
const RESUME: &str = "resume";

/// Session key holding the language and register of the survey in progress on this device
/// (`es:student`).
const RESUME_READER: &str = "resume_reader";

/// Registers the respondent routes, the survey preview and the privacy page.
pub fn routes(cfg: &mut web::ServiceConfig) {
    cfg.route("/s", web::get().to(entry::code_form))
        .route("/s", web::post().to(entry::code_start))
        .route("/s/resume", web::get().to(resume::form))
        .route("/s/resume", web::post().to(resume::resume))
        .route("/s/done", web::get().to(submit::done))
        .route("/s/submit", web::post().to(submit::submit))
        .route("/s/p/{n}", web::get().to(pages::show))
        .route("/s/p/{n}", web::post().to(pages::save))
        .route("/s/{token}", web::get().to(entry::welcome))
        .route("/s/{token}", web::post().to(entry::start))
        .route("/surveys/{public_id}/preview", web::get().to(preview::show))
        .route("/privacy/{district}", web::get().to(privacy::show));
}

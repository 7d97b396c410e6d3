//! Page rendering: handlebars templates compiled into the binary, in strict mode.

use crate::web::error::AppError;
use actix_web::http::header::ContentType;
use actix_web::http::StatusCode;
use actix_web::HttpResponse;
use handlebars::Handlebars;
use rust_embed::RustEmbed;
use serde::Serialize;
use std::sync::Arc;

#[derive(RustEmbed)]
#[folder = "templates/"]
struct TemplateFiles;

/// The compiled templates; cheap to clone.
#[derive(Clone)]
pub struct Templates(Arc<Handlebars<'static>>);

impl Templates {
    /// Compiles every `templates/**/*.hbs` file; a template error stops start-up.
    ///
    /// Strict mode turns a missing variable into an error instead of silently empty text.
    pub fn load() -> anyhow::Result<Self> {
        let mut hb = Handlebars::new();
        hb.set_strict_mode(true);
        hb.set_dev_mode(false);
        super::template_helpers::register(&mut hb);
        hb.register_embed_templates_with_extension::<TemplateFiles>(".hbs")
            .map_err(|e| anyhow::anyhow!("a template does not compile: {e}"))?;
        Ok(Templates(Arc::new(hb)))
    }

    /// Renders a template to a string.
    pub fn render_to_string<T: Serialize>(
        &self,
        name: &str,
        context: &T,
    ) -> Result<String, AppError> {
        self.0.render(name, context).map_err(AppError::internal)
    }

    /// Renders a full HTML page with status 200.
    pub fn page<T: Serialize>(&self, name: &str, context: &T) -> Result<HttpResponse, AppError> {
        self.page_with_status(StatusCode::OK, name, context)
    }

    /// Renders a full HTML page with another status (a form with errors: 422; a used link: 410).
    pub fn page_with_status<T: Serialize>(
        &self,
        status: StatusCode,
        name: &str,
        context: &T,
    ) -> Result<HttpResponse, AppError> {
        let body = self.render_to_string(name, context)?;
        Ok(HttpResponse::build(status)
            .content_type(ContentType::html())
            .body(body))
    }
}

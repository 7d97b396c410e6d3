//! One product's page: contract, cost, the schools that use it, and its licensed features
//! (added, edited and removed on this page).

use super::products::ProductSummary;
use super::view::{self, form_fields, Done};
use crate::db::models::product_changes::{self, FeatureSaved};
use crate::db::models::{products, schools};
use crate::domain::catalogue::FeatureForm;
use crate::domain::FieldError;
use crate::domain::{AudienceGroup, FeatureAudience, Language};
use crate::web::access::csrf::CsrfForm;
use crate::web::access::extract::{CurrentUser, RequireAdmin};
use crate::web::auth::EmptyForm;
use crate::web::error::AppError;
use crate::web::respond::see_other;
use crate::web::AppState;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use serde::Serialize;

#[derive(Serialize)]
struct AudienceBox {
    value: &'static str,
    label: &'static str,
    checked: bool,
}

#[derive(Serialize)]
struct FeatureView {
    id: i32,
    name: String,
    description: String,
    in_licence: bool,
    audience_label: String,
    audience: Vec<AudienceBox>,
    name_es: String,
    description_es: String,
}

/// The four audience boxes, ticked when `ticked` says so.
fn audience_boxes(ticked: impl Fn(AudienceGroup) -> bool) -> Vec<AudienceBox> {
    AudienceGroup::ALL
        .iter()
        .map(|g| AudienceBox {
            value: g.as_str(),
            label: g.label(),
            checked: ticked(*g),
        })
        .collect()
}

#[derive(Serialize)]
struct ProductPage {
    product: ProductSummary,
    support_contact: String,
    notes: String,
    schools: Vec<String>,
    features: Vec<FeatureView>,
    /// The add-feature form's values and messages.
    f: serde_json::Value,
    /// The add form's audience boxes (as typed; none ticked means "from the name").
    add_audience: Vec<AudienceBox>,
    errors: Vec<FieldError>,
}

/// Loads the page; `add` is the add-feature form to show (blank, or as typed with errors).
async fn page(
    state: &AppState,
    user: &CurrentUser,
    public_id: String,
    add: &FeatureForm,
    errors: Vec<FieldError>,
    notice: Option<&str>,
) -> Result<HttpResponse, AppError> {
    let district = user.district;
    let (row, features, used_by) = state
        .read(move |conn| -> Result<_, AppError> {
            let row = products::find(conn, district, &public_id)?.ok_or(AppError::NotFound)?;
            let features = products::features(conn, district, row.product_id())?;
            let ids: Vec<i32> = features.iter().map(|f| f.id).collect();
            let texts = products::feature_texts(conn, district, &ids)?;
            let features: Vec<(products::FeatureRow, Option<products::FeatureTextRow>)> = features
                .into_iter()
                .map(|f| {
                    let es = texts
                        .iter()
                        .find(|t| t.feature_id == f.id && t.language == Language::Spanish)
                        .cloned();
                    (f, es)
                })
                .collect();
            let ids = products::school_ids(conn, district, row.product_id())?;
            let names: Vec<String> = schools::list(conn, district)?
                .into_iter()
                .filter(|s| ids.iter().any(|id| id.0 == s.id))
                .map(|s| s.name)
                .collect();
            Ok((row, features, names))
        })
        .await?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let title = row.name.clone();
    let body = ProductPage {
        product: ProductSummary::from(&row),
        support_contact: row.support_contact,
        notes: row.notes,
        schools: used_by,
        features: features
            .into_iter()
            .map(|(f, es)| {
                let audience = f.audience().unwrap_or_else(|_| FeatureAudience::everyone());
                FeatureView {
                    id: f.id,
                    audience_label: audience.label(),
                    audience: audience_boxes(|g| audience.contains(g)),
                    name: f.name,
                    description: f.description,
                    in_licence: f.in_licence,
                    name_es: es.as_ref().map(|t| t.name.clone()).unwrap_or_default(),
                    description_es: es.map(|t| t.description).unwrap_or_default(),
                }
            })
            .collect(),
        add_audience: audience_boxes(|g| add.audience.iter().any(|a| a == g.as_str())),
        f: form_fields(add, &errors)?,
        errors,
    };
    view::render(state, user, ("admin/product", &title), status, body, notice)
}

fn blank_feature() -> FeatureForm {
    FeatureForm {
        in_licence: Some("on".into()),
        ..FeatureForm::default()
    }
}

/// `GET /admin/products/{public_id}`.
pub async fn show(
    state: web::Data<AppState>,
    RequireAdmin(user): RequireAdmin,
    path: web::Path<String>,
    done: web::Query<Done>,
) -> Result<HttpResponse, AppError> {
    let notice = view::notice(done.done.as_deref());
    page(
        &state,
        &user,
        path.into_inner(),
        &blank_feature(),
        Vec::new(),
        notice.as_deref(),
    )
    .await
}

/// Turns a feature change's outcome into a redirect, a 404 or the page with a message.
async fn answer(
    state: &AppState,
    user: &CurrentUser,
    public_id: String,
    (form, field): (&FeatureForm, &str),
    saved: FeatureSaved,
) -> Result<HttpResponse, AppError> {
    let message = match saved {
        FeatureSaved::Done => {
            return Ok(see_other(&format!(
                "/admin/products/{public_id}?done=feature#features"
            )))
        }
        FeatureSaved::Missing => return Err(AppError::NotFound),
        FeatureSaved::NameTaken => "This product already has a feature with this name.",
        FeatureSaved::InSurvey => {
            "This product is in a survey whose answers may refer to the feature, so it cannot be \
             removed. Untick \"Included in our licence\" instead."
        }
    };
    let errors = vec![crate::web::respond::field_error(field, message)];
    page(state, user, public_id, form, errors, None).await
}

/// `POST /admin/products/{public_id}/features`: adds a feature.
pub async fn add_feature(
    state: web::Data<AppState>,
    RequireAdmin(user): RequireAdmin,
    path: web::Path<String>,
    CsrfForm(form): CsrfForm<FeatureForm>,
) -> Result<HttpResponse, AppError> {
    let public_id = path.into_inner();
    let input = match form.parse() {
        Ok(input) => input,
        Err(errors) => return page(&state, &user, public_id, &form, errors, None).await,
    };
    let (district, actor, target) = (user.district, user.id, public_id.clone());
    let saved = state
        .write(move |conn| {
            Ok(product_changes::add_feature(
                conn, district, actor, &target, &input,
            )?)
        })
        .await?;
    answer(&state, &user, public_id, (&form, "name"), saved).await
}

/// `POST /admin/products/{public_id}/features/{id}`: changes a feature.
pub async fn update_feature(
    state: web::Data<AppState>,
    RequireAdmin(user): RequireAdmin,
    path: web::Path<(String, i32)>,
    CsrfForm(form): CsrfForm<FeatureForm>,
) -> Result<HttpResponse, AppError> {
    let (public_id, feature) = path.into_inner();
    let field = format!("feature-{feature}-name");
    let input = match form.parse() {
        Ok(input) => input,
        Err(errors) => {
            let errors = errors
                .into_iter()
                .map(|e| {
                    crate::web::respond::field_error(
                        &format!("feature-{feature}-{}", e.field),
                        e.message,
                    )
                })
                .collect();
            return page(&state, &user, public_id, &blank_feature(), errors, None).await;
        }
    };
    let (district, actor, target) = (user.district, user.id, public_id.clone());
    let saved = state
        .write(move |conn| {
            Ok(product_changes::update_feature(
                conn,
                district,
                actor,
                (&target, feature),
                &input,
            )?)
        })
        .await?;
    answer(&state, &user, public_id, (&blank_feature(), &field), saved).await
}

/// `POST /admin/products/{public_id}/features/{id}/remove`.
pub async fn remove_feature(
    state: web::Data<AppState>,
    RequireAdmin(user): RequireAdmin,
    path: web::Path<(String, i32)>,
    _form: CsrfForm<EmptyForm>,
) -> Result<HttpResponse, AppError> {
    let (public_id, feature) = path.into_inner();
    let (district, actor, target) = (user.district, user.id, public_id.clone());
    let saved = state
        .write(move |conn| {
            Ok(product_changes::remove_feature(
                conn,
                district,
                actor,
                (&target, feature),
            )?)
        })
        .await?;
    let field = format!("feature-{feature}-name");
    answer(&state, &user, public_id, (&blank_feature(), &field), saved).await
}

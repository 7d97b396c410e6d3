//! The survey settings form: create a draft, and edit it until it opens.

use super::{author, managed_survey};
use crate::db::models::products::ProductRow;
use crate::db::models::schools::SchoolRow;
use crate::db::models::surveys::{SurveyItemRow, SurveyRow};
use crate::db::models::texts::{self, Translations};
use crate::db::models::{districts, products, schools, surveys};
use crate::domain::survey_form::{date_time_value, SurveyForm, DEFAULT_GRACE_MINUTES};
use crate::domain::FieldError;
use crate::domain::{
    Language, LanguageSet, ProductId, SchoolId, StakeholderGroup, SurveyId, SurveyStatus, TimeZone,
};
use crate::survey::bank::{draft_languages, QuestionBank};
use crate::survey::budget;
use crate::survey::lifecycle::{self, Changed};
use crate::web::access::csrf::CsrfForm;
use crate::web::access::extract::{CurrentUser, RequireEditor};
use crate::web::admin::view::{self, form_fields};
use crate::web::error::AppError;
use crate::web::respond::see_other;
use crate::web::AppState;
use actix_web::http::StatusCode;
use actix_web::{web, HttpResponse};
use chrono::{Duration, NaiveTime};
use serde::Serialize;

/// One checkbox of a list.
#[derive(Serialize)]
struct Tick {
    value: String,
    label: String,
    checked: bool,
}

/// One cell of the construct × group grid.
#[derive(Serialize)]
struct GridCell {
    value: String,
    label: String,
    checked: bool,
    available: bool,
}

#[derive(Serialize)]
struct GridRow {
    name: String,
    description: String,
    cells: Vec<GridCell>,
}

/// The questions of one construct, each with a tick (ticked: kept in the survey).
#[derive(Serialize)]
struct ItemList {
    name: String,
    open: bool,
    items: Vec<Tick>,
}

#[derive(Serialize)]
struct FormPage {
    heading: &'static str,
    action: String,
    back: String,
    f: serde_json::Value,
    errors: Vec<FieldError>,
    groups: Vec<Tick>,
    languages: Vec<Tick>,
    schools: Vec<Tick>,
    products: Vec<Tick>,
    group_headers: Vec<&'static str>,
    constructs: Vec<GridRow>,
    item_lists: Vec<ItemList>,
    has_products: bool,
    opens_label: String,
    closes_label: String,
}

fn ticks<T>(
    all: impl IntoIterator<Item = T>,
    chosen: &[String],
    text: impl Fn(&T) -> (String, String),
) -> Vec<Tick> {
    all.into_iter()
        .map(|v| {
            let (value, label) = text(&v);
            Tick {
                checked: chosen.contains(&value),
                value,
                label,
            }
        })
        .collect()
}

fn item_lists(bank: &QuestionBank, form: &SurveyForm, errors: &[FieldError]) -> Vec<ItemList> {
    let any_error = errors.iter().any(|e| e.field == "items");
    bank.constructs()
        .iter()
        .filter(|c| c.key != "routing")
        .map(|c| {
            let items: Vec<Tick> = c
                .items
                .iter()
                .map(|i| {
                    let groups: Vec<&str> = i.groups.iter().map(|g| g.label()).collect();
                    Tick {
                        checked: form.items.contains(&i.key),
                        label: format!("{} ({})", i.label.original(), groups.join(", ")),
                        value: i.key.clone(),
                    }
                })
                .collect();
            ItemList {
                name: c.name.get(Language::English).to_string(),
                open: any_error || items.iter().any(|t| !t.checked),
                items,
            }
        })
        .collect()
}

/// Every item key of the bank's constructs (the routing item is always asked).
fn every_item(bank: &QuestionBank) -> Vec<String> {
    bank.constructs()
        .iter()
        .filter(|c| c.key != "routing")
        .flat_map(|c| c.items.iter().map(|i| i.key.clone()))
        .collect()
}

fn construct_grid(bank: &QuestionBank, form: &SurveyForm) -> Vec<GridRow> {
    bank.constructs()
        .iter()
        .filter(|c| c.key != "routing")
        .map(|c| GridRow {
            name: c.name.get(Language::English).to_string(),
            description: c.description.get(Language::English).to_string(),
            cells: StakeholderGroup::ALL
                .iter()
                .map(|g| {
                    let value = format!("{}.{}", c.key, g.as_str());
                    GridCell {
                        checked: form.constructs.contains(&value),
                        label: format!("{} for {}", c.name.get(Language::English), g.label()),
                        available: c.items_for(*g).next().is_some(),
                        value,
                    }
                })
                .collect(),
        })
        .collect()
}

/// The schools the user may survey, the current products and the district's view of the
/// bank: what the form offers.
struct Choices {
    schools: Vec<SchoolRow>,
    products: Vec<ProductRow>,
    bank: QuestionBank,
    /// The district's limit on questions about each product for grades 3–5.
    young_budget: budget::YoungItemBudget,
}

async fn choices(state: &AppState, user: &CurrentUser) -> Result<Choices, AppError> {
    let pool = state.pool.clone();
    let who = user.clone();
    let bank = state.bank.clone();
    web::block(move || -> Result<Choices, AppError> {
        let mut conn = pool.get()?;
        Ok(Choices {
            young_budget: budget::YoungItemBudget::stored(
                districts::find(&mut conn, who.district)?.young_items_per_product,
            ),
            bank: crate::survey::own_items::offered_bank(&mut conn, who.district, &bank)?,
            schools: schools::list(&mut conn, who.district)?
                .into_iter()
                .filter(|s| !s.archived && who.can_see_school(SchoolId(s.id)))
                .collect(),
            products: products::list(&mut conn, who.district)?
                .into_iter()
                .filter(|p| !p.archived)
                .collect(),
        })
    })
    .await?
}

async fn form_page(
    state: &AppState,
    user: &CurrentUser,
    editing: Option<&str>,
    form: &SurveyForm,
    errors: Vec<FieldError>,
) -> Result<HttpResponse, AppError> {
    let offered = choices(state, user).await?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    let (heading, action, back) = match editing {
        Some(id) => (
            "Edit draft survey",
            format!("/surveys/{id}/edit"),
            format!("/surveys/{id}"),
        ),
        None => (
            "New survey",
            "/surveys/new".to_string(),
            "/surveys".to_string(),
        ),
    };
    let body = FormPage {
        heading,
        action,
        back,
        f: form_fields(form, &errors)?,
        groups: ticks(StakeholderGroup::ALL.iter(), &form.groups, |g| {
            (g.as_str().to_string(), g.label().to_string())
        }),
        languages: ticks(user.languages.iter(), &form.languages, |l| {
            (l.as_str().to_string(), l.label().to_string())
        }),
        schools: ticks(offered.schools, &form.schools, |s| {
            (s.id.to_string(), s.name.clone())
        }),
        has_products: !offered.products.is_empty(),
        products: ticks(offered.products, &form.products, |p| {
            (p.id.to_string(), format!("{} ({})", p.name, p.vendor))
        }),
        group_headers: StakeholderGroup::ALL.iter().map(|g| g.label()).collect(),
        constructs: construct_grid(&offered.bank, form),
        item_lists: item_lists(&offered.bank, form, &errors),
        errors,
        opens_label: format!("Opens ({})", user.time_zone),
        closes_label: format!("Closes ({})", user.time_zone),
    };
    view::render(
        state,
        user,
        ("coordinator/survey_form", heading),
        status,
        body,
        None,
    )
}

/// A new survey's form: every group, the district's enabled languages whose shipped
/// translation is not a draft, every school, the constructs that fit.
fn default_form(offered: &Choices, zone: TimeZone, enabled: &LanguageSet) -> SurveyForm {
    let bank = &offered.bank;
    let tomorrow = (zone.from_utc(chrono::Utc::now().naive_utc()) + Duration::days(1)).date();
    let opens = tomorrow.and_time(NaiveTime::from_hms_opt(8, 0, 0).unwrap_or_default());
    let closes = opens + Duration::days(21) + Duration::hours(9);
    let groups: Vec<String> = StakeholderGroup::ALL
        .iter()
        .map(|g| g.as_str().to_string())
        .collect();
    SurveyForm {
        opens_at: opens.format("%Y-%m-%dT%H:%M").to_string(),
        closes_at: closes.format("%Y-%m-%dT%H:%M").to_string(),
        product_cap: "4".into(),
        grace_minutes: DEFAULT_GRACE_MINUTES.to_string(),
        languages: enabled
            .iter()
            .filter(|l| !draft_languages().contains(l))
            .map(|l| l.as_str().to_string())
            .collect(),
        schools: offered.schools.iter().map(|s| s.id.to_string()).collect(),
        constructs: budget::fitting_constructs(bank, StakeholderGroup::ALL, offered.young_budget)
            .into_iter()
            .filter(|(key, _)| key != "routing")
            .flat_map(|(key, groups)| {
                let construct = bank.construct(&key);
                groups
                    .into_iter()
                    .filter(|g| construct.is_some_and(|c| c.items_for(*g).next().is_some()))
                    .map(|g| format!("{key}.{}", g.as_str()))
                    .collect::<Vec<_>>()
            })
            .collect(),
        groups,
        item_list: "shown".into(),
        items: every_item(bank),
        ..SurveyForm::default()
    }
}

/// `GET /surveys/new`.
pub async fn new_form(
    state: web::Data<AppState>,
    RequireEditor(user): RequireEditor,
) -> Result<HttpResponse, AppError> {
    let offered = choices(&state, &user).await?;
    let form = default_form(&offered, user.time_zone, &user.languages);
    form_page(&state, &user, None, &form, Vec::new()).await
}

/// `POST /surveys/new`: creates the draft and shows its page.
pub async fn create(
    state: web::Data<AppState>,
    RequireEditor(user): RequireEditor,
    CsrfForm(form): CsrfForm<SurveyForm>,
) -> Result<HttpResponse, AppError> {
    let input = match form.parse(user.time_zone, &user.languages) {
        Ok(input) => input,
        Err(errors) => return form_page(&state, &user, None, &form, errors).await,
    };
    let bank = state.bank.clone();
    let who = user.clone();
    let created = state
        .write(move |conn| -> Result<_, AppError> {
            Ok(lifecycle::create_draft(conn, author(&who), &bank, &input)?)
        })
        .await?;
    match created {
        Ok(public_id) => Ok(see_other(&format!("/surveys/{public_id}?done=created"))),
        Err(errors) => form_page(&state, &user, None, &form, errors).await,
    }
}

/// The form as the stored draft fills it: the items ticked are those frozen into it, and
/// every item of a construct it does not ask (ticked, ready for when the set is ticked).
fn form_of(
    (zone, bank): (TimeZone, &QuestionBank),
    survey: &SurveyRow,
    schools: &[SchoolId],
    (products, titles): (&[ProductId], &Translations),
    items: &[SurveyItemRow],
) -> SurveyForm {
    let split = |text: &str| -> Vec<String> {
        text.split(',')
            .filter(|s| !s.is_empty())
            .map(str::to_string)
            .collect()
    };
    let mut constructs: Vec<String> = Vec::new();
    for item in items.iter().filter(|i| i.construct_key != "routing") {
        for group in item.groups.split(',') {
            let value = format!("{}.{group}", item.construct_key);
            if !constructs.contains(&value) {
                constructs.push(value);
            }
        }
    }
    let asked: Vec<&str> = items.iter().map(|i| i.construct_key.as_str()).collect();
    let mut ticked: Vec<String> = items
        .iter()
        .filter(|i| i.construct_key != "routing")
        .map(|i| i.item_key.clone())
        .collect();
    ticked.extend(
        bank.constructs()
            .iter()
            .filter(|c| c.key != "routing" && !asked.contains(&c.key.as_str()))
            .flat_map(|c| c.items.iter().map(|i| i.key.clone())),
    );
    SurveyForm {
        item_list: "shown".into(),
        items: ticked,
        title: survey.title.clone(),
        title_es: titles.get(&Language::Spanish).cloned().unwrap_or_default(),
        wave: survey.wave.clone(),
        opens_at: date_time_value(survey.opens_at, zone),
        closes_at: date_time_value(survey.closes_at, zone),
        product_cap: survey.product_cap.to_string(),
        grace_minutes: survey.grace_minutes.to_string(),
        groups: split(&survey.audience_groups),
        languages: split(&survey.languages),
        schools: schools.iter().map(|s| s.0.to_string()).collect(),
        products: products.iter().map(|p| p.0.to_string()).collect(),
        constructs,
    }
}

/// The draft the user may edit as its form (`None` once it has opened), or 404.
async fn editable(
    state: &AppState,
    user: &CurrentUser,
    public_id: String,
) -> Result<Option<SurveyForm>, AppError> {
    let pool = state.pool.clone();
    let who = user.clone();
    let shipped = state.bank.clone();
    web::block(move || -> Result<_, AppError> {
        let mut conn = pool.get()?;
        let survey = managed_survey(&mut conn, &who, &public_id)?;
        if survey.status != SurveyStatus::Draft {
            return Ok(None);
        }
        let id = SurveyId(survey.id);
        let schools = surveys::schools_of(&mut conn, who.district, id)?;
        let products = surveys::products_of(&mut conn, who.district, id)?;
        let items = surveys::items(&mut conn, who.district, id)?;
        let titles = texts::survey_titles(&mut conn, who.district, id)?;
        let bank = crate::survey::own_items::offered_bank(&mut conn, who.district, &shipped)?;
        Ok(Some(form_of(
            (who.time_zone, &bank),
            &survey,
            &schools,
            (&products, &titles),
            &items,
        )))
    })
    .await?
}

/// Back to the survey's page, which says its questions can no longer change.
fn frozen(public_id: &str) -> HttpResponse {
    see_other(&format!("/surveys/{public_id}?done=frozen"))
}

/// `GET /surveys/{public_id}/edit`.
pub async fn edit_form(
    state: web::Data<AppState>,
    RequireEditor(user): RequireEditor,
    path: web::Path<String>,
) -> Result<HttpResponse, AppError> {
    let public_id = path.into_inner();
    match editable(&state, &user, public_id.clone()).await? {
        Some(form) => form_page(&state, &user, Some(&public_id), &form, Vec::new()).await,
        None => Ok(frozen(&public_id)),
    }
}

/// `POST /surveys/{public_id}/edit`: saves the draft and assembles its items afresh.
pub async fn update(
    state: web::Data<AppState>,
    RequireEditor(user): RequireEditor,
    path: web::Path<String>,
    CsrfForm(form): CsrfForm<SurveyForm>,
) -> Result<HttpResponse, AppError> {
    let public_id = path.into_inner();
    if editable(&state, &user, public_id.clone()).await?.is_none() {
        return Ok(frozen(&public_id));
    }
    let input = match form.parse(user.time_zone, &user.languages) {
        Ok(input) => input,
        Err(errors) => return form_page(&state, &user, Some(&public_id), &form, errors).await,
    };
    let bank = state.bank.clone();
    let who = user.clone();
    let id = public_id.clone();
    let changed = state
        .read(move |conn| -> Result<Changed, AppError> {
            let survey = managed_survey(conn, &who, &id)?;
            Ok(crate::db::write::transaction(conn, |conn| {
                lifecycle::update_draft(conn, author(&who), &bank, &survey, &input)
            })?)
        })
        .await?;
    match changed {
        Changed::Done => Ok(see_other(&format!("/surveys/{public_id}?done=saved"))),
        Changed::WrongStatus => Ok(frozen(&public_id)),
        Changed::Refused(errors) => form_page(&state, &user, Some(&public_id), &form, errors).await,
    }
}

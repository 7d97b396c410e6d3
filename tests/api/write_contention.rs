//! Concurrent writes never answer 500: 8 clients × 25 writes at once on each write route
//! family (catalogue through the JSON API, survey authoring, distribution, staff accounts).
//! Every write goes through `db::write::transaction`; a lost race is retried, and what still
//! fails answers 503 with Retry-After.

use crate::api::token_for;
use crate::authoring::{fixture_public_id, settings};
use crate::both_backends;
use crate::fixtures::{staff, survey_fixture, SurveyFixture, PASSWORD};
use crate::helpers::{csrf_in, TestApp};
use chorus::db::models::distribution;
use chorus::domain::{Role, StakeholderGroup};
use futures_util::future::join_all;
use std::collections::BTreeMap;

const CLIENTS: usize = 8;
const WRITES: usize = 25;

/// A signed-in browser of its own (cookies) with its CSRF token.
struct Browser {
    client: reqwest::Client,
    address: String,
    csrf: String,
}

impl Browser {
    async fn signed_in(app: &TestApp, email: &str) -> Browser {
        let client = app.other_client();
        let address = app.address.clone();
        let page = |client: &reqwest::Client| {
            let url = format!("{address}/signin");
            let client = client.clone();
            async move { client.get(url).send().await.unwrap().text().await.unwrap() }
        };
        let csrf = csrf_in(&page(&client).await).unwrap();
        let res = client
            .post(format!("{address}/signin"))
            .form(&[
                ("csrf", csrf.as_str()),
                ("email", email),
                ("password", PASSWORD),
                ("next", "/home"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303, "sign-in of {email}");
        let csrf = csrf_in(&page(&client).await).unwrap();
        Browser {
            client,
            address,
            csrf,
        }
    }

    async fn post(&self, path: &str, fields: &[(&str, &str)]) -> u16 {
        let mut all = vec![("csrf", self.csrf.as_str())];
        all.extend_from_slice(fields);
        let body = serde_html_form::to_string(&all).unwrap();
        self.client
            .post(format!("{}{path}", self.address))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(body)
            .send()
            .await
            .unwrap()
            .status()
            .as_u16()
    }

    async fn page(&self, path: &str) -> String {
        self.client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap()
    }
}

/// Runs `CLIENTS` clients at once, each making `WRITES` writes one after another; returns
/// how many responses had each status.
async fn hammer<F, Fut>(write: F) -> BTreeMap<u16, usize>
where
    F: Fn(usize, usize) -> Fut,
    Fut: std::future::Future<Output = u16>,
{
    let clients = (0..CLIENTS).map(|client| {
        let write = &write;
        async move {
            let mut statuses = Vec::with_capacity(WRITES);
            for n in 0..WRITES {
                statuses.push(write(client, n).await);
            }
            statuses
        }
    });
    let mut counts = BTreeMap::new();
    for status in join_all(clients).await.into_iter().flatten() {
        *counts.entry(status).or_insert(0) += 1;
    }
    counts
}

fn assert_no_server_errors(family: &str, app: &TestApp, counts: &BTreeMap<u16, usize>) {
    eprintln!("{family} on {:?}: {counts:?}", app.backend);
    let failed: usize = counts.range(500..).map(|(_, n)| n).sum();
    assert_eq!(failed, 0, "{family}: {counts:?}");
    assert_eq!(counts.values().sum::<usize>(), CLIENTS * WRITES);
}

fn setup(app: &TestApp, name: &str) -> (SurveyFixture, String) {
    let mut conn = app.pool.get().unwrap();
    let f = survey_fixture(&mut conn, name);
    let email = format!("admin@{}.example", chorus::demo::slugify(name));
    let admin = staff(&mut conn, f.district, &email, Role::DistrictAdmin, &[]);
    (f, admin)
}

both_backends!(
    concurrent_catalogue_writes_never_fail,
    |app: TestApp| async move {
        let (f, admin) = setup(&app, "Contention Catalogue");
        app.sign_in_ok(&admin, PASSWORD).await;
        let token = token_for(&app).await;
        let product = {
            let mut conn = app.pool.get().unwrap();
            chorus::db::models::products::list(&mut conn, f.district).unwrap()[0]
                .public_id
                .clone()
        };
        let api = app.other_client();
        let counts = hammer(|client, n| {
            let (api, token, address) = (api.clone(), token.clone(), app.address.clone());
            let school = f.schools[n % 2].0;
            let product = product.clone();
            async move {
                let (method, path, body) = match n % 4 {
                    0 | 2 => (
                        reqwest::Method::PUT,
                        format!("/api/v1/schools/{school}"),
                        serde_json::json!({"name": format!("School {school}"), "level": "middle",
                            "grade_span": "6-8", "expected": {"students": 100 + client * WRITES + n}}),
                    ),
                    1 => (
                        reqwest::Method::PUT,
                        format!("/api/v1/products/{product}"),
                        serde_json::json!({"name": "Alpha", "vendor": "Vendor",
                            "annual_cost": 1000 + n, "licensed_seats": 100 + client}),
                    ),
                    _ => (
                        reqwest::Method::POST,
                        format!("/api/v1/products/{product}/features"),
                        serde_json::json!({"name": format!("Feature {client}-{n}")}),
                    ),
                };
                api.request(method, format!("{address}{path}"))
                    .bearer_auth(&token)
                    .json(&body)
                    .send()
                    .await
                    .unwrap()
                    .status()
                    .as_u16()
            }
        })
        .await;
        assert_no_server_errors("catalogue", &app, &counts);
        let added = CLIENTS * (0..WRITES).filter(|n| n % 4 == 3).count();
        assert_eq!(counts.get(&201).copied(), Some(added), "{counts:?}");
        assert_eq!(counts.get(&200).copied(), Some(CLIENTS * WRITES - added));
    }
);

both_backends!(
    concurrent_authoring_and_distribution_writes_never_fail,
    |app: TestApp| async move {
        let (f, admin) = setup(&app, "Contention Authoring");
        let survey = {
            let mut conn = app.pool.get().unwrap();
            let groups = [
                (f.schools[0], StakeholderGroup::Teacher),
                (f.schools[1], StakeholderGroup::Teacher),
            ];
            distribution::ensure_links(&mut conn, f.district, f.survey, &groups).unwrap();
            fixture_public_id(&mut conn, &f)
        };
        let links: Vec<i32> = {
            let mut conn = app.pool.get().unwrap();
            distribution::links_of(&mut conn, f.district, f.survey)
                .unwrap()
                .iter()
                .map(|l| l.id)
                .collect()
        };
        let browsers = join_all((0..CLIENTS).map(|_| Browser::signed_in(&app, &admin))).await;
        let form = settings(&f);
        let form: Vec<(&str, &str)> = form.iter().map(|(k, v)| (*k, v.as_str())).collect();

        let counts = hammer(|client, n| {
            let b = &browsers[client];
            let form = &form;
            async move {
                if n % 2 == 0 {
                    b.post("/surveys/new", form).await
                } else {
                    b.post("/bank/items/ease.setup/hide", &[]).await
                }
            }
        })
        .await;
        assert_no_server_errors("authoring", &app, &counts);

        let school = f.schools[0].0.to_string();
        let counts = hammer(|client, n| {
            let (b, links, survey, school) = (&browsers[client], &links, &survey, &school);
            async move {
                if n % 2 == 0 {
                    let action = if n % 4 == 0 { "deactivate" } else { "activate" };
                    let link = links[client % links.len()];
                    b.post(&format!("/surveys/{survey}/links/{link}/{action}"), &[])
                        .await
                } else {
                    let page = b.page(&format!("/surveys/{survey}/distribute")).await;
                    let batch = field_value(&page, "batch");
                    let fields = [
                        ("school", school.as_str()),
                        ("group", "teacher"),
                        ("count", "3"),
                        ("batch", batch.as_str()),
                    ];
                    b.post(&format!("/surveys/{survey}/codes"), &fields).await
                }
            }
        })
        .await;
        assert_no_server_errors("distribution", &app, &counts);
    }
);

both_backends!(
    concurrent_account_writes_never_fail,
    |app: TestApp| async move {
        let (f, admin) = setup(&app, "Contention Accounts");
        let browsers = join_all((0..CLIENTS).map(|_| Browser::signed_in(&app, &admin))).await;
        let north = f.schools[0].0.to_string();
        let counts = hammer(|client, n| {
            let (b, north) = (&browsers[client], &north);
            let email = format!("staff{client}-{n}@accounts.example");
            async move {
                b.post(
                    "/admin/staff/invite",
                    &[
                        ("email", email.as_str()),
                        ("display_name", "Staff"),
                        ("role", "school_coordinator"),
                        ("schools", north),
                    ],
                )
                .await
            }
        })
        .await;
        assert_no_server_errors("accounts", &app, &counts);
        assert_eq!(
            counts.get(&200).copied(),
            Some(CLIENTS * WRITES),
            "{counts:?}"
        );
    }
);

fn field_value(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no field {name}"))
        + marker.len();
    html[start..].split('"').next().unwrap().to_string()
}

/// A write that cannot have the SQLite write lock within the busy timeout (another process
/// holds it) answers 503 with Retry-After — a problem document on the API, the "busy" page
/// for people — and writes nothing.
#[actix_web::test]
async fn a_write_that_cannot_lock_answers_503() {
    use diesel::connection::SimpleConnection;
    let Some(app) = crate::helpers::spawn_app(
        crate::helpers::Backend::Sqlite,
        "write_contention::cannot_lock",
    )
    .await
    else {
        return;
    };
    let (f, admin) = setup(&app, "Contention Locked");
    app.sign_in_ok(&admin, PASSWORD).await;
    let token = token_for(&app).await;
    let browser = Browser::signed_in(&app, &admin).await;
    let mut holder = chorus::db::AnyConnection::open(&app.db.url).unwrap();
    holder.batch_execute("BEGIN IMMEDIATE").unwrap();

    let school = f.schools[0].0;
    let res = app
        .other_client()
        .put(format!("{}/api/v1/schools/{school}", app.address))
        .bearer_auth(&token)
        .json(&serde_json::json!({"name": "Renamed", "level": "middle", "grade_span": "6-8"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 503);
    assert_eq!(res.headers()["retry-after"], "1");
    assert_eq!(res.headers()["content-type"], "application/problem+json");
    let page = browser
        .client
        .post(format!("{}/admin/schools/{school}/archive", app.address))
        .form(&[("csrf", browser.csrf.as_str())])
        .send()
        .await
        .unwrap();
    assert_eq!(page.status(), 503);
    assert_eq!(page.headers()["retry-after"], "1");
    assert!(page.text().await.unwrap().contains("very busy"));

    holder.batch_execute("ROLLBACK").unwrap();
    let mut conn = app.pool.get().unwrap();
    let row = chorus::db::models::schools::find(&mut conn, f.district, f.schools[0])
        .unwrap()
        .unwrap();
    assert_eq!((row.name.as_str(), row.archived), ("North", false));
}

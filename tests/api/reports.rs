//! Product reports on the demo district: verdicts with their evidence, figures recomputed from
//! the raw answers, small-cell suppression, and coordinator scoping, in every format.

use crate::fixtures::{staff, PASSWORD};
use crate::helpers::{spawn_app_with, Backend, TestApp};
use chorus::db::models::{districts, products, schools, surveys};
use chorus::db::schema::{answers, responses};
use chorus::domain::ItemKind;
use chorus::domain::{Role, SchoolId, SurveyId};
use diesel::prelude::*;

/// The demo loaded, an admin and a coordinator of the first school signed up; returns the
/// survey public id, the product ids by name, and the school names (first is the coordinator's).
pub struct Demo {
    pub app: TestApp,
    pub survey: String,
    pub survey_id: SurveyId,
    pub products: Vec<(String, String, i32)>,
    pub schools: Vec<(i32, String)>,
}

impl Demo {
    pub fn product(&self, name: &str) -> &str {
        &self.products.iter().find(|p| p.0 == name).unwrap().1
    }

    pub fn product_row_id(&self, name: &str) -> i32 {
        self.products.iter().find(|p| p.0 == name).unwrap().2
    }

    pub fn url(&self, name: &str, rest: &str) -> String {
        format!("/reports/{}/{}{rest}", self.survey, self.product(name))
    }

    pub async fn text(&self, path: &str) -> String {
        let res = self.app.get(path).await;
        assert_eq!(res.status(), 200, "{path}");
        res.text().await.unwrap()
    }
}

pub const ADMIN: &str = "analyst@reports.example";
pub const COORDINATOR: &str = "coord@reports.example";

pub async fn demo(backend: Backend, name: &str) -> Option<Demo> {
    let app = spawn_app_with(backend, name, |s| s.load_demo = true).await?;
    let mut conn = app.pool.get().unwrap();
    let district = districts::list(&mut conn).unwrap()[0].district_id();
    let closed = crate::fixtures::closed_demo_wave(&mut conn, district);
    let survey_row = surveys::list(&mut conn, district)
        .unwrap()
        .into_iter()
        .find(|s| s.id == closed.0)
        .unwrap();
    let school_rows: Vec<(i32, String)> = schools::list(&mut conn, district)
        .unwrap()
        .into_iter()
        .map(|s| (s.id, s.name))
        .collect();
    staff(&mut conn, district, ADMIN, Role::DistrictAdmin, &[]);
    staff(
        &mut conn,
        district,
        COORDINATOR,
        Role::SchoolCoordinator,
        &[SchoolId(school_rows[0].0)],
    );
    let products = products::list(&mut conn, district)
        .unwrap()
        .into_iter()
        .map(|p| (p.name, p.public_id, p.id))
        .collect();
    drop(conn);
    Some(Demo {
        app,
        survey: survey_row.public_id,
        survey_id: SurveyId(survey_row.id),
        products,
        schools: school_rows,
    })
}

/// Teachers' answers (1–5) to the first ease-of-use item about a product, from the raw answers.
fn teacher_ease_answers(d: &Demo, product: &str) -> (String, Vec<i64>) {
    let mut conn = d.app.pool.get().unwrap();
    let district = districts::list(&mut conn).unwrap()[0].district_id();
    let item = surveys::items(&mut conn, district, d.survey_id)
        .unwrap()
        .into_iter()
        .find(|i| {
            i.construct_key == "ease_of_use"
                && i.kind == ItemKind::Scale5
                && i.groups.contains("teacher")
        })
        .unwrap();
    let values: Vec<Option<i64>> = answers::table
        .inner_join(responses::table)
        .filter(answers::survey_item_id.eq(item.id))
        .filter(answers::product_id.eq(d.product_row_id(product)))
        .filter(responses::stakeholder_group.eq("teacher"))
        .filter(answers::not_applicable.eq(false))
        .select(answers::value)
        .load(&mut *conn)
        .unwrap();
    (item.item_key, values.into_iter().flatten().collect())
}

/// A new API token of the signed-in admin, as the tokens page shows it once.
pub async fn api_token(d: &Demo, name: &str) -> String {
    let html = d
        .app
        .post_form("/admin/tokens", &[("name", name)])
        .await
        .text()
        .await
        .unwrap();
    let marker = "id=\"token\" type=\"text\" readonly value=\"";
    html[html.find(marker).unwrap() + marker.len()..]
        .split('"')
        .next()
        .unwrap()
        .to_string()
}

/// The text of the named parts of an XLSX download (a zip of XML files).
pub async fn xlsx_parts(d: &Demo, path: &str) -> std::collections::HashMap<String, String> {
    let res = d.app.get(path).await;
    assert_eq!(res.status(), 200, "{path}");
    let bytes = res.bytes().await.unwrap();
    let mut zip = zip::ZipArchive::new(std::io::Cursor::new(bytes.to_vec())).unwrap();
    let mut out = std::collections::HashMap::new();
    for i in 0..zip.len() {
        let mut file = zip.by_index(i).unwrap();
        let mut text = String::new();
        std::io::Read::read_to_string(&mut file, &mut text).unwrap();
        out.insert(file.name().unwrap().to_string(), text);
    }
    out
}

async fn page_figures_and_suppression(backend: Backend) {
    let Some(d) = demo(backend, &format!("reports::page::{backend:?}")).await else {
        return;
    };
    d.app.sign_in_ok(ADMIN, PASSWORD).await;
    for (name, verdict, evidence) in [
        ("MathQuest", "Renew", "Value is clearly high"),
        (
            "ClassHub LMS",
            "Repair training",
            "want a lot more training",
        ),
        (
            "ReadAlong",
            "Reconsider vendor",
            "Vendor support is clearly poor",
        ),
        ("LabSim", "Repair adoption", "of those asked use it"),
    ] {
        let page = d.text(&d.url(name, "")).await;
        assert!(
            page.contains(&format!("Verdict: <strong>{verdict}</strong>")),
            "{name}: {verdict}"
        );
        assert!(page.contains(evidence), "{name}: {evidence}");
        assert!(!page.contains("style="), "no inline styles");
    }

    // A figure recomputed from the raw answers: teachers' favourable share with its Wilson interval.
    let (_, values) = teacher_ease_answers(&d, "MathQuest");
    let favourable = values.iter().filter(|v| **v >= 4).count() as u64;
    let p = chorus::stats::wilson(favourable, values.len() as u64).unwrap();
    assert!(values.len() >= 30, "the demo has enough teachers");
    let expected = format!(
        "<td>Teachers</td><td>{:.0}% (95% CI {:.0}–{:.0}%)</td>",
        100.0 * p.p,
        100.0 * p.wilson.low,
        100.0 * p.wilson.high
    );
    let page = d.text(&d.url("MathQuest", "")).await;
    assert!(page.contains(&expected), "{expected}");

    // Eight coordinators: their support cell (fewer than 5 contacted support) is withheld.
    let page = d.text(&d.url("ClassHub LMS", "?group=coordinator")).await;
    assert!(page.contains("fewer than 5 answers"));
    assert!(page.contains("showing All schools, Coordinators"));

    // The portfolio: every product, next renewals first, each with its verdict.
    let portfolio = d.text("/reports").await;
    let mut at = Vec::new();
    for (name, verdict) in [
        ("MathQuest", "Renew"),
        ("ClassHub LMS", "Repair training"),
        ("ReadAlong", "Reconsider vendor"),
        ("LabSim", "Repair adoption"),
    ] {
        let link = format!("{}\">{name}</a></th>", d.url(name, ""));
        let i = portfolio
            .find(&link)
            .unwrap_or_else(|| panic!("{name} in the portfolio"));
        assert!(
            portfolio[i..]
                .split("</tr>")
                .next()
                .unwrap()
                .contains(verdict),
            "{name}"
        );
        at.push(i);
    }
    let mut conn = d.app.pool.get().unwrap();
    let district = districts::list(&mut conn).unwrap()[0].district_id();
    let mut ends: Vec<(chrono::NaiveDate, String)> = products::list(&mut conn, district)
        .unwrap()
        .into_iter()
        .map(|p| (p.contract_end.unwrap(), p.name))
        .collect();
    drop(conn);
    ends.sort();
    let order: Vec<usize> = ends
        .iter()
        .map(|(_, n)| portfolio.find(&format!(">{n}</a></th>")).unwrap())
        .collect();
    assert!(order.windows(2).all(|w| w[0] < w[1]), "next renewals first");
    let by_name = d.text("/reports?sort=name").await;
    assert!(by_name.find(">ClassHub LMS<").unwrap() < by_name.find(">MathQuest<").unwrap());
    assert_eq!(d.app.get("/reports?sort=colour").await.status(), 422);

    // The JSON API: the same figures and the same withheld cell, without its number.
    let token = api_token(&d, "reports").await;
    let api = |path: String| {
        let req = d
            .app
            .other_client()
            .get(format!("{}{path}", d.app.address))
            .bearer_auth(&token);
        async move { req.send().await.unwrap() }
    };
    let path = format!(
        "/api/v1/surveys/{}/products/{}/report",
        d.survey,
        d.product("ClassHub LMS")
    );
    let json: serde_json::Value = api(path.clone()).await.json().await.unwrap();
    assert_eq!(json["summary"]["verdict"], "repair_training");
    assert!(json["summary"]["evidence"][0]
        .as_str()
        .unwrap()
        .contains("want a lot more training"));
    let support = json["support"].as_array().unwrap();
    let coordinators = support
        .iter()
        .find(|s| s["group"] == "Coordinators")
        .unwrap();
    assert_eq!(coordinators["stat"]["withheld"], "small cell");
    assert!(coordinators["stat"]["n"].is_null() && coordinators["stat"]["value"].is_null());
    assert_eq!(api(format!("{path}?group=pets")).await.status(), 422);
    assert_eq!(
        api(path.replace(d.product("ClassHub LMS"), "nosuch"))
            .await
            .status(),
        404
    );
    let doc: serde_json::Value = api("/api/v1/openapi.json".into())
        .await
        .json()
        .await
        .unwrap();
    assert!(doc["paths"]["/api/v1/surveys/{survey}/products/{product}/report"]["get"].is_object());

    // Bad filters get a message, not a report.
    let res = d.app.get(&d.url("MathQuest", "?group=pets")).await;
    assert_eq!(res.status(), 422);
    assert!(res
        .text()
        .await
        .unwrap()
        .contains("not a stakeholder group"));
    assert_eq!(
        d.app.get(&d.url("MathQuest", "?school=abc")).await.status(),
        422
    );
    assert_eq!(
        d.app
            .get(&format!("/reports/{}/nosuchproduct", d.survey))
            .await
            .status(),
        404
    );
}

#[actix_web::test]
async fn page_figures_and_suppression_on_sqlite() {
    page_figures_and_suppression(Backend::Sqlite).await;
}

#[actix_web::test]
async fn page_figures_and_suppression_on_postgres() {
    page_figures_and_suppression(Backend::Postgres).await;
}

async fn downloads_are_suppressed_and_scoped(backend: Backend) {
    let Some(d) = demo(backend, &format!("reports::downloads::{backend:?}")).await else {
        return;
    };
    d.app.sign_in_ok(ADMIN, PASSWORD).await;
    let csv = d.text(&d.url("ClassHub LMS", "/report.csv")).await;
    let mut lines = csv.lines();
    assert_eq!(
        lines.next().unwrap(),
        "section,group,school,construct,item,feature,statistic,value,ci_low,ci_high,n,display,withheld"
    );
    assert!(csv.contains("summary,,,,,,verdict,,,,,Repair training,"));
    let small = csv
        .lines()
        .find(|l| l.starts_with("support,Coordinators,"))
        .unwrap();
    assert_eq!(
        small,
        "support,Coordinators,,,,,support_satisfied,,,,,fewer than 5 answers,small cell"
    );
    let (_, values) = teacher_ease_answers(&d, "ClassHub LMS");
    assert!(csv.contains(",Teachers,,ease_of_use,"));
    assert!(csv
        .lines()
        .any(|l| l.starts_with("items,Teachers,,ease_of_use,")
            && l.contains(&format!(",{},", values.len()))));
    for (_, school) in &d.schools {
        assert!(csv.contains(&format!("schools,,{school},")), "{school}");
    }
    let pdf = d.app.get(&d.url("ClassHub LMS", "/report.pdf")).await;
    assert_eq!(pdf.status(), 200);
    assert_eq!(pdf.headers()["content-type"], "application/pdf");
    let pdf = pdf.bytes().await.unwrap();
    let text = String::from_utf8_lossy(&pdf);
    assert!(pdf.starts_with(b"%PDF") && text.contains("(ClassHub LMS)"));
    assert!(text.contains("(Verdict: Repair training)"));
    assert!(text.contains("fewer than 5 answers"));
    let page = d.text(&d.url("ClassHub LMS", "")).await;
    for file in ["report.pdf", "report.csv", "report.xlsx"] {
        assert!(
            page.contains(&format!("/{file}\"")),
            "the page links {file}"
        );
    }
    let unknown = d.app.get(&d.url("ClassHub LMS", "/report.docx")).await;
    assert_eq!(unknown.status(), 404, "a format that does not exist");
    let print = d.text(&d.url("ClassHub LMS", "/print")).await;
    assert!(print.contains("/static/css/print.css") && print.contains("<svg class=\"bar\""));
    assert!(
        print.contains("Verdict: <strong>Repair training</strong>") && !print.contains("style=")
    );
    let xlsx = xlsx_parts(&d, &d.url("ClassHub LMS", "/report.xlsx")).await;
    let strings = &xlsx["xl/sharedStrings.xml"];
    let workbook = &xlsx["xl/workbook.xml"];
    assert!(workbook.contains("name=\"Vendor support\"") && workbook.contains("name=\"Schools\""));
    assert!(strings.contains("fewer than 5 answers") && strings.contains("small cell"));
    assert!(strings.contains("Repair training"));
    assert!(
        xlsx["xl/worksheets/sheet2.xml"].contains("ySplit=\"1\""),
        "frozen header"
    );

    // A coordinator of the first school: no other school's cells in any format.
    d.app.post_form("/signout", &[]).await;
    d.app.sign_in_ok(COORDINATOR, PASSWORD).await;
    let page = d.text(&d.url("ClassHub LMS", "")).await;
    let csv = d.text(&d.url("ClassHub LMS", "/report.csv")).await;
    assert!(
        page.contains(&d.schools[0].1) && csv.contains(&format!("schools,,{},", d.schools[0].1))
    );
    for (_, other) in &d.schools[1..] {
        assert!(!page.contains(other.as_str()), "page shows {other}");
        assert!(!csv.contains(other.as_str()), "CSV shows {other}");
    }
    assert!(
        !csv.contains("All schools"),
        "no district totals for a coordinator"
    );
    assert!(d.text("/reports").await.contains("over your schools only"));
    let res = d
        .app
        .get(&d.url("ClassHub LMS", &format!("?school={}", d.schools[1].0)))
        .await;
    assert_eq!(res.status(), 422, "another school as a filter");
}

#[actix_web::test]
async fn downloads_are_suppressed_and_scoped_on_sqlite() {
    downloads_are_suppressed_and_scoped(Backend::Sqlite).await;
}

#[actix_web::test]
async fn downloads_are_suppressed_and_scoped_on_postgres() {
    downloads_are_suppressed_and_scoped(Backend::Postgres).await;
}

/// The rows of a raw-responses CSV after its notes: (header, rows).
pub fn raw_rows(csv: &str) -> (Vec<String>, Vec<csv::StringRecord>) {
    let notes = csv.lines().take_while(|l| l.starts_with("# ")).count();
    assert_eq!(notes, 4, "the notes say what was recoded:\n{csv:.600}");
    let body: String = csv.lines().skip(notes).map(|l| format!("{l}\n")).collect();
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let header = reader.headers().unwrap().iter().map(String::from).collect();
    (header, reader.records().map(|r| r.unwrap()).collect())
}

/// Completed responses per group label as the report's JSON shows them for a view.
async fn completed_per_group(d: &Demo, token: &str, product: &str) -> Vec<(String, Option<u64>)> {
    let json: serde_json::Value = d
        .app
        .other_client()
        .get(format!(
            "{}/api/v1/surveys/{}/products/{}/report",
            d.app.address,
            d.survey,
            d.product(product)
        ))
        .bearer_auth(token)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    json["summary"]["responses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["group"].as_str().unwrap().to_string(),
                r["completed"]["n"].as_u64(),
            )
        })
        .collect()
}

async fn raw_responses_keep_every_response_and_recode_small_cells(backend: Backend) {
    let Some(d) = demo(backend, &format!("reports::responses::{backend:?}")).await else {
        return;
    };
    d.app.sign_in_ok(ADMIN, PASSWORD).await;
    let path = format!("/reports/{}/responses.csv", d.survey);
    let csv = d.text(&path).await;
    println!("{}", csv.lines().take(4).collect::<Vec<_>>().join("\n"));
    let (header, rows) = raw_rows(&csv);
    assert_eq!(
        &header[..5],
        ["response", "school", "group", "language", "submitted_in"]
    );
    // Every completed response is a row, so the export's counts per group are the report's.
    assert_eq!(rows.len(), 1974);
    // The notes count the withheld answer cells the file holds.
    let noted: u64 = csv.lines().nth(2).unwrap()[2..]
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let withheld = rows
        .iter()
        .flat_map(|r| {
            r.iter()
                .skip(5)
                .filter(|c| *c == "withheld")
                .collect::<Vec<_>>()
        })
        .count() as u64;
    assert_eq!(noted, withheld);
    assert!(withheld > 0);
    assert_eq!(&rows[0][0], "1", "running numbers, not database ids");
    let token = api_token(&d, "raw").await;
    for (group, n) in completed_per_group(&d, &token, "ClassHub LMS").await {
        let Some(n) = n else { continue };
        let label = if group == "All groups" {
            None
        } else {
            chorus::domain::StakeholderGroup::ALL
                .iter()
                .find(|g| g.label() == group)
                .map(|g| g.as_str())
        };
        let in_export = rows
            .iter()
            .filter(|r| label.is_none_or(|l| &r[2] == l))
            .count();
        assert_eq!(in_export as u64, n, "{group}");
    }
    // Two coordinators per school: no school of theirs is named.
    let coordinators: Vec<_> = rows.iter().filter(|r| &r[2] == "coordinator").collect();
    assert_eq!(coordinators.len(), 8);
    assert!(coordinators.iter().all(|r| &r[1] == "withheld"));
    let comment_columns: Vec<usize> = header
        .iter()
        .enumerate()
        .filter(|(_, h)| h.contains("comment"))
        .map(|(i, _)| i)
        .collect();
    assert!(!comment_columns.is_empty(), "{header:?}");
    let texts = |rows: &[csv::StringRecord]| -> Vec<String> {
        rows.iter()
            .flat_map(|r| {
                comment_columns
                    .iter()
                    .map(|&c| r[c].to_string())
                    .collect::<Vec<_>>()
            })
            .filter(|t| !t.is_empty())
            .collect()
    };
    assert!(
        texts(&rows).iter().any(|t| t != "withheld"),
        "comments of large sets are kept"
    );

    // With a comment minimum above every cell, no comment text leaves the server.
    {
        use chorus::db::schema::districts::dsl;
        let mut conn = d.app.pool.get().unwrap();
        diesel::update(dsl::districts)
            .set(dsl::min_n_comments.eq(1000))
            .execute(&mut *conn)
            .unwrap();
    }
    let (_, rows) = raw_rows(&d.text(&path).await);
    let all = texts(&rows);
    assert!(!all.is_empty() && all.iter().all(|t| t == "withheld"));

    // A coordinator gets their school's rows only, as many per group as their report shows.
    d.app.post_form("/signout", &[]).await;
    d.app.sign_in_ok(COORDINATOR, PASSWORD).await;
    let (_, rows) = raw_rows(&d.text(&path).await);
    assert!(!rows.is_empty());
    assert!(rows
        .iter()
        .all(|r| r[1] == d.schools[0].1 || &r[1] == "withheld"));
    let others: Vec<&String> = d.schools[1..].iter().map(|s| &s.1).collect();
    assert!(rows.iter().all(|r| !others.contains(&&r[1].to_string())));
    assert_eq!(
        d.app
            .get("/reports/nosuchsurvey/responses.csv")
            .await
            .status(),
        404
    );
}

#[actix_web::test]
async fn raw_responses_keep_every_response_and_recode_small_cells_on_sqlite() {
    raw_responses_keep_every_response_and_recode_small_cells(Backend::Sqlite).await;
}

#[actix_web::test]
async fn raw_responses_keep_every_response_and_recode_small_cells_on_postgres() {
    raw_responses_keep_every_response_and_recode_small_cells(Backend::Postgres).await;
}

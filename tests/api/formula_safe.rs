//! Downloads cannot run formulas: text from outside (a comment, a school name) that begins
//! with `=`, `+`, `-` or `@` is written to every CSV with a leading apostrophe, and to XLSX as
//! a text cell, never a formula. Figures stay numbers.

use crate::fixtures::PASSWORD;
use crate::helpers::Backend;
use crate::reports::{demo, xlsx_parts, ADMIN};
use chorus::db::aggregates::rebuild::rebuild;
use chorus::db::schema::{answers, schools, surveys};
use chorus::domain::DistrictId;
use diesel::{ExpressionMethods, QueryDsl, RunQueryDsl};

const ATTACK: &str = "=HYPERLINK(\"http://evil.example/\",\"click\")";
const SCHOOL: &str = "@SUM(1+1) Elementary";

/// Every field of a CSV text, parsed.
fn fields(csv: &str) -> Vec<String> {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(csv.as_bytes());
    reader
        .records()
        .flat_map(|r| r.unwrap().iter().map(String::from).collect::<Vec<_>>())
        .collect()
}

fn assert_safe(what: &str, csv: &str) {
    let all = fields(csv);
    let runs: Vec<&String> = all
        .iter()
        .filter(|f| f.starts_with(['=', '+', '-', '@', '\t', '\r']) && f.parse::<f64>().is_err())
        .collect();
    assert!(
        runs.is_empty(),
        "{what} has cells a spreadsheet would run: {runs:?}"
    );
}

async fn formula_text_is_neutralised(backend: Backend) {
    let Some(d) = demo(backend, &format!("formula_safe::{backend:?}")).await else {
        return;
    };
    {
        let mut conn = d.app.pool.get().unwrap();
        diesel::update(answers::table.filter(answers::text_value.is_not_null()))
            .set(answers::text_value.eq(ATTACK))
            .execute(&mut *conn)
            .unwrap();
        diesel::update(schools::table.filter(schools::id.eq(d.schools[0].0)))
            .set(schools::name.eq(SCHOOL))
            .execute(&mut *conn)
            .unwrap();
        // The answers changed under the service: rebuild what is derived from them (the
        // responses' packed answers the export reads), as `chorus reaggregate` does.
        let district: i32 = surveys::table
            .find(d.survey_id.0)
            .select(surveys::district_id)
            .get_result(&mut *conn)
            .unwrap();
        rebuild(&mut conn, DistrictId(district), d.survey_id).unwrap();
    }
    d.app.sign_in_ok(ADMIN, PASSWORD).await;
    let raw = d
        .text(&format!("/reports/{}/responses.csv", d.survey))
        .await;
    assert!(
        raw.contains(&format!("'{}", ATTACK.replace('"', "\"\""))),
        "the comment is kept, as text"
    );
    assert!(raw.contains(&format!("'{SCHOOL}")));
    assert_safe("the raw export", &raw);
    let report = d.text(&d.url("ClassHub LMS", "/report.csv")).await;
    assert_safe("the report CSV", &report);
    let schools = d.text("/admin/schools.csv").await;
    assert!(schools.contains(&format!("'{SCHOOL}")));
    assert_safe("the schools CSV", &schools);
    let xlsx = xlsx_parts(&d, &d.url("ClassHub LMS", "/report.xlsx")).await;
    for (name, xml) in &xlsx {
        if name.starts_with("xl/worksheets/") {
            assert!(!xml.contains("<f>"), "{name} holds a formula");
        }
    }
}

#[actix_web::test]
async fn formula_text_is_neutralised_on_sqlite() {
    formula_text_is_neutralised(Backend::Sqlite).await;
}

#[actix_web::test]
async fn formula_text_is_neutralised_on_postgres() {
    formula_text_is_neutralised(Backend::Postgres).await;
}

//! Distribution: links with QR codes, turning a link off, single-use access codes (hashed,
//! shown once, never reusable, even by two submissions at the same moment), and the
//! monitor's live feed.

use crate::authoring::{create_draft, fixture_public_id, location, survey_by_public_id};
use crate::both_backends;
use crate::fixtures::{staff, survey_fixture, SurveyFixture, PASSWORD};
use crate::helpers::TestApp;
use chorus::db::models::responses::NewResponse;
use chorus::db::schema::{access_codes, distribution_links, responses};
use chorus::db::submission::{submit_batch, Submission, SubmitOutcome};
use chorus::domain::{Language, StakeholderGroup};
use chorus::domain::{PublicToken, Role};
use diesel::prelude::*;

fn value_of(html: &str, name: &str) -> String {
    let marker = format!("name=\"{name}\" value=\"");
    let start = html
        .find(&marker)
        .unwrap_or_else(|| panic!("no field {name}"))
        + marker.len();
    html[start..].split('"').next().unwrap().to_string()
}

fn printed_codes(html: &str) -> Vec<String> {
    html.split("<p class=\"slip-code\">")
        .skip(1)
        .map(|rest| rest.split('<').next().unwrap().to_string())
        .collect()
}

fn code_submission(f: &SurveyFixture, code_id: i32, key: &str) -> Submission {
    Submission {
        response: NewResponse {
            district_id: f.district.0,
            survey_id: f.survey.0,
            school_id: f.schools[0].0,
            stakeholder_group: StakeholderGroup::Teacher,
            language: Language::English,
            submitted_on: chrono::NaiveDate::from_ymd_opt(2027, 3, 2).unwrap(),
            submission_key: key.into(),
        },
        answers: vec![],
        access_code_id: Some(code_id),
    }
}

both_backends!(
    access_codes_are_hashed_printed_once_and_single_use,
    |app: TestApp| async move {
        let (f, admin, survey) = {
            let mut conn = app.pool.get().unwrap();
            let f = survey_fixture(&mut conn, "Codes District");
            let admin = staff(
                &mut conn,
                f.district,
                "admin@codes.example",
                Role::DistrictAdmin,
                &[],
            );
            let survey = fixture_public_id(&mut conn, &f);
            (f, admin, survey)
        };
        app.sign_in_ok(&admin, PASSWORD).await;
        let page = app.get(&format!("/surveys/{survey}/distribute")).await;
        assert_eq!(page.status(), 200);
        let page = page.text().await.unwrap();
        assert!(
            page.contains(&format!(
                "<option value=\"{}\">North</option>",
                f.schools[0].0
            )) && page.contains(">Teachers</option>"),
            "each choice shows its own name"
        );
        let batch = value_of(&page, "batch");
        let school = f.schools[0].0.to_string();

        for (count, group) in [("0", "teacher"), ("1001", "teacher"), ("5", "parent")] {
            let res = app
                .post_form(
                    &format!("/surveys/{survey}/codes"),
                    &[
                        ("school", &school),
                        ("group", group),
                        ("count", count),
                        ("batch", &batch),
                    ],
                )
                .await;
            assert_eq!(res.status(), 422, "count {count}, group {group}");
        }
        let fields = [
            ("school", school.as_str()),
            ("group", "teacher"),
            ("count", "30"),
            ("batch", &batch),
        ];
        let res = app
            .post_form(&format!("/surveys/{survey}/codes"), &fields)
            .await;
        assert_eq!(res.status(), 200);
        let sheet = res.text().await.unwrap();
        let codes = printed_codes(&sheet);
        assert_eq!(codes.len(), 30);
        assert!(sheet.contains("lang=\"es\"") && sheet.contains("escribe este código"));
        assert!(sheet.contains(&format!("{}/s", app.address)) || sheet.contains("/s and type"));

        let again = app
            .post_form(&format!("/surveys/{survey}/codes"), &fields)
            .await;
        assert_eq!(again.status(), 422);
        assert!(again.text().await.unwrap().contains("made already"));

        let (stored, code_id) = {
            let mut conn = app.pool.get().unwrap();
            let stored: Vec<(i32, String, bool)> = access_codes::table
                .filter(access_codes::survey_id.eq(f.survey.0))
                .select((
                    access_codes::id,
                    access_codes::code_hash,
                    access_codes::used,
                ))
                .load(&mut *conn)
                .unwrap();
            let first = PublicToken::parse(&codes[0]).unwrap();
            let hash = chorus::domain::tokens::hash(first.as_str());
            let id = stored
                .iter()
                .find(|(_, h, _)| *h == hash)
                .expect("stored by its hash")
                .0;
            (stored, id)
        };
        assert_eq!(stored.len(), 30, "a re-sent form makes no second batch");
        for code in &codes {
            let plain = PublicToken::parse(code).unwrap();
            assert!(stored
                .iter()
                .all(|(_, h, used)| h != plain.as_str() && !used));
        }
        let listing = app
            .get(&format!("/surveys/{survey}/distribute"))
            .await
            .text()
            .await
            .unwrap();
        assert!(!listing.contains(&codes[0]), "codes are never shown again");

        let mut racers = Vec::new();
        for key in ["racer-a", "racer-b"] {
            let pool = app.pool.clone();
            let sub = code_submission(&f, code_id, key);
            let layout = f.layout.clone();
            racers.push(std::thread::spawn(move || {
                let mut conn = pool.get().unwrap();
                loop {
                    match submit_batch(&mut conn, &layout, 0, std::slice::from_ref(&sub)) {
                        Ok(mut outcomes) => return outcomes.remove(0),
                        Err(e)
                            if e.to_string().contains("lock")
                                || e.to_string().contains("serializ") =>
                        {
                            continue
                        }
                        Err(e) => panic!("{e}"),
                    }
                }
            }));
        }
        let outcomes: Vec<SubmitOutcome> = racers.into_iter().map(|t| t.join().unwrap()).collect();
        let stored_count = outcomes
            .iter()
            .filter(|o| matches!(o, SubmitOutcome::Stored(_)))
            .count();
        let refused = outcomes
            .iter()
            .filter(|o| matches!(o, SubmitOutcome::CodeUsed))
            .count();
        assert_eq!((stored_count, refused), (1, 1), "{outcomes:?}");
        let mut conn = app.pool.get().unwrap();
        let total: i64 = responses::table
            .filter(responses::survey_id.eq(f.survey.0))
            .count()
            .get_result(&mut *conn)
            .unwrap();
        assert_eq!(total, 1);
        let used: i64 = access_codes::table
            .filter(access_codes::used.eq(true))
            .count()
            .get_result(&mut *conn)
            .unwrap();
        assert_eq!(used, 1);
        let later = submit_batch(
            &mut conn,
            &f.layout,
            0,
            &[code_submission(&f, code_id, "later")],
        )
        .unwrap();
        assert!(matches!(later[0], SubmitOutcome::CodeUsed));
    }
);

both_backends!(
    links_have_qr_codes_and_can_be_turned_off,
    |app: TestApp| async move {
        let (f, admin) = {
            let mut conn = app.pool.get().unwrap();
            let f = survey_fixture(&mut conn, "Links District");
            let admin = staff(
                &mut conn,
                f.district,
                "admin@links.example",
                Role::DistrictAdmin,
                &[],
            );
            (f, admin)
        };
        app.sign_in_ok(&admin, PASSWORD).await;
        let id = create_draft(&app, &f).await;
        let page = app
            .get(&format!("/surveys/{id}/distribute"))
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains("made when the survey opens"));
        let res = app.post_form(&format!("/surveys/{id}/open"), &[]).await;
        assert_eq!(res.status(), 303);

        let (link, token) = {
            let mut conn = app.pool.get().unwrap();
            let row = survey_by_public_id(&mut conn, f.district, &id);
            distribution_links::table
                .filter(distribution_links::survey_id.eq(row.id))
                .select((distribution_links::id, distribution_links::token))
                .first::<(i32, String)>(&mut *conn)
                .unwrap()
        };
        let page = app
            .get(&format!("/surveys/{id}/distribute"))
            .await
            .text()
            .await
            .unwrap();
        assert!(
            page.contains(&format!("/s/{token}")),
            "the full link is shown"
        );

        let qr = app.get(&format!("/surveys/{id}/links/{link}/qr.svg")).await;
        assert_eq!(qr.status(), 200);
        assert_eq!(qr.headers()["content-type"], "image/svg+xml");
        let svg = qr.text().await.unwrap();
        assert!(svg.contains("<svg") && svg.contains("<path"), "{svg}");
        assert_eq!(
            app.get(&format!("/surveys/{id}/links/999999/qr.svg"))
                .await
                .status(),
            404
        );

        let res = app
            .post_form(&format!("/surveys/{id}/links/{link}/deactivate"), &[])
            .await;
        assert_eq!(
            location(&res),
            format!("/surveys/{id}/distribute?done=link-off")
        );
        let active = |app: &TestApp| {
            let mut conn = app.pool.get().unwrap();
            distribution_links::table
                .filter(distribution_links::id.eq(link))
                .select(distribution_links::active)
                .first::<bool>(&mut *conn)
                .unwrap()
        };
        assert!(!active(&app));
        let res = app
            .post_form(&format!("/surveys/{id}/links/{link}/activate"), &[])
            .await;
        assert_eq!(
            location(&res),
            format!("/surveys/{id}/distribute?done=link-on")
        );
        assert!(active(&app));
        let res = app
            .post_form(&format!("/surveys/{id}/links/{link}/explode"), &[])
            .await;
        assert_eq!(res.status(), 404);
    }
);

both_backends!(the_monitor_feed_counts_up, |app: TestApp| async move {
    let (f, admin, survey) = {
        let mut conn = app.pool.get().unwrap();
        let f = survey_fixture(&mut conn, "Feed District");
        let admin = staff(
            &mut conn,
            f.district,
            "admin@feed.example",
            Role::DistrictAdmin,
            &[],
        );
        let survey = fixture_public_id(&mut conn, &f);
        (f, admin, survey)
    };
    assert_eq!(
        app.get(&format!("/surveys/{survey}/monitor.json"))
            .await
            .status(),
        303,
        "staff only: anonymous visitors are sent to sign in"
    );
    app.sign_in_ok(&admin, PASSWORD).await;
    let read = || async {
        let res = app.get(&format!("/surveys/{survey}/monitor.json")).await;
        assert_eq!(res.status(), 200);
        res.json::<serde_json::Value>().await.unwrap()
    };
    assert_eq!(read().await["completed"], 0);
    {
        let mut conn = app.pool.get().unwrap();
        let mut sub = code_submission(&f, 0, "feed-1");
        sub.access_code_id = None;
        submit_batch(&mut conn, &f.layout, 0, &[sub]).unwrap();
    }
    let feed = read().await;
    assert_eq!(feed["completed"], 1);
    let north = feed["cells"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["school"] == "North" && c["group"] == "Teachers")
        .expect("a North teachers row");
    assert_eq!(north["completed"], 1);
    let page = app
        .get(&format!("/surveys/{survey}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(page.contains(&format!("data-monitor=\"/surveys/{survey}/monitor.json\"")));
    assert!(page.contains("/static/js/monitor.js"));
    let js = app.get("/static/js/monitor.js").await;
    assert_eq!(js.status(), 200);
});

//! What respondents cannot do: reuse an access code, send fields or values no page offers,
//! answer a closed, unopened or unknown survey; and staff preview that stores nothing.

use crate::both_backends;
use crate::fixtures::{staff, survey_fixture, PASSWORD};
use crate::helpers::{csrf_in, TestApp};
use crate::respond::{answer_all, count, fill, link, send, start, Respondent};
use chorus::db::models::distribution;
use chorus::domain::tokens;
use chorus::domain::{Role, StakeholderGroup};
use diesel::RunQueryDsl;

const CODE: &str = "abcde23456";

async fn enter_code(r: &Respondent, code: &str) -> (u16, String) {
    let form = r.get("/s?lang=es").await.1;
    r.post(
        "/s",
        &[
            ("csrf".into(), csrf_in(&form).unwrap()),
            ("code".into(), code.into()),
            ("lang".into(), "es".into()),
        ],
    )
    .await
}

both_backends!(
    an_access_code_sends_answers_once,
    |app: TestApp| async move {
        let f = survey_fixture(&mut app.pool.get().unwrap(), "Code District");
        {
            let mut conn = app.pool.get().unwrap();
            distribution::insert_codes(
                &mut conn,
                f.district,
                f.survey,
                (f.schools[1], StakeholderGroup::Student),
                "sheet-1",
                &[tokens::hash(CODE)],
            )
            .unwrap();
        }
        let unknown = Respondent::new(&app);
        let (status, html) = enter_code(&unknown, "ZZZZZ-ZZZZZ").await;
        assert_eq!(status, 422);
        assert!(html.contains("No conocemos este código"), "{html}");
        let (status, html) = enter_code(&unknown, "hello!").await;
        assert_eq!(status, 422);
        assert!(
            html.contains("href=\"#code\""),
            "error summary links to the field"
        );

        // Two devices open the same code before either has sent it.
        let a = Respondent::new(&app);
        let b = Respondent::new(&app);
        assert_eq!(enter_code(&a, "ABCDE-23456").await, (303, "/s/p/1".into()));
        assert_eq!(enter_code(&b, "abcde 23456").await, (303, "/s/p/1".into()));
        let (finish_a, _) = answer_all(&a, "/s/p/1".into()).await;
        let (finish_b, _) = answer_all(&b, "/s/p/1".into()).await;
        let (ra, rb) = futures_util::future::join(send(&a, &finish_a), send(&b, &finish_b)).await;
        let mut statuses = [ra.0, rb.0];
        statuses.sort_unstable();
        assert_eq!(statuses, [303, 410], "exactly one succeeds: {ra:?} {rb:?}");
        let used_page = if ra.0 == 410 { ra.1 } else { rb.1 };
        assert!(
            used_page.contains("Este código ya se usó")
                && used_page.contains("This code has been used")
        );
        assert_eq!(count(&app, "responses"), 1);
        assert_eq!(count(&app, "response_drafts"), 0);

        let late = Respondent::new(&app);
        let (status, html) = enter_code(&late, CODE).await;
        assert_eq!(status, 410);
        assert!(html.contains("Este código ya se usó"));
        let mut conn = app.pool.get().unwrap();
        let stored =
            chorus::db::models::responses::page_of_responses(&mut conn, f.district, f.survey, 0, 5)
                .unwrap();
        assert_eq!(
            (stored[0].school_id, stored[0].stakeholder_group.as_str()),
            (f.schools[1].0, "student")
        );
    }
);

both_backends!(
    tampered_fields_are_refused_and_nothing_is_stored,
    |app: TestApp| async move {
        let f = survey_fixture(&mut app.pool.get().unwrap(), "Tamper District");
        let other = survey_fixture(&mut app.pool.get().unwrap(), "Tamper Other District");
        let token = link(&app, &f, StakeholderGroup::Teacher);
        let r = Respondent::new(&app);
        let first = start(&r, &token, "en").await;
        let page1 = r.get(&first).await.1;
        let good = fill(&page1);
        let routing = format!("q{}", f.item("routing.products_used").id);
        let foreign = format!("q{}", other.item("routing.products_used").id);
        let csrf = csrf_in(&page1).unwrap();
        let cases: Vec<Vec<(String, String)>> = vec![
            vec![(foreign.clone(), "1".into())],
            vec![(routing.clone(), "3".into())],
            vec![(routing.clone(), "one".into())],
            vec![(routing.clone(), "1".into()), ("extra".into(), "x".into())],
            vec![
                (routing.clone(), "1".into()),
                ("action".into(), "lang-fr".into()),
            ],
        ];
        for case in cases {
            let mut fields = vec![("csrf".to_string(), csrf.clone())];
            fields.extend(case.clone());
            let (status, html) = r.post(&first, &fields).await;
            assert_eq!(status, 400, "{case:?}");
            assert!(html.contains("nothing was saved"), "{html}");
        }
        let state: Vec<String> = {
            #[derive(diesel::QueryableByName)]
            struct S {
                #[diesel(sql_type = diesel::sql_types::Text)]
                state: String,
            }
            let mut conn = app.pool.get().unwrap();
            diesel::sql_query("SELECT state FROM response_drafts")
                .load::<S>(&mut *conn)
                .unwrap()
                .into_iter()
                .map(|s| s.state)
                .collect()
        };
        assert_eq!(state.len(), 1);
        assert!(
            state[0].contains("\"answers\":{}"),
            "nothing stored: {}",
            state[0]
        );

        // A value outside the scale on a product page, and a number out of bounds.
        let mut fields = good.clone();
        fields.push(("action".into(), "next".into()));
        assert_eq!(r.post(&first, &fields).await.0, 303);
        let page2 = r.get("/s/p/2").await.1;
        let number = page2
            .split("inputmode=\"numeric\"")
            .nth(1)
            .and_then(|t| t.split("name=\"").nth(1))
            .and_then(|t| t.split('"').next())
            .map(str::to_string);
        let scale_field = page2
            .split("type=\"radio\"")
            .nth(1)
            .unwrap()
            .split("name=\"")
            .nth(1)
            .unwrap()
            .split('"')
            .next()
            .unwrap()
            .to_string();
        let mut bad = fill(&page2);
        bad.retain(|(k, _)| *k != scale_field);
        bad.push((scale_field.clone(), "99".into()));
        bad.push(("action".into(), "next".into()));
        assert_eq!(r.post("/s/p/2", &bad).await.0, 400);
        if let Some(number) = number {
            let mut over = fill(&page2);
            over.retain(|(k, _)| *k != number);
            over.push((number.clone(), "5000".into()));
            over.push(("action".into(), "next".into()));
            let (status, html) = r.post("/s/p/2", &over).await;
            assert_eq!(status, 422);
            assert!(html.contains("Enter a number from 0 to 3000."));
            assert!(
                html.contains(&format!("href=\"#{number}\"")),
                "summary links to the field"
            );
            assert!(
                html.contains("value=\"5000\""),
                "what was typed is shown back"
            );
        }
        assert_eq!(count(&app, "responses"), 0);
    }
);

both_backends!(
    closed_unopened_and_unknown_links_say_so,
    |app: TestApp| async move {
        let f = survey_fixture(&mut app.pool.get().unwrap(), "Notice District");
        let token = link(&app, &f, StakeholderGroup::Teacher);
        let r = Respondent::new(&app);
        let (status, html) = r.get("/s/zzzzzzzzz").await;
        assert_eq!(status, 404);
        assert!(html.contains("find this survey") && html.contains("No encontramos esta encuesta"));

        let exec = |sql: String| {
            let mut conn = app.pool.get().unwrap();
            diesel::sql_query(sql).execute(&mut *conn).unwrap();
        };
        exec(format!("UPDATE surveys SET opens_at = '2099-01-01 00:00:00', closes_at = '2099-02-01 00:00:00' WHERE id = {}", f.survey.0));
        let (status, html) = r.get(&format!("/s/{token}")).await;
        assert_eq!(status, 403);
        assert!(
            html.contains("This survey is not open yet")
                && html.contains("todavía no está abierta")
        );

        exec(format!("UPDATE surveys SET opens_at = '2020-01-01 00:00:00', closes_at = '2099-02-01 00:00:00' WHERE id = {}", f.survey.0));
        let first = start(&r, &token, "en").await;
        assert_eq!(r.get(&first).await.0, 200);
        exec(format!(
            "UPDATE surveys SET status = 'closed' WHERE id = {}",
            f.survey.0
        ));
        let (status, html) = r.get(&format!("/s/{token}")).await;
        assert_eq!(status, 410);
        assert!(html.contains("This survey has closed") && html.contains("Esta encuesta ya cerró"));
        assert_eq!(
            r.get(&first).await.0,
            200,
            "a draft started before the close goes on during the grace period"
        );
        exec("UPDATE response_drafts SET expires_at = '2020-01-02 00:00:00'".into());
        let (status, html) = r.get(&first).await;
        assert_eq!(status, 410, "after the grace period it cannot go on");
        assert!(html.contains("The survey closed before your answers were sent"));

        let mut conn = app.pool.get().unwrap();
        let deleted = chorus::db::models::drafts::delete_expired(
            &mut conn,
            chrono::NaiveDate::from_ymd_opt(2099, 3, 1)
                .unwrap()
                .and_hms_opt(0, 0, 0)
                .unwrap(),
        )
        .unwrap();
        assert_eq!(deleted, 1, "drafts expire with their survey");
    }
);

both_backends!(
    preview_shows_each_group_and_stores_nothing,
    |app: TestApp| async move {
        let f = survey_fixture(&mut app.pool.get().unwrap(), "Preview District");
        let email = staff(
            &mut app.pool.get().unwrap(),
            f.district,
            "coord@preview.example",
            Role::SchoolCoordinator,
            &[f.schools[0]],
        );
        let public_id = chorus::db::models::surveys::list(&mut app.pool.get().unwrap(), f.district)
            .unwrap()[0]
            .public_id
            .clone();
        let path = format!("/surveys/{public_id}/preview?group=student&lang=es");
        assert_eq!(app.get(&path).await.status(), 303, "staff only");
        app.sign_in_ok(&email, PASSWORD).await;
        let res = app.get(&path).await;
        assert_eq!(res.status(), 200);
        let html = res.text().await.unwrap();
        assert!(html.contains("<html lang=\"es\">"));
        assert!(
            html.contains("¿Cuáles de estos usas para la escuela?"),
            "the students' Spanish wording"
        );
        assert!(html.contains("Sobre Alpha") && html.contains("Sobre Beta"));
        assert!(
            !html.contains("action=\"/s/"),
            "nothing can be sent from a preview"
        );
        let teacher = app
            .get(&format!(
                "/surveys/{public_id}/preview?group=teacher&lang=en"
            ))
            .await
            .text()
            .await
            .unwrap();
        assert!(teacher.contains("Which of these products do you use in your work?"));
        assert_eq!(app.get("/surveys/nope/preview").await.status(), 404);
        let outsider = staff(
            &mut app.pool.get().unwrap(),
            f.district,
            "other@preview.example",
            Role::SchoolCoordinator,
            &[],
        );
        let other = app.other_client();
        let form = other
            .get(format!("{}/signin", app.address))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let signed = other
            .post(format!("{}/signin", app.address))
            .form(&[
                ("csrf", csrf_in(&form).unwrap().as_str()),
                ("email", outsider.as_str()),
                ("password", PASSWORD),
                ("next", "/home"),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(signed.status(), 303);
        let res = other
            .get(format!("{}{path}", app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(
            res.status(),
            404,
            "a coordinator of no school of the survey cannot preview it"
        );
        assert_eq!(count(&app, "response_drafts"), 0);
        assert_eq!(count(&app, "responses"), 0);

        let privacy = app.get("/privacy/preview-district?lang=es").await;
        assert_eq!(privacy.status(), 200);
        assert!(privacy
            .text()
            .await
            .unwrap()
            .contains("Cómo se protegen sus respuestas"));
        assert_eq!(app.get("/privacy/nowhere").await.status(), 404);
    }
);

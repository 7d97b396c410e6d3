//! The respondent nobody designed for: someone who uses none of the products, someone who
//! opens the link again mid-way, types words in a number box, is still on the review page
//! when the survey closes, or guesses codes; and a young student who uses every product.

use crate::both_backends;
use crate::fixtures::{survey_fixture, survey_fixture_for};
use crate::helpers::{csrf_in, TestApp};
use crate::respond::{answer_all, count, fill, link, send, start, Respondent};
use chorus::db::models::responses::{answers_of, page_of_responses};
use chorus::db::schema::{response_drafts, surveys};
use chorus::domain::StakeholderGroup;
use diesel::{ExpressionMethods, QueryDsl, RunQueryDsl};

/// The fields of a page with "None of these" ticked on the product-use question.
fn none_of_these(html: &str, routing_field: &str) -> Vec<(String, String)> {
    let mut fields: Vec<(String, String)> = fill(html)
        .into_iter()
        .filter(|(name, _)| name != routing_field)
        .collect();
    fields.push((routing_field.into(), "none".into()));
    fields.push(("action".into(), "next".into()));
    fields
}

/// Moves the survey's close (and its drafts' deadline, as the service does) by `minutes`
/// from now.
fn close_at(app: &TestApp, survey: i32, minutes_from_now: i64, grace: i32) {
    let mut conn = app.pool.get().unwrap();
    let close = chorus::db::now() + chrono::Duration::minutes(minutes_from_now);
    diesel::update(surveys::table.filter(surveys::id.eq(survey)))
        .set((
            surveys::closes_at.eq(close),
            surveys::grace_minutes.eq(grace),
        ))
        .execute(&mut *conn)
        .unwrap();
    diesel::update(response_drafts::table.filter(response_drafts::survey_id.eq(survey)))
        .set(response_drafts::expires_at.eq(close + chrono::Duration::minutes(grace.into())))
        .execute(&mut *conn)
        .unwrap();
}

both_backends!(
    a_non_user_of_every_product_finishes_and_counts_as_a_non_user,
    |app: TestApp| async move {
        let f = survey_fixture(&mut app.pool.get().unwrap(), "None District");
        let token = link(&app, &f, StakeholderGroup::Teacher);
        let routing = format!("q{}", f.item("routing.products_used").id);
        let r = Respondent::new(&app);
        let first = start(&r, &token, "en").await;
        let page1 = r.get(&first).await.1;
        assert!(
            page1.contains("value=\"none\"") && page1.contains("None of these"),
            "the product-use question offers None of these: {page1}"
        );
        // "None of these" with a product is a clear mistake, shown on the field.
        let mut both = fill(&page1);
        both.push((routing.clone(), "none".into()));
        both.push(("action".into(), "next".into()));
        let (status, body) = r.post(&first, &both).await;
        assert_eq!(status, 422, "{body}");
        assert!(body.contains("but not both"), "{body}");
        // "None of these" alone: the product blocks are skipped.
        let (status, to) = r.post(&first, &none_of_these(&page1, &routing)).await;
        assert_eq!(status, 303, "{to}");
        let (finish, pages) = answer_all(&r, to).await;
        assert!(
            pages.iter().all(|p| !p.contains("About Product")),
            "no product block for a non-user"
        );
        assert_eq!(send(&r, &finish).await.0, 303);
        let mut conn = app.pool.get().unwrap();
        let stored = page_of_responses(&mut conn, f.district, f.survey, 0, 5).unwrap();
        assert_eq!(stored.len(), 1);
        let answers = answers_of(&mut conn, f.district, &[stored[0].id]).unwrap();
        let use_rows: Vec<_> = answers
            .iter()
            .filter(|a| a.survey_item_id == f.item("routing.products_used").id)
            .collect();
        assert_eq!(use_rows.len(), 1, "non-use is stored as one answer");
        assert_eq!((use_rows[0].value, use_rows[0].product_id), (Some(0), None));
        assert!(
            answers.iter().all(|a| a.product_id.is_none()),
            "no product answers"
        );
        // A user of both products too: each product's use rate is 1 of the 2 asked.
        drop(conn);
        let r2 = Respondent::new(&app);
        let (finish, _) = answer_all(&r2, start(&r2, &token, "en").await).await;
        assert_eq!(send(&r2, &finish).await.0, 303);
        #[derive(diesel::QueryableByName)]
        struct Use {
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            asked: i64,
            #[diesel(sql_type = diesel::sql_types::BigInt)]
            used: i64,
        }
        let mut conn = app.pool.get().unwrap();
        for product in &f.products {
            let u: Use = diesel::sql_query(format!(
                "SELECT CAST(SUM(asked) AS BIGINT) AS asked, CAST(SUM(used) AS BIGINT) AS used \
                 FROM agg_product_use WHERE survey_id = {} AND product_id = {}",
                f.survey.0, product.0
            ))
            .get_result(&mut *conn)
            .unwrap();
            assert_eq!(
                (u.asked, u.used),
                (2, 1),
                "the non-user is in the denominator"
            );
        }
    }
);

both_backends!(
    an_invalid_field_keeps_the_other_answers_of_its_page,
    |app: TestApp| async move {
        let f = survey_fixture(&mut app.pool.get().unwrap(), "Keep District");
        let token = link(&app, &f, StakeholderGroup::Teacher);
        let r = Respondent::new(&app);
        let mut path = start(&r, &token, "en").await;
        // Walk to the first page with a number box, answering as we go.
        let (html, fields) = loop {
            let html = r.get(&path).await.1;
            assert!(!html.contains("action=\"/s/submit\""), "no number box");
            let fields = fill(&html);
            if html.contains("inputmode=\"numeric\"") {
                break (html, fields);
            }
            let mut next = fields;
            next.push(("action".into(), "next".into()));
            path = r.post(&path, &next).await.1;
        };
        let number = fields
            .iter()
            .find(|(_, v)| v == "45")
            .map(|(n, _)| n.clone())
            .unwrap();
        let others: Vec<(String, String)> = fields
            .iter()
            .filter(|(n, _)| *n != number && n != "csrf")
            .cloned()
            .collect();
        assert!(!others.is_empty(), "the page has other questions: {html}");
        let mut wrong: Vec<(String, String)> = fields
            .iter()
            .map(|(n, v)| {
                if *n == number {
                    (n.clone(), "about forty".into())
                } else {
                    (n.clone(), v.clone())
                }
            })
            .collect();
        wrong.push(("action".into(), "next".into()));
        let (status, again) = r.post(&path, &wrong).await;
        assert_eq!(status, 422);
        assert!(
            again.contains("value=\"about forty\""),
            "what was typed is shown"
        );
        for (name, value) in &others {
            assert!(
                again.contains(&format!("name=\"{name}\" value=\"{value}\" checked"))
                    || again.contains(&format!(">{value}</textarea>")),
                "{name}={value} is still answered on the page"
            );
        }
        // And kept when the page is opened again later.
        let reopened = r.get(&path).await.1;
        for (name, value) in others.iter().filter(|(_, v)| v != "Works well for us.") {
            assert!(
                reopened.contains(&format!("name=\"{name}\" value=\"{value}\" checked")),
                "{name} saved"
            );
        }
    }
);

both_backends!(
    opening_the_link_again_continues_or_starts_again,
    |app: TestApp| async move {
        let f = survey_fixture(&mut app.pool.get().unwrap(), "Again District");
        let token = link(&app, &f, StakeholderGroup::Teacher);
        let r = Respondent::new(&app);
        let first = start(&r, &token, "es").await;
        let mut fields = fill(&r.get(&first).await.1);
        fields.push(("action".into(), "next".into()));
        assert_eq!(r.post(&first, &fields).await, (303, "/s/p/2".to_string()));
        let welcome = r.get(&format!("/s/{token}")).await.1;
        assert!(
            welcome.contains("Continuar donde se quedó") && welcome.contains("<html lang=\"es\">"),
            "offers to continue, in the language answered in: {welcome}"
        );
        let csrf = csrf_in(&welcome).unwrap();
        let continued = r
            .post(
                &format!("/s/{token}"),
                &[
                    ("csrf".into(), csrf.clone()),
                    ("choice".into(), "continue".into()),
                ],
            )
            .await;
        assert_eq!(
            continued,
            (303, "/s/p/2".to_string()),
            "same draft, same page"
        );
        assert_eq!(count(&app, "response_drafts"), 1);
        let restarted = r
            .post(
                &format!("/s/{token}"),
                &[("csrf".into(), csrf), ("choice".into(), "restart".into())],
            )
            .await;
        assert_eq!(restarted, (303, "/s/p/1".to_string()));
        assert_eq!(
            count(&app, "response_drafts"),
            1,
            "the old draft is discarded"
        );
        assert!(!r.get("/s/p/1").await.1.contains(" checked"), "empty again");
    }
);

both_backends!(
    the_review_page_lists_the_answers_and_sends_only_on_send,
    |app: TestApp| async move {
        let f = survey_fixture(&mut app.pool.get().unwrap(), "Review District");
        let token = link(&app, &f, StakeholderGroup::Teacher);
        let r = Respondent::new(&app);
        let (finish, pages) = answer_all(&r, start(&r, &token, "en").await).await;
        assert!(finish.contains("Your answers are not sent until you press Send"));
        assert!(
            finish.contains("Works well for us."),
            "typed text read back"
        );
        assert!(finish.contains("45"), "numbers read back");
        for n in 1..=pages.len() {
            assert!(
                finish.contains(&format!("href=\"/s/p/{n}\"")),
                "a Change link to page {n}"
            );
        }
        assert_eq!(count(&app, "responses"), 0, "nothing sent before Send");
        assert_eq!(send(&r, &finish).await.0, 303);
        assert_eq!(count(&app, "responses"), 1);
    }
);

both_backends!(
    a_draft_can_be_sent_in_the_grace_period_and_not_after,
    |app: TestApp| async move {
        let f = survey_fixture(&mut app.pool.get().unwrap(), "Grace District");
        let token = link(&app, &f, StakeholderGroup::Teacher);
        // On the review page when the survey closes: sent within the grace period.
        let r = Respondent::new(&app);
        let (finish, _) = answer_all(&r, start(&r, &token, "en").await).await;
        close_at(&app, f.survey.0, -5, 60);
        assert_eq!(r.get(&format!("/s/{token}")).await.0, 410, "no new starts");
        assert_eq!(
            send(&r, &finish).await.0,
            303,
            "sent 5 minutes after the close"
        );
        assert_eq!(count(&app, "responses"), 1);
        // After the grace period: a clear message in the respondent's language.
        close_at(&app, f.survey.0, 60, 60);
        let late = Respondent::new(&app);
        let (finish, _) = answer_all(&late, start(&late, &token, "es").await).await;
        close_at(&app, f.survey.0, -61, 60);
        let (status, body) = send(&late, &finish).await;
        assert_eq!(status, 410, "{body}");
        assert!(
            body.contains("<html lang=\"es\">")
                && body.contains("La encuesta cerró antes de que se enviaran sus respuestas"),
            "{body}"
        );
        assert!(
            !body.contains("lang=\"en\""),
            "no English on the Spanish notice"
        );
        assert_eq!(count(&app, "responses"), 1, "nothing stored late");
    }
);

both_backends!(
    a_young_student_who_uses_everything_sees_two_product_blocks,
    |app: TestApp| async move {
        let f = survey_fixture_for(
            &mut app.pool.get().unwrap(),
            "Young District",
            &[StakeholderGroup::YoungStudent],
        );
        let token = link(&app, &f, StakeholderGroup::YoungStudent);
        let r = Respondent::new(&app);
        let welcome = r.get(&format!("/s/{token}")).await.1;
        assert!(welcome.contains("It takes about"), "{welcome}");
        assert!(!welcome.contains("five minutes"));
        let first = start(&r, &token, "en").await;
        let page1 = r.get(&first).await.1;
        let total = |html: &str| -> usize {
            let p = html.split("<progress max=\"").nth(1).unwrap();
            p.split('"').next().unwrap().parse().unwrap()
        };
        let announced = total(&page1);
        assert!(page1.contains(&format!("Question 1 of {announced}")));
        let (finish, pages) = answer_all(&r, first).await;
        for p in &pages {
            assert!(total(p) <= announced, "the total never grows");
        }
        let blocks: std::collections::BTreeSet<&str> = pages
            .iter()
            .filter_map(|p| p.split("<h1>About ").nth(1))
            .filter_map(|h| h.split('<').next())
            .collect();
        assert!(blocks.len() <= 2, "at most two product blocks: {blocks:?}");
        assert_eq!(send(&r, &finish).await.0, 303);
    }
);

both_backends!(
    wrong_codes_are_throttled_per_address,
    |app: TestApp| async move {
        let r = Respondent::new(&app);
        let form = r.get("/s").await.1;
        let csrf = csrf_in(&form).unwrap();
        let mut statuses = Vec::new();
        for i in 0..60 {
            let code = format!("zzzzz{:05}", i).replace('0', "a").replace('1', "b");
            let (status, _) = r
                .post(
                    "/s",
                    &[("csrf".into(), csrf.clone()), ("code".into(), code)],
                )
                .await;
            statuses.push(status);
        }
        assert!(statuses[..50].iter().all(|s| *s == 422), "{statuses:?}");
        assert!(statuses[50..].iter().all(|s| *s == 429), "{statuses:?}");
        let (status, body) = r
            .post(
                "/s/resume",
                &[
                    ("csrf".into(), csrf.clone()),
                    ("code".into(), "abcdefgh".into()),
                    ("lang".into(), "es".into()),
                ],
            )
            .await;
        assert_eq!(status, 429, "resume codes share the limit");
        assert!(body.contains("Espere 10 minutos"), "{body}");
        assert_eq!(count(&app, "code_attempts"), 50);
    }
);

both_backends!(
    a_district_may_lower_the_grades_3_to_5_budget,
    |app: TestApp| async move {
        let f = survey_fixture_for(
            &mut app.pool.get().unwrap(),
            "Budget District",
            &[StakeholderGroup::YoungStudent],
        );
        let email = crate::fixtures::staff(
            &mut app.pool.get().unwrap(),
            f.district,
            "admin@budget.example",
            chorus::domain::Role::DistrictAdmin,
            &[],
        );
        app.sign_in_ok(&email, crate::fixtures::PASSWORD).await;
        let res = app
            .post_form(
                "/admin/district",
                &[("time_zone", "UTC"), ("young_items_per_product", "13")],
            )
            .await;
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("from 1 to 12"));
        let res = app
            .post_form(
                "/admin/district",
                &[("time_zone", "UTC"), ("young_items_per_product", "2")],
            )
            .await;
        assert_eq!(res.status(), 303);
        let mut conn = app.pool.get().unwrap();
        let district = chorus::db::models::districts::find(&mut conn, f.district).unwrap();
        assert_eq!(district.young_items_per_product, 2);
        assert!(count(&app, "audit_log") >= 1);
        let survey = crate::authoring::all_surveys(&mut conn, f.district).remove(0);
        let reasons =
            chorus::survey::lifecycle::readiness(&mut conn, f.district, &survey, chorus::db::now())
                .unwrap();
        assert!(
            reasons
                .iter()
                .any(|r| r.contains("the district allows at most 2")),
            "{reasons:?}"
        );
    }
);

both_backends!(
    the_demo_open_wave_fits_grades_3_to_5,
    |app: TestApp| async move {
        let demo = chorus::demo::load(&mut app.pool.get().unwrap()).unwrap();
        let young = demo
            .links
            .iter()
            .find(|l| l.label.starts_with("Students (grades 3–5)"))
            .unwrap();
        let r = Respondent::new(&app);
        let (finish, pages) = answer_all(&r, start(&r, &young.token, "en").await).await;
        let mut per_block: std::collections::BTreeMap<String, usize> = Default::default();
        for page in &pages {
            if let Some(product) = page
                .split("<h1>About ")
                .nth(1)
                .and_then(|h| h.split('<').next())
            {
                *per_block.entry(product.to_string()).or_default() += 1;
            }
        }
        assert!(
            !per_block.is_empty() && per_block.len() <= 2,
            "{per_block:?}"
        );
        assert!(per_block.values().all(|n| *n <= 12), "{per_block:?}");
        assert_eq!(send(&r, &finish).await.0, 303);
    }
);

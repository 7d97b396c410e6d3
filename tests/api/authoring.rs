//! Survey authoring through the pages: create a draft, edit it, open it (or be told why not),
//! move its close time, close it, copy it as a new wave, delete a draft, and who may do what.

use crate::both_backends;
use crate::fixtures::{staff, survey_fixture, SurveyFixture, PASSWORD};
use crate::helpers::TestApp;
use chorus::db::models::surveys::{self, SurveyRow};
use chorus::db::schema::{distribution_links, response_drafts, survey_item_wordings, survey_items};
use chorus::db::AnyConnection;
use chorus::domain::SurveyStatus;
use chorus::domain::{DistrictId, Role, SurveyId};
use diesel::prelude::*;

/// Every survey of the district.
pub fn all_surveys(conn: &mut AnyConnection, district: DistrictId) -> Vec<SurveyRow> {
    surveys::list(conn, district).unwrap()
}

pub fn survey_by_public_id(conn: &mut AnyConnection, district: DistrictId, id: &str) -> SurveyRow {
    all_surveys(conn, district)
        .into_iter()
        .find(|s| s.public_id == id)
        .unwrap_or_else(|| panic!("no survey {id}"))
}

/// The fixture survey's public id.
pub fn fixture_public_id(conn: &mut AnyConnection, f: &SurveyFixture) -> String {
    all_surveys(conn, f.district)
        .into_iter()
        .find(|s| s.id == f.survey.0)
        .unwrap()
        .public_id
}

fn minutes_from_now(minutes: i64) -> String {
    (chrono::Utc::now().naive_utc() + chrono::Duration::minutes(minutes))
        .format("%Y-%m-%dT%H:%M")
        .to_string()
}

/// A complete settings form for the fixture district: two products, teachers and students,
/// English and Spanish, ease of use for both groups and recommend for teachers only.
pub fn settings(f: &SurveyFixture) -> Vec<(&'static str, String)> {
    vec![
        ("title", "Digital tools check".into()),
        ("wave", "Spring 2027".into()),
        ("opens_at", minutes_from_now(-60)),
        ("closes_at", minutes_from_now(60 * 24 * 14)),
        ("product_cap", "2".into()),
        ("groups", "teacher".into()),
        ("groups", "student".into()),
        ("languages", "en".into()),
        ("languages", "es".into()),
        ("schools", f.schools[0].0.to_string()),
        ("schools", f.schools[1].0.to_string()),
        ("products", f.products[0].0.to_string()),
        ("products", f.products[1].0.to_string()),
        ("constructs", "ease_of_use.teacher".into()),
        ("constructs", "ease_of_use.student".into()),
        ("constructs", "recommend.teacher".into()),
    ]
}

fn borrowed<'a>(fields: &'a [(&'static str, String)]) -> Vec<(&'static str, &'a str)> {
    fields.iter().map(|(k, v)| (*k, v.as_str())).collect()
}

pub async fn post(
    app: &TestApp,
    path: &str,
    fields: &[(&'static str, String)],
) -> reqwest::Response {
    app.post_form(path, &borrowed(fields)).await
}

pub fn location(res: &reqwest::Response) -> String {
    res.headers()
        .get("location")
        .expect("a redirect")
        .to_str()
        .unwrap()
        .to_string()
}

/// Creates the draft through the form as the signed-in user; its public id.
pub async fn create_draft(app: &TestApp, f: &SurveyFixture) -> String {
    let res = post(app, "/surveys/new", &settings(f)).await;
    assert_eq!(res.status(), 303, "{}", res.text().await.unwrap());
    let to = location(&res);
    assert!(to.ends_with("?done=created"), "{to}");
    to.trim_start_matches("/surveys/")
        .trim_end_matches("?done=created")
        .to_string()
}

fn admin_of(conn: &mut AnyConnection, f: &SurveyFixture, email: &str) -> String {
    staff(conn, f.district, email, Role::DistrictAdmin, &[])
}

both_backends!(
    a_draft_is_built_edited_opened_moved_and_closed,
    |app: TestApp| async move {
        let (f, admin) = {
            let mut conn = app.pool.get().unwrap();
            let f = survey_fixture(&mut conn, "Authoring District");
            let admin = admin_of(&mut conn, &f, "admin@authoring.example");
            (f, admin)
        };
        app.sign_in_ok(&admin, PASSWORD).await;

        let form = app.get("/surveys/new").await;
        assert_eq!(form.status(), 200);
        let html = form.text().await.unwrap();
        assert!(html.contains("Question sets for each group") && html.contains("North"));

        let mut bad = settings(&f);
        bad.retain(|(k, _)| *k != "groups" && *k != "title");
        bad.push(("title", "  ".into()));
        bad.retain(|(k, _)| *k != "closes_at");
        bad.push(("closes_at", minutes_from_now(-120)));
        let res = post(&app, "/surveys/new", &bad).await;
        assert_eq!(res.status(), 422);
        let html = res.text().await.unwrap();
        assert!(html.contains("Choose at least one group to ask."), "{html}");
        assert!(html.contains("must close after it opens"), "{html}");
        assert!(
            html.contains("href=\"#title\""),
            "the error summary links to the field"
        );
        let count = all_surveys(&mut app.pool.get().unwrap(), f.district).len();
        assert_eq!(count, 1, "a refused form writes nothing");

        let id = create_draft(&app, &f).await;
        let page = app
            .get(&format!("/surveys/{id}?done=created"))
            .await
            .text()
            .await
            .unwrap();
        assert!(
            page.contains("The draft is saved") && page.contains("ready to open"),
            "{page}"
        );
        {
            let mut conn = app.pool.get().unwrap();
            let row = survey_by_public_id(&mut conn, f.district, &id);
            assert_eq!((row.status.as_str(), row.product_cap), ("draft", 2));
            let items = surveys::items(&mut conn, f.district, SurveyId(row.id)).unwrap();
            assert!(items.iter().any(|i| i.construct_key == "routing"));
            let recommend: Vec<_> = items
                .iter()
                .filter(|i| i.construct_key == "recommend")
                .collect();
            assert!(!recommend.is_empty() && recommend.iter().all(|i| i.groups == "teacher"));
            let ease: Vec<_> = items
                .iter()
                .filter(|i| i.construct_key == "ease_of_use")
                .collect();
            assert!(ease.iter().any(|i| i.groups.contains("student")));
            assert!(
                items.iter().all(|i| i.construct_key != "impact"),
                "only chosen sets"
            );
            let spanish: i64 = survey_item_wordings::table
                .inner_join(survey_items::table)
                .filter(survey_items::survey_id.eq(row.id))
                .filter(survey_item_wordings::language.eq("es"))
                .count()
                .get_result(&mut *conn)
                .unwrap();
            assert!(spanish > 0, "Spanish wordings are frozen with the items");
        }

        let mut no_products = settings(&f);
        no_products.retain(|(k, _)| *k != "products");
        let res = post(&app, &format!("/surveys/{id}/edit"), &no_products).await;
        assert_eq!(location(&res), format!("/surveys/{id}?done=saved"));
        let page = app
            .get(&format!("/surveys/{id}"))
            .await
            .text()
            .await
            .unwrap();
        assert!(page.contains("asks about no product"), "{page}");
        let res = app.post_form(&format!("/surveys/{id}/open"), &[]).await;
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("asks about no product"));
        {
            let mut conn = app.pool.get().unwrap();
            assert_eq!(
                survey_by_public_id(&mut conn, f.district, &id).status,
                SurveyStatus::Draft
            );
        }

        let res = post(&app, &format!("/surveys/{id}/edit"), &settings(&f)).await;
        assert_eq!(res.status(), 303);
        let res = app.post_form(&format!("/surveys/{id}/open"), &[]).await;
        assert_eq!(location(&res), format!("/surveys/{id}?done=opened"));
        let survey_id = {
            let mut conn = app.pool.get().unwrap();
            let row = survey_by_public_id(&mut conn, f.district, &id);
            assert_eq!(row.status, SurveyStatus::Open);
            let tokens: Vec<String> = distribution_links::table
                .filter(distribution_links::survey_id.eq(row.id))
                .select(distribution_links::token)
                .load(&mut *conn)
                .unwrap();
            assert_eq!(tokens.len(), 4, "one link per school and group");
            assert!(tokens.iter().all(|t| t.len() == 9));
            row.id
        };

        let res = app.get(&format!("/surveys/{id}/edit")).await;
        assert_eq!(location(&res), format!("/surveys/{id}?done=frozen"));
        let mut retitled = settings(&f);
        retitled[0].1 = "Changed after opening".into();
        let res = post(&app, &format!("/surveys/{id}/edit"), &retitled).await;
        assert_eq!(location(&res), format!("/surveys/{id}?done=frozen"));

        let res = app
            .post_form(
                &format!("/surveys/{id}/close-time"),
                &[("closes_at", "2000-01-01T08:00")],
            )
            .await;
        assert_eq!(res.status(), 422);
        let res = app
            .post_form(
                &format!("/surveys/{id}/close-time"),
                &[("closes_at", "next week")],
            )
            .await;
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("like 2027-03-01T08:00"));
        let later = minutes_from_now(60 * 24 * 30);
        let res = app
            .post_form(
                &format!("/surveys/{id}/close-time"),
                &[("closes_at", &later)],
            )
            .await;
        assert_eq!(location(&res), format!("/surveys/{id}?done=close-moved"));
        {
            let mut conn = app.pool.get().unwrap();
            let row = survey_by_public_id(&mut conn, f.district, &id);
            assert_eq!(
                row.title, "Digital tools check",
                "items and settings stay frozen"
            );
            assert_eq!(row.closes_at.format("%Y-%m-%dT%H:%M").to_string(), later);
            diesel::sql_query(format!(
            "INSERT INTO response_drafts (district_id, survey_id, school_id, stakeholder_group, resume_hash, language, page, state, expires_at) \
             VALUES ({}, {survey_id}, {}, 'teacher', 'authoring-draft', 'en', 1, '{{}}', '2030-01-01 00:00:00')",
            f.district.0, f.schools[0].0
        ))
        .execute(&mut *conn)
        .unwrap();
        }

        let res = app.post_form(&format!("/surveys/{id}/close"), &[]).await;
        assert_eq!(location(&res), format!("/surveys/{id}?done=closed"));
        let res = app.post_form(&format!("/surveys/{id}/delete"), &[]).await;
        assert_eq!(location(&res), format!("/surveys/{id}?done=wrong-status"));
        let mut conn = app.pool.get().unwrap();
        assert_eq!(
            survey_by_public_id(&mut conn, f.district, &id).status,
            SurveyStatus::Closed
        );
        let deadlines: Vec<chrono::NaiveDateTime> = response_drafts::table
            .filter(response_drafts::survey_id.eq(survey_id))
            .select(response_drafts::expires_at)
            .load(&mut *conn)
            .unwrap();
        assert_eq!(deadlines.len(), 1, "answers in progress may still be sent");
        let grace_end = chorus::db::now() + chrono::Duration::minutes(60);
        assert!(
            deadlines[0] <= grace_end && deadlines[0] > grace_end - chrono::Duration::minutes(5),
            "for the grace period after closing now, not longer: {deadlines:?}"
        );
    }
);

both_backends!(
    a_copied_wave_has_identical_items,
    |app: TestApp| async move {
        let (f, admin, source) = {
            let mut conn = app.pool.get().unwrap();
            let f = survey_fixture(&mut conn, "Wave District");
            let admin = admin_of(&mut conn, &f, "admin@wave.example");
            let source = fixture_public_id(&mut conn, &f);
            (f, admin, source)
        };
        app.sign_in_ok(&admin, PASSWORD).await;
        assert_eq!(
            app.get(&format!("/surveys/{source}/copy")).await.status(),
            200
        );
        let res = app
            .post_form(
                &format!("/surveys/{source}/copy"),
                &[
                    ("wave", ""),
                    ("opens_at", "2027-09-01T08:00"),
                    ("closes_at", "2027-08-01T08:00"),
                ],
            )
            .await;
        assert_eq!(res.status(), 422);
        let html = res.text().await.unwrap();
        assert!(
            html.contains("wave name") && html.contains("must close after it opens"),
            "{html}"
        );
        assert_eq!(
            all_surveys(&mut app.pool.get().unwrap(), f.district).len(),
            1
        );

        let res = app
            .post_form(
                &format!("/surveys/{source}/copy"),
                &[
                    ("wave", "Fall 2027"),
                    ("opens_at", "2027-09-01T08:00"),
                    ("closes_at", "2027-09-21T17:00"),
                ],
            )
            .await;
        assert_eq!(res.status(), 303);
        let copy = location(&res)
            .trim_start_matches("/surveys/")
            .trim_end_matches("?done=copied")
            .to_string();
        let mut conn = app.pool.get().unwrap();
        let old = survey_by_public_id(&mut conn, f.district, &source);
        let new = survey_by_public_id(&mut conn, f.district, &copy);
        assert_eq!(
            (new.status.as_str(), new.wave.as_str(), new.wave_number),
            ("draft", "Fall 2027", old.wave_number + 1)
        );
        assert_eq!(
            (
                &new.series_id,
                &new.title,
                &new.audience_groups,
                &new.languages
            ),
            (
                &old.series_id,
                &old.title,
                &old.audience_groups,
                &old.languages
            )
        );
        let shape = |items: Vec<chorus::db::models::surveys::SurveyItemRow>| {
            items
                .into_iter()
                .map(|i| {
                    (
                        i.item_key,
                        i.kind,
                        i.groups,
                        i.position,
                        i.per_product,
                        i.show_if,
                        i.tag,
                    )
                })
                .collect::<Vec<_>>()
        };
        let old_items = shape(surveys::items(&mut conn, f.district, SurveyId(old.id)).unwrap());
        let new_items = shape(surveys::items(&mut conn, f.district, SurveyId(new.id)).unwrap());
        assert!(!old_items.is_empty());
        assert_eq!(old_items, new_items);
        let wordings =
            |conn: &mut AnyConnection, survey: i32| -> Vec<(String, String, String, String)> {
                survey_item_wordings::table
                    .inner_join(survey_items::table)
                    .filter(survey_items::survey_id.eq(survey))
                    .order((
                        survey_items::position,
                        survey_item_wordings::stakeholder_group,
                        survey_item_wordings::language,
                    ))
                    .select((
                        survey_items::item_key,
                        survey_item_wordings::stakeholder_group,
                        survey_item_wordings::language,
                        survey_item_wordings::prompt,
                    ))
                    .load(conn)
                    .unwrap()
            };
        assert_eq!(wordings(&mut conn, old.id), wordings(&mut conn, new.id));
        assert_eq!(
            surveys::schools_of(&mut conn, f.district, SurveyId(old.id)).unwrap(),
            surveys::schools_of(&mut conn, f.district, SurveyId(new.id)).unwrap()
        );
        drop(conn);

        let res = app.post_form(&format!("/surveys/{copy}/delete"), &[]).await;
        assert_eq!(location(&res), "/surveys?done=deleted");
        let mut conn = app.pool.get().unwrap();
        assert_eq!(
            all_surveys(&mut conn, f.district).len(),
            1,
            "the draft is gone"
        );
    }
);

both_backends!(
    authoring_is_scoped_to_role_schools_and_district,
    |app: TestApp| async move {
        let (f, coordinator, viewer, stranger, survey) = {
            let mut conn = app.pool.get().unwrap();
            let f = survey_fixture(&mut conn, "Scope Authoring District");
            let other = survey_fixture(&mut conn, "Other Authoring District");
            let coordinator = staff(
                &mut conn,
                f.district,
                "coord@scope-authoring.example",
                Role::SchoolCoordinator,
                &f.schools[..1],
            );
            let viewer = staff(
                &mut conn,
                f.district,
                "viewer@scope-authoring.example",
                Role::Viewer,
                &[],
            );
            let stranger = admin_of(&mut conn, &other, "admin@other-authoring.example");
            let survey = fixture_public_id(&mut conn, &f);
            (f, coordinator, viewer, stranger, survey)
        };

        app.sign_in_ok(&coordinator, PASSWORD).await;
        for path in ["edit", "copy", "distribute"] {
            let res = app.get(&format!("/surveys/{survey}/{path}")).await;
            assert_eq!(
                res.status(),
                404,
                "{path}: the survey spans a school that is not theirs"
            );
        }
        let res = app
            .post_form(&format!("/surveys/{survey}/close"), &[])
            .await;
        assert_eq!(res.status(), 404);
        let page = app
            .get(&format!("/surveys/{survey}"))
            .await
            .text()
            .await
            .unwrap();
        assert!(
            !page.contains("Manage this survey"),
            "the monitor shows, the actions do not"
        );

        let res = post(&app, "/surveys/new", &settings(&f)).await;
        assert_eq!(res.status(), 422, "one of the schools is not theirs");
        assert!(res
            .text()
            .await
            .unwrap()
            .contains("not a current school you look after"));
        let mut own = settings(&f);
        own.retain(|(k, v)| *k != "schools" || *v == f.schools[0].0.to_string());
        let mine = {
            let res = post(&app, "/surveys/new", &own).await;
            assert_eq!(res.status(), 303);
            location(&res)
        };
        assert_eq!(app.get(&mine).await.status(), 200);
        {
            let mut conn = app.pool.get().unwrap();
            assert_eq!(all_surveys(&mut conn, f.district).len(), 2);
            assert_eq!(
                survey_by_public_id(&mut conn, f.district, &survey).status,
                SurveyStatus::Open,
                "the refused close changed nothing"
            );
        }

        app.post_form("/signout", &[]).await;
        app.sign_in_ok(&viewer, PASSWORD).await;
        assert_eq!(app.get("/surveys/new").await.status(), 404);
        assert!(!app
            .get("/surveys")
            .await
            .text()
            .await
            .unwrap()
            .contains("New survey"));

        app.post_form("/signout", &[]).await;
        app.sign_in_ok(&stranger, PASSWORD).await;
        for path in ["", "/edit", "/distribute", "/monitor.json"] {
            let res = app.get(&format!("/surveys/{survey}{path}")).await;
            assert_eq!(res.status(), 404, "another district's survey{path}");
        }
        let res = app.post_form(&format!("/surveys/{survey}/open"), &[]).await;
        assert_eq!(res.status(), 404);
    }
);

both_backends!(
    hidden_bank_items_leave_new_surveys_only,
    |app: TestApp| async move {
        let (f, admin, coordinator, old) = {
            let mut conn = app.pool.get().unwrap();
            let f = survey_fixture(&mut conn, "Hiding District");
            let admin = admin_of(&mut conn, &f, "admin@hiding.example");
            let coordinator = staff(
                &mut conn,
                f.district,
                "coord@hiding.example",
                Role::SchoolCoordinator,
                &f.schools,
            );
            let old = fixture_public_id(&mut conn, &f);
            (f, admin, coordinator, old)
        };
        app.sign_in_ok(&coordinator, PASSWORD).await;
        let res = app.post_form("/bank/items/ease.setup/hide", &[]).await;
        assert_eq!(res.status(), 404, "only district admins hide items");
        app.post_form("/signout", &[]).await;

        app.sign_in_ok(&admin, PASSWORD).await;
        let res = app
            .post_form("/bank/items/ease.setup/hide?group=teacher&lang=es", &[])
            .await;
        assert_eq!(location(&res), "/bank?group=teacher&lang=es#ease.setup");
        let bank = app.get("/bank?group=teacher").await.text().await.unwrap();
        assert!(bank.contains("Hidden from new surveys") && bank.contains("Offer again"));
        let res = app.post_form("/bank/items/no.such.item/hide", &[]).await;
        assert_eq!(res.status(), 404);

        let qb = chorus::survey::bank::QuestionBank::embedded().unwrap();
        let routing = qb.items_of("routing").unwrap()[0].key.clone();
        let res = app
            .post_form(&format!("/bank/items/{routing}/hide"), &[])
            .await;
        assert_eq!(res.status(), 409);
        assert!(res
            .text()
            .await
            .unwrap()
            .contains("Every survey needs this question"));

        let id = create_draft(&app, &f).await;
        let mut conn = app.pool.get().unwrap();
        let keys = |conn: &mut AnyConnection, public: &str| -> Vec<String> {
            let row = survey_by_public_id(conn, f.district, public);
            surveys::items(conn, f.district, SurveyId(row.id))
                .unwrap()
                .into_iter()
                .map(|i| i.item_key)
                .collect()
        };
        let new_keys = keys(&mut conn, &id);
        assert!(new_keys.contains(&"ease.learning".to_string()));
        assert!(
            !new_keys.contains(&"ease.setup".to_string()),
            "hidden from the new survey"
        );
        assert!(
            keys(&mut conn, &old).contains(&"ease.setup".to_string()),
            "surveys built before keep their questions"
        );
        drop(conn);
        let res = app.post_form("/bank/items/ease.setup/show", &[]).await;
        assert_eq!(res.status(), 303);
        let res = post(&app, &format!("/surveys/{id}/edit"), &settings(&f)).await;
        assert_eq!(res.status(), 303);
        let mut conn = app.pool.get().unwrap();
        assert!(keys(&mut conn, &id).contains(&"ease.setup".to_string()));
    }
);

both_backends!(
    broken_skip_conditions_keep_a_draft_closed,
    |app: TestApp| async move {
        let (f, admin) = {
            let mut conn = app.pool.get().unwrap();
            let f = survey_fixture(&mut conn, "Conditions District");
            let admin = admin_of(&mut conn, &f, "admin@conditions.example");
            (f, admin)
        };
        app.sign_in_ok(&admin, PASSWORD).await;
        let mut fields = settings(&f);
        fields.push(("constructs", "vendor_support.teacher".into()));
        let res = post(&app, "/surveys/new", &fields).await;
        let id = location(&res)
            .trim_start_matches("/surveys/")
            .trim_end_matches("?done=created")
            .to_string();
        let (conditional, last_key, survey_id) = {
            let mut conn = app.pool.get().unwrap();
            let row = survey_by_public_id(&mut conn, f.district, &id);
            let items = surveys::items(&mut conn, f.district, SurveyId(row.id)).unwrap();
            let conditional = items
                .iter()
                .find(|i| i.show_if.is_some())
                .expect("vendor support asks follow-ups only of those who contacted support")
                .id;
            let last = items
                .iter()
                .max_by_key(|i| i.position)
                .unwrap()
                .item_key
                .clone();
            (conditional, last, row.id)
        };
        let page = app
            .get(&format!("/surveys/{id}"))
            .await
            .text()
            .await
            .unwrap();
        assert!(
            page.contains("ready to open"),
            "the bank's own conditions are sound"
        );

        let break_it = |show_if: String| {
            let mut conn = app.pool.get().unwrap();
            diesel::update(survey_items::table.filter(survey_items::id.eq(conditional)))
                .set(survey_items::show_if.eq(Some(show_if)))
                .execute(&mut *conn)
                .unwrap();
        };
        for (show_if, reason) in [
            (format!("{last_key} equals 1"), "comes later in the survey"),
            (
                "support.nowhere equals 1".to_string(),
                "which is not in this survey",
            ),
            ("not a condition".to_string(), "malformed"),
        ] {
            break_it(show_if);
            let res = app.post_form(&format!("/surveys/{id}/open"), &[]).await;
            assert_eq!(res.status(), 422);
            let html = res.text().await.unwrap();
            assert!(html.contains(reason), "{reason}: {html}");
            let mut conn = app.pool.get().unwrap();
            let links: i64 = distribution_links::table
                .filter(distribution_links::survey_id.eq(survey_id))
                .count()
                .get_result(&mut *conn)
                .unwrap();
            assert_eq!(links, 0, "a refused open writes nothing");
            assert_eq!(
                survey_by_public_id(&mut conn, f.district, &id).status,
                SurveyStatus::Draft
            );
        }
    }
);

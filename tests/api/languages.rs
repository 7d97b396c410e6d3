//! Languages are data (issue 19): a district offers only the languages it enabled, a draft
//! translation must be reviewed by a district admin before a survey opens in it, and the
//! respondent pages of a right-to-left language say so on `<html>`.

use crate::authoring::{location, post, settings, survey_by_public_id};
use crate::both_backends;
use crate::fixtures::{staff, survey_fixture, SurveyFixture, PASSWORD};
use crate::helpers::TestApp;
use crate::respond::Respondent;
use chorus::db::models::{distribution, districts};
use chorus::db::schema::{audit_log, district_language_reviews};
use chorus::domain::{Role, StakeholderGroup, SurveyId};
use diesel::prelude::*;

/// The district's enabled languages as stored.
fn stored_languages(app: &TestApp, f: &SurveyFixture) -> String {
    districts::zone_and_languages(&mut app.pool.get().unwrap(), f.district)
        .unwrap()
        .1
}

/// How many audit rows carry `action`.
fn audited(app: &TestApp, action: &str) -> i64 {
    audit_log::table
        .filter(audit_log::action.eq(action))
        .count()
        .get_result(&mut *app.pool.get().unwrap())
        .unwrap()
}

/// Posts the district settings with the ticked `languages`.
async fn set_languages(app: &TestApp, languages: &[&str]) -> reqwest::Response {
    let mut fields = vec![("time_zone", "UTC"), ("languages_shown", "on")];
    fields.extend(languages.iter().map(|l| ("languages", *l)));
    app.post_form("/admin/district", &fields).await
}

/// A district with its fixture survey (open, English and Spanish), an admin and a
/// coordinator; the admin is signed in.
async fn district(app: &TestApp, name: &str) -> (SurveyFixture, String, String) {
    let slug = name.to_lowercase().replace(' ', "-");
    let (f, admin, coord) = {
        let mut conn = app.pool.get().unwrap();
        let f = survey_fixture(&mut conn, name);
        let admin = staff(
            &mut conn,
            f.district,
            &format!("admin@{slug}.example"),
            Role::DistrictAdmin,
            &[],
        );
        let coord = staff(
            &mut conn,
            f.district,
            &format!("coord@{slug}.example"),
            Role::SchoolCoordinator,
            &f.schools,
        );
        (f, admin, coord)
    };
    app.sign_in_ok(&admin, PASSWORD).await;
    (f, admin, coord)
}

/// The survey settings form with `languages` instead of English and Spanish.
fn settings_in(f: &SurveyFixture, languages: &[&str]) -> Vec<(&'static str, String)> {
    let mut form = settings(f);
    form.retain(|(k, _)| *k != "languages");
    form.extend(languages.iter().map(|l| ("languages", l.to_string())));
    form
}

both_backends!(
    a_district_offers_only_the_languages_it_enabled,
    |app: TestApp| async move {
        let (f, _, _) = district(&app, "Enabled District").await;
        assert_eq!(
            stored_languages(&app, &f),
            "en,es",
            "existing districts keep both"
        );

        let form = app.get("/surveys/new").await.text().await.unwrap();
        assert!(form.contains("value=\"es\"") && !form.contains("value=\"vi\""));
        let res = post(&app, "/surveys/new", &settings_in(&f, &["en", "vi"])).await;
        assert_eq!(res.status(), 422);
        assert!(res
            .text()
            .await
            .unwrap()
            .contains("Vietnamese is not enabled for your district"));
        assert_eq!(app.get("/bank?lang=ar").await.status(), 422);

        let page = app.get("/admin/district").await.text().await.unwrap();
        assert!(page.contains("value=\"ar\"") && page.contains("draft translation"));
        let res = set_languages(&app, &["es"]).await;
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("English stays enabled"));
        let res = set_languages(&app, &["en", "xx"]).await;
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("not a known language"));
        let res = set_languages(&app, &["en"]).await;
        assert_eq!(res.status(), 422, "the open survey asks in Spanish");
        assert!(res
            .text()
            .await
            .unwrap()
            .contains("Surveys that are not closed"));
        assert_eq!(stored_languages(&app, &f), "en,es", "nothing written");
        assert_eq!(audited(&app, "district.languages_set"), 0);

        let res = set_languages(&app, &["en", "es", "vi"]).await;
        assert_eq!(res.status(), 303);
        assert_eq!(stored_languages(&app, &f), "en,es,vi");
        assert_eq!(audited(&app, "district.languages_set"), 1);
        let form = app.get("/surveys/new").await.text().await.unwrap();
        assert!(form.contains("value=\"vi\"") && !form.contains("value=\"ar\""));
        assert!(
            !form.contains("value=\"vi\" checked"),
            "a draft translation is not ticked by default"
        );
        assert_eq!(app.get("/bank?lang=vi").await.status(), 200);
        assert_eq!(app.get("/bank?lang=ar").await.status(), 422);
    }
);

both_backends!(
    a_survey_opens_in_a_draft_translation_only_once_it_is_reviewed,
    |app: TestApp| async move {
        let (f, admin, coord) = district(&app, "Review District").await;
        assert_eq!(
            set_languages(&app, &["en", "es", "vi", "ar"])
                .await
                .status(),
            303
        );
        let res = post(&app, "/surveys/new", &settings_in(&f, &["en", "vi", "ar"])).await;
        assert_eq!(res.status(), 303, "{}", res.text().await.unwrap());
        let id = location(&res)
            .trim_start_matches("/surveys/")
            .trim_end_matches("?done=created")
            .to_string();

        let monitor = app
            .get(&format!("/surveys/{id}"))
            .await
            .text()
            .await
            .unwrap();
        assert!(monitor.contains("The Vietnamese questions are a draft translation"));
        assert!(monitor.contains("The Arabic questions are a draft translation"));
        let res = app.post_form(&format!("/surveys/{id}/open"), &[]).await;
        assert_eq!(res.status(), 422);

        let bank = app.get("/bank?lang=vi").await.text().await.unwrap();
        assert!(bank.contains("Draft translation — review before use"));
        assert!(bank.contains("/bank/languages/vi/review"));
        assert_eq!(
            app.post_form("/bank/languages/en/review", &[])
                .await
                .status(),
            404
        );
        assert_eq!(
            app.post_form("/bank/languages/xx/review", &[])
                .await
                .status(),
            404
        );

        app.post_form("/signout", &[]).await;
        app.sign_in_ok(&coord, PASSWORD).await;
        assert_eq!(
            app.post_form("/bank/languages/vi/review", &[])
                .await
                .status(),
            404,
            "district admins only"
        );
        app.post_form("/signout", &[]).await;
        app.sign_in_ok(&admin, PASSWORD).await;

        let res = app.post_form("/bank/languages/vi/review", &[]).await;
        assert_eq!(res.status(), 303);
        assert_eq!(location(&res), "/bank?lang=vi");
        assert_eq!(
            app.post_form("/bank/languages/vi/review", &[])
                .await
                .status(),
            303
        );
        assert_eq!(audited(&app, "bank.language_reviewed"), 1, "reviewed once");
        let bank = app.get("/bank?lang=vi").await.text().await.unwrap();
        assert!(!bank.contains("Draft translation — review before use"));
        let monitor = app
            .get(&format!("/surveys/{id}"))
            .await
            .text()
            .await
            .unwrap();
        assert!(!monitor.contains("The Vietnamese questions are a draft translation"));
        assert!(monitor.contains("The Arabic questions are a draft translation"));
        assert_eq!(
            app.post_form(&format!("/surveys/{id}/open"), &[])
                .await
                .status(),
            422
        );

        assert_eq!(
            app.post_form("/bank/languages/ar/review", &[])
                .await
                .status(),
            303
        );
        let res = app.post_form(&format!("/surveys/{id}/open"), &[]).await;
        assert_eq!(location(&res), format!("/surveys/{id}?done=opened"));
        let reviews: i64 = district_language_reviews::table
            .count()
            .get_result(&mut *app.pool.get().unwrap())
            .unwrap();
        assert_eq!(reviews, 2);

        let survey = survey_by_public_id(&mut app.pool.get().unwrap(), f.district, &id);
        let token = distribution::links_of(
            &mut app.pool.get().unwrap(),
            f.district,
            SurveyId(survey.id),
        )
        .unwrap()
        .into_iter()
        .find(|l| l.stakeholder_group == StakeholderGroup::Teacher)
        .unwrap()
        .token;
        let r = Respondent::new(&app);
        let (status, vietnamese) = r.get(&format!("/s/{token}?lang=vi")).await;
        assert_eq!(status, 200);
        assert!(vietnamese.contains("<html lang=\"vi\">"), "{vietnamese}");
        assert!(vietnamese.contains("Bắt đầu"));
        let (status, arabic) = r.get(&format!("/s/{token}?lang=ar")).await;
        assert_eq!(status, 200);
        assert!(
            arabic.contains("<html lang=\"ar\" dir=\"rtl\">"),
            "{arabic}"
        );
        assert!(arabic.contains("ابدأ"));
        let (_, spanish) = r.get(&format!("/s/{token}?lang=es")).await;
        assert!(
            spanish.contains("<html lang=\"en\">"),
            "a language the survey does not ask in is never offered: {spanish}"
        );
        assert!(!arabic.contains("lang=\"es\""));
    }
);

//! Leaving single questions of a chosen set out of a survey: ticked by default, unticked ones
//! not frozen, refused when a set would be left empty for a group or a kept question depends
//! on one left out, and shown again when the draft is edited.

use crate::authoring::{create_draft, post, settings, survey_by_public_id};
use crate::both_backends;
use crate::fixtures::{staff, survey_fixture, PASSWORD};
use crate::helpers::TestApp;
use chorus::db::schema::survey_items;
use chorus::domain::{Role, StakeholderGroup};
use chorus::survey::bank::QuestionBank;
use diesel::prelude::*;

/// Every item of the bank but the routing one and those in `leave_out`, as form fields.
fn ticked(leave_out: &[&str]) -> Vec<(&'static str, String)> {
    let bank = QuestionBank::embedded().unwrap();
    let mut fields = vec![("item_list", "shown".to_string())];
    for item in bank.items().filter(|i| i.construct != "routing") {
        if !leave_out.contains(&item.key.as_str()) {
            fields.push(("items", item.key.clone()));
        }
    }
    fields
}

both_backends!(
    coordinators_leave_out_single_questions,
    |app: TestApp| async move {
        let (f, admin) = {
            let mut conn = app.pool.get().unwrap();
            let f = survey_fixture(&mut conn, "Choosy District");
            let admin = staff(
                &mut conn,
                f.district,
                "admin@choosy.example",
                Role::DistrictAdmin,
                &[],
            );
            (f, admin)
        };
        app.sign_in_ok(&admin, PASSWORD).await;
        let blank = app.get("/surveys/new").await.text().await.unwrap();
        assert!(
            blank.contains("name=\"items\" value=\"ease.setup\" checked"),
            "all ticked by default"
        );

        let keys = |public_id: &str| -> Vec<String> {
            let mut conn = app.pool.get().unwrap();
            let survey = survey_by_public_id(&mut conn, f.district, public_id);
            survey_items::table
                .filter(survey_items::survey_id.eq(survey.id))
                .select(survey_items::item_key)
                .load(&mut conn)
                .unwrap()
        };
        let mut form = settings(&f);
        form.extend(ticked(&["ease.setup"]));
        let res = post(&app, "/surveys/new", &form).await;
        assert_eq!(res.status(), 303, "{}", res.text().await.unwrap());
        let id = res.headers()["location"]
            .to_str()
            .unwrap()
            .trim_start_matches("/surveys/")
            .trim_end_matches("?done=created")
            .to_string();
        let frozen = keys(&id);
        assert!(!frozen.contains(&"ease.setup".to_string()), "{frozen:?}");
        assert!(frozen.contains(&"ease.everyday_tasks".to_string()));
        assert!(
            frozen.contains(&"routing.products_used".to_string()),
            "routing kept"
        );

        let edit = app
            .get(&format!("/surveys/{id}/edit"))
            .await
            .text()
            .await
            .unwrap();
        assert!(
            edit.contains("name=\"items\" value=\"ease.setup\">"),
            "shown unticked again"
        );
        assert!(edit.contains("name=\"items\" value=\"ease.everyday_tasks\" checked"));

        // Every ease-of-use question unticked: the set would be empty.
        let bank = QuestionBank::embedded().unwrap();
        let ease: Vec<&str> = bank
            .items_of("ease_of_use")
            .unwrap()
            .iter()
            .map(|i| i.key.as_str())
            .collect();
        let mut empty = settings(&f);
        empty.extend(ticked(&ease));
        let res = post(&app, &format!("/surveys/{id}/edit"), &empty).await;
        assert_eq!(res.status(), 422);
        let html = res.text().await.unwrap();
        assert!(html.contains("would have no question left"), "{html}");
        assert!(html.contains("href=\"#items\""));

        // A kept question whose condition depends on one left out.
        let dependent = bank
            .items()
            .find(|i| i.show_if.is_some() && i.asked_of(StakeholderGroup::Teacher))
            .unwrap();
        let source = dependent.show_if.as_ref().unwrap().item_key.clone();
        let mut broken = settings(&f);
        broken.push(("constructs", format!("{}.teacher", dependent.construct)));
        broken.extend(ticked(&[source.as_str()]));
        let res = post(&app, &format!("/surveys/{id}/edit"), &broken).await;
        assert_eq!(res.status(), 422);
        assert!(res.text().await.unwrap().contains("is asked only after"));
        assert!(
            !keys(&id).contains(&"ease.setup".to_string()),
            "nothing written"
        );

        // Without the item list (older clients), every question of a chosen set is kept.
        let id2 = create_draft(&app, &f).await;
        assert!(keys(&id2).contains(&"ease.setup".to_string()));
    }
);

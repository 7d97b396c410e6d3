//! A district's own questions: added by its admin with per-field errors, offered and frozen
//! into its surveys like shipped ones, editable only while no survey holds them, hidden like
//! shipped ones, and never seen by another district.

use crate::authoring::{create_draft, location, post, survey_by_public_id};
use crate::both_backends;
use crate::fixtures::{staff, survey_fixture, PASSWORD};
use crate::helpers::TestApp;
use chorus::db::schema::{audit_log, bank_items, survey_item_wordings, survey_items};
use chorus::domain::Role;
use diesel::prelude::*;

fn question(prompt_en: &str, prompt_es: &str) -> Vec<(&'static str, String)> {
    vec![
        ("construct", "ease_of_use".into()),
        ("kind", "scale5".into()),
        ("groups", "teacher".into()),
        ("groups", "student".into()),
        ("allows_na", "on".into()),
        (
            "options_en",
            "Not at all easy\nSlightly easy\nModerately easy\nVery easy\nExtremely easy".into(),
        ),
        (
            "options_es",
            "Nada fácil\nUn poco fácil\nModeradamente fácil\nMuy fácil\nExtremadamente fácil"
                .into(),
        ),
        ("prompt_teacher_en", prompt_en.into()),
        ("prompt_teacher_es", prompt_es.into()),
        (
            "prompt_student_en",
            "How easy is it to hand in work through {product}?".into(),
        ),
        (
            "prompt_student_es",
            "¿Qué tan fácil es entregar tareas con {product}?".into(),
        ),
    ]
}

both_backends!(
    a_district_writes_its_own_question_and_only_it_sees_it,
    |app: TestApp| async move {
        let (f, other, admin, other_admin) = {
            let mut conn = app.pool.get().unwrap();
            let f = survey_fixture(&mut conn, "Own Items District");
            let other = survey_fixture(&mut conn, "Neighbour District");
            let admin = staff(
                &mut conn,
                f.district,
                "admin@own.example",
                Role::DistrictAdmin,
                &[],
            );
            let other_admin = staff(
                &mut conn,
                other.district,
                "admin@neighbour.example",
                Role::DistrictAdmin,
                &[],
            );
            (f, other, admin, other_admin)
        };
        let count_items = || -> i64 {
            bank_items::table
                .count()
                .get_result(&mut app.pool.get().unwrap())
                .unwrap()
        };
        app.sign_in_ok(&admin, PASSWORD).await;
        let form = app.get("/bank/items/new").await;
        assert_eq!(form.status(), 200);
        assert!(form.text().await.unwrap().contains("prompt_parent_es"));

        // A statement, a missing Spanish wording and a four-point scale: every problem on its
        // field, 422, nothing written.
        let mut bad = question("{product} makes grading easy.", "");
        bad.retain(|(k, _)| *k != "options_es");
        bad.push(("options_es", "Nada\nPoco\nAlgo\nMucho".into()));
        let res = post(&app, "/bank/items/new", &bad).await;
        assert_eq!(res.status(), 422);
        let html = res.text().await.unwrap();
        assert!(html.contains("href=\"#prompt_teacher_es\""), "{html}");
        assert!(html.contains("Write the question for Teachers in Spanish."));
        assert_eq!(count_items(), 0, "a refused form writes nothing");
        let statement = question(
            "{product} makes grading easy.",
            "¿Qué tan fácil es calificar con {product}?",
        );
        let html = post(&app, "/bank/items/new", &statement)
            .await
            .text()
            .await
            .unwrap();
        assert!(html.contains("not a question"), "{html}");
        assert_eq!(count_items(), 0);

        let good = question(
            "How easy is it to grade work in {product}?",
            "¿Qué tan fácil es calificar trabajos en {product}?",
        );
        let res = post(&app, "/bank/items/new", &good).await;
        assert_eq!(res.status(), 303, "{}", res.text().await.unwrap());
        assert!(location(&res).ends_with("#own.1"));
        let bank = app.get("/bank?group=teacher").await.text().await.unwrap();
        assert!(bank.contains("How easy is it to grade work in [product]?"));
        assert!(
            bank.contains("Your district&#x27;s question")
                || bank.contains("Your district's question")
        );
        let audited: i64 = audit_log::table
            .filter(audit_log::action.eq("bank.item_added"))
            .filter(audit_log::district_id.eq(f.district.0))
            .count()
            .get_result(&mut app.pool.get().unwrap())
            .unwrap();
        assert_eq!(audited, 1);

        // A second one, still unused, can be edited.
        let second = question(
            "How easy is it to print from {product}?",
            "¿Qué tan fácil es imprimir desde {product}?",
        );
        assert_eq!(post(&app, "/bank/items/new", &second).await.status(), 303);
        let edited = question(
            "How easy is it to share files from {product}?",
            "¿Qué tan fácil es compartir archivos desde {product}?",
        );
        let res = post(&app, "/bank/items/own.2/edit", &edited).await;
        assert_eq!(res.status(), 303, "{}", res.text().await.unwrap());
        let bank = app.get("/bank").await.text().await.unwrap();
        assert!(bank.contains("share files") && !bank.contains("print from"));
        assert_eq!(
            post(&app, "/bank/items/ease.setup/edit", &edited)
                .await
                .status(),
            404,
            "shipped items cannot be edited"
        );

        // Hide the second; a new draft freezes the first in both languages, not the second.
        assert_eq!(
            app.post_form("/bank/items/own.2/hide", &[]).await.status(),
            303
        );
        let id = create_draft(&app, &f).await;
        let (keys, spanish) = {
            let mut conn = app.pool.get().unwrap();
            let survey = survey_by_public_id(&mut conn, f.district, &id);
            let keys: Vec<String> = survey_items::table
                .filter(survey_items::survey_id.eq(survey.id))
                .select(survey_items::item_key)
                .load(&mut conn)
                .unwrap();
            let spanish: Vec<String> = survey_item_wordings::table
                .inner_join(survey_items::table)
                .filter(survey_items::survey_id.eq(survey.id))
                .filter(survey_items::item_key.eq("own.1"))
                .filter(survey_item_wordings::language.eq("es"))
                .select(survey_item_wordings::prompt)
                .load(&mut conn)
                .unwrap();
            (keys, spanish)
        };
        assert!(keys.contains(&"own.1".to_string()), "{keys:?}");
        assert!(!keys.contains(&"own.2".to_string()), "hidden: {keys:?}");
        assert!(spanish.contains(&"¿Qué tan fácil es calificar trabajos en {product}?".to_string()));
        let preview = app
            .get(&format!("/surveys/{id}/edit"))
            .await
            .text()
            .await
            .unwrap();
        assert!(preview.contains("Ease of use"));

        // Now a survey holds own.1: editing it is refused with the reason.
        let res = app.get("/bank/items/own.1/edit").await;
        assert_eq!(res.status(), 409);
        assert!(res.text().await.unwrap().contains("Digital tools check"));
        let res = post(&app, "/bank/items/own.1/edit", &edited).await;
        assert_eq!(res.status(), 409);
        let bank = app.get("/bank").await.text().await.unwrap();
        assert!(bank.contains("grade work"), "unchanged");

        // The neighbouring district never sees it, nor can it edit it.
        app.post_form("/signout", &[]).await;
        app.sign_in_ok(&other_admin, PASSWORD).await;
        let bank = app.get("/bank").await.text().await.unwrap();
        assert!(!bank.contains("grade work") && !bank.contains("own.1"));
        assert_eq!(app.get("/bank/items/own.1/edit").await.status(), 404);
        assert_eq!(
            app.post_form("/bank/items/own.1/hide", &[]).await.status(),
            404
        );
        let theirs = create_draft(&app, &other).await;
        let keys: Vec<String> = {
            let mut conn = app.pool.get().unwrap();
            let survey = survey_by_public_id(&mut conn, other.district, &theirs);
            survey_items::table
                .filter(survey_items::survey_id.eq(survey.id))
                .select(survey_items::item_key)
                .load(&mut conn)
                .unwrap()
        };
        assert!(keys.iter().all(|k| !k.starts_with("own.")), "{keys:?}");
    }
);

both_backends!(
    only_district_admins_write_questions,
    |app: TestApp| async move {
        let coord = {
            let mut conn = app.pool.get().unwrap();
            let f = survey_fixture(&mut conn, "Coordinated District");
            staff(
                &mut conn,
                f.district,
                "coord@own.example",
                Role::SchoolCoordinator,
                &f.schools[..1],
            )
        };
        app.sign_in_ok(&coord, PASSWORD).await;
        assert_eq!(app.get("/bank/items/new").await.status(), 404);
        let good = question(
            "How easy is it to grade work in {product}?",
            "¿Qué tan fácil es calificar trabajos en {product}?",
        );
        assert_eq!(post(&app, "/bank/items/new", &good).await.status(), 404);
    }
);

both_backends!(
    admins_adding_questions_at_once_each_get_their_own_key,
    |app: TestApp| async move {
        let admin = {
            let mut conn = app.pool.get().unwrap();
            let f = survey_fixture(&mut conn, "Busy Admins District");
            staff(
                &mut conn,
                f.district,
                "admin@busy.example",
                Role::DistrictAdmin,
                &[],
            )
        };
        app.sign_in_ok(&admin, PASSWORD).await;
        let forms: Vec<_> = (0..4)
            .map(|i| {
                question(
                    &format!("How easy is it to grade with {{product}}, take {i}?"),
                    &format!("¿Qué tan fácil es calificar con {{product}}, vez {i}?"),
                )
            })
            .collect();
        let outcomes =
            futures_util::future::join_all(forms.iter().map(|f| post(&app, "/bank/items/new", f)))
                .await;
        for res in &outcomes {
            assert_eq!(res.status(), 303, "every add is saved, none is a 500");
        }
        let mut keys: Vec<String> = bank_items::table
            .filter(bank_items::key.like("own.%"))
            .select(bank_items::key)
            .load(&mut app.pool.get().unwrap())
            .unwrap();
        keys.sort();
        assert_eq!(keys, ["own.1", "own.2", "own.3", "own.4"]);
    }
);

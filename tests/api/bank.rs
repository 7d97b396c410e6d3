//! The read-only question bank page.

use crate::both_backends;
use crate::fixtures::{staff, survey_fixture, PASSWORD};
use crate::helpers::TestApp;
use chorus::domain::Role;

both_backends!(
    editors_read_the_bank_per_group_and_language,
    |app: TestApp| async move {
        let (coord, viewer) = {
            let mut conn = app.pool.get().unwrap();
            let f = survey_fixture(&mut conn, "Bank District");
            (
                staff(
                    &mut conn,
                    f.district,
                    "coord@bank.example",
                    Role::SchoolCoordinator,
                    &f.schools[..1],
                ),
                staff(
                    &mut conn,
                    f.district,
                    "viewer@bank.example",
                    Role::Viewer,
                    &f.schools[..1],
                ),
            )
        };
        app.sign_in_ok(&coord, PASSWORD).await;
        let english = app.get("/bank").await.text().await.unwrap();
        assert!(english.contains("Ease of use") && english.contains("Vendor support"));
        assert!(
            english.contains("Shown only when the answer to"),
            "skip conditions are explained"
        );
        let spanish = app
            .get("/bank?group=parent&lang=es")
            .await
            .text()
            .await
            .unwrap();
        assert!(spanish.contains("Facilidad de uso") && spanish.contains("lang=\"es\""));
        assert!(spanish.contains("¿"));
        let young = app
            .get("/bank?group=young_student")
            .await
            .text()
            .await
            .unwrap();
        assert!(young.contains("with faces"));
        assert!(
            !young.contains("Vendor support"),
            "young students are not asked about vendor support"
        );

        let res = app.get("/bank?group=pupils&lang=fr").await;
        assert_eq!(res.status(), 422);
        let body = res.text().await.unwrap();
        assert!(
            body.contains("pupils&quot; is not a known stakeholder group"),
            "{body}"
        );
        assert!(body.contains("fr&quot; is not a known language"));

        app.post_form("/signout", &[]).await;
        app.sign_in_ok(&viewer, PASSWORD).await;
        assert_eq!(
            app.get("/bank").await.status(),
            404,
            "viewers do not build surveys"
        );
    }
);

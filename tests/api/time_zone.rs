//! The district's time zone: chosen by its admin from the tz database, survey times typed and
//! shown in it and stored in UTC, and a time the clocks skip refused on its field.

use crate::authoring::{post, settings, survey_by_public_id};
use crate::both_backends;
use crate::fixtures::{staff, survey_fixture, PASSWORD};
use crate::helpers::TestApp;
use chorus::db::models::districts;
use chorus::domain::Role;

fn at(text: &str) -> chrono::NaiveDateTime {
    chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
}

both_backends!(
    survey_times_are_typed_and_shown_in_the_district_zone,
    |app: TestApp| async move {
        let (f, admin, coord) = {
            let mut conn = app.pool.get().unwrap();
            let f = survey_fixture(&mut conn, "Zoned District");
            let admin = staff(
                &mut conn,
                f.district,
                "admin@zoned.example",
                Role::DistrictAdmin,
                &[],
            );
            let coord = staff(
                &mut conn,
                f.district,
                "coord@zoned.example",
                Role::SchoolCoordinator,
                &f.schools,
            );
            (f, admin, coord)
        };
        let stored_zone = || {
            districts::zone_and_languages(&mut app.pool.get().unwrap(), f.district)
                .unwrap()
                .0
        };
        assert_eq!(stored_zone(), "UTC", "the default");

        app.sign_in_ok(&coord, PASSWORD).await;
        assert_eq!(
            app.get("/admin/district").await.status(),
            404,
            "admins only"
        );
        app.post_form("/signout", &[]).await;

        app.sign_in_ok(&admin, PASSWORD).await;
        let page = app.get("/admin/district").await.text().await.unwrap();
        assert!(page.contains("<option selected>UTC</option>"), "{page}");
        assert!(page.contains("America/Chicago"));
        let res = app
            .post_form("/admin/district", &[("time_zone", "Mars/Olympus")])
            .await;
        assert_eq!(res.status(), 422);
        assert!(res
            .text()
            .await
            .unwrap()
            .contains("is not a time zone name"));
        assert_eq!(stored_zone(), "UTC", "nothing written");
        let res = app
            .post_form("/admin/district", &[("time_zone", "America/Chicago")])
            .await;
        assert_eq!(res.status(), 303);
        assert_eq!(stored_zone(), "America/Chicago");

        // Typed as Chicago wall-clock time (CST, UTC−6), stored in UTC.
        let mut form = settings(&f);
        form.retain(|(k, _)| *k != "opens_at" && *k != "closes_at");
        form.push(("opens_at", "2027-01-15T08:00".into()));
        form.push(("closes_at", "2027-01-29T17:00".into()));
        let id = {
            let res = post(&app, "/surveys/new", &form).await;
            assert_eq!(res.status(), 303, "{}", res.text().await.unwrap());
            let to = res.headers()["location"].to_str().unwrap().to_string();
            to.trim_start_matches("/surveys/")
                .trim_end_matches("?done=created")
                .to_string()
        };
        let row = survey_by_public_id(&mut app.pool.get().unwrap(), f.district, &id);
        assert_eq!(row.opens_at, at("2027-01-15 14:00"));
        assert_eq!(row.closes_at, at("2027-01-29 23:00"));
        let edit = app
            .get(&format!("/surveys/{id}/edit"))
            .await
            .text()
            .await
            .unwrap();
        assert!(edit.contains("Opens (America/Chicago)"), "{edit}");
        assert!(
            edit.contains("value=\"2027-01-15T08:00\""),
            "shown as typed"
        );
        let list = app.get("/surveys").await.text().await.unwrap();
        assert!(list.contains("2027-01-15 08:00 to 2027-01-29 17:00 (America/Chicago)"));

        // 02:30 on the night the clocks go forward does not exist in Chicago.
        let mut gap = form.clone();
        gap.retain(|(k, _)| *k != "opens_at");
        gap.push(("opens_at", "2027-03-14T02:30".into()));
        gap.retain(|(k, _)| *k != "closes_at");
        gap.push(("closes_at", "2027-03-20T17:00".into()));
        let res = post(&app, &format!("/surveys/{id}/edit"), &gap).await;
        assert_eq!(res.status(), 422);
        let html = res.text().await.unwrap();
        assert!(
            html.contains("does not exist in America/Chicago")
                && html.contains("href=\"#opens_at\""),
            "{html}"
        );
        let row = survey_by_public_id(&mut app.pool.get().unwrap(), f.district, &id);
        assert_eq!(row.opens_at, at("2027-01-15 14:00"), "nothing written");
    }
);

//! Staff administration: invitations, roles and scope, deactivation, the audit log — and
//! that no other role and no other district can reach any of it.

use crate::both_backends;
use crate::fixtures::{staff, survey_fixture, PASSWORD};
use crate::helpers::TestApp;
use chorus::domain::Role;

/// The set-password link shown on the invitation page.
fn link_in(html: &str) -> String {
    let at = html.find("/invite/").expect("a link is shown");
    html[at..].split('"').next().unwrap().to_string()
}

both_backends!(
    invited_coordinator_signs_in_and_sees_only_their_schools,
    |app: TestApp| async move {
        let (admin, north_id) = {
            let mut conn = app.pool.get().unwrap();
            let f = survey_fixture(&mut conn, "Invite District");
            (
                staff(
                    &mut conn,
                    f.district,
                    "admin@invite.example",
                    Role::DistrictAdmin,
                    &[],
                ),
                f.schools[0].0,
            )
        };
        app.sign_in_ok(&admin, PASSWORD).await;
        let north = north_id.to_string();
        let res = app
            .post_form(
                "/admin/staff/invite",
                &[
                    ("email", "Cora@Invite.Example"),
                    ("display_name", "Cora"),
                    ("role", "school_coordinator"),
                    ("schools", &north),
                ],
            )
            .await;
        assert_eq!(res.status(), 200);
        let link = link_in(&res.text().await.unwrap());
        app.post_form("/signout", &[]).await;

        // The invitee, in a fresh browser.
        let invitee = app.other_client();
        let html = invitee
            .get(format!("{}{link}", app.address))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(html.contains("cora@invite.example"));
        let token = crate::helpers::csrf_in(&html).unwrap();
        let pw = "a fresh long passphrase";
        let res = invitee
            .post(format!("{}{link}", app.address))
            .form(&[
                ("csrf", token.as_str()),
                ("new_password", pw),
                ("confirm", pw),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), 303, "accepted and signed in");
        let home = invitee
            .get(format!("{}/home", app.address))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        assert!(home.contains("North") && !home.contains("South"));
        // Coordinators do not reach staff administration, and it does not say it exists.
        assert_eq!(
            invitee
                .get(format!("{}/admin/staff", app.address))
                .send()
                .await
                .unwrap()
                .status(),
            404
        );

        // The link works once.
        let again = invitee
            .get(format!("{}{link}", app.address))
            .send()
            .await
            .unwrap();
        assert_eq!(again.status(), 410);
        assert!(again.text().await.unwrap().contains("was used already"));
    }
);

both_backends!(
    expired_and_unknown_links_are_refused_and_write_nothing,
    |app: TestApp| async move {
        let admin = {
            let mut conn = app.pool.get().unwrap();
            let f = survey_fixture(&mut conn, "Expiry District");
            staff(
                &mut conn,
                f.district,
                "admin@expiry.example",
                Role::DistrictAdmin,
                &[],
            )
        };
        app.sign_in_ok(&admin, PASSWORD).await;
        let res = app
            .post_form(
                "/admin/staff/invite",
                &[
                    ("email", "late@expiry.example"),
                    ("display_name", "Late"),
                    ("role", "district_admin"),
                ],
            )
            .await;
        let link = link_in(&res.text().await.unwrap());
        {
            let mut conn = app.pool.get().unwrap();
            diesel::RunQueryDsl::execute(
                diesel::sql_query("UPDATE invitations SET expires_at = '2000-01-01 00:00:00'"),
                &mut *conn,
            )
            .unwrap();
        }
        let res = app.get(&link).await;
        assert_eq!(res.status(), 410);
        assert!(res.text().await.unwrap().contains("has expired"));
        let res = app
            .post_form(
                &link,
                &[
                    ("new_password", "a fresh long passphrase"),
                    ("confirm", "a fresh long passphrase"),
                ],
            )
            .await;
        assert_eq!(res.status(), 410);
        assert_eq!(app.get("/invite/nosuchlinkatall234567").await.status(), 404);
        app.post_form("/signout", &[]).await;
        assert_eq!(
            app.sign_in("late@expiry.example", "a fresh long passphrase")
                .await
                .status(),
            401,
            "no password was set"
        );
    }
);

both_backends!(
    invitation_form_reports_every_problem,
    |app: TestApp| async move {
        let admin = {
            let mut conn = app.pool.get().unwrap();
            let f = survey_fixture(&mut conn, "Form District");
            staff(
                &mut conn,
                f.district,
                "admin@form.example",
                Role::DistrictAdmin,
                &[],
            )
        };
        app.sign_in_ok(&admin, PASSWORD).await;
        let res = app
            .post_form(
                "/admin/staff/invite",
                &[
                    ("email", "not-an-email"),
                    ("display_name", ""),
                    ("role", "viewer"),
                ],
            )
            .await;
        assert_eq!(res.status(), 422);
        let body = res.text().await.unwrap();
        assert!(body.contains("is not an e-mail address"));
        assert!(body.contains("Enter the name."));
        assert!(body.contains("Choose at least one school"));
        let res = app
            .post_form(
                "/admin/staff/invite",
                &[
                    ("email", &admin),
                    ("display_name", "Dup"),
                    ("role", "district_admin"),
                ],
            )
            .await;
        assert_eq!(res.status(), 422);
        assert!(res
            .text()
            .await
            .unwrap()
            .contains("already has a Chorus account"));
        let mut conn = app.pool.get().unwrap();
        let district = chorus::db::models::districts::find_by_name(&mut conn, "Form District")
            .unwrap()
            .unwrap();
        assert_eq!(
            chorus::db::models::users::list(&mut conn, district.district_id())
                .unwrap()
                .len(),
            1,
            "nothing written"
        );
    }
);

both_backends!(
    the_last_admin_cannot_be_removed,
    |app: TestApp| async move {
        let (admin, admin_id) = {
            let mut conn = app.pool.get().unwrap();
            let f = survey_fixture(&mut conn, "Last Admin District");
            let email = staff(
                &mut conn,
                f.district,
                "solo@last.example",
                Role::DistrictAdmin,
                &[],
            );
            let id = crate::fixtures::user_id(&mut conn, &email);
            (email, id)
        };
        app.sign_in_ok(&admin, PASSWORD).await;
        let res = app
            .post_form(&format!("/admin/staff/{admin_id}/deactivate"), &[])
            .await;
        assert_eq!(res.status(), 422);
        assert!(res
            .text()
            .await
            .unwrap()
            .contains("last active administrator"));
        let res = app
            .post_form(
                &format!("/admin/staff/{admin_id}/role"),
                &[("role", "viewer"), ("schools", "1")],
            )
            .await;
        assert_eq!(res.status(), 422);
        assert_eq!(
            app.get("/home").await.status(),
            200,
            "still an active admin"
        );
        assert!(app
            .get("/admin/staff")
            .await
            .text()
            .await
            .unwrap()
            .contains("district_admin"));
    }
);

both_backends!(roles_and_districts_are_fenced, |app: TestApp| async move {
    let (admin_a, coord_a, viewer_a, victim_b) = {
        let mut conn = app.pool.get().unwrap();
        let a = survey_fixture(&mut conn, "District A");
        let b = survey_fixture(&mut conn, "District B");
        let admin_a = staff(
            &mut conn,
            a.district,
            "admin@a.example",
            Role::DistrictAdmin,
            &[],
        );
        let coord_a = staff(
            &mut conn,
            a.district,
            "coord@a.example",
            Role::SchoolCoordinator,
            &a.schools[..1],
        );
        let viewer_a = staff(
            &mut conn,
            a.district,
            "viewer@a.example",
            Role::Viewer,
            &a.schools[..1],
        );
        staff(
            &mut conn,
            b.district,
            "admin@b.example",
            Role::DistrictAdmin,
            &[],
        );
        let victim = staff(
            &mut conn,
            b.district,
            "victim@b.example",
            Role::Viewer,
            &b.schools[..1],
        );
        let victim_id = crate::fixtures::user_id(&mut conn, &victim);
        (admin_a, coord_a, viewer_a, victim_id)
    };
    let admin_pages = ["/admin/staff", "/admin/audit"];
    for who in [&coord_a, &viewer_a] {
        app.sign_in_ok(who, PASSWORD).await;
        for page in admin_pages {
            assert_eq!(app.get(page).await.status(), 404, "{who} on {page}");
        }
        for action in ["role", "deactivate", "link"] {
            let res = app
                .post_form(
                    &format!("/admin/staff/{victim_b}/{action}"),
                    &[("role", "district_admin")],
                )
                .await;
            assert_eq!(res.status(), 404, "{who} posting {action}");
        }
        app.post_form("/signout", &[]).await;
    }
    // An admin of district A cannot touch an account of district B.
    app.sign_in_ok(&admin_a, PASSWORD).await;
    for page in admin_pages {
        assert_eq!(app.get(page).await.status(), 200);
    }
    for action in ["deactivate", "reactivate", "link"] {
        assert_eq!(
            app.post_form(&format!("/admin/staff/{victim_b}/{action}"), &[])
                .await
                .status(),
            404
        );
    }
    assert_eq!(
        app.post_form(
            &format!("/admin/staff/{victim_b}/role"),
            &[("role", "district_admin")]
        )
        .await
        .status(),
        404
    );
    let staff_page = app.get("/admin/staff").await.text().await.unwrap();
    assert!(!staff_page.contains("victim@b.example"));
    app.post_form("/signout", &[]).await;
    app.sign_in_ok("victim@b.example", PASSWORD).await;
    let home = app.get("/home").await.text().await.unwrap();
    assert!(home.contains("District B") && home.contains("(Viewer)"));
});

both_backends!(changes_are_audited, |app: TestApp| async move {
    let (admin, target) = {
        let mut conn = app.pool.get().unwrap();
        let f = survey_fixture(&mut conn, "Audit District");
        let admin = staff(
            &mut conn,
            f.district,
            "admin@audit.example",
            Role::DistrictAdmin,
            &[],
        );
        let t = staff(
            &mut conn,
            f.district,
            "t@audit.example",
            Role::Viewer,
            &f.schools[..1],
        );
        let id = crate::fixtures::user_id(&mut conn, &t);
        (admin, id)
    };
    assert_eq!(app.sign_in(&admin, "wrong password!!").await.status(), 401);
    app.sign_in_ok(&admin, PASSWORD).await;
    let res = app
        .post_form(&format!("/admin/staff/{target}/deactivate"), &[])
        .await;
    assert_eq!(res.status(), 303);
    assert_eq!(res.headers()["location"], "/admin/staff?done=deactivated");
    let log = app.get("/admin/audit").await.text().await.unwrap();
    for action in ["sign_in.failed", "sign_in", "user.deactivate"] {
        assert!(
            log.contains(&format!("<td>{action}</td>")),
            "{action} logged"
        );
    }
    assert!(app
        .get("/admin/audit?page=banana")
        .await
        .status()
        .is_success());
});

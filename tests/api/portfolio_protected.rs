//! The portfolio shows what each product's report shows for the same viewer: a school
//! coordinator's value and use-rate figures are the report's rows over their schools,
//! withheld when the report withholds them (here, against the district's figure, which
//! would otherwise give away the other school's three teachers).

use crate::both_backends;
use crate::fixtures::{staff, survey_fixture, PASSWORD};
use crate::helpers::TestApp;
use crate::waves::{first_wave, submit};
use chorus::domain::{Role, StakeholderGroup};

/// The portfolio row of product Alpha, from `<th scope="row">` to the end of its row.
fn alpha_row(page: &str) -> &str {
    let start = page
        .find(">Alpha</a></th>")
        .expect("Alpha in the portfolio");
    let end = page[start..].find("</tr>").unwrap();
    &page[start..start + end]
}

both_backends!(
    the_portfolio_withholds_what_the_report_withholds,
    |app: TestApp| async move {
        let mut conn = app.pool.get().unwrap();
        let f = survey_fixture(&mut conn, "Portfolio Protected");
        let wave = first_wave(&mut conn, &f);
        // 20 teachers at North, 3 at South: North alone is the district minus 3 teachers.
        for (school, n) in [(0, 20), (1, 3)] {
            submit(
                &mut conn,
                &f,
                &wave,
                school,
                StakeholderGroup::Teacher,
                n,
                |i| vec![("impact.learning", if i % 2 == 0 { 4 } else { 2 })],
            );
        }
        let admin = staff(
            &mut conn,
            f.district,
            "pf-admin@d.example",
            Role::DistrictAdmin,
            &[],
        );
        let coordinator = staff(
            &mut conn,
            f.district,
            "pf-coordinator@d.example",
            Role::SchoolCoordinator,
            &[f.schools[0]],
        );
        drop(conn);

        app.sign_in_ok(&admin, PASSWORD).await;
        let page = app.get("/reports").await.text().await.unwrap();
        assert!(alpha_row(&page).contains("52%"), "{}", alpha_row(&page));
        app.post_form("/signout", &[]).await;

        app.sign_in_ok(&coordinator, PASSWORD).await;
        let page = app.get("/reports").await.text().await.unwrap();
        let row = alpha_row(&page);
        assert!(!row.contains('%'), "no figure of North alone: {row}");
        assert!(row.contains("withheld (protects a small group)"), "{row}");
        let report = app
            .get(&format!(
                "/reports/{}/{}",
                wave.public_id,
                page[..page.find(">Alpha</a>").unwrap()]
                    .rsplit('/')
                    .next()
                    .unwrap()
                    .trim_end_matches('"')
            ))
            .await
            .text()
            .await
            .unwrap();
        assert!(report.contains("withheld (protects a small group)"));
    }
);

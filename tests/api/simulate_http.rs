//! `chorus simulate --target`: respondents driven through a running server's real pages land
//! as responses, and the aggregates the writer kept equal the rebuild from the answers.

use crate::both_backends;
use crate::durability::assert_consistent;
use crate::fixtures::survey_fixture;
use crate::helpers::TestApp;
use chorus::db::models::distribution::{ensure_links, links_of};
use chorus::db::schema::surveys;
use chorus::domain::StakeholderGroup;
use chorus::loadgen::simulate::{http, Plan};
use diesel::prelude::*;

both_backends!(
    http_respondents_land_and_aggregates_equal_the_rebuild,
    |app: TestApp| async move {
        let mut conn = app.pool.get().unwrap();
        let f = survey_fixture(&mut conn, "Load District");
        let cells: Vec<_> = f
            .schools
            .iter()
            .flat_map(|s| [StakeholderGroup::Student, StakeholderGroup::Teacher].map(|g| (*s, g)))
            .collect();
        ensure_links(&mut conn, f.district, f.survey, &cells).unwrap();
        let public_id: String = surveys::table
            .find(f.survey.0)
            .select(surveys::public_id)
            .first(&mut conn)
            .unwrap();
        let plan = Plan::load(&mut conn, &public_id).unwrap();
        let links = links_of(&mut conn, f.district, f.survey).unwrap();
        drop(conn);

        let report = http::run(&app.address, &plan, &links, 12, 3, 7)
            .await
            .unwrap();

        assert!(report.errors.is_empty(), "{:?}", report.errors);
        assert_eq!((report.journeys, report.stored), (12, 12));
        assert_eq!(report.submit_latencies.len(), 12);
        assert!(
            report.journey_requests >= 12 * 4,
            "welcome, start, a page and its post each"
        );
        let mut conn = app.pool.get().unwrap();
        assert_eq!(assert_consistent(&mut conn, &f), 12);
        let answers: i64 = chorus::db::schema::answers::table
            .count()
            .get_result(&mut conn)
            .unwrap();
        assert!(
            answers >= 12 * 5,
            "the pages' answers were stored: {answers}"
        );
    }
);

both_backends!(http_mode_without_links_says_so, |app: TestApp| async move {
    let mut conn = app.pool.get().unwrap();
    let f = survey_fixture(&mut conn, "Unlinked District");
    let public_id: String = surveys::table
        .find(f.survey.0)
        .select(surveys::public_id)
        .first(&mut conn)
        .unwrap();
    let plan = Plan::load(&mut conn, &public_id).unwrap();
    let links = links_of(&mut conn, f.district, f.survey).unwrap();
    drop(conn);
    let error = http::run(&app.address, &plan, &links, 1, 1, 1)
        .await
        .err()
        .unwrap()
        .to_string();
    assert!(error.contains("no active distribution link"), "{error}");
});

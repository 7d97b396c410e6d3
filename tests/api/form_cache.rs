//! The respondent pages' form cache: the survey row is always read fresh, the frozen form is
//! kept, product edits show after the cache's time to live, and drafts are never kept.

use crate::both_backends;
use crate::fixtures::survey_fixture;
use crate::helpers::TestApp;
use chorus::domain::SurveyStatus;
use chorus::survey::runtime::FormCache;
use diesel::RunQueryDsl;
use std::time::Duration;

fn product_name(cache: &FormCache, app: &TestApp, f: &crate::fixtures::SurveyFixture) -> String {
    let mut conn = app.pool.get().unwrap();
    let cached = cache.get(&mut conn, f.district, f.survey).unwrap().unwrap();
    cached.form.products[0].name.clone()
}

both_backends!(
    kept_forms_read_the_survey_row_fresh_and_products_after_the_ttl,
    |app: TestApp| async move {
        let f = survey_fixture(&mut app.pool.get().unwrap(), "Cache District");
        let exec = |sql: String| {
            diesel::sql_query(sql)
                .execute(&mut *app.pool.get().unwrap())
                .unwrap();
        };
        let kept = FormCache::new(Duration::from_secs(3600));
        let reloaded = FormCache::new(Duration::ZERO);
        let before = product_name(&kept, &app, &f);
        assert_eq!(before, product_name(&reloaded, &app, &f));

        exec(format!(
            "UPDATE products SET name = 'Renamed Reader' WHERE id = {}",
            f.products[0].0
        ));
        assert_eq!(
            product_name(&kept, &app, &f),
            before,
            "kept until the time to live"
        );
        assert_eq!(product_name(&reloaded, &app, &f), "Renamed Reader");

        exec(format!(
            "UPDATE surveys SET status = 'closed' WHERE id = {}",
            f.survey.0
        ));
        let mut conn = app.pool.get().unwrap();
        let cached = kept.get(&mut conn, f.district, f.survey).unwrap().unwrap();
        assert_eq!(
            cached.form.survey.status,
            SurveyStatus::Closed,
            "the row is never stale"
        );

        exec(format!(
            "UPDATE surveys SET status = 'draft' WHERE id = {}",
            f.survey.0
        ));
        exec(format!(
            "UPDATE products SET name = 'Draft Reader' WHERE id = {}",
            f.products[0].0
        ));
        assert_eq!(
            product_name(&kept, &app, &f),
            "Draft Reader",
            "drafts are never kept"
        );

        let other = chorus::domain::DistrictId(f.district.0 + 1000);
        assert!(
            kept.get(&mut conn, other, f.survey).unwrap().is_none(),
            "scoped to the district"
        );
    }
);

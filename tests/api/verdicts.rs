//! The demo's designed products come out with the designed verdicts, with evidence.

use crate::helpers::{spawn_app_with, Backend};
use chorus::domain::StakeholderGroup;
use chorus::reports::evidence::{AllCells, CellFilter};
use chorus::reports::verdicts::for_survey;
use chorus::stats::Verdict;

async fn demo_verdicts(backend: Backend) {
    let name = format!("verdicts::demo::{backend:?}");
    let Some(app) = spawn_app_with(backend, &name, |s| s.load_demo = true).await else {
        return;
    };
    let mut conn = app.pool.get().unwrap();
    let district = chorus::db::models::districts::list(&mut conn).unwrap()[0].district_id();
    let survey = crate::fixtures::closed_demo_wave(&mut conn, district);
    let verdicts = for_survey(&mut conn, district, survey, &AllCells).unwrap();
    let verdict_of = |name: &str| {
        verdicts
            .iter()
            .find(|v| v.product == name)
            .unwrap()
            .outcome
            .verdict
    };
    assert_eq!(verdict_of("MathQuest"), Verdict::Renew);
    assert_eq!(verdict_of("ClassHub LMS"), Verdict::RepairTraining);
    assert_eq!(verdict_of("ReadAlong"), Verdict::ReconsiderVendor);
    assert_eq!(verdict_of("LabSim"), Verdict::RepairAdoption);
    // Eight coordinators are too few to judge any product.
    struct CoordinatorsOnly;
    impl CellFilter for CoordinatorsOnly {
        fn includes(&self, _: i32, group: StakeholderGroup) -> bool {
            group == StakeholderGroup::Coordinator
        }
    }
    for v in for_survey(&mut conn, district, survey, &CoordinatorsOnly).unwrap() {
        assert_eq!(v.outcome.verdict, Verdict::NotEnoughData, "{}", v.product);
    }
    for v in &verdicts {
        if v.outcome.verdict != Verdict::Renew {
            assert!(
                !v.outcome.evidence.is_empty(),
                "{} has a verdict without evidence",
                v.product
            );
        }
    }
}

#[actix_web::test]
async fn demo_products_get_their_designed_verdicts_on_sqlite() {
    demo_verdicts(Backend::Sqlite).await;
}

#[actix_web::test]
async fn demo_products_get_their_designed_verdicts_on_postgres() {
    demo_verdicts(Backend::Postgres).await;
}

use crate::both_backends;
use crate::helpers::TestApp;

both_backends!(healthz_answers_ok, |app: TestApp| async move {
    let res = app.get("/healthz").await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.text().await.unwrap(), "ok");
});

both_backends!(readyz_checks_the_database, |app: TestApp| async move {
    let res = app.get("/readyz").await;
    assert_eq!(res.status(), 200);
    assert_eq!(res.text().await.unwrap(), "ready");
});

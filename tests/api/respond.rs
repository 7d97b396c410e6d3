//! The respondent's experience over HTTP forms: entry by link, every page, Back, language
//! switch, young-student mode, save and resume, idempotent submission.

use crate::both_backends;
use crate::fixtures::{survey_fixture, survey_fixture_for, SurveyFixture};
use crate::helpers::{csrf_in, TestApp};
use chorus::db::models::distribution;
use chorus::db::models::responses::{answers_of, page_of_responses};
use chorus::domain::StakeholderGroup;
use diesel::RunQueryDsl;

/// A browser-like client with its own cookies.
pub struct Respondent {
    pub client: reqwest::Client,
    pub base: String,
}

impl Respondent {
    pub fn new(app: &TestApp) -> Respondent {
        Respondent {
            client: app.other_client(),
            base: app.address.clone(),
        }
    }

    pub async fn get(&self, path: &str) -> (u16, String) {
        let res = self
            .client
            .get(format!("{}{path}", self.base))
            .send()
            .await
            .unwrap();
        (res.status().as_u16(), res.text().await.unwrap())
    }

    /// Posts fields; returns (status, Location or body).
    pub async fn post(&self, path: &str, fields: &[(String, String)]) -> (u16, String) {
        let res = self
            .client
            .post(format!("{}{path}", self.base))
            .header("content-type", "application/x-www-form-urlencoded")
            .body(serde_html_form::to_string(fields).unwrap())
            .send()
            .await
            .unwrap();
        let status = res.status().as_u16();
        match res.headers().get("location") {
            Some(l) => (status, l.to_str().unwrap().to_string()),
            None => (status, res.text().await.unwrap()),
        }
    }
}

/// The value of attribute `name` in one tag's text.
fn attr(tag: &str, name: &str) -> Option<String> {
    let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    tag[at..].split('"').next().map(str::to_string)
}

/// Answers a page the way a person might: the first option of every radio group except
/// "does not apply" (a middle one for the 0–10 item), every product on the routing item (not
/// "None of these"),
/// 45 in number boxes, a sentence in text areas.
pub fn fill(html: &str) -> Vec<(String, String)> {
    let mut fields = vec![("csrf".to_string(), csrf_in(html).unwrap())];
    let mut seen: Vec<String> = Vec::new();
    for tag in html.split("<input ").skip(1) {
        let tag = format!(" {}", tag.split('>').next().unwrap());
        let tag = tag.as_str();
        let (Some(name), Some(kind)) = (attr(tag, "name"), attr(tag, "type")) else {
            continue;
        };
        let value = attr(tag, "value").unwrap_or_default();
        match kind.as_str() {
            "radio" if value != "na" && !seen.contains(&name) => {
                seen.push(name.clone());
                let v = if value == "0" { "8".to_string() } else { value };
                fields.push((name, v));
            }
            "checkbox" if !name.ends_with('t') && value != "none" => fields.push((name, value)),
            "text" if tag.contains("inputmode=\"numeric\"") => fields.push((name, "45".into())),
            _ => {}
        }
    }
    for area in html.split("<textarea ").skip(1) {
        if let Some(name) = attr(&format!(" {area}"), "name") {
            fields.push((name, "Works well for us.".into()));
        }
    }
    fields
}

/// The link token of a (school, group) of the fixture's survey.
pub fn link(app: &TestApp, f: &SurveyFixture, group: StakeholderGroup) -> String {
    let mut conn = app.pool.get().unwrap();
    distribution::ensure_links(&mut conn, f.district, f.survey, &[(f.schools[0], group)]).unwrap();
    distribution::links_of(&mut conn, f.district, f.survey)
        .unwrap()
        .into_iter()
        .find(|l| l.stakeholder_group == group)
        .unwrap()
        .token
}

/// Starts by link in `lang`; returns the first page's path.
pub async fn start(r: &Respondent, token: &str, lang: &str) -> String {
    let (status, html) = r.get(&format!("/s/{token}?lang={lang}")).await;
    assert_eq!(status, 200, "{html}");
    let (status, to) = r
        .post(
            &format!("/s/{token}"),
            &[
                ("csrf".into(), csrf_in(&html).unwrap()),
                ("lang".into(), lang.into()),
            ],
        )
        .await;
    assert_eq!((status, to.as_str()), (303, "/s/p/1"));
    to
}

/// Answers every page from `path` until the finish page; returns its HTML and the pages seen.
pub async fn answer_all(r: &Respondent, mut path: String) -> (String, Vec<String>) {
    let mut pages = Vec::new();
    for _ in 0..200 {
        let (status, html) = r.get(&path).await;
        assert_eq!(status, 200, "{path}: {html}");
        if html.contains("action=\"/s/submit\"") {
            return (html, pages);
        }
        let mut fields = fill(&html);
        fields.push(("action".into(), "next".into()));
        let (status, to) = r.post(&path, &fields).await;
        assert_eq!(status, 303, "{path}: {to}");
        pages.push(html);
        path = to;
    }
    panic!("the survey never ended");
}

/// Sends the finish page's form; returns (status, location or body).
pub async fn send(r: &Respondent, finish: &str) -> (u16, String) {
    let key = attr(finish.split("name=\"key\"").nth(1).unwrap(), "value").unwrap();
    r.post(
        "/s/submit",
        &[
            ("csrf".into(), csrf_in(finish).unwrap()),
            ("key".into(), key),
        ],
    )
    .await
}

pub fn count(app: &TestApp, table: &str) -> i64 {
    #[derive(diesel::QueryableByName)]
    struct N {
        #[diesel(sql_type = diesel::sql_types::BigInt)]
        n: i64,
    }
    let mut conn = app.pool.get().unwrap();
    diesel::sql_query(format!("SELECT COUNT(*) AS n FROM {table}"))
        .get_result::<N>(&mut *conn)
        .unwrap()
        .n
}

both_backends!(
    completes_in_english_and_in_spanish,
    |app: TestApp| async move {
        let f = survey_fixture(&mut app.pool.get().unwrap(), "Respond District");
        let token = link(&app, &f, StakeholderGroup::Teacher);
        for (lang, next, progress) in [
            ("en", ">Next<", "Question 1 of"),
            ("es", ">Siguiente<", "Pregunta 1 de"),
        ] {
            let r = Respondent::new(&app);
            let welcome = r.get(&format!("/s/{token}?lang={lang}")).await.1;
            assert!(welcome.contains(&format!("<html lang=\"{lang}\">")));
            let first = start(&r, &token, lang).await;
            let page1 = r.get(&first).await.1;
            assert!(page1.contains(next) && page1.contains(progress), "{page1}");
            assert!(
                page1.contains("/privacy/respond-district"),
                "anonymity note links the privacy page"
            );
            let (finish, pages) = answer_all(&r, first).await;
            assert!(pages.len() > 5, "one construct per page: {}", pages.len());
            assert!(pages
                .iter()
                .all(|p| p.contains(&format!("<html lang=\"{lang}\">"))));
            let (status, to) = send(&r, &finish).await;
            assert_eq!(
                (status, to.as_str()),
                (303, format!("/s/done?lang={lang}&reader=adult").as_str())
            );
            let done = r.get(&to).await.1;
            assert!(done.contains(if lang == "en" {
                "Thank you!"
            } else {
                "¡Gracias!"
            }));
        }
        let mut conn = app.pool.get().unwrap();
        let stored = page_of_responses(&mut conn, f.district, f.survey, 0, 10).unwrap();
        assert_eq!(stored.len(), 2);
        assert_eq!(
            stored
                .iter()
                .map(|r| r.language.as_str())
                .collect::<Vec<_>>(),
            ["en", "es"]
        );
        assert!(stored
            .iter()
            .all(|r| r.stakeholder_group == StakeholderGroup::Teacher
                && r.school_id == f.schools[0].0));
        let answers = answers_of(&mut conn, f.district, &[stored[0].id]).unwrap();
        let routing = f.item("routing.products_used").id;
        assert_eq!(
            answers
                .iter()
                .filter(|a| a.survey_item_id == routing)
                .count(),
            2,
            "both products ticked"
        );
        for product in &f.products {
            assert!(
                answers.iter().any(|a| a.product_id == Some(product.0)
                    && a.survey_item_id == f.item("ease.everyday_tasks").id),
                "a block for each product used"
            );
        }
        assert!(
            answers.iter().any(|a| a.feature_id.is_some()),
            "feature matrix rows stored"
        );
        assert_eq!(
            count(&app, "response_drafts"),
            0,
            "drafts are deleted on submission"
        );
    }
);

both_backends!(
    back_and_language_switch_keep_answers,
    |app: TestApp| async move {
        let f = survey_fixture(&mut app.pool.get().unwrap(), "Back District");
        let token = link(&app, &f, StakeholderGroup::Student);
        let r = Respondent::new(&app);
        let first = start(&r, &token, "en").await;
        let page1 = r.get(&first).await.1;
        let mut fields = fill(&page1);
        fields.push(("action".into(), "next".into()));
        assert_eq!(r.post(&first, &fields).await, (303, "/s/p/2".to_string()));
        let page2 = r.get("/s/p/2").await.1;
        let mut fields = fill(&page2);
        fields.push(("action".into(), "lang-es".into()));
        assert_eq!(r.post("/s/p/2", &fields).await, (303, "/s/p/2".to_string()));
        let spanish = r.get("/s/p/2").await.1;
        assert!(
            spanish.contains("<html lang=\"es\">")
                && (spanish.contains("Pregunta 2 de") || spanish.contains("Preguntas 2 a"))
        );
        assert!(
            spanish.contains(" checked"),
            "answers survive the language switch"
        );
        let mut fields = fill(&spanish);
        fields.push(("action".into(), "back".into()));
        assert_eq!(r.post("/s/p/2", &fields).await, (303, "/s/p/1".to_string()));
        let back = r.get("/s/p/1").await.1;
        assert_eq!(
            back.matches(" checked").count(),
            2,
            "both products still ticked: {back}"
        );
        let (status, to) = r.get("/s/p/9").await;
        assert_eq!(status, 303, "{to}");
    }
);

both_backends!(
    young_students_get_one_item_per_page_with_faces,
    |app: TestApp| async move {
        let f = survey_fixture_for(
            &mut app.pool.get().unwrap(),
            "Young District",
            &[StakeholderGroup::YoungStudent],
        );
        let token = link(&app, &f, StakeholderGroup::YoungStudent);
        let r = Respondent::new(&app);
        let first = start(&r, &token, "es").await;
        let (finish, pages) = answer_all(&r, first).await;
        for page in &pages {
            assert_eq!(
                page.matches("class=\"question").count(),
                1,
                "one item per page"
            );
        }
        let faces = pages
            .iter()
            .filter(|p| p.contains("/static/img/face-1.svg"))
            .count();
        assert!(faces > 5, "scale items show faces: {faces}");
        let scale = pages.iter().find(|p| p.contains("face-1.svg")).unwrap();
        assert!(scale.contains("Muy difícil"), "faces come with text labels");
        assert!(
            scale.contains("class=\"read-aloud"),
            "read-aloud button for young students"
        );
        assert_eq!(send(&r, &finish).await.0, 303);
        assert_eq!(count(&app, "responses"), 1);
    }
);

both_backends!(resume_on_another_device, |app: TestApp| async move {
    let f = survey_fixture(&mut app.pool.get().unwrap(), "Resume District");
    let token = link(&app, &f, StakeholderGroup::Teacher);
    let r = Respondent::new(&app);
    let first = start(&r, &token, "es").await;
    let page1 = r.get(&first).await.1;
    let code = page1
        .split("class=\"code\">")
        .nth(1)
        .unwrap()
        .split('<')
        .next()
        .unwrap()
        .to_string();
    let mut fields = fill(&page1);
    fields.push(("action".into(), "next".into()));
    assert_eq!(r.post(&first, &fields).await.0, 303);
    drop(r);

    let other = Respondent::new(&app);
    let (status, _) = other.get("/s/p/2").await;
    assert_eq!(
        status, 404,
        "a new device has no draft until the code is typed"
    );
    let form = other.get("/s/resume?lang=es").await.1;
    let (status, html) = other
        .post(
            "/s/resume",
            &[
                ("csrf".into(), csrf_in(&form).unwrap()),
                ("code".into(), "ZZZZ-ZZZZ".into()),
                ("lang".into(), "es".into()),
            ],
        )
        .await;
    assert_eq!(status, 422);
    assert!(html.contains("No encontramos"));
    let (status, to) = other
        .post(
            "/s/resume",
            &[
                ("csrf".into(), csrf_in(&form).unwrap()),
                ("code".into(), code.to_lowercase()),
                ("lang".into(), "es".into()),
            ],
        )
        .await;
    assert_eq!((status, to.as_str()), (303, "/s/p/2"));
    let back = other.get("/s/p/1").await.1;
    assert_eq!(
        back.matches(" checked").count(),
        2,
        "answers saved on page 1 are there"
    );
    let (finish, _) = answer_all(&other, to).await;
    assert_eq!(send(&other, &finish).await.0, 303);
    assert_eq!(count(&app, "responses"), 1);
});

both_backends!(
    double_submit_stores_one_response,
    |app: TestApp| async move {
        let f = survey_fixture(&mut app.pool.get().unwrap(), "Double District");
        let token = link(&app, &f, StakeholderGroup::Teacher);
        let r = Respondent::new(&app);
        let first = start(&r, &token, "en").await;
        let (finish, _) = answer_all(&r, first).await;
        let (a, b) = futures_util::future::join(send(&r, &finish), send(&r, &finish)).await;
        assert_eq!((a.0, b.0), (303, 303), "{a:?} {b:?}");
        let again = send(&r, &finish).await;
        assert_eq!(
            again,
            (303, "/s/done".to_string()),
            "a re-post after success is a no-op"
        );
        assert_eq!(count(&app, "responses"), 1);
        let mut conn = app.pool.get().unwrap();
        let snapshot =
            chorus::db::aggregates::snapshot::snapshot(&mut conn, f.district, f.survey, None)
                .unwrap();
        assert_eq!(
            snapshot.responses.values().sum::<i64>(),
            1,
            "aggregates count it once"
        );
    }
);

both_backends!(
    cap_and_skip_logic_decide_what_is_stored,
    |app: TestApp| async move {
        let f = survey_fixture(&mut app.pool.get().unwrap(), "Cap District");
        {
            let mut conn = app.pool.get().unwrap();
            diesel::sql_query(format!(
                "UPDATE surveys SET product_cap = 1 WHERE id = {}",
                f.survey.0
            ))
            .execute(&mut *conn)
            .unwrap();
        }
        let token = link(&app, &f, StakeholderGroup::Teacher);
        let contacted = format!("q{}", f.item("support.contacted").id);
        let follow_up = f.item("support.response_time").id;
        let r = Respondent::new(&app);
        let mut path = start(&r, &token, "en").await;
        let mut headings = Vec::new();
        let finish = loop {
            let (_, html) = r.get(&path).await;
            if html.contains("action=\"/s/submit\"") {
                break html;
            }
            headings.push(
                html.split("<h1>")
                    .nth(1)
                    .unwrap()
                    .split('<')
                    .next()
                    .unwrap()
                    .to_string(),
            );
            let mut fields = fill(&html);
            // Answer "No" (2) to "contacted support?" but fill its follow-ups anyway, as a
            // respondent without JavaScript might.
            for (name, value) in fields.iter_mut() {
                if name.starts_with(&contacted) && !name.contains('f') {
                    *value = "2".into();
                }
            }
            fields.push(("action".into(), "next".into()));
            path = r.post(&path, &fields).await.1;
        };
        let products: std::collections::BTreeSet<&String> = headings
            .iter()
            .filter(|h| h.starts_with("About "))
            .collect();
        assert_eq!(
            products.len(),
            1,
            "the cap of 1 allows one product block: {headings:?}"
        );
        assert_eq!(send(&r, &finish).await.0, 303);
        let mut conn = app.pool.get().unwrap();
        let stored = page_of_responses(&mut conn, f.district, f.survey, 0, 5).unwrap();
        let answers = answers_of(&mut conn, f.district, &[stored[0].id]).unwrap();
        let routing = f.item("routing.products_used").id;
        assert_eq!(
            answers
                .iter()
                .filter(|a| a.survey_item_id == routing)
                .count(),
            2,
            "use of both products is still recorded"
        );
        let blocks: std::collections::BTreeSet<Option<i32>> = answers
            .iter()
            .filter(|a| a.survey_item_id != routing)
            .map(|a| a.product_id)
            .collect();
        assert_eq!(
            blocks.len(),
            1,
            "answers about one product only: {blocks:?}"
        );
        assert!(answers
            .iter()
            .any(|a| a.survey_item_id == f.item("support.contacted").id && a.value == Some(2)));
        assert!(
            !answers.iter().any(|a| a.survey_item_id == follow_up),
            "follow-ups of a 'no' are not stored"
        );
    }
);

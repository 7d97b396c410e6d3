//! Texts the district writes, in the respondent's language: the survey title, feature names
//! and the privacy note are shown translated where a translation exists, and otherwise as
//! the English original inside an element with `lang="en"`.

use crate::both_backends;
use crate::catalogue::signed_in_admin;
use crate::fixtures::survey_fixture;
use crate::helpers::TestApp;
use crate::respond::{link, start, Respondent};
use chorus::db::models::{products, texts};
use chorus::domain::catalogue::FeatureText;
use chorus::domain::{LabelText, Language, StakeholderGroup};
use std::collections::BTreeMap;

/// The first page whose HTML contains `needle`, walking with Next.
async fn page_with(r: &Respondent, mut path: String, needle: &str) -> String {
    for _ in 0..100 {
        let (status, html) = r.get(&path).await;
        assert_eq!(status, 200, "{path}: {html}");
        if html.contains(needle) {
            return html;
        }
        assert!(
            !html.contains("action=\"/s/submit\""),
            "{needle} never shown"
        );
        let mut fields = crate::respond::fill(&html);
        fields.push(("action".into(), "next".into()));
        let (status, to) = r.post(&path, &fields).await;
        assert_eq!(status, 303, "{path}: {to}");
        path = to;
    }
    panic!("{needle} never shown");
}

both_backends!(
    spanish_pages_show_translations_or_the_marked_original,
    |app: TestApp| async move {
        let f = survey_fixture(&mut app.pool.get().unwrap(), "Texts District");
        let (translated, untranslated) = (f.features[0][0], f.features[0][1]);
        {
            let mut conn = app.pool.get().unwrap();
            let es = BTreeMap::from([(
                Language::Spanish,
                FeatureText {
                    name: LabelText::parse("Función cero", "name", 80).unwrap(),
                    description: String::new(),
                },
            )]);
            products::replace_feature_texts(&mut conn, f.district, translated, &es).unwrap();
        }
        let token = link(&app, &f, StakeholderGroup::Teacher);
        let matrix = format!("p{}f{translated}\"", f.products[0].0);

        // No title translation yet: the English title, marked.
        let r = Respondent::new(&app);
        let (_, welcome) = r.get(&format!("/s/{token}?lang=es")).await;
        assert!(
            welcome.contains("<span lang=\"en\">Check-in</span>"),
            "{welcome}"
        );
        let first = start(&r, &token, "es").await;
        let page = page_with(&r, first, &matrix).await;
        assert!(page.contains("Función cero"), "{page}");
        assert!(!page.contains("<span lang=\"en\">F0</span>"));
        assert!(page.contains("<span lang=\"en\">F1</span>"), "{page}");
        assert!(page.contains(&format!("p{}f{untranslated}\"", f.products[0].0)));

        // With a Spanish title (another survey: open forms are cached), it is shown as is.
        let g = survey_fixture(&mut app.pool.get().unwrap(), "Titled District");
        {
            let mut conn = app.pool.get().unwrap();
            let titles = BTreeMap::from([(Language::Spanish, "Encuesta".to_string())]);
            texts::replace_survey_titles(&mut conn, g.district, g.survey, &titles).unwrap();
        }
        // Copying the survey as a new wave copies its titles.
        {
            let mut conn = app.pool.get().unwrap();
            let email = crate::fixtures::staff(
                &mut conn,
                g.district,
                "admin@titled.example",
                chorus::domain::Role::DistrictAdmin,
                &[],
            );
            let user = chorus::domain::UserId(crate::fixtures::user_id(&mut conn, &email));
            let row = chorus::db::models::surveys::list(&mut conn, g.district)
                .unwrap()
                .into_iter()
                .find(|s| s.id == g.survey.0)
                .unwrap();
            let window = chorus::domain::survey_form::SurveyWindow::new(
                row.opens_at + chrono::Duration::days(100),
                row.closes_at + chrono::Duration::days(100),
            )
            .unwrap();
            let author = chorus::survey::lifecycle::Author {
                district: g.district,
                user,
                scope: None,
            };
            let wave = LabelText::parse("Fall 2027", "wave", 60).unwrap();
            let copy =
                chorus::survey::lifecycle::copy_as_wave(&mut conn, author, &row, &wave, window)
                    .unwrap();
            let copied = chorus::db::models::surveys::list(&mut conn, g.district)
                .unwrap()
                .into_iter()
                .find(|s| s.public_id == copy)
                .unwrap();
            let titles =
                texts::survey_titles(&mut conn, g.district, chorus::domain::SurveyId(copied.id))
                    .unwrap();
            assert_eq!(
                titles.get(&Language::Spanish).map(String::as_str),
                Some("Encuesta")
            );
        }
        let token = link(&app, &g, StakeholderGroup::Teacher);
        let matrix = format!("p{}f{}\"", g.products[0].0, g.features[0][0]);
        let r = Respondent::new(&app);
        let (_, welcome) = r.get(&format!("/s/{token}?lang=es")).await;
        assert!(welcome.contains("<h1>Encuesta</h1>"), "{welcome}");
        // English pages never mark English.
        let (_, welcome) = r.get(&format!("/s/{token}?lang=en")).await;
        assert!(welcome.contains("<h1>Check-in</h1>"), "{welcome}");
        let first = start(&r, &token, "en").await;
        let page = page_with(&r, first, &matrix).await;
        assert!(
            page.contains(">F0<") && !page.contains("lang=\"en\">F"),
            "{page}"
        );
    }
);

both_backends!(
    the_privacy_note_is_translated_or_marked_english,
    |app: TestApp| async move {
        let f = signed_in_admin(&app, "Privacy District").await;
        let slug = "privacy-district";
        let res = app
            .post_form(
                "/admin/district",
                &[
                    ("time_zone", "UTC"),
                    ("privacy_note", "We keep answers anonymous."),
                    ("privacy_note_es", &"x".repeat(4001)),
                ],
            )
            .await;
        assert_eq!(res.status(), 422);
        assert!(res
            .text()
            .await
            .unwrap()
            .contains("at most 4000 characters"));
        let res = app
            .post_form(
                "/admin/district",
                &[
                    ("time_zone", "UTC"),
                    ("privacy_note", "We keep answers anonymous."),
                    ("privacy_note_es", ""),
                ],
            )
            .await;
        assert_eq!(res.status(), 303);
        let html = app
            .get(&format!("/privacy/{slug}?lang=es"))
            .await
            .text()
            .await
            .unwrap();
        assert!(
            html.contains("<div lang=\"en\"><p>We keep answers anonymous.</p></div>"),
            "{html}"
        );
        let res = app
            .post_form(
                "/admin/district",
                &[
                    ("time_zone", "UTC"),
                    ("privacy_note", "We keep answers anonymous."),
                    ("privacy_note_es", "Las respuestas son anónimas."),
                ],
            )
            .await;
        assert_eq!(res.status(), 303);
        let html = app
            .get(&format!("/privacy/{slug}?lang=es"))
            .await
            .text()
            .await
            .unwrap();
        assert!(
            html.contains("<p>Las respuestas son anónimas.</p>"),
            "{html}"
        );
        assert!(!html.contains("lang=\"en\"><p>"));
        let html = app
            .get(&format!("/privacy/{slug}?lang=en"))
            .await
            .text()
            .await
            .unwrap();
        assert!(html.contains("<p>We keep answers anonymous.</p>") && !html.contains("<div lang="));
        let mut conn = app.pool.get().unwrap();
        let notes = texts::privacy_notes(&mut conn, f.district).unwrap();
        assert_eq!(notes.len(), 1);
    }
);

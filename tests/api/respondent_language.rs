//! Every word in the respondent's language and register: a Spanish-speaking student is
//! spoken to as tú on every page (questions, buttons, errors, the review, the thank-you page),
//! a Spanish-speaking parent as usted, no English text of ours appears unmarked on a Spanish
//! page, and a notice after Spanish was chosen is in Spanish first.

use crate::both_backends;
use crate::fixtures::survey_fixture_for;
use crate::helpers::{csrf_in, TestApp};
use crate::respond::{answer_all, link, send, start, Respondent};
use chorus::domain::register::{off_register, Register};
use chorus::domain::{Language, StakeholderGroup};

/// The page's text without markup, without what is marked as another language (`lang="en"`
/// elements: the language switch), and without the resume code.
fn spanish_text(html: &str) -> String {
    let mut text = String::new();
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        let tag_end = rest[open..].find('>').map_or(rest.len(), |e| open + e + 1);
        let tag = &rest[open..tag_end];
        if tag.contains("lang=\"en\"") && !tag.starts_with("<html") {
            let name: String = tag[1..]
                .chars()
                .take_while(|c| c.is_alphanumeric())
                .collect();
            let close = format!("</{name}>");
            let skip = rest[tag_end..].find(&close).map_or(0, |c| c + close.len());
            rest = &rest[tag_end + skip..];
        } else {
            text.push(' ');
            rest = &rest[tag_end..];
        }
    }
    text.push_str(rest);
    text
}

/// English texts of ours (button labels, messages) found in a Spanish page's text.
fn english_in(text: &str) -> Vec<&'static str> {
    [
        "Next",
        "Back",
        "Send",
        "Your resume code",
        "Please answer",
        "Question ",
        "Change",
        "None of these",
        "How your answers",
    ]
    .into_iter()
    .filter(|e| text.contains(e))
    .collect()
}

async fn walk_in_spanish(app: &TestApp, group: StakeholderGroup) -> Vec<String> {
    let f = survey_fixture_for(&mut app.pool.get().unwrap(), "Idioma District", &[group]);
    let token = link(app, &f, group);
    let r = Respondent::new(app);
    let mut pages = vec![r.get(&format!("/s/{token}?lang=es")).await.1];
    let first = start(&r, &token, "es").await;
    // A mistake on the first page: the error message too.
    let page1 = r.get(&first).await.1;
    let (status, mistake) = r
        .post(
            &first,
            &[
                ("csrf".into(), csrf_in(&page1).unwrap()),
                ("action".into(), "next".into()),
            ],
        )
        .await;
    assert_eq!(status, 422);
    pages.push(mistake);
    let (finish, seen) = answer_all(&r, first).await;
    pages.extend(seen);
    pages.push(finish.clone());
    let (status, done) = send(&r, &finish).await;
    assert_eq!(status, 303);
    pages.push(r.get(&done).await.1);
    pages
}

both_backends!(
    a_spanish_student_is_spoken_to_as_tu_on_every_page,
    |app: TestApp| async move {
        let pages = walk_in_spanish(&app, StakeholderGroup::Student).await;
        assert!(pages.len() > 5);
        for html in &pages {
            assert!(html.contains("<html lang=\"es\">"), "{html}");
            let text = spanish_text(html);
            assert_eq!(
                off_register(Language::Spanish, &text, Register::Student),
                Vec::<String>::new(),
                "usted on a student's page: {text}"
            );
            assert!(
                english_in(&text).is_empty(),
                "unmarked English {:?}: {text}",
                english_in(&text)
            );
        }
        assert!(pages
            .iter()
            .any(|p| p.contains("Por favor, responde esta pregunta.")));
        assert!(pages
            .iter()
            .any(|p| p.contains("Ya puedes cerrar esta página")));
    }
);

both_backends!(
    a_spanish_parent_is_spoken_to_as_usted_on_every_page,
    |app: TestApp| async move {
        let pages = walk_in_spanish(&app, StakeholderGroup::Parent).await;
        for html in &pages {
            let text = spanish_text(html);
            assert_eq!(
                off_register(Language::Spanish, &text, Register::Adult),
                Vec::<String>::new(),
                "tú on an adult's page: {text}"
            );
            assert!(english_in(&text).is_empty(), "unmarked English: {text}");
        }
        assert!(pages
            .iter()
            .any(|p| p.contains("Por favor, responda esta pregunta.")));
    }
);

both_backends!(
    a_notice_after_spanish_was_chosen_is_in_spanish_first,
    |app: TestApp| async move {
        let f = survey_fixture_for(
            &mut app.pool.get().unwrap(),
            "Aviso District",
            &[StakeholderGroup::Teacher],
        );
        let token = link(&app, &f, StakeholderGroup::Teacher);
        let mut conn = app.pool.get().unwrap();
        diesel::RunQueryDsl::execute(
            diesel::sql_query(format!(
                "UPDATE surveys SET status = 'closed' WHERE id = {}",
                f.survey.0
            )),
            &mut *conn,
        )
        .unwrap();
        let r = Respondent::new(&app);
        let (status, html) = r.get(&format!("/s/{token}?lang=es")).await;
        assert_eq!(status, 410);
        assert!(html.contains("<html lang=\"es\">"), "{html}");
        let spanish = html.find("Esta encuesta ya cerró").unwrap();
        let english = html.find("This survey has closed").unwrap();
        assert!(spanish < english, "Spanish first");
        assert!(
            html.contains("<section lang=\"en\""),
            "the English part is marked"
        );
        let (_, english_first) = r.get(&format!("/s/{token}")).await;
        assert!(
            english_first.find("This survey has closed")
                < english_first.find("Esta encuesta ya cerró"),
            "without a choice, the survey's first language leads"
        );
    }
);

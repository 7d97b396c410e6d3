//! A generated submission as the form fields a respondent would fill in on the pages, so the
//! HTTP mode posts exactly what a browser would (the inverse of the page parsing in
//! `survey::runtime::parse` and of `survey::runtime::finish::submission`).

use crate::db::models::surveys::SurveyItemRow;
use crate::db::submission::Submission;
use crate::survey::runtime::answers::{
    feature_field, field_name, training_field, NONE_OF_THESE, NONE_OF_THESE_VALUE,
};
use std::collections::{BTreeMap, HashSet};

/// Field name → the values sent under it (several for a multiple-choice item).
pub type Fields = BTreeMap<String, Vec<String>>;

/// The fields of every answer of `submission`. `items` tells which item is the product
/// routing question, whose field has no product in its name (the option is the product's
/// 1-based position in the survey).
pub fn fields_of(items: &[SurveyItemRow], submission: &Submission) -> Fields {
    let routing: HashSet<i32> = items
        .iter()
        .filter(|i| i.tag.as_deref() == Some("product_use"))
        .map(|i| i.id)
        .collect();
    let mut fields = Fields::new();
    for a in &submission.answers {
        if routing.contains(&a.survey_item_id) {
            let value = match a.value {
                Some(NONE_OF_THESE_VALUE) => NONE_OF_THESE.to_string(),
                Some(v) => v.to_string(),
                None => continue,
            };
            push(&mut fields, field_name(a.survey_item_id, None), value);
            continue;
        }
        let base = field_name(a.survey_item_id, a.product_id);
        if let Some(feature) = a.feature_id {
            if let Some(v) = a.value {
                push(&mut fields, feature_field(&base, feature), v.to_string());
            }
            if a.wants_training {
                push(&mut fields, training_field(&base, feature), "1".into());
            }
        } else if a.not_applicable {
            push(&mut fields, base, "na".into());
        } else if let Some(text) = &a.text_value {
            push(&mut fields, base, text.clone());
        } else if let Some(v) = a.value {
            push(&mut fields, base, v.to_string());
        }
    }
    fields
}

fn push(fields: &mut Fields, name: String, value: String) {
    fields.entry(name).or_default().push(value);
}

/// The names of the question fields (`q…`) a page's HTML offers, in page order, each once.
pub fn names_on_page(html: &str) -> Vec<&str> {
    let mut names: Vec<&str> = Vec::new();
    for part in html.split("name=\"").skip(1) {
        let Some(name) = part.split('"').next() else {
            continue;
        };
        if name.starts_with('q') && !names.contains(&name) {
            names.push(name);
        }
    }
    names
}

/// The value of the first `name="{name}" value="…"` input of a page (CSRF token, submit key).
pub fn hidden_value<'h>(html: &'h str, name: &str) -> Option<&'h str> {
    let marker = format!("name=\"{name}\" value=\"");
    let at = html.find(&marker)? + marker.len();
    html[at..].split('"').next()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_the_question_fields_each_once() {
        let html = r#"<input type="hidden" name="csrf" value="abc">
            <input type="radio" name="q12p3" value="1"><input type="radio" name="q12p3" value="na">
            <input type="radio" name="q14p3f7" value="2"><input type="checkbox" name="q14p3f7t" value="1">
            <button name="action" value="next">"#;
        assert_eq!(names_on_page(html), ["q12p3", "q14p3f7", "q14p3f7t"]);
        assert_eq!(hidden_value(html, "csrf"), Some("abc"));
        assert_eq!(hidden_value(html, "key"), None);
    }
}

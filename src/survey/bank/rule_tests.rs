//! One test per validation rule, each on a small inline file.
#![allow(clippy::unwrap_used)]
use super::tests::{without_block, EN_ES};
use super::*;
use StakeholderGroup::Teacher;

// ---------- one test per rule, on small inline files ----------

const ROUTING: &str = r#"
[construct]
key = "routing"
name = { en = "Routing", es = "Ruta" }
description = { en = "Routing.", es = "Ruta." }
per_product = false
position = 0

[[items]]
key = "routing.used"
kind = "multi_choice"
label = { en = "Used", es = "Usados" }
groups = ["teacher"]
tag = "product_use"
[items.wording.teacher.en]
prompt = "Which of these do you use?"
[items.wording.teacher.es]
prompt = "¿Cuáles de estos usa?"
"#;

const HEAD: &str = r#"
[construct]
key = "demo"
name = { en = "Demo", es = "Demo" }
description = { en = "Demo.", es = "Demo." }
per_product = true
position = 10
"#;

const SCALE: &str = r#"
[[items]]
key = "demo.easy"
kind = "scale5"
label = { en = "Easy", es = "Fácil" }
groups = ["teacher"]
options.en = ["Not at all easy", "Slightly easy", "Moderately easy", "Very easy", "Extremely easy"]
options.es = ["Nada fácil", "Un poco fácil", "Moderadamente fácil", "Muy fácil", "Extremadamente fácil"]
[items.wording.teacher.en]
prompt = "How easy is it to use {product}?"
[items.wording.teacher.es]
prompt = "¿Qué tan fácil es usar {product}?"
"#;

const YES_NO: &str = r#"
[[items]]
key = "demo.asked"
kind = "single_choice"
label = { en = "Asked", es = "Preguntó" }
groups = ["teacher"]
options.en = ["Yes", "No"]
options.es = ["Sí", "No"]
[items.wording.teacher.en]
prompt = "Have you asked {vendor} for help?"
[items.wording.teacher.es]
prompt = "¿Le ha pedido ayuda a {vendor}?"
"#;

fn demo(items: &str) -> Result<QuestionBank, BankError> {
    let text = format!("{HEAD}{items}");
    QuestionBank::from_sources(&[("routing.toml", ROUTING), ("demo.toml", &text)], EN_ES)
}

fn demo_err(items: &str) -> String {
    demo(items).unwrap_err().to_string()
}

fn assert_err(items: &str, expected: &str) {
    let message = demo_err(items);
    assert!(
        message.contains(expected),
        "expected {expected:?} in {message:?}"
    );
}

#[test]
fn rule_minimal_valid_files_load() {
    let bank = demo(&format!("{YES_NO}{SCALE}")).unwrap();
    assert_eq!(bank.items().count(), 3);
}

#[test]
fn rule_syntax_errors_and_unknown_fields_name_the_file() {
    assert!(demo_err("[[items]\n").starts_with("demo.toml: "));
    assert_err(&SCALE.replace("groups =", "colour = 1\ngroups ="), "colour");
}

#[test]
fn rule_item_keys_are_unique() {
    assert_err(
        &format!("{SCALE}{SCALE}"),
        "item \"demo.easy\" appears twice",
    );
    let err = demo(&SCALE.replace("demo.easy", "routing.used")).unwrap_err();
    assert!(err.to_string().contains("is used in both"), "{err}");
    assert_err(
        &SCALE.replace("demo.easy", "Demo easy"),
        "has a key that is not",
    );
}

#[test]
fn rule_every_listed_group_has_both_languages() {
    let no_es = without_block(SCALE, "[items.wording.teacher.es]");
    assert_eq!(
        demo_err(&no_es),
        "demo.toml: item \"demo.easy\" has no Spanish wording for teacher"
    );
    let extra = SCALE.replace(
        r#"groups = ["teacher"]"#,
        r#"groups = ["teacher", "parent"]"#,
    );
    assert_err(&extra, "has no English wording for parent");
    let unlisted = SCALE.replace(r#"groups = ["teacher"]"#, r#"groups = ["parent"]"#);
    assert_err(
        &unlisted,
        "has a wording for teacher, which is not in its groups",
    );
}

#[test]
fn rule_option_counts_follow_the_kind() {
    assert_err(
        &SCALE.replace(r#", "Extremely easy"]"#, "]"),
        "scale5 item with 4 options",
    );
    assert_err(&SCALE.replace("scale5", "recommend"), "exactly 2");
    assert_err(&SCALE.replace("scale5", "feature_matrix"), "exactly 4");
    assert_err(&SCALE.replace("scale5", "long_text"), "it needs none");
    assert_err(
        &YES_NO.replace(r#"["Yes", "No"]"#, r#"["Yes"]"#),
        "at least 2",
    );
    let routing_with_options = ROUTING.replace(
        "tag = \"product_use\"",
        "tag = \"product_use\"\noptions.en = [\"A\", \"B\"]\noptions.es = [\"A\", \"B\"]",
    );
    let err = QuestionBank::from_sources(&[("routing.toml", &routing_with_options)], EN_ES)
        .unwrap_err()
        .to_string();
    assert!(err.contains("filled in at assembly"), "{err}");
}

#[test]
fn rule_option_counts_match_across_languages() {
    let uneven = YES_NO.replace(r#"["Sí", "No"]"#, r#"["Sí", "No", "No sé"]"#);
    assert_err(&uneven, "different option counts");
    assert_err(
        &YES_NO.replace(r#"["Sí", "No"]"#, r#"["Sí", "Sí"]"#),
        "repeats option",
    );
}

#[test]
fn rule_english_prompts_are_questions() {
    assert_err(
        &SCALE.replace(
            "How easy is it to use {product}?",
            "{product} is easy to use.",
        ),
        "is not a question",
    );
}

#[test]
fn rule_spanish_questions_open_with_inverted_mark() {
    assert_err(
        &SCALE.replace("¿Qué tan fácil", "Qué tan fácil"),
        "does not open with \"¿\"",
    );
}

#[test]
fn rule_instructions_only_for_matrix_and_text_in_both_languages() {
    let comment = r#"
[[items]]
key = "demo.comment"
kind = "long_text"
label = { en = "Comment", es = "Comentario" }
groups = ["teacher"]
tag = "comment"
[items.wording.teacher.en]
prompt = "Tell us more about {product}."
[items.wording.teacher.es]
prompt = "Cuéntenos más sobre {product}."
"#;
    demo(comment).unwrap();
    assert_err(
        &comment.replace(
            "Cuéntenos más sobre {product}.",
            "¿Qué más sobre {product}?",
        ),
        "the Spanish prompt is not one",
    );
}

#[test]
fn rule_no_agree_disagree() {
    assert_err(
        &SCALE.replace("Not at all easy", "Strongly disagree"),
        "agree/disagree",
    );
    assert_err(
        &SCALE.replace("Nada fácil", "Nada de acuerdo"),
        "agree/disagree",
    );
}

#[test]
fn rule_no_double_barrelled_prompts() {
    assert_err(
        &SCALE.replace("to use {product}?", "to find and use {product}?"),
        "joins ideas with \"and\"",
    );
    assert_err(
        &SCALE.replace("usar {product}?", "usar o instalar {product}?"),
        "joins ideas with \"o\"",
    );
    demo(&SCALE.replace("¿Qué tan fácil", "¿Más o menos qué tan fácil")).unwrap();
}

#[test]
fn rule_placeholders_are_known_consistent_and_present() {
    assert_err(
        &SCALE.replace("use {product}?", "use {produkt}?"),
        "unknown placeholder",
    );
    assert_err(
        &SCALE.replace("use {product}?", "use it?"),
        "different placeholders",
    );
    assert_err(
        &SCALE
            .replace("use {product}?", "use it?")
            .replace("usar {product}?", "usarlo?"),
        "names neither",
    );
    let once = HEAD.replace("per_product = true", "per_product = false");
    let text = format!("{once}{SCALE}");
    let err = QuestionBank::from_sources(&[("routing.toml", ROUTING), ("demo.toml", &text)], EN_ES)
        .unwrap_err();
    assert!(err.to_string().contains("uses a placeholder"), "{err}");
}

#[test]
fn rule_skip_conditions_point_back_within_range() {
    let follow_up = SCALE.replace(
        "groups = [\"teacher\"]",
        "groups = [\"teacher\"]\nshow_if = { item = \"demo.asked\", op = \"equals\", value = 1 }",
    );
    demo(&format!("{YES_NO}{follow_up}")).unwrap();
    assert_err(
        &format!("{follow_up}{YES_NO}"),
        "not an earlier item of the same construct",
    );
    assert_err(
        &format!("{YES_NO}{}", follow_up.replace("value = 1", "value = 3")),
        "value 3 outside the answers of \"demo.asked\" (1..=2)",
    );
    assert_err(
        &format!(
            "{YES_NO}{}",
            follow_up.replace(
                "op = \"equals\", value = 1",
                "op = \"one_of\", values = [1, 0]"
            )
        ),
        "value 0 outside",
    );
    let routing_condition = follow_up.replace("demo.asked", "routing.used");
    assert_err(&routing_condition, "not an earlier item");
    let multi = YES_NO.replace("single_choice", "multi_choice");
    assert_err(&format!("{multi}{follow_up}"), "a multi_choice item");
    let wider = follow_up
        .replace(
            r#"groups = ["teacher"]"#,
            r#"groups = ["teacher", "coordinator"]"#,
        )
        .replace(
            "[items.wording.teacher.en]",
            "[items.wording.coordinator.en]\nprompt = \"How easy is it to use {product}?\"\n\
             [items.wording.coordinator.es]\nprompt = \"¿Qué tan fácil es usar {product}?\"\n\
             [items.wording.teacher.en]",
        );
    assert_err(
        &format!("{YES_NO}{wider}"),
        "is asked of coordinator, who never see",
    );
}

#[test]
fn rule_number_bounds() {
    let number = r#"
[[items]]
key = "demo.minutes"
kind = "number"
label = { en = "Minutes", es = "Minutos" }
groups = ["teacher"]
min = 0
max = 3000
unit = { en = "minutes", es = "minutos" }
[items.wording.teacher.en]
prompt = "About how many minutes a week do you use {product}?"
[items.wording.teacher.es]
prompt = "¿Cuántos minutos por semana usa {product}?"
"#;
    demo(number).unwrap();
    assert_err(
        &number.replace("max = 3000", "max = 0"),
        "min 0 not below max 0",
    );
    assert_err(
        &number.replace("unit = { en = \"minutes\", es = \"minutos\" }", ""),
        "lacks min, max or unit",
    );
    assert_err(
        &SCALE.replace("groups =", "min = 1\nmax = 2\ngroups ="),
        "only number items take min",
    );
}

#[test]
fn rule_tags_are_known_fit_the_kind_and_are_unique() {
    assert_err(
        &SCALE.replace("groups =", "tag = \"happiness\"\ngroups ="),
        "\"happiness\" is not a known item tag",
    );
    assert_err(
        &SCALE.replace("groups =", "tag = \"recommend\"\ngroups ="),
        "tag recommend goes on recommend items",
    );
    let tagged = YES_NO.replace("groups =", "tag = \"knows_contact\"\ngroups =");
    let twice = format!("{tagged}{}", tagged.replace("demo.asked", "demo.asked2"));
    assert_err(&twice, "tag knows_contact must be on one item");
    let confidence = SCALE.replace("groups =", "tag = \"confidence\"\ngroups =");
    demo(&format!(
        "{confidence}{}",
        confidence.replace("demo.easy", "demo.easy2")
    ))
    .unwrap();
    let text = format!("{HEAD}{SCALE}");
    let err = QuestionBank::from_sources(&[("demo.toml", &text)], EN_ES).unwrap_err();
    assert!(
        err.to_string().contains("no item carries tag product_use"),
        "{err}"
    );
}

#[test]
fn rule_faces_for_young_students_on_scales_only() {
    let young = SCALE
        .replace(r#"groups = ["teacher"]"#, r#"groups = ["young_student"]"#)
        .replace("wording.teacher", "wording.young_student");
    assert_err(&young, "does not set face = true");
    demo(&young.replace("groups =", "face = true\ngroups =")).unwrap();
    assert_err(
        &YES_NO.replace("groups =", "face = true\ngroups ="),
        "faces only go on scale5",
    );
}

#[test]
fn rule_does_not_apply_only_where_it_can() {
    let na = SCALE.replace("groups =", "allows_na = true\ngroups =");
    let bank = demo(&na).unwrap();
    let w = bank
        .wording("demo.easy", Teacher, Language::English)
        .unwrap();
    assert_eq!(w.na_label.as_deref(), Some("Does not apply"));
    assert_err(
        &SCALE.replace(
            "prompt = \"How easy is it to use {product}?\"",
            "prompt = \"How easy is it to use {product}?\"\nna_label = \"N/A\"",
        ),
        "does not set allows_na",
    );
    let matrix_na = r#"
[[items]]
key = "demo.features"
kind = "feature_matrix"
label = { en = "Features", es = "Funciones" }
groups = ["teacher"]
allows_na = true
options.en = ["I use it", "I know it", "I didn't know", "Training"]
options.es = ["La uso", "La conozco", "No sabía", "Capacitación"]
[items.wording.teacher.en]
prompt = "For each feature of {product}, choose one answer."
[items.wording.teacher.es]
prompt = "Para cada función de {product}, elija una respuesta."
"#;
    assert_err(matrix_na, "sets allows_na");
    demo(&matrix_na.replace("allows_na = true\n", "")).unwrap();
}

#[test]
fn rule_hints_exist_in_both_languages() {
    assert_err(
        &SCALE.replace(
            "prompt = \"How easy is it to use {product}?\"",
            "prompt = \"How easy is it to use {product}?\"\nhint = \"Think of this week.\"",
        ),
        "hint for teacher in only one language",
    );
}

#[test]
fn rule_construct_shape() {
    let text = format!("{HEAD}{SCALE}");
    let err =
        QuestionBank::from_sources(&[("routing.toml", ROUTING), ("other.toml", &text)], EN_ES)
            .unwrap_err();
    assert!(
        err.to_string()
            .contains("must live in a file named demo.toml"),
        "{err}"
    );
    let seven: String = (0..7)
        .map(|i| SCALE.replace("demo.easy", &format!("demo.easy{i}")))
        .collect();
    assert_err(&seven, "has 7 items; a construct has 1 to 6");
    assert_err("", "has 0 items");
    let clash = HEAD.replace("position = 10", "position = 0");
    let text = format!("{clash}{SCALE}");
    let err = QuestionBank::from_sources(&[("routing.toml", ROUTING), ("demo.toml", &text)], EN_ES)
        .unwrap_err();
    assert!(err.to_string().contains("share position 0"), "{err}");
}

#[test]
fn rule_one_register_per_audience() {
    assert_err(
        &SCALE.replace(
            "¿Qué tan fácil es usar {product}?",
            "¿Qué tan fácil te resulta usar {product}?",
        ),
        "addresses teacher in the wrong register in Spanish (te)",
    );
    let student = SCALE
        .replace("groups = [\"teacher\"]", "groups = [\"student\"]")
        .replace("wording.teacher", "wording.student")
        .replace(
            "¿Qué tan fácil es usar {product}?",
            "¿Qué tan fácil es para usted usar {product}?",
        );
    assert_err(
        &student,
        "addresses student in the wrong register in Spanish (usted)",
    );
}

//! The attack test of disclosure control: random data with small cells (three schools, three
//! groups, two respondent languages, two products) in two waves of a series, every view of
//! each wave's report (group × school × language filters, each product) as JSON and as the
//! tidy CSV (which must show each figure with the same n, withheld in the same places) with
//! the n of every comparison it tests (group gaps, school differences, and the trend, whose
//! earlier side is a first-wave figure shown in a second-wave view), every view a school
//! coordinator of two of the schools downloads (tidy CSV), and each wave's raw-responses
//! export; then, for each wave and each counted quantity, an attacker who knows which cells
//! each published figure and each export set covers tries to recover every small cell
//! (1..min−1 respondents) by a linear combination of the published counts (subtraction of
//! parts from totals across views, totals minus export rows, and any mix). The test fails on
//! any cell recovered, and on any small cell printed outright.
//!
//! The quantities are the respondents (response counts, use-rate n) and each product's users
//! (the n of its ease-of-use construct, item and schools-table cells): with the data drawn so
//! that every user answers the construct's item, those are the counts every published n of
//! those sections is made of. Seeds are fixed so a failure can be replayed; set
//! `CHORUS_ATTACK_SEEDS` (comma-separated) to run others.

use crate::fixtures::{staff, survey_fixture_at, SurveyFixture, PASSWORD};
use crate::helpers::{spawn_app, Backend, TestApp};
use crate::reports::raw_rows;
use crate::waves::{first_wave, later_wave_of, Wave};
use chorus::db::models::products;
use chorus::db::models::responses::{NewAnswer, NewResponse};
use chorus::db::submission::{submit_batch, Submission};
use chorus::db::AnyConnection;
use chorus::domain::{Role, StakeholderGroup, SurveyStatus};
use rand::rngs::StdRng;
use rand::{RngExt, SeedableRng};
use std::collections::{BTreeMap, BTreeSet};

const SCHOOLS: [&str; 3] = ["Ash", "Birch", "Cedar"];
const GROUPS: [StakeholderGroup; 3] = [
    StakeholderGroup::Student,
    StakeholderGroup::Teacher,
    StakeholderGroup::Parent,
];
const LANGUAGES: [&str; 2] = ["en", "es"];

/// One finest cell: (school index, group index, language index).
type Cell = (usize, usize, usize);

fn cell_index((s, g, l): Cell) -> usize {
    (s * GROUPS.len() + g) * LANGUAGES.len() + l
}

const CELLS: usize = SCHOOLS.len() * GROUPS.len() * LANGUAGES.len();

/// What was drawn: per cell, its respondents and the users of each product.
#[derive(Default)]
struct Truth {
    respondents: [u64; CELLS],
    users: [[u64; CELLS]; 2],
}

/// A counted quantity: respondents, or the users of product 0 or 1.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Quantity {
    Respondents,
    Users(usize),
}

impl Truth {
    fn of(&self, q: Quantity, cells: &[bool; CELLS]) -> u64 {
        let v = match q {
            Quantity::Respondents => &self.respondents,
            Quantity::Users(p) => &self.users[p],
        };
        (0..CELLS).filter(|i| cells[*i]).map(|i| v[i]).sum()
    }
}

/// Draws a cell size: often empty, often small, sometimes large.
fn size(rng: &mut StdRng) -> usize {
    match rng.random_range(0..10) {
        0..=2 => 0,
        3..=6 => rng.random_range(1..=7),
        _ => rng.random_range(10..=22),
    }
}

/// Submits random respondents and returns what was drawn.
fn plant(conn: &mut AnyConnection, f: &SurveyFixture, wave: &Wave, seed: u64) -> Truth {
    let mut rng = StdRng::seed_from_u64(seed);
    let item = |key: &str| wave.items.iter().find(|i| i.item_key == key).unwrap().id;
    let (routing, ease) = (item("routing.products_used"), item("ease.everyday_tasks"));
    let mut truth = Truth::default();
    let mut batch = Vec::new();
    for s in 0..SCHOOLS.len() {
        for (g, group) in GROUPS.iter().enumerate() {
            for (l, language) in LANGUAGES.iter().enumerate() {
                let n = size(&mut rng);
                let c = cell_index((s, g, l));
                truth.respondents[c] = n as u64;
                for i in 0..n {
                    let mut answers = Vec::new();
                    let answer = |product: Option<i32>, survey_item_id, value| NewAnswer {
                        district_id: f.district.0,
                        response_id: 0,
                        survey_item_id,
                        product_id: product,
                        feature_id: None,
                        value: Some(value),
                        not_applicable: false,
                        wants_training: false,
                        text_value: None,
                    };
                    for (p, share) in [0.6, 0.4].into_iter().enumerate() {
                        if rng.random_bool(share) {
                            truth.users[p][c] += 1;
                            let product = Some(f.products[p].0);
                            answers.push(answer(product, routing, p as i64 + 1));
                            answers.push(answer(product, ease, rng.random_range(1..=5)));
                        }
                    }
                    if answers.is_empty() {
                        answers.push(answer(None, routing, 0));
                    }
                    batch.push(Submission {
                        response: NewResponse {
                            district_id: f.district.0,
                            survey_id: wave.survey.0,
                            school_id: f.schools[s].0,
                            stakeholder_group: *group,
                            language: language.parse().unwrap(),
                            submitted_on: chrono::NaiveDate::from_ymd_opt(2027, 3, 1).unwrap(),
                            submission_key: format!(
                                "attack-{}-{seed}-{s}-{g}-{l}-{i}",
                                wave.public_id
                            ),
                        },
                        answers,
                        access_code_id: None,
                    });
                }
            }
        }
    }
    submit_batch(conn, &wave.layout, 0, &batch).unwrap();
    truth
}

/// The cells a view covers: the viewer's schools (`None`: every one, a district
/// administrator), and its school, group and language filters (`None`: every one).
#[derive(Clone, Copy)]
struct View {
    scope: Option<[bool; SCHOOLS.len()]>,
    school: Option<usize>,
    group: Option<usize>,
    language: Option<usize>,
}

impl View {
    fn query(&self, f: &SurveyFixture) -> String {
        let mut q = Vec::new();
        if let Some(s) = self.school {
            q.push(format!("school={}", f.schools[s].0));
        }
        if let Some(g) = self.group {
            q.push(format!("group={}", GROUPS[g].as_str()));
        }
        if let Some(l) = self.language {
            q.push(format!("language={}", LANGUAGES[l]));
        }
        q.join("&")
    }

    /// The cells of a row of this view: the row's school and group (`None`: the view's).
    fn cells(&self, school: Option<usize>, group: Option<usize>) -> [bool; CELLS] {
        let mut out = [false; CELLS];
        for s in 0..SCHOOLS.len() {
            for g in 0..GROUPS.len() {
                for l in 0..LANGUAGES.len() {
                    out[cell_index((s, g, l))] = self.scope.is_none_or(|sc| sc[s])
                        && self.school.is_none_or(|x| x == s)
                        && school.is_none_or(|x| x == s)
                        && self.group.is_none_or(|x| x == g)
                        && group.is_none_or(|x| x == g)
                        && self.language.is_none_or(|x| x == l);
                }
            }
        }
        out
    }
}

/// Every figure the attacker sees or sees withheld, per quantity: (cells, published n, from
/// the export).
type Figures = BTreeMap<Quantity, Vec<([bool; CELLS], Option<u64>, bool)>>;

fn group_of(label: &str) -> Option<usize> {
    GROUPS.iter().position(|g| g.label() == label)
}

/// A tidy-CSV row's place: (section, group, school, construct, item, statistic).
type CsvKey = (String, String, String, String, String, String);

/// The tidy CSV's rows by place: (n, withheld).
fn csv_figures(csv: &str) -> BTreeMap<CsvKey, (Option<u64>, bool)> {
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            let key = (
                r[0].to_string(),
                r[1].to_string(),
                r[2].to_string(),
                r[3].to_string(),
                r[4].to_string(),
                r[6].to_string(),
            );
            (key, (r[10].parse().ok(), !r[12].is_empty()))
        })
        .collect()
}

fn key(
    section: &str,
    group: &str,
    school: &str,
    construct: &str,
    item: &str,
    statistic: &str,
) -> CsvKey {
    (
        section.into(),
        group.into(),
        school.into(),
        construct.into(),
        item.into(),
        statistic.into(),
    )
}

/// Reads the counted figures of one report view's JSON, and checks that its tidy CSV shows
/// each of them with the same n, withheld in the same places.
fn read_view(
    json: &serde_json::Value,
    csv: &BTreeMap<CsvKey, (Option<u64>, bool)>,
    view: View,
    product: usize,
    out: &mut Figures,
    previous: &mut Figures,
) -> usize {
    let earlier = read_comparisons(json, view, product, out, previous);
    let mut add = |q: Quantity, cells: [bool; CELLS], stat: &serde_json::Value, place: CsvKey| {
        let n = stat["n"].as_u64();
        let withheld = !stat["withheld"].is_null();
        assert!(withheld || n.is_some() || stat["value"].is_null(), "{stat}");
        if withheld || n.is_some() {
            let shown = n.filter(|_| !withheld);
            assert_eq!(
                csv.get(&place).map(|(n, w)| (n.filter(|_| !*w), *w)),
                Some((shown, withheld)),
                "the CSV and the JSON disagree on {place:?}"
            );
            out.entry(q).or_default().push((cells, shown, false));
        }
    };
    let row_cells = |label: &str| view.cells(None, group_of(label));
    for r in json["summary"]["responses"].as_array().unwrap() {
        let label = r["group"].as_str().unwrap();
        let place = key("summary", label, "", "", "", "completed");
        add(
            Quantity::Respondents,
            row_cells(label),
            &r["completed"],
            place,
        );
    }
    for r in json["adoption"].as_array().unwrap() {
        let label = r["group"].as_str().unwrap();
        let place = key("adoption", label, "", "", "", "use_rate");
        add(Quantity::Respondents, row_cells(label), &r["stat"], place);
    }
    let users = Quantity::Users(product);
    for r in json["constructs"].as_array().unwrap() {
        if r["construct"] == "ease_of_use" {
            let label = r["group"].as_str().unwrap();
            for statistic in ["favourable", "mean"] {
                let place = key("constructs", label, "", "ease_of_use", "", statistic);
                add(users, row_cells(label), &r[statistic], place);
            }
        }
    }
    for r in json["items"].as_array().unwrap() {
        if r["item"] == "ease.everyday_tasks" {
            let label = r["group"].as_str().unwrap();
            let place = key(
                "items",
                label,
                "",
                "ease_of_use",
                "ease.everyday_tasks",
                "favourable",
            );
            add(users, row_cells(label), &r["favourable"], place);
        }
    }
    let constructs: Vec<&str> = json["schools"]["constructs"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c.as_str().unwrap())
        .collect();
    let Some(ease) = constructs.iter().position(|c| *c == "Ease of use") else {
        return earlier;
    };
    for r in json["schools"]["rows"].as_array().unwrap() {
        let name = r["school"].as_str().unwrap();
        let school = SCHOOLS.iter().position(|s| name == *s);
        let place = key("schools", "", name, "Ease of use", "", "favourable");
        add(
            users,
            view.cells(school, None),
            &r["cells"][ease]["stat"],
            place,
        );
    }
    earlier
}

/// Reads the n of both sides of every comparison the view tests on the ease-of-use construct:
/// group gaps and differences between schools (this wave's figures), and the trend (this
/// wave's against the previous wave's, whose n are the previous wave's figures); returns how
/// many of the previous wave's figures it read.
fn read_comparisons(
    json: &serde_json::Value,
    view: View,
    product: usize,
    out: &mut Figures,
    previous: &mut Figures,
) -> usize {
    let mut earlier = 0;
    let users = Quantity::Users(product);
    let school_of = |name: &str| SCHOOLS.iter().position(|s| name == *s);
    let tested = |section: &serde_json::Value| -> Vec<serde_json::Value> {
        section["tested"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|c| c["construct"] == "ease_of_use")
            .cloned()
            .collect()
    };
    let n = |c: &serde_json::Value, side: &str| Some(c[side].as_u64().unwrap());
    for c in tested(&json["gaps"]) {
        for (label, side) in [("a", "n_a"), ("b", "n_b")] {
            let group = group_of(c[label].as_str().unwrap()).expect("a group");
            let cells = view.cells(None, Some(group));
            out.entry(users)
                .or_default()
                .push((cells, n(&c, side), false));
        }
    }
    for c in tested(&json["school_gaps"]["pairs"]) {
        for (label, side) in [("a", "n_a"), ("b", "n_b")] {
            let school = school_of(c[label].as_str().unwrap()).expect("a school");
            let cells = view.cells(Some(school), None);
            out.entry(users)
                .or_default()
                .push((cells, n(&c, side), false));
        }
    }
    for c in tested(&json["trend"]["comparisons"]) {
        let cells = view.cells(None, c["group"].as_str().and_then(group_of));
        out.entry(users)
            .or_default()
            .push((cells, n(&c, "n_a"), false));
        previous
            .entry(users)
            .or_default()
            .push((cells, n(&c, "n_b"), false));
        earlier += 1;
    }
    earlier
}

/// Reads the counted figures of one report view from its tidy CSV alone (what a
/// coordinator, who has no API token, downloads).
fn read_csv_view(
    csv: &BTreeMap<CsvKey, (Option<u64>, bool)>,
    view: View,
    product: usize,
    out: &mut Figures,
) {
    let users = Quantity::Users(product);
    for ((section, group, school, construct, item, statistic), (n, withheld)) in csv {
        let quantity = match (section.as_str(), construct.as_str(), statistic.as_str()) {
            ("summary", "", "completed") | ("adoption", "", "use_rate") => Quantity::Respondents,
            ("constructs", "ease_of_use", "favourable" | "mean") => users,
            ("items", "ease_of_use", "favourable") if item == "ease.everyday_tasks" => users,
            ("schools", "Ease of use", "favourable") => users,
            _ => continue,
        };
        let cells = if section == "schools" {
            match SCHOOLS.iter().position(|s| s == school) {
                Some(s) => view.cells(Some(s), None),
                None => view.cells(None, None),
            }
        } else {
            view.cells(None, group_of(group))
        };
        if *withheld || n.is_some() {
            out.entry(quantity)
                .or_default()
                .push((cells, n.filter(|_| !*withheld), false));
        }
    }
}

/// The labels of a set of export rows: (school, group, language) as written.
type Labels = (String, String, String);

/// The sets of export rows that carry the same labels, with the quantities each reveals.
fn read_export(csv: &str, out: &mut Figures) -> usize {
    let (header, rows) = raw_rows(csv);
    let column = |prefix: &str| header.iter().position(|h| h.starts_with(prefix)).unwrap();
    let use_columns = [
        column("routing.products_used: Alpha"),
        column("routing.products_used: Beta"),
    ];
    let mut named: BTreeMap<usize, BTreeSet<usize>> = BTreeMap::new();
    let mut shown_groups = BTreeSet::new();
    for r in &rows {
        if let Some(g) = GROUPS.iter().position(|g| g.as_str() == &r[2]) {
            shown_groups.insert(g);
            if let Some(s) = SCHOOLS.iter().position(|s| *s == &r[1]) {
                named.entry(g).or_default().insert(s);
            }
        }
    }
    let mut sets: BTreeMap<Labels, (u64, [Option<u64>; 2])> = BTreeMap::new();
    for r in &rows {
        let key = (r[1].to_string(), r[2].to_string(), r[3].to_string());
        let e = sets.entry(key).or_insert((0, [Some(0); 2]));
        e.0 += 1;
        for (p, c) in use_columns.iter().enumerate() {
            match &r[*c] {
                "withheld" => e.1[p] = None,
                "1" | "2" => e.1[p] = e.1[p].map(|n| n + 1),
                _ => {}
            }
        }
    }
    for ((school, group, language), (n, users)) in &sets {
        let g = GROUPS.iter().position(|x| x.as_str() == group);
        let s = SCHOOLS.iter().position(|x| x == school);
        let l = LANGUAGES.iter().position(|x| x == language);
        let mut cells = [false; CELLS];
        for cs in 0..SCHOOLS.len() {
            for cg in 0..GROUPS.len() {
                for cl in 0..LANGUAGES.len() {
                    let in_group = match g {
                        Some(g) => cg == g,
                        None => !shown_groups.contains(&cg),
                    };
                    let in_school = match (s, g) {
                        (Some(s), _) => cs == s,
                        (None, Some(g)) => !named.get(&g).is_some_and(|v| v.contains(&cs)),
                        (None, None) => true,
                    };
                    cells[cell_index((cs, cg, cl))] =
                        in_group && in_school && l.is_none_or(|l| l == cl);
                }
            }
        }
        out.entry(Quantity::Respondents)
            .or_default()
            .push((cells, Some(*n), true));
        for (p, u) in users.iter().enumerate() {
            if let Some(u) = u {
                out.entry(Quantity::Users(p))
                    .or_default()
                    .push((cells, Some(*u), true));
            }
        }
    }
    rows.len()
}

/// Rows in reduced echelon form over GF(2^61 − 1): exact, and a 0/1 vector lies in the span
/// of others over the rationals exactly when it does here, barring a vanishing chance.
struct Span {
    rows: Vec<(usize, Vec<u64>)>,
}

const P: u64 = (1 << 61) - 1;

fn mul(a: u64, b: u64) -> u64 {
    ((u128::from(a) * u128::from(b)) % u128::from(P)) as u64
}

fn inverse(a: u64) -> u64 {
    let (mut base, mut exp, mut out) = (a, P - 2, 1);
    while exp > 0 {
        if exp & 1 == 1 {
            out = mul(out, base);
        }
        base = mul(base, base);
        exp >>= 1;
    }
    out
}

impl Span {
    fn reduce(&self, v: &[bool; CELLS]) -> Vec<u64> {
        let mut v: Vec<u64> = v.iter().map(|b| u64::from(*b)).collect();
        for (pivot, row) in &self.rows {
            let factor = v[*pivot];
            if factor != 0 {
                for (x, r) in v.iter_mut().zip(row) {
                    *x = (*x + P - mul(factor, *r)) % P;
                }
            }
        }
        v
    }

    fn add(&mut self, v: &[bool; CELLS]) {
        let mut r = self.reduce(v);
        let Some(pivot) = r.iter().position(|x| *x != 0) else {
            return;
        };
        let inv = inverse(r[pivot]);
        for x in r.iter_mut() {
            *x = mul(*x, inv);
        }
        for (_, row) in self.rows.iter_mut() {
            let factor = row[pivot];
            if factor != 0 {
                for (x, y) in row.iter_mut().zip(&r) {
                    *x = (*x + P - mul(factor, *y)) % P;
                }
            }
        }
        self.rows.push((pivot, r));
    }

    fn contains(&self, v: &[bool; CELLS]) -> bool {
        self.reduce(v).iter().all(|x| *x == 0)
    }
}

/// A smallest set of the shown figures whose combination gives `target` (each figure
/// dropped while the rest still do), to say how a recovered cell was recovered.
fn combination(shown: &BTreeSet<[bool; CELLS]>, target: &[bool; CELLS]) -> Vec<[bool; CELLS]> {
    let mut kept: Vec<[bool; CELLS]> = shown.iter().copied().collect();
    let mut i = 0;
    while i < kept.len() {
        let mut without = kept.clone();
        without.remove(i);
        let mut span = Span { rows: Vec::new() };
        without.iter().for_each(|c| span.add(c));
        if span.contains(target) {
            kept = without;
        } else {
            i += 1;
        }
    }
    kept
}

/// The smallest minimum among the groups a cell set has respondents of (staff 5, others 10).
fn minimum(truth: &Truth, q: Quantity, cells: &[bool; CELLS]) -> u64 {
    (0..GROUPS.len())
        .filter(|g| {
            let mut only = *cells;
            for (i, c) in only.iter_mut().enumerate() {
                *c &= (i / LANGUAGES.len()) % GROUPS.len() == *g;
            }
            truth.of(q, &only) > 0
        })
        .map(|g| if GROUPS[g].is_staff() { 5 } else { 10 })
        .max()
        .unwrap_or(0)
}

/// What one attack found.
#[derive(Default)]
struct Found {
    /// Report views and exports read.
    read: usize,
    /// Small cells the attacker tried to recover.
    checked: usize,
    /// Figures of the previous wave read off the later wave's views (its trend).
    earlier: usize,
    /// Small cells recovered with the export's help (the report alone does not give them).
    by_export: Vec<String>,
    /// Small cells the report's views alone give away.
    by_report: Vec<String>,
}

/// Runs the attack on one seed: two waves of the series, each with its own random data; the
/// second wave's views also show the first wave's figures (the trend), which are attacked
/// with the first wave's own.
async fn attack(app: &TestApp, seed: u64) -> Found {
    let mut conn = app.pool.get().unwrap();
    let f = survey_fixture_at(&mut conn, &format!("Attack {seed}"), &GROUPS, &SCHOOLS);
    let first = first_wave(&mut conn, &f);
    let truth = plant(&mut conn, &f, &first, seed);
    let ids: Vec<String> = f
        .products
        .iter()
        .map(|p| {
            products::list(&mut conn, f.district)
                .unwrap()
                .into_iter()
                .find(|r| r.id == p.0)
                .unwrap()
                .public_id
        })
        .collect();
    let user = staff(
        &mut conn,
        f.district,
        &format!("attack{seed}@d.example"),
        Role::DistrictAdmin,
        &[],
    );
    // The coordinator exists before anything is read: their schools are a margin every
    // view's suppression accounts for.
    let scope: Vec<_> = (0..SCHOOLS.len())
        .filter(|s| COORDINATOR_SCHOOLS[*s])
        .map(|s| f.schools[s])
        .collect();
    staff(
        &mut conn,
        f.district,
        &format!("coordinator{seed}@d.example"),
        Role::SchoolCoordinator,
        &scope,
    );
    drop(conn);
    app.sign_in_ok(&user, PASSWORD).await;
    let token = crate::waves::api_token(app).await;
    let reader = Reader {
        app,
        f: &f,
        products: &ids,
        admin: &user,
        token: &token,
        seed,
    };
    let mut found = Found::default();
    let mut first_figures = Figures::new();
    reader
        .read_wave(
            &first,
            &truth,
            &mut first_figures,
            &mut Figures::new(),
            &mut found,
        )
        .await;

    let second = later_wave_of(
        &mut app.pool.get().unwrap(),
        &f,
        2,
        SurveyStatus::Open,
        &GROUPS,
    );
    let second_truth = plant(&mut app.pool.get().unwrap(), &f, &second, seed + 1_000);
    let mut second_figures = Figures::new();
    reader
        .read_wave(
            &second,
            &second_truth,
            &mut second_figures,
            &mut first_figures,
            &mut found,
        )
        .await;
    recover(
        &truth,
        &first_figures,
        &format!("seed {seed}, wave 1"),
        &mut found,
    );
    recover(
        &second_truth,
        &second_figures,
        &format!("seed {seed}, wave 2"),
        &mut found,
    );
    found
}

/// What the attacker reads with: the survey, its products, the two accounts.
struct Reader<'a> {
    app: &'a TestApp,
    f: &'a SurveyFixture,
    products: &'a [String],
    admin: &'a str,
    token: &'a str,
    seed: u64,
}

impl Reader<'_> {
    /// Reads every view of one wave as the administrator (JSON and tidy CSV), the raw export,
    /// and every view the coordinator downloads; figures of the previous wave that the views
    /// show go to `previous`.
    async fn read_wave(
        &self,
        wave: &Wave,
        truth: &Truth,
        figures: &mut Figures,
        previous: &mut Figures,
        found: &mut Found,
    ) {
        let (app, f, seed) = (self.app, self.f, self.seed);
        app.sign_in_ok(self.admin, PASSWORD).await;
        let options = |n: usize| std::iter::once(None).chain((0..n).map(Some));
        for (p, id) in self.products.iter().enumerate() {
            for school in options(SCHOOLS.len()) {
                for group in options(GROUPS.len()) {
                    for language in options(LANGUAGES.len()) {
                        let view = View {
                            scope: None,
                            school,
                            group,
                            language,
                        };
                        let res = app
                            .other_client()
                            .get(format!(
                                "{}/api/v1/surveys/{}/products/{id}/report?{}",
                                app.address,
                                wave.public_id,
                                view.query(f)
                            ))
                            .bearer_auth(self.token)
                            .send()
                            .await
                            .unwrap();
                        assert_eq!(res.status(), 200);
                        let json = res.json().await.unwrap();
                        let csv = app
                            .get(&format!(
                                "/reports/{}/{id}/report.csv?{}",
                                wave.public_id,
                                view.query(f)
                            ))
                            .await
                            .text()
                            .await
                            .unwrap();
                        found.earlier +=
                            read_view(&json, &csv_figures(&csv), view, p, figures, previous);
                        found.read += 2;
                    }
                }
            }
        }
        let csv = app
            .get(&format!("/reports/{}/responses.csv", wave.public_id))
            .await
            .text()
            .await
            .unwrap();
        let rows = read_export(&csv, figures);
        found.read += 1;
        let everyone = truth.of(Quantity::Respondents, &[true; CELLS]);
        assert_eq!(
            rows as u64, everyone,
            "every response is in the export (seed {seed})"
        );
        found.read +=
            coordinator_views(app, f, &wave.public_id, self.products, seed, figures).await;
    }
}

/// Tries to recover every small cell of one wave from its figures; adds what it tried and
/// what it recovered to `found`.
fn recover(truth: &Truth, figures: &Figures, what: &str, found: &mut Found) {
    for (q, list) in figures {
        let mut span = Span { rows: Vec::new() };
        let mut report_only = Span { rows: Vec::new() };
        for (cells, n, export) in list {
            if let Some(n) = n {
                assert_eq!(
                    *n,
                    truth.of(*q, cells),
                    "a published {q:?} figure is wrong ({what})"
                );
                span.add(cells);
                if !export {
                    report_only.add(cells);
                }
            }
        }
        let targets: BTreeSet<[bool; CELLS]> = list.iter().map(|(c, ..)| *c).collect();
        for cells in targets {
            let n = truth.of(*q, &cells);
            if n == 0 || n >= minimum(truth, *q, &cells) {
                continue;
            }
            found.checked += 1;
            let what = format!("{what}: {q:?} of {n} in cells {:?}", describe(&cells));
            if report_only.contains(&cells) {
                let shown: BTreeSet<[bool; CELLS]> = list
                    .iter()
                    .filter(|(_, n, export)| n.is_some() && !export)
                    .map(|(c, ..)| *c)
                    .collect();
                let how: Vec<String> = combination(&shown, &cells)
                    .iter()
                    .map(|c| format!("{} = {}", describe(c).join("+"), truth.of(*q, c)))
                    .collect();
                found
                    .by_report
                    .push(format!("{what}\n    from: {}", how.join("\n          ")));
            } else if span.contains(&cells) {
                found.by_export.push(what);
            }
        }
    }
}

/// The schools of the coordinator who reads the report too.
const COORDINATOR_SCHOOLS: [bool; SCHOOLS.len()] = [true, true, false];

/// Signs the app's client in as the school coordinator of Ash and Birch, reads every view
/// they can download (tidy CSV), and returns how many.
async fn coordinator_views(
    app: &TestApp,
    f: &SurveyFixture,
    survey: &str,
    products: &[String],
    seed: u64,
    figures: &mut Figures,
) -> usize {
    app.sign_in_ok(&format!("coordinator{seed}@d.example"), PASSWORD)
        .await;
    let mut read = 0;
    let options = |n: usize| std::iter::once(None).chain((0..n).map(Some));
    for (p, id) in products.iter().enumerate() {
        let schools = std::iter::once(None).chain(
            (0..SCHOOLS.len())
                .filter(|s| COORDINATOR_SCHOOLS[*s])
                .map(Some),
        );
        for school in schools {
            for group in options(GROUPS.len()) {
                for language in options(LANGUAGES.len()) {
                    let view = View {
                        scope: Some(COORDINATOR_SCHOOLS),
                        school,
                        group,
                        language,
                    };
                    let res = app
                        .get(&format!(
                            "/reports/{survey}/{id}/report.csv?{}",
                            view.query(f)
                        ))
                        .await;
                    assert_eq!(
                        res.status(),
                        200,
                        "the coordinator's view {}",
                        view.query(f)
                    );
                    let csv = res.text().await.unwrap();
                    read_csv_view(&csv_figures(&csv), view, p, figures);
                    read += 1;
                }
            }
        }
    }
    read
}

fn describe(cells: &[bool; CELLS]) -> Vec<String> {
    let mut out = Vec::new();
    for s in 0..SCHOOLS.len() {
        for g in 0..GROUPS.len() {
            for l in 0..LANGUAGES.len() {
                if cells[cell_index((s, g, l))] {
                    out.push(format!(
                        "{}/{}/{}",
                        SCHOOLS[s],
                        GROUPS[g].as_str(),
                        LANGUAGES[l]
                    ));
                }
            }
        }
    }
    out
}

fn seeds() -> Vec<u64> {
    std::env::var("CHORUS_ATTACK_SEEDS")
        .ok()
        .map(|v| v.split(',').filter_map(|s| s.trim().parse().ok()).collect())
        .unwrap_or_else(|| (1..=5).collect())
}

/// Runs the attack over every seed on one backend.
async fn run(backend: Backend, name: &str) -> Option<Found> {
    let app = spawn_app(backend, &format!("disclosure_attack::{name}::{backend:?}")).await?;
    let started = std::time::Instant::now();
    let mut all = Found::default();
    for seed in seeds() {
        let found = attack(&app, seed).await;
        all.read += found.read;
        all.checked += found.checked;
        all.earlier += found.earlier;
        all.by_export.extend(found.by_export);
        all.by_report.extend(found.by_report);
    }
    println!(
        "disclosure attack on {backend:?}: {} outputs read ({} figures of the first wave read off the second's trend), {} small cells attacked, {} recovered with the export, {} by the report's views alone, in {:.1} s",
        all.read,
        all.earlier,
        all.checked,
        all.by_export.len(),
        all.by_report.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(all.checked > 0, "the data has small cells to attack");
    assert!(
        all.earlier > 0,
        "the second wave's trend shows first-wave figures"
    );
    Some(all)
}

/// No small cell is recovered: not by combining the report's views (every filter, both
/// roles), and not once the raw export's sets are added to them.
async fn no_small_cell_is_recovered(backend: Backend) {
    let Some(found) = run(backend, "attack").await else {
        return;
    };
    let all: Vec<String> = found.by_report.into_iter().chain(found.by_export).collect();
    assert!(
        all.is_empty(),
        "{} small cells recovered:\n{}",
        all.len(),
        all.join("\n")
    );
}

#[actix_web::test]
async fn no_small_cell_is_recovered_on_sqlite() {
    no_small_cell_is_recovered(Backend::Sqlite).await;
}

#[actix_web::test]
async fn no_small_cell_is_recovered_on_postgres() {
    no_small_cell_is_recovered(Backend::Postgres).await;
}

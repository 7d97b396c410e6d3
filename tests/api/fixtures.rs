//! Small districts with a survey, built through the library, for tests that need data.

use chorus::db::aggregates::AggregationLayout;
use chorus::db::models::surveys::{self, SurveyItemRow};
use chorus::db::models::{districts, products, schools};
use chorus::db::{self, AnyConnection};
use chorus::domain::{
    DistrictId, Language, ProductId, PublicToken, SchoolId, StakeholderGroup, SurveyId,
};
use chorus::domain::{SchoolLevel, SeatUnit, SurveyStatus};
use chorus::survey::assemble::{create_survey, every_construct, SurveySpec};
use chorus::survey::bank::QuestionBank;

/// A district with two schools, two products (two features each) and an open survey for
/// teachers and students with every construct of the bank.
pub struct SurveyFixture {
    pub district: DistrictId,
    pub schools: Vec<SchoolId>,
    pub products: Vec<ProductId>,
    pub features: Vec<Vec<i32>>,
    pub survey: SurveyId,
    pub items: Vec<SurveyItemRow>,
    pub layout: AggregationLayout,
}

impl SurveyFixture {
    pub fn item(&self, key: &str) -> &SurveyItemRow {
        self.items
            .iter()
            .find(|i| i.item_key == key)
            .unwrap_or_else(|| panic!("no item {key}"))
    }
}

pub fn survey_fixture(conn: &mut AnyConnection, name: &str) -> SurveyFixture {
    survey_fixture_for(
        conn,
        name,
        &[StakeholderGroup::Student, StakeholderGroup::Teacher],
    )
}

/// Like [`survey_fixture`], for the given audience.
pub fn survey_fixture_for(
    conn: &mut AnyConnection,
    name: &str,
    groups: &[StakeholderGroup],
) -> SurveyFixture {
    survey_fixture_at(conn, name, groups, &["North", "South"])
}

/// Like [`survey_fixture_for`], at the named schools.
pub fn survey_fixture_at(
    conn: &mut AnyConnection,
    name: &str,
    groups: &[StakeholderGroup],
    school_names: &[&str],
) -> SurveyFixture {
    let audience = groups
        .iter()
        .map(|g| g.as_str())
        .collect::<Vec<_>>()
        .join(",");
    let now = db::now();
    let district = districts::insert(
        conn,
        &districts::NewDistrict {
            slug: &chorus::demo::slugify(name),
            name,
            privacy_note: "",
            created_at: now,
        },
    )
    .unwrap();
    let schools: Vec<SchoolId> = school_names
        .iter()
        .map(|school| {
            schools::insert(
                conn,
                &schools::NewSchool {
                    district_id: district.0,
                    name: school,
                    level: SchoolLevel::Middle,
                    grade_low: 6,
                    grade_high: 8,
                    expected_young_students: 0,
                    expected_students: 100,
                    expected_teachers: 10,
                    expected_parents: 80,
                    expected_coordinators: 1,
                    created_at: now,
                },
            )
            .unwrap()
        })
        .collect();
    let mut product_ids = Vec::new();
    let mut features = Vec::new();
    for product in ["Alpha", "Beta"] {
        let public_id = PublicToken::generate(10);
        let id = products::insert(
            conn,
            &products::NewProduct {
                district_id: district.0,
                public_id: public_id.as_str(),
                name: product,
                vendor: "Vendor",
                category: "",
                annual_cost_cents: 100_000,
                currency: "USD",
                licensed_seats: 100,
                seat_unit: SeatUnit::Student,
                contract_start: None,
                contract_end: None,
                support_contact: "",
                notes: "",
                created_at: now,
            },
        )
        .unwrap();
        let ids = (0..2)
            .map(|i| {
                products::insert_feature(
                    conn,
                    district,
                    id,
                    (&format!("F{i}"), ""),
                    &chorus::domain::FeatureAudience::everyone(),
                    i,
                )
                .unwrap()
            })
            .collect();
        product_ids.push(id);
        features.push(ids);
    }
    let bank = QuestionBank::embedded().unwrap();
    let public_id = PublicToken::generate(10);
    let spec = SurveySpec {
        survey: surveys::NewSurvey {
            district_id: district.0,
            public_id: public_id.as_str(),
            series_id: public_id.as_str(),
            title: "Check-in",
            wave: "Spring 2027",
            wave_number: 1,
            status: SurveyStatus::Open,
            opens_at: now,
            closes_at: now + chrono::Duration::days(30),
            languages: "en,es",
            audience_groups: &audience,
            product_cap: 4,
            grace_minutes: 60,
            created_by: None,
            created_at: now,
        },
        schools: schools.clone(),
        products: product_ids.clone(),
        groups: groups.to_vec(),
        languages: vec![Language::English, Language::Spanish],
        items: None,
        constructs: every_construct(&bank, groups),
    };
    let survey = create_survey(conn, district, &bank, &spec).unwrap();
    let items = surveys::items(conn, district, survey).unwrap();
    let layout = AggregationLayout::new(district, survey, &items, product_ids.clone()).unwrap();
    SurveyFixture {
        district,
        schools,
        products: product_ids,
        features,
        survey,
        items,
        layout,
    }
}

/// The password every test account gets.
pub const PASSWORD: &str = "correct horse battery staple";

/// Creates an active staff account with the test password; returns its e-mail.
pub fn staff(
    conn: &mut AnyConnection,
    district: DistrictId,
    email: &str,
    role: chorus::domain::Role,
    schools: &[SchoolId],
) -> String {
    let parsed = chorus::domain::Email::parse(email).unwrap();
    let hash = chorus::domain::password::hash(
        &chorus::domain::password::NewPassword::parse(PASSWORD).unwrap(),
    )
    .unwrap();
    chorus::db::models::users::insert(
        conn,
        &chorus::db::models::users::NewUser {
            district,
            email: &parsed,
            display_name: email,
            password_hash: Some(&hash),
            role,
        },
        schools,
    )
    .unwrap();
    parsed.as_str().to_string()
}

/// The id of the account with this e-mail.
pub fn user_id(conn: &mut AnyConnection, email: &str) -> i32 {
    let email = chorus::domain::Email::parse(email).unwrap();
    chorus::db::models::users::find_by_email(conn, &email)
        .unwrap()
        .unwrap()
        .id
}

/// The demo's closed wave (the one with responses; the demo also has an open one).
pub fn closed_demo_wave(conn: &mut AnyConnection, district: DistrictId) -> SurveyId {
    SurveyId(
        surveys::list(conn, district)
            .unwrap()
            .into_iter()
            .find(|s| s.status == SurveyStatus::Closed)
            .unwrap()
            .id,
    )
}

//! `chorus bench-survey`: the survey the performance targets are written for — about 25
//! answers per response — in its own district, open now, with a link for every school and
//! group. One product with four features, every construct, asked of students and teachers
//! (the bulk of a district-wide window): a student who uses the product gives 24 answers, a
//! teacher about 29; `chorus simulate` measures ≈ 25 on average (see docs/performance.md).

use crate::db::models::{distribution, districts, products, schools, surveys};
use crate::db::{self, AnyConnection};
use crate::domain::{
    FeatureAudience, Language, PublicToken, SchoolLevel, SeatUnit, StakeholderGroup, SurveyStatus,
};
use crate::survey::assemble::{create_survey, every_construct, SurveySpec};
use crate::survey::bank::QuestionBank;

/// Schools of the benchmark district.
const SCHOOLS: [&str; 4] = ["North Middle", "South Middle", "East High", "West High"];

/// The public ids the benchmarks address: the survey's (links, `simulate`) and the product's
/// (report pages and API).
#[derive(Debug, Clone)]
pub struct BenchSurvey {
    /// The survey's public id.
    pub survey: String,
    /// Its one product's public id.
    pub product: String,
}

/// Creates the benchmark survey in the district named `district` (created when missing).
pub fn create(conn: &mut AnyConnection, district: &str) -> anyhow::Result<BenchSurvey> {
    let bank = QuestionBank::embedded()?;
    crate::db::write::transaction(&mut *conn, |conn| {
        let now = db::now();
        let district = match districts::find_by_name(conn, district)? {
            Some(d) => d.district_id(),
            None => districts::insert(
                conn,
                &districts::NewDistrict {
                    slug: &crate::demo::slugify(district),
                    name: district,
                    privacy_note: "",
                    created_at: now,
                },
            )?,
        };
        // A second benchmark survey in the district reuses its schools.
        let mut school_ids: Vec<_> = schools::list(conn, district)?
            .iter()
            .filter(|s| SCHOOLS.contains(&s.name.as_str()))
            .map(|s| crate::domain::SchoolId(s.id))
            .collect();
        for name in SCHOOLS.iter().skip(school_ids.len()).copied() {
            school_ids.push(schools::insert(
                conn,
                &schools::NewSchool {
                    district_id: district.0,
                    name,
                    level: SchoolLevel::Middle,
                    grade_low: 6,
                    grade_high: 8,
                    expected_young_students: 0,
                    expected_students: 600,
                    expected_teachers: 40,
                    expected_parents: 500,
                    expected_coordinators: 1,
                    created_at: now,
                },
            )?);
        }
        let product_public_id = PublicToken::generate(10);
        let product = products::insert(
            conn,
            &products::NewProduct {
                district_id: district.0,
                public_id: product_public_id.as_str(),
                name: "Bench Reader",
                vendor: "Benchmark Vendor",
                category: "Reading",
                annual_cost_cents: 1_200_000,
                currency: "USD",
                licensed_seats: 2_400,
                seat_unit: SeatUnit::Student,
                contract_start: None,
                contract_end: None,
                support_contact: "",
                notes: "",
                created_at: now,
            },
        )?;
        for (i, feature) in ["Assignments", "Read aloud", "Progress", "Library"]
            .iter()
            .enumerate()
        {
            products::insert_feature(
                conn,
                district,
                product,
                (feature, ""),
                &FeatureAudience::from_name(feature),
                i32::try_from(i)?,
            )?;
        }
        let groups = vec![StakeholderGroup::Student, StakeholderGroup::Teacher];
        let public_id = PublicToken::generate(10);
        let spec = SurveySpec {
            survey: surveys::NewSurvey {
                district_id: district.0,
                public_id: public_id.as_str(),
                series_id: public_id.as_str(),
                title: "Benchmark check-in",
                wave: "Benchmark",
                wave_number: 1,
                status: SurveyStatus::Open,
                opens_at: now - chrono::Duration::days(1),
                closes_at: now + chrono::Duration::days(365),
                languages: "en,es",
                audience_groups: "student,teacher",
                product_cap: 1,
                grace_minutes: crate::domain::survey_form::DEFAULT_GRACE_MINUTES,
                created_by: None,
                created_at: now,
            },
            schools: school_ids.clone(),
            products: vec![product],
            groups: groups.clone(),
            languages: vec![Language::English, Language::Spanish],
            items: None,
            constructs: every_construct(&bank, &groups),
        };
        let survey = create_survey(conn, district, &bank, &spec)?;
        let cells: Vec<_> = school_ids
            .iter()
            .flat_map(|s| groups.iter().map(move |g| (*s, *g)))
            .collect();
        distribution::ensure_links(conn, district, survey, &cells)?;
        Ok(BenchSurvey {
            survey: public_id.as_str().to_string(),
            product: product_public_id.as_str().to_string(),
        })
    })
}

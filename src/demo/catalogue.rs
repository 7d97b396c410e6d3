//! The demo district's schools, products (with features, costs and contracts) and staff.

use crate::db::models::{districts, products, schools, users};
use crate::db::{self, AnyConnection};
use crate::domain::catalogue::FeatureText;
use crate::domain::password::{self, NewPassword};
use crate::domain::{
    DistrictId, Email, FeatureAudience, LabelText, Language, ProductId, PublicToken, Role,
    SchoolId, SchoolLevel, SeatUnit,
};
use anyhow::anyhow;
use chrono::{Datelike, NaiveDate};
use std::collections::BTreeMap;

/// What the catalogue step created, for the survey step and the announcement.
#[derive(Debug, Clone)]
pub struct DemoCatalogue {
    /// The district.
    pub district: DistrictId,
    /// Schools with their level.
    pub schools: Vec<(SchoolId, SchoolLevel)>,
    /// Products in the order of [`PRODUCTS`].
    pub products: Vec<ProductId>,
    /// (role, e-mail) of each staff account.
    pub accounts: Vec<(String, String)>,
    /// Their shared password.
    pub password: String,
}

/// A demo school: its span decides its student groups, and each group's headcount is the
/// people of that group who could answer (grades 3–5 of a K–5 school, not the whole roll).
struct DemoSchool {
    name: &'static str,
    level: SchoolLevel,
    grades: (i32, i32),
    young_students: i32,
    students: i32,
    teachers: i32,
    parents: i32,
    coordinators: i32,
}

const SCHOOLS: [DemoSchool; 4] = [
    DemoSchool {
        name: "Alder Creek Elementary",
        level: SchoolLevel::Elementary,
        grades: (0, 5),
        young_students: 320,
        students: 0,
        teachers: 44,
        parents: 560,
        coordinators: 2,
    },
    DemoSchool {
        name: "Birchwood Elementary",
        level: SchoolLevel::Elementary,
        grades: (0, 5),
        young_students: 270,
        students: 0,
        teachers: 38,
        parents: 470,
        coordinators: 2,
    },
    DemoSchool {
        name: "Cedar Ridge Middle School",
        level: SchoolLevel::Middle,
        grades: (6, 8),
        young_students: 0,
        students: 780,
        teachers: 46,
        parents: 640,
        coordinators: 2,
    },
    DemoSchool {
        name: "Riverside High School",
        level: SchoolLevel::High,
        grades: (9, 12),
        young_students: 0,
        students: 1450,
        teachers: 92,
        parents: 1100,
        coordinators: 3,
    },
];

/// A demo product: (name, vendor, category, annual cost in dollars, seats, seat unit, months to renewal, features).
pub struct DemoProduct {
    /// Name.
    pub name: &'static str,
    /// Vendor.
    pub vendor: &'static str,
    /// Category.
    pub category: &'static str,
    /// Annual cost in whole dollars.
    pub annual_cost: i64,
    /// Licensed seats.
    pub seats: i32,
    /// Seat unit.
    pub seat_unit: SeatUnit,
    /// Months from today to the contract end.
    pub months_to_renewal: u32,
    /// Its licensed features.
    pub features: &'static [DemoFeature],
}

/// A demo feature: its texts in English and Spanish and who is asked about it, set by hand
/// (the demo shows a sensible audience, not only the one its name suggests).
pub struct DemoFeature {
    /// Name.
    pub name: &'static str,
    /// Description.
    pub description: &'static str,
    /// Audience, as the CSV import writes it (`students+teachers`).
    pub audience: &'static str,
    /// Name in Spanish.
    pub name_es: &'static str,
    /// Description in Spanish.
    pub description_es: &'static str,
}

/// The six demo products; the first four carry the designed patterns.
pub const PRODUCTS: [DemoProduct; 6] = [
    DemoProduct {
        name: "MathQuest",
        vendor: "Quest Learning",
        category: "Math practice",
        annual_cost: 38_000,
        seats: 3000,
        seat_unit: SeatUnit::Student,
        months_to_renewal: 5,
        features: &[
            DemoFeature {
                name: "Adaptive practice",
                description: "Practice that adjusts to each student",
                audience: "students+teachers",
                name_es: "Práctica adaptativa",
                description_es: "Práctica que se ajusta a cada estudiante",
            },
            DemoFeature {
                name: "Teacher dashboard",
                description: "Class progress at a glance",
                audience: "teachers+coordinators",
                name_es: "Panel del docente",
                description_es: "El progreso de la clase de un vistazo",
            },
            DemoFeature {
                name: "Parent reports",
                description: "Weekly progress e-mails to families",
                audience: "parents",
                name_es: "Informes para familias",
                description_es: "Correos semanales sobre el progreso",
            },
            DemoFeature {
                name: "Printable worksheets",
                description: "Worksheets generated from a lesson",
                audience: "teachers",
                name_es: "Hojas de trabajo imprimibles",
                description_es: "Hojas generadas a partir de una lección",
            },
        ],
    },
    DemoProduct {
        name: "ClassHub LMS",
        vendor: "Hubware",
        category: "Learning management",
        annual_cost: 72_000,
        seats: 3200,
        seat_unit: SeatUnit::Student,
        months_to_renewal: 2,
        features: &[
            DemoFeature {
                name: "Assignments",
                description: "Hand out and collect work",
                audience: "students+teachers",
                name_es: "Tareas",
                description_es: "Entregar y recoger trabajos",
            },
            DemoFeature {
                name: "Gradebook sync",
                description: "Grades flow to the student information system",
                audience: "teachers+coordinators",
                name_es: "Sincronización de calificaciones",
                description_es: "Las calificaciones pasan al sistema de información estudiantil",
            },
            DemoFeature {
                name: "Rubrics",
                description: "Score work against a rubric",
                audience: "teachers+coordinators",
                name_es: "Rúbricas",
                description_es: "Calificar con una rúbrica",
            },
            DemoFeature {
                name: "Video feedback",
                description: "Record feedback on student work",
                audience: "students+teachers",
                name_es: "Comentarios en video",
                description_es: "Grabar comentarios sobre el trabajo",
            },
        ],
    },
    DemoProduct {
        name: "ReadAlong",
        vendor: "Storyline Inc.",
        category: "Reading",
        annual_cost: 24_000,
        seats: 1600,
        seat_unit: SeatUnit::Student,
        months_to_renewal: 8,
        features: &[
            DemoFeature {
                name: "Leveled library",
                description: "Books matched to reading level",
                audience: "students+teachers+parents",
                name_es: "Biblioteca por niveles",
                description_es: "Libros según el nivel de lectura",
            },
            DemoFeature {
                name: "Read-aloud",
                description: "Books read aloud with highlighting",
                audience: "students+parents",
                name_es: "Lectura en voz alta",
                description_es: "Libros leídos en voz alta con resaltado",
            },
            DemoFeature {
                name: "Comprehension quizzes",
                description: "Short quizzes after each book",
                audience: "students+teachers",
                name_es: "Pruebas de comprensión",
                description_es: "Pruebas cortas después de cada libro",
            },
        ],
    },
    DemoProduct {
        name: "LabSim",
        vendor: "SimWorks",
        category: "Science simulations",
        annual_cost: 19_500,
        seats: 1200,
        seat_unit: SeatUnit::Student,
        months_to_renewal: 11,
        features: &[
            DemoFeature {
                name: "Virtual labs",
                description: "Simulated experiments",
                audience: "students+teachers",
                name_es: "Laboratorios virtuales",
                description_es: "Experimentos simulados",
            },
            DemoFeature {
                name: "Data export",
                description: "Export lab data to spreadsheets",
                audience: "teachers+coordinators",
                name_es: "Exportar datos",
                description_es: "Exportar datos del laboratorio a hojas de cálculo",
            },
            DemoFeature {
                name: "Lab reports",
                description: "Guided lab report templates",
                audience: "students+teachers",
                name_es: "Informes de laboratorio",
                description_es: "Plantillas guiadas de informes",
            },
        ],
    },
    DemoProduct {
        name: "FamilyLink",
        vendor: "Connect Schools",
        category: "Family communication",
        annual_cost: 15_000,
        seats: 4,
        seat_unit: SeatUnit::School,
        months_to_renewal: 14,
        features: &[
            DemoFeature {
                name: "Messaging",
                description: "Two-way messages with families",
                audience: "teachers+parents+coordinators",
                name_es: "Mensajes",
                description_es: "Mensajes con las familias en ambos sentidos",
            },
            DemoFeature {
                name: "Translation",
                description: "Messages translated automatically",
                audience: "teachers+parents",
                name_es: "Traducción",
                description_es: "Mensajes traducidos automáticamente",
            },
            DemoFeature {
                name: "Event sign-ups",
                description: "Conference and event sign-ups",
                audience: "parents+teachers",
                name_es: "Inscripción a eventos",
                description_es: "Inscripción a conferencias y eventos",
            },
        ],
    },
    DemoProduct {
        name: "CodeCraft",
        vendor: "Craft Academy",
        category: "Computer science",
        annual_cost: 9_800,
        seats: 600,
        seat_unit: SeatUnit::Student,
        months_to_renewal: 20,
        features: &[
            DemoFeature {
                name: "Block coding",
                description: "Drag-and-drop coding lessons",
                audience: "students+teachers",
                name_es: "Programación con bloques",
                description_es: "Lecciones de programación arrastrando bloques",
            },
            DemoFeature {
                name: "Text coding",
                description: "Python lessons",
                audience: "students+teachers",
                name_es: "Programación con texto",
                description_es: "Lecciones de Python",
            },
            DemoFeature {
                name: "Class projects",
                description: "Shared class projects",
                audience: "students+teachers",
                name_es: "Proyectos de clase",
                description_es: "Proyectos compartidos de la clase",
            },
        ],
    },
];

fn add_months(date: NaiveDate, months: u32) -> NaiveDate {
    let total = date.month0() + months;
    let year = date.year() + (total / 12) as i32;
    let month = total % 12 + 1;
    NaiveDate::from_ymd_opt(year, month, 1).unwrap_or(date)
}

/// Creates the district, its schools, products and staff accounts.
pub fn create(conn: &mut AnyConnection) -> anyhow::Result<DemoCatalogue> {
    let now = db::now();
    let district = districts::insert(
        conn,
        &districts::NewDistrict {
            slug: &super::slugify(super::DISTRICT_NAME),
            name: super::DISTRICT_NAME,
            privacy_note: "Riverside Unified uses Chorus to learn how the district's learning tools work for the people who use them. Answers are anonymous: we never store your name, your device or the time you answered, and results are only shown for groups large enough that nobody can be singled out.",
            created_at: now,
        },
    )?;
    // The demo's schools keep Central time: survey times are typed and shown in it.
    districts::set_time_zone(conn, district, "America/Chicago")?;
    let mut school_ids = Vec::new();
    for school in &SCHOOLS {
        let id = schools::insert(
            conn,
            &schools::NewSchool {
                district_id: district.0,
                name: school.name,
                level: school.level,
                grade_low: school.grades.0,
                grade_high: school.grades.1,
                expected_young_students: school.young_students,
                expected_students: school.students,
                expected_teachers: school.teachers,
                expected_parents: school.parents,
                expected_coordinators: school.coordinators,
                created_at: now,
            },
        )?;
        school_ids.push((id, school.level));
    }
    let today = now.date();
    let mut product_ids = Vec::new();
    for product in &PRODUCTS {
        let end = add_months(today, product.months_to_renewal);
        let public_id = PublicToken::generate(10);
        let id = products::insert(
            conn,
            &products::NewProduct {
                district_id: district.0,
                public_id: public_id.as_str(),
                name: product.name,
                vendor: product.vendor,
                category: product.category,
                annual_cost_cents: product.annual_cost * 100,
                currency: "USD",
                licensed_seats: product.seats,
                seat_unit: product.seat_unit,
                contract_start: Some(add_months(end, 0).with_year(end.year() - 1).unwrap_or(end)),
                contract_end: Some(end),
                support_contact: &format!("support@{}.example", super::slugify(product.vendor)),
                notes: "",
                created_at: now,
            },
        )?;
        for (position, feature) in (0..).zip(product.features) {
            let audience = FeatureAudience::parse(feature.audience).map_err(|e| anyhow!("{e}"))?;
            let name_es = LabelText::parse(feature.name_es, "feature name", 80)
                .map_err(|e| anyhow!("{e}"))?;
            let texts = BTreeMap::from([(
                Language::Spanish,
                FeatureText {
                    name: name_es,
                    description: feature.description_es.to_string(),
                },
            )]);
            let feature_id = products::insert_feature(
                conn,
                district,
                id,
                (feature.name, feature.description),
                &audience,
                position,
            )?;
            products::replace_feature_texts(conn, district, feature_id, &texts)?;
        }
        for (school, _) in &school_ids {
            products::add_school(conn, district, id, *school)?;
        }
        product_ids.push(id);
    }
    let password_text = format!("demo-{}", PublicToken::generate(12));
    let password = NewPassword::parse(&password_text).map_err(|e| anyhow!("{e}"))?;
    let hash = password::hash(&password).map_err(|e| anyhow!("hashing failed: {e}"))?;
    let staff = [
        (
            "admin@riverside.example",
            "Dana Ortiz",
            Role::DistrictAdmin,
            vec![],
        ),
        (
            "coordinator@riverside.example",
            "Sam Lee",
            Role::SchoolCoordinator,
            vec![school_ids[2].0, school_ids[3].0],
        ),
        (
            "viewer@riverside.example",
            "Priya Nair",
            Role::Viewer,
            vec![school_ids[0].0],
        ),
    ];
    let mut accounts = Vec::new();
    for (email, name, role, scope) in staff {
        let email = Email::parse(email).map_err(|e| anyhow!("{e}"))?;
        users::insert(
            conn,
            &users::NewUser {
                district,
                email: &email,
                display_name: name,
                password_hash: Some(&hash),
                role,
            },
            &scope,
        )?;
        accounts.push((role.as_str().to_string(), email.as_str().to_string()));
    }
    Ok(DemoCatalogue {
        district,
        schools: school_ids,
        products: product_ids,
        accounts,
        password: password_text,
    })
}

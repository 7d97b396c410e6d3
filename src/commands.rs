//! The one-shot commands of the CLI other than `serve`.

use crate::config::Settings;
use crate::db::{self, models};
use crate::domain::password::{self, NewPassword};
use crate::domain::{Email, LabelText, Role};
use anyhow::{anyhow, bail, Context};
use std::io::{BufRead, IsTerminal};

/// Opens the database (creating a missing PostgreSQL database, like `serve` does) and applies
/// pending migrations; returns the connection and the names of the migrations applied.
fn connect_and_migrate(settings: &Settings) -> anyhow::Result<(db::AnyConnection, Vec<String>)> {
    if db::connection::create_database_if_missing(&settings.database)? {
        println!("Created the database {}.", settings.database.redacted());
    }
    let mut conn = db::AnyConnection::open(&settings.database)?;
    let applied = db::migrations::run_pending(&mut conn)?;
    Ok((conn, applied))
}

/// Opens the database and applies pending migrations, for commands that need no report of them.
pub(crate) fn connect(settings: &Settings) -> anyhow::Result<db::AnyConnection> {
    connect_and_migrate(settings).map(|(conn, _)| conn)
}

/// `chorus migrate`: applies pending migrations and says which.
pub fn migrate(settings: &Settings) -> anyhow::Result<()> {
    let (_, applied) = connect_and_migrate(settings)?;
    if applied.is_empty() {
        println!("The database is up to date.");
    } else {
        for name in &applied {
            println!("applied migration {name}");
        }
    }
    Ok(())
}

/// `chorus demo`: loads the demo district into this database.
pub fn demo(settings: &Settings) -> anyhow::Result<()> {
    let mut conn = connect(settings)?;
    let demo = crate::demo::load(&mut conn)?;
    demo.announce(&settings.base_url);
    Ok(())
}

/// `chorus reaggregate`: rebuilds every survey's aggregates from its answers, one survey per transaction.
pub fn reaggregate(settings: &Settings) -> anyhow::Result<()> {
    let mut conn = connect(settings)?;
    for district in models::districts::list(&mut conn)? {
        for survey in models::surveys::list(&mut conn, district.district_id())? {
            let started = std::time::Instant::now();
            let count = db::aggregates::rebuild::rebuild(
                &mut conn,
                district.district_id(),
                crate::domain::SurveyId(survey.id),
            )?;
            println!(
                "{} / {} ({}): {count} responses folded in {} ms",
                district.name,
                survey.title,
                survey.wave,
                started.elapsed().as_millis()
            );
        }
    }
    Ok(())
}

/// `chorus backup FILE`: a consistent copy of the live SQLite database.
pub fn backup(settings: &Settings, file: &std::path::Path) -> anyhow::Result<()> {
    let mut conn = connect(settings)?;
    let started = std::time::Instant::now();
    db::backup::backup(&mut conn, file)?;
    let responses = db::backup::verify(file)?;
    println!(
        "Backed up {} to {} ({responses} responses) in {} ms.",
        settings.database.redacted(),
        file.display(),
        started.elapsed().as_millis()
    );
    Ok(())
}

/// `chorus restore FILE`: replaces the SQLite database with a verified backup.
pub fn restore(settings: &Settings, file: &std::path::Path) -> anyhow::Result<()> {
    let responses = db::backup::restore(&settings.database, file)?;
    let (_, applied) = connect_and_migrate(settings)?;
    println!(
        "Restored {} from {} ({responses} responses; {} migrations applied since the backup).",
        settings.database.redacted(),
        file.display(),
        applied.len()
    );
    Ok(())
}

/// `chorus token create`: prints a new API token for the admin's district.
pub fn create_token(settings: &Settings, email: &str, name: &str) -> anyhow::Result<()> {
    let email = Email::parse(email).map_err(|e| anyhow!("--email: {e}"))?;
    let name = LabelText::parse(name, "token name", 80).map_err(|e| anyhow!("--name: {e}"))?;
    let mut conn = connect(settings)?;
    let secret = crate::domain::tokens::new_secret();
    crate::db::write::transaction(&mut conn, |conn| -> anyhow::Result<()> {
        let user = models::users::find_by_email(conn, &email)?
            .filter(|u| u.active && u.role == Role::DistrictAdmin)
            .ok_or_else(|| anyhow!("--email: {email} is not an active district administrator"))?;
        let (district, owner) = (
            crate::domain::DistrictId(user.district_id),
            crate::domain::UserId(user.id),
        );
        let id = models::api_tokens::insert(
            conn,
            district,
            owner,
            name.as_str(),
            &crate::domain::tokens::hash(&secret),
        )?;
        models::audit::record(
            conn,
            district,
            Some(owner),
            "api_token.create",
            ("api_token", &id.to_string()),
            "from the command line",
        )?;
        Ok(())
    })?;
    println!("{secret}");
    eprintln!("API token \"{name}\" created for {email}'s district. It is shown only now.");
    Ok(())
}

fn read_password() -> anyhow::Result<String> {
    if std::io::stdin().is_terminal() {
        let first = rpassword::prompt_password("Password (at least 12 characters): ")?;
        let second = rpassword::prompt_password("Password again: ")?;
        if first != second {
            bail!("the two passwords differ");
        }
        Ok(first)
    } else {
        let mut line = String::new();
        std::io::stdin()
            .lock()
            .read_line(&mut line)
            .context("cannot read the password from standard input")?;
        Ok(line.trim_end_matches(['\r', '\n']).to_string())
    }
}

/// `chorus create-admin`: creates a district administrator, and the district when it is new.
pub fn create_admin(
    settings: &Settings,
    district_name: &str,
    email: &str,
    display_name: &str,
) -> anyhow::Result<()> {
    let district_name = LabelText::parse(district_name, "district name", 120)
        .map_err(|e| anyhow!("--district: {e}"))?;
    let email = Email::parse(email).map_err(|e| anyhow!("--email: {e}"))?;
    let display_name =
        LabelText::parse(display_name, "name", 120).map_err(|e| anyhow!("--name: {e}"))?;
    let password = NewPassword::parse(&read_password()?).map_err(|e| anyhow!("password: {e}"))?;
    let hash =
        password::hash(&password).map_err(|e| anyhow!("hashing the password failed: {e}"))?;
    let mut conn = connect(settings)?;
    let created_district =
        crate::db::write::transaction(&mut conn, |conn| -> anyhow::Result<bool> {
            if models::users::find_by_email(conn, &email)?.is_some() {
                bail!("--email: an account with the e-mail {email} exists already");
            }
            let (district, created) =
                match models::districts::find_by_name(conn, district_name.as_str())? {
                    Some(d) => (d.district_id(), false),
                    None => {
                        let slug = crate::demo::slugify(district_name.as_str());
                        let id = models::districts::insert(
                            conn,
                            &models::districts::NewDistrict {
                                slug: &slug,
                                name: district_name.as_str(),
                                privacy_note: "",
                                created_at: db::now(),
                            },
                        )?;
                        (id, true)
                    }
                };
            let user = models::users::insert(
                conn,
                &models::users::NewUser {
                    district,
                    email: &email,
                    display_name: display_name.as_str(),
                    password_hash: Some(&hash),
                    role: Role::DistrictAdmin,
                },
                &[],
            )?;
            models::audit::record(
                conn,
                district,
                None,
                "user.create_admin",
                ("user", &user.to_string()),
                "created from the command line",
            )?;
            Ok(created)
        })?;
    if created_district {
        println!("Created the district \"{district_name}\".");
    }
    println!("Created the district administrator {email}.");
    Ok(())
}

//! Parsing the staff forms (invite, change role) into validated values.

use crate::domain::FieldError;
use crate::domain::{Email, LabelText, Role, SchoolId};
use serde::Deserialize;

/// The invitation form as posted.
#[derive(Debug, Deserialize)]
pub struct InviteForm {
    /// E-mail.
    pub email: String,
    /// Name.
    pub display_name: String,
    /// Role text.
    pub role: String,
    /// School ids (checkboxes).
    #[serde(default)]
    pub schools: Vec<String>,
}

/// The role form as posted.
#[derive(Debug, Deserialize)]
pub struct RoleForm {
    /// Role text.
    pub role: String,
    /// School ids (checkboxes).
    #[serde(default)]
    pub schools: Vec<String>,
}

/// A valid invitation.
#[derive(Debug, Clone)]
pub struct Invite {
    /// E-mail.
    pub email: Email,
    /// Name.
    pub display_name: LabelText,
    /// Role and scope.
    pub access: Access,
}

/// A role with the schools it is scoped to (coordinators and viewers need at least one).
#[derive(Debug, Clone)]
pub struct Access {
    /// Role.
    pub role: Role,
    /// Schools (empty for admins).
    pub schools: Vec<SchoolId>,
}

fn error(field: &str, message: impl Into<String>) -> FieldError {
    FieldError {
        field: field.into(),
        message: message.into(),
    }
}

/// Parses role and schools; `district_schools` are the ids the district has.
pub fn parse_access(
    role: &str,
    schools: &[String],
    district_schools: &[SchoolId],
    errors: &mut Vec<FieldError>,
) -> Option<Access> {
    let role = match role.parse::<Role>() {
        Ok(r) => Some(r),
        Err(_) => {
            errors.push(error("role", "Choose a role."));
            None
        }
    };
    let mut ids = Vec::new();
    for raw in schools {
        match raw.parse::<i32>().map(SchoolId) {
            Ok(id) if district_schools.contains(&id) => ids.push(id),
            _ => errors.push(error(
                "schools",
                "One of the chosen schools does not exist.",
            )),
        }
    }
    ids.sort();
    ids.dedup();
    let role = role?;
    if role == Role::DistrictAdmin {
        ids.clear();
    } else if ids.is_empty() {
        errors.push(error(
            "schools",
            "Choose at least one school: coordinators and viewers only see their schools.",
        ));
        return None;
    }
    Some(Access { role, schools: ids })
}

/// Parses the invitation form, collecting every problem.
pub fn parse_invite(
    form: &InviteForm,
    district_schools: &[SchoolId],
) -> Result<Invite, Vec<FieldError>> {
    let mut errors = Vec::new();
    let email = Email::parse(&form.email)
        .map_err(|e| errors.push(error("email", e.to_string())))
        .ok();
    let name = LabelText::parse(&form.display_name, "name", 120)
        .map_err(|e| errors.push(error("display_name", e.to_string())))
        .ok();
    let access = parse_access(&form.role, &form.schools, district_schools, &mut errors);
    match (email, name, access) {
        (Some(email), Some(display_name), Some(access)) if errors.is_empty() => Ok(Invite {
            email,
            display_name,
            access,
        }),
        _ => Err(errors),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn coordinators_need_schools_of_the_district() {
        let district = [SchoolId(1), SchoolId(2)];
        let mut errors = Vec::new();
        assert!(parse_access("school_coordinator", &[], &district, &mut errors).is_none());
        assert!(errors[0].message.contains("at least one school"));
        let mut errors = Vec::new();
        assert!(parse_access("viewer", &["9".into()], &district, &mut errors).is_none());
        assert!(errors[0].message.contains("does not exist"));
        let mut errors = Vec::new();
        let admin = parse_access("district_admin", &["1".into()], &district, &mut errors).unwrap();
        assert!(admin.schools.is_empty() && errors.is_empty());
    }

    #[test]
    fn invite_collects_every_problem() {
        let form = InviteForm {
            email: "nope".into(),
            display_name: " ".into(),
            role: "boss".into(),
            schools: vec![],
        };
        let errors = parse_invite(&form, &[]).unwrap_err();
        let fields: Vec<&str> = errors.iter().map(|e| e.field.as_str()).collect();
        assert_eq!(fields, ["email", "display_name", "role"]);
    }
}

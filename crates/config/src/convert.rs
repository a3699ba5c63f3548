//! Validated raw entries → the domain types.

use super::parse::Located;
use crate::model::region::{Krt, Person, System, Team};

pub(super) fn person(p: &Located<super::schema::RawPerson>) -> Person {
    let v = &p.value;
    Person {
        account: v.account.get_ref().clone(),
        name: v.name.clone(),
        phone: v.phone.get_ref().clone(),
        email: v.email.get_ref().clone(),
        roles: v.roles.get_ref().clone(),
    }
}

pub(super) fn team(t: &Located<super::schema::RawTeam>) -> Team {
    let v = &t.value;
    Team {
        id: v.id.get_ref().clone(),
        name: v.name.clone(),
        kind: v.kind,
        members: v.members.iter().map(|m| m.get_ref().clone()).collect(),
        phone: v.phone.as_ref().map(|p| p.get_ref().clone()),
        coverage: None,
        rotations: Vec::new(),
        escalation: None,
    }
}

pub(super) fn system(
    s: &Located<super::schema::RawSystem>,
    checks: Vec<crate::model::check::CheckSpec>,
) -> System {
    let v = &s.value;
    System {
        id: v.id.get_ref().clone(),
        name: v.name.clone(),
        description: v.description.clone(),
        category: v.category,
        criticality: v.criticality,
        krt: Krt {
            confidentiality: *v.krt.confidentiality.get_ref(),
            integrity: *v.krt.integrity.get_ref(),
            availability: *v.krt.availability.get_ref(),
        },
        owner_team: v.owner_team.get_ref().clone(),
        supplier_team: v.supplier_team.as_ref().map(|t| t.get_ref().clone()),
        depends_on: v.depends_on.iter().map(|d| d.get_ref().clone()).collect(),
        care_units: v.care_units.clone(),
        runbooks: v.runbooks.iter().map(|r| r.get_ref().clone()).collect(),
        checks,
    }
}

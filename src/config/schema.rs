//! The TOML schema as written by people: spanned where a later check must point at the
//! value. Unknown fields are errors. See docs/configuration.md for every key.

use crate::model::region::{Category, Criticality, Language, TeamKind};
use crate::model::role::Role;
use serde::Deserialize;
use toml::Spanned;

/// The keys a table accepts, so that every unknown key in an entry can be reported (serde
/// stops at the first). Kept in step with the structs by a test.
pub trait KnownKeys {
    const KEYS: &'static [&'static str];
}

macro_rules! known_keys {
    ($t:ty: $($k:literal),+ $(,)?) => {
        impl KnownKeys for $t {
            const KEYS: &'static [&'static str] = &[$($k),+];
        }
    };
}

known_keys!(RawSite: "name", "care_provider", "organisation_number", "department",
    "lex_maria_responsible", "time_zone", "language", "runbooks_dir", "allow_actor_override");
known_keys!(RawStorage: "database");
known_keys!(RawPerson: "account", "name", "phone", "email", "roles");
known_keys!(RawTeam: "id", "name", "kind", "members", "phone");
known_keys!(RawSystem: "id", "name", "description", "category", "criticality", "krt",
    "owner_team", "supplier_team", "depends_on", "care_units", "runbooks");

/// Top-level keys, in the order the docs list them.
pub const TOP_LEVEL_KEYS: &[&str] = &["include", "site", "storage", "people", "teams", "systems"];

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSite {
    pub name: String,
    pub care_provider: String,
    pub organisation_number: Spanned<String>,
    pub department: String,
    pub lex_maria_responsible: Spanned<String>,
    pub time_zone: Option<Spanned<String>>,
    pub language: Option<Language>,
    pub runbooks_dir: Option<Spanned<String>>,
    pub allow_actor_override: Option<Spanned<bool>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawStorage {
    pub database: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawPerson {
    pub account: Spanned<String>,
    pub name: String,
    pub phone: Spanned<String>,
    pub email: Spanned<String>,
    pub roles: Spanned<Vec<Role>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawTeam {
    pub id: Spanned<String>,
    pub name: String,
    pub kind: TeamKind,
    #[serde(default)]
    pub members: Vec<Spanned<String>>,
    pub phone: Option<Spanned<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawKrt {
    pub confidentiality: Spanned<u8>,
    pub integrity: Spanned<u8>,
    pub availability: Spanned<u8>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawSystem {
    pub id: Spanned<String>,
    pub name: String,
    #[serde(default)]
    pub description: String,
    pub category: Category,
    pub criticality: Criticality,
    pub krt: RawKrt,
    pub owner_team: Spanned<String>,
    pub supplier_team: Option<Spanned<String>>,
    #[serde(default)]
    pub depends_on: Vec<Spanned<String>>,
    #[serde(default)]
    pub care_units: Vec<String>,
    #[serde(default)]
    pub runbooks: Vec<Spanned<String>>,
}

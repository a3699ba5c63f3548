//! `config.applied` in words: the configuration in force and what changed (split from
//! `events.rs`, the presenter of every other kind).

use super::Lang;
use super::words::sv_en;
use crate::model::payload as p;

/// `config.applied`: the digest, the files, and each change in words.
pub fn describe(lang: Lang, c: &p::ConfigApplied) -> String {
    use p::ConfigChange as C;
    let short = c.digest.get(..12).unwrap_or(&c.digest);
    let mut s = sv_en(
        lang,
        format!(
            "konfigurationen i kraft: {short} ({} filer, {} personer, {} team)",
            c.files.len(),
            c.people.len(),
            c.teams.len()
        ),
        format!(
            "configuration in force: {short} ({} files, {} people, {} teams)",
            c.files.len(),
            c.people.len(),
            c.teams.len()
        ),
    );
    let list = |v: &[String]| {
        if v.is_empty() {
            "–".to_string()
        } else {
            v.join(", ")
        }
    };
    for change in &c.changes {
        let words = match change {
            C::PersonAdded { account, roles } => sv_en(
                lang,
                format!("ny person {account} ({})", list(roles)),
                format!("new person {account} ({})", list(roles)),
            ),
            C::PersonRemoved { account } => sv_en(
                lang,
                format!("{account} borttagen"),
                format!("{account} removed"),
            ),
            C::RolesChanged { account, from, to } => sv_en(
                lang,
                format!("{account}: roller {} → {}", list(from), list(to)),
                format!("{account}: roles {} → {}", list(from), list(to)),
            ),
            C::TeamAdded { team } => sv_en(
                lang,
                format!("nytt team {team}"),
                format!("new team {team}"),
            ),
            C::TeamRemoved { team } => sv_en(
                lang,
                format!("team {team} borttaget"),
                format!("team {team} removed"),
            ),
            C::MembersChanged { team, from, to } => sv_en(
                lang,
                format!("{team}: medlemmar {} → {}", list(from), list(to)),
                format!("{team}: members {} → {}", list(from), list(to)),
            ),
            C::RotaChanged { team } => sv_en(
                lang,
                format!("{team}: jourschema eller eskalering ändrat"),
                format!("{team}: rota or escalation changed"),
            ),
        };
        s.push_str("; ");
        s.push_str(&words);
    }
    s
}

//! The router's choices instead of ids (status, milestone, role, person, severity) and a
//! time as a person checks it before it is saved (`tui::picker`: the picker itself).

use super::App;
use crate::tui::picker::*;

impl App {
    /// The incident statuses, in words, for an incident now in `current`.
    pub(super) fn status_picker(&self, current: Option<crate::model::incident::Status>) -> Picker {
        use crate::model::incident::Status;
        // The cursor starts on the status after the incident's own (investigating →
        // identified → monitoring → resolved → closed); every status keeps its number.
        let next =
            current.and_then(|c| Status::ALL.iter().skip_while(|s| **s != c).nth(1).copied());
        let picker = Picker::new(
            Status::ALL
                .iter()
                .map(|s| {
                    (
                        s.as_str().to_string(),
                        crate::i18n::events::status(self.lang, *s).to_string(),
                    )
                })
                .collect(),
        );
        match next {
            Some(n) => picker.at_value(n.as_str()),
            None => picker,
        }
    }

    /// The milestones, in words.
    pub(super) fn milestone_picker(&self) -> Picker {
        Picker::new(
            crate::model::incident::Milestone::ALL
                .iter()
                .map(|m| {
                    (
                        m.as_str().to_string(),
                        crate::i18n::events::milestone(self.lang, *m).to_string(),
                    )
                })
                .collect(),
        )
    }

    /// The region's incident roles by name.
    pub(super) fn role_picker(&self) -> Picker {
        Picker::new(
            self.region
                .incident_roles
                .iter()
                .map(|r| (r.id.clone(), r.name.clone()))
                .collect(),
        )
    }

    /// The region's people, by name with their account.
    /// The region's people for an incident role: those whose roles let them work an
    /// incident (commander, on-call engineer, physician, admin) first, by name; viewers and
    /// ward staff after them. Typing finds a person by name or account (`Picker::seek`).
    pub(super) fn person_picker(&self) -> Picker {
        use crate::model::role::Role;
        let mut people: Vec<(bool, String, String)> = self
            .region
            .people
            .iter()
            .map(|p| {
                let works_incidents = p.roles.iter().any(|r| {
                    matches!(
                        r,
                        Role::Commander | Role::Operator | Role::Physician | Role::Admin
                    )
                });
                (
                    !works_incidents,
                    p.account.clone(),
                    format!("{} ({})", p.name, p.account),
                )
            })
            .collect();
        people.sort_by(|a, b| (a.0, &a.2).cmp(&(b.0, &b.2)));
        Picker::new(people.into_iter().map(|(_, v, l)| (v, l)).collect())
            .at_value(&self.user.account)
    }

    /// The region's severities by name, the most severe first (the default).
    pub(super) fn severity_picker(&self) -> Picker {
        Picker::new(
            self.region
                .severities
                .iter()
                .map(|s| (s.id.clone(), s.name.clone()))
                .collect(),
        )
    }
}

impl App {
    /// A time as a person checks it before it is saved: "kl. 10:30 i dag, 6 dec",
    /// "kl. 23:50 i går, 5 dec", "kl. 08:00, 1 dec 2025" (in English "at 10:30 today, 6 Dec").
    pub(super) fn when_in_words(&self, at: chrono::DateTime<chrono::Utc>) -> String {
        use crate::i18n::{Lang, T};
        use chrono::Datelike;
        let tz = self.region.site.time_zone;
        let (at, now) = (at.with_timezone(&tz), self.now.with_timezone(&tz));
        const SV: [&str; 12] = [
            "jan", "feb", "mars", "apr", "maj", "juni", "juli", "aug", "sep", "okt", "nov", "dec",
        ];
        const EN: [&str; 12] = [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
        ];
        let month = match self.lang {
            Lang::Sv => SV[at.month0() as usize],
            Lang::En => EN[at.month0() as usize],
        };
        let mut date = format!("{} {month}", at.day());
        if at.year() != now.year() {
            date.push_str(&format!(" {}", at.year()));
        }
        let days = (now.date_naive() - at.date_naive()).num_days();
        let day = match days {
            0 => format!(" {}", self.lang.t(T::Today)),
            1 => format!(" {}", self.lang.t(T::Yesterday)),
            _ => String::new(),
        };
        let clock = at.format("%H:%M");
        match self.lang {
            Lang::Sv => format!("kl. {clock}{day}, {date}"),
            Lang::En => format!("at {clock}{day}, {date}"),
        }
    }
}

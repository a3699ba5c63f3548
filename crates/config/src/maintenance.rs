//! Maintenance windows from the configuration: one-off or weekly, validated with a located
//! problem for every mistake (the checks are in checks.rs).

use super::checker::Checker;
use super::checks::duration;
use super::schema::RawMaintenance;
use crate::model::maintenance::{MaintenanceWindow, Schedule, parse_weekday};
use crate::model::timespec::parse_time;
use chrono::{NaiveTime, Utc};
use chrono_tz::Tz;
use std::time::Duration;
use toml::Spanned;

pub fn maintenance(
    c: &mut Checker<'_>,
    file: usize,
    span: std::ops::Range<usize>,
    raw: &RawMaintenance,
    tz: Tz,
) -> Option<MaintenanceWindow> {
    let one_off = raw.from.is_some() || raw.to.is_some();
    let weekly = raw.weekdays.is_some() || raw.start.is_some() || raw.duration.is_some();
    let schedule = match (one_off, weekly) {
        (true, false) => {
            let (Some(from), Some(to)) = (&raw.from, &raw.to) else {
                c.error(
                    file,
                    span,
                    "a one-off window needs both `from` and `to`".into(),
                    Some(
                        "e.g. from = \"2026-12-01 22:00\", to = \"2026-12-02 02:00\" (local time)"
                            .into(),
                    ),
                );
                return None;
            };
            let now = Utc::now();
            let mut at = |v: &Spanned<String>| match parse_time(v.get_ref(), tz, now) {
                Ok(t) => Some(t),
                Err(e) => {
                    c.error(
                        file,
                        v.span(),
                        format!("`{}` is not a time", v.get_ref()),
                        Some(e.to_string()),
                    );
                    None
                }
            };
            let (from_t, to_t) = (at(from)?, at(to)?);
            if to_t <= from_t {
                c.error(
                    file,
                    to.span(),
                    "the window ends before it starts".into(),
                    Some("`to` must be after `from`".into()),
                );
                return None;
            }
            Schedule::Once {
                from: from_t,
                to: to_t,
            }
        }
        (false, true) => {
            let (Some(days), Some(start), Some(length)) =
                (&raw.weekdays, &raw.start, &raw.duration)
            else {
                c.error(
                    file,
                    span,
                    "a weekly window needs `weekdays`, `start` and `duration`".into(),
                    Some("e.g. weekdays = [\"tue\"], start = \"22:00\", duration = \"2h\"".into()),
                );
                return None;
            };
            let mut weekdays = Vec::new();
            for d in days {
                match parse_weekday(d.get_ref()) {
                    Some(w) => weekdays.push(w),
                    None => c.error(
                        file,
                        d.span(),
                        format!("`{}` is not a weekday", d.get_ref()),
                        Some("mon … sun, or måndag … söndag".into()),
                    ),
                }
            }
            let Ok(start_time) = NaiveTime::parse_from_str(start.get_ref(), "%H:%M") else {
                c.error(
                    file,
                    start.span(),
                    format!("`{}` is not a time of day", start.get_ref()),
                    Some("HH:MM in the site's time zone, e.g. \"22:00\"".into()),
                );
                return None;
            };
            let length = duration(c, file, &Some(length.clone()), Duration::from_secs(3600));
            if weekdays.is_empty() {
                return None;
            }
            Schedule::Weekly {
                weekdays,
                start: start_time,
                duration: chrono::Duration::from_std(length).ok()?,
            }
        }
        _ => {
            c.error(file, span, "a maintenance window is either one-off (`from`, `to`) or weekly (`weekdays`, `start`, `duration`)".into(), None);
            return None;
        }
    };
    Some(MaintenanceWindow {
        systems: raw.systems.iter().map(|s| s.get_ref().clone()).collect(),
        schedule,
        reason: raw.reason.clone(),
    })
}

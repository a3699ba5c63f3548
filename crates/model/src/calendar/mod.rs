//! On-call calendars (`oncall import-ics`): an exported calendar becomes a set of series,
//! each naming exactly one person and keeping its own recurrence (RRULE, RDATE, EXDATE)
//! in its own time zone. The series are stored in the log as they are; who is on call at
//! any instant, past or future, is worked out from them when asked. A shift's length is its
//! local DTSTART → DTEND (or DURATION), so a series that starts before a daylight-saving
//! change keeps its 08:00 handoffs after it.
//!
//! Nothing is guessed: an event that names nobody or more than one person, an unknown time
//! zone, or an unreadable recurrence refuses the whole file, each problem naming the event
//! (UID, SUMMARY, line).

pub mod lines;
pub mod people;
pub mod problem;
pub mod zones;

use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;
use lines::{Component, Property};
use serde::{Deserialize, Serialize};

use super::region::Region;

/// The longest shift accepted: longer is a mistake in the file, not a shift.
pub const MAX_SHIFT_DAYS: i64 = 366;

/// One calendar event with its recurrence, naming one person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Series {
    pub uid: String,
    pub summary: String,
    pub person: String,
    /// Line of its BEGIN:VEVENT in the file.
    pub line: usize,
    /// The IANA zone of its start (`UTC` for UTC times).
    pub zone: String,
    /// The first start, wall-clock time in `zone`.
    pub start: NaiveDateTime,
    /// The length in wall-clock time (DTEND − DTSTART as read on a clock in `zone`).
    pub length_secs: i64,
    /// RRULE value, if it recurs.
    #[serde(default)]
    pub rrule: Option<String>,
    /// Extra starts (RDATE) and removed starts (EXDATE, and occurrences moved by a
    /// RECURRENCE-ID), wall-clock in `zone`.
    #[serde(default)]
    pub rdates: Vec<NaiveDateTime>,
    #[serde(default)]
    pub exdates: Vec<NaiveDateTime>,
}

/// One occurrence: who, from, to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Occurrence {
    pub person: String,
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    /// A single event or a moved occurrence (wins over a series at the same time).
    pub single: bool,
}

pub use problem::{CalendarProblem, Issue, Place, TimeFault};

fn local(zone: &str) -> Option<Tz> {
    zone.parse().ok()
}

/// The UTC instant of a wall-clock time in `tz` (the earlier one in the autumn's repeated
/// hour; a time in the spring gap moves forward by the gap).
fn at(tz: Tz, t: NaiveDateTime) -> Option<DateTime<Utc>> {
    tz.from_local_datetime(&t)
        .earliest()
        .or_else(|| {
            let later = t.checked_add_signed(Duration::hours(1))?;
            tz.from_local_datetime(&later).earliest()
        })
        .map(|x| x.with_timezone(&Utc))
}

impl Series {
    /// Occurrences that overlap [from, to).
    pub fn occurrences(
        &self,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Result<Vec<Occurrence>, String> {
        let tz = local(&self.zone).ok_or_else(|| format!("unknown time zone {}", self.zone))?;
        let length = Duration::try_seconds(self.length_secs.clamp(0, MAX_SHIFT_DAYS * 86_400))
            .unwrap_or_default();
        let mut starts: Vec<NaiveDateTime> = Vec::new();
        match &self.rrule {
            None => starts.push(self.start),
            Some(rule) => {
                let text = format!(
                    "DTSTART;TZID={}:{}\nRRULE:{rule}",
                    tz.name(),
                    self.start.format("%Y%m%dT%H%M%S")
                );
                let set: rrule::RRuleSet = text.parse().map_err(|e| format!("{e}"))?;
                let rtz = rrule::Tz::Tz(tz);
                // Occurrences that start up to one shift length before `from` overlap it.
                let lo = from
                    .checked_sub_signed(length + Duration::days(1))
                    .unwrap_or(from)
                    .with_timezone(&rtz);
                let hi = to.with_timezone(&rtz);
                // The iterator runs for ever on an endless rule: stop past `hi` ourselves.
                for d in set.after(lo).into_iter().take(100_000) {
                    if d > hi {
                        break;
                    }
                    starts.push(d.naive_local());
                }
            }
        }
        starts.extend(self.rdates.iter().copied());
        starts.retain(|s| !self.exdates.contains(s));
        starts.sort();
        starts.dedup();
        Ok(starts
            .into_iter()
            .filter_map(|s| {
                let f = at(tz, s)?;
                let t = at(tz, s.checked_add_signed(length)?)?;
                (t > from && f < to).then(|| Occurrence {
                    person: self.person.clone(),
                    from: f,
                    to: t,
                    single: self.rrule.is_none(),
                })
            })
            .collect())
    }
}

/// A date-time value of a property: (zone, wall-clock time, whether it was a DATE).
fn datetime(
    p: &Property,
    zones: &zones::Zones,
    site: Tz,
) -> Result<(String, NaiveDateTime, bool), TimeFault> {
    let value = p.value.trim();
    let is_date = p
        .param("VALUE")
        .is_some_and(|v| v.eq_ignore_ascii_case("DATE"))
        || (value.len() == 8 && value.bytes().all(|b| b.is_ascii_digit()));
    if is_date {
        let d = NaiveDate::parse_from_str(value, "%Y%m%d").map_err(|_| TimeFault::NotADate {
            prop: p.name.clone(),
            value: value.to_string(),
        })?;
        let zone = match p.param("TZID") {
            Some(id) => zones.resolve(id)?.name().to_string(),
            None => site.name().to_string(),
        };
        return Ok((zone, d.and_time(chrono::NaiveTime::MIN), true));
    }
    if let Some(utc) = value.strip_suffix('Z') {
        let t = NaiveDateTime::parse_from_str(utc, "%Y%m%dT%H%M%S").map_err(|_| {
            TimeFault::NotADateTime {
                prop: p.name.clone(),
                value: value.to_string(),
            }
        })?;
        return Ok(("UTC".into(), t, false));
    }
    let t = NaiveDateTime::parse_from_str(value, "%Y%m%dT%H%M%S").map_err(|_| {
        TimeFault::NotADateTime {
            prop: p.name.clone(),
            value: value.to_string(),
        }
    })?;
    let zone = match p.param("TZID") {
        Some(id) => zones.resolve(id)?.name().to_string(),
        None => site.name().to_string(), // floating: the site's zone
    };
    Ok((zone, t, false))
}

/// A list property's values (`EXDATE;TZID=X:a,b`) as wall-clock times in `zone`; a DATE
/// takes the series' time of day.
fn times_in(
    p: &Property,
    zone: &str,
    time_of_day: chrono::NaiveTime,
    zones: &zones::Zones,
    site: Tz,
) -> Result<Vec<NaiveDateTime>, TimeFault> {
    let tz = local(zone).ok_or_else(|| TimeFault::UnknownZone(zone.to_string()))?;
    let mut out = Vec::new();
    for v in p.value.split(',').filter(|v| !v.trim().is_empty()) {
        let one = Property {
            value: v.trim().to_string(),
            ..p.clone()
        };
        let (z, t, is_date) = datetime(&one, zones, site)?;
        if is_date {
            out.push(t.date().and_time(time_of_day));
        } else if z == zone {
            out.push(t);
        } else {
            let ztz = local(&z).ok_or_else(|| TimeFault::UnknownZone(z.clone()))?;
            let utc = at(ztz, t).ok_or_else(|| TimeFault::NoSuchTime {
                value: v.trim().to_string(),
                zone: z.clone(),
            })?;
            out.push(utc.with_timezone(&tz).naive_local());
        }
    }
    Ok(out)
}

/// An ISO 8601 / RFC 5545 duration (`P1D`, `PT12H`, `P1W`, `P1DT2H30M`, `-PT5M`).
pub fn duration(text: &str) -> Option<Duration> {
    let t = text.trim();
    let (sign, t) = match t.strip_prefix('-') {
        Some(rest) => (-1, rest),
        None => (1, t.strip_prefix('+').unwrap_or(t)),
    };
    let t = t.strip_prefix('P')?;
    let mut total = 0i64;
    let mut number = String::new();
    let mut in_time = false;
    let mut any = false;
    for c in t.chars() {
        match c {
            'T' => in_time = true,
            '0'..='9' => number.push(c),
            unit => {
                let n: i64 = number.parse().ok()?;
                number.clear();
                let unit = match (unit, in_time) {
                    ('W', false) => 7 * 86_400,
                    ('D', false) => 86_400,
                    ('H', true) => 3_600,
                    ('M', true) => 60,
                    ('S', true) => 1,
                    _ => return None,
                };
                total = total.checked_add(n.checked_mul(unit)?)?;
                any = true;
            }
        }
    }
    if !any || !number.is_empty() {
        return None;
    }
    Duration::try_seconds(sign * total)
}

fn place(e: &Component) -> Place {
    Place::Event {
        summary: e.value("SUMMARY").map(str::to_string),
        uid: e.value("UID").map(str::to_string),
        line: e.line,
    }
}

/// Reads a calendar export into series, every event naming exactly one person of the
/// region. All or nothing: every problem is listed.
pub fn parse(text: &str, region: &Region) -> Result<Vec<Series>, Vec<CalendarProblem>> {
    let file_problem = |issue: Issue| {
        vec![CalendarProblem {
            place: Place::File,
            issue,
        }]
    };
    let calendars = lines::calendars(text).map_err(|e| file_problem(Issue::Unreadable(e)))?;
    let site = region.site.time_zone;
    let mut series: Vec<Series> = Vec::new();
    let mut problems = Vec::new();
    let mut moved: Vec<(String, NaiveDateTime, String)> = Vec::new();
    let mut seen_events = 0;
    for cal in &calendars {
        let zones = zones::Zones::from_calendar(cal);
        for e in cal.children.iter().filter(|c| c.name == "VEVENT") {
            seen_events += 1;
            if e.value("STATUS")
                .is_some_and(|s| s.trim().eq_ignore_ascii_case("CANCELLED"))
            {
                continue;
            }
            let what = place(e);
            match event_series(e, region, &zones, site) {
                Ok(s) => {
                    if let Some(rid) = e.get("RECURRENCE-ID") {
                        // A moved or swapped occurrence of a series: remove the original.
                        match datetime(rid, &zones, site) {
                            Ok((zone, t, _)) => moved.push((s.uid.clone(), t, zone)),
                            Err(fault) => problems.push(CalendarProblem {
                                place: what.clone(),
                                issue: Issue::Time {
                                    prop: "RECURRENCE-ID",
                                    fault,
                                },
                            }),
                        }
                        series.push(Series { rrule: None, ..s });
                    } else {
                        series.push(s);
                    }
                }
                Err(issue) => problems.push(CalendarProblem { place: what, issue }),
            }
        }
    }
    for (uid, t, zone) in moved {
        for s in series
            .iter_mut()
            .filter(|s| s.uid == uid && s.rrule.is_some())
        {
            let t = if s.zone == zone {
                Some(t)
            } else {
                local(&zone)
                    .and_then(|z| at(z, t))
                    .zip(local(&s.zone))
                    .map(|(u, tz)| u.with_timezone(&tz).naive_local())
            };
            if let Some(t) = t {
                s.exdates.push(t);
            }
        }
    }
    if seen_events == 0 {
        problems.extend(file_problem(Issue::NoEvents));
    }
    if problems.is_empty() {
        Ok(series)
    } else {
        Err(problems)
    }
}

fn event_series(
    e: &Component,
    region: &Region,
    zones: &zones::Zones,
    site: Tz,
) -> Result<Series, Issue> {
    let time = |prop: &'static str| move |fault: TimeFault| Issue::Time { prop, fault };
    let Some(start_p) = e.get("DTSTART") else {
        return Err(Issue::NoStart);
    };
    let (zone, start, is_date) = datetime(start_p, zones, site).map_err(time("DTSTART"))?;
    let tz = local(&zone).ok_or_else(|| time("DTSTART")(TimeFault::UnknownZone(zone.clone())))?;
    let length = if let Some(end_p) = e.get("DTEND") {
        let (end_zone, end, _) = datetime(end_p, zones, site).map_err(time("DTEND"))?;
        if end_zone == zone {
            end - start
        } else {
            let ez = local(&end_zone)
                .ok_or_else(|| time("DTEND")(TimeFault::UnknownZone(end_zone.clone())))?;
            match (at(tz, start), at(ez, end)) {
                (Some(s), Some(t)) => t - s,
                _ => return Err(Issue::NoLocalTime),
            }
        }
    } else if let Some(d) = e.value("DURATION") {
        duration(d).ok_or_else(|| Issue::BadDuration(d.to_string()))?
    } else if is_date {
        Duration::days(1) // an all-day event without an end lasts its day
    } else {
        return Err(Issue::NoEnd);
    };
    if length <= Duration::zero() {
        return Err(Issue::EndsBeforeStart);
    }
    if length > Duration::days(MAX_SHIFT_DAYS) {
        return Err(Issue::TooLong {
            days: MAX_SHIFT_DAYS,
        });
    }
    let candidates = people::candidates(region, e);
    let person = match candidates.as_slice() {
        [one] => one.clone(),
        [] => return Err(Issue::NamesNobody),
        many => return Err(Issue::NamesMany(many.to_vec())),
    };
    let mut exdates = Vec::new();
    let mut rdates = Vec::new();
    for p in e.all("EXDATE") {
        exdates.extend(times_in(p, &zone, start.time(), zones, site).map_err(time("EXDATE"))?);
    }
    for p in e.all("RDATE") {
        rdates.extend(times_in(p, &zone, start.time(), zones, site).map_err(time("RDATE"))?);
    }
    let rrule = e.value("RRULE").map(|r| r.trim().to_string());
    let s = Series {
        uid: e.value("UID").unwrap_or_default().trim().to_string(),
        summary: e.value("SUMMARY").unwrap_or_default().to_string(),
        person,
        line: e.line,
        zone,
        start,
        length_secs: length.num_seconds(),
        rrule,
        rdates,
        exdates,
    };
    // The recurrence must be readable now, not when someone asks at 03:00.
    let probe = at(tz, start).unwrap_or_else(Utc::now);
    s.occurrences(
        probe,
        probe.checked_add_signed(Duration::days(1)).unwrap_or(probe),
    )
    .map_err(Issue::BadRecurrence)?;
    Ok(s)
}

#[cfg(test)]
mod tests;

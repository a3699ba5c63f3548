//! On-call (jour): rotations per team in layers, restrictions (office hours, outside them —
//! jour —, weekends), overrides, supplier coverage hours, a pure resolver "who is on call
//! for team T, layer L at instant t", and coverage gaps. Pure: no I/O, no clock.
//!
//! Handoffs happen at local wall-clock time in the rotation's time zone. Shifts counted in
//! days or weeks follow the calendar (a weekly handoff is Monday 08:00 summer and winter);
//! shifts counted in hours are elapsed time from the first handoff. A handoff that falls in
//! the hour skipped when clocks go forward happens when the clocks resume; one in the
//! repeated hour happens at its first occurrence.

use super::maintenance::local_start;
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc, Weekday};
use chrono_tz::Tz;

/// How long a shift lasts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Shift {
    /// Calendar days (a week is 7).
    Days(u32),
    /// Elapsed hours.
    Hours(u32),
}

impl Shift {
    /// "1w", "2d", "12h".
    pub fn parse(s: &str) -> Option<Shift> {
        let s = s.trim();
        let (n, unit) = s.split_at(s.find(|c: char| !c.is_ascii_digit())?);
        let n: u32 = n.parse().ok().filter(|n| *n > 0)?;
        match unit.trim() {
            "w" | "week" | "weeks" | "v" | "vecka" | "veckor" => n.checked_mul(7).map(Shift::Days),
            "d" | "day" | "days" | "dygn" => Some(Shift::Days(n)),
            "h" | "hour" | "hours" | "tim" => Some(Shift::Hours(n)),
            _ => None,
        }
    }

    fn approx(self) -> Duration {
        match self {
            Shift::Days(d) => Duration::days(i64::from(d)),
            Shift::Hours(h) => Duration::hours(i64::from(h)),
        }
    }
}

/// Office hours: Monday to Friday, `start` to `end` local time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct OfficeHours {
    pub start: NaiveTime,
    pub end: NaiveTime,
}

impl Default for OfficeHours {
    fn default() -> OfficeHours {
        OfficeHours {
            start: NaiveTime::from_hms_opt(8, 0, 0).unwrap_or_default(),
            end: NaiveTime::from_hms_opt(17, 0, 0).unwrap_or_default(),
        }
    }
}

impl OfficeHours {
    /// "08:00-17:00".
    pub fn parse(s: &str) -> Option<OfficeHours> {
        let (a, b) = s.split_once('-')?;
        let p = |x: &str| NaiveTime::parse_from_str(x.trim(), "%H:%M").ok();
        let (start, end) = (p(a)?, p(b)?);
        (start < end).then_some(OfficeHours { start, end })
    }

    pub fn contains(&self, t: DateTime<Utc>, tz: Tz) -> bool {
        let local = t.with_timezone(&tz);
        let weekday = !matches!(local.weekday(), Weekday::Sat | Weekday::Sun);
        let time = local.time();
        weekday && self.start <= time && time < self.end
    }
}

/// When a rotation (or a supplier) is on call at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum Hours {
    Always,
    OfficeHours,
    /// Outside office hours: evenings, nights, weekends (jour).
    OutsideOfficeHours,
    /// Saturday 00:00 to Monday 00:00.
    Weekends,
}

impl Hours {
    pub fn parse(s: &str) -> Option<Hours> {
        match s.trim() {
            "24/7" | "always" | "dygnet-runt" => Some(Hours::Always),
            "office-hours" | "kontorstid" => Some(Hours::OfficeHours),
            "outside-office-hours" | "jour" => Some(Hours::OutsideOfficeHours),
            "weekends" | "helger" => Some(Hours::Weekends),
            _ => None,
        }
    }

    pub const NAMES: &'static str =
        "\"24/7\", \"office-hours\", \"outside-office-hours\" (jour) or \"weekends\"";

    pub fn contains(self, t: DateTime<Utc>, tz: Tz, office: OfficeHours) -> bool {
        match self {
            Hours::Always => true,
            Hours::OfficeHours => office.contains(t, tz),
            Hours::OutsideOfficeHours => !office.contains(t, tz),
            Hours::Weekends => {
                matches!(t.with_timezone(&tz).weekday(), Weekday::Sat | Weekday::Sun)
            }
        }
    }
}

/// One layer of a team's rota.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Rotation {
    pub team: String,
    pub layer: String,
    pub members: Vec<String>,
    pub shift: Shift,
    /// The weekday of handoffs (weekly rotas); `None` hands off every day at `handoff_time`.
    pub handoff_weekday: Option<Weekday>,
    pub handoff_time: NaiveTime,
    /// The rota starts with its first member at the first handoff on or after this date.
    pub start: NaiveDate,
    pub tz: Tz,
    pub only: Hours,
}

impl Rotation {
    fn anchor_date(&self) -> NaiveDate {
        match self.handoff_weekday {
            None => self.start,
            Some(w) => {
                let ahead = (7 + w.num_days_from_monday() as i64
                    - self.start.weekday().num_days_from_monday() as i64)
                    % 7;
                self.start + Duration::days(ahead)
            }
        }
    }

    /// The k-th handoff (k may be negative: before the first one, the rota runs backwards).
    pub fn handoff(&self, k: i64) -> DateTime<Utc> {
        let anchor = self.anchor_date();
        match self.shift {
            Shift::Days(d) => {
                let date = anchor + Duration::days(k.saturating_mul(i64::from(d)));
                local_start(date, self.handoff_time, self.tz).unwrap_or(DateTime::<Utc>::MIN_UTC)
            }
            Shift::Hours(h) => {
                local_start(anchor, self.handoff_time, self.tz).unwrap_or(DateTime::<Utc>::MIN_UTC)
                    + Duration::hours(k.saturating_mul(i64::from(h)))
            }
        }
    }

    /// The shift that covers `t`: handoff index k with handoff(k) <= t < handoff(k+1).
    pub fn shift_at(&self, t: DateTime<Utc>) -> i64 {
        let first = self.handoff(0);
        let period = self.shift.approx().num_seconds().max(1);
        let mut k = (t - first).num_seconds().div_euclid(period);
        while self.handoff(k) > t {
            k -= 1;
        }
        while self.handoff(k + 1) <= t {
            k += 1;
        }
        k
    }

    /// Who this layer's rota puts on call at `t` (ignoring overrides), if anyone.
    pub fn member_at(&self, t: DateTime<Utc>, office: OfficeHours) -> Option<&str> {
        if self.members.is_empty() || !self.only.contains(t, self.tz, office) {
            return None;
        }
        let k = self.shift_at(t);
        let n = self.members.len() as i64;
        self.members
            .get(k.rem_euclid(n) as usize)
            .map(String::as_str)
    }
}

/// A change to the rota made at run time (an event): `person` is on call for `team`'s
/// `layer` from `from` to `to`. The most recent override covering an instant wins.
#[derive(Debug, Clone, PartialEq)]
pub struct Override {
    /// The event id.
    pub id: i64,
    pub team: String,
    pub layer: String,
    pub person: String,
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub reason: String,
    pub by: String,
}

/// Who is on call and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OnCall {
    pub person: String,
    /// The override's event id, when an override put them there.
    pub via_override: Option<i64>,
}

/// A supplier team's coverage.
#[derive(Debug, Clone, PartialEq)]
pub struct SupplierCover {
    pub team: String,
    pub hours: Hours,
}

/// A window when a system has no on-call cover at all.
#[derive(Debug, Clone, PartialEq)]
pub struct Gap {
    pub system: String,
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
}

/// Everything needed to answer on-call questions.
#[derive(Debug, Clone, Default)]
pub struct Rota {
    pub rotations: Vec<Rotation>,
    pub overrides: Vec<Override>,
    pub suppliers: Vec<SupplierCover>,
    pub office: OfficeHours,
    pub tz: Option<Tz>,
}

/// How far to look for the edges of a shift.
const SEARCH: i64 = 62;

impl Rota {
    fn tz(&self) -> Tz {
        self.tz.unwrap_or(chrono_tz::Europe::Stockholm)
    }

    /// The layers of a team, in order (primary first).
    pub fn layers(&self, team: &str) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for r in self.rotations.iter().filter(|r| r.team == team) {
            if !out.contains(&r.layer.as_str()) {
                out.push(&r.layer);
            }
        }
        for o in self.overrides.iter().filter(|o| o.team == team) {
            if !out.contains(&o.layer.as_str()) {
                out.push(&o.layer);
            }
        }
        out
    }

    /// Who is on call for `team`'s `layer` at `t`.
    pub fn on_call(&self, team: &str, layer: &str, t: DateTime<Utc>) -> Option<OnCall> {
        if let Some(o) = self
            .overrides
            .iter()
            .filter(|o| o.team == team && o.layer == layer && o.from <= t && t < o.to)
            .max_by_key(|o| o.id)
        {
            return Some(OnCall {
                person: o.person.clone(),
                via_override: Some(o.id),
            });
        }
        self.rotations
            .iter()
            .filter(|r| r.team == team && r.layer == layer)
            .find_map(|r| r.member_at(t, self.office))
            .map(|p| OnCall {
                person: p.to_string(),
                via_override: None,
            })
    }

    /// Every instant in [from, to] where who is on call for `team` may change.
    pub fn boundaries(
        &self,
        team: Option<&str>,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Vec<DateTime<Utc>> {
        let mut out = vec![from, to];
        for r in self
            .rotations
            .iter()
            .filter(|r| team.is_none_or(|t| r.team == t))
        {
            let mut k = r.shift_at(from);
            loop {
                let h = r.handoff(k);
                if h > to {
                    break;
                }
                if h >= from {
                    out.push(h);
                }
                k += 1;
            }
        }
        for o in self
            .overrides
            .iter()
            .filter(|o| team.is_none_or(|t| o.team == t))
        {
            out.extend(
                [o.from, o.to]
                    .into_iter()
                    .filter(|x| *x >= from && *x <= to),
            );
        }
        // Office hours and weekends: each local day's midnight, start and end.
        let tz = self.tz();
        let mut day = from.with_timezone(&tz).date_naive() - Duration::days(1);
        let last = to.with_timezone(&tz).date_naive() + Duration::days(1);
        while day <= last {
            for time in [NaiveTime::MIN, self.office.start, self.office.end] {
                if let Some(x) = local_start(day, time, tz).filter(|x| *x >= from && *x <= to) {
                    out.push(x);
                }
            }
            day += Duration::days(1);
        }
        out.sort();
        out.dedup();
        out
    }

    /// The stretch around `t` during which the same person stays on call for the layer:
    /// (from, to). Looks up to two months either way.
    pub fn span(
        &self,
        team: &str,
        layer: &str,
        t: DateTime<Utc>,
    ) -> (DateTime<Utc>, DateTime<Utc>) {
        let now = self.on_call(team, layer, t);
        let lo = t - Duration::days(SEARCH);
        let hi = t + Duration::days(SEARCH);
        let b = self.boundaries(Some(team), lo, hi);
        let same = |x: DateTime<Utc>| self.on_call(team, layer, x) == now;
        let mut start = lo;
        for w in b.windows(2).rev() {
            if w[1] <= t && !same(w[0]) {
                start = w[1];
                break;
            }
        }
        let mut end = hi;
        for x in b.iter().filter(|x| **x > t) {
            if !same(*x) {
                end = *x;
                break;
            }
        }
        (start, end)
    }

    /// Who comes next for the layer after the current stretch, and from when.
    pub fn next(
        &self,
        team: &str,
        layer: &str,
        t: DateTime<Utc>,
    ) -> Option<(OnCall, DateTime<Utc>)> {
        let mut at = self.span(team, layer, t).1;
        for _ in 0..16 {
            if at > t + Duration::days(SEARCH) {
                return None;
            }
            match self.on_call(team, layer, at) {
                Some(o) => return Some((o, at)),
                None => at = self.span(team, layer, at).1,
            }
        }
        None
    }

    /// Supplier on-call for a supplier team at `t`.
    pub fn supplier_covers(&self, team: &str, t: DateTime<Utc>) -> bool {
        self.suppliers
            .iter()
            .any(|s| s.team == team && s.hours.contains(t, self.tz(), self.office))
    }

    /// Whether anyone covers a system at `t`: any layer of its owner team, or its supplier.
    pub fn covered(&self, owner: &str, supplier: Option<&str>, t: DateTime<Utc>) -> bool {
        self.layers(owner)
            .iter()
            .any(|l| self.on_call(owner, l, t).is_some())
            || supplier.is_some_and(|s| self.supplier_covers(s, t))
    }

    /// The windows in [from, to) when nobody covers the system.
    pub fn gaps(
        &self,
        system: &str,
        owner: &str,
        supplier: Option<&str>,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
    ) -> Vec<Gap> {
        let mut b = self.boundaries(Some(owner), from, to);
        if let Some(s) = supplier {
            b.extend(self.boundaries(Some(s), from, to));
            b.sort();
            b.dedup();
        }
        let mut out: Vec<Gap> = Vec::new();
        for w in b.windows(2) {
            if w[0] >= w[1] || self.covered(owner, supplier, w[0]) {
                continue;
            }
            match out.last_mut() {
                Some(g) if g.to == w[0] => g.to = w[1],
                _ => out.push(Gap {
                    system: system.to_string(),
                    from: w[0],
                    to: w[1],
                }),
            }
        }
        out
    }
}

#[cfg(test)]
mod tests;

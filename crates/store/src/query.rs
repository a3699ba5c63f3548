//! Reading events back, filtered.

use super::{Store, StoreError};
use crate::model::event::Event;
use crate::model::timespec::{from_storage, to_storage};
use chrono::{DateTime, Utc};
use rusqlite::Row;
use rusqlite::types::Value as SqlValue;

pub(super) const SELECT_EVENT: &str = "SELECT id, recorded_at, occurred_at, actor, os_account, \
     kind, subject, corrects, payload_version, payload, prev_hash, hash FROM events";

/// Which events to read. Times filter on when the event happened (`occurred_at`).
#[derive(Debug, Clone, Default)]
pub struct EventFilter {
    pub since: Option<DateTime<Utc>>,
    pub until: Option<DateTime<Utc>>,
    /// Exact kinds, or a prefix ending in `.` or `*` (`diary.`, `incident.*`).
    pub kinds: Vec<String>,
    /// An exact subject, or a prefix ending in `*` (`system:*`).
    pub subject: Option<String>,
    /// Only the newest N (still returned oldest first).
    pub limit: Option<usize>,
}

pub(super) fn event_from_row(row: &Row<'_>) -> Result<Event, StoreError> {
    let time = |i: usize| -> Result<DateTime<Utc>, StoreError> {
        let text: String = row.get(i)?;
        from_storage(&text).ok_or_else(|| StoreError::Corrupt(format!("bad time {text:?}")))
    };
    let payload_text: String = row.get(9)?;
    let payload = serde_json::from_str(&payload_text)
        .map_err(|e| StoreError::Corrupt(format!("payload is not JSON: {e}")))?;
    Ok(Event {
        id: row.get(0)?,
        recorded_at: time(1)?,
        occurred_at: time(2)?,
        actor: row.get(3)?,
        os_account: row.get(4)?,
        kind: row.get(5)?,
        subject: row.get(6)?,
        corrects: row.get(7)?,
        payload_version: row.get(8)?,
        payload,
        prev_hash: row.get(10)?,
        hash: row.get(11)?,
    })
}

/// Escapes `\`, `%` and `_` for a LIKE pattern with `ESCAPE '\'`.
pub(super) fn like_escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

/// Every event about one subject, oldest first (inside a transaction too).
pub fn subject_events(
    conn: &rusqlite::Connection,
    subject: &str,
) -> Result<Vec<Event>, StoreError> {
    let mut stmt =
        conn.prepare_cached(&format!("{SELECT_EVENT} WHERE subject = ?1 ORDER BY id"))?;
    let mut rows = stmt.query([subject])?;
    let mut out = Vec::new();
    while let Some(r) = rows.next()? {
        out.push(event_from_row(r)?);
    }
    Ok(out)
}

/// `column` starting with `prefix`, as an index range (`column >= p AND column < q`, q
/// the first text after every text starting with p): a LIKE pattern cannot use the index
/// and walks the whole table.
fn prefix_range(column: &str, prefix: &str, args: &mut Vec<SqlValue>) -> String {
    args.push(SqlValue::Text(prefix.to_string()));
    match after_prefix(prefix) {
        Some(upper) => {
            args.push(SqlValue::Text(upper));
            format!("({column} >= ? AND {column} < ?)")
        }
        None => format!("{column} >= ?"),
    }
}

/// The least text greater than every text starting with `prefix` (SQLite compares text
/// byte by byte, which for UTF-8 is code-point order); `None` when there is none.
fn after_prefix(prefix: &str) -> Option<String> {
    let mut chars: Vec<char> = prefix.chars().collect();
    while let Some(last) = chars.pop() {
        let mut next = last as u32 + 1;
        while next <= char::MAX as u32 {
            if let Some(c) = char::from_u32(next) {
                chars.push(c);
                return Some(chars.into_iter().collect());
            }
            next += 1;
        }
    }
    None
}

impl Store {
    /// Events matching `filter`, oldest first (by id).
    pub fn events(&self, filter: &EventFilter) -> Result<Vec<Event>, StoreError> {
        let mut clauses: Vec<String> = Vec::new();
        let mut args: Vec<SqlValue> = Vec::new();
        if let Some(since) = filter.since {
            clauses.push("occurred_at >= ?".into());
            args.push(SqlValue::Text(to_storage(since)));
        }
        if let Some(until) = filter.until {
            clauses.push("occurred_at < ?".into());
            args.push(SqlValue::Text(to_storage(until)));
        }
        if !filter.kinds.is_empty() {
            let mut alternatives = Vec::new();
            for k in &filter.kinds {
                if let Some(prefix) = k.strip_suffix('*') {
                    alternatives.push(prefix_range("kind", prefix, &mut args));
                } else if k.ends_with('.') {
                    alternatives.push(prefix_range("kind", k, &mut args));
                } else {
                    alternatives.push("kind = ?".into());
                    args.push(SqlValue::Text(k.clone()));
                }
            }
            clauses.push(format!("({})", alternatives.join(" OR ")));
        }
        if let Some(subject) = &filter.subject {
            if let Some(prefix) = subject.strip_suffix('*') {
                let range = prefix_range("subject", prefix, &mut args);
                clauses.push(range);
            } else {
                clauses.push("subject = ?".into());
                args.push(SqlValue::Text(subject.clone()));
            }
        }
        let mut sql = SELECT_EVENT.to_string();
        if !clauses.is_empty() {
            sql.push_str(" WHERE ");
            sql.push_str(&clauses.join(" AND "));
        }
        match filter.limit {
            Some(n) => {
                sql = format!("SELECT * FROM ({sql} ORDER BY id DESC LIMIT {n}) ORDER BY id");
            }
            None => sql.push_str(" ORDER BY id"),
        }
        let mut stmt = self.conn.prepare(&sql)?;
        let mut rows = stmt.query(rusqlite::params_from_iter(args))?;
        let mut out = Vec::new();
        while let Some(row) = rows.next()? {
            out.push(event_from_row(row)?);
        }
        Ok(out)
    }
}

impl Store {
    /// Calls `each` for the unbroken run of events from the first one *recorded* at or after
    /// `since` to the last one recorded before `until`, by id. Backdated events stay in
    /// their place in the chain, so consecutive periods exported this way chain to each
    /// other. Returns how many events were passed on.
    pub fn each_recorded_between(
        &self,
        since: Option<DateTime<Utc>>,
        until: Option<DateTime<Utc>>,
        mut each: impl FnMut(&Event) -> std::io::Result<()>,
    ) -> Result<u64, StoreError> {
        let since = since.map(to_storage).unwrap_or_default();
        let until = until.map(to_storage).unwrap_or_else(|| "9999".to_string());
        let mut stmt = self.conn.prepare(&format!(
            "{SELECT_EVENT} WHERE id >= (SELECT coalesce(min(id), 0) FROM events WHERE \
             recorded_at >= ?1) AND id <= (SELECT coalesce(max(id), -1) FROM events WHERE \
             recorded_at < ?2) ORDER BY id"
        ))?;
        let mut rows = stmt.query([since, until])?;
        let mut n = 0;
        while let Some(row) = rows.next()? {
            let event = event_from_row(row)?;
            each(&event).map_err(StoreError::Output)?;
            n += 1;
        }
        Ok(n)
    }
}

#[cfg(test)]
mod prefix_tests {
    use super::after_prefix;

    #[test]
    fn the_range_after_a_prefix_holds_every_text_that_starts_with_it() {
        assert_eq!(after_prefix("oncall.").as_deref(), Some("oncall/"));
        assert_eq!(after_prefix("system:").as_deref(), Some("system;"));
        assert_eq!(after_prefix("ö").as_deref(), Some("÷"));
        assert_eq!(after_prefix(""), None);
        let upper = after_prefix("incident:INC-").unwrap();
        for inside in [
            "incident:INC-",
            "incident:INC-2026-0001",
            "incident:INC-\u{10FFFF}",
        ] {
            assert!(
                inside >= "incident:INC-" && inside < upper.as_str(),
                "{inside}"
            );
        }
        assert!("incident:INC." >= upper.as_str());
    }
}

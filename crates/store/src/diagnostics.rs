//! What the log's engine does, for the tests that keep it fast (issue 16: no periodic or
//! start-up query may walk the whole events table): the statements a store runs, and the
//! lines of a statement's query plan that walk the events table. Read only; the engine's
//! types stay inside the store.

use super::Store;
use rusqlite::trace::{TraceEvent, TraceEventCodes};
use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

impl Store {
    /// Starts recording every statement this store runs (their text, parameters unbound).
    pub fn record_statements(&mut self) -> Arc<Mutex<BTreeSet<String>>> {
        let seen = Arc::new(Mutex::new(BTreeSet::new()));
        let into = seen.clone();
        let _ = self.conn.trace_v2(
            TraceEventCodes::SQLITE_TRACE_STMT,
            Some(move |e: TraceEvent<'_>| {
                if let TraceEvent::Stmt(stmt, _) = e
                    && let Ok(mut seen) = into.lock()
                {
                    seen.insert(stmt.sql().into_owned());
                }
            }),
        );
        seen
    }

    /// The lines of `sql`'s query plan that walk the whole events table, or search one
    /// subject's events through the kind's index; none for a statement without a plan.
    pub fn full_scans(&self, sql: &str) -> Vec<String> {
        let trimmed = sql.trim_start();
        let upper = trimmed.to_ascii_uppercase();
        if trimmed.starts_with("--")
            || [
                "BEGIN",
                "COMMIT",
                "ROLLBACK",
                "PRAGMA",
                "SAVEPOINT",
                "RELEASE",
            ]
            .iter()
            .any(|k| upper.starts_with(k))
        {
            return Vec::new();
        }
        let Ok(mut stmt) = self.conn.prepare(&format!("EXPLAIN QUERY PLAN {sql}")) else {
            return vec![format!("no query plan for: {sql}")];
        };
        // Parameters stay unbound (NULL): the plan does not depend on their values.
        for i in 1..=stmt.parameter_count() {
            let _ = stmt.raw_bind_parameter(i, rusqlite::types::Null);
        }
        let mut rows = stmt.raw_query();
        let mut scans = Vec::new();
        while let Ok(Some(row)) = rows.next() {
            let detail: String = row.get(3).unwrap_or_default();
            if std::env::var_os("PLANS_DEBUG").is_some() && detail.contains("SCAN") {
                eprintln!("{detail}  ⇐  {}", sql.trim());
            }
            if detail == "SCAN events" || detail.starts_with("SCAN events ") {
                scans.push(detail);
            } else if detail.contains("USING INDEX events_by_kind (kind=?)")
                && upper.contains("SUBJECT =")
            {
                // One subject's events found through the kind's index: every event of that
                // kind in the log (every status change of every system) is walked to find
                // them. Cost the Lex Maria export 280 ms at 1,000,000 events.
                scans.push(format!("{detail} (the subject's index would do)"));
            }
        }
        scans
    }
}

//! Numbered schema migrations, tracked in `PRAGMA user_version`.

use super::StoreError;
use super::verify::Walker;
use rusqlite::{Connection, TransactionBehavior};

/// Migration N (1-based) is `MIGRATIONS[N - 1]`. Never edit a shipped migration: add one.
const MIGRATIONS: &[&str] = &[
    include_str!("migrations/0001_events.sql"),
    include_str!("migrations/0002_monitor.sql"),
    include_str!("migrations/0003_incidents.sql"),
    include_str!("migrations/0004_runs.sql"),
    include_str!("migrations/0005_pages.sql"),
    include_str!("migrations/0006_redactions.sql"),
    include_str!("migrations/0007_heartbeats.sql"),
    include_str!("migrations/0008_alerts.sql"),
    include_str!("migrations/0009_maintenance_silences.sql"),
    include_str!("migrations/0010_alerts_unmapped.sql"),
    include_str!("migrations/0011_heartbeat_sender.sql"),
    include_str!("migrations/0012_impacted_since.sql"),
    include_str!("migrations/0013_findings.sql"),
    include_str!("migrations/0014_follows.sql"),
];

/// The schema version this build writes.
pub const LATEST: u32 = MIGRATIONS.len() as u32;

fn user_version(conn: &Connection) -> Result<u32, StoreError> {
    Ok(conn.query_row("PRAGMA user_version", [], |r| r.get(0))?)
}

/// Refuses a database written by a newer beredskap.
pub fn check_version(conn: &Connection) -> Result<u32, StoreError> {
    let found = user_version(conn)?;
    if found > LATEST {
        return Err(StoreError::NewerSchema {
            found,
            known: LATEST,
        });
    }
    Ok(found)
}

/// Brings the schema up to date. Safe when several processes open a new file at once:
/// the check is repeated inside an immediate (write-locked) transaction.
pub fn migrate(conn: &mut Connection) -> Result<(), StoreError> {
    if check_version(conn)? == LATEST {
        return Ok(());
    }
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
    let current = check_version(&tx)?;
    // Upgrading a log that holds events: walk the chain before and after, and keep the
    // upgrade only if it left the chain as it was.
    let upgrading = current > 0 && current < LATEST;
    let before = if upgrading {
        Some(Walker { conn: &tx }.verify(None)?)
    } else {
        None
    };
    for (index, sql) in MIGRATIONS.iter().enumerate().skip(current as usize) {
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "user_version", index as u32 + 1)?;
    }
    if let Some(before) = before {
        let after = Walker { conn: &tx }.verify(None)?;
        if after.head_hash != before.head_hash
            || after.events_checked != before.events_checked
            || after.intact() != before.intact()
        {
            return Err(StoreError::Corrupt(format!(
                "upgrading the log from schema {current} to {LATEST} would change its chain \
                 ({} events, head {:?} before; {} events, head {:?} after): not upgraded",
                before.events_checked, before.head_hash, after.events_checked, after.head_hash
            )));
        }
        tracing::info!(
            "log upgraded from schema {current} to {LATEST}: {} events verified before and after{}",
            after.events_checked,
            if after.intact() {
                ", chain intact"
            } else {
                " (the chain was already broken)"
            }
        );
    }
    tx.commit()?;
    Ok(())
}

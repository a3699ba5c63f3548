//! The monitor's side of the store: the lease with its fencing token, fenced recording of
//! samples and transitions, pruning, and reading the live status back.

use super::append::append_in;
use super::{Store, StoreError};
use crate::model::event::{Event, NewEvent, kind, subject};
use crate::model::health::{Health, Verdict};
use crate::model::maintenance::{MaintenanceWindow, Schedule};
use crate::model::timespec::{from_storage, to_storage};
use chrono::{DateTime, Utc};
use rusqlite::{OptionalExtension, params};
use serde::Serialize;
use std::time::Duration;

/// Who holds the lease, and the token that fences its writes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fence {
    pub holder: String,
    pub token: i64,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct LeaseInfo {
    pub holder: String,
    pub token: i64,
    pub renewed_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

/// One probe result, kept for uptime and latency history (not an event).
#[derive(Debug, Clone, PartialEq)]
pub struct Sample {
    pub system_id: String,
    pub check_name: String,
    pub at: DateTime<Utc>,
    pub verdict: Verdict,
    pub latency_ms: u64,
    /// What the probe found (its English text is stored beside it as the message).
    pub finding: crate::model::finding::Finding,
}

/// What the lease holder writes in one transaction.
#[derive(Debug, Clone, Default)]
pub struct MonitorBatch {
    pub samples: Vec<Sample>,
    /// Status transitions and monitor events.
    pub events: Vec<NewEvent>,
    pub blind: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StatusRow {
    pub system_id: String,
    pub health: Health,
    pub own_health: Health,
    pub since: DateTime<Utc>,
    pub check_name: String,
    /// The finding in English, as recorded.
    pub message: String,
    /// The same typed (`Said` with the message on a row recorded before findings were
    /// typed).
    pub finding: crate::model::finding::Finding,
    pub latency_ms: Option<u64>,
    pub impacted_by: Vec<String>,
    pub suppressed: Option<String>,
    pub flapping: bool,
    pub maintenance: Option<String>,
    /// Since when a system it depends on has kept it impacted; none while not impacted.
    pub impacted_since: Option<DateTime<Utc>>,
}

impl StatusRow {
    /// Since when the row has shown what it shows: an impacted row (up by its own checks,
    /// a system it depends on down) since the impact began, not since it came up.
    pub fn shown_since(&self) -> DateTime<Utc> {
        if crate::model::follow_on::is_impacted(self.health, &self.impacted_by) {
            self.impacted_since.unwrap_or(self.since)
        } else {
            self.since
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct MonitorState {
    pub blind: bool,
    pub last_report: DateTime<Utc>,
    pub holder: String,
}

fn verdict_str(v: Verdict) -> &'static str {
    match v {
        Verdict::Ok => "ok",
        Verdict::Warn => "warn",
        Verdict::Fail => "fail",
        Verdict::Unknown => "unknown",
    }
}

fn later(now: DateTime<Utc>, d: Duration) -> DateTime<Utc> {
    now + chrono::Duration::from_std(d).unwrap_or(chrono::Duration::MAX)
}

impl Store {
    pub fn lease(&self) -> Result<Option<LeaseInfo>, StoreError> {
        let row: Option<(String, i64, String, String)> = self
            .conn
            .query_row(
                "SELECT holder, token, renewed_at, expires_at FROM monitor_lease",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)),
            )
            .optional()?;
        Ok(row.and_then(|(holder, token, renewed, expires)| {
            Some(LeaseInfo {
                holder,
                token,
                renewed_at: from_storage(&renewed)?,
                expires_at: from_storage(&expires)?,
            })
        }))
    }

    /// Takes the lease when it is free or has expired, with a new fencing token, and logs
    /// it. `None` while another live holder has it.
    pub fn try_take_lease(
        &mut self,
        holder: &str,
        os_account: &str,
        ttl: Duration,
        now: DateTime<Utc>,
    ) -> Result<Option<Fence>, StoreError> {
        // A damaged log takes no events (`store::damage`); the lease row alone still
        // keeps one monitor checking, so that outages go out as unlogged alarms.
        let damaged = self.damaged().is_some();
        let mut tx = self.begin_write()?;
        // With a log of record the lease is the one every site's monitor shares.
        let current: Option<(String, i64, String)> = match tx.remote() {
            Some(r) => r.lease_row()?.map(|(h, t, _, e)| (h, t, e)),
            None => tx
                .query_row(
                    "SELECT holder, token, expires_at FROM monitor_lease",
                    [],
                    |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
                )
                .optional()?,
        };
        let token = match &current {
            Some((h, _, expires))
                if h != holder && from_storage(expires).is_some_and(|e| e > now) =>
            {
                return Ok(None);
            }
            Some((_, t, _)) => t + 1,
            None => 1,
        };
        tx.execute(
            "INSERT INTO monitor_lease (singleton, holder, token, renewed_at, expires_at) \
             VALUES (1, ?1, ?2, ?3, ?4) ON CONFLICT (singleton) DO UPDATE SET \
             holder = excluded.holder, token = excluded.token, \
             renewed_at = excluded.renewed_at, expires_at = excluded.expires_at",
            params![holder, token, to_storage(now), to_storage(later(now, ttl))],
        )?;
        if let Some(r) = tx.remote() {
            r.set_lease(&(
                holder.to_string(),
                token,
                to_storage(now),
                to_storage(later(now, ttl)),
            ))?;
        }
        let previous = current.map(|(h, _, _)| h);
        let taken = NewEvent {
            occurred_at: now,
            actor: os_account.to_string(),
            os_account: os_account.to_string(),
            kind: kind::MONITOR_LEASE_TAKEN.into(),
            subject: subject::MONITOR.into(),
            corrects: None,
            payload_version: 1,
            origin: crate::model::guard::Origin::Machine,
            payload: crate::model::payload::to_value(&crate::model::payload::LeaseTaken {
                holder: holder.to_string(),
                token,
                previous: previous.clone(),
                message: format!("monitoring taken over by {holder}"),
            })?,
        };
        if !damaged {
            append_in(&tx, vec![taken])?;
        }
        tx.commit()?;
        Ok(Some(Fence {
            holder: holder.to_string(),
            token,
        }))
    }

    /// Renews the lease; `false` when it has been lost (another holder or token).
    pub fn renew_lease(
        &mut self,
        fence: &Fence,
        ttl: Duration,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        if let Some(r) = self.remote.as_mut() {
            r.reconnect_if_gone()?;
        }
        if let Some(r) = self.remote.as_mut()
            && !r.touch_lease(
                &fence.holder,
                fence.token,
                Some(&to_storage(now)),
                &to_storage(later(now, ttl)),
            )?
        {
            return Ok(false);
        }
        let n = self.conn.execute(
            "UPDATE monitor_lease SET renewed_at = ?1, expires_at = ?2 \
             WHERE holder = ?3 AND token = ?4",
            params![
                to_storage(now),
                to_storage(later(now, ttl)),
                fence.holder,
                fence.token
            ],
        )?;
        // With a log of record, its lease decides (this file's copy may be behind).
        Ok(self.remote.is_some() || n == 1)
    }

    /// Gives the lease up at once (clean shutdown), so a standby need not wait.
    pub fn release_lease(&mut self, fence: &Fence, now: DateTime<Utc>) -> Result<(), StoreError> {
        if let Some(r) = self.remote.as_mut() {
            r.touch_lease(&fence.holder, fence.token, None, &to_storage(now))?;
        }
        self.conn.execute(
            "UPDATE monitor_lease SET expires_at = ?1 WHERE holder = ?2 AND token = ?3",
            params![to_storage(now), fence.holder, fence.token],
        )?;
        Ok(())
    }

    /// Writes samples, events and the monitor state in one transaction, only while `fence`
    /// still holds the lease.
    pub fn record_monitor(
        &mut self,
        fence: &Fence,
        batch: MonitorBatch,
        now: DateTime<Utc>,
    ) -> Result<Vec<Event>, StoreError> {
        let pending = self.configuration.take();
        let written = self.record_monitor_with(fence, batch, now, pending.as_ref());
        self.after_write(pending, written)
    }

    fn record_monitor_with(
        &mut self,
        fence: &Fence,
        batch: MonitorBatch,
        now: DateTime<Utc>,
        pending: Option<&super::config_record::PendingConfiguration>,
    ) -> Result<Vec<Event>, StoreError> {
        let mut tx = self.write_transaction()?;
        // The fence: checked in the transaction that holds the chain's head (with a log of
        // record, against the lease every site shares).
        let holds: Option<(String, i64)> = match tx.remote() {
            Some(r) => r.lease_row()?.map(|(h, t, _, _)| (h, t)),
            None => tx
                .query_row("SELECT holder, token FROM monitor_lease", [], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
                .optional()?,
        };
        if holds.as_ref() != Some(&(fence.holder.clone(), fence.token)) {
            return Err(StoreError::LeaseLost {
                holder: holds.map(|(h, _)| h).unwrap_or_default(),
            });
        }
        {
            let mut insert = tx.prepare_cached(
                "INSERT INTO samples (system_id, check_name, at, verdict, latency_ms, message, \
                 finding) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?;
            for s in &batch.samples {
                // Probe output is machine text: an identity number in it is masked here
                // as in the events (the status change records the masking), in the
                // English text and in every text of the typed finding.
                let finding = s
                    .finding
                    .clone()
                    .map_text(&crate::model::personnummer::mask_identity_numbers);
                insert.execute(params![
                    s.system_id,
                    s.check_name,
                    to_storage(s.at),
                    verdict_str(s.verdict),
                    s.latency_ms as i64,
                    finding.to_string(),
                    super::finding::to_column(&finding)
                ])?;
            }
        }
        let events = append_in(
            &tx,
            super::config_record::prepend(&tx, pending, batch.events)?,
        )?;
        tx.execute(
            "INSERT INTO monitor_state (singleton, blind, last_report, holder) VALUES (1, ?1, ?2, ?3) \
             ON CONFLICT (singleton) DO UPDATE SET blind = excluded.blind, \
             last_report = excluded.last_report, holder = excluded.holder",
            params![batch.blind, to_storage(now), fence.holder],
        )?;
        tx.commit()?;
        Ok(events)
    }

    /// Deletes samples older than `before` (events are never pruned). Fenced.
    pub fn prune_samples(
        &mut self,
        fence: &Fence,
        before: DateTime<Utc>,
    ) -> Result<usize, StoreError> {
        let mut tx = self.write_transaction()?;
        let token: Option<i64> = match tx.remote() {
            Some(r) => r
                .lease_row()?
                .filter(|(h, _, _, _)| *h == fence.holder)
                .map(|(_, t, _, _)| t),
            None => tx
                .query_row(
                    "SELECT token FROM monitor_lease WHERE holder = ?1",
                    [&fence.holder],
                    |r| r.get(0),
                )
                .optional()?,
        };
        if token != Some(fence.token) {
            return Err(StoreError::LeaseLost {
                holder: String::new(),
            });
        }
        let n = tx.execute("DELETE FROM samples WHERE at < ?1", [to_storage(before)])?;
        tx.commit()?;
        Ok(n)
    }

    pub fn sample_count(&self) -> Result<i64, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM samples", [], |r| r.get(0))?)
    }

    /// The recorded status of every system that has one. Its message is what the deciding
    /// check says now while it still fails the same way (its newest sample, when the system
    /// shows its own state: not under an impact, a maintenance window or a suppression),
    /// not what it said when the state changed: an alert check whose first alert resolved while another fires shows
    /// the one that fires, a Nagios service its latest output. The status-change event
    /// keeps the words of the change.
    pub fn status_rows(&self) -> Result<Vec<StatusRow>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT st.system_id, st.health, st.own_health, st.since, st.check_name, \
             coalesce(latest.message, st.message), \
             st.latency_ms, st.impacted_by, st.suppressed, st.flapping, st.maintenance, \
             st.impacted_since, CASE WHEN latest.message IS NULL THEN st.finding ELSE latest.finding END \
             FROM system_status st \
             LEFT JOIN samples latest ON latest.id = \
                      (SELECT CASE WHEN (st.own_health, sa.verdict) IN \
                                 (VALUES ('down', 'fail'), ('degraded', 'warn'), ('unknown', 'unknown')) \
                                 THEN sa.id END \
                       FROM samples sa \
                       WHERE sa.system_id = st.system_id AND sa.check_name = st.check_name \
                         AND st.health = st.own_health \
                       ORDER BY sa.at DESC, sa.id DESC LIMIT 1) \
             ORDER BY st.system_id",
        )?;
        let mut rows = stmt.query([])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let health = |i: usize| -> Result<Health, StoreError> {
                let s: String = r.get(i)?;
                Health::parse(&s).ok_or_else(|| StoreError::Corrupt(format!("health {s:?}")))
            };
            let since: String = r.get(3)?;
            let impacted: String = r.get(7)?;
            let message: String = r.get(5)?;
            let finding = super::finding::from_columns(r.get(12)?, &message);
            out.push(StatusRow {
                system_id: r.get(0)?,
                health: health(1)?,
                own_health: health(2)?,
                since: from_storage(&since)
                    .ok_or_else(|| StoreError::Corrupt(format!("time {since:?}")))?,
                check_name: r.get(4)?,
                message,
                finding,
                latency_ms: r.get::<_, Option<i64>>(6)?.map(|l| l.max(0) as u64),
                impacted_by: serde_json::from_str(&impacted).unwrap_or_default(),
                suppressed: r.get(8)?,
                flapping: r.get(9)?,
                maintenance: r.get(10)?,
                impacted_since: r
                    .get::<_, Option<String>>(11)?
                    .and_then(|t| from_storage(&t)),
            });
        }
        Ok(out)
    }

    pub fn monitor_state(&self) -> Result<Option<MonitorState>, StoreError> {
        let row: Option<(bool, String, String)> = self
            .conn
            .query_row(
                "SELECT blind, last_report, holder FROM monitor_state",
                [],
                |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
            )
            .optional()?;
        Ok(row.and_then(|(blind, last, holder)| {
            Some(MonitorState {
                blind,
                last_report: from_storage(&last)?,
                holder,
            })
        }))
    }

    /// Share of samples since `since` that were up or warning, per system.
    /// Each system's share of good samples since `since`, and its first sample in that span
    /// (a log younger than the span has observed less: "up 44 % of 40 s").
    pub fn uptime_observed(
        &self,
        since: DateTime<Utc>,
    ) -> Result<Vec<(String, f64, DateTime<Utc>)>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT system_id, avg(CASE WHEN verdict IN ('ok', 'warn') THEN 1.0 ELSE 0.0 END), \
             min(at) FROM samples WHERE at >= ?1 GROUP BY system_id",
        )?;
        let rows = stmt
            .query_map([to_storage(since)], |r| {
                Ok((r.get(0)?, r.get(1)?, r.get::<_, String>(2)?))
            })?
            .collect::<Result<Vec<(String, f64, String)>, _>>()?;
        Ok(rows
            .into_iter()
            .filter_map(|(id, share, first)| Some((id, share, from_storage(&first)?)))
            .collect())
    }

    pub fn uptime_since(&self, since: DateTime<Utc>) -> Result<Vec<(String, f64)>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT system_id, avg(CASE WHEN verdict IN ('ok', 'warn') THEN 1.0 ELSE 0.0 END) \
             FROM samples WHERE at >= ?1 GROUP BY system_id",
        )?;
        let rows = stmt
            .query_map([to_storage(since)], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<Vec<_>, _>>()?;
        Ok(rows)
    }

    /// Maintenance windows added at run time that have not ended by `now`.
    pub fn runtime_maintenance(
        &self,
        now: DateTime<Utc>,
    ) -> Result<Vec<MaintenanceWindow>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT systems, starts_at, ends_at, reason FROM maintenance_windows \
             WHERE ends_at > ?1 ORDER BY starts_at",
        )?;
        let mut rows = stmt.query([to_storage(now)])?;
        let mut out = Vec::new();
        while let Some(r) = rows.next()? {
            let systems: String = r.get(0)?;
            let (from, to): (String, String) = (r.get(1)?, r.get(2)?);
            let (Some(from), Some(to)) = (from_storage(&from), from_storage(&to)) else {
                continue;
            };
            out.push(MaintenanceWindow {
                systems: serde_json::from_str(&systems).unwrap_or_default(),
                schedule: Schedule::Once { from, to },
                reason: r.get(3)?,
            });
        }
        Ok(out)
    }
}

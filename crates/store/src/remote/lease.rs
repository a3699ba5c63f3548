//! The monitor's lease in the log of record (issue 34): one lease for the monitors of every
//! site, its fencing token checked in the same PostgreSQL transaction that holds the
//! chain's head for a monitor's write — a monitor that lost the lease to the other site
//! writes nothing, and pages nothing twice.

use super::RemoteLog;
use crate::StoreError;

/// The lease as stored: holder, token, renewed, expires (times as the store writes them).
pub(crate) type LeaseRow = (String, i64, String, String);

impl RemoteLog {
    pub(crate) fn lease_row(&mut self) -> Result<Option<LeaseRow>, StoreError> {
        Ok(self
            .client
            .query_opt(
                "SELECT holder, token, renewed_at, expires_at FROM beredskap.monitor_lease",
                &[],
            )?
            .map(|r| (r.get(0), r.get(1), r.get(2), r.get(3))))
    }

    /// The chain's head and the lease as committed, in one round trip (what a host that
    /// catches up asks first).
    pub(crate) fn head_and_lease(
        &mut self,
    ) -> Result<((i64, String), Option<LeaseRow>), StoreError> {
        let messages = self.client.simple_query(
            "SELECT last_id, last_hash FROM beredskap.log_head WHERE singleton = 1; \
             SELECT holder, token, renewed_at, expires_at FROM beredskap.monitor_lease \
             WHERE singleton = 1",
        )?;
        let mut head = None;
        let mut lease = None;
        for m in &messages {
            let postgres::SimpleQueryMessage::Row(r) = m else {
                continue;
            };
            let text = |i: usize| r.get(i).map(str::to_string);
            match r.len() {
                2 => head = r.get(0).and_then(|id| id.parse().ok()).zip(text(1)),
                _ => {
                    lease = (|| Some((text(0)?, r.get(1)?.parse().ok()?, text(2)?, text(3)?)))();
                    if lease.is_none() {
                        return Err(StoreError::Corrupt(
                            "the log of record's monitor lease cannot be read".into(),
                        ));
                    }
                }
            }
        }
        let head = head.ok_or_else(|| {
            StoreError::Corrupt("the log of record has no chain head (beredskap.log_head)".into())
        })?;
        Ok((head, lease))
    }

    pub(crate) fn set_lease(&mut self, row: &LeaseRow) -> Result<(), StoreError> {
        self.client.execute(
            "INSERT INTO beredskap.monitor_lease (singleton, holder, token, renewed_at, expires_at) \
             VALUES (1, $1, $2, $3, $4) ON CONFLICT (singleton) DO UPDATE SET \
             holder = excluded.holder, token = excluded.token, \
             renewed_at = excluded.renewed_at, expires_at = excluded.expires_at",
            &[&row.0, &row.1, &row.2, &row.3],
        )?;
        Ok(())
    }

    /// Moves the lease's times while `holder` with `token` holds it; whether it did.
    pub(crate) fn touch_lease(
        &mut self,
        holder: &str,
        token: i64,
        renewed_at: Option<&str>,
        expires_at: &str,
    ) -> Result<bool, StoreError> {
        let n = self.client.execute(
            "UPDATE beredskap.monitor_lease SET renewed_at = coalesce($1, renewed_at), \
             expires_at = $2 WHERE holder = $3 AND token = $4",
            &[&renewed_at, &expires_at, &holder, &token],
        )?;
        Ok(n == 1)
    }
}

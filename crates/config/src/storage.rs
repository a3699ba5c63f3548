//! `[storage]`: where the log lives. `engine = "sqlite"` (the default: one file on this
//! host) or `"postgres"`: the log of record in the region's PostgreSQL cluster, this host's
//! file its read model (issue 34, docs/operations.md "Two sites"). The connection string
//! never holds the password: `password_file` names a file only the trusted writer reads.

use super::checker::Checker;
use super::schema::RawStorage;
use crate::model::region::LogOfRecord;
use std::path::Path;

/// The log of record the storage section names, if any (problems go to `c`).
pub(super) fn log_of_record(
    c: &mut Checker<'_>,
    file: usize,
    base: &Path,
    raw: &RawStorage,
) -> Option<LogOfRecord> {
    let engine = raw
        .engine
        .as_ref()
        .map(|e| (e.get_ref().as_str(), e.span()));
    match engine {
        None | Some(("sqlite", _)) => {
            for (key, value) in [
                ("postgres", &raw.postgres),
                ("password_file", &raw.password_file),
            ] {
                if let Some(v) = value {
                    c.warn(
                        file,
                        v.span(),
                        format!("`{key}` is read only with engine = \"postgres\""),
                        Some("the log is this host's SQLite file (engine = \"sqlite\")".into()),
                    );
                }
            }
            None
        }
        Some(("postgres", span)) => {
            let Some(conninfo) = &raw.postgres else {
                c.error(
                    file,
                    span,
                    "engine = \"postgres\" needs the connection string: `postgres = \"host=… \
                     dbname=… user=…\"`"
                        .into(),
                    Some(
                        "several hosts may be named: host=db-a,db-b \
                         target_session_attrs=read-write"
                            .into(),
                    ),
                );
                return None;
            };
            let text = conninfo.get_ref();
            if text.split_whitespace().any(|w| w.starts_with("password=")) || text.contains(":@") {
                c.error(
                    file,
                    conninfo.span(),
                    "the connection string holds a password".into(),
                    Some(
                        "put the password in a file only beredskap's account can read and name it \
                         with `password_file` (never in the configuration)"
                            .into(),
                    ),
                );
                return None;
            }
            let password_file = raw.password_file.as_ref().map(|p| {
                let path = base.join(p.get_ref());
                if let Some(problem) = super::receiver::secret_file_problem(&path) {
                    c.warn(
                        file,
                        p.span(),
                        problem,
                        Some("the file holds the log's password: mode 0600, owned by the trusted writer".into()),
                    );
                }
                path
            });
            Some(LogOfRecord {
                conninfo: text.clone(),
                password_file,
            })
        }
        Some((other, span)) => {
            c.error(
                file,
                span,
                format!("unknown storage engine {other:?}"),
                Some("engine = \"sqlite\" (one host) or \"postgres\" (two sites)".into()),
            );
            None
        }
    }
}

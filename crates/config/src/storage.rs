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
                ("ca_file", &raw.ca_file),
                ("client_certificate", &raw.client_certificate),
                ("client_key", &raw.client_key),
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
            // A file holding a secret: its path, warned about when others can read it.
            let mut secret = |v: &Option<toml::Spanned<String>>, holds: &str| {
                v.as_ref().map(|p| {
                    let path = base.join(p.get_ref());
                    if let Some(problem) = super::receiver::secret_file_problem(&path) {
                        c.warn(
                            file,
                            p.span(),
                            problem,
                            Some(format!(
                                "the file holds {holds}: mode 0600, owned by the trusted writer"
                            )),
                        );
                    }
                    path
                })
            };
            let password_file = secret(&raw.password_file, "the log's password");
            let client_key = secret(
                &raw.client_key,
                "the key beredskap signs in to the log with",
            );
            let path =
                |v: &Option<toml::Spanned<String>>| v.as_ref().map(|p| base.join(p.get_ref()));
            let client_certificate = path(&raw.client_certificate);
            if client_certificate.is_some() != client_key.is_some() {
                let at = raw
                    .client_certificate
                    .as_ref()
                    .or(raw.client_key.as_ref())
                    .map_or(span.clone(), |v| v.span());
                c.error(
                    file,
                    at,
                    "`client_certificate` and `client_key` go together".into(),
                    Some("name both files (PEM), or neither".into()),
                );
                return None;
            }
            if client_certificate.is_some() && raw.ca_file.is_none() {
                c.error(
                    file,
                    span,
                    "a client certificate needs TLS: name the CA that signed the server's \
                     certificate with `ca_file`"
                        .into(),
                    None,
                );
                return None;
            }
            Some(LogOfRecord {
                conninfo: text.clone(),
                password_file,
                ca_file: path(&raw.ca_file),
                client_certificate,
                client_key,
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

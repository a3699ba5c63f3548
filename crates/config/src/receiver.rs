//! `[receiver]` and `[[receiver.sources]]`: raw → validated, with a located problem for
//! every mistake, and a warning for a token or key file others on the machine may read.

use super::checker::Checker;
use super::schema::{RawAlertSource, RawReceiver, RawSourceKind};
use crate::model::alert_source::{
    AlertSource, DEFAULT_PER_MINUTE, ReceiverSettings, SourceFormat, Tls,
};
use crate::model::webhook::{WebhookFields, pointer_ok};
use std::path::Path;
use toml::Spanned;

/// What is wrong with a file holding a secret (a token, a TLS key), if anything: it cannot
/// be read, every account on the machine may read it, or others may change it (and so choose
/// the token that is let in).
pub fn secret_file_problem(path: &Path) -> Option<String> {
    use std::os::unix::fs::PermissionsExt;
    match std::fs::metadata(path) {
        Err(e) => Some(format!("cannot read {}: {e}", path.display())),
        Ok(meta) if meta.permissions().mode() & 0o004 != 0 => Some(format!(
            "every account on this machine can read {} (chmod o-r it)",
            path.display()
        )),
        Ok(meta) if meta.permissions().mode() & 0o022 != 0 => Some(format!(
            "accounts other than its owner can change {} (chmod go-w it)",
            path.display()
        )),
        Ok(_) => None,
    }
}

fn secret_file(
    c: &mut Checker<'_>,
    file: usize,
    base: &Path,
    value: &Spanned<String>,
) -> std::path::PathBuf {
    let path = base.join(value.get_ref());
    if let Some(problem) = secret_file_problem(&path) {
        let hint = if path.exists() {
            "the file holds a secret: make it readable by the service's account only"
        } else {
            "`beredskap receive` will not start without it: the secret on its first line, mode 0600"
        };
        c.warn(file, value.span(), problem, Some(hint.into()));
    }
    path
}

/// The webhook keys of a source, for "only with kind = webhook".
fn webhook_keys(s: &RawAlertSource) -> Vec<(&'static str, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    for (name, v) in [
        ("alerts", &s.alerts),
        ("fingerprint", &s.fingerprint),
        ("system", &s.system),
        ("state", &s.state),
        ("message", &s.message),
        ("severity", &s.severity),
    ] {
        if let Some(v) = v {
            out.push((name, v.span()));
        }
    }
    if let Some(labels) = &s.labels
        && let Some(first) = labels.values().next()
    {
        out.push(("labels", first.span()));
    }
    out
}

fn pointer(c: &mut Checker<'_>, file: usize, v: &Option<Spanned<String>>) -> Option<String> {
    let v = v.as_ref()?;
    if !pointer_ok(v.get_ref()) {
        c.error(
            file,
            v.span(),
            format!("`{}` is not a JSON pointer", v.get_ref()),
            Some("a JSON pointer starts with `/`: \"/event/host\" (RFC 6901)".into()),
        );
    }
    Some(v.get_ref().clone())
}

fn webhook(c: &mut Checker<'_>, file: usize, s: &Spanned<RawAlertSource>) -> WebhookFields {
    let r = s.get_ref();
    let mut labels = std::collections::BTreeMap::new();
    for (name, p) in r.labels.iter().flatten() {
        let valid = !name.is_empty()
            && !name.starts_with(|ch: char| ch.is_ascii_digit())
            && name
                .chars()
                .all(|ch| ch.is_ascii_alphanumeric() || ch == '_');
        if !valid {
            c.error(
                file,
                p.span(),
                format!("`{name}` is not a label name"),
                Some("letters, digits and `_`, as in Prometheus".into()),
            );
        } else if matches!(name.as_str(), "system" | "severity" | "severity_name") {
            c.error(
                file,
                p.span(),
                format!("the label `{name}` is set from the source's own key"),
                Some(format!(
                    "give `{}` = \"/…\" instead",
                    name.trim_end_matches("_name")
                )),
            );
        }
        labels.insert(
            name.clone(),
            pointer(c, file, &Some(p.clone())).unwrap_or_default(),
        );
    }
    let fields = WebhookFields {
        alerts: pointer(c, file, &r.alerts),
        fingerprint: pointer(c, file, &r.fingerprint),
        system: pointer(c, file, &r.system),
        state: pointer(c, file, &r.state),
        message: pointer(c, file, &r.message),
        severity: pointer(c, file, &r.severity),
        labels,
        resolved: r.resolved.clone().unwrap_or_default(),
        warning: r.warning.clone().unwrap_or_default(),
    };
    if fields.system.is_none() && fields.labels.is_empty() {
        c.error(
            file,
            r.id.span(),
            format!(
                "the webhook source `{}` gives its alerts no label a check could match",
                r.id.get_ref()
            ),
            Some("give `system = \"/host\"` or a [receiver.sources.labels] table".into()),
        );
    }
    fields
}

fn source(
    c: &mut Checker<'_>,
    file: usize,
    base: &Path,
    s: &Spanned<RawAlertSource>,
) -> AlertSource {
    let r = s.get_ref();
    if !crate::model::check::heartbeat_id_ok(r.id.get_ref()) {
        c.error(
            file,
            r.id.span(),
            format!("`{}` is not a source name", r.id.get_ref()),
            Some("letters, digits, `-`, `_` and `.`, e.g. \"alertmanager\" or \"zabbix\"".into()),
        );
    }
    let format = match r.kind.get_ref() {
        RawSourceKind::Alertmanager => {
            for (key, span) in webhook_keys(r) {
                c.error(
                    file,
                    span,
                    format!("`{key}` is only for kind = \"webhook\""),
                    Some("Alertmanager's payload has a fixed shape; remove the key".into()),
                );
            }
            SourceFormat::Alertmanager
        }
        RawSourceKind::Webhook => {
            if let Some(api) = &r.api {
                c.error(
                    file,
                    api.span(),
                    "`api` is only for kind = \"alertmanager\" (its silences)".into(),
                    None,
                );
            }
            SourceFormat::Webhook(Box::new(webhook(c, file, s)))
        }
    };
    let api = r.api.as_ref().and_then(|a| {
        let url = a.get_ref().trim_end_matches('/');
        if url.starts_with("http://") || url.starts_with("https://") {
            Some(url.to_string())
        } else {
            c.error(
                file,
                a.span(),
                format!("`{url}` is not an http(s) URL"),
                Some("Alertmanager's address, e.g. \"http://127.0.0.1:9093\"".into()),
            );
            None
        }
    });
    let per_minute = match &r.per_minute {
        Some(n) if *n.get_ref() == 0 => {
            c.error(file, n.span(), "must be at least 1".into(), None);
            DEFAULT_PER_MINUTE
        }
        Some(n) => *n.get_ref(),
        None => DEFAULT_PER_MINUTE,
    };
    AlertSource {
        id: r.id.get_ref().clone(),
        format,
        token_file: r.token_file.as_ref().map(|t| secret_file(c, file, base, t)),
        senders: super::checks::senders(c, file, r.senders.as_deref()),
        per_minute,
        api,
    }
}

/// `[receiver]` validated; paths resolved against the configuration's directory.
pub(super) fn receiver(
    c: &mut Checker<'_>,
    file: usize,
    base: &Path,
    raw: &RawReceiver,
) -> ReceiverSettings {
    let listen = raw.listen.as_ref().and_then(|l| match l.get_ref().parse() {
        Ok(a) => Some(a),
        Err(_) => {
            c.error(
                file,
                l.span(),
                format!("`{}` is not ADDRESS:PORT", l.get_ref()),
                Some("e.g. \"127.0.0.1:9095\"".into()),
            );
            None
        }
    });
    let tls = match (&raw.tls_certificate, &raw.tls_key) {
        (Some(cert), Some(key)) => Some(Tls {
            certificate: base.join(cert.get_ref()),
            key: secret_file(c, file, base, key),
        }),
        (Some(one), None) | (None, Some(one)) => {
            c.error(
                file,
                one.span(),
                "TLS needs both `tls_certificate` and `tls_key`".into(),
                Some("PEM files: the certificate chain and its private key".into()),
            );
            None
        }
        (None, None) => None,
    };
    let mut sources: Vec<AlertSource> = Vec::new();
    for s in &raw.sources {
        let source = source(c, file, base, s);
        if sources.iter().any(|o| o.id == source.id) {
            c.error(
                file,
                s.get_ref().id.span(),
                format!("the source `{}` is given twice", source.id),
                None,
            );
        }
        sources.push(source);
    }
    ReceiverSettings {
        listen,
        heartbeat_token_file: raw
            .heartbeat_token_file
            .as_ref()
            .map(|f| secret_file(c, file, base, f)),
        tls,
        sources,
    }
}

#[cfg(test)]
mod tests {
    use super::secret_file_problem;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn a_secret_file_others_can_read_or_change_is_named() {
        let dir = tempfile::tempdir().unwrap();
        let token = dir.path().join("token");
        std::fs::write(&token, "s3cret\n").unwrap();
        for (mode, says) in [
            (0o600, None),
            (0o640, None),
            (0o644, Some("can read")),
            (0o660, Some("can change")),
            (0o602, Some("can change")),
        ] {
            std::fs::set_permissions(&token, std::fs::Permissions::from_mode(mode)).unwrap();
            let problem = secret_file_problem(&token);
            match says {
                None => assert_eq!(problem, None, "{mode:o}"),
                Some(s) => assert!(problem.unwrap().contains(s), "{mode:o}"),
            }
        }
        assert!(
            secret_file_problem(&dir.path().join("missing"))
                .unwrap()
                .contains("cannot read")
        );
    }
}

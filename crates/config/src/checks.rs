//! Checks, canaries, monitor settings and maintenance windows: raw → validated, with a
//! located problem for every mistake.

use super::checker::Checker;
use super::schema::{RawCheck, RawCheckKind, RawMonitor};
use crate::model::check::{
    BODY_CAP, CheckKind, CheckSpec, DEFAULT_CERT_WARNING_DAYS, DEFAULT_FAILURE_THRESHOLD,
    DEFAULT_INTERVAL, DEFAULT_MAX_REDIRECTS, DEFAULT_SUCCESS_THRESHOLD, DEFAULT_TIMEOUT, HttpCheck,
    MonitorSettings,
};
use crate::model::duration::parse_duration;
use std::time::Duration;
use toml::Spanned;

const _: usize = BODY_CAP;

pub(super) fn duration(
    c: &mut Checker<'_>,
    file: usize,
    value: &Option<Spanned<String>>,
    default: Duration,
) -> Duration {
    match value {
        None => default,
        Some(v) => match parse_duration(v.get_ref()) {
            Ok(d) if !d.is_zero() => d,
            Ok(_) => {
                c.error(
                    file,
                    v.span(),
                    "a duration of zero".into(),
                    Some("give e.g. \"30s\"".into()),
                );
                default
            }
            Err(e) => {
                c.error(
                    file,
                    v.span(),
                    format!("`{}` is not a duration", v.get_ref()),
                    Some(e.to_string()),
                );
                default
            }
        },
    }
}

/// Keys that belong to each kind (besides the common ones).
fn kind_keys(kind: RawCheckKind) -> &'static [&'static str] {
    match kind {
        RawCheckKind::Http | RawCheckKind::Https => &[
            "url",
            "method",
            "headers",
            "expect_status",
            "body_contains",
            "json_pointer",
            "json_equals",
            "degraded_above",
            "verify_tls",
            "cert_warning_days",
            "max_redirects",
            "connect_timeout",
        ],
        RawCheckKind::Tcp => &["host", "port"],
        RawCheckKind::Dns => &["resolve", "expect_address"],
        RawCheckKind::Exec => &["command", "args"],
        RawCheckKind::Heartbeat => &["heartbeat", "period", "grace", "senders"],
        RawCheckKind::Alert => &["source", "match", "stale_after"],
    }
}

fn present_keys(r: &RawCheck) -> Vec<&'static str> {
    let mut keys = Vec::new();
    let mut add = |present: bool, key: &'static str| {
        if present {
            keys.push(key);
        }
    };
    add(r.url.is_some(), "url");
    add(r.method.is_some(), "method");
    add(r.headers.is_some(), "headers");
    add(r.expect_status.is_some(), "expect_status");
    add(r.body_contains.is_some(), "body_contains");
    add(r.json_pointer.is_some(), "json_pointer");
    add(r.json_equals.is_some(), "json_equals");
    add(r.degraded_above.is_some(), "degraded_above");
    add(r.verify_tls.is_some(), "verify_tls");
    add(r.cert_warning_days.is_some(), "cert_warning_days");
    add(r.max_redirects.is_some(), "max_redirects");
    add(r.connect_timeout.is_some(), "connect_timeout");
    add(r.host.is_some(), "host");
    add(r.port.is_some(), "port");
    add(r.resolve.is_some(), "resolve");
    add(r.expect_address.is_some(), "expect_address");
    add(r.command.is_some(), "command");
    add(r.args.is_some(), "args");
    add(r.heartbeat.is_some(), "heartbeat");
    add(r.period.is_some(), "period");
    add(r.grace.is_some(), "grace");
    add(r.senders.is_some(), "senders");
    add(r.source.is_some(), "source");
    add(r.selector.is_some(), "match");
    add(r.stale_after.is_some(), "stale_after");
    keys
}

/// A machine sender's accounts (`senders = ["backup"]`): OS account names.
pub(super) fn senders(
    c: &mut Checker<'_>,
    file: usize,
    raw: Option<&[Spanned<String>]>,
) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in raw.unwrap_or_default() {
        if !super::checker::valid_account(s.get_ref()) {
            c.error(
                file,
                s.span(),
                format!("`{}` is not an account name", s.get_ref()),
                Some(
                    "the OS account the sending job runs as, e.g. \"nagios\" or \"backup\"".into(),
                ),
            );
        } else if !out.contains(s.get_ref()) {
            out.push(s.get_ref().clone());
        }
    }
    out
}

fn kind_name(kind: RawCheckKind) -> &'static str {
    match kind {
        RawCheckKind::Http => "http",
        RawCheckKind::Https => "https",
        RawCheckKind::Tcp => "tcp",
        RawCheckKind::Dns => "dns",
        RawCheckKind::Exec => "exec",
        RawCheckKind::Heartbeat => "heartbeat",
        RawCheckKind::Alert => "alert",
    }
}

/// Validates one check. `index` names unnamed checks (`http-1`).
pub fn check(
    c: &mut Checker<'_>,
    file: usize,
    raw: &Spanned<RawCheck>,
    index: usize,
) -> Option<CheckSpec> {
    let r = raw.get_ref();
    let kind = *r.kind.get_ref();
    let kname = kind_name(kind);
    let allowed = kind_keys(kind);
    let mut ok = true;
    for key in present_keys(r) {
        if !allowed.contains(&key) {
            ok = false;
            c.error(
                file,
                r.kind.span(),
                format!("`{key}` does not apply to a {kname} check"),
                Some(format!("a {kname} check takes: {}", allowed.join(", "))),
            );
        }
    }
    let mut require = |c: &mut Checker<'_>, present: bool, key: &str| {
        if !present {
            ok = false;
            c.error(
                file,
                raw.span(),
                format!("a {kname} check needs `{key}`"),
                Some(format!("add `{key} = …` to the check")),
            );
        }
    };
    match kind {
        RawCheckKind::Http | RawCheckKind::Https => require(c, r.url.is_some(), "url"),
        RawCheckKind::Tcp => {
            require(c, r.host.is_some(), "host");
            require(c, r.port.is_some(), "port");
        }
        RawCheckKind::Dns => require(c, r.resolve.is_some(), "resolve"),
        RawCheckKind::Exec => require(c, r.command.is_some(), "command"),
        RawCheckKind::Heartbeat => {
            require(c, r.heartbeat.is_some(), "heartbeat");
            require(c, r.period.is_some(), "period");
        }
        RawCheckKind::Alert => {
            require(c, r.source.is_some(), "source");
            require(c, r.selector.is_some(), "match");
        }
    }
    let interval = duration(c, file, &r.interval, DEFAULT_INTERVAL);
    let timeout = duration(c, file, &r.timeout, DEFAULT_TIMEOUT.min(interval));
    if timeout > interval
        && let Some(t) = &r.timeout
    {
        c.error(
            file,
            t.span(),
            format!("the timeout ({}) is longer than the interval", t.get_ref()),
            Some("a check must finish before it is due again; shorten the timeout".into()),
        );
    }
    let threshold = |c: &mut Checker<'_>, v: &Option<Spanned<u32>>, default: u32| match v {
        Some(t) if *t.get_ref() == 0 => {
            c.error(
                file,
                t.span(),
                "a threshold of 0".into(),
                Some("at least 1".into()),
            );
            default
        }
        Some(t) => *t.get_ref(),
        None => default,
    };
    let failure_threshold = threshold(c, &r.failure_threshold, DEFAULT_FAILURE_THRESHOLD);
    let success_threshold = threshold(c, &r.success_threshold, DEFAULT_SUCCESS_THRESHOLD);

    let kind = match kind {
        RawCheckKind::Http | RawCheckKind::Https => http(c, file, r, &mut ok, timeout)?,
        RawCheckKind::Tcp => CheckKind::Tcp {
            host: r.host.as_ref()?.get_ref().clone(),
            port: *r.port.as_ref()?.get_ref(),
        },
        RawCheckKind::Dns => dns(c, file, r, &mut ok)?,
        RawCheckKind::Exec => exec(c, file, r, &mut ok)?,
        RawCheckKind::Heartbeat => heartbeat(c, file, r, &mut ok)?,
        RawCheckKind::Alert => alert(c, file, r, &mut ok)?,
    };
    if !ok {
        return None;
    }
    Some(CheckSpec {
        name: r
            .name
            .clone()
            .unwrap_or_else(|| format!("{}-{}", kind.label(), index + 1)),
        kind,
        interval,
        timeout,
        failure_threshold,
        success_threshold,
    })
}

/// An HTTP(S) check: its URL and method, the JSON it must hold, the statuses it accepts.
fn http(
    c: &mut Checker<'_>,
    file: usize,
    r: &RawCheck,
    ok: &mut bool,
    timeout: Duration,
) -> Option<CheckKind> {
    let url = r.url.as_ref()?;
    let scheme_ok = url.get_ref().starts_with("http://") || url.get_ref().starts_with("https://");
    if !scheme_ok {
        *ok = false;
        c.error(
            file,
            url.span(),
            format!("`{}` is not an http(s) URL", url.get_ref()),
            Some("write the whole URL, e.g. \"https://journal.region.example/health\"".into()),
        );
    }
    let method = r
        .method
        .as_ref()
        .map(|m| m.get_ref().to_uppercase())
        .unwrap_or_else(|| "GET".into());
    if !["GET", "HEAD", "POST", "PUT", "OPTIONS"].contains(&method.as_str())
        && let Some(m) = &r.method
    {
        *ok = false;
        c.error(
            file,
            m.span(),
            format!("unknown method `{}`", m.get_ref()),
            Some("GET, HEAD, POST, PUT or OPTIONS".into()),
        );
    }
    let json = match (&r.json_pointer, &r.json_equals) {
        (Some(p), Some(v)) => {
            if !p.get_ref().is_empty() && !p.get_ref().starts_with('/') {
                *ok = false;
                c.error(
                    file,
                    p.span(),
                    format!("`{}` is not a JSON pointer", p.get_ref()),
                    Some("a JSON pointer starts with `/`, e.g. \"/status\"".into()),
                );
            }
            let value = serde_json::to_value(v).unwrap_or(serde_json::Value::Null);
            Some((p.get_ref().clone(), value))
        }
        (None, None) => None,
        (Some(p), None) => {
            *ok = false;
            c.error(
                file,
                p.span(),
                "`json_pointer` without `json_equals`".into(),
                Some("add json_equals = the value it must have".into()),
            );
            None
        }
        (None, Some(_)) => {
            *ok = false;
            c.error(
                file,
                r.kind.span(),
                "`json_equals` without `json_pointer`".into(),
                Some("add json_pointer = \"/path\"".into()),
            );
            None
        }
    };
    for s in r.expect_status.iter().flatten() {
        if !(100..=599).contains(s.get_ref()) {
            *ok = false;
            c.error(
                file,
                s.span(),
                format!("{} is not an HTTP status", s.get_ref()),
                Some("100 to 599".into()),
            );
        }
    }
    let connect_timeout = duration(
        c,
        file,
        &r.connect_timeout,
        timeout.min(Duration::from_secs(5)),
    );
    Some(CheckKind::Http(Box::new(HttpCheck {
        url: url.get_ref().clone(),
        method,
        headers: r.headers.clone().unwrap_or_default().into_iter().collect(),
        expect_status: r
            .expect_status
            .iter()
            .flatten()
            .map(|s| *s.get_ref())
            .collect(),
        body_contains: r.body_contains.clone(),
        json,
        degraded_above: r
            .degraded_above
            .as_ref()
            .map(|_| duration(c, file, &r.degraded_above, timeout)),
        verify_tls: r.verify_tls.unwrap_or(true),
        cert_warning_days: r.cert_warning_days.unwrap_or(DEFAULT_CERT_WARNING_DAYS),
        max_redirects: r.max_redirects.unwrap_or(DEFAULT_MAX_REDIRECTS),
        connect_timeout,
    })))
}

/// A DNS check: the name and the address it must resolve to, if any.
fn dns(c: &mut Checker<'_>, file: usize, r: &RawCheck, ok: &mut bool) -> Option<CheckKind> {
    let expect = match &r.expect_address {
        None => None,
        Some(a) => match a.get_ref().parse() {
            Ok(ip) => Some(ip),
            Err(_) => {
                *ok = false;
                c.error(
                    file,
                    a.span(),
                    format!("`{}` is not an IP address", a.get_ref()),
                    Some("e.g. \"10.1.2.3\" or \"2001:db8::1\"".into()),
                );
                None
            }
        },
    };
    Some(CheckKind::Dns {
        name: r.resolve.as_ref()?.get_ref().clone(),
        expect,
    })
}

/// A Nagios plugin: an absolute path (warned when it is not on this machine).
fn exec(c: &mut Checker<'_>, file: usize, r: &RawCheck, ok: &mut bool) -> Option<CheckKind> {
    let command = r.command.as_ref()?;
    let path = std::path::Path::new(command.get_ref());
    if !path.is_absolute() {
        *ok = false;
        c.error(file, command.span(), format!("`{}` is not an absolute path", command.get_ref()), Some("plugins run without a shell or PATH: give the full path, e.g. \"/usr/lib/nagios/plugins/check_ping\"".into()));
    } else if !path.is_file() {
        c.warn(
            file,
            command.span(),
            format!(
                "the plugin {} does not exist on this machine",
                command.get_ref()
            ),
            Some("it must exist where `beredskap monitor` runs".into()),
        );
    }
    Some(CheckKind::Exec {
        command: command.get_ref().clone(),
        args: r.args.clone().unwrap_or_default(),
    })
}

/// A heartbeat: its id, period and grace, who may send it.
fn heartbeat(c: &mut Checker<'_>, file: usize, r: &RawCheck, ok: &mut bool) -> Option<CheckKind> {
    let id = r.heartbeat.as_ref()?;
    if !crate::model::check::heartbeat_id_ok(id.get_ref()) {
        *ok = false;
        c.error(
            file,
            id.span(),
            format!("`{}` is not a heartbeat id", id.get_ref()),
            Some("letters, digits, `-`, `_` and `.`, at most 64, e.g. \"backup-natt\"".into()),
        );
    }
    let period = duration(c, file, &r.period, DEFAULT_INTERVAL);
    let grace = duration(c, file, &r.grace, period / 10);
    Some(CheckKind::Heartbeat {
        id: id.get_ref().clone(),
        period,
        grace,
        senders: senders(c, file, r.senders.as_deref()),
    })
}

/// An alert check: the source and the label selector it reads, when it goes stale.
fn alert(c: &mut Checker<'_>, file: usize, r: &RawCheck, ok: &mut bool) -> Option<CheckKind> {
    let source = r.source.as_ref()?;
    if !crate::model::check::heartbeat_id_ok(source.get_ref()) {
        *ok = false;
        c.error(
            file,
            source.span(),
            format!("`{}` is not a source name", source.get_ref()),
            Some("letters, digits, `-`, `_` and `.`, e.g. \"alertmanager\" or \"nagios\"".into()),
        );
    }
    let selector = r.selector.as_ref()?;
    if let Err(e) = crate::model::alert::Selector::parse(selector.get_ref()) {
        *ok = false;
        // The span covers the quoted value: point at the character inside it.
        let at = selector.span().start + 1 + e.at;
        c.error(
            file,
            at..at + 1,
            format!("this label selector cannot be read: {}", e.message),
            Some("write it as Prometheus does: {job=\"lis\", severity=~\"critical|page\"}".into()),
        );
    }
    let stale_after = r
        .stale_after
        .as_ref()
        .map(|_| duration(c, file, &r.stale_after, DEFAULT_INTERVAL));
    Some(CheckKind::Alert {
        source: source.get_ref().clone(),
        selector: selector.get_ref().clone(),
        stale_after,
    })
}

/// Checks a list of checks for duplicate names.
pub fn unique_names(
    c: &mut Checker<'_>,
    file: usize,
    owner: &Spanned<String>,
    checks: &[CheckSpec],
) {
    for (i, a) in checks.iter().enumerate() {
        if checks[..i].iter().any(|b| b.name == a.name) {
            c.error(
                file,
                owner.span(),
                format!("`{}` has two checks named `{}`", owner.get_ref(), a.name),
                Some("give each check its own name".into()),
            );
        }
    }
}

pub fn monitor(c: &mut Checker<'_>, file: usize, raw: &RawMonitor) -> MonitorSettings {
    let d = MonitorSettings::default();
    let canaries = raw
        .canaries
        .iter()
        .enumerate()
        .filter_map(|(i, r)| {
            let mut spec = check(c, file, r, i)?;
            // A canary answers for the checker itself: no waiting for three failures.
            if r.get_ref().failure_threshold.is_none() {
                spec.failure_threshold = 1;
            }
            if r.get_ref().success_threshold.is_none() {
                spec.success_threshold = 1;
            }
            if r.get_ref().name.is_none() {
                spec.name = format!("canary-{}", i + 1);
            }
            Some(spec)
        })
        .collect();
    let positive = |c: &mut Checker<'_>, v: &Option<Spanned<usize>>, default: usize| match v {
        Some(n) if *n.get_ref() == 0 => {
            c.error(file, n.span(), "must be at least 1".into(), None);
            default
        }
        Some(n) => *n.get_ref(),
        None => default,
    };
    MonitorSettings {
        canaries,
        max_in_flight: positive(c, &raw.max_in_flight, d.max_in_flight),
        max_per_target: positive(c, &raw.max_per_target, d.max_per_target),
        sample_retention: duration(c, file, &raw.sample_retention, d.sample_retention),
        lease_interval: duration(c, file, &raw.lease_interval, d.lease_interval),
        flapping_window: duration(c, file, &raw.flapping_window, d.flapping_window),
        flapping_transitions: positive(c, &raw.flapping_transitions, d.flapping_transitions).max(2),
        webhook: raw.webhook_url.as_ref().and_then(|u| {
            let url = u.get_ref();
            if !(url.starts_with("http://") || url.starts_with("https://")) {
                c.error(
                    file,
                    u.span(),
                    format!("`{url}` is not an http(s) URL"),
                    Some("e.g. \"https://sms-gateway.region.example/page\"".into()),
                );
                return None;
            }
            Some(crate::model::check::Webhook {
                url: url.clone(),
                timeout: duration(
                    c,
                    file,
                    &raw.webhook_timeout,
                    std::time::Duration::from_secs(5),
                ),
                retries: raw
                    .webhook_retries
                    .as_ref()
                    .map(|r| *r.get_ref())
                    .unwrap_or(3)
                    .min(10),
            })
        }),
    }
}

//! Screen 1's unmapped alerts: a banner above the systems while the region's monitoring
//! sends firing alerts no system's check maps, and (on `u`) a pane listing them, each with
//! the check that would map it — ready to paste into the configuration. Mapping one there
//! takes it off the list; so does its resolving.

use crate::i18n::T;
use crate::model::alert::Labels;
use crate::model::shown::line;
use crate::tui::component::Look;
use crate::tui::screens::StatusScreen;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

/// Unmapped alerts the console reads (the newest); with this many the banner says "200+".
pub const SHOWN: usize = 200;

/// Labels that name what an alert is about, in the order a selector should use them.
const NAMING: &[&str] = &[
    "alertname",
    "job",
    "system",
    "host",
    "service",
    "instance",
    "namespace",
];

/// A selector that matches this alert: up to three of its naming labels (any two other
/// labels when it has none of them), never its severity or state.
pub fn suggested_selector(labels: &Labels) -> String {
    let mut picked: Vec<(&String, &String)> = NAMING
        .iter()
        .filter_map(|k| labels.get_key_value(*k))
        .take(3)
        .collect();
    if picked.is_empty() {
        picked = labels
            .iter()
            .filter(|(k, _)| !k.starts_with("severity") && k.as_str() != "state")
            .take(2)
            .collect();
    }
    let quoted = |v: &str| v.replace('\\', "\\\\").replace('"', "\\\"");
    format!(
        "{{{}}}",
        picked
            .iter()
            .map(|(k, v)| format!("{k}=\"{}\"", quoted(v)))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// The banner's line, when there is anything to say.
pub fn banner(screen: &StatusScreen, look: &Look) -> Option<Line<'static>> {
    let n = screen.unmapped.len();
    if n == 0 {
        return None;
    }
    let key = look
        .keymap
        .keys_for(&crate::tui::action::Action::Unmapped)
        .into_iter()
        .next()
        .unwrap_or_default();
    Some(Line::from(vec![
        Span::styled(
            format!(
                "⚠ {n}{} {}",
                if n >= SHOWN { "+" } else { "" },
                look.lang.t(if n == 1 {
                    T::UnmappedBannerOne
                } else {
                    T::UnmappedBanner
                })
            ),
            look.theme.warning(),
        ),
        Span::styled(
            if screen.unmapped_open || key.is_empty() {
                String::new()
            } else {
                format!("  [{key}]")
            },
            look.theme.key(),
        ),
    ]))
}

pub fn draw(frame: &mut Frame, area: Rect, screen: &StatusScreen, look: &Look) {
    if area.width < 3 || area.height < 3 {
        return;
    }
    let tz = look.region.site.time_zone;
    let mut lines: Vec<Line> = Vec::new();
    for a in &screen.unmapped {
        lines.push(Line::from(vec![
            Span::styled(format!("● {} ", line(&a.source)), look.theme.alarm()),
            Span::raw(line(&a.summary).into_owned()),
        ]));
        lines.push(Line::from(Span::styled(
            format!(
                "  {} {}  ·  {}",
                look.lang.t(T::UnmappedSeen),
                a.first_seen.with_timezone(&tz).format("%Y-%m-%d %H:%M"),
                line(
                    &a.labels
                        .iter()
                        .map(|(k, v)| format!("{k}={v}"))
                        .collect::<Vec<_>>()
                        .join(" ")
                )
            ),
            look.theme.dim(),
        )));
        lines.push(Line::from(format!("  {}", look.lang.t(T::UnmappedMapWith))));
        for toml in [
            "[[systems.checks]]".to_string(),
            "kind = \"alert\"".to_string(),
            format!("source = \"{}\"", line(&a.source)),
            format!("match = '{}'", line(&suggested_selector(&a.labels))),
        ] {
            lines.push(Line::from(Span::styled(
                format!("    {toml}"),
                look.theme.key(),
            )));
        }
        lines.push(Line::from(""));
    }
    let title = format!(
        " {} ({}) ",
        look.lang.t(T::UnmappedTitle),
        screen.unmapped.len()
    );
    super::detail::pane(frame, area, (screen, look), title, lines, false);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn labels(pairs: &[(&str, &str)]) -> Labels {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn the_suggested_selector_names_the_alert_and_matches_it() {
        let l = labels(&[
            ("alertname", "DiskFull"),
            ("job", "pacs"),
            ("instance", "pacs01:9100"),
            ("host", "pacs01"),
            ("severity", "critical"),
        ]);
        let s = suggested_selector(&l);
        assert_eq!(s, r#"{alertname="DiskFull", job="pacs", host="pacs01"}"#);
        let parsed = crate::model::alert::Selector::parse(&s).unwrap();
        assert!(parsed.matches(&l));
        let odd = labels(&[("severity", "x"), ("team", "a\"b"), ("zone", "n")]);
        let s = suggested_selector(&odd);
        assert_eq!(s, r#"{team="a\"b", zone="n"}"#);
        assert!(
            crate::model::alert::Selector::parse(&s)
                .unwrap()
                .matches(&odd)
        );
    }
}

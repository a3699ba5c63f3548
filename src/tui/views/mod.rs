//! Drawing: reads `&App`, does no I/O. Every view tolerates any area down to 0×0.

mod chrome;
pub use chrome::banner_texts;
mod detail;
mod help;
mod incidents;
mod log;
mod oncall;
mod review;
mod runbooks;
mod spark;
mod status;

use super::action::Screen;
use super::app::App;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Rect};

/// Draws the whole console.
pub fn draw(frame: &mut Frame, app: &App) {
    let area = frame.area();
    if area.width == 0 || area.height == 0 {
        return;
    }
    let banners = chrome::banner_texts(app);
    let show_chrome = area.height >= 4;
    let [header, tabs, banner_area, body, footer] = if show_chrome {
        Layout::vertical([
            Constraint::Length(1),
            Constraint::Length(1),
            Constraint::Length((banners.len() + chrome::notices(app).len()) as u16),
            Constraint::Min(0),
            Constraint::Length(1),
        ])
        .areas(area)
    } else {
        let empty = Rect::new(area.x, area.y, 0, 0);
        [empty, empty, empty, area, empty]
    };
    if show_chrome {
        chrome::header(frame, header, app);
        chrome::tabs(frame, tabs, app);
        chrome::banners(frame, banner_area, app, &banners);
        chrome::footer(frame, footer, app);
    }
    match app.screen {
        Screen::Status => status::draw(frame, body, app),
        Screen::Log => log::draw(frame, body, app),
        Screen::Incidents => incidents::draw(frame, body, app),
        Screen::Runbooks => runbooks::draw(frame, body, app),
        Screen::OnCall => oncall::draw(frame, body, app),
        Screen::Review => review::draw(frame, body, app),
    }
    if app.help {
        help::draw(frame, area, app);
    }
}

/// An event's one-line text in the interface language (status changes use the table).
pub fn event_text(app: &App, e: &crate::model::event::Event) -> String {
    event_text_inner(app, e).replace('\n', " ⏎ ")
}

fn event_text_inner(app: &App, e: &crate::model::event::Event) -> String {
    use crate::model::event::{StatusChange, kind};
    if e.kind == crate::model::incident_log::kind::MILESTONE
        && let (Some(m), Some(at)) = (
            e.payload.get("milestone").and_then(|v| v.as_str()),
            e.payload
                .get("at")
                .and_then(|v| v.as_str())
                .and_then(crate::model::timespec::from_storage),
        )
    {
        let local = at
            .with_timezone(&app.region.site.time_zone)
            .format("%H:%M:%S");
        let reason = e
            .payload
            .get("reason")
            .and_then(|v| v.as_str())
            .unwrap_or_default();
        return if e.corrects.is_some() {
            format!("{m} {local} ({reason})")
        } else {
            format!("{m} {local}")
        };
    }
    if e.kind == kind::SYSTEM_STATUS_CHANGED
        && let Ok(c) = serde_json::from_value::<StatusChange>(e.payload.clone())
    {
        let mut s = format!(
            "{} → {}: {}",
            app.lang.health(c.previous),
            app.lang.health(c.health),
            c.message
        );
        if !c.impacted_by.is_empty() {
            s.push_str(&format!(
                " ({} {})",
                app.lang.t(crate::i18n::T::ColImpactedBy).to_lowercase(),
                c.impacted_by.join(", ")
            ));
        }
        return s;
    }
    e.summary()
}

/// "Since" in whole seconds and up.
pub fn since(app: &App, t: chrono::DateTime<chrono::Utc>) -> String {
    crate::model::duration::format_seconds((app.now - t).num_seconds().max(0) as u64)
}

/// Rows available for a list in `area` (for paging).
pub fn list_rows(area_height: u16) -> usize {
    usize::from(area_height.saturating_sub(6)).max(1)
}

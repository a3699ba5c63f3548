//! Styles by meaning. Views ask for `theme.health(h)` or `theme.warning()`, never for a
//! colour. The monochrome theme (NO_COLOR, --no-color) keeps every state apart by symbol and
//! word, with bold/reverse for emphasis.

use crate::model::health::Health;
use ratatui::style::{Color, Modifier, Style};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
    pub color: bool,
}

impl Theme {
    pub fn new(color: bool) -> Theme {
        Theme { color }
    }

    /// `--no-color` or a non-empty `$NO_COLOR` turn colour off.
    pub fn choose(no_color_flag: bool, no_color_env: Option<&str>) -> Theme {
        Theme::new(!(no_color_flag || no_color_env.is_some_and(|v| !v.is_empty())))
    }

    fn fg(&self, c: Color) -> Style {
        if self.color {
            Style::default().fg(c)
        } else {
            Style::default()
        }
    }

    /// The symbol that marks a state (same in both themes).
    pub fn symbol(h: Health) -> &'static str {
        match h {
            Health::Up => "✔",
            Health::Degraded => "▲",
            Health::Down => "✖",
            Health::Unknown => "?",
            Health::Maintenance => "◷",
        }
    }

    pub fn health(&self, h: Health) -> Style {
        match h {
            Health::Up => self.fg(Color::Green),
            Health::Degraded => self.fg(Color::Yellow).add_modifier(Modifier::BOLD),
            Health::Down => self.fg(Color::Red).add_modifier(Modifier::BOLD),
            Health::Unknown => self.fg(Color::Magenta),
            Health::Maintenance => self.fg(Color::Blue),
        }
    }

    pub fn impacted(&self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::ITALIC)
    }

    pub fn selected(&self) -> Style {
        Style::default().add_modifier(Modifier::REVERSED)
    }

    pub fn title(&self, focused: bool) -> Style {
        let s = Style::default().add_modifier(Modifier::BOLD);
        if focused {
            s.add_modifier(Modifier::UNDERLINED)
        } else {
            s
        }
    }

    /// A banner that must not be missed (stale, blind, major incident).
    pub fn alarm(&self) -> Style {
        if self.color {
            Style::default()
                .fg(Color::White)
                .bg(Color::Red)
                .add_modifier(Modifier::BOLD)
        } else {
            Style::default().add_modifier(Modifier::REVERSED | Modifier::BOLD)
        }
    }

    pub fn warning(&self) -> Style {
        self.fg(Color::Yellow).add_modifier(Modifier::BOLD)
    }

    pub fn dim(&self) -> Style {
        if self.color {
            Style::default().fg(Color::DarkGray)
        } else {
            Style::default().add_modifier(Modifier::DIM)
        }
    }

    pub fn header(&self) -> Style {
        if self.color {
            Style::default().fg(Color::Black).bg(Color::Cyan)
        } else {
            Style::default().add_modifier(Modifier::REVERSED)
        }
    }

    /// The filled part of a progress gauge.
    pub fn gauge(&self) -> Style {
        self.fg(Color::Green)
    }

    pub fn key(&self) -> Style {
        self.fg(Color::Cyan).add_modifier(Modifier::BOLD)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn no_color_removes_colour_but_keeps_symbols() {
        let mono = Theme::choose(false, Some("1"));
        assert!(!mono.color);
        assert_eq!(mono.health(Health::Down).fg, None);
        assert!(
            Theme::choose(false, Some("")).color,
            "an empty NO_COLOR does not count"
        );
        assert!(!Theme::choose(true, None).color);
        let symbols: std::collections::HashSet<_> = [
            Health::Up,
            Health::Degraded,
            Health::Down,
            Health::Unknown,
            Health::Maintenance,
        ]
        .into_iter()
        .map(Theme::symbol)
        .collect();
        assert_eq!(symbols.len(), 5, "every state has its own symbol");
    }
}

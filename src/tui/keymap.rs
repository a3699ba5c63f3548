//! The keymap is data: default bindings plus overrides from `[keys]` in the configuration.
//! Resolving a key is a pure function, tested with a table of cases.

use super::action::{Action, Screen};
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use std::collections::BTreeMap;

/// A key as written in configuration: `q`, `ctrl-c`, `enter`, `esc`, `up`, `pgdn`, `f1`, `?`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
}

impl Key {
    pub fn parse(s: &str) -> Option<Key> {
        let lower = s.trim().to_lowercase();
        let (ctrl, rest) = match lower
            .strip_prefix("ctrl-")
            .or_else(|| lower.strip_prefix("c-"))
        {
            Some(r) => (true, r.to_string()),
            None => (false, lower.clone()),
        };
        let code = match rest.as_str() {
            "enter" | "return" => KeyCode::Enter,
            "esc" | "escape" => KeyCode::Esc,
            "up" => KeyCode::Up,
            "down" => KeyCode::Down,
            "left" => KeyCode::Left,
            "right" => KeyCode::Right,
            "pgup" | "pageup" => KeyCode::PageUp,
            "pgdn" | "pagedown" => KeyCode::PageDown,
            "home" => KeyCode::Home,
            "end" => KeyCode::End,
            "tab" => KeyCode::Tab,
            "space" => KeyCode::Char(' '),
            f if f.starts_with('f') && f.len() > 1 => KeyCode::F(f[1..].parse().ok()?),
            _ => {
                // A single character, case kept from the original (`G` differs from `g`).
                let original = s.trim();
                let ch = if ctrl {
                    rest.chars().next()?
                } else {
                    original.chars().next()?
                };
                if original.chars().count() != 1 && !ctrl {
                    return None;
                }
                KeyCode::Char(ch)
            }
        };
        Some(Key { code, ctrl })
    }

    /// The key press this key is.
    pub fn event(&self) -> KeyEvent {
        let modifiers = if self.ctrl {
            KeyModifiers::CONTROL
        } else {
            KeyModifiers::NONE
        };
        KeyEvent::new(self.code, modifiers)
    }

    fn matches(&self, event: &KeyEvent) -> bool {
        let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
        ctrl == self.ctrl && self.code == event.code
    }

    pub fn label(&self) -> String {
        let base = match self.code {
            KeyCode::Enter => "Enter".to_string(),
            KeyCode::Esc => "Esc".to_string(),
            KeyCode::Up => "↑".to_string(),
            KeyCode::Down => "↓".to_string(),
            KeyCode::PageUp => "PgUp".to_string(),
            KeyCode::PageDown => "PgDn".to_string(),
            KeyCode::Home => "Home".to_string(),
            KeyCode::End => "End".to_string(),
            KeyCode::Tab => "Tab".to_string(),
            KeyCode::F(n) => format!("F{n}"),
            KeyCode::Char(' ') => "Space".to_string(),
            KeyCode::Char(c) => c.to_string(),
            _ => "?".to_string(),
        };
        if self.ctrl {
            format!("Ctrl-{base}")
        } else {
            base
        }
    }
}

#[derive(Debug, Clone, PartialEq)]
pub struct Keymap {
    pub bindings: Vec<(Key, Action)>,
}

fn key(s: &str) -> Key {
    Key::parse(s).unwrap_or(Key {
        code: KeyCode::Null,
        ctrl: false,
    })
}

impl Default for Keymap {
    fn default() -> Keymap {
        let mut b = vec![
            (key("q"), Action::Quit),
            (key("ctrl-c"), Action::Quit),
            (key("up"), Action::Up),
            (key("k"), Action::Up),
            (key("down"), Action::Down),
            (key("j"), Action::Down),
            (key("pgup"), Action::PageUp),
            (key("pgdn"), Action::PageDown),
            (key("home"), Action::Top),
            (key("g"), Action::Top),
            (key("end"), Action::Bottom),
            (key("G"), Action::Bottom),
            (key("enter"), Action::Open),
            (key("esc"), Action::Back),
            (key("/"), Action::Filter),
            (key(":"), Action::Command),
            (key("?"), Action::Help),
            (key("f1"), Action::Help),
            (key("n"), Action::NewNote),
            (key("d"), Action::Declare),
            (key("s"), Action::SetStatus),
            (key("m"), Action::SetMilestone),
            (key("r"), Action::AssignRole),
            (key("f"), Action::FlagSafety),
            (key("t"), Action::TakeShift),
            (key("a"), Action::Acknowledge),
            (key("p"), Action::PageTeam),
            (key("e"), Action::ExportRecord),
            (key("l"), Action::Decide),
            (key("b"), Action::Assess),
            (key("y"), Action::YearOverview),
            (key("u"), Action::Unmapped),
            // In an open run (these win there over the same keys above).
            (key("enter"), Action::StepDone),
            (key("space"), Action::StepDone),
            (key("s"), Action::StepSkip),
            (key("n"), Action::StepNote),
            (key("u"), Action::StepUndo),
            (key("c"), Action::RunComplete),
            // Not `a`: that acknowledges a page on every screen, a run's included.
            (key("x"), Action::RunAbort),
        ];
        for s in Screen::ALL {
            b.push((key(&s.number().to_string()), Action::Show(s)));
        }
        Keymap { bindings: b }
    }
}

impl Keymap {
    /// Defaults with overrides: `{ action = "key" }` or `{ action = ["key", "key"] }`
    /// replaces that action's default keys. Returns the keymap and the overrides it could
    /// not read.
    pub fn with_overrides(overrides: &BTreeMap<String, Vec<String>>) -> (Keymap, Vec<String>) {
        let mut map = Keymap::default();
        let mut problems = Vec::new();
        for (name, keys) in overrides {
            let Some(action) = Action::from_name(name) else {
                problems.push(format!("unknown action `{name}`"));
                continue;
            };
            let parsed: Vec<Key> = keys
                .iter()
                .filter_map(|k| {
                    let p = Key::parse(k);
                    if p.is_none() {
                        problems.push(format!("`{k}` is not a key (for `{name}`)"));
                    }
                    p
                })
                .collect();
            if parsed.is_empty() {
                continue;
            }
            // The new keys leave whatever they were bound to in the same scope (the run
            // view or everywhere else); the action's old keys go.
            map.bindings.retain(|(k, a)| {
                *a != action && !(parsed.contains(k) && a.in_run() == action.in_run())
            });
            map.bindings
                .extend(parsed.into_iter().map(|k| (k, action.clone())));
        }
        (map, problems)
    }

    /// The action bound to a key press outside a run, if any.
    pub fn resolve(&self, event: &KeyEvent) -> Option<Action> {
        self.resolve_in(event, false)
    }

    /// The action bound to a key press; inside an open run its own keys come first.
    pub fn resolve_in(&self, event: &KeyEvent, in_run: bool) -> Option<Action> {
        let find = |run_scope: bool| {
            self.bindings
                .iter()
                .find(|(k, a)| a.in_run() == run_scope && k.matches(event))
                .map(|(_, a)| a.clone())
        };
        if in_run {
            find(true).or_else(|| find(false))
        } else {
            find(false)
        }
    }

    /// The keys that do `action` where the user is (inside an open run or not): bound to
    /// it and not taken there by another binding first. What a hint or a banner may name.
    pub fn keys_in(&self, action: &Action, in_run: bool) -> Vec<String> {
        self.bindings
            .iter()
            .filter(|(k, a)| {
                a == action && self.resolve_in(&k.event(), in_run).as_ref() == Some(action)
            })
            .map(|(k, _)| k.label())
            .collect()
    }

    /// The keys bound to an action, for help and footer texts.
    pub fn keys_for(&self, action: &Action) -> Vec<String> {
        self.bindings
            .iter()
            .filter(|(_, a)| a == action)
            .map(|(k, _)| k.label())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, mods: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, mods)
    }

    #[test]
    fn default_bindings_resolve() {
        let map = Keymap::default();
        let none = KeyModifiers::NONE;
        let cases = [
            (press(KeyCode::Char('q'), none), Some(Action::Quit)),
            (
                press(KeyCode::Char('c'), KeyModifiers::CONTROL),
                Some(Action::Quit),
            ),
            (press(KeyCode::Char('c'), none), None),
            (press(KeyCode::Down, none), Some(Action::Down)),
            (press(KeyCode::Char('j'), none), Some(Action::Down)),
            (
                press(KeyCode::Char('G'), KeyModifiers::SHIFT),
                Some(Action::Bottom),
            ),
            (press(KeyCode::Char('g'), none), Some(Action::Top)),
            (press(KeyCode::Enter, none), Some(Action::Open)),
            (press(KeyCode::Esc, none), Some(Action::Back)),
            (press(KeyCode::Char('/'), none), Some(Action::Filter)),
            (press(KeyCode::Char(':'), none), Some(Action::Command)),
            (press(KeyCode::Char('?'), none), Some(Action::Help)),
            (press(KeyCode::F(1), none), Some(Action::Help)),
            (
                press(KeyCode::Char('1'), none),
                Some(Action::Show(Screen::Status)),
            ),
            (
                press(KeyCode::Char('5'), none),
                Some(Action::Show(Screen::Log)),
            ),
            (press(KeyCode::Char('7'), none), None),
            (press(KeyCode::Char('n'), none), Some(Action::NewNote)),
        ];
        for (event, expected) in cases {
            assert_eq!(map.resolve(&event), expected, "{event:?}");
        }
    }

    #[test]
    fn overrides_replace_an_actions_keys_and_report_mistakes() {
        let mut o = BTreeMap::new();
        o.insert("quit".to_string(), vec!["x".to_string()]);
        o.insert("help".to_string(), vec!["h".to_string(), "f1".to_string()]);
        o.insert("launch".to_string(), vec!["l".to_string()]);
        o.insert("down".to_string(), vec!["not a key".to_string()]);
        let (map, problems) = Keymap::with_overrides(&o);
        let none = KeyModifiers::NONE;
        assert_eq!(
            map.resolve(&press(KeyCode::Char('x'), none)),
            Some(Action::Quit)
        );
        assert_eq!(
            map.resolve(&press(KeyCode::Char('q'), none)),
            None,
            "the old key is gone"
        );
        assert_eq!(
            map.resolve(&press(KeyCode::Char('h'), none)),
            Some(Action::Help)
        );
        assert_eq!(
            map.resolve(&press(KeyCode::Down, none)),
            Some(Action::Down),
            "a bad override keeps the default"
        );
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(
            problems
                .iter()
                .any(|p| p.contains("unknown action `launch`"))
        );
    }

    #[test]
    fn run_view_keys_win_only_inside_a_run() {
        let map = Keymap::default();
        let none = KeyModifiers::NONE;
        let cases = [
            (KeyCode::Enter, Some(Action::Open), Some(Action::StepDone)),
            (KeyCode::Char(' '), None, Some(Action::StepDone)),
            (
                KeyCode::Char('s'),
                Some(Action::SetStatus),
                Some(Action::StepSkip),
            ),
            (
                KeyCode::Char('n'),
                Some(Action::NewNote),
                Some(Action::StepNote),
            ),
            (
                KeyCode::Char('u'),
                Some(Action::Unmapped),
                Some(Action::StepUndo),
            ),
            (KeyCode::Esc, Some(Action::Back), Some(Action::Back)),
            (KeyCode::Char('q'), Some(Action::Quit), Some(Action::Quit)),
        ];
        for (code, outside, inside) in cases {
            let e = press(code, none);
            assert_eq!(map.resolve_in(&e, false), outside, "{code:?} outside");
            assert_eq!(map.resolve_in(&e, true), inside, "{code:?} inside");
        }
        // Remapping a run key leaves the same key's global binding alone.
        let mut o = BTreeMap::new();
        o.insert(
            "step_done".to_string(),
            vec!["x".to_string(), "enter".to_string()],
        );
        let (map, problems) = Keymap::with_overrides(&o);
        assert!(problems.is_empty());
        assert_eq!(
            map.resolve_in(&press(KeyCode::Enter, none), false),
            Some(Action::Open)
        );
        assert_eq!(
            map.resolve_in(&press(KeyCode::Char('x'), none), true),
            Some(Action::StepDone)
        );
        assert_eq!(map.resolve_in(&press(KeyCode::Char(' '), none), true), None);
    }

    #[test]
    fn keys_parse_and_label() {
        assert_eq!(Key::parse("ctrl-c").unwrap().label(), "Ctrl-c");
        assert_eq!(Key::parse("PgDn").unwrap().label(), "PgDn");
        assert_eq!(Key::parse("f12").unwrap().code, KeyCode::F(12));
        assert!(Key::parse("ab").is_none());
        assert!(Key::parse("").is_none());
    }
}

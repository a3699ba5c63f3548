//! What a screen is to the router: a component with its own keys on its own state (as
//! gitui's components have them), the part of the shared state it needs (`Ctx`), and how
//! far a moving action goes. Apart from the screens so that each screen's file can be one.

use super::action::Action;
use super::state::Effect;

/// What a screen needs of the shared state to handle its own keys.
pub struct Ctx {
    pub lang: crate::i18n::Lang,
    /// Rows in a page of the list last drawn.
    pub page: usize,
    /// Columns of the terminal last drawn.
    pub cols: usize,
    /// Screen 4: how many layers can be chosen (worked out from the rota only there).
    pub layers: usize,
}

/// A screen's own keys on its own state — moving, opening, closing, scrolling — as gitui's
/// components have them. `None` hands the action back to the router (`App::apply`), which
/// handles what needs the shared state: the prompt, writes, screens, help.
pub trait Component {
    fn on_action(&mut self, action: &Action, ctx: &Ctx) -> Option<Vec<Effect>>;

    /// The screen's own keys for the footer, the most needed first, each with its word
    /// (Esc first when something is open over the list). The router adds quitting, help
    /// and the command line; the footer leaves out what the role cannot use or what does
    /// not fit.
    fn hints(&self) -> Vec<(Action, crate::i18n::T)>;
}

/// How far a moving action goes: a line, a page, to either end.
pub(crate) fn delta(action: &Action, page: usize) -> Option<isize> {
    let page = page.max(1) as isize;
    Some(match action {
        Action::Up => -1,
        Action::Down => 1,
        Action::PageUp => -page,
        Action::PageDown => page,
        Action::Top => isize::MIN / 2,
        Action::Bottom => isize::MAX / 2,
        _ => return None,
    })
}

pub(crate) fn moved(at: usize, delta: isize, len: usize) -> usize {
    (at as isize)
        .saturating_add(delta)
        .clamp(0, len.saturating_sub(1) as isize) as usize
}

/// What a screen's drawing needs of the shared state: the language, the styles, the region
/// (names, the site's zone), the keymap, the clock and what the user may do. A screen's view draws from its own state and
/// this, never from the whole console (`App::look`).
pub struct Look<'a> {
    pub lang: crate::i18n::Lang,
    pub theme: &'a super::theme::Theme,
    pub region: &'a crate::model::region::Region,
    /// The keys as the keymap has them, for a view that names one.
    pub keymap: &'a super::keymap::Keymap,
    /// The console's clock (ages, deadlines).
    pub now: chrono::DateTime<chrono::Utc>,
    /// Whether the user's roles allow an action here (a view offers only what they do).
    pub may: Box<dyn Fn(&Action) -> bool + 'a>,
}

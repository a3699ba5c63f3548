//! What every `oncall` command works with (the command line, the configuration, the
//! language, the time) and the helpers both halves use: `oncall_cmd` (the rota, overrides,
//! notes) and `oncall_ics_cmd` (calendars in and out).

use super::{Cli, Failure, context};
use crate::i18n::Lang;
use crate::model::region::Region;
use chrono::{DateTime, Utc};

/// What every `oncall` command works with.
pub(super) struct Ctx<'a> {
    pub(super) cli: &'a Cli,
    pub(super) loaded: &'a crate::config::Loaded,
    pub(super) lang: Lang,
    pub(super) now: DateTime<Utc>,
}

impl Ctx<'_> {
    /// The command line, the configuration, the region, the language and the time.
    pub(super) fn parts(&self) -> (&Cli, &crate::config::Loaded, &Region, Lang, DateTime<Utc>) {
        (
            self.cli,
            self.loaded,
            &self.loaded.region,
            self.lang,
            self.now,
        )
    }
}

/// The same for every instant of [from, to]: the calendars expanded over the whole span.
pub(super) fn overrides_over(
    cli: &Cli,
    loaded: &crate::config::Loaded,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<crate::model::oncall::Override>, Failure> {
    let path = context::database_path(cli, Some(loaded))?;
    if !path.exists() {
        return Ok(Vec::new());
    }
    Ok(crate::store::Store::open_existing(&path)?.oncall_overrides_over(from, to)?)
}

/// "mån 2026-12-07 08:00", in the site's zone.
pub(super) fn local(lang: Lang, region: &Region, t: DateTime<Utc>) -> String {
    let t = t.with_timezone(&region.site.time_zone);
    format!(
        "{} {}",
        lang.weekday(chrono::Datelike::weekday(&t)),
        t.format("%Y-%m-%d %H:%M")
    )
}

/// A refusal of the command line's input, in the interface language.
pub(super) fn refused(r: crate::ops::Refusal) -> Failure {
    crate::ops::OpError::from(r).into()
}

//! `beredskap runbook print ID|--all [--format txt|pdf] [-o FILE|DIR]`.

use super::{Cli, Failure, code, context};
use crate::config::runbooks::load_all;
use crate::i18n::Lang;
use crate::model::region::Language;
use crate::model::runbook::parse;
use crate::print::{self, Sheet};
use chrono::Utc;
use chrono_tz::Tz;
use std::io::{IsTerminal, Write};
use std::path::Path;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Format {
    Txt,
    Pdf,
}

impl Format {
    fn choose(flag: Option<&str>, output: Option<&Path>, all: bool) -> Format {
        match flag {
            Some("pdf") => Format::Pdf,
            Some(_) => Format::Txt,
            None if !all && output.is_some_and(|o| o.extension().is_some_and(|e| e == "pdf")) => {
                Format::Pdf
            }
            None => Format::Txt,
        }
    }

    fn extension(self) -> &'static str {
        match self {
            Format::Txt => "txt",
            Format::Pdf => "pdf",
        }
    }

    fn render(self, sheet: &Sheet) -> Result<Vec<u8>, Failure> {
        match self {
            Format::Txt => Ok(print::txt::render(sheet).into_bytes()),
            Format::Pdf => print::pdf::render(sheet).map_err(Failure::system),
        }
    }
}

/// Writes through a temporary file and a rename: a failed write leaves no half file.
fn write_file(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    let fail = |e: std::io::Error| Failure::system(format!("cannot write {}: {e}", path.display()));
    crate::host::write_atomically(path, bytes).map_err(fail)
}

pub fn run(
    cli: &Cli,
    id: Option<&str>,
    all: bool,
    format: Option<&str>,
    output: Option<&Path>,
) -> Result<u8, Failure> {
    let loaded = context::try_load_config(cli)?;
    let region = loaded.as_ref().map(|l| &l.region);
    let lang = Lang::choose(
        cli.lang.as_deref(),
        region.map(|r| r.site.language).or(Some(Language::Sv)),
        std::env::var("LANG").ok().as_deref(),
    );
    let tz: Tz = region
        .map(|r| r.site.time_zone)
        .unwrap_or(chrono_tz::Europe::Stockholm);
    let now = Utc::now();
    let format = Format::choose(format, output, all);
    if all {
        let region = region.ok_or_else(|| {
            Failure::bad_input(
                "--all prints the region's runbooks: give a configuration (--config)",
            )
        })?;
        let dir = output.ok_or_else(|| Failure::bad_input("--all needs -o DIR"))?;
        std::fs::create_dir_all(dir)
            .map_err(|e| Failure::system(format!("cannot create {}: {e}", dir.display())))?;
        let (ok, problems) = load_all(region).map_err(|e| {
            Failure::bad_input(format!(
                "cannot read {}: {e}",
                region.site.runbooks_dir.display()
            ))
        })?;
        for l in &ok {
            let sheet = print::from_runbook(&l.runbook, lang, now, tz);
            let path = dir.join(format!("{}.{}", sheet.file_stem(), format.extension()));
            write_file(&path, &format.render(&sheet)?)?;
            println!("{}  ({} steps)", path.display(), sheet.step_count());
        }
        if !problems.is_empty() {
            for p in &problems {
                eprintln!("{p}");
            }
            return Err(Failure::bad_input(format!(
                "{} problem(s): those runbooks were not printed (see `beredskap runbook lint`)",
                problems.len()
            )));
        }
        return Ok(code::OK);
    }
    let id =
        id.ok_or_else(|| Failure::bad_input("give a runbook id, a runbook file or a run id"))?;
    let sheet = if id.starts_with("RUN-") {
        let store = context::open_for_reading(cli, loaded.as_ref())?;
        let run = store
            .run(id)?
            .ok_or_else(|| Failure::bad_input(format!("there is no run {id}")))?;
        print::from_run(&run, lang, now, tz)
    } else if id.ends_with(".md") {
        let text = crate::host::bounded::read_text(
            std::path::Path::new(id),
            crate::host::bounded::limit::RUNBOOK,
        )
        .map_err(|e| Failure::bad_input(format!("cannot read {id}: {e}")))?;
        let rb = parse(&text).map_err(|problems| {
            let lines: Vec<String> = problems
                .iter()
                .map(|p| {
                    format!(
                        "{id}:{}: error: {}\n  = hint: {}",
                        p.line, p.message, p.hint
                    )
                })
                .collect();
            Failure::bad_input(format!(
                "{}\n{} problem(s) in the runbook",
                lines.join("\n"),
                problems.len()
            ))
        })?;
        print::from_runbook(&rb, lang, now, tz)
    } else {
        let region = region.ok_or_else(|| {
            Failure::bad_input(format!(
                "`{id}`: to print by id give a configuration (--config), or give the file (.md)"
            ))
        })?;
        let l = super::run_cmd::find_runbook(region, id)?;
        print::from_runbook(&l.runbook, lang, now, tz)
    };
    let bytes = format.render(&sheet)?;
    match output {
        Some(path) => {
            write_file(path, &bytes)?;
            eprintln!("{}  ({} steps)", path.display(), sheet.step_count());
        }
        None if format == Format::Pdf && std::io::stdout().is_terminal() => {
            return Err(Failure::bad_input(
                "a PDF does not belong on a terminal: give -o FILE.pdf (or pipe it)",
            ));
        }
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(&bytes)
                .and_then(|_| out.flush())
                .map_err(|e| Failure::system(format!("cannot write: {e}")))?;
        }
    }
    Ok(code::OK)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    #[test]
    fn the_format_follows_the_flag_then_the_file_name() {
        let pdf = PathBuf::from("a.pdf");
        assert_eq!(Format::choose(None, Some(&pdf), false), Format::Pdf);
        assert_eq!(Format::choose(Some("txt"), Some(&pdf), false), Format::Txt);
        assert_eq!(Format::choose(None, None, false), Format::Txt);
        assert_eq!(Format::choose(None, Some(&pdf), true), Format::Txt);
        assert_eq!(Format::choose(Some("pdf"), None, true), Format::Pdf);
    }
}

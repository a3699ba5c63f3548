//! `beredskap log verify | show | note`.

use super::args::{LogExportArgs, NoteArgs, RedactArgs, ShowArgs, VerifyArgs};
use super::shown_println as println;
use super::{Cli, Failure, code, context};
use crate::config::DEFAULT_TIME_ZONE;
use crate::model::checkpoint::{self, Checkpoint};
use crate::model::event::Event;
use crate::model::timespec::parse_time;
use crate::ops::diary::{Note, write_note};
use crate::store::checkpoints::Verdict;
use crate::store::verify::PROGRESS_EVERY;
use crate::store::{EventFilter, Store};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use std::io::Write;

pub fn verify(cli: &Cli, args: &VerifyArgs) -> Result<u8, Failure> {
    let loaded = context::try_load_config(cli)?;
    let (mut store, diverged) = context::open_for_checking(cli, loaded.as_ref())?;
    if let Some(h) = &args.expect_head
        && (h.len() != 64 || !h.bytes().all(|b| b.is_ascii_hexdigit()))
    {
        return Err(Failure::bad_input(format!(
            "--expect-head {h:?} is not a SHA-256 hash (64 hexadecimal characters)"
        )));
    }
    let expect = args.expect_head.as_ref().map(|h| h.to_ascii_lowercase());
    let checkpoints = args
        .checkpoints
        .as_deref()
        .map(read_checkpoints)
        .transpose()?;
    eprintln!("checking {} …", store.path().display());
    // SQLite's own structure (on a second connection, on the other core) while this one
    // walks the chain; a damaged file stops every process's writes and is said first.
    let path = store.path().to_path_buf();
    let (quick, walked) = std::thread::scope(|s| {
        let quick = s.spawn(|| Store::open_existing(&path).and_then(|other| other.quick_check()));
        // A progress line on a terminal, for a long log; nothing on a pipe or a file.
        let terminal = std::io::IsTerminal::is_terminal(&std::io::stderr());
        let progress = |n| {
            if terminal {
                eprint!("\r  {n} events checked …");
            }
        };
        let walked = if store.remote().is_some() {
            // With a log of record, the log is the one on PostgreSQL, walked with the same
            // walk (the same break named); this host's file is its copy, checked against
            // it as it goes (and walked on its own where it differs).
            eprintln!("checking the log of record, and this host's copy against it …");
            store
                .verify_record_and_copy(expect.as_deref(), &progress)
                .map(|(record, copy)| (record, Some(copy)))
        } else {
            // Two stretches of the chain at once on a long log (each on its own connection).
            store
                .verify_in_parts(expect.as_deref(), 2, 200_000, &progress)
                .map(|walked| (walked, None))
        };
        if terminal
            && walked
                .as_ref()
                .is_ok_and(|(r, _)| r.events_checked >= PROGRESS_EVERY)
        {
            eprintln!();
        }
        (quick.join(), walked)
    });
    let quick = quick.map_err(|_| Failure::system("the integrity check stopped unexpectedly"))?;
    if let Some(problem) = quick? {
        return Err(Failure::system(format!(
            "DAMAGED: SQLite's integrity check fails ({problem}). The log is now marked \
             damaged and takes no more writes; restore the last good backup \
             (docs/operations.md, \"Restoring for real\")"
        )));
    }
    let (report, host_copy) = walked?;
    let copy_sound = host_copy.as_ref().is_none_or(|c| c.sound()) && diverged.is_none();
    // Only this log's lines, signed by its writer, are checked; the rest are counted.
    let sorted = match checkpoints {
        Some(list) => {
            let key = crate::host::checkpoint_key::read(store.path()).ok();
            Some(store.sort_checkpoints(list, key.as_deref())?)
        }
        None => None,
    };
    let checked = match &sorted {
        Some(s) => store.check_checkpoints(&s.own)?,
        None => Vec::new(),
    };
    let checkpoints_hold = checked.iter().all(|(_, v)| *v == Verdict::Matches);
    if args.json {
        let checkpoints = sorted.as_ref().map(|_| {
            checked
                .iter()
                .map(|(c, v)| super::json_out::CheckpointChecked {
                    event: c.event,
                    hash: &c.hash,
                    at: &c.at,
                    verdict: match v {
                        Verdict::Matches => "matches",
                        Verdict::Missing { .. } => "missing",
                        Verdict::Differs { .. } => "differs",
                    },
                })
                .collect()
        });
        super::print_json(&super::json_out::Verified {
            report: &report,
            intact: report.intact(),
            payloads_readable: report.unreadable.is_empty(),
            database: store.path().display().to_string(),
            host_copy: host_copy.as_ref(),
            checkpoints_ignored: sorted
                .as_ref()
                .map(|s| super::json_out::CheckpointsIgnored {
                    other_logs: &s.foreign,
                    not_signed_by_this_log: s.unsigned,
                }),
            checkpoints,
            checkpoints_hold: sorted.as_ref().map(|_| checkpoints_hold),
        })?;
    } else {
        match &report.first_break {
            None => println!(
                "intact: {} events, every hash and link checks",
                report.events_checked
            ),
            Some(b) => {
                // One line a call: the shown renderer prints a break inside one as '␊'.
                println!("BROKEN: {b}");
                println!("  ({} events before it check)", report.events_checked);
            }
        }
        match (&report.head_id, &report.head_hash) {
            (Some(id), Some(hash)) => println!("head: #{id} {hash}"),
            _ if report.intact() => println!("head: (empty log)"),
            _ => {}
        }
        if let Some(at) = report.expected_head_at {
            println!("the expected head is event #{at}");
        }
        for (event, why) in report.unreadable.iter().take(20) {
            println!("UNREADABLE: event #{event}: {why}");
        }
        if report.unreadable.len() > 20 {
            println!(
                "… and {} more unreadable events",
                report.unreadable.len() - 20
            );
        }
        if let Some(crate::store::StoreError::Diverged { local, remote }) = &diverged {
            println!(
                "BROKEN: this host's copy ({}) does not follow the log of record: it holds \
                 events up to #{local} the log of record does not have as they are (the log of \
                 record's head is #{remote}); events were removed from or rewritten in the log \
                 of record, or this file was not copied from it",
                store.path().display()
            );
        }
        if let Some(copy) = &host_copy {
            match &copy.first_break {
                None if copy.sound() => println!(
                    "this host's copy ({}): intact, {} events",
                    store.path().display(),
                    copy.events_checked
                ),
                None => println!(
                    "this host's copy ({}): {} unreadable events",
                    store.path().display(),
                    copy.unreadable.len()
                ),
                Some(b) => println!("BROKEN: this host's copy ({}): {b}", store.path().display()),
            }
        }
        if !report.redacted.is_empty() {
            let list: Vec<String> = report
                .redacted
                .iter()
                .map(|(event, by)| format!("#{event} (by #{by})"))
                .collect();
            println!(
                "{} event(s) redacted, each as its redaction recorded: {}",
                report.redacted.len(),
                list.join(", ")
            );
        }
    }
    if !args.json {
        print_checkpoints(&checked);
        if let Some(s) = &sorted {
            print_ignored(s);
        }
    }
    Ok(if report.sound() && copy_sound && checkpoints_hold {
        code::OK
    } else {
        code::BROKEN
    })
}

/// The checkpoints in `path`; a malformed checkpoint line, or none at all, is bad input.
fn read_checkpoints(path: &std::path::Path) -> Result<Vec<Checkpoint>, Failure> {
    let text = crate::host::bounded::read_text(path, crate::host::bounded::limit::EXTRACT)
        .map_err(|e| Failure::bad_input(format!("--checkpoints {}: {e}", path.display())))?;
    let (found, bad) = checkpoint::parse_all(&text);
    if let Some(b) = bad.first() {
        return Err(Failure::bad_input(format!(
            "{}:{}: not a checkpoint: {} (the format: `{} log=ID event=N hash=SHA256 \
             at=RFC3339 mac=HMAC`, docs/log-format.md)",
            path.display(),
            b.line,
            b.why,
            checkpoint::MARKER
        )));
    }
    if found.is_empty() {
        return Err(Failure::bad_input(format!(
            "{}: no `{}` line in it",
            path.display(),
            checkpoint::MARKER
        )));
    }
    Ok(found)
}

/// What `--checkpoints` left out, and why: never a failure of this log.
fn print_ignored(s: &crate::store::checkpoints::Sorted) {
    if s.ignored() == 0 {
        return;
    }
    let mut why = Vec::new();
    if !s.foreign.is_empty() {
        let logs: Vec<String> = s
            .foreign
            .iter()
            .map(|(l, n)| format!("log={l} ×{n}"))
            .collect();
        why.push(format!(
            "{} of other logs ({})",
            s.foreign.values().sum::<usize>(),
            logs.join(", ")
        ));
    }
    if s.unsigned > 0 {
        why.push(format!(
            "{} not signed by this log's writer (forged, or published before checkpoints were \
             signed)",
            s.unsigned
        ));
    }
    println!("checkpoints ignored: {} — {}", s.ignored(), why.join("; "));
    if s.no_key {
        println!(
            "this log has no checkpoint key (it never published a checkpoint here): no line \
             can be told from a forgery. If it did publish, its key {} was removed",
            "beside the log (LOG.checkpoint-key)"
        );
    } else if s.own.is_empty() {
        println!("no checkpoint of this log to check in the file");
    }
}

fn print_checkpoints(checked: &[(Checkpoint, Verdict)]) {
    for (c, v) in checked {
        let at = c.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
        match v {
            Verdict::Matches => {}
            Verdict::Missing { head } => println!(
                "CHECKPOINT MISSING: event #{} published {at} is not in the log (its head is \
                 now {}): the log was cut back",
                c.event,
                head.map(|h| format!("#{h}"))
                    .unwrap_or_else(|| "empty".into())
            ),
            Verdict::Differs { hash } => println!(
                "CHECKPOINT DIFFERS: event #{} was published {at} with hash {} but the log has \
                 {hash}: the history up to it was rewritten",
                c.event, c.hash
            ),
        }
    }
    if !checked.is_empty() {
        let good = checked
            .iter()
            .filter(|(_, v)| *v == Verdict::Matches)
            .count();
        println!("checkpoints: {good} of {} match", checked.len());
    }
}

fn time_zone(loaded: Option<&crate::config::Loaded>) -> Tz {
    loaded.map(|l| l.region.site.time_zone).unwrap_or_else(|| {
        DEFAULT_TIME_ZONE
            .parse()
            .unwrap_or(chrono_tz::Europe::Stockholm)
    })
}

fn parse_arg(
    name: &str,
    value: &Option<String>,
    tz: Tz,
    now: DateTime<Utc>,
) -> Result<Option<DateTime<Utc>>, Failure> {
    value
        .as_deref()
        .map(|v| parse_time(v, tz, now).map_err(|e| Failure::bad_input(format!("{name}: {e}"))))
        .transpose()
}

pub fn show(cli: &Cli, args: &ShowArgs) -> Result<u8, Failure> {
    let loaded = context::try_load_config(cli)?;
    let tz = time_zone(loaded.as_ref());
    let lang = crate::i18n::Lang::choose(
        cli.lang.as_deref(),
        loaded.as_ref().map(|l| l.region.site.language),
        std::env::var("LANG").ok().as_deref(),
    );
    let now = Utc::now();
    let filter = EventFilter {
        since: parse_arg("--since", &args.since, tz, now)?,
        until: parse_arg("--until", &args.until, tz, now)?,
        kinds: args.kind.clone(),
        subject: args.subject.clone(),
        limit: args.limit,
    };
    let store = context::open_for_reading(cli, loaded.as_ref())?;
    let events = store.events(&filter)?;
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    let result = if args.json {
        events
            .iter()
            .try_for_each(|e| writeln!(out, "{}", event_json(e)?))
    } else if events.is_empty() {
        writeln!(out, "no events match")
    } else {
        events.iter().try_for_each(|e| {
            // One event, one line: nothing stored can break it or forge the next.
            let line = event_line(e, tz, lang);
            writeln!(out, "{}", crate::model::shown::line(&line))
        })
    };
    match result {
        Ok(()) => Ok(code::OK),
        // A closed pipe (`| head`) is not an error worth reporting.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(code::OK),
        Err(e) => Err(Failure::system(e.to_string())),
    }
}

/// An event as one line of JSON (`log show --json`, the archive, an incident's timeline).
pub fn event_json(e: &Event) -> std::io::Result<serde_json::Value> {
    super::json_out::event(e).map_err(std::io::Error::other)
}

fn event_line(e: &Event, tz: Tz, lang: crate::i18n::Lang) -> String {
    let local = |t: DateTime<Utc>| t.with_timezone(&tz).format("%Y-%m-%d %H:%M:%S").to_string();
    let mut line = format!(
        "#{:<6} {}  {:<10} {:<12} {:<14} {}",
        e.id,
        local(e.occurred_at),
        e.actor,
        e.kind,
        e.subject,
        crate::i18n::events::describe(e, lang, tz)
    );
    let sv = lang == crate::i18n::Lang::Sv;
    if (e.recorded_at - e.occurred_at).num_seconds().abs() >= 60 {
        let word = if sv { "registrerad" } else { "recorded" };
        line.push_str(&format!("  ({word} {})", local(e.recorded_at)));
    }
    if e.actor != e.os_account {
        let word = if sv { "av OS-kontot" } else { "by OS account" };
        line.push_str(&format!("  ({word} {})", e.os_account));
    }
    line
}

pub fn redact(cli: &Cli, args: &RedactArgs) -> Result<u8, Failure> {
    let loaded = context::load_config(cli)?;
    let actor = context::actor(cli, &loaded)?;
    let event: i64 = args.event.trim_start_matches('#').parse().map_err(|_| {
        Failure::bad_input(format!(
            "{:?} is not an event id (a number, e.g. 42)",
            args.event
        ))
    })?;
    let mut store = context::open_for_writing(cli, &loaded)?;
    eprintln!(
        "redacting event #{event} ({}) and rewriting the database file …",
        args.field
    );
    let done = crate::ops::redact::redact(
        &mut store,
        &actor,
        event,
        &args.field,
        &args.reason,
        Utc::now(),
    )?;
    println!(
        "redacted: event #{event} field {} (redaction recorded as event #{}; {} cop{} in \
         projections replaced)",
        args.field,
        done.redaction_event,
        done.copies_replaced,
        if done.copies_replaced == 1 {
            "y"
        } else {
            "ies"
        }
    );
    if done.scrubbed {
        println!("the text is gone from the database file and its WAL");
    } else {
        println!(
            "the text is gone from the database pages; another process kept the WAL busy: it \
             is emptied at the next checkpoint (or run this again when the consoles are closed)"
        );
    }
    if store.remote().is_some() {
        println!(
            "in the log of record (PostgreSQL) the payload is replaced; its old row version \
             stays in the table until VACUUM, and in the server's WAL, its standbys' and its \
             base backups until they are recycled: ask the database team to run `VACUUM \
             beredskap.events` (docs/operations.md, \"Two sites\"). Every host's copy takes \
             the redaction out of its own file when it next follows the log"
        );
    }
    println!("backups taken before now still hold the text: take a new backup and replace them");
    Ok(code::OK)
}

pub fn note(cli: &Cli, args: &NoteArgs) -> Result<u8, Failure> {
    let loaded = context::load_config(cli)?;
    let actor = context::actor(cli, &loaded)?;
    let tz = loaded.region.site.time_zone;
    let occurred_at = parse_arg("--at", &args.at, tz, Utc::now())?;
    let mut store = context::open_for_writing(cli, &loaded)?;
    let make = |text: String| Note {
        text,
        occurred_at,
        system: args.system.clone(),
    };
    if !args.stdin {
        let note = make(args.text.clone().unwrap_or_default());
        let event = write_note(&mut store, &loaded.region, &actor, &note, Utc::now())?;
        println!("noted as event #{}", event.id);
        return Ok(code::OK);
    }
    // Read and checked a batch at a time, then written in one short transaction: the
    // write lock is never held while this process waits for its input (a person's pipe
    // can stall or be stopped for as long as they like), and no line is held whole past
    // the note's limit (4,000 characters: at most 16,000 bytes).
    let max_bytes = crate::ops::diary::MAX_NOTE_CHARS * 4;
    let mut lines = crate::host::bounded::Lines::new(std::io::stdin().lock(), max_bytes);
    let (mut refused, mut written) = (0usize, 0usize);
    let mut stopped = None;
    loop {
        let mut batch = Vec::new();
        let mut bytes = 0;
        while batch.len() < STDIN_BATCH && bytes < STDIN_BATCH_BYTES {
            let Some(line) = lines.next() else { break };
            let line = line.map_err(|e| Failure::system(format!("reading standard input: {e}")))?;
            let (n, text) = match line {
                crate::host::bounded::Line::Text(n, text) => (n, text),
                crate::host::bounded::Line::NotText(n) => {
                    refused += 1;
                    eprintln!("beredskap: line {n}: not UTF-8 text; not written");
                    continue;
                }
                crate::host::bounded::Line::TooLong(n) => {
                    stopped = Some(n);
                    break;
                }
            };
            if text.trim().is_empty() {
                continue;
            }
            bytes += text.len();
            match crate::ops::diary::prepare_note(&loaded.region, &actor, &make(text), Utc::now()) {
                Ok(event) => batch.push(event),
                Err(e) if e.is_bad_input() => {
                    refused += 1;
                    eprintln!("beredskap: line {n}: {e}");
                }
                Err(e) => return Err(e.into()),
            }
        }
        if !batch.is_empty() {
            let stored =
                store.append_with(|_| -> Result<_, crate::ops::OpError> { Ok(batch.clone()) })?;
            written += stored.len();
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            for event in stored {
                writeln!(out, "{}", event.id).map_err(|e| Failure::system(e.to_string()))?;
            }
            out.flush().map_err(|e| Failure::system(e.to_string()))?;
        }
        if lines.ended() {
            break;
        }
    }
    if let Some(n) = stopped {
        return Err(Failure::bad_input(format!(
            "line {n} is longer than a note may be ({} characters): stopped reading there; \
             {written} note(s) before it were written{}",
            crate::ops::diary::MAX_NOTE_CHARS,
            if refused > 0 {
                format!(", {refused} refused")
            } else {
                String::new()
            }
        )));
    }
    if refused > 0 {
        return Err(Failure::bad_input(format!(
            "{refused} line(s) refused; the others were written"
        )));
    }
    Ok(code::OK)
}

/// Notes from standard input written in one transaction: at most this many …
const STDIN_BATCH: usize = 500;
/// … or this many bytes of text.
const STDIN_BATCH_BYTES: usize = 1024 * 1024;

/// `beredskap log export`: the events recorded in a period as JSON Lines, streamed into a
/// file that appears only when complete.
pub fn export(cli: &Cli, args: &LogExportArgs) -> Result<u8, Failure> {
    let loaded = context::try_load_config(cli)?;
    let tz = time_zone(loaded.as_ref());
    let now = Utc::now();
    let since = parse_arg("--since", &args.since, tz, now)?;
    let until = parse_arg("--until", &args.until, tz, now)?;
    let store = context::open_for_reading(cli, loaded.as_ref())?;
    eprintln!("writing events from {} …", store.path().display());
    let mut first: Option<(i64, String)> = None;
    let mut last = 0;
    let n = crate::host::atomic::write_atomically_with(&args.output, |out| {
        store.each_recorded_between(since, until, |e| {
            if first.is_none() {
                first = Some((e.id, e.prev_hash.clone()));
            }
            last = e.id;
            writeln!(out, "{}", event_json(e)?)
        })
    })
    .map_err(|e| match e {
        crate::store::StoreError::Output(io) => {
            Failure::system(format!("cannot write {}: {io}", args.output.display()))
        }
        other => other.into(),
    })?;
    match first {
        Some((id, prev)) => println!(
            "exported {n} events (#{id}–#{last}) to {}; the first links to the hash before it: \
             {prev}",
            args.output.display()
        ),
        None => println!("no events match; wrote an empty {}", args.output.display()),
    }
    Ok(code::OK)
}

/// `log init`: the configured log exists afterwards, with the current schema.
pub fn init(cli: &Cli) -> Result<u8, Failure> {
    let loaded = context::load_config(cli)?;
    let store = context::open_for_writing(cli, &loaded)?;
    let events = store.head()?.map(|(id, _)| id).unwrap_or(0);
    println!(
        "the log is ready: {} ({events} event{})",
        store.path().display(),
        if events == 1 { "" } else { "s" }
    );
    Ok(code::OK)
}

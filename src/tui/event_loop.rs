//! The console's event loop: keys and pastes, the clock, database changes, signals, the
//! in-process monitor, and the terminal restored on every way out. Effects go to the
//! worker (`tui::worker`, the `Loader` of run.rs on its own thread) and come back as
//! patches; writes that find the log busy wait in line between frames.

use super::app::{App, Effect, User};
use super::data::History;
use super::resume::ViewFile;
use super::run::{ConsoleOptions, Loader};
use super::watcher::spawn_watcher;
use super::worker::Worker;
use super::worker_io::Msg;

use crate::monitor::service;
use crate::store::Store;
use chrono::Utc;
use crossterm::event::{Event as TermEvent, EventStream, KeyEventKind};
use futures_util::StreamExt;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{mpsc, watch};

/// How long a console write waits for another process's write before it waits in line.
const WRITE_WAIT: Duration = Duration::from_millis(250);

/// The in-process monitor's connection to the log, opened (with its log of record) on a
/// thread of its own — the PostgreSQL client blocks on a runtime of its own, which cannot
/// start inside this one — and tried again every few seconds while the log of record cannot
/// be reached. None when the console closes first.
async fn open_for_monitor(
    db: std::path::PathBuf,
    log: Option<crate::model::region::LogOfRecord>,
    mut stop: watch::Receiver<bool>,
) -> Option<Store> {
    loop {
        let (tx, rx) = tokio::sync::oneshot::channel();
        let (db, log) = (db.clone(), log.clone());
        std::thread::spawn(move || {
            let _ = tx.send(Store::open_for(&db, log.as_ref()));
        });
        match rx.await {
            Ok(Ok(store)) => return Some(store),
            Ok(Err(e)) => tracing::warn!("the console's monitor cannot open the log: {e}"),
            Err(_) => tracing::warn!("opening the log for the console's monitor stopped"),
        }
        tokio::select! {
            _ = tokio::time::sleep(Duration::from_secs(5)) => {}
            _ = stop.changed() => return None,
        }
    }
}

/// Runs the console until the user quits or a signal arrives.
pub async fn run(opts: ConsoleOptions) -> Result<(), String> {
    let log_of_record = opts.region.log_of_record.clone();
    // This host's file at once (the first frame does not wait for the network); with a log
    // of record, the worker attaches it and brings the file up (`Loader::reach_log_of_record`)
    // and until then the file takes no write.
    let mut store = match log_of_record {
        Some(_) => Store::open_following(&opts.db),
        None => Store::open(&opts.db),
    }
    .map_err(|e| e.to_string())?;
    if let Some(applied) = opts.configuration.clone() {
        store.set_configuration(applied, &opts.actor.os_account);
    }
    let region = Arc::new(opts.region);
    let holder = service::holder_id(&opts.actor.os_account);
    let (stop_tx, stop_rx) = watch::channel(false);
    let monitor = if opts.monitor {
        let (r, actor, stop) = (
            (*region).clone(),
            opts.actor.os_account.clone(),
            stop_rx.clone(),
        );
        let (db, log) = (opts.db.clone(), log_of_record.clone());
        Some(tokio::spawn(async move {
            match open_for_monitor(db, log, stop.clone()).await {
                Some(store) => service::run(r, store, actor, None, false, stop).await,
                None => Ok(()),
            }
        }))
    } else {
        None
    };
    let (tx, mut rx) = mpsc::unbounded_channel();
    spawn_watcher(opts.db.clone(), tx.clone(), stop_rx.clone());
    if let Some(log) = &log_of_record {
        super::watcher::spawn_follower(opts.db.clone(), log.into(), tx.clone(), stop_rx.clone());
    }
    {
        let tx = tx.clone();
        tokio::spawn(async move {
            use tokio::signal::unix::{SignalKind, signal};
            let (Ok(mut term), Ok(mut hup)) = (
                signal(SignalKind::terminate()),
                signal(SignalKind::hangup()),
            ) else {
                return;
            };
            tokio::select! {
                _ = term.recv() => {}
                _ = hup.recv() => {}
            }
            let _ = tx.send(Msg::Quit);
        });
    }

    let user = User {
        account: opts.actor.account.clone(),
        roles: opts
            .actor
            .roles
            .iter()
            .map(|r| opts.lang.role(*r))
            .collect::<Vec<_>>()
            .join(", "),
        can_write: opts.actor.known,
        can_run: opts
            .actor
            .require(crate::model::role::Permission::RunRunbook)
            .is_ok(),
        can_change_rota: opts
            .actor
            .require(crate::model::role::Permission::ChangeRota)
            .is_ok(),
        grants: crate::model::role::Permission::ALL
            .into_iter()
            .filter(|p| opts.actor.require(*p).is_ok())
            .collect(),
        role_ids: opts.actor.roles.to_vec(),
    };
    let mut app = App::new(
        region.clone(),
        opts.lang,
        opts.theme,
        opts.keymap,
        user,
        opts.log_file,
        Utc::now(),
    );
    // A write waits a moment for another process's write, then waits in line (so reads
    // behind it on the worker are not held up either).
    let mut store = store;
    if let Err(e) = store.set_busy_timeout(WRITE_WAIT) {
        tracing::warn!("cannot set the console's busy timeout: {e}");
    }
    let views = ViewFile::for_account(opts.view_file.clone(), &opts.db, &opts.actor.account);
    let mut loader = Loader {
        export_dir: opts.export_dir.clone(),
        views: views.clone(),
        store,
        region,
        holder,
        history: History::default(),
        history_at: None,
        seen: 0,
        log_of_record: log_of_record.clone(),
        reach_tried: None,
    };
    // The first screen is loaded before the first frame (no empty flash); from then on
    // the worker does all database and file work.
    let _ = loader.run(&mut app, Effect::ReloadStatus, &opts.actor);
    super::run_effects::load_runbooks(&loader.region, &mut app);
    if let Some(saved) = views.load() {
        for effect in app.restore(&saved) {
            let _ = loader.run(&mut app, effect, &opts.actor);
        }
    }
    let worker = Worker::spawn(loader, opts.actor.clone(), tx.clone())
        .map_err(|e| format!("cannot start the console's worker thread: {e}"))?;
    // A reload of what changed is asked for once at a time; changes meanwhile ask again.
    let mut reloading = false;
    let mut reload_again = false;
    if let Some(first) = opts.notices.first() {
        let more = match opts.notices.len() {
            1 => String::new(),
            n => format!(" (+{} — beredskap config check)", n - 1),
        };
        app.set_message(Some((format!("{first}{more}"), true)));
    }
    let mut saved = app.saved_view();
    let mut desktop_told = false;

    let mut terminal = ratatui::try_init().map_err(|e| format!("cannot open the terminal: {e}"))?;
    // A paste arrives as one event (a 5,000-character paste key by key cost seconds).
    let _ = crossterm::execute!(std::io::stdout(), crossterm::event::EnableBracketedPaste);
    let mut events = EventStream::new();
    let mut tick = tokio::time::interval(Duration::from_secs(1));
    let mut dirty = true;
    let result: Result<(), String> = loop {
        if dirty {
            let size = terminal.size().ok();
            app.set_page(
                super::views::list_rows(size.map(|s| s.height).unwrap_or(24)),
                usize::from(size.map(|s| s.width).unwrap_or(80)),
            );
            if let Err(e) = terminal.draw(|f| super::views::draw(f, &app)) {
                // The terminal is gone (a dropped SSH connection): stop quietly.
                break Err(format!("the terminal went away: {e}"));
            }
            dirty = false;
        }
        let mut effects = Vec::new();
        tokio::select! {
            ev = events.next() => match ev {
                Some(Ok(TermEvent::Key(k))) if k.kind == KeyEventKind::Press => {
                    effects = app.on_key(k);
                    dirty = true;
                }
                Some(Ok(TermEvent::Paste(text))) => {
                    effects = app.on_paste(&text);
                    dirty = true;
                }
                Some(Ok(TermEvent::Resize(_, _))) => dirty = true,
                Some(Ok(_)) => {}
                Some(Err(_)) | None => break Ok(()),
            },
            _ = tick.tick() => {
                app.set_now(Utc::now());
                dirty = true;
                app.see_log_lock(crate::store::lock_holder::write_lock_holder(&opts.db));
                // Writes that found the log busy, in the order they were asked for.
                effects.extend(app.take_held_writes());
            }
            msg = rx.recv() => match msg {
                Some(Msg::Done(done)) => {
                    if done.effect == Effect::ReloadChanged {
                        reloading = false;
                        if std::mem::take(&mut reload_again) {
                            effects.push(Effect::ReloadChanged);
                        }
                    }
                    app.apply_done(*done);
                    dirty = true;
                }
                Some(Msg::DbChanged) => {
                    effects.push(Effect::ReloadChanged);
                    if app.screen() == super::action::Screen::Log && app.log().selected == 0 {
                        effects.push(Effect::ReloadLog);
                    }
                    dirty = true;
                }
                Some(Msg::LogOfRecord(lost)) => {
                    app.set_log_of_record_lost(lost);
                    dirty = true;
                }
                Some(Msg::Quit) | None => app.close(),
            },
        }
        // One reload of what changed at a time: a burst of commits is one reload, and
        // the worker never queues reloads behind each other.
        let mut asked = Vec::with_capacity(effects.len());
        for effect in effects {
            if effect == Effect::ReloadChanged {
                if reloading {
                    reload_again = true;
                    continue;
                }
                reloading = true;
            }
            asked.push(effect);
        }
        app.dispatch(&worker, asked);
        if !app.alerts_pending().is_empty() {
            super::alerts::desktop(&opts.db, &opts.actor, &mut app, &mut desktop_told);
            let shown = super::alerts::terminal(&mut terminal, &opts.actor, &mut app);
            app.dispatch(&worker, vec![Effect::RecordDeliveries(shown)]);
            dirty = true;
        }
        // The view is remembered by the worker (a file write never holds up a frame).
        let now_view = app.saved_view();
        if now_view != saved {
            app.dispatch(&worker, vec![Effect::RememberView(now_view.clone())]);
            saved = now_view;
        }
        if app.quits() {
            break Ok(());
        }
    };
    let _ = crossterm::execute!(std::io::stdout(), crossterm::event::DisableBracketedPaste);
    ratatui::restore();
    // What was asked for before quitting is still written.
    worker.finish(Duration::from_secs(10)).await;
    let _ = stop_tx.send(true);
    if let Some(m) = monitor {
        // Give the lease up so a standby takes over at once.
        let _ = tokio::time::timeout(Duration::from_secs(5), m).await;
    }
    result
}

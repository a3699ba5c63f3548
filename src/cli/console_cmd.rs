//! `beredskap` (the console) and `beredskap demo`.

use super::args::DemoArgs;
use super::logging::{state_file, to_file as log_to_file};
use super::{Cli, Failure, code, context};
use crate::config::Loaded;
use crate::i18n::Lang;
use crate::ops::Actor;
use crate::tui::keymap::Keymap;
use crate::tui::run;
use crate::tui::run::ConsoleOptions;
use crate::tui::theme::Theme;
use std::path::{Path, PathBuf};

fn keymap(loaded: &Loaded) -> Result<Keymap, Failure> {
    let (map, problems) = Keymap::with_overrides(&loaded.region.keys);
    if problems.is_empty() {
        Ok(map)
    } else {
        Err(Failure::bad_input(format!(
            "[keys] in the configuration: {}",
            problems.join("; ")
        )))
    }
}

fn options(
    cli: &Cli,
    loaded: Loaded,
    db: PathBuf,
    actor: Actor,
    log_file: PathBuf,
) -> Result<ConsoleOptions, Failure> {
    let keymap = keymap(&loaded)?;
    let lang = Lang::choose(
        cli.lang.as_deref(),
        Some(loaded.region.site.language),
        std::env::var("LANG").ok().as_deref(),
    );
    let theme = Theme::choose(cli.no_color, std::env::var("NO_COLOR").ok().as_deref());
    let export_dir = export_dir(&loaded.region, &db);
    let mut region = loaded.region;
    if lang == Lang::En {
        region.name_builtins_in_english();
    }
    Ok(ConsoleOptions {
        region,
        db,
        actor,
        lang,
        theme,
        keymap,
        view_file: log_file.with_file_name("console-views.json"),
        export_dir,
        log_file,
        monitor: true,
        notices: Vec::new(),
        configuration: None,
    })
}

/// Where the console writes exports: `[site] export_dir`; else `exporter/` beside the log
/// (a personal install, where the log is the person's own); in the deployed install, where
/// the log's directory is the trusted writer's alone, `~/beredskap-exporter`. Never a
/// hidden directory.
fn export_dir(region: &crate::model::region::Region, db: &Path) -> PathBuf {
    if let Some(dir) = &region.site.export_dir {
        return dir.clone();
    }
    if crate::host::secure::enabled() {
        let home = directories::BaseDirs::new()
            .map(|b| b.home_dir().to_path_buf())
            .unwrap_or_else(|| PathBuf::from("."));
        return home.join("beredskap-exporter");
    }
    db.parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
        .join("exporter")
}

fn need_terminal() -> Result<(), Failure> {
    if std::io::IsTerminal::is_terminal(&std::io::stdout()) {
        Ok(())
    } else {
        Err(Failure::bad_input(
            "the console needs a terminal; for scripts use `beredskap status`, `check` or `log show`",
        ))
    }
}

fn open_console(rt: &tokio::runtime::Runtime, opts: ConsoleOptions) -> Result<u8, Failure> {
    match rt.block_on(run(opts)) {
        Ok(()) => Ok(code::OK),
        Err(e) if e.starts_with("the terminal went away") => Ok(code::OK),
        Err(e) => Err(Failure::system(e)),
    }
}

/// `beredskap` with no command.
pub fn console(cli: &Cli) -> Result<u8, Failure> {
    let loaded = context::load_config(cli)?;
    let db = context::database_path(cli, Some(&loaded))?;
    let actor = context::actor(cli, &loaded)?;
    need_terminal()?;
    // Open once before the screen is taken, so that a refused account reads why; the
    // configuration in force is recorded first — with a log of record, by the console's
    // worker as soon as it reaches it (the screen does not wait for the network, and a
    // console started while the log of record is down records it when it is back).
    let mut notices = context::unsafe_files(Some(&loaded), &db);
    let configuration = match &loaded.region.log_of_record {
        Some(_) => {
            crate::store::Store::open_following(&db)?;
            Some(
                crate::ops::config_applied::snapshot(&loaded)
                    .map_err(|e| Failure::from(crate::store::StoreError::from(e)))?,
            )
        }
        None => {
            let recorded = crate::store::Store::open(&db).and_then(|mut store| {
                crate::ops::config_applied::record_if_changed(
                    &mut store,
                    &loaded,
                    &crate::ops::actor::os_account(),
                )
            });
            match recorded {
                // A damaged log is still read: the console opens and says so in red.
                Ok(_) | Err(crate::store::StoreError::Damaged { .. }) => {}
                Err(e) => return Err(e.into()),
            }
            None
        }
    };
    let log_file = state_file("console.log");
    // A home the account cannot write to must not keep anyone from the console.
    let _guard = match log_to_file(&log_file) {
        Ok(guard) => Some(guard),
        Err(e) => {
            notices.push(format!(
                "{}; the console runs without its log file",
                e.said(crate::i18n::Lang::En, chrono_tz::UTC)
            ));
            None
        }
    };
    let mut opts = options(cli, loaded, db, actor, log_file)?;
    opts.notices = notices;
    opts.configuration = configuration;
    open_console(&super::runtime()?, opts)
}

/// `beredskap demo`.
pub fn demo(cli: &Cli, args: &DemoArgs) -> Result<u8, Failure> {
    // A new private directory (mkdtemp: mode 0700, created, never an existing one): another
    // account cannot plant a configuration or an `exec` check in it beforehand.
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::Builder::new()
        .prefix("beredskap-demo-")
        .permissions(std::fs::Permissions::from_mode(0o700))
        .tempdir()
        .map_err(|e| {
            Failure::system(format!(
                "cannot create a private directory for the demo in {}: {e}",
                std::env::temp_dir().display()
            ))
        })?;
    run_demo(cli, args, dir.path())
}

fn run_demo(cli: &Cli, args: &DemoArgs, dir: &Path) -> Result<u8, Failure> {
    if !args.headless {
        need_terminal()?;
    }
    let scenario = crate::demo::scenario::Scenario::parse(crate::demo::files::SCENARIO)
        .map_err(Failure::system)?;
    let scripted = scenario.incidents.clone();
    let scripted_runs = scenario.runs.clone();
    let (heartbeats, alerts, repeat) = (
        scenario.heartbeats.clone(),
        scenario.alerts.clone(),
        scenario.repeat,
    );
    let rt = super::runtime()?;
    // Scenario times count from here; the tokio clock needs the runtime.
    let started = rt.block_on(async { tokio::time::Instant::now() });
    let addr = rt
        .block_on(crate::demo::simulator::start(scenario))
        .map_err(|e| {
            Failure::system(format!(
                "cannot start the simulated region on 127.0.0.1: {e}"
            ))
        })?;
    let main = crate::demo::materialize(dir, addr.port()).map_err(|e| {
        Failure::system(format!(
            "cannot write the demo region to {}: {e}",
            dir.display()
        ))
    })?;
    let loaded = crate::config::load(&main)
        .map_err(|e| Failure::system(format!("the built-in demo region is broken: {e}")))?;
    let db = cli.db.clone().unwrap_or_else(|| dir.join("demo.db"));
    // In the demo, act as an on-call engineer unless told otherwise (the demo region allows it).
    let os = crate::ops::actor::os_account();
    let as_account = cli.as_account.clone().or_else(|| {
        loaded
            .region
            .person(&os)
            .is_none()
            .then(|| "op.tekla".to_string())
    });
    let actor = Actor::resolve(&loaded.region, &os, as_account.as_deref())?;
    let log_file = dir.join("demo.log");
    let _guard = log_to_file(&log_file)?;
    // The scripted incident runs through the core operations as the demo's commander.
    let mut store = crate::store::Store::open(&db)?;
    // The person at the demo console is on call for IT operations, so the lab outage pages
    // them: banner, bell and a desktop notification through the terminal.
    let now = chrono::Utc::now();
    let shift = crate::ops::oncall::NewOverride {
        team: "it-drift".into(),
        layer: None,
        person: actor.account.clone(),
        from: now,
        to: now + chrono::Duration::hours(8),
        reason: "demo: du har jouren".into(),
    };
    if let Err(e) =
        crate::ops::oncall::add_override(&mut store, &loaded.region, &actor, &shift, now)
    {
        tracing::info!("demo: {} is not put on call: {e}", actor.account);
    }
    drop(store);
    rt.spawn(crate::demo::script::run(
        loaded.region.clone(),
        db.clone(),
        scripted,
        scripted_runs,
        started,
    ));
    // The region's own monitoring and jobs: a heartbeat that goes quiet, an Alertmanager
    // alert that fires and resolves.
    rt.spawn(crate::demo::script::feeds(
        loaded.region.clone(),
        db.clone(),
        heartbeats,
        alerts,
        repeat,
        started,
    ));
    if args.headless {
        eprintln!(
            "beredskap demo: simulated region on {addr}, database {}, config {}; Ctrl-C stops",
            db.display(),
            main.display()
        );
        let store = crate::store::Store::open(&db)?;
        let region = loaded.region;
        let result = rt.block_on(async move {
            let (tx, rx) = tokio::sync::watch::channel(false);
            tokio::spawn(async move {
                let _ = tokio::signal::ctrl_c().await;
                let _ = tx.send(true);
            });
            crate::monitor::service::run(
                region,
                store,
                os,
                Some(crate::monitor::service::INTEGRITY_EVERY),
                crate::host::secure::enabled(),
                rx,
            )
            .await
        });
        return result.map(|()| code::OK).map_err(Failure::from);
    }
    let opts = options(cli, loaded, db, actor, log_file)?;
    open_console(&rt, opts)
}

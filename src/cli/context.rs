//! Finding and loading what a command needs: configuration, database, actor.

use super::{Cli, Failure};
use crate::config::discover::{self, CONFIG_ENV, DB_ENV, DiscoveryError};
use crate::config::{self, Loaded};
use crate::host::{FileRole, secure};
use crate::ops::Actor;
use crate::store::Store;
use std::path::{Path, PathBuf};

/// A `BEREDSKAP_*` variable; in secure mode none is read (the deployed install takes its
/// paths from /etc/beredskap alone).
fn env(name: &str) -> Option<String> {
    if secure::enabled() {
        return None;
    }
    std::env::var(name).ok()
}

/// Secure mode (`host::secure`): refuses the flags that would choose another configuration,
/// log or actor, and says once that the variables are ignored. `config check` may still
/// check a candidate file named with `--config` (it reads it as the person; no log).
/// `restore`, `log verify` and `log show` may name a scratch copy with `--db` (the restore
/// test): never the log or a file in its directory, and opened with the caller's own
/// rights alone (`scratch_database`).
pub fn refuse_in_secure_mode(
    cli: &Cli,
    checking_config: bool,
    scratch_db: bool,
) -> Result<(), Failure> {
    if !secure::enabled() {
        return Ok(());
    }
    let refused = [
        ("--config", cli.config.is_some() && !checking_config),
        ("--db", cli.db.is_some() && !scratch_db),
        ("--as", cli.as_account.is_some()),
    ];
    if let Some((flag, _)) = refused.iter().find(|(_, given)| *given) {
        return Err(Failure::bad_input(format!(
            "{flag} is refused: this is the deployed install (secure mode), which acts only \
             with {} and the log it names, as the account you logged in with \
             (docs/operations.md, \"Threat model\")",
            discover::SYSTEM_CONFIG
        )));
    }
    for name in [CONFIG_ENV, DB_ENV] {
        if std::env::var_os(name).is_some() {
            eprintln!("beredskap: note: ${name} is ignored by the deployed install (secure mode)");
        }
    }
    Ok(())
}

/// Where the configuration is: in secure mode the host-wide file alone (a `--config` is
/// only ever let through for `config check`).
fn config_path(cli: &Cli) -> Result<std::path::PathBuf, DiscoveryError> {
    if secure::enabled() && cli.config.is_none() {
        let path = Path::new(discover::SYSTEM_CONFIG);
        return discover::config_path(Some(path), None).map(|(p, _)| p);
    }
    discover::config_path(cli.config.as_deref(), env(CONFIG_ENV).as_deref()).map(|(p, _)| p)
}

/// Starts connecting to the log of record the configuration names (`[storage] engine =
/// "postgres"`) while the configuration is read and validated, which takes as long as
/// connecting and signing in: the command's own connection then takes it (or its failure)
/// instead of dialling again. Read from the main file alone, checked as loading checks it;
/// in secure mode only from the installed file, and only once it is root's alone — a file
/// someone else could change must not make the log's credentials go anywhere.
pub fn connect_ahead(cli: &Cli) {
    if secure::enabled() && cli.config.is_some() {
        return;
    }
    let Ok(path) = config_path(cli) else {
        return;
    };
    if secure::enabled()
        && secure::check_trusted(&secure::trusted_paths(std::slice::from_ref(&path), None)).is_err()
    {
        return;
    }
    if let Some(log) = config::log_of_record_ahead(&path) {
        crate::store::remote::RemoteLog::connect_ahead(&(&log).into());
    }
}

/// The language of what a person reads: `--lang`, else the region's `[site] language`,
/// else `$LANG`, else Swedish. `--json` output is the same in both.
pub fn lang(cli: &Cli, region: Option<&crate::model::region::Region>) -> crate::i18n::Lang {
    crate::i18n::Lang::choose(
        cli.lang.as_deref(),
        region.map(|r| r.site.language),
        std::env::var("LANG").ok().as_deref(),
    )
}

/// How a failure is said: `--lang`, else the region's language with its zone; without a
/// region that loads (the failure may be the configuration itself), English and UTC —
/// what scripts and logs expect.
pub fn speech(cli: &Cli) -> (crate::i18n::Lang, chrono_tz::Tz) {
    let flag = cli.lang.as_deref().and_then(crate::i18n::Lang::parse);
    match load_config(cli) {
        Ok(loaded) => (
            flag.unwrap_or_else(|| lang(cli, Some(&loaded.region))),
            loaded.region.site.time_zone,
        ),
        Err(_) => (flag.unwrap_or(crate::i18n::Lang::En), chrono_tz::UTC),
    }
}

/// Loads the configuration. Warnings are kept in `Loaded` (`config check` shows them).
/// In secure mode the installed files must be root's alone, or nothing starts.
pub fn load_config(cli: &Cli) -> Result<Loaded, Failure> {
    let path = config_path(cli).map_err(|e| Failure::bad_input(e.to_string()))?;
    let loaded = load_cached(&path, secure::enabled() && cli.config.is_none())?;
    if secure::enabled() && cli.config.is_none() {
        let trusted = secure::trusted_paths(
            &loaded.files,
            Some(loaded.region.site.runbooks_dir.as_path()),
        );
        secure::check_trusted(&trusted).map_err(Failure::system)?;
    }
    Ok(loaded)
}

/// Where the validated configuration from `main` is cached (`config::cache`): in the
/// deployed install beside the log, where only the trusted writer writes; otherwise in
/// the person's cache directory, named after the main file. `None`: no cache (secure mode
/// with a candidate file, or no cache directory).
fn cache_path(main: &Path, deployed: bool) -> Option<PathBuf> {
    if deployed {
        return Some(PathBuf::from(secure::CONFIG_CACHE));
    }
    if secure::enabled() {
        return None;
    }
    let real = std::fs::canonicalize(main).ok()?;
    let name = crate::store::chain::sha256_hex(real.to_string_lossy().as_bytes());
    let dir = std::env::var_os("XDG_CACHE_HOME")
        .filter(|d| !d.is_empty())
        .map(PathBuf::from)
        .or_else(|| directories::BaseDirs::new().map(|b| b.cache_dir().to_path_buf()))?;
    Some(
        dir.join("beredskap")
            .join(format!("config-{}.cache", &name[..16])),
    )
}

/// The configuration from `main`, from the cache when it still says exactly what the files
/// say, else read and validated (and the cache rewritten).
fn load_cached(main: &Path, deployed: bool) -> Result<Loaded, Failure> {
    let cache = cache_path(main, deployed);
    let guarded = |work: &mut dyn FnMut()| {
        if deployed {
            crate::host::privilege::with_config_cache(work)
        } else {
            work()
        }
    };
    if let Some(cache) = &cache {
        let mut hit = None;
        guarded(&mut || hit = config::cache::read(cache, main, deployed));
        if let Some(loaded) = hit {
            return Ok(loaded);
        }
    }
    let loaded = config::load(main).map_err(|e| Failure::bad_input(e.to_string()))?;
    if let Some(cache) = &cache {
        guarded(&mut || config::cache::write(cache, main, &loaded, deployed));
    }
    Ok(loaded)
}

/// Loads the configuration if one can be found; a configuration that exists but is broken
/// is still an error. In secure mode the host-wide file must exist.
pub fn try_load_config(cli: &Cli) -> Result<Option<Loaded>, Failure> {
    if secure::enabled() {
        return load_config(cli).map(Some);
    }
    match config_path(cli) {
        Ok(_) => load_config(cli).map(Some),
        Err(DiscoveryError::NotFound { .. }) => Ok(None),
        Err(e) => Err(Failure::bad_input(e.to_string())),
    }
}

pub fn database_path(cli: &Cli, loaded: Option<&Loaded>) -> Result<PathBuf, Failure> {
    let configured = loaded.and_then(|l| l.region.database.as_deref());
    if secure::enabled() {
        // The log the configuration names, and the one file the log's group opens — never
        // one named by a candidate file given to `config check --config`.
        let path = configured.ok_or_else(|| {
            Failure::bad_input(format!(
                "the deployed install needs `[storage] database` in {}",
                discover::SYSTEM_CONFIG
            ))
        })?;
        if let Some(scratch) = &cli.db {
            return scratch_database(scratch, path);
        }
        if cli.config.is_none() {
            crate::host::privilege::set_log(path);
        }
        return Ok(path.to_path_buf());
    }
    discover::database_path(cli.db.as_deref(), env(DB_ENV).as_deref(), configured)
        .map(|(p, _)| p)
        .map_err(|e| Failure::bad_input(e.to_string()))
}

/// A scratch copy named with `--db` in secure mode (the restore test): refused when it is the
/// log, or in the log's directory, however it is named (links followed). The log's group is
/// never raised for it (`privilege::set_log` is not called), so it is opened with the
/// caller's own rights: a person cannot reach the log through it.
fn scratch_database(scratch: &Path, log: &Path) -> Result<PathBuf, Failure> {
    let real = |p: &Path| -> PathBuf {
        // The file may not exist yet (a restore's target): its directory then.
        std::fs::canonicalize(p).unwrap_or_else(|_| {
            let dir = p
                .parent()
                .filter(|d| !d.as_os_str().is_empty())
                .unwrap_or(Path::new("."));
            std::fs::canonicalize(dir)
                .map(|d| d.join(p.file_name().unwrap_or_default()))
                .unwrap_or_else(|_| p.to_path_buf())
        })
    };
    let (scratch_real, log_real) = (real(scratch), real(log));
    let log_dir = log_real.parent().map(Path::to_path_buf).unwrap_or_default();
    if scratch_real == log_real || scratch_real.starts_with(&log_dir) {
        return Err(Failure::bad_input(format!(
            "--db {} is refused: it is the log or in the log's directory {}. The restore test \
             takes a scratch copy elsewhere, e.g. /tmp/restore-test.db (docs/operations.md, \
             \"The restore test\"); a real restore names no --db",
            scratch.display(),
            log_dir.display()
        )));
    }
    Ok(scratch.to_path_buf())
}

/// Opens the database for writing (creating it if needed). Warns on stderr about files
/// other accounts could read or change.
/// The configuration in force becomes part of the record, in front of the first event the
/// command writes (`config.applied` when it differs from the last one recorded).
pub fn open_for_writing(cli: &Cli, loaded: &Loaded) -> Result<Store, Failure> {
    let path = database_path(cli, Some(loaded))?;
    let mut store = Store::open(&path)?;
    warn_unsafe_files(Some(loaded), &path);
    attach_log_of_record(&mut store, Some(loaded))?;
    crate::ops::config_applied::before_first_write(
        &mut store,
        loaded,
        &crate::ops::actor::os_account(),
    )?;
    Ok(store)
}

/// Opens an existing database for reading (same warnings as for writing).
pub fn open_for_reading(cli: &Cli, loaded: Option<&Loaded>) -> Result<Store, Failure> {
    match open_for_checking(cli, loaded)? {
        (store, None) => Ok(store),
        (_, Some(diverged)) => Err(diverged.into()),
    }
}

/// For `log verify`: as [`open_for_reading`], but a host file that no longer follows the
/// log of record (its copy is ahead of it or on another chain) is opened all the same, the
/// log of record attached: that is a finding of the check (returned, always
/// `StoreError::Diverged`), not a reason to stop it.
pub fn open_for_checking(
    cli: &Cli,
    loaded: Option<&Loaded>,
) -> Result<(Store, Option<crate::store::StoreError>), Failure> {
    let path = database_path(cli, loaded)?;
    // With a log of record this host's file is its copy: a host new to it starts one.
    let follows = loaded.is_some_and(|l| l.region.log_of_record.is_some());
    let mut store = if follows {
        Store::open(&path)?
    } else {
        Store::open_existing(&path)?
    };
    warn_unsafe_files(loaded, &path);
    match attach_log_of_record(&mut store, loaded) {
        Ok(()) => Ok((store, None)),
        Err(Attach::Diverged(e)) => Ok((store, Some(e))),
        Err(Attach::Failed(f)) => Err(f),
    }
}

/// Attaching the log of record failed: this host's copy has diverged from it (the log of
/// record stays attached), or something else.
enum Attach {
    Diverged(crate::store::StoreError),
    Failed(Failure),
}

impl From<Attach> for Failure {
    fn from(a: Attach) -> Failure {
        match a {
            Attach::Diverged(e) => e.into(),
            Attach::Failed(f) => f,
        }
    }
}

/// With `[storage] engine = "postgres"`: the log of record attached, this host's file
/// brought up to it (docs/operations.md, "Two sites").
fn attach_log_of_record(store: &mut Store, loaded: Option<&Loaded>) -> Result<(), Attach> {
    let Some(log) = loaded.and_then(|l| l.region.log_of_record.as_ref()) else {
        return Ok(());
    };
    let remote = crate::store::remote::RemoteLog::connect(&log.into())
        .map_err(|e| Attach::Failed(e.into()))?;
    match store.attach_remote(remote) {
        Ok(()) => Ok(()),
        Err(e @ crate::store::StoreError::Diverged { .. }) => Err(Attach::Diverged(e)),
        Err(e) => Err(Attach::Failed(e.into())),
    }
}

/// The unsafe modes among the configuration's files and the database's (docs/operations.md).
pub fn unsafe_files(loaded: Option<&Loaded>, db: &Path) -> Vec<String> {
    let mut files: Vec<(PathBuf, FileRole)> = loaded
        .map(|l| {
            l.files
                .iter()
                .map(|f| (f.clone(), FileRole::Config))
                .collect()
        })
        .unwrap_or_default();
    files.extend(
        crate::host::permissions::database_files(db)
            .into_iter()
            .map(|f| (f, FileRole::Database)),
    );
    crate::host::audit(&files)
}

fn warn_unsafe_files(loaded: Option<&Loaded>, db: &Path) {
    for warning in unsafe_files(loaded, db) {
        eprintln!("beredskap: warning: {warning}");
    }
}

pub fn actor(cli: &Cli, loaded: &Loaded) -> Result<Actor, Failure> {
    Ok(Actor::resolve(
        &loaded.region,
        &crate::ops::actor::os_account(),
        cli.as_account.as_deref(),
    )?)
}

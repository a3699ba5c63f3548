//! `beredskap config check` and `beredskap doctor`.

use super::shown_println as println;
use super::{Cli, Failure, code, context};
use crate::model::region::{Category, Criticality};

pub fn check(cli: &Cli) -> Result<u8, Failure> {
    let loaded = context::load_config(cli)?;
    for w in &loaded.warnings {
        eprint!("{w}");
    }
    let (_, key_problems) = crate::tui::keymap::Keymap::with_overrides(&loaded.region.keys);
    if !key_problems.is_empty() {
        for p in &key_problems {
            eprintln!("error: [keys]: {p}");
        }
        eprintln!(
            "  = hint: actions and key names are listed in docs/configuration.md under [keys]"
        );
        return Err(Failure::bad_input(format!(
            "{} error(s) in [keys]",
            key_problems.len()
        )));
    }
    // The receiver's certificate and key must go together (the receiver checks it at start;
    // a unit's ExecStartPre runs this first). A key this account may not read is left.
    if let Some(tls) = &loaded.region.receiver.tls
        && std::fs::File::open(&tls.key).is_ok()
        && let Err(e) = crate::receiver::tls::acceptor(tls)
    {
        eprintln!("error: [receiver] tls_certificate, tls_key: {e}");
        eprintln!(
            "  = hint: the key must be the certificate's own (openssl x509 -noout -pubkey -in \
             CERT and openssl pkey -pubout -in KEY print the same)"
        );
        return Err(Failure::bad_input("1 error in [receiver]"));
    }
    let r = &loaded.region;
    let critical = r
        .systems
        .iter()
        .filter(|s| s.criticality == Criticality::BusinessCritical)
        .count();
    let mt = r
        .systems
        .iter()
        .filter(|s| s.category == Category::Mt)
        .count();
    println!(
        "ok: {} ({} file{})",
        loaded
            .files
            .first()
            .map(|p| p.display().to_string())
            .unwrap_or_default(),
        loaded.files.len(),
        if loaded.files.len() == 1 { "" } else { "s" }
    );
    println!(
        "  {}: {} systems ({critical} business-critical, {mt} medical technology), {} teams, {} people",
        r.site.name,
        r.systems.len(),
        r.teams.len(),
        r.people.len()
    );
    println!(
        "  time zone {}, runbooks in {}",
        r.site.time_zone,
        r.site.runbooks_dir.display()
    );
    // File modes: the configuration's and, when it exists, the database's.
    let db = context::database_path(cli, Some(&loaded)).ok();
    let unsafe_files = db
        .map(|db| context::unsafe_files(Some(&loaded), &db))
        .unwrap_or_default();
    for w in &unsafe_files {
        eprintln!("warning: {w}");
    }
    // A token or key a person can read lets them speak as the receiver's source.
    let readable = crate::host::secrets::problems(&loaded.region, "beredskap-log");
    for w in &readable {
        eprintln!("warning: {w}");
    }
    let warnings = loaded.warnings.len() + unsafe_files.len() + readable.len();
    if warnings > 0 {
        println!("  {warnings} warning(s), shown on stderr");
    }
    Ok(code::OK)
}

/// `beredskap doctor`: the install's files against what secure mode needs.
pub fn doctor(a: &super::args::DoctorArgs) -> Result<u8, Failure> {
    let layout = super::doctor::Layout {
        root: a.root.clone(),
        log_group: a.log_group.clone(),
        people_group: a.group.clone(),
    };
    if a.secrets {
        let config = layout.under(std::path::Path::new(crate::config::discover::SYSTEM_CONFIG));
        let loaded = crate::config::load(&config).map_err(|e| Failure::bad_input(e.to_string()))?;
        for f in crate::host::secrets::files(&loaded.region) {
            println!("{}", f.display());
        }
        return Ok(code::OK);
    }
    let findings = layout.examine();
    let width = findings
        .iter()
        .map(|f| f.path.display().to_string().chars().count())
        .max()
        .unwrap_or(0);
    for f in &findings {
        let path = f.path.display().to_string();
        match &f.problem {
            None => println!("ok     {path:<width$}  {}", f.found),
            Some(need) => {
                println!("WRONG  {path:<width$}  {}", f.found);
                println!("       {:<width$}  want: {need}", "");
            }
        }
    }
    let wrong = findings.iter().filter(|f| !f.ok()).count();
    if wrong == 0 {
        println!("the install is sound for secure mode");
        Ok(code::OK)
    } else {
        println!("{wrong} thing(s) to fix; contrib/install.sh sets every owner and mode");
        Ok(code::BROKEN)
    }
}

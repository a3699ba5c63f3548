//! A webhook receiver on loopback and a region that pages to it (the alarm tests).

use std::path::Path;

/// A webhook receiver on 127.0.0.1 that answers 200 and hands over every body it gets.
pub fn receiver() -> (u16, std::sync::mpsc::Receiver<serde_json::Value>) {
    super::loopback::webhook()
}

/// The region with someone on call for drift, a business-critical journal whose check
/// fails at once, and the webhook.
pub fn failing_region(dir: &Path, webhook: u16) -> std::path::PathBuf {
    region_with_plugin(
        dir,
        webhook,
        "echo 'CRITICAL - journalen svarar inte'; exit 2",
    )
}

/// As `failing_region`, with the journal's check the shell `script` (a Nagios plugin:
/// exit 0 OK, 2 CRITICAL).
pub fn region_with_plugin(dir: &Path, webhook: u16, script: &str) -> std::path::PathBuf {
    region_with_check(
        dir,
        webhook,
        &format!(
            "name = \"plugin\"\nkind = \"exec\"\ncommand = \"/bin/sh\"\nargs = [\"-c\", {script:?}]\n\
             interval = \"1s\"\ntimeout = \"1s\"\nfailure_threshold = 1\n"
        ),
    )
}

/// As `failing_region`, with the journal's one check the TOML `check` (the keys of one
/// `[[systems.checks]]` table).
pub fn region_with_check(dir: &Path, webhook: u16, check: &str) -> std::path::PathBuf {
    let text = std::fs::read_to_string(super::minimal_config())
        .unwrap()
        .replace(
            "runbooks_dir = \"../../runbooks\"",
            &format!(
                "runbooks_dir = \"{}\"",
                super::repo().join("runbooks").display()
            ),
        )
        .replace(
            "members = [\"operator1\"]\nphone = \"070-174 06 53\"\n",
            "members = [\"operator1\"]\nphone = \"070-174 06 53\"\n\n[[teams.rotations]]\n\
             layer = \"primär\"\nmembers = [\"operator1\"]\nshift = \"1w\"\n\
             handoff = \"mon 08:00\"\nstart = \"2026-01-05\"\n",
        )
        .replace(
            "runbooks = [\"journal-nere\"]\n",
            &format!("runbooks = [\"journal-nere\"]\n\n[[systems.checks]]\n{check}"),
        );
    let text = format!("{text}\n[monitor]\nwebhook_url = \"http://127.0.0.1:{webhook}/larm\"\n");
    let path = dir.join("region.toml");
    std::fs::write(&path, text).unwrap();
    path
}

//! A real Nagios 4 (Debian's nagios4-core, installed by .ci/run) with its own configuration
//! in a temporary directory, one-second intervals, a service check that fails and a
//! notification command that runs `beredskap ingest nagios` (the $NAGIOS_… macros in its
//! environment): the mapped system goes down in beredskap, and recovers when the check does.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

mod common;

use common::alerting::Running;
use common::bin;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

fn region(dir: &Path, http: std::net::SocketAddr) -> PathBuf {
    let systems = String::from(
        "\n[[systems]]\nid = \"lab\"\nname = \"Labbserver\"\ncategory = \"it\"\n\
         criticality = \"high\"\nkrt = { confidentiality = 2, integrity = 3, availability = 4 }\n\
         owner_team = \"drift\"\n\n[[systems.checks]]\nname = \"nagios\"\nkind = \"alert\"\n\
         source = \"nagios\"\nmatch = '{host=\"lab01\", service=\"HTTP\"}'\n\
         interval = \"300ms\"\ntimeout = \"300ms\"\nfailure_threshold = 1\nsuccess_threshold = 1\n",
    );
    // Nagios runs its notification command as the account running the test (nagios_user
    // below): that account is the source's one sender.
    let sources = common::ingest_sources(&[("nagios", "alertmanager")]);
    common::alerting::region(dir, http, &format!("{systems}{sources}"))
}

/// Nagios's main file and objects: one host, one service whose check exits with the code
/// in `code`, and a contact notified through `beredskap ingest nagios`.
fn nagios_config(d: &Path, config: &Path, db: &Path) -> PathBuf {
    std::fs::create_dir_all(d.join("checkresults")).unwrap();
    let check = d.join("check.sh");
    std::fs::write(
        &check,
        format!(
            "#!/bin/sh\nc=$(cat {})\necho \"HTTP state $c\"\nexit $c\n",
            d.join("code").display()
        ),
    )
    .unwrap();
    let p = |name: &str| d.join(name).display().to_string();
    let main = format!(
        "log_file={}\ncfg_file={}\nobject_cache_file={}\nprecached_object_file={}\nstatus_file={}\n\
         temp_file={}\ntemp_path={}\nlock_file={}\nstate_retention_file={}\nretain_state_information=0\n\
         use_retained_program_state=0\nuse_retained_scheduling_info=0\ncommand_file={}\n\
         check_external_commands=0\ncheck_result_path={}\nnagios_user=root\nnagios_group=root\n\
         interval_length=1\nenable_notifications=1\nexecute_service_checks=1\nexecute_host_checks=1\n\
         enable_environment_macros=1\nuse_syslog=0\nservice_inter_check_delay_method=n\n\
         host_inter_check_delay_method=n\nmax_service_check_spread=1\nmax_host_check_spread=1\n\
         check_result_reaper_frequency=1\nillegal_macro_output_chars=`~$&|'\"<>\n",
        p("nagios.log"),
        p("objects.cfg"),
        p("objects.cache"),
        p("objects.precache"),
        p("status.dat"),
        p("nagios.tmp"),
        d.display(),
        p("nagios.lock"),
        p("retention.dat"),
        p("nagios.cmd"),
        p("checkresults"),
    );
    let days: String = [
        "sunday",
        "monday",
        "tuesday",
        "wednesday",
        "thursday",
        "friday",
        "saturday",
    ]
    .iter()
    .map(|day| format!("  {day} 00:00-24:00\n"))
    .collect();
    let objects = format!(
        "define timeperiod {{\n  timeperiod_name always\n  alias always\n{days}}}\n\
         define command {{\n  command_name check_file\n  command_line /bin/sh {}\n}}\n\
         define command {{\n  command_name check_up\n  command_line /bin/true\n}}\n\
         define command {{\n  command_name notify_beredskap\n  command_line {} --config {} --db {} ingest nagios\n}}\n\
         define contact {{\n  contact_name c\n  host_notifications_enabled 1\n  service_notifications_enabled 1\n\
           host_notification_period always\n  service_notification_period always\n  host_notification_options d,u,r\n\
           service_notification_options w,u,c,r\n  host_notification_commands notify_beredskap\n\
           service_notification_commands notify_beredskap\n}}\n\
         define host {{\n  host_name lab01\n  address 127.0.0.1\n  check_command check_up\n  max_check_attempts 1\n\
           check_interval 5\n  check_period always\n  notification_period always\n  contacts c\n  notification_interval 0\n}}\n\
         define service {{\n  host_name lab01\n  service_description HTTP\n  check_command check_file\n\
           max_check_attempts 1\n  check_interval 1\n  retry_interval 1\n  check_period always\n\
           notification_period always\n  contacts c\n  notification_interval 0\n  notification_options w,u,c,r\n}}\n",
        check.display(),
        bin(),
        config.display(),
        db.display(),
    );
    std::fs::write(d.join("objects.cfg"), objects).unwrap();
    std::fs::write(d.join("nagios.cfg"), main).unwrap();
    d.join("nagios.cfg")
}

fn health(config: &Path, db: &Path) -> Option<String> {
    common::alerting::health(config, db, "lab")
}

fn wait_for(config: &Path, db: &Path, want: &str, within: Duration) {
    let start = Instant::now();
    while health(config, db).as_deref() != Some(want) {
        assert!(
            start.elapsed() < within,
            "lab never became {want}: {:?}",
            health(config, db)
        );
        std::thread::sleep(Duration::from_millis(250));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_real_nagios_takes_the_mapped_system_down_and_its_recovery_brings_it_back() {
    if Command::new("nagios4").arg("--version").output().is_err() {
        common::tool_missing(
            "a_real_nagios_takes_the_mapped_system_down_and_its_recovery_brings_it_back",
            "nagios4 is not installed (.ci/run installs nagios4-core)",
        );
        return;
    }
    let http = common::servers::http().await;
    let dir = tempfile::tempdir().unwrap();
    let config = region(dir.path(), http);
    let db = dir.path().join("log.db");
    let nagios_dir = dir.path().join("nagios");
    let main = nagios_config(&nagios_dir, &config, &db);
    std::fs::write(nagios_dir.join("code"), "2").unwrap();
    let _monitor = Running(
        Command::new(bin())
            .arg("--config")
            .arg(&config)
            .arg("--db")
            .arg(&db)
            .args(["monitor", "--log-file"])
            .arg(dir.path().join("monitor.log"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    wait_for(&config, &db, "up", Duration::from_secs(20));
    let _nagios = Running(
        Command::new("nagios4")
            .arg(&main)
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap(),
    );
    // The check fails: Nagios notifies PROBLEM through `beredskap ingest nagios`.
    wait_for(&config, &db, "down", Duration::from_secs(40));
    // The check passes again: RECOVERY.
    std::fs::write(nagios_dir.join("code"), "0").unwrap();
    wait_for(&config, &db, "up", Duration::from_secs(40));
    let store = beredskap::store::Store::open_existing(&db).unwrap();
    let alerts: Vec<serde_json::Value> = store
        .events_page("", None, 1000)
        .unwrap()
        .into_iter()
        .filter(|e| e.kind == "alert.received")
        .map(|e| e.payload)
        .collect();
    assert_eq!(alerts.len(), 2, "{alerts:?}");
    assert_eq!(alerts[1]["firing"], true);
    assert_eq!(alerts[1]["labels"]["state"], "CRITICAL");
    assert_eq!(alerts[1]["systems"][0], "lab");
    assert_eq!(alerts[0]["firing"], false);
}

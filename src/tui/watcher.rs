//! Watching the database for commits by any process: a thread polls `PRAGMA data_version`
//! on its own connection and tells the console's loop when something changed.

use super::worker_io::Msg;
use crate::store::Store;
use std::path::PathBuf;
use std::time::Duration;
use tokio::sync::{mpsc, watch};

/// How often the database is asked whether anyone wrote.
pub const WATCH_EVERY: Duration = Duration::from_millis(250);

/// With a log of record: follows it by push into this host's file (whose change the
/// watcher then sees), telling the loop when it is lost and when it is back.
pub(super) fn spawn_follower(
    db: PathBuf,
    config: crate::store::remote::RemoteConfig,
    tx: mpsc::UnboundedSender<Msg>,
    stop: watch::Receiver<bool>,
) {
    std::thread::spawn(move || {
        use crate::store::remote::{Reach, follow};
        follow(&db, &config, &|| *stop.borrow(), &mut |reach| {
            let lost = match reach {
                Reach::Reached => None,
                Reach::Lost(why) => {
                    tracing::warn!("the log of record cannot be reached: {why}");
                    Some(why)
                }
            };
            let _ = tx.send(Msg::LogOfRecord(lost));
        });
    });
}

/// Watches the database for commits by any connection (polling `PRAGMA data_version`).
pub(super) fn spawn_watcher(
    db: PathBuf,
    tx: mpsc::UnboundedSender<Msg>,
    mut stop: watch::Receiver<bool>,
) {
    std::thread::spawn(move || {
        // Another process may be creating or switching the file right now: keep trying.
        let store = loop {
            match Store::open_existing(&db) {
                Ok(store) => break store,
                Err(e) => {
                    tracing::warn!("the change watcher cannot open the database yet: {e}");
                    if *stop.borrow_and_update() {
                        return;
                    }
                    std::thread::sleep(WATCH_EVERY * 4);
                }
            }
        };
        // Whatever changed while it was opening.
        let _ = tx.send(Msg::DbChanged);
        let mut last = store.data_version().ok();
        while !*stop.borrow_and_update() {
            std::thread::sleep(WATCH_EVERY);
            let now = store.data_version().ok();
            if now != last {
                last = now;
                if tx.send(Msg::DbChanged).is_err() {
                    return;
                }
            }
        }
    });
}

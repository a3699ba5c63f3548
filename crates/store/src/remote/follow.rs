//! Following the log of record by push (issue 34): a host's console listens on the
//! channel every append notifies at commit and brings its file up when told; the file's
//! change then reaches the console as any commit does (its data_version watcher). Idle,
//! it asks nothing of the server but, now and then, whether the connection still answers.
//! When the log of record cannot be reached it says so (and keeps what the file holds),
//! tries again, and says when it is back.

use super::{RemoteConfig, RemoteLog};
use crate::{Store, StoreError};
use std::path::Path;
use std::time::{Duration, Instant};

/// How long a listener waits for a notification before it checks on the stop flag.
const WAIT: Duration = Duration::from_millis(500);
/// How often an idle listener asks whether the connection answers (and catches up in case
/// a notification was lost with a connection).
const ALIVE_EVERY: Duration = Duration::from_secs(15);
/// How long to wait before connecting again.
const RETRY: Duration = Duration::from_secs(2);

/// Whether the log of record can be reached.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reach {
    Reached,
    /// Cannot be reached: why, in words.
    Lost(String),
}

impl RemoteLog {
    fn listen(&mut self) -> Result<(), StoreError> {
        self.client.batch_execute("LISTEN beredskap_log")?;
        Ok(())
    }

    /// Waits up to `wait` for an append's notification: whether one came.
    fn notified(&mut self, wait: Duration) -> Result<bool, StoreError> {
        use postgres::fallible_iterator::FallibleIterator;
        let came = self
            .client
            .notifications()
            .timeout_iter(wait)
            .next()?
            .is_some();
        if came {
            // Several appends may have come together: one catch-up takes them all.
            while self.client.notifications().iter().next()?.is_some() {}
            return Ok(true);
        }
        if self.client.is_closed() {
            return Err(StoreError::Remote(super::RemoteFailure {
                text: "the connection closed".into(),
                busy: false,
            }));
        }
        Ok(false)
    }
}

/// Follows the log of record into the file at `db` until `stop()` says so, telling `say`
/// when the log of record is reached or lost (only changes are said).
pub fn follow(
    db: &Path,
    config: &RemoteConfig,
    stop: &dyn Fn() -> bool,
    say: &mut dyn FnMut(Reach),
) {
    let mut said: Option<Reach> = None;
    let mut tell = |reach: Reach, said: &mut Option<Reach>| {
        if said.as_ref() != Some(&reach) {
            say(reach.clone());
            *said = Some(reach);
        }
    };
    while !stop() {
        let connected = (|| {
            let mut listener = RemoteLog::connect(config)?;
            listener.listen()?;
            let mut store = Store::open_existing(db)?;
            store.attach_remote(RemoteLog::connect(config)?)?;
            Ok::<_, StoreError>((listener, store))
        })();
        let (mut listener, mut store) = match connected {
            Ok(both) => both,
            Err(e) => {
                tell(Reach::Lost(e.to_string()), &mut said);
                sleep_unless(stop, RETRY);
                continue;
            }
        };
        tell(Reach::Reached, &mut said);
        let mut alive_at = Instant::now();
        let lost = loop {
            if stop() {
                return;
            }
            let due = alive_at.elapsed() >= ALIVE_EVERY;
            match listener.notified(WAIT) {
                Ok(true) => {}
                Ok(false) if !due => continue,
                Ok(false) => {
                    if let Err(e) = listener.head() {
                        break e;
                    }
                    alive_at = Instant::now();
                }
                Err(e) => break e,
            }
            if let Err(e) = store.catch_up() {
                break e;
            }
        };
        tell(Reach::Lost(lost.to_string()), &mut said);
        sleep_unless(stop, RETRY);
    }
}

fn sleep_unless(stop: &dyn Fn() -> bool, d: Duration) {
    let until = Instant::now() + d;
    while Instant::now() < until && !stop() {
        std::thread::sleep(Duration::from_millis(100));
    }
}

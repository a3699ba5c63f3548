//! The console's effect worker: every database, export and file effect runs on a thread of
//! its own, so the UI loop keeps drawing and answering keys while SQLite waits for a lock,
//! a PDF is laid out or a year is summed up. The loop sends an effect with the part of the
//! view it concerns (`Focus`); the worker answers with what changed (`Patch`), which the
//! loop applies (`App::apply`). One worker, one connection: effects are carried out in the
//! order they were asked for.

use super::run::Loader;
use super::state::Effect;
use super::worker_io::{Done, Focus, Msg};
use crate::ops::Actor;
use tokio::sync::mpsc;

/// The sending end of the worker; dropping it ends the worker after what it is doing.
pub struct Worker {
    jobs: std::sync::mpsc::Sender<(Effect, Focus)>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl Worker {
    /// Starts the worker thread with the loader (its own connection to the log).
    pub(super) fn spawn(
        mut loader: Loader,
        actor: Actor,
        done: mpsc::UnboundedSender<Msg>,
    ) -> std::io::Result<Worker> {
        let (jobs, inbox) = std::sync::mpsc::channel::<(Effect, Focus)>();
        let thread = std::thread::Builder::new()
            .name("console-worker".into())
            .spawn(move || {
                loader.reach_log_of_record(false);
                while let Ok((effect, focus)) = inbox.recv() {
                    loader.reach_log_of_record(effect.writes());
                    let patch = loader.carry(&focus, effect.clone(), &actor);
                    if done
                        .send(Msg::Done(Box::new(Done { effect, patch })))
                        .is_err()
                    {
                        return;
                    }
                }
            })?;
        Ok(Worker {
            jobs,
            thread: Some(thread),
        })
    }

    /// Hands an effect to the worker. False when the worker is gone.
    pub fn send(&self, effect: Effect, focus: Focus) -> bool {
        self.jobs.send((effect, focus)).is_ok()
    }

    /// Stops taking effects and waits (up to `wait`) for the ones asked for to be carried
    /// out, so a note typed just before quitting is not lost.
    pub async fn finish(mut self, wait: std::time::Duration) {
        let Some(thread) = self.thread.take() else {
            return;
        };
        drop(self.jobs);
        let joined = tokio::task::spawn_blocking(move || thread.join());
        if tokio::time::timeout(wait, joined).await.is_err() {
            tracing::warn!("the console's worker was still busy when the console closed");
        }
    }
}

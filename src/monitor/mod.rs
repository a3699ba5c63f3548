//! The monitor: probes, the fixed-rate scheduler, evaluation of results into status
//! transitions, and the service that holds the lease.

pub mod alerts;
pub mod heartbeat;
pub mod probe;
pub mod recorder;
pub mod scheduler;
pub mod service;

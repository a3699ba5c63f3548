//! The Lex Maria record as delivered: written (Markdown, JSON, PDF/A) beside the
//! verification of its chain, checked by the patient-data guard, and its export recorded as
//! a log event (lex_maria.rs gathers the evidence and writes the JSON).

use super::evidence::{digest, gather_unverified, to_json_in, verified_into, verify};
use super::markdown::{join_parts, markdown_parts};
use super::words::Hashes;
use crate::i18n::Lang;
use crate::model::assessment;
use crate::model::region::Region;
use crate::store::{Store, StoreError};
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::Value;

/// A record written while its chain is verified (`render`): all of it but the verification.
enum Written {
    Json(Result<Value, String>),
    /// The Markdown before the line on the chain, and after it.
    Markdown {
        head: String,
        tail: String,
    },
}

/// The text a final patient-data guard pass checks.
pub fn guard(text: &str) -> Result<(), crate::model::personnummer::PatientDataRefusal> {
    crate::model::personnummer::check_free_text("the export", text)
}

#[derive(Debug, Clone, Serialize)]
pub struct Exported {
    pub digest: String,
    pub format: String,
}

/// An export ready to write.
#[derive(Debug, Clone)]
pub struct Rendered {
    pub bytes: Vec<u8>,
    /// The Markdown text (what the console shows).
    pub text: String,
    pub digest: String,
    pub events: usize,
    pub chain_intact: bool,
}

/// Why an export could not be made.
#[derive(Debug)]
pub enum ExportError {
    NoIncident(String),
    /// The patient-data guard's last pass refused it.
    Refused(String),
    Store(StoreError),
    Pdf(String),
    /// The record could not be written as JSON (a bug in its types): nothing was written.
    Unwritable(String),
}

/// An export's failure is said like any (`i18n::failure`): the store's faults in the
/// interface language (the trait is i18n's; the impl lives with the error, so i18n does not
/// reach up into the export).
impl crate::i18n::failure::Failed for ExportError {
    fn store(&self) -> Option<&StoreError> {
        match self {
            ExportError::Store(s) => Some(s),
            _ => None,
        }
    }
}

impl std::fmt::Display for ExportError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ExportError::NoIncident(id) => write!(f, "there is no incident {id}"),
            ExportError::Refused(e) => write!(f, "the export is refused: {e}"),
            ExportError::Store(e) => write!(f, "{e}"),
            ExportError::Pdf(e) => write!(f, "{e}"),
            ExportError::Unwritable(e) => write!(f, "{e}"),
        }
    }
}

impl From<StoreError> for ExportError {
    fn from(e: StoreError) -> Self {
        ExportError::Store(e)
    }
}

/// Gathers, renders (md, json or pdf) and guards an export.
#[allow(clippy::too_many_arguments)]
pub fn render(
    store: &Store,
    region: &Region,
    id: &str,
    format: &str,
    lang: Lang,
    exported_by: &str,
    now: DateTime<Utc>,
) -> Result<Rendered, ExportError> {
    let mut e = gather_unverified(store, id, now)?
        .ok_or_else(|| ExportError::NoIncident(id.to_string()))?;
    // The record is written on another core while this one verifies its stretch of the
    // chain; the line on the chain goes in when both are done.
    let hashes = if format == "pdf" {
        // The same record, its hashes as fingerprints (the full ones are in md and JSON).
        Hashes::Fingerprints
    } else {
        Hashes::Full
    };
    let (made, verification) = std::thread::scope(|s| {
        let writing = s.spawn(|| {
            if format == "json" {
                Written::Json(to_json_in(lang, region, &e, exported_by))
            } else {
                let (head, tail) = markdown_parts(lang, region, &e, exported_by, hashes);
                Written::Markdown { head, tail }
            }
        });
        let verification = verify(store, &e.timeline);
        (writing.join(), verification)
    });
    verification?.apply(&mut e);
    let mut spent = None;
    let text = match made {
        Ok(Written::Json(record)) => {
            let mut record = record.map_err(ExportError::Unwritable)?;
            verified_into(&mut record, &e).map_err(ExportError::Unwritable)?;
            let text = serde_json::to_string_pretty(&record)
                .map_err(|err| ExportError::Unwritable(err.to_string()))?;
            spent = Some(record);
            text
        }
        Ok(Written::Markdown { head, tail }) => join_parts(lang, &e, head, &tail),
        Err(_) => {
            return Err(ExportError::Pdf(
                "writing the record stopped unexpectedly".into(),
            ));
        }
    };
    let digest = digest(&e.timeline);
    // The guard reads the text on another core while this one draws the PDF from it; the
    // PDF is thrown away if the guard refuses the text.
    let (guarded, pdf) = std::thread::scope(|s| {
        let guarding = s.spawn(|| guard(&text));
        let pdf = (format == "pdf").then(|| {
            crate::print::pdf::document(
                &text,
                &crate::print::pdf::PdfMeta {
                    title: &format!("Lex Maria {id}"),
                    author: &region.site.care_provider,
                    subject: id,
                    created: now,
                    lang,
                },
                &format!("{id} · SHA-256 {}", &digest[..16]),
            )
        });
        // A guard that could not finish refuses: nothing leaves unchecked.
        let guarded = guarding.join().unwrap_or_else(|_| guard(&text));
        (guarded, pdf)
    });
    // The last line of defence: no personal identity number leaves in an export. Name the
    // event that holds it, so it can be redacted.
    guarded.map_err(|x| {
        let holder = e.timeline.iter().find_map(|ev| {
            crate::model::guard::first_number(&ev.payload).map(|(field, _)| (ev.id, field))
        });
        ExportError::Refused(match holder {
            Some((event, field)) => format!(
                "{x}. It is in event #{event} ({field}): an administrator can take it out \
                 with `beredskap log redact {event} --field {field} --reason \"…\"` (the \
                 chain still verifies), then export again"
            ),
            None => format!("{x}. Correct the event that holds it and export again"),
        })
    })?;
    let bytes = match pdf {
        Some(drawn) => drawn.map_err(ExportError::Pdf)?,
        None => text.clone().into_bytes(),
    };
    let rendered = Rendered {
        bytes,
        text,
        digest,
        events: e.timeline.len(),
        chain_intact: e.chain_break.is_none(),
    };
    // The gathered record and its JSON (10,000 events of a long incident took 20 ms to
    // free) are freed on another thread; the export is back that much sooner.
    std::thread::spawn(move || drop((e, spent)));
    Ok(rendered)
}

/// Exporting is itself a log event: who, when, which digest.
pub fn record(
    store: &mut Store,
    actor: &crate::ops::Actor,
    id: &str,
    format: &str,
    r: &Rendered,
    now: DateTime<Utc>,
) -> Result<crate::model::event::Event, StoreError> {
    store.append(crate::model::event::NewEvent {
        occurred_at: now,
        actor: actor.account.clone(),
        os_account: actor.os_account.clone(),
        kind: assessment::kind::EXPORTED.into(),
        subject: crate::model::incident_log::subject(id),
        corrects: None,
        payload_version: 1,
        origin: crate::model::guard::Origin::Machine,
        payload: crate::model::payload::to_value(&crate::model::payload::Exported {
            format: format.to_string(),
            digest: r.digest.clone(),
            events: r.events as u64,
            chain: if r.chain_intact { "intact" } else { "broken" }.into(),
            message: format!("Lex Maria export ({format}) of {id}, digest {}", r.digest),
            // The bytes as delivered (file or standard output).
            file_sha256: Some(crate::store::chain::sha256_hex(&r.bytes)),
        })?,
    })
}

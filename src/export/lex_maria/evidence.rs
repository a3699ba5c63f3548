//! The evidence for a Lex Maria assessment: everything beredskap holds about an incident,
//! gathered and verified, and as JSON (versioned, `docs/export-schema.json`),
//! with an integrity section a reader can check against the log: every included event's id
//! and hash, a SHA-256 over them, the log's head and the result of verifying the chain.

use crate::model::assessment::{self, Review};
use crate::model::event::Event;
use crate::model::incident::{Incident, Milestone};
use crate::model::page::Page;
use crate::model::region::Region;
use crate::model::run::{Run, StepState};
use crate::store::{Store, StoreError};
use chrono::{DateTime, Utc};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::i18n::Lang;

pub const SCHEMA: &str = "beredskap/lex-maria/1";

/// Everything gathered for one incident.
#[derive(Debug, Clone)]
pub struct Evidence {
    pub incident: Incident,
    pub timeline: Vec<Event>,
    pub runs: Vec<Run>,
    pub pages: Vec<Page>,
    pub review: Review,
    pub head: Option<(i64, String)>,
    /// `None` when the chain is intact; else the first break, in words.
    pub chain_break: Option<String>,
    pub events_verified: u64,
    /// The stretches of the chain walked to verify the record's events (first and last
    /// id of each: a run of the record's consecutive events and the one after it).
    pub verified: Vec<(i64, i64)>,
    pub exported_at: DateTime<Utc>,
    /// Past incidents on the same systems in the 24 months before: (id, title, declared).
    pub earlier: Vec<(String, String, DateTime<Utc>)>,
    /// The configurations recorded in the log (`config.applied`): (event id, digest).
    pub configurations: Vec<(i64, String)>,
}

/// The completeness check of the record: the assessment's and the decision's gaps, an
/// incident without its post-incident review, and a page nobody acknowledged (a record
/// once said "nothing missing" with both).
pub fn gaps(e: &Evidence) -> Vec<crate::model::assessment::Missing> {
    use crate::model::assessment::{Missing, missing};
    let mut out = missing(
        e.review.assessment.as_ref().map(|(a, ..)| a),
        e.review.decision.is_some(),
    );
    if e.incident.review.is_none() {
        out.push(Missing::PostIncidentReview);
    }
    if e.pages.iter().any(|p| p.acknowledged.is_none()) {
        out.push(Missing::UnacknowledgedPage);
    }
    out
}

impl Evidence {
    /// The digest of the configuration in force when event `id` was written (the last
    /// `config.applied` before it); `None` for a log from before configurations were
    /// recorded.
    pub fn configuration_at(&self, id: i64) -> Option<&str> {
        self.configurations
            .iter()
            .take_while(|(at, _)| *at < id)
            .last()
            .map(|(_, digest)| digest.as_str())
    }
}

/// Gathers the evidence for `id` from the store (and verifies its stretch of the chain).
pub fn gather(store: &Store, id: &str, now: DateTime<Utc>) -> Result<Option<Evidence>, StoreError> {
    let Some(mut e) = gather_unverified(store, id, now)? else {
        return Ok(None);
    };
    let verification = verify(store, &e.timeline)?;
    verification.apply(&mut e);
    Ok(Some(e))
}

/// The record's stretch of the chain, verified (`Evidence`'s chain fields).
pub(super) struct Verification {
    chain_break: Option<String>,
    events_verified: u64,
    verified: Vec<(i64, i64)>,
}

impl Verification {
    pub(super) fn apply(self, e: &mut Evidence) {
        e.chain_break = self.chain_break;
        e.events_verified = self.events_verified;
        e.verified = self.verified;
    }
}

/// Every event of the record against its hash and its links to its neighbours, in short
/// walks over its runs of consecutive events: not the log between them (walking from the
/// record's first event to its last — a review weeks later — cost an export seconds on a
/// year-old log; `log verify` walks the whole log).
pub(super) fn verify(store: &Store, timeline: &[Event]) -> Result<Verification, StoreError> {
    let ids: Vec<i64> = timeline.iter().map(|e| e.id).collect();
    let (report, verified) = store.verify_events(&ids)?;
    Ok(Verification {
        chain_break: report.first_break.as_ref().map(|b| b.to_string()),
        events_verified: report.events_checked,
        verified,
    })
}

/// Everything but the chain's verification (its fields empty until `verify`).
pub(super) fn gather_unverified(
    store: &Store,
    id: &str,
    now: DateTime<Utc>,
) -> Result<Option<Evidence>, StoreError> {
    let Some((incident, timeline)) = store.incident_with_timeline(id)? else {
        return Ok(None);
    };
    let mut run_ids: Vec<String> = timeline
        .iter()
        .filter_map(|e| crate::model::run::id_of(&e.subject).map(str::to_string))
        .collect();
    run_ids.dedup();
    let mut runs = Vec::new();
    for r in run_ids {
        runs.extend(store.run(&r)?);
    }
    let mut page_ids: Vec<String> = timeline
        .iter()
        .filter_map(|e| crate::model::page::id_of(&e.subject).map(str::to_string))
        .collect();
    page_ids.dedup();
    let mut pages = Vec::new();
    for p in page_ids {
        pages.extend(store.page(&p)?);
    }
    let review = assessment::fold(&timeline)?;
    let declared = incident.milestones.values().min().copied().unwrap_or(now);
    let mut earlier: Vec<(String, String, DateTime<Utc>)> = store
        .incident_rows(true)?
        .into_iter()
        .filter(|r| {
            r.id != incident.id
                && r.declared_at < declared
                && r.declared_at >= declared - chrono::Duration::days(730)
                && r.systems.iter().any(|s| incident.systems.contains(s))
        })
        .map(|r| (r.id, r.title, r.declared_at))
        .collect();
    earlier.sort_by_key(|(_, _, at)| *at);
    Ok(Some(Evidence {
        incident,
        timeline,
        runs,
        pages,
        review,
        head: store.head()?,
        chain_break: None,
        events_verified: 0,
        verified: Vec::new(),
        exported_at: now,
        earlier,
        configurations: store.configurations()?,
    }))
}

/// SHA-256 over `id:hash\n` for every included event, in id order.
pub fn digest(events: &[Event]) -> String {
    let mut ids: Vec<(i64, &str)> = events.iter().map(|e| (e.id, e.hash.as_str())).collect();
    ids.sort();
    ids.dedup();
    let mut h = Sha256::new();
    for (id, hash) in ids {
        h.update(format!("{id}:{hash}\n").as_bytes());
    }
    crate::store::chain::to_hex(&h.finalize())
}

/// Time to detect, acknowledge, mitigate and resolve, in minutes from the start, as the
/// record shows the milestones (to the minute: `timespec::minutes_as_shown`).
pub(super) fn durations(i: &Incident) -> super::record::Durations {
    let start = i.milestones.get(&Milestone::Started).copied();
    let from_start = |m: Milestone| match (start, i.milestones.get(&m)) {
        (Some(s), Some(t)) => Some(crate::model::timespec::minutes_as_shown(s, *t)),
        _ => None,
    };
    super::record::Durations {
        to_detect_min: from_start(Milestone::Detected),
        to_acknowledge_min: from_start(Milestone::Acknowledged),
        to_mitigate_min: from_start(Milestone::Mitigated),
        to_resolve_min: from_start(Milestone::Resolved),
    }
}

/// How long each of the incident's systems was in trouble, to its resolution (or the
/// export): (id, seconds down or degraded by its own checks, seconds impacted through a
/// system it depends on). Both count: an impacted system is not "up" (`model::outage`).
pub(super) fn affected(e: &Evidence) -> Vec<(String, i64, i64)> {
    use crate::model::event::{StatusChange, kind};
    let end = e
        .incident
        .milestones
        .get(&Milestone::Resolved)
        .copied()
        .unwrap_or(e.exported_at);
    e.incident
        .systems
        .iter()
        .map(|s| {
            let subject = crate::model::event::subject::system(s);
            let changes: Vec<(DateTime<Utc>, StatusChange)> = e
                .timeline
                .iter()
                .filter(|x| x.kind == kind::SYSTEM_STATUS_CHANGED && x.subject == subject)
                .filter_map(|x| {
                    serde_json::from_value::<StatusChange>(x.payload.clone())
                        .ok()
                        .map(|c| (x.occurred_at, c))
                })
                .collect();
            let st = crate::model::outage::stretches(changes.iter().map(|(a, c)| (*a, c)), end);
            let all = (DateTime::<Utc>::MIN_UTC, end);
            (
                s.clone(),
                st.down_within(all.0, all.1),
                st.impacted_within(all.0, all.1),
            )
        })
        .collect()
}

fn run_json(r: &Run) -> super::record::RunJson<'_> {
    use super::record::{NoteJson, RunJson, StepJson};
    RunJson {
        id: &r.id,
        runbook: &r.runbook_id,
        title: &r.title,
        runbook_sha256: &r.sha256,
        status: r.status,
        started_by: &r.started_by,
        started_at: r.started_at.to_rfc3339(),
        linked_afterwards: r.linked_afterwards,
        steps: r
            .steps
            .iter()
            .map(|s| {
                let (state, by, at, value, skip_reason) = match &s.state {
                    StepState::Pending => ("pending", None, None, None, None),
                    StepState::Done { by, at, value, .. } => (
                        "done",
                        Some(by.clone()),
                        Some(at.to_rfc3339()),
                        value.clone(),
                        None,
                    ),
                    StepState::Skipped { by, at, reason, .. } => (
                        "skipped",
                        Some(by.clone()),
                        Some(at.to_rfc3339()),
                        None,
                        Some(reason.clone()),
                    ),
                };
                StepJson {
                    number: s.number,
                    text: &s.text,
                    state,
                    by,
                    at,
                    value,
                    skip_reason,
                    notes: s
                        .notes
                        .iter()
                        .map(|(by, text)| NoteJson { by, text })
                        .collect(),
                }
            })
            .collect(),
    }
}

fn page_json(p: &Page) -> super::record::PageJson<'_> {
    use super::record::{ByAt, DeliveryJson, NotifiedJson, PageJson};
    fn by_at((by, at): &(String, DateTime<Utc>)) -> ByAt<'_> {
        ByAt {
            by,
            at: at.to_rfc3339(),
        }
    }
    PageJson {
        id: &p.id,
        target: &p.target,
        message: &p.message,
        status: p.status,
        triggered_by: &p.triggered_by,
        triggered_at: p.triggered_at.to_rfc3339(),
        system: &p.system,
        linked_afterwards: p.linked_afterwards,
        policy: &p.policy.id,
        notified: p
            .notified
            .iter()
            .map(|(_, at, n)| NotifiedJson {
                at: at.to_rfc3339(),
                step: n.step + 1,
                round: n.round + 1,
                recipients: &n.recipients,
                unresolved: &n.unresolved,
            })
            .collect(),
        acknowledged: p.acknowledged.as_ref().map(by_at),
        resolved: p.resolved.as_ref().map(by_at),
        deliveries: p
            .deliveries
            .iter()
            .map(|(channel, to, ok, detail)| DeliveryJson {
                channel,
                to,
                ok: *ok,
                detail,
            })
            .collect(),
    }
}

fn who<'a>(region: &Region, account: &'a str) -> super::record::Person<'a> {
    super::record::Person {
        account,
        name: region.person(account).map(|p| p.name.clone()),
    }
}

/// The export as JSON (schema `beredskap/lex-maria/1`), its texts in Swedish.
pub fn to_json(region: &Region, e: &Evidence, exported_by: &str) -> Result<Value, String> {
    to_json_in(Lang::Sv, region, e, exported_by)
}

/// The export as JSON, the texts written for people (`text` of the timeline and the
/// communications) in `l`; every other field is data. A record that cannot be written is
/// an error said as such, never a null.
pub fn to_json_in(
    l: Lang,
    region: &Region,
    e: &Evidence,
    exported_by: &str,
) -> Result<Value, String> {
    use super::record::*;
    let i = &e.incident;
    let site = &region.site;
    let review = &e.review;
    let communications = e.timeline.iter().filter(|x| {
        x.kind == crate::model::incident_log::kind::NOTE
            && x.payload.get("kind").and_then(|k| k.as_str()) == Some("communication")
    });
    let affected = affected(e);
    let record = Record {
        schema: SCHEMA,
        language: l.code(),
        incomplete: gaps(e),
        exported_at: e.exported_at.to_rfc3339(),
        exported_by,
        care_provider: CareProvider {
            name: &site.care_provider,
            organisation_number: &site.organisation_number,
            department: &site.department,
            reporting_responsible: who(region, &site.lex_maria_responsible),
        },
        incident: IncidentJson {
            id: &i.id,
            title: &i.title,
            severity: &i.severity,
            status: i.status,
            description: &i.description,
            patient_safety: &i.patient_safety,
            care_units: &i.care_units,
            roles: &i.roles,
            declared_by: &i.declared_by,
            milestones: i
                .milestones
                .iter()
                .map(|(m, t)| (m.to_string(), t.to_rfc3339()))
                .collect(),
            durations: durations(i),
        },
        systems: i
            .systems
            .iter()
            .map(|s| {
                let sys = region.system(s);
                let (down, impacted) = affected
                    .iter()
                    .find(|(x, ..)| x == s)
                    .map(|(_, d, i)| (*d, *i))
                    .unwrap_or((0, 0));
                SystemJson {
                    id: s,
                    name: sys.map(|x| x.name.clone()),
                    care_units: sys.map(|x| x.care_units.clone()).unwrap_or_default(),
                    depends_on: sys.map(|x| x.depends_on.clone()).unwrap_or_default(),
                    dependants: region
                        .systems
                        .iter()
                        .filter(|x| x.depends_on.contains(s))
                        .map(|x| x.id.clone())
                        .collect(),
                    downtime_min: down / 60,
                    downtime_s: down,
                    impacted_min: impacted / 60,
                    impacted_s: impacted,
                }
            })
            .collect(),
        timeline: e
            .timeline
            .iter()
            .map(|x| TimelineJson {
                id: x.id,
                occurred_at: x.occurred_at.to_rfc3339(),
                recorded_at: x.recorded_at.to_rfc3339(),
                actor: &x.actor,
                os_account: &x.os_account,
                kind: &x.kind,
                subject: &x.subject,
                text: crate::i18n::events::describe_in(x, l, region),
            })
            .collect(),
        runs: e.runs.iter().map(run_json).collect(),
        pages: e.pages.iter().map(page_json).collect(),
        communications: communications
            .map(|x| CommunicationJson {
                at: x.occurred_at.to_rfc3339(),
                by: &x.actor,
                text: crate::i18n::events::describe_in(x, l, region),
            })
            .collect(),
        earlier_suggested: e
            .earlier
            .iter()
            .map(|(id, title, at)| {
                let verdict = review
                    .assessment
                    .as_ref()
                    .and_then(|(a, ..)| a.earlier.iter().find(|x| &x.incident == id))
                    .map(|x| if x.similar { "confirmed" } else { "dismissed" })
                    .unwrap_or("not_reviewed");
                EarlierJson {
                    incident: id,
                    title,
                    declared_at: at.to_rfc3339(),
                    physician: verdict,
                }
            })
            .collect(),
        post_incident_review: &i.review,
        assessment: review
            .assessment
            .as_ref()
            .map(|(a, by, at, id)| AssessmentJson {
                by: who(region, by),
                at: at.to_rfc3339(),
                event: *id,
                config_digest: e.configuration_at(*id),
                content: a,
                earlier_versions: &review.superseded,
            }),
        decision: review
            .decision
            .as_ref()
            .map(|(d, by, at, id)| DecisionJson {
                report_to_ivo: d.report,
                motivation: &d.motivation,
                against_assessment: d.against_assessment,
                decided_by: who(region, by),
                decided_at: at.to_rfc3339(),
                event: *id,
                config_digest: e.configuration_at(*id),
            }),
        other_clocks: review
            .clocks
            .iter()
            .map(|(c, by, at, _)| {
                let aware = crate::model::timespec::from_storage(&c.aware_at);
                let reported = c
                    .reported_at
                    .as_deref()
                    .and_then(crate::model::timespec::from_storage);
                ClockJson {
                    clock: c.clock,
                    name: if l == Lang::Sv {
                        c.clock.name()
                    } else {
                        c.clock.name_en()
                    },
                    applies: c.applies,
                    decided_by: by,
                    decided_at: at.to_rfc3339(),
                    aware_at: aware.map(|t| t.to_rfc3339()),
                    reported_at: reported.map(|t| t.to_rfc3339()),
                    reference: &c.reference,
                    deadlines: aware
                        .map(|a| {
                            c.clock
                                .deadlines(a, reported)
                                .into_iter()
                                .map(|(what, at)| DeadlineJson {
                                    what: if l == Lang::Sv {
                                        what.to_string()
                                    } else {
                                        crate::model::assessment::ClockKind::deadline_en(what)
                                            .to_string()
                                    },
                                    at: at.to_rfc3339(),
                                })
                                .collect()
                        })
                        .unwrap_or_default(),
                }
            })
            .collect(),
        integrity: IntegrityJson {
            events: e
                .timeline
                .iter()
                .map(|x| EventHash {
                    id: x.id,
                    hash: &x.hash,
                })
                .collect(),
            digest_sha256: digest(&e.timeline),
            log_head: e
                .head
                .as_ref()
                .map(|(id, hash)| EventHash { id: *id, hash }),
        },
    };
    let mut value = serde_json::to_value(record)
        .map_err(|err| format!("the record cannot be written as JSON: {err}"))?;
    verified_into(&mut value, e)?;
    Ok(value)
}

/// The chain's verification into the record's integrity section (`render` writes the rest
/// of the record while it runs).
pub(super) fn verified_into(record: &mut Value, e: &Evidence) -> Result<(), String> {
    use super::record::{Stretch, Verified};
    let verified = Verified {
        events_verified: e.events_verified,
        verified_stretches: e
            .verified
            .iter()
            .map(|(from, to)| Stretch {
                from: *from,
                to: *to,
            })
            .collect(),
        chain: if e.chain_break.is_none() {
            "intact"
        } else {
            "broken"
        },
        chain_break: e.chain_break.as_deref(),
    };
    let fields = match serde_json::to_value(verified) {
        Ok(Value::Object(fields)) => fields,
        Ok(_) => return Err("the verification is not a JSON object".into()),
        Err(err) => return Err(format!("the verification cannot be written: {err}")),
    };
    match record.get_mut("integrity").and_then(Value::as_object_mut) {
        Some(integrity) => {
            integrity.extend(fields);
            Ok(())
        }
        None => Err("the record has no integrity section".into()),
    }
}

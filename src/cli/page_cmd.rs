//! `beredskap page TEAM|PERSON "message"`, `ack PAGE`, `pages [--all] [--json]`.

use super::shown_println as println;
use super::{Cli, Failure, code, context};
use crate::model::page::Page;
use crate::ops::page::{self as ops, NewPage, PageTarget};
use chrono::Utc;

pub fn page(
    cli: &Cli,
    to: &str,
    message: &str,
    incident: Option<&str>,
    system: Option<&str>,
) -> Result<u8, Failure> {
    let loaded = context::load_config(cli)?;
    let region = &loaded.region;
    let target = if region.team(to).is_some() {
        PageTarget::Team(to.to_string())
    } else if region.person(to).is_some() {
        PageTarget::Person(to.to_string())
    } else {
        return Err(Failure::bad_input(format!(
            "`{to}` is neither a team nor a person of the region"
        )));
    };
    let actor = context::actor(cli, &loaded)?;
    let mut store = context::open_for_writing(cli, &loaded)?;
    let p = NewPage {
        target,
        message: message.to_string(),
        system: system.map(str::to_string),
        incident: incident.map(str::to_string),
    };
    let id = ops::trigger(&mut store, region, &actor, &p, Utc::now())?;
    println!("{id}");
    if store.monitor_state()?.is_none() {
        eprintln!(
            "note: no monitor has run on this log; the page escalates when `beredskap monitor` (or a console) runs"
        );
    }
    Ok(code::OK)
}

pub fn ack(cli: &Cli, id: &str) -> Result<u8, Failure> {
    let loaded = context::load_config(cli)?;
    let actor = context::actor(cli, &loaded)?;
    let mut store = context::open_for_writing(cli, &loaded)?;
    ops::acknowledge(&mut store, &actor, id, Utc::now())?;
    println!("{id} acknowledged");
    Ok(code::OK)
}

/// A page as lines: its head, then indented what happened and what comes next. Printed
/// line by line (each through `shown`, so a break inside stored text shows as `␊`).
fn lines(region: &crate::model::region::Region, p: &Page) -> Vec<String> {
    let tz = region.site.time_zone;
    let local = |t: chrono::DateTime<Utc>| t.with_timezone(&tz).format("%m-%d %H:%M").to_string();
    let mut out = vec![format!(
        "{}  {:<12} {}  {}  {}",
        p.id,
        format!("{:?}", p.status).to_lowercase(),
        local(p.triggered_at),
        p.target,
        p.message
    )];
    if let Some((_, _, n)) = p.notified.last() {
        let mut s = format!(
            "      step {} round {}: {}",
            n.step + 1,
            n.round + 1,
            if n.recipients.is_empty() {
                "NOBODY".to_string()
            } else {
                n.recipients.join(", ")
            }
        );
        if !n.unresolved.is_empty() {
            s.push_str(&format!(" (nobody for {})", n.unresolved.join(", ")));
        }
        out.push(s);
    }
    // The last attempt on each channel, when it failed.
    let mut channels: Vec<&str> = Vec::new();
    for (channel, to, ok, detail) in p.deliveries.iter().rev() {
        if channels.contains(&channel.as_str()) {
            continue;
        }
        channels.push(channel);
        if !ok {
            out.push(format!("      {channel} to {to}: FAILED ({detail})"));
        }
    }
    if let Some((by, at)) = &p.acknowledged {
        out.push(format!("      acknowledged by {by} at {}", local(*at)));
    }
    match p.next_due() {
        Some((round, step, at)) => out.push(format!(
            "      next: step {} round {} at {}",
            step + 1,
            round + 1,
            local(at)
        )),
        None if p.status.is_open() => out.push("      escalation finished (cap reached)".into()),
        None => {}
    }
    out
}

pub fn pages(
    cli: &Cli,
    all: bool,
    json: bool,
    resolve: Option<&str>,
    reason: &str,
) -> Result<u8, Failure> {
    let loaded = context::load_config(cli)?;
    let region = &loaded.region;
    if let Some(id) = resolve {
        let actor = context::actor(cli, &loaded)?;
        let mut store = context::open_for_writing(cli, &loaded)?;
        let reason = if reason.trim().is_empty() {
            "löst"
        } else {
            reason
        };
        ops::resolve(&mut store, &actor, id, reason, Utc::now())?;
        println!("{id} resolved");
        return Ok(code::OK);
    }
    let store = context::open_for_reading(cli, Some(&loaded))?;
    let list = store.pages(all)?;
    if json {
        super::print_json(&list)?;
    } else if list.is_empty() {
        println!("no open pages");
    } else {
        for p in &list {
            for l in lines(region, p) {
                println!("{l}");
            }
        }
    }
    Ok(code::OK)
}

/// `beredskap notify-test`.
pub fn notify_test(cli: &Cli) -> Result<u8, Failure> {
    use std::io::{IsTerminal, Write};
    let loaded = context::load_config(cli)?;
    let region = &loaded.region;
    let mut failed = false;
    let text = "Test från beredskap: om du ser detta fungerar kanalen";
    let mut out = std::io::stdout();
    if out.is_terminal() {
        let seq = crate::notify::terminal::escape_sequences("beredskap", text);
        let _ = out.write_all(seq.as_bytes()).and_then(|_| out.flush());
        println!(
            "terminal: bell, OSC 9 and OSC 777 sent (your terminal shows them if it supports them)"
        );
    } else {
        println!("terminal: not a terminal here (skipped)");
    }
    let rt = super::runtime()?;
    match rt.block_on(crate::notify::desktop::notify(
        "beredskap",
        text,
        std::time::Duration::from_secs(3),
    )) {
        Ok(()) => println!("desktop: shown"),
        Err(reason) => println!("desktop: off: {reason}"),
    }
    match &region.monitor.webhook {
        None => println!("webhook: none configured ([monitor] webhook_url)"),
        Some(hook) => {
            let body = serde_json::json!({"version": 1, "region": region.site.name, "test": true, "message": text});
            let attempts = rt.block_on(async {
                crate::notify::webhook::post(
                    &reqwest::Client::new(),
                    hook,
                    &body,
                    std::time::Duration::from_millis(500),
                )
                .await
            });
            match attempts.last() {
                Some(a) if a.ok => println!("webhook: {} ({} attempt(s))", a.detail, a.number),
                Some(a) => {
                    failed = true;
                    println!(
                        "webhook: FAILED after {} attempt(s): {}",
                        a.number, a.detail
                    )
                }
                None => {}
            }
        }
    }
    Ok(if failed { code::BROKEN } else { code::OK })
}

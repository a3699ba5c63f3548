//! `[site]` and the runbooks directory it names: raw → validated, with a located problem
//! for every mistake (split from validate.rs).

use super::checker::{Checker, DEFAULT_TIME_ZONE};
use super::diagnostic::did_you_mean;
use super::parse::RawRegion;
use super::runbooks;
use crate::model::personnummer::luhn_valid;
use crate::model::region::{Language, Site};
use chrono_tz::Tz;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn valid_organisation_number(n: &str) -> bool {
    let digits: Vec<u8> = n.bytes().filter(u8::is_ascii_digit).collect();
    let shape = n.len() == 11 && n.as_bytes()[6] == b'-' || n.len() == 10;
    shape
        && digits.len() == 10
        && n.bytes().all(|b| b.is_ascii_digit() || b == b'-')
        && luhn_valid(&digits)
}

pub(super) fn runbooks_dir(raw: &RawRegion, base_dir: &Path) -> PathBuf {
    let configured = raw
        .site
        .as_ref()
        .and_then(|s| s.value.runbooks_dir.as_ref())
        .map(|d| d.get_ref().clone());
    base_dir.join(configured.unwrap_or_else(|| "runbooks".into()))
}

/// Indexes the runbooks directory when anything refers to runbooks.
pub(super) fn check_runbooks(
    c: &mut Checker<'_>,
    base_dir: &Path,
) -> Option<BTreeMap<String, PathBuf>> {
    let raw = c.raw;
    if raw.site_failed {
        return None;
    }
    let dir = runbooks_dir(raw, base_dir);
    let used = raw.systems.iter().any(|s| !s.value.runbooks.is_empty());
    let configured = raw
        .site
        .as_ref()
        .and_then(|s| s.value.runbooks_dir.as_ref().map(|d| (s.file, d.span())));
    match runbooks::index(&dir) {
        Ok(index) => Some(index),
        Err(e) if used || configured.is_some() => {
            let (file, span) = configured
                .or_else(|| raw.site.as_ref().map(|s| (s.file, s.span.clone())))
                .unwrap_or((0, 0..0));
            c.error(
                file,
                span,
                format!("cannot read the runbooks directory {}: {e}", dir.display()),
                Some("set [site] runbooks_dir relative to the main configuration file".into()),
            );
            None
        }
        Err(_) => None,
    }
}

pub(super) fn check_site(c: &mut Checker<'_>, base_dir: &Path) -> Option<Site> {
    let raw = c.raw;
    if raw.site_failed {
        return None;
    }
    let Some(site) = &raw.site else {
        let p = raw.source(0).error(
            None,
            "the configuration has no [site] table",
            Some("add [site] with name, care_provider, organisation_number, department and lex_maria_responsible".into()),
        );
        c.problems.push(p);
        return None;
    };
    let v = &site.value;
    let tz_name = v
        .time_zone
        .as_ref()
        .map(|t| t.get_ref().as_str())
        .unwrap_or(DEFAULT_TIME_ZONE);
    let time_zone = match tz_name.parse::<Tz>() {
        Ok(tz) => Some(tz),
        Err(_) => {
            let suggestion = chrono_tz::TZ_VARIANTS
                .iter()
                .find(|t| t.name().eq_ignore_ascii_case(tz_name))
                .map(|t| t.name().to_string())
                .or_else(|| {
                    did_you_mean(tz_name, chrono_tz::TZ_VARIANTS.iter().map(|t| t.name()))
                        .map(str::to_string)
                });
            let hint = match suggestion {
                Some(s) => {
                    format!("did you mean `{s}`? Use an IANA name such as {DEFAULT_TIME_ZONE}")
                }
                None => format!("use an IANA time zone name such as {DEFAULT_TIME_ZONE}"),
            };
            let span = v
                .time_zone
                .as_ref()
                .map(|t| t.span())
                .unwrap_or(site.span.clone());
            c.error(
                site.file,
                span,
                format!("unknown time zone `{tz_name}`"),
                Some(hint),
            );
            None
        }
    };
    if !valid_organisation_number(v.organisation_number.get_ref()) {
        c.error(
            site.file,
            v.organisation_number.span(),
            format!(
                "`{}` is not a valid organisation number",
                v.organisation_number.get_ref()
            ),
            Some("ten digits as NNNNNN-NNNN with a valid check digit (Luhn)".into()),
        );
    }
    c.reference(
        site.file,
        &v.lex_maria_responsible,
        "person (account)",
        raw.people
            .iter()
            .map(|p| p.value.account.get_ref().as_str()),
    );
    let allow_actor_override = v
        .allow_actor_override
        .as_ref()
        .is_some_and(|a| *a.get_ref());
    if let Some(flag) = v.allow_actor_override.as_ref().filter(|a| *a.get_ref()) {
        c.warn(
            site.file,
            flag.span(),
            "allow_actor_override is on: anyone may act as any account with --as".into(),
            Some("only for test and demo regions; never in production".into()),
        );
    }
    let office_hours = super::oncall::office_hours(c, site.file, &v.office_hours);
    Some(Site {
        office_hours,
        lex_maria_target_days: v
            .lex_maria_target_days
            .as_ref()
            .map(|d| *d.get_ref())
            .unwrap_or(14),
        name: v.name.clone(),
        care_provider: v.care_provider.clone(),
        organisation_number: v.organisation_number.get_ref().clone(),
        department: v.department.clone(),
        lex_maria_responsible: v.lex_maria_responsible.get_ref().clone(),
        time_zone: time_zone?,
        language: v.language.unwrap_or(Language::Sv),
        runbooks_dir: runbooks_dir(raw, base_dir),
        export_dir: raw
            .site
            .as_ref()
            .and_then(|s| s.value.export_dir.as_ref())
            .map(|d| base_dir.join(d.get_ref())),
        allow_actor_override,
    })
}

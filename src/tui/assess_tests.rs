//! The assessment's answers read, refused with their reasons, and summed up (assess.rs).

use super::*;

#[test]
fn a_yes_or_no_first_is_read_with_the_punctuation_people_write_after_it() {
    assert_eq!(
        leading_yes_no("ja, per telefon"),
        Some((true, "per telefon"))
    );
    assert_eq!(
        leading_yes_no("Nej: ingen risk."),
        Some((false, "ingen risk."))
    );
    assert_eq!(leading_yes_no("j samtal"), Some((true, "samtal")));
    assert_eq!(leading_yes_no("  n"), Some((false, "")));
    assert_eq!(leading_yes_no("jo, kanske"), None);
    assert_eq!(leading_yes_no("nejdå"), None);
    assert_eq!(
        informed("ja, närstående ringd 04:10"),
        Ok((true, "närstående ringd 04:10".into()))
    );
}

fn answers(extra: &[&str]) -> Vec<String> {
    [
        "nej",
        "j",
        "Provsvar dröjde",
        "Avd 12, Akuten",
        "risk",
        "j samtal med närstående",
        "INC-2025-0003 j samma certifikat, INC-2025-0007 n",
        "Certifikatet gick ut",
        "4 5 4",
        "Låg sannolikhet, allvarlig konsekvens",
    ]
    .iter()
    .chain(extra)
    .map(|s| s.to_string())
    .collect()
}

#[test]
fn every_answer_is_read_into_the_assessment() {
    let a = assessment_from(&answers(&[
        "Larma om certifikat; it-drift; 2026-12-15; larm 14 dagar före; stark",
        "Utbilda; ; 2027-01-31; ;",
    ]))
    .unwrap();
    assert_eq!(a.harm, Harm::No);
    assert!(a.serious_risk && a.informed);
    assert_eq!(a.informed_how, "samtal med närstående");
    assert_eq!(a.care_units, ["Avd 12", "Akuten"]);
    assert_eq!(a.earlier.len(), 2);
    assert!(a.earlier[0].similar && !a.earlier[1].similar);
    assert_eq!(a.earlier[0].note, "samma certifikat");
    assert_eq!(
        a.cause_areas,
        [CauseArea::TechnologyEquipment, CauseArea::Procedures]
    );
    assert_eq!(a.actions.len(), 2);
    assert_eq!(a.actions[0].strength, Some(ActionStrength::Strong));
    assert_eq!(a.actions[1].owner, "");
    assert_eq!(a.actions[1].strength, None);
}

#[test]
fn an_assessment_reads_back_from_its_own_answers() {
    let a = assessment_from(&answers(&[
        "Larma om certifikat; it-drift; 2026-12-15; larm 14 dagar före; stark",
    ]))
    .unwrap();
    assert_eq!(assessment_from(&answers_of(&a)).unwrap(), a);
}

#[test]
fn an_answer_that_cannot_be_read_names_its_reason() {
    assert_eq!(check(0, "kanske"), Err(Unreadable::Harm));
    assert_eq!(check(1, "okänd"), Err(Unreadable::YesNo));
    assert_eq!(check(2, "-"), Err(Unreadable::Empty));
    assert_eq!(check(4, "några"), Err(Unreadable::Patients));
    assert_eq!(check(5, "kanske senare"), Err(Unreadable::Informed));
    // Each question's reason speaks of that question alone (2/11 hinted at 'informed').
    for (q, bad) in [(1, "kanske"), (5, "kanske")] {
        let why = check(q, bad).unwrap_err();
        let said = Lang::Sv.t(why.reason());
        assert_eq!(said.contains("sedan hur"), q == 5, "{q}: {said}");
    }
    assert_eq!(check(6, "INC-1 kanske"), Err(Unreadable::Earlier));
    assert_eq!(check(6, "igår j"), Err(Unreadable::Earlier));
    assert_eq!(check(8, "7"), Err(Unreadable::Areas));
    assert_eq!(check(8, "teknik"), Err(Unreadable::Areas));
    assert_eq!(
        check(FIXED, "Gör något; it; snart"),
        Err(Unreadable::Action)
    );
    assert_eq!(
        check(FIXED, "Gör; it; 2026-12-01; x; jättestark"),
        Err(Unreadable::Action)
    );
    assert_eq!(check(3, "-"), Ok(()));
    assert_eq!(check(6, "-"), Ok(()));
    assert_eq!(check(FIXED + 2, "-"), Ok(()));
    assert_eq!(assessment_from(&answers(&[])[..5]).unwrap_err().0, 5);
}

#[test]
fn the_summary_names_each_answer_and_what_is_still_missing() {
    let a = assessment_from(&answers(&[])).unwrap();
    let sv = summary(Lang::Sv, &a);
    assert!(sv.contains("risk för allvarlig vårdskada: ja"), "{sv}");
    assert!(sv.contains("Teknik, utrustning och apparatur"), "{sv}");
    assert!(sv.contains("Saknas ännu: åtgärder"), "{sv}");
    let en = summary(Lang::En, &a);
    assert!(en.contains("Still missing: actions"), "{en}");
}

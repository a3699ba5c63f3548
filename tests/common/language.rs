//! Stop-lists for "no English word in the Swedish text" and the reverse, shared by the
//! console's language test and the Lex Maria record's.

/// Words that are never Swedish (checked whole, case-insensitive).
pub const ENGLISH: &[&str] = &[
    "the",
    "and",
    "with",
    "from",
    "press",
    "acknowledge",
    "acknowledged",
    "identified",
    "investigating",
    "monitoring",
    "resolved",
    "closed",
    "declared",
    "detected",
    "started",
    "mitigated",
    "milestone",
    "takes",
    "role",
    "impacted",
    "unknown",
    "down",
    "degraded",
    "operator",
    "commander",
    "scribe",
    "major",
    "minor",
    "critical",
    "unavailable",
    "answer",
    "within",
    "refused",
    "timeout",
    "cannot",
    "may",
    "not",
    "yes",
    "no",
    "none",
    "slow",
    "limit",
    "weekly",
    "update",
    "maintenance",
    "checks",
    "since",
    "owner",
    "help",
    "quit",
    "open",
    "page",
    "run",
    "step",
    "done",
    "skip",
    "abort",
    "complete",
    "steps",
    "by",
];

/// Words that are never English.
pub const SWEDISH: &[&str] = &[
    "och",
    "med",
    "från",
    "tryck",
    "kvittera",
    "nere",
    "uppe",
    "försämrad",
    "okänd",
    "underhåll",
    "sedan",
    "inga",
    "ingen",
    "hjälp",
    "avsluta",
    "öppna",
    "steg",
    "klar",
    "körning",
    "körningen",
    "larm",
    "jour",
    "logg",
    "granskning",
    "läge",
    "utreds",
    "orsak",
    "löst",
    "stängd",
    "deklarerades",
    "kvitterades",
    "följdpåverkan",
    "inget",
    "svar",
    "inom",
    "långsam",
    "gräns",
];

/// The words of a text, lowercase (ids such as `PAGE-2026-0001` stay one word).
pub fn words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !c.is_alphanumeric() && c != '-')
        .filter(|w| !w.is_empty())
        .map(|w| w.to_lowercase())
}

/// The scenario's own data — the region's configuration, the runbooks and, for the English
/// check, the fixture's notes and titles (written in Swedish, as a Swedish region writes
/// them) — as one run of lowercase words. Interface text is checked; data shown as written
/// is not: a stop word is excused when it and its neighbours on screen are a phrase of the
/// data.
pub fn corpus(with_fixture_texts: bool) -> String {
    let repo = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut text = String::new();
    let mut walk = vec![repo.join("fixtures/region-demo"), repo.join("runbooks")];
    while let Some(dir) = walk.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk.push(path);
            } else if path.extension().is_some_and(|e| e == "toml" || e == "md") {
                text.push_str(&std::fs::read_to_string(&path).unwrap());
                text.push('\n');
            }
        }
    }
    if with_fixture_texts {
        let fixture = std::fs::read_to_string(repo.join("tests/common/console.rs")).unwrap();
        for literal in fixture.split('"').skip(1).step_by(2) {
            text.push_str(literal);
            text.push('\n');
        }
    }
    format!(" {} ", words(&text).collect::<Vec<_>>().join(" "))
}

/// The stop words in `text` that are interface text, each as "NAME: `word` in LINE": a
/// word is excused when it and a neighbour are a phrase of the data (`corpus`), when it
/// follows an HTTP status (the server's reason phrase), or when it is the start of a word
/// of the data cut by an overlay's border or an ellipsis.
pub fn stopped(name: &str, text: &str, stop: &[&str], corpus: &str) -> Vec<String> {
    let mut found = Vec::new();
    for line in text.lines() {
        let tokens: Vec<String> = words(line).collect();
        for (i, word) in tokens.iter().enumerate() {
            if !stop.contains(&word.as_str()) {
                continue;
            }
            let before = (i > 0).then(|| format!("{} {word}", tokens[i - 1]));
            let after = tokens.get(i + 1).map(|next| format!("{word} {next}"));
            if [before, after]
                .into_iter()
                .flatten()
                .any(|phrase| corpus.contains(&format!(" {phrase} ")))
            {
                continue;
            }
            let reason_phrase = (1..=3).any(|j| {
                i >= j
                    && tokens[i - j]
                        .parse::<u16>()
                        .is_ok_and(|code| (100..600).contains(&code))
            });
            if reason_phrase {
                continue;
            }
            let lower = line.to_lowercase();
            let cut = ['│', '…']
                .iter()
                .any(|end| lower.contains(&format!("{word}{end}")));
            if cut && corpus.contains(&format!(" {word}")) {
                continue;
            }
            found.push(format!("{name}: `{word}` in {}", line.trim()));
        }
    }
    found
}

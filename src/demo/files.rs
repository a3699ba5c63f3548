//! The demo region's files, built into the binary so `beredskap demo` needs nothing on disk.

/// (path relative to a fresh directory, contents).
pub const FILES: &[(&str, &str)] = &[
    (
        "fixtures/region-demo/beredskap.toml",
        include_str!("../../fixtures/region-demo/beredskap.toml"),
    ),
    (
        "fixtures/region-demo/systems/clinical.toml",
        include_str!("../../fixtures/region-demo/systems/clinical.toml"),
    ),
    (
        "fixtures/region-demo/systems/infrastructure.toml",
        include_str!("../../fixtures/region-demo/systems/infrastructure.toml"),
    ),
    (
        "fixtures/region-demo/systems/medical-technology.toml",
        include_str!("../../fixtures/region-demo/systems/medical-technology.toml"),
    ),
    (
        "fixtures/region-demo/systems/telephony.toml",
        include_str!("../../fixtures/region-demo/systems/telephony.toml"),
    ),
    (
        "runbooks/efterregistrering.md",
        include_str!("../../runbooks/efterregistrering.md"),
    ),
    (
        "runbooks/infusionspumpar-fel.md",
        include_str!("../../runbooks/infusionspumpar-fel.md"),
    ),
    (
        "runbooks/journal-nere.md",
        include_str!("../../runbooks/journal-nere.md"),
    ),
    (
        "runbooks/journal-planerat.md",
        include_str!("../../runbooks/journal-planerat.md"),
    ),
    (
        "runbooks/lab-nere.md",
        include_str!("../../runbooks/lab-nere.md"),
    ),
    (
        "runbooks/natverk-norra-nere.md",
        include_str!("../../runbooks/natverk-norra-nere.md"),
    ),
    (
        "runbooks/overvakning-nere.md",
        include_str!("../../runbooks/overvakning-nere.md"),
    ),
    (
        "runbooks/telefoni-nere.md",
        include_str!("../../runbooks/telefoni-nere.md"),
    ),
];

pub const MAIN_CONFIG: &str = "fixtures/region-demo/beredskap.toml";
pub const SCENARIO: &str = include_str!("../../fixtures/region-demo/scenario.toml");
/// The port the demo configuration names; replaced by the simulator's real port.
pub const PLACEHOLDER_PORT: &str = "47800";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_shipped_runbook_is_built_in() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/runbooks");
        let mut shipped: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".md"))
            .map(|n| format!("runbooks/{n}"))
            .collect();
        shipped.sort();
        let mut built_in: Vec<String> = FILES
            .iter()
            .map(|(p, _)| p.to_string())
            .filter(|p| p.starts_with("runbooks/"))
            .collect();
        built_in.sort();
        assert_eq!(built_in, shipped, "add the runbook to demo/files.rs");
    }
}

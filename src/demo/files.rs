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
        "runbooks/journal-nere.md",
        include_str!("../../runbooks/journal-nere.md"),
    ),
    (
        "runbooks/lab-nere.md",
        include_str!("../../runbooks/lab-nere.md"),
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

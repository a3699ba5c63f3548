//! docs/export-schema.json is generated from the record's types (issue 33): this test
//! fails when they differ. After changing the record, write the schema again with
//! `BEREDSKAP_WRITE_SCHEMA=1 cargo test --test export_schema` and read the diff.

#![allow(clippy::unwrap_used, clippy::expect_used)] // tests may stop at the first surprise

use std::path::PathBuf;

fn schema_file() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("docs/export-schema.json")
}

#[test]
fn the_documented_schema_is_the_one_generated_from_the_record_s_types() {
    let generated = beredskap::export::lex_maria::schema();
    let text = serde_json::to_string_pretty(&generated).unwrap() + "\n";
    if std::env::var_os("BEREDSKAP_WRITE_SCHEMA").is_some() {
        std::fs::write(schema_file(), &text).unwrap();
    }
    let documented: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(schema_file()).unwrap()).unwrap();
    assert!(
        documented == generated,
        "docs/export-schema.json differs from the schema of the record's types; write it \
         again with BEREDSKAP_WRITE_SCHEMA=1 cargo test --test export_schema"
    );
}

/// The fields an object schema requires.
fn required_of(schema: &serde_json::Value) -> Vec<&str> {
    schema["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect()
}

#[test]
fn the_generated_schema_requires_what_the_record_always_writes_and_nothing_else() {
    let schema = beredskap::export::lex_maria::schema();
    let required: Vec<&str> = schema["required"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| v.as_str().unwrap())
        .collect();
    for field in [
        "schema",
        "assessment",
        "decision",
        "post_incident_review",
        "integrity",
    ] {
        assert!(
            required.contains(&field),
            "{field} not required: {required:?}"
        );
    }
    assert_eq!(schema["additionalProperties"], false);
    assert_eq!(
        schema["properties"]["schema"]["const"],
        "beredskap/lex-maria/1"
    );
    // The integrity section holds its events and the verification put into it.
    let fields = required_of(&schema["$defs"]["IntegritySchema"]);
    for field in [
        "events",
        "digest_sha256",
        "log_head",
        "events_verified",
        "chain",
    ] {
        assert!(fields.contains(&field), "{field}: {fields:?}");
    }
}

//! Helpers shared by the integration tests: where the repository's test data lives.

#![allow(dead_code)]

use std::path::PathBuf;

/// `tests/` at the repository root (vectors, data).
pub fn repo_tests_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("..")
        .join("tests")
}

pub fn read_vector(name: &str) -> serde_json::Value {
    let path = repo_tests_dir().join("vectors").join(name);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub fn read_data(name: &str) -> Vec<u8> {
    let path = repo_tests_dir().join("data").join(name);
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

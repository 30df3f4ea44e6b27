//! Helpers shared by the integration tests: where the test data lives.
//!
//! `tests/vectors` and the shared CSR files under `tests/data` are symbolic links to the
//! repository's `tests/vectors` and `tests/data` (one copy in the repository, read by every
//! language's suite); `cargo package` follows them, so the packaged crate carries real files
//! and its tests run from the `.crate` alone.

#![allow(dead_code)]

use std::path::PathBuf;

/// This crate's `tests/` (vectors, data).
pub fn repo_tests_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests")
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

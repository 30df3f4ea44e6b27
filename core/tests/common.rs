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

/// Why `text` is not a Korean message, if it is not: it must hold Hangul, and no template
/// part may be left unrendered (`{name}`, `[[`, `]]`).
pub fn not_korean(text: &str) -> Option<String> {
    if !text.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c)) {
        return Some("no Hangul".into());
    }
    if text.contains("[[") || text.contains("]]") {
        return Some("an unrendered section".into());
    }
    let parts: Vec<&str> = text.split('{').collect();
    let placeholder = parts.windows(2).find_map(|pair| {
        let (before, part) = (pair[0], pair[1]);
        let name = part.split('}').next()?;
        // `\u{feff}` is a quoted value's escape, not a parameter.
        (!before.ends_with("\\u")
            && part.len() > name.len()
            && !name.is_empty()
            && name.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'))
        .then(|| name.to_owned())
    });
    placeholder.map(|name| format!("the parameter {{{name}}} is not filled in"))
}

//! Every error code a binding can produce is in the core's table: the bindings map codes,
//! they never make their own. Reads the sources of every binding (and the CLI) for string
//! literals shaped like a code (`family.name`) and looks each one up.

use std::path::{Path, PathBuf};

/// The families of codes: a literal `"<family>.<name>"` in a binding is a code.
const FAMILIES: &[&str] = &[
    "argument",
    "certificate",
    "credentials",
    "csr",
    "dns",
    "internal",
    "journal",
    "order",
    "output",
    "request",
    "signing",
    "site",
    "transport",
];

/// Source files of the bindings and the CLI, tests and generated or built files left out.
fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            let skipped = [
                "tests",
                "test",
                "testdata",
                "target",
                "node_modules",
                "dist",
                "pkg",
                "bench",
                ".venv",
                "build",
            ];
            if !skipped.contains(&name.as_str()) && !name.starts_with('.') {
                sources(&path, out);
            }
        } else if [
            ".rs", ".py", ".js", ".mjs", ".cjs", ".ts", ".go", ".java", ".php", ".c", ".h",
        ]
        .iter()
        .any(|ext| name.ends_with(ext))
            && !name.ends_with("_test.go")
            && !name.starts_with("test_")
        {
            out.push(path);
        }
    }
}

/// Every double-quoted literal of the form `family.name` in `text`.
fn code_literals(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for piece in text.split('"').skip(1).step_by(2) {
        let Some((family, name)) = piece.split_once('.') else {
            continue;
        };
        let is_name = !name.is_empty()
            && name
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if FAMILIES.contains(&family) && is_name {
            found.push(piece.to_owned());
        }
    }
    found
}

#[test]
fn every_code_a_binding_can_produce_is_in_the_table() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    for entry in std::fs::read_dir(&root).unwrap().flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        if name.starts_with("bindings-") || name == "cli" {
            sources(&entry.path(), &mut files);
        }
    }
    assert!(files.len() > 20, "the bindings' sources were not found");
    let mut unknown = Vec::new();
    let mut seen = 0;
    for file in &files {
        let Ok(text) = std::fs::read_to_string(file) else {
            continue;
        };
        for code in code_literals(&text) {
            seen += 1;
            if !ncpcert::codes::is_known_code(&code) {
                unknown.push(format!(
                    "{}: {code}",
                    file.strip_prefix(&root).unwrap_or(file).display()
                ));
            }
        }
    }
    assert!(seen > 10, "no code literal found: the scan is broken");
    assert!(
        unknown.is_empty(),
        "codes the core's table does not have (add them to core/src/codes.rs, or use one of \
         the table's):\n{}",
        unknown.join("\n")
    );
}

#[test]
fn the_scan_finds_codes_and_only_codes() {
    let text = r#"raise E("x", "order.refused"); f("a.b"); g("signing.freed"); "site.invalid""#;
    assert_eq!(
        code_literals(text),
        vec!["order.refused", "signing.freed", "site.invalid"]
    );
    assert!(!ncpcert::codes::is_known_code("signing.freed"));
}

//! The repository stands alone: every reference a file cites is in `docs/sources.md`, and no
//! file points to material outside the repository, which a user never has.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Path, PathBuf};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Text files a user reads or builds: sources, scenarios, docs, benches, scripts.
fn text_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        if path.is_dir() {
            if !name.starts_with('.') && name != "target" {
                text_files(&path, out);
            }
        } else if [".rs", ".toml", ".md", ".csv", ".sh", ".py"]
            .iter()
            .any(|ext| name.ends_with(ext))
        {
            out.push(path);
        }
    }
}

/// Every text file under `dirs` of the repository, and its README and ARCHITECTURE.
fn repo_files(dirs: &[&str]) -> Vec<PathBuf> {
    let mut files = Vec::new();
    for dir in dirs {
        text_files(&repo().join(dir), &mut files);
    }
    files.push(repo().join("README.md"));
    files.push(repo().join("ARCHITECTURE.md"));
    files
}

/// The `Rn` ids (with an optional `a`/`b`) cited as `[Rn]` or `\[Rn\]` in a text.
fn citations(text: &str) -> BTreeSet<String> {
    let bytes = text.as_bytes();
    let mut ids = BTreeSet::new();
    for (i, _) in text.match_indices("[R") {
        let digits: String = text[i + 2..]
            .chars()
            .take_while(|c| c.is_ascii_digit() || *c == 'a' || *c == 'b')
            .collect();
        let end = i + 2 + digits.len();
        let closed = bytes.get(end) == Some(&b']')
            || (bytes.get(end) == Some(&b'\\') && bytes.get(end + 1) == Some(&b']'));
        if closed && digits.starts_with(|c: char| c.is_ascii_digit()) {
            ids.insert(format!("R{digits}"));
        }
    }
    ids
}

#[test]
fn every_cited_reference_is_listed_in_sources() {
    let listed = fs::read_to_string(repo().join("docs/sources.md")).expect("docs/sources.md");
    let files = repo_files(&[
        "src",
        "scenarios",
        "docs",
        "benches",
        "tests",
        "examples",
        "scripts",
    ]);
    let mut missing = Vec::new();
    let mut cited = 0;
    for file in &files {
        let text = fs::read_to_string(file).unwrap_or_default();
        for id in citations(&text) {
            cited += 1;
            let entry = format!("**[{id}]**");
            if !listed.contains(&entry) {
                missing.push(format!("{id} in {}", file.display()));
            }
        }
    }
    assert!(
        cited > 50,
        "only {cited} citations found: is the scan broken?"
    );
    assert!(
        missing.is_empty(),
        "cited but not in docs/sources.md: {missing:#?}"
    );
}

#[test]
fn citations_are_found_in_both_spellings() {
    let found = citations("a [R12] b \\[R98\\] c [R81b] d [Rx] e [R7");
    let expected: BTreeSet<String> = ["R12", "R98", "R81b"].map(String::from).into();
    assert_eq!(found, expected);
}

#[test]
fn no_file_points_outside_the_repository() {
    let files = repo_files(&[
        "src",
        "scenarios",
        "docs",
        "benches",
        "examples",
        "scripts",
        "fuzz",
    ]);
    // Assembled so that this file does not itself contain what it looks for.
    let (shared, work) = (format!("{}/{}", "..", "shared"), format!("/{}/", "work"));
    let outside = [
        shared.as_str(),
        work.as_str(),
        "domain-brief.md",
        "DOMAIN.md",
        "DESIGN.md",
    ];
    let mut found = Vec::new();
    for file in &files {
        let text = fs::read_to_string(file).unwrap_or_default();
        for (n, line) in text.lines().enumerate() {
            if outside.iter().any(|p| line.contains(p)) {
                found.push(format!("{}:{}: {}", file.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "pointers outside the repository: {found:#?}"
    );
}

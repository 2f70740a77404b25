//! The `.mutasi` marker: a small text file that mutasi writes into every folder it writes
//! (results, sweep, shard, interrupted run, a brief written with `report -o`), naming the
//! version, a run id and every file it wrote there. `--force` replaces a folder only when
//! the marker is there and the folder holds nothing else, so a website with a
//! `report.html`, a code project with a `run.json` or a user's notes added to a results
//! folder are never deleted by mistake.

use std::fs;
use std::path::{Path, PathBuf};

/// Name of the marker file.
pub const MARKER_FILE: &str = ".mutasi";

/// First line of every marker (what makes it mutasi's).
const MAGIC: &str = "mutasi output folder";
/// The line after which the files are listed, one per line, relative, `/`-separated.
const FILES_LINE: &str = "files:";
/// Entries looked at, at most, when checking a folder for files that are not mutasi's (a
/// folder with more is not one mutasi wrote with the files it lists).
const MAX_ENTRIES: usize = 1_000_000;

/// The marker's text for a folder holding `files` (relative paths).
pub(crate) fn marker_text(run_id: &str, files: &[String]) -> String {
    let mut text = format!(
        "{MAGIC}\n\
         # Written by mutasi; `--force` replaces this folder only while it holds these files\n\
         # and nothing else. Do not edit.\n\
         version {}\n\
         run {run_id}\n\
         {FILES_LINE}\n",
        env!("CARGO_PKG_VERSION")
    );
    for f in files {
        text.push_str(f);
        text.push('\n');
    }
    text
}

/// The files a marker lists, or `None` when `text` is not a mutasi marker.
fn listed_files(text: &str) -> Option<Vec<&str>> {
    let mut lines = text.lines();
    if lines.next()? != MAGIC {
        return None;
    }
    lines.by_ref().find(|l| *l == FILES_LINE)?;
    Some(lines.filter(|l| !l.is_empty()).collect())
}

/// Every file under `dir` (not following symbolic links), as relative `/`-separated paths;
/// folders only when empty (a trailing `/`). Stops after [`MAX_ENTRIES`].
pub(crate) fn files_under(dir: &Path) -> std::io::Result<Vec<String>> {
    let mut out = Vec::new();
    let mut stack = vec![(dir.to_path_buf(), String::new())];
    while let Some((path, prefix)) = stack.pop() {
        let mut empty = true;
        for entry in fs::read_dir(&path)? {
            let entry = entry?;
            empty = false;
            let name = entry.file_name().to_string_lossy().into_owned();
            let relative = format!("{prefix}{name}");
            if entry.file_type()?.is_dir() {
                stack.push((entry.path(), format!("{relative}/")));
            } else {
                out.push(relative);
            }
            if out.len() + stack.len() > MAX_ENTRIES {
                return Ok(out);
            }
        }
        if empty && !prefix.is_empty() {
            out.push(prefix);
        }
    }
    out.sort();
    Ok(out)
}

/// What `--force` finds in an existing folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Found {
    /// An empty folder: nothing to lose.
    Empty,
    /// A folder mutasi wrote holding only what it wrote.
    Own,
    /// A folder mutasi wrote that also holds this file (or folder) it did not write.
    Foreign(PathBuf),
    /// Not a folder mutasi wrote (no marker, or not a folder at all).
    NotOurs,
}

/// Looks at `target` (which exists): is it a folder mutasi wrote, and does it hold
/// anything else?
pub(crate) fn inspect(target: &Path) -> Found {
    if !target.is_dir() {
        return Found::NotOurs;
    }
    if fs::read_dir(target).is_ok_and(|mut d| d.next().is_none()) {
        return Found::Empty;
    }
    let marker = target.join(MARKER_FILE);
    // A marker is small; anything else under its name is not one.
    let text = match fs::symlink_metadata(&marker) {
        Ok(m) if m.is_file() && m.len() < 64 << 20 => fs::read_to_string(&marker).ok(),
        _ => None,
    };
    let Some(listed) = text.as_deref().and_then(listed_files) else {
        return Found::NotOurs;
    };
    let Ok(present) = files_under(target) else {
        return Found::NotOurs;
    };
    for file in &present {
        let ours = file == MARKER_FILE
            || listed.contains(&file.as_str())
            // An empty folder that a listed file was in (its files removed by hand).
            || (file.ends_with('/') && listed.iter().any(|l| l.starts_with(file.as_str())));
        if !ours {
            return Found::Foreign(target.join(file.trim_end_matches('/')));
        }
    }
    Found::Own
}

/// Adds `files` (paths inside `dir`) to the marker of `dir`, e.g. after `mutasi report`
/// drew a brief into a results folder. A folder without a marker is left as it is.
pub(crate) fn add_to_marker(dir: &Path, files: &[PathBuf]) -> Result<(), super::OutputError> {
    let marker = dir.join(MARKER_FILE);
    let Ok(text) = fs::read_to_string(&marker) else {
        return Ok(());
    };
    let Some(listed) = listed_files(&text) else {
        return Ok(());
    };
    let mut all: Vec<String> = listed.iter().map(|s| s.to_string()).collect();
    for f in files {
        let Ok(relative) = f.strip_prefix(dir) else {
            continue;
        };
        let relative = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        if !all.contains(&relative) {
            all.push(relative);
        }
    }
    all.sort();
    let run_id = text
        .lines()
        .find_map(|l| l.strip_prefix("run "))
        .unwrap_or("unknown");
    super::write_atomically(&marker, marker_text(run_id, &all).as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_marker_lists_its_files_and_nothing_else_passes() {
        let dir = tempfile::tempdir().expect("temp dir");
        let d = dir.path().join("out");
        std::fs::create_dir_all(d.join("charts")).expect("mkdir");
        assert_eq!(
            inspect(&d),
            Found::NotOurs,
            "an empty charts/ is not nothing"
        );
        std::fs::write(d.join("run.json"), "{}").expect("write");
        std::fs::write(d.join("charts/a.png"), "x").expect("write");
        assert_eq!(inspect(&d), Found::NotOurs, "no marker");
        let files = files_under(&d).expect("list");
        assert_eq!(files, ["charts/a.png", "run.json"]);
        std::fs::write(d.join(MARKER_FILE), marker_text("r1", &files)).expect("write");
        assert_eq!(inspect(&d), Found::Own);
        std::fs::write(d.join("charts/notes.txt"), "mine").expect("write");
        assert_eq!(inspect(&d), Found::Foreign(d.join("charts/notes.txt")));
        std::fs::remove_file(d.join("charts/notes.txt")).expect("rm");
        std::fs::write(d.join(MARKER_FILE), "files:\nrun.json\n").expect("write");
        assert_eq!(inspect(&d), Found::NotOurs, "not mutasi's marker");
    }
}

//! The scenario's `name` becomes part of a folder name (`results/<name>-<timestamp>`), so it
//! must be usable as one: no path separators, no control characters (NUL among them), no
//! leading dot (hidden folders, `..`), and short enough for every file system.

use super::Problem;

/// Longest scenario name accepted (bytes of UTF-8): the results folder adds a timestamp and
/// its staging name a process id, and most file systems allow 255 bytes in a name.
pub const MAX_NAME_BYTES: usize = 120;

/// The problem with `name` as part of a folder name, if any.
pub(crate) fn name_problem(name: &str) -> Option<Problem> {
    let bad = name.starts_with('.')
        || name.len() > MAX_NAME_BYTES
        || name
            .chars()
            .any(|c| c == '/' || c == '\\' || c.is_control());
    bad.then(|| Problem {
        path: "name".into(),
        value: format!("{:?}", super::csv_file::shown(name)),
        expected: format!(
            "a name usable in a folder name: no '/', '\\', control characters or leading \
             '.', at most {MAX_NAME_BYTES} bytes"
        ),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_that_would_leave_results_or_break_a_folder_are_refused() {
        for ok in [
            "arcamanik",
            "kantor camat 2025",
            "Dinas Pendidikan (uji)",
            "a.b",
        ] {
            assert!(name_problem(ok).is_none(), "{ok}");
        }
        let long = "x".repeat(MAX_NAME_BYTES + 1);
        for bad in [
            "../../escaped",
            "a/b",
            "..",
            ".",
            "a\0b",
            "a\\b",
            "tab\there",
            &long,
        ] {
            assert!(name_problem(bad).is_some(), "{bad:?}");
        }
    }
}

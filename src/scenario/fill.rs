//! Writes fitted demand values into a scenario's own text, keeping its layout and comments:
//! the `history = "..."` entry of each fitted demand is replaced by `base_per_day`,
//! `growth_per_year` and `season`. Demands whose written values win keep their `history`.
//! When the copy goes to another folder, the data paths it keeps (`roster`, `history`) are
//! made absolute so it still finds them.

use std::ops::Range;
use std::path::Path;

use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::{Calibration, ScenarioError, parse};

/// The scenario text with the fits filled in (see the module doc). `file` names the text in
/// errors; `from_dir` is the folder its relative paths resolve against, `to_dir` the folder
/// the copy is written to.
pub fn fill_fitted(
    text: &str,
    file: &str,
    calibrations: &[Calibration],
    (from_dir, to_dir): (&Path, &Path),
) -> Result<String, ScenarioError> {
    let same_folder = match (from_dir.canonicalize(), to_dir.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    let syntax = |message: String| ScenarioError::Syntax {
        file: file.to_string(),
        line: 1,
        column: 1,
        message,
    };
    let root = DeTable::parse(text).map_err(|e| syntax(e.to_string()))?;
    let mut edits: Vec<(Range<usize>, String)> = Vec::new();
    let relocate = |value: &Spanned<DeValue<'_>>, edits: &mut Vec<(Range<usize>, String)>| {
        if let (false, DeValue::String(path)) = (same_folder, value.get_ref()) {
            let joined = from_dir.join(path.as_ref());
            let absolute = std::path::absolute(&joined).unwrap_or(joined);
            edits.push((value.span(), quote(&absolute)));
        }
    };
    if let Some((_, roster)) = entry(root.get_ref(), "roster") {
        relocate(roster, &mut edits);
    }
    for c in calibrations {
        let demand = demand_table(root.get_ref(), c).ok_or_else(|| {
            syntax(format!(
                "cannot find `{}.history` in the file to replace",
                c.path
            ))
        })?;
        let Some((key, value)) = table(demand).and_then(|t| entry(t, "history")) else {
            return Err(syntax(format!("`{}` has no `history` entry", c.path)));
        };
        if c.written.is_some() {
            relocate(value, &mut edits);
            continue;
        }
        let inline = text.get(demand.span()).is_some_and(|s| s.starts_with('{'));
        let fit = &c.fit;
        let season: Vec<String> = fit
            .season_values()
            .iter()
            .map(|s| format!("{s:.3}"))
            .collect();
        let pairs = [
            format!("base_per_day = {:.4}", fit.base_per_day.value()),
            format!("growth_per_year = {:.4}", fit.growth_per_year.value()),
            format!("season = [{}]", season.join(", ")),
        ];
        let separator = if inline { ", " } else { "\n" };
        edits.push((key.span().start..value.span().end, pairs.join(separator)));
    }
    edits.sort_by_key(|(range, _)| std::cmp::Reverse(range.start));
    let mut out = text.to_string();
    for (range, replacement) in edits {
        out.replace_range(range, &replacement);
    }
    // The copy must read back; a layout this rewrite cannot handle is reported, not written.
    parse(&out, file)?;
    Ok(out)
}

fn entry<'a, 'i>(
    table: &'a DeTable<'i>,
    name: &str,
) -> Option<(
    &'a Spanned<std::borrow::Cow<'i, str>>,
    &'a Spanned<DeValue<'i>>,
)> {
    table.iter().find(|(k, _)| k.get_ref().as_ref() == name)
}

fn table<'a, 'i>(value: &'a Spanned<DeValue<'i>>) -> Option<&'a DeTable<'i>> {
    match value.get_ref() {
        DeValue::Table(t) => Some(t),
        _ => None,
    }
}

fn element<'a, 'i>(value: &'a Spanned<DeValue<'i>>, i: usize) -> Option<&'a Spanned<DeValue<'i>>> {
    match value.get_ref() {
        DeValue::Array(a) => a.get(i),
        _ => None,
    }
}

/// The `demand` table of the calibrated class.
fn demand_table<'a, 'i>(
    root: &'a DeTable<'i>,
    c: &Calibration,
) -> Option<&'a Spanned<DeValue<'i>>> {
    let unit = element(entry(root, "units")?.1, c.unit_index)?;
    let owner = match c.case_index {
        Some(ci) => element(entry(table(unit)?, "cases")?.1, ci)?,
        None => unit,
    };
    entry(table(owner)?, "demand").map(|(_, v)| v)
}

/// A TOML basic string holding a path.
fn quote(path: &Path) -> String {
    let s = path.display().to_string();
    format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
}

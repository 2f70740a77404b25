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
        let start = key.span().start;
        // A dotted key (`demand.history = ...` in the unit's table) repeats its prefix.
        let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
        let prefix = text[line_start..start].trim_start();
        let separator = match (inline, prefix.ends_with('.')) {
            (true, _) => ", ".to_string(),
            (false, true) => format!("\n{prefix}"),
            (false, false) => "\n".to_string(),
        };
        edits.push((start..value.span().end, pairs.join(&separator)));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::calibrate::{MonthCount, fit_monthly_counts};

    fn calibration(unit_index: usize, case_index: Option<usize>) -> Calibration {
        let data: Vec<MonthCount> = (0..24)
            .map(|t| MonthCount {
                year: t / 12 - 2,
                month: (t % 12) as u8,
                count: 200 + (t as u64 * 7) % 13,
            })
            .collect();
        Calibration {
            path: String::new(),
            unit_index,
            case_index,
            unit: String::new(),
            class: String::new(),
            file: "h.csv".into(),
            history: "h.csv".into(),
            months: (String::new(), String::new()),
            run_start_year: 2025,
            fit: fit_monthly_counts(&data, 20.0).expect("fits"),
            written: None,
        }
    }

    #[test]
    fn inline_table_and_dotted_layouts_are_all_filled() {
        let text = r#"horizon_years = 1
[[units]]
name = "a"   # first
positions = 2
staff = 1
sla_days = 1
demand = { history = "h.csv" }   # inline
service = { kind = "exponential", mean_hours = 1.0 }

[[units]]
name = "b"
positions = 2
staff = 1
sla_days = 1
demand.history = "h.csv"
service = { kind = "exponential", mean_hours = 1.0 }

[[units]]
name = "c"
positions = 2
staff = 1
[[units.cases]]
class = "request"
sla_days = 1
service = { kind = "exponential", mean_hours = 1.0 }
[units.cases.demand]
history = "h.csv"   # table
"#;
        let fits = [
            calibration(0, None),
            calibration(1, None),
            calibration(2, Some(0)),
        ];
        let here = Path::new(".");
        let out = fill_fitted(text, "s.toml", &fits, (here, here)).expect("fills");
        assert!(!out.contains("history"), "{out}");
        assert!(out.contains("# inline") && out.contains("# table") && out.contains("# first"));
        let s = parse(&out, "s.toml").expect("parses");
        let base = fits[0].fit.base_per_day.value();
        let demands = [
            s.units[0].demand.as_ref().expect("a"),
            s.units[1].demand.as_ref().expect("b"),
            &s.units[2].cases[0].demand,
        ];
        for d in demands {
            assert!((d.base() - base).abs() < 1e-4);
            assert_eq!(d.season.len(), 12);
        }
    }
}

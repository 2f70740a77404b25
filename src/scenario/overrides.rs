//! `--set PATH=VALUE` overrides, applied to the parsed scenario before validation.
//!
//! The scenario is turned into a TOML value tree, the path is followed (`units.0.positions`,
//! `units[0].positions` and `units.adminduk.positions` all work; a case class is named by its
//! `class`: `units.adminduk.cases.request.sla_days`), the value replaced, and the
//! tree deserialised again, so an override is checked exactly like the file.

use std::str::FromStr;

use super::{Scenario, ScenarioError};

/// One parsed `--set PATH=VALUE`.
#[derive(Debug, Clone, PartialEq)]
pub struct Override {
    /// The assignment as typed.
    pub assignment: String,
    /// Path segments (keys, indices or unit names).
    pub path: Vec<String>,
    /// The value text after `=`.
    pub value: String,
}

impl FromStr for Override {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let (path, value) = s
            .split_once('=')
            .ok_or_else(|| format!("'{s}' is not PATH=VALUE (e.g. units.0.positions=12)"))?;
        let segments: Vec<String> = path
            .trim()
            .replace('[', ".")
            .replace(']', "")
            .split('.')
            .map(str::trim)
            .map(str::to_string)
            .collect();
        if segments.iter().any(String::is_empty) {
            return Err(format!("'{path}' has an empty path segment"));
        }
        Ok(Override {
            assignment: s.to_string(),
            path: segments,
            value: value.trim().to_string(),
        })
    }
}

/// Why a `--set PATH=VALUE` (or an `[uncertainty]` path) cannot be applied.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum OverrideProblem {
    /// A table without the field named.
    #[error("{here} has no field '{field}' (it has: {})", .has.join(", "))]
    NoField {
        /// Where (`the scenario` or `'units.0'`).
        here: String,
        /// The field named.
        field: String,
        /// The fields it has.
        has: Vec<String>,
    },
    /// A list entry named by something that is neither an index nor an entry's name.
    #[error(
        "{here} is a list: {} or the name of an entry (its `name`, or its `class` for case \
         classes), found '{entry}'",
        match .len { 0 => "it is empty".to_string(), n => format!("expected an index from 0 to {}", n - 1) }
    )]
    NoEntry {
        /// Where.
        here: String,
        /// The segment given.
        entry: String,
        /// Entries in the list.
        len: usize,
    },
    /// An index past the end of a list.
    #[error("index {index} out of range: {here} has {len} entries")]
    OutOfRange {
        /// Where.
        here: String,
        /// The index given.
        index: usize,
        /// Entries in the list.
        len: usize,
    },
    /// A path going on below a single value.
    #[error("{here} is a single value, it has no field '{field}'")]
    SingleValue {
        /// Where.
        here: String,
        /// The field named below it.
        field: String,
    },
    /// No path at all.
    #[error("empty path")]
    EmptyPath,
    /// The value does not fit the field (the scenario types' own message).
    #[error("{0}")]
    Value(String),
    /// The scenario could not be turned into a value tree (a bug).
    #[error("internal: cannot serialise scenario: {0}")]
    Serialise(String),
}

/// Applies overrides in order; each is re-checked against the scenario types. They are added
/// to the scenario's list of overrides applied (`Scenario::overrides`), after any it had.
pub fn apply_overrides(
    scenario: Scenario,
    overrides: &[Override],
) -> Result<Scenario, ScenarioError> {
    let mut applied = scenario.overrides.clone();
    let mut scenario = scenario;
    for o in overrides {
        let fail = |problem: OverrideProblem| ScenarioError::Override {
            assignment: o.assignment.clone(),
            problem: Box::new(problem),
        };
        let mut tree = toml::Value::try_from(&scenario)
            .map_err(|e| fail(OverrideProblem::Serialise(e.to_string())))?;
        set_path(&mut tree, &o.path, &o.value).map_err(fail)?;
        scenario = tree.try_into().map_err(|e: toml::de::Error| {
            fail(OverrideProblem::Value(e.message().trim().to_string()))
        })?;
    }
    applied.extend(overrides.iter().map(|o| o.assignment.clone()));
    scenario.overrides = applied;
    Ok(scenario)
}

fn parse_value(raw: &str, like: Option<&toml::Value>) -> toml::Value {
    if let Some(toml::Value::String(_)) = like {
        return toml::Value::String(raw.trim_matches('"').to_string());
    }
    match toml::from_str::<toml::Table>(&format!("v = {raw}")) {
        Ok(mut t) => t
            .remove("v")
            .unwrap_or_else(|| toml::Value::String(raw.to_string())),
        Err(_) => toml::Value::String(raw.to_string()),
    }
}

/// The entry of a list whose `name` is `seg`, or failing that (case classes) whose `class`.
fn entry_named(items: &[toml::Value], seg: &str) -> Option<usize> {
    let named = |key: &str| {
        items
            .iter()
            .position(|v| v.get(key).and_then(|n| n.as_str()) == Some(seg))
    };
    named("name").or_else(|| named("class"))
}

fn set_path(node: &mut toml::Value, path: &[String], raw: &str) -> Result<(), OverrideProblem> {
    let mut node = node;
    let mut walked = String::new();
    for (i, seg) in path.iter().enumerate() {
        let last = i + 1 == path.len();
        let here = if walked.is_empty() {
            "the scenario".to_string()
        } else {
            format!("'{walked}'")
        };
        node = match node {
            toml::Value::Table(table) => {
                if last {
                    let value = parse_value(raw, table.get(seg));
                    table.insert(seg.clone(), value);
                    return Ok(());
                }
                let has: Vec<String> = table.keys().cloned().collect();
                table.get_mut(seg).ok_or_else(|| OverrideProblem::NoField {
                    here,
                    field: seg.clone(),
                    has,
                })?
            }
            toml::Value::Array(items) => {
                let index = entry_index(items, seg, &here)?;
                let len = items.len();
                let slot =
                    items
                        .get_mut(index)
                        .ok_or(OverrideProblem::OutOfRange { here, index, len })?;
                if last {
                    *slot = parse_value(raw, Some(slot));
                    return Ok(());
                }
                slot
            }
            _ => {
                return Err(OverrideProblem::SingleValue {
                    here,
                    field: seg.clone(),
                });
            }
        };
        if !walked.is_empty() {
            walked.push('.');
        }
        walked.push_str(seg);
    }
    Err(OverrideProblem::EmptyPath)
}

/// The position of the list entry named by `seg`: an index, or the `name` (units, policies,
/// absence kinds) or `class` (case classes) of an entry.
fn entry_index(items: &[toml::Value], seg: &str, here: &str) -> Result<usize, OverrideProblem> {
    if let Ok(i) = seg.parse::<usize>() {
        return Ok(i);
    }
    entry_named(items, seg).ok_or_else(|| OverrideProblem::NoEntry {
        here: here.to_string(),
        entry: seg.to_string(),
        len: items.len(),
    })
}

/// The value at `path` in a scenario's value tree (the paths of [`Override`]), and the same
/// path with every list entry as its index (`units.3.cases.0.complaint_prob`), so that two
/// spellings of one parameter can be recognised. `Ok(None)` for the value when the last field
/// is absent (an optional field left out: setting it adds it).
pub(crate) fn lookup<'a>(
    tree: &'a toml::Value,
    path: &[String],
) -> Result<(Option<&'a toml::Value>, String), OverrideProblem> {
    let mut node = tree;
    let mut walked: Vec<String> = Vec::with_capacity(path.len());
    for (i, seg) in path.iter().enumerate() {
        let last = i + 1 == path.len();
        let here = if walked.is_empty() {
            "the scenario".to_string()
        } else {
            format!("'{}'", walked.join("."))
        };
        let next = match node {
            toml::Value::Table(table) => match table.get(seg) {
                Some(v) => v,
                None if last => {
                    walked.push(seg.clone());
                    return Ok((None, walked.join(".")));
                }
                None => {
                    return Err(OverrideProblem::NoField {
                        here,
                        field: seg.clone(),
                        has: table.keys().cloned().collect(),
                    });
                }
            },
            toml::Value::Array(items) => {
                let index = entry_index(items, seg, &here)?;
                walked.push(index.to_string());
                let len = items.len();
                node = items
                    .get(index)
                    .ok_or(OverrideProblem::OutOfRange { here, index, len })?;
                continue;
            }
            _ => {
                return Err(OverrideProblem::SingleValue {
                    here,
                    field: seg.clone(),
                });
            }
        };
        walked.push(seg.clone());
        node = next;
    }
    if path.is_empty() {
        return Err(OverrideProblem::EmptyPath);
    }
    Ok((Some(node), walked.join(".")))
}

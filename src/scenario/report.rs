//! `[report]`: what the brief leads with. The planner's question in words, the units that
//! matter, named groups of units, the headline KPIs (whole organisation, one unit, a group's
//! total or its worst unit) and display names and Indonesian texts for the policies. Every
//! field is optional: without it the brief picks headline KPIs that fit the scenario.
//!
//! ```toml
//! [report]
//! question = "Does moving public-service staff to the adminduk counter cut waits and complaints?"
//! focus_units = ["adminduk"]
//! groups = { donors = ["trantib", "kesos_ekbang"] }
//!
//! [[report.headline]]
//! kpi = "sla_compliance"     # a unit KPI (see docs/scenario.md) ...
//! unit = "adminduk"          # ... at one unit,
//!
//! [[report.headline]]
//! kpi = "sla_compliance"
//! group = "donors"
//! worst = true               # ... or the worst unit of a group
//! label = "Worst donor unit's SLA compliance"
//! ```

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use super::{Problem, Scenario};

/// Most headline KPIs (a scorecard wider than this does not fit a page).
pub const MAX_HEADLINES: usize = 8;

/// The `[report]` section.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ReportSpec {
    /// The question the scenario answers, in one or two sentences (the brief opens with it).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub question: String,
    /// The question in Indonesian (for `--lang id`; the English one is used when empty).
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub question_id: String,
    /// The scenario's description in Indonesian.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub description_id: String,
    /// Units the question is about (their charts come first).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub focus_units: Vec<String>,
    /// Named groups of units (donor units, remote schools...), used by headline KPIs.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub groups: BTreeMap<String, Vec<String>>,
    /// The headline KPIs, in scorecard order (at most [`MAX_HEADLINES`]); empty = chosen by
    /// the brief.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub headline: Vec<HeadlineSpec>,
    /// Display names of policies (`policy name = "label"`), English.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub policy_names: BTreeMap<String, String>,
    /// Display names of policies, Indonesian.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub policy_names_id: BTreeMap<String, String>,
    /// Policy descriptions in Indonesian (the English one is the policy's `description`).
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    pub policy_descriptions_id: BTreeMap<String, String>,
    /// Smallest difference of a percentage that the brief calls a change (percentage points;
    /// default [`DEFAULT_MIN_CHANGE_PP`]): a smaller one is "no material difference" even
    /// when its 95 % CI excludes zero.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_change_pp: Option<f64>,
    /// Smallest difference of any other KPI that the brief calls a change, in percent of the
    /// baseline's level (default [`DEFAULT_MIN_CHANGE_PERCENT`]).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_change_percent: Option<f64>,
}

/// Default of `min_change_pp`: half a percentage point (an assumption: a planner reads a
/// change of SLA compliance or of lessons taught under 0.5 points as none; plausible
/// 0.2–2).
pub const DEFAULT_MIN_CHANGE_PP: f64 = 0.5;

/// Default of `min_change_percent`: 1 % of the baseline's level (an assumption: plausible
/// 0.5–5).
pub const DEFAULT_MIN_CHANGE_PERCENT: f64 = 1.0;

/// One headline KPI of the scorecard.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct HeadlineSpec {
    /// A KPI name: a unit KPI with `unit` or `group` (or `worst` over all units), or any
    /// KPI of the whole organisation without them.
    pub kpi: String,
    /// The unit it is measured at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub unit: Option<String>,
    /// The group (a key of `groups`) it is measured over: the group's total (ratios of the
    /// group's sums), or with `worst` its worst unit.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub group: Option<String>,
    /// The worst unit of the group (or of all units without a group), per replication.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub worst: bool,
    /// Which direction is better, when the KPI itself has none (`staff` in remote schools):
    /// `higher` or `lower`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub better: Option<String>,
    /// Label in the brief, English (default: built from the KPI and where it is measured).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
    /// Label in the brief, Indonesian.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label_id: Option<String>,
}

impl HeadlineSpec {
    /// True when the KPI is measured at a unit, over a group, or as the worst unit (a unit
    /// KPI); false for a KPI of the whole organisation.
    pub fn is_located(&self) -> bool {
        self.unit.is_some() || self.group.is_some() || self.worst
    }
}

impl ReportSpec {
    /// True when nothing is set (the section is left out of resolved scenarios).
    pub fn is_empty(&self) -> bool {
        *self == ReportSpec::default()
    }

    /// The units of a group, or every unit of the scenario for `None`.
    pub fn group_units<'a>(&'a self, scenario: &'a Scenario, group: Option<&str>) -> Vec<&'a str> {
        match group.and_then(|g| self.groups.get(g)) {
            Some(units) => units.iter().map(String::as_str).collect(),
            None => scenario.units.iter().map(|u| u.name.as_str()).collect(),
        }
    }
}

fn names<T: AsRef<str>>(items: &[T]) -> String {
    items
        .iter()
        .map(AsRef::as_ref)
        .collect::<Vec<_>>()
        .join(", ")
}

/// Every problem of the scenario's `[report]` section, with its field path.
pub(crate) fn problems(s: &Scenario) -> Vec<Problem> {
    let r = &s.report;
    let mut out = Vec::new();
    let mut push = |path: String, value: String, expected: String| {
        out.push(Problem {
            path,
            value,
            expected,
        })
    };
    let units: Vec<&str> = s.units.iter().map(|u| u.name.as_str()).collect();
    let unit_known = |u: &str| units.contains(&u);
    let unit_list = names(&units);
    for (i, u) in r.focus_units.iter().enumerate() {
        if !unit_known(u) {
            push(
                format!("report.focus_units[{i}]"),
                format!("\"{u}\""),
                format!("one of the units ({unit_list})"),
            );
        }
    }
    for (g, members) in &r.groups {
        if g.trim().is_empty() {
            push(
                "report.groups".into(),
                "\"\"".into(),
                "a non-empty group name".into(),
            );
        }
        if members.is_empty() {
            push(
                format!("report.groups.{g}"),
                "an empty list".into(),
                "at least one unit".into(),
            );
        }
        for (i, u) in members.iter().enumerate() {
            if !unit_known(u) {
                push(
                    format!("report.groups.{g}[{i}]"),
                    format!("\"{u}\""),
                    format!("one of the units ({unit_list})"),
                );
            }
        }
    }
    if r.headline.len() > MAX_HEADLINES {
        push(
            "report.headline".into(),
            format!("{} entries", r.headline.len()),
            format!("at most {MAX_HEADLINES} headline KPIs (a scorecard must fit a page)"),
        );
    }
    for (i, h) in r.headline.iter().enumerate() {
        headline_problems(s, &format!("report.headline[{i}]"), h, &mut push);
    }
    for (field, value) in [
        ("min_change_pp", r.min_change_pp),
        ("min_change_percent", r.min_change_percent),
    ] {
        if let Some(v) = value.filter(|v| !(v.is_finite() && (0.0..=100.0).contains(v))) {
            push(
                format!("report.{field}"),
                v.to_string(),
                "a number from 0 to 100".into(),
            );
        }
    }
    let policies: Vec<&str> = s.policies.iter().map(|p| p.name.as_str()).collect();
    for (field, map) in [
        ("policy_names", &r.policy_names),
        ("policy_names_id", &r.policy_names_id),
        ("policy_descriptions_id", &r.policy_descriptions_id),
    ] {
        for name in map.keys() {
            if !policies.contains(&name.as_str()) {
                push(
                    format!("report.{field}.{name}"),
                    format!("\"{name}\""),
                    format!("one of the policies ({})", names(&policies)),
                );
            }
        }
    }
    out
}

fn headline_problems(
    s: &Scenario,
    path: &str,
    h: &HeadlineSpec,
    push: &mut impl FnMut(String, String, String),
) {
    let r = &s.report;
    if h.unit.is_some() && (h.group.is_some() || h.worst) {
        push(
            format!("{path}.unit"),
            format!("\"{}\"", h.unit.as_deref().unwrap_or("")),
            "either `unit` or `group` (with or without `worst`), not both".into(),
        );
    }
    if let Some(u) = &h.unit
        && !s.units.iter().any(|x| &x.name == u)
    {
        let all: Vec<&str> = s.units.iter().map(|u| u.name.as_str()).collect();
        push(
            format!("{path}.unit"),
            format!("\"{u}\""),
            format!("one of the units ({})", names(&all)),
        );
    }
    if let Some(g) = &h.group
        && !r.groups.contains_key(g)
    {
        let known: Vec<&String> = r.groups.keys().collect();
        push(
            format!("{path}.group"),
            format!("\"{g}\""),
            if known.is_empty() {
                "a group defined in [report.groups]".to_string()
            } else {
                format!("one of the groups in [report.groups] ({})", names(&known))
            },
        );
    }
    match h.better.as_deref() {
        None | Some("higher") | Some("lower") => {}
        Some(other) => push(
            format!("{path}.better"),
            format!("\"{other}\""),
            "\"higher\" or \"lower\"".into(),
        ),
    }
}

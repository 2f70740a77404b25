//! Semantic checks: every problem is collected, each with its field path and expectation.

use std::collections::HashSet;

use super::{COMPLAINT_CLASS, DemandSpec, Problem, Scenario, ScenarioError};

/// Longest horizon accepted (years).
pub const MAX_HORIZON_YEARS: f64 = 200.0;
/// Most units accepted in one scenario.
pub const MAX_UNITS: usize = 1_000_000;
/// Most staff accepted in one scenario (people).
pub const MAX_STAFF: u64 = 1_000_000;
/// Most replications accepted per policy.
pub const MAX_REPLICATIONS: u32 = 10_000_000;

/// Collects problems with the path prefix they belong to.
struct Checker {
    problems: Vec<Problem>,
}

impl Checker {
    fn push(&mut self, path: impl Into<String>, value: impl ToString, expected: impl Into<String>) {
        self.problems.push(Problem {
            path: path.into(),
            value: value.to_string(),
            expected: expected.into(),
        });
    }

    /// A finite number in [lo, hi] (either bound optional); `strict_lo` excludes `lo`.
    fn number(
        &mut self,
        path: impl Into<String>,
        v: f64,
        lo: Option<f64>,
        strict_lo: bool,
        hi: Option<f64>,
    ) {
        let ok = v.is_finite()
            && lo.is_none_or(|lo| if strict_lo { v > lo } else { v >= lo })
            && hi.is_none_or(|hi| v <= hi);
        if !ok {
            let expected = match (lo, hi) {
                (Some(lo), Some(hi)) if strict_lo => format!("a finite number in ({lo}, {hi}]"),
                (Some(lo), Some(hi)) => format!("a finite number in [{lo}, {hi}]"),
                (Some(lo), None) if strict_lo => format!("a finite number > {lo}"),
                (Some(lo), None) => format!("a finite number >= {lo}"),
                (None, Some(hi)) => format!("a finite number <= {hi}"),
                (None, None) => "a finite number".to_string(),
            };
            self.push(path, v, expected);
        }
    }

    fn demand(&mut self, path: &str, d: &DemandSpec, horizon_years: f64) {
        self.number(
            format!("{path}.base_per_day"),
            d.base_per_day,
            Some(0.0),
            false,
            None,
        );
        self.number(
            format!("{path}.growth_per_year"),
            d.growth_per_year,
            Some(-1.0),
            true,
            Some(10.0),
        );
        if !d.season.is_empty() && d.season.len() != 12 {
            self.push(
                format!("{path}.season"),
                format!("a list of {} values", d.season.len()),
                "12 monthly multipliers (January..December) or no season at all",
            );
        }
        for (i, s) in d.season.iter().enumerate() {
            self.number(format!("{path}.season[{i}]"), *s, Some(0.0), false, None);
        }
        for (i, s) in d.shocks.iter().enumerate() {
            let p = format!("{path}.shocks[{i}]");
            self.number(
                format!("{p}.start_year"),
                s.start_year,
                Some(0.0),
                false,
                Some(horizon_years.max(0.0)),
            );
            self.number(
                format!("{p}.multiplier"),
                s.multiplier,
                Some(0.0),
                false,
                Some(1000.0),
            );
            self.number(
                format!("{p}.ramp_months"),
                s.ramp_months,
                Some(0.0),
                false,
                Some(2400.0),
            );
            if !(s.end_year.is_finite() && s.end_year > s.start_year) {
                self.push(
                    format!("{p}.end_year"),
                    s.end_year,
                    format!("a finite number > start_year ({})", s.start_year),
                );
            }
        }
    }
}

impl Scenario {
    /// Every semantic problem in the scenario (empty when it is valid).
    pub fn problems(&self) -> Vec<Problem> {
        let mut c = Checker {
            problems: Vec::new(),
        };
        c.number(
            "calendar.hours_per_day",
            self.calendar.hours_per_day,
            Some(0.0),
            true,
            Some(24.0),
        );
        c.number(
            "calendar.days_per_year",
            self.calendar.days_per_year,
            Some(0.0),
            true,
            Some(366.0),
        );
        c.number(
            "horizon_years",
            self.horizon_years,
            Some(0.0),
            true,
            Some(MAX_HORIZON_YEARS),
        );
        if !(self.warmup_years.is_finite()
            && self.warmup_years >= 0.0
            && (self.warmup_years < self.horizon_years || !self.horizon_years.is_finite()))
        {
            c.push(
                "warmup_years",
                self.warmup_years,
                format!("a number in [0, horizon_years = {})", self.horizon_years),
            );
        }
        if self.experiment.replications == 0 || self.experiment.replications > MAX_REPLICATIONS {
            c.push(
                "experiment.replications",
                self.experiment.replications,
                format!("a whole number in [1, {MAX_REPLICATIONS}]"),
            );
        }
        if self.units.is_empty() {
            c.push("units", "an empty list", "at least one [[units]] entry");
        }
        if self.units.len() > MAX_UNITS {
            c.push(
                "units",
                format!("{} units", self.units.len()),
                format!("at most {MAX_UNITS} units"),
            );
        }
        let total_staff = self.total_staff();
        if total_staff > MAX_STAFF {
            c.push(
                "units[*].staff",
                format!("{total_staff} people in all"),
                format!("at most {MAX_STAFF} staff in one scenario"),
            );
        }
        let horizon = if self.horizon_years.is_finite() {
            self.horizon_years
        } else {
            0.0
        };
        let mut names = HashSet::new();
        for (ui, u) in self.units.iter().enumerate() {
            let up = format!("units[{ui}]");
            if u.name.trim().is_empty() {
                c.push(format!("{up}.name"), "\"\"", "a non-empty unit name");
            } else if !names.insert(u.name.as_str()) {
                c.push(
                    format!("{up}.name"),
                    format!("\"{}\"", u.name),
                    "a name not used by another unit",
                );
            }
            if u.field.trim().is_empty() {
                c.push(
                    format!("{up}.field"),
                    "\"\"",
                    "a non-empty competence field",
                );
            }
            if u.remoteness > 2 {
                c.push(
                    format!("{up}.remoteness"),
                    u.remoteness,
                    "0 (urban), 1 (rural) or 2 (remote)",
                );
            }
            if u.staff > u.positions {
                c.push(
                    format!("{up}.staff"),
                    u.staff,
                    format!("at most positions = {}", u.positions),
                );
            }
            if u.is_shorthand() {
                for (field, present) in [
                    ("demand", u.demand.is_some()),
                    ("service", u.service.is_some()),
                    ("sla_days", u.sla_days.is_some()),
                ] {
                    if !present {
                        c.push(
                            format!("{up}.{field}"),
                            "nothing",
                            format!("`{field}` (or a list of [[units.cases]])"),
                        );
                    }
                }
            } else {
                for (field, present) in [
                    ("class", u.class.is_some()),
                    ("demand", u.demand.is_some()),
                    ("service", u.service.is_some()),
                    ("sla_days", u.sla_days.is_some()),
                    ("patience", u.patience.is_some()),
                    ("complaint_after_days", u.complaint_after_days.is_some()),
                    ("complaint_prob", u.complaint_prob.is_some()),
                ] {
                    if present {
                        c.push(format!("{up}.{field}"), "a value", "no unit-level value when the unit lists [[units.cases]]: put it in each case class");
                    }
                }
            }
            let views = u.class_views(&up);
            let has_complaint_class = views.iter().any(|v| v.class == COMPLAINT_CLASS);
            let mut classes = HashSet::new();
            for v in &views {
                let p = &v.path;
                if v.class.trim().is_empty() {
                    c.push(format!("{p}.class"), "\"\"", "a non-empty class name");
                } else if !classes.insert(v.class) {
                    c.push(
                        format!("{p}.class"),
                        format!("\"{}\"", v.class),
                        "a class name not used twice in one unit",
                    );
                }
                if let Some(sla) = v.sla_days {
                    c.number(format!("{p}.sla_days"), sla, Some(0.0), true, None);
                }
                if let Some(d) = v.demand {
                    c.demand(&format!("{p}.demand"), d, horizon);
                }
                for (name, dist) in [("service", v.service), ("patience", v.patience)] {
                    if let Some(dist) = dist {
                        for (param, value, expected) in dist.problems() {
                            c.push(format!("{p}.{name}.{param}"), value, expected);
                        }
                    }
                }
                c.number(
                    format!("{p}.complaint_after_days"),
                    v.complaint_after_days,
                    Some(0.0),
                    true,
                    None,
                );
                c.number(
                    format!("{p}.complaint_prob"),
                    v.complaint_prob,
                    Some(0.0),
                    false,
                    Some(1.0),
                );
                if v.complaint_prob > 0.0 && !has_complaint_class {
                    c.push(
                        format!("{p}.complaint_prob"),
                        v.complaint_prob,
                        format!("0, or a case class named \"{COMPLAINT_CLASS}\" in unit '{}' to receive the complaints", u.name),
                    );
                }
            }
        }
        c.problems
    }

    /// Ok when there is no problem; otherwise every problem, naming `file`.
    pub fn validate(&self, file: &str) -> Result<(), ScenarioError> {
        let problems = self.problems();
        if problems.is_empty() {
            Ok(())
        } else {
            Err(ScenarioError::Invalid {
                file: file.to_string(),
                problems,
            })
        }
    }
}

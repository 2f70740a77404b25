//! Semantic checks: every problem is collected, each with its field path and expectation.
//!
//! One checker per scenario section: `units.rs` (units, case classes, demand, named people),
//! `people.rs` (workforce to morale), `transfers.rs` (transfer rules to workload) and
//! `policies.rs` (reviews, policies, baseline). Problems come out in file order.

/// `numbers!(c, section, spec, { field: bound, ... })`: each `spec.field` is a finite number
/// within its bound, reported at path `{section}.{field}` (the path is the field's own name,
/// so the two cannot disagree).
macro_rules! numbers {
    ($c:expr, $section:expr, $spec:expr, { $($($field:ident).+ : $bound:expr),+ $(,)? }) => {
        $($c.number(
            format!("{}.{}", $section, stringify!($($field).+)),
            $spec.$($field).+,
            $bound,
        );)+
    };
}

mod people;
mod policies;
mod transfers;
mod units;

use std::collections::{BTreeMap, HashSet};

use super::{Problem, Scenario, ScenarioError};

/// Longest horizon accepted (years).
pub const MAX_HORIZON_YEARS: f64 = 200.0;
/// Most units accepted in one scenario.
pub const MAX_UNITS: usize = 1_000_000;
/// Most staff accepted in one scenario (people).
pub const MAX_STAFF: u64 = 1_000_000;
/// Most positions of one unit (no unit can hold more people than a scenario may have).
pub const MAX_POSITIONS: u32 = 1_000_000;
/// Most distinct competence fields (the fit matrix is fields x fields).
pub const MAX_FIELDS: usize = 1_000;
/// Most regions (the travel-time matrix is regions x regions).
pub const MAX_REGIONS: usize = 1_000;
/// Highest peak arrival rate of one case class (cases per working day): base x growth over
/// the horizon x the largest season multiplier x every shock at full strength.
pub const MAX_ARRIVALS_PER_DAY: f64 = 1e6;
/// Most replications accepted per policy.
pub const MAX_REPLICATIONS: u32 = 10_000_000;

/// Where a number must lie; it must be finite too.
#[derive(Clone, Copy)]
enum Bound {
    /// In `[lo, hi]`.
    Within(f64, f64),
    /// In `(lo, hi]`: more than `lo`, at most `hi`.
    Above(f64, f64),
    /// At least `lo`.
    AtLeast(f64),
    /// More than 0.
    Positive,
}
use Bound::*;

/// A share or probability.
const SHARE: Bound = Within(0.0, 1.0);

impl Bound {
    fn holds(self, v: f64) -> bool {
        v.is_finite()
            && match self {
                Within(lo, hi) => lo <= v && v <= hi,
                Above(lo, hi) => lo < v && v <= hi,
                AtLeast(lo) => lo <= v,
                Positive => v > 0.0,
            }
    }

    fn expected(self) -> String {
        match self {
            Within(lo, hi) => format!("a finite number in [{lo}, {hi}]"),
            Above(lo, hi) => format!("a finite number in ({lo}, {hi}]"),
            AtLeast(lo) => format!("a finite number >= {lo}"),
            Positive => "a finite number > 0".to_string(),
        }
    }
}

/// Collects problems, each with its field path.
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

    /// A finite number within `bound`.
    fn number(&mut self, path: impl Into<String>, v: f64, bound: Bound) {
        if !bound.holds(v) {
            self.push(path, v, bound.expected());
        }
    }

    /// A window's end after its start (a freeze, a demand shock).
    fn ends_after(&mut self, path: impl Into<String>, end_year: f64, start_year: f64) {
        if !(end_year.is_finite() && end_year > start_year) {
            let expected = format!("a finite number > start_year ({start_year})");
            self.push(path, end_year, expected);
        }
    }

    /// The name of a `what` (unit, class, policy): not blank, and not used by `others`
    /// (`seen` holds the names already used).
    fn name<'a>(
        &mut self,
        path: String,
        name: &'a str,
        seen: &mut HashSet<&'a str>,
        [what, others]: [&str; 2],
    ) {
        if name.trim().is_empty() {
            self.push(path, "\"\"", format!("a non-empty {what} name"));
        } else if !seen.insert(name) {
            self.push(
                path,
                format!("\"{name}\""),
                format!("a name not used by {others}"),
            );
        }
    }

    /// Weights of a field mix: each finite and >= 0, and not all zero.
    fn weights(&mut self, path: &str, w: &BTreeMap<String, f64>) {
        for (k, v) in w {
            self.number(format!("{path}.{k}"), *v, AtLeast(0.0));
        }
        if !w.is_empty() && w.values().all(|v| *v <= 0.0) {
            self.push(path, "all weights 0", "at least one positive weight");
        }
    }
}

impl Scenario {
    /// Every semantic problem in the scenario (empty when it is valid).
    pub fn problems(&self) -> Vec<Problem> {
        let mut c = Checker {
            problems: super::name::name_problem(&self.name).into_iter().collect(),
        };
        self.check_frame(&mut c);
        self.check_sizes(&mut c);
        units::check(self, &mut c);
        people::check(self, &mut c);
        transfers::check(self, &mut c);
        policies::check(self, &mut c);
        c.problems.extend(super::uncertainty::problems(self));
        c.problems.extend(super::report::problems(self));
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

    /// Calendar, horizon, warm-up and replications.
    fn check_frame(&self, c: &mut Checker) {
        numbers!(c, "calendar", self.calendar, {
            hours_per_day: Above(0.0, 24.0),
            days_per_year: Above(0.0, 366.0),
        });
        let horizon = self.horizon_years;
        c.number("horizon_years", horizon, Above(0.0, MAX_HORIZON_YEARS));
        let w = self.warmup_years;
        if !(w.is_finite() && w >= 0.0 && (w < horizon || !horizon.is_finite())) {
            let expected = format!("a number in [0, horizon_years = {horizon})");
            c.push("warmup_years", w, expected);
        }
        let n = self.experiment.replications;
        if n == 0 || n > MAX_REPLICATIONS {
            c.push(
                "experiment.replications",
                n,
                format!("a whole number in [1, {MAX_REPLICATIONS}]"),
            );
        }
    }

    /// The limits on units, fields, regions and staff that keep a run's memory bounded.
    fn check_sizes(&self, c: &mut Checker) {
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
        let mut fields = self.fields_in_use();
        fields.extend(self.competence.related.iter().flatten().map(String::as_str));
        if fields.len() > MAX_FIELDS {
            c.push(
                "units[*].field",
                format!("{} distinct fields", fields.len()),
                format!("at most {MAX_FIELDS} distinct competence fields"),
            );
        }
        if self.geography.regions.len() > MAX_REGIONS {
            c.push(
                "geography.regions",
                format!("{} regions", self.geography.regions.len()),
                format!("at most {MAX_REGIONS} regions"),
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
    }

    /// Competence fields some unit, person or hiring mix uses.
    fn fields_in_use(&self) -> HashSet<&str> {
        let mut fields = HashSet::new();
        for u in &self.units {
            fields.insert(u.field.as_str());
            fields.extend(u.staff_fields.keys().map(String::as_str));
            fields.extend(u.people.iter().filter_map(|p| p.field.as_deref()));
            fields.extend(u.hire_fields.keys().map(String::as_str));
        }
        fields.extend(self.workforce.hiring.fields.keys().map(String::as_str));
        fields
    }

    /// A region named by a unit or person must be one of `[geography]`.
    fn check_region(&self, c: &mut Checker, path: String, region: Option<&String>) {
        if let Some(region) = region.filter(|r| !self.geography.regions.contains(r)) {
            c.push(
                path,
                format!("\"{region}\""),
                format!(
                    "one of the regions in [geography] ({})",
                    self.geography.regions.join(", ")
                ),
            );
        }
    }
}

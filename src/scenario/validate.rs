//! Semantic checks: every problem is collected, each with its field path and expectation.

use std::collections::HashSet;

use super::{COMPLAINT_CLASS, DemandSpec, Problem, Scenario, ScenarioError};

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
        match d.base_per_day {
            Some(base) => {
                self.number(format!("{path}.base_per_day"), base, Some(0.0), false, None);
                // An upper bound of the peak rate: a higher one would never finish (or overflow).
                let growth = (1.0 + d.growth_per_year.max(0.0)).powf(horizon_years.floor());
                let season = d.season.iter().copied().fold(1.0, f64::max);
                let shocks: f64 = d.shocks.iter().map(|s| s.multiplier.max(1.0)).product();
                let peak = base * growth * season * shocks;
                if base.is_finite() && (peak.is_nan() || peak > MAX_ARRIVALS_PER_DAY) {
                    self.push(
                        format!("{path}.base_per_day"),
                        base,
                        format!(
                            "a peak rate (base x growth over the horizon x season x shocks = {peak:.3e} \
                             per working day) of at most {MAX_ARRIVALS_PER_DAY:e} cases per working day"
                        ),
                    );
                }
            }
            // Loading fills it from `history`; still absent means neither was written.
            None => self.push(
                format!("{path}.base_per_day"),
                "nothing",
                "arrivals per working day (`base_per_day = 12`) or a `history` CSV to fit them from",
            ),
        }
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
            // A shock after the horizon simply never happens (shortened runs stay valid).
            let _ = horizon_years;
            self.number(
                format!("{p}.start_year"),
                s.start_year,
                Some(0.0),
                false,
                Some(1e4),
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

/// Review timing: at least monthly steps, a start month of at least 1.
fn review(c: &mut Checker, path: &str, r: &super::ReviewSpec, months: usize) {
    if r.every_months == 0 || r.every_months > 1200 {
        c.push(
            format!("{path}.every_months"),
            r.every_months,
            "a number of months in 1..=1200",
        );
    }
    // A first review after the horizon means no review: allowed, so shortened runs stay valid.
    if r.start_month == 0 || r.start_month > 2400 {
        c.push(
            format!("{path}.start_month"),
            r.start_month,
            format!("a month in 1..=2400 (reviews happen at month ends; this run has {months})"),
        );
    }
}

/// Weights of a field mix: each finite and >= 0, and not all zero.
fn weights(c: &mut Checker, path: &str, w: &std::collections::BTreeMap<String, f64>) {
    for (k, v) in w {
        c.number(format!("{path}.{k}"), *v, Some(0.0), false, None);
    }
    if !w.is_empty() && w.values().all(|v| *v <= 0.0) {
        c.push(path, "all weights 0", "at least one positive weight");
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
        let mut fields: HashSet<&str> = HashSet::new();
        for u in &self.units {
            fields.insert(&u.field);
            fields.extend(u.staff_fields.keys().map(String::as_str));
            fields.extend(u.people.iter().filter_map(|p| p.field.as_deref()));
        }
        fields.extend(self.workforce.hiring.fields.keys().map(String::as_str));
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
            if u.positions > MAX_POSITIONS {
                c.push(
                    format!("{up}.positions"),
                    u.positions,
                    format!("at most {MAX_POSITIONS} positions in one unit"),
                );
            }
            let initial = u.initial_staff();
            if initial > u.positions {
                let field = if u.people.is_empty() {
                    "staff"
                } else {
                    "people"
                };
                c.push(
                    format!("{up}.{field}"),
                    format!("{initial} people"),
                    format!("at most positions = {}", u.positions),
                );
            }
            match (u.staff, u.people.is_empty()) {
                (None, true) => c.push(
                    format!("{up}.staff"),
                    "nothing",
                    "a staff count (`staff = N`), a `people` list or a roster row for this unit",
                ),
                (Some(n), false) if n as usize != u.people.len() => c.push(
                    format!("{up}.staff"),
                    n,
                    format!(
                        "the number of people listed ({}), or no `staff` at all",
                        u.people.len()
                    ),
                ),
                _ => {}
            }
            self.check_unit_people(&mut c, &up, u);
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
        self.check_people_rules(&mut c);
        self.check_policies(&mut c);
        c.problems.extend(super::report::problems(self));
        c.problems
    }

    fn check_policies(&self, c: &mut Checker) {
        let unit_names: Vec<&str> = self.units.iter().map(|u| u.name.as_str()).collect();
        let known_unit = |name: &str| unit_names.contains(&name);
        let expected_unit = format!("one of the units ({})", unit_names.join(", "));
        let mut fields: HashSet<&str> = self.units.iter().map(|u| u.field.as_str()).collect();
        for u in &self.units {
            fields.extend(u.staff_fields.keys().map(String::as_str));
            fields.extend(u.people.iter().filter_map(|p| p.field.as_deref()));
        }
        fields.extend(self.workforce.hiring.fields.keys().map(String::as_str));
        review(c, "review", &self.review, self.months());
        for (i, pair) in self.competence.related.iter().enumerate() {
            for (j, f) in pair.iter().enumerate() {
                if !f.trim().is_empty() && !fields.contains(f.as_str()) {
                    c.push(
                        format!("competence.related[{i}][{j}]"),
                        format!("\"{f}\""),
                        "a field used by some unit or person (a typo here would be ignored)",
                    );
                }
            }
        }
        if self.policies.is_empty() {
            c.push(
                "policies",
                "an empty list",
                "at least one [[policies]] entry",
            );
        }
        let mut names = HashSet::new();
        for (i, p) in self.policies.iter().enumerate() {
            let pp = format!("policies[{i}]");
            if p.name.trim().is_empty() {
                c.push(format!("{pp}.name"), "\"\"", "a non-empty policy name");
            } else if !names.insert(p.name.as_str()) {
                c.push(
                    format!("{pp}.name"),
                    format!("\"{}\"", p.name),
                    "a name not used by another policy",
                );
            }
            for stray in p.stray_parameters() {
                c.push(
                    format!("{pp}.{stray}"),
                    "a value",
                    format!(
                        "no `{stray}`: it is not a parameter of kind `{}`",
                        p.kind.name()
                    ),
                );
            }
            if let Some(r) = &p.review {
                review(c, &format!("{pp}.review"), r, self.months());
            }
            for (j, u) in p.units.iter().enumerate() {
                if !known_unit(u) {
                    c.push(
                        format!("{pp}.units[{j}]"),
                        format!("\"{u}\""),
                        expected_unit.clone(),
                    );
                }
            }
            for (j, f) in p.fields.iter().enumerate() {
                if !fields.contains(f.as_str()) {
                    c.push(
                        format!("{pp}.fields[{j}]"),
                        format!("\"{f}\""),
                        "a field used by some unit or person",
                    );
                }
            }
            for (j, m) in p.moves.iter().enumerate() {
                let mp = format!("{pp}.moves[{j}]");
                for (key, name) in [("from", &m.from), ("to", &m.to)] {
                    if !known_unit(name) {
                        c.push(
                            format!("{mp}.{key}"),
                            format!("\"{name}\""),
                            expected_unit.clone(),
                        );
                    }
                }
                if m.from == m.to {
                    c.push(
                        format!("{mp}.to"),
                        format!("\"{}\"", m.to),
                        "a unit other than `from`",
                    );
                }
                // A move after the horizon simply never happens (shortened runs stay valid).
                if m.month == 0 || m.month > 2400 {
                    c.push(
                        format!("{mp}.month"),
                        m.month,
                        format!(
                            "a month in 1..=2400 (1 = the first simulated month; this run has {})",
                            self.months()
                        ),
                    );
                }
                if m.count == 0 {
                    c.push(format!("{mp}.count"), m.count, "at least 1 person");
                }
                if let Some(f) = m.field.as_deref().filter(|f| !fields.contains(f)) {
                    c.push(
                        format!("{mp}.field"),
                        format!("\"{f}\""),
                        "a field used by some unit or person",
                    );
                }
            }
            if let Some(v) = p.every_years {
                c.number(format!("{pp}.every_years"), v, Some(0.0), true, Some(100.0));
            }
            if let Some(v) = p.tolerance {
                c.number(format!("{pp}.tolerance"), v, Some(0.0), false, Some(1.0));
            }
            if let Some(v) = p.surge_factor {
                c.number(
                    format!("{pp}.surge_factor"),
                    v,
                    Some(0.0),
                    true,
                    Some(1000.0),
                );
            }
            if let Some(v) = p.threshold {
                c.number(format!("{pp}.threshold"), v, Some(0.0), false, None);
            }
            if let Some(ind) = p.indicator {
                use super::Indicator::*;
                if !matches!(
                    ind,
                    Complaints | SlaBreachRate | Backlog | WaitDaysMean | Ej
                ) {
                    c.push(
                        format!("{pp}.indicator"),
                        format!("{ind:?}"),
                        "an indicator where higher is worse: complaints, sla_breach_rate, backlog, wait_days_mean or ej",
                    );
                }
            }
            if p.months == Some(0) {
                c.push(format!("{pp}.months"), 0, "at least 1 month");
            }
            let s = &p.support;
            for (k, v) in s.allowance_premium.iter().enumerate() {
                c.number(
                    format!("{pp}.support.allowance_premium[{k}]"),
                    *v,
                    Some(0.0),
                    false,
                    Some(10.0),
                );
            }
            c.number(
                format!("{pp}.support.communication"),
                s.communication,
                Some(0.0),
                false,
                Some(1.0),
            );
        }
        if !self.policies.iter().any(|p| p.name == self.baseline) {
            c.push(
                "baseline",
                format!("\"{}\"", self.baseline),
                format!(
                    "the name of one of the policies ({})",
                    self.policies
                        .iter()
                        .map(|p| p.name.as_str())
                        .collect::<Vec<_>>()
                        .join(", ")
                ),
            );
        }
    }

    fn region_known(&self, region: &str) -> bool {
        self.geography.regions.iter().any(|r| r == region)
    }

    fn check_unit_people(&self, c: &mut Checker, up: &str, u: &super::UnitSpec) {
        if let Some(region) = u.region.as_ref().filter(|r| !self.region_known(r)) {
            {
                c.push(
                    format!("{up}.region"),
                    format!("\"{region}\""),
                    format!(
                        "one of the regions in [geography] ({})",
                        self.geography.regions.join(", ")
                    ),
                );
            }
        }
        if let Some(m) = u.min_years_at_post {
            c.number(
                format!("{up}.min_years_at_post"),
                m,
                Some(0.0),
                false,
                Some(100.0),
            );
        }
        c.number(
            format!("{up}.absence_factor"),
            u.absence_factor,
            Some(0.0),
            false,
            Some(10.0),
        );
        if self
            .absence
            .availability(self.calendar.days_per_year, u.absence_factor)
            <= 0.0
        {
            c.push(
                format!("{up}.absence_factor"),
                u.absence_factor,
                "a factor that leaves some working time (absence days below days_per_year)",
            );
        }
        weights(c, &format!("{up}.staff_fields"), &u.staff_fields);
        for (i, p) in u.people.iter().enumerate() {
            let pp = format!("{up}.people[{i}]");
            c.number(format!("{pp}.age"), p.age, Some(15.0), false, Some(100.0));
            c.number(
                format!("{pp}.years_at_post"),
                p.years_at_post,
                Some(0.0),
                false,
                Some(80.0),
            );
            c.number(
                format!("{pp}.performance"),
                p.performance,
                Some(0.0),
                true,
                Some(10.0),
            );
            c.number(
                format!("{pp}.resistance"),
                p.resistance,
                Some(-10.0),
                false,
                Some(10.0),
            );
            if let Some(y) = p.years_of_service {
                c.number(
                    format!("{pp}.years_of_service"),
                    y,
                    Some(0.0),
                    false,
                    Some(80.0),
                );
            }
            if p.field.as_deref().is_some_and(|f| f.trim().is_empty()) {
                c.push(format!("{pp}.field"), "\"\"", "a non-empty field name");
            }
            if let Some(region) = p.home_region.as_ref().filter(|r| !self.region_known(r)) {
                {
                    c.push(
                        format!("{pp}.home_region"),
                        format!("\"{region}\""),
                        format!(
                            "one of the regions in [geography] ({})",
                            self.geography.regions.join(", ")
                        ),
                    );
                }
            }
        }
    }

    fn check_people_rules(&self, c: &mut Checker) {
        let w = &self.workforce;
        for (name, range) in [
            ("workforce.age_range", w.age_range),
            ("workforce.hiring.age_range", w.hiring.age_range),
        ] {
            if !(range[0].is_finite()
                && range[1].is_finite()
                && 15.0 <= range[0]
                && range[0] <= range[1]
                && range[1] <= 100.0)
            {
                c.push(
                    name,
                    format!("[{}, {}]", range[0], range[1]),
                    "[min, max] ages with 15 <= min <= max <= 100",
                );
            }
        }
        c.number(
            "workforce.initial_years_at_post_max",
            w.initial_years_at_post_max,
            Some(0.0),
            false,
            Some(80.0),
        );
        c.number(
            "workforce.performance_sd",
            w.performance_sd,
            Some(0.0),
            false,
            Some(1.0),
        );
        c.number(
            "workforce.resistance_sd",
            w.resistance_sd,
            Some(0.0),
            false,
            Some(10.0),
        );
        c.number(
            "workforce.retirement_age",
            w.retirement_age,
            Some(15.0),
            true,
            Some(100.0),
        );
        c.number(
            "workforce.new_hire_lock_years",
            w.new_hire_lock_years,
            Some(0.0),
            false,
            Some(100.0),
        );
        c.number(
            "workforce.hiring.delay_months",
            w.hiring.delay_months,
            Some(0.0),
            false,
            Some(600.0),
        );
        if w.hiring.recruitment_month > 12 {
            c.push(
                "workforce.hiring.recruitment_month",
                w.hiring.recruitment_month,
                "0 (continuous) or a calendar month 1-12",
            );
        }
        weights(c, "workforce.hiring.fields", &w.hiring.fields);

        let k = &self.competence;
        c.number(
            "competence.related_fit",
            k.related_fit,
            Some(0.0),
            true,
            Some(1.0),
        );
        c.number(
            "competence.unrelated_fit",
            k.unrelated_fit,
            Some(0.0),
            true,
            Some(1.0),
        );
        c.number(
            "competence.breadth_bonus_per_field",
            k.breadth_bonus_per_field,
            Some(0.0),
            false,
            Some(1.0),
        );
        c.number(
            "competence.breadth_bonus_cap",
            k.breadth_bonus_cap,
            Some(0.0),
            false,
            Some(1.0),
        );
        c.number(
            "competence.breadth_bonus_min_performance",
            k.breadth_bonus_min_performance,
            Some(0.0),
            false,
            Some(10.0),
        );
        for (i, pair) in k.related.iter().enumerate() {
            if pair.iter().any(|f| f.trim().is_empty()) {
                c.push(
                    format!("competence.related[{i}]"),
                    format!("{pair:?}"),
                    "two non-empty field names",
                );
            }
        }

        let l = &self.learning;
        c.number("learning.r0", l.r0, Some(0.0), true, Some(1.0));
        c.number(
            "learning.r0_unrelated",
            l.r0_unrelated,
            Some(0.0),
            true,
            Some(1.0),
        );
        c.number(
            "learning.r0_trained",
            l.r0_trained,
            Some(0.0),
            true,
            Some(1.0),
        );
        c.number(
            "learning.tau_months",
            l.tau_months,
            Some(0.0),
            true,
            Some(240.0),
        );
        for (i, f) in l.tau_factor_by_fit.iter().enumerate() {
            c.number(
                format!("learning.tau_factor_by_fit[{i}]"),
                *f,
                Some(0.0),
                true,
                Some(100.0),
            );
        }
        c.number(
            "learning.retention_per_month",
            l.retention_per_month,
            Some(0.0),
            false,
            Some(1.0),
        );

        for (i, kind) in self.absence.kinds.iter().enumerate() {
            c.number(
                format!("absence.kinds[{i}].days_per_year"),
                kind.days_per_year,
                Some(0.0),
                false,
                Some(366.0),
            );
            c.number(
                format!("absence.kinds[{i}].spell_days"),
                kind.spell_days,
                Some(0.0),
                true,
                Some(366.0),
            );
        }
        let s = &self.stress;
        c.number(
            "stress.utilization_threshold",
            s.utilization_threshold,
            Some(0.0),
            false,
            Some(1.0),
        );
        c.number(
            "stress.rise_per_month",
            s.rise_per_month,
            Some(0.0),
            false,
            Some(100.0),
        );
        c.number(
            "stress.recovery_per_month",
            s.recovery_per_month,
            Some(0.0),
            false,
            Some(100.0),
        );
        c.number(
            "stress.burnout_threshold",
            s.burnout_threshold,
            Some(0.0),
            true,
            Some(1000.0),
        );
        c.number(
            "stress.recovered_below",
            s.recovered_below,
            Some(0.0),
            false,
            Some(s.burnout_threshold.max(0.0)),
        );
        c.number(
            "stress.burnout_productivity",
            s.burnout_productivity,
            Some(0.0),
            true,
            Some(1.0),
        );
        c.number(
            "attrition.quit_per_year",
            self.attrition.quit_per_year,
            Some(0.0),
            false,
            Some(1.0),
        );
        c.number(
            "attrition.quit_per_year_burned_out",
            self.attrition.quit_per_year_burned_out,
            Some(0.0),
            false,
            Some(1.0),
        );
        let m = &self.morale;
        c.number(
            "morale.appeal_drop",
            m.appeal_drop,
            Some(0.0),
            false,
            Some(1.0),
        );
        c.number(
            "morale.refusal_drop",
            m.refusal_drop,
            Some(0.0),
            false,
            Some(1.0),
        );
        c.number(
            "morale.recovery_per_month",
            m.recovery_per_month,
            Some(0.0),
            false,
            Some(1.0),
        );
        c.number(
            "morale.productivity_weight",
            m.productivity_weight,
            Some(0.0),
            false,
            Some(1.0),
        );

        let t = &self.transfers;
        c.number(
            "transfers.min_years_at_post",
            t.min_years_at_post,
            Some(0.0),
            false,
            Some(100.0),
        );
        c.number(
            "transfers.max_years_at_post",
            t.max_years_at_post,
            Some(t.min_years_at_post.max(0.0)),
            false,
            Some(100.0),
        );
        c.number(
            "transfers.notice_months",
            t.notice_months,
            Some(0.0),
            false,
            Some(120.0),
        );
        c.number(
            "transfers.appeal_delay_months",
            t.appeal_delay_months,
            Some(0.0),
            false,
            Some(120.0),
        );
        for (i, d) in t.transit_days.iter().enumerate() {
            c.number(
                format!("transfers.transit_days[{i}]"),
                *d,
                Some(0.0),
                false,
                Some(366.0),
            );
        }
        for (i, f) in t.freeze.iter().enumerate() {
            c.number(
                format!("transfers.freeze[{i}].start_year"),
                f.start_year,
                Some(0.0),
                false,
                None,
            );
            if !(f.end_year.is_finite() && f.end_year > f.start_year) {
                c.push(
                    format!("transfers.freeze[{i}].end_year"),
                    f.end_year,
                    format!("a finite number > start_year ({})", f.start_year),
                );
            }
        }
        c.number(
            "transfers.training_days",
            t.training_days,
            Some(0.0),
            false,
            Some(366.0),
        );
        let q = &t.requests;
        c.number(
            "transfers.requests.base_per_year",
            q.base_per_year,
            Some(0.0),
            false,
            Some(1.0),
        );
        c.number(
            "transfers.requests.per_remoteness",
            q.per_remoteness,
            Some(0.0),
            false,
            Some(1.0),
        );
        c.number(
            "transfers.requests.per_stress",
            q.per_stress,
            Some(0.0),
            false,
            Some(1.0),
        );
        c.number(
            "transfers.requests.expire_months",
            q.expire_months,
            Some(0.0),
            false,
            Some(1200.0),
        );
        let r = &t.resistance;
        for (name, v) in [
            ("base_logit", r.base_logit),
            ("per_year_at_post", r.per_year_at_post),
            ("per_remoteness", r.per_remoteness),
            ("per_travel_hour", r.per_travel_hour),
            ("trait_weight", r.trait_weight),
            ("income_premium", r.income_premium),
            ("communication", r.communication),
            ("security", r.security),
            ("training", r.training),
            ("facilities", r.facilities),
        ] {
            c.number(
                format!("transfers.resistance.{name}"),
                v,
                Some(-50.0),
                false,
                Some(50.0),
            );
        }
        for (name, v) in [
            ("appeal_share", r.appeal_share),
            ("refuse_share", r.refuse_share),
            ("quit_share", r.quit_share),
        ] {
            c.number(
                format!("transfers.resistance.{name}"),
                v,
                Some(0.0),
                false,
                Some(1.0),
            );
        }
        if r.appeal_share + r.refuse_share + r.quit_share <= 0.0 {
            c.push(
                "transfers.resistance.appeal_share",
                r.appeal_share,
                "appeal_share + refuse_share + quit_share > 0",
            );
        }

        let g = &self.geography;
        let n = g.regions.len();
        let mut seen = HashSet::new();
        for (i, name) in g.regions.iter().enumerate() {
            if name.trim().is_empty() || !seen.insert(name.as_str()) {
                c.push(
                    format!("geography.regions[{i}]"),
                    format!("\"{name}\""),
                    "a non-empty region name used once",
                );
            }
        }
        if g.travel_hours.len() != n && !(n == 0 && g.travel_hours.is_empty()) {
            c.push(
                "geography.travel_hours",
                format!("{} rows", g.travel_hours.len()),
                format!("{n} rows, one per region"),
            );
        }
        for (i, row) in g.travel_hours.iter().enumerate() {
            if row.len() != n {
                c.push(
                    format!("geography.travel_hours[{i}]"),
                    format!("{} values", row.len()),
                    format!("{n} values, one per region"),
                );
            }
            for (j, v) in row.iter().enumerate() {
                c.number(
                    format!("geography.travel_hours[{i}][{j}]"),
                    *v,
                    Some(0.0),
                    false,
                    Some(1000.0),
                );
            }
        }
        let k = &self.costs;
        for (i, v) in k.relocation_rp.iter().enumerate() {
            c.number(
                format!("costs.relocation_rp[{i}]"),
                *v,
                Some(0.0),
                false,
                None,
            );
        }
        for (name, v) in [
            ("training_rp", k.training_rp),
            ("monthly_salary_rp", k.monthly_salary_rp),
            ("package_per_year_rp", k.package_per_year_rp),
            ("communication_per_order_rp", k.communication_per_order_rp),
        ] {
            c.number(format!("costs.{name}"), v, Some(0.0), false, None);
        }
        c.number(
            "workload.effective_hours_per_fte_year",
            self.workload.effective_hours_per_fte_year,
            Some(0.0),
            true,
            Some(8784.0),
        );
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

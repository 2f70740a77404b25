//! Plausibility warnings: a scenario that is valid but will make results meaningless, or
//! that holds a value a planner surely did not mean. `mutasi check` and `mutasi run` print
//! them; nothing is refused.
//!
//! - A unit whose offered load, in the workload-analysis (ABK) view of required FTE against
//!   staff, is at least 1 while none of its work can give way (no `patience`, not
//!   timetabled): its queue can
//!   only grow, and its figures describe a collapse rather than a service level.
//! - A growth of 2 where 0.02 was surely meant; a share written as a percentage (an
//!   allowance premium of 40 for 0.4); yearly rates above one.
//! - A setting that silently switches off what the scenario uses: `staff_dynamics = false`
//!   (plain servers) while a policy moves people or pays for support measures.

use super::{Problem, Scenario};

/// Required FTE of a unit at its year-0 demand (ABK: work hours a year over the effective
/// hours of one FTE), and whether any of its case classes can give up.
pub fn offered_load(s: &Scenario, unit: &super::UnitSpec) -> (f64, bool) {
    let mut hours = 0.0;
    let mut gives_way = false;
    for c in unit.class_views("") {
        if let (Some(d), Some(w)) = (c.demand, c.service) {
            let season = if d.season.is_empty() {
                1.0
            } else {
                d.season.iter().sum::<f64>() / d.season.len() as f64
            };
            hours += d.base() * season * s.calendar.days_per_year * w.mean_hours();
        }
        gives_way |= c.patience.is_some();
    }
    // A timetabled unit's sessions are taught or lost at once: its work always gives way.
    gives_way |= !unit.kind.queues();
    (hours / s.workload.effective_hours_per_fte_year, gives_way)
}

fn warn(path: String, value: String, expected: String) -> Problem {
    Problem {
        path,
        value,
        expected,
    }
}

/// Every warning of a scenario, each as a problem (path, value, what was probably meant).
pub fn warnings(s: &Scenario) -> Vec<Problem> {
    let mut out = Vec::new();
    for (i, u) in s.units.iter().enumerate() {
        let staff = u.initial_staff() as f64;
        let (fte, gives_way) = offered_load(s, u);
        // Plain servers (validation scenarios) have no workload analysis to speak of.
        if s.staff_dynamics && fte >= staff && !gives_way && fte > 0.0 {
            out.push(warn(
                format!("units[{i}] ({})", u.name),
                format!(
                    "an offered load of {fte:.2} FTE (ABK) for {} staff, EJ {:.2}",
                    u.initial_staff(),
                    if staff > 0.0 {
                        fte / staff
                    } else {
                        f64::INFINITY
                    }
                ),
                "more staff than the load, or a `patience` on its work: as written nothing gives \
                 way, so its backlog can only grow and its results describe a collapse"
                    .to_string(),
            ));
        }
        for c in u.class_views(&format!("units[{i}]")) {
            if let Some(d) = c.demand
                && d.growth_per_year >= 0.5
            {
                out.push(warn(
                    format!("{}.demand.growth_per_year", c.path),
                    d.growth_per_year.to_string(),
                    format!(
                        "a yearly growth as a fraction: {} means +{:.0} % a year; did you mean {}?",
                        d.growth_per_year,
                        d.growth_per_year * 100.0,
                        d.growth_per_year / 100.0
                    ),
                ));
            }
        }
    }
    for (i, p) in s.policies.iter().enumerate() {
        for (r, &v) in p.support.allowance_premium.iter().enumerate() {
            if v > 1.0 {
                out.push(warn(
                    format!("policies[{i}].support.allowance_premium[{r}]"),
                    v.to_string(),
                    format!(
                        "a premium as a fraction of salary: {v} is +{:.0} %; did you mean {}?",
                        v * 100.0,
                        v / 100.0
                    ),
                ));
            }
        }
    }
    out.extend(switched_off(s));
    if s.attrition.quit_per_year > 0.5 {
        out.push(warn(
            "attrition.quit_per_year".into(),
            s.attrition.quit_per_year.to_string(),
            format!(
                "a yearly probability: {} would have most staff resign every year; did you mean {}?",
                s.attrition.quit_per_year,
                s.attrition.quit_per_year / 100.0
            ),
        ));
    }
    if s.transfers.requests.base_per_year > 1.0 {
        out.push(warn(
            "transfers.requests.base_per_year".into(),
            s.transfers.requests.base_per_year.to_string(),
            format!(
                "requests per person per year, usually well below 1; did you mean {}?",
                s.transfers.requests.base_per_year / 100.0
            ),
        ));
    }
    out
}

/// Mechanisms a policy relies on that another setting switches off.
fn switched_off(s: &Scenario) -> Vec<Problem> {
    use super::PolicyKind;
    let mut out = Vec::new();
    if s.staff_dynamics {
        return out;
    }
    for (i, p) in s.policies.iter().enumerate() {
        if !matches!(p.kind, PolicyKind::StatusQuo | PolicyKind::Freeze) {
            out.push(warn(
                format!("policies[{i}] ({})", p.name),
                format!("a `{}` policy with staff_dynamics = false", p.kind.name()),
                "staff_dynamics = true to compare moves: without it every person is a plain \
                 server, so a moved person works at full speed at once (no learning ramp, no \
                 fit) and nobody resists, requests a transfer, tires or leaves"
                    .to_string(),
            ));
        }
        if p.support != super::Support::default() {
            out.push(warn(
                format!("policies[{i}].support ({})", p.name),
                "support measures with staff_dynamics = false".to_string(),
                "staff_dynamics = true: allowances and packages act on resistance, requests, \
                 resignations and attendance, which plain servers do not have, so the measure \
                 only adds its cost"
                    .to_string(),
            ));
        }
    }
    out
}

/// Edit distance between two names (for "did you mean").
fn distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, &cb) in b.iter().enumerate() {
            let next = (row[j + 1] + 1)
                .min(row[j] + 1)
                .min(prev + usize::from(ca != cb));
            prev = row[j + 1];
            row[j + 1] = next;
        }
    }
    row[b.len()]
}

/// The closest of `known` to `name`, when it is close enough to be a typo.
pub fn did_you_mean<'a>(name: &str, known: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    known
        .into_iter()
        .map(|k| (distance(name, k), k))
        .filter(|(d, k)| *d <= (k.chars().count() / 3).max(1) || k.contains(name) && name.len() > 3)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// A parser message about an unknown field or variant, with "did you mean `x`?" added when
/// one of the expected names is close (`unknown field `postions`, expected one of ...`).
pub fn with_suggestion(message: &str) -> String {
    let Some(found) = message
        .split('`')
        .nth(1)
        .filter(|_| message.starts_with("unknown field") || message.starts_with("unknown variant"))
    else {
        return message.to_string();
    };
    let expected: Vec<&str> = message
        .split_once("expected")
        .map(|(_, rest)| rest.split('`').skip(1).step_by(2).collect())
        .unwrap_or_default();
    match did_you_mean(found, expected.iter().copied()) {
        Some(s) => format!("{message}; did you mean `{s}`?"),
        None => message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_typo_of_a_field_gets_a_suggestion() {
        let m = "unknown field `postions`, expected one of `name`, `field`, `positions`, `staff`";
        assert!(
            with_suggestion(m).ends_with("did you mean `positions`?"),
            "{}",
            with_suggestion(m)
        );
        let far = "unknown field `xyzzy`, expected one of `name`, `field`";
        assert_eq!(with_suggestion(far), far);
        assert_eq!(with_suggestion("invalid type"), "invalid type");
    }

    /// A plain-server scenario (no staff dynamics) of two identical units `a` and `b`.
    fn plain() -> String {
        let unit = |name: &str| {
            format!(
                r#"
        [[units]]
        name = "{name}"
        positions = 4
        staff = 3
        demand = {{ base_per_day = 10 }}
        service = {{ kind = "exponential", mean_hours = 1.0 }}
        patience = {{ kind = "exponential", mean_hours = 2.0 }}"#
            )
        };
        format!(
            "name = \"plain\"\nhorizon_years = 2\nstaff_dynamics = false{}{}\n",
            unit("a"),
            unit("b")
        )
    }

    fn switched(extra: &str) -> Vec<Problem> {
        let text = format!("{}{extra}", plain());
        let s = crate::scenario::parse(&text, "t.toml").expect("scenario parses");
        warnings(&s)
            .into_iter()
            .filter(|w| w.value.contains("staff_dynamics = false"))
            .collect()
    }

    #[test]
    fn plain_servers_warn_when_a_policy_relies_on_people() {
        // Only the status quo: plain servers are what a validation run wants.
        assert!(switched("").is_empty());
        let moving = switched(
            "[[policies]]\nname = \"move\"\nkind = \"planned_moves\"\n\
             moves = [{ month = 3, from = \"a\", to = \"b\", count = 1 }]\n",
        );
        assert_eq!(moving.len(), 1, "{moving:?}");
        assert!(moving[0].path.contains("move"));
        let paid = switched(
            "[[policies]]\nname = \"pay\"\nkind = \"status_quo\"\n\
             support = { allowance_premium = [0.4, 0.4, 0.4] }\n",
        );
        assert_eq!(paid.len(), 1, "{paid:?}");
        assert!(paid[0].path.ends_with("support (pay)"));
    }
}

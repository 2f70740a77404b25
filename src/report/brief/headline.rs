//! The headline KPIs of the brief and their statistics: the scenario's own (`[report]`
//! headline list) or, without one, those that fit the scenario; per policy the value of
//! every replication (from `replications.csv` for KPIs of the whole organisation, from
//! `unit_replications.csv` for a unit, a group's total or its worst unit), the mean with its
//! 95 % CI, the paired difference with the baseline, the change per year over the last two
//! years, and which policies are best or tied-best.
//!
//! A KPI that is zero (or undefined) for every policy is never headlined: a scenario with
//! no complaint class does not lead with "no difference in complaints".

use crate::report::i18n::{Lang, Measure, kpi_info};
use crate::report::saved::SavedResults;
use crate::scenario::{HeadlineSpec, Scenario};
use crate::sim::Better;
use crate::sim::{Period, UnitKpi, UnitTotals, headline_direction, headline_unit_kpi};
use crate::stats::{Summary, paired_differences, summarize};

/// Where a headline's value comes from.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Source {
    /// A KPI of the whole organisation (a column of `replications.csv`).
    Organisation(String),
    /// A unit KPI over units: their total (one unit, a group), or the worst of them.
    Units {
        kpi: UnitKpi,
        units: Vec<String>,
        worst: bool,
    },
}

/// Statistics of a headline for one policy.
#[derive(Debug, Clone)]
pub(crate) struct PolicyStats {
    /// Policy name.
    pub policy: String,
    /// Values per replication (saved units: shares as fractions, Rp per year).
    pub values: Vec<f64>,
    /// Mean and 95 % CI of the values.
    pub level: Summary,
    /// Paired difference with the baseline (`None` for the baseline itself).
    pub difference: Option<Summary>,
    /// Change per year over the last two years (last year − the year before), per
    /// replication, summarised; `None` when the measured period is under two years.
    pub trend: Option<Summary>,
}

/// One headline KPI.
#[derive(Debug, Clone)]
pub(crate) struct Headline {
    /// Label in English and Indonesian.
    pub label: (String, String),
    /// KPI name for units and formatting (`kpi_info`).
    pub kpi: String,
    /// Direction of improvement.
    pub better: Better,
    /// Where its values come from.
    pub source: Source,
    /// Per policy (in the results' policy order), when the policy has values.
    pub stats: Vec<PolicyStats>,
    /// The smallest difference that counts as a change, in saved units (see
    /// [`super::material`]): from the baseline's level and the scenario's thresholds.
    pub min_change: f64,
}

/// Whether a difference is clear (95 % CI excludes zero).
pub(crate) fn clear(s: &Summary) -> bool {
    s.mean.is_finite() && s.ci95_low.is_finite() && (s.ci95_low > 0.0 || s.ci95_high < 0.0)
}

impl Headline {
    /// Label in a language.
    pub fn label(&self, lang: Lang) -> &str {
        match lang {
            Lang::En => &self.label.0,
            Lang::Id => &self.label.1,
        }
    }

    /// How the KPI is measured (for units and conversion).
    pub fn measure(&self) -> Measure {
        kpi_info(&self.kpi).map_or(Measure::Ratio, |k| k.measure)
    }

    /// Whether a difference is in the better direction: `Some(true)` better, `Some(false)`
    /// worse, `None` when the KPI has no direction.
    pub fn is_better(&self, difference: f64) -> Option<bool> {
        match self.better {
            Better::Higher => Some(difference > 0.0),
            Better::Lower => Some(difference < 0.0),
            Better::Neither => None,
        }
    }

    /// The stats of a policy.
    pub fn of(&self, policy: &str) -> Option<&PolicyStats> {
        self.stats.iter().find(|s| s.policy == policy)
    }

    /// Whether a difference on this headline is a change: its 95 % CI excludes zero and it
    /// is at least [`Headline::min_change`] in size.
    pub fn material(&self, d: &Summary) -> bool {
        super::material::material(d, self.min_change)
    }

    /// The policy's difference with the baseline when it is a change ([`Headline::material`]).
    pub fn change(&self, policy: &str) -> Option<Summary> {
        self.of(policy)
            .and_then(|s| s.difference)
            .filter(|d| self.material(d))
    }

    /// True for a cost (reported apart from the ranking: what a policy buys is ranked, what
    /// it costs is stated).
    pub fn is_cost(&self) -> bool {
        self.measure() == Measure::Rupiah
    }

    /// The policy's trend, when it is still getting worse at the end of the horizon: the CI
    /// of the change per year excludes zero on the bad side and the change is material (at
    /// least 1 percentage point a year for a share, 2 % of the level otherwise).
    pub fn worsening(&self, policy: &str) -> Option<Summary> {
        let s = self.of(policy)?;
        let t = s.trend?;
        if !clear(&t) || self.is_better(t.mean) != Some(false) {
            return None;
        }
        let material = match self.measure() {
            Measure::Share => t.mean.abs() >= 0.01,
            _ => t.mean.abs() >= 0.02 * s.level.mean.abs().max(1e-9),
        };
        material.then_some(t)
    }

    /// True when the policy is still getting worse ([`Headline::worsening`]) and faster
    /// than the baseline, so that its gain over the baseline is shrinking. A drift both
    /// share (demand growing with the population) leaves the gain standing.
    pub fn eroding(&self, policy: &str) -> bool {
        let Some(t) = self.worsening(policy) else {
            return false;
        };
        let base = self.stats.iter().find(|s| s.difference.is_none());
        match base.and_then(|b| b.trend) {
            Some(b) if b.mean.is_finite() => self.is_better(t.mean - b.mean) == Some(false),
            _ => true,
        }
    }

    /// Policies that are best or tied-best: the one with the best mean and every policy
    /// whose paired difference with it is no change ([`Headline::material`]: a 95 % CI
    /// including zero, or smaller than the threshold). Empty for a KPI with no direction.
    pub fn tied_best(&self) -> Vec<&str> {
        let sign = match self.better {
            Better::Higher => 1.0,
            Better::Lower => -1.0,
            Better::Neither => return Vec::new(),
        };
        let Some(best) = self
            .stats
            .iter()
            .filter(|s| s.level.mean.is_finite())
            .max_by(|a, b| (sign * a.level.mean).total_cmp(&(sign * b.level.mean)))
        else {
            return Vec::new();
        };
        self.stats
            .iter()
            .filter(|s| {
                s.policy == best.policy || {
                    let d = summarize(&paired_differences(&s.values, &best.values));
                    !self.material(&d)
                }
            })
            .map(|s| s.policy.as_str())
            .collect()
    }
}

/// The typed scenario of the results (from the copy in `run.json`), when it reads.
pub(crate) fn scenario_of(saved: &SavedResults) -> Option<Scenario> {
    serde_json::from_value(saved.run.scenario.clone()).ok()
}

/// True when a unit's work expires: a timetabled unit, or one where every case class can give
/// up and gives up (on average)
/// no later than its SLA, so SLA compliance and resolution times say little (a lesson is
/// taught that day or lost) and the share served is what counts.
pub(crate) fn expires(s: &Scenario, unit: &crate::scenario::UnitSpec) -> bool {
    let hpd = s.calendar.hours_per_day;
    !unit.kind.has_sla()
        || unit
            .class_views("")
            .iter()
            .all(|c| match (c.patience, c.sla_days) {
                (Some(p), Some(sla)) => p.mean_hours() <= sla * hpd + 1e-9,
                _ => false,
            })
}

/// Headline specs chosen for a scenario that names none.
fn default_specs(s: Option<&Scenario>) -> Vec<HeadlineSpec> {
    let org = |kpi: &str| HeadlineSpec {
        kpi: kpi.to_string(),
        ..HeadlineSpec::default()
    };
    let Some(s) = s else {
        return [
            "sla_compliance_strict",
            "complaints",
            "backlog_end",
            "ej_outside_band",
            "cost_total",
        ]
        .map(org)
        .to_vec();
    };
    let expiring = s.units.iter().filter(|u| expires(s, u)).count();
    let lasting = s.units.len() - expiring;
    let complaint_class = s.units.iter().any(|u| {
        u.class_views("")
            .iter()
            .any(|c| c.class == crate::scenario::COMPLAINT_CLASS)
    });
    let can_abandon = s
        .units
        .iter()
        .any(|u| u.class_views("").iter().any(|c| c.patience.is_some()));
    let mut out = Vec::new();
    if lasting > 0 {
        out.push(org("sla_compliance_strict"));
    }
    if complaint_class {
        out.push(org("complaints"));
    }
    if expiring > 0 || can_abandon {
        out.push(org("demand_served"));
    }
    if lasting > 1 {
        out.push(org("sla_compliance_worst_unit"));
    } else if expiring > 1 {
        out.push(org("demand_served_worst_unit"));
    }
    if lasting > 0 {
        out.push(org("backlog_end"));
    }
    if s.units.len() > 1 {
        out.push(org("ej_outside_band"));
    }
    out.push(org("cost_total"));
    out
}

/// The unit KPI with the same definition as an organisation KPI, over all units (for
/// trends of organisation KPIs).
fn as_unit_kpi(kpi: &str) -> Option<(UnitKpi, bool)> {
    Some(match kpi {
        "sla_compliance_strict" => (UnitKpi::SlaCompliance, false),
        "sla_compliance_worst_unit" => (UnitKpi::SlaCompliance, true),
        "demand_served_worst_unit" => (UnitKpi::DemandServed, true),
        "cost_total" => (UnitKpi::Cost, false),
        other => {
            let k = UnitKpi::from_name(other)?;
            k.organisation_kpi()?;
            (k, false)
        }
    })
}

/// Default label of a headline in both languages.
fn default_label(h: &HeadlineSpec, units_all: bool) -> (String, String) {
    let (en, id) = (Lang::En.kpi(&h.kpi), Lang::Id.kpi(&h.kpi));
    match (&h.unit, &h.group, h.worst) {
        (Some(u), _, _) => (format!("{en} at {u}"), format!("{id} di {u}")),
        (None, Some(g), true) => (
            format!("{en}, worst unit of {g}"),
            format!("{id}, unit terburuk di {g}"),
        ),
        (None, Some(g), false) => (format!("{en}, {g}"), format!("{id}, {g}")),
        (None, None, true) if units_all => {
            (format!("{en}, worst unit"), format!("{id}, unit terburuk"))
        }
        _ => (en, id),
    }
}

/// Per replication, a unit KPI over units in a period (total or worst).
fn unit_values(
    saved: &SavedResults,
    policy: &str,
    period: Period,
    kpi: UnitKpi,
    units: &[String],
    worst: bool,
) -> Option<Vec<f64>> {
    let names: Vec<&str> = units.iter().map(String::as_str).collect();
    let reps = saved.units.as_ref()?.totals(policy, period, &names)?;
    Some(
        reps.iter()
            .map(|r| {
                if worst {
                    crate::sim::worst(r, kpi)
                } else {
                    kpi.value(&UnitTotals::sum(r))
                }
            })
            .collect(),
    )
}

/// Per replication, a KPI of the whole organisation from `replications.csv`.
fn organisation_values(saved: &SavedResults, policy: &str, kpi: &str) -> Option<Vec<f64>> {
    let r = saved.replications.as_ref()?;
    let col = r.kpis.iter().position(|k| k == kpi)?;
    let mut rows: Vec<(u64, f64)> = r
        .rows
        .iter()
        .filter(|(p, _, _)| p == policy)
        .map(|(_, rep, v)| (*rep, v.get(col).copied().unwrap_or(f64::NAN)))
        .collect();
    rows.sort_by_key(|(rep, _)| *rep);
    (!rows.is_empty()).then(|| rows.into_iter().map(|(_, v)| v).collect())
}

/// Per-replication change per year over the last two years.
fn trend(saved: &SavedResults, policy: &str, source: &Source) -> Option<Vec<f64>> {
    let (kpi, units, worst) = match source {
        Source::Units { kpi, units, worst } => (*kpi, units.clone(), *worst),
        Source::Organisation(k) => {
            let (kpi, worst) = as_unit_kpi(k)?;
            (kpi, saved.units.as_ref()?.units.clone(), worst)
        }
    };
    let before = unit_values(saved, policy, Period::YearBeforeLast, kpi, &units, worst)?;
    let last = unit_values(saved, policy, Period::LastYear, kpi, &units, worst)?;
    (before.len() == last.len()).then(|| paired_differences(&last, &before))
}

/// The headline KPIs of the results, with their statistics, in scorecard order.
pub(crate) fn headlines(saved: &SavedResults) -> Vec<Headline> {
    let scenario = scenario_of(saved);
    let specs = match &scenario {
        Some(s) if !s.report.headline.is_empty() => s.report.headline.clone(),
        other => default_specs(other.as_ref()),
    };
    let all_units: Vec<String> = match (&scenario, &saved.units) {
        (Some(s), _) => s.units.iter().map(|u| u.name.clone()).collect(),
        (None, Some(u)) => u.units.clone(),
        (None, None) => Vec::new(),
    };
    let baseline = saved
        .run
        .baseline
        .clone()
        .or_else(|| saved.policies.first().cloned())
        .unwrap_or_default();
    let thresholds = super::material::MinChange::of(scenario.as_ref());
    let mut out = Vec::new();
    for spec in specs {
        let source = match headline_unit_kpi(&spec) {
            Some(kpi) => {
                let units = match (&spec.unit, &spec.group, &scenario) {
                    (Some(u), _, _) => vec![u.clone()],
                    (None, Some(g), Some(s)) => s.report.groups.get(g).cloned().unwrap_or_default(),
                    _ => all_units.clone(),
                };
                Source::Units {
                    kpi,
                    units,
                    worst: spec.worst,
                }
            }
            None if spec.is_located() => continue,
            None => Source::Organisation(spec.kpi.clone()),
        };
        let values = |policy: &str| match &source {
            Source::Organisation(k) => organisation_values(saved, policy, k),
            Source::Units { kpi, units, worst } => {
                unit_values(saved, policy, Period::Measured, *kpi, units, *worst)
            }
        };
        let base_values = values(&baseline);
        let mut stats = Vec::new();
        for p in &saved.policies {
            let Some(v) = values(p) else { continue };
            let difference = match &base_values {
                Some(b) if *p != baseline && b.len() == v.len() => {
                    Some(summarize(&paired_differences(&v, b)))
                }
                _ => None,
            };
            stats.push(PolicyStats {
                policy: p.clone(),
                level: summarize(&v),
                values: v,
                difference,
                trend: trend(saved, p, &source).map(|t| summarize(&t)),
            });
        }
        let all_zero = stats
            .iter()
            .flat_map(|s| s.values.iter())
            .all(|v| !v.is_finite() || *v == 0.0);
        if stats.is_empty() || all_zero {
            continue;
        }
        let label = match (&spec.label, &spec.label_id) {
            (Some(en), id) => (en.clone(), id.clone().unwrap_or_else(|| en.clone())),
            (None, Some(id)) => (default_label(&spec, true).0, id.clone()),
            (None, None) => default_label(&spec, true),
        };
        let better = match headline_direction(&spec) {
            crate::sim::Better::Higher => Better::Higher,
            crate::sim::Better::Lower => Better::Lower,
            crate::sim::Better::Neither => Better::Neither,
        };
        let base_level = stats
            .iter()
            .find(|s| s.policy == baseline)
            .map_or(f64::NAN, |s| s.level.mean);
        out.push(Headline {
            label,
            min_change: thresholds.threshold(&spec.kpi, base_level),
            kpi: spec.kpi.clone(),
            better,
            source,
            stats,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stats(policy: &str, values: Vec<f64>, trend: Vec<f64>) -> PolicyStats {
        PolicyStats {
            policy: policy.into(),
            level: summarize(&values),
            values,
            difference: None,
            trend: Some(summarize(&trend)),
        }
    }

    fn headline(better: Better, stats: Vec<PolicyStats>) -> Headline {
        Headline {
            label: ("x".into(), "x".into()),
            kpi: "backlog_end".into(),
            better,
            source: Source::Organisation("backlog_end".into()),
            stats,
            min_change: 0.0,
        }
    }

    #[test]
    fn tied_best_keeps_policies_not_clearly_worse_than_the_best() {
        let h = headline(
            Better::Lower,
            vec![
                stats("a", vec![10.0, 11.0, 12.0, 13.0], vec![0.0; 4]),
                stats("b", vec![10.1, 10.9, 12.2, 12.9], vec![0.0; 4]),
                stats("c", vec![20.0, 21.0, 22.0, 23.0], vec![0.0; 4]),
            ],
        );
        assert_eq!(h.tied_best(), vec!["a", "b"]);
    }

    #[test]
    fn a_clear_material_rise_of_a_lower_is_better_kpi_is_worsening() {
        let h = headline(
            Better::Lower,
            vec![
                stats("grows", vec![100.0; 4], vec![20.0, 22.0, 19.0, 21.0]),
                stats("flat", vec![100.0; 4], vec![-1.0, 1.0, 0.5, -0.5]),
                stats("falls", vec![100.0; 4], vec![-20.0, -22.0, -19.0, -21.0]),
            ],
        );
        assert!(h.worsening("grows").is_some());
        assert!(h.worsening("flat").is_none());
        assert!(h.worsening("falls").is_none());
    }

    #[test]
    fn a_gain_erodes_only_when_the_policy_worsens_faster_than_the_baseline() {
        let mut h = headline(
            Better::Lower,
            vec![
                stats("base", vec![100.0; 4], vec![20.0, 22.0, 19.0, 21.0]),
                stats("slower", vec![50.0; 4], vec![4.0, 5.0, 6.0, 5.0]),
                stats("faster", vec![50.0; 4], vec![30.0, 31.0, 29.0, 30.0]),
            ],
        );
        for s in h.stats.iter_mut().skip(1) {
            s.difference = Some(summarize(&[-50.0, -50.0, -50.0, -50.0]));
        }
        assert!(h.worsening("slower").is_some(), "it does worsen");
        assert!(!h.eroding("slower"), "but its gain over the baseline grows");
        assert!(h.eroding("faster"));
    }
}

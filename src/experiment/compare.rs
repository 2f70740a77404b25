//! Comparing policies: paired differences with the baseline (common random numbers make
//! replication r of every policy a matched pair), the probability of being best, and the
//! rules that stop a run once its estimates are precise enough.

use crate::sim::{Better, Kpi};
use crate::stats::{Summary, paired_differences, probability_best, summarize};

use super::aggregate::PolicyResult;
use super::run::ExperimentResult;

/// The KPIs of the headline table, watched by the target-CI stopping rule.
pub const HEADLINE_KPIS: [Kpi; 5] = [
    Kpi::ResolutionDaysMean,
    Kpi::SlaCompliance,
    Kpi::Complaints,
    Kpi::BacklogEnd,
    Kpi::UtilizationCv,
];

/// Why an experiment stopped adding replications.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StoppingRule {
    /// A fixed number of replications was asked for.
    Fixed,
    /// Every headline KPI of every policy has a 95 % CI within the target relative width.
    TargetCiReached,
    /// Every paired difference with the baseline on a headline KPI either excludes zero or
    /// lies within the target share of the baseline mean.
    DifferencesResolved,
    /// The maximum number of replications was reached first.
    MaxReplications,
}

impl StoppingRule {
    /// Name used in `run.json`.
    pub fn name(self) -> &'static str {
        match self {
            StoppingRule::Fixed => "fixed",
            StoppingRule::TargetCiReached => "target_ci_reached",
            StoppingRule::DifferencesResolved => "differences_resolved",
            StoppingRule::MaxReplications => "max_replications",
        }
    }
}

/// A target precision: run batches until the estimates are this precise, or `max` is hit.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct TargetCi {
    /// Largest acceptable 95 % CI half-width as a share of |mean| (e.g. 0.05).
    pub relative: f64,
    /// Replications per policy at most.
    pub max_replications: u64,
}

/// Replications per policy at most under a target-CI rule unless set otherwise.
pub const DEFAULT_MAX_REPLICATIONS: u64 = 10_000;

/// One row of `comparison.csv`: a policy against the baseline on one KPI.
#[derive(Debug, Clone, PartialEq)]
pub struct Comparison {
    /// Policy compared.
    pub policy: String,
    /// Baseline policy.
    pub baseline: String,
    /// The KPI.
    pub kpi: Kpi,
    /// Paired difference policy − baseline over replications with the same index (mean,
    /// Student-t 95 % CI); `None` on the baseline's own rows.
    pub difference: Option<Summary>,
    /// Whether the 95 % CI of the difference excludes zero; `None` when there is no CI
    /// (the baseline's rows, or fewer than two replications).
    pub significant: Option<bool>,
    /// Share of replications in which this policy has the best value of the KPI (ties
    /// split); NaN for KPIs with no better direction.
    pub p_best: f64,
}

/// Whether a finite 95 % CI excludes zero; `None` when the CI is undefined.
fn excludes_zero(s: &Summary) -> Option<bool> {
    (s.ci95_low.is_finite() && s.ci95_high.is_finite())
        .then_some(s.ci95_low > 0.0 || s.ci95_high < 0.0)
}

/// Paired difference summary of one KPI between two policies' replications.
pub(crate) fn paired(policy: &PolicyResult, baseline: &PolicyResult, kpi: Kpi) -> Summary {
    summarize(&paired_differences(
        &policy.values(kpi),
        &baseline.values(kpi),
    ))
}

/// Probability that each policy is best on `kpi` (NaN for every policy when the KPI has no
/// better direction).
pub(crate) fn p_best(policies: &[PolicyResult], kpi: Kpi) -> Vec<f64> {
    let lower = match kpi.better() {
        Better::Lower => true,
        Better::Higher => false,
        Better::Neither => return vec![f64::NAN; policies.len()],
    };
    let values: Vec<Vec<f64>> = policies.iter().map(|p| p.values(kpi)).collect();
    let columns: Vec<&[f64]> = values.iter().map(Vec::as_slice).collect();
    probability_best(&columns, lower)
}

/// Checks the target-CI stopping rules after a batch; `None` means go on.
pub(crate) fn stopping_check(
    policies: &[PolicyResult],
    baseline: usize,
    relative: f64,
    kpis: &[Kpi],
) -> Option<StoppingRule> {
    let precise = |s: &Summary| {
        if s.n == 0 {
            // Never defined (e.g. no case at all): more replications will not help.
            return true;
        }
        let half = (s.ci95_high - s.ci95_low) / 2.0;
        half.is_finite() && half <= relative * s.mean.abs()
    };
    let all_precise = policies
        .iter()
        .all(|p| kpis.iter().all(|&k| precise(&p.summary(k))));
    if all_precise {
        return Some(StoppingRule::TargetCiReached);
    }
    let base = policies.get(baseline)?;
    if policies.len() < 2 {
        return None;
    }
    let resolved = |p: &PolicyResult, k: Kpi| {
        let d = paired(p, base, k);
        if d.n == 0 {
            return true;
        }
        match excludes_zero(&d) {
            None => false,
            Some(true) => true,
            Some(false) => {
                let margin = relative * base.summary(k).mean.abs();
                d.ci95_low >= -margin && d.ci95_high <= margin
            }
        }
    };
    let all_resolved = policies
        .iter()
        .enumerate()
        .filter(|(i, _)| *i != baseline)
        .all(|(_, p)| kpis.iter().all(|&k| resolved(p, k)));
    all_resolved.then_some(StoppingRule::DifferencesResolved)
}

/// The KPI estimate furthest from a target precision: the policy, the KPI and its 95 % CI
/// half-width as a share of |mean| (what holds a `--target-ci` run back).
#[derive(Debug, Clone, PartialEq)]
pub struct Imprecise {
    /// Policy.
    pub policy: String,
    /// KPI.
    pub kpi: Kpi,
    /// 95 % CI half-width / |mean|.
    pub relative: f64,
}

/// The least precise of `kpis` over `policies` (NaN widths and undefined KPIs skipped);
/// `None` when nothing has a width.
pub(crate) fn least_precise(policies: &[PolicyResult], kpis: &[Kpi]) -> Option<Imprecise> {
    let mut worst: Option<Imprecise> = None;
    for p in policies {
        for &k in kpis {
            let s = p.summary(k);
            let half = (s.ci95_high - s.ci95_low) / 2.0;
            let rel = if s.mean != 0.0 {
                half / s.mean.abs()
            } else {
                0.0
            };
            if rel.is_finite() && worst.as_ref().is_none_or(|w| rel > w.relative) {
                worst = Some(Imprecise {
                    policy: p.name.clone(),
                    kpi: k,
                    relative: rel,
                });
            }
        }
    }
    worst
}

impl ExperimentResult {
    /// The least precise of `kpis` over every policy (NaN widths and undefined KPIs
    /// skipped); `None` when nothing has a width.
    pub fn least_precise(&self, kpis: &[Kpi]) -> Option<Imprecise> {
        least_precise(&self.policies, kpis)
    }

    /// Under a target-CI rule, the estimate that limited the run: the least precise of the
    /// KPIs it watched ([`ExperimentResult::target_kpis`]); `None` for a fixed run.
    pub fn limiting(&self) -> Option<Imprecise> {
        self.target_ci?;
        self.least_precise(&self.target_kpis)
    }

    /// The baseline's result.
    pub fn baseline_result(&self) -> Option<&PolicyResult> {
        self.policy(&self.baseline)
    }

    /// Paired difference (policy − baseline) of one KPI over replications with the same
    /// index: mean and Student-t 95 % CI.
    pub fn paired_difference(&self, policy: &str, kpi: Kpi) -> Option<Summary> {
        Some(paired(self.policy(policy)?, self.baseline_result()?, kpi))
    }

    /// Probability that each policy (in experiment order) is best on `kpi`.
    pub fn probability_best(&self, kpi: Kpi) -> Vec<f64> {
        p_best(&self.policies, kpi)
    }

    /// Every row of `comparison.csv`: per policy (experiment order, the baseline included
    /// with no difference) and KPI.
    pub fn comparison(&self) -> Vec<Comparison> {
        let Some(base) = self.baseline_result() else {
            return Vec::new();
        };
        let best: Vec<Vec<f64>> = Kpi::ALL.iter().map(|&k| self.probability_best(k)).collect();
        let mut rows = Vec::with_capacity(self.policies.len() * Kpi::COUNT);
        for (i, p) in self.policies.iter().enumerate() {
            for (j, &k) in Kpi::ALL.iter().enumerate() {
                let difference = (p.name != base.name).then(|| paired(p, base, k));
                rows.push(Comparison {
                    policy: p.name.clone(),
                    baseline: base.name.clone(),
                    kpi: k,
                    significant: difference.as_ref().and_then(excludes_zero),
                    difference,
                    p_best: best[j][i],
                });
            }
        }
        rows
    }
}

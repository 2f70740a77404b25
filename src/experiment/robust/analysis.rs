//! What the points say: how often each policy is best over the parameter space, how far
//! behind the best it falls, which parameter moves each difference with the baseline, and
//! where along it the best policy changes.
//!
//! Every number is a function of the point table alone (and the seed, for the bootstrap), so
//! the analysis can be redone from `points.csv`.

use crate::engine::stream_rng;
use crate::sim::{Better, Kpi};
use crate::stats::{
    GroupMean, Index, default_groups, first_order_index, group_means, linear_root,
    probability_best, quantile_sorted, rank_groups,
};

use super::design::path_stream;
use super::run::RobustRun;

/// Bootstrap resamples behind each sensitivity interval: enough for stable 2.5 % and 97.5 %
/// percentiles (25 resamples beyond each end).
pub const BOOTSTRAP_RESAMPLES: usize = 1000;

/// The "replication" coordinate of the analysis's random streams (see the design's).
const ANALYSIS_STREAMS: u64 = u64::MAX - 1;

/// The points of a study as plain columns.
#[derive(Debug, Clone, PartialEq)]
pub struct PointTable {
    /// Uncertain parameters (paths), in design order.
    pub parameters: Vec<String>,
    /// Policies, in study order.
    pub policies: Vec<String>,
    /// The policy differences are taken against.
    pub baseline: String,
    /// The KPIs analysed.
    pub kpis: Vec<Kpi>,
    /// `values[i][j]`: parameter `j` at point `i`.
    pub values: Vec<Vec<f64>>,
    /// `outcomes[i][p][k]`: KPI `kpis[k]` of policy `p` at point `i` (mean over replications).
    pub outcomes: Vec<Vec<Vec<f64>>>,
    /// Master seed (for the bootstrap).
    pub seed: u64,
}

/// A KPI name this version of mutasi does not have (in a study's description).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("unknown KPI '{0}'")]
pub struct UnknownKpi(pub String);

impl PointTable {
    /// The table of a complete study (its analysed KPIs only).
    pub fn from_run(run: &RobustRun) -> Result<PointTable, UnknownKpi> {
        let kpis = run
            .meta
            .kpis
            .iter()
            .map(|n| Kpi::from_name(n).ok_or_else(|| UnknownKpi(n.clone())))
            .collect::<Result<Vec<_>, _>>()?;
        let outcomes = run
            .points
            .iter()
            .map(|p| {
                p.kpis
                    .iter()
                    .map(|all| kpis.iter().map(|&k| all[k as usize]).collect())
                    .collect()
            })
            .collect();
        Ok(PointTable {
            parameters: run.meta.parameters.clone(),
            policies: run.meta.policies.clone(),
            baseline: run.meta.baseline.clone(),
            kpis,
            values: run.points.iter().map(|p| p.values.clone()).collect(),
            outcomes,
            seed: run.meta.seed,
        })
    }

    /// Points.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether there is no point.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// Parameter `j` over the points.
    pub fn parameter(&self, j: usize) -> Vec<f64> {
        self.values.iter().map(|v| v[j]).collect()
    }

    /// KPI `k` (index into `kpis`) of policy `p` over the points.
    pub fn outcome(&self, p: usize, k: usize) -> Vec<f64> {
        self.outcomes.iter().map(|o| o[p][k]).collect()
    }

    fn baseline_index(&self) -> usize {
        self.policies
            .iter()
            .position(|p| *p == self.baseline)
            .unwrap_or(0)
    }

    fn groups(&self, j: usize) -> (Vec<usize>, usize) {
        rank_groups(&self.parameter(j), default_groups(self.len()))
    }
}

/// One row of `robust.csv`: a policy on one KPI over the parameter space.
#[derive(Debug, Clone, PartialEq)]
pub struct RobustRow {
    /// Policy.
    pub policy: String,
    /// KPI.
    pub kpi: Kpi,
    /// Share of points at which the policy has the best value (ties split); NaN for a KPI
    /// with no better direction.
    pub p_best: f64,
    /// Its standard error, √(p (1 − p) / N) (a Latin hypercube does no worse than N
    /// independent points).
    pub p_best_se: f64,
    /// Mean rank over the points (1 = best; ties share the mean of their ranks).
    pub mean_rank: f64,
    /// Mean shortfall from the best policy at each point (KPI units, ≥ 0).
    pub regret_mean: f64,
    /// 90th percentile of that shortfall over the points.
    pub regret_p90: f64,
}

/// Whether `x` is better than `y` on a KPI whose better direction is `lower`.
fn better(lower: bool, x: f64, y: f64) -> bool {
    if lower { x < y } else { x > y }
}

/// The rows of `robust.csv`, KPI by KPI, policies in study order.
pub fn robust_rows(t: &PointTable) -> Vec<RobustRow> {
    let mut out = Vec::new();
    for (k, &kpi) in t.kpis.iter().enumerate() {
        let columns: Vec<Vec<f64>> = (0..t.policies.len()).map(|p| t.outcome(p, k)).collect();
        let lower = match kpi.better() {
            Better::Lower => Some(true),
            Better::Higher => Some(false),
            Better::Neither => None,
        };
        let Some(lower) = lower else {
            out.extend(t.policies.iter().map(|p| RobustRow {
                policy: p.clone(),
                kpi,
                p_best: f64::NAN,
                p_best_se: f64::NAN,
                mean_rank: f64::NAN,
                regret_mean: f64::NAN,
                regret_p90: f64::NAN,
            }));
            continue;
        };
        let refs: Vec<&[f64]> = columns.iter().map(Vec::as_slice).collect();
        let p_best = probability_best(&refs, lower);
        let counted = (0..t.len())
            .filter(|&i| columns.iter().any(|c| !c[i].is_nan()))
            .count();
        for (p, name) in t.policies.iter().enumerate() {
            let (mut ranks, mut regrets) = (Vec::new(), Vec::new());
            for i in 0..t.len() {
                let mine = columns[p][i];
                if mine.is_nan() {
                    continue;
                }
                let others = columns
                    .iter()
                    .enumerate()
                    .filter(|(q, c)| *q != p && !c[i].is_nan());
                let (mut ahead, mut tied) = (0.0, 0.0);
                let mut best = mine;
                for (_, c) in others {
                    if better(lower, c[i], mine) {
                        ahead += 1.0;
                    } else if c[i] == mine {
                        tied += 1.0;
                    }
                    if better(lower, c[i], best) {
                        best = c[i];
                    }
                }
                ranks.push(1.0 + ahead + tied / 2.0);
                regrets.push((mine - best).abs());
            }
            let pb = p_best[p];
            regrets.sort_by(f64::total_cmp);
            out.push(RobustRow {
                policy: name.clone(),
                kpi,
                p_best: pb,
                p_best_se: if counted > 0 {
                    (pb * (1.0 - pb) / counted as f64).sqrt()
                } else {
                    f64::NAN
                },
                mean_rank: mean(&ranks),
                regret_mean: mean(&regrets),
                regret_p90: quantile_sorted(&regrets, 0.9),
            });
        }
    }
    out
}

fn mean(v: &[f64]) -> f64 {
    if v.is_empty() {
        f64::NAN
    } else {
        v.iter().sum::<f64>() / v.len() as f64
    }
}

/// One row of `sensitivity.csv`: how much one parameter moves one difference with the
/// baseline.
#[derive(Debug, Clone, PartialEq)]
pub struct SensitivityRow {
    /// The parameter (path).
    pub parameter: String,
    /// KPI.
    pub kpi: Kpi,
    /// The policy compared.
    pub policy: String,
    /// The baseline it is compared with.
    pub baseline: String,
    /// First-order index of the difference `policy − baseline` on the parameter, with its
    /// 95 % bootstrap interval.
    pub index: Index,
    /// Mean difference at the points in the lowest group of the parameter.
    pub diff_at_low: f64,
    /// Mean difference at the points in the highest group of the parameter.
    pub diff_at_high: f64,
}

impl SensitivityRow {
    /// The comparison as written in `sensitivity.csv`: `policy - baseline`.
    pub fn comparison(&self) -> String {
        comparison_name(&self.policy, &self.baseline)
    }
}

/// How a comparison is named in `sensitivity.csv`.
pub fn comparison_name(policy: &str, baseline: &str) -> String {
    format!("{policy} - {baseline}")
}

/// `y_a − y_b` point by point.
fn differences(a: &[f64], b: &[f64]) -> Vec<f64> {
    a.iter().zip(b).map(|(x, y)| x - y).collect()
}

/// The rows of `sensitivity.csv`: KPI, then policy (the baseline left out), then parameter.
pub fn sensitivity_rows(t: &PointTable) -> Vec<SensitivityRow> {
    let base = t.baseline_index();
    let groups: Vec<(Vec<usize>, usize)> = (0..t.parameters.len()).map(|j| t.groups(j)).collect();
    let mut out = Vec::new();
    for (k, &kpi) in t.kpis.iter().enumerate() {
        let b = t.outcome(base, k);
        for (p, policy) in t.policies.iter().enumerate() {
            if p == base {
                continue;
            }
            let d = differences(&t.outcome(p, k), &b);
            for (j, parameter) in t.parameters.iter().enumerate() {
                let (group, n_groups) = &groups[j];
                let key = path_stream(parameter) ^ ((k as u64) << 48) ^ ((p as u64) << 32);
                let mut rng = stream_rng(t.seed, ANALYSIS_STREAMS, key);
                let index = first_order_index(&d, group, *n_groups, BOOTSTRAP_RESAMPLES, &mut rng);
                let means = group_means(&t.parameter(j), &d, group, *n_groups);
                out.push(SensitivityRow {
                    parameter: parameter.clone(),
                    kpi,
                    policy: policy.clone(),
                    baseline: t.baseline.clone(),
                    index,
                    diff_at_low: means.first().map_or(f64::NAN, |m| m.y),
                    diff_at_high: means.last().map_or(f64::NAN, |m| m.y),
                });
            }
        }
    }
    out
}

/// A change of the best policy along one parameter (the others averaged over their ranges).
#[derive(Debug, Clone, PartialEq)]
pub struct Flip {
    /// The parameter (path).
    pub parameter: String,
    /// The value where the best policy changes.
    pub at: f64,
    /// `true`: another policy is best below `at`; `false`: above it.
    pub below: bool,
    /// The policy that is best beyond `at`.
    pub winner: String,
}

/// What the study says about one KPI, for the brief's sentences.
#[derive(Debug, Clone, PartialEq)]
pub struct Verdict {
    /// KPI.
    pub kpi: Kpi,
    /// The policy most often best.
    pub best: String,
    /// Its probability of being best over the parameter space.
    pub p_best: f64,
    /// The standard error of that probability.
    pub p_best_se: f64,
    /// The policy most often best after it (or, when no other is ever best, the one that
    /// falls least behind).
    pub runner_up: Option<String>,
    /// The parameter that moves the best policy's lead most, with that lead's first-order
    /// index on it: the parameter of the flips when there are any.
    pub key_parameter: Option<(String, f64)>,
    /// Where along the key parameter another policy becomes best (low end, high end).
    pub flips: Vec<Flip>,
}

/// The first-order index (no interval) of `y` on parameter `j`.
fn index_on(t: &PointTable, j: usize, y: &[f64]) -> f64 {
    let (group, n) = t.groups(j);
    let mut unused = stream_rng(t.seed, ANALYSIS_STREAMS, 0);
    first_order_index(y, &group, n, 0, &mut unused).value
}

/// Mean KPI of every policy in each group of points along parameter `j` (for the ranking
/// chart and the flips): per policy, the groups from low to high values.
pub fn curves(t: &PointTable, j: usize, k: usize) -> Vec<Vec<GroupMean>> {
    let (group, n) = t.groups(j);
    let x = t.parameter(j);
    (0..t.policies.len())
        .map(|p| group_means(&x, &t.outcome(p, k), &group, n))
        .collect()
}

/// The best policy of each group (by group means; `None` when no policy has a value).
fn group_winners(curves: &[Vec<GroupMean>], lower: bool) -> Vec<Option<usize>> {
    let groups = curves.first().map_or(0, Vec::len);
    (0..groups)
        .map(|g| {
            let mut best: Option<usize> = None;
            for (p, c) in curves.iter().enumerate() {
                let v = c[g].y;
                if !v.is_nan() && best.is_none_or(|b| better(lower, v, curves[b][g].y)) {
                    best = Some(p);
                }
            }
            best
        })
        .collect()
}

/// The flips of policy `best` along parameter `j`: at the end of the run of groups at the
/// low end where another policy is best, and at the start of such a run at the high end.
fn flips_along(t: &PointTable, j: usize, k: usize, best: usize, lower: bool) -> Vec<Flip> {
    let c = curves(t, j, k);
    let winners = group_winners(&c, lower);
    let n = winners.len();
    let is_best = |g: usize| winners[g] == Some(best);
    if n < 2 || !(0..n).any(is_best) {
        return Vec::new();
    }
    let (group, _) = t.groups(j);
    let x = t.parameter(j);
    // The mean parameter value of a group's points (every group has points).
    let centre = |g: usize| {
        let (sum, n) = (0..t.len())
            .filter(|&i| group[i] == g)
            .fold((0.0, 0usize), |(s, n), i| (s + x[i], n + 1));
        sum / n.max(1) as f64
    };
    let root = |lo: usize, hi: usize, other: usize| {
        let pick: Vec<usize> = (0..t.len())
            .filter(|&i| group[i] == lo || group[i] == hi)
            .collect();
        let xs: Vec<f64> = pick.iter().map(|&i| x[i]).collect();
        let a = t.outcome(best, k);
        let b = t.outcome(other, k);
        let ys: Vec<f64> = pick.iter().map(|&i| a[i] - b[i]).collect();
        let (x_lo, x_hi) = (centre(lo), centre(hi));
        let r = linear_root(&xs, &ys);
        if r.is_finite() {
            r.max(x_lo.min(x_hi)).min(x_lo.max(x_hi))
        } else {
            (x_lo + x_hi) / 2.0
        }
    };
    let mut out = Vec::new();
    let low_run = (0..n).take_while(|&g| !is_best(g)).count();
    if low_run > 0
        && let Some(w) = winners[low_run - 1]
    {
        out.push(Flip {
            parameter: t.parameters[j].clone(),
            at: root(low_run - 1, low_run, w),
            below: true,
            winner: t.policies[w].clone(),
        });
    }
    let high_run = (0..n).rev().take_while(|&g| !is_best(g)).count();
    if high_run > 0
        && let Some(w) = winners[n - high_run]
    {
        out.push(Flip {
            parameter: t.parameters[j].clone(),
            at: root(n - high_run - 1, n - high_run, w),
            below: false,
            winner: t.policies[w].clone(),
        });
    }
    out
}

/// One verdict per analysed KPI that has a better direction, a value at some point, and a
/// difference between policies at some point.
pub fn verdicts(t: &PointTable) -> Vec<Verdict> {
    let rows = robust_rows(t);
    let mut out = Vec::new();
    for (k, &kpi) in t.kpis.iter().enumerate() {
        let lower = match kpi.better() {
            Better::Lower => true,
            Better::Higher => false,
            Better::Neither => continue,
        };
        // A KPI on which every policy does the same at every point (complaints in a
        // scenario without complaints) has no best policy to speak of.
        let same_everywhere = t.outcomes.iter().all(|o| {
            let mut defined = o.iter().map(|p| p[k]).filter(|v| !v.is_nan());
            let first = defined.next();
            defined.all(|v| Some(v) == first)
        });
        if same_everywhere {
            continue;
        }
        let mine: Vec<&RobustRow> = rows.iter().filter(|r| r.kpi == kpi).collect();
        // Most often best; ties go to the earlier policy, then to the smaller regret.
        let rank = |a: usize, b: usize| {
            mine[a]
                .p_best
                .total_cmp(&mine[b].p_best)
                .then(mine[b].regret_mean.total_cmp(&mine[a].regret_mean))
                .then(b.cmp(&a))
        };
        let finite = |p: &usize| mine[*p].p_best.is_finite();
        let Some(best) = (0..mine.len()).filter(finite).max_by(|&a, &b| rank(a, b)) else {
            continue;
        };
        let runner_up = (0..mine.len())
            .filter(finite)
            .filter(|&p| p != best)
            .max_by(|&a, &b| rank(a, b));
        // The parameter whose flip hurts the best policy most; else the one that moves its
        // lead over the runner-up most.
        let mut chosen: Option<(usize, f64, Vec<Flip>)> = None;
        for j in 0..t.parameters.len() {
            let flips = flips_along(t, j, k, best, lower);
            let Some(first) = flips.first() else { continue };
            let w = t
                .policies
                .iter()
                .position(|p| *p == first.winner)
                .unwrap_or(best);
            let lead = differences(&t.outcome(best, k), &t.outcome(w, k));
            let strength = index_on(t, j, &lead);
            let stronger = |s: f64| strength.is_finite() && (s.is_nan() || strength > s);
            if chosen.as_ref().is_none_or(|(_, s, _)| stronger(*s)) {
                chosen = Some((j, strength, flips));
            }
        }
        if chosen.is_none()
            && let Some(r) = runner_up
        {
            let lead = differences(&t.outcome(best, k), &t.outcome(r, k));
            for j in 0..t.parameters.len() {
                let s = index_on(t, j, &lead);
                if s.is_finite() && chosen.as_ref().is_none_or(|(_, b, _)| s > *b) {
                    chosen = Some((j, s, Vec::new()));
                }
            }
        }
        out.push(Verdict {
            kpi,
            best: t.policies[best].clone(),
            p_best: mine[best].p_best,
            p_best_se: mine[best].p_best_se,
            runner_up: runner_up.map(|r| t.policies[r].clone()),
            key_parameter: chosen
                .as_ref()
                .map(|(j, s, _)| (t.parameters[*j].clone(), *s)),
            flips: chosen.map(|(_, _, f)| f).unwrap_or_default(),
        });
    }
    out
}

/// The parameter with the largest first-order index on any difference: the one the ranking
/// chart is drawn against.
pub fn most_influential(rows: &[SensitivityRow]) -> Option<&str> {
    rows.iter()
        .filter(|r| r.index.value.is_finite())
        .fold(None, |best: Option<&SensitivityRow>, r| match best {
            Some(b) if b.index.value >= r.index.value => Some(b),
            _ => Some(r),
        })
        .map(|r| r.parameter.as_str())
}

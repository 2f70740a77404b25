//! Global sensitivity from given data: how much of the variation of an output across sampled
//! points one input explains, with no model of the output assumed.
//!
//! The points are split into groups of (nearly) equal size along the input (by rank); the
//! first-order index is the share of the output's variance between the group means, corrected
//! for the share that noise alone puts there: the ω² of a one-way analysis of variance,
//! `(SS_between − (G − 1) MS_within) / (SS_total + MS_within)`. It estimates
//! `Var(E[Y | X]) / Var(Y)` (Sobol's first-order index) up to the variation of `E[Y | X]`
//! inside a group, is near zero (either sign) for an input with no effect, and needs no
//! points beyond the sample itself. Its confidence interval comes from resampling the points
//! (bias-corrected percentile bootstrap).

use rand::{Rng, RngExt};

use super::{normal_quantile, quantile_sorted, regularized_gamma_p};

/// Mean of the output in one group of points along an input.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GroupMean {
    /// Mean input value of the group's points.
    pub x: f64,
    /// Mean output of the group's points (NaN when none is defined).
    pub y: f64,
    /// Standard deviation of the output in the group (NaN with fewer than two points).
    pub sd: f64,
    /// Points with a defined output.
    pub n: usize,
}

/// Groups for the points along one input, and how many groups there are: one group per
/// distinct value when the input takes at most `groups` values (a whole-number parameter),
/// otherwise `groups` groups of consecutive ranks, sizes differing by at most one, with tied
/// values always in the same group. Group 0 holds the smallest values.
pub fn rank_groups(x: &[f64], groups: usize) -> (Vec<usize>, usize) {
    let n = x.len();
    let mut order: Vec<usize> = (0..n).collect();
    order.sort_by(|&a, &b| x[a].total_cmp(&x[b]).then(a.cmp(&b)));
    let mut distinct = 0usize;
    for (k, &i) in order.iter().enumerate() {
        if k == 0 || x[i].total_cmp(&x[order[k - 1]]).is_ne() {
            distinct += 1;
        }
    }
    let mut out = vec![0; n];
    if distinct <= groups.max(1) {
        let mut g = 0;
        for (k, &i) in order.iter().enumerate() {
            if k > 0 && x[i].total_cmp(&x[order[k - 1]]).is_ne() {
                g += 1;
            }
            out[i] = g;
        }
        return (out, distinct);
    }
    let groups = groups.max(1);
    let mut first = 0;
    for (k, &i) in order.iter().enumerate() {
        // A tie block takes the group of its first member.
        if k == 0 || x[i].total_cmp(&x[order[k - 1]]).is_ne() {
            first = k;
        }
        out[i] = first * groups / n;
    }
    (out, groups)
}

/// The usual number of groups for `n` points: about √n, between 3 and 10, so that each group
/// holds enough points for a usable mean.
pub fn default_groups(n: usize) -> usize {
    ((n as f64).sqrt().round() as usize).clamp(3, 10)
}

/// Per-group means of `y` (NaN values left out) with the mean `x` of the same points.
pub fn group_means(x: &[f64], y: &[f64], group: &[usize], groups: usize) -> Vec<GroupMean> {
    let mut sums = vec![(0.0, 0.0, 0.0, 0usize); groups];
    for ((&xi, &yi), &g) in x.iter().zip(y).zip(group) {
        if yi.is_nan() || g >= groups {
            continue;
        }
        let s = &mut sums[g];
        s.0 += xi;
        s.1 += yi;
        s.3 += 1;
    }
    let mut out: Vec<GroupMean> = sums
        .iter()
        .map(|&(sx, sy, _, n)| GroupMean {
            x: sx / n as f64,
            y: sy / n as f64,
            sd: f64::NAN,
            n,
        })
        .collect();
    for ((&yi, &g), _) in y.iter().zip(group).zip(x) {
        if yi.is_nan() || g >= groups {
            continue;
        }
        sums[g].2 += (yi - out[g].y).powi(2);
    }
    for (m, s) in out.iter_mut().zip(&sums) {
        if m.n >= 2 {
            m.sd = (s.2 / (m.n - 1) as f64).sqrt();
        }
    }
    out
}

/// The first-order index (ω²) of `y` on the groups of points `picked` (indices into `y`, a
/// point may appear several times): NaN when there is no variation or too few points.
fn omega_squared(y: &[f64], group: &[usize], groups: usize, picked: &[usize]) -> f64 {
    let mut n_g = vec![0usize; groups];
    let mut sum_g = vec![0.0; groups];
    let (mut n, mut sum) = (0usize, 0.0);
    for &i in picked {
        let (v, g) = (y[i], group[i]);
        if v.is_nan() || g >= groups {
            continue;
        }
        n_g[g] += 1;
        sum_g[g] += v;
        n += 1;
        sum += v;
    }
    let used = n_g.iter().filter(|&&c| c > 0).count();
    if used < 2 || n <= used {
        return f64::NAN;
    }
    let mean = sum / n as f64;
    let means: Vec<f64> = sum_g
        .iter()
        .zip(&n_g)
        .map(|(s, &c)| if c > 0 { s / c as f64 } else { 0.0 })
        .collect();
    let (mut ss_within, mut ss_total) = (0.0, 0.0);
    for &i in picked {
        let (v, g) = (y[i], group[i]);
        if v.is_nan() || g >= groups {
            continue;
        }
        ss_within += (v - means[g]).powi(2);
        ss_total += (v - mean).powi(2);
    }
    if ss_total.is_nan() || ss_total <= 0.0 {
        return f64::NAN;
    }
    let ss_between = (ss_total - ss_within).max(0.0);
    let ms_within = ss_within / (n - used) as f64;
    (ss_between - (used - 1) as f64 * ms_within) / (ss_total + ms_within)
}

/// A first-order sensitivity index with its 95 % bootstrap interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Index {
    /// The estimate (ω²; can be slightly negative for an input with no effect).
    pub value: f64,
    /// Lower end of the 95 % bias-corrected bootstrap interval.
    pub ci95_low: f64,
    /// Upper end of the 95 % bias-corrected bootstrap interval.
    pub ci95_high: f64,
}

/// The first-order index of `y` on the groups of an input, with a 95 % bias-corrected
/// percentile interval from `resamples` bootstrap resamples of the points (drawn from `rng`; the groups of the points
/// stay as they are). Undefined parts are NaN.
pub fn first_order_index(
    y: &[f64],
    group: &[usize],
    groups: usize,
    resamples: usize,
    rng: &mut impl Rng,
) -> Index {
    let all: Vec<usize> = (0..y.len()).collect();
    let value = omega_squared(y, group, groups, &all);
    let mut boot = Vec::with_capacity(resamples);
    let mut picked = vec![0usize; y.len()];
    for _ in 0..resamples {
        for p in picked.iter_mut() {
            *p = rng.random_range(0..y.len().max(1));
        }
        let v = omega_squared(y, group, groups, &picked);
        if v.is_finite() {
            boot.push(v);
        }
    }
    boot.sort_by(f64::total_cmp);
    let (ci95_low, ci95_high) =
        if value.is_finite() && !boot.is_empty() && boot.len() >= resamples / 2 {
            // Bias-corrected percentiles (Efron 1981): resampling duplicates points, which
            // shrinks the spread within groups and pushes the resampled indices up; the share
            // of them below the estimate measures that shift and moves both ends back.
            let below = boot.iter().filter(|&&b| b < value).count() as f64
                + 0.5 * boot.iter().filter(|&&b| b == value).count() as f64;
            let half = 0.5 / boot.len() as f64;
            let z0 = normal_quantile((below / boot.len() as f64).clamp(half, 1.0 - half));
            let z = normal_quantile(0.975);
            (
                quantile_sorted(&boot, normal_cdf(2.0 * z0 - z)),
                quantile_sorted(&boot, normal_cdf(2.0 * z0 + z)),
            )
        } else {
            (f64::NAN, f64::NAN)
        };
    Index {
        value,
        ci95_low,
        ci95_high,
    }
}

/// The standard normal distribution function, through the incomplete gamma function:
/// Φ(z) = (1 + sign(z) P(1/2, z²/2)) / 2.
pub fn normal_cdf(z: f64) -> f64 {
    if z.is_nan() {
        return f64::NAN;
    }
    let p = regularized_gamma_p(0.5, z * z / 2.0);
    if z >= 0.0 {
        0.5 + 0.5 * p
    } else {
        0.5 - 0.5 * p
    }
}

/// Where the line fitted by least squares to the points `(x, y)` crosses zero (NaN when the
/// fit is flat or there are fewer than two distinct x).
pub fn linear_root(x: &[f64], y: &[f64]) -> f64 {
    let pts: Vec<(f64, f64)> = x
        .iter()
        .zip(y)
        .filter(|(a, b)| a.is_finite() && b.is_finite())
        .map(|(&a, &b)| (a, b))
        .collect();
    if pts.len() < 2 {
        return f64::NAN;
    }
    let n = pts.len() as f64;
    let mx = pts.iter().map(|p| p.0).sum::<f64>() / n;
    let my = pts.iter().map(|p| p.1).sum::<f64>() / n;
    let sxx: f64 = pts.iter().map(|p| (p.0 - mx).powi(2)).sum();
    let sxy: f64 = pts.iter().map(|p| (p.0 - mx) * (p.1 - my)).sum();
    if sxx.is_nan() || sxx <= 0.0 || sxy == 0.0 {
        return f64::NAN;
    }
    mx - my * sxx / sxy
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::stream_rng;
    use rand::RngExt;

    #[test]
    fn groups_are_equal_by_rank_and_keep_ties_together() {
        let x = [5.0, 1.0, 3.0, 2.0, 4.0, 6.0];
        let (g, n) = rank_groups(&x, 3);
        assert_eq!(n, 3);
        assert_eq!(g, vec![2, 0, 1, 0, 1, 2]);
        let whole = [1.0, 2.0, 1.0, 2.0, 3.0];
        assert_eq!(rank_groups(&whole, 4), (vec![0, 1, 0, 1, 2], 3));
        let ties = [1.0, 1.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
        let (g, _) = rank_groups(&ties, 2);
        assert_eq!(&g[..3], &[0, 0, 0]);
    }

    #[test]
    fn index_is_one_for_a_pure_function_and_near_zero_for_noise() {
        let mut rng = stream_rng(1, 0, 0);
        let n = 200;
        let x: Vec<f64> = (0..n).map(|i| (i as f64 + 0.5) / n as f64).collect();
        let (group, groups) = rank_groups(&x, default_groups(n));
        let step: Vec<f64> = x.iter().map(|&v| if v < 0.5 { 0.0 } else { 1.0 }).collect();
        let i = first_order_index(&step, &group, groups, 200, &mut rng);
        assert!(i.value > 0.99, "{i:?}");
        let noise: Vec<f64> = (0..n).map(|_| rng.random::<f64>()).collect();
        let i = first_order_index(&noise, &group, groups, 400, &mut rng);
        assert!(
            i.value.abs() < 0.1 && i.ci95_low < 0.0 && i.ci95_high > 0.0,
            "{i:?}"
        );
    }

    #[test]
    fn root_of_a_line_and_group_means() {
        assert!((linear_root(&[0.0, 1.0, 2.0], &[-1.0, 0.0, 1.0]) - 1.0).abs() < 1e-12);
        assert!(linear_root(&[1.0, 1.0], &[0.0, 1.0]).is_nan());
        let m = group_means(
            &[1.0, 2.0, 3.0, 4.0],
            &[1.0, 3.0, 5.0, f64::NAN],
            &[0, 0, 1, 1],
            2,
        );
        assert_eq!((m[0].x, m[0].y, m[0].n), (1.5, 2.0, 2));
        assert_eq!((m[1].x, m[1].y, m[1].n), (3.0, 5.0, 1));
        assert!(m[1].sd.is_nan());
    }
}

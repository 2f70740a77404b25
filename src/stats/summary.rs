//! Streaming moments (Welford) and summaries with Student t confidence intervals.

use serde::{Deserialize, Serialize};

/// Running count, mean and sum of squared deviations (Welford's algorithm); merging two is
/// exact up to rounding, and the order of updates is fixed by the caller for reproducibility.
#[derive(Debug, Clone, Copy, Default, PartialEq, Serialize, Deserialize)]
pub struct Moments {
    /// Number of values.
    pub n: u64,
    /// Mean of the values.
    pub mean: f64,
    /// Sum of squared deviations from the mean.
    pub m2: f64,
}

impl Moments {
    /// Adds one value; NaN values are skipped (an undefined cell, e.g. no case that month).
    #[inline]
    pub fn push(&mut self, x: f64) {
        if x.is_nan() {
            return;
        }
        self.n += 1;
        let d = x - self.mean;
        self.mean += d / self.n as f64;
        self.m2 += d * (x - self.mean);
    }

    /// Sample standard deviation (NaN with fewer than two values).
    pub fn sd(&self) -> f64 {
        if self.n < 2 {
            f64::NAN
        } else {
            (self.m2 / (self.n - 1) as f64).sqrt()
        }
    }

    /// Half-width of the two-sided confidence interval of the mean at `level` (e.g. 0.95),
    /// Student t with n - 1 degrees of freedom. NaN with fewer than two values.
    pub fn ci_half_width(&self, level: f64) -> f64 {
        if self.n < 2 {
            return f64::NAN;
        }
        let t = student_t_quantile(0.5 + level / 2.0, (self.n - 1) as f64);
        t * self.sd() / (self.n as f64).sqrt()
    }
}

/// Summary of one KPI over replications.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Summary {
    /// Replications with a defined value.
    pub n: u64,
    /// Mean.
    pub mean: f64,
    /// Sample standard deviation.
    pub sd: f64,
    /// Lower end of the 95 % confidence interval of the mean.
    pub ci95_low: f64,
    /// Upper end of the 95 % confidence interval of the mean.
    pub ci95_high: f64,
    /// 10th percentile.
    pub p10: f64,
    /// Median.
    pub p50: f64,
    /// 90th percentile.
    pub p90: f64,
}

/// Mean, sd, 95 % CI and quantiles of `values` (NaN entries are ignored). Values are summed
/// in the given order, so the result is reproducible.
pub fn summarize(values: &[f64]) -> Summary {
    let mut m = Moments::default();
    for &v in values {
        m.push(v);
    }
    let mut sorted: Vec<f64> = values.iter().copied().filter(|v| !v.is_nan()).collect();
    sorted.sort_by(f64::total_cmp);
    let hw = m.ci_half_width(0.95);
    Summary {
        n: m.n,
        mean: if m.n == 0 { f64::NAN } else { m.mean },
        sd: m.sd(),
        ci95_low: m.mean - hw,
        ci95_high: m.mean + hw,
        p10: quantile_sorted(&sorted, 0.1),
        p50: quantile_sorted(&sorted, 0.5),
        p90: quantile_sorted(&sorted, 0.9),
    }
}

/// Quantile of sorted data by linear interpolation between order statistics (type 7).
pub fn quantile_sorted(sorted: &[f64], q: f64) -> f64 {
    match sorted.len() {
        0 => f64::NAN,
        1 => sorted[0],
        n => {
            let h = (n - 1) as f64 * q.clamp(0.0, 1.0);
            let lo = h.floor() as usize;
            let hi = (lo + 1).min(n - 1);
            sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
        }
    }
}

/// Standard normal quantile (Acklam's rational approximation, relative error < 1.2e-9).
pub fn normal_quantile(p: f64) -> f64 {
    const A: [f64; 6] = [
        -3.969_683_028_665_376e1,
        2.209_460_984_245_205e2,
        -2.759_285_104_469_687e2,
        1.383_577_518_672_69e2,
        -3.066_479_806_614_716e1,
        2.506_628_277_459_239,
    ];
    const B: [f64; 5] = [
        -5.447_609_879_822_406e1,
        1.615_858_368_580_409e2,
        -1.556_989_798_598_866e2,
        6.680_131_188_771_972e1,
        -1.328_068_155_288_572e1,
    ];
    const C: [f64; 6] = [
        -7.784_894_002_430_293e-3,
        -3.223_964_580_411_365e-1,
        -2.400_758_277_161_838,
        -2.549_732_539_343_734,
        4.374_664_141_464_968,
        2.938_163_982_698_783,
    ];
    const D: [f64; 4] = [
        7.784_695_709_041_462e-3,
        3.224_671_290_700_398e-1,
        2.445_134_137_142_996,
        3.754_408_661_907_416,
    ];
    let p_low = 0.02425;
    if p <= 0.0 {
        return f64::NEG_INFINITY;
    }
    if p >= 1.0 {
        return f64::INFINITY;
    }
    if p < p_low {
        let q = (-2.0 * p.ln()).sqrt();
        (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5])
            / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1.0)
    } else if p <= 1.0 - p_low {
        let q = p - 0.5;
        let r = q * q;
        (((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q
            / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1.0)
    } else {
        -normal_quantile(1.0 - p)
    }
}

/// Quantile of Student's t distribution with `df` degrees of freedom: exact closed forms for
/// 1 and 2 degrees of freedom, Hill's (1970) expansion otherwise (error < 1e-6 for df >= 3
/// at the levels used for confidence intervals).
pub fn student_t_quantile(p: f64, df: f64) -> f64 {
    if !(p > 0.0 && p < 1.0) || df.is_nan() || df <= 0.0 {
        return f64::NAN;
    }
    if df == 1.0 {
        return (std::f64::consts::PI * (p - 0.5)).tan();
    }
    if df == 2.0 {
        let a = 4.0 * p * (1.0 - p);
        return (2.0 * p - 1.0) * (2.0 / a).sqrt();
    }
    // Hill, G. W. (1970), Algorithm 396: Student's t-quantiles, CACM 13(10).
    let upper = p > 0.5;
    let p2 = 2.0 * if upper { 1.0 - p } else { p };
    let n = df;
    let a = 1.0 / (n - 0.5);
    let b = 48.0 / (a * a);
    let mut c = ((20700.0 * a / b - 98.0) * a - 16.0) * a + 96.36;
    let d = ((94.5 / (b + c) - 3.0) / b + 1.0) * (a * std::f64::consts::PI / 2.0).sqrt() * n;
    let mut x = d * p2;
    let mut y = x.powf(2.0 / n);
    let t = if y > 0.05 + a {
        x = normal_quantile(p2 * 0.5);
        y = x * x;
        if n < 5.0 {
            c += 0.3 * (n - 4.5) * (x + 0.6);
        }
        c += (((0.05 * d * x - 5.0) * x - 7.0) * x - 2.0) * x + b;
        y = (((((0.4 * y + 6.3) * y + 36.0) * y + 94.5) / c - y - 3.0) / b + 1.0) * x;
        y = (a * y * y).exp_m1();
        (n * y).sqrt()
    } else {
        y = ((1.0 / (((n + 6.0) / (n * y) - 0.089 * d - 0.822) * (n + 2.0) * 3.0)
            + 0.5 / (n + 4.0))
            * y
            - 1.0)
            * (n + 1.0)
            / (n + 2.0)
            + 1.0 / y;
        (n * y).sqrt()
    };
    if upper { t } else { -t }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn t_quantiles_match_tables() {
        // Two-sided 95 % critical values from standard tables.
        for (df, want) in [
            (1.0, 12.706_2),
            (2.0, 4.302_7),
            (3.0, 3.182_4),
            (5.0, 2.570_6),
            (10.0, 2.228_1),
            (30.0, 2.042_3),
            (199.0, 1.971_96),
        ] {
            let got = student_t_quantile(0.975, df);
            assert!((got - want).abs() < 2e-4, "df {df}: {got} vs {want}");
        }
        assert!((student_t_quantile(0.995, 9.0) - 3.249_8).abs() < 2e-4);
        assert!((student_t_quantile(0.025, 10.0) + 2.228_1).abs() < 2e-4);
    }

    #[test]
    fn welford_matches_two_pass() {
        let xs = [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0];
        let mut m = Moments::default();
        xs.iter().for_each(|&x| m.push(x));
        let mean = xs.iter().sum::<f64>() / 8.0;
        let var = xs.iter().map(|x| (x - mean).powi(2)).sum::<f64>() / 7.0;
        assert!((m.mean - mean).abs() < 1e-12);
        assert!((m.sd() - var.sqrt()).abs() < 1e-12);
        let s = summarize(&xs);
        assert_eq!(s.p50, 3.5);
        assert!(s.ci95_low < mean && mean < s.ci95_high);
    }

    #[test]
    fn one_value_has_no_interval() {
        let s = summarize(&[2.0]);
        assert_eq!(s.mean, 2.0);
        assert!(s.sd.is_nan() && s.ci95_low.is_nan());
    }
}

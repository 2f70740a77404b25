//! The arrival model of `sim::demand` fitted to monthly counts:
//! `E[count in month t] = days_per_month × base_per_day × (1 + growth)^year(t) × season[month(t)]`,
//! a log-linear Poisson model with 13 coefficients (log base, log(1 + growth), 11 log seasonal
//! contrasts against January). The season is then rescaled to average 1 (so `base_per_day` is
//! the year-0 average per working day), and intervals follow by the delta method.

use super::poisson::{PoissonError, PoissonFit, fit_log_linear};
use crate::stats::{chi_square_sf, normal_quantile};

/// Fewest consecutive months a fit accepts: two of every calendar month, so that growth
/// and season are told apart.
pub const MIN_MONTHS: usize = 24;

/// Coefficients of the model: log base, log(1 + growth), 11 seasonal contrasts.
const PARAMETERS: usize = 13;

/// One month of observed arrivals.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MonthCount {
    /// Year relative to the run's year 0 (the history's years are negative: −1 is the year
    /// before the run starts).
    pub year: i32,
    /// Calendar month, 0 = January .. 11 = December.
    pub month: u8,
    /// Arrivals counted in that month (cases).
    pub count: u64,
}

/// An estimate with its standard error on the log scale; intervals are symmetric there and
/// so always positive (for a growth rate, above −1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ParameterEstimate {
    /// Log of the multiplier (for growth: `ln(1 + growth)`).
    pub log: f64,
    /// Standard error of `log`.
    pub log_se: f64,
    /// 1 for a growth rate (value = exp(log) − 1), 0 for a rate or multiplier.
    shift: f64,
}

impl ParameterEstimate {
    /// The point estimate (same unit as the scenario field).
    pub fn value(&self) -> f64 {
        self.log.exp() - self.shift
    }
    /// Two-sided confidence interval at `level` (e.g. 0.95), Wald on the log scale.
    pub fn interval(&self, level: f64) -> (f64, f64) {
        let z = normal_quantile(0.5 + level / 2.0);
        (
            (self.log - z * self.log_se).exp() - self.shift,
            (self.log + z * self.log_se).exp() - self.shift,
        )
    }
    /// The 95 % confidence interval.
    pub fn ci95(&self) -> (f64, f64) {
        self.interval(0.95)
    }
}

/// A goodness-of-fit statistic against its chi-square reference.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GoodnessOfFit {
    /// The statistic (Pearson X² or deviance).
    pub statistic: f64,
    /// Degrees of freedom: months − 13.
    pub df: usize,
    /// `P(chi-square(df) > statistic)`: small values say the model does not fit (e.g. more
    /// month-to-month variation than Poisson arrivals, or a trend that is not geometric).
    pub p_value: f64,
}

/// The fitted demand of one case class.
#[derive(Debug, Clone, PartialEq)]
pub struct DemandFit {
    /// Arrivals per working day in year 0 of the run, averaged over the year.
    pub base_per_day: ParameterEstimate,
    /// Compound growth per year (0.05 = +5 %).
    pub growth_per_year: ParameterEstimate,
    /// Twelve multipliers, January..December, averaging 1.
    pub season: [ParameterEstimate; 12],
    /// Months of data.
    pub months: usize,
    /// Cases in the data.
    pub total: u64,
    /// Pearson X² = Σ (observed − fitted)² / fitted.
    pub pearson: GoodnessOfFit,
    /// Deviance = 2 Σ [observed ln(observed / fitted) − (observed − fitted)].
    pub deviance: GoodnessOfFit,
    /// Fitted monthly counts, in the order of the input.
    pub fitted: Vec<f64>,
}

impl DemandFit {
    /// The season as plain multipliers.
    pub fn season_values(&self) -> Vec<f64> {
        self.season.iter().map(ParameterEstimate::value).collect()
    }
}

/// Why monthly counts could not be fitted.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum CalibrationError {
    /// Fewer months than [`MIN_MONTHS`].
    #[error("{0} month(s) of data; the fit needs at least {MIN_MONTHS} consecutive months")]
    TooFewMonths(usize),
    /// No case at all: the rate is zero and has no interval.
    #[error(
        "every count is zero, so the rate cannot be estimated (write base_per_day = 0 instead)"
    )]
    AllZero,
    /// A calendar month that never has a case, so its seasonal factor would be zero.
    #[error(
        "calendar month {0} has no case in any year, so its seasonal factor cannot be estimated"
    )]
    EmptyMonth(u8),
    /// Exposure must be a positive number of working days.
    #[error("working days per month must be positive, not {0}")]
    Exposure(f64),
    /// The regression failed.
    #[error(transparent)]
    Poisson(#[from] PoissonError),
}

/// Fits base rate, growth and season to monthly counts; `days_per_month` is the exposure of
/// every month (working days, as the simulation counts them: `days_per_year / 12`).
pub fn fit_monthly_counts(
    data: &[MonthCount],
    days_per_month: f64,
) -> Result<DemandFit, CalibrationError> {
    if !(days_per_month.is_finite() && days_per_month > 0.0) {
        return Err(CalibrationError::Exposure(days_per_month));
    }
    if data.len() < MIN_MONTHS {
        return Err(CalibrationError::TooFewMonths(data.len()));
    }
    let total = data.iter().fold(0u64, |sum, d| sum.saturating_add(d.count));
    if total == 0 {
        return Err(CalibrationError::AllZero);
    }
    let mut per_month = [0u64; 12];
    for d in data {
        let m = &mut per_month[d.month as usize % 12];
        *m = m.saturating_add(d.count);
    }
    if let Some(m) = per_month.iter().position(|&c| c == 0) {
        return Err(CalibrationError::EmptyMonth(m as u8 + 1));
    }
    let design: Vec<Vec<f64>> = data
        .iter()
        .map(|d| {
            let mut row = vec![0.0; PARAMETERS];
            row[0] = 1.0;
            row[1] = d.year as f64;
            if d.month % 12 > 0 {
                row[1 + (d.month % 12) as usize] = 1.0;
            }
            row
        })
        .collect();
    let counts: Vec<f64> = data.iter().map(|d| d.count as f64).collect();
    let offsets = vec![days_per_month.ln(); data.len()];
    // Start from the flat rate: mean per day, no growth, no season; then centre the years
    // so the start is the data's own level.
    let mean_year = data.iter().map(|d| d.year as f64).sum::<f64>() / data.len() as f64;
    let mut start = vec![0.0; PARAMETERS];
    start[0] = (total as f64 / data.len() as f64 / days_per_month).ln();
    let centred: Vec<Vec<f64>> = design
        .iter()
        .map(|row| {
            let mut r = row.clone();
            r[1] -= mean_year;
            r
        })
        .collect();
    let fit = fit_log_linear(&centred, &counts, &offsets, &start)?;
    let fit = uncentre(fit, mean_year);
    Ok(summarise(&fit, data.len(), total))
}

/// Moves the intercept from the mean year back to year 0: `a0 = a − β × mean_year`.
fn uncentre(mut fit: PoissonFit, mean_year: f64) -> PoissonFit {
    let p = fit.parameters();
    fit.coefficients[0] -= fit.coefficients[1] * mean_year;
    // Cov of the linear map A = I − mean_year e0 e1'.
    let c = fit.covariance.clone();
    let at = |i: usize, j: usize| c[i * p + j];
    for i in 0..p {
        for j in 0..p {
            let mut v = at(i, j);
            if i == 0 {
                v -= mean_year * at(1, j);
            }
            if j == 0 {
                v -= mean_year * at(i, 1);
            }
            if i == 0 && j == 0 {
                v += mean_year * mean_year * at(1, 1);
            }
            fit.covariance[i * p + j] = v;
        }
    }
    fit
}

/// Renormalises the season to average 1 and attaches delta-method standard errors.
fn summarise(fit: &PoissonFit, months: usize, total: u64) -> DemandFit {
    let b = &fit.coefficients;
    let gammas: Vec<f64> = (0..12)
        .map(|m| if m == 0 { 0.0 } else { b[1 + m] })
        .collect();
    let sum_exp: f64 = gammas.iter().map(|g| g.exp()).sum();
    let log_mean = (sum_exp / 12.0).ln();
    // d log_mean / d gamma_m (January is fixed at 0).
    let weight = |m: usize| gammas[m].exp() / sum_exp;
    let se = |grad: &[f64]| -> f64 {
        let mut v = 0.0;
        for i in 0..PARAMETERS {
            for j in 0..PARAMETERS {
                v += grad[i] * fit.cov(i, j) * grad[j];
            }
        }
        v.max(0.0).sqrt()
    };
    let mut grad = vec![0.0; PARAMETERS];
    grad[0] = 1.0;
    for m in 1..12 {
        grad[1 + m] = weight(m);
    }
    let base = ParameterEstimate {
        log: b[0] + log_mean,
        log_se: se(&grad),
        shift: 0.0,
    };
    let mut grad = vec![0.0; PARAMETERS];
    grad[1] = 1.0;
    let growth = ParameterEstimate {
        log: b[1],
        log_se: se(&grad),
        shift: 1.0,
    };
    let season: [ParameterEstimate; 12] = std::array::from_fn(|j| {
        let mut grad = vec![0.0; PARAMETERS];
        for m in 1..12 {
            grad[1 + m] = -weight(m);
        }
        if j > 0 {
            grad[1 + j] += 1.0;
        }
        ParameterEstimate {
            log: gammas[j] - log_mean,
            log_se: se(&grad),
            shift: 0.0,
        }
    });
    let df = months - PARAMETERS;
    let gof = |statistic: f64| GoodnessOfFit {
        statistic,
        df,
        p_value: chi_square_sf(statistic, df as f64),
    };
    DemandFit {
        base_per_day: base,
        growth_per_year: growth,
        season,
        months,
        total,
        pearson: gof(fit.pearson),
        deviance: gof(fit.deviance),
        fitted: fit.fitted.clone(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Counts equal to their expectation (rounded) give back the parameters.
    #[test]
    fn exact_expected_counts_give_back_the_parameters() {
        let season = [1.2, 1.1, 1.0, 0.9, 0.8, 0.9, 1.0, 1.0, 1.1, 1.0, 1.0, 1.0];
        let (base, growth, days) = (400.0, 0.05, 20.0);
        let data: Vec<MonthCount> = (0..60)
            .map(|t| {
                let year = t / 12 - 5;
                let month = (t % 12) as u8;
                let mu = days * base * (1.0_f64 + growth).powi(year) * season[month as usize];
                MonthCount {
                    year,
                    month,
                    count: mu.round() as u64,
                }
            })
            .collect();
        let fit = fit_monthly_counts(&data, days).expect("fits");
        assert!((fit.base_per_day.value() / base - 1.0).abs() < 1e-3);
        assert!((fit.growth_per_year.value() - growth).abs() < 1e-3);
        for (s, want) in fit.season_values().iter().zip(season) {
            assert!((s - want).abs() < 1e-3, "{s} vs {want}");
        }
        let mean: f64 = fit.season_values().iter().sum::<f64>() / 12.0;
        assert!((mean - 1.0).abs() < 1e-12);
        assert_eq!(fit.pearson.df, 47);
        // Rounding noise only: far inside the chi-square bulk.
        assert!(fit.pearson.p_value > 0.99);
        let (lo, hi) = fit.base_per_day.ci95();
        assert!(lo < fit.base_per_day.value() && fit.base_per_day.value() < hi);
    }

    #[test]
    fn degenerate_data_is_refused_with_a_reason() {
        let month = |t: i32, count| MonthCount {
            year: t / 12 - 2,
            month: (t % 12) as u8,
            count,
        };
        let short: Vec<_> = (0..23).map(|t| month(t, 5)).collect();
        assert_eq!(
            fit_monthly_counts(&short, 20.0),
            Err(CalibrationError::TooFewMonths(23))
        );
        let zero: Vec<_> = (0..24).map(|t| month(t, 0)).collect();
        assert_eq!(
            fit_monthly_counts(&zero, 20.0),
            Err(CalibrationError::AllZero)
        );
        let no_march: Vec<_> = (0..24)
            .map(|t| month(t, if t % 12 == 2 { 0 } else { 5 }))
            .collect();
        assert_eq!(
            fit_monthly_counts(&no_march, 20.0),
            Err(CalibrationError::EmptyMonth(3))
        );
    }
}

//! Poisson regression with a log link (a log-linear model of counts), fitted by Newton's
//! method with step halving. For the canonical log link the observed and expected
//! information coincide, `X' diag(mu) X`, so its inverse is the covariance of the estimates.

/// A fitted log-linear Poisson model.
#[derive(Debug, Clone, PartialEq)]
pub struct PoissonFit {
    /// Coefficients, one per design column (log scale).
    pub coefficients: Vec<f64>,
    /// Covariance of the coefficients: the inverse observed information, `p x p` row-major.
    pub covariance: Vec<f64>,
    /// Fitted means, one per observation (counts).
    pub fitted: Vec<f64>,
    /// Deviance `2 Σ [y ln(y/μ) − (y − μ)]`.
    pub deviance: f64,
    /// Pearson statistic `Σ (y − μ)² / μ`.
    pub pearson: f64,
    /// Newton iterations used.
    pub iterations: usize,
}

impl PoissonFit {
    /// Number of coefficients.
    pub fn parameters(&self) -> usize {
        self.coefficients.len()
    }
    /// Covariance of coefficients `i` and `j`.
    pub fn cov(&self, i: usize, j: usize) -> f64 {
        self.covariance[i * self.parameters() + j]
    }
}

/// Why a Poisson regression could not be fitted.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PoissonError {
    /// Design, counts and offsets differ in length, or a row has the wrong width.
    #[error("design, counts and offsets do not match in size")]
    Shape,
    /// A count or offset is negative or not finite.
    #[error("counts must be finite and >= 0, offsets finite")]
    BadData,
    /// The information matrix is singular: some coefficient is not identified by the data.
    #[error("the model is not identified by the data (singular information matrix)")]
    Singular,
    /// Newton's method did not settle (an estimate runs off to infinity, e.g. all-zero counts
    /// for a level the model gives its own coefficient).
    #[error("the estimates did not converge (some rate is estimated as zero)")]
    NotConverged,
}

const MAX_ITER: usize = 100;

/// Fits `log E[y_i] = offset_i + design_i · β` by maximum likelihood, starting from `start`.
pub fn fit_log_linear(
    design: &[Vec<f64>],
    counts: &[f64],
    offsets: &[f64],
    start: &[f64],
) -> Result<PoissonFit, PoissonError> {
    let p = start.len();
    if design.len() != counts.len()
        || offsets.len() != counts.len()
        || design.iter().any(|row| row.len() != p)
    {
        return Err(PoissonError::Shape);
    }
    if counts.iter().any(|y| !(y.is_finite() && *y >= 0.0))
        || offsets.iter().any(|o| !o.is_finite())
    {
        return Err(PoissonError::BadData);
    }
    let mut beta = start.to_vec();
    let mut ll = log_likelihood(design, counts, offsets, &beta);
    if !ll.is_finite() {
        return Err(PoissonError::NotConverged);
    }
    for iteration in 1..=MAX_ITER {
        let (score, info) = score_and_information(design, counts, offsets, &beta);
        let chol = cholesky(&info, p).ok_or(PoissonError::Singular)?;
        let step = cholesky_solve(&chol, p, &score);
        // Step halving keeps the (concave) log-likelihood from going down.
        let mut scale = 1.0;
        let mut accepted = None;
        for _ in 0..40 {
            let trial: Vec<f64> = beta.iter().zip(&step).map(|(b, s)| b + scale * s).collect();
            let trial_ll = log_likelihood(design, counts, offsets, &trial);
            if trial_ll.is_finite() && trial_ll >= ll - 1e-12 * ll.abs().max(1.0) {
                accepted = Some((trial, trial_ll));
                break;
            }
            scale *= 0.5;
        }
        let Some((next, next_ll)) = accepted else {
            return Err(PoissonError::NotConverged);
        };
        let moved = step.iter().map(|s| (scale * s).abs()).fold(0.0, f64::max);
        beta = next;
        let gain = next_ll - ll;
        ll = next_ll;
        if moved < 1e-10 || (gain.abs() < 1e-13 * ll.abs().max(1.0) && moved < 1e-6) {
            if beta.iter().any(|b| b.abs() > 50.0) {
                return Err(PoissonError::NotConverged);
            }
            return finish(design, counts, offsets, beta, iteration);
        }
    }
    Err(PoissonError::NotConverged)
}

fn finish(
    design: &[Vec<f64>],
    counts: &[f64],
    offsets: &[f64],
    beta: Vec<f64>,
    iterations: usize,
) -> Result<PoissonFit, PoissonError> {
    let p = beta.len();
    let (_, info) = score_and_information(design, counts, offsets, &beta);
    let chol = cholesky(&info, p).ok_or(PoissonError::Singular)?;
    let mut covariance = vec![0.0; p * p];
    for j in 0..p {
        let mut e = vec![0.0; p];
        e[j] = 1.0;
        let col = cholesky_solve(&chol, p, &e);
        for i in 0..p {
            covariance[i * p + j] = col[i];
        }
    }
    let fitted: Vec<f64> = design
        .iter()
        .zip(offsets)
        .map(|(row, o)| (o + dot(row, &beta)).exp())
        .collect();
    let mut deviance = 0.0;
    let mut pearson = 0.0;
    for (y, mu) in counts.iter().zip(&fitted) {
        let term = if *y > 0.0 { y * (y / mu).ln() } else { 0.0 };
        deviance += 2.0 * (term - (y - mu));
        pearson += (y - mu) * (y - mu) / mu;
    }
    Ok(PoissonFit {
        coefficients: beta,
        covariance,
        fitted,
        deviance,
        pearson,
        iterations,
    })
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Log-likelihood without the `ln y!` constant.
fn log_likelihood(design: &[Vec<f64>], counts: &[f64], offsets: &[f64], beta: &[f64]) -> f64 {
    design
        .iter()
        .zip(counts.iter().zip(offsets))
        .map(|(row, (y, o))| {
            let eta = o + dot(row, beta);
            y * eta - eta.exp()
        })
        .sum()
}

/// Score `X'(y − μ)` and information `X' diag(μ) X` (row-major).
fn score_and_information(
    design: &[Vec<f64>],
    counts: &[f64],
    offsets: &[f64],
    beta: &[f64],
) -> (Vec<f64>, Vec<f64>) {
    let p = beta.len();
    let mut score = vec![0.0; p];
    let mut info = vec![0.0; p * p];
    for (row, (y, o)) in design.iter().zip(counts.iter().zip(offsets)) {
        let mu = (o + dot(row, beta)).exp();
        for i in 0..p {
            score[i] += row[i] * (y - mu);
            for j in 0..=i {
                info[i * p + j] += row[i] * row[j] * mu;
            }
        }
    }
    for i in 0..p {
        for j in 0..i {
            info[j * p + i] = info[i * p + j];
        }
    }
    (score, info)
}

/// Lower Cholesky factor of a symmetric positive definite matrix; `None` when it is not
/// (numerically) positive definite.
fn cholesky(a: &[f64], p: usize) -> Option<Vec<f64>> {
    let mut l = vec![0.0; p * p];
    for i in 0..p {
        for j in 0..=i {
            let mut sum = a[i * p + j];
            for k in 0..j {
                sum -= l[i * p + k] * l[j * p + k];
            }
            if i == j {
                if sum.is_nan() || sum <= 1e-12 * a[i * p + i].abs().max(1e-300) {
                    return None;
                }
                l[i * p + i] = sum.sqrt();
            } else {
                l[i * p + j] = sum / l[j * p + j];
            }
        }
    }
    Some(l)
}

/// Solves `L L' x = b`.
fn cholesky_solve(l: &[f64], p: usize, b: &[f64]) -> Vec<f64> {
    let mut y = vec![0.0; p];
    for i in 0..p {
        let mut sum = b[i];
        for k in 0..i {
            sum -= l[i * p + k] * y[k];
        }
        y[i] = sum / l[i * p + i];
    }
    let mut x = vec![0.0; p];
    for i in (0..p).rev() {
        let mut sum = y[i];
        for k in i + 1..p {
            sum -= l[k * p + i] * x[k];
        }
        x[i] = sum / l[i * p + i];
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn two_group_model_matches_the_closed_form() {
        // Group means are the MLE: intercept = ln(mean of group 0), slope = ln ratio.
        let counts = [3.0, 5.0, 4.0, 10.0, 12.0, 14.0];
        let design: Vec<Vec<f64>> = (0..6)
            .map(|i| vec![1.0, if i < 3 { 0.0 } else { 1.0 }])
            .collect();
        let fit = fit_log_linear(&design, &counts, &[0.0; 6], &[0.0, 0.0]).expect("fits");
        assert!((fit.coefficients[0] - 4.0_f64.ln()).abs() < 1e-9);
        assert!((fit.coefficients[1] - 3.0_f64.ln()).abs() < 1e-9);
        // Var(ln mean) = 1 / total count of the group.
        assert!((fit.cov(0, 0) - 1.0 / 12.0).abs() < 1e-9);
        assert!((fit.cov(1, 1) - (1.0 / 12.0 + 1.0 / 36.0)).abs() < 1e-9);
        let pearson: f64 = [3.0, 5.0, 4.0]
            .iter()
            .map(|y: &f64| (y - 4.0).powi(2) / 4.0)
            .chain(
                [10.0, 12.0, 14.0]
                    .iter()
                    .map(|y: &f64| (y - 12.0).powi(2) / 12.0),
            )
            .sum();
        assert!((fit.pearson - pearson).abs() < 1e-9);
    }

    #[test]
    fn an_all_zero_group_does_not_converge_and_a_duplicate_column_is_singular() {
        let design: Vec<Vec<f64>> = (0..4)
            .map(|i| vec![1.0, if i < 2 { 0.0 } else { 1.0 }])
            .collect();
        let zero = fit_log_linear(&design, &[3.0, 4.0, 0.0, 0.0], &[0.0; 4], &[0.0, 0.0]);
        assert_eq!(zero, Err(PoissonError::NotConverged));
        let twins: Vec<Vec<f64>> = (0..4).map(|_| vec![1.0, 1.0]).collect();
        let singular = fit_log_linear(&twins, &[3.0, 4.0, 5.0, 6.0], &[0.0; 4], &[0.0, 0.0]);
        assert_eq!(singular, Err(PoissonError::Singular));
    }
}

//! Paired comparisons over replications that share their random numbers: differences of
//! matched values and the probability that each alternative is the best.

/// `a[i] - b[i]` for matched pairs (NaN when either value is undefined); the shorter input
/// sets the length.
pub fn paired_differences(a: &[f64], b: &[f64]) -> Vec<f64> {
    a.iter().zip(b).map(|(x, y)| x - y).collect()
}

/// For alternatives whose values come in matched rows (`columns[j][i]` = alternative `j` in
/// row `i`), the share of rows in which each alternative has the best value: the smallest
/// when `lower_is_better`, else the largest. Ties split the row equally; undefined (NaN)
/// values never win; rows where no value is defined are left out. NaN for every alternative
/// when no row counts.
pub fn probability_best(columns: &[&[f64]], lower_is_better: bool) -> Vec<f64> {
    let rows = columns.iter().map(|c| c.len()).min().unwrap_or(0);
    let mut wins = vec![0.0; columns.len()];
    let mut counted = 0u64;
    let better = |x: f64, y: f64| if lower_is_better { x < y } else { x > y };
    for i in 0..rows {
        let mut best: Option<f64> = None;
        for c in columns {
            let v = c[i];
            if !v.is_nan() && best.is_none_or(|b| better(v, b)) {
                best = Some(v);
            }
        }
        let Some(best) = best else { continue };
        counted += 1;
        let tied = columns.iter().filter(|c| c[i] == best).count() as f64;
        for (w, c) in wins.iter_mut().zip(columns) {
            if c[i] == best {
                *w += 1.0 / tied;
            }
        }
    }
    if counted == 0 {
        return vec![f64::NAN; columns.len()];
    }
    wins.iter().map(|w| w / counted as f64).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ties_split_and_undefined_rows_are_left_out() {
        let a = [1.0, 2.0, 3.0, f64::NAN];
        let b = [2.0, 2.0, 1.0, f64::NAN];
        let p = probability_best(&[&a, &b], true);
        assert_eq!(p, vec![1.5 / 3.0, 1.5 / 3.0]);
        let p = probability_best(&[&a, &b], false);
        assert_eq!(p, vec![1.5 / 3.0, 1.5 / 3.0]);
        let none = probability_best(&[&[f64::NAN], &[f64::NAN]], true);
        assert!(none.iter().all(|v| v.is_nan()));
        assert_eq!(paired_differences(&a[..2], &b), vec![-1.0, 0.0]);
    }
}

//! A histogram with logarithmic bins: constant relative resolution over 34 octaves, fixed
//! memory, and no logarithm or allocation while recording (bins come from the bits of the
//! floating-point value, as in HDR histograms).

/// Sub-bins per octave as a power of two: 2^7 = 128 gives bins at most 0.55 % wide.
const SUB_BITS: u32 = 7;
const SUB: usize = 1 << SUB_BITS;
/// Smallest binary exponent with its own bins: 2^-20, about 1e-6.
const MIN_EXP: i64 = -20;
/// Largest binary exponent: values from 2^14 (about 16,000) up count as overflow.
const MAX_EXP: i64 = 14;
const BINS: usize = ((MAX_EXP - MIN_EXP) as usize) * SUB;

/// Counts of non-negative values in logarithmic bins, plus a bin for exact zeros.
#[derive(Debug, Clone, PartialEq)]
pub struct LogHistogram {
    zeros: u64,
    bins: Vec<u64>,
    overflow: u64,
    count: u64,
}

impl Default for LogHistogram {
    fn default() -> Self {
        Self::new()
    }
}

impl LogHistogram {
    /// An empty histogram.
    pub fn new() -> Self {
        LogHistogram {
            zeros: 0,
            bins: vec![0; BINS],
            overflow: 0,
            count: 0,
        }
    }

    /// Bin of a positive finite value: octave from the exponent bits, sub-bin from the top
    /// mantissa bits. Values below the first octave share bin 0.
    #[inline]
    fn bin_of(value: f64) -> usize {
        let bits = value.to_bits();
        let exp = ((bits >> 52) & 0x7ff) as i64 - 1023;
        if exp < MIN_EXP {
            return 0;
        }
        let sub = ((bits >> (52 - SUB_BITS)) as usize) & (SUB - 1);
        (exp - MIN_EXP) as usize * SUB + sub
    }

    /// Lower edge of a bin.
    fn lower_edge(bin: usize) -> f64 {
        let octave = (bin / SUB) as i32 + MIN_EXP as i32;
        let sub = (bin % SUB) as f64;
        2f64.powi(octave) * (1.0 + sub / SUB as f64)
    }

    /// Records one value; negative and NaN values count as zero.
    #[inline]
    pub fn record(&mut self, value: f64) {
        self.count += 1;
        if value.is_nan() || value <= 0.0 {
            self.zeros += 1;
            return;
        }
        match self.bins.get_mut(Self::bin_of(value)) {
            Some(c) => *c += 1,
            None => self.overflow += 1,
        }
    }

    /// Number of values recorded.
    pub fn count(&self) -> u64 {
        self.count
    }

    /// Adds another histogram's counts to this one.
    pub fn merge(&mut self, other: &LogHistogram) {
        self.zeros += other.zeros;
        self.overflow += other.overflow;
        self.count += other.count;
        for (a, b) in self.bins.iter_mut().zip(&other.bins) {
            *a += b;
        }
    }

    /// The counts in sparse form: (zeros, non-empty bins as (index, count), overflow), for
    /// saving a histogram exactly.
    pub fn to_sparse(&self) -> (u64, Vec<(u32, u64)>, u64) {
        let bins = self
            .bins
            .iter()
            .enumerate()
            .filter(|(_, c)| **c > 0)
            .map(|(i, &c)| (i as u32, c))
            .collect();
        (self.zeros, bins, self.overflow)
    }

    /// Rebuilds a histogram saved with [`LogHistogram::to_sparse`]; `None` when a bin index
    /// is out of range or the counts overflow.
    pub fn from_sparse(zeros: u64, bins: &[(u32, u64)], overflow: u64) -> Option<LogHistogram> {
        let mut h = LogHistogram::new();
        h.zeros = zeros;
        h.overflow = overflow;
        let mut count = zeros.checked_add(overflow)?;
        for &(i, c) in bins {
            let slot = h.bins.get_mut(i as usize)?;
            *slot = slot.checked_add(c)?;
            count = count.checked_add(c)?;
        }
        h.count = count;
        Some(h)
    }

    /// Fraction of recorded values strictly greater than `t` (linear within the bin that
    /// holds `t`). NaN when empty.
    pub fn fraction_above(&self, t: f64) -> f64 {
        if self.count == 0 {
            return f64::NAN;
        }
        if t < 0.0 {
            return 1.0;
        }
        if t == 0.0 {
            return (self.count - self.zeros) as f64 / self.count as f64;
        }
        let tb = Self::bin_of(t);
        let mut above = self.overflow as f64;
        for (i, &c) in self.bins.iter().enumerate().skip(tb) {
            if i == tb {
                let (lo, hi) = (Self::lower_edge(i), Self::lower_edge(i + 1));
                let share = ((hi - t) / (hi - lo)).clamp(0.0, 1.0);
                above += c as f64 * share;
            } else {
                above += c as f64;
            }
        }
        above / self.count as f64
    }

    /// The q-quantile (0..=1), interpolated linearly within its bin. NaN when empty.
    pub fn quantile(&self, q: f64) -> f64 {
        if self.count == 0 {
            return f64::NAN;
        }
        let target = q.clamp(0.0, 1.0) * self.count as f64;
        let mut seen = self.zeros as f64;
        if target <= seen {
            return 0.0;
        }
        for (i, &c) in self.bins.iter().enumerate() {
            let next = seen + c as f64;
            if c > 0 && next >= target {
                let within = (target - seen) / c as f64;
                let (lo, hi) = (Self::lower_edge(i), Self::lower_edge(i + 1));
                return lo + within * (hi - lo);
            }
            seen = next;
        }
        Self::lower_edge(BINS)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quantiles_of_uniform_grid_are_within_bin_resolution() {
        let mut h = LogHistogram::new();
        for i in 1..=10_000 {
            h.record(i as f64 / 100.0);
        }
        for q in [0.1, 0.5, 0.9, 0.99] {
            let exact = q * 100.0;
            let got = h.quantile(q);
            assert!((got / exact - 1.0).abs() < 0.011, "q{q}: {got} vs {exact}");
        }
        assert!((h.fraction_above(50.0) - 0.5).abs() < 0.006);
    }

    #[test]
    fn zeros_have_their_own_mass() {
        let mut h = LogHistogram::new();
        for _ in 0..3 {
            h.record(0.0);
        }
        h.record(2.0);
        assert_eq!(h.quantile(0.5), 0.0);
        assert!((h.fraction_above(0.0) - 0.25).abs() < 1e-12);
        assert!(h.quantile(1.0) > 1.9);
    }
}

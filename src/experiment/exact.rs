//! Exact, order-independent sums of `f64` values, and moments built on them.
//!
//! Floating-point addition is not associative, so a sum folded in another order (more
//! threads, shards merged later) can differ in the last bits. [`ExactSum`] keeps the sum as
//! a fixed-point integer wide enough for every `f64` (two's complement limbs whose position
//! grows as needed), so adding and merging are exact and the result does not depend on the
//! order at all. [`ExactMoments`] keeps exact sums of `x` and `x²` (the square split exactly
//! into two `f64` with a fused multiply-add) and rounds the mean and the sum of squared
//! deviations once, correctly, when asked. This is what makes the monthly series of a run
//! split into shards and merged byte-identical to a single run.

use serde::{Deserialize, Serialize};

use crate::stats::Moments;

/// Lowest limb position an `f64` can reach: bit 2^-1074 lies in limb -17 (2^-1088..2^-1024);
/// the low half of a square of a subnormal is flushed to this range by the FMA anyway.
const MIN_LIMB: i32 = -40;
/// Highest limb position accepted when reading a saved sum (2^(64 x 40) is far beyond any
/// sum of `f64` squares).
const MAX_LIMB: i32 = 40;

/// An exact sum of `f64` values: `sum(limbs[i] * 2^(64 * (base + i)))`, read as one two's
/// complement integer whose top limb is always a pure sign limb (all zeros or all ones).
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ExactSum {
    /// Position (in 64-bit limbs) of `limbs[0]`.
    base: i32,
    /// Little-endian two's complement limbs; empty means zero.
    limbs: Vec<u64>,
}

/// Splits a finite non-zero `f64` into (negative, integer mantissa, binary exponent of its
/// last bit): `x = ±mantissa * 2^exp`.
fn decompose(x: f64) -> (bool, u64, i32) {
    let bits = x.to_bits();
    let negative = bits >> 63 == 1;
    let exp_field = ((bits >> 52) & 0x7ff) as i32;
    let fraction = bits & ((1u64 << 52) - 1);
    if exp_field == 0 {
        (negative, fraction, -1074)
    } else {
        (negative, fraction | (1u64 << 52), exp_field - 1075)
    }
}

/// `2^e` for `e` in `-1074..=1023` (exact), 0 below and infinity above.
fn pow2(e: i32) -> f64 {
    if e > 1023 {
        f64::INFINITY
    } else if e >= -1022 {
        f64::from_bits(((e + 1023) as u64) << 52)
    } else if e >= -1074 {
        f64::from_bits(1u64 << (e + 1074))
    } else {
        0.0
    }
}

/// `mag * 2^shift` (0 <= shift < 64) as three little-endian limbs.
fn shifted(mag: u128, shift: u32) -> [u64; 3] {
    let (m0, m1) = (mag as u64, (mag >> 64) as u64);
    if shift == 0 {
        [m0, m1, 0]
    } else {
        [
            m0 << shift,
            (m1 << shift) | (m0 >> (64 - shift)),
            m1 >> (64 - shift),
        ]
    }
}

impl ExactSum {
    /// Zero.
    pub fn new() -> ExactSum {
        ExactSum::default()
    }

    /// Whether the sum is negative.
    fn is_negative(&self) -> bool {
        self.limbs.last().is_some_and(|&t| t >> 63 == 1)
    }

    fn sign_limb(&self) -> u64 {
        if self.is_negative() { u64::MAX } else { 0 }
    }

    /// Makes limbs `lo..=hi` addressable with a pure sign limb above `hi`, so adding a
    /// magnitude below `2^(64 * (hi + 1))` cannot overflow.
    fn reserve(&mut self, lo: i32, hi: i32) {
        if self.limbs.is_empty() {
            self.base = lo;
            self.limbs = vec![0; (hi - lo + 2) as usize];
            return;
        }
        if lo < self.base {
            let extra = (self.base - lo) as usize;
            self.limbs.splice(0..0, std::iter::repeat_n(0, extra));
            self.base = lo;
        }
        let sign = self.sign_limb();
        let top = self.base + self.limbs.len() as i32 - 1;
        if top < hi + 1 {
            self.limbs
                .extend(std::iter::repeat_n(sign, (hi + 1 - top) as usize));
        }
    }

    /// Restores the pure-sign top limb after an addition.
    fn fix_top(&mut self) {
        if let Some(&top) = self.limbs.last()
            && top != 0
            && top != u64::MAX
        {
            self.limbs.push(if top >> 63 == 1 { u64::MAX } else { 0 });
        }
    }

    /// Adds (or subtracts) the non-negative magnitude `mag` (little-endian limbs) placed at
    /// limb position `pos`.
    fn add_limbs(&mut self, pos: i32, mag: &[u64], subtract: bool) {
        let Some(last) = mag.iter().rposition(|&l| l != 0) else {
            return;
        };
        let mag = &mag[..=last];
        self.reserve(pos, pos + mag.len() as i32 - 1);
        let start = (pos - self.base) as usize;
        let mut carry = false;
        for (i, limb) in self.limbs.iter_mut().enumerate().skip(start) {
            let m = mag.get(i - start).copied().unwrap_or(0);
            if i - start >= mag.len() && !carry {
                break;
            }
            if subtract {
                let (d, b1) = limb.overflowing_sub(m);
                let (d, b2) = d.overflowing_sub(carry as u64);
                *limb = d;
                carry = b1 || b2;
            } else {
                let (s, c1) = limb.overflowing_add(m);
                let (s, c2) = s.overflowing_add(carry as u64);
                *limb = s;
                carry = c1 || c2;
            }
        }
        self.fix_top();
    }

    /// Adds `±mag * 2^exp`.
    fn add_scaled(&mut self, negative: bool, mag: u128, exp: i32) {
        if mag == 0 {
            return;
        }
        let pos = exp.div_euclid(64);
        let limbs = shifted(mag, exp.rem_euclid(64) as u32);
        self.add_limbs(pos, &limbs, negative);
    }

    /// Adds a finite value exactly (zero adds nothing; callers keep non-finite values out).
    pub fn add(&mut self, x: f64) {
        if x == 0.0 || !x.is_finite() {
            return;
        }
        let (negative, mantissa, exp) = decompose(x);
        self.add_scaled(negative, mantissa as u128, exp);
    }

    /// Adds another exact sum.
    pub fn merge(&mut self, other: &ExactSum) {
        let (negative, mag) = other.magnitude();
        self.add_limbs(other.base, &mag, negative);
    }

    /// Sign and magnitude limbs (positioned at `self.base`).
    fn magnitude(&self) -> (bool, Vec<u64>) {
        let negative = self.is_negative();
        if !negative {
            return (false, self.limbs.clone());
        }
        let mut carry = true;
        let mag = self
            .limbs
            .iter()
            .map(|&l| {
                let (s, c) = (!l).overflowing_add(carry as u64);
                carry = c;
                s
            })
            .collect();
        (true, mag)
    }

    /// Adds `factor * x * self_value` where `x` is a finite `f64` and `factor` a small
    /// signed integer; used to form sums of squared deviations exactly.
    fn add_product(&mut self, of: &ExactSum, x: f64, factor: i64) {
        if x == 0.0 || !x.is_finite() || factor == 0 {
            return;
        }
        let (x_negative, mantissa, exp) = decompose(x);
        let (of_negative, mag) = of.magnitude();
        let multiplier = mantissa as u128 * factor.unsigned_abs() as u128;
        // mag * multiplier, with multiplier < 2^117 split into two limbs.
        let (k0, k1) = (multiplier as u64, (multiplier >> 64) as u64);
        let mut product = vec![0u64; mag.len() + 3];
        for (shift, k) in [(0, k0), (1, k1)] {
            if k == 0 {
                continue;
            }
            let mut carry = 0u128;
            for (i, &m) in mag.iter().enumerate() {
                let t = m as u128 * k as u128 + product[i + shift] as u128 + carry;
                product[i + shift] = t as u64;
                carry = t >> 64;
            }
            let mut i = mag.len() + shift;
            while carry != 0 && i < product.len() {
                let t = product[i] as u128 + carry;
                product[i] = t as u64;
                carry = t >> 64;
                i += 1;
            }
        }
        // Multiply by 2^exp: whole limbs into the position, the rest as a bit shift.
        let pos = of.base + exp.div_euclid(64);
        let bits = exp.rem_euclid(64) as u32;
        if bits != 0 {
            let mut prev = 0u64;
            for limb in product.iter_mut() {
                let cur = *limb;
                *limb = (cur << bits) | (prev >> (64 - bits));
                prev = cur;
            }
        }
        let negative = x_negative ^ of_negative ^ (factor < 0);
        self.add_limbs(pos, &product, negative);
    }

    /// The sum rounded once to the nearest `f64` (ties to even).
    pub fn to_f64(&self) -> f64 {
        let (negative, mag) = self.magnitude();
        let v = round_magnitude(&mag, self.base, false);
        if negative { -v } else { v }
    }

    /// The sum divided by `n`, rounded once to the nearest `f64` (NaN when `n` is 0).
    pub fn div_to_f64(&self, n: u64) -> f64 {
        if n == 0 {
            return f64::NAN;
        }
        let (negative, mag) = self.magnitude();
        // Two extra limbs below keep at least 64 more quotient bits than an f64 needs.
        let mut quotient = vec![0u64; mag.len() + 2];
        let mut rem = 0u128;
        for i in (0..quotient.len()).rev() {
            let limb = if i >= 2 { mag[i - 2] } else { 0 };
            let cur = (rem << 64) | limb as u128;
            quotient[i] = (cur / n as u128) as u64;
            rem = cur % n as u128;
        }
        let v = round_magnitude(&quotient, self.base - 2, rem != 0);
        if negative { -v } else { v }
    }

    /// Checks a sum read from a file: limb positions in range.
    pub fn is_valid(&self) -> bool {
        let top = self.base as i64 + self.limbs.len() as i64;
        let in_range = self.base >= MIN_LIMB && top <= MAX_LIMB as i64 + 1;
        let pure_top = matches!(self.limbs.last(), Some(&0) | Some(&u64::MAX));
        self.limbs.is_empty() || (in_range && pure_top)
    }
}

/// Rounds the magnitude `mag * 2^(64 * base)` (plus a positive amount below its last bit
/// when `sticky`) to the nearest `f64`, ties to even.
fn round_magnitude(mag: &[u64], base: i32, sticky: bool) -> f64 {
    let Some(top_index) = mag.iter().rposition(|&l| l != 0) else {
        return 0.0;
    };
    let bit_at = |pos: i64| -> bool {
        let limb = pos.div_euclid(64) - base as i64;
        if limb < 0 || limb as usize >= mag.len() {
            return false;
        }
        (mag[limb as usize] >> pos.rem_euclid(64)) & 1 == 1
    };
    let any_below = |pos: i64| -> bool {
        // Any set bit strictly below absolute position `pos`.
        let limb = pos.div_euclid(64) - base as i64;
        if limb < 0 {
            return false;
        }
        let limb = limb as usize;
        let within = pos.rem_euclid(64) as u32;
        let full = mag.iter().take(limb.min(mag.len())).any(|&l| l != 0);
        let part = limb < mag.len() && within > 0 && mag[limb] & ((1u64 << within) - 1) != 0;
        full || part
    };
    let top = (base as i64 + top_index as i64) * 64 + 63 - mag[top_index].leading_zeros() as i64;
    if top > 1023 {
        return f64::INFINITY;
    }
    let lsb = (top - 52).max(-1074);
    let mut mantissa = 0u64;
    for pos in (lsb..=top).rev() {
        mantissa = (mantissa << 1) | bit_at(pos) as u64;
    }
    let round = bit_at(lsb - 1);
    let rest = sticky || any_below(lsb - 1);
    if round && (rest || mantissa & 1 == 1) {
        mantissa += 1;
    }
    mantissa as f64 * pow2(lsb as i32)
}

/// Count, exact sum and exact sum of squares of a stream of values; NaN values are skipped
/// (an undefined cell), infinite ones make the statistics undefined.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct ExactMoments {
    /// Values counted.
    pub n: u64,
    sum: ExactSum,
    sum_sq: ExactSum,
    /// An infinite value (or a square beyond the `f64` range) was seen.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    overflow: bool,
}

impl ExactMoments {
    /// Adds one value.
    #[inline]
    pub fn push(&mut self, x: f64) {
        if x.is_nan() {
            return;
        }
        self.n += 1;
        let square = x * x;
        if !square.is_finite() {
            self.overflow = true;
            return;
        }
        self.sum.add(x);
        self.sum_sq.add(square);
        // The rounding error of the square, exactly (an FMA computes x*x - square once).
        self.sum_sq.add(x.mul_add(x, -square));
    }

    /// Adds another accumulator (exact: the order of merges does not matter).
    pub fn merge(&mut self, other: &ExactMoments) {
        self.n += other.n;
        self.overflow |= other.overflow;
        self.sum.merge(&other.sum);
        self.sum_sq.merge(&other.sum_sq);
    }

    /// Count, mean and sum of squared deviations, each rounded once from the exact sums.
    pub fn moments(&self) -> Moments {
        if self.n == 0 {
            return Moments::default();
        }
        if self.overflow {
            return Moments {
                n: self.n,
                mean: f64::NAN,
                m2: f64::NAN,
            };
        }
        let mean = self.sum.div_to_f64(self.n);
        // sum (x - m)^2 = sum x^2 - 2 m sum x + n m^2, exactly, for the rounded mean m.
        let mut dev = self.sum_sq.clone();
        dev.add_product(&self.sum, mean, -2);
        let square = mean * mean;
        let square_error = mean.mul_add(mean, -square);
        for part in [square, square_error] {
            if part != 0.0 {
                let (negative, mantissa, exp) = decompose(part);
                dev.add_scaled(negative, mantissa as u128 * self.n as u128, exp);
            }
        }
        Moments {
            n: self.n,
            mean,
            m2: dev.to_f64().max(0.0),
        }
    }

    /// Checks an accumulator read from a file.
    pub fn is_valid(&self) -> bool {
        self.sum.is_valid() && self.sum_sq.is_valid()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn exact_of(xs: &[f64]) -> ExactSum {
        let mut s = ExactSum::new();
        xs.iter().for_each(|&x| s.add(x));
        s
    }

    #[test]
    fn sums_are_exact_and_order_free() {
        let xs = [1e20, 1.0, -1e20, 0.1, -0.3, 1e-300, 3.5, -7.25];
        let forward = exact_of(&xs).to_f64();
        let mut reversed = xs;
        reversed.reverse();
        assert_eq!(forward.to_bits(), exact_of(&reversed).to_f64().to_bits());
        // 1 + 0.1 - 0.3 + 3.5 - 7.25 (+1e-300) rounded once.
        let want = 1.0 + (0.1f64 - 0.3) + 3.5 - 7.25;
        assert!((forward - want).abs() < 1e-15, "{forward} vs {want}");
        assert_eq!(exact_of(&[0.1, 0.2]).to_f64(), 0.30000000000000004);
        assert_eq!(exact_of(&[1e308, 1e308, -1e308]).to_f64(), 1e308);
        assert_eq!(exact_of(&[5e-324, 5e-324]).to_f64(), 1e-323);
        assert_eq!(exact_of(&[-2.5]).to_f64(), -2.5);
        assert_eq!(exact_of(&[]).to_f64(), 0.0);
    }

    #[test]
    fn merge_equals_one_stream() {
        let xs: Vec<f64> = (0..500)
            .map(|i| ((i * 7919) % 1000) as f64 / 37.0 - 9.0)
            .collect();
        let whole = exact_of(&xs).to_f64();
        let mut a = exact_of(&xs[..123]);
        a.merge(&exact_of(&xs[123..400]));
        a.merge(&exact_of(&xs[400..]));
        assert_eq!(whole.to_bits(), a.to_f64().to_bits());
    }

    #[test]
    fn division_rounds_once() {
        let s = exact_of(&[1.0, 1.0]);
        assert_eq!(s.div_to_f64(3), 2.0 / 3.0);
        let s = exact_of(&[0.1, 0.1, 0.1]);
        assert_eq!(s.div_to_f64(3), 0.1);
        assert_eq!(exact_of(&[-9.0]).div_to_f64(4), -2.25);
        assert!(exact_of(&[1.0]).div_to_f64(0).is_nan());
    }

    #[test]
    fn constant_values_have_zero_spread() {
        let mut m = ExactMoments::default();
        for _ in 0..7 {
            m.push(0.1);
        }
        let s = m.moments();
        assert_eq!((s.n, s.mean, s.m2), (7, 0.1, 0.0));
    }

    #[test]
    fn moments_match_welford_closely() {
        let xs: Vec<f64> = (0..1000)
            .map(|i| 1e6 + ((i * 7919) % 1000) as f64 / 13.0)
            .collect();
        let mut e = ExactMoments::default();
        let mut w = Moments::default();
        for &x in &xs {
            e.push(x);
            w.push(x);
        }
        e.push(f64::NAN);
        let m = e.moments();
        assert_eq!(m.n, 1000);
        assert!((m.mean - w.mean).abs() <= 1e-9 * w.mean.abs());
        assert!((m.m2 - w.m2).abs() <= 1e-9 * w.m2, "{} vs {}", m.m2, w.m2);
        let mean = xs.iter().sum::<f64>() / 1000.0;
        let m2: f64 = xs.iter().map(|x| (x - mean) * (x - mean)).sum();
        assert!((m.m2 - m2).abs() <= 1e-9 * m2);
    }

    #[test]
    fn infinite_values_make_moments_undefined() {
        let mut m = ExactMoments::default();
        m.push(1.0);
        m.push(f64::INFINITY);
        assert!(m.moments().mean.is_nan());
    }
}

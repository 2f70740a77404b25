//! Queueing theory used as the reference for the simulator: Erlang C (M/M/c), Erlang A
//! (M/M/c+M, by the birth–death chain) and the M/M/1 waiting-time tail. The tests in this
//! file check the formulas themselves against closed forms and identities, so that a
//! failure in `queueing.rs` points at the simulator, not at the reference. The last tests
//! hold the crate's own quantile and tail functions (behind every interval and p-value it
//! reports) to `statrs`, the independent oracle the other test files take quantiles from.

use statrs::distribution::{ChiSquared, ContinuousCDF, Normal, StudentsT};

/// Erlang C: probability that an arrival waits in an M/M/c queue with offered load
/// `a = lambda / mu` (requires a < c). Computed from the Erlang B recursion, which is
/// numerically stable for any c.
pub fn erlang_c(c: u32, a: f64) -> f64 {
    assert!(a > 0.0 && a < c as f64, "Erlang C needs 0 < a < c");
    let mut b = 1.0; // Erlang B with 0 servers
    for k in 1..=c {
        b = a * b / (k as f64 + a * b);
    }
    let c = c as f64;
    c * b / (c - a * (1.0 - b))
}

/// Erlang B: probability that an arrival finds all `c` servers busy in an M/G/c/c loss
/// system with offered load `a = lambda E[S]` (the blocking probability; insensitive to the
/// service distribution beyond its mean). The standard stable recursion
/// B(k) = a B(k-1) / (k + a B(k-1)), B(0) = 1.
pub fn erlang_b(c: u32, a: f64) -> f64 {
    assert!(a > 0.0, "Erlang B needs a > 0");
    let mut b = 1.0;
    for k in 1..=c {
        b = a * b / (k as f64 + a * b);
    }
    b
}

/// Mean wait in queue Wq of an M/M/c queue (same time unit as 1 / mu).
pub fn mmc_mean_wait(c: u32, lambda: f64, mu: f64) -> f64 {
    erlang_c(c, lambda / mu) / (c as f64 * mu - lambda)
}

/// P(W > t) of an M/M/1 queue: rho e^{-(mu - lambda) t}, t >= 0.
pub fn mm1_wait_above(lambda: f64, mu: f64, t: f64) -> f64 {
    assert!(lambda < mu && t >= 0.0);
    lambda / mu * (-(mu - lambda) * t).exp()
}

/// Stationary quantities of the M/M/c+M (Erlang A) queue.
#[derive(Debug, Clone, Copy)]
pub struct ErlangA {
    /// Fraction of arrivals that abandon.
    pub abandon: f64,
    /// Probability that an arrival finds all servers busy (PASTA).
    pub wait: f64,
    /// Mean number in system (waiting and in service).
    pub in_system: f64,
    /// Mean number waiting.
    pub waiting: f64,
}

/// Erlang A by the birth–death chain on the number in system: birth rate lambda, death rate
/// min(n, c) mu + max(n - c, 0) theta. The chain is summed until the terms are below 1e-18
/// of the total (they decay faster than geometrically once (n - c) theta > lambda), so the
/// truncation error is far below anything a simulation can resolve.
pub fn erlang_a(c: u32, lambda: f64, mu: f64, theta: f64) -> ErlangA {
    assert!(lambda > 0.0 && mu > 0.0 && theta > 0.0);
    let c_f = c as f64;
    // Unnormalised probabilities p_n with p_0 = 1, rescaled when they grow large.
    let mut p = 1.0_f64;
    let mut total = 1.0_f64;
    let (mut busy_all, mut n_sum, mut q_sum) = (0.0_f64, 0.0_f64, 0.0_f64);
    if c == 0 {
        busy_all = 1.0;
    }
    let mut n = 0u64;
    loop {
        n += 1;
        let nf = n as f64;
        let death = nf.min(c_f) * mu + (nf - c_f).max(0.0) * theta;
        p *= lambda / death;
        total += p;
        n_sum += nf * p;
        q_sum += (nf - c_f).max(0.0) * p;
        if nf >= c_f {
            busy_all += p;
        }
        if total > 1e200 {
            let s = 1e-200;
            p *= s;
            total *= s;
            n_sum *= s;
            q_sum *= s;
            busy_all *= s;
        }
        // Past the mode and negligible: stop.
        if death > lambda && p < 1e-18 * total && nf > c_f {
            break;
        }
        assert!(n < 10_000_000, "Erlang A chain does not converge");
    }
    let waiting = q_sum / total;
    ErlangA {
        abandon: theta * waiting / lambda,
        wait: busy_all / total,
        in_system: n_sum / total,
        waiting,
    }
}

fn close(label: &str, got: f64, want: f64, tol: f64) {
    assert!(
        (got - want).abs() <= tol,
        "{label}: got {got:.12}, want {want:.12} (tolerance {tol:e})"
    );
}

fn factorial(n: u32) -> f64 {
    (1..=n).map(f64::from).product()
}

/// Erlang C by its textbook sum, independent of the recursion.
fn erlang_c_direct(c: u32, a: f64) -> f64 {
    let rho = a / c as f64;
    let head: f64 = (0..c).map(|k| a.powi(k as i32) / factorial(k)).sum();
    let tail = a.powi(c as i32) / factorial(c) / (1.0 - rho);
    tail / (head + tail)
}

#[test]
fn erlang_b_matches_the_textbook_sum() {
    // B(c, a) = (a^c / c!) / sum_{k=0}^{c} a^k / k!, summed directly for small c.
    for (c, a) in [(1u32, 0.5), (2, 1.0), (5, 4.0), (10, 7.5)] {
        let mut term = 1.0;
        let mut sum = 1.0;
        for k in 1..=c {
            term *= a / k as f64;
            sum += term;
        }
        let direct = term / sum;
        let b = erlang_b(c, a);
        assert!(
            (b - direct).abs() < 1e-12,
            "B({c}, {a}) = {b}, sum gives {direct}"
        );
    }
    // One server: B = a / (1 + a).
    assert!((erlang_b(1, 3.0) - 0.75).abs() < 1e-15);
}

#[test]
fn erlang_c_matches_closed_forms_and_the_textbook_sum() {
    // M/M/1: P(wait) = rho.
    for rho in [0.1, 0.5, 0.9, 0.99] {
        close("M/M/1 P(wait)", erlang_c(1, rho), rho, 1e-12);
    }
    // M/M/2: P(wait) = 2 rho^2 / (1 + rho).
    for rho in [0.2, 0.5, 0.8, 0.95] {
        close(
            "M/M/2 P(wait)",
            erlang_c(2, 2.0 * rho),
            2.0 * rho * rho / (1.0 + rho),
            1e-12,
        );
    }
    for (c, a) in [(5, 3.0), (10, 5.0), (10, 8.0), (10, 9.0), (20, 19.5)] {
        close(
            &format!("Erlang C c={c} a={a}"),
            erlang_c(c, a),
            erlang_c_direct(c, a),
            1e-10,
        );
    }
    // The value quoted in scenarios/validation/mmc.toml.
    close("mmc.toml comment", erlang_c(10, 9.0), 0.6687, 5e-5);
    // Wq = C / (c mu - lambda); in M/M/1 this is rho / (mu - lambda).
    close("M/M/1 Wq", mmc_mean_wait(1, 0.75, 1.0), 3.0, 1e-12);
}

#[test]
fn mm1_tail_integrates_to_the_mean_wait() {
    // E[W] = integral of P(W > t) dt; Simpson's rule on [0, 200].
    let (lambda, mu) = (0.75, 1.0);
    let steps = 20_000;
    let h = 200.0 / steps as f64;
    let mut s = mm1_wait_above(lambda, mu, 0.0) + mm1_wait_above(lambda, mu, 200.0);
    for i in 1..steps {
        let w = if i % 2 == 1 { 4.0 } else { 2.0 };
        s += w * mm1_wait_above(lambda, mu, i as f64 * h);
    }
    close(
        "integral of the M/M/1 tail",
        s * h / 3.0,
        mmc_mean_wait(1, lambda, mu),
        1e-8,
    );
}

#[test]
fn erlang_a_tends_to_erlang_c_when_nobody_leaves() {
    for (c, lambda) in [(1, 0.75), (10, 8.0), (10, 9.0)] {
        let a = erlang_a(c, lambda, 1.0, 1e-9);
        let wq = mmc_mean_wait(c, lambda, 1.0);
        close("P(wait)", a.wait, erlang_c(c, lambda), 1e-6);
        close("Lq = lambda Wq", a.waiting, lambda * wq, 1e-5);
        close("L = a + Lq", a.in_system, lambda + lambda * wq, 1e-5);
        assert!(a.abandon < 1e-8, "abandonment {} with theta ~ 0", a.abandon);
    }
}

#[test]
fn erlang_a_with_patience_equal_to_service_is_an_infinite_server_queue() {
    // theta = mu makes every death rate n mu: the number in system is Poisson(a), so
    // P(abandon) = theta E[(N - c)+] / lambda = E[(N - c)+] / a and L = a.
    for (c, a) in [(1_u32, 0.5), (5, 6.0), (10, 10.0), (10, 13.0)] {
        let got = erlang_a(c, a, 1.0, 1.0);
        let mut pmf = (-a).exp();
        let (mut excess, mut all_busy) = (0.0, 0.0);
        for n in 0..400_u32 {
            if n > 0 {
                pmf *= a / n as f64;
            }
            excess += (n as f64 - c as f64).max(0.0) * pmf;
            if n >= c {
                all_busy += pmf;
            }
        }
        close("P(abandon)", got.abandon, excess / a, 1e-12);
        close("P(all busy)", got.wait, all_busy, 1e-12);
        close("L", got.in_system, a, 1e-10);
    }
}

#[test]
fn erlang_a_is_a_flow_balance() {
    // Throughput identity: lambda (1 - P(abandon)) = mu E[min(N, c)], i.e. busy servers.
    let (c, lambda, mu, theta) = (10, 10.0, 1.0, 0.5);
    let e = erlang_a(c, lambda, mu, theta);
    let busy = e.in_system - e.waiting;
    close("throughput", lambda * (1.0 - e.abandon), mu * busy, 1e-10);
    assert!(e.abandon > 0.01 && e.abandon < 0.2, "{e:?}");
}

// ---------------------------------------------------------------------------------------
// The crate's statistics against statrs

/// Two-sided levels of the intervals the crate and its users compute.
const LEVELS: [f64; 8] = [0.5, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, 0.999];

#[test]
fn student_t_quantile_gives_intervals_their_level() {
    // What matters in a confidence interval is its level: the statrs probability below the
    // crate's quantile must be the one asked for, to the 1e-6 the crate's docs promise
    // (Hill's expansion is worst, about 7.5e-7, at 3 degrees of freedom).
    let dfs = (1..=2000).chain([5_000, 10_000, 100_000, 1_000_000]);
    let mut worst = (0.0_f64, 0, 0.0);
    for df in dfs {
        let t = StudentsT::new(0.0, 1.0, f64::from(df)).expect("a t distribution");
        for level in LEVELS {
            for p in [0.5 - level / 2.0, 0.5 + level / 2.0] {
                let q = mutasi::stats::student_t_quantile(p, f64::from(df));
                let error = (t.cdf(q) - p).abs();
                if error > worst.0 {
                    worst = (error, df, p);
                }
            }
        }
    }
    let (error, df, p) = worst;
    assert!(
        error <= 1e-6,
        "student_t_quantile({p}, {df}) sits at probability {p} +- {error:e}"
    );
}

#[test]
fn normal_quantile_matches_statrs() {
    // The bound is the one documented for Acklam's approximation: relative 1.2e-9.
    let normal = Normal::new(0.0, 1.0).expect("the standard normal");
    let grid = (1..2000).map(|k| f64::from(k) / 2000.0);
    let tails = (2..15).flat_map(|e| {
        let p = 10_f64.powi(-e);
        [p, 1.0 - p]
    });
    for p in grid.chain(tails).filter(|&p| p != 0.5) {
        let want = normal.inverse_cdf(p);
        let got = mutasi::stats::normal_quantile(p);
        assert!(
            ((got - want) / want).abs() <= 1.2e-9,
            "normal_quantile({p}) = {got:.15}, statrs {want:.15}"
        );
    }
    assert_eq!(mutasi::stats::normal_quantile(0.5), 0.0);
}

#[test]
fn chi_square_tail_matches_statrs() {
    // Goodness-of-fit p-values from near 1 down to 1e-11, each to ten significant digits,
    // at statistics from a thousandth of the degrees of freedom to 64 times them.
    let mut checked = 0;
    for df in [1.0, 1.5, 2.0, 3.0, 5.0, 10.0, 30.0, 100.0, 300.0, 1000.0] {
        let chi2 = ChiSquared::new(df).expect("a chi-square distribution");
        for k in -20..=12 {
            let x = df * 2_f64.powf(f64::from(k) / 2.0);
            let want = chi2.sf(x);
            if want < 1e-11 {
                continue;
            }
            let got = mutasi::stats::chi_square_sf(x, df);
            assert!(
                ((got - want) / want).abs() <= 1e-10,
                "chi_square_sf({x}, {df}) = {got:e}, statrs {want:e}"
            );
            checked += 1;
        }
    }
    assert!(checked > 250, "only {checked} points checked");
}

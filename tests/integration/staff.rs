//! Staff as individuals: the learning ramp and field fit, absence, stress and burnout,
//! retirement, resignation and hiring, checked against hand computation, queueing theory
//! and the model's own hazards.

use mutasi::sim::policy::{Freeze, OrgView, PolicySetup, Reason, TransferOrder};
use mutasi::sim::{Kpi, Metric, Model, ReplicationResult};

use super::transfers::kit::{Scripted, assert_ci_contains, ci, model, run};

/// One replication under a policy that never moves anyone.
fn frozen(model: &Model, seed: u64, replication: u64) -> ReplicationResult {
    run(
        model,
        &mut Freeze,
        &PolicySetup::default(),
        seed,
        replication,
    )
}

/// Learning ramp `1 - (1 - r0) exp(-t / tau)`.
fn ramp(r0: f64, tau_hours: f64, t: f64) -> f64 {
    1.0 - (1.0 - r0) * (-t / tau_hours).exp()
}

/// Integral of the ramp over [a, b] (hours of standard work done).
fn ramp_integral(r0: f64, tau: f64, a: f64, b: f64) -> f64 {
    (b - a) - (1.0 - r0) * tau * ((-a / tau).exp() - (-b / tau).exp())
}

/// Quiet people: no absence, no stress, nobody leaves.
const QUIET: &str = r#"
[absence]
kinds = []
[stress]
sustainable_load = 3.0
full_strain_load = 4.0
burnout_base_per_year = 0.0
[workpace]
speedup_max = 0.0
overtime_hours_per_week = 0.0
[attrition]
quit_per_year = 0.0
quit_per_year_burned_out = 0.0
"#;

/// A `[[units]]` block of one post and no demand of its own (1-hour cases, SLA 5 days) in
/// `field`, held as `staffing` says (`people = [...]` or `staff = 0`).
fn idle_unit(name: &str, field: &str, staffing: &str) -> String {
    format!(
        r#"
[[units]]
name = "{name}"
field = "{field}"
positions = 1
{staffing}
sla_days = 5
demand = {{ base_per_day = 0.0 }}
service = {{ kind = "deterministic", hours = 1.0 }}
"#
    )
}

/// The scenario `name`: one newcomer of `performance` (arrived at time 0) at the idle unit
/// `units[0]` and an empty idle unit `units[1]`, each `(name, field)`; quiet people, moves
/// ordered at any time, half a month's notice and never resisted; `extra` tables added.
fn one_mover(
    name: &str,
    horizon_years: f64,
    units: [(&str, &str); 2],
    performance: f64,
    extra: &str,
) -> String {
    let person = format!("people = [{{ years_at_post = 0.0, performance = {performance:?} }}]");
    format!(
        r#"name = "{name}"
horizon_years = {horizon_years:?}
{QUIET}
{extra}
[transfers]
min_years_at_post = 0.0
notice_months = 0.5

[transfers.resistance]
base_logit = -50.0
{}{}"#,
        idle_unit(units[0].0, units[0].1, &person),
        idle_unit(units[1].0, units[1].1, "staff = 0"),
    )
}

/// A newcomer (arrived at time 0) works at `fit x ramp`: same field (r0 0.55, tau 0.7 x 2.5
/// months), related field (fit 0.85, tau 2.5 months) and unrelated field (fit 0.6, r0 0.5,
/// tau 1.6 x 2.5 months), read from the month-end productivity series; under saturation
/// the cases completed follow the integral of the ramp.
#[test]
fn newcomers_follow_the_learning_ramp() {
    let text = format!(
        r#"name = "ramp"
horizon_years = 1.0
{QUIET}
[competence]
related = [["adminduk", "public_service"]]
{}{}{}
[[units]]
name = "busy"
field = "adminduk"
positions = 1
people = [{{ years_at_post = 0.0 }}]
sla_days = 5
demand = {{ base_per_day = 120.0 }}
service = {{ kind = "deterministic", hours = 0.25 }}
"#,
        idle_unit("same", "adminduk", "people = [{ years_at_post = 0.0 }]"),
        idle_unit(
            "related",
            "public_service",
            r#"people = [{ years_at_post = 0.0, field = "adminduk" }]"#
        ),
        idle_unit(
            "unrelated",
            "health",
            r#"people = [{ years_at_post = 0.0, field = "adminduk" }]"#
        ),
    );
    let model = model(&text);
    let res = frozen(&model, 5, 0);
    let hpm = model.hours_per_month;
    // (fit, r0, tau in hours) of each unit.
    let expected = [
        (1.0, 0.55, 0.7 * 2.5 * hpm),
        (0.85, 0.55, 2.5 * hpm),
        (0.6, 0.5, 1.6 * 2.5 * hpm),
        (1.0, 0.55, 0.7 * 2.5 * hpm),
    ];
    for (u, &(fit, r0, tau)) in expected.iter().enumerate() {
        for m in 0..model.months {
            let t = (m + 1) as f64 * hpm;
            let want = fit * ramp(r0, tau, t);
            let got = res.series.value(Metric::ProductivityMean, u, m);
            assert!(
                (got - want).abs() < 1e-12,
                "unit {u} month {m}: productivity {got}, ramp gives {want}"
            );
        }
    }
    // The busy unit is saturated from its first minutes: cumulative completions equal the
    // standard work the ramp allows, divided by 0.25 h per case, to within the case in
    // hand and the first arrival's wait.
    let (_, r0, tau) = expected[3];
    let mut done = 0.0;
    for m in 0..model.months {
        done += res.series.value(Metric::Completions, 3, m);
        let t = (m + 1) as f64 * hpm;
        let want = ramp_integral(r0, tau, 0.0, t) / 0.25;
        assert!(
            (done - want).abs() <= 2.0,
            "month {m}: {done} cases completed, the ramp allows {want:.1}"
        );
    }
    // Without the ramp the first month alone would see 600 cases; it sees far fewer.
    assert!(res.series.value(Metric::Completions, 3, 0) < 480.0);
}

/// A move restarts the ramp with the destination's fit and a breadth bonus; coming back to
/// a field served before starts higher, by the experience retained (0.9 per month away).
#[test]
fn moves_restart_the_ramp_with_breadth_and_retained_experience() {
    check_moves(1.0, 0.025);
}

/// The breadth bonus goes to people at or above average performance only ([R66]: no gain
/// for low performers); below it a move changes fit and ramp but adds no bonus.
#[test]
fn a_below_average_performer_gains_no_breadth_bonus() {
    check_moves(0.95, 0.0);
}

/// One person of the given `performance` moves away and back; productivity each month is
/// performance x fit x (1 + `bonus` once a second field is served) x ramp.
fn check_moves(performance: f64, bonus: f64) {
    let text = one_mover(
        "ramp-moves",
        1.5,
        [("home", "adminduk"), ("away", "health")],
        performance,
        "[workforce.hiring]\nbackfill_transfers = false",
    );
    let mut model = model(&text);
    model.log_transfers = true;
    // Away at the end of month 3 (index 2), back at the end of month 9 (index 8).
    fn step(_: &mut (), org: &OrgView<'_>, _: &mut dyn rand::Rng) -> Vec<TransferOrder> {
        let to = match org.month() {
            2 => 1,
            8 => 0,
            _ => return Vec::new(),
        };
        vec![TransferOrder {
            staff: 0,
            to_unit: to,
            reason: Reason::Custom,
            train_first: false,
            temporary_weeks: None,
        }]
    }
    let mut policy = Scripted::new((), 10, step);
    let res = policy.run(&model, 3, 0);
    assert_eq!(res.transfers.len(), 2);
    assert!(res.transfers.iter().all(|t| t.outcome == "accepted"));
    let hpm = model.hours_per_month;
    let transit = 5.0 * model.hours_per_day;
    // Order at 3 months, notice half a month, five days' transit.
    let left_home = 3.0 * hpm + 0.5 * hpm;
    let at_away = left_home + transit;
    let left_away = 9.0 * hpm + 0.5 * hpm;
    let back_home = left_away + transit;
    let retained = 0.9_f64.powf((back_home - left_home) / hpm);
    let r0_back = 0.55 + 0.45 * retained;
    let mut loss = 0.0;
    for m in 0..model.months {
        let t = (m + 1) as f64 * hpm;
        let (unit, want_ramp, fit) = if t < left_home {
            (0, ramp(0.55, 0.7 * 2.5 * hpm, t), 1.0)
        } else if t < left_away {
            assert!(t > at_away);
            // Unrelated field: r0 0.5, tau x 1.6, fit 0.6, plus the bonus for a second field.
            (
                1,
                ramp(0.5, 1.6 * 2.5 * hpm, t - at_away),
                0.6 * (1.0 + bonus),
            )
        } else {
            assert!(t > back_home);
            (
                0,
                ramp(r0_back, 0.7 * 2.5 * hpm, t - back_home),
                1.0 + bonus,
            )
        };
        let want = performance * fit * want_ramp;
        let got = res.series.value(Metric::ProductivityMean, unit, m);
        assert!(
            (got - want).abs() < 1e-12,
            "month {m} at unit {unit}: productivity {got}, expected {want}"
        );
        assert!(
            res.series
                .value(Metric::ProductivityMean, 1 - unit, m)
                .is_nan(),
            "month {m}: nobody at the other unit"
        );
        loss += 1.0 - want_ramp;
    }
    let got = res.kpi(Kpi::LearningLossFteMonths);
    assert!(
        (got - loss).abs() < 1e-9,
        "learning loss {got}, expected {loss}"
    );
    assert_eq!(res.kpi(Kpi::TransfersDone), 2.0);
    assert_eq!(res.kpi(Kpi::FieldsPerStaff), 2.0);
}

/// Rotation between posts of one field builds breadth where the scenario says so (the
/// Gorontalo health office rotates "to learn in different positions"): a person moved
/// between two puskesmas (both field `health`) works at the destination 1.025 times as fast
/// as the same person in the same run without `breadth_across_posts`, if at or above average
/// performance; below it, no faster ([R66]).
#[test]
fn rotation_between_posts_of_a_field_builds_breadth_where_configured() {
    for (performance, gain) in [(1.0, 1.025), (0.95, 1.0)] {
        let with = post_rotation_productivity(performance, r#"breadth_across_posts = ["health"]"#);
        let without = post_rotation_productivity(performance, "");
        assert_eq!(with.len(), without.len());
        assert!(!with.is_empty(), "the person reached the second puskesmas");
        for (m, (a, b)) in with.iter().zip(&without).enumerate() {
            assert!(
                (a / b - gain).abs() < 1e-12,
                "performance {performance}, month {m} at the second post: {a} vs {b}, expected x{gain}"
            );
        }
    }
}

/// Month-end productivity at the second puskesmas of one person of `performance` moved there
/// at the end of month 3, with `competence` lines added to `[competence]`.
fn post_rotation_productivity(performance: f64, competence: &str) -> Vec<f64> {
    let text = one_mover(
        "post-rotation",
        1.0,
        [("pkm_a", "health"), ("pkm_b", "health")],
        performance,
        &format!("[competence]\n{competence}"),
    );
    let model = model(&text);
    fn step(_: &mut (), org: &OrgView<'_>, _: &mut dyn rand::Rng) -> Vec<TransferOrder> {
        if org.month() != 2 {
            return Vec::new();
        }
        vec![TransferOrder::new(0, 1, Reason::Custom)]
    }
    let mut policy = Scripted::new((), 10, step);
    let res = policy.run(&model, 3, 0);
    (0..model.months)
        .map(|m| res.series.value(Metric::ProductivityMean, 1, m))
        .filter(|v| v.is_finite())
        .collect()
}

/// Field fit scales the service rate: one long-tenured person of field `health`, exponential
/// work of 1 h, arrivals 0.4 per hour, no absence or stress. The unit is an M/M/1 queue
/// with mu = fit: the mean wait matches `rho / (mu - lambda)` for a unit of the same field
/// (fit 1), a related field (0.85) and an unrelated field (0.6), 99 % CI over replications
/// (Bonferroni over the three).
#[test]
fn fit_scales_the_service_rate_of_an_mm1_queue() {
    let lambda = 0.4;
    let reps = 150;
    for (field, fit) in [("health", 1.0), ("nursing", 0.85), ("education", 0.6)] {
        // Nursing is related to health (the pair is only listed where a unit uses it).
        let related = if field == "nursing" {
            r#"related = [["health", "nursing"]]"#
        } else {
            ""
        };
        let text = format!(
            r#"name = "fit"
horizon_years = 2.0
warmup_years = 0.25
{QUIET}
[competence]
{related}

[[units]]
name = "puskesmas"
field = "{field}"
positions = 1
people = [{{ field = "health", years_at_post = 20.0, age = 50.0 }}]
sla_days = 5
demand = {{ base_per_day = 3.0 }}
service = {{ kind = "exponential", mean_hours = 1.0 }}
"#
        );
        let model = model(&text);
        let rho = lambda / fit;
        let wq_days = rho / (fit - lambda) / model.hours_per_day;
        let waits: Vec<f64> = (0..reps)
            .map(|r| frozen(&model, 17, r).kpi(Kpi::WaitDaysMean))
            .collect();
        let (mean, half) = ci(&format!("fit {fit}"), &waits, 1.0 - 0.01 / 3.0);
        eprintln!("fit {fit}: mean wait {mean:.4} +- {half:.4} days, M/M/1 {wq_days:.4}");
        assert!(
            (mean - wq_days).abs() <= half,
            "fit {fit}: wait {mean:.4} +- {half:.4} days vs M/M/1 with mu = {fit}: {wq_days:.4}"
        );
        assert!(half < 0.1 * wq_days, "fit {fit}: CI too wide ({half})");
    }
}

/// Absence takes away the configured share of time: absent days / days per year (53 of 240
/// by default, twice that where `absence_factor = 2`), and a saturated unit completes work
/// in proportion to the time its people are present.
#[test]
fn absence_lowers_capacity_by_the_configured_share() {
    let text = r#"
name = "absence"
horizon_years = 1.25
warmup_years = 0.25
[stress]
sustainable_load = 3.0
full_strain_load = 4.0
burnout_base_per_year = 0.0
[workpace]
speedup_max = 0.0
overtime_hours_per_week = 0.0
[attrition]
quit_per_year = 0.0
quit_per_year_burned_out = 0.0

[[units]]
name = "normal"
positions = 20
staff = 20
sla_days = 5
demand = { base_per_day = 0.0 }
service = { kind = "deterministic", hours = 1.0 }

[[units]]
name = "remote"
positions = 20
staff = 20
absence_factor = 2.0
sla_days = 5
demand = { base_per_day = 0.0 }
service = { kind = "deterministic", hours = 1.0 }

[[units]]
name = "busy"
positions = 8
people = [
  { years_at_post = 10.0 }, { years_at_post = 10.0 }, { years_at_post = 10.0 }, { years_at_post = 10.0 },
  { years_at_post = 10.0 }, { years_at_post = 10.0 }, { years_at_post = 10.0 }, { years_at_post = 10.0 },
]
sla_days = 5
demand = { base_per_day = 300.0 }
service = { kind = "deterministic", hours = 0.25 }
"#;
    let model = model(text);
    let reps = 20;
    let results: Vec<ReplicationResult> = (0..reps).map(|r| frozen(&model, 23, r)).collect();
    let measured = model.first_measured_month..model.months;
    let months = measured.len() as f64;
    let days_absent = 53.0;
    let days = model.scenario.calendar.days_per_year;
    // Idle units: staff never busy, so absence is exactly the alternating process.
    for (u, factor) in [(0, 1.0), (1, 2.0)] {
        let rates: Vec<f64> = results
            .iter()
            .map(|r| {
                measured
                    .clone()
                    .map(|m| r.series.value(Metric::AbsenceRate, u, m))
                    .sum::<f64>()
                    / months
            })
            .collect();
        assert_ci_contains(
            &format!("absence rate x{factor}"),
            &rates,
            factor * days_absent / days,
            0.01,
        );
    }
    // The saturated unit: an absence spell starting during a case begins when the case
    // ends, so a spell S loses a uniform part R of the 0.25 h case: E[(S - R)+] =
    // s^2 / w (1 - exp(-w / s)) for an exponential spell of mean s.
    let w = 0.25;
    let hpd = model.hours_per_day;
    let absent_hours_per_year: f64 = model
        .scenario
        .absence
        .kinds
        .iter()
        .map(|k| {
            let s = k.spell_days * hpd;
            k.days_per_year / k.spell_days * s * s / w * (1.0 - (-w / s).exp())
        })
        .sum();
    let availability = 1.0 - absent_hours_per_year / model.hours_per_year;
    let staff = 8.0;
    let expected = staff * model.hours_per_month * availability / w;
    let mut throughput = Vec::new();
    for r in &results {
        let (mut done, mut present) = (0.0, 0.0);
        for m in measured.clone() {
            done += r.series.value(Metric::Completions, 2, m);
            let rate = r.series.value(Metric::AbsenceRate, 2, m);
            assert_eq!(r.series.value(Metric::Utilization, 2, m), 1.0, "saturated");
            present += staff * model.hours_per_month * (1.0 - rate);
        }
        // Work done = present hours, to within the cases in hand at both ends.
        assert!(
            (done - present / w).abs() <= 2.0 * staff,
            "{done} cases in {present:.1} present hours"
        );
        throughput.push(done / months);
    }
    assert_ci_contains(
        "saturated throughput per month",
        &throughput,
        expected,
        0.02 * expected,
    );
    // Without absence the same unit would do 1 / availability times as much.
    assert!(expected < 0.8 * staff * model.hours_per_month / w);
}

/// Stress follows strain with its time constants and never leaves [0, 1]: three people
/// overloaded for six months (130 % of their capacity, so busy all month: full strain) gain
/// exactly `1 - exp(-m / rise_months)`; once relieved it falls month by month by at least
/// `exp(-1 / recovery_months)`; fatigue lowers productivity by exactly `fatigue x stress`; a
/// lightly loaded unit never gains any.
#[test]
fn stress_is_bounded_rises_under_overload_and_falls_when_relieved() {
    let scenario = |shock: &str, per_day: f64| {
        format!(
            r#"name = "stress"
horizon_years = 2.0
[absence]
kinds = []
[stress]
burnout_base_per_year = 0.0
[attrition]
quit_per_year = 0.0
quit_per_year_burned_out = 0.0

[[units]]
name = "kantor"
positions = 3
people = [{{ years_at_post = 10.0 }}, {{ years_at_post = 10.0 }}, {{ years_at_post = 10.0 }}]
sla_days = 5
demand = {{ base_per_day = {per_day:?}{shock} }}
service = {{ kind = "deterministic", hours = 0.5 }}
"#
        )
    };
    // 3 people serve 45 cases a day; 58.5 a day is 130 % for six months, then 13 %.
    let over = model(&scenario(
        ", shocks = [{ start_year = 0.5, end_year = 2.0, multiplier = 0.1 }]",
        58.5,
    ));
    let light = model(&scenario("", 5.85));
    let s = &over.scenario.stress;
    let (rise, recovery, fatigue) = (s.rise_months, s.recovery_months, s.fatigue);
    for r in 0..6 {
        let res = frozen(&over, 31, r);
        let stress: Vec<f64> = (0..over.months)
            .map(|m| res.series.value(Metric::StressMean, 0, m))
            .collect();
        for (m, &x) in stress.iter().enumerate() {
            assert!((0.0..=1.0).contains(&x), "rep {r} month {m}: stress {x}");
            let p = res.series.value(Metric::ProductivityMean, 0, m);
            assert!(
                (p - (1.0 - fatigue * x)).abs() < 1e-9,
                "rep {r} month {m}: productivity {p} at stress {x}"
            );
        }
        for (m, &x) in stress.iter().enumerate().take(6) {
            let expected = 1.0 - (-((m + 1) as f64) / rise).exp();
            assert!(
                (x - expected).abs() < 1e-9,
                "rep {r} month {m}: stress {x} under full strain, expected {expected}"
            );
        }
        // The backlog of the overload clears within the seventh month; from then on stress
        // only falls, by at least the recovery factor a month.
        let keep = (-1.0 / recovery).exp();
        for m in 7..stress.len() {
            assert!(
                stress[m] <= stress[m - 1] * keep + 1e-12,
                "rep {r} month {m}: stress {} after {}",
                stress[m],
                stress[m - 1]
            );
        }
        assert!(stress[over.months - 1] < 0.1, "rep {r}: stress at the end");

        let calm = frozen(&light, 31, r);
        for m in 0..light.months {
            assert_eq!(calm.series.value(Metric::StressMean, 0, m), 0.0);
        }
    }
}

/// Burnout is a risk, not a threshold: among people under full strain for two years the
/// monthly onsets match the hazard of `burnout_base_per_year` with the odds times
/// `burnout_odds_ratio` per 0.2 of sustained load above the sustainable level, and among
/// people never strained the base hazard, each within its family-wise 99 % CI.
#[test]
fn burnout_onsets_follow_the_calibrated_hazard() {
    let scenario = |per_day: f64| {
        format!(
            r#"name = "burnout"
horizon_years = 4.0
warmup_years = 2.0
[absence]
kinds = []
[workforce]
age_range = [25.0, 30.0]
[workforce.hiring]
enabled = false
[stress]
burnout_base_per_year = 0.1
burnout_odds_ratio = 2.0
burnout_recovery_months = 3.0
[attrition]
quit_per_year = 0.0
quit_per_year_burned_out = 0.0

[[units]]
name = "kantor"
positions = 200
staff = 200
sla_days = 5
demand = {{ base_per_day = {per_day:?} }}
service = {{ kind = "deterministic", hours = 7.5 }}
patience = {{ kind = "exponential", mean_hours = 7.5 }}
"#
        )
    };
    let level = super::support::bonferroni(super::support::FAMILY_LEVEL, 2);
    // 200 people serve 200 day-long cases a day: 400 a day keeps them busy all the time.
    for (label, per_day) in [("full strain", 400.0), ("no strain", 2.0)] {
        let model = model(&scenario(per_day));
        let s = &model.scenario.stress;
        let monthly = |p: f64| 1.0 - (1.0 - p).powf(1.0 / 12.0);
        let ratios: Vec<f64> = (0..16)
            .map(|r| {
                let res = frozen(&model, 61, r);
                let mut expected = 0.0;
                for m in model.first_measured_month..model.months {
                    let v = |metric, month| res.series.value(metric, 0, month);
                    let at_risk =
                        v(Metric::StaffAssigned, m - 1) * (1.0 - v(Metric::BurnedOut, m - 1));
                    let stress = v(Metric::StressMean, m);
                    expected += at_risk * monthly(s.burnout_per_year(stress));
                }
                res.kpi(Kpi::Burnouts) / expected
            })
            .collect();
        super::support::assert_mean_matches(label, &ratios, 1.0, level, 0.15);
    }
    // The calibration itself: at full strain the odds are OR^(0.3 / 0.2) times the base odds.
    let s = mutasi::scenario::StressSpec {
        burnout_base_per_year: 0.1,
        burnout_odds_ratio: 2.0,
        ..Default::default()
    };
    let odds = |p: f64| p / (1.0 - p);
    let ratio = odds(s.burnout_per_year(1.0)) / odds(s.burnout_per_year(0.0));
    assert!(
        (ratio - 2.0_f64.powf(1.5)).abs() < 1e-9,
        "odds ratio {ratio}"
    );
}

/// People who reach the retirement age leave at that month's end; their places are filled
/// after the hiring delay (or after the next annual intake); every month the books balance:
/// initial + hires so far - earlier exits = staff on the books.
#[test]
fn retirements_and_hires_keep_the_books() {
    let scenario = |recruitment_month: u8| {
        format!(
            r#"name = "pensiun"
horizon_years = 2.0
{QUIET}
[workforce.hiring]
delay_months = 2.5
recruitment_month = {recruitment_month}

[[units]]
name = "kantor"
positions = 6
people = [
  {{ age = 57.55 }}, {{ age = 30.0 }}, {{ age = 57.55 }}, {{ age = 30.0 }}, {{ age = 57.55 }}, {{ age = 30.0 }},
]
sla_days = 5
demand = {{ base_per_day = 2.0 }}
service = {{ kind = "exponential", mean_hours = 0.5 }}
"#
        )
    };
    // Age 57.55 reaches 58 during month 6 (index 5): retired at its end (hour 900). A
    // continuous hire starts 2.5 months later (hour 1275, month index 8); with an annual
    // intake in March the vacancies wait for the end of month index 14 (March of year 2),
    // then 2.5 months (hour 2625, month index 17).
    for (recruitment_month, hire_month) in [(0u8, 8usize), (3, 17)] {
        let model = model(&scenario(recruitment_month));
        let res = frozen(&model, 41, 0);
        assert!(res.headcount_conserved);
        assert_eq!(res.kpi(Kpi::Retirements), 3.0);
        assert_eq!(res.kpi(Kpi::Hires), 3.0);
        let (mut hires, mut exits) = (0.0, 0.0);
        for m in 0..model.months {
            let s = |metric| res.series.value(metric, 0, m);
            assert_eq!(
                s(Metric::Exits),
                if m == 5 { 3.0 } else { 0.0 },
                "month {m}"
            );
            assert_eq!(
                s(Metric::Hires),
                if m == hire_month { 3.0 } else { 0.0 },
                "month {m}"
            );
            hires += s(Metric::Hires);
            assert_eq!(
                s(Metric::StaffAssigned),
                6.0 + hires - exits,
                "month {m}: books"
            );
            exits += s(Metric::Exits);
        }
    }
}

/// Resignations follow the monthly hazard of the annual probability among the people on
/// the books, and every vacancy is filled exactly after the hiring delay.
#[test]
fn resignations_follow_the_hazard_and_are_replaced() {
    let text = r#"
name = "resign"
horizon_years = 3.0
[workforce]
age_range = [25.0, 45.0]
[workforce.hiring]
delay_months = 1.5
[stress]
sustainable_load = 3.0
full_strain_load = 4.0
burnout_base_per_year = 0.0
[workpace]
speedup_max = 0.0
overtime_hours_per_week = 0.0
[attrition]
quit_per_year = 0.2
quit_per_year_burned_out = 0.2

[[units]]
name = "a"
positions = 10
staff = 10
sla_days = 5
demand = { base_per_day = 5.0 }
service = { kind = "exponential", mean_hours = 0.5 }

[[units]]
name = "b"
positions = 12
staff = 10
sla_days = 5
demand = { base_per_day = 5.0 }
service = { kind = "exponential", mean_hours = 0.5 }
"#;
    let model = model(text);
    let hazard = 1.0 - 0.8_f64.powf(1.0 / 12.0);
    let mut excess = Vec::new();
    for r in 0..40 {
        let res = frozen(&model, 53, r);
        assert!(res.headcount_conserved);
        let mut on_books = 0.0;
        for u in 0..2 {
            let (mut hires, mut exits) = (0.0, 0.0);
            for m in 0..model.months {
                let s = |metric| res.series.value(metric, u, m);
                hires += s(Metric::Hires);
                assert_eq!(
                    s(Metric::StaffAssigned),
                    10.0 + hires - exits,
                    "rep {r} unit {u} month {m}"
                );
                exits += s(Metric::Exits);
                on_books += s(Metric::StaffAssigned);
                // Hired 1.5 months after each exit, into the place it left.
                let due = if m >= 2 {
                    res.series.value(Metric::Exits, u, m - 2)
                } else {
                    0.0
                };
                assert_eq!(s(Metric::Hires), due, "rep {r} unit {u} month {m}");
            }
        }
        excess.push(res.kpi(Kpi::Attrition) - hazard * on_books);
    }
    // Mean 0 in expectation; about 20 resignations per replication, so a hazard off by a
    // fifth would move the mean by 4.
    assert_ci_contains("resignations - hazard x person-months", &excess, 0.0, 2.5);
}

/// A vacancy is filled even when the hiring delay is shorter than the case the leaver
/// finishes: with no delay, the three people retiring while busy are replaced.
#[test]
fn vacancies_of_busy_leavers_are_filled() {
    let text = format!(
        r#"name = "busy-retire"
horizon_years = 1.0
{QUIET}
[workforce.hiring]
delay_months = 0.0

[[units]]
name = "kantor"
positions = 3
people = [{{ age = 57.55 }}, {{ age = 57.55 }}, {{ age = 57.55 }}]
sla_days = 5
demand = {{ base_per_day = 30.0 }}
service = {{ kind = "deterministic", hours = 2.0 }}
"#
    );
    let model = model(&text);
    let res = frozen(&model, 61, 0);
    assert!(res.headcount_conserved);
    assert_eq!(res.kpi(Kpi::Retirements), 3.0);
    assert_eq!(
        res.kpi(Kpi::Hires),
        3.0,
        "three retirements, three hires (delay 0)"
    );
    for m in 6..model.months {
        assert_eq!(
            res.series.value(Metric::StaffAssigned, 0, m),
            3.0,
            "month {m}: the unit is staffed again"
        );
    }
}

/// Support measures act on retention and attendance, not only on resistance: an allowance
/// for remote posts lowers requests to leave them and resignations from them (fewer people
/// move away on request and fewer resign, paired over common random numbers); paid
/// conditional on presence it also removes `conditional_attendance_effect` of the unit's
/// extra absence, and paid unconditionally it removes none.
#[test]
fn allowances_keep_people_in_remote_posts_and_conditional_pay_raises_attendance() {
    let text = |extra: &str| {
        format!(
            r#"name = "retention"
horizon_years = 6.0
warmup_years = 1.0
[experiment]
replications = 24
[workforce]
new_hire_lock_years = 0.0
age_range = [25.0, 40.0]
[stress]
burnout_base_per_year = 0.0
[attrition]
quit_per_year = 0.05

[[units]]
name = "terpencil"
remoteness = 2
absence_factor = 2.0
positions = 40
staff = 40
sla_days = 5
demand = {{ base_per_day = 10.0 }}
service = {{ kind = "exponential", mean_hours = 1.0 }}

[[units]]
name = "kota"
positions = 200
staff = 10
sla_days = 5
demand = {{ base_per_day = 2.0 }}
service = {{ kind = "exponential", mean_hours = 1.0 }}
{extra}"#
        )
    };
    let policies = r#"
[[policies]]
name = "status_quo"
kind = "status_quo"

[[policies]]
name = "allowance"
kind = "status_quo"
support = { allowance_premium = [0.0, 0.0, 0.4] }

[[policies]]
name = "conditional"
kind = "status_quo"
support = { allowance_premium = [0.0, 0.0, 0.4], allowance_conditional_on_presence = true }
"#;
    let s = super::support::scenario_from_toml(&text(policies));
    let r = mutasi::experiment::Experiment::new(&s)
        .expect("model builds")
        .threads(2)
        .run()
        .expect("runs");
    let kpi = |p: &str, k| r.policy(p).expect("ran").values(k);
    let level = super::support::bonferroni(super::support::FAMILY_LEVEL, 4);
    let z = super::support::normal_quantile(0.5 + level / 2.0);
    let paired_drop = |k: Kpi| {
        let (a, b) = (kpi("status_quo", k), kpi("allowance", k));
        let d: Vec<f64> = a.iter().zip(&b).map(|(x, y)| x - y).collect();
        let m = super::support::moments(k.name(), &d);
        (m.mean, z * m.sd() / (m.n as f64).sqrt())
    };
    // Requests granted by the status quo are the moves here.
    let (d, hw) = paired_drop(Kpi::TransfersDone);
    assert!(
        d - hw > 0.0,
        "moves away on request fewer by {d:.2} ± {hw:.2}"
    );
    let (d, hw) = paired_drop(Kpi::Attrition);
    assert!(d - hw > 0.0, "resignations fewer by {d:.2} ± {hw:.2}");

    // Attendance: a single remote unit, nobody moves, absence twice the organisation's.
    let one_unit = |support: &str| {
        format!(
            r#"name = "attendance"
horizon_years = 3.0
warmup_years = 0.5
[experiment]
replications = 16
[stress]
burnout_base_per_year = 0.0
[attrition]
quit_per_year = 0.0
quit_per_year_burned_out = 0.0
[transfers.requests]
base_per_year = 0.0
per_remoteness = 0.0
per_stress = 0.0

[[units]]
name = "terpencil"
remoteness = 2
absence_factor = 2.0
positions = 60
staff = 60
sla_days = 5
demand = {{ base_per_day = 10.0 }}
service = {{ kind = "exponential", mean_hours = 1.0 }}

[[policies]]
name = "status_quo"
kind = "status_quo"
support = {{ allowance_premium = [0.0, 0.0, 0.4]{support} }}
"#
        )
    };
    let days: f64 = mutasi::scenario::AbsenceSpec::default()
        .kinds
        .iter()
        .map(|k| k.days_per_year)
        .sum();
    for (support, factor) in [
        ("", 2.0),
        (", allowance_conditional_on_presence = true", 1.5),
    ] {
        let s = super::support::scenario_from_toml(&one_unit(support));
        let effect = s.retention.conditional_attendance_effect;
        let expected_factor = if support.is_empty() {
            2.0
        } else {
            1.0 + (2.0 - 1.0) * (1.0 - effect)
        };
        assert_eq!(expected_factor, factor, "the default effect is one half");
        let r = mutasi::experiment::Experiment::new(&s)
            .expect("model builds")
            .threads(2)
            .run()
            .expect("runs");
        let absence = r
            .policy("status_quo")
            .expect("ran")
            .values(Kpi::AbsenceRate);
        let expected = days * factor / s.calendar.days_per_year;
        super::support::assert_mean_matches(
            &format!("absence share with allowance{support}"),
            &absence,
            expected,
            level,
            0.01,
        );
    }
}

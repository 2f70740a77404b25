//! The built-in policies: who periodic rotation orders, when planned moves happen, whether
//! needs-based rebalancing and complaint-triggered moves do what they promise, the exact
//! competence-match assignment, and support measures; plus random orders on random
//! scenarios with exits and hiring.

use std::collections::HashMap;

use mutasi::experiment::{Experiment, ExperimentResult};
use mutasi::scenario::Scenario;
use mutasi::sim::policy::{PolicySetup, assign, assign_within_budget, build};
use mutasi::sim::{Kpi, Metric, Model, ReplicationResult};
use proptest::prelude::*;

use crate::support::property_config;

use super::transfers::kit::{Recorder, assert_mean_above_zero, model, run, scenario};
use super::transfers::{paired, random_dynamic_scenarios_keep_invariants};

/// Runs the scenario's policy number `policy` (built from its `[[policies]]` entry) once,
/// with the transfer log on, recording every review.
fn recorded(model: &Model, policy: usize, seed: u64) -> (ReplicationResult, Recorder) {
    let mut model = model.clone();
    model.log_transfers = true;
    let spec = &model.scenario.policies[policy];
    let mut rec = Recorder::new(build(spec, &model));
    let res = run(
        &model,
        &mut rec,
        &PolicySetup::from_spec(spec, &model),
        seed,
        0,
    );
    (res, rec)
}

/// Every policy of a scenario over `replications` on one thread.
fn experiment(s: &Scenario, replications: u64, seed: u64) -> ExperimentResult {
    Experiment::new(s)
        .expect("valid scenario")
        .threads(1)
        .replications(replications)
        .seed(seed)
        .run()
        .expect("the experiment runs")
}

/// Acceptance rate (1 - resisted / ordered) of each replication.
fn acceptance(kpis: &[[f64; Kpi::COUNT]]) -> Vec<f64> {
    kpis.iter()
        .map(|k| {
            let resisted = k[Kpi::TransfersAppealed as usize]
                + k[Kpi::TransfersRefused as usize]
                + k[Kpi::TransferQuits as usize];
            1.0 - resisted / k[Kpi::TransfersOrdered as usize]
        })
        .collect()
}

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
[transfers.resistance]
base_logit = -50.0
[transfers.requests]
base_per_year = 0.0
per_remoteness = 0.0
per_stress = 0.0
"#;

fn people(years: &[f64]) -> String {
    let list: Vec<String> = years
        .iter()
        .map(|y| format!("{{ years_at_post = {y:?} }}"))
        .collect();
    format!("[{}]", list.join(", "))
}

/// An idle unit (no demand) with the listed people; `extra` holds further TOML lines.
fn idle_unit(name: &str, years: &[f64], extra: &str) -> String {
    format!(
        "[[units]]\nname = \"{name}\"\npeople = {}\n{extra}sla_days = 5\ndemand = {{ base_per_day = 0.0 }}\nservice = {{ kind = \"exponential\", mean_hours = 1.0 }}\n",
        people(years)
    )
}

/// A quiet four-year scenario with one periodic rotation every 2.5 years (minimum 2 years at
/// post); `policy` holds the rotation's further lines. The units have no demand, so the
/// planner's guards (which would send nobody to a unit with no need) are switched off: these
/// tests are about who rotates and where.
fn rotation_scenario(policy: &str, units: &str) -> String {
    format!(
        "name = \"tour\"\nbaseline = \"rotation\"\nhorizon_years = 4.0\n{QUIET}\n[transfers]\nmin_years_at_post = 2.0\n\n\
         [[policies]]\nname = \"rotation\"\nkind = \"periodic_rotation\"\nevery_years = 2.5\n\
         donor_max_ej = 1e9\nreceiver_margin = 1e9\n{policy}\n{units}"
    )
}

/// At each yearly epoch, periodic rotation orders exactly the people in scope whose years at
/// post reach both the tour of duty (2.5 years) and their unit's minimum (2, or 4 at unit
/// c), with no order pending; never anyone out of scope, never into an out-of-scope unit.
/// Eligibility is tracked here from the listed years at post and the moves made.
#[test]
fn periodic_rotation_orders_exactly_the_eligible() {
    let ab = [0.5, 1.0, 1.5, 2.0, 2.5, 3.0, 4.5, 6.0];
    let wide = "positions = 30\n";
    let units = [
        idle_unit("a", &ab, wide),
        idle_unit("b", &ab, wide),
        idle_unit(
            "c",
            &[1.0, 2.0, 2.5, 3.5, 5.0],
            "positions = 30\nmin_years_at_post = 4.0\n",
        ),
        idle_unit("d", &[5.0, 6.0], wide),
    ];
    let text = rotation_scenario(
        "units = [\"a\", \"b\", \"c\"]\n\
         review = { every_months = 12, start_month = 12, max_moves_per_review = 100 }",
        &units.concat(),
    );
    let model = model(&text);
    let (res, rec) = recorded(&model, 0, 1);
    let hpy = model.hours_per_year;
    let scope = [true, true, true, false];
    let min_years = [2.0, 2.0, 4.0, 2.0];
    // (unit, arrival time) of every person, from the listed years at post.
    let mut track: Vec<(usize, f64)> = model
        .units
        .iter()
        .enumerate()
        .flat_map(|(u, m)| {
            m.people.iter().map(move |p| {
                let years = p.years_at_post.expect("the test lists years at post");
                (u, -years * hpy)
            })
        })
        .collect();
    let transit = model.hours_per_month + 5.0 * model.hours_per_day;
    let months: Vec<usize> = rec.reviews.iter().map(|r| r.month).collect();
    assert_eq!(months, vec![11, 23, 35, 47], "yearly reviews");
    let mut total = 0;
    for (k, review) in rec.reviews.iter().enumerate() {
        let now = review.now;
        let mut expected: Vec<u32> = track
            .iter()
            .enumerate()
            .filter(|(_, (u, arrived))| {
                let years = (now - arrived) / hpy;
                scope[*u] && *arrived <= now && years + 1e-9 >= 2.5_f64.max(min_years[*u])
            })
            .map(|(id, _)| id as u32)
            .collect();
        expected.sort();
        let mut ordered: Vec<u32> = review.orders.iter().map(|o| o.staff).collect();
        ordered.sort();
        assert_eq!(ordered, expected, "review {k} at month {}", review.month);
        if k == 0 {
            // Six of a and six of b (1.5 years and more), two of c (3.5 and more).
            assert_eq!(ordered.len(), 14);
        }
        for o in &review.orders {
            let (from, _) = track[o.staff as usize];
            let to = o.to_unit as usize;
            assert!(scope[to] && to != from, "order {o:?} from unit {from}");
            track[o.staff as usize] = (to, now + transit);
        }
        total += review.orders.len();
    }
    assert!(
        total > 14,
        "people rotate again in later tours: {total} orders"
    );
    assert_eq!(res.transfers.len(), total);
    assert!(res.transfers.iter().all(|t| t.outcome == "accepted"));
    // Orders of the last review (at the horizon) are still pending at the end.
    let last = rec.reviews.last().unwrap().orders.len();
    assert_eq!(res.kpi(Kpi::TransfersDone), (total - last) as f64);
}

/// `destination = "swap"`: the posts the rotating people leave are re-dealt among them, so
/// at every review each unit sends out exactly as many people as it receives, nobody is sent
/// to their own unit, and (with resistance off) every order is carried out; at most the
/// review's cap rotate. Units are full, so `best_fit` could not move anyone here.
#[test]
fn periodic_rotation_swap_keeps_every_headcount() {
    let full = |name: &str, field: &str, years: &[f64]| {
        let extra = format!("field = \"{field}\"\npositions = {}\n", years.len());
        idle_unit(name, years, &extra)
    };
    let units = [
        full("a", "law", &[3.0, 3.0, 4.0, 0.5]),
        full("b", "health", &[3.0, 5.0, 1.0]),
        full("c", "finance", &[6.0, 2.0]),
    ];
    let text = rotation_scenario(
        "destination = \"swap\"\n\
         review = { every_months = 12, start_month = 12, max_moves_per_review = 5 }",
        &units.concat(),
    );
    let model = model(&text);
    let (res, rec) = recorded(&model, 0, 3);
    // Unit of every person (ids follow the units' lists), moved as orders are carried out
    // (all are: resistance is off, and a year passes between reviews).
    let mut unit_of: Vec<usize> = model
        .units
        .iter()
        .enumerate()
        .flat_map(|(u, m)| m.people.iter().map(move |_| u))
        .collect();
    let mut total = 0;
    for (k, review) in rec.reviews.iter().enumerate() {
        assert!(review.orders.len() <= 5, "review {k}: cap of 5");
        let mut net = [0i64; 3];
        for o in &review.orders {
            let from = unit_of[o.staff as usize];
            assert_ne!(from, o.to_unit as usize, "review {k}: {o:?} stays home");
            net[from] -= 1;
            net[o.to_unit as usize] += 1;
        }
        assert_eq!(net, [0, 0, 0], "review {k}: headcounts kept");
        for o in &review.orders {
            unit_of[o.staff as usize] = o.to_unit as usize;
        }
        total += review.orders.len();
    }
    assert!(
        rec.reviews[0].orders.len() >= 4,
        "the first tour moves people between full units: {:?}",
        rec.reviews[0].orders
    );
    assert!(res.transfers.iter().all(|t| t.outcome == "accepted"));
    assert_eq!(res.transfers.len(), total);
}

/// Planned moves go out at the end of the stated month (the log's 1-based month says so)
/// and arrive after the notice and transit; a move that would break a rule is blocked and
/// logged with its rule (a full destination, too few years at post), never forced.
#[test]
fn planned_moves_happen_at_the_stated_month_or_are_blocked() {
    let unit = |name: &str, positions: u32, list: &str| {
        format!(
            "[[units]]\nname = \"{name}\"\npositions = {positions}\npeople = {list}\nsla_days = 5\ndemand = {{ base_per_day = 0.0 }}\nservice = {{ kind = \"exponential\", mean_hours = 1.0 }}\n"
        )
    };
    let text = format!(
        r#"name = "plan"
baseline = "plan"
horizon_years = 1.5
{QUIET}
[transfers]
notice_months = 0.5

[[policies]]
name = "plan"
kind = "planned_moves"
moves = [
  {{ month = 5, from = "a", to = "b", count = 2 }},
  {{ month = 7, from = "a", to = "c" }},
  {{ month = 9, from = "d", to = "a" }},
]

{}{}{}{}"#,
        unit("a", 8, &people(&[3.0; 8])),
        unit("b", 10, &people(&[3.0; 4])),
        unit("c", 3, &people(&[3.0; 3])),
        unit("d", 4, &people(&[0.5, 0.5]))
    );
    let model = model(&text);
    let (res, rec) = recorded(&model, 0, 2);
    // The policy orders at the end of the stated (1-based) month, i.e. after month index
    // month - 1 closes.
    let issued: Vec<(usize, u32)> = rec
        .reviews
        .iter()
        .flat_map(|r| r.orders.iter().map(move |o| (r.month, o.to_unit)))
        .collect();
    assert_eq!(
        issued,
        vec![(4, 1), (4, 1), (6, 2), (8, 0)],
        "orders at the ends of months 5, 7 and 9"
    );
    let log: Vec<(usize, u32, u32, &str)> = res
        .transfers
        .iter()
        .map(|t| (t.month, t.from, t.to, t.outcome.as_str()))
        .collect();
    assert_eq!(
        log,
        vec![
            (5, 0, 1, "accepted"),
            (5, 0, 1, "accepted"),
            (7, 0, 2, "blocked:headcount"),
            (9, 3, 0, "blocked:min_years_at_post"),
        ],
        "transfer log (month, from, to, outcome)"
    );
    // Ordered at hour 750, half a month's notice, five days' transit: arrival at hour
    // 862.5, in month index 5.
    let s = |metric, u, m| res.series.value(metric, u, m);
    assert_eq!(s(Metric::TransfersDone, 1, 5), 2.0);
    assert_eq!(res.kpi(Kpi::TransfersDone), 2.0);
    assert_eq!(res.kpi(Kpi::RuleViolationsPrevented), 2.0);
    assert_eq!(s(Metric::StaffAssigned, 0, 4), 8.0);
    assert_eq!(s(Metric::StaffAssigned, 0, 5), 6.0);
    assert_eq!(s(Metric::StaffAssigned, 1, 5), 6.0);
    for m in 0..model.months {
        assert_eq!(s(Metric::StaffAssigned, 2, m), 3.0);
        assert_eq!(s(Metric::StaffAssigned, 3, m), 2.0);
    }
}

/// Workload analysis rebalances: on an organisation with one overloaded unit (EJ 1.6), one
/// with a surplus (EJ 0.5) and one balanced, needs-based moves lower the spread of EJ and
/// of utilization across units compared with the status quo, paired over replications
/// with common random numbers (99 % CI of the paired difference below 0).
#[test]
fn needs_based_lowers_the_spread_of_workload() {
    let unit = |name: &str, staff: u32, per_day: f64| {
        format!(
            "[[units]]\nname = \"{name}\"\npositions = 10\nstaff = {staff}\nsla_days = 5\ndemand = {{ base_per_day = {per_day:?} }}\nservice = {{ kind = \"exponential\", mean_hours = 2.0 }}\n"
        )
    };
    // Required FTE = per_day x 240 x 2 / 1250: 8, 4 and 6.
    let text = format!(
        r#"name = "imbalance"
horizon_years = 3.0
warmup_years = 1.0
[transfers]
min_years_at_post = 1.0

[[policies]]
name = "status_quo"
kind = "status_quo"

[[policies]]
name = "needs_based"
kind = "needs_based"
moves_per_trigger = 2

{}{}{}"#,
        unit("padat", 5, 8.0 * 1250.0 / 480.0),
        unit("sepi", 8, 4.0 * 1250.0 / 480.0),
        unit("sedang", 6, 6.0 * 1250.0 / 480.0)
    );
    let s = scenario(&text);
    let result = experiment(&s, 20, 77);
    let (sq, nb) = (&result.policies[0].kpis, &result.policies[1].kpis);
    // Needs-based moves people, mostly during the warm-up year.
    let series = &result.policies[1].series;
    let moved: f64 = (0..series.months())
        .map(|m| {
            series
                .cell(Metric::TransfersDone, series.rows() - 1, m)
                .mean
        })
        .sum();
    assert!(
        moved >= 2.0,
        "needs-based moved {moved} people per replication"
    );
    for kpi in [Kpi::EjCv, Kpi::UtilizationCv] {
        let diffs = paired(sq, nb, kpi);
        assert_mean_above_zero(&format!("{} status_quo - needs_based", kpi.name()), &diffs);
    }
}

/// The scenario of the complaint surge: complaints at the counter quadruple from year 1
/// (40 to 160 a month); two offices with people of the same background.
fn surge_scenario(name: &str, policy: &str) -> String {
    surge_scenario_until(name, policy, 2.5)
}

/// [`surge_scenario`] with the complaint surge ending at `end_year`.
fn surge_scenario_until(name: &str, policy: &str, end_year: f64) -> String {
    format!(
        r#"name = "surge"
horizon_years = 2.5
baseline = "{name}"
[transfers]
min_years_at_post = 1.0
[attrition]
quit_per_year = 0.0
quit_per_year_burned_out = 0.0

[[policies]]
name = "{name}"
kind = "complaint_triggered"
donor_max_ej = 1e9
receiver_margin = 1e9
{policy}

[[units]]
name = "loket"
field = "adminduk"
positions = 10
people = [{{ years_at_post = 3.0 }}, {{ years_at_post = 3.0 }}, {{ years_at_post = 3.0 }}]

[[units.cases]]
class = "request"
sla_days = 2
demand = {{ base_per_day = 8.0 }}
service = {{ kind = "exponential", mean_hours = 0.5 }}

[[units.cases]]
class = "complaint"
sla_days = 2
demand = {{ base_per_day = 2.0, shocks = [{{ start_year = 1.0, end_year = {end_year:?}, multiplier = 4.0 }}] }}
service = {{ kind = "exponential", mean_hours = 0.5 }}

[[units]]
name = "kantor1"
field = "adminduk"
positions = 10
people = [{{ years_at_post = 3.0 }}, {{ years_at_post = 3.0 }}, {{ years_at_post = 3.0 }}, {{ years_at_post = 3.0 }}, {{ years_at_post = 3.0 }}, {{ years_at_post = 3.0 }}]
sla_days = 2
demand = {{ base_per_day = 5.0 }}
service = {{ kind = "exponential", mean_hours = 0.5 }}

[[units]]
name = "kantor2"
field = "adminduk"
positions = 10
people = [{{ years_at_post = 3.0 }}, {{ years_at_post = 3.0 }}, {{ years_at_post = 3.0 }}, {{ years_at_post = 3.0 }}, {{ years_at_post = 3.0 }}, {{ years_at_post = 3.0 }}]
sla_days = 2
demand = {{ base_per_day = 5.0 }}
service = {{ kind = "exponential", mean_hours = 0.5 }}
"#
    )
}

/// Complaint-triggered moves react within one review: with an absolute threshold the alert
/// fires at the end of the first month whose complaints exceed it and orders staff to the
/// counter at once; with a relative surge and quarterly reviews, the first review after
/// the surge begins does. Nothing is ordered to the counter before.
#[test]
fn complaint_triggered_reacts_within_one_review() {
    for seed in 0..4 {
        // Absolute threshold: alert at the month the threshold is crossed.
        let m = model(&surge_scenario(
            "alert",
            "threshold = 100.0\nmoves_per_trigger = 2",
        ));
        let (res, rec) = recorded(&m, 0, seed);
        let crossed = (0..m.months)
            .find(|&k| res.series.value(Metric::Complaints, 0, k) > 100.0)
            .expect("the surge crosses the threshold");
        assert_eq!(
            crossed, 12,
            "seed {seed}: the surge starts in month index 12"
        );
        let first = rec
            .reviews
            .iter()
            .find(|r| r.orders.iter().any(|o| o.to_unit == 0))
            .expect("orders to the counter");
        assert_eq!(
            (first.month, first.alert),
            (crossed, true),
            "seed {seed}: the alert at the crossing orders the moves"
        );
        assert_eq!(first.orders.len(), 2, "seed {seed}: moves per trigger");
        let moved = res
            .transfers
            .iter()
            .filter(|t| t.to == 0 && t.reason == "complaint_triggered")
            .filter(|t| !t.outcome.starts_with("blocked"))
            .count();
        assert!(moved >= 2, "seed {seed}: {moved} orders passed");

        // Relative surge (1.5 x the earlier months), reviewed quarterly (month indices 2,
        // 5, 8, 11, 14...): the review of month index 14 is the first to see it.
        let m = model(&surge_scenario("surge", "moves_per_trigger = 2"));
        let (_, rec) = recorded(&m, 0, seed);
        let first = rec
            .reviews
            .iter()
            .find(|r| r.orders.iter().any(|o| o.to_unit == 0))
            .expect("orders to the counter");
        assert_eq!(
            (first.month, first.alert),
            (14, false),
            "seed {seed}: first review after the surge"
        );
    }
}

/// The camat's temporary assignment (the surge policy with `temporary_weeks`): it lends
/// people to the counter once its complaints surge, transfers nobody, and sends them home
/// once complaints fall back, long before the longest period it allows; with
/// `select_by = "performance"` the best performers go first (person 8 of kantor1, then 7).
#[test]
fn temporary_assignment_lends_on_a_surge_and_recalls_when_it_clears() {
    let performances = "people = [{ years_at_post = 3.0, performance = 0.8 }, { years_at_post = 3.0, performance = 0.9 }, { years_at_post = 3.0, performance = 1.0 }, { years_at_post = 3.0, performance = 1.1 }, { years_at_post = 3.0, performance = 1.2 }, { years_at_post = 3.0, performance = 1.3 }]";
    let plain = "people = [{ years_at_post = 3.0 }, { years_at_post = 3.0 }, { years_at_post = 3.0 }, { years_at_post = 3.0 }, { years_at_post = 3.0 }, { years_at_post = 3.0 }]";
    let policy = "temporary_weeks = 40\nmoves_per_trigger = 2\nselect_by = \"performance\"\nreview = { every_months = 1, start_month = 1, max_moves_per_review = 10 }";
    // The surge lasts the first quarter of year 2 (month indices 12-14).
    let text = surge_scenario_until("piket", policy, 1.25).replacen(plain, performances, 1);
    let m = model(&text);
    let longest = 40.0 * 5.0 * m.hours_per_day;
    for seed in 0..3 {
        let (res, _) = recorded(&m, 0, seed);
        let lent: Vec<_> = res
            .transfers
            .iter()
            .filter(|t| t.outcome == "lent")
            .collect();
        assert!(lent.len() >= 2, "seed {seed}: {:?}", res.transfers);
        assert!(
            res.transfers
                .iter()
                .all(|t| t.reason != "complaint_triggered"),
            "seed {seed}: nobody is transferred"
        );
        let first: Vec<u32> = lent.iter().take(2).map(|t| t.staff).collect();
        assert_eq!(first, vec![8, 7], "seed {seed}: best performers first");
        for t in &lent {
            assert!(t.month >= 13, "seed {seed}: lent in month {}", t.month);
            let back = t.closed_hour.expect("every loan ended") - t.hour;
            assert!(
                back < longest / 2.0,
                "seed {seed}: back after {:.0} working days, not at the surge's end",
                back / m.hours_per_day
            );
        }
    }
}

/// Total objective of an assignment as `assign` defines it: scaled fit, +1 per person who
/// stays, -penalty per move.
fn objective(fit: &[Vec<f64>], home: &[usize], to: &[usize], penalty: i64) -> i64 {
    to.iter()
        .enumerate()
        .map(|(i, &u)| (fit[i][u] * 1e6).round() as i64 + if u == home[i] { 1 } else { -penalty })
        .sum()
}

/// Scaled fit of an assignment.
fn total_fit(fit: &[Vec<f64>], to: &[usize]) -> i64 {
    objective(fit, &vec![usize::MAX; to.len()], to, 0)
}

fn moves(home: &[usize], to: &[usize]) -> usize {
    home.iter().zip(to).filter(|(h, t)| h != t).count()
}

/// Every assignment of people to distinct slots, as the unit of each person.
fn all_assignments(people: usize, slots: &[usize]) -> Vec<Vec<usize>> {
    fn go(
        i: usize,
        slots: &[usize],
        used: &mut Vec<bool>,
        cur: &mut Vec<usize>,
        out: &mut Vec<Vec<usize>>,
        n: usize,
    ) {
        if i == n {
            out.push(cur.clone());
            return;
        }
        for j in 0..slots.len() {
            if !used[j] {
                used[j] = true;
                cur.push(slots[j]);
                go(i + 1, slots, used, cur, out, n);
                cur.pop();
                used[j] = false;
            }
        }
    }
    let mut out = Vec::new();
    go(
        0,
        slots,
        &mut vec![false; slots.len()],
        &mut Vec::new(),
        &mut out,
        people,
    );
    out
}

/// True when `to` uses each slot at most once.
fn fits_slots(to: &[usize], slots: &[usize]) -> bool {
    let mut left: HashMap<usize, i64> = HashMap::new();
    for &s in slots {
        *left.entry(s).or_default() += 1;
    }
    to.iter().all(|u| {
        let n = left.entry(*u).or_default();
        *n -= 1;
        *n >= 0
    })
}

/// A small assignment problem: fit of each person at each unit, homes, slots (each home
/// once per person plus free places).
#[derive(Debug, Clone)]
struct Problem {
    fit: Vec<Vec<f64>>,
    home: Vec<usize>,
    slots: Vec<usize>,
}

fn problem() -> impl Strategy<Value = Problem> {
    (1usize..=6, 2usize..=4, any::<bool>()).prop_flat_map(|(n, units, levels)| {
        let value = if levels {
            prop::sample::select(vec![0.6, 0.85, 1.0]).boxed()
        } else {
            (0.3..1.0f64).boxed()
        };
        (
            prop::collection::vec(prop::collection::vec(value, units), n),
            prop::collection::vec(0..units, n),
            prop::collection::vec(0..units, 0..=(7 - n).min(3)),
        )
            .prop_map(|(fit, home, extra)| {
                let mut slots = home.clone();
                slots.extend(extra);
                Problem { fit, home, slots }
            })
    })
}

proptest! {
    #![proptest_config(property_config(128))]

    /// `assign` is the exact optimum of its penalised objective (brute force over every
    /// assignment to distinct slots); `assign_within_budget` respects the budget, is the
    /// free optimum when that fits the budget, and is never beaten by a penalised optimum
    /// that fits the budget.
    #[test]
    fn competence_match_assignment_equals_brute_force(
        p in problem(),
        penalty in prop::sample::select(vec![0i64, 1, 150_000, 400_000, 2_000_000]),
        budget in 0usize..=6,
    ) {
        let all = all_assignments(p.home.len(), &p.slots);
        let got = assign(&p.fit, &p.home, &p.slots, penalty);
        prop_assert!(fits_slots(&got, &p.slots), "{got:?} uses slots {:?}", p.slots);
        let best = all.iter().map(|a| objective(&p.fit, &p.home, a, penalty)).max().unwrap();
        prop_assert_eq!(objective(&p.fit, &p.home, &got, penalty), best);

        let within = assign_within_budget(&p.fit, &p.home, &p.slots, budget);
        prop_assert!(fits_slots(&within, &p.slots));
        let k = moves(&p.home, &within);
        prop_assert!(k <= budget, "{k} moves, budget {budget}");
        let free = assign(&p.fit, &p.home, &p.slots, 0);
        if moves(&p.home, &free) <= budget {
            prop_assert_eq!(objective(&p.fit, &p.home, &within, 0), objective(&p.fit, &p.home, &free, 0));
        }
        // Exact for its own number of moves is guaranteed only for plans on the Lagrangian
        // hull (module doc of `competence_match`; a budget between two hull plans can be
        // beaten, which 2,000-case runs of an earlier version of this test found). What
        // always holds: no penalised optimum within the budget has more fit.
        for pen in [0i64, 1, 150_000, 400_000, 2_000_000, 4_000_000] {
            let hull = assign(&p.fit, &p.home, &p.slots, pen);
            if moves(&p.home, &hull) <= budget {
                prop_assert!(
                    total_fit(&p.fit, &within) >= total_fit(&p.fit, &hull),
                    "the optimum at penalty {} ({} moves) beats the budget plan", pen, moves(&p.home, &hull)
                );
            }
        }
    }
}

/// The move budget: with one move allowed, the best plan moves the one person whose move
/// gains fit, even when a two-person swap gains more per move.
#[test]
fn competence_match_uses_a_budget_of_one_move() {
    // Units 0..=3; a and b would gain 0.5 each by swapping; c gains 0.4 by taking the free
    // place at unit 3.
    let fit = vec![
        vec![0.5, 1.0, 0.5, 0.5],
        vec![1.0, 0.5, 0.5, 0.5],
        vec![0.6, 0.6, 0.6, 1.0],
    ];
    let home = vec![0, 1, 2];
    let slots = vec![0, 1, 2, 3];
    let all = all_assignments(3, &slots);
    for budget in 0..=3 {
        let got = assign_within_budget(&fit, &home, &slots, budget);
        let best = all
            .iter()
            .filter(|a| moves(&home, a) <= budget)
            .map(|a| total_fit(&fit, a))
            .max()
            .unwrap();
        assert!(moves(&home, &got) <= budget);
        assert_eq!(
            total_fit(&fit, &got),
            best,
            "budget {budget}: got {got:?} (fit {}), the best within budget has fit {best}",
            total_fit(&fit, &got)
        );
    }
}

/// Support measures raise acceptance: the same planned moves to a remote unit with an
/// allowance, the package and communication are resisted less often, replication by
/// replication (paired, 99 %); training before a move into another field lowers the
/// learning loss and costs exactly the training fee on top of the relocation.
#[test]
fn support_measures_raise_acceptance() {
    let moves: Vec<String> = (1..=6)
        .map(|k| {
            format!(
                "{{ month = {}, from = \"kota\", to = \"pulau\", count = 4 }}",
                3 * k
            )
        })
        .collect();
    let moves = moves.join(", ");
    let text = format!(
        r#"name = "support"
baseline = "plain"
horizon_years = 2.0
[workforce]
initial_years_at_post_max = 2.0
[transfers]
min_years_at_post = 0.0
[transfers.requests]
base_per_year = 0.0
per_remoteness = 0.0
per_stress = 0.0

[[policies]]
name = "plain"
kind = "planned_moves"
moves = [{moves}]

[[policies]]
name = "supported"
kind = "planned_moves"
moves = [{moves}]
support = {{ allowance_premium = [0.0, 0.5, 1.0], package = {{ security = true, training = true, facilities = true }}, communication = 1.0 }}

[[policies]]
name = "trained"
kind = "planned_moves"
moves = [{moves}]
support = {{ train_before_move = true }}

[[units]]
name = "kota"
positions = 60
staff = 40
sla_days = 5
demand = {{ base_per_day = 0.0 }}
service = {{ kind = "exponential", mean_hours = 1.0 }}

[[units]]
name = "pulau"
field = "health"
remoteness = 2
positions = 60
staff = 10
sla_days = 5
demand = {{ base_per_day = 0.0 }}
service = {{ kind = "exponential", mean_hours = 1.0 }}
"#
    );
    let s = scenario(&text);
    let result = experiment(&s, 40, 5);
    let [plain, supported, trained] = [0, 1, 2].map(|i| &result.policies[i].kpis);
    for k in plain.iter().chain(supported) {
        assert_eq!(k[Kpi::TransfersOrdered as usize], 24.0, "all moves ordered");
    }
    let diffs: Vec<f64> = acceptance(supported)
        .iter()
        .zip(acceptance(plain))
        .map(|(s, p)| s - p)
        .collect();
    assert_mean_above_zero("acceptance supported - plain", &diffs);
    let loss = paired(plain, trained, Kpi::LearningLossFteMonths);
    assert_mean_above_zero("learning loss plain - trained", &loss);
    let costs = &s.costs;
    for (kpis, per_move) in [
        (plain, costs.relocation_rp[2]),
        (trained, costs.relocation_rp[2] + costs.training_rp),
    ] {
        for k in kpis.iter() {
            assert_eq!(
                k[Kpi::CostRelocation as usize],
                per_move * k[Kpi::TransfersDone as usize],
                "relocation cost per completed move"
            );
        }
    }
}

/// Random orders on random scenarios where people resign, retire, quit over orders and are
/// replaced: no panic, nobody lost, no unit over its positions, every order logged once in
/// order, and no order that passed broke a rule.
#[test]
fn random_policies_never_break_a_rule_or_lose_a_person() {
    random_dynamic_scenarios_keep_invariants();
}

/// The view tells a policy who has an order in progress (`pending`) and who is leaving the
/// service after the case in hand (`leaving`), so no built-in policy wastes an order on
/// them: none is blocked as unavailable or as a second pending order. Staff requests are
/// the staff's own and may be blocked by any rule. (Before `leaving` existed, rotation
/// lost about one order in two replications of arcamanik to a leaver.)
#[test]
fn built_in_policies_never_order_someone_the_view_rules_out() {
    let mut model = crate::support::model(&crate::support::shipped_with("arcamanik", &[]));
    model.log_transfers = true;
    let mut orders = 0;
    for policy in 0..model.scenario.policies.len() {
        for r in 0..20 {
            let res = crate::support::replication_under(&model, policy, 11, r);
            for t in res.transfers.iter().filter(|t| t.reason != "request") {
                orders += 1;
                assert!(
                    !matches!(
                        t.outcome.as_str(),
                        "blocked:unavailable" | "blocked:pending_order"
                    ),
                    "{}: replication {r}: {t:?}",
                    model.scenario.policies[policy].name
                );
            }
        }
    }
    // The planner's guards and the pool exchange cut orders to about 640 here (over 1,000
    // before them); a few hundred still exercise every built-in.
    assert!(
        orders > 400,
        "only {orders} policy orders: the test saw too little"
    );
}

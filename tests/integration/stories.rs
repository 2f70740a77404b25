//! Story tests: the shipped scenarios tell the stories of their seed texts. They check
//! directions, not numbers, with paired confidence intervals (common random numbers); the
//! claims of one story hold together at a family-wise level of 95 % (Bonferroni), so a story
//! with more claims checks each one more strictly.

use mutasi::experiment::{Experiment, ExperimentResult};
use mutasi::scenario::Scenario;
use mutasi::sim::{Kpi, Metric};
use mutasi::stats::Moments;

use crate::support::{bonferroni, shipped_with, t_quantile};

/// The experiment of the scenario `s` comparing only `policies`, in this order.
fn comparing(s: &Scenario, policies: &[&str]) -> Experiment {
    let names: Vec<String> = policies.iter().map(|p| p.to_string()).collect();
    Experiment::new(s)
        .expect("model builds")
        .only(&names)
        .expect("policies exist")
}

fn run(s: &Scenario, policies: &[&str], replications: u64) -> ExperimentResult {
    comparing(s, policies)
        .replications(replications)
        .threads(2)
        .run()
        .expect("experiment runs")
}

/// Family-wise confidence level of the claims of one story.
const STORY_LEVEL: f64 = 0.95;

/// Paired difference `a - b` over replications: (mean, CI half-width at the level that keeps
/// a story of `claims` claims at [`STORY_LEVEL`]).
fn paired_in(claims: usize, a: &[f64], b: &[f64]) -> (f64, f64) {
    let mut m = Moments::default();
    for (x, y) in a.iter().zip(b) {
        m.push(x - y);
    }
    (m.mean, m.ci_half_width(bonferroni(STORY_LEVEL, claims)))
}

/// A story of one claim.
fn paired(a: &[f64], b: &[f64]) -> (f64, f64) {
    paired_in(1, a, b)
}

fn kpi(r: &ExperimentResult, policy: &str, k: Kpi) -> Vec<f64> {
    r.policy(policy).expect("policy ran").values(k)
}

/// Asserts that `policy - baseline` is below zero with 95 % confidence.
fn assert_lower(r: &ExperimentResult, policy: &str, baseline: &str, k: Kpi) {
    let (d, hw) = paired(&kpi(r, policy, k), &kpi(r, baseline, k));
    assert!(
        d + hw < 0.0,
        "{policy} vs {baseline}: {} difference {d:.4} ± {hw:.4} should be below 0",
        k.name()
    );
}

/// The seed's story: the blank-card shortage (month 14, output x0.2 for 4-8 weeks) makes
/// the counter's complaints surge and then recover under the status quo (a surge, not a
/// chronic collapse); moving public-service staff to the counter, planned or triggered by
/// complaints or workload, cuts its resolution time and complaints in the year of the surge.
#[test]
fn arcamanik_moving_staff_to_the_counter_cuts_resolution_time_and_complaints() {
    let s = shipped_with("arcamanik", &["horizon_years=3"]);
    let policies = [
        "status_quo",
        "move_two",
        "complaint_triggered",
        "needs_based",
    ];
    let e = comparing(&s, &policies);
    let adminduk = s
        .units
        .iter()
        .position(|u| u.name == "adminduk")
        .expect("adminduk unit");
    let (before, shock, after, year) = (1..12, 13..16, 27..36, 13..25);
    let reps = 12;
    // Two claims about the status quo, two per moving policy.
    let claims = 2 + 2 * (policies.len() - 1);
    let mean =
        |r: &mutasi::sim::ReplicationResult, metric: Metric, months: std::ops::Range<usize>| {
            let v: Vec<f64> = months
                .map(|m| r.series.value(metric, adminduk, m))
                .filter(|v| v.is_finite())
                .collect();
            v.iter().sum::<f64>() / v.len() as f64
        };
    let mut counter = vec![Vec::new(); policies.len()];
    let mut complaints = vec![Vec::new(); policies.len()];
    let (mut surge, mut recovery) = (Vec::new(), Vec::new());
    for rep in 0..reps {
        for (p, (c, k)) in counter.iter_mut().zip(complaints.iter_mut()).enumerate() {
            let r = e.replicate(p, rep);
            c.push(mean(&r, Metric::ResolutionDaysMean, year.clone()));
            k.push(mean(&r, Metric::Complaints, year.clone()));
            if p == 0 {
                let calm = mean(&r, Metric::Complaints, before.clone());
                let peak = mean(&r, Metric::Complaints, shock.clone());
                surge.push(peak - calm);
                recovery.push(peak - mean(&r, Metric::Complaints, after.clone()));
            }
        }
    }
    let zero = vec![0.0; reps as usize];
    for (what, values) in [("surge", &surge), ("recovery", &recovery)] {
        let (d, hw) = paired_in(claims, values, &zero);
        assert!(
            d - hw > 0.0,
            "status quo complaints: {what} {d:.2} ± {hw:.2} should be above 0"
        );
    }
    for p in 1..policies.len() {
        for (what, values) in [
            ("counter resolution days", &counter),
            ("complaints", &complaints),
        ] {
            let (d, hw) = paired_in(claims, &values[p], &values[0]);
            assert!(
                d + hw < 0.0,
                "{} vs status_quo: {what} difference {d:.4} ± {hw:.4} should be below 0",
                policies[p]
            );
        }
    }
}

/// The camat's first response (`camat_piket`): when the counter's complaints surge he lends
/// public-service staff to it (the counter holds more people in month indices 14-15 than
/// under the status quo), the counter's complaints fall faster in the months after the
/// surge, and the people go home again (a year later the counter holds no more than
/// under the status quo). Three claims at a family-wise 95 %.
#[test]
fn arcamanik_the_camats_piket_lends_staff_through_the_surge_and_gives_them_back() {
    let s = shipped_with("arcamanik", &["horizon_years=3"]);
    let e = comparing(&s, &["status_quo", "camat_piket"]);
    let adminduk = s
        .units
        .iter()
        .position(|u| u.name == "adminduk")
        .expect("adminduk unit");
    let (lent, after, later) = (14..16, 15..18, 26..36);
    let mean =
        |r: &mutasi::sim::ReplicationResult, metric: Metric, months: std::ops::Range<usize>| {
            let v: Vec<f64> = months
                .map(|m| r.series.value(metric, adminduk, m))
                .filter(|v| v.is_finite())
                .collect();
            v.iter().sum::<f64>() / v.len() as f64
        };
    let reps = 16;
    let (mut staff, mut complaints, mut back) =
        ([vec![], vec![]], [vec![], vec![]], [vec![], vec![]]);
    for rep in 0..reps {
        for p in 0..2 {
            let r = e.replicate(p, rep);
            staff[p].push(mean(&r, Metric::StaffAssigned, lent.clone()));
            complaints[p].push(mean(&r, Metric::Complaints, after.clone()));
            back[p].push(mean(&r, Metric::StaffAssigned, later.clone()));
        }
    }
    let claims = 3;
    let (d, hw) = paired_in(claims, &staff[1], &staff[0]);
    assert!(
        d - hw > 0.0,
        "staff at the counter during the surge: {d:.3} ± {hw:.3}"
    );
    let (d, hw) = paired_in(claims, &complaints[1], &complaints[0]);
    assert!(d + hw < 0.0, "complaints after the surge: {d:.3} ± {hw:.3}");
    let (d, hw) = paired_in(claims, &back[1], &back[0]);
    assert!(
        d - hw < 0.25,
        "staff at the counter a year later: {d:.3} ± {hw:.3}"
    );
}

#[test]
fn arcamanik_training_first_shortens_the_learning_dip() {
    let s = shipped_with("arcamanik", &["horizon_years=3"]);
    let r = run(&s, &["move_two", "move_two_trained"], 12);
    assert_lower(
        &r,
        "move_two_trained",
        "move_two",
        Kpi::LearningLossFteMonths,
    );
}

#[test]
fn arcamanik_periodic_rotation_raises_fields_per_staff() {
    let s = shipped_with("arcamanik", &["horizon_years=5"]);
    let r = run(&s, &["status_quo", "rotation_3y"], 8);
    let (d, hw) = paired(
        &kpi(&r, "rotation_3y", Kpi::FieldsPerStaff),
        &kpi(&r, "status_quo", Kpi::FieldsPerStaff),
    );
    assert!(d - hw > 0.0, "fields per staff gain {d:.3} ± {hw:.3}");
}

/// Share of the orders a policy issued that were appealed, refused or ended in a quit (a
/// rate, not a count: an allowance that keeps people in remote posts also leaves fewer
/// vacancies to order people into).
fn resisted(r: &ExperimentResult, policy: &str) -> Vec<f64> {
    let refused = kpi(r, policy, Kpi::TransfersRefused);
    let quits = kpi(r, policy, Kpi::TransferQuits);
    let appealed = kpi(r, policy, Kpi::TransfersAppealed);
    let ordered = kpi(r, policy, Kpi::TransfersOrdered);
    (0..refused.len())
        .map(|i| (refused[i] + quits[i] + appealed[i]) / ordered[i].max(1.0))
        .collect()
}

#[test]
fn gorontalo_incentives_lower_resistance_to_remote_postings() {
    let s = shipped_with("gorontalo", &["horizon_years=6"]);
    let r = run(
        &s,
        &[
            "redistribution",
            "redistribution_allowance",
            "redistribution_package",
        ],
        30,
    );
    // Without incentive a larger share of orders is appealed, refused or ends in a quit.
    let plain = resisted(&r, "redistribution");
    for with in ["redistribution_allowance", "redistribution_package"] {
        let (d, hw) = paired_in(2, &plain, &resisted(&r, with));
        assert!(
            d - hw > 0.0,
            "{with}: resisted orders fewer by {d:.3} ± {hw:.3}"
        );
    }
}

#[test]
fn gorontalo_status_quo_widens_the_staffing_gap_of_remote_schools() {
    let s = shipped_with("gorontalo", &[]);
    let schools = |remoteness: u8| -> Vec<usize> {
        s.units
            .iter()
            .enumerate()
            .filter(|(_, u)| u.field == "education" && u.remoteness == remoteness)
            .map(|(i, _)| i)
            .collect()
    };
    let (city, remote) = (schools(0), schools(2));
    assert!(!remote.is_empty() && !city.is_empty());
    let e = Experiment::new(&s)
        .expect("model builds")
        .only(&["status_quo".to_string()])
        .expect("status quo exists");
    let months = e.model().months;
    let reps = 16;
    // Per replication: how much the gap between the mean city school and the mean remote
    // school (teachers on the books) grew from the end of year 1 to the end.
    let mut change = Moments::default();
    for rep in 0..reps {
        let r = e.replicate(0, rep);
        let mean_staff = |units: &[usize], m: usize| -> f64 {
            units
                .iter()
                .map(|&u| r.series.value(Metric::StaffAssigned, u, m))
                .sum::<f64>()
                / units.len() as f64
        };
        let gap = |m: usize| mean_staff(&city, m) - mean_staff(&remote, m);
        change.push(gap(11) - gap(months - 1));
    }
    let t = t_quantile(0.975, (reps - 1) as f64);
    let hw = t * change.sd() / (reps as f64).sqrt();
    assert!(
        change.mean + hw < 0.0,
        "city-remote staffing gap should grow: change {:.2} ± {hw:.2} (negative = growth)",
        change.mean
    );
}

/// Share of the timetabled lessons of `units` lost (not taught) in the measured months of
/// one replication.
fn lost_share(
    r: &mutasi::sim::ReplicationResult,
    units: &[usize],
    months: std::ops::Range<usize>,
) -> f64 {
    let (mut lost, mut due) = (0.0, 0.0);
    for &u in units {
        for m in months.clone() {
            lost += r.series.value(Metric::Abandoned, u, m);
            due += r.series.value(Metric::Arrivals, u, m);
        }
    }
    lost / due
}

/// The seed's education story, with half the teachers contract staff who cannot be moved:
/// an annual needs analysis that moves civil-servant teachers from schools in excess to
/// schools short of them teaches more lessons in remote schools than the status quo, and
/// brings schools closer to the student-teacher standard; refusing the requests that would
/// leave a school short (request control) loses fewer lessons in rural and remote schools
/// together than redistribution alone; an allowance paid for presence teaches more remote
/// lessons than the same allowance paid unconditionally (KIAT Guru [R176] against [R175]).
#[test]
fn gorontalo_needs_analysis_request_control_and_pay_for_presence_teach_more_remote_lessons() {
    let s = shipped_with("gorontalo", &["horizon_years=8"]);
    let policies = [
        "status_quo",
        "redistribution",
        "redistribution_request_control",
        "redistribution_allowance",
        "redistribution_allowance_presence",
    ];
    let e = comparing(&s, &policies);
    let schools = |remoteness: &[u8]| -> Vec<usize> {
        s.units
            .iter()
            .enumerate()
            .filter(|(_, u)| u.students > 0 && remoteness.contains(&u.remoteness))
            .map(|(i, _)| i)
            .collect()
    };
    let (remote, outside_city) = (schools(&[2]), schools(&[1, 2]));
    assert!(remote.len() == 3 && outside_city.len() == 5);
    let window = e.model().first_measured_month..e.model().months;
    let reps = 10;
    let claims = 4;
    let mut lost = vec![Vec::new(); policies.len()];
    let mut lost_outside = vec![Vec::new(); policies.len()];
    let mut gap = vec![Vec::new(); policies.len()];
    for rep in 0..reps {
        for p in 0..policies.len() {
            let r = e.replicate(p, rep);
            lost[p].push(lost_share(&r, &remote, window.clone()));
            lost_outside[p].push(lost_share(&r, &outside_city, window.clone()));
            gap[p].push(r.kpi(Kpi::TeacherGapVsStandard));
        }
    }
    let lower = |what: &str, a: usize, b: usize, values: &[Vec<f64>]| {
        let (d, hw) = paired_in(claims, &values[a], &values[b]);
        assert!(
            d + hw < 0.0,
            "{} vs {}: {what} difference {d:.4} ± {hw:.4} should be below 0",
            policies[a],
            policies[b]
        );
    };
    lower("remote lessons lost", 1, 0, &lost);
    lower("teacher gap against the standard", 1, 0, &gap);
    lower("rural and remote lessons lost", 2, 1, &lost_outside);
    lower("remote lessons lost", 4, 3, &lost);
}

//! The staff and workload model over years: a unit staffed inside the workload regulation's
//! sustainable band (EJ up to 1.0) stays as it is for ten years, stress stays bounded, and
//! overload shows as overtime, strain and work that gives way instead of a silent backlog.

use mutasi::sim::{Kpi, Metric, Model, ReplicationResult};
use proptest::prelude::*;

use super::support::{
    FAMILY_LEVEL, bonferroni, model, moments, property_config, replications, scenario_from_toml,
};
use mutasi::stats::student_t_quantile;

/// A scenario of `units` (staff, EJ, mean work hours, cv), constant demand, default staff
/// model (absence, stress, burnout, exits, hiring, speed-up, overtime), no patience: nothing
/// but the staff model keeps a queue in check.
fn office(units: &[(u32, f64, f64, f64)], horizon_years: f64) -> String {
    let mut text = format!("name = \"office\"\nhorizon_years = {horizon_years:?}\n");
    for (i, &(staff, ej, hours, cv)) in units.iter().enumerate() {
        // EJ = per day x days per year x hours / effective FTE year / staff.
        let per_day = ej * staff as f64 * 1250.0 / (240.0 * hours);
        text.push_str(&format!(
            "\n[[units]]\nname = \"u{i}\"\npositions = {staff}\nstaff = {staff}\nsla_days = 5\n\
             demand = {{ base_per_day = {per_day:?} }}\n\
             service = {{ kind = \"lognormal\", mean_hours = {hours:?}, cv = {cv:?} }}\n"
        ));
    }
    text
}

/// Mean over the twelve months of `year` (1-based) of a whole-organisation series.
fn year_mean(model: &Model, r: &ReplicationResult, metric: Metric, year: usize) -> f64 {
    let row = model.units.len();
    let (sum, n) = ((year - 1) * 12..year * 12)
        .map(|m| r.series.value(metric, row, m))
        .filter(|v| v.is_finite())
        .fold((0.0, 0.0), |(s, n), v| (s + v, n + 1.0));
    sum / n
}

const STABLE: [Metric; 4] = [
    Metric::ResolutionDaysMean,
    Metric::Backlog,
    Metric::StaffAssigned,
    Metric::StressMean,
];

proptest! {
    #![proptest_config(property_config(3))]

    /// Units at EJ 0.5-0.95 with constant demand: the year-10 means of resolution time,
    /// backlog, staff on the books and stress equal the year-2 means within their paired
    /// 99 % CI (family-wise over metrics and cases), and stress never leaves [0, 1].
    #[test]
    fn units_in_the_sustainable_band_stay_stable_for_ten_years(
        units in prop::collection::vec(
            (2u32..12, 0.5f64..0.95, 0.3f64..3.0, 0.3f64..1.2), 3..6),
        seed in 0u64..1_000,
    ) {
        let model = model(&scenario_from_toml(&office(&units, 10.0)));
        let runs = replications(&model, seed, 40);
        let level = bonferroni(FAMILY_LEVEL, STABLE.len() * 3);
        for r in &runs {
            for m in 0..model.months {
                for row in 0..=model.units.len() {
                    let s = r.series.value(Metric::StressMean, row, m);
                    prop_assert!(s.is_nan() || (0.0..=1.0).contains(&s), "stress {s}");
                }
            }
        }
        for metric in STABLE {
            let d: Vec<f64> = runs
                .iter()
                .map(|r| year_mean(&model, r, metric, 10) - year_mean(&model, r, metric, 2))
                .collect();
            let year2 = moments("year 2", &runs.iter().map(|r| year_mean(&model, r, metric, 2)).collect::<Vec<_>>());
            let m = moments(metric.name(), &d);
            let half = student_t_quantile(0.5 + level / 2.0, (m.n - 1) as f64) * m.sd()
                / (m.n as f64).sqrt();
            eprintln!(
                "{}: year 2 {:.4}, year 10 - year 2 = {:.4} +- {half:.4}",
                metric.name(), year2.mean, m.mean
            );
            // Power: the check would see the year-2 level doubling.
            prop_assert!(
                half <= year2.mean.abs() + 0.05,
                "{}: CI half-width {half:.4} too wide for a year-2 level of {:.4}",
                metric.name(), year2.mean
            );
            prop_assert!(
                m.mean.abs() <= half,
                "{}: year 10 differs from year 2 by {:.4} +- {half:.4} (year 2 {:.4}) in {units:?}",
                metric.name(), m.mean, year2.mean
            );
        }
    }
}

/// Above capacity the overload shows: units at EJ 1.1-1.4 work overtime, their staff are
/// strained, and with patience on the work their backlog stays bounded while work given up
/// is counted; at EJ 0.7 there is almost no overtime.
#[test]
fn overload_above_ej_1_1_shows_as_overtime_strain_and_work_given_up() {
    let text = |ej: f64| {
        format!(
            "{}patience = {{ kind = \"exponential\", mean_hours = 75.0 }}\n",
            office(&[(6, ej, 2.0, 0.6)], 4.0)
        )
    };
    let per_year = |res: &[ReplicationResult], k: Kpi| -> Vec<f64> {
        res.iter().map(|r| r.kpi(k) / 4.0).collect()
    };
    let calm = model(&scenario_from_toml(&text(0.7)));
    let calm_runs = replications(&calm, 5, 12);
    let calm_overtime = moments(
        "overtime at EJ 0.7",
        &per_year(&calm_runs, Kpi::OvertimeHours),
    );
    for ej in [1.1, 1.4] {
        let m = model(&scenario_from_toml(&text(ej)));
        let runs = replications(&m, 5, 12);
        let overtime = moments("overtime", &per_year(&runs, Kpi::OvertimeHours));
        let stress = moments(
            "stress",
            &runs
                .iter()
                .map(|r| r.kpi(Kpi::StressMean))
                .collect::<Vec<_>>(),
        );
        let given_up = moments("abandoned", &per_year(&runs, Kpi::Abandoned));
        let backlog = moments(
            "backlog",
            &runs
                .iter()
                .map(|r| r.kpi(Kpi::BacklogEnd))
                .collect::<Vec<_>>(),
        );
        eprintln!(
            "EJ {ej}: overtime {:.0} h/yr (EJ 0.7: {:.0}), stress {:.3}, given up {:.0}/yr, backlog {:.1}",
            overtime.mean, calm_overtime.mean, stress.mean, given_up.mean, backlog.mean
        );
        // Six people work at most 6 x 5 h x 48 weeks of overtime a year.
        assert!(
            overtime.mean > 10.0 * calm_overtime.mean.max(1.0),
            "EJ {ej}: overtime"
        );
        assert!(
            overtime.mean <= 6.0 * 5.0 * 48.0,
            "EJ {ej}: overtime above the cap"
        );
        assert!(stress.mean > 0.1, "EJ {ej}: stress {:.3}", stress.mean);
        assert!(given_up.mean > 0.0, "EJ {ej}: no work given up");
        // Patience of 10 working days bounds the queue at about 10 days of arrivals.
        let per_day = ej * 6.0 * 1250.0 / (240.0 * 2.0);
        assert!(
            backlog.mean < 10.0 * per_day,
            "EJ {ej}: backlog {:.0}",
            backlog.mean
        );
    }
}

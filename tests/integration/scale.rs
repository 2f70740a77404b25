//! The synthetic organisations of the scale benchmarks (`benches/synthetic/mod.rs`): valid,
//! of the size asked, every unit's workload ratio in the stated range, and sound to run.

#[path = "../../benches/synthetic/mod.rs"]
pub(crate) mod synthetic;

use crate::support::{model, scenario_from_toml, sound_replication};

#[test]
fn a_synthetic_organisation_has_the_size_and_workloads_asked() {
    for units in [1, 9, 250] {
        let s = scenario_from_toml(&synthetic::scenario_text(units, 1.0));
        assert_eq!(s.units.len(), units);
        let staff = f64::from(synthetic::STAFF_PER_UNIT);
        assert_eq!(
            s.total_staff(),
            units as u64 * u64::from(synthetic::STAFF_PER_UNIT)
        );
        let mut counters = 0;
        for u in &s.units {
            let classes = u.class_views(&u.name);
            let hours_a_year: f64 = classes
                .iter()
                .map(|c| {
                    let per_day = c.demand.map_or(0.0, |d| d.base());
                    let mean = c.service.map_or(0.0, |d| d.mean_hours());
                    per_day * mean * s.calendar.days_per_year
                })
                .sum();
            // EJ = required FTE / staff; demand is written to 4 decimals, hence the slack.
            let ej = hours_a_year / s.workload.effective_hours_per_fte_year / staff;
            let (lo, hi) = synthetic::EJ_RANGE;
            assert!(
                ej > lo - 1e-3 && ej < hi + 1e-3,
                "{}: EJ {ej} outside {lo}-{hi}",
                u.name
            );
            counters += usize::from(classes.iter().any(|c| c.patience.is_some()));
        }
        // One unit in nine is a citizen counter with patience and complaints, as in arcamanik.
        assert_eq!(counters, units / 9, "{units} units");
    }
}

#[test]
fn a_synthetic_organisation_runs_soundly() {
    let s = scenario_from_toml(&synthetic::scenario_text(27, 1.0));
    let m = model(&s);
    let r = sound_replication(&m, 0, 3);
    assert!(r.events > 27 * 10 * 1_000, "{} events", r.events);
}

/// The province-size example (`scenarios/examples/province/`, SYNTHETIC, built with `mutasi
/// init --roster --history`) loads with its roster and fitted demand, is of the size it
/// claims, and runs a short replication soundly.
#[test]
fn the_province_example_loads_and_runs_a_short_replication() {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/scenarios/examples/province/province.toml"
    );
    let sets = crate::support::overrides(&["horizon_years=0.1", "warmup_years=0"]);
    let (s, _) = mutasi::scenario::load(path, &sets).expect("the province example loads");
    assert_eq!(s.units.len(), 300);
    let staff = s.total_staff();
    assert!((7_500..8_500).contains(&staff), "{staff} staff");
    assert_eq!(s.policies.len(), 5);
    let m = model(&s);
    // Large: the series keep the focus units and groups, not 300 units.
    let rows: Vec<&str> = m.series_rows.iter().map(|r| r.name.as_str()).collect();
    for want in ["rsud_001", "group:schools", "group:puskesmas", "all"] {
        assert!(rows.contains(&want), "{want} missing from {rows:?}");
    }
    assert!(rows.len() < 20, "{rows:?}");
    let r = sound_replication(&m, 0, 7);
    // About 5 M cases a year: a tenth of a year is hundreds of thousands of events.
    assert!(r.events > 200_000, "{} events", r.events);
}

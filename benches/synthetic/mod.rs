//! SYNTHETIC organisations of any size, for the scale benchmarks (`scale.rs`), the scaling
//! table in `benches/README.md` (`examples/synthetic_org.rs` writes one to a file) and the
//! tests that check this generator (`tests/integration/scale.rs`). Shared as a module
//! (`mod synthetic;` or `#[path]`), like `clock`.
//!
//! An organisation is `units` units of [`STAFF_PER_UNIT`] people in the mix of a kecamatan
//! office such as `arcamanik`, repeated: back offices (dossiers of 3 hours), kelurahan-like
//! service units (letters of 1.5 hours) and citizen counters (requests of 0.5 hours with
//! exponential patience, complaints and complaints induced by long waits). Work content is
//! lognormal; each unit's demand is set from a workload ratio (EJ) drawn uniformly from
//! [`EJ_RANGE`], so the organisation has both slack and overloaded units, as a real one.
//! Every unit is an arcamanik-like unit, so the work per event is the same at every size
//! and only the size changes. No real office or person is described.

use std::fmt::Write as _;

use mutasi::engine::stream_rng;
use rand::RngExt;

/// People per unit, at the start and on average (positions leave room for two more).
pub const STAFF_PER_UNIT: u32 = 10;
/// Range of the units' workload ratio EJ = required FTE / staff (grades D to B, [R33]).
pub const EJ_RANGE: (f64, f64) = (0.55, 0.95);
/// Working days a year of the generated calendar (the default of `docs/scenario.md`).
pub const DAYS_PER_YEAR: f64 = 240.0;
/// Effective working hours of one FTE a year (WKE) used to size demand from EJ.
pub const WKE_HOURS: f64 = 1250.0;
/// Demand of a counter's own complaint class, per working day, and its mean work (hours).
const COUNTER_COMPLAINTS_PER_DAY: f64 = 0.5;
const COMPLAINT_HOURS: f64 = 1.0;
/// Seed of the generator's own draws (EJ, fields, remoteness), fixed so a size always
/// yields the same organisation.
const GENERATOR_SEED: u64 = 22;

/// The kinds of unit, in the proportions of the `arcamanik` office (3 of 9 units are back
/// offices, 5 service units, 1 counter): name prefix, field, mean work content of the main
/// class (hours), SLA (working days), and whether it is a counter with patience and
/// complaints.
struct Kind {
    prefix: &'static str,
    field: &'static str,
    mean_hours: f64,
    sla_days: u32,
    counter: bool,
}

const KINDS: [Kind; 3] = [
    Kind {
        prefix: "office",
        field: "general",
        mean_hours: 3.0,
        sla_days: 5,
        counter: false,
    },
    Kind {
        prefix: "service",
        field: "public_service",
        mean_hours: 1.5,
        sla_days: 3,
        counter: false,
    },
    Kind {
        prefix: "counter",
        field: "adminduk",
        mean_hours: 0.5,
        sla_days: 3,
        counter: true,
    },
];

/// Kind of unit `i`: the pattern office, office, office, service x 5, counter.
fn kind(i: usize) -> &'static Kind {
    match i % 9 {
        0..=2 => &KINDS[0],
        3..=7 => &KINDS[1],
        _ => &KINDS[2],
    }
}

/// Demand per working day of a unit of `kind` whose EJ is `ej`: the main class carries
/// what the counter's own complaints leave of `ej x staff x WKE` hours a year.
fn main_demand_per_day(kind_mean_hours: f64, counter: bool, ej: f64) -> f64 {
    let hours_per_day = ej * f64::from(STAFF_PER_UNIT) * WKE_HOURS / DAYS_PER_YEAR;
    let complaints = if counter {
        COUNTER_COMPLAINTS_PER_DAY * COMPLAINT_HOURS
    } else {
        0.0
    };
    (hours_per_day - complaints) / kind_mean_hours
}

/// Scenario text (TOML) of a synthetic organisation of `units` units over `horizon_years`
/// years (the first tenth is warm-up), with one policy, `status_quo`.
pub fn scenario_text(units: usize, horizon_years: f64) -> String {
    let staff = units * STAFF_PER_UNIT as usize;
    let mut rng = stream_rng(GENERATOR_SEED, 0, units as u64);
    let mut s = String::new();
    // `write!` to a String cannot fail.
    let _ = write!(
        s,
        "# SYNTHETIC organisation of {units} units and {staff} staff, written by \
         benches/synthetic (units of {STAFF_PER_UNIT}, lognormal work, EJ {lo}-{hi}).\n\
         name = \"synthetic_{staff}\"\n\
         description = \"Synthetic organisation of {staff} staff for scale benchmarks.\"\n\
         horizon_years = {horizon_years}\n\
         warmup_years = {warmup}\n\
         baseline = \"status_quo\"\n\n\
         [calendar]\nhours_per_day = 7.5\ndays_per_year = {DAYS_PER_YEAR}\n\n\
         [workload]\neffective_hours_per_fte_year = {WKE_HOURS}\n\n\
         [experiment]\nreplications = 1\nseed = 1\n\n",
        lo = EJ_RANGE.0,
        hi = EJ_RANGE.1,
        warmup = horizon_years / 10.0,
    );
    // Related fields (partial fit), among those some unit has.
    let has = |field: &str| (0..units.min(9)).any(|i| kind(i).field == field);
    let related: Vec<String> = [
        ("adminduk", "public_service"),
        ("public_service", "general"),
    ]
    .iter()
    .filter(|(a, b)| has(a) && has(b))
    .map(|(a, b)| format!("[\"{a}\", \"{b}\"]"))
    .collect();
    if !related.is_empty() {
        let _ = write!(s, "[competence]\nrelated = [{}]\n\n", related.join(", "));
    }
    for i in 0..units {
        let k = kind(i);
        let ej = EJ_RANGE.0 + (EJ_RANGE.1 - EJ_RANGE.0) * rng.random::<f64>();
        // 70 % urban, 20 % rural, 10 % remote.
        let remoteness = match rng.random::<f64>() {
            x if x < 0.7 => 0,
            x if x < 0.9 => 1,
            _ => 2,
        };
        let demand = main_demand_per_day(k.mean_hours, k.counter, ej);
        let _ = write!(
            s,
            "[[units]]\nname = \"{prefix}_{i:05}\"\nfield = \"{field}\"\n\
             remoteness = {remoteness}\npositions = {positions}\nstaff = {STAFF_PER_UNIT}\n",
            prefix = k.prefix,
            field = k.field,
            positions = STAFF_PER_UNIT + 2,
        );
        if k.counter {
            let _ = write!(
                s,
                "[[units.cases]]\nclass = \"request\"\nsla_days = {sla}\n\
                 service = {{ kind = \"lognormal\", mean_hours = {mean}, cv = 0.5 }}\n\
                 patience = {{ kind = \"exponential\", mean_hours = 37.5 }}\n\
                 complaint_after_days = 1\ncomplaint_prob = 0.1\n\
                 demand = {{ base_per_day = {demand:.4} }}\n\
                 [[units.cases]]\nclass = \"complaint\"\nsla_days = 10\n\
                 service = {{ kind = \"lognormal\", mean_hours = {COMPLAINT_HOURS}, cv = 0.6 }}\n\
                 demand = {{ base_per_day = {COUNTER_COMPLAINTS_PER_DAY} }}\n\n",
                sla = k.sla_days,
                mean = k.mean_hours,
            );
        } else {
            let _ = write!(
                s,
                "sla_days = {sla}\ndemand = {{ base_per_day = {demand:.4} }}\n\
                 service = {{ kind = \"lognormal\", mean_hours = {mean}, cv = 0.6 }}\n\n",
                sla = k.sla_days,
                mean = k.mean_hours,
            );
        }
    }
    s.push_str("[[policies]]\nname = \"status_quo\"\nkind = \"status_quo\"\n");
    s
}

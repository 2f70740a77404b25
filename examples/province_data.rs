//! Writes the SYNTHETIC data of the province-size example (`scenarios/examples/province/`):
//! a staff roster of about 8,000 made-up civil servants in 300 units (`staff.csv`) and four
//! years of monthly case counts per unit (`demand.csv`), drawn from fixed parameters with a
//! fixed seed. No real person, unit or count is in them. Run with
//! `cargo run --release --example province_data [-- OUT_DIR]`; `scenarios/examples/province/make.sh`
//! then builds the scenario from them with `mutasi init --roster --history`.
//!
//! Proportions (assumptions, plausible for an Indonesian kabupaten, where teachers are the
//! largest group of regional civil servants, then health staff): about 56 % teachers, 15 %
//! health staff, 29 % administrators, spread over schools, puskesmas, one hospital, agencies
//! (OPD) and kecamatan offices.

use std::fmt::Write as _;
use std::path::PathBuf;

use mutasi::engine::stream_rng;
use rand::RngExt;
use rand_distr::{Distribution, Poisson};

/// Seed of every draw of this generator.
const SEED: u64 = 20_261_204;
/// Working days per month as the default calendar counts them (240 / 12).
const DAYS_PER_MONTH: f64 = 20.0;
/// The history covers these calendar years; the run's year 0 is the year after.
const YEARS: std::ops::Range<i32> = 2021..2025;
/// Mean work content of a case (hours): the `mutasi init` default the scenario keeps.
const CASE_HOURS: f64 = 1.0;
/// Hours a person is present and at work on a working day (7.5 h less leave and meetings;
/// assumption, 6 to 7 h).
const WORK_HOURS_PER_DAY: f64 = 6.5;

/// A kind of unit: name prefix, how many, mean people, and the field mix of its people.
struct Kind {
    prefix: &'static str,
    count: usize,
    mean_staff: f64,
    fields: &'static [(&'static str, f64)],
    /// Share of present time spent on the cases counted in `demand.csv`, drawn uniformly
    /// from this range per unit (assumption: teaching is not counted, so schools are low; at
    /// most 0.74, an EJ of about 0.92 against the 1,250-hour FTE year, so that no unit is
    /// overloaded at the start).
    load: (f64, f64),
}

const KINDS: [Kind; 6] = [
    Kind {
        prefix: "sd",
        count: 160,
        mean_staff: 20.0,
        fields: &[("education", 0.92), ("general", 0.08)],
        load: (0.15, 0.35),
    },
    Kind {
        prefix: "smp",
        count: 45,
        mean_staff: 36.0,
        fields: &[("education", 0.92), ("general", 0.08)],
        load: (0.15, 0.35),
    },
    Kind {
        prefix: "puskesmas",
        count: 30,
        mean_staff: 38.0,
        fields: &[("health", 0.85), ("general", 0.15)],
        load: (0.45, 0.74),
    },
    Kind {
        prefix: "rsud",
        count: 1,
        mean_staff: 220.0,
        fields: &[("health", 0.9), ("general", 0.1)],
        load: (0.55, 0.72),
    },
    Kind {
        prefix: "opd",
        count: 40,
        mean_staff: 33.0,
        fields: &[("general", 0.8), ("public_service", 0.2)],
        load: (0.40, 0.74),
    },
    Kind {
        prefix: "kecamatan",
        count: 24,
        mean_staff: 18.0,
        fields: &[("public_service", 0.6), ("general", 0.4)],
        load: (0.45, 0.74),
    },
];

fn main() -> std::process::ExitCode {
    let out = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("scenarios/examples/province"));
    let mut rng = stream_rng(SEED, 0, 0);
    // The roster reader takes no comment line: the names say it ("Person 00001").
    let mut staff = String::from("unit,id,name,field,years_at_post,age\n");
    let mut demand = String::from(
        "# SYNTHETIC monthly counts drawn by examples/province_data.rs (see scenarios/examples/province/README.md); not real records.\n\
         month,unit,class,count\n",
    );
    let mut person = 0usize;
    let mut units = 0usize;
    for kind in &KINDS {
        for i in 1..=kind.count {
            units += 1;
            let unit = format!("{}_{i:03}", kind.prefix);
            // Sizes within +-30 % of the kind's mean.
            let people = (kind.mean_staff * rng.random_range(0.7..1.3))
                .round()
                .max(3.0) as usize;
            for _ in 0..people {
                person += 1;
                let u: f64 = rng.random();
                let mut acc = 0.0;
                let field = kind
                    .fields
                    .iter()
                    .find(|(_, w)| {
                        acc += w;
                        u < acc
                    })
                    .map_or(kind.fields[0].0, |(f, _)| f);
                let years_at_post = (-4.0 * (1.0 - rng.random::<f64>()).ln()).min(20.0);
                let age = rng.random_range(24..58);
                let _ = writeln!(
                    staff,
                    "{unit},P{person:05},Person {person:05},{field},{years_at_post:.1},{age}"
                );
            }
            let load = rng.random_range(kind.load.0..kind.load.1);
            let per_day = load * people as f64 * WORK_HOURS_PER_DAY / CASE_HOURS;
            // Demand grows 2 % a year to the run's year 0.
            for (y, year) in YEARS.enumerate() {
                let growth = 1.02f64.powi(y as i32 - YEARS.len() as i32);
                for month in 1..=12 {
                    let mean = per_day * DAYS_PER_MONTH * growth;
                    let count = Poisson::new(mean).map_or(0.0, |p| p.sample(&mut rng));
                    let _ = writeln!(demand, "{year}-{month:02},{unit},request,{count}");
                }
            }
        }
    }
    if let Err(e) = std::fs::create_dir_all(&out)
        .and_then(|()| std::fs::write(out.join("staff.csv"), &staff))
        .and_then(|()| std::fs::write(out.join("demand.csv"), &demand))
    {
        eprintln!("cannot write {}: {e}", out.display());
        return std::process::ExitCode::FAILURE;
    }
    eprintln!(
        "wrote {person} people in {units} units to {}",
        out.join("staff.csv").display()
    );
    std::process::ExitCode::SUCCESS
}

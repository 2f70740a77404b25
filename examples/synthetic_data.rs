//! Writes the SYNTHETIC example data of `scenarios/examples/data/`: a staff roster of the Arcamanik
//! office (`staff.csv`) and four years of monthly demand counts (`complaints.csv`) drawn from
//! known parameters, so `mutasi fit` can be seen to recover them. No real person or record is
//! in these files. Run with `cargo run --release --example synthetic_data [-- OUT_DIR]`.

use std::fmt::Write as _;
use std::path::PathBuf;

use mutasi::engine::stream_rng;
use rand::RngExt;
use rand_distr::{Distribution, Poisson};

/// Working days per month as the default calendar counts them (240 / 12).
const DAYS_PER_MONTH: f64 = 20.0;
/// The history covers these calendar years; the run's year 0 is the year after.
const YEARS: std::ops::Range<i32> = 2021..2025;

/// A series drawn from known parameters (the run's year-0 values).
struct Truth {
    unit: &'static str,
    class: &'static str,
    /// Cases per working day in the run's year 0 (2025), averaged over the year.
    base_per_day: f64,
    /// Compound growth per year.
    growth_per_year: f64,
    /// January..December multipliers averaging 1.
    season: [f64; 12],
}

const FLAT: [f64; 12] = [1.0; 12];
/// New-year and school-year peaks at the adminduk counter (averages 1).
const ADMINDUK_SEASON: [f64; 12] = [
    1.2, 1.0, 0.95, 0.95, 1.0, 1.0, 1.15, 1.05, 0.95, 0.95, 0.95, 0.85,
];

const TRUTH: [Truth; 3] = [
    Truth {
        unit: "adminduk",
        class: "request",
        base_per_day: 32.0,
        growth_per_year: 0.02,
        season: ADMINDUK_SEASON,
    },
    Truth {
        unit: "adminduk",
        class: "complaint",
        base_per_day: 0.6,
        growth_per_year: 0.05,
        season: FLAT,
    },
    Truth {
        unit: "kel_cisaranten_kulon",
        class: "request",
        base_per_day: 13.0,
        growth_per_year: 0.01,
        season: FLAT,
    },
];

/// Background fields of a unit's people, with weights summing to 1.
type FieldMix = &'static [(&'static str, f64)];

/// Units of the Arcamanik office: name, people, fields drawn with these weights.
const UNITS: [(&str, usize, FieldMix); 9] = [
    ("sekretariat", 8, &[("general", 1.0)]),
    ("pemerintahan", 4, &[("general", 1.0)]),
    (
        "trantib",
        4,
        &[("public_order", 0.5), ("public_service", 0.5)],
    ),
    ("adminduk", 3, &[("adminduk", 1.0)]),
    (
        "kesos_ekbang",
        4,
        &[("public_service", 0.75), ("general", 0.25)],
    ),
    ("kel_cisaranten_kulon", 5, &[("public_service", 1.0)]),
    ("kel_cisaranten_endah", 5, &[("public_service", 1.0)]),
    ("kel_sukamiskin", 5, &[("public_service", 1.0)]),
    ("kel_cisaranten_binaharapan", 5, &[("public_service", 1.0)]),
];

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let out = std::env::args()
        .nth(1)
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("scenarios/examples/data"));
    std::fs::create_dir_all(&out)?;

    let mut rng = stream_rng(20_261_202, 0, 0);
    let mut history = String::from(
        "# SYNTHETIC monthly counts drawn by examples/synthetic_data.rs from known parameters (see scenarios/examples/data/README.md); not real records.\nmonth,unit,class,count\n",
    );
    for t in &TRUTH {
        for year in YEARS {
            for (m, season) in t.season.iter().enumerate() {
                let years_from_start = year - YEARS.end;
                let mean = DAYS_PER_MONTH
                    * t.base_per_day
                    * (1.0 + t.growth_per_year).powi(years_from_start)
                    * season;
                let count: f64 = Poisson::new(mean)?.sample(&mut rng);
                writeln!(
                    history,
                    "{year}-{:02},{},{},{}",
                    m + 1,
                    t.unit,
                    t.class,
                    count as u64
                )?;
            }
        }
    }
    std::fs::write(out.join("complaints.csv"), history)?;

    let mut roster = String::from("unit,id,name,field,years_at_post,age\n");
    let mut n = 0;
    for (unit, people, fields) in UNITS {
        for _ in 0..people {
            n += 1;
            let mut u: f64 = rng.random();
            let field = fields
                .iter()
                .find(|(_, w)| {
                    u -= w;
                    u < 0.0
                })
                .map(|(f, _)| *f)
                .unwrap_or(fields[0].0);
            let age = 25 + (rng.random::<f64>() * 30.0) as u32;
            let at_post = (rng.random::<f64>() * 5.0 * 10.0).round() / 10.0;
            writeln!(
                roster,
                "{unit},S{n:03},Staff {n:03},{field},{at_post},{age}"
            )?;
        }
    }
    std::fs::write(out.join("staff.csv"), roster)?;
    println!(
        "wrote {} and {}",
        out.join("complaints.csv").display(),
        out.join("staff.csv").display()
    );
    Ok(())
}

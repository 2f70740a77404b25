//! Writes a SYNTHETIC organisation of `UNITS` units of 10 staff (lognormal work, EJ
//! 0.55-0.95; see `benches/synthetic/mod.rs`) as a scenario file, for the scaling table in
//! `benches/README.md`. Run with
//! `cargo run --release --example synthetic_org -- UNITS YEARS > org.toml`, then
//! `mutasi run org.toml -r 1 --threads 1`.

#[path = "../benches/synthetic/mod.rs"]
mod synthetic;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let parsed = match args.as_slice() {
        [units, years] => units
            .parse::<usize>()
            .ok()
            .filter(|&u| u > 0)
            .zip(years.parse::<f64>().ok().filter(|&y| y > 0.0)),
        _ => None,
    };
    let Some((units, years)) = parsed else {
        eprintln!("usage: synthetic_org UNITS YEARS   (UNITS > 0 units of 10 staff, YEARS > 0)");
        return ExitCode::from(2);
    };
    print!("{}", synthetic::scenario_text(units, years));
    ExitCode::SUCCESS
}

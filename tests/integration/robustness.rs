//! Robustness: random valid scenarios keep every invariant; valid-then-mutated scenario text
//! never panics and is either run or rejected with a line or a field path; every crasher the
//! fuzzers found (tests/fuzz_regressions/) is replayed.

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::Path;

use mutasi::engine::{StreamRng, stream_rng};
use mutasi::fuzz::{self, Outcome};
use proptest::prelude::*;
use rand::RngExt;

use crate::support::{model, property_config, replication_under, scenario_from_toml};

// ---------------------------------------------------------------------------------------
// A generator of valid scenarios
// ---------------------------------------------------------------------------------------

const FIELDS: [&str; 3] = ["general", "health", "education"];

fn pick<'a>(rng: &mut StreamRng, xs: &[&'a str]) -> &'a str {
    xs[rng.random_range(0..xs.len())]
}

fn service(rng: &mut StreamRng) -> String {
    let mean = rng.random_range(0.2..4.0);
    match rng.random_range(0..6) {
        0 => format!("{{ kind = \"exponential\", mean_hours = {mean:?} }}"),
        1 => format!("{{ kind = \"lognormal\", mean_hours = {mean:?}, cv = 0.7 }}"),
        2 => format!("{{ kind = \"gamma\", mean_hours = {mean:?}, cv = 1.5 }}"),
        3 => format!(
            "{{ kind = \"triangular\", min_hours = 0.1, mode_hours = {mean:?}, max_hours = {:?} }}",
            mean * 2.0
        ),
        4 => format!(
            "{{ kind = \"uniform\", min_hours = 0.0, max_hours = {:?} }}",
            mean * 2.0
        ),
        _ => format!("{{ kind = \"deterministic\", hours = {mean:?} }}"),
    }
}

/// A valid scenario drawn from `seed`: 1-6 units (some with no staff, some overloaded),
/// random service laws, freeze windows, review timing and every policy kind, a horizon of
/// at most 1.5 years.
pub fn valid_scenario(seed: u64) -> String {
    let mut rng = stream_rng(seed, 0, 0);
    let r = &mut rng;
    let horizon: f64 = r.random_range(0.05..1.5);
    let units = r.random_range(1..=6usize);
    let mut t = format!(
        "name = \"generated{seed}\"\nhorizon_years = {horizon:?}\nwarmup_years = {:?}\n\
         staff_dynamics = {}\n\n[experiment]\nreplications = 1\nseed = {}\n\n",
        horizon * r.random_range(0.0..0.5),
        r.random::<f64>() < 0.7,
        r.random::<u32>()
    );
    t += &format!(
        "[transfers]\nmin_years_at_post = {:?}\nnotice_months = {:?}\n",
        r.random_range(0.0..1.0),
        r.random_range(0.0..2.0)
    );
    if r.random::<f64>() < 0.5 {
        let a: f64 = r.random_range(0.0..1.0);
        t += &format!(
            "freeze = [{{ start_year = {a:?}, end_year = {:?} }}]\n",
            a + r.random_range(0.01..0.5)
        );
    }
    t += &format!(
        "\n[review]\nevery_months = {}\nstart_month = {}\nmax_moves_per_review = {}\n\n",
        r.random_range(1..=4),
        r.random_range(1..=4),
        r.random_range(0..=4)
    );
    t += &format!(
        "[attrition]\nquit_per_year = {:?}\n\n",
        r.random_range(0.0..0.5)
    );
    for u in 0..units {
        let positions = r.random_range(1..=8u32);
        // A few units start empty; most are around a utilization of 0.3 to 1.3.
        let staff = if r.random::<f64>() < 0.15 {
            0
        } else {
            r.random_range(1..=positions)
        };
        t += &format!(
            "[[units]]\nname = \"u{u}\"\nfield = \"{}\"\nremoteness = {}\npositions = {positions}\n\
             staff = {staff}\n",
            pick(r, &FIELDS),
            r.random_range(0..=2)
        );
        let work = service(r);
        let rho: f64 = r.random_range(0.1..1.3);
        let per_day = rho * staff.max(1) as f64 * 7.5 / 2.0;
        let complaints = r.random::<f64>() < 0.3;
        if complaints {
            t += &format!(
                "[[units.cases]]\nclass = \"request\"\nsla_days = {:?}\n\
                 demand = {{ base_per_day = {per_day:?} }}\nservice = {work}\n\
                 complaint_after_days = {:?}\ncomplaint_prob = {:?}\n\
                 [[units.cases]]\nclass = \"complaint\"\nsla_days = 5\n\
                 demand = {{ base_per_day = 0.2 }}\nservice = {{ kind = \"exponential\", mean_hours = 1.0 }}\n\n",
                r.random_range(0.5..10.0),
                r.random_range(0.1..3.0),
                r.random_range(0.0..1.0)
            );
        } else {
            t += &format!(
                "sla_days = {:?}\ndemand = {{ base_per_day = {per_day:?}, growth_per_year = {:?} }}\n\
                 service = {work}\n",
                r.random_range(0.5..10.0),
                r.random_range(-0.2..0.5)
            );
            if r.random::<f64>() < 0.3 {
                t += &format!(
                    "patience = {{ kind = \"exponential\", mean_hours = {:?} }}\n",
                    r.random_range(0.5..20.0)
                );
            }
            t += "\n";
        }
    }
    let from = r.random_range(0..units);
    let to = (from + 1) % units;
    t += "[[policies]]\nname = \"status_quo\"\nkind = \"status_quo\"\n\n";
    t += "[[policies]]\nname = \"freeze\"\nkind = \"freeze\"\n\n";
    t += &format!(
        "[[policies]]\nname = \"rotation\"\nkind = \"periodic_rotation\"\nevery_years = {:?}\n\
         who = \"{}\"\ndestination = \"{}\"\n\n",
        r.random_range(0.1..2.0),
        pick(r, &["longest_at_post", "random", "performance"]),
        pick(r, &["best_fit", "most_needed"])
    );
    t += &format!(
        "[[policies]]\nname = \"needs\"\nkind = \"needs_based\"\ntolerance = {:?}\nmonths = {}\n\n",
        r.random_range(0.0..0.5),
        r.random_range(1..=3)
    );
    t += &format!(
        "[[policies]]\nname = \"match\"\nkind = \"competence_match\"\nmove_budget = {}\n\n",
        r.random_range(0..=4)
    );
    if units > 1 {
        t += &format!(
            "[[policies]]\nname = \"planned\"\nkind = \"planned_moves\"\n\
             moves = [{{ month = {}, from = \"u{from}\", to = \"u{to}\", count = {} }}]\n\n",
            r.random_range(1..=12),
            r.random_range(1..=3)
        );
        t += &format!(
            "[[policies]]\nname = \"triggered\"\nkind = \"complaint_triggered\"\n\
             indicator = \"{}\"\nmonths = 2\nsurge_factor = {:?}\nmoves_per_trigger = {}\n\n",
            pick(
                r,
                &[
                    "complaints",
                    "backlog",
                    "sla_breach_rate",
                    "wait_days_mean",
                    "ej"
                ]
            ),
            r.random_range(1.0..2.0),
            r.random_range(1..=3)
        );
    }
    t
}

// ---------------------------------------------------------------------------------------
// Invariants over random valid scenarios
// ---------------------------------------------------------------------------------------

/// Every generated scenario validates; one replication of every policy keeps every invariant
/// (cases, headcount, positions, clock, KPIs finite or legitimately undefined, shares in
/// [0, 1], the transfer log obeys every rule).
#[test]
fn invariants_hold_over_random_valid_scenarios() {
    let scenarios = 400u64;
    let mut orders_audited = 0usize;
    let mut undefined_seen = false;
    for seed in 0..scenarios {
        let text = valid_scenario(seed);
        let scenario = scenario_from_toml(&text);
        let mut m = model(&scenario);
        m.log_transfers = true;
        for p in 0..scenario.policies.len() {
            let r = replication_under(&m, p, scenario.experiment.seed, seed);
            if let Err(e) = r.check_all_invariants(&m) {
                panic!("seed {seed}, policy {p}: {e}\n{text}");
            }
            orders_audited += r.transfers.len();
            undefined_seen |= r.kpis.iter().any(|v| v.is_nan());
        }
    }
    // The audit must have had something to audit, and the "undefined" path must be exercised.
    assert!(orders_audited > 100, "only {orders_audited} orders audited");
    assert!(undefined_seen, "no scenario produced an undefined KPI");
}

/// The fuzz entry point really simulates: generated scenarios run there too (so the mutation
/// test below sees runs, not only rejections).
#[test]
fn generated_scenarios_run_through_the_fuzz_entry_point() {
    for seed in 0..20u64 {
        let text = valid_scenario(seed);
        match outcome_of(text.as_bytes()) {
            Ok(Outcome::Ran { replications }) => assert!(replications >= 5, "seed {seed}"),
            other => panic!("seed {seed}: {other:?}\n{text}"),
        }
    }
}

/// The audit is not vacuous: a transfer log doctored to break each rule is caught.
#[test]
fn transfer_audit_catches_each_broken_rule() {
    let text = valid_scenario(7);
    let mut found = None;
    for seed in 0..200u64 {
        let text = valid_scenario(seed);
        let scenario = scenario_from_toml(&text);
        let mut m = model(&scenario);
        m.log_transfers = true;
        for p in 0..scenario.policies.len() {
            let r = replication_under(&m, p, 1, 0);
            if r.transfers.iter().any(|t| t.outcome == "accepted") {
                found = Some((m.clone(), r));
                break;
            }
        }
        if found.is_some() {
            break;
        }
    }
    let Some((m, r)) = found else {
        panic!("no generated scenario issued an order\n{text}");
    };
    assert_eq!(r.check_all_invariants(&m), Ok(()));
    let i = r
        .transfers
        .iter()
        .position(|t| t.outcome == "accepted")
        .unwrap_or(0);
    let broken = |f: &dyn Fn(&mut mutasi::sim::ReplicationResult)| {
        let mut bad = r.clone();
        f(&mut bad);
        bad.check_all_invariants(&m)
    };
    assert!(broken(&|b| b.transfers[i].years_at_post = -1.0).is_err());
    assert!(broken(&|b| b.transfers[i].to = b.transfers[i].from).is_err());
    assert!(broken(&|b| b.transfers[i].outcome = "pending".into()).is_err());
    assert!(broken(&|b| b.max_moves_per_review = 0).is_err());
    assert!(
        broken(&|b| {
            let mut again = b.transfers[i].clone();
            again.hour += 1.0;
            b.transfers[i].closed_hour = None;
            b.transfers.push(again);
        })
        .is_err(),
        "a second order while the first is pending"
    );
    let mut frozen = m.clone();
    frozen
        .scenario
        .transfers
        .freeze
        .push(mutasi::scenario::FreezeWindow {
            start_year: 0.0,
            end_year: 1000.0,
        });
    assert!(
        r.check_all_invariants(&frozen).is_err(),
        "order in a freeze"
    );
    assert!(broken(&|b| b.kpis[0] = f64::NAN).is_err(), "complaints NaN");
    assert!(broken(&|b| b.clock_monotone = false).is_err());
    assert!(broken(&|b| b.tallies[0].arrived += 1).is_err());
}

// ---------------------------------------------------------------------------------------
// Mutated scenario text
// ---------------------------------------------------------------------------------------

/// What a mutation does to one line of a valid scenario.
#[derive(Debug, Clone)]
enum Mutation {
    DeleteLine,
    DuplicateLine,
    /// Replaces the value after `=` with this text.
    Value(String),
    /// Inserts this line before the line.
    Insert(String),
    /// Cuts the text at this fraction of its length.
    Truncate(f64),
}

fn value_strategy() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("nan".to_string()),
        Just("inf".to_string()),
        Just("-inf".to_string()),
        Just("-1".to_string()),
        Just("0".to_string()),
        Just("1e308".to_string()),
        Just("-1e308".to_string()),
        Just("4294967296".to_string()),
        Just("9223372036854775807".to_string()),
        Just("1e-320".to_string()),
        Just("true".to_string()),
        Just("\"\"".to_string()),
        Just("\"ünïcødé 🚀 ケース\"".to_string()),
        Just("\"\u{202e}rtl\u{0}\"".to_string()),
        Just("[]".to_string()),
        Just("{}".to_string()),
        Just("[1, \"a\", true]".to_string()),
        Just(format!("[{}]", vec!["1.0"; 5000].join(", "))),
        Just(format!("\"{}\"", "x".repeat(10_000))),
        Just("{ kind = \"gamma\", mean_hours = 1e-300, cv = 1e300 }".to_string()),
        any::<f64>().prop_map(|v| format!("{v:?}")),
        any::<i64>().prop_map(|v| v.to_string()),
    ]
}

fn mutation_strategy() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        Just(Mutation::DeleteLine),
        Just(Mutation::DuplicateLine),
        value_strategy().prop_map(Mutation::Value),
        prop_oneof![
            Just("[[units]]".to_string()),
            Just("[units]".to_string()),
            Just("name = \"u0\"".to_string()),
            Just("horizon_years = 100".to_string()),
            Just("staff = 1000000".to_string()),
            Just("positions = 4294967295".to_string()),
            Just("season = [1, 2]".to_string()),
            Just("ünïcødé = 1".to_string()),
            Just("[[policies]]".to_string()),
            Just("[experiment]".to_string()),
            Just("\u{feff}# bom".to_string()),
        ]
        .prop_map(Mutation::Insert),
        (0.0..1.0f64).prop_map(Mutation::Truncate),
    ]
}

fn mutate(text: &str, edits: &[(usize, Mutation)]) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for (at, m) in edits {
        if lines.is_empty() {
            break;
        }
        let i = at % lines.len();
        match m {
            Mutation::DeleteLine => {
                lines.remove(i);
            }
            Mutation::DuplicateLine => lines.insert(i, lines[i].clone()),
            Mutation::Value(v) => {
                if let Some(eq) = lines[i].find('=') {
                    lines[i] = format!("{}= {v}", &lines[i][..eq]);
                }
            }
            Mutation::Insert(l) => lines.insert(i, l.clone()),
            Mutation::Truncate(f) => {
                let joined = lines.join("\n");
                let mut cut = (joined.len() as f64 * f) as usize;
                while !joined.is_char_boundary(cut) {
                    cut -= 1;
                }
                lines = joined[..cut].lines().map(str::to_string).collect();
            }
        }
    }
    lines.join("\n")
}

/// Runs scenario text through parse, validate and a short simulation; the outcome, or the
/// panic message.
fn outcome_of(text: &[u8]) -> Result<Outcome, String> {
    catch_unwind(AssertUnwindSafe(|| fuzz::scenario_text(text))).map_err(|e| {
        e.downcast_ref::<String>()
            .cloned()
            .or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string()))
            .unwrap_or_default()
    })
}

/// True when an error message names a line (`fuzz.toml:L:C:`) or a field path (`path = value:
/// expected ...` after the problem count).
fn names_a_place(message: &str) -> bool {
    let line = message
        .strip_prefix("fuzz.toml:")
        .and_then(|rest| rest.split(':').next())
        .is_some_and(|l| l.parse::<usize>().is_ok_and(|l| l >= 1));
    let field = message.starts_with("fuzz.toml: ")
        && message
            .lines()
            .skip(1)
            .all(|p| p.starts_with("  ") && p.contains(" = ") && p.contains("expected"));
    line || field
}

proptest! {
    #![proptest_config(property_config(300))]

    /// Valid-then-mutated scenario text never panics: it runs (keeping every invariant) or is
    /// rejected with an error naming a line or a field path.
    #[test]
    fn mutated_scenarios_run_or_name_the_problem(
        seed in 0u64..1000,
        edits in prop::collection::vec((any::<usize>(), mutation_strategy()), 1..4),
    ) {
        let text = mutate(&valid_scenario(seed), &edits);
        match outcome_of(text.as_bytes()) {
            Err(panic) => prop_assert!(false, "panicked: {panic}\n{text}"),
            Ok(Outcome::Rejected(message)) => {
                prop_assert!(names_a_place(&message), "no line or field in: {message}\n{text}");
            }
            Ok(Outcome::Ran { .. } | Outcome::Read { .. } | Outcome::NotText) => {}
        }
    }

    /// Arbitrary bytes (mostly not TOML) never panic.
    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        prop_assert!(outcome_of(&bytes).is_ok());
    }

    /// Mutated roster and history CSV never panics in any data reader.
    #[test]
    fn mutated_data_files_never_panic(
        cells in prop::collection::vec(prop_oneof![
            Just("unit".to_string()), Just("age".to_string()), Just("u0".to_string()),
            Just("month".to_string()), Just("class".to_string()), Just("count".to_string()),
            Just("2024-01".to_string()), Just("9999-12".to_string()), Just("#".to_string()),
            Just("\"".to_string()), Just(",".to_string()), Just("\n".to_string()),
            Just("nan".to_string()), Just("1e999".to_string()), Just("ケース".to_string()),
            Just("".to_string()), any::<u32>().prop_map(|v| v.to_string()),
        ], 0..60),
    ) {
        let text = cells.concat();
        for (name, read) in fuzz::DATA_READERS {
            let r = catch_unwind(AssertUnwindSafe(|| read(text.as_bytes())));
            prop_assert!(r.is_ok(), "{name} panicked on {text:?}");
        }
    }
}

/// Every `data_csv` seed is a clean file of the reader its first byte picks, that reader is
/// the one its name starts with, and every reader in `DATA_READERS` has a seed.
#[test]
fn data_csv_seeds_read_cleanly_in_the_reader_they_pick() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz/seeds/data_csv");
    let mut seeded = std::collections::BTreeSet::new();
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())) {
        let path = entry
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .path();
        let bytes = std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let Some((&pick, file)) = bytes.split_first() else {
            panic!("{} is empty", path.display());
        };
        let (name, read) = fuzz::DATA_READERS[pick as usize % fuzz::DATA_READERS.len()];
        let seed = path.file_name().and_then(|n| n.to_str()).unwrap_or("");
        assert!(
            seed.starts_with(name.trim_end_matches("_csv")),
            "{seed} picks the reader {name}"
        );
        match read(file) {
            Outcome::Read { records } => assert!(records > 0, "{seed}: no records"),
            other => panic!("{seed}: {other:?}"),
        }
        seeded.insert(name);
    }
    assert_eq!(
        seeded.len(),
        fuzz::DATA_READERS.len(),
        "readers seeded: {seeded:?}"
    );
}

// ---------------------------------------------------------------------------------------
// Fuzzer crashers, replayed
// ---------------------------------------------------------------------------------------

/// Every crasher the fuzzers found (tests/fuzz_regressions/<target>/) now runs or is
/// rejected with a placed error, without panicking.
#[test]
fn fuzz_regressions_replay_without_panic() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions");
    let mut replayed = 0;
    let mut dirs: Vec<_> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    for dir in dirs {
        let target = dir.file_name().and_then(|n| n.to_str()).unwrap_or("");
        let run: fn(&[u8]) -> Outcome = match target {
            "scenario_text" => fuzz::scenario_text,
            reader => fuzz::data_reader(reader)
                .unwrap_or_else(|| panic!("no fuzz entry point named {reader}")),
        };
        let mut files: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.file_name().is_some_and(|n| n != "README.md"))
            .collect();
        files.sort();
        for file in files {
            let bytes = std::fs::read(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            let r = catch_unwind(AssertUnwindSafe(|| run(&bytes)));
            assert!(r.is_ok(), "{} panics again", file.display());
            if let Ok(Outcome::Rejected(message)) = r {
                assert!(
                    target != "scenario_text" || names_a_place(&message),
                    "{}: {message}",
                    file.display()
                );
            }
            replayed += 1;
        }
    }
    assert!(replayed > 0, "no regression file under {}", root.display());
}

//! Demand calibration from history CSVs: the Poisson MLE recovers known parameters within its
//! intervals, the intervals cover at their nominal rate, the goodness-of-fit test keeps a
//! well-specified model and rejects a misspecified one, every bad row is named by file, line
//! and column, and `mutasi fit` / `mutasi init` work end to end.

use std::path::Path;
use std::process::{Command, Output};

use mutasi::calibrate::{DemandFit, MonthCount, fit_monthly_counts};
use mutasi::engine::stream_rng;
use mutasi::scenario::{self, ScenarioError};
use rand_distr::{Distribution, Gamma, Poisson};

const DAYS_PER_MONTH: f64 = 20.0;
const SEASON: [f64; 12] = [
    1.2, 1.0, 0.95, 0.95, 1.0, 1.0, 1.15, 1.05, 0.95, 0.95, 0.95, 0.85,
];

/// Known demand parameters (year-0 values, season averaging 1).
struct Truth {
    base: f64,
    growth: f64,
    season: [f64; 12],
}

/// `years` years of monthly counts ending the year before the run; `overdispersion` > 0
/// multiplies each month's mean by a gamma factor of that CV (negative binomial counts).
fn synthetic(truth: &Truth, years: i32, seed: u64, overdispersion: f64) -> Vec<MonthCount> {
    let mut rng = stream_rng(seed, 0, 0);
    let mut out = Vec::new();
    for year in -years..0 {
        for month in 0..12u8 {
            let mut mean = DAYS_PER_MONTH
                * truth.base
                * (1.0 + truth.growth).powi(year)
                * truth.season[month as usize];
            if overdispersion > 0.0 {
                let shape = 1.0 / (overdispersion * overdispersion);
                let factor: f64 = Gamma::new(shape, 1.0 / shape)
                    .expect("valid gamma")
                    .sample(&mut rng);
                mean *= factor;
            }
            let count: f64 = Poisson::new(mean).expect("valid mean").sample(&mut rng);
            out.push(MonthCount {
                year,
                month,
                count: count as u64,
            });
        }
    }
    out
}

fn fit(data: &[MonthCount]) -> DemandFit {
    fit_monthly_counts(data, DAYS_PER_MONTH).expect("synthetic data fit")
}

fn covers((lo, hi): (f64, f64), truth: f64) -> bool {
    lo <= truth && truth <= hi
}

#[test]
fn mle_recovers_known_parameters_within_99_percent_intervals() {
    let cases = [
        Truth {
            base: 32.0,
            growth: 0.02,
            season: SEASON,
        },
        Truth {
            base: 0.6,
            growth: 0.05,
            season: [1.0; 12],
        },
        Truth {
            base: 5.0,
            growth: -0.03,
            season: SEASON,
        },
    ];
    for (i, truth) in cases.iter().enumerate() {
        let f = fit(&synthetic(truth, 5, 100 + i as u64, 0.0));
        assert!(
            covers(f.base_per_day.interval(0.99), truth.base),
            "case {i}: base {:?} vs {}",
            f.base_per_day.interval(0.99),
            truth.base
        );
        assert!(
            covers(f.growth_per_year.interval(0.99), truth.growth),
            "case {i}: growth {:?} vs {}",
            f.growth_per_year.interval(0.99),
            truth.growth
        );
        // Twelve factors at once: Bonferroni, each at 1 − 0.01/12.
        for (m, s) in f.season.iter().enumerate() {
            assert!(
                covers(s.interval(1.0 - 0.01 / 12.0), truth.season[m]),
                "case {i} month {m}: {:?} vs {}",
                s.interval(1.0 - 0.01 / 12.0),
                truth.season[m]
            );
        }
        // The intervals are informative: a 5-year series pins a large rate to within 5 %.
        if truth.base > 10.0 {
            let (lo, hi) = f.base_per_day.ci95();
            assert!((hi - lo) / truth.base < 0.1, "case {i}: [{lo}, {hi}]");
        }
    }
}

/// Binomial tolerance: `hits` of `n` at probability `p`, within 3.3 standard deviations
/// (two-sided about 0.001).
fn near_rate(hits: usize, n: usize, p: f64) -> bool {
    let sd = (n as f64 * p * (1.0 - p)).sqrt();
    (hits as f64 - n as f64 * p).abs() <= 3.3 * sd
}

#[test]
fn ninety_five_percent_intervals_cover_about_95_percent_of_200_datasets() {
    let truth = Truth {
        base: 8.0,
        growth: 0.03,
        season: SEASON,
    };
    let n = 200;
    let (mut base, mut growth, mut january, mut december) = (0, 0, 0, 0);
    for r in 0..n {
        let f = fit(&synthetic(&truth, 4, 1_000 + r as u64, 0.0));
        base += covers(f.base_per_day.ci95(), truth.base) as usize;
        growth += covers(f.growth_per_year.ci95(), truth.growth) as usize;
        january += covers(f.season[0].ci95(), truth.season[0]) as usize;
        december += covers(f.season[11].ci95(), truth.season[11]) as usize;
    }
    for (name, hits) in [
        ("base", base),
        ("growth", growth),
        ("January", january),
        ("December", december),
    ] {
        assert!(
            near_rate(hits, n, 0.95),
            "{name}: {hits}/{n} intervals cover the truth"
        );
    }
}

#[test]
fn goodness_of_fit_keeps_poisson_data_and_rejects_overdispersed_or_broken_series() {
    let truth = Truth {
        base: 20.0,
        growth: 0.02,
        season: SEASON,
    };
    // Well specified: the test rejects at 5 % about 5 % of the time.
    let n = 200;
    let rejected = (0..n)
        .filter(|r| {
            fit(&synthetic(&truth, 4, 5_000 + *r as u64, 0.0))
                .pearson
                .p_value
                < 0.05
        })
        .count();
    assert!(near_rate(rejected, n, 0.05), "{rejected}/{n} rejected");
    let one = fit(&synthetic(&truth, 4, 7, 0.0));
    assert!(one.pearson.p_value > 0.01 && one.deviance.p_value > 0.01);
    assert_eq!(one.pearson.df, 48 - 13);

    // Overdispersed: month-to-month variation of 15 % on top of Poisson noise.
    let over = fit(&synthetic(&truth, 4, 7, 0.15));
    assert!(
        over.pearson.p_value < 1e-6,
        "overdispersed p = {}",
        over.pearson.p_value
    );
    // A level shift (demand jumps by half in the last two years) is not a geometric trend.
    let mut broken = synthetic(&truth, 4, 8, 0.0);
    let mut rng = stream_rng(9, 0, 0);
    for m in broken.iter_mut().filter(|m| m.year >= -2) {
        let mean = DAYS_PER_MONTH
            * truth.base
            * 1.5
            * (1.0 + truth.growth).powi(m.year)
            * truth.season[m.month as usize];
        m.count = Poisson::new(mean).expect("mean").sample(&mut rng) as u64;
    }
    let shifted = fit(&broken);
    assert!(
        shifted.deviance.p_value < 1e-6,
        "level shift p = {}",
        shifted.deviance.p_value
    );
}

// --- History files through the scenario loader ----------------------------------------

const SCENARIO: &str = r#"
horizon_years = 1
[[units]]
name = "counter"
positions = 4
staff = 3
[[units.cases]]
class = "request"
sla_days = 3
service = { kind = "exponential", mean_hours = 0.5 }
demand = { history = "h.csv" }
[[units.cases]]
class = "complaint"
sla_days = 10
service = { kind = "exponential", mean_hours = 1.0 }
demand = { base_per_day = 0.5 }
"#;

/// 36 months of `counter,request` rows (2022-01 to 2024-12), line k+2 for month k.
fn good_history() -> Vec<String> {
    let mut rows = vec!["month,unit,class,count".to_string()];
    for t in 0..36 {
        rows.push(format!(
            "{}-{:02},counter,request,{}",
            2022 + t / 12,
            t % 12 + 1,
            180 + (t * 7) % 23
        ));
    }
    rows
}

fn write_case(dir: &Path, scenario: &str, history: &[String]) -> String {
    std::fs::write(dir.join("s.toml"), scenario).expect("write scenario");
    std::fs::write(dir.join("h.csv"), history.join("\n") + "\n").expect("write history");
    dir.join("s.toml").display().to_string()
}

#[test]
fn a_history_fills_the_demand_and_written_values_win() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let path = write_case(tmp.path(), SCENARIO, &good_history());
    let (s, _, fits) = scenario::load_calibrated(&path, &[]).expect("loads");
    assert_eq!(fits.len(), 1);
    let c = &fits[0];
    assert_eq!((c.unit.as_str(), c.class.as_str()), ("counter", "request"));
    assert_eq!(c.months, ("2022-01".to_string(), "2024-12".to_string()));
    assert_eq!(c.run_start_year, 2025);
    let demand = &s.units[0].cases[0].demand;
    assert_eq!(demand.base_per_day, Some(c.fit.base_per_day.value()));
    assert_eq!(demand.growth_per_year, c.fit.growth_per_year.value());
    assert_eq!(demand.season, c.fit.season_values());
    assert_eq!(demand.history, None, "the resolved scenario stands alone");
    // Average monthly count ~ 191, a month is 20 working days: about 9.5 a day.
    assert!((8.0..11.0).contains(&c.fit.base_per_day.value()));

    let both = SCENARIO.replace(
        "demand = { history = \"h.csv\" }",
        "demand = { base_per_day = 4.0, history = \"h.csv\" }",
    );
    let path = write_case(tmp.path(), &both, &good_history());
    let (s, _, fits) = scenario::load_calibrated(&path, &[]).expect("loads");
    assert_eq!(s.units[0].cases[0].demand.base_per_day, Some(4.0));
    assert_eq!(s.units[0].cases[0].demand.season, Vec::<f64>::new());
    assert_eq!(fits[0].written.as_ref().map(|w| w.base_per_day), Some(4.0));

    let clash = SCENARIO.replace(
        "demand = { history = \"h.csv\" }",
        "demand = { growth_per_year = 0.1, history = \"h.csv\" }",
    );
    let path = write_case(tmp.path(), &clash, &good_history());
    match scenario::load(&path, &[]) {
        Err(ScenarioError::Invalid { problems, .. }) => {
            assert_eq!(problems[0].path, "units[0].cases[0].demand.growth_per_year")
        }
        other => panic!("expected an invalid scenario, got {other:?}"),
    }
}

#[test]
fn every_bad_history_row_names_file_line_and_column() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let edit = |f: &dyn Fn(&mut Vec<String>)| {
        let mut rows = good_history();
        f(&mut rows);
        rows
    };
    // (what, rows, line, column, words in the message)
    let cases: Vec<(&str, Vec<String>, usize, usize, &str)> = vec![
        (
            "bad month",
            edit(&|r| r[5] = "2022-4,counter,request,10".into()),
            6,
            1,
            "YYYY-MM",
        ),
        (
            "month 13",
            edit(&|r| r[5] = "2022-13,counter,request,10".into()),
            6,
            1,
            "YYYY-MM",
        ),
        (
            "negative count",
            edit(&|r| r[3] = "2022-02,counter,request,-3".into()),
            4,
            4,
            "whole number",
        ),
        (
            "fractional count",
            edit(&|r| r[3] = "2022-02,counter,request,3.5".into()),
            4,
            4,
            "whole number",
        ),
        (
            "unknown unit",
            edit(&|r| r.push("2024-12,kantor,request,3".into())),
            38,
            2,
            "unknown unit 'kantor'",
        ),
        (
            "unknown class",
            edit(&|r| r.push("2024-12,counter,letters,3".into())),
            38,
            3,
            "no case class 'letters'",
        ),
        (
            "duplicate month",
            edit(&|r| r.push("2023-05,counter,request,3".into())),
            38,
            1,
            "duplicate month 2023-05",
        ),
        (
            "gap",
            edit(&|r| {
                r.remove(8);
            }),
            9,
            1,
            "no row for 2022-08",
        ),
        (
            "too few months",
            edit(&|r| r.truncate(20)),
            20,
            1,
            "at least 24",
        ),
        (
            "all zero",
            {
                let mut r = good_history();
                for row in r.iter_mut().skip(1) {
                    let cut = row.rfind(',').expect("comma");
                    row.replace_range(cut + 1.., "0");
                }
                r
            },
            2,
            4,
            "every count is zero",
        ),
        (
            "missing column",
            edit(&|r| r[0] = "month,unit,class,cases".into()),
            1,
            4,
            "unknown column 'cases'",
        ),
        (
            "short row",
            edit(&|r| r[7] = "2022-06,counter,request".into()),
            8,
            1,
            "malformed",
        ),
    ];
    for (what, rows, line, column, words) in cases {
        let path = write_case(tmp.path(), SCENARIO, &rows);
        match scenario::load(&path, &[]) {
            Err(ScenarioError::Data {
                file,
                line: l,
                column: c,
                message,
                ..
            }) => {
                assert!(file.ends_with("h.csv"), "{what}: file {file}");
                assert_eq!((l, c), (line, column), "{what}: {message}");
                assert!(message.contains(words), "{what}: {message}");
            }
            other => panic!("{what}: expected a data error, got {other:?}"),
        }
    }
}

// --- The binary ---------------------------------------------------------------------------

fn mutasi(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_mutasi"))
        .args(args)
        .output()
        .expect("run the mutasi binary")
}

fn expect_code(args: &[&str], code: i32) -> (String, String) {
    let o = mutasi(args);
    let (out, err) = (
        String::from_utf8_lossy(&o.stdout).into_owned(),
        String::from_utf8_lossy(&o.stderr).into_owned(),
    );
    assert_eq!(
        o.status.code(),
        Some(code),
        "mutasi {}\nstdout:\n{out}\nstderr:\n{err}",
        args.join(" ")
    );
    (out, err)
}

fn manifest(relative: &str) -> String {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join(relative)
        .display()
        .to_string()
}

#[test]
fn fit_prints_estimates_and_writes_a_filled_copy_that_runs_the_same_demand() {
    let example = manifest("scenarios/examples/arcamanik_from_data.toml");
    let (out, _) = expect_code(&["fit", &example], 0);
    for words in [
        "adminduk / request",
        "adminduk / complaint",
        "kel_cisaranten_kulon / request",
        "base_per_day",
        "growth_per_year",
        "season Dec",
        "Pearson X2",
        "on 35 df",
        "the run uses the fitted values",
    ] {
        assert!(out.contains(words), "`{words}` missing from:\n{out}");
    }
    // The synthetic data's true adminduk request rate (32/day) is inside the printed interval.
    let (s, _, fits) = scenario::load_calibrated(&example, &[]).expect("example loads");
    let request = fits
        .iter()
        .find(|c| c.unit == "adminduk" && c.class == "request")
        .expect("adminduk request fitted");
    assert!(covers(request.fit.base_per_day.ci95(), 32.0));

    let tmp = tempfile::tempdir().expect("temp dir");
    let copy = tmp.path().join("filled.toml").display().to_string();
    expect_code(&["fit", &example, "--write", &copy], 0);
    // In another folder, the copy names the roster by its absolute path.
    let anywhere = scenario::DataAccess {
        anywhere: true,
        ..scenario::DataAccess::default()
    };
    let (written, _, _) = scenario::load_with(&copy, &[], &anywhere).expect("filled copy loads");
    let text = std::fs::read_to_string(&copy).expect("read copy");
    assert!(!text.contains("history ="), "history left in:\n{text}");
    assert!(text.contains("# one row per person"), "comments kept");
    for (a, b) in s.units.iter().zip(&written.units) {
        let (va, vb) = (a.class_views("u"), b.class_views("u"));
        for (ca, cb) in va.iter().zip(&vb) {
            let (da, db) = (ca.demand.expect("demand"), cb.demand.expect("demand"));
            assert!((da.base() - db.base()).abs() <= 5e-5 * da.base().max(1.0));
            assert!((da.growth_per_year - db.growth_per_year).abs() <= 5e-5);
            assert_eq!(da.season.len(), db.season.len());
            for (x, y) in da.season.iter().zip(&db.season) {
                assert!((x - y).abs() <= 5e-4);
            }
        }
    }
    expect_code(&["check", &copy, "--allow-external-data"], 0);
    let (_, err) = expect_code(&["fit", &example, "--write", &copy], 2);
    assert!(err.contains("--force"), "{err}");
    expect_code(&["fit", &example, "--write", &copy, "--force"], 0);

    let (_, err) = expect_code(&["fit", "mmc"], 2);
    assert!(err.contains("no demand names a `history`"), "{err}");
    let path = write_case(tmp.path(), SCENARIO, &{
        let mut r = good_history();
        r[4] = "2022-03,counter,request,many".into();
        r
    });
    let (_, err) = expect_code(&["fit", &path], 2);
    assert!(err.contains("h.csv:5:4:"), "{err}");
}

#[test]
fn init_writes_starter_and_data_scenarios_that_pass_check() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let starter = tmp.path().join("my_office.toml").display().to_string();
    expect_code(&["init", "starter", "-o", &starter], 0);
    let (out, _) = expect_code(&["check", &starter], 0);
    assert!(out.starts_with("ok"), "{out}");
    let text = std::fs::read_to_string(&starter).expect("read starter");
    assert!(
        text.matches("CHANGE").count() >= 10,
        "starter marks what to change"
    );
    let (_, err) = expect_code(&["init", "starter", "-o", &starter], 2);
    assert!(err.contains("already exists"), "{err}");
    let (stdout, _) = expect_code(&["init", "starter"], 0);
    assert_eq!(stdout, text, "stdout and -o give the same template");

    // From the synthetic roster and history, with the data next to the scenario.
    for f in ["staff.csv", "complaints.csv"] {
        std::fs::copy(
            manifest(&format!("scenarios/examples/data/{f}")),
            tmp.path().join(f),
        )
        .expect("copy data");
    }
    let office = tmp.path().join("office.toml").display().to_string();
    let roster = tmp.path().join("staff.csv").display().to_string();
    let history = tmp.path().join("complaints.csv").display().to_string();
    expect_code(
        &[
            "init",
            "--roster",
            &roster,
            "--history",
            &history,
            "-o",
            &office,
        ],
        0,
    );
    let (out, _) = expect_code(&["check", &office], 0);
    assert!(out.contains("9 unit(s), 43 staff"), "{out}");
    for f in ["staff.csv", "complaints.csv"] {
        assert!(
            out.lines()
                .any(|l| l.starts_with("data file read:") && l.contains(f)),
            "check lists {f}: {out}"
        );
    }
    let text = std::fs::read_to_string(&office).expect("read office");
    assert!(text.contains("roster = \"staff.csv\""), "{text}");
    assert!(text.contains("history = \"complaints.csv\""), "{text}");
    let (s, _, fits) = scenario::load_calibrated(&office, &[]).expect("loads");
    assert_eq!(fits.len(), 3, "three series in the history");
    let adminduk = s.units.iter().find(|u| u.name == "adminduk").expect("unit");
    assert_eq!(adminduk.field, "adminduk");
    assert_eq!(adminduk.people.len(), 3);
    // A short run of the generated scenario completes.
    let results = tmp.path().join("out").display().to_string();
    expect_code(
        &[
            "run",
            &office,
            "-r",
            "2",
            "-q",
            "--no-charts",
            "-o",
            &results,
            "--set",
            "horizon_years=1",
            "--set",
            "warmup_years=0",
        ],
        0,
    );

    let (_, err) = expect_code(&["init", "--roster", &roster], 2);
    assert!(err.contains("-o"), "{err}");
    let (_, err) = expect_code(&["init", "nonesuch"], 2);
    assert!(err.contains("starter"), "{err}");
}

proptest::proptest! {
    #![proptest_config(crate::support::property_config(512))]

    /// Whatever the bytes, the history reader answers with rows or an error naming a line
    /// within the file, never a panic.
    #[test]
    fn the_history_reader_never_panics(
        body in "[0-9a-z,\\-\\.\\n#\" ]{0,400}",
        raw in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..200),
    ) {
        let text = format!("month,unit,class,count\n{body}");
        let lines = text.lines().count().max(1);
        match scenario::parse_history(text.as_bytes(), "h.csv") {
            Ok(h) => proptest::prop_assert!(!h.series.is_empty()),
            Err(ScenarioError::Data { line, column, .. }) => {
                proptest::prop_assert!(line >= 1 && line <= lines + 1 && column >= 1);
            }
            Err(other) => proptest::prop_assert!(false, "unexpected error {other:?}"),
        }
        let _ = scenario::parse_history(&raw, "raw.csv");
    }
}

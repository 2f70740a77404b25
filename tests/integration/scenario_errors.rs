//! Bad scenarios (`tests/data/bad/*.toml`) and bad `--set` overrides: every error says where
//! (line for syntax, type and unknown-field errors; field path for meaning errors) and what
//! was expected, all problems of a file come at once, and the command line prints them to
//! stderr with exit code 2.

use std::collections::BTreeSet;
use std::process::Command;

use mutasi::scenario::{self, Distribution, Override, ScenarioError};

use crate::support::{data_path, overrides};

/// What loading a bad file must report.
#[derive(Debug, Clone, Copy)]
enum Expect {
    /// `ScenarioError::Syntax` at this 1-based line, the message containing every needle.
    Syntax {
        line: usize,
        needles: &'static [&'static str],
    },
    /// `ScenarioError::Invalid` with exactly these problems, as
    /// (path, text in the value, text in the expectation).
    Invalid(&'static [(&'static str, &'static str, &'static str)]),
    /// `ScenarioError::Invalid` with at least these problems (where a problem may also make a
    /// dependent check fail, e.g. a zero horizon also makes any warm-up too long).
    Includes(&'static [(&'static str, &'static str, &'static str)]),
}

use Expect::{Includes, Invalid, Syntax};

/// One test per file, plus the table `BAD_FILES` for the whole-directory and CLI tests.
macro_rules! bad_files {
    ($($test:ident: $file:literal => $expect:expr;)*) => {
        $(
            #[test]
            fn $test() {
                check_library($file, $expect);
            }
        )*
        const BAD_FILES: &[(&str, Expect)] = &[$(($file, $expect)),*];
    };
}

bad_files! {
    nan_is_not_a_rate: "nan_base_per_day.toml" =>
        Invalid(&[("units[2].demand.base_per_day", "NaN", "a finite number >= 0")]);
    negative_mean_work_content: "negative_service_mean.toml" =>
        Invalid(&[("units[0].service.mean_hours", "-0.5", "> 0")]);
    subject_groups_need_students_and_known_fields: "subject_need_without_students.toml" =>
        Invalid(&[
            ("units[0].subject_need.langauge", "langauge", "a field some unit"),
            ("units[0].subject_need", "without students", "`students` > 0"),
        ]);
    zero_sla_in_a_case_class: "zero_sla_days.toml" =>
        Invalid(&[("units[0].cases[1].sla_days", "0", "> 0")]);
    zero_hours_per_day: "zero_hours_per_day.toml" =>
        Invalid(&[("calendar.hours_per_day", "0", "(0, 24]")]);
    misspelt_field_names_its_line: "unknown_field_typo.toml" =>
        Syntax { line: 6, needles: &["unknown field `postions`", "expected one of", "`positions`"] };
    unknown_unit_field: "unknown_unit_field.toml" =>
        Syntax { line: 6, needles: &["unknown field `type`", "expected one of"] };
    unknown_distribution_kind: "unknown_distribution_kind.toml" =>
        Syntax { line: 10, needles: &["unknown variant `weibull`", "`exponential`", "`lognormal`"] };
    missing_distribution_parameter: "missing_distribution_parameter.toml" =>
        Syntax { line: 10, needles: &["missing field `cv`"] };
    duplicate_unit_names: "duplicate_unit_names.toml" =>
        Invalid(&[("units[2].name", "kelurahan", "a name not used by another unit")]);
    season_of_eleven_months: "season_not_twelve.toml" =>
        Invalid(&[("units[0].demand.season", "11", "12 monthly multipliers")]);
    staff_above_positions: "staff_above_positions.toml" =>
        Invalid(&[("units[1].staff", "6", "at most positions = 4")]);
    zero_horizon: "horizon_zero.toml" =>
        Includes(&[("horizon_years", "0", "(0, 200]")]);
    negative_horizon: "horizon_negative.toml" =>
        Includes(&[("horizon_years", "-3", "(0, 200]")]);
    horizon_beyond_200_years: "horizon_too_long.toml" =>
        Invalid(&[("horizon_years", "250", "(0, 200]")]);
    more_than_a_million_staff: "too_many_staff.toml" =>
        Invalid(&[("units[*].staff", "1000001", "at most 1000000 staff")]);
    text_for_a_count: "string_for_number.toml" =>
        Syntax { line: 7, needles: &["invalid type: string \"five\"", "expected u32"] };
    text_for_a_rate: "string_for_float.toml" =>
        Syntax { line: 13, needles: &["invalid type: string \"40\"", "expected f64"] };
    negative_count: "negative_staff.toml" =>
        Syntax { line: 7, needles: &["-1", "expected u32"] };
    toml_syntax_error: "syntax_error.toml" =>
        Syntax { line: 6, needles: &["expected `=`"] };
    unterminated_string: "unterminated_string.toml" =>
        Syntax { line: 5, needles: &["string"] };
    duplicate_key: "duplicate_key.toml" =>
        Syntax { line: 8, needles: &["duplicate key"] };
    complaints_need_a_complaint_class: "complaint_without_class.toml" =>
        Invalid(&[("units[0].cases[0].complaint_prob", "0.3", "a case class named \"complaint\"")]);
    probability_above_one: "complaint_prob_above_one.toml" =>
        Invalid(&[("units[0].complaint_prob", "1.5", "[0, 1]")]);
    missing_required_field: "missing_horizon.toml" =>
        Syntax { line: 1, needles: &["missing field `horizon_years`"] };
    shorthand_mixed_with_case_classes: "shorthand_and_cases.toml" =>
        Invalid(&[("units[0].sla_days", "", "no unit-level value")]);
    no_units: "no_units.toml" =>
        Invalid(&[("units", "", "at least one [[units]]")]);
    zero_replications: "zero_replications.toml" =>
        Invalid(&[("experiment.replications", "0", "[1, ")]);
    several_errors_reported_at_once: "several_errors.toml" =>
        Invalid(&[
            ("calendar.days_per_year", "400", "(0, 366]"),
            ("warmup_years", "3", "horizon_years = 2"),
            ("units[0].staff", "3", "at most positions = 2"),
            ("units[0].demand.growth_per_year", "-2", "(-1, 10]"),
            ("units[0].service.mode_hours", "3", "min_hours <= mode_hours <= max_hours"),
            ("units[1].demand.base_per_day", "-4", ">= 0"),
            ("units[1].demand.shocks[0].end_year", "1", "> start_year"),
        ]);
}

fn label(file: &str) -> String {
    data_path(&format!("bad/{file}")).display().to_string()
}

fn check_library(file: &str, expect: Expect) {
    let label = label(file);
    let err = match scenario::load(&label, &[]) {
        Ok(_) => panic!("{file}: loaded without error"),
        Err(e) => e,
    };
    let shown = err.to_string();
    match (expect, err) {
        (
            Syntax { line, needles },
            ScenarioError::Syntax {
                file: f,
                line: got,
                column,
                message,
            },
        ) => {
            assert_eq!(f, label, "{file}: the error names the file");
            assert_eq!(got, line, "{file}: line of `{message}`");
            assert!(column >= 1);
            for n in needles {
                assert!(message.contains(n), "{file}: `{message}` lacks `{n}`");
            }
            assert!(
                shown.starts_with(&format!("{label}:{line}:{column}: ")),
                "{file}: displayed as `{shown}`"
            );
        }
        (
            Invalid(want) | Includes(want),
            ScenarioError::Invalid {
                file: f,
                ref problems,
            },
        ) => {
            assert_eq!(f, label, "{file}: the error names the file");
            let paths: Vec<&str> = problems.iter().map(|p| p.path.as_str()).collect();
            let unique: BTreeSet<&str> = paths.iter().copied().collect();
            assert_eq!(
                unique.len(),
                paths.len(),
                "{file}: repeated problems {paths:?}"
            );
            if let Invalid(_) = expect {
                let want_paths: BTreeSet<&str> = want.iter().map(|w| w.0).collect();
                assert_eq!(unique, want_paths, "{file}: problems {problems:#?}");
            }
            for &(path, value, expected) in want {
                let p = problems
                    .iter()
                    .find(|p| p.path == path)
                    .unwrap_or_else(|| panic!("{file}: no problem at {path}: {problems:#?}"));
                assert!(
                    p.value.contains(value),
                    "{file}: {path}: value `{}` lacks `{value}`",
                    p.value
                );
                assert!(
                    p.expected.contains(expected),
                    "{file}: {path}: expectation `{}` lacks `{expected}`",
                    p.expected
                );
                assert!(
                    shown.contains(&format!("{path} = ")) && shown.contains(&p.expected),
                    "{file}: `{shown}` does not show {path}"
                );
            }
            assert!(
                shown.starts_with(&format!("{label}: {} problem(s)", problems.len())),
                "{file}: displayed as `{shown}`"
            );
        }
        (expect, err) => panic!("{file}: expected {expect:?}, got {err:?}"),
    }
}

#[test]
fn every_bad_file_is_in_the_table() {
    let dir = data_path("bad");
    let on_disk: BTreeSet<String> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| {
            e.expect("directory entry")
                .file_name()
                .to_string_lossy()
                .into_owned()
        })
        .filter(|n| n.ends_with(".toml"))
        .collect();
    let listed: BTreeSet<String> = BAD_FILES.iter().map(|(f, _)| f.to_string()).collect();
    assert_eq!(on_disk, listed, "tests/data/bad and BAD_FILES disagree");
    assert!(listed.len() >= 15);
}

/// `mutasi check FILE` and `mutasi run FILE` print the same location to stderr and exit 2;
/// `run` creates no output folder.
#[test]
fn the_command_line_reports_bad_files_on_stderr_with_exit_code_2() {
    let tmp = tempfile::tempdir().expect("temp dir");
    for (i, &(file, expect)) in BAD_FILES.iter().enumerate() {
        let label = label(file);
        let out = tmp.path().join(format!("out{i}"));
        for args in [
            vec!["check".to_string(), label.clone()],
            vec![
                "run".to_string(),
                label.clone(),
                "-o".to_string(),
                out.display().to_string(),
                "--quiet".to_string(),
            ],
        ] {
            let o = Command::new(env!("CARGO_BIN_EXE_mutasi"))
                .args(&args)
                .output()
                .expect("run mutasi");
            let stderr = String::from_utf8_lossy(&o.stderr);
            let what = format!("mutasi {}", args.join(" "));
            assert_eq!(o.status.code(), Some(2), "{what}: {stderr}");
            assert!(o.stdout.is_empty(), "{what}: printed to stdout");
            assert!(stderr.starts_with("error: "), "{what}: {stderr}");
            assert!(stderr.contains(&label), "{what}: no file name in {stderr}");
            match expect {
                Syntax { line, .. } => assert!(
                    stderr.contains(&format!("{label}:{line}:")),
                    "{what}: no line {line} in {stderr}"
                ),
                Invalid(want) | Includes(want) => {
                    for (path, _, expected) in want {
                        assert!(
                            stderr.contains(path) && stderr.contains(expected),
                            "{what}: {path} / {expected} missing from {stderr}"
                        );
                    }
                }
            }
            assert!(!out.exists(), "{what}: created {}", out.display());
        }
    }
}

#[test]
fn a_missing_file_is_not_found() {
    let path = data_path("bad/does_not_exist.toml").display().to_string();
    match scenario::load(&path, &[]) {
        Err(ScenarioError::NotFound { name, shipped }) => {
            assert_eq!(name, path);
            assert!(
                shipped.contains("arcamanik") && shipped.contains("mmc"),
                "{shipped}"
            );
        }
        other => panic!("expected NotFound, got {other:?}"),
    }
    let o = Command::new(env!("CARGO_BIN_EXE_mutasi"))
        .args(["check", &path])
        .output()
        .expect("run mutasi");
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(&path) && stderr.contains("arcamanik"),
        "{stderr}"
    );
}

#[test]
fn a_directory_is_not_a_scenario_file() {
    let dir = data_path("bad").display().to_string();
    match scenario::load(&dir, &[]) {
        Err(ScenarioError::Io { path, .. }) => assert_eq!(path.display().to_string(), dir),
        other => panic!("expected Io, got {other:?}"),
    }
}

#[test]
fn the_shipped_scenarios_are_valid() {
    for name in ["arcamanik", "mmc", "arcamanik.toml"] {
        if let Err(e) = scenario::load(name, &[]) {
            panic!("{name}: {e}");
        }
    }
}

/// A demand shock that starts after the horizon (e.g. after shortening a long scenario with
/// `--set horizon_years=1`, as one does for a quick run of the default scenario) simply
/// never happens; that is not an error.
#[test]
fn a_shock_after_the_horizon_is_not_an_error() {
    let text = r#"
horizon_years = 1

[[units]]
name = "counter"
positions = 2
staff = 2
sla_days = 1
service = { kind = "exponential", mean_hours = 1 }

[units.demand]
base_per_day = 5
shocks = [{ start_year = 2, end_year = 4, multiplier = 1.4, ramp_months = 3 }]
"#;
    let s = scenario::parse(text, "<shock after horizon>").unwrap_or_else(|e| panic!("{e}"));
    if let Err(e) = s.validate("<shock after horizon>") {
        panic!("a shock starting after a 1-year horizon is refused: {e}");
    }
}

// ---------------------------------------------------------------------------------------
// --set overrides
// ---------------------------------------------------------------------------------------

/// The override error of `sets` applied to the shipped `mmc` scenario.
fn override_error(sets: &[&str]) -> (String, String) {
    match scenario::load("mmc", &overrides(sets)) {
        Err(ScenarioError::Override {
            assignment,
            problem,
        }) => (assignment, problem.to_string()),
        other => panic!("{sets:?}: expected an override error, got {other:?}"),
    }
}

fn assert_override_error(set: &str, needles: &[&str]) {
    let (assignment, message) = override_error(&[set]);
    assert_eq!(assignment, set);
    for n in needles {
        assert!(message.contains(n), "--set {set}: `{message}` lacks `{n}`");
    }
    let shown = scenario::load("mmc", &overrides(&[set]))
        .err()
        .map(|e| e.to_string())
        .unwrap_or_default();
    assert!(shown.starts_with(&format!("--set {set}: ")), "{shown}");
}

#[test]
fn set_of_an_unknown_path_is_refused() {
    assert_override_error(
        "horizon_yeras=3",
        &["unknown field `horizon_yeras`", "horizon_years"],
    );
    assert_override_error("units.0.demand.nosuch.rate=1", &["no field 'nosuch'"]);
    assert_override_error("units.nosuch.staff=1", &["found 'nosuch'"]);
    assert_override_error("horizon_years.months=1", &["single value"]);
}

#[test]
fn set_of_an_index_out_of_range_is_refused() {
    assert_override_error("units.3.staff=1", &["index 3 out of range", "1 entries"]);
}

#[test]
fn set_of_a_wrong_type_is_refused() {
    assert_override_error(
        "units.0.staff=ten",
        &["invalid type: string \"ten\"", "u32"],
    );
    assert_override_error("units.0.staff=2.5", &["u32"]);
    assert_override_error(
        "horizon_years=soon",
        &["invalid type: string \"soon\"", "f64"],
    );
    assert_override_error(
        "units.0.service={ kind = \"weibull\", mean_hours = 1 }",
        &["unknown variant `weibull`"],
    );
}

#[test]
fn set_values_are_validated_like_the_file() {
    let invalid = |sets: &[&str]| -> Vec<String> {
        match scenario::load("mmc", &overrides(sets)) {
            Err(ScenarioError::Invalid { problems, .. }) => {
                problems.into_iter().map(|p| p.path).collect()
            }
            other => panic!("{sets:?}: expected Invalid, got {other:?}"),
        }
    };
    assert_eq!(invalid(&["units.counter.staff=11"]), ["units[0].staff"]);
    assert_eq!(invalid(&["horizon_years=nan"]), ["horizon_years"]);
    assert_eq!(invalid(&["horizon_years=201"]), ["horizon_years"]);
    assert_eq!(
        invalid(&["units.0.positions=4294967295"]),
        ["units[0].positions"]
    );
    assert_eq!(
        invalid(&[
            "units.0.demand.base_per_day=-1",
            "experiment.replications=0"
        ]),
        ["experiment.replications", "units[0].demand.base_per_day"]
    );
    // A cv whose gamma shape 1/cv² underflows or overflows passed once and then failed to
    // build the sampler.
    for dist in [
        "{ kind = \"gamma\", mean_hours = 1e-300, cv = 1e300 }",
        "{ kind = \"gamma\", mean_hours = 1, cv = 1e-320 }",
        "{ kind = \"lognormal\", mean_hours = 1, cv = 1e200 }",
    ] {
        assert_eq!(
            invalid(&[&format!("units.0.service={dist}")]),
            ["units[0].service.cv"],
            "{dist}"
        );
    }
}

#[test]
fn malformed_set_arguments_are_refused() {
    for bad in ["horizon_years", "units..staff=1", "=3", ".horizon_years=1"] {
        assert!(bad.parse::<Override>().is_err(), "`{bad}` was accepted");
    }
}

#[test]
fn set_changes_the_scenario() {
    let sets = overrides(&[
        "units.counter.positions=12",
        "units[0].staff=12",
        "name=renamed",
        "experiment.seed=5",
        "calendar.hours_per_day=8",
        "units.0.service={ kind = \"gamma\", mean_hours = 2.0, cv = 0.5 }",
        "units.0.patience={ kind = \"exponential\", mean_hours = 3 }",
        "units.0.demand.season=[1, 1, 1, 1, 1, 1, 2, 1, 1, 1, 1, 1]",
    ]);
    let (s, _) = scenario::load("mmc", &sets).unwrap_or_else(|e| panic!("{e}"));
    let u = &s.units[0];
    assert_eq!(u.positions, 12);
    assert_eq!(s.total_staff(), 12);
    assert_eq!(s.name, "renamed");
    assert_eq!(s.experiment.seed, 5);
    assert_eq!(s.calendar.hours_per_day, 8.0);
    assert_eq!(
        u.service,
        Some(Distribution::Gamma {
            mean_hours: 2.0,
            cv: 0.5
        })
    );
    assert_eq!(
        u.patience,
        Some(Distribution::Exponential { mean_hours: 3.0 })
    );
    let season = u
        .demand
        .as_ref()
        .map(|d| d.season.clone())
        .unwrap_or_default();
    assert_eq!(season.len(), 12);
    assert_eq!(season[6], 2.0);
}

/// A problem of the scenario's own values is reported once, not again for every
/// `[uncertainty]` range whose ends are checked against the same scenario.
#[test]
fn a_problem_is_not_repeated_for_every_uncertainty_range() {
    let text = mutasi::scenario::shipped("arcamanik")
        .expect("shipped")
        .1
        .replacen("temporary_weeks = 8 ", "temporary_weeks = -1 ", 1);
    let scenario = mutasi::scenario::parse(&text, "a.toml").expect("parses");
    let err = scenario.validate("a.toml").expect_err("a negative period");
    let msg = err.to_string();
    assert_eq!(msg.matches("temporary_weeks = -1").count(), 1, "{msg}");
}

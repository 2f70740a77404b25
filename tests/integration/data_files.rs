//! The data files a scenario names (roster, history): only regular files, at most a set
//! size, only inside the scenario's folder unless `--allow-external-data`, and every problem
//! in them named by the CSV file, line and column, never by a path the user did not write
//! and never showing more of a file than one short cell.

use std::path::Path;
use std::time::{Duration, Instant};

use mutasi::scenario::{self, DataAccess};

use crate::support::{mutasi, mutasi_command, out_err};

/// One unit, whose people come from `r.csv` (change with `roster = ...`).
const WITH_ROSTER: &str = r#"
name = "office"
horizon_years = 1
warmup_years = 0
roster = "r.csv"

[[units]]
name = "adminduk"
field = "general"
positions = 10
sla_days = 2
demand = { base_per_day = 6 }
service = { kind = "exponential", mean_hours = 1.5 }
"#;

/// A valid roster of three people.
const ROSTER: &str = "unit,id,name,years_at_post,age\nadminduk,S1,Siti,2,31\nadminduk,S2,Budi,4,45\nadminduk,S3,Ani,1,28\n";

/// Writes `s.toml` (roster named `roster`) and `r.csv` into `dir`.
fn office(dir: &Path, roster: &str, rows: &str) {
    std::fs::create_dir_all(dir).expect("mkdir");
    let text = WITH_ROSTER.replace("roster = \"r.csv\"", &format!("roster = {roster:?}"));
    std::fs::write(dir.join("s.toml"), text).expect("write");
    std::fs::write(dir.join("r.csv"), rows).expect("write");
}

/// The error of loading `dir/s.toml` with `access`.
fn load_error(dir: &Path, access: &DataAccess) -> String {
    let path = dir.join("s.toml").display().to_string();
    match scenario::load_with(&path, &[], access) {
        Err(e) => e.to_string(),
        Ok(_) => panic!("{path} loads"),
    }
}

/// `mutasi check s.toml` with `extra` arguments in `dir`, killed after 20 s (a reader that
/// blocks would otherwise hang the suite): exit code and stderr.
fn check_within_seconds(dir: &Path, extra: &[&str]) -> (Option<i32>, String) {
    let mut args = vec!["check", "s.toml"];
    args.extend(extra);
    let mut child = mutasi_command(&args, dir)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawn mutasi");
    let started = Instant::now();
    while child.try_wait().expect("wait").is_none() {
        if started.elapsed() > Duration::from_secs(20) {
            let _ = child.kill();
            panic!("mutasi check {extra:?} did not finish in 20 s");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let o = child.wait_with_output().expect("output");
    (o.status.code(), out_err(&o).1)
}

#[test]
fn data_files_must_be_regular_files_of_bounded_size() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path();
    // A folder, a symbolic-link loop and a named pipe (which would block a reader forever).
    std::fs::create_dir(dir.join("folder.csv")).expect("mkdir");
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink("loop.csv", dir.join("loop.csv")).expect("symlink");
        let made = std::process::Command::new("mkfifo")
            .arg(dir.join("fifo.csv"))
            .status()
            .expect("mkfifo");
        assert!(made.success());
    }
    let mut cases = vec![("folder.csv", vec![], "it is a folder, not a regular file")];
    #[cfg(unix)]
    cases.extend([
        ("loop.csv", vec![], "symbolic links"),
        (
            "fifo.csv",
            vec![],
            "it is a named pipe (FIFO), not a regular file",
        ),
        // Devices are outside the folder, so they need the flag even to be looked at.
        ("/dev/zero", vec!["--allow-external-data"], "it is a device"),
        (
            "/dev/urandom",
            vec!["--allow-external-data"],
            "it is a device",
        ),
    ]);
    for (roster, extra, why) in cases {
        office(dir, roster, ROSTER);
        let (code, stderr) = check_within_seconds(dir, &extra);
        assert_eq!(code, Some(2), "{roster}: {stderr}");
        assert!(
            stderr.contains("cannot read the roster '") && stderr.contains(why),
            "{roster}: {stderr}"
        );
    }
    // A history that is a device is refused the same way.
    let history = WITH_ROSTER
        .replace("roster = \"r.csv\"\n", "")
        .replace(
            "demand = { base_per_day = 6 }",
            "demand = { history = \"/dev/zero\" }",
        )
        .replace("positions = 10", "positions = 10\nstaff = 3");
    std::fs::write(dir.join("s.toml"), history).expect("write");
    let (code, stderr) = check_within_seconds(dir, &["--allow-external-data"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("cannot read the demand history '/dev/zero': it is a device"),
        "{stderr}"
    );
    // A file above the size limit is refused before it is read; the limit can be raised.
    let big: String = ROSTER.to_string() + &"adminduk,,x,1,30\n".repeat(70_000);
    office(dir, "r.csv", &big);
    let (code, stderr) = check_within_seconds(dir, &["--max-data-mb", "1"]);
    assert_eq!(code, Some(2), "{stderr}");
    assert!(
        stderr.contains("larger than 1 MB") && stderr.contains("--max-data-mb"),
        "{stderr}"
    );
    let (code, stderr) = check_within_seconds(dir, &["--max-data-mb", "2"]);
    // Read now; 70,003 people do not fit 10 positions, reported against the roster.
    assert_eq!(code, Some(2), "{stderr}");
    assert!(!stderr.contains("larger than"), "{stderr}");
}

#[test]
fn data_paths_stay_in_the_scenario_folder_and_errors_show_no_more_than_a_cell() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let secret_line = format!("root:SECRET-HASH-{}:20228:0:99999:7:::", "x".repeat(60));
    std::fs::write(
        tmp.path().join("secret.csv"),
        format!("{secret_line}\nmore\n"),
    )
    .expect("write");
    let dir = tmp.path().join("s");
    let strict = DataAccess::default();
    for roster in ["../secret.csv", "sub/../../secret.csv"] {
        office(&dir, roster, ROSTER);
        let e = load_error(&dir, &strict);
        assert!(
            e.contains("outside the scenario's folder") && !e.contains("SECRET"),
            "{e}"
        );
    }
    let absolute = tmp.path().join("secret.csv").display().to_string();
    office(&dir, &absolute, ROSTER);
    let e = load_error(&dir, &strict);
    assert!(
        e.contains("outside the scenario's folder") && !e.contains("SECRET"),
        "{e}"
    );
    // Whether a file outside exists is not told either.
    office(&dir, "../no-such-file.csv", ROSTER);
    assert!(load_error(&dir, &strict).contains("outside the scenario's folder"));
    // A symbolic link inside the folder that leads outside is outside.
    #[cfg(unix)]
    {
        std::os::unix::fs::symlink(tmp.path().join("secret.csv"), dir.join("link.csv"))
            .expect("symlink");
        office(&dir, "link.csv", ROSTER);
        let e = load_error(&dir, &strict);
        assert!(e.contains("outside the scenario's folder"), "{e}");
    }
    // `--set roster=...` is held to the same rule, through the binary.
    office(&dir, "r.csv", ROSTER);
    let set = format!("roster={absolute:?}");
    let o = mutasi(&["check", "s.toml", "--set", &set], &dir);
    let (_, stderr) = out_err(&o);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("--allow-external-data") && !stderr.contains("SECRET"),
        "{stderr}"
    );
    // Allowed, the file is read, and the error shows only its first cell, cut short.
    let o = mutasi(
        &["check", "s.toml", "--set", &set, "--allow-external-data"],
        &dir,
    );
    let (_, stderr) = out_err(&o);
    assert_eq!(o.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("unknown column 'root:SECRET-HASH-"),
        "{stderr}"
    );
    assert!(
        !stderr.contains(&secret_line[..45]),
        "more than a short cell: {stderr}"
    );
    // Inside the folder (below it too) is fine.
    std::fs::create_dir_all(dir.join("data")).expect("mkdir");
    std::fs::write(dir.join("data/staff.csv"), ROSTER).expect("write");
    office(&dir, "data/staff.csv", ROSTER);
    let path = dir.join("s.toml").display().to_string();
    let (s, _, _) = scenario::load_with(&path, &[], &strict).expect("loads");
    assert_eq!(s.total_staff(), 3);
}

#[test]
fn roster_and_history_errors_name_the_csv_line_and_column() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let dir = tmp.path();
    let access = DataAccess::default();
    let r = dir.join("r.csv").display().to_string();
    // A value out of range is reported against the CSV, not `units[0].people[2]`.
    office(dir, "r.csv", &ROSTER.replace("Ani,1,28", "Ani,1e30,28"));
    let e = load_error(dir, &access);
    assert!(
        e.contains(&format!("{r}:4:4: column 'years_at_post' = ")) && !e.contains("people["),
        "{e}"
    );
    office(dir, "r.csv", &ROSTER.replace("Budi,4,45", "Budi,4,-5"));
    let e = load_error(dir, &access);
    assert!(
        e.contains(&format!("{r}:3:5: column 'age' = -5: expected")),
        "{e}"
    );
    // A repeated column and a repeated id.
    office(dir, "r.csv", "unit,age,name,age\nadminduk,31,Siti,200\n");
    assert_eq!(
        load_error(dir, &access),
        format!("{r}:1:4: column 'age' appears twice (columns 2 and 4)")
    );
    office(dir, "r.csv", &ROSTER.replace("S3", "S1"));
    assert!(
        load_error(dir, &access).starts_with(&format!("{r}:4:2: column 'id': 'S1' is already"))
    );
    // Bytes that are not UTF-8: the line and column, and the file called a roster.
    std::fs::write(
        dir.join("r.csv"),
        b"unit,name\nadminduk,Siti\nadminduk,Jos\xe9\n",
    )
    .expect("write");
    assert_eq!(
        load_error(dir, &access),
        format!("{r}:3:2: column 'name': not UTF-8 text (save the file as UTF-8)")
    );
    // A history header after a comment line is on line 2.
    let h = dir.join("h.csv");
    std::fs::write(
        &h,
        "# counts\nmonth,unit,class,cnt\n2024-01,adminduk,request,5\n",
    )
    .expect("write");
    let text = WITH_ROSTER
        .replace("roster = \"r.csv\"\n", "")
        .replace(
            "demand = { base_per_day = 6 }",
            "demand = { history = \"h.csv\" }",
        )
        .replace("positions = 10", "positions = 10\nstaff = 3");
    std::fs::write(dir.join("s.toml"), text).expect("write");
    assert_eq!(
        load_error(dir, &access),
        format!(
            "{}:2:4: unknown column 'cnt' (expected some of: month, unit, class, count)",
            h.display()
        )
    );
}

//! Which monthly series a results folder keeps (`--series`): by default a large
//! organisation keeps its focus units, its `[report]` groups and groups by field and
//! remoteness; `--series all` keeps every unit; nothing else in the results changes, and a
//! group's series is the sum of its units'.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use mutasi::sim::AUTO_ALL_UNITS;

use crate::scale::synthetic;
use crate::support::{mutasi, out_err, scenario_from_toml, shipped_with};

/// Units of the test organisation: just above the size at which `auto` stops keeping
/// every unit.
const UNITS: usize = AUTO_ALL_UNITS + 4;

/// `timeseries.csv` as (policy, unit, month, metric) -> mean text.
type Table = BTreeMap<(String, String, String, String), String>;

fn timeseries(dir: &Path) -> Table {
    let text = std::fs::read_to_string(dir.join("timeseries.csv")).expect("timeseries.csv");
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().expect("header").split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).expect(name);
    let (p, u, m, k, mean) = (
        col("policy"),
        col("unit"),
        col("month"),
        col("kpi"),
        col("mean"),
    );
    lines
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            (
                (
                    f[p].to_string(),
                    f[u].to_string(),
                    f[m].to_string(),
                    f[k].to_string(),
                ),
                f[mean].to_string(),
            )
        })
        .collect()
}

fn units_of(t: &Table) -> BTreeSet<String> {
    t.keys().map(|k| k.1.clone()).collect()
}

#[test]
fn default_series_keep_focus_units_and_groups_and_all_keeps_every_unit() {
    let mut text = synthetic::scenario_text(UNITS, 0.5);
    let s = scenario_from_toml(&text);
    let names: Vec<String> = s.units.iter().map(|u| u.name.clone()).collect();
    let (focus, group) = (&names[3], [&names[10], &names[11], &names[20]]);
    text.push_str(&format!(
        "\n[report]\nfocus_units = [\"{focus}\"]\ngroups = {{ sample = [\"{}\", \"{}\", \"{}\"] }}\n",
        group[0], group[1], group[2]
    ));
    let tmp = tempfile::tempdir().expect("temp dir");
    std::fs::write(tmp.path().join("org.toml"), &text).expect("write scenario");
    let run = |out: &str, extra: &[&str]| {
        let mut args = vec![
            "run",
            "org.toml",
            "-r",
            "2",
            "--threads",
            "2",
            "-q",
            "--no-charts",
            "-o",
            out,
        ];
        args.extend_from_slice(extra);
        let o = mutasi(&args, tmp.path());
        assert!(o.status.success(), "{:?}", out_err(&o));
        tmp.path().join(out)
    };
    let (default, all) = (run("default", &[]), run("all", &["--series", "all"]));
    let (d, a) = (timeseries(&default), timeseries(&all));

    // Default: the focus unit, the named group, fields, remoteness classes and `all`.
    let kept = units_of(&d);
    assert!(kept.contains(focus.as_str()), "{kept:?}");
    assert!(kept.contains("group:sample"), "{kept:?}");
    assert!(kept.contains("all"), "{kept:?}");
    let fields: BTreeSet<&str> = s.units.iter().map(|u| u.field.as_str()).collect();
    for f in &fields {
        assert!(kept.contains(&format!("field:{f}")), "field {f}: {kept:?}");
    }
    assert!(
        kept.iter().any(|u| u.starts_with("remoteness:")),
        "{kept:?}"
    );
    let units_kept = kept.iter().filter(|u| names.contains(u)).count();
    assert_eq!(units_kept, 1, "only the focus unit of {UNITS}: {kept:?}");

    // --series all: every unit and `all`, no group.
    let every: BTreeSet<String> = names.iter().cloned().chain(["all".to_string()]).collect();
    assert_eq!(units_of(&a), every);

    // Rows in both are the same bytes; so are the other tables.
    for (key, mean) in &d {
        if let Some(other) = a.get(key) {
            assert_eq!(mean, other, "{key:?}");
        }
    }
    assert!(d.keys().any(|k| k.1 == *focus) && d.keys().any(|k| k.1 == "all"));
    for f in ["summary.csv", "comparison.csv", "replications.csv"] {
        let (x, y) = (std::fs::read(default.join(f)), std::fs::read(all.join(f)));
        assert!(x.expect(f) == y.expect(f), "{f} differs");
    }

    // A group's monthly arrivals are the sum of its units' (means over the same
    // replications, so equal up to rounding of the printed means).
    let months: BTreeSet<&String> = d.keys().map(|k| &k.2).collect();
    let value = |t: &Table, unit: &str, month: &str| -> f64 {
        t[&(
            "status_quo".to_string(),
            unit.to_string(),
            month.to_string(),
            "arrivals".to_string(),
        )]
            .parse()
            .expect("a number")
    };
    for m in months {
        let sum: f64 = group.iter().map(|u| value(&a, u, m)).sum();
        let got = value(&d, "group:sample", m);
        assert!(
            (got - sum).abs() <= 1e-9 * sum.max(1.0),
            "month {m}: {got} vs {sum}"
        );
        assert!(got > 0.0, "month {m}: no arrivals");
    }
}

#[test]
fn a_small_organisation_keeps_every_unit_unless_asked_for_focus() {
    let s = shipped_with("arcamanik", &[]);
    let model = mutasi::sim::Model::new(&s).expect("model");
    assert_eq!(model.series_rows.len(), s.units.len() + 1);
    let focus = model.with_series_scope(mutasi::sim::SeriesScope::Focus);
    let rows: Vec<&str> = focus.series_rows.iter().map(|r| r.name.as_str()).collect();
    for f in &s.report.focus_units {
        assert!(rows.contains(&f.as_str()), "{rows:?}");
    }
    assert_eq!(rows.last(), Some(&"all"));
    assert!(rows.len() < s.units.len() + 1 + s.report.groups.len() + 6);
}

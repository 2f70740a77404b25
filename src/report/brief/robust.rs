//! "How robust is this?": the section of the brief that says which recommendations hold
//! across the declared ranges of the assumptions and which assumption would change them,
//! drawn from a robust study's folder (`run.json`, `robust.csv`, `sensitivity.csv`,
//! `points.csv`). [`robust_section`] gives the blocks, so the section can be placed in any
//! brief; [`render_robust_report`] writes the study's own self-contained report.

use std::path::Path;

use super::{Block, Doc, ReportFiles, html, markdown};
use crate::experiment::robust::{Flip, PointTable, Verdict, verdicts};
use crate::report::charts::{self, ChartFile, SkippedChart};
use crate::report::i18n::{Lang, decimals_for, fill};
use crate::report::robust_files::{SavedRobust, load_robust};
use crate::report::saved::ReportError;
use crate::report::write_atomically;

/// A best policy at least this often (over the sampled combinations), with no single
/// assumption turning it, is said to hold across the ranges.
const HOLDS: f64 = 0.9;

/// The words of the section, per language. Templates name their blanks `{like_this}`.
struct Words {
    heading: &'static str,
    title: &'static str,
    /// `{parameters}`, `{points}`, `{replications}`.
    intro: &'static str,
    /// `{best}`, `{kpi}`, `{conditions}`, `{p}`, `{se}`.
    flips: &'static str,
    /// `{parameter}`, `{at}`, `{winner}`.
    below: &'static str,
    above: &'static str,
    or: &'static str,
    /// `{best}`, `{kpi}`, `{p}`, `{se}`, `{parameter}`, `{runner}`.
    holds: &'static str,
    /// `{best}`, `{kpi}`, `{p}`, `{se}`, `{parameter}`, `{runner}`.
    open: &'static str,
    /// `{best}`, `{kpi}`, `{p}`, `{se}`.
    alone: &'static str,
    h_parameters: &'static str,
    col_parameter: &'static str,
    col_range: &'static str,
    col_nominal: &'static str,
    default: &'static str,
    h_p_best: &'static str,
    p_best_note: &'static str,
    col_policy: &'static str,
    h_charts: &'static str,
    h_method: &'static str,
    /// `{groups}`, `{resamples}`.
    method: &'static str,
    reproduce: &'static str,
}

const EN: Words = Words {
    heading: "How robust is this?",
    title: "How robust is this? {scenario}",
    intro: "The confidence intervals of an ordinary run cover only the randomness of the \
            simulation. Here the {parameters} assumptions below were varied together over \
            their declared ranges: {points} combinations (a Latin hypercube), each running \
            every policy {replications} times on the same random numbers. \"Best\" means the \
            best mean at a combination.",
    flips: "{best} stays best on {kpi} unless {conditions}. It is best at {p} % (± {se}) of \
            the combinations.",
    below: "{parameter} is below {at} ({winner} is best there)",
    above: "{parameter} is above {at} ({winner} is best there)",
    or: " or ",
    holds: "{best} is best on {kpi} across the declared ranges: at {p} % (± {se}) of the \
            combinations, and no single assumption turns it. {parameter} matters most for its \
            lead over {runner}.",
    open: "{best} is most often best on {kpi}, at {p} % (± {se}) of the combinations, ahead \
           of {runner}. No single assumption turns it on average, but combinations of them \
           do; {parameter} matters most for its lead.",
    alone: "{best} is best on {kpi} at {p} % (± {se}) of the combinations.",
    h_parameters: "Assumptions varied",
    col_parameter: "Parameter",
    col_range: "Range",
    col_nominal: "Value in the scenario",
    default: "default",
    h_p_best: "How often each policy is best",
    p_best_note: "Share of the combinations at which the policy has the best mean (± its \
                  standard error); each column sums to 100 %.",
    col_policy: "Policy",
    h_charts: "What moves the results",
    h_method: "How to read this",
    method: "A flip point is where another policy's mean overtakes along one assumption, \
             the others averaged over their ranges: the {groups} groups of combinations from \
             the low to the high end of the assumption are compared, and the crossing is \
             placed by a straight line through the two groups on either side. The index of an \
             assumption is the share of the variation of a difference across the combinations \
             that the assumption alone explains (a first-order index: 0 = no effect, 1 = all \
             of it); its interval is a 95 % bootstrap interval over the combinations \
             ({resamples} resamples). The noise of a combination's few replications is part \
             of the variation, so indices are a little smaller than with many replications. \
             docs/robust.md describes the method.",
    reproduce: "To reproduce this study, run:",
};

const ID: Words = Words {
    heading: "Seberapa kokoh hasil ini?",
    title: "Seberapa kokoh hasil ini? {scenario}",
    intro: "Selang kepercayaan pada satu kali jalankan hanya mencakup keacakan simulasi. Di \
            sini {parameters} asumsi di bawah diubah bersama-sama di sepanjang rentang yang \
            dinyatakan: {points} kombinasi (Latin hypercube), masing-masing menjalankan setiap \
            kebijakan {replications} kali dengan bilangan acak yang sama. \"Terbaik\" berarti \
            rata-rata terbaik pada suatu kombinasi.",
    flips: "{best} tetap terbaik untuk {kpi} kecuali jika {conditions}. Kebijakan ini terbaik \
            pada {p} % (± {se}) kombinasi.",
    below: "{parameter} di bawah {at} (di sana {winner} terbaik)",
    above: "{parameter} di atas {at} (di sana {winner} terbaik)",
    or: " atau ",
    holds: "{best} terbaik untuk {kpi} di seluruh rentang yang dinyatakan: pada {p} % (± {se}) \
            kombinasi, dan tidak ada satu asumsi pun yang membaliknya. {parameter} paling \
            menentukan keunggulannya atas {runner}.",
    open: "{best} paling sering terbaik untuk {kpi}, pada {p} % (± {se}) kombinasi, di depan \
           {runner}. Tidak ada satu asumsi yang membaliknya secara rata-rata, tetapi \
           gabungan beberapa asumsi bisa; {parameter} paling menentukan keunggulannya.",
    alone: "{best} terbaik untuk {kpi} pada {p} % (± {se}) kombinasi.",
    h_parameters: "Asumsi yang diubah",
    col_parameter: "Parameter",
    col_range: "Rentang",
    col_nominal: "Nilai dalam skenario",
    default: "bawaan",
    h_p_best: "Seberapa sering setiap kebijakan terbaik",
    p_best_note: "Bagian kombinasi di mana kebijakan memiliki rata-rata terbaik (± galat \
                  bakunya); setiap kolom berjumlah 100 %.",
    col_policy: "Kebijakan",
    h_charts: "Yang menggeser hasil",
    h_method: "Cara membaca",
    method: "Titik balik adalah tempat rata-rata kebijakan lain menyusul di sepanjang satu \
             asumsi, dengan asumsi lain dirata-ratakan atas rentangnya: {groups} kelompok \
             kombinasi dari ujung bawah ke ujung atas asumsi dibandingkan, dan titik silang \
             ditempatkan dengan garis lurus melalui dua kelompok di kedua sisinya. Indeks suatu \
             asumsi adalah bagian variasi selisih antar kombinasi yang dijelaskan oleh asumsi \
             itu sendiri (indeks orde pertama: 0 = tanpa pengaruh, 1 = seluruhnya); selangnya \
             adalah selang bootstrap 95 % atas kombinasi ({resamples} pengambilan ulang). Derau \
             dari sedikit replikasi per kombinasi termasuk dalam variasi, sehingga indeks \
             sedikit lebih kecil daripada dengan banyak replikasi. docs/robust.md menjelaskan \
             metodenya.",
    reproduce: "Untuk mengulang studi ini, jalankan:",
};

fn words(lang: Lang) -> &'static Words {
    match lang {
        Lang::En => &EN,
        Lang::Id => &ID,
    }
}

/// A parameter value as text: about three significant digits, no trailing zeros.
fn value(lang: Lang, v: f64) -> String {
    let text = lang.num(v, decimals_for(v, 3));
    let mark = lang.num(0.5, 1).chars().nth(1).unwrap_or('.');
    if text.contains(mark) {
        text.trim_end_matches('0')
            .trim_end_matches(mark)
            .to_string()
    } else {
        text
    }
}

/// A probability as a percentage and its standard error in points.
fn percent(lang: Lang, p: f64, se: f64) -> (String, String) {
    (lang.num(p * 100.0, 0), lang.num(se * 100.0, 0))
}

/// The sentence of one verdict.
fn sentence(lang: Lang, v: &Verdict) -> String {
    let w = words(lang);
    let (p, se) = percent(lang, v.p_best, v.p_best_se);
    let best = lang.policy(&v.best);
    let kpi = lang.kpi_phrase(v.kpi.name());
    let runner = v
        .runner_up
        .as_deref()
        .map(|r| lang.policy_object(r))
        .unwrap_or_default();
    if !v.flips.is_empty() {
        let condition = |f: &Flip| {
            fill(
                if f.below { w.below } else { w.above },
                &[
                    ("parameter", &f.parameter),
                    ("at", &value(lang, f.at)),
                    ("winner", &lang.policy(&f.winner)),
                ],
            )
        };
        let conditions: Vec<String> = v.flips.iter().map(condition).collect();
        return fill(
            w.flips,
            &[
                ("best", &best),
                ("kpi", &kpi),
                ("conditions", &conditions.join(w.or)),
                ("p", &p),
                ("se", &se),
            ],
        );
    }
    let Some((parameter, _)) = &v.key_parameter else {
        return fill(
            w.alone,
            &[("best", &best), ("kpi", &kpi), ("p", &p), ("se", &se)],
        );
    };
    fill(
        if v.p_best >= HOLDS { w.holds } else { w.open },
        &[
            ("best", &best),
            ("kpi", &kpi),
            ("p", &p),
            ("se", &se),
            ("parameter", parameter),
            ("runner", &runner),
        ],
    )
}

/// The plain sentences of the section, from the study's points: one per analysed KPI that
/// has a better direction.
pub fn robust_sentences(table: &PointTable, lang: Lang) -> Vec<String> {
    verdicts(table).iter().map(|v| sentence(lang, v)).collect()
}

/// The section's blocks: heading, what was varied, the sentences, the table of how often
/// each policy is best, the charts (`drawn`, with their SVG, and `skipped`), how to read it
/// and how to reproduce it.
pub(crate) fn robust_section(
    saved: &SavedRobust,
    lang: Lang,
    drawn: &[(ChartFile, String)],
    skipped: &[SkippedChart],
) -> Vec<Block> {
    let w = words(lang);
    let info = &saved.info;
    let mut b = vec![Block::Heading(2, w.heading.to_string(), "robust")];
    b.push(Block::Para(fill(
        w.intro,
        &[
            ("parameters", &info.parameters.len().to_string()),
            ("points", &info.points.to_string()),
            ("replications", &info.replications.to_string()),
        ],
    )));
    let verdicts = verdicts(&saved.table);
    b.push(Block::List(
        verdicts.iter().map(|v| sentence(lang, v)).collect(),
    ));

    b.push(Block::Heading(
        3,
        w.h_parameters.to_string(),
        "robust-parameters",
    ));
    b.push(Block::Table {
        id: "robust-parameters",
        head: vec![
            w.col_parameter.to_string(),
            w.col_range.to_string(),
            w.col_nominal.to_string(),
        ],
        rows: info
            .parameters
            .iter()
            .map(|p| {
                vec![
                    p.path.clone(),
                    p.distribution.clone(),
                    p.nominal
                        .map_or_else(|| w.default.to_string(), |v| value(lang, v)),
                ]
            })
            .collect(),
        numeric_from: 2,
    });

    b.push(Block::Heading(3, w.h_p_best.to_string(), "robust-p-best"));
    b.push(Block::Para(w.p_best_note.to_string()));
    // The KPIs the policies differ on (those with a verdict).
    let kpis: Vec<&str> = verdicts.iter().map(|v| v.kpi.name()).collect();
    let mut head = vec![w.col_policy.to_string()];
    head.extend(kpis.iter().map(|k| lang.kpi(k)));
    let rows = info
        .policies
        .iter()
        .map(|p| {
            let mut row = vec![lang.policy(p)];
            for k in &kpis {
                let cell = saved
                    .robust
                    .iter()
                    .find(|r| r.policy == *p && r.kpi.name() == *k)
                    .map(|r| {
                        let (p, se) = percent(lang, r.p_best, r.p_best_se);
                        format!("{p} % ± {se}")
                    })
                    .unwrap_or_default();
                row.push(cell);
            }
            row
        })
        .collect();
    b.push(Block::Table {
        id: "robust-p-best",
        head,
        rows,
        numeric_from: 1,
    });

    b.push(Block::Heading(3, w.h_charts.to_string(), "robust-charts"));
    for (file, svg) in drawn {
        b.push(Block::Figure {
            id: file.id.clone(),
            caption: file.title.clone(),
            svg: svg.clone(),
        });
    }
    b.extend(super::skipped_list(lang, skipped));
    b.push(Block::Heading(3, w.h_method.to_string(), "robust-method"));
    b.push(Block::Para(fill(
        w.method,
        &[
            ("groups", &info.groups.to_string()),
            ("resamples", &info.bootstrap_resamples.to_string()),
        ],
    )));
    if !info.command.is_empty() {
        b.push(Block::Para(w.reproduce.to_string()));
        b.push(Block::Code(info.command.clone()));
    }
    b
}

/// Reads the robust study in `dir` and writes its charts (`charts/<id>.png` and `.svg`),
/// `report.html` and `report.md` into `out_dir` (which may be `dir`). The same folder always
/// gives byte-identical files.
pub fn render_robust_report(
    dir: &Path,
    out_dir: &Path,
    lang: Lang,
) -> Result<ReportFiles, ReportError> {
    let saved = load_robust(dir)?;
    let charts_dir = out_dir.join("charts");
    charts::create_dir(&charts_dir)?;
    let (drawn, skipped) = charts::robust::render(&saved, lang, &charts_dir)?;
    let scenario = saved.info.scenario_name.clone();
    let doc = Doc {
        lang,
        charts_dir: "charts".to_string(),
        title: fill(words(lang).title, &[("scenario", &scenario)]),
        blocks: robust_section(&saved, lang, &drawn, &skipped),
    };
    let files = ReportFiles {
        html: out_dir.join("report.html"),
        markdown: out_dir.join("report.md"),
        charts: drawn.into_iter().map(|(f, _)| f).collect(),
        skipped,
    };
    write_atomically(&files.html, html::render(&doc).as_bytes())?;
    write_atomically(&files.markdown, markdown::render(&doc).as_bytes())?;
    Ok(files)
}

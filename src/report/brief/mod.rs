//! The policy brief: one document model ([`Doc`]) assembled from the saved results and the
//! charts, rendered to a self-contained `report.html` (inline SVG and CSS, no scripts, no
//! external requests) and to `report.md` (linking the PNGs).

mod findings;
pub(crate) mod headline;
mod html;
mod markdown;
mod material;
mod robust;
mod summary;

use std::path::{Path, PathBuf};

pub use findings::headline_sentences;
pub use robust::{render_robust_report, robust_sentences};

use super::charts::{self, ChartFile, SkippedChart};
use super::i18n::{Lang, decimals_for, display_factor, fill, kpi_info};
use super::saved::{ReportError, SavedResults, load_saved};
use super::write_atomically;
use crate::scenario::Scenario;

/// The files written by [`render_report`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReportFiles {
    /// `report.html`.
    pub html: PathBuf,
    /// `report.md`.
    pub markdown: PathBuf,
    /// Charts drawn, in report order.
    pub charts: Vec<ChartFile>,
    /// Charts not drawn because their data is absent, with the reason.
    pub skipped: Vec<SkippedChart>,
}

/// A block of the brief.
pub(crate) enum Block {
    /// Heading of level 1–3 with an anchor id.
    Heading(u8, String, &'static str),
    /// A paragraph.
    Para(String),
    /// A warning or remark set apart.
    Note(String),
    /// A bulleted list.
    List(Vec<String>),
    /// A table; columns from `numeric_from` on are right-aligned.
    Table {
        id: &'static str,
        head: Vec<String>,
        rows: Vec<Vec<String>>,
        numeric_from: usize,
    },
    /// A chart: inline SVG in HTML, the PNG in Markdown.
    Figure {
        id: String,
        caption: String,
        svg: String,
    },
    /// A command line.
    Code(String),
    /// The opening paragraph of the answer (set larger).
    Lead(String),
    /// A table whose cells carry a tone (the scorecard).
    Grid {
        id: &'static str,
        head: Vec<String>,
        rows: Vec<Vec<Cell>>,
    },
    /// Printing starts a new page here (the appendix).
    PageBreak,
}

/// How a scorecard cell reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Tone {
    /// Row labels.
    Plain,
    /// A level (the baseline's row).
    Level,
    /// Clearly better than the baseline.
    Better,
    /// Clearly worse than the baseline.
    Worse,
    /// No clear difference.
    Unclear,
}

/// A scorecard cell.
#[derive(Debug, Clone)]
pub(crate) struct Cell {
    pub text: String,
    pub tone: Tone,
}

impl Cell {
    pub(crate) fn new(text: String, tone: Tone) -> Cell {
        Cell { text, tone }
    }
}

/// The brief as a sequence of blocks.
pub(crate) struct Doc {
    pub lang: Lang,
    /// Folder of the chart files, relative to the brief (`charts`, `charts/id`).
    pub charts_dir: String,
    pub title: String,
    pub blocks: Vec<Block>,
}

/// Reads the results folder `dir` (as written by `mutasi run`) and writes the charts
/// (`charts/<id>.png` and `.svg`), `report.html` and `report.md` into `out_dir`, which may be
/// `dir` itself; in Indonesian `charts/id/`, `report.id.html` and `report.id.md`, so both
/// languages can sit side by side. Charts whose data is absent are skipped and the report says why. The same
/// input always gives byte-identical files.
pub fn render_report(dir: &Path, out_dir: &Path, lang: Lang) -> Result<ReportFiles, ReportError> {
    let saved = load_saved(dir)?;
    render_saved(&saved, out_dir, lang)
}

/// [`render_report`] for results already loaded with [`load_saved`].
pub fn render_saved(
    saved: &SavedResults,
    out_dir: &Path,
    lang: Lang,
) -> Result<ReportFiles, ReportError> {
    let _names = crate::report::i18n::PolicyNames::set(policy_names(saved));
    // Each language has its own files, so a translation never replaces the other brief.
    let charts_rel = match lang {
        Lang::En => "charts".to_string(),
        other => format!("charts/{}", other.code()),
    };
    let stem = match lang {
        Lang::En => "report".to_string(),
        other => format!("report.{}", other.code()),
    };
    let charts_dir = out_dir.join(&charts_rel);
    charts::create_dir(&charts_dir)?;
    let mut drawn: Vec<(ChartFile, String)> = Vec::new();
    let mut skipped = Vec::new();
    for planned in charts::plan_all(saved, lang) {
        match planned.fig {
            Ok(fig) => drawn.push(charts::write_chart(
                &fig,
                planned.id,
                &planned.title,
                &charts_dir,
            )?),
            Err(skip) => skipped.push(SkippedChart {
                id: planned.id.to_string(),
                title: planned.title,
                reason: skip.reason(lang),
            }),
        }
    }
    // A chart skipped now must not leave an older rendering behind.
    for id in charts::ALL_IDS {
        if !drawn.iter().any(|(f, _)| f.id == *id) {
            for ext in ["png", "svg"] {
                let _ = std::fs::remove_file(charts_dir.join(format!("{id}.{ext}")));
            }
        }
    }
    let mut doc = build(saved, lang, &drawn, &skipped);
    doc.charts_dir = charts_rel;
    let files = ReportFiles {
        html: out_dir.join(format!("{stem}.html")),
        markdown: out_dir.join(format!("{stem}.md")),
        charts: drawn.into_iter().map(|(f, _)| f).collect(),
        skipped,
    };
    write_atomically(&files.html, html::render(&doc).as_bytes())?;
    write_atomically(&files.markdown, markdown::render(&doc).as_bytes())?;
    Ok(files)
}

/// Years as a short number ("3", "2.5").
fn years_text(lang: Lang, years: f64) -> String {
    let d = if (years - years.round()).abs() < 1e-9 {
        0
    } else {
        1
    };
    lang.num(years, d)
}

/// Policy display names from the scenario's `[report]` (English, Indonesian).
pub(crate) fn policy_names(
    saved: &SavedResults,
) -> std::collections::HashMap<String, (String, String)> {
    let Some(s) = headline::scenario_of(saved) else {
        return Default::default();
    };
    let r = &s.report;
    let mut out = std::collections::HashMap::new();
    for p in &s.policies {
        let en = r.policy_names.get(&p.name);
        let id = r.policy_names_id.get(&p.name).or(en);
        if let (Some(en), Some(id)) = (en.or(id), id) {
            out.insert(p.name.clone(), (en.clone(), id.clone()));
        }
    }
    out
}

/// What every section of the brief reads: the saved results and what is derived once.
struct BriefContext<'a> {
    saved: &'a SavedResults,
    lang: Lang,
    scenario: Option<Scenario>,
    headlines: Vec<headline::Headline>,
    baseline: String,
    scenario_name: String,
}

/// Assembles the brief: the executive summary (question, answer, scorecard, ranking, what
/// the simulation cannot say) first, then what each policy does, trends and charts, then
/// the scenario, and an appendix with the full tables, parameters and method.
fn build(
    saved: &SavedResults,
    lang: Lang,
    drawn: &[(ChartFile, String)],
    skipped: &[SkippedChart],
) -> Doc {
    let w = lang.w();
    let run = &saved.run;
    let ctx = BriefContext {
        saved,
        lang,
        scenario: headline::scenario_of(saved),
        headlines: headline::headlines(saved),
        baseline: baseline_of(saved),
        scenario_name: if run.scenario_name.is_empty() {
            w.unknown.to_string()
        } else {
            run.scenario_name.clone()
        },
    };
    let mut b = Vec::new();
    if run.complete == Some(false) {
        b.push(Block::Note(w.incomplete.to_string()));
    }
    executive_summary(&ctx, &mut b);
    // The charts a decision rests on in the body, the rest in the appendix.
    let (body, more): (Vec<_>, Vec<_>) = drawn
        .iter()
        .enumerate()
        .partition(|(_, (f, _))| charts::BODY_IDS.contains(&f.id.as_str()));
    let figures = |list: &[(usize, &(ChartFile, String))]| -> Vec<Block> {
        list.iter()
            .map(|(n, (file, svg))| Block::Figure {
                id: file.id.clone(),
                caption: fill(
                    w.figure,
                    &[("n", &(n + 1).to_string()), ("title", &file.title)],
                ),
                svg: svg.clone(),
            })
            .collect()
    };
    details(&ctx, figures(&body), skipped, &mut b);
    appendix(&ctx, figures(&more), &mut b);
    Doc {
        lang,
        charts_dir: "charts".to_string(),
        title: fill(w.doc_title, &[("scenario", &ctx.scenario_name)]),
        blocks: b,
    }
}

/// The question, the answer, the scorecard and ranking, what the simulation cannot say and
/// what each policy does: the first screen a planner reads.
fn executive_summary(ctx: &BriefContext, b: &mut Vec<Block>) {
    let (saved, lang, headlines) = (ctx.saved, ctx.lang, &ctx.headlines);
    let (w, d) = (lang.w(), lang.d());
    let horizon = saved
        .run
        .months
        .map(|m| m as f64 / 12.0)
        .unwrap_or(f64::NAN);
    let horizon = if horizon.is_finite() {
        years_text(lang, horizon)
    } else {
        "?".to_string()
    };
    let replications = saved
        .run
        .replications
        .or_else(|| saved.summary.iter().filter_map(|s| s.n).max());
    b.push(Block::Heading(2, w.h_question.to_string(), "question"));
    b.push(Block::Para(summary::question(
        saved,
        ctx.scenario.as_ref(),
        headlines,
        lang,
        &ctx.baseline,
        &horizon,
    )));
    b.push(Block::Heading(2, d.h_answer.to_string(), "answer"));
    b.extend(summary::answer(
        saved,
        headlines,
        lang,
        &ctx.baseline,
        replications,
    ));
    b.push(Block::Heading(2, d.h_scorecard.to_string(), "scorecard"));
    if headlines.is_empty() {
        b.push(Block::Note(w.no_comparison.to_string()));
    }
    b.extend(summary::scorecard(saved, headlines, lang, &ctx.baseline));
    if let Some(r) = summary::ranking(saved, headlines, lang, &ctx.baseline) {
        b.push(Block::Heading(3, d.h_ranking.to_string(), "ranking"));
        b.push(r);
    }
    b.push(Block::Heading(2, d.h_cannot.to_string(), "cannot-say"));
    b.push(summary::cannot_say(lang));
    b.push(Block::Heading(2, d.h_policies.to_string(), "policies"));
    b.push(summary::policy_descriptions(
        saved,
        ctx.scenario.as_ref(),
        lang,
    ));
}

/// Trends, the charts a decision rests on (and why any was skipped), and the scenario.
fn details(ctx: &BriefContext, figures: Vec<Block>, skipped: &[SkippedChart], b: &mut Vec<Block>) {
    let (saved, lang) = (ctx.saved, ctx.lang);
    let (w, d) = (lang.w(), lang.d());
    b.push(Block::Heading(2, d.h_trends.to_string(), "trends"));
    b.extend(summary::trends(saved, &ctx.headlines, lang));
    if let Some(spread) = summary::backlog_spread(saved, lang) {
        b.push(spread);
    }
    b.push(Block::Heading(2, w.h_charts.to_string(), "charts"));
    b.extend(figures);
    b.extend(skipped_list(lang, skipped));
    scenario_section(saved, ctx.scenario.as_ref(), lang, &ctx.scenario_name, b);
}

/// The charts left out and why, as a list (none when every chart was drawn).
fn skipped_list(lang: Lang, skipped: &[SkippedChart]) -> Option<Block> {
    (!skipped.is_empty()).then(|| {
        Block::List(
            skipped
                .iter()
                .map(|s| {
                    fill(
                        lang.w().skipped,
                        &[("title", &s.title), ("reason", &s.reason)],
                    )
                })
                .collect(),
        )
    })
}

/// The appendix: the other charts, every finding, the full tables, parameters and method.
fn appendix(ctx: &BriefContext, figures: Vec<Block>, b: &mut Vec<Block>) {
    let (saved, lang) = (ctx.saved, ctx.lang);
    let (w, d) = (lang.w(), lang.d());
    b.push(Block::PageBreak);
    b.push(Block::Heading(2, d.h_appendix.to_string(), "appendix"));
    if !figures.is_empty() {
        b.push(Block::Heading(
            3,
            d.h_more_charts.to_string(),
            "more-charts",
        ));
        b.extend(figures);
    }
    let findings = headline_sentences(saved, lang);
    if !findings.is_empty() {
        b.push(Block::Heading(3, w.h_findings.to_string(), "findings"));
        b.push(Block::List(findings));
    }
    summary_table(saved, lang, b);
    comparison_table(saved, lang, b);
    parameters_table(saved, lang, b);
    method(saved, lang, &ctx.scenario_name, b);
    b.push(Block::Para(fill(
        w.footer,
        &[("version", &version(saved, lang))],
    )));
}

/// The policy every other is compared with: `run.json`'s, else the comparison's, else the
/// first policy.
fn baseline_of(saved: &SavedResults) -> String {
    saved
        .run
        .baseline
        .clone()
        .or_else(|| {
            let c = saved.comparison.as_ref()?;
            c.first().map(|d| d.baseline.clone())
        })
        .or_else(|| saved.policies.first().cloned())
        .unwrap_or_default()
}

/// The scenario: name, description (Indonesian when given) and the units table.
fn scenario_section(
    saved: &SavedResults,
    scenario: Option<&crate::scenario::Scenario>,
    lang: Lang,
    name: &str,
    b: &mut Vec<Block>,
) {
    let w = lang.w();
    let run = &saved.run;
    let description = match (lang, scenario) {
        (Lang::Id, Some(s)) if !s.report.description_id.is_empty() => {
            s.report.description_id.clone()
        }
        _ => run.description().to_string(),
    };
    b.push(Block::Heading(2, w.h_scenario.to_string(), "scenario"));
    b.push(Block::List(vec![
        format!("{}: {name}", w.name),
        format!("{}: {description}", w.description),
    ]));
    if !run.overrides.is_empty() {
        b.push(Block::Note(fill(
            lang.d().overrides,
            &[(
                "list",
                &run.overrides
                    .iter()
                    .map(|o| format!("--set {o}"))
                    .collect::<Vec<_>>()
                    .join(", "),
            )],
        )));
    }
    let units = run.units();
    if !units.is_empty() {
        b.push(Block::Heading(3, w.h_units.to_string(), "units"));
        b.push(Block::Table {
            id: "units-table",
            head: [
                w.col_unit,
                w.col_field,
                w.col_remoteness,
                w.col_positions,
                w.col_staff,
            ]
            .map(str::to_string)
            .to_vec(),
            rows: units
                .iter()
                .map(|u| {
                    vec![
                        u.name.clone(),
                        u.field.clone(),
                        lang.remoteness(&u.remoteness),
                        u.positions.clone(),
                        u.staff.clone(),
                    ]
                })
                .collect(),
            numeric_from: 3,
        });
    }
}

fn version(saved: &SavedResults, lang: Lang) -> String {
    if saved.run.version.is_empty() {
        lang.w().unknown.to_string()
    } else {
        saved.run.version.clone()
    }
}

/// "KPI (unit)" for table rows.
fn kpi_with_unit(lang: Lang, kpi: &str, years: Option<f64>, diff: bool) -> String {
    let unit = match kpi_info(kpi) {
        Some(k) if diff && k.measure == super::i18n::Measure::Share => {
            lang.w().percentage_points.to_string()
        }
        _ => lang.kpi_unit(kpi, years),
    };
    if unit.is_empty() {
        lang.kpi(kpi)
    } else {
        format!("{} ({unit})", lang.kpi(kpi))
    }
}

fn summary_table(saved: &SavedResults, lang: Lang, b: &mut Vec<Block>) {
    let w = lang.w();
    let years = saved.run.measured_years();
    let policies: Vec<&String> = saved
        .policies
        .iter()
        .filter(|p| saved.summary.iter().any(|s| &s.policy == *p))
        .collect();
    if policies.is_empty() {
        return;
    }
    b.push(Block::Heading(2, w.h_summary.to_string(), "summary"));
    let mut head = vec![w.col_kpi.to_string(), w.col_better.to_string()];
    head.extend(policies.iter().map(|p| lang.policy(p)));
    let rows = saved
        .kpis()
        .iter()
        .map(|k| {
            let f = display_factor(k, years);
            let cells: Vec<Option<_>> = policies
                .iter()
                .map(|p| saved.summary(p, k).map(|s| s.estimate.scaled(f)))
                .collect();
            let scale = cells
                .iter()
                .flatten()
                .flat_map(|e| [e.mean, e.low, e.high])
                .filter(|v| v.is_finite())
                .fold(0.0_f64, |m, v| m.max(v.abs()));
            let d = decimals_for(scale, 3);
            let mut row = vec![
                kpi_with_unit(lang, k, years, false),
                lang.better(k).to_string(),
            ];
            row.extend(cells.iter().map(|c| match c {
                Some(e) if e.low.is_finite() && e.high.is_finite() => {
                    format!("{} ({})", lang.num(e.mean, d), lang.range(e.low, e.high, d))
                }
                Some(e) => lang.num(e.mean, d),
                None => "–".to_string(),
            }));
            row
        })
        .collect();
    b.push(Block::Table {
        id: "summary-table",
        head,
        rows,
        numeric_from: 2,
    });
}

fn comparison_table(saved: &SavedResults, lang: Lang, b: &mut Vec<Block>) {
    let w = lang.w();
    let Some(comparison) = &saved.comparison else {
        return;
    };
    let years = saved.run.measured_years();
    let min_change = material::MinChange::of_saved(saved);
    b.push(Block::Heading(2, w.h_comparison.to_string(), "comparison"));
    b.push(Block::Para(format!(
        "{} {}",
        w.comparison_note,
        min_change.describe(lang, &lang.policy_object(&baseline_of(saved)))
    )));
    let rows = comparison
        .iter()
        .map(|d| {
            let e = d.difference.scaled(display_factor(&d.kpi, years));
            let scale = [e.mean, e.low, e.high]
                .iter()
                .filter(|v| v.is_finite())
                .fold(0.0_f64, |m, v| m.max(v.abs()));
            let dec = decimals_for(scale, 2);
            vec![
                lang.policy(&d.policy),
                lang.policy(&d.baseline),
                kpi_with_unit(lang, &d.kpi, years, true),
                lang.num(e.mean, dec),
                lang.range(e.low, e.high, dec),
                {
                    let level = saved
                        .summary(&d.baseline, &d.kpi)
                        .map_or(f64::NAN, |s| s.estimate.mean);
                    let threshold = min_change.threshold(&d.kpi, level);
                    match (d.is_clear(), d.difference.mean.abs() >= threshold) {
                        (true, true) => w.yes,
                        (true, false) => lang.d().too_small,
                        (false, _) => w.no,
                    }
                }
                .to_string(),
                lang.num(d.p_best, 2),
            ]
        })
        .collect();
    b.push(Block::Table {
        id: "comparison-table",
        head: [
            w.col_policy,
            w.col_baseline,
            w.col_kpi,
            w.col_difference,
            w.col_ci,
            w.col_clear,
            w.col_p_best,
        ]
        .map(str::to_string)
        .to_vec(),
        rows,
        numeric_from: 3,
    });
}

/// Most rows of the parameters table.
const MAX_PARAMETERS: usize = 80;

/// Scenario values as `path = value` rows: nested tables flattened with dots, lists of
/// numbers joined, lists of tables counted; units, name and description are shown elsewhere.
fn flatten(prefix: &str, v: &serde_json::Value, lang: Lang, out: &mut Vec<Vec<String>>) {
    use serde_json::Value;
    match v {
        Value::Object(map) => {
            for (k, v) in map {
                // `uncertainty` holds ranges for `mutasi robust` and `report` what the brief
                // leads with: neither is a value of this run.
                let skip = ["units", "name", "description", "uncertainty", "report"];
                if prefix.is_empty() && skip.contains(&k.as_str()) {
                    continue;
                }
                let path = if prefix.is_empty() {
                    k.clone()
                } else {
                    format!("{prefix}.{k}")
                };
                flatten(&path, v, lang, out);
            }
        }
        Value::Array(items) if items.iter().all(|i| !i.is_object() && !i.is_array()) => {
            let text: Vec<String> = items.iter().map(|i| scalar(i, lang)).collect();
            out.push(vec![prefix.to_string(), text.join(", ")]);
        }
        Value::Array(items) => out.push(vec![
            prefix.to_string(),
            fill(lang.w().items, &[("n", &items.len().to_string())]),
        ]),
        other => out.push(vec![prefix.to_string(), scalar(other, lang)]),
    }
}

/// A scalar of the scenario echo; numbers keep their digits (seeds are not grouped) with
/// the language's decimal mark and minus sign.
fn scalar(v: &serde_json::Value, lang: Lang) -> String {
    match v {
        serde_json::Value::String(s) => s.clone(),
        serde_json::Value::Null => "–".to_string(),
        serde_json::Value::Number(n) => n
            .to_string()
            .replace('-', "−")
            .replace('.', &lang.w().decimal_mark.to_string()),
        other => other.to_string(),
    }
}

fn parameters_table(saved: &SavedResults, lang: Lang, b: &mut Vec<Block>) {
    let w = lang.w();
    let mut rows = Vec::new();
    flatten("", &saved.run.scenario, lang, &mut rows);
    // The run's own replications and seed, not the scenario's defaults (a --target-ci or
    // -r run differs from them).
    for row in &mut rows {
        match row[0].as_str() {
            "experiment.replications" => {
                if let Some(r) = saved.run.replications {
                    row[1] = r.to_string();
                }
            }
            "experiment.seed" => {
                if let Some(s) = saved.run.seed {
                    row[1] = s.to_string();
                }
            }
            _ => {}
        }
    }
    if rows.is_empty() {
        return;
    }
    rows.truncate(MAX_PARAMETERS);
    b.push(Block::Heading(2, w.h_parameters.to_string(), "parameters"));
    b.push(Block::Table {
        id: "parameters-table",
        head: vec![w.col_parameter.to_string(), w.col_value.to_string()],
        rows,
        numeric_from: 1,
    });
}

/// Quotes a command-line word for a POSIX shell when needed.
fn shell_word(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./".contains(c))
    {
        s.to_string()
    } else {
        format!("'{}'", s.replace('\'', r"'\''"))
    }
}

fn method(saved: &SavedResults, lang: Lang, scenario: &str, b: &mut Vec<Block>) {
    let w = lang.w();
    let run = &saved.run;
    let opt = |v: Option<u64>| v.map_or_else(|| w.unknown.to_string(), |v| v.to_string());
    let replications = run
        .replications
        .or_else(|| saved.summary.iter().filter_map(|s| s.n).max());
    b.push(Block::Heading(2, w.h_method.to_string(), "method"));
    b.push(Block::Para(fill(
        w.method,
        &[
            ("replications", &opt(replications)),
            ("seed", &opt(run.seed)),
            ("warmup", &opt(run.warmup_months)),
            ("months", &opt(run.months)),
            (
                "years",
                &run.measured_years()
                    .map_or_else(|| w.unknown.to_string(), |y| years_text(lang, y)),
            ),
        ],
    )));
    if let Some(rule) = &run.stopping_rule {
        let text = w
            .stopping_rules
            .iter()
            .find(|(name, _)| name == rule)
            .map_or(rule.as_str(), |(_, text)| text);
        b.push(Block::Para(fill(w.method_stopping, &[("rule", text)])));
    }
    b.push(Block::Para(w.method_units.to_string()));
    b.extend(run.notes.iter().map(|n| Block::Note(n.clone())));
    let events = run
        .events
        .map_or_else(|| w.unknown.to_string(), |e| lang.num(e as f64, 0));
    let seconds = run
        .wall_seconds
        .map_or_else(|| w.unknown.to_string(), |s| lang.num(s, 2));
    b.push(Block::Para(fill(
        w.produced_by,
        &[
            ("version", &version(saved, lang)),
            ("events", &events),
            ("seconds", &seconds),
        ],
    )));
    b.push(Block::Para(w.reproduce.to_string()));
    let mut tail = String::new();
    if let Some(r) = replications {
        tail.push_str(&format!(" -r {r}"));
    }
    if let Some(s) = run.seed {
        tail.push_str(&format!(" --seed {s}"));
    }
    let mut cmd = format!("mutasi run {}", shell_word(scenario));
    for o in &run.overrides {
        cmd.push_str(&format!(" --set {}", shell_word(o)));
    }
    cmd.push_str(&tail);
    cmd.push_str(&format!(
        " -o {}",
        shell_word(&format!("results/{scenario}"))
    ));
    b.push(Block::Code(cmd));
    b.push(Block::Para(lang.d().reproduce_exact.to_string()));
    b.push(Block::Code(format!(
        "mutasi run RESULTS_FOLDER/scenario.toml{tail} -o {}",
        shell_word(&format!("results/{scenario}-again"))
    )));
    b.push(Block::Para(w.reproduce_note.to_string()));
}

//! The charts of the policy brief, drawn with plotters as PNG (1600 px wide) and SVG.
//!
//! Each chart is planned from the saved results into a [`Fig`] (or skipped with a reason when
//! its data is absent), then rendered; styling lives in [`style`], one file per chart family:
//! [`time`] (KPIs over months), [`units`] (per-unit small multiples and heatmap), [`compare`]
//! (dot-and-whisker, forest and staff-flow panels), [`cost`] (quality against cost) and
//! [`sweep`] (KPIs against a swept parameter).

mod compare;
mod cost;
mod headline;
pub(crate) mod robust;
pub(crate) mod style;
mod sweep;
mod time;
mod units;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use plotters::prelude::DrawingBackend;
use plotters::style::RGBColor;

use super::i18n::{Lang, display_factor};
use super::saved::{Estimate, ReportError, SavedResults, load_sweep};
use super::write_atomically;
use style::{Area, DrawResult, Figure};

/// Headline KPIs, in the order charts and findings show them (those present are used).
pub(crate) const HEADLINE_KPIS: &[&str] = &[
    "resolution_days_mean",
    "sla_compliance",
    "complaints",
    "backlog_end",
    "utilization_cv",
    "stress_mean",
    "attrition",
    "cost_total",
];

/// A chart written to disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartFile {
    /// File stem, e.g. `sla_compliance_monthly`.
    pub id: String,
    /// Title drawn on the chart (in the report language).
    pub title: String,
    /// The PNG file.
    pub png: PathBuf,
    /// The SVG file.
    pub svg: PathBuf,
}

/// A chart that was not drawn because its data is absent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SkippedChart {
    /// File stem it would have had.
    pub id: String,
    /// Its title (in the report language).
    pub title: String,
    /// Why it was skipped (in the report language).
    pub reason: String,
}

/// Shared inputs of chart planning.
pub(crate) struct Ctx<'a> {
    pub saved: &'a SavedResults,
    pub lang: Lang,
    /// Years in the measured window, for per-year values.
    pub years: Option<f64>,
    /// Warm-up months (shaded).
    pub warmup: usize,
    /// The baseline policy (drawn near-black and solid).
    pub baseline: Option<String>,
}

impl Ctx<'_> {
    pub(crate) fn new(saved: &SavedResults, lang: Lang) -> Ctx<'_> {
        Ctx {
            saved,
            lang,
            years: saved.run.measured_years(),
            warmup: saved.run.warmup_months.unwrap_or(0) as usize,
            baseline: saved
                .run
                .baseline
                .clone()
                .or_else(|| saved.policies.first().cloned()),
        }
    }

    /// Display label and colour of a policy.
    pub(crate) fn policy(&self, name: &str) -> (String, RGBColor) {
        let (label, color, _) = self.policy_style(name);
        (label, color)
    }

    /// Display label, colour and dash of a policy: the baseline near-black and solid, the
    /// others in distinct colours and dash patterns (in the run's policy order).
    pub(crate) fn policy_style(&self, name: &str) -> (String, RGBColor, style::Dash) {
        let others = self
            .saved
            .policies
            .iter()
            .filter(|p| Some(p.as_str()) != self.baseline.as_deref());
        let index = if Some(name) == self.baseline.as_deref() {
            None
        } else {
            Some(
                others
                    .clone()
                    .position(|p| p == name)
                    .unwrap_or(others.count()),
            )
        };
        let (color, dash) = style::policy_style(index);
        (self.lang.policy(name), color, dash)
    }

    /// Summary estimate of a KPI in display units (percent, million Rp), its CI clipped to
    /// what the KPI can be (shares within 0–100 %, everything else non-negative).
    pub(crate) fn kpi(&self, policy: &str, kpi: &str) -> Option<Estimate> {
        let s = self.saved.summary(policy, kpi)?;
        s.estimate
            .mean
            .is_finite()
            .then(|| clip(kpi, s.estimate.scaled(display_factor(kpi, self.years))))
    }

    /// Axis label of a KPI: its unit and, when known, which direction is better.
    pub(crate) fn kpi_axis(&self, kpi: &str) -> String {
        let unit = self.lang.kpi_unit(kpi, self.years);
        let better = self.lang.better(kpi);
        match (unit.is_empty(), better.is_empty()) {
            (false, false) => format!("{unit} · {better}"),
            (false, true) => unit,
            (true, false) => better.to_string(),
            (true, true) => String::new(),
        }
    }
}

/// An estimate in display units clipped to the KPI's possible range.
pub(crate) fn clip(kpi: &str, mut e: Estimate) -> Estimate {
    let hi = match super::i18n::kpi_info(kpi).map(|k| k.measure) {
        Some(super::i18n::Measure::Share) => 100.0,
        _ => f64::INFINITY,
    };
    e.low = e.low.clamp(0.0, hi);
    e.high = e.high.clamp(0.0, hi);
    e
}

/// A planned figure of any family.
pub(crate) enum Fig {
    Time(time::TimeChart),
    Panels(time::LinePanels),
    Heat(units::Heatmap),
    Category(compare::CategoryPanels),
    Cost(cost::CostChart),
}

impl Figure for Fig {
    fn height(&self) -> u32 {
        match self {
            Fig::Time(f) => f.height(),
            Fig::Panels(f) => f.height(),
            Fig::Heat(f) => f.height(),
            Fig::Category(f) => f.height(),
            Fig::Cost(f) => f.height(),
        }
    }

    fn draw<DB: DrawingBackend>(&self, root: &Area<DB>) -> DrawResult {
        match self {
            Fig::Time(f) => f.draw(root),
            Fig::Panels(f) => f.draw(root),
            Fig::Heat(f) => f.draw(root),
            Fig::Category(f) => f.draw(root),
            Fig::Cost(f) => f.draw(root),
        }
    }
}

/// One chart of the brief: drawn, or skipped with a reason.
pub(crate) struct Planned {
    pub id: &'static str,
    pub title: String,
    pub fig: Result<Fig, Skip>,
}

/// Why a chart of the brief is not drawn; worded in the brief's language by [`Skip::reason`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Skip {
    /// The folder has no `timeseries.csv`.
    NoTimeseries,
    /// The monthly series of this metric is missing, or zero throughout.
    NoSeries(&'static str),
    /// No headline KPI with a value.
    NoHeadline,
    /// No comparison with the baseline.
    NoComparison,
    /// No cost KPI.
    NoCost,
    /// No transfer flows.
    NoFlows,
    /// Not a sweep.
    NoSweep,
    /// No headline KPI with a monthly series.
    NoTrends,
    /// Every unit's cases expire instead of queueing: a backlog says nothing.
    Expires,
}

impl Skip {
    /// The reason shown in the brief's list of skipped charts.
    pub(crate) fn reason(self, lang: Lang) -> String {
        let w = lang.w();
        let text = match self {
            Skip::NoTimeseries => w.skip_no_timeseries,
            Skip::NoSeries(metric) => {
                return crate::report::i18n::fill(w.skip_no_series, &[("metric", metric)]);
            }
            Skip::NoHeadline => w.skip_no_headline,
            Skip::NoComparison => w.skip_no_comparison,
            Skip::NoCost => w.skip_no_cost,
            Skip::NoFlows => w.skip_no_flows,
            Skip::NoSweep => w.skip_no_sweep,
            Skip::NoTrends => lang.d().skip_no_trends,
            Skip::Expires => lang.d().skip_expires,
        };
        text.to_string()
    }
}

/// Plans every chart of the brief, in report order.
pub(crate) fn plan_all(saved: &SavedResults, lang: Lang) -> Vec<Planned> {
    let ctx = Ctx::new(saved, lang);
    let heads = headline::of(&ctx);
    let (kpis, forest) = if heads.is_empty() {
        (compare::kpis(&ctx), compare::forest(&ctx))
    } else {
        (
            headline::panels(&ctx, &heads, false),
            headline::panels(&ctx, &heads, true),
        )
    };
    let mut out = Vec::new();
    if heads.is_empty() {
        out.push(time::sla(&ctx));
        out.push(time::complaints(&ctx));
    }
    out.extend([
        headline::over_time(&ctx, &heads),
        forest,
        cost::quality_vs_cost(&ctx, &heads),
        kpis,
        units::heatmap(&ctx),
        units::backlog(&ctx),
        compare::flows(&ctx),
    ]);
    if saved.sweep.is_some() {
        out.push(sweep::plan(&ctx));
    }
    out
}

/// Charts shown in the body of the brief (the others go to its appendix).
pub(crate) const BODY_IDS: &[&str] = &[
    headline::TRENDS_ID,
    compare::FOREST_ID,
    cost::COST_ID,
    time::SLA_ID,
];

/// Every chart id the brief can produce (used to remove stale files of skipped charts).
pub(crate) const ALL_IDS: &[&str] = &[
    headline::TRENDS_ID,
    time::SLA_ID,
    time::COMPLAINTS_ID,
    units::BACKLOG_ID,
    units::HEATMAP_ID,
    compare::KPIS_ID,
    compare::FOREST_ID,
    cost::COST_ID,
    compare::FLOWS_ID,
    sweep::SWEEP_ID,
];

static SCRATCH: AtomicU64 = AtomicU64::new(0);

/// Renders one figure into `charts_dir` as `<id>.svg` and `<id>.png`; returns the SVG text.
pub(crate) fn write_chart(
    fig: &impl Figure,
    id: &str,
    title: &str,
    charts_dir: &Path,
) -> Result<(ChartFile, String), ReportError> {
    let fail = |e: style::DrawError| ReportError::Chart {
        chart: id.to_string(),
        message: e.0,
    };
    let svg = style::to_svg(fig).map_err(fail)?;
    let scratch = charts_dir.join(format!(
        ".{id}.render-{}-{}.png",
        std::process::id(),
        SCRATCH.fetch_add(1, Ordering::Relaxed)
    ));
    let png = style::to_png(fig, &scratch).map_err(fail)?;
    let file = ChartFile {
        id: id.to_string(),
        title: title.to_string(),
        png: charts_dir.join(format!("{id}.png")),
        svg: charts_dir.join(format!("{id}.svg")),
    };
    write_atomically(&file.png, &png)?;
    write_atomically(&file.svg, svg.as_bytes())?;
    Ok((file, svg))
}

/// Creates a folder (and its parents).
pub(crate) fn create_dir(dir: &Path) -> Result<(), ReportError> {
    std::fs::create_dir_all(dir).map_err(|source| ReportError::Io {
        path: dir.to_path_buf(),
        source,
    })
}

/// Draws chart (i), KPIs against the swept parameter, from a `sweep.csv` file into
/// `out_dir/charts/sweep.png|svg`. Policies keep the colours of `policy_order` (the order of
/// `run.json`; policies not listed follow in order of appearance). Returns the chart, or
/// the reason it was skipped (no rows with a defined mean).
pub fn render_sweep_chart(
    sweep_csv: &Path,
    out_dir: &Path,
    policy_order: &[String],
    lang: Lang,
) -> Result<Result<ChartFile, SkippedChart>, ReportError> {
    let sweep = load_sweep(sweep_csv)?;
    let mut policies = policy_order.to_vec();
    for r in &sweep.rows {
        if !policies.contains(&r.policy) {
            policies.push(r.policy.clone());
        }
    }
    // The sweep's run.json, beside its sweep.csv, says whether values are per year, which
    // policies the swept parameter touches and how the scenario names them (read even when
    // the sweep was interrupted: its finished points are drawn).
    let json: serde_json::Value = sweep_csv
        .parent()
        .and_then(|d| std::fs::read(d.join("run.json")).ok())
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default();
    let mut run: super::saved::RunMeta = serde_json::from_value(json.clone()).unwrap_or_default();
    // A sweep's run.json names no baseline of its own; its scenario does.
    if run.baseline.is_none() {
        run.baseline = json["scenario"]["baseline"].as_str().map(str::to_string);
    }
    // Only the policies the parameter changes, with the baseline as the reference: the
    // others are the same at every point and would bury the one that varies.
    let varied = sweep::varied_policies(&json, &policies);
    if !varied.is_empty() {
        let baseline = run.baseline.clone().or_else(|| policies.first().cloned());
        policies.retain(|p| varied.contains(p) || Some(p) == baseline.as_ref());
    }
    let saved = SavedResults {
        run,
        policies,
        summary: Vec::new(),
        replications: None,
        timeseries: None,
        comparison: None,
        sweep: Some(sweep),
        units: None,
    };
    let _names = crate::report::i18n::PolicyNames::set(crate::report::brief::policy_names(&saved));
    let planned = sweep::plan(&Ctx::new(&saved, lang));
    match planned.fig {
        Ok(fig) => {
            let dir = out_dir.join("charts");
            create_dir(&dir)?;
            write_chart(&fig, planned.id, &planned.title, &dir).map(|(f, _)| Ok(f))
        }
        Err(skip) => Ok(Err(SkippedChart {
            id: planned.id.to_string(),
            title: planned.title,
            reason: skip.reason(lang),
        })),
    }
}

//! Charts (a) and (b): a KPI of the whole organisation month by month, one line per policy
//! with its 95 % CI band, warm-up months shaded.

use std::ops::Range;

use plotters::prelude::*;

use super::style::{self, Area, Axes, DrawResult, Figure, LegendItem, Mark, Ticks};
use super::{Ctx, Fig, Planned, Skip};
use crate::report::i18n::Lang;
use crate::report::saved::{ALL_UNITS, Estimate};
use crate::sim::Metric;

/// File stem of chart (a).
pub(crate) const SLA_ID: &str = "sla_compliance_monthly";
/// File stem of chart (b).
pub(crate) const COMPLAINTS_ID: &str = "complaints_monthly";

/// One line of a time chart.
pub(crate) struct Line {
    pub label: String,
    pub color: RGBColor,
    /// Dash pattern (the baseline solid, other policies dashed).
    pub dash: style::Dash,
    /// (month, estimate).
    pub points: Vec<(f64, Estimate)>,
}

impl Line {
    /// Its legend entry.
    pub(crate) fn legend(&self, mark: Mark) -> LegendItem {
        LegendItem::new(&self.label, self.color, mark).dashed(self.dash)
    }
}

/// A monthly chart with one line and band per policy.
pub(crate) struct TimeChart {
    title: String,
    y_desc: String,
    x_desc: String,
    legend: Vec<LegendItem>,
    lines: Vec<Line>,
    months: usize,
    warmup: usize,
    /// Upper bound of the Y axis, if the quantity has one (100 %).
    y_cap: Option<f64>,
    include_zero: bool,
    lang: Lang,
}

/// Monthly lines of `metric` at `unit` (or `all`), scaled by `factor`, CI bands clipped to
/// what the metric can be (non-negative; shares at most 100 %).
pub(crate) fn policy_lines(ctx: &Ctx, unit: &str, metric: &str, factor: f64) -> Vec<Line> {
    let share = crate::sim::Metric::from_name(metric).is_some_and(|m| m.unit() == "fraction");
    let hi = if share { factor } else { f64::INFINITY };
    let Some(ts) = &ctx.saved.timeseries else {
        return Vec::new();
    };
    ctx.saved
        .policies
        .iter()
        .filter_map(|p| {
            let s = ts.series(p, unit, metric)?;
            let (label, color, dash) = ctx.policy_style(p);
            let points = s
                .iter()
                .enumerate()
                .map(|(m, e)| {
                    let mut e = e.scaled(factor);
                    e.low = e.low.clamp(0.0, hi);
                    e.high = e.high.clamp(0.0, hi);
                    ((m + 1) as f64, e)
                })
                .collect();
            Some(Line {
                label,
                color,
                dash,
                points,
            })
        })
        .collect()
}

/// Why a timeseries chart cannot be drawn, or `None`.
pub(crate) fn missing_series(ctx: &Ctx, metric: &'static str) -> Option<Skip> {
    match &ctx.saved.timeseries {
        None => Some(Skip::NoTimeseries),
        Some(ts) if !ts.has_metric(metric) => Some(Skip::NoSeries(metric)),
        Some(_) => None,
    }
}

/// A monthly chart of `metric` (times `factor`) for every policy, over the whole organisation,
/// its y axis capped at `y_cap` if given.
fn time_chart(
    ctx: &Ctx,
    id: &'static str,
    title: &str,
    metric: Metric,
    factor: f64,
    y_cap: Option<f64>,
) -> Planned {
    let w = ctx.lang.w();
    let y_desc = ctx.lang.metric_axis(metric);
    let metric = metric.name();
    let lines = policy_lines(ctx, ALL_UNITS, metric, factor);
    let all_zero = lines
        .iter()
        .flat_map(|l| l.points.iter())
        .all(|(_, e)| !e.mean.is_finite() || e.mean == 0.0);
    let fig = match missing_series(ctx, metric) {
        Some(reason) => Err(reason),
        None if lines.is_empty() || all_zero => Err(Skip::NoSeries(metric)),
        None => {
            let mut legend: Vec<LegendItem> = lines.iter().map(|l| l.legend(Mark::Band)).collect();
            legend.push(LegendItem::new(w.legend_ci, style::INK, Mark::Band));
            if ctx.warmup > 0 {
                legend.push(LegendItem::new(w.legend_warmup, style::WARMUP, Mark::Patch));
            }
            let months = lines.iter().map(|l| l.points.len()).max().unwrap_or(1);
            Ok(Fig::Time(TimeChart {
                title: title.to_string(),
                y_desc,
                x_desc: w.axis_month.to_string(),
                legend,
                lines,
                months,
                warmup: ctx.warmup,
                y_cap,
                include_zero: y_cap.is_none(),
                lang: ctx.lang,
            }))
        }
    };
    Planned {
        id,
        title: title.to_string(),
        fig,
    }
}

/// Chart (a): monthly SLA compliance (%).
pub(crate) fn sla(ctx: &Ctx) -> Planned {
    let title = ctx.lang.w().title_sla;
    time_chart(
        ctx,
        SLA_ID,
        title,
        Metric::SlaCompliance,
        100.0,
        Some(100.0),
    )
}

/// Chart (b): complaints per month.
pub(crate) fn complaints(ctx: &Ctx) -> Planned {
    let title = ctx.lang.w().title_complaints;
    time_chart(ctx, COMPLAINTS_ID, title, Metric::Complaints, 1.0, None)
}

impl Figure for TimeChart {
    fn height(&self) -> u32 {
        1000
    }

    fn draw<DB: DrawingBackend>(&self, root: &Area<DB>) -> DrawResult {
        let body = style::frame(root, &self.title, &self.legend)?;
        let values = self
            .lines
            .iter()
            .flat_map(|l| l.points.iter())
            .flat_map(|(_, e)| [e.mean, e.low, e.high]);
        let mut y = style::padded_range(values, self.include_zero);
        if let Some(cap) = self.y_cap {
            y.end = y.end.min(cap + 0.5);
            y.start = y.start.max(0.0);
        }
        let x = 0.5..(self.months as f64 + 0.5);
        let axes = Axes {
            x_desc: Some(&self.x_desc),
            y_desc: Some(&self.y_desc),
            x_ticks: Ticks::Whole,
            y_ticks: Ticks::Numbers,
            y_labels: 10,
            y_area: 120,
            lang: self.lang,
        };
        let mut chart = style::xy_chart(&body, None, x, y.clone(), &axes)?;
        style::draw_warmup(&mut chart, self.warmup, &y)?;
        for l in &self.lines {
            style::draw_styled_line(&mut chart, &l.points, l.color, l.dash, true, 4)?;
        }
        Ok(())
    }
}

/// One panel of [`LinePanels`].
pub(crate) struct LinePanel {
    /// Caption (unit or KPI).
    pub caption: String,
    /// Y axis description.
    pub y_desc: String,
    /// One line per policy.
    pub lines: Vec<Line>,
}

/// Small multiples of line charts sharing the X axis: per-unit backlog, sweeps.
pub(crate) struct LinePanels {
    pub title: String,
    pub x_desc: String,
    pub legend: Vec<LegendItem>,
    pub panels: Vec<LinePanel>,
    pub x: Range<f64>,
    /// Label only whole numbers on the X axis (months, sweep points).
    pub integer_x: bool,
    /// Warm-up months to shade (0 = none).
    pub warmup: usize,
    /// Draw the CI bands.
    pub band: bool,
    /// Y axes start at zero.
    pub include_zero: bool,
    pub lang: Lang,
}

impl LinePanels {
    /// Panels over the months of the run: the legend of the first panel's lines (and of
    /// the warm-up shading when there is one), months on the X axis, Y from zero.
    pub(crate) fn monthly(ctx: &Ctx, title: String, panels: Vec<LinePanel>, band: bool) -> Self {
        let w = ctx.lang.w();
        let mut legend: Vec<LegendItem> = panels
            .first()
            .map(|p| p.lines.iter().map(|l| l.legend(Mark::Line)).collect())
            .unwrap_or_default();
        if ctx.warmup > 0 {
            legend.push(LegendItem::new(w.legend_warmup, style::WARMUP, Mark::Patch));
        }
        let months = ctx.saved.timeseries.as_ref().map_or(0, |t| t.months);
        LinePanels {
            title,
            x_desc: w.axis_month.to_string(),
            legend,
            panels,
            x: 0.5..(months as f64 + 0.5),
            integer_x: true,
            warmup: ctx.warmup,
            band,
            include_zero: true,
            lang: ctx.lang,
        }
    }
}

const PANEL_HEIGHT: u32 = 440;

fn columns(n: usize) -> usize {
    match n {
        0..=1 => 1,
        2..=4 => 2,
        5..=9 => 3,
        _ => 4,
    }
}

impl Figure for LinePanels {
    fn height(&self) -> u32 {
        let rows = self.panels.len().div_ceil(columns(self.panels.len())) as u32;
        // At least a slide's height, so one row of panels is not a strip.
        (200 + rows * PANEL_HEIGHT).max(900)
    }

    fn draw<DB: DrawingBackend>(&self, root: &Area<DB>) -> DrawResult {
        let body = style::frame(root, &self.title, &self.legend)?;
        let cols = columns(self.panels.len());
        let rows = self.panels.len().div_ceil(cols);
        for (i, (area, panel)) in style::grid(&body, self.panels.len(), cols)
            .iter()
            .zip(&self.panels)
            .enumerate()
        {
            let values = panel.lines.iter().flat_map(|l| {
                l.points.iter().flat_map(|(_, e)| {
                    if self.band {
                        vec![e.mean, e.low, e.high]
                    } else {
                        vec![e.mean]
                    }
                })
            });
            let y = style::padded_range(values, self.include_zero);
            let axes = Axes {
                x_desc: (i / cols == rows - 1).then_some(self.x_desc.as_str()),
                y_desc: Some(&panel.y_desc),
                x_ticks: if self.integer_x {
                    Ticks::Whole
                } else {
                    Ticks::Numbers
                },
                y_ticks: Ticks::Numbers,
                y_labels: 6,
                y_area: 120,
                lang: self.lang,
            };
            let mut chart =
                style::xy_chart(area, Some(&panel.caption), self.x.clone(), y.clone(), &axes)?;
            style::draw_warmup(&mut chart, self.warmup, &y)?;
            for l in &panel.lines {
                style::draw_styled_line(&mut chart, &l.points, l.color, l.dash, self.band, 3)?;
            }
        }
        Ok(())
    }
}

//! Per-unit charts: (c) backlog over time as small multiples, one panel per work unit and
//! one line per policy; (d) a unit × month heatmap of utilization (or EJ when present), one
//! panel per policy on a shared colour scale.

use plotters::prelude::*;

use super::style::{self, Area, Axes, ColorScale, DrawResult, Figure, LegendItem, Mark, Ticks};
use super::time::{LinePanel, LinePanels, missing_series, policy_lines};
use super::{Ctx, Fig, Planned, Skip};
use crate::report::i18n::Lang;
use crate::report::saved::Estimate;
use crate::sim::Metric;

/// File stem of chart (c).
pub(crate) const BACKLOG_ID: &str = "backlog_by_unit";
/// File stem of chart (d).
pub(crate) const HEATMAP_ID: &str = "workload_heatmap";

/// Chart (c): backlog per unit over time.
pub(crate) fn backlog(ctx: &Ctx) -> Planned {
    let w = ctx.lang.w();
    let expires = crate::report::brief::headline::scenario_of(ctx.saved).is_some_and(|s| {
        s.units
            .iter()
            .all(|u| crate::report::brief::headline::expires(&s, u))
    });
    if expires {
        return Planned {
            id: BACKLOG_ID,
            title: w.title_backlog.to_string(),
            fig: Err(Skip::Expires),
        };
    }
    let fig = match (missing_series(ctx, "backlog"), &ctx.saved.timeseries) {
        (reason, None) | (reason @ Some(_), _) => Err(reason_or(ctx, reason, "backlog")),
        (None, Some(ts)) => {
            let panels: Vec<LinePanel> = ts
                .work_units()
                .map(|u| LinePanel {
                    caption: u.to_string(),
                    y_desc: ctx.lang.metric_axis(Metric::Backlog),
                    lines: policy_lines(ctx, u, "backlog", 1.0),
                })
                .filter(|p| !p.lines.is_empty())
                .collect();
            if panels.is_empty() {
                Err(reason_or(ctx, None, "backlog"))
            } else {
                Ok(Fig::Panels(LinePanels::monthly(
                    ctx,
                    w.title_backlog.to_string(),
                    panels,
                    false,
                )))
            }
        }
    };
    Planned {
        id: BACKLOG_ID,
        title: w.title_backlog.to_string(),
        fig,
    }
}

/// `reason`, else why the series of `metric` is missing, else that it has nothing to draw.
fn reason_or(ctx: &Ctx, reason: Option<Skip>, metric: &'static str) -> Skip {
    reason
        .or_else(|| missing_series(ctx, metric))
        .unwrap_or(Skip::NoSeries(metric))
}

/// Heatmaps of a per-unit monthly metric, one panel per policy.
pub(crate) struct Heatmap {
    title: String,
    x_desc: String,
    scale_label: String,
    units: Vec<String>,
    /// (policy label, values[unit][month]).
    panels: Vec<(String, Vec<Vec<f64>>)>,
    months: usize,
    warmup: usize,
    scale: ColorScale,
    lang: Lang,
}

/// Panels side by side: two when there are more than two policies.
fn heat_columns(panels: usize) -> usize {
    if panels > 2 { 2 } else { 1 }
}

/// Row height of one unit in a heatmap panel.
fn row_height(units: usize) -> u32 {
    if units <= 12 { 40 } else { 24 }
}

/// Chart (d): utilization, or EJ when the results have it, per unit and month.
pub(crate) fn heatmap(ctx: &Ctx) -> Planned {
    let w = ctx.lang.w();
    let ej = ctx
        .saved
        .timeseries
        .as_ref()
        .is_some_and(|t| t.has_metric("ej"));
    let (metric, title, factor) = if ej {
        (Metric::Ej, w.title_heat_ej, 1.0)
    } else {
        (Metric::Utilization, w.title_heat_utilization, 100.0)
    };
    let label = ctx.lang.metric_axis(metric);
    let metric = metric.name();
    let planned = |fig| Planned {
        id: HEATMAP_ID,
        title: title.to_string(),
        fig,
    };
    let ts = match (missing_series(ctx, metric), &ctx.saved.timeseries) {
        (None, Some(ts)) => ts,
        (reason, _) => return planned(Err(reason_or(ctx, reason, metric))),
    };
    // A pool (the rest of the city) has no work of its own: its EJ says nothing.
    let pools: Vec<&str> = ctx.saved.run.scenario["units"]
        .as_array()
        .map(|us| {
            us.iter()
                .filter(|u| u["kind"].as_str() == Some("pool"))
                .filter_map(|u| u["name"].as_str())
                .collect()
        })
        .unwrap_or_default();
    let units: Vec<String> = ts
        .work_units()
        .filter(|u| !pools.contains(u))
        .map(str::to_string)
        .collect();
    let panels: Vec<(String, Vec<Vec<f64>>)> = ctx
        .saved
        .policies
        .iter()
        .filter_map(|p| {
            let rows: Vec<Vec<f64>> = units
                .iter()
                .map(|u| {
                    let s = ts.series(p, u, metric).unwrap_or(&[]);
                    (0..ts.months)
                        .map(|m| s.get(m).map_or(f64::NAN, |e: &Estimate| e.mean * factor))
                        .collect()
                })
                .collect();
            rows.iter()
                .flatten()
                .any(|v| v.is_finite())
                .then(|| (ctx.lang.policy(p), rows))
        })
        .collect();
    if panels.is_empty() || units.is_empty() {
        return planned(Err(reason_or(ctx, None, metric)));
    }
    let values = || {
        panels
            .iter()
            .flat_map(|(_, r)| r.iter().flatten())
            .copied()
            .filter(|v| v.is_finite())
    };
    let max = values().fold(0.0_f64, f64::max);
    let scale = if ej {
        // Centred on EJ = 1 (staffed exactly to the workload), the same scale in every
        // brief so colours compare: 0.4 and below full blue (over-staffed), 1.6 and above
        // full vermillion (understaffed); the colour bar marks the ABK grade edges.
        let _ = max;
        ColorScale::Diverging {
            low: 0.4,
            center: 1.0,
            high: 1.6,
        }
    } else {
        ColorScale::Sequential {
            min: 0.0,
            max: ((max / 10.0).ceil() * 10.0).max(10.0),
        }
    };
    planned(Ok(Fig::Heat(Heatmap {
        title: title.to_string(),
        x_desc: w.axis_month.to_string(),
        scale_label: label,
        units,
        panels,
        months: ts.months,
        warmup: ctx.warmup,
        scale,
        lang: ctx.lang,
    })))
}

impl Figure for Heatmap {
    fn height(&self) -> u32 {
        let panel = 150 + self.units.len() as u32 * row_height(self.units.len());
        (140 + self.panels.len().div_ceil(heat_columns(self.panels.len())) as u32 * panel).max(900)
    }

    fn draw<DB: DrawingBackend>(&self, root: &Area<DB>) -> DrawResult {
        let legend = if self.warmup > 0 {
            vec![LegendItem::new(
                self.lang.w().legend_warmup_end,
                style::INK,
                Mark::Line,
            )]
        } else {
            Vec::new()
        };
        let body = style::frame(root, &self.title, &legend)?;
        let (plots, bar) = body.split_horizontally(style::WIDTH - 230);
        style::draw_colorbar(&bar, self.scale, &self.scale_label, self.lang)?;
        let label_w = self
            .units
            .iter()
            .map(|u| style::text_width(root, u, style::TICK_SIZE))
            .max()
            .unwrap_or(0);
        let n = self.units.len();
        let unit_fmt = |v: &f64| {
            let i = v.round();
            if (v - i).abs() > 1e-9 || i < 0.0 || i as usize >= n {
                return String::new();
            }
            self.units[n - 1 - i as usize].clone()
        };
        let cols = heat_columns(self.panels.len());
        let last_row = (self.panels.len() - 1) / cols;
        for (k, (area, (policy, rows))) in style::grid(&plots, self.panels.len(), cols)
            .iter()
            .zip(&self.panels)
            .enumerate()
        {
            let axes = Axes {
                x_desc: (k / cols == last_row).then_some(self.x_desc.as_str()),
                y_desc: None,
                x_ticks: Ticks::Whole,
                y_ticks: Ticks::Labels(&unit_fmt),
                y_labels: n,
                y_area: label_w + 24,
                lang: self.lang,
            };
            let x = 0.5..(self.months as f64 + 0.5);
            let y = -0.5..(n as f64 - 0.5);
            let mut chart = style::xy_chart(area, Some(policy), x, y, &axes)?;
            let cells = rows.iter().enumerate().flat_map(|(u, row)| {
                let yc = (n - 1 - u) as f64;
                row.iter().enumerate().map(move |(m, v)| {
                    let xc = (m + 1) as f64;
                    Rectangle::new(
                        [(xc - 0.5, yc - 0.5), (xc + 0.5, yc + 0.5)],
                        self.scale.color(*v).filled(),
                    )
                })
            });
            chart.draw_series(cells)?;
            if self.warmup > 0 {
                let xw = self.warmup as f64 + 0.5;
                for (color, width) in [(BLACK, 7), (WHITE, 3)] {
                    chart.draw_series(LineSeries::new(
                        [(xw, -0.5), (xw, n as f64 - 0.5)],
                        color.stroke_width(width),
                    ))?;
                }
            }
        }
        Ok(())
    }
}

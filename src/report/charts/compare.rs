//! Policy-by-policy panels, one per KPI, one row per policy: (e) dot-and-whisker of headline
//! KPIs, (f) forest plot of paired differences against the baseline, (h) staff flows per
//! year as bars with CI whiskers.

use plotters::prelude::*;

use super::style::{self, Area, DrawResult, Figure, LegendItem, Mark, Rows};
use super::{Ctx, Fig, HEADLINE_KPIS, Planned, Skip};
use crate::report::i18n::{Lang, Measure, display_factor, fill, kpi_info};
use crate::report::saved::{ALL_UNITS, Estimate};

/// File stem of chart (e).
pub(crate) const KPIS_ID: &str = "kpi_comparison";
/// File stem of chart (f).
pub(crate) const FOREST_ID: &str = "paired_differences";
/// File stem of chart (h).
pub(crate) const FLOWS_ID: &str = "staff_flows";

/// Staff-flow KPIs of chart (h), in display order.
const FLOW_KPIS: &[&str] = &[
    "transfers_done",
    "transfers_appealed",
    "transfers_refused",
    "transfer_quits",
];

/// One row (policy) of a panel.
pub(crate) struct Row {
    pub label: String,
    pub color: RGBColor,
    pub estimate: Estimate,
    /// Filled marker (a clear difference in the forest plot; always in other charts).
    pub filled: bool,
}

/// One panel (KPI).
pub(crate) struct Panel {
    pub title: String,
    pub x_desc: String,
    pub rows: Vec<Row>,
}

/// Small multiples of per-policy estimates: dots with whiskers (a zero line with
/// `zero_line`), or bars from zero.
pub(crate) struct CategoryPanels {
    pub title: String,
    pub legend: Vec<LegendItem>,
    pub panels: Vec<Panel>,
    /// Draw a dashed reference line at zero (forest plot).
    pub zero_line: bool,
    /// Bars from zero instead of dots (counts).
    pub bars: bool,
    pub lang: Lang,
}

/// The legend of a forest plot's markers: filled for a clear difference, a ring for an
/// unclear one.
pub(crate) fn difference_marks(lang: Lang) -> [LegendItem; 2] {
    let w = lang.w();
    [
        LegendItem::new(w.legend_clear, style::INK, Mark::Dot),
        LegendItem::new(w.legend_unclear, style::INK, Mark::Ring),
    ]
}

fn policy_legend(ctx: &Ctx, names: &[&String], mark: Mark) -> Vec<LegendItem> {
    names
        .iter()
        .map(|p| {
            let (label, color) = ctx.policy(p);
            LegendItem::new(label, color, mark)
        })
        .collect()
}

/// Chart (e): mean and 95 % CI of each headline KPI per policy.
pub(crate) fn kpis(ctx: &Ctx) -> Planned {
    let w = ctx.lang.w();
    let panels: Vec<Panel> = HEADLINE_KPIS
        .iter()
        .filter(|k| ctx.saved.has_kpi(k))
        .map(|&k| Panel {
            title: ctx.lang.kpi(k),
            x_desc: ctx.kpi_axis(k),
            rows: ctx
                .saved
                .policies
                .iter()
                .filter_map(|p| {
                    let (label, color) = ctx.policy(p);
                    ctx.kpi(p, k).map(|estimate| Row {
                        label,
                        color,
                        estimate,
                        filled: true,
                    })
                })
                .collect(),
        })
        .collect();
    let fig = if panels.is_empty() {
        Err(Skip::NoHeadline)
    } else {
        let names: Vec<&String> = ctx
            .saved
            .policies
            .iter()
            .filter(|p| ctx.saved.summary.iter().any(|s| &s.policy == *p))
            .collect();
        Ok(Fig::Category(CategoryPanels {
            title: w.title_kpis.to_string(),
            legend: policy_legend(ctx, &names, Mark::Dot),
            panels,
            zero_line: false,
            bars: false,
            lang: ctx.lang,
        }))
    };
    Planned {
        id: KPIS_ID,
        title: w.title_kpis.to_string(),
        fig,
    }
}

/// Chart (f): paired differences against the baseline; clear ones filled.
pub(crate) fn forest(ctx: &Ctx) -> Planned {
    let w = ctx.lang.w();
    let comparison = ctx.saved.comparison.as_deref().unwrap_or(&[]);
    let mut baselines: Vec<&str> = Vec::new();
    for d in comparison {
        if !baselines.contains(&d.baseline.as_str()) {
            baselines.push(&d.baseline);
        }
    }
    let baseline_text = baselines
        .iter()
        .map(|b| ctx.lang.policy_object(b))
        .collect::<Vec<_>>()
        .join(" / ");
    let title = fill(w.title_forest, &[("baseline", &baseline_text)]);
    let mut kpis: Vec<&str> = HEADLINE_KPIS.to_vec();
    for d in comparison {
        if kpis.len() < 8 && !kpis.contains(&d.kpi.as_str()) {
            kpis.push(&d.kpi);
        }
    }
    let panels: Vec<Panel> = kpis
        .iter()
        .filter_map(|&k| {
            let rows: Vec<Row> = comparison
                .iter()
                .filter(|d| d.kpi == k && d.difference.mean.is_finite())
                .map(|d| {
                    let (mut label, color) = ctx.policy(&d.policy);
                    if baselines.len() > 1 {
                        label = format!("{label} − {}", ctx.lang.policy(&d.baseline));
                    }
                    Row {
                        label,
                        color,
                        estimate: d.difference.scaled(display_factor(k, ctx.years)),
                        filled: d.is_clear(),
                    }
                })
                .collect();
            (!rows.is_empty()).then(|| Panel {
                title: ctx.lang.kpi(k),
                x_desc: diff_axis(ctx, k),
                rows,
            })
        })
        .collect();
    let fig = if ctx.saved.comparison.is_none() || panels.is_empty() {
        Err(Skip::NoComparison)
    } else {
        let mut names: Vec<&String> = Vec::new();
        for d in comparison {
            if !names.contains(&&d.policy) {
                names.push(&d.policy);
            }
        }
        let mut legend = policy_legend(ctx, &names, Mark::Dot);
        legend.extend(difference_marks(ctx.lang));
        Ok(Fig::Category(CategoryPanels {
            title: title.clone(),
            legend,
            panels,
            zero_line: true,
            bars: false,
            lang: ctx.lang,
        }))
    };
    Planned {
        id: FOREST_ID,
        title,
        fig,
    }
}

/// Axis label of a difference: "Difference (percentage points) · higher is better".
fn diff_axis(ctx: &Ctx, kpi: &str) -> String {
    let unit = match kpi_info(kpi) {
        Some(k) if k.measure == Measure::Share => ctx.lang.w().percentage_points.to_string(),
        _ => ctx.lang.kpi_unit(kpi, ctx.years),
    };
    let better = ctx.lang.better(kpi);
    let mut s = ctx.lang.w().axis_difference.to_string();
    if !unit.is_empty() {
        s = format!("{s} ({unit})");
    }
    if !better.is_empty() {
        s = format!("{s} · {better}");
    }
    s
}

/// Chart (h): transfers done / appealed / refused and quits per year, per policy; from the
/// summary KPIs, else from the monthly series of the measured months.
pub(crate) fn flows(ctx: &Ctx) -> Planned {
    let w = ctx.lang.w();
    let from_series = |p: &str, k: &str| -> Option<Estimate> {
        let s = ctx.saved.timeseries.as_ref()?.series(p, ALL_UNITS, k)?;
        let measured: Vec<f64> = s
            .iter()
            .skip(ctx.warmup)
            .map(|e| e.mean)
            .filter(|v| v.is_finite())
            .collect();
        if measured.is_empty() {
            return None;
        }
        let per_year = measured.iter().sum::<f64>() / measured.len() as f64 * 12.0;
        Some(Estimate {
            mean: per_year,
            low: f64::NAN,
            high: f64::NAN,
        })
    };
    let panels: Vec<Panel> = FLOW_KPIS
        .iter()
        .filter_map(|&k| {
            let rows: Vec<Row> = ctx
                .saved
                .policies
                .iter()
                .filter_map(|p| {
                    let (label, color) = ctx.policy(p);
                    let estimate = if ctx.years.is_some() {
                        ctx.kpi(p, k)
                    } else {
                        None
                    }
                    .or_else(|| from_series(p, k))?;
                    Some(Row {
                        label,
                        color,
                        estimate,
                        filled: true,
                    })
                })
                .collect();
            (!rows.is_empty()).then(|| Panel {
                title: ctx.lang.kpi(k),
                x_desc: ctx.kpi_axis(k),
                rows,
            })
        })
        .collect();
    let fig = if panels.is_empty() {
        Err(Skip::NoFlows)
    } else {
        let names: Vec<&String> = ctx.saved.policies.iter().collect();
        Ok(Fig::Category(CategoryPanels {
            title: w.title_flows.to_string(),
            legend: policy_legend(ctx, &names, Mark::Patch),
            panels,
            zero_line: false,
            bars: true,
            lang: ctx.lang,
        }))
    };
    Planned {
        id: FLOWS_ID,
        title: w.title_flows.to_string(),
        fig,
    }
}

impl CategoryPanels {
    fn rows_max(&self) -> usize {
        self.panels.iter().map(|p| p.rows.len()).max().unwrap_or(1)
    }

    fn panel_height(&self) -> u32 {
        (160 + 46 * self.rows_max() as u32).max(300)
    }

    /// Widest row label in pixels at the tick size.
    fn label_width<DB: DrawingBackend>(&self, area: &Area<DB>) -> u32 {
        self.panels
            .iter()
            .flat_map(|p| p.rows.iter())
            .map(|r| style::text_width(area, &r.label, style::TICK_SIZE))
            .max()
            .unwrap_or(0)
    }

    /// Two columns unless the policy labels are too wide for them; estimated from the
    /// label length so the figure height is known before drawing.
    fn columns(&self) -> usize {
        let chars = self
            .panels
            .iter()
            .flat_map(|p| p.rows.iter())
            .map(|r| r.label.chars().count())
            .max()
            .unwrap_or(0);
        let label = chars as f64 * style::TICK_SIZE * 0.6;
        match self.panels.len() {
            0..=1 => 1,
            n if n >= 5 && label < 240.0 => 3,
            _ if label < 420.0 => 2,
            _ => 1,
        }
    }
}

impl Figure for CategoryPanels {
    fn height(&self) -> u32 {
        let rows = self.panels.len().div_ceil(self.columns()) as u32;
        200 + rows * self.panel_height()
    }

    fn draw<DB: DrawingBackend>(&self, root: &Area<DB>) -> DrawResult {
        let body = style::frame(root, &self.title, &self.legend)?;
        let label_w = self.label_width(root);
        for (area, panel) in style::grid(&body, self.panels.len(), self.columns())
            .iter()
            .zip(&self.panels)
        {
            self.draw_panel(area, panel, label_w)?;
        }
        Ok(())
    }
}

impl CategoryPanels {
    /// Draws one KPI panel: a row per policy, zero line and markers as configured.
    fn draw_panel<DB: DrawingBackend>(
        &self,
        area: &Area<DB>,
        panel: &Panel,
        label_w: u32,
    ) -> DrawResult {
        let n = panel.rows.len();
        let values = panel
            .rows
            .iter()
            .flat_map(|r| [r.estimate.mean, r.estimate.low, r.estimate.high]);
        let x = style::padded_range(values, self.zero_line || self.bars);
        let rows = Rows {
            x_desc: &panel.x_desc,
            labels: panel.rows.iter().map(|r| r.label.as_str()).collect(),
            y_area: label_w + 24,
            zero_line: self.zero_line,
            lang: self.lang,
        };
        let mut chart = style::row_chart(area, &panel.title, x, &rows)?;
        for (i, row) in panel.rows.iter().enumerate() {
            let yc = (n - 1 - i) as f64;
            let e = row.estimate;
            if self.bars {
                chart.draw_series(std::iter::once(Rectangle::new(
                    [(0.0, yc - 0.3), (e.mean, yc + 0.3)],
                    row.color.mix(0.75).filled(),
                )))?;
                style::draw_h_whisker(&mut chart, yc, e, 0.15, style::INK)?;
            } else {
                style::draw_h_whisker(&mut chart, yc, e, 0.18, row.color)?;
                let dot = if row.filled {
                    Circle::new((e.mean, yc), 11, row.color.filled())
                } else {
                    Circle::new((e.mean, yc), 11, row.color.stroke_width(4))
                };
                if !row.filled {
                    chart.draw_series(std::iter::once(Circle::new(
                        (e.mean, yc),
                        11,
                        WHITE.filled(),
                    )))?;
                }
                chart.draw_series(std::iter::once(dot))?;
            }
        }
        Ok(())
    }
}

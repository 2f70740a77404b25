//! Chart (g): service quality against cost, one point per policy with 95 % CI whiskers on
//! both axes and the policy named next to its point.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::style::{self, Area, Axes, DrawResult, Figure, LegendItem, Mark, Ticks};
use super::{Ctx, Fig, Planned};
use crate::report::i18n::Lang;
use crate::report::saved::Estimate;

/// File stem of chart (g).
pub(crate) const COST_ID: &str = "quality_vs_cost";

/// One policy's point.
struct Point {
    label: String,
    color: RGBColor,
    cost: Estimate,
    quality: Estimate,
}

/// Quality (Y) against cost per year (X).
pub(crate) struct CostChart {
    title: String,
    x_desc: String,
    y_desc: String,
    legend: Vec<LegendItem>,
    points: Vec<Point>,
    lang: Lang,
}

/// Chart (g): the quality KPI is the mean resolution time, or SLA compliance without it.
pub(crate) fn quality_vs_cost(ctx: &Ctx) -> Planned {
    let w = ctx.lang.w();
    let quality = ["resolution_days_mean", "sla_compliance"]
        .into_iter()
        .find(|k| ctx.saved.has_kpi(k));
    let points: Vec<Point> = match quality {
        Some(q) if ctx.saved.has_kpi("cost_total") => ctx
            .saved
            .policies
            .iter()
            .filter_map(|p| {
                let (label, color) = ctx.policy(p);
                Some(Point {
                    label,
                    color,
                    cost: ctx.kpi(p, "cost_total")?,
                    quality: ctx.kpi(p, q)?,
                })
            })
            .collect(),
        _ => Vec::new(),
    };
    let fig = match quality {
        Some(q) if !points.is_empty() => {
            let legend = points
                .iter()
                .map(|p| LegendItem::new(&p.label, p.color, Mark::Dot))
                .collect();
            let unit = ctx.kpi_axis(q);
            Ok(Fig::Cost(CostChart {
                title: w.title_cost.to_string(),
                x_desc: w.axis_cost.to_string(),
                y_desc: format!("{} ({unit})", ctx.lang.kpi(q)),
                legend,
                points,
                lang: ctx.lang,
            }))
        }
        _ => Err(w.skip_no_cost.to_string()),
    };
    Planned {
        id: COST_ID,
        title: w.title_cost.to_string(),
        fig,
    }
}

impl Figure for CostChart {
    fn height(&self) -> u32 {
        1000
    }

    fn draw<DB: DrawingBackend>(&self, root: &Area<DB>) -> DrawResult {
        let body = style::frame(root, &self.title, &self.legend)?;
        let x = style::padded_range(
            self.points
                .iter()
                .flat_map(|p| [p.cost.mean, p.cost.low, p.cost.high]),
            true,
        );
        // Room left of zero for a free policy's whisker, right for the names.
        let span = x.end - x.start;
        let x = (x.start - span * 0.03)..(x.end + span * 0.25);
        let y = style::padded_range(
            self.points
                .iter()
                .flat_map(|p| [p.quality.mean, p.quality.low, p.quality.high]),
            false,
        );
        let axes = Axes {
            x_desc: Some(&self.x_desc),
            y_desc: Some(&self.y_desc),
            x_ticks: Ticks::Numbers,
            y_ticks: Ticks::Numbers,
            y_labels: 10,
            y_area: 120,
            lang: self.lang,
        };
        let mut chart = style::xy_chart(&body, None, x.clone(), y.clone(), &axes)?;
        let (x_cap, y_cap) = ((x.end - x.start) * 0.006, (y.end - y.start) * 0.01);
        let labels_y = spread_labels(
            &self.points,
            (x.end - x.start) * 0.3,
            (y.end - y.start) * 0.045,
        );
        for (p, label_y) in self.points.iter().zip(labels_y) {
            style::draw_h_whisker(&mut chart, p.quality.mean, p.cost, y_cap, p.color)?;
            style::draw_v_whisker(&mut chart, p.cost.mean, p.quality, x_cap, p.color)?;
            let at = (p.cost.mean, p.quality.mean);
            chart.draw_series([Circle::new(at, 12, p.color.filled())])?;
            chart.draw_series([Text::new(
                p.label.clone(),
                (p.cost.mean + x_cap * 3.0, label_y),
                style::text(style::TICK_SIZE, BLACK, HPos::Left, VPos::Bottom),
            )])?;
        }
        Ok(())
    }
}

/// Heights of the point names: at their points, moved apart when two points are close
/// (within `x_near` horizontally and `gap` vertically) so names never overprint.
fn spread_labels(points: &[Point], x_near: f64, gap: f64) -> Vec<f64> {
    let mut y: Vec<f64> = points.iter().map(|p| p.quality.mean).collect();
    let mut order: Vec<usize> = (0..points.len()).collect();
    order.sort_by(|&a, &b| y[a].total_cmp(&y[b]).then(a.cmp(&b)));
    for k in 1..order.len() {
        let i = order[k];
        for &j in &order[..k] {
            let near = (points[i].cost.mean - points[j].cost.mean).abs() < x_near;
            if near && y[i] - y[j] < gap {
                y[i] = y[j] + gap;
            }
        }
    }
    y
}

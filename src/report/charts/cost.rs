//! Chart (g): service quality against cost, one point per policy with 95 % CI whiskers on
//! both axes and the policy named next to its point.

use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, VPos};

use super::style::{self, Area, Axes, DrawResult, Figure, LegendItem, Mark, Ticks};
use super::{Ctx, Fig, Planned, Skip, clip};
use crate::report::brief::headline::Headline;
use crate::report::i18n::{Lang, display_factor};
use crate::report::saved::Estimate;
use crate::sim::Better;

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

/// Chart (g): the first headline KPI that ranks policies (the counter's SLA, the lessons
/// taught...) against the cash cost per year; without headlines, SLA compliance (open
/// cases counted) or the mean resolution time.
pub(crate) fn quality_vs_cost(ctx: &Ctx, heads: &[Headline]) -> Planned {
    let w = ctx.lang.w();
    let head = heads
        .iter()
        .find(|h| h.better != Better::Neither && !h.is_cost());
    let fallback = [
        "sla_compliance_strict",
        "sla_compliance",
        "resolution_days_mean",
    ]
    .into_iter()
    .find(|k| ctx.saved.has_kpi(k));
    let quality = |p: &str| -> Option<Estimate> {
        match head {
            Some(h) => {
                let s = h.of(p)?;
                let f = display_factor(&h.kpi, ctx.years);
                Some(clip(
                    &h.kpi,
                    Estimate {
                        mean: s.level.mean * f,
                        low: s.level.ci95_low * f,
                        high: s.level.ci95_high * f,
                    },
                ))
            }
            None => ctx.kpi(p, fallback?),
        }
    };
    // The cost against the baseline (paired difference, with its CI; 0 for the baseline):
    // payrolls make every total large and nearly equal, and what a planner weighs is the
    // extra. Without a comparison, the totals.
    let comparison = ctx.saved.comparison.as_deref().unwrap_or(&[]);
    let extra = |p: &str| -> Option<Estimate> {
        if Some(p) == ctx.baseline.as_deref() {
            return Some(Estimate {
                mean: 0.0,
                low: 0.0,
                high: 0.0,
            });
        }
        let d = comparison
            .iter()
            .find(|d| d.policy == p && d.kpi == "cost_total")?;
        Some(d.difference.scaled(display_factor("cost_total", ctx.years)))
    };
    let relative = ctx.baseline.is_some()
        && ctx
            .saved
            .policies
            .iter()
            .all(|p| !ctx.saved.has_kpi("cost_total") || extra(p).is_some());
    let points: Vec<Point> = if ctx.saved.has_kpi("cost_total") {
        ctx.saved
            .policies
            .iter()
            .filter_map(|p| {
                let (label, color) = ctx.policy(p);
                let cost = if relative {
                    extra(p)?
                } else {
                    ctx.kpi(p, "cost_total")?
                };
                Some(Point {
                    label,
                    color,
                    cost,
                    quality: quality(p).filter(|e| e.mean.is_finite())?,
                })
            })
            .collect()
    } else {
        Vec::new()
    };
    let y_desc = match (head, fallback) {
        (Some(h), _) => {
            let unit = match h.measure() {
                crate::report::i18n::Measure::Share => "%".to_string(),
                _ => ctx.lang.kpi_unit(&h.kpi, ctx.years.or(Some(1.0))),
            };
            format!("{} ({unit})", h.label(ctx.lang))
        }
        (None, Some(k)) => format!("{} ({})", ctx.lang.kpi(k), ctx.kpi_axis(k)),
        (None, None) => String::new(),
    };
    let fig = if points.is_empty() {
        Err(Skip::NoCost)
    } else {
        let legend = points
            .iter()
            .map(|p| LegendItem::new(&p.label, p.color, Mark::Dot))
            .collect();
        Ok(Fig::Cost(CostChart {
            title: w.title_cost.to_string(),
            x_desc: if relative {
                crate::report::i18n::fill(
                    w.axis_extra_cost,
                    &[(
                        "baseline",
                        &ctx.lang
                            .policy_object(ctx.baseline.as_deref().unwrap_or("")),
                    )],
                )
            } else {
                w.axis_cost.to_string()
            },
            y_desc,
            legend,
            points,
            lang: ctx.lang,
        }))
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
        for p in &self.points {
            style::draw_h_whisker(&mut chart, p.quality.mean, p.cost, y_cap, p.color)?;
            style::draw_v_whisker(&mut chart, p.cost.mean, p.quality, x_cap, p.color)?;
            let at = (p.cost.mean, p.quality.mean);
            chart.draw_series([Circle::new(at, 12, p.color.filled())])?;
        }
        // Names placed in pixels: beside their point where there is room, never over
        // another name or point; a name moved away gets a thin leader line.
        let pixel: Vec<(i32, i32)> = self
            .points
            .iter()
            .map(|p| chart.backend_coord(&(p.cost.mean, p.quality.mean)))
            .collect();
        let root = chart.plotting_area().strip_coord_spec();
        let bounds = {
            let (xr, yr) = chart.plotting_area().get_pixel_range();
            (xr.start, xr.end, yr.start, yr.end)
        };
        let sizes: Vec<(i32, i32)> = self
            .points
            .iter()
            .map(|p| {
                (
                    style::text_width(&root, &p.label, style::TICK_SIZE) as i32,
                    28,
                )
            })
            .collect();
        // The stripped area's pixel origin is the plotting area's corner.
        let origin = (bounds.0, bounds.2);
        let local = |(x, y): (i32, i32)| (x - origin.0, y - origin.1);
        for (i, (rect, moved)) in place_labels(&pixel, &sizes, bounds).into_iter().enumerate() {
            let p = &self.points[i];
            let rect = local(rect);
            if moved {
                let (cx, cy) = local(pixel[i]);
                let tx = if rect.0 > cx {
                    rect.0
                } else {
                    rect.0 + sizes[i].0
                };
                root.draw(&PathElement::new(
                    vec![(cx, cy), (tx, rect.1 + sizes[i].1 / 2)],
                    p.color.mix(0.6).stroke_width(2),
                ))?;
            }
            root.draw_text(
                &p.label,
                &style::text(style::TICK_SIZE, BLACK, HPos::Left, VPos::Top),
                (rect.0, rect.1),
            )?;
        }
        Ok(())
    }
}

/// Top-left corners of the point names (width, height in `sizes`), with whether each was
/// moved away from its point: the first of several candidate places (right, left, above,
/// below, then further out) that stays inside `bounds` (x0, x1, y0, y1) and overlaps no
/// other name and no point.
fn place_labels(
    points: &[(i32, i32)],
    sizes: &[(i32, i32)],
    bounds: (i32, i32, i32, i32),
) -> Vec<((i32, i32), bool)> {
    let overlaps = |a: (i32, i32, i32, i32), b: (i32, i32, i32, i32)| {
        a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
    };
    let mut placed: Vec<(i32, i32, i32, i32)> = Vec::new();
    let mut out = Vec::new();
    for (i, (&(x, y), &(w, h))) in points.iter().zip(sizes).enumerate() {
        let mut candidates = Vec::new();
        for step in 0..8 {
            let d = 18 + step * 34;
            candidates.extend([
                (x + d, y - h / 2),
                (x - d - w, y - h / 2),
                (x - w / 2, y - d - h),
                (x - w / 2, y + d),
                (x + d, y - d - h),
                (x + d, y + d),
                (x - d - w, y - d - h),
                (x - d - w, y + d),
            ]);
        }
        let fits = |(cx, cy): (i32, i32)| {
            let r = (cx, cy, cx + w, cy + h);
            r.0 >= bounds.0
                && r.2 <= bounds.1
                && r.1 >= bounds.2
                && r.3 <= bounds.3
                && !placed.iter().any(|o| overlaps(r, *o))
                && !points.iter().enumerate().any(|(j, &(px, py))| {
                    j != i && overlaps(r, (px - 14, py - 14, px + 14, py + 14))
                })
        };
        let (k, at) = candidates
            .iter()
            .copied()
            .enumerate()
            .find(|&(_, c)| fits(c))
            .unwrap_or((0, candidates[0]));
        placed.push((at.0, at.1, at.0 + w, at.1 + h));
        out.push((at, k >= 4));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::place_labels;

    #[test]
    fn names_of_points_on_top_of_each_other_do_not_overlap() {
        let points = [(500, 400), (502, 401), (504, 399), (900, 100)];
        let sizes = [(200, 28); 4];
        let placed = place_labels(&points, &sizes, (0, 1600, 0, 900));
        for (i, ((a, _), sa)) in placed.iter().zip(&sizes).enumerate() {
            for ((b, _), sb) in placed.iter().zip(&sizes).skip(i + 1) {
                let apart = a.0 + sa.0 <= b.0
                    || b.0 + sb.0 <= a.0
                    || a.1 + sa.1 <= b.1
                    || b.1 + sb.1 <= a.1;
                assert!(apart, "{a:?} and {b:?} overlap");
            }
        }
    }
}

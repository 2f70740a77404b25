//! Chart (i): KPIs against a swept scenario parameter, one panel per KPI, one line per
//! policy with its 95 % CI band.

use super::style::{INK, LegendItem, Mark};
use super::time::{Line, LinePanel, LinePanels};
use super::{Ctx, Fig, HEADLINE_KPIS, Planned};
use crate::report::i18n::{display_factor, fill};

/// File stem of chart (i).
pub(crate) const SWEEP_ID: &str = "sweep";

/// Most KPI panels drawn when no headline KPI is in the sweep.
const MAX_PANELS: usize = 6;

/// Plans chart (i) from the sweep rows of `ctx.saved`.
pub(crate) fn plan(ctx: &Ctx) -> Planned {
    let w = ctx.lang.w();
    let empty = Default::default();
    let sweep = ctx.saved.sweep.as_ref().unwrap_or(&empty);
    // A single numeric parameter is the X axis; otherwise the sweep point number is.
    let numeric: Option<Vec<(u64, f64)>> = (sweep.parameters.len() == 1)
        .then(|| {
            sweep
                .rows
                .iter()
                .map(|r| Some((r.point, r.values.first()?.parse::<f64>().ok()?)))
                .collect()
        })
        .flatten();
    let x_of = |point: u64| -> f64 {
        numeric
            .as_ref()
            .and_then(|v| v.iter().find(|(p, _)| *p == point).map(|(_, x)| *x))
            .unwrap_or(point as f64)
    };
    let parameter = if sweep.parameters.is_empty() {
        w.axis_sweep_point.to_string()
    } else {
        sweep.parameters.join(", ")
    };
    let title = fill(w.title_sweep, &[("parameter", &parameter)]);
    let mut kpis: Vec<&str> = Vec::new();
    for r in sweep.rows.iter().filter(|r| r.estimate.mean.is_finite()) {
        if !kpis.contains(&r.kpi.as_str()) {
            kpis.push(&r.kpi);
        }
    }
    let headline: Vec<&str> = HEADLINE_KPIS
        .iter()
        .copied()
        .filter(|k| kpis.contains(k))
        .collect();
    if !headline.is_empty() {
        kpis = headline;
    }
    kpis.truncate(MAX_PANELS);
    let panels: Vec<LinePanel> = kpis
        .iter()
        .map(|&k| {
            let factor = display_factor(k, ctx.years);
            let lines = ctx
                .saved
                .policies
                .iter()
                .filter_map(|p| {
                    let mut points: Vec<(f64, _)> = sweep
                        .rows
                        .iter()
                        .filter(|r| r.kpi == k && &r.policy == p)
                        .map(|r| (x_of(r.point), super::clip(k, r.estimate.scaled(factor))))
                        .collect();
                    points.sort_by(|a, b| a.0.total_cmp(&b.0));
                    let (label, color, dash) = ctx.policy_style(p);
                    (!points.is_empty()).then_some(Line {
                        label,
                        color,
                        dash,
                        points,
                    })
                })
                .collect();
            LinePanel {
                caption: ctx.lang.kpi(k),
                y_desc: ctx.kpi_axis(k),
                lines,
            }
        })
        .collect();
    let fig = if panels.is_empty() {
        Err(w.skip_no_sweep.to_string())
    } else {
        let xs = sweep.rows.iter().map(|r| x_of(r.point));
        let x = super::style::padded_range(xs, false);
        let mut legend: Vec<LegendItem> = Vec::new();
        for l in panels.iter().flat_map(|p| p.lines.iter()) {
            if !legend.iter().any(|i| i.label == l.label) {
                legend.push(l.legend(Mark::Band));
            }
        }
        legend.push(LegendItem::new(w.legend_ci, INK, Mark::Band));
        Ok(Fig::Panels(LinePanels {
            title: title.clone(),
            x_desc: if numeric.is_some() {
                parameter
            } else {
                w.axis_sweep_point.to_string()
            },
            legend,
            panels,
            x,
            integer_x: numeric.is_none(),
            warmup: 0,
            band: true,
            include_zero: false,
            lang: ctx.lang,
        }))
    };
    Planned {
        id: SWEEP_ID,
        title,
        fig,
    }
}

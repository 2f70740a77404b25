//! Chart (i): KPIs against a swept scenario parameter, one panel per KPI (the scenario's
//! organisation-wide headline KPIs and the cost), one line per policy the parameter changes
//! and the baseline, each with its 95 % CI band.

use super::style::{INK, LegendItem, Mark};
use super::time::{Line, LinePanel, LinePanels};
use super::{Ctx, Fig, HEADLINE_KPIS, Planned, Skip};
use crate::report::i18n::{display_factor, fill};

/// File stem of chart (i).
pub(crate) const SWEEP_ID: &str = "sweep";

/// Most KPI panels drawn.
const MAX_PANELS: usize = 6;

/// The policies a sweep's parameter changes: those simulated again at some point after the
/// first (`run.json`'s `sweep.points[].reused` lists the others). Empty when unknown (an
/// older run.json, or one point only): then every policy is drawn.
pub(crate) fn varied_policies(run_json: &serde_json::Value, policies: &[String]) -> Vec<String> {
    let Some(points) = run_json["sweep"]["points"].as_array() else {
        return Vec::new();
    };
    if points.len() < 2 {
        return Vec::new();
    }
    let reused_at = |point: &serde_json::Value, p: &str| {
        point["reused"]
            .as_array()
            .is_some_and(|r| r.iter().any(|n| n.as_str() == Some(p)))
    };
    policies
        .iter()
        .filter(|p| points.iter().skip(1).any(|pt| !reused_at(pt, p)))
        .cloned()
        .collect()
}

/// The KPIs drawn: the scenario's organisation-wide headline KPIs, then the usual
/// headline KPIs, as many as fit, and the total cost last.
fn panel_kpis<'a>(ctx: &Ctx, present: &[&'a str]) -> Vec<&'a str> {
    let scenario = crate::report::brief::headline::scenario_of(ctx.saved);
    let chosen: Vec<String> = scenario
        .iter()
        .flat_map(|s| s.report.headline.iter())
        .filter(|h| !h.is_located())
        .map(|h| h.kpi.clone())
        .collect();
    let mut kpis: Vec<&'a str> = Vec::new();
    let wanted = chosen
        .iter()
        .map(String::as_str)
        .chain(HEADLINE_KPIS.iter().copied());
    for k in wanted {
        if let Some(&p) = present.iter().find(|&&p| p == k)
            && !kpis.contains(&p)
            && p != COST
        {
            kpis.push(p);
        }
    }
    if kpis.is_empty() {
        kpis = present.iter().copied().filter(|&k| k != COST).collect();
    }
    let cost = present.iter().copied().find(|&k| k == COST);
    kpis.truncate(MAX_PANELS - usize::from(cost.is_some()));
    kpis.extend(cost);
    kpis
}

/// The cost drawn in the last panel.
const COST: &str = "cost_total";

/// The swept parameter as a reader names it: a policy's field with the policy's display
/// name (`every_years (Rotation every 3 years)`), else the path as typed.
fn parameter_label(ctx: &Ctx, path: &str) -> String {
    match path
        .strip_prefix("policies.")
        .and_then(|p| p.split_once('.'))
    {
        Some((policy, field)) if ctx.saved.policies.iter().any(|p| p == policy) => {
            format!("{field} ({})", ctx.lang.policy(policy))
        }
        _ => path.to_string(),
    }
}

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
        let labels: Vec<String> = sweep
            .parameters
            .iter()
            .map(|p| parameter_label(ctx, p))
            .collect();
        labels.join(", ")
    };
    let title = fill(w.title_sweep, &[("parameter", &parameter)]);
    let mut present: Vec<&str> = Vec::new();
    for r in sweep.rows.iter().filter(|r| r.estimate.mean.is_finite()) {
        if !present.contains(&r.kpi.as_str()) {
            present.push(&r.kpi);
        }
    }
    let kpis = panel_kpis(ctx, &present);
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
        Err(Skip::NoSweep)
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

#[cfg(test)]
mod tests {
    use super::varied_policies;

    #[test]
    fn a_policy_reused_at_every_later_point_is_not_varied() {
        let names: Vec<String> = ["base", "rotation", "other"].map(String::from).to_vec();
        let json = serde_json::json!({"sweep": {"points": [
            {"point": 0, "reused": []},
            {"point": 1, "reused": ["base", "other"]},
            {"point": 2, "reused": ["base", "other"]},
        ]}});
        assert_eq!(varied_policies(&json, &names), vec!["rotation"]);
        // One point, or an older run.json without the grid: nothing is known.
        let one = serde_json::json!({"sweep": {"points": [{"point": 0, "reused": []}]}});
        assert!(varied_policies(&one, &names).is_empty());
        assert!(varied_policies(&serde_json::json!({}), &names).is_empty());
    }
}

//! Charts of the headline KPIs (those the scorecard shows): (j) each headline month by
//! month, one panel per KPI, so a policy that is still getting worse at the end is seen;
//! (e) their levels and (f) their paired differences with the baseline, one panel per KPI.

use super::compare::{CategoryPanels, Panel, Row, difference_marks};
use super::style::{LegendItem, Mark};
use super::time::{Line, LinePanel, LinePanels, policy_lines};
use super::{Ctx, Fig, Planned, Skip, clip};
use crate::report::brief::headline::{Headline, Source, clear, headlines};
use crate::report::i18n::{Measure, display_factor, fill};
use crate::report::saved::{ALL_UNITS, Estimate};
use crate::sim::UnitKpi;

/// File stem of chart (j).
pub(crate) const TRENDS_ID: &str = "headline_over_time";

/// How a headline is drawn month by month: the metric summed over units, or a ratio of
/// two summed metrics (1 − abandoned / arrivals for the share served).
enum Monthly {
    Sum(&'static str),
    Served,
}

/// The monthly form of a headline over `units` (`None` when the series cannot show it:
/// worst units, costs, and ratios over several units other than the share served).
fn monthly(h: &Headline) -> Option<(Monthly, Vec<String>)> {
    let (kpi, units) = match &h.source {
        Source::Units { worst: true, .. } => return None,
        Source::Units { kpi, units, .. } => (*kpi, units.clone()),
        Source::Organisation(k) => {
            let kpi = match k.as_str() {
                "sla_compliance_strict" | "sla_compliance" => UnitKpi::SlaCompliance,
                other => UnitKpi::from_name(other)?,
            };
            (kpi, vec![ALL_UNITS.to_string()])
        }
    };
    let single = units.len() == 1;
    let m = match kpi {
        UnitKpi::Cases => Monthly::Sum("arrivals"),
        UnitKpi::Complaints => Monthly::Sum("complaints"),
        UnitKpi::Abandoned => Monthly::Sum("abandoned"),
        UnitKpi::BacklogEnd => Monthly::Sum("backlog"),
        UnitKpi::Staff => Monthly::Sum("staff_assigned"),
        UnitKpi::RequiredFte => Monthly::Sum("required_fte"),
        UnitKpi::DemandServed => Monthly::Served,
        UnitKpi::SlaCompliance if single => Monthly::Sum("sla_compliance"),
        UnitKpi::ResolutionDaysMean if single => Monthly::Sum("resolution_days_mean"),
        UnitKpi::WaitDaysMean if single => Monthly::Sum("wait_days_mean"),
        UnitKpi::Ej if single => Monthly::Sum("ej"),
        UnitKpi::Utilization if single => Monthly::Sum("utilization"),
        _ => return None,
    };
    Some((m, units))
}

/// Adds the lines of several units month by month (means; no CI for a sum of units).
fn sum_lines(ctx: &Ctx, units: &[String], metric: &str, factor: f64) -> Vec<Line> {
    let mut acc: Vec<Line> = Vec::new();
    for u in units {
        for line in policy_lines(ctx, u, metric, factor) {
            match acc.iter_mut().find(|l| l.label == line.label) {
                None => acc.push(line),
                Some(a) => {
                    for (p, q) in a.points.iter_mut().zip(&line.points) {
                        p.1.mean += q.1.mean;
                        p.1.low = f64::NAN;
                        p.1.high = f64::NAN;
                    }
                }
            }
        }
    }
    acc
}

/// The monthly lines of a headline, in display units.
fn lines(ctx: &Ctx, h: &Headline) -> Option<Vec<Line>> {
    let (m, units) = monthly(h)?;
    let f = display_factor(&h.kpi, ctx.years);
    let lines = match m {
        Monthly::Sum(metric) => sum_lines(ctx, &units, metric, f),
        Monthly::Served => {
            let arrivals = sum_lines(ctx, &units, "arrivals", 1.0);
            let lost = sum_lines(ctx, &units, "abandoned", 1.0);
            arrivals
                .into_iter()
                .zip(lost)
                .map(|(mut a, l)| {
                    for (p, q) in a.points.iter_mut().zip(&l.points) {
                        let share = if p.1.mean > 0.0 {
                            1.0 - q.1.mean / p.1.mean
                        } else {
                            f64::NAN
                        };
                        p.1 = Estimate {
                            mean: share * 100.0,
                            low: f64::NAN,
                            high: f64::NAN,
                        };
                    }
                    a
                })
                .collect()
        }
    };
    (!lines.is_empty()).then_some(lines)
}

/// Chart (j): every headline KPI that has a monthly form, month by month.
pub(crate) fn over_time(ctx: &Ctx, heads: &[Headline]) -> Planned {
    let title = ctx.lang.d().chart_trends.to_string();
    let panels: Vec<LinePanel> = heads
        .iter()
        .filter_map(|h| {
            let lines = lines(ctx, h)?;
            let unit = match h.measure() {
                Measure::Share => "%".to_string(),
                Measure::Days => ctx.lang.measure(Measure::Days, false).to_string(),
                m => {
                    let base = ctx.lang.measure(m, false);
                    if crate::report::i18n::kpi_info(&h.kpi).is_some_and(|k| k.per_year) {
                        format!("{base} {}", ctx.lang.d().per_month)
                    } else {
                        base.to_string()
                    }
                }
            };
            Some(LinePanel {
                caption: h.label(ctx.lang).to_string(),
                y_desc: unit,
                lines,
            })
        })
        .collect();
    let fig = match ctx.saved.timeseries.as_ref() {
        None => Err(Skip::NoTimeseries),
        Some(_) if panels.is_empty() => Err(Skip::NoTrends),
        Some(_) => Ok(Fig::Panels(LinePanels::monthly(
            ctx,
            title.clone(),
            panels,
            true,
        ))),
    };
    Planned {
        id: TRENDS_ID,
        title,
        fig,
    }
}

/// Rows of one headline panel: per policy an estimate (levels or differences).
fn rows(ctx: &Ctx, h: &Headline, differences: bool) -> Vec<Row> {
    let f = display_factor(&h.kpi, ctx.years);
    h.stats
        .iter()
        .filter_map(|s| {
            let (label, color, _) = ctx.policy_style(&s.policy);
            let (sum, filled) = if differences {
                let d = s.difference?;
                (d, clear(&d))
            } else {
                (s.level, true)
            };
            let mut e = Estimate {
                mean: sum.mean * f,
                low: sum.ci95_low * f,
                high: sum.ci95_high * f,
            };
            if !differences {
                e = clip(&h.kpi, e);
            }
            e.mean.is_finite().then_some(Row {
                label,
                color,
                estimate: e,
                filled,
            })
        })
        .collect()
}

/// Axis text of a headline panel: its unit, and which direction is better.
fn axis(ctx: &Ctx, h: &Headline, differences: bool) -> String {
    let unit = match h.measure() {
        Measure::Share if differences => ctx.lang.w().percentage_points.to_string(),
        _ => ctx.lang.kpi_unit(&h.kpi, ctx.years.or(Some(1.0))),
    };
    let better = match h.better {
        crate::sim::Better::Lower => ctx.lang.w().lower_better,
        crate::sim::Better::Higher => ctx.lang.w().higher_better,
        crate::sim::Better::Neither => "",
    };
    [unit.as_str(), better]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" · ")
}

/// Charts (e) and (f) from the headline KPIs: levels per policy, or differences against
/// the baseline (clear ones filled).
pub(crate) fn panels(ctx: &Ctx, heads: &[Headline], differences: bool) -> Planned {
    let w = ctx.lang.w();
    let (id, title) = if differences {
        let base = ctx
            .baseline
            .as_deref()
            .map(|b| ctx.lang.policy_object(b))
            .unwrap_or_default();
        (
            super::compare::FOREST_ID,
            fill(w.title_forest, &[("baseline", &base)]),
        )
    } else {
        (super::compare::KPIS_ID, w.title_kpis.to_string())
    };
    let panels: Vec<Panel> = heads
        .iter()
        .map(|h| Panel {
            title: h.label(ctx.lang).to_string(),
            x_desc: axis(ctx, h, differences),
            rows: rows(ctx, h, differences),
        })
        .filter(|p| !p.rows.is_empty())
        .collect();
    let fig = if panels.is_empty() {
        Err(if differences {
            Skip::NoComparison
        } else {
            Skip::NoHeadline
        })
    } else {
        let mut legend: Vec<LegendItem> = Vec::new();
        for r in panels.iter().flat_map(|p| p.rows.iter()) {
            if !legend.iter().any(|l| l.label == r.label) {
                legend.push(LegendItem::new(&r.label, r.color, Mark::Dot));
            }
        }
        if differences {
            legend.extend(difference_marks(ctx.lang));
        }
        Ok(Fig::Category(CategoryPanels {
            title: title.clone(),
            legend,
            panels,
            zero_line: differences,
            bars: false,
            lang: ctx.lang,
        }))
    };
    Planned { id, title, fig }
}

/// The headline KPIs of the results (shared by the charts of one brief).
pub(crate) fn of(ctx: &Ctx) -> Vec<Headline> {
    headlines(ctx.saved)
}

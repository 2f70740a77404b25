//! Charts of a robustness study: a tornado per headline KPI (how far each assumption moves
//! each policy's difference with the baseline, from the low end of its range to the high end)
//! and the policies' KPIs against the most influential assumption.

use std::path::Path;

use plotters::prelude::*;

use super::style::{self, Area, DrawResult, Figure, LegendItem, Mark, Rows};
use super::time::{Line, LinePanel, LinePanels};
use super::{ChartFile, SkippedChart, write_chart};
use crate::experiment::robust::{SensitivityRow, curves, most_influential};
use crate::report::i18n::{Lang, display_factor};
use crate::report::robust_files::SavedRobust;
use crate::report::saved::{Estimate, ReportError};
use crate::stats::student_t_quantile;

/// File stem of the ranking chart.
pub(crate) const RANKING_ID: &str = "robust_ranking";

/// File stem of the tornado of one KPI.
pub(crate) fn tornado_id(kpi: &str) -> String {
    format!("tornado_{kpi}")
}

/// Blue for the low end of a range, vermillion for the high end (Okabe–Ito).
const LOW_END: RGBColor = RGBColor(0, 114, 178);
const HIGH_END: RGBColor = RGBColor(213, 94, 0);

/// The words of the charts, per language.
pub(crate) struct ChartWords {
    pub tornado_title: &'static str,
    pub ranking_title: &'static str,
    pub low_end: &'static str,
    pub high_end: &'static str,
    pub difference: &'static str,
    pub index: &'static str,
    pub skip_no_rows: &'static str,
}

const EN: ChartWords = ChartWords {
    tornado_title: "What moves the difference with {baseline}: {kpi}",
    ranking_title: "Policies against {parameter}, the most influential assumption",
    low_end: "assumption at the low end of its range",
    high_end: "at the high end",
    difference: "difference",
    index: "index",
    skip_no_rows: "no difference with a defined index",
};

const ID: ChartWords = ChartWords {
    tornado_title: "Yang menggeser selisih dengan {baseline}: {kpi}",
    ranking_title: "Kebijakan menurut {parameter}, asumsi yang paling berpengaruh",
    low_end: "asumsi di ujung bawah rentangnya",
    high_end: "di ujung atas",
    difference: "selisih",
    index: "indeks",
    skip_no_rows: "tidak ada selisih dengan indeks yang terdefinisi",
};

pub(crate) fn words(lang: Lang) -> &'static ChartWords {
    match lang {
        Lang::En => &EN,
        Lang::Id => &ID,
    }
}

/// One row of a tornado panel: a parameter and the mean difference at each end of its range.
struct Bar {
    label: String,
    low: f64,
    high: f64,
}

/// One panel: one policy's difference with the baseline.
struct TornadoPanel {
    title: String,
    x_desc: String,
    bars: Vec<Bar>,
}

/// A tornado chart: one panel per policy compared, parameters sorted by index.
struct Tornado {
    title: String,
    legend: Vec<LegendItem>,
    panels: Vec<TornadoPanel>,
    lang: Lang,
}

/// The figures of a study.
enum RobustFig {
    Tornado(Tornado),
    Ranking(LinePanels),
}

impl Figure for RobustFig {
    fn height(&self) -> u32 {
        match self {
            RobustFig::Tornado(t) => t.height(),
            RobustFig::Ranking(r) => r.height(),
        }
    }
    fn draw<DB: DrawingBackend>(&self, root: &Area<DB>) -> DrawResult {
        match self {
            RobustFig::Tornado(t) => t.draw(root),
            RobustFig::Ranking(r) => r.draw(root),
        }
    }
}

impl Tornado {
    fn rows(&self) -> usize {
        self.panels.iter().map(|p| p.bars.len()).max().unwrap_or(1)
    }
    fn columns(&self) -> usize {
        if self.panels.len() > 1 { 2 } else { 1 }
    }
    fn panel_height(&self) -> u32 {
        (170 + 56 * self.rows() as u32).max(330)
    }
}

impl Figure for Tornado {
    fn height(&self) -> u32 {
        let rows = self.panels.len().div_ceil(self.columns()) as u32;
        200 + rows * self.panel_height()
    }

    fn draw<DB: DrawingBackend>(&self, root: &Area<DB>) -> DrawResult {
        let body = style::frame(root, &self.title, &self.legend)?;
        let label_w = self
            .panels
            .iter()
            .flat_map(|p| p.bars.iter())
            .map(|b| style::text_width(root, &b.label, style::TICK_SIZE))
            .max()
            .unwrap_or(0);
        for (area, panel) in style::grid(&body, self.panels.len(), self.columns())
            .iter()
            .zip(&self.panels)
        {
            self.draw_panel(area, panel, label_w)?;
        }
        Ok(())
    }
}

impl Tornado {
    fn draw_panel<DB: DrawingBackend>(
        &self,
        area: &Area<DB>,
        panel: &TornadoPanel,
        label_w: u32,
    ) -> DrawResult {
        let n = panel.bars.len();
        let x = tornado_range(panel.bars.iter().flat_map(|b| [b.low, b.high]));
        let rows = Rows {
            x_desc: &panel.x_desc,
            labels: panel.bars.iter().map(|b| b.label.as_str()).collect(),
            y_area: (label_w + 24).min(700),
            zero_line: true,
            lang: self.lang,
        };
        let mut chart = style::row_chart(area, &panel.title, x, &rows)?;
        for (i, b) in panel.bars.iter().enumerate() {
            let yc = (n - 1 - i) as f64;
            if !(b.low.is_finite() && b.high.is_finite()) {
                continue;
            }
            chart.draw_series(std::iter::once(Rectangle::new(
                [
                    (b.low.min(b.high), yc - 0.28),
                    (b.low.max(b.high), yc + 0.28),
                ],
                style::INK.mix(0.18).filled(),
            )))?;
            chart.draw_series([
                Circle::new((b.low, yc), 11, LOW_END.filled()),
                Circle::new((b.high, yc), 11, HIGH_END.filled()),
            ])?;
        }
        Ok(())
    }
}

/// Parameters shown per tornado panel: the most influential ones (the table of the brief
/// lists them all).
const MAX_BARS: usize = 6;

/// Longest parameter label drawn (characters).
const MAX_LABEL: usize = 30;

/// The end of a parameter path that fits a label: whole segments from the right, with `…`
/// for what is left out (`…demand.shocks.0.multiplier`).
fn tail(path: &str) -> String {
    if path.chars().count() <= MAX_LABEL {
        return path.to_string();
    }
    let mut kept: Vec<&str> = Vec::new();
    let mut len = 1;
    for seg in path.rsplit('.') {
        let add = seg.chars().count() + usize::from(!kept.is_empty());
        if !kept.is_empty() && len + add > MAX_LABEL {
            break;
        }
        kept.push(seg);
        len += add;
    }
    kept.reverse();
    format!("…{}", kept.join("."))
}

/// The X range of a tornado panel: the values, and zero as well when it is not far from
/// them (so a bar that crosses or nears zero shows it, and one far from it is not squashed).
fn tornado_range(values: impl Iterator<Item = f64> + Clone) -> std::ops::Range<f64> {
    let bare = style::padded_range(values.clone(), false);
    let width = bare.end - bare.start;
    let gap = if bare.start > 0.0 {
        bare.start
    } else if bare.end < 0.0 {
        -bare.end
    } else {
        0.0
    };
    if gap <= width {
        style::padded_range(values, true)
    } else {
        bare
    }
}

/// A number for a chart label: about three significant digits.
fn short(lang: Lang, v: f64) -> String {
    lang.num(v, crate::report::i18n::decimals_for(v, 2))
}

/// The title of the tornado of one KPI, and the chart (`None`: no difference with a defined
/// index to draw).
fn tornado(saved: &SavedRobust, kpi: &str, lang: Lang) -> (String, Option<RobustFig>) {
    let w = words(lang);
    let info = &saved.info;
    let fill = crate::report::i18n::fill;
    let title = fill(
        w.tornado_title,
        &[
            ("baseline", &lang.policy_object(&info.baseline)),
            ("kpi", &lang.kpi(kpi)),
        ],
    );
    let factor = display_factor(kpi, Some(info.measured_years));
    let unit = lang.kpi_unit(kpi, Some(info.measured_years));
    let unit = match crate::report::i18n::kpi_info(kpi) {
        Some(k) if k.measure == crate::report::i18n::Measure::Share => {
            lang.w().percentage_points.to_string()
        }
        _ => unit,
    };
    let panels: Vec<TornadoPanel> = info
        .policies
        .iter()
        .filter(|p| **p != info.baseline)
        .filter_map(|p| {
            let mut rows: Vec<&SensitivityRow> = saved
                .sensitivity
                .iter()
                .filter(|r| r.kpi.name() == kpi && r.policy == *p)
                .filter(|r| r.index.value.is_finite())
                .collect();
            rows.sort_by(|a, b| b.index.value.total_cmp(&a.index.value));
            let bars: Vec<Bar> = rows
                .iter()
                .take(MAX_BARS)
                .map(|r| Bar {
                    label: format!(
                        "{} ({} {})",
                        tail(&r.parameter),
                        w.index,
                        short(lang, r.index.value.max(0.0))
                    ),
                    low: r.diff_at_low * factor,
                    high: r.diff_at_high * factor,
                })
                .collect();
            (!bars.is_empty()).then(|| TornadoPanel {
                title: lang.policy(p),
                // The title says what the difference is; the axis gives its unit.
                x_desc: if unit.is_empty() {
                    w.difference.to_string()
                } else {
                    unit.clone()
                },
                bars,
            })
        })
        .collect();
    let fig = (!panels.is_empty()).then(|| {
        RobustFig::Tornado(Tornado {
            title: title.clone(),
            legend: vec![
                LegendItem::new(w.low_end, LOW_END, Mark::Dot),
                LegendItem::new(w.high_end, HIGH_END, Mark::Dot),
            ],
            panels,
            lang,
        })
    });
    (title, fig)
}

/// Colour and dash of the study's policy number `p`, as every other chart colours it: the baseline
/// near-black, the others in order.
fn policy_style(saved: &SavedRobust, p: usize) -> (RGBColor, style::Dash) {
    let t = &saved.table;
    let baseline = &saved.info.baseline;
    let index = (t.policies[p] != *baseline)
        .then(|| t.policies[..p].iter().filter(|q| *q != baseline).count());
    style::policy_style(index)
}

/// The KPIs of every policy against the most influential parameter (group means with their
/// 95 % intervals), one panel per KPI: its title, and the chart (`None`: no parameter to draw
/// them against).
fn ranking(saved: &SavedRobust, lang: Lang) -> (String, Option<RobustFig>) {
    let w = words(lang);
    let t = &saved.table;
    let parameter = most_influential(&saved.sensitivity)
        .map(str::to_string)
        .or_else(|| t.parameters.first().cloned())
        .unwrap_or_default();
    let title = crate::report::i18n::fill(w.ranking_title, &[("parameter", &parameter)]);
    let Some(j) = t.parameters.iter().position(|p| *p == parameter) else {
        return (title, None);
    };
    let years = Some(saved.info.measured_years);
    let panels: Vec<LinePanel> = t
        .kpis
        .iter()
        .enumerate()
        .map(|(k, kpi)| {
            let factor = display_factor(kpi.name(), years);
            let lines = curves(t, j, k)
                .into_iter()
                .enumerate()
                .map(|(p, groups)| Line {
                    label: lang.policy(&t.policies[p]),
                    color: policy_style(saved, p).0,
                    dash: policy_style(saved, p).1,
                    points: groups
                        .iter()
                        .filter(|g| g.n > 0)
                        .map(|g| {
                            let half = if g.n >= 2 {
                                student_t_quantile(0.975, (g.n - 1) as f64) * g.sd
                                    / (g.n as f64).sqrt()
                            } else {
                                f64::NAN
                            };
                            let e = Estimate {
                                mean: g.y,
                                low: g.y - half,
                                high: g.y + half,
                            };
                            (g.x, e.scaled(factor))
                        })
                        .collect(),
                })
                .collect();
            LinePanel {
                caption: lang.kpi(kpi.name()),
                y_desc: {
                    let unit = lang.kpi_unit(kpi.name(), years);
                    let better = lang.better(kpi.name());
                    [unit.as_str(), better]
                        .iter()
                        .filter(|s| !s.is_empty())
                        .copied()
                        .collect::<Vec<_>>()
                        .join(" · ")
                },
                lines,
            }
        })
        .collect();
    let xs = t.values.iter().map(|v| v[j]);
    let mut legend: Vec<LegendItem> = t
        .policies
        .iter()
        .enumerate()
        .map(|(p, name)| {
            let (color, dash) = policy_style(saved, p);
            LegendItem::new(lang.policy(name), color, Mark::Band).dashed(dash)
        })
        .collect();
    legend.push(LegendItem::new(lang.w().legend_ci, style::INK, Mark::Band));
    let fig = RobustFig::Ranking(LinePanels {
        title: title.clone(),
        x_desc: parameter,
        legend,
        panels,
        x: style::padded_range(xs, false),
        integer_x: false,
        warmup: 0,
        band: true,
        include_zero: false,
        lang,
    });
    (title, Some(fig))
}

/// Charts drawn (with their SVG text) and charts skipped.
pub(crate) type Rendered = (Vec<(ChartFile, String)>, Vec<SkippedChart>);

/// Draws every chart of a study into `charts_dir`: the ranking chart, then one tornado per
/// analysed KPI. Returns the charts drawn (with their SVG text) and those skipped.
pub(crate) fn render(
    saved: &SavedRobust,
    lang: Lang,
    charts_dir: &Path,
) -> Result<Rendered, ReportError> {
    let mut planned = vec![(RANKING_ID.to_string(), ranking(saved, lang))];
    for k in &saved.info.kpis {
        planned.push((tornado_id(k), tornado(saved, k, lang)));
    }
    let (mut drawn, mut skipped) = (Vec::new(), Vec::new());
    for (id, (title, fig)) in planned {
        match fig {
            Some(fig) => drawn.push(write_chart(&fig, &id, &title, charts_dir)?),
            None => skipped.push(SkippedChart {
                id,
                title,
                reason: words(lang).skip_no_rows.to_string(),
            }),
        }
    }
    Ok((drawn, skipped))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_paths_keep_their_last_whole_segments() {
        assert_eq!(tail("stress.rise_per_month"), "stress.rise_per_month");
        let t = tail("units.adminduk.cases.request.demand.shocks.0.multiplier");
        assert_eq!(t, "…demand.shocks.0.multiplier");
        assert!(t.chars().count() <= MAX_LABEL);
        assert!(tornado_range([10.0, 12.0].into_iter()).start > 0.0);
        assert!(tornado_range([1.0, 3.0].into_iter()).start <= 0.0);
    }
}

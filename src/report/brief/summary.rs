//! The executive summary at the top of the brief: the question, the answer in one
//! paragraph (which policy the simulation favours, on which headline KPIs, how sure, what it
//! costs, what is still getting worse), the scorecard, the ranking, and what the simulation
//! cannot say; then what each policy does and which trends are still worsening.
//!
//! Everything here is computed from the headline statistics ([`super::headline`]), so the
//! first screen and the tables further down can never disagree.

use super::headline::{Headline, clear};
use super::material::MinChange;
use super::{Block, Cell, Tone};
use crate::report::i18n::{Lang, Measure, decimals_for, display_factor, fill};
use crate::report::saved::{Estimate, SavedResults};
use crate::scenario::Scenario;
use crate::sim::Better;
use crate::sim::{Period, UnitKpi, UnitTotals};
use crate::stats::{Summary, summarize};

/// A summary in display units (percent, million Rp), optionally clipped to what the KPI
/// can be (shares within 0–100 %, everything else non-negative).
fn display(h: &Headline, s: &Summary, clip: bool) -> Estimate {
    let f = display_factor(&h.kpi, Some(1.0));
    let mut e = Estimate {
        mean: s.mean * f,
        low: s.ci95_low * f,
        high: s.ci95_high * f,
    };
    if clip {
        let hi = if h.measure() == Measure::Share {
            100.0
        } else {
            f64::INFINITY
        };
        e.low = e.low.clamp(0.0, hi);
        e.high = e.high.clamp(0.0, hi);
    }
    e
}

/// The amount and CI text of an estimate in display units: "+14" and "13–15"; costs get
/// a scale word ("Rp 1.2 million").
pub(crate) fn amount(lang: Lang, h: &Headline, e: Estimate, signed: bool) -> (String, String) {
    let scale = [e.mean, e.low, e.high]
        .iter()
        .filter(|v| v.is_finite())
        .fold(0.0_f64, |m, v| m.max(v.abs()));
    let sign = |v: f64, s: String| {
        if signed && v > 0.0 && !s.starts_with('−') {
            format!("+{s}")
        } else {
            s
        }
    };
    if h.measure() == Measure::Rupiah {
        let (f, d, word) = lang.rupiah_format(scale);
        return (
            sign(e.mean, format!("Rp {}{word}", lang.num(e.mean * f, d))),
            lang.range(e.low * f, e.high * f, d),
        );
    }
    let d = decimals_for(scale, 3);
    (
        sign(e.mean, lang.num(e.mean, d)),
        lang.range(e.low, e.high, d),
    )
}

/// The column head of a headline: its label, unit (for a cost, the scale every cell of the
/// column shares: "Rp million per year") and better direction.
fn column_head(lang: Lang, h: &Headline, rupiah: (f64, &str)) -> String {
    let d = lang.d();
    let unit = match h.measure() {
        Measure::Share => d.share_unit.to_string(),
        Measure::Rupiah => {
            let rp = match (rupiah.1, lang) {
                ("", _) => "Rp".to_string(),
                (word, Lang::En) => format!("Rp {word}"),
                (word, Lang::Id) => format!("{word} Rp"),
            };
            format!("{rp} {}", lang.w().per_year)
        }
        _ => lang.kpi_unit(&h.kpi, Some(1.0)),
    };
    let better = match h.better {
        Better::Lower => d.lower_arrow,
        Better::Higher => d.higher_arrow,
        Better::Neither => "",
    };
    let tail: Vec<&str> = [unit.as_str(), better]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect();
    if tail.is_empty() {
        h.label(lang).to_string()
    } else {
        format!("{} ({})", h.label(lang), tail.join("; "))
    }
}

/// Headlines that rank policies: a direction of improvement, and not a cost.
fn ranked(headlines: &[Headline]) -> Vec<&Headline> {
    headlines
        .iter()
        .filter(|h| h.better != Better::Neither && !h.is_cost())
        .collect()
}

/// How a policy fares on the ranked headlines (every headline counts once).
#[derive(Debug, Clone, PartialEq)]
struct Score {
    policy: String,
    /// Headlines clearly better than the baseline.
    wins: usize,
    /// Headlines clearly worse than the baseline (twice when still getting worse at the end
    /// of the horizon: the average understates a loss that keeps growing), or not clearly
    /// different and still getting worse (a clear gain that is eroding counts neither way).
    losses: usize,
    /// Headlines on which it is best or tied-best among all policies.
    best: usize,
    /// Mean cash cost per year (ties of the above go to the cheaper policy).
    cost: f64,
}

impl Score {
    fn net(&self) -> i64 {
        self.wins as i64 - self.losses as i64
    }
}

/// Per policy (results order), its score; sorted best first when `sorted`.
fn scores(saved: &SavedResults, headlines: &[Headline], sorted: bool) -> Vec<Score> {
    let ranked = ranked(headlines);
    let tied: Vec<Vec<&str>> = ranked.iter().map(|h| h.tied_best()).collect();
    let mut out: Vec<Score> = saved
        .policies
        .iter()
        .filter(|p| headlines.iter().any(|h| h.of(p).is_some()))
        .map(|p| {
            let (mut wins, mut losses) = (0, 0);
            for h in &ranked {
                let change = h.change(p).and_then(|d| h.is_better(d.mean));
                match (change, h.worsening(p).is_some()) {
                    // A gain counts unless it is shrinking (the policy worsens faster than
                    // the baseline); a shrinking gain is not counted against either.
                    (Some(true), _) if !h.eroding(p) => wins += 1,
                    (Some(true), _) => {}
                    // Worse and still getting worse: the average understates it.
                    (Some(false), true) => losses += 2,
                    (Some(false), false) | (None, true) => losses += 1,
                    (None, false) => {}
                }
            }
            let cost = headlines
                .iter()
                .find(|h| h.is_cost())
                .and_then(|h| h.of(p))
                .map_or(0.0, |s| s.level.mean);
            Score {
                policy: p.clone(),
                wins,
                losses,
                best: tied.iter().filter(|t| t.contains(&p.as_str())).count(),
                cost: if cost.is_finite() { cost } else { 0.0 },
            }
        })
        .collect();
    if sorted {
        out.sort_by(|a, b| {
            b.net()
                .cmp(&a.net())
                .then(b.best.cmp(&a.best))
                .then(a.cost.total_cmp(&b.cost))
        });
    }
    out
}

/// What ranks two policies: net score, best-or-tied count, then the lower cost.
fn rank_key(s: &Score) -> (i64, usize, i64) {
    (s.net(), s.best, -(s.cost.round() as i64))
}

/// An amount of a difference with its unit: percentage points for a share, the measure
/// (cases, days, people) otherwise; none for a cost (it says Rp) or a count per year.
fn in_points(lang: Lang, h: &Headline, a: String) -> String {
    let per_year = crate::report::i18n::kpi_info(&h.kpi).is_some_and(|k| k.per_year);
    match h.measure() {
        Measure::Share => format!("{a} {}", lang.d().points),
        // Costs carry "Rp"; a count per year changing per year has no short unit.
        Measure::Rupiah | Measure::Ratio => a,
        _ if per_year => a,
        m => format!("{a} {}", lang.measure(m, true)),
    }
}

/// "label (+14, 95% CI 13–15)" for a difference.
fn with_difference(lang: Lang, h: &Headline, d: &Summary) -> String {
    let (a, ci) = amount(lang, h, display(h, d, false), true);
    let unit = match h.measure() {
        Measure::Share => format!(" {}", lang.d().points),
        Measure::Rupiah => String::new(),
        _ => {
            let u = lang.kpi_unit(&h.kpi, Some(1.0));
            if u.is_empty() { u } else { format!(" {u}") }
        }
    };
    format!(
        "{} ({a}{unit}, {})",
        h.label(lang),
        fill(lang.w().ci, &[("ci", &ci)])
    )
}

fn join(lang: Lang, items: &[String]) -> String {
    match items.split_last() {
        None => String::new(),
        Some((last, [])) => last.clone(),
        Some((last, rest)) => format!("{} {} {last}", rest.join("; "), lang.w().list_and),
    }
}

/// The question, from `[report]` or built from the policies and headline KPIs.
pub(crate) fn question(
    saved: &SavedResults,
    scenario: Option<&Scenario>,
    headlines: &[Headline],
    lang: Lang,
    baseline: &str,
    years: &str,
) -> String {
    let written = scenario.map(|s| match lang {
        Lang::Id if !s.report.question_id.is_empty() => s.report.question_id.clone(),
        _ => s.report.question.clone(),
    });
    if let Some(q) = written.filter(|q| !q.trim().is_empty()) {
        return q;
    }
    let others: Vec<String> = saved
        .policies
        .iter()
        .filter(|p| *p != baseline)
        .map(|p| lang.policy(p))
        .collect();
    if others.is_empty() {
        return fill(
            lang.w().question_one,
            &[("policy", &lang.policy_object(baseline)), ("years", years)],
        );
    }
    let kpis: Vec<String> = headlines
        .iter()
        .map(|h| h.label(lang).to_lowercase())
        .collect();
    fill(
        lang.d().question_default,
        &[
            ("policies", &join(lang, &others).replace("; ", ", ")),
            ("baseline", &lang.policy_object(baseline)),
            ("years", years),
            ("kpis", &join(lang, &kpis).replace("; ", ", ")),
        ],
    )
}

/// The answer paragraph(s).
pub(crate) fn answer(
    saved: &SavedResults,
    headlines: &[Headline],
    lang: Lang,
    baseline: &str,
    replications: Option<u64>,
) -> Vec<Block> {
    let d = lang.d();
    let scores = scores(saved, headlines, true);
    let n = ranked(headlines).len();
    if scores.len() < 2 {
        return vec![Block::Para(d.one_policy.to_string())];
    }
    // Leaders share the top net score; the tie-break (best-or-tied count, then cost) only
    // orders them, it does not make one "favoured".
    let top_net = scores[0].net();
    let leaders: Vec<&String> = if top_net <= 0 {
        // The baseline leads when no policy gains more than it loses.
        vec![
            &scores
                .iter()
                .find(|s| s.policy == baseline)
                .unwrap_or(&scores[0])
                .policy,
        ]
    } else {
        scores
            .iter()
            .filter(|s| s.net() == top_net)
            .map(|s| &s.policy)
            .collect()
    };
    let base = lang.policy_object(baseline);
    let mut text = String::new();
    let mut detail = String::new();
    if n == 0 {
        text.push_str(d.one_policy);
    } else if leaders.len() > 1 {
        let names: Vec<String> = leaders.iter().map(|p| lang.policy(p)).collect();
        text.push_str(&fill(
            d.tie,
            &[
                ("policies", &join(lang, &names).replace("; ", ", ")),
                ("n", &n.to_string()),
                ("baseline", &base),
            ],
        ));
        text.push_str(&fill(
            d.tie_break,
            &[
                ("policy", &lang.policy(&scores[0].policy)),
                ("k", &scores[0].best.to_string()),
            ],
        ));
        text.push_str(&cost_sentence(headlines, &scores[0].policy, lang, baseline));
    } else if leaders[0] == baseline {
        let k = scores
            .iter()
            .find(|s| s.policy == baseline)
            .map_or(0, |s| s.best);
        text.push_str(&fill(
            d.baseline_best,
            &[
                ("baseline", &base),
                ("k", &k.to_string()),
                ("n", &n.to_string()),
            ],
        ));
    } else {
        let p = leaders[0].as_str();
        let (wins, losses) = wins_losses(headlines, p, lang);
        text.push_str(&fill(
            d.favoured,
            &[
                ("policy", &lang.policy(p)),
                ("baseline", &base),
                ("k", &scores[0].best.to_string()),
                ("n", &n.to_string()),
                ("wins_n", &wins.len().to_string()),
                ("losses_n", &losses.len().to_string()),
            ],
        ));
        text.push_str(&cost_sentence(headlines, p, lang, baseline));
        if !wins.is_empty() {
            detail.push_str(&fill(
                d.favoured_wins,
                &[("baseline", &base), ("wins", &join(lang, &wins))],
            ));
        }
        if !losses.is_empty() {
            detail.push_str(&fill(
                d.favoured_losses,
                &[("baseline", &base), ("losses", &join(lang, &losses))],
            ));
        }
    }
    let mut out = vec![Block::Lead(text)];
    if !detail.is_empty() {
        out.push(Block::Para(detail.trim().to_string()));
    }
    let cautions = cautions(saved, headlines, lang);
    if !cautions.is_empty() {
        out.push(Block::List(cautions));
    }
    out.push(Block::Para(format!(
        "{} {}",
        fill(
            d.how_sure,
            &[(
                "reps",
                &replications.map_or_else(|| lang.w().unknown.to_string(), |r| r.to_string())
            )]
        ),
        d.conditions
    )));
    out
}

/// Headlines on which `policy` is clearly better and clearly worse than the baseline.
fn wins_losses(headlines: &[Headline], policy: &str, lang: Lang) -> (Vec<String>, Vec<String>) {
    let (mut wins, mut losses) = (Vec::new(), Vec::new());
    for h in ranked(headlines) {
        let Some(diff) = h.change(policy) else {
            continue;
        };
        let better = h.is_better(diff.mean);
        if h.worsening(policy).is_some() && (better == Some(false) || h.eroding(policy)) {
            // A loss still growing is marked; a shrinking gain is not credited.
            if better == Some(false) {
                losses.push(format!(
                    "{} {}",
                    with_difference(lang, h, &diff),
                    lang.d().trend_mark
                ));
            }
            continue;
        }
        match better {
            Some(true) => wins.push(with_difference(lang, h, &diff)),
            Some(false) => losses.push(with_difference(lang, h, &diff)),
            None => {}
        }
    }
    // Not clearly better or worse, but still getting worse: counted against the policy,
    // as in the ranking.
    for h in ranked(headlines) {
        if h.change(policy).is_some() {
            continue;
        }
        if let Some(t) = h.worsening(policy) {
            let (a, _) = amount(lang, h, display(h, &t, false), true);
            let a = in_points(lang, h, a);
            losses.push(fill(
                lang.d().still_worsening,
                &[("kpi", h.label(lang)), ("amount", &a)],
            ));
        }
    }
    (wins, losses)
}

/// What `policy` costs against the baseline, as a sentence (empty without a cost KPI).
fn cost_sentence(headlines: &[Headline], policy: &str, lang: Lang, baseline: &str) -> String {
    let d = lang.d();
    let name = lang.policy(policy);
    let base = lang.policy_object(baseline);
    let Some(h) = headlines.iter().find(|h| h.is_cost()) else {
        return fill(d.costs_same, &[("policy", &name), ("baseline", &base)]);
    };
    let Some(diff) = h.of(policy).and_then(|s| s.difference) else {
        return String::new();
    };
    if !h.material(&diff) {
        return fill(d.costs_same, &[("policy", &name), ("baseline", &base)]);
    }
    let magnitude = Summary {
        mean: diff.mean.abs(),
        ci95_low: diff.ci95_low.abs().min(diff.ci95_high.abs()),
        ci95_high: diff.ci95_low.abs().max(diff.ci95_high.abs()),
        ..diff
    };
    let (a, _) = amount(lang, h, display(h, &magnitude, false), false);
    let template = if diff.mean > 0.0 {
        d.costs_more
    } else {
        d.costs_less
    };
    fill(
        template,
        &[("policy", &name), ("amount", &a), ("baseline", &base)],
    )
}

/// One sentence per policy and headline still getting worse at the end of the horizon.
fn cautions(saved: &SavedResults, headlines: &[Headline], lang: Lang) -> Vec<String> {
    // One line per policy, so that the scorecard stays on the first screen; the CIs are
    // in the trends section.
    let mut out = Vec::new();
    for p in &saved.policies {
        let items: Vec<String> = headlines
            .iter()
            .filter_map(|h| {
                let t = h.worsening(p)?;
                let (a, _) = amount(lang, h, display(h, &t, false), true);
                Some(fill(
                    lang.d().worsening_item,
                    &[
                        ("kpi", &h.label(lang).to_lowercase()),
                        ("amount", &in_points(lang, h, a)),
                    ],
                ))
            })
            .collect();
        if !items.is_empty() {
            out.push(fill(
                lang.d().worsening,
                &[
                    ("policy", &lang.policy_object(p)),
                    ("list", &join(lang, &items)),
                ],
            ));
        }
    }
    out
}

/// Decimals of a scorecard number: three significant digits of the larger of the estimate
/// and its CI half-width, at most two decimals (a cell must read on one line; what is
/// smaller than the threshold of a change is not a finding anyway).
fn cell_decimals(mean: f64, half: f64) -> usize {
    let scale = [mean, half]
        .iter()
        .filter(|v| v.is_finite())
        .fold(0.0_f64, |m, v| m.max(v.abs()));
    decimals_for(scale, 3).min(2)
}

/// A scorecard number in display units: "+14.5 ±2.2" (the mean and the half-width of its
/// 95 % CI), or "99.9 (99.7–100)" when the interval was clipped to what the KPI can be and
/// is no longer symmetric. Costs are divided by the column's Rupiah scale.
fn compact(lang: Lang, h: &Headline, s: &Summary, clip: bool, rupiah: f64, signed: bool) -> String {
    let raw = display(h, s, false);
    let shown = display(h, s, clip);
    let f = if h.measure() == Measure::Rupiah {
        1e6 / rupiah
    } else {
        1.0
    };
    let half = (raw.high - raw.low) / 2.0 * f;
    let mean = shown.mean * f;
    let d = cell_decimals(mean, half);
    let mut number = lang.num(mean, d);
    if signed
        && mean > 0.0
        && !number.starts_with('−')
        && number.chars().any(|c| c != '0' && c.is_ascii_digit())
    {
        number = format!("+{number}");
    }
    if !half.is_finite() {
        return number;
    }
    let clipped = (shown.low - raw.low).abs() > 1e-12 || (shown.high - raw.high).abs() > 1e-12;
    if clipped {
        format!(
            "{number} ({})",
            lang.range(shown.low * f, shown.high * f, d)
        )
    } else {
        format!("{number} ±{}", lang.num(half, d))
    }
}

/// The Rupiah scale of a cost column (divisor and word): the largest of thousand, million
/// and billion under which every number of the column that is not a rounding nothing
/// (under 1 % of the largest) still shows as at least 0.1, so "−1.9" is not shown as
/// "0.00" billion.
fn rupiah_scale_of(lang: Lang, h: &Headline) -> (f64, &'static str) {
    let values: Vec<f64> = h
        .stats
        .iter()
        .flat_map(|s| [Some(s.level.mean), s.difference.map(|d| d.mean)])
        .flatten()
        .filter(|v| v.is_finite())
        .map(f64::abs)
        .collect();
    let largest = values.iter().fold(0.0_f64, |m, &v| m.max(v));
    let smallest = values
        .iter()
        .filter(|&&v| v >= 0.01 * largest && v > 0.0)
        .fold(largest, |m, &v| m.min(v));
    // Saved costs are Rp; `rupiah_scale` picks by magnitude, so ask it for the smaller
    // of the largest number and ten times the smallest.
    lang.rupiah_scale(largest.min(10.0 * smallest))
}

/// The scorecard: the baseline's levels, then per policy the difference on every
/// headline, marked better / worse / no change (a CI including zero, or a change under
/// the threshold of [`super::material`]), with ⚠ where still worsening. Each cell reads on
/// one line: the estimate and the half-width of its 95 % CI, units in the column head.
pub(crate) fn scorecard(
    saved: &SavedResults,
    headlines: &[Headline],
    lang: Lang,
    baseline: &str,
) -> Vec<Block> {
    let d = lang.d();
    if headlines.is_empty() {
        return Vec::new();
    }
    let scales: Vec<(f64, &str)> = headlines.iter().map(|h| rupiah_scale_of(lang, h)).collect();
    let mut head = vec![lang.w().col_policy.to_string()];
    head.extend(
        headlines
            .iter()
            .zip(&scales)
            .map(|(h, &scale)| column_head(lang, h, scale)),
    );
    let mark_trend = |h: &Headline, p: &str, text: String| {
        if h.worsening(p).is_some() {
            format!("{text} {}", d.trend_mark)
        } else {
            text
        }
    };
    let mut rows = Vec::new();
    let mut level = vec![Cell::new(
        fill(d.level_row, &[("baseline", &lang.policy(baseline))]),
        Tone::Plain,
    )];
    for (h, scale) in headlines.iter().zip(&scales) {
        let text = h.of(baseline).map_or_else(
            || "–".to_string(),
            |s| {
                mark_trend(
                    h,
                    baseline,
                    compact(lang, h, &s.level, true, scale.0, false),
                )
            },
        );
        level.push(Cell::new(text, Tone::Level));
    }
    rows.push(level);
    for p in saved.policies.iter().filter(|p| *p != baseline) {
        if !headlines.iter().any(|h| h.of(p).is_some()) {
            continue;
        }
        let mut row = vec![Cell::new(lang.policy(p), Tone::Plain)];
        for (h, scale) in headlines.iter().zip(&scales) {
            let cell = match h.of(p).and_then(|s| s.difference) {
                Some(diff) if diff.mean.is_finite() => {
                    let tone = match (h.material(&diff), h.is_better(diff.mean)) {
                        (true, Some(true)) => Tone::Better,
                        (true, Some(false)) => Tone::Worse,
                        (true, None) => Tone::Level,
                        (false, _) => Tone::Unclear,
                    };
                    let mark = match tone {
                        Tone::Better => d.better_mark,
                        Tone::Worse => d.worse_mark,
                        Tone::Unclear => d.unclear_mark,
                        _ => "",
                    };
                    let number = compact(lang, h, &diff, false, scale.0, true);
                    let text = format!("{mark} {number}").trim().to_string();
                    Cell::new(mark_trend(h, p, text), tone)
                }
                _ => Cell::new("–".to_string(), Tone::Unclear),
            };
            row.push(cell);
        }
        rows.push(row);
    }
    let base = lang.policy_object(baseline);
    vec![
        Block::Grid {
            id: "scorecard",
            head,
            rows,
        },
        Block::Note(format!(
            "{} {}",
            fill(d.scorecard_note, &[("baseline", &base)]),
            MinChange::of_saved(saved).describe(lang, &base)
        )),
    ]
}

/// The ranking line, ties shown as ties.
pub(crate) fn ranking(
    saved: &SavedResults,
    headlines: &[Headline],
    lang: Lang,
    baseline: &str,
) -> Option<Block> {
    let d = lang.d();
    let n = ranked(headlines).len();
    let scores = scores(saved, headlines, true);
    if n == 0 || scores.len() < 2 {
        return None;
    }
    let mut items = Vec::new();
    let mut rank = 0;
    let mut last = None;
    for (i, s) in scores.iter().enumerate() {
        let key = rank_key(s);
        if Some(key) != last {
            rank = i + 1;
            last = Some(key);
        }
        let ties = scores.iter().filter(|x| rank_key(x) == key).count() > 1;
        let mut item = fill(
            d.rank_item,
            &[
                ("rank", &rank.to_string()),
                ("policy", &lang.policy(&s.policy)),
                ("wins", &s.wins.to_string()),
                ("losses", &s.losses.to_string()),
            ],
        );
        if ties {
            item.push_str(&format!(", {}", d.tied));
        }
        items.push(item);
    }
    Some(Block::Para(fill(
        d.ranking,
        &[
            ("list", &items.join("; ")),
            ("baseline", &lang.policy_object(baseline)),
        ],
    )))
}

/// What the simulation cannot say. This is also the place of a robustness analysis of the
/// scenario's assumptions, when one is added to the results.
pub(crate) fn cannot_say(lang: Lang) -> Block {
    let d = lang.d();
    Block::List(vec![
        d.cannot_noise.to_string(),
        d.cannot_cost.to_string(),
        d.cannot_trend.to_string(),
        d.cannot_model.to_string(),
    ])
}

/// "What each policy does": its name and description.
pub(crate) fn policy_descriptions(
    saved: &SavedResults,
    scenario: Option<&Scenario>,
    lang: Lang,
) -> Block {
    let d = lang.d();
    Block::List(
        saved
            .policies
            .iter()
            .map(|p| {
                let spec = scenario.and_then(|s| s.policies.iter().find(|x| &x.name == p));
                let id = scenario.and_then(|s| s.report.policy_descriptions_id.get(p));
                let text = match (lang, id, spec) {
                    (Lang::Id, Some(t), _) => t.clone(),
                    (_, _, Some(s)) if !s.description.is_empty() => s.description.clone(),
                    (_, _, Some(s)) if s.kind == crate::scenario::PolicyKind::StatusQuo => {
                        d.status_quo_description.to_string()
                    }
                    (_, _, Some(s)) => format!("{} ({})", d.no_description, s.kind.name()),
                    _ => d.no_description.to_string(),
                };
                format!("{}: {text}", lang.policy(p))
            })
            .collect(),
    )
}

/// Units whose backlog is still clearly growing at the end of the horizon under a policy,
/// with the growth per year.
fn growing_backlogs(saved: &SavedResults, policy: &str) -> Vec<(String, Summary)> {
    let Some(units) = &saved.units else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for u in &units.units {
        let one = [u.as_str()];
        let values = |period| -> Option<Vec<f64>> {
            let reps = units.totals(policy, period, &one)?;
            Some(
                reps.iter()
                    .map(|r| UnitKpi::BacklogEnd.value(&UnitTotals::sum(r)))
                    .collect(),
            )
        };
        let (Some(before), Some(last)) = (values(Period::YearBeforeLast), values(Period::LastYear))
        else {
            continue;
        };
        if before.len() != last.len() {
            continue;
        }
        let change = summarize(&crate::stats::paired_differences(&last, &before));
        if clear(&change) && change.mean >= 5.0 {
            out.push((u.clone(), change));
        }
    }
    out
}

/// "Still getting worse?": worsening headlines and growing backlogs, per policy.
pub(crate) fn trends(saved: &SavedResults, headlines: &[Headline], lang: Lang) -> Vec<Block> {
    let d = lang.d();
    let mut items = cautions(saved, headlines, lang);
    for p in &saved.policies {
        let growing = growing_backlogs(saved, p);
        if growing.is_empty() {
            continue;
        }
        let units: Vec<String> = growing
            .iter()
            .map(|(u, s)| {
                fill(
                    d.growing_unit,
                    &[
                        ("unit", u),
                        ("amount", &format!("+{}", lang.num(s.mean, 0))),
                    ],
                )
            })
            .collect();
        items.push(fill(
            d.growing_backlogs,
            &[("policy", &lang.policy(p)), ("units", &units.join(", "))],
        ));
    }
    if items.is_empty() {
        vec![Block::Para(d.no_trends.to_string())]
    } else {
        vec![Block::List(items)]
    }
}

/// The spread of the final backlog (mean, median, 90th percentile) per policy whose mean
/// is at least 1.25 times its median: a heavy-tailed snapshot is not summed up by its mean.
pub(crate) fn backlog_spread(saved: &SavedResults, lang: Lang) -> Option<Block> {
    let items: Vec<String> = saved
        .policies
        .iter()
        .filter_map(|p| {
            let s = saved.summary(p, "backlog_end")?;
            if !(s.p50.is_finite() && s.p90.is_finite() && s.estimate.mean > 0.0) {
                return None;
            }
            // Only a heavy tail is worth a line (and the sentence says it is one): a few
            // replications whose backlog runs away pull the mean well above the median.
            if s.estimate.mean < 1.25 * s.p50 {
                return None;
            }
            let d = decimals_for(s.p90.abs().max(s.estimate.mean.abs()), 3);
            Some(fill(
                lang.d().backlog_spread,
                &[
                    ("policy", &lang.policy(p)),
                    ("mean", &lang.num(s.estimate.mean, d)),
                    ("p50", &lang.num(s.p50, d)),
                    ("p90", &lang.num(s.p90, d)),
                ],
            ))
        })
        .collect();
    (!items.is_empty()).then_some(Block::List(items))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::brief::headline::{PolicyStats, Source};
    use crate::report::saved::RunMeta;

    fn stats(policy: &str, values: Vec<f64>, base: &[f64]) -> PolicyStats {
        let difference =
            (policy != "base").then(|| summarize(&crate::stats::paired_differences(&values, base)));
        PolicyStats {
            policy: policy.into(),
            level: summarize(&values),
            values,
            difference,
            trend: None,
        }
    }

    /// A share near 100 % (lessons taught in city schools): one policy 0.09 points lower
    /// with a tight CI, one 3 points lower.
    fn lessons() -> (SavedResults, Vec<Headline>) {
        let base: Vec<f64> = (0..10).map(|i| 0.999 - 0.0001 * f64::from(i % 3)).collect();
        let tiny: Vec<f64> = base.iter().map(|v| v - 0.0009).collect();
        let big: Vec<f64> = base.iter().map(|v| v - 0.03).collect();
        let h = Headline {
            label: ("Lessons taught".into(), "Jam pelajaran terlaksana".into()),
            kpi: "demand_served".into(),
            better: Better::Higher,
            source: Source::Organisation("demand_served".into()),
            stats: vec![
                stats("base", base.clone(), &base),
                stats("tiny", tiny, &base),
                stats("big", big, &base),
            ],
            min_change: MinChange::default().threshold("demand_served", 0.999),
        };
        let saved = SavedResults {
            run: RunMeta::default(),
            policies: vec!["base".into(), "tiny".into(), "big".into()],
            summary: Vec::new(),
            replications: None,
            timeseries: None,
            comparison: None,
            sweep: None,
            units: None,
        };
        (saved, vec![h])
    }

    #[test]
    fn a_precise_but_negligible_change_is_not_marked_on_the_scorecard() {
        let (saved, headlines) = lessons();
        assert!(super::clear(
            &headlines[0]
                .of("tiny")
                .and_then(|s| s.difference)
                .expect("diff")
        ));
        let blocks = scorecard(&saved, &headlines, Lang::En, "base");
        let Some(Block::Grid { rows, .. }) = blocks.first() else {
            panic!("no scorecard grid");
        };
        let tone = |policy: &str| {
            rows.iter()
                .find(|r| r[0].text == policy)
                .map(|r| r[1].tone)
                .expect("row")
        };
        assert_eq!(tone("tiny"), Tone::Unclear);
        assert_eq!(tone("big"), Tone::Worse);
        // Every cell reads on one line, short enough for a column of a printed page.
        for row in rows {
            for c in &row[1..] {
                assert!(
                    !c.text.contains('\n') && c.text.chars().count() <= 18,
                    "{:?}",
                    c.text
                );
            }
        }
        // The note states the threshold.
        let Some(Block::Note(note)) = blocks.get(1) else {
            panic!("no note");
        };
        assert!(note.contains("0.5 percentage points"), "{note}");
        // Neither the answer nor the ranking counts the negligible change against it.
        let (wins, losses) = wins_losses(&headlines, "tiny", Lang::En);
        assert!(wins.is_empty() && losses.is_empty(), "{losses:?}");
        let (_, losses) = wins_losses(&headlines, "big", Lang::En);
        assert_eq!(losses.len(), 1);
        // And it ties for best with the baseline.
        assert_eq!(headlines[0].tied_best(), vec!["base", "tiny"]);
    }
}

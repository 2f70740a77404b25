//! Every user-facing string of the charts and the brief, in English and Indonesian: titles,
//! axis labels, headings, sentence templates, KPI and policy display names, and number
//! formatting (Indonesian writes `1.234,5`).
//!
//! Templates name their blanks `{like_this}`; [`fill`] substitutes them.

use std::str::FromStr;

use super::ReportError;
use crate::sim::{Better, Kpi, Metric, UnitKpi};

/// Language of the charts and the brief.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub enum Lang {
    /// English.
    #[default]
    En,
    /// Bahasa Indonesia.
    Id,
}

impl FromStr for Lang {
    type Err = ReportError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.trim().to_ascii_lowercase().as_str() {
            "en" | "eng" | "english" => Ok(Lang::En),
            "id" | "ind" | "indonesian" | "bahasa" => Ok(Lang::Id),
            _ => Err(ReportError::UnknownLang(s.to_string())),
        }
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

/// Substitutes `{name}` blanks in a template.
pub(crate) fn fill(template: &str, blanks: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (name, value) in blanks {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

/// Fixed words and templates of one language.
pub(crate) struct Words {
    // --- charts ---------------------------------------------------------------------------
    pub title_sla: &'static str,
    pub title_complaints: &'static str,
    pub title_backlog: &'static str,
    pub title_heat_utilization: &'static str,
    pub title_heat_ej: &'static str,
    pub title_kpis: &'static str,
    /// `{baseline}`.
    pub title_forest: &'static str,
    pub title_cost: &'static str,
    pub title_flows: &'static str,
    /// `{parameter}`.
    pub title_sweep: &'static str,
    pub axis_month: &'static str,
    pub axis_difference: &'static str,
    pub axis_cost: &'static str,
    /// `{baseline}`: the x axis of the cost chart as a difference.
    pub axis_extra_cost: &'static str,
    pub axis_sweep_point: &'static str,
    pub legend_ci: &'static str,
    pub legend_warmup: &'static str,
    pub legend_warmup_end: &'static str,
    pub legend_clear: &'static str,
    pub legend_unclear: &'static str,
    pub lower_better: &'static str,
    pub higher_better: &'static str,
    pub per_year: &'static str,
    pub per_period: &'static str,
    pub million_rp: &'static str,
    // --- why a chart is missing -----------------------------------------------------------
    pub skip_no_timeseries: &'static str,
    /// `{metric}`.
    pub skip_no_series: &'static str,
    pub skip_no_headline: &'static str,
    pub skip_no_comparison: &'static str,
    pub skip_no_cost: &'static str,
    pub skip_no_flows: &'static str,
    pub skip_no_sweep: &'static str,
    // --- the brief ------------------------------------------------------------------------
    /// `{scenario}`.
    pub doc_title: &'static str,
    pub h_question: &'static str,
    /// `{policy}`, `{years}`.
    pub question_one: &'static str,
    pub h_scenario: &'static str,
    pub name: &'static str,
    pub description: &'static str,
    pub h_units: &'static str,
    pub col_unit: &'static str,
    pub col_field: &'static str,
    pub col_remoteness: &'static str,
    pub col_positions: &'static str,
    pub col_staff: &'static str,
    pub remoteness_names: [&'static str; 3],
    pub h_findings: &'static str,
    pub no_comparison: &'static str,
    pub h_charts: &'static str,
    /// `{n}`, `{title}`.
    pub figure: &'static str,
    /// `{title}`, `{reason}`.
    pub skipped: &'static str,
    pub h_summary: &'static str,
    pub col_kpi: &'static str,
    pub col_better: &'static str,
    pub col_policy: &'static str,
    pub col_baseline: &'static str,
    pub col_difference: &'static str,
    pub col_ci: &'static str,
    pub col_clear: &'static str,
    pub col_p_best: &'static str,
    pub yes: &'static str,
    pub no: &'static str,
    pub h_comparison: &'static str,
    pub comparison_note: &'static str,
    pub h_parameters: &'static str,
    pub col_parameter: &'static str,
    pub col_value: &'static str,
    /// `{n}`.
    pub items: &'static str,
    pub h_method: &'static str,
    /// `{replications}`, `{seed}`, `{warmup}`, `{months}`, `{years}`.
    pub method: &'static str,
    pub method_units: &'static str,
    /// `{rule}`.
    pub method_stopping: &'static str,
    /// How the replication count was decided, by `stopping_rule` in run.json.
    pub stopping_rules: [(&'static str, &'static str); 4],
    /// `{version}`, `{events}`, `{seconds}`.
    pub produced_by: &'static str,
    pub reproduce: &'static str,
    pub reproduce_note: &'static str,
    pub incomplete: &'static str,
    pub unknown: &'static str,
    /// `{version}`.
    pub footer: &'static str,
    // --- sentences ------------------------------------------------------------------------
    /// Lower is better and it fell: `{policy}`, `{kpi}`, `{amount}`, `{ci}`, `{baseline}`.
    pub better_lower: &'static str,
    /// Higher is better and it rose.
    pub better_higher: &'static str,
    /// Lower is better and it rose.
    pub worse_up: &'static str,
    /// Higher is better and it fell.
    pub worse_down: &'static str,
    /// Neutral KPI that rose.
    pub neutral_up: &'static str,
    /// Neutral KPI that fell.
    pub neutral_down: &'static str,
    /// `{policy}`, `{kpi}`, `{baseline}`, `{amount}` and `{ci}` (signed).
    pub unclear: &'static str,
    /// A clear difference under the threshold of a change: as `unclear`, and `{threshold}`.
    pub negligible: &'static str,
    /// After a resolution-time finding when abandonment differs clearly: `{policy}`,
    /// `{kpi}` (abandoned cases), `{amount}` (signed), `{ci}`, `{baseline}`; `{change}` (a
    /// verb: raised / cut), `{magnitude}` and `{magnitude_ci}` (unsigned) for languages that
    /// word a fall and a rise differently.
    pub abandonment_caveat: &'static str,
    /// Costs: `{policy}`, `{amount}` (per year), `{ci}`, `{baseline}`.
    pub cost_more: &'static str,
    pub cost_less: &'static str,
    /// `{ci}`.
    pub ci: &'static str,
    /// `{low}`, `{high}`.
    pub range_to: &'static str,
    pub percentage_points: &'static str,
    pub scale_thousand: &'static str,
    pub scale_million: &'static str,
    pub scale_billion: &'static str,
    pub list_and: &'static str,
    pub decimal_mark: char,
    pub thousands_mark: char,
}

static EN: Words = Words {
    title_sla: "Monthly SLA compliance, whole organisation",
    title_complaints: "Complaints per month, whole organisation",
    title_backlog: "Backlog per work unit at month end",
    title_heat_utilization: "Utilization per work unit and month",
    title_heat_ej: "EJ (staff needed / staff) by unit and month: above 1 understaffed, below 0.7 over-staffed",
    title_kpis: "Headline KPIs per policy (mean and 95% CI)",
    title_forest: "Paired difference against {baseline} (policy − baseline, 95% CI)",
    title_cost: "Service quality against cost (mean and 95% CI)",
    title_flows: "Staff flows per year (mean and 95% CI)",
    title_sweep: "KPIs against {parameter} (mean and 95% CI)",
    axis_month: "Month of the simulation",
    axis_difference: "Difference",
    axis_cost: "Total cost per year (million Rp)",
    axis_extra_cost: "Cost per year above {baseline}, salaries included (million Rp)",
    axis_sweep_point: "Sweep point",
    legend_ci: "95% CI",
    legend_warmup: "warm-up (excluded)",
    legend_warmup_end: "end of the warm-up (earlier months excluded)",
    legend_clear: "clear difference (CI excludes 0)",
    legend_unclear: "no clear difference",
    lower_better: "lower is better",
    higher_better: "higher is better",
    per_year: "per year",
    per_period: "over the measured period",
    million_rp: "million Rp",
    skip_no_timeseries: "timeseries.csv is absent",
    skip_no_series: "timeseries.csv has no '{metric}' series",
    skip_no_headline: "summary.csv has none of the headline KPIs",
    skip_no_comparison: "comparison.csv is absent (no policy was compared with a baseline)",
    skip_no_cost: "summary.csv has no cost_total (this model version computes no costs)",
    skip_no_flows: "the results have no transfer counts (transfers_done, transfers_appealed, transfers_refused, transfer_quits)",
    skip_no_sweep: "sweep.csv is absent (this run is not a parameter sweep)",
    doc_title: "Policy brief: {scenario}",
    h_question: "The question",
    question_one: "How will the organisation perform under {policy} over {years} years? Only one policy was simulated, so this brief describes it without comparing policies.",
    h_scenario: "The scenario",
    name: "Name",
    description: "Description",
    h_units: "Work units",
    col_unit: "Work unit",
    col_field: "Field",
    col_remoteness: "Remoteness",
    col_positions: "Positions (people)",
    col_staff: "Staff at start (people)",
    remoteness_names: ["urban", "rural", "remote"],
    h_findings: "Headline findings",
    no_comparison: "No paired comparison is available (comparison.csv is absent), so no difference between policies is claimed.",
    h_charts: "Charts",
    figure: "Figure {n}. {title}",
    skipped: "Not drawn: {title}, because {reason}.",
    h_summary: "Summary of KPIs (mean and 95% CI over replications)",
    col_kpi: "KPI",
    col_better: "Better",
    col_policy: "Policy",
    col_baseline: "Baseline",
    col_difference: "Difference (policy − baseline)",
    col_ci: "95% CI",
    col_clear: "Clear difference?",
    col_p_best: "P(best)",
    yes: "yes",
    no: "no",
    h_comparison: "Paired comparison against the baseline",
    comparison_note: "A difference is called clear only when the 95% confidence interval of the paired difference excludes zero.",
    h_parameters: "Key scenario parameters",
    col_parameter: "Parameter",
    col_value: "Value",
    items: "{n} entries (see run.json)",
    h_method: "Method and how to reproduce",
    method: "Each policy was simulated in {replications} independent replications with master seed {seed}. Replication r of every policy draws its arrivals, service times and staff behaviour from the same random streams (common random numbers), so all policies face the same demand and their paired differences are precise. Means are reported with Student-t 95% confidence intervals over replications. The first {warmup} of the {months} simulated months are a warm-up and are excluded from every statistic (shaded in the charts); the measured period is {years} years.",
    method_stopping: "Number of replications: {rule}.",
    stopping_rules: [
        ("fixed", "fixed in advance"),
        (
            "target_ci_reached",
            "increased until every confidence interval was as narrow as the target",
        ),
        (
            "differences_resolved",
            "increased until the direction of every paired difference was clear",
        ),
        (
            "max_replications",
            "stopped at the maximum allowed before every target was met",
        ),
    ],
    method_units: "Times are in working days (the clock counts working hours only). Counts and costs are per year of the measured period; shares are in percent.",
    produced_by: "Results produced by mutasi {version} ({events} simulated events in {seconds} s).",
    reproduce: "To reproduce these results, run:",
    reproduce_note: "scenario.toml in the results folder is the resolved scenario (defaults filled in, --set overrides applied, roster and fitted demand written out); run.json holds the same under \"scenario\". The same seed gives identical results whatever the number of threads.",
    incomplete: "Warning: this run did not finish every replication; the results are partial.",
    unknown: "unknown",
    footer: "Generated by mutasi {version}.",
    better_lower: "{policy} cut {kpi} by {amount} ({ci}) against {baseline}.",
    better_higher: "{policy} raised {kpi} by {amount} ({ci}) against {baseline}.",
    worse_up: "{policy} worsened {kpi}: up by {amount} ({ci}) against {baseline}.",
    worse_down: "{policy} worsened {kpi}: down by {amount} ({ci}) against {baseline}.",
    neutral_up: "{policy} increased {kpi} by {amount} ({ci}) against {baseline}.",
    neutral_down: "{policy} decreased {kpi} by {amount} ({ci}) against {baseline}.",
    unclear: "{policy} made no clear difference to {kpi} against {baseline} (difference {amount}, {ci}).",
    negligible: "{policy} made no material difference to {kpi} against {baseline} (difference {amount}, {ci}: under {threshold}, the smallest change counted).",
    abandonment_caveat: "{policy} changed {kpi} by {amount} ({ci}) against {baseline}, and resolution times count completed cases only: read them with SLA compliance, which counts an abandoned case as a breach.",
    cost_more: "{policy} cost an extra {amount} ({ci}) against {baseline}.",
    cost_less: "{policy} saved {amount} ({ci}) against {baseline}.",
    ci: "95% CI {ci}",
    range_to: "{low} to {high}",
    percentage_points: "percentage points",
    scale_thousand: "thousand",
    scale_million: "million",
    scale_billion: "billion",
    list_and: "and",
    decimal_mark: '.',
    thousands_mark: ',',
};

static ID: Words = Words {
    title_sla: "Kepatuhan SLA bulanan, seluruh organisasi",
    title_complaints: "Pengaduan per bulan, seluruh organisasi",
    title_backlog: "Tunggakan per unit kerja pada akhir bulan",
    title_heat_utilization: "Utilisasi per unit kerja dan bulan",
    title_heat_ej: "EJ (kebutuhan / pegawai) per unit dan bulan: di atas 1 kurang pegawai, di bawah 0,7 lebih",
    title_kpis: "Indikator utama per kebijakan (rata-rata dan SK 95%)",
    title_forest: "Selisih berpasangan terhadap {baseline} (kebijakan − pembanding, SK 95%)",
    title_cost: "Kualitas layanan terhadap biaya (rata-rata dan SK 95%)",
    title_flows: "Arus pegawai per tahun (rata-rata dan SK 95%)",
    title_sweep: "Indikator terhadap {parameter} (rata-rata dan SK 95%)",
    axis_month: "Bulan simulasi",
    axis_difference: "Selisih",
    axis_cost: "Biaya total per tahun (juta Rp)",
    axis_extra_cost: "Biaya per tahun di atas {baseline}, termasuk gaji (juta Rp)",
    axis_sweep_point: "Titik variasi parameter",
    legend_ci: "SK 95%",
    legend_warmup: "masa pemanasan (tidak dihitung)",
    legend_warmup_end: "akhir masa pemanasan (bulan sebelumnya tidak dihitung)",
    legend_clear: "perbedaan jelas (SK tidak memuat 0)",
    legend_unclear: "tidak ada perbedaan yang jelas",
    lower_better: "makin rendah makin baik",
    higher_better: "makin tinggi makin baik",
    per_year: "per tahun",
    per_period: "selama periode yang diukur",
    million_rp: "juta Rp",
    skip_no_timeseries: "berkas timeseries.csv tidak ada",
    skip_no_series: "timeseries.csv tidak memuat deret '{metric}'",
    skip_no_headline: "summary.csv tidak memuat satu pun indikator utama",
    skip_no_comparison: "berkas comparison.csv tidak ada (tidak ada kebijakan yang dibandingkan dengan pembanding)",
    skip_no_cost: "summary.csv tidak memuat cost_total (versi model ini belum menghitung biaya)",
    skip_no_flows: "hasil tidak memuat jumlah mutasi (transfers_done, transfers_appealed, transfers_refused, transfer_quits)",
    skip_no_sweep: "berkas sweep.csv tidak ada (simulasi ini bukan variasi parameter)",
    doc_title: "Ringkasan kebijakan: {scenario}",
    h_question: "Pertanyaan",
    question_one: "Bagaimana kinerja organisasi dengan {policy} selama {years} tahun? Hanya satu kebijakan yang disimulasikan, sehingga ringkasan ini menggambarkannya tanpa membandingkan kebijakan.",
    h_scenario: "Skenario",
    name: "Nama",
    description: "Deskripsi",
    h_units: "Unit kerja",
    col_unit: "Unit kerja",
    col_field: "Bidang",
    col_remoteness: "Keterpencilan",
    col_positions: "Formasi (orang)",
    col_staff: "Pegawai di awal (orang)",
    remoteness_names: ["perkotaan", "perdesaan", "terpencil"],
    h_findings: "Temuan utama",
    no_comparison: "Perbandingan berpasangan tidak tersedia (berkas comparison.csv tidak ada), sehingga tidak ada klaim perbedaan antarkebijakan.",
    h_charts: "Grafik",
    figure: "Gambar {n}. {title}",
    skipped: "Tidak digambar: {title}, karena {reason}.",
    h_summary: "Ringkasan indikator (rata-rata dan SK 95% atas replikasi)",
    col_kpi: "Indikator",
    col_better: "Arah lebih baik",
    col_policy: "Kebijakan",
    col_baseline: "Pembanding",
    col_difference: "Selisih (kebijakan − pembanding)",
    col_ci: "SK 95%",
    col_clear: "Perbedaan jelas?",
    col_p_best: "P(terbaik)",
    yes: "ya",
    no: "tidak",
    h_comparison: "Perbandingan berpasangan terhadap pembanding",
    comparison_note: "Suatu perbedaan disebut jelas hanya jika selang kepercayaan 95% dari selisih berpasangan tidak memuat nol.",
    h_parameters: "Parameter utama skenario",
    col_parameter: "Parameter",
    col_value: "Nilai",
    items: "{n} entri (lihat run.json)",
    h_method: "Metode dan cara mengulang hasil",
    method: "Setiap kebijakan disimulasikan dalam {replications} replikasi independen dengan benih acak utama {seed}. Replikasi ke-r dari setiap kebijakan mengambil kedatangan kasus, waktu layanan, dan perilaku pegawai dari aliran bilangan acak yang sama (bilangan acak bersama), sehingga semua kebijakan menghadapi permintaan yang sama dan selisih berpasangannya tepat. Rata-rata disajikan dengan selang kepercayaan (SK) 95% berbasis distribusi t Student atas replikasi. {warmup} bulan pertama dari {months} bulan yang disimulasikan adalah masa pemanasan dan tidak dihitung dalam statistik apa pun (diarsir pada grafik); periode yang diukur adalah {years} tahun.",
    method_stopping: "Jumlah replikasi: {rule}.",
    stopping_rules: [
        ("fixed", "ditetapkan sejak awal"),
        (
            "target_ci_reached",
            "ditambah sampai setiap selang kepercayaan sesempit target",
        ),
        (
            "differences_resolved",
            "ditambah sampai arah setiap selisih berpasangan dapat dipastikan",
        ),
        (
            "max_replications",
            "berhenti pada batas maksimum sebelum semua target tercapai",
        ),
    ],
    method_units: "Waktu dinyatakan dalam hari kerja (jam simulasi hanya menghitung jam kerja). Jumlah dan biaya dinyatakan per tahun periode yang diukur; proporsi dalam persen.",
    produced_by: "Hasil ini dibuat dengan mutasi {version} ({events} peristiwa disimulasikan dalam {seconds} detik).",
    reproduce: "Untuk mengulang hasil ini, jalankan:",
    reproduce_note: "scenario.toml di folder hasil adalah skenario yang telah diselesaikan (nilai bawaan terisi, perubahan --set diterapkan, daftar pegawai dan permintaan hasil estimasi dituliskan); run.json memuat hal yang sama pada bagian \"scenario\". Benih yang sama memberikan hasil identik berapa pun jumlah thread-nya.",
    incomplete: "Peringatan: simulasi ini tidak menyelesaikan semua replikasi; hasilnya belum lengkap.",
    unknown: "tidak diketahui",
    footer: "Dibuat oleh mutasi {version}.",
    better_lower: "{policy} mengurangi {kpi} sebanyak {amount} ({ci}) dibandingkan dengan {baseline}.",
    better_higher: "{policy} meningkatkan {kpi} sebesar {amount} ({ci}) dibandingkan dengan {baseline}.",
    worse_up: "{policy} menambah {kpi} sebanyak {amount} ({ci}) dibandingkan dengan {baseline}; ini lebih buruk.",
    worse_down: "{policy} mengurangi {kpi} sebanyak {amount} ({ci}) dibandingkan dengan {baseline}; ini lebih buruk.",
    neutral_up: "{policy} menaikkan {kpi} sebesar {amount} ({ci}) dibandingkan dengan {baseline}.",
    neutral_down: "{policy} menurunkan {kpi} sebesar {amount} ({ci}) dibandingkan dengan {baseline}.",
    unclear: "Tidak ada perbedaan yang jelas pada {kpi} antara {policy} dan {baseline} (selisih {amount}, {ci}).",
    negligible: "Tidak ada perbedaan yang berarti pada {kpi} antara {policy} dan {baseline} (selisih {amount}, {ci}: di bawah {threshold}, perubahan terkecil yang dihitung).",
    abandonment_caveat: "{policy} {change} {kpi} sebanyak {magnitude} ({magnitude_ci}) dibandingkan dengan {baseline}, sedangkan waktu penyelesaian hanya menghitung kasus yang selesai: bacalah bersama kepatuhan SLA, yang menghitung kasus yang ditinggalkan sebagai pelanggaran.",
    cost_more: "{policy} memerlukan biaya tambahan {amount} ({ci}) dibandingkan dengan {baseline}.",
    cost_less: "{policy} menghemat {amount} ({ci}) dibandingkan dengan {baseline}.",
    ci: "SK 95% {ci}",
    range_to: "{low} hingga {high}",
    percentage_points: "poin persentase",
    scale_thousand: "ribu",
    scale_million: "juta",
    scale_billion: "miliar",
    list_and: "dan",
    decimal_mark: ',',
    thousands_mark: '.',
};

/// Words of the decision sections of the brief (question, answer, scorecard, ranking, what
/// the simulation cannot say, trends, reproduction).
pub(crate) struct Decide {
    pub h_answer: &'static str,
    pub h_scorecard: &'static str,
    pub h_ranking: &'static str,
    pub h_cannot: &'static str,
    pub h_policies: &'static str,
    pub h_trends: &'static str,
    pub h_appendix: &'static str,
    pub h_more_charts: &'static str,
    pub status_quo_description: &'static str,
    /// `{policies}` (one list), `{baseline}`, `{years}`, `{kpis}`.
    pub question_default: &'static str,
    /// `{policy}`, `{k}`, `{n}`, `{kpis}`.
    pub favoured: &'static str,
    /// `{baseline}`, `{wins}`.
    pub favoured_wins: &'static str,
    /// `{baseline}`, `{losses}`.
    pub favoured_losses: &'static str,
    /// `{policies}`, `{k}`, `{n}`, `{baseline}`.
    pub tie: &'static str,
    /// `{baseline}`, `{k}`, `{n}`.
    pub baseline_best: &'static str,
    /// `{policy}`, `{amount}`, `{baseline}`.
    pub costs_more: &'static str,
    /// `{policy}`, `{amount}`, `{baseline}`.
    pub costs_less: &'static str,
    /// `{policy}`, `{baseline}`.
    pub costs_same: &'static str,
    /// `{reps}`.
    pub how_sure: &'static str,
    /// One line per policy: `{policy}`, `{list}` of [`Decide::worsening_item`].
    pub worsening: &'static str,
    /// `{kpi}`, `{amount}` (per year).
    pub worsening_item: &'static str,
    pub conditions: &'static str,
    pub one_policy: &'static str,
    /// `{baseline}`.
    pub scorecard_note: &'static str,
    /// The threshold of a change: `{pp}`, `{percent}`, `{baseline}`.
    pub min_change: &'static str,
    /// Verbs of a rise and a fall of a count (`{change}` of `abandonment_caveat`).
    pub rose: &'static str,
    pub fell: &'static str,
    /// "Clear difference?" of a clear difference under the threshold of a change.
    pub too_small: &'static str,
    /// `{baseline}`.
    pub level_row: &'static str,
    /// `{list}`, `{baseline}`.
    pub ranking: &'static str,
    /// `{rank}`, `{policy}`, `{wins}`, `{losses}`.
    pub rank_item: &'static str,
    pub tied: &'static str,
    /// After a tie: which leader the tie-break puts first ({policy}, {k}).
    pub tie_break: &'static str,
    pub cannot_noise: &'static str,
    pub cannot_cost: &'static str,
    pub cannot_trend: &'static str,
    pub cannot_model: &'static str,
    pub no_description: &'static str,
    /// `{policy}`, `{units}`.
    pub growing_backlogs: &'static str,
    /// `{unit}`, `{amount}`.
    pub growing_unit: &'static str,
    pub no_trends: &'static str,
    /// `{policy}`, `{mean}`, `{p50}`, `{p90}`.
    pub backlog_spread: &'static str,
    /// `{list}`.
    pub overrides: &'static str,
    pub reproduce_exact: &'static str,
    pub better_mark: &'static str,
    pub worse_mark: &'static str,
    pub unclear_mark: &'static str,
    pub trend_mark: &'static str,
    pub chart_trends: &'static str,
    pub per_month: &'static str,
    pub skip_no_trends: &'static str,
    pub skip_expires: &'static str,
    pub share_unit: &'static str,
    /// The unit of a difference between two shares: percentage points.
    pub points: &'static str,
    pub lower_arrow: &'static str,
    pub higher_arrow: &'static str,
    /// `{kpi}`, `{amount}`.
    pub still_worsening: &'static str,
}

static DECIDE_EN: Decide = Decide {
    h_answer: "The answer",
    h_scorecard: "Scorecard",
    h_ranking: "Ranking",
    h_cannot: "What the simulation cannot say",
    h_policies: "What each policy does",
    h_trends: "Still getting worse at the end of the horizon?",
    h_appendix: "Appendix: full tables, parameters and method",
    h_more_charts: "More charts",
    status_quo_description: "Keep today's practice: no planned moves; staff requests are granted when the rules allow.",
    question_default: "Which of these policies should the organisation adopt: {policies}? Each is compared on its own with {baseline} over {years} years, on {kpis}.",
    favoured: "The simulation favours {policy}: better than {baseline} on {wins_n} of {n} headline KPIs and worse on {losses_n}, the best balance of any policy.",
    favoured_wins: " Clearly better: {wins}.",
    favoured_losses: " Worse (clearly, or still getting worse at the end): {losses}.",
    tie: "No single policy is favoured: {policies} score the same on the {n} headline KPIs (clearly better minus clearly worse than {baseline}).",
    baseline_best: "No policy does better than {baseline}: {baseline} is best or tied-best on {k} of {n} headline KPIs.",
    costs_more: " {policy} costs {amount} a year more in cash than {baseline}.",
    costs_less: " {policy} costs {amount} a year less in cash than {baseline}.",
    costs_same: " {policy} costs no more in cash than {baseline}.",
    how_sure: "How sure: a difference is called clear only when its 95% confidence interval over {reps} replications excludes zero and it is large enough to matter (see the note under the scorecard); the intervals cover the randomness of the simulation only (see below).",
    worsening: "Caution: under {policy}, still getting worse at the end of the horizon: {list}.",
    worsening_item: "{kpi} ({amount} a year)",
    conditions: "These answers hold for the scenario as written; its assumptions were not varied.",
    one_policy: "Only one policy was simulated, so nothing is compared: the scorecard shows its levels.",
    scorecard_note: "Each cell is the difference against {baseline}: the mean ± the half-width of its 95% CI, in the column's unit (differences of percentages in percentage points, pp). ✓ clearly better, ✗ clearly worse, ≈ no clear or no material difference (grey). ⚠ still getting worse at the end of the horizon. The first row gives the levels of {baseline}.",
    min_change: "A difference counts as a change when its 95% CI excludes zero and it is at least {pp} percentage points for a percentage, or {percent}% of the level of {baseline} for any other KPI (min_change_pp and min_change_percent in the scenario's [report]).",
    rose: "raised",
    fell: "cut",
    too_small: "too small to count",
    level_row: "{baseline} (level)",
    ranking: "Ranking on the headline KPIs (cost aside; each KPI counts once): headline KPIs clearly better than {baseline} (a gain still getting worse faster than under {baseline} does not count) minus those clearly worse (twice when still getting worse at the end, ⚠) or not better and still getting worse, then the number on which a policy is best or tied-best, then the lower cost: {list}.",
    rank_item: "{rank}. {policy} (better on {wins}, worse on {losses})",
    tied: "tied",
    tie_break: " The tie-break (best or tied-best on more headline KPIs, then the lower cost) puts {policy} first, best or tied-best on {k}.",
    cannot_noise: "The 95% intervals cover simulation noise only: what another run of the same scenario with other random numbers would give. Inputs marked as assumptions in the scenario (stress and burnout, complaint propensity, resistance to transfers, quit rates, non-counter work) were not varied; a ranking that depends on them is not tested here.",
    cannot_cost: "Costs are what the organisation pays (salaries of civil servants and contract staff, relocation, training, allowances, packages, overtime), per year of the measured period: a one-off move is spread over those years. The staff time lost while people learn a new post is not priced; it shows in the service KPIs instead.",
    cannot_trend: "A trend is the change between the last two years of the horizon; nothing is said about later years.",
    cannot_model: "The model has no political process: a move it simulates is a transfer or a loan decided by the policy's rule, and staff outside the scenario's units appear only as the pool the scenario names.",
    no_description: "(the scenario gives no description)",
    growing_backlogs: "Under {policy}, backlogs are still growing at the end of the horizon in: {units}.",
    growing_unit: "{unit} ({amount} cases a year)",
    no_trends: "No headline KPI of any policy is clearly getting worse over the last two years of the horizon, and no unit's backlog is clearly growing.",
    backlog_spread: "Backlog at the end under {policy}: mean {mean}, median {p50}, 90th percentile {p90} cases over replications (a heavy tail: a few replications collapse).",
    overrides: "Overrides applied to the scenario for this run: {list}.",
    reproduce_exact: "Or repeat it exactly from the resolved scenario stored in this results folder:",
    better_mark: "✓",
    worse_mark: "✗",
    unclear_mark: "≈",
    trend_mark: "⚠",
    still_worsening: "{kpi} (still getting worse at the end: {amount} a year)",
    share_unit: "%, differences in pp",
    points: "pp",
    lower_arrow: "↓ better",
    higher_arrow: "↑ better",
    chart_trends: "Headline KPIs month by month (mean over replications)",
    per_month: "per month",
    skip_no_trends: "no headline KPI has a monthly series (worst units and costs have none)",
    skip_expires: "every unit's work expires (a lesson or session is delivered that day or lost), so a backlog says nothing",
};

static DECIDE_ID: Decide = Decide {
    h_answer: "Jawaban",
    h_scorecard: "Kartu skor",
    h_ranking: "Peringkat",
    h_cannot: "Yang tidak dapat dijawab simulasi",
    h_policies: "Uraian setiap kebijakan",
    h_trends: "Masih memburuk di akhir periode?",
    h_appendix: "Lampiran: tabel lengkap, parameter, dan metode",
    h_more_charts: "Grafik lainnya",
    status_quo_description: "Tetap seperti praktik saat ini: tidak ada mutasi terencana; permohonan pindah pegawai dikabulkan bila aturan memungkinkan.",
    question_default: "Kebijakan mana yang sebaiknya diterapkan organisasi: {policies}? Masing-masing dibandingkan sendiri-sendiri dengan {baseline} selama {years} tahun, pada {kpis}.",
    favoured: "Simulasi mengunggulkan {policy}: lebih baik daripada {baseline} pada {wins_n} dari {n} indikator utama dan lebih buruk pada {losses_n}, selisih bersih terbaik di antara semua kebijakan.",
    favoured_wins: " Jelas lebih baik: {wins}.",
    favoured_losses: " Lebih buruk (jelas, atau masih memburuk di akhir periode): {losses}.",
    tie: "Tidak ada satu kebijakan yang unggul: {policies} memperoleh skor yang sama pada {n} indikator utama (jelas lebih baik dikurangi jelas lebih buruk daripada {baseline}).",
    baseline_best: "Tidak ada kebijakan yang lebih baik daripada {baseline}: {baseline} terbaik atau setara terbaik pada {k} dari {n} indikator utama.",
    costs_more: " Biaya tunai {policy} {amount} per tahun lebih besar daripada {baseline}.",
    costs_less: " Biaya tunai {policy} {amount} per tahun lebih kecil daripada {baseline}.",
    costs_same: " Biaya tunai {policy} tidak lebih besar daripada {baseline}.",
    how_sure: "Seberapa yakin: suatu perbedaan disebut jelas hanya jika selang kepercayaan 95%-nya atas {reps} replikasi tidak memuat nol dan besarnya cukup berarti (lihat catatan di bawah kartu skor); selang ini hanya mencakup keacakan simulasi (lihat di bawah).",
    worsening: "Perhatian: dengan {policy}, masih memburuk di akhir periode: {list}.",
    worsening_item: "{kpi} ({amount} per tahun)",
    conditions: "Jawaban ini berlaku untuk skenario sebagaimana ditulis; asumsinya tidak divariasikan.",
    one_policy: "Hanya satu kebijakan yang disimulasikan, sehingga tidak ada perbandingan: kartu skor menunjukkan nilainya.",
    scorecard_note: "Setiap sel adalah selisih terhadap {baseline}: rata-rata ± setengah lebar SK 95%-nya, dalam satuan kolom (selisih persentase dalam poin persentase). ✓ jelas lebih baik, ✗ jelas lebih buruk, ≈ tidak ada perbedaan yang jelas atau berarti (abu-abu). ⚠ masih memburuk di akhir periode. Baris pertama memuat nilai {baseline}.",
    min_change: "Suatu selisih dihitung sebagai perubahan bila SK 95%-nya tidak memuat nol dan besarnya paling sedikit {pp} poin persentase untuk persentase, atau {percent}% dari nilai {baseline} untuk indikator lain (min_change_pp dan min_change_percent di bagian [report] skenario).",
    rose: "menambah",
    fell: "mengurangi",
    too_small: "terlalu kecil untuk dihitung",
    level_row: "{baseline} (nilai)",
    ranking: "Peringkat pada indikator utama (di luar biaya; setiap indikator dihitung sekali): jumlah indikator yang jelas lebih baik daripada {baseline} (keunggulan yang memburuk lebih cepat daripada {baseline} tidak dihitung) dikurangi yang jelas lebih buruk (dua kali bila masih memburuk di akhir periode, ⚠) atau tidak lebih baik dan masih memburuk, lalu jumlah indikator tempat kebijakan itu terbaik atau setara terbaik, lalu biaya yang lebih rendah: {list}.",
    rank_item: "{rank}. {policy} (lebih baik pada {wins}, lebih buruk pada {losses})",
    tied: "setara",
    tie_break: " Penentu urutan (terbaik atau setara terbaik pada lebih banyak indikator utama, lalu biaya yang lebih rendah) menempatkan {policy} di urutan pertama, terbaik atau setara terbaik pada {k}.",
    cannot_noise: "Selang 95% hanya mencakup keacakan simulasi: hasil yang akan diperoleh bila skenario yang sama dijalankan lagi dengan bilangan acak lain. Masukan yang ditandai sebagai asumsi dalam skenario (stres dan kelelahan kerja, kecenderungan mengadu, penolakan mutasi, tingkat keluar, pekerjaan di luar loket) tidak divariasikan; peringkat yang bergantung padanya tidak diuji di sini.",
    cannot_cost: "Biaya adalah yang dibayar organisasi (gaji ASN dan pegawai kontrak, pemindahan, pelatihan, tunjangan, paket, lembur), per tahun periode yang diukur: biaya sekali jalan (satu kali mutasi) dibagi rata ke tahun-tahun itu. Waktu kerja yang hilang selama adaptasi di tempat baru tidak dihitung sebagai biaya; dampaknya tampak pada KPI layanan.",
    cannot_trend: "Tren adalah perubahan antara dua tahun terakhir periode simulasi; tidak ada yang dapat dikatakan tentang tahun-tahun sesudahnya.",
    cannot_model: "Model tidak memuat proses politik: mutasi yang disimulasikan adalah mutasi atau perbantuan yang diputuskan oleh aturan kebijakan, dan pegawai di luar unit skenario hanya hadir sebagai kelompok (pool) yang disebut skenario.",
    no_description: "(skenario tidak memuat deskripsi)",
    growing_backlogs: "Dengan {policy}, tunggakan masih bertambah di akhir periode pada: {units}.",
    growing_unit: "{unit} ({amount} kasus per tahun)",
    no_trends: "Tidak ada indikator utama dari kebijakan mana pun yang jelas memburuk selama dua tahun terakhir, dan tidak ada tunggakan unit yang jelas bertambah.",
    backlog_spread: "Tunggakan di akhir periode dengan {policy}: rata-rata {mean}, median {p50}, persentil ke-90 {p90} kasus atas replikasi (sebarannya menceng: pada beberapa replikasi tunggakan melonjak).",
    overrides: "Perubahan yang diterapkan pada skenario untuk simulasi ini: {list}.",
    reproduce_exact: "Atau ulangi persis dari skenario terselesaikan yang tersimpan di folder hasil ini:",
    better_mark: "✓",
    worse_mark: "✗",
    unclear_mark: "≈",
    trend_mark: "⚠",
    still_worsening: "{kpi} (masih memburuk di akhir periode: {amount} per tahun)",
    share_unit: "%, selisih dalam poin",
    points: "poin",
    lower_arrow: "↓ lebih baik",
    higher_arrow: "↑ lebih baik",
    chart_trends: "Indikator utama bulan demi bulan (rata-rata atas replikasi)",
    per_month: "per bulan",
    skip_no_trends: "tidak ada indikator utama yang memiliki deret bulanan (unit terburuk dan biaya tidak memilikinya)",
    skip_expires: "pekerjaan di setiap unit tidak dapat ditunda (pelajaran atau sesi layanan terlaksana hari itu atau hilang), sehingga tunggakan tidak bermakna",
};

/// How a KPI or metric is measured, for conversion and unit labels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Measure {
    /// Working days.
    Days,
    /// A share in 0..1, shown in percent.
    Share,
    /// Cases (service requests, complaints).
    Cases,
    /// People.
    People,
    /// Transfers.
    Transfers,
    /// Temporary assignments (not transfers).
    Assignments,
    /// Work units.
    Units,
    /// Full-time-equivalent months of staff time.
    FteMonths,
    /// Full-time equivalents (people needed by workload analysis).
    Fte,
    /// Hours of work.
    Hours,
    /// Rupiah.
    Rupiah,
    /// A dimensionless ratio or index.
    Ratio,
}

impl Measure {
    /// The measure of a unit of measurement as [`Kpi::unit`] and [`Metric::unit`] name it
    /// (`None` for a unit this table does not know).
    pub(crate) fn of_unit(unit: &str) -> Option<Measure> {
        Some(match unit {
            "working days" => Measure::Days,
            "fraction" => Measure::Share,
            "cases" => Measure::Cases,
            "people" => Measure::People,
            "orders" | "moves" => Measure::Transfers,
            "assignments" => Measure::Assignments,
            "units" => Measure::Units,
            "FTE-months" => Measure::FteMonths,
            "Rp" => Measure::Rupiah,
            "FTE" => Measure::Fte,
            "hours" => Measure::Hours,
            "ratio" | "index" | "fields" => Measure::Ratio,
            _ => return None,
        })
    }
}

/// What the report knows about a KPI: its words in both languages (here) and its unit and
/// direction of improvement (from [`Kpi`], their one definition).
#[derive(Debug, Clone, Copy)]
pub(crate) struct KpiInfo {
    /// Display name, English.
    pub en: &'static str,
    /// The KPI inside an English sentence ("cut {phrase} by ...").
    pub en_phrase: &'static str,
    /// Display name, Indonesian.
    pub id: &'static str,
    /// Unit of measurement.
    pub measure: Measure,
    /// Direction of improvement.
    pub better: Better,
    /// A total over the measured window, shown per year.
    pub per_year: bool,
}

macro_rules! kpi_words {
    ($( $kpi:ident => $en:literal, $phrase:literal, $id:literal; )*) => {
        /// Words of a KPI: (English name, English phrase inside a sentence, Indonesian name,
        /// a total over the measured window shown per year). A match, so a new KPI without
        /// words does not compile.
        fn kpi_words(kpi: Kpi) -> (&'static str, &'static str, &'static str) {
            match kpi {
                $(Kpi::$kpi => ($en, $phrase, $id),)*
            }
        }
    };
}

kpi_words! {
    Complaints => "Complaints", "complaints", "Pengaduan";
    ComplaintsInduced => "Complaints caused by long waits", "complaints caused by long waits", "Pengaduan akibat antrean lama";
    Cases => "Cases received", "the cases received", "Kasus masuk";
    Abandoned => "Abandoned cases", "abandoned cases", "Kasus yang ditinggalkan";
    WaitDaysMean => "Mean waiting time", "the mean waiting time", "Waktu tunggu rata-rata";
    ResolutionDaysMean => "Mean resolution time", "the mean resolution time", "Waktu penyelesaian rata-rata";
    ResolutionDaysP90 => "Resolution time, 90th percentile", "the 90th-percentile resolution time", "Waktu penyelesaian persentil ke-90";
    SlaCompliance => "SLA compliance", "the SLA compliance", "Kepatuhan SLA";
    BacklogEnd => "Backlog at the end", "the final backlog", "Tunggakan di akhir periode";
    BacklogPeak => "Peak backlog", "the peak backlog", "Tunggakan puncak";
    UtilizationMean => "Mean utilization", "the mean utilization", "Utilisasi rata-rata";
    UtilizationCv => "Workload imbalance (CV of utilization)", "the workload imbalance", "Ketimpangan beban kerja (KV utilisasi)";
    StressMean => "Mean staff stress (0 = no sustained overload, 1 = full strain)", "the mean staff stress", "Stres pegawai rata-rata (0 = tanpa beban berlebih, 1 = beban penuh)";
    BurnoutPrevalence => "Staff burned out", "the share of staff burned out", "Pegawai yang mengalami burnout";
    OvertimeHours => "Overtime worked", "the overtime worked", "Jam lembur";
    Burnouts => "Burnouts", "burnouts", "Kelelahan kerja (burnout)";
    Attrition => "Staff leaving (attrition)", "attrition", "Pegawai keluar";
    Retirements => "Retirements", "retirements", "Pensiun";
    Hires => "New hires", "new hires", "Pegawai baru";
    AbsenceRate => "Absence rate", "the absence rate", "Tingkat ketidakhadiran";
    TransfersOrdered => "Transfers ordered", "transfers ordered", "Mutasi yang diperintahkan";
    TransfersDone => "Transfers done", "transfers done", "Mutasi yang terlaksana";
    TransfersAppealed => "Transfers appealed", "transfers appealed", "Keberatan atas mutasi";
    TransfersRefused => "Transfers refused", "transfers refused", "Mutasi yang ditolak";
    TransferQuits => "Resignations over a transfer", "resignations over a transfer", "Pegawai keluar karena mutasi";
    RuleViolationsPrevented => "Transfer orders blocked by the rules", "transfer orders blocked by the rules", "Perintah mutasi yang dicegah aturan";
    LearningLossFteMonths => "Staff time lost to learning after a move", "the staff time lost to learning", "Waktu kerja yang hilang untuk adaptasi";
    StaffOverMaxTenure => "Staff past the maximum years at post", "staff past the maximum years at post", "Pegawai melewati batas masa penempatan";
    ProductivityMean => "Mean productivity", "the mean productivity", "Produktivitas rata-rata";
    FieldsPerStaff => "Fields of experience per staff member", "the fields of experience per staff member", "Bidang pengalaman per pegawai";
    EjCv => "Imbalance of job efficiency (CV of EJ)", "the imbalance of job efficiency", "Ketimpangan efisiensi jabatan (KV EJ)";
    UnitsOverloaded => "Overloaded work units", "overloaded work units", "Unit kerja kelebihan beban";
    CostRelocation => "Relocation cost", "the relocation cost", "Biaya pemindahan";
    CostIncentives => "Incentive cost", "the incentive cost", "Biaya insentif";
    CostOvertime => "Overtime pay", "the overtime pay", "Biaya lembur";
    CostTotal => "Total cash cost", "the total cash cost", "Biaya tunai total";
    SlaComplianceStrict => "SLA compliance (open cases counted)", "the SLA compliance", "Kepatuhan SLA (kasus terbuka dihitung)";
    DemandServed => "Share of demand served", "the share of demand served", "Proporsi permintaan yang terlayani";
    SlaComplianceWorstUnit => "SLA compliance of the worst unit", "the SLA compliance of the worst unit", "Kepatuhan SLA unit terburuk";
    DemandServedWorstUnit => "Share served at the worst unit", "the share served at the worst unit", "Proporsi terlayani di unit terburuk";
    EjOutsideBand => "Units outside the workload band (EJ 0.70–1.00)", "the share of units outside the workload band", "Unit di luar rentang beban kerja (EJ 0,70–1,00)";
    EjGini => "Inequality of workload (Gini of EJ)", "the inequality of workload", "Ketimpangan beban kerja (Gini EJ)";
    ContractShare => "Share of contract staff", "the share of contract staff", "Proporsi pegawai non-ASN (kontrak)";
    ContractEnds => "Contracts not renewed", "contracts not renewed", "Kontrak yang tidak diperpanjang";
    CostContract => "Contract staff pay", "the contract staff pay", "Biaya gaji pegawai kontrak";
    CostSalaries => "Civil servants' salaries", "the civil servants' salaries", "Biaya gaji ASN";
    RequiredMissing => "Unit-months without a required profession", "the share of unit-months without a required profession", "Unit-bulan tanpa profesi wajib";
    TemporaryAssignments => "Temporary assignments", "temporary assignments", "Penugasan sementara (perbantuan)";
    StudentRatioOverStandard => "School-months with more students per teacher than the standard", "the share of school-months with more students per teacher than the standard", "Sekolah-bulan dengan rasio murid per guru di atas standar";
    SubjectGapVsStandard => "Teachers missing by subject against the standard", "the share of teachers missing by subject", "Kekurangan guru per rumpun mata pelajaran terhadap standar";
    TeacherGapVsStandard => "Gap between teachers and the student-teacher standard", "the gap between teachers and the student-teacher standard", "Selisih jumlah guru terhadap standar rasio murid-guru";
}

/// Semantics of a KPI name (a KPI of the organisation, or one measured per unit); unknown
/// names are shown as they are, without a unit or a direction of improvement.
pub(crate) fn kpi_info(name: &str) -> Option<KpiInfo> {
    if let Some(kpi) = Kpi::from_name(name) {
        let (en, en_phrase, id) = kpi_words(kpi);
        return Some(KpiInfo {
            en,
            en_phrase,
            id,
            measure: Measure::of_unit(kpi.unit()).unwrap_or(Measure::Ratio),
            better: kpi.better(),
            per_year: kpi.per_year(),
        });
    }
    let unit = UnitKpi::from_name(name)?;
    let (en, en_phrase, id) = match unit {
        UnitKpi::Staff => ("Staff on the books", "the staff on the books", "Pegawai"),
        UnitKpi::RequiredFte => (
            "Staff needed by workload analysis",
            "the staff needed",
            "Kebutuhan pegawai (ABK)",
        ),
        UnitKpi::StaffingRatio => (
            "Staff per person needed",
            "the staff per person needed",
            "Rasio pegawai terhadap kebutuhan",
        ),
        UnitKpi::Ej => (
            "Job efficiency EJ",
            "the job efficiency EJ",
            "Efisiensi jabatan EJ",
        ),
        UnitKpi::Utilization => ("Utilization", "the utilization", "Utilisasi"),
        UnitKpi::Cost => ("Cost", "the cost", "Biaya"),
        other => kpi_words(other.organisation_kpi()?),
    };
    Some(KpiInfo {
        en,
        en_phrase,
        id,
        measure: Measure::of_unit(unit.unit().trim_end_matches(" per year"))
            .unwrap_or(Measure::Ratio),
        better: unit.better(),
        per_year: unit.per_year(),
    })
}

/// Display names of a monthly metric: (English, Indonesian). A match, so a new metric
/// without words does not compile.
fn metric_words(metric: Metric) -> (&'static str, &'static str) {
    match metric {
        Metric::Arrivals => ("Cases received per month", "Kasus masuk per bulan"),
        Metric::Completions => ("Cases completed per month", "Kasus selesai per bulan"),
        Metric::Complaints => ("Complaints per month", "Pengaduan per bulan"),
        Metric::Abandoned => (
            "Abandoned cases per month",
            "Kasus yang ditinggalkan per bulan",
        ),
        Metric::WaitDaysMean => ("Mean waiting time", "Waktu tunggu rata-rata"),
        Metric::ResolutionDaysMean => ("Mean resolution time", "Waktu penyelesaian rata-rata"),
        Metric::SlaCompliance => ("SLA compliance", "Kepatuhan SLA"),
        Metric::Utilization => ("Utilization", "Utilisasi"),
        Metric::InSystemMean => ("Mean cases in the unit", "Rata-rata kasus di unit"),
        Metric::Backlog => ("Backlog", "Tunggakan"),
        Metric::StaffPresent => ("Staff present", "Pegawai hadir"),
        Metric::StaffAssigned => ("Staff on the books", "Pegawai terdaftar"),
        Metric::AbsenceRate => ("Absence rate", "Tingkat ketidakhadiran"),
        Metric::ProductivityMean => ("Mean productivity", "Produktivitas rata-rata"),
        Metric::StressMean => ("Mean staff stress", "Stres pegawai rata-rata"),
        Metric::BurnedOut => ("Staff burned out", "Pegawai yang mengalami burnout"),
        Metric::OvertimeHours => ("Overtime hours per month", "Jam lembur per bulan"),
        Metric::RequiredFte => ("Required staff (FTE)", "Kebutuhan pegawai (FTE)"),
        Metric::Ej => ("Job efficiency EJ", "Efisiensi jabatan EJ"),
        Metric::TransfersDone => ("Transfers done per month", "Mutasi terlaksana per bulan"),
        Metric::TransfersAppealed => (
            "Transfers appealed per month",
            "Keberatan atas mutasi per bulan",
        ),
        Metric::TransfersRefused => (
            "Transfers refused per month",
            "Mutasi yang ditolak per bulan",
        ),
        Metric::TransferQuits => (
            "Resignations over a transfer per month",
            "Pegawai keluar karena mutasi per bulan",
        ),
        Metric::Exits => ("Staff leaving per month", "Pegawai keluar per bulan"),
        Metric::Hires => ("New hires per month", "Pegawai baru per bulan"),
        Metric::StaffContract => ("Contract staff", "Pegawai kontrak (non-ASN)"),
        Metric::TemporaryAssignments => (
            "Temporary assignments begun per month",
            "Penugasan sementara dimulai per bulan",
        ),
    }
}

thread_local! {
    /// Policy display names of the brief being rendered on this thread (see [`PolicyNames`]).
    static NAMES: std::cell::RefCell<std::collections::HashMap<String, (String, String)>> =
        Default::default();
}

/// The display names a scenario gives its policies (`[report] policy_names`), in force on
/// this thread while the guard lives, so every chart and sentence of one brief names a
/// policy the same way without threading the names through every call.
pub(crate) struct PolicyNames(());

impl PolicyNames {
    /// Puts `names` (policy → (English, Indonesian)) in force until the guard is dropped.
    pub(crate) fn set(names: std::collections::HashMap<String, (String, String)>) -> PolicyNames {
        NAMES.with(|n| *n.borrow_mut() = names);
        PolicyNames(())
    }
}

impl Drop for PolicyNames {
    fn drop(&mut self) {
        NAMES.with(|n| n.borrow_mut().clear());
    }
}

/// Display names of the built-in policies: (name, English, Indonesian).
const POLICIES: &[(&str, &str, &str)] = &[
    ("status_quo", "Status quo", "Status quo"),
    (
        "needs_based",
        "Needs-based rebalancing",
        "Penyeimbangan berbasis kebutuhan",
    ),
    ("periodic_rotation", "Periodic rotation", "Rotasi berkala"),
    (
        "complaint_triggered",
        "Complaint-triggered transfers",
        "Mutasi tanggap pengaduan",
    ),
    (
        "competence_match",
        "Competence matching",
        "Penempatan sesuai kompetensi",
    ),
    (
        "temporary_assignment",
        "Temporary assignment (perbantuan)",
        "Perbantuan sementara",
    ),
    (
        "incentives",
        "Remote-area incentives",
        "Insentif daerah terpencil",
    ),
    ("communication", "Communication", "Sosialisasi mutasi"),
];

/// The first letter in lower case unless the word is an acronym ("SLA").
fn lower_first(s: &str) -> String {
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if b.is_lowercase() => {
            a.to_lowercase().chain(s.chars().skip(1)).collect()
        }
        _ => s.to_string(),
    }
}

impl Lang {
    /// Language code (`en`, `id`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::Id => "id",
        }
    }

    pub(crate) fn d(self) -> &'static Decide {
        match self {
            Lang::En => &DECIDE_EN,
            Lang::Id => &DECIDE_ID,
        }
    }

    pub(crate) fn w(self) -> &'static Words {
        match self {
            Lang::En => &EN,
            Lang::Id => &ID,
        }
    }

    fn pick_owned(self, en: &str, id: &str) -> String {
        match self {
            Lang::En => en.to_string(),
            Lang::Id => id.to_string(),
        }
    }

    fn pick(self, en: &'static str, id: &'static str) -> &'static str {
        match self {
            Lang::En => en,
            Lang::Id => id,
        }
    }

    /// Display name of a KPI (the raw name when unknown).
    pub(crate) fn kpi(self, name: &str) -> String {
        kpi_info(name).map_or_else(|| name.to_string(), |k| self.pick(k.en, k.id).to_string())
    }

    /// The KPI as it reads inside a sentence.
    pub(crate) fn kpi_phrase(self, name: &str) -> String {
        match (kpi_info(name), self) {
            (Some(k), Lang::En) => k.en_phrase.to_string(),
            (Some(k), Lang::Id) => lower_first(k.id),
            (None, _) => name.to_string(),
        }
    }

    /// Display name of a policy: the scenario's `[report]` name while a brief is being
    /// rendered ([`PolicyNames`]), else the built-in's, else the raw name.
    pub(crate) fn policy(self, name: &str) -> String {
        let named = NAMES.with(|n| n.borrow().get(name).map(|(en, id)| self.pick_owned(en, id)));
        if let Some(label) = named {
            return label;
        }
        POLICIES.iter().find(|(n, _, _)| *n == name).map_or_else(
            || name.to_string(),
            |(_, en, id)| self.pick(en, id).to_string(),
        )
    }

    /// A policy as the object of a sentence ("against the status quo").
    pub(crate) fn policy_object(self, name: &str) -> String {
        match (self, name) {
            (Lang::En, "status_quo") => "the status quo".to_string(),
            (Lang::Id, "status_quo") => "status quo".to_string(),
            _ => self.policy(name),
        }
    }

    /// The unit of a KPI as shown next to values (after conversion), e.g. "working days",
    /// "%", "cases per year", "million Rp per year".
    pub(crate) fn kpi_unit(self, name: &str, years: Option<f64>) -> String {
        let Some(k) = kpi_info(name) else {
            return String::new();
        };
        let base = self.measure(k.measure, false);
        match (k.per_year, years) {
            (true, Some(_)) => format!("{base} {}", self.w().per_year).trim().to_string(),
            (true, None) => format!("{base} {}", self.w().per_period).trim().to_string(),
            _ => base.to_string(),
        }
    }

    /// Label of a unit of measurement; `diff` selects the form used for differences
    /// (percentage points instead of %).
    pub(crate) fn measure(self, m: Measure, diff: bool) -> &'static str {
        match m {
            Measure::Days => self.pick("working days", "hari kerja"),
            Measure::Share if diff => self.w().percentage_points,
            Measure::Share => "%",
            Measure::Cases => self.pick("cases", "kasus"),
            Measure::People => self.pick("people", "orang"),
            Measure::Transfers => self.pick("transfers", "mutasi"),
            Measure::Assignments => self.pick("temporary assignments", "penugasan sementara"),
            Measure::Units => self.pick("work units", "unit kerja"),
            Measure::FteMonths => self.pick("FTE-months", "orang-bulan"),
            Measure::Fte => self.pick("FTE", "orang"),
            Measure::Hours => self.pick("hours", "jam"),
            Measure::Rupiah => self.w().million_rp,
            Measure::Ratio => "",
        }
    }

    /// Display name of a monthly metric.
    pub(crate) fn metric(self, metric: Metric) -> &'static str {
        let (en, id) = metric_words(metric);
        self.pick(en, id)
    }

    /// Axis label of a monthly metric: its name and its unit as shown ("SLA compliance (%)",
    /// "Backlog (cases)", "Job efficiency EJ (ratio)").
    pub(crate) fn metric_axis(self, metric: Metric) -> String {
        let unit = match Measure::of_unit(metric.unit()).unwrap_or(Measure::Ratio) {
            Measure::Ratio => self.pick("ratio", "rasio"),
            measure => self.measure(measure, false),
        };
        format!("{} ({unit})", self.metric(metric))
    }

    /// "lower is better" / "higher is better" / "".
    pub(crate) fn better(self, name: &str) -> &'static str {
        match kpi_info(name).map(|k| k.better) {
            Some(Better::Lower) => self.w().lower_better,
            Some(Better::Higher) => self.w().higher_better,
            _ => "",
        }
    }

    /// Remoteness code as text ("2 (remote)").
    pub(crate) fn remoteness(self, code: &str) -> String {
        match code.parse::<usize>() {
            Ok(i) if i < 3 => format!("{i} ({})", self.w().remoteness_names[i]),
            _ => code.to_string(),
        }
    }

    /// A number with `decimals` decimals, grouped thousands and this language's marks;
    /// undefined values are an en dash.
    pub(crate) fn num(self, x: f64, decimals: usize) -> String {
        if !x.is_finite() {
            return "–".to_string();
        }
        let w = self.w();
        let text = format!("{:.*}", decimals, x.abs());
        let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
        let mut grouped = String::new();
        for (i, c) in int.chars().enumerate() {
            if i > 0 && (int.len() - i) % 3 == 0 {
                grouped.push(w.thousands_mark);
            }
            grouped.push(c);
        }
        let zero = text.chars().all(|c| c == '0' || c == '.');
        let sign = if x < 0.0 && !zero { "−" } else { "" };
        if frac.is_empty() {
            format!("{sign}{grouped}")
        } else {
            format!("{sign}{grouped}{}{frac}", w.decimal_mark)
        }
    }

    /// An interval "1.2–2.4", or "−0.3 to 0.4" when a sign would make the dash ambiguous.
    pub(crate) fn range(self, low: f64, high: f64, decimals: usize) -> String {
        if !low.is_finite() || !high.is_finite() {
            return "–".to_string();
        }
        let (l, h) = (self.num(low, decimals), self.num(high, decimals));
        if !l.starts_with('−') && !h.starts_with('−') {
            format!("{l}–{h}")
        } else {
            fill(self.w().range_to, &[("low", &l), ("high", &h)])
        }
    }

    /// How to show amounts held in millions of Rp whose largest magnitude is
    /// `scale_millions`: the factor to multiply them by, the decimals, and the scale word
    /// with its leading space (empty for plain Rp).
    pub(crate) fn rupiah_format(self, scale_millions: f64) -> (f64, usize, String) {
        let (div, word) = self.rupiah_scale(scale_millions * 1e6);
        let f = 1e6 / div;
        let d = if div > 1.0 {
            decimals_for(scale_millions * f, 2)
        } else {
            0
        };
        let word = if word.is_empty() {
            String::new()
        } else {
            format!(" {word}")
        };
        (f, d, word)
    }

    /// Rupiah with a word for the scale: "Rp 1.2 billion", "Rp 850 juta"; the scale is
    /// chosen from `scale` so numbers shown together share it. Returns (number, unit) parts
    /// through a formatter so intervals can share the unit.
    pub(crate) fn rupiah_scale(self, scale: f64) -> (f64, &'static str) {
        let w = self.w();
        let s = scale.abs();
        if s >= 1e9 {
            (1e9, w.scale_billion)
        } else if s >= 1e6 {
            (1e6, w.scale_million)
        } else if s >= 1e3 {
            (1e3, w.scale_thousand)
        } else {
            (1.0, "")
        }
    }
}

/// Factor from a KPI as saved to the unit it is shown in: shares to percent, rupiah to
/// millions. Counts and costs are per year already (`load_saved` converts older files);
/// `years` is kept for the callers' wording.
pub(crate) fn display_factor(name: &str, years: Option<f64>) -> f64 {
    let _ = years;
    match kpi_info(name).map(|k| k.measure) {
        Some(Measure::Share) => 100.0,
        Some(Measure::Rupiah) => 1e-6,
        _ => 1.0,
    }
}

/// Decimals that show about `significant` significant digits of numbers of magnitude `scale`.
pub(crate) fn decimals_for(scale: f64, significant: i32) -> usize {
    let s = scale.abs();
    if !s.is_finite() || s == 0.0 {
        return 0;
    }
    (significant - 1 - s.log10().floor() as i32).clamp(0, 4) as usize
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kpi_has_both_names_a_unit_and_its_direction_shown() {
        for &kpi in Kpi::ALL {
            let info = kpi_info(kpi.name()).expect("every KPI name is known");
            for (what, text) in [
                ("English name", info.en),
                ("English phrase", info.en_phrase),
                ("Indonesian name", info.id),
            ] {
                assert!(!text.trim().is_empty(), "{}: empty {what}", kpi.name());
            }
            assert_ne!(info.en, info.id, "{}: untranslated", kpi.name());
            assert!(
                Measure::of_unit(kpi.unit()).is_some(),
                "{}: unit '{}' has no measure",
                kpi.name(),
                kpi.unit()
            );
            let shown = Lang::En.better(kpi.name());
            match kpi.better() {
                Better::Lower => assert_eq!(shown, EN.lower_better),
                Better::Higher => assert_eq!(shown, EN.higher_better),
                Better::Neither => assert_eq!(shown, ""),
            }
        }
        assert!(kpi_info("no_such_kpi").is_none());
    }

    #[test]
    fn every_metric_has_both_names_and_a_unit() {
        for &metric in Metric::ALL {
            let (en, id) = (Lang::En.metric(metric), Lang::Id.metric(metric));
            assert!(
                !en.trim().is_empty() && !id.trim().is_empty(),
                "{}",
                metric.name()
            );
            assert_ne!(en, id, "{}: untranslated", metric.name());
            assert!(
                Measure::of_unit(metric.unit()).is_some(),
                "{}: unit '{}' has no measure",
                metric.name(),
                metric.unit()
            );
        }
        assert_eq!(
            Lang::En.metric_axis(Metric::SlaCompliance),
            "SLA compliance (%)"
        );
        assert_eq!(Lang::Id.metric_axis(Metric::Backlog), "Tunggakan (kasus)");
    }
}

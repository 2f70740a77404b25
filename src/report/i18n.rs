//! Every user-facing string of the charts and the brief, in English and Indonesian: titles,
//! axis labels, headings, sentence templates, KPI and policy display names, and number
//! formatting (Indonesian writes `1.234,5`).
//!
//! Templates name their blanks `{like_this}`; [`fill`] substitutes them.

use std::str::FromStr;

use super::ReportError;
use crate::sim::{Better, Kpi, Metric};

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
    /// `{policies}`, `{baseline}`, `{years}`.
    pub question_many: &'static str,
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
    pub h_levels: &'static str,
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
    /// After a resolution-time finding when abandonment differs clearly: `{policy}`,
    /// `{kpi}` (abandoned cases), `{amount}` (signed), `{ci}`, `{baseline}`.
    pub abandonment_caveat: &'static str,
    /// Costs: `{policy}`, `{amount}` (per year), `{ci}`, `{baseline}`.
    pub cost_more: &'static str,
    pub cost_less: &'static str,
    /// `{policy}`, `{items}`.
    pub level: &'static str,
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
    title_heat_ej: "Job efficiency EJ (required / actual staff) per work unit and month",
    title_kpis: "Headline KPIs per policy (mean and 95% CI)",
    title_forest: "Paired difference against {baseline} (policy − baseline, 95% CI)",
    title_cost: "Service quality against cost (mean and 95% CI)",
    title_flows: "Staff flows per year (mean and 95% CI)",
    title_sweep: "KPIs against {parameter} (mean and 95% CI)",
    axis_month: "Month of the simulation",
    axis_difference: "Difference",
    axis_cost: "Total cost per year (million Rp)",
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
    question_many: "If the organisation adopts {policies}, how will resolution times, SLA compliance, complaints, backlog and workload balance evolve over {years} years, compared with {baseline}? Every policy was simulated on the same scenario facing the same random demand (common random numbers), so the differences below come from the policies alone.",
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
    h_levels: "Levels per policy",
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
    reproduce_note: "The resolved scenario, with any --set overrides applied, is stored under \"scenario\" in run.json; repeat the same overrides with --set. The same seed gives identical results whatever the number of threads.",
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
    abandonment_caveat: "{policy} changed {kpi} by {amount} ({ci}) against {baseline}, and resolution times count completed cases only: read them with SLA compliance, which counts an abandoned case as a breach.",
    cost_more: "{policy} cost an extra {amount} ({ci}) against {baseline}.",
    cost_less: "{policy} saved {amount} ({ci}) against {baseline}.",
    level: "{policy}: {items}.",
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
    title_heat_ej: "Efisiensi jabatan EJ (kebutuhan / pegawai yang ada) per unit kerja dan bulan",
    title_kpis: "Indikator utama per kebijakan (rata-rata dan SK 95%)",
    title_forest: "Selisih berpasangan terhadap {baseline} (kebijakan − pembanding, SK 95%)",
    title_cost: "Kualitas layanan terhadap biaya (rata-rata dan SK 95%)",
    title_flows: "Arus pegawai per tahun (rata-rata dan SK 95%)",
    title_sweep: "Indikator terhadap {parameter} (rata-rata dan SK 95%)",
    axis_month: "Bulan simulasi",
    axis_difference: "Selisih",
    axis_cost: "Biaya total per tahun (juta Rp)",
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
    question_many: "Jika organisasi menerapkan {policies}, bagaimana waktu penyelesaian, kepatuhan SLA, pengaduan, tunggakan, dan keseimbangan beban kerja akan berkembang selama {years} tahun, dibandingkan dengan {baseline}? Setiap kebijakan disimulasikan pada skenario yang sama dan menghadapi permintaan acak yang sama (bilangan acak bersama), sehingga perbedaan di bawah ini semata-mata berasal dari kebijakannya.",
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
    h_levels: "Nilai per kebijakan",
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
    produced_by: "Hasil dihasilkan oleh mutasi {version} ({events} peristiwa disimulasikan dalam {seconds} detik).",
    reproduce: "Untuk mengulang hasil ini, jalankan:",
    reproduce_note: "Skenario yang telah diselesaikan, termasuk perubahan --set, tersimpan pada bagian \"scenario\" di run.json; ulangi perubahan yang sama dengan --set. Benih yang sama memberikan hasil identik berapa pun jumlah thread-nya.",
    incomplete: "Peringatan: simulasi ini tidak menyelesaikan semua replikasi; hasilnya belum lengkap.",
    unknown: "tidak diketahui",
    footer: "Dibuat oleh mutasi {version}.",
    better_lower: "{policy} menurunkan {kpi} sebesar {amount} ({ci}) dibandingkan dengan {baseline}.",
    better_higher: "{policy} meningkatkan {kpi} sebesar {amount} ({ci}) dibandingkan dengan {baseline}.",
    worse_up: "{policy} memperburuk {kpi}: naik {amount} ({ci}) dibandingkan dengan {baseline}.",
    worse_down: "{policy} memperburuk {kpi}: turun {amount} ({ci}) dibandingkan dengan {baseline}.",
    neutral_up: "{policy} menaikkan {kpi} sebesar {amount} ({ci}) dibandingkan dengan {baseline}.",
    neutral_down: "{policy} menurunkan {kpi} sebesar {amount} ({ci}) dibandingkan dengan {baseline}.",
    unclear: "Tidak ada perbedaan yang jelas pada {kpi} antara {policy} dan {baseline} (selisih {amount}, {ci}).",
    abandonment_caveat: "{policy} mengubah {kpi} sebesar {amount} ({ci}) dibandingkan dengan {baseline}, sedangkan waktu penyelesaian hanya menghitung kasus yang selesai: bacalah bersama kepatuhan SLA, yang menghitung kasus yang ditinggalkan sebagai pelanggaran.",
    cost_more: "{policy} memerlukan biaya tambahan {amount} ({ci}) dibandingkan dengan {baseline}.",
    cost_less: "{policy} menghemat {amount} ({ci}) dibandingkan dengan {baseline}.",
    level: "{policy}: {items}.",
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
    /// Work units.
    Units,
    /// Full-time-equivalent months of staff time.
    FteMonths,
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
            "units" => Measure::Units,
            "FTE-months" => Measure::FteMonths,
            "Rp" => Measure::Rupiah,
            "ratio" | "index" | "fields" | "FTE" => Measure::Ratio,
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
    ($( $kpi:ident => $en:literal, $phrase:literal, $id:literal, $per_year:literal; )*) => {
        /// Words of a KPI: (English name, English phrase inside a sentence, Indonesian name,
        /// a total over the measured window shown per year). A match, so a new KPI without
        /// words does not compile.
        fn kpi_words(kpi: Kpi) -> (&'static str, &'static str, &'static str, bool) {
            match kpi {
                $(Kpi::$kpi => ($en, $phrase, $id, $per_year),)*
            }
        }
    };
}

kpi_words! {
    Complaints => "Complaints", "complaints", "Pengaduan", true;
    ComplaintsInduced => "Complaints caused by long waits", "complaints caused by long waits", "Pengaduan akibat antrean lama", true;
    Cases => "Cases received", "the cases received", "Kasus masuk", true;
    Abandoned => "Abandoned cases", "abandoned cases", "Kasus yang ditinggalkan", true;
    WaitDaysMean => "Mean waiting time", "the mean waiting time", "Waktu tunggu rata-rata", false;
    ResolutionDaysMean => "Mean resolution time", "the mean resolution time", "Waktu penyelesaian rata-rata", false;
    ResolutionDaysP90 => "Resolution time, 90th percentile", "the 90th-percentile resolution time", "Waktu penyelesaian persentil ke-90", false;
    SlaCompliance => "SLA compliance", "the SLA compliance", "Kepatuhan SLA", false;
    BacklogEnd => "Backlog at the end", "the final backlog", "Tunggakan di akhir periode", false;
    BacklogPeak => "Peak backlog", "the peak backlog", "Tunggakan puncak", false;
    UtilizationMean => "Mean utilization", "the mean utilization", "Utilisasi rata-rata", false;
    UtilizationCv => "Workload imbalance (CV of utilization)", "the workload imbalance", "Ketimpangan beban kerja (KV utilisasi)", false;
    StressMean => "Mean staff stress", "the mean staff stress", "Stres pegawai rata-rata", false;
    Burnouts => "Burnouts", "burnouts", "Kelelahan kerja (burnout)", true;
    Attrition => "Staff leaving (attrition)", "attrition", "Pegawai keluar", true;
    Retirements => "Retirements", "retirements", "Pensiun", true;
    Hires => "New hires", "new hires", "Pegawai baru", true;
    AbsenceRate => "Absence rate", "the absence rate", "Tingkat ketidakhadiran", false;
    TransfersOrdered => "Transfers ordered", "transfers ordered", "Mutasi yang diperintahkan", true;
    TransfersDone => "Transfers done", "transfers done", "Mutasi yang terlaksana", true;
    TransfersAppealed => "Transfers appealed", "transfers appealed", "Mutasi yang diajukan keberatan", true;
    TransfersRefused => "Transfers refused", "transfers refused", "Mutasi yang ditolak", true;
    TransferQuits => "Resignations over a transfer", "resignations over a transfer", "Pegawai keluar karena mutasi", true;
    RuleViolationsPrevented => "Transfer orders blocked by the rules", "transfer orders blocked by the rules", "Perintah mutasi yang dicegah aturan", true;
    LearningLossFteMonths => "Staff time lost to learning after a move", "the staff time lost to learning", "Waktu kerja yang hilang untuk adaptasi", true;
    StaffOverMaxTenure => "Staff past the maximum years at post", "staff past the maximum years at post", "Pegawai melewati batas masa penempatan", false;
    ProductivityMean => "Mean productivity", "the mean productivity", "Produktivitas rata-rata", false;
    FieldsPerStaff => "Fields of experience per staff member", "the fields of experience per staff member", "Bidang pengalaman per pegawai", false;
    EjCv => "Imbalance of job efficiency (CV of EJ)", "the imbalance of job efficiency", "Ketimpangan efisiensi jabatan (KV EJ)", false;
    UnitsOverloaded => "Overloaded work units", "overloaded work units", "Unit kerja kelebihan beban", false;
    CostRelocation => "Relocation cost", "the relocation cost", "Biaya pemindahan", true;
    CostIncentives => "Incentive cost", "the incentive cost", "Biaya insentif", true;
    CostTotal => "Total cost", "the total cost", "Biaya total", true;
}

/// Semantics of a KPI name; unknown names are shown as they are, without a unit or a
/// direction of improvement.
pub(crate) fn kpi_info(name: &str) -> Option<KpiInfo> {
    let kpi = Kpi::from_name(name)?;
    let (en, en_phrase, id, per_year) = kpi_words(kpi);
    Some(KpiInfo {
        en,
        en_phrase,
        id,
        measure: Measure::of_unit(kpi.unit()).unwrap_or(Measure::Ratio),
        better: kpi.better(),
        per_year,
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
        Metric::RequiredFte => ("Required staff (FTE)", "Kebutuhan pegawai (FTE)"),
        Metric::Ej => ("Job efficiency EJ", "Efisiensi jabatan EJ"),
        Metric::TransfersDone => ("Transfers done per month", "Mutasi terlaksana per bulan"),
        Metric::TransfersAppealed => (
            "Transfers appealed per month",
            "Mutasi yang diajukan keberatan per bulan",
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

    pub(crate) fn w(self) -> &'static Words {
        match self {
            Lang::En => &EN,
            Lang::Id => &ID,
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

    /// Display name of a policy (the raw name when it is not a built-in).
    pub(crate) fn policy(self, name: &str) -> String {
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

    /// Several policies as a list in a sentence.
    pub(crate) fn policy_list(self, names: &[String]) -> String {
        let labels: Vec<String> = names.iter().map(|n| self.policy(n)).collect();
        match labels.split_last() {
            None => String::new(),
            Some((last, [])) => last.clone(),
            Some((last, rest)) => format!("{} {} {last}", rest.join(", "), self.w().list_and),
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
            Measure::Units => self.pick("work units", "unit kerja"),
            Measure::FteMonths => self.pick("FTE-months", "FTE-bulan"),
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

/// Factor from a KPI as saved to the unit it is shown in: shares to percent, window totals
/// to per year (when the measured years are known), rupiah to millions.
pub(crate) fn display_factor(name: &str, years: Option<f64>) -> f64 {
    let Some(k) = kpi_info(name) else {
        return 1.0;
    };
    let mut f = match k.measure {
        Measure::Share => 100.0,
        Measure::Rupiah => 1e-6,
        _ => 1.0,
    };
    if let (true, Some(y)) = (k.per_year, years) {
        f /= y;
    }
    f
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

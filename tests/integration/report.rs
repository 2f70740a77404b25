//! The policy brief: charts (PNG and SVG), report.html / report.md, headline sentences,
//! determinism, Indonesian output, skipped charts and input errors.
//!
//! Fixtures in `tests/data/report/` are hand-built results folders (see the README there).

use std::fs;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use mutasi::report::{
    ChartFile, Estimate, Lang, PairedDifference, ReportError, ReportFiles, headline_sentences,
    load_saved, render_report, render_sweep_chart,
};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/report")
        .join(name)
}

/// The English report of the three-policy fixture, rendered once for several tests.
fn english() -> &'static ReportFiles {
    static FILES: OnceLock<ReportFiles> = OnceLock::new();
    FILES.get_or_init(|| {
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("report-three-policies-en");
        render_report(&fixture("three_policies"), &out, Lang::En).expect("report")
    })
}

fn read(path: &Path) -> String {
    fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Text as plotters' SVG backend escapes it.
fn xml(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

// --- a minimal PNG decoder (zlib inflate + unfiltering) to inspect the pixels -----------

struct Bits<'a> {
    data: &'a [u8],
    pos: usize,
    bit: u32,
}

impl Bits<'_> {
    fn bit(&mut self) -> u32 {
        let b = (self.data[self.pos] >> self.bit) & 1;
        self.bit += 1;
        if self.bit == 8 {
            self.bit = 0;
            self.pos += 1;
        }
        b as u32
    }
    fn bits(&mut self, n: u32) -> u32 {
        (0..n).fold(0, |v, i| v | (self.bit() << i))
    }
    fn decode(&mut self, h: &Huffman) -> usize {
        let (mut code, mut first, mut index) = (0i32, 0i32, 0i32);
        for len in 1..16 {
            code |= self.bit() as i32;
            let count = h.counts[len] as i32;
            if code - count < first {
                return h.symbols[(index + code - first) as usize];
            }
            index += count;
            first = (first + count) << 1;
            code <<= 1;
        }
        panic!("bad Huffman code");
    }
}

struct Huffman {
    counts: [u16; 16],
    symbols: Vec<usize>,
}

impl Huffman {
    fn new(lengths: &[u8]) -> Huffman {
        let mut counts = [0u16; 16];
        lengths.iter().for_each(|&l| counts[l as usize] += 1);
        counts[0] = 0;
        let mut symbols: Vec<usize> = (0..lengths.len()).filter(|&s| lengths[s] > 0).collect();
        symbols.sort_by_key(|&s| (lengths[s], s));
        Huffman { counts, symbols }
    }
}

const LBASE: [usize; 29] = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
    163, 195, 227, 258,
];
const LEXT: [u32; 29] = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];
const DBASE: [usize; 30] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
    2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
];
const DEXT: [u32; 30] = [
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13,
    13,
];

fn inflate(zlib: &[u8]) -> Vec<u8> {
    let mut b = Bits {
        data: &zlib[2..],
        pos: 0,
        bit: 0,
    };
    let mut out = Vec::new();
    loop {
        let last = b.bit();
        match b.bits(2) {
            0 => {
                if b.bit != 0 {
                    b.bit = 0;
                    b.pos += 1;
                }
                let len = b.data[b.pos] as usize | (b.data[b.pos + 1] as usize) << 8;
                out.extend_from_slice(&b.data[b.pos + 4..b.pos + 4 + len]);
                b.pos += 4 + len;
            }
            kind @ (1 | 2) => {
                let (lit, dist) = if kind == 1 {
                    let mut l = [8u8; 288];
                    l[144..256].fill(9);
                    l[256..280].fill(7);
                    (Huffman::new(&l), Huffman::new(&[5u8; 30]))
                } else {
                    let (hlit, hdist, hclen) = (
                        b.bits(5) as usize + 257,
                        b.bits(5) as usize + 1,
                        b.bits(4) + 4,
                    );
                    const ORDER: [usize; 19] = [
                        16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
                    ];
                    let mut cl = [0u8; 19];
                    for &o in ORDER.iter().take(hclen as usize) {
                        cl[o] = b.bits(3) as u8;
                    }
                    let ch = Huffman::new(&cl);
                    let mut lengths = Vec::new();
                    while lengths.len() < hlit + hdist {
                        match b.decode(&ch) {
                            s @ 0..=15 => lengths.push(s as u8),
                            16 => {
                                let prev = *lengths.last().expect("repeat of nothing");
                                let n = 3 + b.bits(2);
                                lengths.extend((0..n).map(|_| prev));
                            }
                            17 => {
                                let n = 3 + b.bits(3);
                                lengths.extend((0..n).map(|_| 0));
                            }
                            _ => {
                                let n = 11 + b.bits(7);
                                lengths.extend((0..n).map(|_| 0));
                            }
                        }
                    }
                    (
                        Huffman::new(&lengths[..hlit]),
                        Huffman::new(&lengths[hlit..]),
                    )
                };
                loop {
                    let s = b.decode(&lit);
                    if s < 256 {
                        out.push(s as u8);
                    } else if s == 256 {
                        break;
                    } else {
                        let len = LBASE[s - 257] + b.bits(LEXT[s - 257]) as usize;
                        let d = b.decode(&dist);
                        let dist = DBASE[d] + b.bits(DEXT[d]) as usize;
                        for _ in 0..len {
                            out.push(out[out.len() - dist]);
                        }
                    }
                }
            }
            _ => panic!("bad deflate block type"),
        }
        if last == 1 {
            return out;
        }
    }
}

/// Width, height and the number of distinct RGB colours of an 8-bit RGB or RGBA PNG.
fn png_pixels(bytes: &[u8]) -> (u32, u32, usize) {
    assert_eq!(&bytes[..8], b"\x89PNG\r\n\x1a\n", "not a PNG");
    let be = |b: &[u8]| u32::from_be_bytes([b[0], b[1], b[2], b[3]]);
    let (mut pos, mut idat) = (8, Vec::new());
    let (mut w, mut h, mut bpp) = (0, 0, 3);
    while pos + 8 <= bytes.len() {
        let len = be(&bytes[pos..]) as usize;
        let kind = &bytes[pos + 4..pos + 8];
        let data = &bytes[pos + 8..pos + 8 + len];
        match kind {
            b"IHDR" => {
                (w, h) = (be(data), be(&data[4..]));
                assert_eq!(data[8], 8, "bit depth");
                bpp = match data[9] {
                    2 => 3,
                    6 => 4,
                    t => panic!("colour type {t}"),
                };
            }
            b"IDAT" => idat.extend_from_slice(data),
            _ => {}
        }
        pos += 12 + len;
    }
    let raw = inflate(&idat);
    let stride = w as usize * bpp;
    let mut prev = vec![0u8; stride];
    let mut seen = vec![0u64; 1 << 18];
    for y in 0..h as usize {
        let line = &raw[y * (stride + 1)..(y + 1) * (stride + 1)];
        let mut cur = line[1..].to_vec();
        for i in 0..stride {
            let a = if i >= bpp { cur[i - bpp] as i32 } else { 0 };
            let (b, c) = (
                prev[i] as i32,
                if i >= bpp { prev[i - bpp] as i32 } else { 0 },
            );
            let add = match line[0] {
                0 => 0,
                1 => a,
                2 => b,
                3 => (a + b) / 2,
                _ => {
                    let p = a + b - c;
                    let (pa, pb, pc) = ((p - a).abs(), (p - b).abs(), (p - c).abs());
                    if pa <= pb && pa <= pc {
                        a
                    } else if pb <= pc {
                        b
                    } else {
                        c
                    }
                }
            };
            cur[i] = cur[i].wrapping_add(add as u8);
        }
        for p in cur.chunks(bpp) {
            let c = (p[0] as usize) << 16 | (p[1] as usize) << 8 | p[2] as usize;
            seen[c >> 6] |= 1 << (c & 63);
        }
        prev = cur;
    }
    let colours = seen.iter().map(|b| b.count_ones() as usize).sum();
    (w, h, colours)
}

// --- the tests ----------------------------------------------------------------------------

/// Chart ids of the three-policy fixture with an axis label each SVG must contain.
const EXPECTED: &[(&str, &str)] = &[
    ("headline_over_time", "Month of the simulation"),
    ("paired_differences", "lower is better"),
    (
        "quality_vs_cost",
        "Cost per year above the status quo, salaries included (million Rp)",
    ),
    ("kpi_comparison", "cases"),
    ("workload_heatmap", "EJ (ratio)"),
    ("backlog_by_unit", "Backlog (cases)"),
    ("staff_flows", "transfers per year"),
];

#[test]
fn every_chart_is_drawn_large_colourful_and_labelled() {
    let files = english();
    let out = files.html.parent().expect("folder");
    let ids: Vec<&str> = files.charts.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids, EXPECTED.iter().map(|e| e.0).collect::<Vec<_>>());
    assert!(files.skipped.is_empty(), "{:?}", files.skipped);
    for (chart, (_, axis)) in files.charts.iter().zip(EXPECTED) {
        let png = fs::read(&chart.png).expect("png");
        let (w, h, colours) = png_pixels(&png);
        assert!(w >= 1600 && h >= 800, "{}: {w}x{h}", chart.id);
        assert!(colours > 20, "{}: {colours} colours", chart.id);
        let svg = read(&chart.svg);
        assert!(svg.contains(&xml(&chart.title)), "{}: no title", chart.id);
        assert!(svg.contains(&xml(axis)), "{}: no '{axis}'", chart.id);
        assert!(svg.contains("<text"), "{}: text is not text", chart.id);
        assert_eq!(chart.png, out.join(format!("charts/{}.png", chart.id)));
    }
    // One style per policy, the same everywhere: the baseline near-black, the first other
    // policy Okabe-Ito vermillion, the next blue.
    for id in ["headline_over_time", "kpi_comparison", "backlog_by_unit"] {
        let svg = read(&out.join(format!("charts/{id}.svg")));
        assert!(svg.contains("#191919"), "{id}");
        assert!(svg.contains("#D55E00"), "{id}");
        assert!(svg.contains("#0072B2"), "{id}");
    }
}

#[test]
fn html_is_self_contained_and_has_every_chart_and_table() {
    let files = english();
    let html = read(&files.html);
    for banned in [
        "http", "src=", "href=", "@import", "url(", "<script", "<link", "<img", "<iframe",
    ] {
        assert!(!html.contains(banned), "report.html contains '{banned}'");
    }
    assert_eq!(html.matches("<svg ").count(), files.charts.len());
    for c in &files.charts {
        assert!(html.contains(&format!("id=\"chart-{}\"", c.id)), "{}", c.id);
        assert!(html.contains(&c.title), "{}", c.title);
    }
    for table in [
        "units-table",
        "summary-table",
        "comparison-table",
        "parameters-table",
    ] {
        assert!(html.contains(&format!("<table id=\"{table}\">")), "{table}");
    }
    for text in [
        "@media print",
        "size: A4",
        "puskesmas_terpencil",
        "2 (remote)",
        "Hand-built results for the report tests",
        "mutasi run fixture -r 20 --seed 7",
        "mutasi 0.1.0",
        "common random numbers",
        "Student-t 95% confidence intervals",
        "warm-up",
        "resistance.b_remote",
        "Number of replications: fixed in advance.",
        "constant over replications have zero width",
        "Needs-based rebalancing cut the mean resolution time by 1.8 working days",
    ] {
        assert!(html.contains(text), "report.html lacks '{text}'");
    }
    let md = read(&files.markdown);
    for c in &files.charts {
        assert!(md.contains(&format!("(charts/{}.png)", c.id)), "{}", c.id);
    }
    assert!(md.contains("| --- |") || md.contains("| --- | ---"));
    assert!(md.contains("```sh\nmutasi run fixture -r 20 --seed 7"));
}

#[test]
fn headline_sentences_claim_only_what_the_interval_supports() {
    let saved = load_saved(&fixture("three_policies")).expect("fixture");
    let en = headline_sentences(&saved, Lang::En);
    for expected in [
        // Significant improvement, lower is better.
        "Needs-based rebalancing cut the mean resolution time by 1.8 working days (95% CI 1.2–2.4) against the status quo.",
        // Significant improvement, higher is better.
        "Needs-based rebalancing raised the SLA compliance by 3.2 percentage points (95% CI 2.0–4.4) against the status quo.",
        // Not significant: no claim; counts per year of the 1.5 measured years.
        "Needs-based rebalancing made no clear difference to complaints against the status quo (difference −27 cases per year, 95% CI −67 to 13).",
        // Significant worsening, lower is better.
        "Needs-based rebalancing worsened the final backlog: up by 12 cases (95% CI 4–20) against the status quo.",
        // Cost as extra cost per year.
        "Needs-based rebalancing cost an extra Rp 120 million per year (95% CI 80–160) against the status quo.",
        // Significant worsening of a lower-is-better KPI.
        "Periodic rotation worsened the mean resolution time: up by 0.30 working days (95% CI 0.10–0.50) against the status quo.",
        // Higher is better, not significant.
        "Periodic rotation made no clear difference to the SLA compliance against the status quo (difference −1.0 percentage points, 95% CI −3.0 to 1.0).",
        // An interval touching zero is not a clear difference.
        "Periodic rotation made no clear difference to the mean staff stress against the status quo (difference +0.020, 95% CI 0.000–0.040).",
    ] {
        assert!(
            en.iter().any(|s| s == expected),
            "missing: {expected}\ngot:\n{}",
            en.join("\n")
        );
    }
    // Unknown KPIs are data, not headlines.
    assert!(!en.iter().any(|s| s.contains("future_kpi")));

    // A row flagged significant whose interval includes zero makes no claim.
    let mut odd = saved.clone();
    odd.comparison = Some(vec![PairedDifference {
        policy: "needs_based".into(),
        baseline: "status_quo".into(),
        kpi: "sla_compliance".into(),
        difference: Estimate {
            mean: 0.01,
            low: -0.001,
            high: 0.021,
        },
        significant: true,
        p_best: f64::NAN,
    }]);
    let s = headline_sentences(&odd, Lang::En);
    assert_eq!(s.len(), 1);
    assert!(s[0].contains("no clear difference"), "{}", s[0]);

    // A clear difference too small to matter (−0.09 percentage points of SLA compliance,
    // under the default half point) is no finding either, and says why.
    let mut tiny = saved.clone();
    tiny.comparison = Some(vec![PairedDifference {
        policy: "needs_based".into(),
        baseline: "status_quo".into(),
        kpi: "sla_compliance".into(),
        difference: Estimate {
            mean: -0.0009,
            low: -0.0012,
            high: -0.0006,
        },
        significant: true,
        p_best: f64::NAN,
    }]);
    let s = headline_sentences(&tiny, Lang::En);
    assert_eq!(
        s,
        vec![
            "Needs-based rebalancing made no material difference to the SLA compliance against \
             the status quo (difference −0.09 percentage points, 95% CI −0.12 to −0.06: under \
             0.50 percentage points, the smallest change counted)."
                .to_string()
        ]
    );
    // Just over the threshold it is a finding.
    let mut over = tiny.clone();
    if let Some(rows) = over.comparison.as_mut() {
        rows[0].difference = Estimate {
            mean: -0.006,
            low: -0.008,
            high: -0.004,
        };
    }
    let s = headline_sentences(&over, Lang::En);
    assert!(s[0].contains("worsened the SLA compliance"), "{}", s[0]);

    let id = headline_sentences(&saved, Lang::Id);
    let first = "Penyeimbangan berbasis kebutuhan mengurangi waktu penyelesaian rata-rata sebanyak 1,8 hari kerja (SK 95% 1,2–2,4) dibandingkan dengan status quo.";
    assert!(id.iter().any(|s| s == first), "{}", id.join("\n"));
    assert!(id.iter().any(|s| s.contains("Rp 120 juta per tahun")));
    assert!(
        id.iter()
            .any(|s| s.starts_with("Tidak ada perbedaan yang jelas"))
    );
}

/// Resolution times count completed cases only, so a clear change in abandonment is said
/// right after the resolution-time finding, and only then.
#[test]
fn a_clear_change_in_abandonment_qualifies_the_resolution_finding() {
    let mut saved = load_saved(&fixture("three_policies")).expect("fixture");
    let abandoned = |policy: &str, mean: f64, low: f64, high: f64| PairedDifference {
        policy: policy.into(),
        baseline: "status_quo".into(),
        kpi: "abandoned".into(),
        difference: Estimate { mean, low, high },
        significant: low > 0.0 || high < 0.0,
        p_best: f64::NAN,
    };
    let rows = saved.comparison.as_mut().expect("a comparison");
    rows.push(abandoned("needs_based", -300.0, -450.0, -150.0));
    rows.push(abandoned("periodic_rotation", 30.0, -15.0, 75.0));

    let en = headline_sentences(&saved, Lang::En);
    let at = en
        .iter()
        .position(|s| s.starts_with("Needs-based rebalancing cut the mean resolution time"))
        .expect("the resolution finding");
    assert_eq!(
        en[at + 1],
        "Needs-based rebalancing changed abandoned cases by −300 cases per year \
         (95% CI −450 to −150) against the status quo, and resolution times count completed \
         cases only: read them with SLA compliance, which counts an abandoned case as a breach."
    );
    // Not clear for periodic rotation: no caveat, and never a headline of its own.
    assert_eq!(
        en.iter()
            .filter(|s| s.contains("resolution times count completed cases only"))
            .count(),
        1,
        "{}",
        en.join("\n")
    );
    assert!(
        !en.iter()
            .any(|s| s.starts_with("Periodic rotation") && s.contains("abandoned"))
    );

    let id = headline_sentences(&saved, Lang::Id);
    assert!(
        id.iter().any(
            |s| s.contains("waktu penyelesaian hanya menghitung kasus yang selesai")
                // A fall is worded as one ("mengurangi ... sebanyak 300"), never as a
                // "change by −300" (a calque).
                && s.contains("mengurangi kasus yang ditinggalkan sebanyak 300 kasus per tahun (SK 95% 150–450)")
        ),
        "{}",
        id.join("\n")
    );
}

#[test]
fn rendering_twice_gives_identical_files() {
    let b = tempfile::tempdir().expect("b");
    let fa = english();
    let fb = render_report(&fixture("three_policies"), b.path(), Lang::En).expect("b");
    let pairs = fa
        .charts
        .iter()
        .zip(&fb.charts)
        .flat_map(|(x, y): (&ChartFile, &ChartFile)| [(&x.png, &y.png), (&x.svg, &y.svg)])
        .chain([(&fa.html, &fb.html), (&fa.markdown, &fb.markdown)]);
    for (x, y) in pairs {
        assert!(
            fs::read(x).expect("x") == fs::read(y).expect("y"),
            "{} differs",
            x.display()
        );
    }
    // No scratch files are left behind.
    let left: Vec<_> = fs::read_dir(b.path().join("charts"))
        .expect("charts")
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().starts_with('.'))
        .collect();
    assert!(left.is_empty(), "{left:?}");
}

#[test]
fn indonesian_report_speaks_indonesian() {
    let out = tempfile::tempdir().expect("temp dir");
    let files = render_report(&fixture("three_policies"), out.path(), Lang::Id).expect("report");
    let html = read(&files.html);
    for text in [
        "<html lang=\"id\">",
        "Ringkasan kebijakan: fixture",
        "Temuan utama",
        "Waktu penyelesaian rata-rata",
        "hari kerja",
        "Kepatuhan SLA",
        "Pengaduan",
        "selisih berpasangan",
        "Selisih berpasangan terhadap status quo",
        "bilangan acak bersama",
    ] {
        assert!(html.contains(text), "report.html lacks '{text}'");
    }
    // The Indonesian brief has its own files beside an English one.
    assert_eq!(files.html, out.path().join("report.id.html"));
    let svg = read(&out.path().join("charts/id/headline_over_time.svg"));
    assert!(svg.contains("Bulan simulasi"));
    for text in ["Jawaban", "Kartu skor", "Yang tidak dapat dijawab simulasi"] {
        assert!(html.contains(text), "report.id.html lacks '{text}'");
    }
    let md = read(&files.markdown);
    assert!(md.contains("# Ringkasan kebijakan: fixture"));
}

/// Every `{name}` blank left in `text`: a template whose blank was misspelt or never
/// given a value (`i18n::fill` leaves those silently).
fn unfilled_blanks(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (start, _) in text.match_indices('{') {
        let rest = &text[start + 1..];
        let name_len = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        let name = &rest[..name_len];
        let is_name = name.starts_with(|c: char| c.is_ascii_alphabetic());
        if is_name && rest[name_len..].starts_with('}') {
            found.push(format!("{{{name}}}"));
        }
    }
    found
}

#[test]
fn no_blank_survives_in_a_rendered_brief() {
    // Guards the scanner itself: a scanner that finds nothing would pass everything below.
    assert_eq!(
        unfilled_blanks("by {baseline}, {kpi_2}. {} { a } {x y} {2x} {ci"),
        ["{baseline}", "{kpi_2}"]
    );
    // Each folder exercises other templates: the full three-policy results, the same with
    // only the summary (the notes on absent files), and a parameter sweep.
    let partial = tempfile::tempdir().expect("temp dir");
    for f in ["run.json", "summary.csv"] {
        fs::copy(fixture("three_policies").join(f), partial.path().join(f)).expect("copy");
    }
    let folders = [
        fixture("three_policies"),
        partial.path().to_path_buf(),
        fixture("sweep"),
    ];
    let mut checked = 0;
    for folder in &folders {
        for lang in [Lang::En, Lang::Id] {
            let out = tempfile::tempdir().expect("temp dir");
            let files = render_report(folder, out.path(), lang).expect("report");
            let rendered = [&files.html, &files.markdown]
                .into_iter()
                .chain(files.charts.iter().map(|c| &c.svg));
            for path in rendered {
                let blanks = unfilled_blanks(&read(path));
                assert!(
                    blanks.is_empty(),
                    "{} ({lang:?}, from {}) keeps {blanks:?}",
                    path.display(),
                    folder.display()
                );
                checked += 1;
            }
        }
    }
    // 2 languages x (html + md + charts): at least the three folders' documents.
    assert!(checked >= 2 * 3 * 2, "only {checked} files checked");
}

#[test]
fn absent_data_skips_charts_with_a_note_instead_of_failing() {
    let dir = tempfile::tempdir().expect("temp dir");
    for f in ["run.json", "summary.csv"] {
        fs::copy(fixture("three_policies").join(f), dir.path().join(f)).expect("copy");
    }
    // Regenerating in place must also remove charts that can no longer be drawn.
    fs::create_dir_all(dir.path().join("charts")).expect("charts");
    fs::write(dir.path().join("charts/paired_differences.png"), b"old").expect("stale");
    let files = render_report(dir.path(), dir.path(), Lang::En).expect("report");
    let drawn: Vec<&str> = files.charts.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(
        drawn,
        ["quality_vs_cost", "kpi_comparison", "staff_flows"],
        "{:?}",
        files.skipped
    );
    assert!(!dir.path().join("charts/paired_differences.png").exists());
    let html = read(&files.html);
    assert!(html.contains("Not drawn: Monthly SLA compliance"));
    assert!(html.contains("timeseries.csv is absent"));
    assert!(html.contains("comparison.csv is absent"));
    assert!(html.contains("No paired comparison is available"));
}

#[test]
fn single_policy_results_without_costs_or_transfers() {
    let dir = tempfile::tempdir().expect("temp dir");
    let src = fixture("three_policies");
    fs::copy(src.join("run.json"), dir.path().join("run.json")).expect("copy");
    for f in ["summary.csv", "timeseries.csv"] {
        let text: String = read(&src.join(f))
            .lines()
            .filter(|l| {
                !l.starts_with("needs_based")
                    && !l.starts_with("periodic_rotation")
                    && !l.contains("cost_total")
                    && !l.contains("transfer")
                    && !l.contains(",ej,")
            })
            .map(|l| format!("{l}\n"))
            .collect();
        fs::write(dir.path().join(f), text).expect("write");
    }
    let files = render_report(dir.path(), dir.path(), Lang::En).expect("report");
    let skipped: Vec<&str> = files.skipped.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(
        skipped,
        [
            "headline_over_time",
            "paired_differences",
            "quality_vs_cost",
            "staff_flows"
        ]
    );
    let heat = files
        .charts
        .iter()
        .find(|c| c.id == "workload_heatmap")
        .expect("heatmap");
    assert!(read(&heat.svg).contains("Utilization (%)"));
}

#[test]
fn bad_input_is_an_error_with_file_and_line() {
    let dir = tempfile::tempdir().expect("temp dir");
    let err = load_saved(dir.path()).expect_err("empty folder");
    assert!(matches!(err, ReportError::Missing { .. }), "{err}");
    assert!(err.to_string().contains("run.json"));

    fs::copy(
        fixture("three_policies").join("run.json"),
        dir.path().join("run.json"),
    )
    .expect("copy");
    let summary = "policy,kpi,mean,sd,ci95_low,ci95_high,p10,p50,p90,n\n\
                   status_quo,complaints,1,0,1,1,1,1,1,5\n\
                   status_quo,cases,many,0,1,1,1,1,1,5\n";
    fs::write(dir.path().join("summary.csv"), summary).expect("write");
    let err = load_saved(dir.path()).expect_err("bad number");
    let msg = err.to_string();
    assert!(
        msg.contains("summary.csv, line 3") && msg.contains("'mean'") && msg.contains("many"),
        "{msg}"
    );

    fs::write(dir.path().join("summary.csv"), "policy,kpi,mean\n").expect("write");
    let msg = load_saved(dir.path()).expect_err("no CI").to_string();
    assert!(msg.contains("line 1") && msg.contains("ci95_low"), "{msg}");

    fs::write(
        dir.path().join("summary.csv"),
        "policy,kpi,mean,ci95_low,ci95_high\nstatus_quo,complaints,1,,\n",
    )
    .expect("write");
    fs::write(
        dir.path().join("timeseries.csv"),
        "policy,unit,month,metric,mean,ci95_low,ci95_high\nstatus_quo,all,0,backlog,1,1,1\n",
    )
    .expect("write");
    let msg = load_saved(dir.path()).expect_err("month 0").to_string();
    assert!(
        msg.contains("timeseries.csv, line 2") && msg.contains("month 0"),
        "{msg}"
    );
    fs::remove_file(dir.path().join("timeseries.csv")).expect("rm");

    fs::write(
        dir.path().join("comparison.csv"),
        "policy,baseline,kpi,diff_mean,ci95_low,ci95_high,significant,p_best\n\
         a,status_quo,complaints,1,0,2,perhaps,0.5\n",
    )
    .expect("write");
    let msg = load_saved(dir.path()).expect_err("flag").to_string();
    assert!(
        msg.contains("comparison.csv, line 2") && msg.contains("perhaps"),
        "{msg}"
    );
    fs::remove_file(dir.path().join("comparison.csv")).expect("rm");

    fs::write(dir.path().join("run.json"), "{\n  \"seed\": \"seven\"\n}").expect("write");
    let msg = load_saved(dir.path()).expect_err("json").to_string();
    assert!(msg.contains("run.json, line 2"), "{msg}");
}

#[test]
fn sweep_chart_plots_kpis_against_the_parameter() {
    let out = tempfile::tempdir().expect("temp dir");
    let order = vec!["status_quo".to_string(), "needs_based".to_string()];
    let chart = render_sweep_chart(
        &fixture("sweep").join("sweep.csv"),
        out.path(),
        &order,
        Lang::En,
    )
    .expect("sweep")
    .expect("drawn");
    let (w, _, colours) = png_pixels(&fs::read(&chart.png).expect("png"));
    assert!(w >= 1600 && colours > 20);
    let svg = read(&chart.svg);
    assert!(svg.contains("units.adminduk.staff") && svg.contains("Mean resolution time"));

    // A sweep folder (run.json + sweep.csv) also renders as a report with the sweep chart.
    let files = render_report(&fixture("sweep"), out.path(), Lang::En).expect("report");
    assert!(files.charts.iter().any(|c| c.id == "sweep"));
}

#[test]
fn report_language_parses() {
    assert_eq!("en".parse::<Lang>().ok(), Some(Lang::En));
    assert_eq!("ID".parse::<Lang>().ok(), Some(Lang::Id));
    let err = "fr".parse::<Lang>().expect_err("fr");
    assert!(err.to_string().contains("'fr'"));
}

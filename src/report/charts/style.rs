//! Shared chart styling and drawing helpers: the embedded font, sizes, the policy palette,
//! colour scales, the title/legend frame, axes, lines with CI bands, and rendering one
//! figure to SVG text and PNG bytes.

use std::fs;
use std::ops::Range;
use std::path::Path;
use std::sync::OnceLock;

use plotters::coord::Shift;
use plotters::coord::types::RangedCoordf64;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use plotters::style::{FontStyle, FontTransform, register_font};

use crate::report::i18n::Lang;
use crate::report::saved::Estimate;

/// Width of every chart in pixels (PNG) and SVG user units.
pub(crate) const WIDTH: u32 = 1600;
/// The only font family, registered from the embedded DejaVu Sans.
pub(crate) const FONT: &str = "sans-serif";
const TITLE_SIZE: f64 = 44.0;
const TITLE_BAND: u32 = 84;
const PANEL_TITLE_SIZE: f64 = 30.0;
const DESC_SIZE: f64 = 30.0;
pub(crate) const TICK_SIZE: f64 = 24.0;
const LEGEND_SIZE: f64 = 26.0;
const LEGEND_LINE: u32 = 44;
const SWATCH: i32 = 44;
/// Opacity of CI bands.
pub(crate) const BAND_ALPHA: f64 = 0.18;
/// Light grey of the warm-up shading.
pub(crate) const WARMUP: RGBColor = RGBColor(225, 225, 225);
/// Dark grey for reference lines and notes.
pub(crate) const INK: RGBColor = RGBColor(60, 60, 60);

/// Near-black of the baseline (status quo), drawn solid: every other policy is a colour
/// and a dash pattern, so lines stay apart in colour and in greyscale print.
pub(crate) const BASELINE: RGBColor = RGBColor(25, 25, 25);

/// Colours of the policies other than the baseline, most distinct first (Okabe–Ito
/// without black).
const OTHERS: [RGBColor; 7] = [
    RGBColor(213, 94, 0),    // vermillion
    RGBColor(0, 114, 178),   // blue
    RGBColor(0, 158, 115),   // bluish green
    RGBColor(204, 121, 167), // reddish purple
    RGBColor(86, 180, 233),  // sky blue
    RGBColor(230, 159, 0),   // orange
    RGBColor(240, 228, 66),  // yellow
];

/// How a policy's line is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dash {
    /// Unbroken.
    Solid,
    /// Long dashes.
    Long,
    /// Short dashes.
    Short,
    /// Dots.
    Dotted,
    /// Long dashes far apart.
    Sparse,
}

impl Dash {
    /// Dash and gap lengths in pixels (`None` for a solid line).
    fn pattern(self) -> Option<(u32, u32)> {
        match self {
            Dash::Solid => None,
            Dash::Long => Some((28, 10)),
            Dash::Short => Some((12, 9)),
            Dash::Dotted => Some((4, 8)),
            Dash::Sparse => Some((40, 26)),
        }
    }
}

/// Colour and dash of the policy at `index` among the policies that are not the
/// baseline; the baseline itself is [`BASELINE`], solid.
pub(crate) fn policy_style(index: Option<usize>) -> (RGBColor, Dash) {
    match index {
        None => (BASELINE, Dash::Solid),
        Some(i) => {
            const DASHES: [Dash; 5] = [
                Dash::Long,
                Dash::Short,
                Dash::Dotted,
                Dash::Solid,
                Dash::Sparse,
            ];
            (OTHERS[i % OTHERS.len()], DASHES[i % DASHES.len()])
        }
    }
}

/// A chart could not be drawn.
#[derive(Debug)]
pub(crate) struct DrawError(pub String);

impl<E: std::error::Error + Send + Sync> From<DrawingAreaErrorKind<E>> for DrawError {
    fn from(e: DrawingAreaErrorKind<E>) -> Self {
        DrawError(e.to_string())
    }
}

/// Result of a drawing step.
pub(crate) type DrawResult<T = ()> = Result<T, DrawError>;
/// A drawing area in pixel coordinates.
pub(crate) type Area<DB> = DrawingArea<DB, Shift>;
/// A chart with two numeric axes.
pub(crate) type Xy<'a, DB> = ChartContext<'a, DB, Cartesian2d<RangedCoordf64, RangedCoordf64>>;

/// A chart that can draw itself on any backend.
pub(crate) trait Figure {
    /// Height in pixels (the width is [`WIDTH`]).
    fn height(&self) -> u32;
    /// Draws the whole figure.
    fn draw<DB: DrawingBackend>(&self, root: &Area<DB>) -> DrawResult;
}

static FONT_READY: OnceLock<bool> = OnceLock::new();

/// Registers the embedded font once per process, so text renders without system fonts.
fn ensure_font() -> DrawResult {
    let ok = FONT_READY.get_or_init(|| {
        register_font(
            FONT,
            FontStyle::Normal,
            include_bytes!(concat!(
                env!("CARGO_MANIFEST_DIR"),
                "/assets/fonts/DejaVuSans.ttf"
            )),
        )
        .is_ok()
    });
    if *ok {
        Ok(())
    } else {
        Err(DrawError("the embedded font could not be loaded".into()))
    }
}

/// Renders a figure as an SVG document (text stays text).
pub(crate) fn to_svg(fig: &impl Figure) -> DrawResult<String> {
    ensure_font()?;
    let mut svg = String::new();
    {
        let root = SVGBackend::with_string(&mut svg, (WIDTH, fig.height())).into_drawing_area();
        fig.draw(&root)?;
        root.present()?;
    }
    Ok(svg)
}

/// Renders a figure as PNG bytes; `scratch` (ending in `.png`) is used and removed.
pub(crate) fn to_png(fig: &impl Figure, scratch: &Path) -> DrawResult<Vec<u8>> {
    ensure_font()?;
    let drawn = (|| {
        let root = BitMapBackend::new(scratch, (WIDTH, fig.height())).into_drawing_area();
        fig.draw(&root)?;
        root.present()?;
        Ok::<(), DrawError>(())
    })();
    let bytes = drawn.and_then(|()| {
        fs::read(scratch).map_err(|e| DrawError(format!("{}: {e}", scratch.display())))
    });
    // Best effort: a left-over scratch file is hidden and harmless.
    let _ = fs::remove_file(scratch);
    bytes
}

/// Text style of the given size, colour and anchor.
pub(crate) fn text(size: f64, color: RGBColor, h: HPos, v: VPos) -> TextStyle<'static> {
    TextStyle {
        font: (FONT, size).into_font(),
        color: color.to_backend_color(),
        pos: Pos::new(h, v),
    }
}

/// Width in pixels of a text at a size.
pub(crate) fn text_width<DB: DrawingBackend>(area: &Area<DB>, s: &str, size: f64) -> u32 {
    area.estimate_text_size(s, &TextStyle::from((FONT, size).into_font()))
        .map_or((s.chars().count() as f64 * size * 0.6) as u32, |(w, _)| w)
}

/// How a legend entry is drawn.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Mark {
    /// A line.
    Line,
    /// A line over a light band (mean and CI).
    Band,
    /// A filled dot.
    Dot,
    /// A hollow dot.
    Ring,
    /// A filled box.
    Patch,
}

/// One legend entry.
#[derive(Debug, Clone)]
pub(crate) struct LegendItem {
    /// Label text.
    pub label: String,
    /// Colour.
    pub color: RGBColor,
    /// Swatch kind.
    pub mark: Mark,
    /// Dash of a line swatch.
    pub dash: Dash,
}

impl LegendItem {
    /// A new entry.
    pub(crate) fn new(label: impl Into<String>, color: RGBColor, mark: Mark) -> LegendItem {
        LegendItem {
            label: label.into(),
            color,
            mark,
            dash: Dash::Solid,
        }
    }

    /// The same entry with a dashed line swatch.
    pub(crate) fn dashed(mut self, dash: Dash) -> LegendItem {
        self.dash = dash;
        self
    }
}

/// Draws a polyline in pixel or chart coordinates, solid or dashed.
fn path<DB: DrawingBackend>(
    area: &Area<DB>,
    points: Vec<(i32, i32)>,
    style: ShapeStyle,
    dash: Dash,
) -> DrawResult {
    match dash.pattern() {
        None => area.draw(&PathElement::new(points, style))?,
        Some((on, off)) => area.draw(&plotters::element::DashedPathElement::new(
            points, on, off, style,
        ))?,
    }
    Ok(())
}

/// Lays legend entries out in centred lines: (line, x offset in line, width) per entry.
fn legend_layout<DB: DrawingBackend>(
    area: &Area<DB>,
    items: &[LegendItem],
) -> (Vec<Vec<(usize, i32)>>, Vec<i32>) {
    let max = WIDTH as i32 - 80;
    let mut lines: Vec<Vec<(usize, i32)>> = vec![Vec::new()];
    let mut widths = vec![0];
    for (i, item) in items.iter().enumerate() {
        let w = SWATCH + 32 + text_width(area, &item.label, LEGEND_SIZE) as i32 + 40;
        let last = lines.len() - 1;
        if widths[last] + w > max && !lines[last].is_empty() {
            lines.push(Vec::new());
            widths.push(0);
        }
        let last = lines.len() - 1;
        lines[last].push((i, widths[last]));
        widths[last] += w;
    }
    (lines, widths)
}

fn draw_swatch<DB: DrawingBackend>(
    area: &Area<DB>,
    x: i32,
    y: i32,
    item: &LegendItem,
) -> DrawResult {
    let c = item.color;
    let (x1, xm) = (x + SWATCH, x + SWATCH / 2);
    match item.mark {
        Mark::Line => path(
            area,
            vec![(x, y), (x1 + 20, y)],
            c.stroke_width(4),
            item.dash,
        )?,
        Mark::Band => {
            area.draw(&Rectangle::new(
                [(x, y - 12), (x1 + 20, y + 12)],
                c.mix(BAND_ALPHA).filled(),
            ))?;
            path(
                area,
                vec![(x, y), (x1 + 20, y)],
                c.stroke_width(4),
                item.dash,
            )?;
        }
        Mark::Dot => area.draw(&Circle::new((xm, y), 10, c.filled()))?,
        Mark::Ring => area.draw(&Circle::new((xm, y), 10, c.stroke_width(3)))?,
        Mark::Patch => area.draw(&Rectangle::new([(x, y - 14), (x1, y + 14)], c.filled()))?,
    }
    Ok(())
}

/// Draws the white background, the title on top and the legend at the bottom, and returns
/// the area left for the plot, so a legend never covers data.
pub(crate) fn frame<DB: DrawingBackend>(
    root: &Area<DB>,
    title: &str,
    legend: &[LegendItem],
) -> DrawResult<Area<DB>> {
    root.fill(&WHITE)?;
    let (top, rest) = root.split_vertically(TITLE_BAND);
    let mut size = TITLE_SIZE;
    while size > 26.0 && text_width(root, title, size) > WIDTH - 60 {
        size -= 2.0;
    }
    top.draw_text(
        title,
        &text(size, BLACK, HPos::Center, VPos::Center),
        (WIDTH as i32 / 2, TITLE_BAND as i32 / 2),
    )?;
    if legend.is_empty() {
        return Ok(rest.margin(0, 10, 10, 20));
    }
    let (lines, widths) = legend_layout(root, legend);
    let legend_h = lines.len() as u32 * LEGEND_LINE + 16;
    let (_, rest_h) = rest.dim_in_pixel();
    let (body, bottom) = rest.split_vertically(rest_h.saturating_sub(legend_h));
    for (l, line) in lines.iter().enumerate() {
        let x0 = (WIDTH as i32 - widths[l]) / 2;
        let y = 8 + l as i32 * LEGEND_LINE as i32 + LEGEND_LINE as i32 / 2;
        for &(i, dx) in line {
            let item = &legend[i];
            draw_swatch(&bottom, x0 + dx, y, item)?;
            bottom.draw_text(
                &item.label,
                &text(LEGEND_SIZE, BLACK, HPos::Left, VPos::Center),
                (x0 + dx + SWATCH + 32, y),
            )?;
        }
    }
    Ok(body.margin(0, 6, 10, 20))
}

/// Splits an area into `n` panels on a grid with `cols` columns, row by row.
pub(crate) fn grid<DB: DrawingBackend>(area: &Area<DB>, n: usize, cols: usize) -> Vec<Area<DB>> {
    let cols = cols.clamp(1, n.max(1));
    let rows = n.div_ceil(cols).max(1);
    area.split_evenly((rows, cols))
        .into_iter()
        .take(n)
        .collect()
}

/// How the ticks of an axis are labelled.
pub(crate) enum Ticks<'f> {
    /// Numbers in the report language, with the decimals the tick step needs.
    Numbers,
    /// Whole numbers only (months, sweep points); other ticks blank.
    Whole,
    /// Custom labels (category names).
    Labels(&'f dyn Fn(&f64) -> String),
}

/// Axis descriptions and tick labelling of a chart.
pub(crate) struct Axes<'f> {
    /// X axis description (None = none).
    pub x_desc: Option<&'f str>,
    /// Y axis description.
    pub y_desc: Option<&'f str>,
    /// X tick labels.
    pub x_ticks: Ticks<'f>,
    /// Y tick labels.
    pub y_ticks: Ticks<'f>,
    /// Number of Y tick labels wanted.
    pub y_labels: usize,
    /// Width reserved for Y tick labels and description.
    pub y_area: u32,
    /// Language of numbers.
    pub lang: Lang,
}

/// The tick step plotters picks for `range` with at most `max` labels (1, 2 or 5 × 10^k).
fn tick_step(range: &Range<f64>, max: usize) -> f64 {
    let span = (range.end - range.start).abs();
    if !(span > 0.0 && span.is_finite()) {
        return 1.0;
    }
    let mut step = 10f64.powf(span.log10().floor() - 2.0);
    loop {
        for m in [1.0, 2.0, 5.0] {
            let s = step * m;
            let count = (range.end / s).floor() - (range.start / s).ceil() + 1.0;
            if count <= max.max(1) as f64 {
                return s;
            }
        }
        step *= 10.0;
    }
}

/// Number labels with the decimals a tick step needs, in the report language.
pub(crate) fn number_format(lang: Lang, step: f64) -> impl Fn(&f64) -> String + use<> {
    let decimals = if step > 0.0 && step.is_finite() {
        (-(step.log10() + 1e-9).floor()).clamp(0.0, 6.0) as usize
    } else {
        0
    };
    move |v: &f64| lang.num(*v, decimals)
}

/// Whole-number ticks only (months, points); other ticks are left blank.
fn whole_ticks(v: &f64) -> String {
    if (v - v.round()).abs() < 1e-9 {
        format!("{}", v.round() as i64)
    } else {
        String::new()
    }
}

/// Builds a chart with numeric axes on `area`, with an optional panel caption; the axis
/// description shrinks to fit a narrow panel.
pub(crate) fn xy_chart<'a, DB: DrawingBackend>(
    area: &'a Area<DB>,
    caption: Option<&str>,
    x: Range<f64>,
    y: Range<f64>,
    axes: &Axes,
) -> DrawResult<Xy<'a, DB>> {
    let (w, h) = area.dim_in_pixel();
    let mut b = ChartBuilder::on(area);
    if let Some(c) = caption {
        let mut size = PANEL_TITLE_SIZE;
        while size > 20.0 && text_width(area, c, size) + 40 > w {
            size -= 2.0;
        }
        b.caption(c, (FONT, size).into_font());
    }
    let plot_w = w.saturating_sub(axes.y_area + 40);
    let x_labels = (plot_w / 90).clamp(4, 12) as usize;
    let x_num = number_format(axes.lang, tick_step(&x, x_labels));
    let y_num = number_format(axes.lang, tick_step(&y, axes.y_labels));
    fn pick<'t, 'f: 't>(
        t: &'t Ticks<'f>,
        num: &'t dyn Fn(&f64) -> String,
    ) -> &'t dyn Fn(&f64) -> String {
        match t {
            Ticks::Numbers => num,
            Ticks::Whole => &whole_ticks,
            Ticks::Labels(f) => *f,
        }
    }
    let caption_h = if caption.is_some() {
        PANEL_TITLE_SIZE as u32 + 12
    } else {
        0
    };
    let plot_h = h.saturating_sub(84 + 24 + caption_h);
    let mut desc_size = DESC_SIZE;
    for (desc, room) in [(axes.x_desc, plot_w), (axes.y_desc, plot_h)] {
        if let Some(d) = desc {
            while desc_size > 18.0 && text_width(area, d, desc_size) > room {
                desc_size -= 2.0;
            }
        }
    }
    let mut chart = b
        .margin(12)
        .margin_right(28)
        // The same for every panel, with or without a description, so panels align.
        .x_label_area_size(84)
        .y_label_area_size(axes.y_area)
        .build_cartesian_2d(x, y)?;
    let mut mesh = chart.configure_mesh();
    mesh.label_style((FONT, TICK_SIZE).into_font())
        .axis_desc_style((FONT, desc_size).into_font())
        .bold_line_style(BLACK.mix(0.12))
        .light_line_style(TRANSPARENT)
        .axis_style(INK)
        .x_labels(x_labels)
        .y_labels(axes.y_labels)
        .x_label_formatter(pick(&axes.x_ticks, &x_num))
        .y_label_formatter(pick(&axes.y_ticks, &y_num));
    if let Some(d) = axes.x_desc {
        mesh.x_desc(d);
    }
    if let Some(d) = axes.y_desc {
        mesh.y_desc(d);
    }
    mesh.draw()?;
    Ok(chart)
}

/// The rows of a row chart: one label per row, the first drawn on top.
pub(crate) struct Rows<'f> {
    /// X axis description.
    pub x_desc: &'f str,
    /// Row labels, top first.
    pub labels: Vec<&'f str>,
    /// Width reserved for the row labels.
    pub y_area: u32,
    /// Draw a dashed reference line at zero when zero lies inside the x range.
    pub zero_line: bool,
    /// Language of numbers.
    pub lang: Lang,
}

/// Builds a chart of labelled rows over a numeric x axis (row `i` of `n` at y = n - 1 - i),
/// with its dashed zero line; shared by the comparison panels and the tornado.
pub(crate) fn row_chart<'a, DB: DrawingBackend>(
    area: &'a Area<DB>,
    caption: &str,
    x: Range<f64>,
    rows: &Rows,
) -> DrawResult<Xy<'a, DB>> {
    let n = rows.labels.len();
    let y = -0.6..(n as f64 - 0.4);
    let y_fmt = |v: &f64| {
        let i = v.round();
        if (v - i).abs() > 1e-9 || i < 0.0 || i as usize >= n {
            return String::new();
        }
        rows.labels[n - 1 - i as usize].to_string()
    };
    let axes = Axes {
        x_desc: Some(rows.x_desc),
        y_desc: None,
        x_ticks: Ticks::Numbers,
        y_ticks: Ticks::Labels(&y_fmt),
        y_labels: n.max(1),
        y_area: rows.y_area,
        lang: rows.lang,
    };
    let mut chart = xy_chart(area, Some(caption), x.clone(), y.clone(), &axes)?;
    if rows.zero_line && x.start < 0.0 && x.end > 0.0 {
        chart.draw_series(DashedLineSeries::new(
            [(0.0, y.start), (0.0, y.end)],
            12,
            8,
            INK.stroke_width(3),
        ))?;
    }
    Ok(chart)
}

/// Range covering all finite values with a margin; a flat or empty set gets a unit range.
pub(crate) fn padded_range(values: impl Iterator<Item = f64>, include_zero: bool) -> Range<f64> {
    let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
    for v in values.filter(|v| v.is_finite()) {
        lo = lo.min(v);
        hi = hi.max(v);
    }
    if include_zero {
        lo = lo.min(0.0);
        hi = hi.max(0.0);
    }
    if !(hi - lo).is_finite() {
        return 0.0..1.0;
    }
    if hi - lo < 1e-12 {
        let pad = if lo.abs() > 1e-12 {
            lo.abs() * 0.1
        } else {
            1.0
        };
        return (lo - pad)..(hi + pad);
    }
    let pad = (hi - lo) * 0.06;
    let start = if include_zero && lo >= 0.0 {
        0.0
    } else {
        lo - pad
    };
    start..(hi + pad)
}

/// Runs of consecutive finite points.
fn runs(points: &[(f64, Estimate)], finite: impl Fn(&Estimate) -> bool) -> Vec<&[(f64, Estimate)]> {
    points
        .split(|(x, e)| !x.is_finite() || !finite(e))
        .filter(|r| !r.is_empty())
        .collect()
}

/// Draws mean lines (solid or dashed) with an optional CI band; undefined values break the
/// line.
pub(crate) fn draw_styled_line<DB: DrawingBackend>(
    chart: &mut Xy<'_, DB>,
    points: &[(f64, Estimate)],
    color: RGBColor,
    dash: Dash,
    band: bool,
    width: u32,
) -> DrawResult {
    if band {
        for run in runs(points, |e| e.low.is_finite() && e.high.is_finite()) {
            let mut poly: Vec<(f64, f64)> = run.iter().map(|(x, e)| (*x, e.high)).collect();
            poly.extend(run.iter().rev().map(|(x, e)| (*x, e.low)));
            chart.draw_series(std::iter::once(Polygon::new(
                poly,
                color.mix(BAND_ALPHA).filled(),
            )))?;
        }
    }
    for run in runs(points, |e| e.mean.is_finite()) {
        let line: Vec<(f64, f64)> = run.iter().map(|(x, e)| (*x, e.mean)).collect();
        if line.len() == 1 {
            chart.draw_series(std::iter::once(Circle::new(line[0], 5, color.filled())))?;
        } else if let Some((on, off)) = dash.pattern() {
            chart.draw_series(DashedLineSeries::new(
                line,
                on,
                off,
                color.stroke_width(width),
            ))?;
        } else {
            chart.draw_series(LineSeries::new(line, color.stroke_width(width)))?;
        }
    }
    Ok(())
}

/// Shades the warm-up months `[0.5, warmup + 0.5]` of a monthly chart.
pub(crate) fn draw_warmup<DB: DrawingBackend>(
    chart: &mut Xy<'_, DB>,
    warmup: usize,
    y: &Range<f64>,
) -> DrawResult {
    if warmup > 0 {
        chart.draw_series(std::iter::once(Rectangle::new(
            [(0.5, y.start), (warmup as f64 + 0.5, y.end)],
            WARMUP.mix(0.7).filled(),
        )))?;
    }
    Ok(())
}

/// Draws a horizontal CI whisker with end caps at height `y` (chart coordinates).
pub(crate) fn draw_h_whisker<DB: DrawingBackend>(
    chart: &mut Xy<'_, DB>,
    y: f64,
    e: Estimate,
    cap: f64,
    color: RGBColor,
) -> DrawResult {
    draw_whisker(chart, y, e, cap, color, |along, across| (along, across))
}

/// Draws a vertical CI whisker with end caps at `x` (chart coordinates).
pub(crate) fn draw_v_whisker<DB: DrawingBackend>(
    chart: &mut Xy<'_, DB>,
    x: f64,
    e: Estimate,
    cap: f64,
    color: RGBColor,
) -> DrawResult {
    draw_whisker(chart, x, e, cap, color, |along, across| (across, along))
}

/// A CI whisker along the estimate's axis at `at` across it, with end caps `cap` long on
/// each side; `point(along, across)` places a point in chart coordinates.
fn draw_whisker<DB: DrawingBackend>(
    chart: &mut Xy<'_, DB>,
    at: f64,
    e: Estimate,
    cap: f64,
    color: RGBColor,
    point: fn(f64, f64) -> (f64, f64),
) -> DrawResult {
    if e.low.is_finite() && e.high.is_finite() {
        let end = |v: f64| vec![point(v, at - cap), point(v, at + cap)];
        chart.draw_series([
            PathElement::new(
                vec![point(e.low, at), point(e.high, at)],
                color.stroke_width(4),
            ),
            PathElement::new(end(e.low), color.stroke_width(3)),
            PathElement::new(end(e.high), color.stroke_width(3)),
        ])?;
    }
    Ok(())
}

/// A colour-blind-safe colour scale for heatmaps.
#[derive(Debug, Clone, Copy)]
pub(crate) enum ColorScale {
    /// Viridis from `min` to `max`.
    Sequential {
        /// Value of the darkest colour.
        min: f64,
        /// Value of the brightest colour.
        max: f64,
    },
    /// Blue (`low`) – light grey (`center`) – vermillion (`high`).
    Diverging {
        /// Value of full blue.
        low: f64,
        /// Neutral value.
        center: f64,
        /// Value of full vermillion.
        high: f64,
    },
}

const VIRIDIS: [(u8, u8, u8); 9] = [
    (68, 1, 84),
    (71, 44, 122),
    (59, 81, 139),
    (44, 113, 142),
    (33, 144, 141),
    (39, 173, 129),
    (92, 200, 99),
    (170, 220, 50),
    (253, 231, 37),
];
const DIVERGING: [(u8, u8, u8); 3] = [(0, 114, 178), (247, 247, 247), (213, 94, 0)];

fn interpolate(stops: &[(u8, u8, u8)], t: f64) -> RGBColor {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let pos = t * (stops.len() - 1) as f64;
    let i = (pos.floor() as usize).min(stops.len() - 2);
    let f = pos - i as f64;
    let mix = |a: u8, b: u8| (a as f64 + (b as f64 - a as f64) * f).round() as u8;
    let (a, b) = (stops[i], stops[i + 1]);
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

impl ColorScale {
    /// Value range covered by the scale.
    pub(crate) fn range(&self) -> (f64, f64) {
        match *self {
            ColorScale::Sequential { min, max } => (min, max),
            ColorScale::Diverging { low, high, .. } => (low, high),
        }
    }

    /// Colour of a value (undefined values are light grey).
    pub(crate) fn color(&self, v: f64) -> RGBColor {
        if !v.is_finite() {
            return RGBColor(235, 235, 235);
        }
        let share = |v: f64, lo: f64, hi: f64| if hi > lo { (v - lo) / (hi - lo) } else { 0.5 };
        match *self {
            ColorScale::Sequential { min, max } => interpolate(&VIRIDIS, share(v, min, max)),
            ColorScale::Diverging { low, center, .. } if v < center => {
                interpolate(&DIVERGING, 0.5 * share(v, low, center))
            }
            ColorScale::Diverging { center, high, .. } => {
                interpolate(&DIVERGING, 0.5 + 0.5 * share(v, center, high))
            }
        }
    }
}

/// Draws a vertical colour bar with ticks and a rotated label in `area`.
pub(crate) fn draw_colorbar<DB: DrawingBackend>(
    area: &Area<DB>,
    scale: ColorScale,
    label: &str,
    lang: Lang,
) -> DrawResult {
    let (_, h) = area.dim_in_pixel();
    let (top, bottom) = (40, h as i32 - 90);
    let (x0, x1) = (20, 56);
    let steps = 120;
    let (lo, hi) = scale.range();
    for i in 0..steps {
        let t0 = i as f64 / steps as f64;
        let y_a = bottom - ((bottom - top) as f64 * t0) as i32;
        let y_b = bottom - ((bottom - top) as f64 * (i + 1) as f64 / steps as f64) as i32;
        let v = lo + (hi - lo) * (t0 + 0.5 / steps as f64);
        area.draw(&Rectangle::new(
            [(x0, y_b), (x1, y_a)],
            scale.color(v).filled(),
        ))?;
    }
    area.draw(&Rectangle::new(
        [(x0, top), (x1, bottom)],
        INK.stroke_width(1),
    ))?;
    let ticks: Vec<f64> = match scale {
        ColorScale::Sequential { .. } => (0..=4).map(|k| lo + (hi - lo) * k as f64 / 4.0).collect(),
        // EJ: the edges of the workload regulation's grades (E < 0.5 ≤ D < 0.7 ≤ C < 0.9
        // ≤ B ≤ 1.0 < A) [R33] and overload beyond.
        ColorScale::Diverging {
            low,
            center: 1.0,
            high,
        } => [low, 0.5, 0.7, 0.9, 1.0, 1.2, 1.4, high]
            .into_iter()
            .filter(|v| (low..=high).contains(v))
            .fold(Vec::new(), |mut acc, v| {
                if !acc.contains(&v) {
                    acc.push(v);
                }
                acc
            }),
        ColorScale::Diverging { low, center, high } => vec![
            low,
            (low + center) / 2.0,
            center,
            (center + high) / 2.0,
            high,
        ],
    };
    let gap = ticks
        .windows(2)
        .map(|w| w[1] - w[0])
        .fold(f64::INFINITY, f64::min);
    let fmt = number_format(lang, gap / 10.0);
    for v in ticks {
        let t = if hi > lo { (v - lo) / (hi - lo) } else { 0.5 };
        let y = bottom - ((bottom - top) as f64 * t) as i32;
        area.draw(&PathElement::new(
            vec![(x1, y), (x1 + 8, y)],
            INK.stroke_width(2),
        ))?;
        area.draw_text(
            &fmt(&v),
            &text(TICK_SIZE, BLACK, HPos::Left, VPos::Center),
            (x1 + 12, y),
        )?;
    }
    let style =
        text(DESC_SIZE, BLACK, HPos::Center, VPos::Center).transform(FontTransform::Rotate270);
    area.draw_text(label, &style, (x1 + 120, (top + bottom) / 2))?;
    Ok(())
}

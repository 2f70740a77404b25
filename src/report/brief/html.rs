//! `report.html`: one self-contained file with inline CSS and inline SVG charts; it loads
//! nothing (no scripts, fonts, images or style sheets from anywhere) and prints on A4.

use super::{Block, Doc, Tone};

const CSS: &str = "
:root { color-scheme: light; }
body { font-family: 'DejaVu Sans', 'Helvetica Neue', Arial, sans-serif; color: #1a1a1a;
  max-width: 64rem; margin: 1.2rem auto; padding: 0 1rem; line-height: 1.4; font-size: 11pt; }
h1 { font-size: 1.5rem; border-bottom: 3px solid #0072B2; padding-bottom: .2rem; margin: .4rem 0 .6rem; }
h2 { font-size: 1.2rem; margin: 1.4rem 0 .4rem; border-bottom: 1px solid #ccc; }
h2#question, h2#answer { margin-top: .6rem; }
h3 { font-size: 1.05rem; margin: 1rem 0 .3rem; }
p { margin: .4rem 0; }
p.lead { font-size: 1.12rem; font-weight: 600; background: #eef5fb; border-left: 5px solid #0072B2;
  padding: .5rem .8rem; }
ul { padding-left: 1.3rem; margin: .3rem 0; }
li { margin: .2rem 0; }
.note { background: #fff4e0; border-left: 4px solid #E69F00; padding: .4rem .8rem; font-size: 10pt; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; margin: .6rem 0; font-size: 9pt; width: 100%; }
th, td { border: 1px solid #ccc; padding: .2rem .4rem; vertical-align: top; text-align: left; }
th { background: #eef3f8; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tbody tr:nth-child(even) { background: #fafafa; }
table.grid { font-size: 8pt; }
table.grid th, table.grid td { padding: .2rem .3rem; }
table.grid td { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
table.grid td:first-child { text-align: left; font-weight: 600; white-space: normal; min-width: 8rem; }
table.grid th { font-weight: 600; font-size: 7.5pt; }
table.grid td.level { background: #f2f2f2; }
table.grid td.better { background: #d9f0dc; color: #0b5a1c; font-weight: 600; }
table.grid td.worse { background: #fbdcd6; color: #8a1c0a; font-weight: 600; }
table.grid td.unclear { color: #8a8a8a; }
figure { margin: 1rem 0; }
figure svg { width: 100%; height: auto; display: block; }
figcaption { font-size: 10pt; color: #444; margin-top: .3rem; }
pre { background: #f4f4f4; padding: .6rem; overflow-x: auto; white-space: pre-wrap; }
hr.page { border: 0; border-top: 2px dashed #ccc; margin: 2rem 0; }
@page { size: A4; margin: 14mm 12mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 9.5pt; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  figure, table, pre, .note, p.lead, ul { break-inside: avoid; page-break-inside: avoid; }
  figure svg { max-height: 170mm; }
  tbody tr { break-inside: avoid; }
  hr.page { border: 0; margin: 0; break-after: page; page-break-after: always; }
  table { font-size: 8pt; }
  table.grid td.better, table.grid td.worse, table.grid td.level {
    -webkit-print-color-adjust: exact; print-color-adjust: exact; }
}
";

/// Escapes text for HTML content and attribute values.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// The SVG of a chart for inline use: the opening tag keeps only the view box (the size
/// follows the page; the namespace is implied in HTML) and gains an accessible name.
fn inline_svg(svg: &str, label: &str) -> String {
    let Some(end) = svg.find('>') else {
        return String::new();
    };
    let open = &svg[..end];
    let view_box = open
        .split("viewBox=\"")
        .nth(1)
        .and_then(|rest| rest.split('"').next())
        .unwrap_or("0 0 1600 1000");
    format!(
        "<svg viewBox=\"{}\" role=\"img\" aria-label=\"{}\">{}",
        esc(view_box),
        esc(label),
        &svg[end + 1..]
    )
}

/// Renders the brief as HTML.
pub(super) fn render(doc: &Doc) -> String {
    let mut h = String::new();
    h.push_str("<!DOCTYPE html>\n");
    h.push_str(&format!("<html lang=\"{}\">\n<head>\n", doc.lang.code()));
    h.push_str("<meta charset=\"utf-8\">\n");
    h.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    h.push_str(&format!("<title>{}</title>\n", esc(&doc.title)));
    h.push_str(&format!("<style>{CSS}</style>\n</head>\n<body>\n"));
    h.push_str(&format!("<h1>{}</h1>\n", esc(&doc.title)));
    for block in &doc.blocks {
        match block {
            Block::Heading(level, text, id) => {
                h.push_str(&format!("<h{level} id=\"{id}\">{}</h{level}>\n", esc(text)));
            }
            Block::Para(text) => h.push_str(&format!("<p>{}</p>\n", esc(text))),
            Block::Note(text) => h.push_str(&format!("<p class=\"note\">{}</p>\n", esc(text))),
            Block::List(items) => {
                h.push_str("<ul>\n");
                for i in items {
                    h.push_str(&format!("<li>{}</li>\n", esc(i)));
                }
                h.push_str("</ul>\n");
            }
            Block::Table {
                id,
                head,
                rows,
                numeric_from,
            } => {
                h.push_str(&format!("<table id=\"{id}\">\n<thead><tr>"));
                for c in head {
                    h.push_str(&format!("<th scope=\"col\">{}</th>", esc(c)));
                }
                h.push_str("</tr></thead>\n<tbody>\n");
                for row in rows {
                    h.push_str("<tr>");
                    for (i, c) in row.iter().enumerate() {
                        let class = if i >= *numeric_from {
                            " class=\"num\""
                        } else {
                            ""
                        };
                        h.push_str(&format!("<td{class}>{}</td>", esc(c)));
                    }
                    h.push_str("</tr>\n");
                }
                h.push_str("</tbody>\n</table>\n");
            }
            Block::Figure { id, caption, svg } => {
                h.push_str(&format!("<figure id=\"chart-{}\">\n", esc(id)));
                h.push_str(&inline_svg(svg, caption));
                h.push_str(&format!(
                    "<figcaption>{}</figcaption>\n</figure>\n",
                    esc(caption)
                ));
            }
            Block::Code(text) => h.push_str(&format!("<pre><code>{}</code></pre>\n", esc(text))),
            Block::Lead(text) => h.push_str(&format!("<p class=\"lead\">{}</p>\n", esc(text))),
            Block::PageBreak => h.push_str("<hr class=\"page\">\n"),
            Block::Grid { id, head, rows } => {
                h.push_str(&format!(
                    "<div class=\"table-wrap\"><table class=\"grid\" id=\"{id}\">\n<thead><tr>"
                ));
                for c in head {
                    h.push_str(&format!("<th scope=\"col\">{}</th>", esc(c)));
                }
                h.push_str("</tr></thead>\n<tbody>\n");
                for row in rows {
                    h.push_str("<tr>");
                    for c in row {
                        let class = match c.tone {
                            Tone::Plain => "",
                            Tone::Level => " class=\"level\"",
                            Tone::Better => " class=\"better\"",
                            Tone::Worse => " class=\"worse\"",
                            Tone::Unclear => " class=\"unclear\"",
                        };
                        let text = esc(&c.text).replace('\n', "<br>");
                        h.push_str(&format!("<td{class}>{text}</td>"));
                    }
                    h.push_str("</tr>\n");
                }
                h.push_str("</tbody>\n</table></div>\n");
            }
        }
    }
    h.push_str("</body>\n</html>\n");
    h
}

//! `report.html`: one self-contained file with inline CSS and inline SVG charts; it loads
//! nothing (no scripts, fonts, images or style sheets from anywhere) and prints on A4.

use super::{Block, Doc};

const CSS: &str = "
:root { color-scheme: light; }
body { font-family: 'DejaVu Sans', 'Helvetica Neue', Arial, sans-serif; color: #1a1a1a;
  max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.45; font-size: 11pt; }
h1 { font-size: 1.7rem; border-bottom: 3px solid #0072B2; padding-bottom: .3rem; }
h2 { font-size: 1.3rem; margin-top: 2rem; border-bottom: 1px solid #ccc; }
h3 { font-size: 1.1rem; }
ul { padding-left: 1.3rem; }
li { margin: .25rem 0; }
.note { background: #fff4e0; border-left: 4px solid #E69F00; padding: .5rem .8rem; }
table { border-collapse: collapse; margin: .8rem 0; font-size: 9pt; width: 100%; }
th, td { border: 1px solid #ccc; padding: .2rem .4rem; vertical-align: top; text-align: left; }
th { background: #eef3f8; }
td.num { text-align: right; white-space: nowrap; font-variant-numeric: tabular-nums; }
tbody tr:nth-child(even) { background: #fafafa; }
figure { margin: 1.2rem 0; }
figure svg { width: 100%; height: auto; display: block; }
figcaption { font-size: 10pt; color: #444; margin-top: .3rem; }
pre { background: #f4f4f4; padding: .6rem; overflow-x: auto; white-space: pre-wrap; }
@page { size: A4; margin: 15mm; }
@media print {
  body { max-width: none; margin: 0; padding: 0; font-size: 10pt; }
  h2, h3 { break-after: avoid; page-break-after: avoid; }
  figure, table, pre, .note { break-inside: avoid; page-break-inside: avoid; }
  tbody tr { break-inside: avoid; }
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
        }
    }
    h.push_str("</body>\n</html>\n");
    h
}

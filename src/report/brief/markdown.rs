//! `report.md`: the brief in Markdown, with the charts linked as `charts/<id>.png`.

use super::{Block, Doc};

/// Escapes Markdown syntax characters in text.
fn esc(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        if matches!(
            c,
            '\\' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '`' | '#'
        ) {
            out.push('\\');
        }
        if c == '\n' {
            out.push(' ');
        } else {
            out.push(c);
        }
    }
    out
}

/// Renders the brief as Markdown.
pub(super) fn render(doc: &Doc) -> String {
    let mut m = format!("# {}\n\n", esc(&doc.title));
    for block in &doc.blocks {
        match block {
            Block::Heading(level, text, _) => {
                m.push_str(&format!(
                    "{} {}\n\n",
                    "#".repeat(*level as usize),
                    esc(text)
                ));
            }
            Block::Para(text) => m.push_str(&format!("{}\n\n", esc(text))),
            Block::Note(text) => m.push_str(&format!("> **{}**\n\n", esc(text))),
            Block::List(items) => {
                for i in items {
                    m.push_str(&format!("- {}\n", esc(i)));
                }
                m.push('\n');
            }
            Block::Table {
                head,
                rows,
                numeric_from,
                ..
            } => {
                let line = |cells: Vec<String>| format!("| {} |\n", cells.join(" | "));
                m.push_str(&line(head.iter().map(|c| esc(c)).collect()));
                m.push_str(&line(
                    (0..head.len())
                        .map(|i| if i >= *numeric_from { "---:" } else { "---" }.to_string())
                        .collect(),
                ));
                for row in rows {
                    m.push_str(&line(row.iter().map(|c| esc(c)).collect()));
                }
                m.push('\n');
            }
            Block::Figure { id, caption, .. } => {
                m.push_str(&format!(
                    "![{}]({}/{id}.png)\n\n*{}*\n\n",
                    esc(caption),
                    doc.charts_dir,
                    esc(caption)
                ));
            }
            Block::Code(text) => m.push_str(&format!("```sh\n{text}\n```\n\n")),
            Block::Lead(text) => m.push_str(&format!("**{}**\n\n", esc(text))),
            Block::PageBreak => m.push_str("---\n\n"),
            Block::Grid { head, rows, .. } => {
                let line = |cells: Vec<String>| format!("| {} |\n", cells.join(" | "));
                m.push_str(&line(head.iter().map(|c| esc(c)).collect()));
                m.push_str(&line(
                    (0..head.len())
                        .map(|i| if i == 0 { "---" } else { "---:" }.to_string())
                        .collect(),
                ));
                for row in rows {
                    m.push_str(&line(row.iter().map(|c| esc(&c.text)).collect()));
                }
                m.push('\n');
            }
        }
    }
    m
}

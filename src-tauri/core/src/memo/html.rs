//! The memo as an HTML fragment for the preview beside the editor.
//!
//! Every piece of text is escaped (`& < > " '`): contract titles and notes come from
//! files and other people, so they are data, never markup. The fragment carries class
//! names only; `ui/styles.css` makes it look like the printed page.

use std::fmt::Write as _;

use super::document::{Align, Block, Memo, Table};
use crate::markup::escape;
use crate::tco::chart::to_svg;

/// Renders the memo as an `<article class="memo">` fragment.
pub fn to_html(memo: &Memo) -> String {
    let mut out = String::from(r#"<article class="memo">"#);
    let header = &memo.header;
    let _ = write!(
        out,
        r#"<header class="memo-header">{}<p class="memo-jurisdiction">{}</p><h1 class="memo-kind">Staff report</h1><dl>"#,
        header.logo.as_ref().map_or(String::new(), |logo| format!(
            r#"<img class="memo-logo" alt="{}" src="{}">"#,
            escape(&logo.alt_or(&header.jurisdiction)),
            logo.data_url()
        )),
        escape(&header.jurisdiction)
    );
    for fact in header.facts() {
        let _ = write!(
            out,
            "<dt>{}</dt><dd>{}</dd>",
            escape(&fact.label),
            escape(&fact.value)
        );
    }
    out.push_str("</dl></header>");
    for block in &memo.blocks {
        block_html(&mut out, block);
    }
    out.push_str("</article>");
    out
}

fn block_html(out: &mut String, block: &Block) {
    match block {
        Block::Heading { level, text } => {
            // The memo's title is the page's h1; sections start at h2.
            let tag = (level + 1).clamp(2, 6);
            let _ = write!(out, "<h{tag}>{}</h{tag}>", escape(text));
        }
        Block::Paragraph { text } => {
            let _ = write!(out, "<p>{}</p>", escape(text));
        }
        Block::List { ordered, items } => {
            out.push_str(if *ordered { r#"<ol type="a">"# } else { "<ul>" });
            for item in items {
                let _ = write!(out, "<li>{}</li>", escape(item));
            }
            out.push_str(if *ordered { "</ol>" } else { "</ul>" });
        }
        Block::Facts { facts } => {
            out.push_str(r#"<dl class="memo-facts">"#);
            for fact in facts {
                let _ = write!(
                    out,
                    "<dt>{}</dt><dd>{}</dd>",
                    escape(&fact.label),
                    escape(&fact.value)
                );
            }
            out.push_str("</dl>");
        }
        Block::Table(table) => table_html(out, table),
        Block::Chart { spec, alt } => {
            // `to_svg` escapes its own text.
            let _ = write!(
                out,
                r#"<figure class="memo-chart" aria-label="{}">{}</figure>"#,
                escape(alt),
                to_svg(spec)
            );
        }
        Block::Signatures { signers } => {
            out.push_str(r#"<div class="memo-signatures">"#);
            for signer in signers {
                let _ = write!(
                    out,
                    r#"<div class="memo-signature"><p class="memo-signature-role">{}</p><p class="memo-signature-line"></p><p>{}</p><p>{}</p><p>Date</p></div>"#,
                    escape(&signer.role),
                    escape(&signer.name),
                    escape(&signer.title)
                );
            }
            out.push_str("</div>");
        }
        Block::PageBreak => out.push_str(r#"<hr class="memo-page-break">"#),
    }
}

fn table_html(out: &mut String, table: &Table) {
    out.push_str(r#"<table class="memo-table">"#);
    if !table.caption.is_empty() {
        let _ = write!(out, "<caption>{}</caption>", escape(&table.caption));
    }
    out.push_str("<thead><tr>");
    for column in &table.columns {
        let _ = write!(
            out,
            r#"<th scope="col"{}>{}</th>"#,
            align_class(column.align),
            escape(&column.heading)
        );
    }
    out.push_str("</tr></thead><tbody>");
    for (index, row) in table.rows.iter().enumerate() {
        let total = table.total_row && index + 1 == table.rows.len();
        out.push_str(if total {
            r#"<tr class="total">"#
        } else {
            "<tr>"
        });
        for (cell, column) in row.iter().zip(&table.columns) {
            let _ = write!(
                out,
                "<td{}>{}</td>",
                align_class(column.align),
                escape(cell)
            );
        }
        out.push_str("</tr>");
    }
    out.push_str("</tbody></table>");
}

fn align_class(align: Align) -> &'static str {
    match align {
        Align::Left => "",
        Align::Right => r#" class="num""#,
    }
}

//! The report as a PDF, written directly with `pdf-writer`: a small, maintained, pure-Rust
//! crate with no system dependencies and no headless browser. The report is text and simple
//! bars, so the 14 standard PDF fonts (Helvetica, WinAnsi encoding) suffice and nothing needs
//! embedding; the layout is a plain top-to-bottom flow with line wrapping and page breaks.

use crate::reports::product::{Comparisons, ProductReport, SchoolGaps, Stat, SupportTrend};
use pdf_writer::{Content, Finish, Name, Pdf, Rect, Ref, Str, TextStr};

const WIDTH: f32 = 595.0;
const HEIGHT: f32 = 842.0;
const LEFT: f32 = 50.0;
const RIGHT: f32 = WIDTH - 50.0;
const TOP: f32 = HEIGHT - 50.0;
const BOTTOM: f32 = 60.0;
const REGULAR: Name<'static> = Name(b"F1");
const BOLD: Name<'static> = Name(b"F2");

/// Text in the WinAnsi encoding of the standard fonts (unmappable characters are replaced by
/// ASCII look-alikes, or "?" as a last resort).
fn win_ansi(text: &str) -> Vec<u8> {
    let mut out = Vec::with_capacity(text.len());
    for c in text.chars() {
        match c {
            ' '..='~' => out.push(c as u8),
            '–' => out.push(0x96),
            '—' => out.push(0x97),
            '‘' => out.push(0x91),
            '’' => out.push(0x92),
            '“' => out.push(0x93),
            '”' => out.push(0x94),
            '…' => out.push(0x85),
            '•' => out.push(0x95),
            '€' => out.push(0x80),
            '≤' => out.extend_from_slice(b"<="),
            '≥' => out.extend_from_slice(b">="),
            '−' => out.push(b'-'),
            'χ' => out.extend_from_slice(b"chi"),
            '\u{a0}'..='\u{ff}' => out.push(u8::try_from(u32::from(c)).unwrap_or(b'?')),
            _ => out.push(b'?'),
        }
    }
    out
}

/// A top-to-bottom text flow over A4 pages.
struct Flow {
    pages: Vec<Content>,
    page: Content,
    y: f32,
    footer: String,
}

impl Flow {
    fn new(footer: String) -> Self {
        Self {
            pages: Vec::new(),
            page: Content::new(),
            y: TOP,
            footer,
        }
    }

    fn new_page(&mut self) {
        let done = std::mem::replace(&mut self.page, Content::new());
        self.pages.push(done);
        self.y = TOP;
    }

    fn need(&mut self, height: f32) {
        if self.y - height < BOTTOM {
            self.new_page();
        }
    }

    /// Writes wrapped text (Helvetica's average glyph is about half the font size wide).
    fn text(&mut self, text: &str, bold: bool, size: f32, indent: f32) {
        let per_line = (((RIGHT - LEFT - indent) / (size * 0.5)) as usize).max(20);
        let mut line = String::new();
        let mut lines = Vec::new();
        for word in text.split_whitespace() {
            if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > per_line {
                lines.push(std::mem::take(&mut line));
            }
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
        if !line.is_empty() {
            lines.push(line);
        }
        for l in lines {
            self.need(size * 1.35);
            self.y -= size * 1.35;
            self.page
                .begin_text()
                .set_font(if bold { BOLD } else { REGULAR }, size)
                .next_line(LEFT + indent, self.y)
                .show(Str(&win_ansi(&l)))
                .end_text();
        }
    }

    fn heading(&mut self, text: &str) {
        self.need(60.0);
        self.y -= 10.0;
        self.text(text, true, 14.0, 0.0);
        self.y -= 2.0;
    }

    /// A 1–5 distribution bar in shades of grey (the shares are printed beside it as text).
    fn bar(&mut self, shares: &[f64], indent: f32) {
        if shares.len() != 5 {
            return;
        }
        self.need(14.0);
        self.y -= 11.0;
        let mut x = LEFT + indent;
        for (i, s) in shares.iter().enumerate() {
            let w = 160.0 * *s as f32;
            self.page
                .set_fill_gray(0.15 + 0.17 * i as f32)
                .rect(x, self.y, w, 7.0)
                .fill_nonzero();
            x += w;
        }
        let words: Vec<String> = shares
            .iter()
            .map(|s| format!("{:.0}%", 100.0 * s))
            .collect();
        self.page
            .set_fill_gray(0.0)
            .begin_text()
            .set_font(REGULAR, 7.5)
            .next_line(LEFT + indent + 170.0, self.y + 0.5)
            .show(Str(&win_ansi(&format!(
                "answers 1 to 5: {}",
                words.join(" / ")
            ))))
            .end_text();
    }

    fn stat_line(&mut self, label: &str, stat: &Stat) {
        self.text(&format!("{label}: {}", stat.text), false, 9.5, 10.0);
    }

    fn finish(mut self, title: &str) -> Vec<u8> {
        self.new_page();
        let catalog = Ref::new(1);
        let tree = Ref::new(2);
        let regular = Ref::new(3);
        let bold = Ref::new(4);
        let info = Ref::new(5);
        let mut next = 6;
        let mut pdf = Pdf::new();
        pdf.catalog(catalog).pages(tree);
        pdf.document_info(info)
            .title(TextStr(title))
            .creator(TextStr("Chorus"));
        pdf.type1_font(regular)
            .base_font(Name(b"Helvetica"))
            .encoding_predefined(Name(b"WinAnsiEncoding"));
        pdf.type1_font(bold)
            .base_font(Name(b"Helvetica-Bold"))
            .encoding_predefined(Name(b"WinAnsiEncoding"));
        let count = self.pages.len();
        let mut kids = Vec::new();
        for (i, mut content) in self.pages.into_iter().enumerate() {
            let page_id = Ref::new(next);
            let content_id = Ref::new(next + 1);
            next += 2;
            kids.push(page_id);
            content
                .set_fill_gray(0.4)
                .begin_text()
                .set_font(REGULAR, 8.0)
                .next_line(LEFT, 30.0)
                .show(Str(&win_ansi(&format!(
                    "{} · page {} of {count}",
                    self.footer,
                    i + 1
                ))))
                .end_text();
            let mut page = pdf.page(page_id);
            page.media_box(Rect::new(0.0, 0.0, WIDTH, HEIGHT))
                .parent(tree)
                .contents(content_id);
            page.resources()
                .fonts()
                .pair(REGULAR, regular)
                .pair(BOLD, bold);
            page.finish();
            pdf.stream(content_id, &content.finish());
        }
        pdf.pages(tree)
            .kids(kids)
            .count(i32::try_from(count).unwrap_or(i32::MAX));
        pdf.finish()
    }
}

/// A section of comparisons: the flagged ones as sentences with their test, then how many
/// were tested.
fn comparisons(f: &mut Flow, heading: &str, section: &Comparisons) {
    f.heading(heading);
    for c in &section.flagged {
        f.text(&format!("• {}", c.sentence), false, 10.0, 10.0);
        f.text(&c.detail, false, 8.5, 20.0);
    }
    f.text(&section.note, false, 9.0, 10.0);
}

/// Differences between the schools shown: the flagged pairs as sentences with their test,
/// how many were tested, then how it was tested and each construct's χ² test.
fn school_gaps(f: &mut Flow, gaps: &SchoolGaps) {
    f.text("Differences between schools", true, 10.5, 0.0);
    for c in &gaps.pairs.flagged {
        f.text(&format!("• {}", c.sentence), false, 10.0, 10.0);
        f.text(&c.detail, false, 8.5, 20.0);
    }
    f.text(&gaps.pairs.note, false, 9.0, 10.0);
    f.text("How this was tested", true, 9.0, 10.0);
    f.text(&gaps.method, false, 8.5, 10.0);
    for t in &gaps.tests {
        f.text(&t.text, false, 8.5, 20.0);
    }
}

/// Support satisfaction per wave, oldest first, and the last change.
fn support_trend(f: &mut Flow, trend: &SupportTrend) {
    f.text("Across waves", true, 10.5, 0.0);
    for w in &trend.waves {
        f.stat_line(&w.wave, &w.stat);
    }
    f.text(&trend.note, false, 9.0, 10.0);
    if let Some(c) = &trend.last_change {
        f.text(&c.detail, false, 8.5, 20.0);
    }
}

/// The PDF bytes of a report.
pub fn report_pdf(r: &ProductReport) -> Vec<u8> {
    let mut f = Flow::new(format!(
        "Chorus · {} · {}, {}",
        r.product, r.survey_title, r.wave
    ));
    f.text(&r.product, true, 20.0, 0.0);
    f.text(
        &format!(
            "{} · {}, {}{} · {}",
            r.vendor,
            r.survey_title,
            r.wave,
            r.contract_end
                .as_ref()
                .map(|d| format!(" · contract ends {d}"))
                .unwrap_or_default(),
            r.view
        ),
        false,
        10.0,
        0.0,
    );
    f.heading("Summary");
    f.text(
        &format!("Verdict: {}", r.summary.verdict_label),
        true,
        12.0,
        0.0,
    );
    for e in &r.summary.evidence {
        f.text(&format!("• {e}"), false, 10.0, 10.0);
    }
    for g in &r.summary.responses {
        f.text(
            &format!(
                "{}: {} completed; response rate {}",
                g.group, g.completed.text, g.rate.text
            ),
            false,
            9.5,
            10.0,
        );
    }
    f.heading("Constructs");
    let mut last = String::new();
    for c in &r.constructs {
        if c.name != last {
            f.text(&c.name, true, 10.5, 0.0);
            last.clone_from(&c.name);
        }
        f.text(
            &format!(
                "{}: favourable {}; mean {}; alpha {}",
                c.group, c.favourable.text, c.mean.text, c.alpha_text
            ),
            false,
            9.5,
            10.0,
        );
        f.bar(&c.distribution, 10.0);
    }
    comparisons(&mut f, "Group gaps (percent favourable)", &r.gaps);
    f.heading("Adoption");
    for g in &r.adoption {
        f.stat_line(&format!("{} use it", g.group), &g.stat);
    }
    f.text(r.adoption_basis, false, 8.5, 10.0);
    if let Some(cost) = &r.cost_per_active_user {
        f.text(&format!("Cost: {cost}."), false, 9.5, 10.0);
    }
    if !r.features.is_empty() {
        f.text("Feature matrix (most unaware first)", true, 10.5, 0.0);
        for x in &r.features {
            f.text(
                &format!(
                    "{}: use {}; know, don't use {}; unaware {}; want training {}",
                    x.feature, x.uses.text, x.knows.text, x.unaware.text, x.wants_training.text
                ),
                false,
                9.5,
                10.0,
            );
        }
    }
    if !r.training.is_empty() {
        f.heading("Training gap");
        for t in &r.training {
            f.text(
                &format!(
                    "{}: feel confident {}; want a lot more training {}",
                    t.group, t.confident.text, t.wants_a_lot_more.text
                ),
                false,
                9.5,
                10.0,
            );
        }
    }
    if !r.support.is_empty() {
        f.heading("Vendor support");
        for g in &r.support {
            f.stat_line(&format!("{} satisfied", g.group), &g.stat);
        }
        support_trend(&mut f, &r.support_trend);
    }
    if !r.recommend.is_empty() {
        f.heading("Would recommend (net score, -100 to 100)");
        for g in &r.recommend {
            f.stat_line(&g.group, &g.stat);
        }
    }
    let against = r
        .trend
        .previous_wave
        .as_ref()
        .map_or_else(String::new, |w| format!(" against {w}"));
    comparisons(&mut f, &format!("Trend{against}"), &r.trend.comparisons);
    f.heading("Schools (percent favourable)");
    for row in &r.schools.rows {
        f.text(&row.school, true, 10.0, 0.0);
        for (name, cell) in r.schools.constructs.iter().zip(&row.cells) {
            f.stat_line(name, &cell.stat);
        }
    }
    school_gaps(&mut f, &r.school_gaps);
    f.heading("Items");
    for i in &r.items {
        f.text(
            &format!(
                "{} ({}): favourable {}; mean {}",
                i.wording, i.group, i.favourable.text, i.mean.text
            ),
            false,
            9.0,
            10.0,
        );
    }
    if !r.standings.is_empty() {
        f.heading("Benchmarks");
        for b in &r.standings {
            f.text(&b.text, false, 9.5, 10.0);
        }
    }
    if let Some(pooled) = &r.pooled_benchmarks {
        f.heading(&format!("Other districts using {}", r.product));
        for p in &pooled.rows {
            f.stat_line(&format!("{}, this report", p.name), &p.own);
            f.text(&p.text, false, 9.5, 20.0);
        }
    }
    if let Some(comments) = &r.comments {
        f.heading("Comments");
        f.text(&comments.summary, false, 9.5, 0.0);
        for c in &comments.shown {
            f.text(&format!("\"{}\" ({})", c.text, c.from), false, 9.0, 10.0);
        }
    }
    f.finish(&format!("{} — {}", r.product, r.wave))
}

#[cfg(test)]
mod tests {
    use super::win_ansi;

    #[test]
    fn text_is_encoded_for_the_standard_fonts() {
        assert_eq!(win_ansi("a–b ≥95% é"), b"a\x96b >=95% \xe9".to_vec());
        assert_eq!(win_ansi("日"), b"?".to_vec());
        assert_eq!(win_ansi("χ²(2)"), b"chi\xb2(2)".to_vec());
    }
}

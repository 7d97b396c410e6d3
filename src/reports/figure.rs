//! Inline SVG charts for the page and the printable report. Styling is by class only (the
//! content security policy forbids style attributes), and every chart carries its numbers
//! as text (`<title>` per segment and an `aria-label`), so colour never carries meaning alone.

/// Labels of the five answers of a 1–5 agreement scale.
const SCALE: [&str; 5] = [
    "1 strongly disagree",
    "2 disagree",
    "3 neither",
    "4 agree",
    "5 strongly agree",
];

/// Escapes text for an SVG attribute or element.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// A 100%-stacked bar of the shares of answers 1..5 (empty string when there are none).
/// Segments wide enough carry their percentage printed on them.
pub fn stacked_bar(shares: &[f64], label: &str) -> String {
    if shares.len() != SCALE.len() {
        return String::new();
    }
    let words: Vec<String> = SCALE
        .iter()
        .zip(shares)
        .map(|(name, s)| format!("{name}: {:.0}%", 100.0 * s))
        .collect();
    let mut svg = format!(
        "<svg class=\"bar\" viewBox=\"0 0 100 8\" width=\"240\" height=\"20\" role=\"img\" aria-label=\"{}: {}\" preserveAspectRatio=\"none\">",
        escape(label),
        escape(&words.join(", "))
    );
    let mut x = 0.0;
    for (i, (s, word)) in shares.iter().zip(&words).enumerate() {
        let w = 100.0 * s;
        if w > 0.0 {
            svg.push_str(&format!(
                "<rect class=\"s{}\" x=\"{x:.2}\" y=\"0\" width=\"{w:.2}\" height=\"8\"><title>{}</title></rect>",
                i + 1,
                escape(word)
            ));
            if w >= 12.0 {
                svg.push_str(&format!(
                    "<text class=\"bar-label\" x=\"{:.2}\" y=\"6\" text-anchor=\"middle\" font-size=\"5\">{:.0}</text>",
                    x + w / 2.0,
                    w
                ));
            }
        }
        x += w;
    }
    svg.push_str("</svg>");
    svg
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bars_carry_their_numbers_as_text_and_no_style() {
        let svg = stacked_bar(&[0.1, 0.1, 0.2, 0.4, 0.2], "Ease <of> use");
        assert!(svg.contains("aria-label=\"Ease &lt;of&gt; use: 1 strongly disagree: 10%"));
        assert!(svg.contains("<title>4 agree: 40%</title>"));
        assert!(!svg.contains("style="));
        assert_eq!(stacked_bar(&[], "x"), "");
    }
}

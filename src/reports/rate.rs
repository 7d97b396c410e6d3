//! A response rate in words: completed responses ÷ the expected headcount of the same cells,
//! with a rate above 100% flagged rather than shown bare (the headcount is then too low or
//! the wrong group's).

use serde::Serialize;

/// The words every page, feed and download give a rate above 100%.
pub const OVER_EXPECTED: &str = "more responses than expected: check the headcount";

/// A response rate.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum ResponseRate {
    /// No headcount is recorded for these cells, so there is no rate.
    NoHeadcount,
    /// Completed ÷ expected, at most 1.
    Share {
        /// The share, 0..=1.
        value: f64,
    },
    /// More completed responses than the headcount.
    OverExpected {
        /// The ratio, above 1.
        value: f64,
    },
}

impl ResponseRate {
    /// The rate of `completed` responses against `expected` people.
    pub fn of(completed: u64, expected: u64) -> Self {
        if expected == 0 {
            return ResponseRate::NoHeadcount;
        }
        let value = completed as f64 / expected as f64;
        if completed > expected {
            ResponseRate::OverExpected { value }
        } else {
            ResponseRate::Share { value }
        }
    }

    /// The ratio, when there is a headcount.
    pub fn value(self) -> Option<f64> {
        match self {
            ResponseRate::NoHeadcount => None,
            ResponseRate::Share { value } | ResponseRate::OverExpected { value } => Some(value),
        }
    }

    /// The flag's words, for a rate above 100%.
    pub fn flag(self) -> Option<&'static str> {
        matches!(self, ResponseRate::OverExpected { .. }).then_some(OVER_EXPECTED)
    }

    /// The rate as pages print it: "62%", "112% — more responses than expected: check the
    /// headcount", or "no expected count".
    pub fn text(self) -> String {
        match self {
            ResponseRate::NoHeadcount => "no expected count".into(),
            ResponseRate::Share { value } => format!("{:.0}%", 100.0 * value),
            ResponseRate::OverExpected { value } => {
                format!("{:.0}% — {OVER_EXPECTED}", 100.0 * value)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rates_over_100_percent_are_flagged_in_words() {
        assert_eq!(ResponseRate::of(5, 0).text(), "no expected count");
        assert_eq!(ResponseRate::of(0, 0).flag(), None);
        assert_eq!(ResponseRate::of(31, 50).text(), "62%");
        assert_eq!(ResponseRate::of(50, 50).text(), "100%");
        assert_eq!(ResponseRate::of(50, 50).flag(), None);
        let over = ResponseRate::of(56, 50);
        assert_eq!(
            over.text(),
            "112% — more responses than expected: check the headcount"
        );
        assert_eq!(over.flag(), Some(OVER_EXPECTED));
        assert_eq!(over.value(), Some(1.12));
        assert_eq!(
            ResponseRate::of(6, 2).text(),
            format!("300% — {OVER_EXPECTED}")
        );
    }
}

//! The comment search of a report (`?q=`): trimmed, non-empty, at most 100 characters, and
//! kept in lower case so matching is a plain case-insensitive substring test.

/// The longest search accepted, in characters.
pub const MAX_SEARCH_CHARS: usize = 100;

/// A search over the shown comments of a report; only a valid one can exist.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentSearch {
    /// As typed (trimmed), for the form and the summary line.
    typed: String,
    /// Lower-cased, for matching.
    folded: String,
}

/// Why a search was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SearchError {
    /// Longer than [`MAX_SEARCH_CHARS`].
    #[error("A search is at most {MAX_SEARCH_CHARS} characters.")]
    TooLong,
}

impl CommentSearch {
    /// Parses a query value: `Ok(None)` when empty or blank (no search).
    pub fn parse(raw: &str) -> Result<Option<Self>, SearchError> {
        let typed = raw.trim();
        if typed.is_empty() {
            return Ok(None);
        }
        if typed.chars().count() > MAX_SEARCH_CHARS {
            return Err(SearchError::TooLong);
        }
        Ok(Some(Self {
            typed: typed.to_string(),
            folded: typed.to_lowercase(),
        }))
    }

    /// The search as typed.
    pub fn as_str(&self) -> &str {
        &self.typed
    }

    /// Whether `text` contains the search, ignoring case.
    pub fn matches(&self, text: &str) -> bool {
        text.to_lowercase().contains(&self.folded)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blank_is_no_search_and_long_is_refused() {
        assert_eq!(CommentSearch::parse("   "), Ok(None));
        assert_eq!(
            CommentSearch::parse(&"x".repeat(101)),
            Err(SearchError::TooLong)
        );
        assert!(CommentSearch::parse(&"é".repeat(100)).unwrap().is_some());
    }

    #[test]
    fn matching_ignores_case_including_accents() {
        let s = CommentSearch::parse("  ÉXITO ").unwrap().unwrap();
        assert_eq!(s.as_str(), "ÉXITO");
        assert!(s.matches("Un gran éxito para la clase"));
        assert!(!s.matches("exito"));
    }
}

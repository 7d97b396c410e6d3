//! A response's answers packed into one value on its row (`responses.answers_packed`), written
//! in the submission's transaction beside the narrow `answers` rows.
//!
//! Why: the raw-responses export reads every response of a survey. Read as answer rows (about
//! 60 per response), reading and decoding them bounded the export at about 20,000 responses a
//! second on SQLite and 9,000 on PostgreSQL; one packed value per response is one row to read
//! (`docs/performance.md`, "Raw-responses export"). The narrow rows stay what the comments and
//! the aggregate rebuild read; the rebuild writes the packs again from them, which is how a
//! migration fills in rows stored before packs existed (`db::aggregates::pending`).
//!
//! Format: one version byte, then each answer in postcard's encoding (varint integers,
//! length-prefixed text) one after another, so reading needs no allocation but the text.

use serde::{Deserialize, Serialize};

/// The format written now; a value starting with another byte is refused, not misread.
const VERSION: u8 = 1;

/// One answer as packed: what the export writes of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct PackedAnswer<'a> {
    /// Item.
    pub item: i32,
    /// Product of a per-product item, or the product chosen on the routing item.
    pub product: Option<i32>,
    /// Feature of a feature-matrix answer.
    pub feature: Option<i32>,
    /// Numeric value.
    pub value: Option<i64>,
    /// "Does not apply".
    pub not_applicable: bool,
    /// Feature matrix: training wanted.
    pub wants_training: bool,
    /// Free text.
    #[serde(borrow)]
    pub text: Option<&'a str>,
}

/// Why a stored value could not be read as answers.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum UnpackError {
    /// The value is empty or starts with a format byte this build does not know.
    #[error("packed answers have an unknown format")]
    UnknownFormat,
    /// The value is cut short or not postcard.
    #[error("packed answers are corrupt: {0}")]
    Corrupt(#[from] postcard::Error),
}

/// Packs answers, in the order given.
pub fn pack<'a>(answers: impl IntoIterator<Item = PackedAnswer<'a>>) -> Vec<u8> {
    let mut out = vec![VERSION];
    for answer in answers {
        // Writing into a Vec cannot fail, and every field of an answer has an encoding.
        out = match postcard::to_extend(&answer, out) {
            Ok(out) => out,
            Err(_) => unreachable!("postcard writes every answer into a Vec"),
        };
    }
    out
}

/// The answers of a packed value, in the order they were packed, borrowing its text; read
/// one at a time, so a page of the export allocates nothing for them.
pub fn unpack(packed: &[u8]) -> Result<Answers<'_>, UnpackError> {
    match packed.split_first() {
        Some((&VERSION, rest)) => Ok(Answers { rest }),
        _ => Err(UnpackError::UnknownFormat),
    }
}

/// The answers of a packed value still to read.
#[derive(Debug, Clone)]
pub struct Answers<'a> {
    rest: &'a [u8],
}

impl<'a> Iterator for Answers<'a> {
    type Item = Result<PackedAnswer<'a>, UnpackError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.rest.is_empty() {
            return None;
        }
        Some(
            match postcard::take_from_bytes::<PackedAnswer<'a>>(self.rest) {
                Ok((answer, rest)) => {
                    self.rest = rest;
                    Ok(answer)
                }
                Err(e) => {
                    // Nothing after a corrupt answer can be read.
                    self.rest = &[];
                    Err(e.into())
                }
            },
        )
    }
}

/// All the answers of a packed value, or why they cannot be read.
pub fn unpack_all(packed: &[u8]) -> Result<Vec<PackedAnswer<'_>>, UnpackError> {
    unpack(packed)?.collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn answer(item: i32) -> PackedAnswer<'static> {
        PackedAnswer {
            item,
            product: None,
            feature: None,
            value: None,
            not_applicable: false,
            wants_training: false,
            text: None,
        }
    }

    #[test]
    fn no_answers_pack_to_the_version_byte_alone() {
        let packed = pack([]);
        assert_eq!(packed, vec![VERSION]);
        assert_eq!(unpack_all(&packed), Ok(vec![]));
    }

    #[test]
    fn an_unknown_format_or_a_cut_value_is_refused() {
        assert_eq!(unpack_all(&[]), Err(UnpackError::UnknownFormat));
        assert_eq!(unpack_all(&[2, 0]), Err(UnpackError::UnknownFormat));
        let packed = pack([PackedAnswer {
            text: Some("a comment"),
            ..answer(7)
        }]);
        assert!(matches!(
            unpack_all(&packed[..packed.len() - 3]),
            Err(UnpackError::Corrupt(_))
        ));
    }

    #[test]
    fn a_scale_answer_takes_a_few_bytes() {
        let packed = pack([PackedAnswer {
            product: Some(12),
            value: Some(4),
            ..answer(300)
        }]);
        // The version byte, then 10 for the answer (an answer row is over 60 bytes).
        assert_eq!(packed.len(), 1 + 10);
    }

    proptest! {
        #[test]
        fn what_is_packed_is_unpacked(
            raw in proptest::collection::vec(
                (any::<i32>(), any::<Option<i32>>(), any::<Option<i32>>(), any::<Option<i64>>(),
                 any::<bool>(), any::<bool>(), any::<Option<String>>()),
                0..40,
            )
        ) {
            let answers: Vec<PackedAnswer<'_>> = raw
                .iter()
                .map(|(item, product, feature, value, not_applicable, wants_training, text)| {
                    PackedAnswer {
                        item: *item,
                        product: *product,
                        feature: *feature,
                        value: *value,
                        not_applicable: *not_applicable,
                        wants_training: *wants_training,
                        text: text.as_deref(),
                    }
                })
                .collect();
            let packed = pack(answers.iter().copied());
            prop_assert_eq!(unpack_all(&packed), Ok(answers));
        }
    }
}

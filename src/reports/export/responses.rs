//! Raw anonymised responses as CSV: one row per completed response, one column per item (per
//! product and per feature where the item is asked per product). Every response the viewer
//! may see is a row, so the export's counts per group are the report's; what a row may carry
//! (school, group, language, month) and which of its answers it shows is decided by
//! [`Recoding`] from what the report publishes. Rows carry a running number, never a
//! database id. Written a page of responses at a time, so the export streams whatever its
//! size.

use super::formula::{formula_safe, write_safe_record};
use super::recoding::{Cell, Place, Recoded, Recoding, Set};
use crate::db::models::products::{FeatureRow, ProductRow};
use crate::db::models::responses::ExportResponse;
use crate::db::models::surveys::SurveyItemRow;
use crate::db::packed_answers::{unpack, PackedAnswer, UnpackError};
use crate::domain::ItemKind;
use crate::survey::kinds;
use chrono::Datelike;
use std::collections::HashMap;
use std::fmt::Write as _;

/// Which column an answer goes to: (item, product or 0, feature or 0).
type ColumnKey = (i32, i32, i32);

/// A map looked up for every answer of every row (tens of millions of times in a large
/// export), keyed by ids Chorus assigns, never by outside text: a fast hash, not SipHash.
type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;

/// What the rows of one school × group × language cell carry: their labels' set and which
/// columns they show, worked out once per page and cell.
struct CellPlan {
    set: Set,
    shown: Vec<bool>,
}

/// What a recoded label or a hidden answer reads.
pub const WITHHELD: &str = "withheld";

/// The lines of notes before the header row (read with `pandas.read_csv(f, skiprows=4)`).
pub const NOTE_LINES: usize = 4;

/// The export's columns and the rules for its rows.
pub struct ResponseExport {
    header: Vec<String>,
    columns: FastMap<ColumnKey, usize>,
    /// The product (or 0) of each answer column, by column index.
    products: Vec<i32>,
    /// The item of each text column (`None`: not text), by column index.
    texts: Vec<Option<i32>>,
    schools: HashMap<i32, String>,
    recoding: Recoding,
    title: String,
}

/// Why a page of the export could not be written.
#[derive(Debug, thiserror::Error)]
pub enum PageError {
    /// A response has no packed answers (a migration's rebuild has not run).
    #[error("response {0} has no packed answers; run `chorus migrate`")]
    NotPacked(i32),
    /// A response's packed answers cannot be read.
    #[error("response {0}: {1}")]
    Unpack(i32, UnpackError),
}

/// Fixed leading columns.
const LEADING: [&str; 5] = ["response", "school", "group", "language", "submitted_in"];

impl ResponseExport {
    /// Lays out the columns of a survey.
    pub fn new(
        title: &str,
        items: &[SurveyItemRow],
        products: &[ProductRow],
        features: &HashMap<i32, Vec<FeatureRow>>,
        schools: HashMap<i32, String>,
        recoding: Recoding,
    ) -> Self {
        let mut header: Vec<String> = LEADING.iter().map(|s| s.to_string()).collect();
        let mut columns = FastMap::default();
        let mut column_products = vec![0; LEADING.len()];
        let mut texts = vec![None; LEADING.len()];
        for item in items {
            let is_text = kinds::of(item.kind).keeps_text();
            let mut add = |key: ColumnKey, name: String| {
                texts.push(is_text.then_some(item.id));
                columns.insert(key, header.len());
                column_products.push(key.1);
                header.push(name);
            };
            let per_product = item.per_product || item.tag.as_deref() == Some("product_use");
            if !per_product {
                add((item.id, 0, 0), item.item_key.clone());
                continue;
            }
            for p in products {
                if item.kind == ItemKind::FeatureMatrix {
                    for f in features.get(&p.id).into_iter().flatten() {
                        add(
                            (item.id, p.id, f.id),
                            format!("{}: {}: {}", item.item_key, p.name, f.name),
                        );
                    }
                } else {
                    add((item.id, p.id, 0), format!("{}: {}", item.item_key, p.name));
                }
            }
        }
        let mut export = Self {
            header,
            columns,
            products: column_products,
            texts,
            schools,
            recoding,
            title: title.chars().filter(|c| !c.is_control()).collect(),
        };
        export.recoding.recoded.answers = export.withheld_answers();
        export
    }

    /// How many answer cells read "withheld": each cell's rows times the columns its mask
    /// hides.
    fn withheld_answers(&self) -> u64 {
        self.recoding
            .cells()
            .filter_map(|(cell, rows)| {
                let set = self.recoding.set_of(cell)?;
                let hidden = self
                    .mask(cell, &set)
                    .iter()
                    .filter(|shown| !**shown)
                    .count();
                Some(rows * hidden as u64)
            })
            .sum()
    }

    /// What the recoding changed, for the notes and for tests.
    pub fn recoded(&self) -> Recoded {
        self.recoding.recoded
    }

    /// The notes and the header line.
    pub fn header(&self) -> Result<Vec<u8>, csv::Error> {
        let r = self.recoding.recoded;
        let mut notes = String::new();
        let _ = writeln!(
            notes,
            "# Chorus raw responses: {}. {} completed responses, one per row.",
            self.title, r.rows
        );
        let _ = writeln!(
            notes,
            "# Recoded to \"{WITHHELD}\" to protect small groups: school on {} rows, language on {}, month on {}, group on {}{}.",
            r.schools,
            r.languages,
            r.months,
            r.groups,
            if r.left_out > 0 {
                "; responses of groups too small to count are left out"
            } else {
                ""
            }
        );
        let _ = writeln!(
            notes,
            "# {} answer cells read \"{WITHHELD}\": the report withholds that product's figures for the row's school, group or language, or too few people wrote comments there.",
            r.answers
        );
        let _ = writeln!(
            notes,
            "# Every count you can make from these rows is one the report shows. Skip these {NOTE_LINES} lines when reading (pandas: skiprows={NOTE_LINES})."
        );
        let mut w = csv::Writer::from_writer(notes.into_bytes());
        write_safe_record(&mut w, &self.header)?;
        w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
    }

    /// CSV lines for one page of responses; `counter` numbers the rows across pages.
    ///
    /// A row is written straight into the page's bytes, column by column: most cells are
    /// empty or "withheld", and going through `csv::Writer` field by field (about 150 fields
    /// a row) was most of the export's time. Only text from outside can need quoting, and it
    /// goes through [`write_text`].
    pub fn page(
        &self,
        responses: &[ExportResponse],
        counter: &mut u64,
    ) -> Result<Vec<u8>, PageError> {
        let mut out = Vec::with_capacity(responses.len() * 512);
        let mut plans: FastMap<Cell, Option<CellPlan>> = FastMap::default();
        let mut placed: Vec<(usize, PackedAnswer<'_>)> = Vec::with_capacity(64);
        let mut text = String::new();
        for r in responses {
            let (group, language) = (r.stakeholder_group, r.language);
            let Some(school) = self.schools.get(&r.school_id) else {
                continue;
            };
            let cell = Cell {
                school: r.school_id,
                group,
                language,
            };
            let plan = plans.entry(cell).or_insert_with(|| {
                let set = self.recoding.set_of(&cell)?;
                Some(CellPlan {
                    shown: self.mask(&cell, &set),
                    set,
                })
            });
            let Some(plan) = plan else {
                continue;
            };
            let packed = r.packed.as_deref().ok_or(PageError::NotPacked(r.id))?;
            placed.clear();
            for answer in unpack(packed).map_err(|e| PageError::Unpack(r.id, e))? {
                let answer = answer.map_err(|e| PageError::Unpack(r.id, e))?;
                if let Some(col) = self.column(&answer).filter(|c| plan.shown[*c]) {
                    placed.push((col, answer));
                }
            }
            // Stable: the options of a multiple choice keep their order.
            placed.sort_by_key(|(col, _)| *col);
            *counter += 1;
            self.label(&mut out, *counter, school, &plan.set, r);
            let mut answers = placed.iter().peekable();
            for col in LEADING.len()..self.header.len() {
                out.push(b',');
                if !plan.shown[col] {
                    out.extend_from_slice(WITHHELD.as_bytes());
                    continue;
                }
                let mut first = true;
                if self.texts[col].is_some() {
                    text.clear();
                    while let Some((_, a)) = answers.next_if(|(c, _)| *c == col) {
                        if !std::mem::take(&mut first) {
                            text.push(';');
                        }
                        text.push_str(a.text.unwrap_or_default());
                    }
                    write_text(&mut out, &text);
                } else {
                    while let Some((_, a)) = answers.next_if(|(c, _)| *c == col) {
                        if !std::mem::take(&mut first) {
                            out.push(b';');
                        }
                        write_value(&mut out, a);
                    }
                }
            }
            out.push(b'\n');
        }
        Ok(out)
    }

    /// Whether each column shows in the rows of `cell` (labelled as `set`).
    fn mask(&self, cell: &Cell, set: &Set) -> Vec<bool> {
        (0..self.header.len())
            .map(|i| {
                i < LEADING.len()
                    || match self.texts[i] {
                        Some(item) => self.recoding.shows_text(cell, set, item, self.products[i]),
                        None => self.recoding.shows(set, self.products[i]),
                    }
            })
            .collect()
    }

    /// The leading columns of a row as its set allows.
    fn label(&self, out: &mut Vec<u8>, number: u64, school: &str, set: &Set, r: &ExportResponse) {
        out.extend_from_slice(itoa::Buffer::new().format(number).as_bytes());
        out.push(b',');
        match set.place {
            Place::School(_) => write_text(out, school),
            Place::Pooled => out.extend_from_slice(WITHHELD.as_bytes()),
        }
        out.push(b',');
        out.extend_from_slice(set.group.map_or(WITHHELD, |g| g.as_str()).as_bytes());
        out.push(b',');
        out.extend_from_slice(set.language.map_or(WITHHELD, |l| l.as_str()).as_bytes());
        out.push(b',');
        if self.recoding.keeps_month(set) {
            let d = r.submitted_on;
            out.extend_from_slice(itoa::Buffer::new().format(d.year()).as_bytes());
            out.extend_from_slice(if d.month() < 10 { b"-0" } else { b"-" });
            out.extend_from_slice(itoa::Buffer::new().format(d.month()).as_bytes());
        } else {
            out.extend_from_slice(WITHHELD.as_bytes());
        }
    }

    /// The column of an answer: its item, product and feature, or its item alone.
    fn column(&self, a: &PackedAnswer<'_>) -> Option<usize> {
        let key = (a.item, a.product.unwrap_or(0), a.feature.unwrap_or(0));
        self.columns
            .get(&key)
            .or_else(|| self.columns.get(&(a.item, 0, 0)))
            .copied()
    }
}

/// Writes a coded answer: its value, `n/a`, and `+training` for a feature with training
/// wanted. Codes never need quoting.
fn write_value(out: &mut Vec<u8>, a: &PackedAnswer<'_>) {
    if a.not_applicable {
        out.extend_from_slice(b"n/a");
        return;
    }
    if let Some(v) = a.value {
        out.extend_from_slice(itoa::Buffer::new().format(v).as_bytes());
    }
    if a.wants_training {
        out.extend_from_slice(b"+training");
    }
}

/// Writes one field of text from outside (a school name, free text): made
/// [`formula_safe`], then quoted as the `csv` crate's writer quotes (RFC 4180: when it holds
/// a comma, a quote or a line break, in quotes with its quotes doubled). The test below
/// checks the two agree.
fn write_text(out: &mut Vec<u8>, text: &str) {
    let text = formula_safe(text);
    if !text
        .bytes()
        .any(|b| matches!(b, b',' | b'"' | b'\r' | b'\n'))
    {
        out.extend_from_slice(text.as_bytes());
        return;
    }
    out.push(b'"');
    for b in text.bytes() {
        if b == b'"' {
            out.push(b'"');
        }
        out.push(b);
    }
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #[test]
        fn text_is_written_as_the_csv_crate_writes_it(
            fields in proptest::collection::vec("[a-z ,\"\r\n=@+\\-]{0,12}", 1..6)
        ) {
            let mut ours = Vec::new();
            for (i, field) in fields.iter().enumerate() {
                if i > 0 {
                    ours.push(b',');
                }
                write_text(&mut ours, field);
            }
            ours.push(b'\n');
            let mut w = csv::Writer::from_writer(Vec::new());
            write_safe_record(&mut w, &fields).unwrap();
            let theirs = w.into_inner().unwrap();
            // The csv crate quotes a record of one empty field, which a row never is.
            prop_assume!(!(fields.len() == 1 && fields[0].is_empty()));
            prop_assert_eq!(String::from_utf8(ours).unwrap(), String::from_utf8(theirs).unwrap());
        }
    }
}

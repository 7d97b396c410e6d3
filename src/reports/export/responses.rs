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
use crate::db::models::responses::{ExportAnswer, ResponseRow};
use crate::db::models::surveys::SurveyItemRow;
use crate::domain::{ItemKind, Language, StakeholderGroup};
use chrono::Datelike;
use std::collections::{HashMap, HashSet};
use std::fmt::Write as _;

/// Which column an answer goes to: (item, product or 0, feature or 0).
type ColumnKey = (i32, i32, i32);

/// What a recoded label or a hidden answer reads.
pub const WITHHELD: &str = "withheld";

/// The lines of notes before the header row (read with `pandas.read_csv(f, skiprows=4)`).
pub const NOTE_LINES: usize = 4;

/// The export's columns and the rules for its rows.
pub struct ResponseExport {
    header: Vec<String>,
    columns: HashMap<ColumnKey, usize>,
    /// The product (or 0) of each answer column, by column index.
    products: Vec<i32>,
    /// The item of each text column, by column index.
    texts: HashMap<usize, i32>,
    text_items: HashSet<i32>,
    /// Whether each column holds text from outside (a school name, free text), which must
    /// be made formula-safe; codes and labels Chorus writes itself never start a formula.
    outside: Vec<bool>,
    schools: HashMap<i32, String>,
    recoding: Recoding,
    title: String,
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
        let mut columns = HashMap::new();
        let mut column_products = vec![0; LEADING.len()];
        let mut texts = HashMap::new();
        let mut text_items = HashSet::new();
        for item in items {
            let kind = item.kind.parse::<ItemKind>().ok();
            let is_text = matches!(kind, Some(ItemKind::ShortText | ItemKind::LongText));
            if is_text {
                text_items.insert(item.id);
            }
            let mut add = |key: ColumnKey, name: String| {
                if is_text {
                    texts.insert(header.len(), item.id);
                }
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
                if kind == Some(ItemKind::FeatureMatrix) {
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
        let outside = (0..header.len())
            .map(|i| i == 1 || texts.contains_key(&i))
            .collect();
        let mut export = Self {
            header,
            columns,
            products: column_products,
            texts,
            text_items,
            outside,
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

    /// CSV lines for one page of responses (with their answers, ordered by response);
    /// `counter` numbers the rows across pages.
    pub fn page(
        &self,
        responses: &[ResponseRow],
        answers: &[ExportAnswer],
        counter: &mut u64,
    ) -> Result<Vec<u8>, csv::Error> {
        let mut w = csv::Writer::from_writer(Vec::with_capacity(responses.len() * 512));
        let mut row = vec![String::new(); self.header.len()];
        // Which answer columns each cell's rows show, worked out once per page and cell.
        let mut masks: HashMap<Cell, Vec<bool>> = HashMap::new();
        let mut rest = answers;
        for r in responses {
            let start = rest.partition_point(|a| a.response_id < r.id);
            let end = start + rest[start..].partition_point(|a| a.response_id == r.id);
            let mine = &rest[start..end];
            rest = &rest[end..];
            let (Ok(group), Ok(language)) = (
                r.stakeholder_group.parse::<StakeholderGroup>(),
                r.language.parse::<Language>(),
            ) else {
                continue;
            };
            let Some(school) = self.schools.get(&r.school_id) else {
                continue;
            };
            let cell = Cell {
                school: r.school_id,
                group,
                language,
            };
            let Some(set) = self.recoding.set_of(&cell) else {
                continue;
            };
            let shown = masks.entry(cell).or_insert_with(|| self.mask(&cell, &set));
            *counter += 1;
            for value in row.iter_mut() {
                value.clear();
            }
            self.label(&mut row, *counter, school, &set, r);
            for (value, shown) in row.iter_mut().zip(shown.iter()).skip(LEADING.len()) {
                if !shown {
                    value.push_str(WITHHELD);
                }
            }
            for a in mine {
                self.answer(&mut row, shown, a);
            }
            for (value, outside) in row.iter().zip(&self.outside) {
                if *outside {
                    w.write_field(formula_safe(value).as_bytes())?;
                } else {
                    w.write_field(value.as_bytes())?;
                }
            }
            w.write_record(None::<&[u8]>)?;
        }
        w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
    }

    /// Whether each column shows in the rows of `cell` (labelled as `set`).
    fn mask(&self, cell: &Cell, set: &Set) -> Vec<bool> {
        (0..self.header.len())
            .map(|i| {
                i < LEADING.len()
                    || match self.texts.get(&i) {
                        Some(item) => self.recoding.shows_text(cell, set, *item, self.products[i]),
                        None => self.recoding.shows(set, self.products[i]),
                    }
            })
            .collect()
    }

    /// The leading columns of a row as its set allows.
    fn label(&self, row: &mut [String], number: u64, school: &str, set: &Set, r: &ResponseRow) {
        let _ = write!(row[0], "{number}");
        row[1].push_str(match set.place {
            Place::School(_) => school,
            Place::Pooled => WITHHELD,
        });
        row[2].push_str(set.group.map_or(WITHHELD, |g| g.as_str()));
        row[3].push_str(set.language.map_or(WITHHELD, |l| l.as_str()));
        if self.recoding.keeps_month(set) {
            let d = r.submitted_on;
            let _ = write!(row[4], "{:04}-{:02}", d.year(), d.month());
        } else {
            row[4].push_str(WITHHELD);
        }
    }

    /// Writes one answer into its column unless the column is withheld (`shown` is false).
    fn answer(&self, row: &mut [String], shown: &[bool], a: &ExportAnswer) {
        let key = (
            a.survey_item_id,
            a.product_id.unwrap_or(0),
            a.feature_id.unwrap_or(0),
        );
        let Some(&col) = self
            .columns
            .get(&key)
            .or_else(|| self.columns.get(&(a.survey_item_id, 0, 0)))
        else {
            return;
        };
        if !shown[col] {
            return;
        }
        let value = &mut row[col];
        if !value.is_empty() {
            value.push(';');
        }
        if self.text_items.contains(&a.survey_item_id) {
            value.push_str(a.text_value.as_deref().unwrap_or_default());
        } else if a.not_applicable {
            value.push_str("n/a");
        } else {
            if let Some(v) = a.value {
                let _ = write!(value, "{v}");
            }
            if a.wants_training {
                value.push_str("+training");
            }
        }
    }
}

//! Raw anonymised responses as CSV: one row per response, one column per item (per product
//! and per feature where the item is asked per product). Responses of a school × group cell
//! smaller than the group's minimum are left out; a free-text answer is kept only when at
//! least the comment minimum of its school × group cell answered that item about that product
//! (the rule of the report's comments section, whose rows are labelled no more narrowly). Rows carry a running number, never a database id.
//! Written a page of responses at a time, so the export streams whatever its size.

use super::formula::write_safe_record;
use crate::db::models::products::{FeatureRow, ProductRow};
use crate::db::models::responses::{AnswerRow, ResponseRow};
use crate::db::models::surveys::SurveyItemRow;
use crate::domain::{ItemKind, StakeholderGroup};
use crate::reports::cells::Minimums;
use std::collections::HashMap;

/// Which column an answer goes to: (item, product or 0, feature or 0).
type ColumnKey = (i32, i32, i32);

/// The export's columns and the rules for its rows.
pub struct ResponseExport {
    header: Vec<String>,
    columns: HashMap<ColumnKey, usize>,
    text_items: Vec<i32>,
    /// Completed responses per (school, group), to judge small cells.
    cells: HashMap<(i32, StakeholderGroup), u64>,
    schools: HashMap<i32, String>,
    mins: Minimums,
    /// Respondents with a non-empty text answer per (school, group, item, product or 0).
    commenters: HashMap<Commenters, u64>,
}

/// A text column within one school × group cell: (school, group, item, product or 0).
pub type Commenters = (i32, StakeholderGroup, i32, i32);

/// Fixed leading columns.
const LEADING: [&str; 5] = ["response", "school", "group", "language", "submitted_on"];

impl ResponseExport {
    /// Lays out the columns of a survey.
    pub fn new(
        items: &[SurveyItemRow],
        products: &[ProductRow],
        features: &HashMap<i32, Vec<FeatureRow>>,
        cells: HashMap<(i32, StakeholderGroup), u64>,
        schools: HashMap<i32, String>,
        mins: Minimums,
        commenters: HashMap<Commenters, u64>,
    ) -> Self {
        let mut header: Vec<String> = LEADING.iter().map(|s| s.to_string()).collect();
        let mut columns = HashMap::new();
        let mut text_items = Vec::new();
        let mut add = |key: ColumnKey, name: String| {
            columns.insert(key, header.len());
            header.push(name);
        };
        for item in items {
            let kind = item.kind.parse::<ItemKind>().ok();
            if matches!(kind, Some(ItemKind::ShortText | ItemKind::LongText)) {
                text_items.push(item.id);
            }
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
        Self {
            header,
            columns,
            text_items,
            cells,
            schools,
            mins,
            commenters,
        }
    }

    /// The header line.
    pub fn header(&self) -> Result<Vec<u8>, csv::Error> {
        let mut w = csv::Writer::from_writer(Vec::new());
        write_safe_record(&mut w, &self.header)?;
        w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
    }

    /// CSV lines for one page of responses (with their answers); `counter` numbers the rows
    /// across pages.
    pub fn page(
        &self,
        responses: &[ResponseRow],
        answers: &[AnswerRow],
        counter: &mut u64,
    ) -> Result<Vec<u8>, csv::Error> {
        let mut by_response: HashMap<i32, Vec<&AnswerRow>> = HashMap::new();
        for a in answers {
            by_response.entry(a.response_id).or_default().push(a);
        }
        let mut w = csv::Writer::from_writer(Vec::new());
        for r in responses {
            let Ok(group) = r.stakeholder_group.parse::<StakeholderGroup>() else {
                continue;
            };
            let Some(school) = self.schools.get(&r.school_id) else {
                continue;
            };
            let n = self.cells.get(&(r.school_id, group)).copied().unwrap_or(0);
            if n < self.mins.group(group) {
                continue;
            }
            *counter += 1;
            let mut row = vec![String::new(); self.header.len()];
            row[0] = counter.to_string();
            row[1].clone_from(school);
            row[2] = group.as_str().to_string();
            row[3].clone_from(&r.language);
            row[4] = r.submitted_on.to_string();
            for a in by_response.get(&r.id).into_iter().flatten() {
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
                    continue;
                };
                let value = if self.text_items.contains(&a.survey_item_id) {
                    let key = (
                        r.school_id,
                        group,
                        a.survey_item_id,
                        a.product_id.unwrap_or(0),
                    );
                    if self.commenters.get(&key).copied().unwrap_or(0) >= self.mins.comments {
                        a.text_value.clone().unwrap_or_default()
                    } else {
                        "[withheld]".into()
                    }
                } else if a.not_applicable {
                    "n/a".into()
                } else {
                    let v = a.value.map(|v| v.to_string()).unwrap_or_default();
                    if a.wants_training {
                        format!("{v}+training")
                    } else {
                        v
                    }
                };
                if row[col].is_empty() {
                    row[col] = value;
                } else {
                    row[col] = format!("{};{value}", row[col]);
                }
            }
            write_safe_record(&mut w, &row)?;
        }
        w.into_inner().map_err(|e| csv::Error::from(e.into_error()))
    }
}

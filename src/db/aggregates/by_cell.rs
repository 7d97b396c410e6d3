//! A survey's aggregates split by school × group: disclosure control counts every quantity
//! of a report in each finest cell, and reading the piece of one cell is far cheaper than
//! filtering every aggregate of the survey once per cell.

use super::AggregateDelta;
use crate::domain::StakeholderGroup;
use std::collections::HashMap;

/// A school and a stakeholder group.
pub type Cell = (i32, StakeholderGroup);

impl AggregateDelta {
    /// The aggregates of each school × group cell that has any.
    pub fn by_cell(&self) -> HashMap<Cell, AggregateDelta> {
        let mut out: HashMap<Cell, AggregateDelta> = HashMap::new();
        for (k, v) in &self.scale {
            let cell = out.entry((k.school_id, k.group)).or_default();
            cell.scale.insert(k.clone(), *v);
        }
        for ((k, x), v) in &self.recommend {
            let cell = out.entry((k.school_id, k.group)).or_default();
            cell.recommend.insert((k.clone(), *x), *v);
        }
        for ((k, x), v) in &self.choice {
            let cell = out.entry((k.school_id, k.group)).or_default();
            cell.choice.insert((k.clone(), *x), *v);
        }
        for ((k, x), v) in &self.feature {
            let cell = out.entry((k.school_id, k.group)).or_default();
            cell.feature.insert((k.clone(), *x), *v);
        }
        for (k, v) in &self.number {
            let cell = out.entry((k.school_id, k.group)).or_default();
            cell.number.insert(k.clone(), v.clone());
        }
        for ((k, x), v) in &self.number_bins {
            let cell = out.entry((k.school_id, k.group)).or_default();
            cell.number_bins.insert((k.clone(), *x), *v);
        }
        for (k, v) in &self.comments {
            let cell = out.entry((k.school_id, k.group)).or_default();
            cell.comments.insert(k.clone(), *v);
        }
        for (k, v) in &self.construct {
            let cell = out.entry((k.school_id, k.group)).or_default();
            cell.construct.insert(k.clone(), v.clone());
        }
        for (k, v) in &self.product_use {
            let cell = out.entry((k.school_id, k.group)).or_default();
            cell.product_use.insert(k.clone(), *v);
        }
        for (k, v) in &self.responses {
            let cell = out.entry((k.school_id, k.group)).or_default();
            cell.responses.insert(k.clone(), *v);
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::db::aggregates::delta::{CellKey, SurveyCellKey};

    #[test]
    fn each_cell_keeps_its_own_aggregates_and_nothing_else() {
        let mut all = AggregateDelta::default();
        for (school, group, n) in [
            (1, StakeholderGroup::Teacher, 3),
            (2, StakeholderGroup::Teacher, 5),
            (1, StakeholderGroup::Parent, 7),
        ] {
            all.scale.insert(
                CellKey {
                    survey_item_id: 9,
                    product_id: 4,
                    school_id: school,
                    group,
                },
                [n, 0, 0, 0, 0, 0],
            );
            all.responses.insert(
                SurveyCellKey {
                    survey_id: 1,
                    what: chrono::NaiveDate::default(),
                    school_id: school,
                    group,
                },
                n,
            );
        }
        let cells = all.by_cell();
        assert_eq!(cells.len(), 3);
        let one = &cells[&(1, StakeholderGroup::Parent)];
        assert_eq!(one.scale.values().map(|c| c[0]).sum::<i64>(), 7);
        assert_eq!(one.responses.values().sum::<i64>(), 7);
        let rebuilt: i64 = cells.values().flat_map(|c| c.responses.values()).sum();
        assert_eq!(rebuilt, 15);
    }
}

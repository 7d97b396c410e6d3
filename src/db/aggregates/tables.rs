//! The aggregate tables described once: which [`AggregateDelta`](super::AggregateDelta) field
//! each table holds, its key beyond the common cell key, and its counter columns in the order
//! of the delta's values. [`apply`](super::apply) (upserts), [`snapshot`](super::snapshot)
//! (reads summed over shards) and [`rebuild`](super::rebuild) (deletes) are written once per
//! shape over these lists, so a table added here is written, read and rebuilt alike.

use super::delta::NumberIncrement;

/// Calls `$m!` once per item-keyed table (key: district, survey item, product, school, group,
/// language, shard) with: the table, the delta field, the name bound to the cell key, the
/// delta's map key as a pattern and expression over that name and the extra key columns, the
/// extra key columns with their types, and the counter columns (each an `i64`).
macro_rules! for_each_item_table {
    ($m:ident) => {
        $m!(agg_scale, scale, cell, cell, [], [c1, c2, c3, c4, c5, c_na]);
        $m!(agg_recommend, recommend, cell, (cell, value), [value: i32], [count]);
        $m!(agg_choice, choice, cell, (cell, option_index), [option_index: i32], [count]);
        $m!(
            agg_feature,
            feature,
            cell,
            (cell, feature_id),
            [feature_id: i32],
            [c_use, c_know, c_unaware, c_training]
        );
        $m!(agg_number, number, cell, cell, [], [n, sum_x, sum_x2]);
        $m!(agg_number_bins, number_bins, cell, (cell, bin), [bin: i64], [count]);
        $m!(agg_comments, comments, cell, cell, [], [commenters]);
    };
}

/// Calls `$m!` once per survey-keyed count table (key: district, survey, what, school, group,
/// language, shard) with: the table, the delta field, the column holding the key's `what`,
/// and the counter columns. The construct tables (a variable number of item sums per cell)
/// are written out in `apply` and `snapshot`.
macro_rules! for_each_survey_table {
    ($m:ident) => {
        $m!(agg_product_use, product_use, product_id, [asked, used]);
        $m!(agg_responses, responses, day, [completed]);
    };
}

/// The survey-keyed tables whose rows hold one construct cell or its item sums.
macro_rules! for_each_construct_table {
    ($m:ident) => {
        $m!(agg_construct);
        $m!(agg_construct_items);
    };
}

/// The Rust type of a counter column (every counter is a `BIGINT`), for row tuple types
/// written per column.
macro_rules! counter_type {
    ($column:ident) => {
        i64
    };
}

pub(crate) use {
    counter_type, for_each_construct_table, for_each_item_table, for_each_survey_table,
};

/// A delta value as the counter columns of its table, in column order, and back.
pub trait Counters<const N: usize> {
    /// The counters, in the order of the table's counter columns.
    fn counts(&self) -> [i64; N];
    /// Adds counters read from a row (summing shards and languages).
    fn add_counts(&mut self, counts: [i64; N]);
}

impl Counters<1> for i64 {
    fn counts(&self) -> [i64; 1] {
        [*self]
    }

    fn add_counts(&mut self, [count]: [i64; 1]) {
        *self += count;
    }
}

impl<const N: usize> Counters<N> for [i64; N] {
    fn counts(&self) -> [i64; N] {
        *self
    }

    fn add_counts(&mut self, counts: [i64; N]) {
        for (a, b) in self.iter_mut().zip(counts) {
            *a += b;
        }
    }
}

impl Counters<3> for NumberIncrement {
    fn counts(&self) -> [i64; 3] {
        [self.n, self.sum_x, self.sum_x2]
    }

    fn add_counts(&mut self, [n, sum_x, sum_x2]: [i64; 3]) {
        self.n += n;
        self.sum_x += sum_x;
        self.sum_x2 += sum_x2;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counters_read_back_what_they_wrote_and_add() {
        let mut number = NumberIncrement {
            n: 2,
            sum_x: 7,
            sum_x2: 25,
        };
        assert_eq!(number.counts(), [2, 7, 25]);
        number.add_counts([1, 3, 9]);
        assert_eq!(number.counts(), [3, 10, 34]);
        let mut cells = [1, 2, 3, 4];
        cells.add_counts([1, 1, 1, 1]);
        assert_eq!(cells.counts(), [2, 3, 4, 5]);
        let mut count = 4i64;
        count.add_counts([3]);
        assert_eq!(count.counts(), [7]);
    }
}

//! Tests on counts of categories: χ² test of independence (with Cramér's V),
//! the χ² test of homogeneity of several shares, and the two-proportion z-test,
//! for comparing shares (favourable, use, choices) between groups, schools or waves.

use super::distributions::{chi2_sf, normal_two_sided_p};
use serde::Serialize;

/// The smallest expected count at which Chorus trusts the χ² approximation: below it the
/// p value can be far off (Cochran 1954), so reports say so in words instead of printing it.
pub const MIN_EXPECTED: f64 = 5.0;

/// Result of a χ² test of independence.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ChiSquareResult {
    /// Pearson χ² (no continuity correction).
    pub statistic: f64,
    /// (r′ − 1)(c′ − 1) over the rows and columns kept.
    pub df: u64,
    /// p from χ²(df).
    pub p: f64,
    /// Cramér's V = √(χ²/(N·(min(r′, c′) − 1))), 0..1.
    pub cramers_v: f64,
    /// The smallest expected count (row total × column total / N) of the cells kept.
    pub min_expected: f64,
    /// Indices of the rows kept (non-zero rows).
    pub rows_used: Vec<usize>,
    /// Indices of the columns kept (non-zero columns).
    pub cols_used: Vec<usize>,
}

impl ChiSquareResult {
    /// Whether every expected count is at least [`MIN_EXPECTED`], so that the p value from
    /// the χ² distribution can be trusted.
    pub fn expected_large_enough(&self) -> bool {
        self.min_expected >= MIN_EXPECTED
    }
}

/// χ² test of independence on an r×c table of counts (rows = groups, columns
/// = answer categories) without continuity correction
/// (reference: `scipy.stats.chi2_contingency(correction=False)`;
/// `scipy.stats.contingency.association(method="cramer")`).
///
/// All-zero rows and columns are dropped first (a category nobody chose, or a
/// group with no answers, carries no information; scipy raises an error on
/// them). `None` when fewer than two rows or columns remain. Rows shorter than
/// the longest are padded with zeros.
pub fn chi_square_independence<R: AsRef<[u64]>>(table: &[R]) -> Option<ChiSquareResult> {
    let table: Vec<Vec<f64>> = table
        .iter()
        .map(|r| r.as_ref().iter().map(|c| *c as f64).collect())
        .collect();
    chi_square_table(&table)
}

/// χ² test of homogeneity of k shares, each observed on n respondents: the table of
/// favourable (p·n) against not favourable ((1 − p)·n) per row, tested as
/// [`chi_square_independence`] tests counts. The shares need not be whole counts over n
/// (a construct's percent favourable averages each respondent's share, see [`two_share_z`]),
/// so the test runs on the shares a report shows
/// (reference: `scipy.stats.chi2_contingency([[p·n, (1 − p)·n], …], correction=False)`,
/// which accepts fractional counts; V from its statistic). With two rows it is the
/// two-proportion z test (χ² = z²). `None` when fewer than two rows have respondents, a
/// share is outside 0..=1, or every share is 0 or every share is 1.
pub fn chi_square_shares(shares: &[(f64, u64)]) -> Option<ChiSquareResult> {
    if shares.iter().any(|(p, _)| !(0.0..=1.0).contains(p)) {
        return None;
    }
    let table: Vec<Vec<f64>> = shares
        .iter()
        .map(|(p, n)| {
            let n = *n as f64;
            vec![p * n, (1.0 - p) * n]
        })
        .collect();
    chi_square_table(&table)
}

/// The χ² test on a table of non-negative counts (whole or not); see
/// [`chi_square_independence`].
fn chi_square_table(table: &[Vec<f64>]) -> Option<ChiSquareResult> {
    let width = table.iter().map(Vec::len).max().unwrap_or(0);
    let cell = |i: usize, j: usize| table[i].get(j).copied().unwrap_or(0.0);
    let rows_used: Vec<usize> = (0..table.len())
        .filter(|&i| (0..width).any(|j| cell(i, j) > 0.0))
        .collect();
    let cols_used: Vec<usize> = (0..width)
        .filter(|&j| rows_used.iter().any(|&i| cell(i, j) > 0.0))
        .collect();
    if rows_used.len() < 2 || cols_used.len() < 2 {
        return None;
    }
    let row_tot: Vec<f64> = rows_used
        .iter()
        .map(|&i| cols_used.iter().map(|&j| cell(i, j)).sum::<f64>())
        .collect();
    let col_tot: Vec<f64> = cols_used
        .iter()
        .map(|&j| rows_used.iter().map(|&i| cell(i, j)).sum::<f64>())
        .collect();
    let n: f64 = row_tot.iter().sum();
    let mut statistic = 0.0;
    let mut min_expected = f64::INFINITY;
    for (ri, &i) in rows_used.iter().enumerate() {
        for (ci, &j) in cols_used.iter().enumerate() {
            let expected = row_tot[ri] * col_tot[ci] / n;
            min_expected = min_expected.min(expected);
            let d = cell(i, j) - expected;
            statistic += d * d / expected;
        }
    }
    let df = ((rows_used.len() - 1) * (cols_used.len() - 1)) as u64;
    let min_dim = rows_used.len().min(cols_used.len()) as f64;
    Some(ChiSquareResult {
        statistic,
        df,
        p: chi2_sf(statistic, df as f64)?,
        cramers_v: (statistic / (n * (min_dim - 1.0))).sqrt(),
        min_expected,
        rows_used,
        cols_used,
    })
}

/// Result of a two-proportion z-test.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct TwoProportionResult {
    /// p₁ − p₂.
    pub difference: f64,
    /// z with the pooled standard error.
    pub z: f64,
    /// Two-sided p-value.
    pub p: f64,
}

/// Two-proportion z-test with pooled variance, x₁/n₁ against x₂/n₂
/// (reference: `statsmodels.stats.proportion.proportions_ztest`; equivalent to
/// the 2×2 χ² test, z² = χ²).
///
/// `None` when a group is empty, x > n, or the pooled proportion is 0 or 1
/// (both groups all-no or all-yes: no variance).
pub fn two_proportion_z(x1: u64, n1: u64, x2: u64, n2: u64) -> Option<TwoProportionResult> {
    if n1 == 0 || n2 == 0 || x1 > n1 || x2 > n2 {
        return None;
    }
    two_share_z(x1 as f64 / n1 as f64, n1, x2 as f64 / n2 as f64, n2)
}

/// The same test on two shares that need not be whole counts over n: a construct's percent
/// favourable is the favourable share of each respondent's answers, averaged, so 74.0% of 41
/// respondents is 30.34 "favourable respondents". Testing the share as shown (rather than a
/// count rounded to a whole number) keeps the test consistent with the page
/// (reference: `proportions_ztest(count=[p₁n₁, p₂n₂], nobs=[n₁, n₂])`, which accepts
/// fractional counts).
///
/// `None` when a group is empty, a share is outside 0..=1, or the pooled share is 0 or 1.
pub fn two_share_z(p1: f64, n1: u64, p2: f64, n2: u64) -> Option<TwoProportionResult> {
    if n1 == 0 || n2 == 0 || !(0.0..=1.0).contains(&p1) || !(0.0..=1.0).contains(&p2) {
        return None;
    }
    let (w1, w2) = (n1 as f64, n2 as f64);
    let pooled = (p1 * w1 + p2 * w2) / (w1 + w2);
    let var = pooled * (1.0 - pooled) * (1.0 / n1 as f64 + 1.0 / n2 as f64);
    if var <= 0.0 {
        return None;
    }
    let z = (p1 - p2) / var.sqrt();
    Some(TwoProportionResult {
        difference: p1 - p2,
        z,
        p: normal_two_sided_p(z)?,
    })
}

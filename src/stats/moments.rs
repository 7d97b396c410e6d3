//! Exact integer moments: numeric answers and multi-item constructs.
//!
//! Sums are kept as integers (`i128` for variance numerators) so that adding
//! cells never loses precision, however many responses there are.

use super::aggregates::AggregateError;
use serde::Serialize;
use std::collections::BTreeMap;

/// The sufficient statistics of a mean: n, Σx and Σx², all exact.
///
/// Every mean, variance, confidence interval and t-test in the engine works
/// from this one type, whatever aggregate it came from.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct Moments {
    /// Number of observations.
    pub n: u64,
    /// Σx.
    pub sum: i128,
    /// Σx².
    pub sum_sq: i128,
}

impl Moments {
    /// Builds moments from `(value, count)` pairs (e.g. the counts of a scale).
    pub fn from_value_counts(pairs: impl IntoIterator<Item = (i64, u64)>) -> Self {
        let mut m = Self::default();
        for (v, c) in pairs {
            let v = i128::from(v);
            let c128 = i128::from(c);
            m.n += c;
            m.sum += v * c128;
            m.sum_sq += v * v * c128;
        }
        m
    }

    /// Adds another set of moments (pooling two groups).
    pub fn merge(&mut self, other: &Self) {
        self.n += other.n;
        self.sum += other.sum;
        self.sum_sq += other.sum_sq;
    }

    /// n·Σx² − (Σx)², the exact numerator of n(n−1)·s². Never negative.
    pub fn variance_numerator(&self) -> i128 {
        i128::from(self.n) * self.sum_sq - self.sum * self.sum
    }

    /// Mean Σx/n; `None` when n = 0.
    pub fn mean(&self) -> Option<f64> {
        (self.n > 0).then(|| self.sum as f64 / self.n as f64)
    }

    /// Sample variance (n·Σx² − (Σx)²)/(n(n−1)); `None` when n < 2.
    pub fn variance(&self) -> Option<f64> {
        if self.n < 2 {
            return None;
        }
        let n = self.n as f64;
        Some(self.variance_numerator() as f64 / (n * (n - 1.0)))
    }
}

/// Aggregate of a numeric item (e.g. minutes per week) in one cell.
///
/// `bins` counts answers per exact value, which is what medians, quartiles and
/// rank tests need; numeric answers in Chorus are whole numbers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct NumericMoments {
    /// Number of answers.
    pub n: u64,
    /// Σx.
    pub sum: i128,
    /// Σx².
    pub sum_sq: i128,
    /// Smallest answer, if any.
    pub min: Option<i64>,
    /// Largest answer, if any.
    pub max: Option<i64>,
    /// Answers per value.
    pub bins: BTreeMap<i64, u64>,
}

impl NumericMoments {
    /// Folds one answer in; fails (without changing anything) only if the
    /// `i128` sums would overflow.
    pub fn add_response(&mut self, x: i64) -> Result<(), AggregateError> {
        let x128 = i128::from(x);
        let sum = self.sum.checked_add(x128).ok_or(AggregateError::Overflow)?;
        let sum_sq = self
            .sum_sq
            .checked_add(x128 * x128)
            .ok_or(AggregateError::Overflow)?;
        self.n += 1;
        self.sum = sum;
        self.sum_sq = sum_sq;
        self.min = Some(self.min.map_or(x, |m| m.min(x)));
        self.max = Some(self.max.map_or(x, |m| m.max(x)));
        *self.bins.entry(x).or_insert(0) += 1;
        Ok(())
    }

    /// Adds another cell into this one.
    pub fn merge(&mut self, other: &Self) {
        self.n += other.n;
        self.sum += other.sum;
        self.sum_sq += other.sum_sq;
        self.min = match (self.min, other.min) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        self.max = match (self.max, other.max) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        for (v, c) in &other.bins {
            *self.bins.entry(*v).or_insert(0) += c;
        }
    }

    /// The exact moments (n, Σx, Σx²).
    pub fn moments(&self) -> Moments {
        Moments {
            n: self.n,
            sum: self.sum,
            sum_sq: self.sum_sq,
        }
    }

    /// `(value, count)` pairs in ascending order.
    pub fn value_counts(&self) -> Vec<(i64, u64)> {
        self.bins.iter().map(|(v, c)| (*v, *c)).collect()
    }
}

/// Sufficient statistics of a construct of k scale items over complete cases:
/// per item Σxᵢ, Σxᵢ², Σxᵢ·T and for the respondent total T = Σᵢ xᵢ, ΣT, ΣT².
///
/// These 3k+3 integers give the construct mean and SD, Cronbach's alpha,
/// alpha-if-item-deleted and corrected item–total correlations.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ConstructSums {
    /// Complete-case respondents.
    pub n: u64,
    /// Σxᵢ per item.
    pub sum_x: Vec<i64>,
    /// Σxᵢ² per item.
    pub sum_x2: Vec<i64>,
    /// Σxᵢ·T per item.
    pub sum_xt: Vec<i64>,
    /// ΣT.
    pub sum_t: i64,
    /// ΣT².
    pub sum_t2: i64,
}

impl ConstructSums {
    /// An empty aggregate for a construct of `k` items.
    pub fn new(k: usize) -> Self {
        Self {
            n: 0,
            sum_x: vec![0; k],
            sum_x2: vec![0; k],
            sum_xt: vec![0; k],
            sum_t: 0,
            sum_t2: 0,
        }
    }

    /// Number of items k.
    pub fn k(&self) -> usize {
        self.sum_x.len()
    }

    /// Folds one respondent's answers (1..=5 per item, `None` = not answered
    /// or "does not apply"). Only complete cases count: returns `Ok(false)`
    /// and changes nothing if any item is missing.
    pub fn add_response(&mut self, answers: &[Option<u8>]) -> Result<bool, AggregateError> {
        if answers.len() != self.k() {
            return Err(AggregateError::WrongItemCount {
                expected: self.k(),
                got: answers.len(),
            });
        }
        let mut values = Vec::with_capacity(answers.len());
        for a in answers {
            match a {
                None => return Ok(false),
                Some(v @ 1..=5) => values.push(i64::from(*v)),
                Some(v) => {
                    return Err(AggregateError::OutOfRange {
                        value: i64::from(*v),
                        min: 1,
                        max: 5,
                    })
                }
            }
        }
        let t: i64 = values.iter().sum();
        for (i, x) in values.iter().enumerate() {
            self.sum_x[i] += x;
            self.sum_x2[i] += x * x;
            self.sum_xt[i] += x * t;
        }
        self.n += 1;
        self.sum_t += t;
        self.sum_t2 += t * t;
        Ok(true)
    }

    /// Adds another cell of the same construct. An empty default aggregate
    /// (k = 0) adopts the other's k; differing k is an error.
    pub fn merge(&mut self, other: &Self) -> Result<(), AggregateError> {
        if self.k() == 0 && self.n == 0 {
            *self = Self::new(other.k());
        }
        if other.k() != self.k() {
            return Err(AggregateError::WrongItemCount {
                expected: self.k(),
                got: other.k(),
            });
        }
        for i in 0..self.k() {
            self.sum_x[i] += other.sum_x[i];
            self.sum_x2[i] += other.sum_x2[i];
            self.sum_xt[i] += other.sum_xt[i];
        }
        self.n += other.n;
        self.sum_t += other.sum_t;
        self.sum_t2 += other.sum_t2;
        Ok(())
    }

    /// Moments of the respondent total T.
    pub fn total_moments(&self) -> Moments {
        Moments {
            n: self.n,
            sum: i128::from(self.sum_t),
            sum_sq: i128::from(self.sum_t2),
        }
    }
}

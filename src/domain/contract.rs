//! Counts and dates of the catalogue: expected headcounts, licensed seats, contract periods.

use super::{ParseError, StakeholderGroup};
use chrono::NaiveDate;

/// Parses a whole number in `0..=max`, allowing thousands commas; `what` names the field.
fn count(raw: &str, what: &str, max: i32) -> Result<i32, ParseError> {
    let s = raw.trim().replace(',', "");
    if s.is_empty() {
        return Err(ParseError::new(format!("Enter the {what} (0 if none).")));
    }
    if s.starts_with('-') {
        return Err(ParseError::new(format!("The {what} cannot be negative.")));
    }
    let n: i64 = s.parse().map_err(|_| {
        ParseError::new(format!(
            "\"{}\" is not a whole number; enter the {what} in digits.",
            raw.trim()
        ))
    })?;
    i32::try_from(n)
        .ok()
        .filter(|n| *n <= max)
        .ok_or_else(|| ParseError::new(format!("The {what} is at most {max}.")))
}

/// How many people of one stakeholder group a school expects to answer: the denominator of
/// its response rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Headcount(i32);

impl Headcount {
    /// The largest headcount accepted: no school has more than 100,000 of anyone.
    pub const MAX: i32 = 100_000;

    /// Parses a whole number in `0..=100000`.
    pub fn parse(raw: &str, what: &str) -> Result<Self, ParseError> {
        count(raw, what, Self::MAX).map(Headcount)
    }

    /// The number.
    pub fn get(self) -> i32 {
        self.0
    }
}

/// A school's expected respondents per stakeholder group: the denominators of its response
/// rates, one per school × group (students split into the survey's grade bands).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Headcounts([Headcount; 5]);

impl Headcounts {
    /// Headcounts given per group, in `StakeholderGroup::ALL` order.
    pub fn from_fn(mut f: impl FnMut(StakeholderGroup) -> Headcount) -> Self {
        let mut counts = [Headcount(0); 5];
        for (slot, group) in counts.iter_mut().zip(StakeholderGroup::ALL) {
            *slot = f(*group);
        }
        Headcounts(counts)
    }

    /// The expected respondents of one group.
    pub fn of(&self, group: StakeholderGroup) -> i32 {
        StakeholderGroup::ALL
            .iter()
            .position(|g| *g == group)
            .and_then(|i| self.0.get(i))
            .map_or(0, |h| h.get())
    }
}

/// How many seats a licence covers: the denominator of cost per seat.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Seats(i32);

impl Seats {
    /// The largest seat count accepted (ten million: larger than any district).
    pub const MAX: i32 = 10_000_000;

    /// Parses a whole number in `0..=10000000`.
    pub fn parse(raw: &str) -> Result<Self, ParseError> {
        count(raw, "number of licensed seats", Self::MAX).map(Seats)
    }

    /// The number.
    pub fn get(self) -> i32 {
        self.0
    }
}

/// Parses an optional ISO date (`YYYY-MM-DD`, what a date input sends); empty is `None`.
pub fn optional_date(raw: &str, what: &str) -> Result<Option<NaiveDate>, ParseError> {
    let s = raw.trim();
    if s.is_empty() {
        return Ok(None);
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d")
        .map(Some)
        .map_err(|_| {
            ParseError::new(format!(
                "\"{s}\" is not a date; write the {what} as YYYY-MM-DD, e.g. 2027-06-30."
            ))
        })
}

/// A contract's start and end, either of which may be unknown; the end is never before the start.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ContractPeriod {
    start: Option<NaiveDate>,
    end: Option<NaiveDate>,
}

/// Which date of a contract period a message is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PeriodField {
    /// The start date.
    Start,
    /// The end date.
    End,
}

impl ContractPeriod {
    /// Parses both dates, returning every problem with the date it concerns.
    pub fn parse(start: &str, end: &str) -> Result<Self, Vec<(PeriodField, ParseError)>> {
        let start = optional_date(start, "contract start");
        let end = optional_date(end, "contract end");
        match (start, end) {
            (Ok(start), Ok(end)) => {
                if let (Some(s), Some(e)) = (start, end) {
                    if e < s {
                        return Err(vec![(
                            PeriodField::End,
                            ParseError::new(format!(
                                "The contract end ({e}) is before its start ({s})."
                            )),
                        )]);
                    }
                }
                Ok(ContractPeriod { start, end })
            }
            (start, end) => Err(start
                .err()
                .map(|e| (PeriodField::Start, e))
                .into_iter()
                .chain(end.err().map(|e| (PeriodField::End, e)))
                .collect()),
        }
    }

    /// The start, when known.
    pub fn start(&self) -> Option<NaiveDate> {
        self.start
    }

    /// The end (renewal date), when known.
    pub fn end(&self) -> Option<NaiveDate> {
        self.end
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    #[test]
    fn headcounts_are_bounded_whole_numbers() {
        assert_eq!(Headcount::parse("1,200", "students").unwrap().get(), 1200);
        assert_eq!(Headcount::parse("0", "students").unwrap().get(), 0);
        let msg = |s: &str| {
            Headcount::parse(s, "expected students")
                .unwrap_err()
                .to_string()
        };
        assert!(msg("").contains("Enter the expected students"));
        assert!(msg("-1").contains("negative"));
        assert!(msg("12.5").contains("not a whole number"));
        assert!(msg("100001").contains("at most 100000"));
        assert!(Seats::parse("10000001").is_err());
    }

    #[test]
    fn headcounts_are_kept_per_group() {
        let h = Headcounts::from_fn(|g| {
            Headcount::parse(&(g as usize * 10 + 1).to_string(), "x").unwrap()
        });
        assert_eq!(h.of(StakeholderGroup::YoungStudent), 1);
        assert_eq!(h.of(StakeholderGroup::Student), 11);
        assert_eq!(h.of(StakeholderGroup::Coordinator), 41);
    }

    #[test]
    fn periods_refuse_an_end_before_the_start() {
        let p = ContractPeriod::parse("2026-07-01", "2027-06-30").unwrap();
        assert_eq!(p.end(), NaiveDate::from_ymd_opt(2027, 6, 30));
        assert_eq!(ContractPeriod::parse("", "").unwrap().start(), None);
        let errors = ContractPeriod::parse("2027-07-01", "2027-06-30").unwrap_err();
        assert_eq!(errors[0].0, PeriodField::End);
        assert!(errors[0].1.to_string().contains("before its start"));
        let errors = ContractPeriod::parse("July 1", "30/06/2027").unwrap_err();
        assert_eq!(errors.len(), 2);
        assert!(errors[1].1.to_string().contains("YYYY-MM-DD"));
    }
}

//! A district's time zone: survey times are typed and read in it, and stored in UTC.

use super::ParseError;
use chrono::{LocalResult, NaiveDateTime, TimeZone as _};
use chrono_tz::Tz;
use std::fmt;

/// An IANA time zone (e.g. `America/Chicago`), so a coordinator types "8:00" as the clocks
/// at their schools read it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeZone(Tz);

impl TimeZone {
    /// Coordinated Universal Time, every district's zone until an admin sets one.
    pub const UTC: TimeZone = TimeZone(Tz::UTC);

    /// Parses an IANA name exactly as the tz database spells it.
    pub fn parse(raw: &str) -> Result<TimeZone, ParseError> {
        let name = raw.trim();
        if name.is_empty() {
            return Err(ParseError::new("Choose the district's time zone."));
        }
        name.parse::<Tz>().map(TimeZone).map_err(|_| {
            ParseError::new(format!(
                "“{name}” is not a time zone name; choose one from the list, e.g. America/Chicago."
            ))
        })
    }

    /// Every zone name, sorted, for the chooser.
    pub fn all_names() -> Vec<&'static str> {
        let mut names: Vec<&'static str> =
            chrono_tz::TZ_VARIANTS.iter().map(|z| z.name()).collect();
        names.sort_unstable();
        names
    }

    /// The IANA name.
    pub fn name(self) -> &'static str {
        self.0.name()
    }

    /// The UTC instant of a wall-clock time in this zone. A time the clocks skip when they go
    /// forward is refused; a time they pass twice when they go back is read as the first
    /// (daylight-saving) one.
    pub fn to_utc(self, local: NaiveDateTime, what: &str) -> Result<NaiveDateTime, ParseError> {
        match self.0.from_local_datetime(&local) {
            LocalResult::Single(t) | LocalResult::Ambiguous(t, _) => Ok(t.naive_utc()),
            LocalResult::None => Err(ParseError::new(format!(
                "The {what} {} does not exist in {}: the clocks go forward then. Choose a time an hour later.",
                local.format("%Y-%m-%d %H:%M"),
                self.name()
            ))),
        }
    }

    /// The wall-clock time in this zone of a UTC instant.
    pub fn from_utc(self, utc: NaiveDateTime) -> NaiveDateTime {
        self.0.from_utc_datetime(&utc).naive_local()
    }
}

impl fmt::Display for TimeZone {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn at(text: &str) -> NaiveDateTime {
        NaiveDateTime::parse_from_str(text, "%Y-%m-%d %H:%M").unwrap()
    }

    #[test]
    fn names_parse_and_nonsense_is_refused() {
        assert_eq!(
            TimeZone::parse(" America/Chicago ").unwrap().name(),
            "America/Chicago"
        );
        assert!(TimeZone::parse("Mars/Olympus").is_err());
        assert!(TimeZone::parse("").is_err());
        assert!(TimeZone::all_names().contains(&"Europe/Madrid"));
    }

    #[test]
    fn local_times_round_trip_through_utc() {
        let chicago = TimeZone::parse("America/Chicago").unwrap();
        let utc = chicago
            .to_utc(at("2027-01-15 08:00"), "opening time")
            .unwrap();
        assert_eq!(utc, at("2027-01-15 14:00"), "CST is UTC−6");
        let summer = chicago.to_utc(at("2027-06-15 08:00"), "x").unwrap();
        assert_eq!(summer, at("2027-06-15 13:00"), "CDT is UTC−5");
        assert_eq!(chicago.from_utc(summer), at("2027-06-15 08:00"));
        assert_eq!(
            TimeZone::UTC.to_utc(at("2027-06-15 08:00"), "x").unwrap(),
            at("2027-06-15 08:00")
        );
    }

    #[test]
    fn skipped_times_are_refused_and_repeated_ones_read_as_the_first() {
        let chicago = TimeZone::parse("America/Chicago").unwrap();
        let err = chicago
            .to_utc(at("2027-03-14 02:30"), "opening time")
            .unwrap_err();
        assert!(
            err.to_string()
                .contains("does not exist in America/Chicago"),
            "{err}"
        );
        let repeated = chicago.to_utc(at("2027-11-07 01:30"), "x").unwrap();
        assert_eq!(repeated, at("2027-11-07 06:30"), "the first 1:30 is CDT");
    }
}

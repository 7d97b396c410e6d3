//! What makes two districts' catalogue rows "the same product" for cross-district benchmarks.

/// A product's identity across districts: its vendor and name, compared case-insensitively
/// with surrounding whitespace dropped and inner runs of whitespace read as one space.
/// Products are per-district rows typed by each district's admin, so "Math  Quest" by
/// "eduCorp" and "math quest" by "EduCorp" are the same product; "MathQuest" is not (the
/// names must match apart from case and spacing).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct ProductIdentity {
    vendor: String,
    name: String,
}

/// Lower case, trimmed, with every run of whitespace one space.
fn normalise(text: &str) -> String {
    text.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

impl ProductIdentity {
    /// The identity of a catalogue row's vendor and name.
    pub fn of(vendor: &str, name: &str) -> Self {
        Self {
            vendor: normalise(vendor),
            name: normalise(name),
        }
    }

    /// The normalised vendor.
    pub fn vendor(&self) -> &str {
        &self.vendor
    }

    /// The normalised name.
    pub fn name(&self) -> &str {
        &self.name
    }
}

#[cfg(test)]
mod tests {
    use super::ProductIdentity;

    #[test]
    fn case_and_spacing_do_not_matter() {
        let a = ProductIdentity::of("EduCorp", "Math Quest");
        assert_eq!(a, ProductIdentity::of("  educorp ", "MATH   quest"));
        assert_eq!(a, ProductIdentity::of("EduCorp", "math\tQuest\n"));
        assert_eq!(a.name(), "math quest");
        assert_eq!(a.vendor(), "educorp");
    }

    #[test]
    fn different_names_or_vendors_differ() {
        let a = ProductIdentity::of("EduCorp", "Math Quest");
        assert_ne!(a, ProductIdentity::of("EduCorp", "MathQuest"));
        assert_ne!(a, ProductIdentity::of("Other Co", "Math Quest"));
        assert_ne!(a, ProductIdentity::of("EduCorp", "Math Quest 2"));
    }

    #[test]
    fn non_ascii_letters_fold_too() {
        assert_eq!(
            ProductIdentity::of("Édu", "Lectura Ágil"),
            ProductIdentity::of("édu", "LECTURA ÁGIL")
        );
    }
}

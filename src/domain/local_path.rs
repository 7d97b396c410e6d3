//! Where a redirect may send a browser: a path on this site, nothing else.
//!
//! `?next=` and the sign-in form's `next` come from outside; a `Location` built from them
//! could send a signed-in person to another site (`//evil.example`, `/\evil.example`, and
//! `/\t/evil.example`, which browsers read as `//evil.example` once they drop the tab) or
//! split the response's headers (`/%0d%0aSet-Cookie: …`). Only a [`LocalPath`] becomes a
//! `Location` header, so no header value is built from raw input.

use std::fmt;

/// A same-site path (with its query and fragment): it starts with one `/`, the next character
/// is neither `/` nor `\`, and every character is visible ASCII other than `\` (no spaces,
/// tabs, line breaks or other control characters; non-ASCII arrives percent-encoded).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LocalPath(String);

impl LocalPath {
    /// Where staff land when there is nowhere better to go.
    pub const HOME: &'static str = "/home";

    /// Parses a same-site path; `None` for anything else (another site, a scheme, a
    /// protocol-relative address, whitespace, control characters, backslashes).
    pub fn parse(raw: &str) -> Option<LocalPath> {
        let mut chars = raw.chars();
        let local = chars.next() == Some('/')
            && !matches!(chars.next(), Some('/' | '\\'))
            && raw.chars().all(|c| c.is_ascii_graphic() && c != '\\');
        local.then(|| LocalPath(raw.to_string()))
    }

    /// The path when it parses, otherwise the staff home page: a bad `next` is not worth an
    /// error page, the person has just signed in.
    pub fn or_home(raw: &str) -> LocalPath {
        LocalPath::parse(raw).unwrap_or_default()
    }

    /// The path as text (safe for a `Location` header and an HTML attribute).
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl Default for LocalPath {
    fn default() -> Self {
        LocalPath(LocalPath::HOME.to_string())
    }
}

impl fmt::Display for LocalPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl serde::Serialize for LocalPath {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::LocalPath;

    #[test]
    fn same_site_paths_are_kept() {
        for ok in [
            "/home",
            "/reports/a1?group=teacher&lang=es#x",
            "/s/p/2",
            "/%09x",
        ] {
            assert_eq!(LocalPath::or_home(ok).as_str(), ok);
        }
    }

    #[test]
    fn everything_else_goes_home() {
        for bad in [
            "",
            "home",
            "https://evil.example/",
            "//evil.example/",
            "/\\evil.example/",
            "/\t/evil.example/",
            "/ /evil.example/",
            "/\r\nX: 1",
            "/\nSet-Cookie: a=b",
            "/a\\b",
            "/\u{7f}",
            "/caf\u{e9}",
            "\t/home",
        ] {
            assert_eq!(LocalPath::or_home(bad).as_str(), "/home", "{bad:?}");
        }
    }
}

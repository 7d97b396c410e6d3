//! The layering of `src/`, enforced: every `crate::…` and `super::…` path in every module is
//! read, and an import against the direction fails the test with its file and line.
//!
//! Layers, lowest first (`docs/architecture.md`, "Layers"):
//!
//! | layer | modules | may import |
//! | --- | --- | --- |
//! | pure | `domain`, `stats`, `survey::kinds` | itself; the kinds also `domain` |
//! | database | `db` | itself and the pure layer (no `stats`) |
//! | services | `survey`, `reports`, `demo`, `config` | each other and every layer below |
//! | web | `web` | every layer below |
//! | application | `startup`, `commands`, `cli`, `telemetry`, `loadgen`, `lib` | everything |
//!
//! `stats` imports nothing of ours; `domain` imports nothing of ours. Nothing below `web`
//! imports `web`. Doc comments and `//` comments are not code and are not read.

use std::fs;
use std::path::{Path, PathBuf};

/// A module's place in the layering.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Area {
    Domain,
    Stats,
    Kinds,
    Db,
    Service,
    Web,
    Application,
}

impl Area {
    /// The area of a module path such as `["survey", "kinds", "scale"]`.
    fn of(path: &[String]) -> Area {
        match path.first().map(String::as_str) {
            Some("domain") => Area::Domain,
            Some("stats") => Area::Stats,
            Some("survey") if path.get(1).map(String::as_str) == Some("kinds") => Area::Kinds,
            Some("db") => Area::Db,
            Some("survey" | "reports" | "demo" | "config") => Area::Service,
            Some("web") => Area::Web,
            _ => Area::Application,
        }
    }

    /// The frameworks code in `self` may not name: the pure layer knows no web framework, no
    /// database and no templates; nothing below `web` knows the web framework.
    fn forbidden_crates(self) -> &'static [&'static str] {
        use Area::*;
        match self {
            Domain | Stats | Kinds => &["actix_web", "actix_session", "diesel", "handlebars"],
            Db | Service => &["actix_web", "actix_session", "handlebars"],
            Web | Application => &[],
        }
    }

    /// Whether code in `self` may use a path in `target`.
    fn may_import(self, target: Area) -> bool {
        use Area::*;
        match self {
            Domain => target == Domain,
            Stats => target == Stats,
            Kinds => matches!(target, Kinds | Domain),
            Db => matches!(target, Db | Domain | Kinds),
            Service => matches!(target, Service | Db | Domain | Stats | Kinds),
            Web => target != Application,
            Application => true,
        }
    }
}

/// One import against the direction.
#[derive(Debug)]
struct Violation {
    file: PathBuf,
    line: usize,
    path: String,
    from: Area,
    to: String,
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()))
        .map(|e| e.map(|e| e.path()))
        .collect::<Result<_, _>>()
        .unwrap_or_else(|e| panic!("reading {}: {e}", dir.display()));
    entries.sort();
    for path in entries {
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module path of a file under `src/` (`src/web/admin/mod.rs` → `web::admin`).
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let relative = file.strip_prefix(src).unwrap_or(file);
    let mut parts: Vec<String> = relative
        .iter()
        .map(|p| p.to_string_lossy().into_owned())
        .collect();
    if let Some(last) = parts.pop() {
        let stem = last.trim_end_matches(".rs");
        if stem != "mod" && stem != "lib" && stem != "main" {
            parts.push(stem.to_string());
        }
    }
    parts
}

/// A line with its `//` comment removed (a `//` inside a string literal ends the scan early,
/// which only ever hides a path, never invents one).
fn code_of(line: &str) -> &str {
    match line.find("//") {
        Some(at) => &line[..at],
        None => line,
    }
}

/// Every path a text names that starts at `crate::` or `super::`, resolved to a path from the
/// crate root, with the byte offset where it starts. `use crate::{a::b, c}` yields `a::b` and
/// `c`, across lines.
fn paths_in(line: &str, module: &[String]) -> Vec<(usize, Vec<String>)> {
    let mut found = Vec::new();
    let bytes = line.as_bytes();
    let mut at = 0;
    while at < line.len() {
        let rest = &line[at..];
        let starts_word = at == 0
            || !(bytes[at - 1].is_ascii_alphanumeric()
                || bytes[at - 1] == b'_'
                || bytes[at - 1] == b':');
        let prefix = ["crate::", "super::"]
            .into_iter()
            .find(|p| rest.starts_with(p));
        let Some(prefix) = prefix.filter(|_| starts_word) else {
            at += rest.chars().next().map_or(1, char::len_utf8);
            continue;
        };
        let mut base: Vec<String> = if prefix == "crate::" {
            Vec::new()
        } else {
            // A file's module path already names a `mod.rs` by its directory.
            let mut base = module.to_vec();
            base.pop();
            base
        };
        let mut tail = &rest[prefix.len()..];
        while let Some(next) = tail.strip_prefix("super::") {
            base.pop();
            tail = next;
        }
        for path in use_tree(tail) {
            let mut full = base.clone();
            full.extend(path);
            found.push((at, full));
        }
        at += prefix.len();
    }
    found
}

/// The paths of a use tree (`a::b`, `a::{b, c::{d}}`), read up to where the tree ends.
fn use_tree(text: &str) -> Vec<Vec<String>> {
    let mut prefix = Vec::new();
    let mut rest = text;
    loop {
        let word: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
            .collect();
        if word.is_empty() {
            break;
        }
        rest = &rest[word.len()..];
        prefix.push(word);
        match rest.strip_prefix("::") {
            Some(next) => rest = next,
            None => return vec![prefix],
        }
    }
    let Some(group) = rest.strip_prefix('{') else {
        return vec![prefix];
    };
    let mut paths = Vec::new();
    let mut depth = 0;
    let mut item_start = 0;
    for (at, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' if depth == 0 => {
                paths.extend(group_item(&prefix, &group[item_start..at]));
                return paths;
            }
            '}' => depth -= 1,
            ',' if depth == 0 => {
                paths.extend(group_item(&prefix, &group[item_start..at]));
                item_start = at + 1;
            }
            _ => {}
        }
    }
    paths.extend(group_item(&prefix, &group[item_start..]));
    paths
}

/// One item of a `{…}` group under `prefix` (`self` names the prefix itself).
fn group_item(prefix: &[String], item: &str) -> Vec<Vec<String>> {
    let item = item.trim();
    if item.is_empty() {
        return Vec::new();
    }
    if item == "self" || item.starts_with("self ") {
        return vec![prefix.to_vec()];
    }
    use_tree(item)
        .into_iter()
        .map(|path| prefix.iter().cloned().chain(path).collect())
        .collect()
}

/// Where the first inline module (`mod tests {`) starts, or the text's end.
/// Whether a line of code names the external crate `name` as a path (`name::…`).
fn mentions_crate(line: &str, name: &str) -> bool {
    line.match_indices(name).any(|(at, _)| {
        let before = line[..at].chars().next_back();
        let starts_word =
            before.is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '_' || c == ':'));
        starts_word && line[at + name.len()..].starts_with("::")
    })
}

fn inline_module_start(code: &str) -> usize {
    let mut offset = 0;
    for line in code.split('\n') {
        let words: Vec<&str> = line.split_whitespace().collect();
        let declares = matches!(
            words.as_slice(),
            ["mod", _, "{", ..] | ["pub" | "pub(crate)", "mod", _, "{", ..]
        );
        if declares {
            return offset;
        }
        offset += line.len() + 1;
    }
    code.len()
}

fn violations(src: &Path) -> Vec<Violation> {
    let mut files = Vec::new();
    rust_files(src, &mut files);
    let mut found = Vec::new();
    for file in files {
        let module = module_of(src, &file);
        let from = Area::of(&module);
        let text =
            fs::read_to_string(&file).unwrap_or_else(|e| panic!("reading {}: {e}", file.display()));
        let code: Vec<&str> = text.lines().map(code_of).collect();
        let code = code.join("\n");
        // After an inline `mod name {` (the house keeps them at a file's end: `mod tests`),
        // `super` means the file's own module.
        let inline_at = inline_module_start(&code);
        let inner: Vec<String> = module.iter().cloned().chain(["inline".into()]).collect();
        let found_here = paths_in(&code[..inline_at], &module).into_iter().chain(
            paths_in(&code[inline_at..], &inner)
                .into_iter()
                .map(|(offset, path)| (offset + inline_at, path)),
        );
        for (offset, path) in found_here {
            let to = Area::of(&path);
            if !from.may_import(to) {
                found.push(Violation {
                    file: file.clone(),
                    line: code[..offset].matches('\n').count() + 1,
                    path: format!("crate::{}", path.join("::")),
                    from,
                    to: format!("{to:?}"),
                });
            }
        }
        for (index, line) in code.split('\n').enumerate() {
            for name in from.forbidden_crates() {
                if mentions_crate(line, name) {
                    found.push(Violation {
                        file: file.clone(),
                        line: index + 1,
                        path: format!("{name}::…"),
                        from,
                        to: "a framework".into(),
                    });
                }
            }
        }
    }
    found
}

#[test]
fn every_import_follows_the_layering() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let found = violations(&src);
    let report: Vec<String> = found
        .iter()
        .map(|v| {
            format!(
                "{}:{}: {:?} imports {} ({})",
                v.file.display(),
                v.line,
                v.from,
                v.path,
                v.to
            )
        })
        .collect();
    assert!(
        report.is_empty(),
        "{} imports go against the layering (docs/architecture.md, \"Layers\"):\n{}",
        report.len(),
        report.join("\n")
    );
}

#[test]
fn a_planted_violation_is_found_with_its_file_and_line() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("tempdir: {e}"));
    let domain = dir.path().join("domain");
    fs::create_dir_all(&domain).unwrap_or_else(|e| panic!("mkdir: {e}"));
    fs::write(
        domain.join("bad.rs"),
        "//! A domain module that reaches up.\n\n// crate::web in a comment is not code\nuse crate::{domain::Fine, web::AppState};\nfn f() { super::super::db::now(); }\nmod tests {\n    use super::*;\n    use super::super::super::stats::Mean;\n    fn g(_: diesel::QueryResult<()>) {}\n}\n",
    )
    .unwrap_or_else(|e| panic!("write: {e}"));
    let found = violations(dir.path());
    let seen: Vec<(usize, &str)> = found.iter().map(|v| (v.line, v.path.as_str())).collect();
    assert_eq!(
        seen,
        vec![
            (4, "crate::web::AppState"),
            (5, "crate::db::now"),
            (8, "crate::stats::Mean"),
            (9, "diesel::…")
        ]
    );
    assert!(found[0].file.ends_with("domain/bad.rs"));
}

#[test]
fn super_and_grouped_paths_resolve_from_the_crate_root() {
    let src = Path::new("src");
    let admin = module_of(src, Path::new("src/web/admin/mod.rs"));
    let staff = module_of(src, Path::new("src/web/admin/staff.rs"));
    let words = |p: &[&str]| p.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let paths = |text: &str, module: &[String]| {
        paths_in(text, module)
            .into_iter()
            .map(|(_, p)| p)
            .collect::<Vec<_>>()
    };
    assert_eq!(
        paths("use super::auth::X;", &admin),
        vec![words(&["web", "auth", "X"])]
    );
    assert_eq!(
        paths("use super::staff_form::Y;", &staff),
        vec![words(&["web", "admin", "staff_form", "Y"])]
    );
    assert_eq!(
        paths(
            "use crate::{\n    db::now,\n    stats::{a, b::{c, self}},\n    web,\n};",
            &staff
        ),
        vec![
            words(&["db", "now"]),
            words(&["stats", "a"]),
            words(&["stats", "b", "c"]),
            words(&["stats", "b"]),
            words(&["web"]),
        ]
    );
}

//! The architecture of ARCHITECTURE.md, kept by tests:
//!
//! - the library `kader` depends on no command-line, CI-format or protocol
//!   crate (clap, tempfile, serde-sarif, quick-junit, tower-lsp, tokio), and
//!   not on `kader-cli` or `kader-project`: it does no I/O and knows no
//!   front end;
//! - no file of the library, of the loader or of the language server
//!   imports a file that imports it back (no import cycles);
//! - no layer of the library imports a layer above it ([`LAYERS`]);
//! - the formatter is syntactic: it imports nothing that knows what a
//!   name means (the schema, the checker, the rules, the analysis).
//!
//! Imports are read from the source: `crate::…` and `super::…` paths, the
//! child modules a file declares, the crate root's re-exports and exported
//! macros. Comments and test modules do not count.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

/// The packages `package` depends on for its normal build, transitively,
/// from `cargo metadata`.
fn normal_dependencies(package: &str) -> BTreeSet<String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let out = std::process::Command::new(cargo)
        .current_dir(workspace())
        .args(["metadata", "--format-version", "1", "--locked"])
        .output()
        .expect("cargo metadata runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let name_of: BTreeMap<&str, &str> = meta["packages"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["id"].as_str().unwrap(), p["name"].as_str().unwrap()))
        .collect();
    let nodes: BTreeMap<&str, &serde_json::Value> = meta["resolve"]["nodes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| (n["id"].as_str().unwrap(), n))
        .collect();
    let start = name_of
        .iter()
        .find(|(_, name)| **name == package)
        .map(|(id, _)| *id)
        .expect("the package is in the workspace");
    let mut seen: BTreeSet<&str> = BTreeSet::new();
    let mut todo = vec![start];
    while let Some(id) = todo.pop() {
        for dep in nodes[id]["deps"].as_array().unwrap() {
            let normal = dep["dep_kinds"]
                .as_array()
                .unwrap()
                .iter()
                .any(|k| k["kind"].is_null());
            let dep_id = dep["pkg"].as_str().unwrap();
            if normal && seen.insert(dep_id) {
                todo.push(dep_id);
            }
        }
    }
    seen.iter().map(|id| name_of[id].to_string()).collect()
}

#[test]
fn the_library_depends_on_no_front_end_crate() {
    let forbidden = [
        "clap",
        "tempfile",
        "serde-sarif",
        "quick-junit",
        "tower-lsp",
        "tokio",
        "kader-cli",
        "kader-project",
        "kader-lsp",
    ];
    let deps = normal_dependencies("kader");
    for name in forbidden {
        assert!(!deps.contains(name), "kader depends on {name}");
    }
    assert!(deps.contains("kader-stdlib"), "{deps:?}");
    // The near miss: the walk does see a front end's dependencies.
    let cli = normal_dependencies("kader-cli");
    for name in [
        "clap",
        "serde-sarif",
        "quick-junit",
        "kader",
        "kader-project",
    ] {
        assert!(cli.contains(name), "kader-cli without {name}: {cli:?}");
    }
    let lsp = normal_dependencies("kader-lsp");
    assert!(
        !lsp.contains("clap") && !lsp.contains("kader-cli"),
        "{lsp:?}"
    );
}

/// A crate's source files, each with its module path (`check::items`).
struct Crate {
    files: BTreeMap<Vec<String>, (String, String)>,
}

impl Crate {
    fn read(src: &Path) -> Crate {
        let mut files = BTreeMap::new();
        let mut todo = vec![src.to_path_buf()];
        while let Some(dir) = todo.pop() {
            for entry in std::fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    todo.push(path);
                    continue;
                }
                if path.extension().is_none_or(|e| e != "rs") {
                    continue;
                }
                let rel = path.strip_prefix(src).unwrap();
                let mut module: Vec<String> = rel
                    .with_extension("")
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                if matches!(
                    module.last().map(String::as_str),
                    Some("mod" | "lib" | "main")
                ) {
                    module.pop();
                }
                let shown = rel.to_string_lossy().replace('\\', "/");
                let text = std::fs::read_to_string(&path).unwrap();
                files.insert(module, (shown, text));
            }
        }
        // Files that are test modules (`#[cfg(test)] mod tests;`) are left out.
        let tests: Vec<Vec<String>> = files
            .iter()
            .flat_map(|(module, (_, text))| {
                declared(text, true)
                    .into_iter()
                    .map(move |m| [module.clone(), vec![m]].concat())
            })
            .collect();
        for t in tests {
            files.remove(&t);
        }
        Crate { files }
    }

    /// The file a path resolves to: the longest prefix that is a module.
    fn resolve(&self, path: &[String]) -> Option<&str> {
        (0..=path.len())
            .rev()
            .find_map(|k| self.files.get(&path[..k]))
            .map(|(shown, _)| shown.as_str())
    }

    /// Every file with the files it imports.
    fn imports(&self) -> BTreeMap<String, BTreeSet<String>> {
        let root_text = self.files.get(&Vec::new()).map(|(_, t)| t.as_str());
        let reexports = root_text.map(reexports).unwrap_or_default();
        let mut macros: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (module, (_, text)) in &self.files {
            for name in after_each(text, "macro_rules!") {
                macros.insert(name, module.clone());
            }
        }
        let mut out = BTreeMap::new();
        for (module, (shown, text)) in &self.files {
            let code = without_tests(text);
            let mut paths: Vec<Vec<String>> = Vec::new();
            for (keyword, base) in [
                ("crate::", Vec::new()),
                ("super::", module[..module.len().saturating_sub(1)].to_vec()),
            ] {
                for path in paths_after(&code, keyword) {
                    let mut full = base.clone();
                    full.extend(path);
                    if keyword == "crate::" {
                        if let Some(first) = full.first().cloned() {
                            if let Some(target) = reexports.get(&first) {
                                full.splice(0..1, target.iter().cloned());
                            } else if let Some(target) = macros.get(&first) {
                                full = target.clone();
                            }
                        }
                    }
                    paths.push(full);
                }
            }
            for child in declared(&code, false) {
                for path in paths_after(&code, &format!("{child}::")) {
                    let mut full = module.clone();
                    full.push(child.clone());
                    full.extend(path);
                    paths.push(full);
                }
            }
            let targets: BTreeSet<String> = paths
                .iter()
                .filter_map(|p| self.resolve(p))
                .filter(|t| t != shown)
                .map(str::to_string)
                .collect();
            out.insert(shown.clone(), targets);
        }
        out
    }
}

/// The text before the first `#[cfg(test)]` module, without comment lines.
fn without_tests(text: &str) -> String {
    let end = text.find("#[cfg(test)]\nmod tests {").unwrap_or(text.len());
    text[..end]
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// The modules a file declares with `mod name;`: the test modules
/// (`#[cfg(test)]` on the line before) when `tests`, else the others.
fn declared(text: &str, tests: bool) -> Vec<String> {
    let lines: Vec<&str> = text.lines().collect();
    let mut out = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let l = line.trim();
        let l = l
            .strip_prefix("pub(crate) ")
            .or_else(|| l.strip_prefix("pub "))
            .unwrap_or(l);
        let Some(name) = l.strip_prefix("mod ").and_then(|r| r.strip_suffix(';')) else {
            continue;
        };
        let is_test = i > 0 && lines[i - 1].trim() == "#[cfg(test)]";
        if is_test == tests {
            out.push(name.to_string());
        }
    }
    out
}

/// The crate root's `pub use module::{A, B};` and `pub use module::A;`.
fn reexports(root: &str) -> BTreeMap<String, Vec<String>> {
    let mut out = BTreeMap::new();
    for stmt in root.split(';') {
        let Some(rest) = stmt.trim().strip_prefix("pub use ") else {
            continue;
        };
        let Some((module, names)) = rest.split_once("::") else {
            continue;
        };
        for name in names.trim_matches(|c| c == '{' || c == '}').split(',') {
            let name = name.trim();
            if !name.is_empty() && !name.contains("::") {
                out.insert(name.to_string(), vec![module.to_string()]);
            }
        }
    }
    out
}

/// The identifier after each occurrence of `keyword`.
fn after_each(text: &str, keyword: &str) -> Vec<String> {
    text.match_indices(keyword)
        .map(|(at, _)| {
            text[at + keyword.len()..]
                .trim_start()
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect()
        })
        .collect()
}

fn is_ident(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Every path that follows `prefix` (which ends in `::`) where `prefix`
/// starts a path, with `{a, b::c}` groups expanded.
fn paths_after(code: &str, prefix: &str) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for (at, _) in code.match_indices(prefix) {
        let before = code[..at].chars().next_back();
        // `pub(in crate::syntax)` restricts visibility; it imports nothing.
        if before.is_some_and(|c| is_ident(c) || c == ':') || code[..at].ends_with("(in ") {
            continue;
        }
        group(&code[at + prefix.len()..], Vec::new(), &mut out);
    }
    out
}

/// Reads one path (or `{…}` group) at the start of `rest` after `base`.
fn group(rest: &str, base: Vec<String>, out: &mut Vec<Vec<String>>) {
    let rest = rest.trim_start();
    if let Some(inner) = rest.strip_prefix('{') {
        let mut depth = 0;
        let mut start = 0;
        for (i, c) in inner.char_indices() {
            match c {
                '{' => depth += 1,
                '}' if depth == 0 => {
                    group(&inner[start..i], base.clone(), out);
                    return;
                }
                '}' => depth -= 1,
                ',' if depth == 0 => {
                    group(&inner[start..i], base.clone(), out);
                    start = i + 1;
                }
                _ => {}
            }
        }
        return;
    }
    let name: String = rest.chars().take_while(|c| is_ident(*c)).collect();
    if name.is_empty() || name == "self" {
        out.push(base);
        return;
    }
    let mut path = base;
    path.push(name.clone());
    match rest[name.len()..].strip_prefix("::") {
        Some(more) => group(more, path, out),
        None => out.push(path),
    }
}

/// The import cycles: strongly connected groups of more than one file.
fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<BTreeSet<String>> {
    let reach = |from: &String| {
        let mut seen: BTreeSet<String> = BTreeSet::new();
        let mut todo = vec![from.clone()];
        while let Some(f) = todo.pop() {
            for t in graph.get(&f).into_iter().flatten() {
                if seen.insert(t.clone()) {
                    todo.push(t.clone());
                }
            }
        }
        seen
    };
    let reachable: BTreeMap<&String, BTreeSet<String>> =
        graph.keys().map(|f| (f, reach(f))).collect();
    let mut out: Vec<BTreeSet<String>> = Vec::new();
    for (f, r) in &reachable {
        let group: BTreeSet<String> = r
            .iter()
            .filter(|t| reachable.get(t).is_some_and(|back| back.contains(*f)))
            .cloned()
            .collect();
        if !group.is_empty() && !out.contains(&group) {
            out.push(group);
        }
    }
    out
}

#[test]
fn no_import_cycles_in_the_library_the_loader_or_the_server() {
    let root = workspace();
    for src in [
        "compiler/src",
        "compiler/project/src",
        "compiler/cli/src",
        "lsp/src",
    ] {
        let graph = Crate::read(&root.join(src)).imports();
        assert!(graph.len() > 1, "{src}: no files read");
        assert!(
            graph.values().map(BTreeSet::len).sum::<usize>() > 0,
            "{src}: no imports read"
        );
        let found = cycles(&graph);
        assert!(found.is_empty(), "{src}: import cycles {found:#?}");
    }
}

#[test]
fn the_cycle_finder_finds_a_cycle() {
    let graph: BTreeMap<String, BTreeSet<String>> = [
        ("a.rs", vec!["b.rs"]),
        ("b.rs", vec!["c.rs"]),
        ("c.rs", vec!["a.rs"]),
        ("d.rs", vec!["a.rs"]),
    ]
    .into_iter()
    .map(|(f, ts)| (f.to_string(), ts.into_iter().map(str::to_string).collect()))
    .collect();
    let found = cycles(&graph);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].len(), 3);
}

/// The library's layers, lowest first: a file may import its own layer and
/// those below, never one above. The crate root (`lib.rs`) only declares
/// and re-exports.
const LAYERS: &[&[&str]] = &[
    &["span", "diagnostics", "suggest", "stdlib"],
    &["ast", "source", "syntax"],
    &["fmt"],
    &["schema", "config"],
    &["check"],
    &["fingerprint"],
    &["rules", "reading"],
    &["catalogue", "analysis"],
    &["render", "translate", "ide", "report", "toets"],
];

#[test]
fn no_layer_of_the_library_imports_one_above_it() {
    let krate = Crate::read(&workspace().join("compiler/src"));
    let layer = |file: &str| {
        let top = file
            .split('/')
            .next()
            .unwrap_or(file)
            .trim_end_matches(".rs");
        LAYERS.iter().position(|l| l.contains(&top))
    };
    let mut upward = Vec::new();
    let mut placed = 0;
    for (file, targets) in krate.imports() {
        if file == "lib.rs" {
            continue;
        }
        let from = layer(&file).unwrap_or_else(|| panic!("{file} is in no layer of LAYERS"));
        placed += 1;
        for t in targets {
            if t == "lib.rs" {
                upward.push(format!("{file} -> the crate root"));
            } else if layer(&t).is_some_and(|to| to > from) {
                upward.push(format!("{file} -> {t}"));
            }
        }
    }
    assert!(placed > 20, "only {placed} files placed");
    assert!(
        upward.is_empty(),
        "imports that run up a layer: {upward:#?}"
    );
}

/// The modules that know what a name means; the formatter uses none.
const MEANING: &[&str] = &[
    "schema",
    "check",
    "rules",
    "analysis",
    "catalogue",
    "translate",
    "ide",
];

/// The files of `module` (a top-level module of the library) with the
/// top-level modules of the library they import.
fn imports_of(module: &str) -> BTreeMap<String, BTreeSet<String>> {
    let krate = Crate::read(&workspace().join("compiler/src"));
    let top = |file: &str| {
        file.split('/')
            .next()
            .unwrap_or(file)
            .trim_end_matches(".rs")
            .to_string()
    };
    krate
        .imports()
        .into_iter()
        .filter(|(file, _)| top(file) == module)
        .map(|(file, targets)| (file, targets.iter().map(|t| top(t)).collect()))
        .collect()
}

#[test]
fn the_formatter_imports_nothing_that_knows_what_a_name_means() {
    let fmt = imports_of("fmt");
    assert!(fmt.len() >= 3, "fmt files read: {fmt:#?}");
    assert!(
        fmt.values().any(|t| t.contains("syntax")),
        "the formatter's imports were not read: {fmt:#?}"
    );
    let wrong: Vec<String> = fmt
        .iter()
        .flat_map(|(file, targets)| {
            targets
                .iter()
                .filter(|t| MEANING.contains(&t.as_str()))
                .map(move |t| format!("{file} -> {t}"))
        })
        .collect();
    assert!(wrong.is_empty(), "the formatter imports {wrong:#?}");
    // The near miss: translation does import them.
    let translate = imports_of("translate");
    let seen: BTreeSet<&String> = translate.values().flatten().collect();
    for module in ["analysis", "check", "rules", "schema", "fmt"] {
        assert!(
            seen.contains(&module.to_string()),
            "translate without {module}: {seen:?}"
        );
    }
}

//! The house keeps its plan: no module of `src/` imports, directly or through others, a module
//! that imports it, and the arrows the plan forbids are absent (the checks never reach the engine,
//! the engine never reaches a reporter, a reporter never reaches the engine, the document model
//! reaches none of them). Imports are read from the source: every `crate::NAME` path, `use` or
//! inline, outside `#[cfg(test)]` code.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Top-level module → the top-level modules its code names.
fn imports() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut files = vec![src.clone()];
    while let Some(path) = files.pop() {
        if path.is_dir() {
            let entries = std::fs::read_dir(&path).expect("src is readable");
            files.extend(entries.map(|e| e.expect("a directory entry").path()));
            continue;
        }
        if path.extension().is_none_or(|e| e != "rs") || path.ends_with("tests.rs") {
            continue;
        }
        let relative = path.strip_prefix(&src).expect("under src");
        let first = relative
            .components()
            .next()
            .and_then(|c| c.as_os_str().to_str())
            .expect("a file name");
        let module = first.trim_end_matches(".rs").to_owned();
        if module == "lib" || module == "main" {
            continue;
        }
        let text = std::fs::read_to_string(&path).expect("a source file");
        // Test code may reach anywhere: it is not part of the house.
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        let edges = graph.entry(module.clone()).or_default();
        for (i, _) in code.match_indices("crate::") {
            let name: String = code[i + "crate::".len()..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            if !name.is_empty() && name != module {
                edges.insert(name);
            }
        }
    }
    graph
}

/// Every module `from` reaches through imports.
fn reach(graph: &BTreeMap<String, BTreeSet<String>>, from: &str) -> BTreeSet<String> {
    let mut seen = BTreeSet::new();
    let mut stack = vec![from.to_owned()];
    while let Some(m) = stack.pop() {
        for next in graph.get(&m).into_iter().flatten() {
            if seen.insert(next.clone()) {
                stack.push(next.clone());
            }
        }
    }
    seen
}

#[test]
fn no_module_imports_one_that_imports_it() {
    let graph = imports();
    assert!(graph.contains_key("engine") && graph.contains_key("checks"));
    let cycles: Vec<String> = graph
        .keys()
        .filter(|m| reach(&graph, m).contains(*m))
        .map(|m| {
            let back: Vec<&String> = graph[m]
                .iter()
                .filter(|n| reach(&graph, n).contains(m))
                .collect();
            format!("{m} -> {back:?} -> … -> {m}")
        })
        .collect();
    assert!(cycles.is_empty(), "import cycles:\n{}", cycles.join("\n"));
}

#[test]
fn the_forbidden_arrows_are_absent() {
    let graph = imports();
    let forbidden = [
        ("checks", "engine"),
        ("engine", "report"),
        ("engine", "cli"),
        ("report", "engine"),
        ("report", "checks"),
        ("model", "engine"),
        ("model", "checks"),
        ("model", "report"),
        ("config", "engine"),
    ];
    for (from, to) in forbidden {
        assert!(
            !reach(&graph, from).contains(to),
            "`{from}` reaches `{to}` (directly or through others): {:?}",
            graph.get(from)
        );
    }
}

//! The layering of `src/` (docs/ARCHITECTURE.md): imports only point down, no check area imports
//! another, and there is no import circle. Read from the source text: every `crate::…` and
//! `super::…` path outside comments and `#[cfg(test)]` modules.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Each layer and the layers (and foundation modules) it may import. A module is named by its
/// first one or two path segments (`checks::settings`, `io::fs`, `model`).
fn layer_of(module: &str) -> &'static str {
    let top = module.split("::").next().unwrap_or("");
    match top {
        "context" | "model" | "hosts" | "resolvers" | "workers" => "foundation",
        "io" | "formats" => top_static(top),
        "browsers" | "sources" | "facts" | "checks" | "runner" | "report" => top_static(top),
        "app" | "cli" | "main" | "lib" => "command",
        "fixtures" | "fuzzing" => "test-support",
        other => panic!(
            "module `{other}` is in no layer: add it to tests/layers.rs and docs/ARCHITECTURE.md"
        ),
    }
}

fn top_static(s: &str) -> &'static str {
    [
        "io", "formats", "browsers", "sources", "facts", "checks", "runner", "report",
    ]
    .into_iter()
    .find(|x| *x == s)
    .unwrap()
}

/// What each layer may import (besides itself).
fn allowed(layer: &str) -> &'static [&'static str] {
    match layer {
        "foundation" => &["foundation"],
        "io" | "formats" => &["foundation"],
        "browsers" => &["foundation", "io", "formats"],
        "sources" => &["foundation", "io", "formats", "browsers"],
        "facts" => &["foundation", "io", "formats", "browsers", "sources"],
        "checks" => &[
            "foundation",
            "io",
            "formats",
            "browsers",
            "sources",
            "facts",
        ],
        "runner" => &["foundation", "facts", "checks"],
        "report" => &[
            "foundation",
            "io",
            "formats",
            "browsers",
            "sources",
            "facts",
            "checks",
            "runner",
        ],
        _ => &[
            "foundation",
            "io",
            "formats",
            "browsers",
            "sources",
            "facts",
            "checks",
            "runner",
            "report",
            "command",
            "test-support",
        ],
    }
}

fn rs_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        let p = e.path();
        if p.is_dir() {
            rs_files(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

/// `src/checks/settings/chromium.rs` → ["checks", "settings", "chromium"].
fn module_path(src: &Path, file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = rel
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|l| l == "mod") {
        parts.pop();
    }
    parts
}

/// The source without comments, string contents and `#[cfg(test)]` modules.
fn code_of(text: &str) -> String {
    let mut out = String::new();
    let mut skip_depth: Option<i32> = None;
    let mut depth = 0i32;
    let mut pending_test = false;
    for line in text.lines() {
        let t = line.trim_start();
        if t.starts_with("//") {
            continue;
        }
        if t.starts_with("#[cfg(test)]") {
            pending_test = true;
            continue;
        }
        // Drop string literals crudely (paths inside strings are not imports).
        let mut code = String::new();
        let mut in_str = false;
        let mut prev = ' ';
        for ch in line.chars() {
            if ch == '"' && prev != '\\' {
                in_str = !in_str;
            } else if !in_str {
                code.push(ch);
            }
            prev = ch;
        }
        let opens = code.matches('{').count() as i32;
        let closes = code.matches('}').count() as i32;
        if pending_test && skip_depth.is_none() {
            skip_depth = Some(depth);
            pending_test = false;
        }
        depth += opens - closes;
        if let Some(d) = skip_depth {
            if depth <= d && (opens > 0 || closes > 0) && !t.starts_with("mod") {
                skip_depth = None;
            }
            continue;
        }
        out.push_str(&code);
        out.push('\n');
    }
    out
}

/// The modules a file imports, as two-segment names.
fn imports(modpath: &[String], code: &str, known: &BTreeSet<String>) -> BTreeSet<String> {
    let mut found = BTreeSet::new();
    let bytes = code.as_bytes();
    let mut push = |segs: Vec<String>| {
        // The longest prefix that is a known module (file), cut to two segments.
        for n in (1..=segs.len()).rev() {
            let cand = segs[..n].join("::");
            if known.contains(&cand) {
                let two: Vec<&str> = cand.split("::").take(2).collect();
                found.insert(two.join("::"));
                return;
            }
        }
    };
    for (i, _) in code.match_indices("crate::") {
        if i > 0
            && (bytes[i - 1].is_ascii_alphanumeric()
                || bytes[i - 1] == b'_'
                || bytes[i - 1] == b'$')
        {
            continue;
        }
        for segs in segments(&code[i + 7..]) {
            push(segs);
        }
    }
    for (i, _) in code.match_indices("super::") {
        if i > 0
            && (bytes[i - 1].is_ascii_alphanumeric()
                || bytes[i - 1] == b'_'
                || bytes[i - 1] == b':')
        {
            continue;
        }
        let mut base: Vec<String> = modpath.to_vec();
        base.pop();
        for tail in segments(&code[i + 7..]) {
            let mut segs = base.clone();
            segs.extend(tail);
            push(segs);
        }
    }
    found
}

/// The paths named after `crate::` or `super::`: one, or one per item of a `{a, b::c}` group.
fn segments(rest: &str) -> Vec<Vec<String>> {
    let mut segs = Vec::new();
    let mut cur = String::new();
    let mut chars = rest.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c.is_ascii_alphanumeric() || c == '_' {
            cur.push(c);
        } else if c == ':' && chars.peek().is_some_and(|(_, n)| *n == ':') {
            chars.next();
            segs.push(std::mem::take(&mut cur));
        } else if c == '{' && cur.is_empty() {
            let body = &rest[i + 1..];
            let body = &body[..body.find('}').unwrap_or(body.len())];
            return body
                .split(',')
                .map(|item| {
                    let mut v = segs.clone();
                    v.extend(
                        item.trim()
                            .split("::")
                            .map(|x| x.split_whitespace().next().unwrap_or("").to_string())
                            .filter(|x| !x.is_empty() && x != "self"),
                    );
                    v
                })
                .collect();
        } else {
            break;
        }
    }
    if !cur.is_empty() {
        segs.push(cur);
    }
    vec![segs]
}

fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rs_files(&src, &mut files);
    let known: BTreeSet<String> = files
        .iter()
        .map(|f| module_path(&src, f).join("::"))
        .filter(|m| !m.is_empty())
        .collect();
    // Modules that exist only in tests (`#[cfg(test)] mod x;`) are not part of the layering.
    let mut test_only = BTreeSet::new();
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        let lines: Vec<&str> = text.lines().map(str::trim).collect();
        for w in lines.windows(2) {
            if w[0] == "#[cfg(test)]" {
                if let Some(name) = w[1].strip_prefix("mod ").and_then(|r| r.strip_suffix(';')) {
                    let mut mp = module_path(&src, f);
                    if f.ends_with("lib.rs") {
                        mp.clear();
                    }
                    mp.push(name.to_string());
                    test_only.insert(mp.join("::"));
                }
            }
        }
    }
    let mut g: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in &files {
        let mp = module_path(&src, f);
        if mp.is_empty() || test_only.contains(&mp.join("::")) {
            continue;
        }
        let text = std::fs::read_to_string(f).unwrap();
        let me = mp.iter().take(2).cloned().collect::<Vec<_>>().join("::");
        let deps = imports(&mp, &code_of(&text), &known);
        let entry = g.entry(me.clone()).or_default();
        for d in deps {
            if d != me {
                entry.insert(d);
            }
        }
    }
    g
}

#[test]
fn imports_only_point_down() {
    let mut bad = Vec::new();
    for (m, deps) in graph() {
        let from = layer_of(&m);
        for d in deps {
            let to = layer_of(&d);
            if to != from && !allowed(from).contains(&to) {
                bad.push(format!("{m} ({from}) imports {d} ({to})"));
            }
        }
    }
    assert!(bad.is_empty(), "imports that point up:\n{}", bad.join("\n"));
}

#[test]
fn no_check_area_imports_another() {
    let shared = ["checks::declare", "checks::common"];
    let mut bad = Vec::new();
    for (m, deps) in graph() {
        if !m.starts_with("checks::") || m == "checks::registry" || shared.contains(&m.as_str()) {
            continue;
        }
        for d in deps {
            if d.starts_with("checks") && !shared.contains(&d.as_str()) {
                bad.push(format!("{m} imports {d}"));
            }
        }
    }
    assert!(
        bad.is_empty(),
        "check areas importing each other:\n{}",
        bad.join("\n")
    );
}

#[test]
fn there_is_no_import_circle() {
    let g = graph();
    // Depth-first search for a back edge; report the circle.
    fn visit(
        n: &str,
        g: &BTreeMap<String, BTreeSet<String>>,
        state: &mut BTreeMap<String, u8>,
        stack: &mut Vec<String>,
    ) -> Option<Vec<String>> {
        state.insert(n.to_string(), 1);
        stack.push(n.to_string());
        for d in g.get(n).into_iter().flatten() {
            match state.get(d.as_str()).copied().unwrap_or(0) {
                1 => {
                    let at = stack.iter().position(|s| s == d).unwrap();
                    let mut c = stack[at..].to_vec();
                    c.push(d.clone());
                    return Some(c);
                }
                0 => {
                    if let Some(c) = visit(d, g, state, stack) {
                        return Some(c);
                    }
                }
                _ => {}
            }
        }
        stack.pop();
        state.insert(n.to_string(), 2);
        None
    }
    let mut state = BTreeMap::new();
    for n in g.keys() {
        if state.get(n.as_str()).copied().unwrap_or(0) == 0 {
            if let Some(c) = visit(n, &g, &mut state, &mut Vec::new()) {
                panic!("import circle: {}", c.join(" → "));
            }
        }
    }
}

#[test]
fn the_graph_sees_imports() {
    // The test above would pass on an empty graph: make sure it reads what it should.
    let g = graph();
    assert!(
        g["checks::cookies"].contains("facts"),
        "{:?}",
        g["checks::cookies"]
    );
    assert!(g["facts"].contains("sources::cookies"), "{:?}", g["facts"]);
    assert!(g["checks::registry"].contains("checks::cookies"));
    assert!(g["sources::chromium"].contains("io::sqlite"));
}

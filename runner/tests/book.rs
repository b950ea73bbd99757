//! The book in `docs/` is partly generated from the code, and this test keeps it so:
//!
//! - `<!-- generated:diagrams -->` in `types.md`: a byte diagram and a field table per struct,
//!   drawn from `wasi_abi::layout::STRUCT_LAYOUTS` (the same constants the compile-time layout
//!   checks use);
//! - `<!-- generated:functions:FAMILY -->` in `functions/FAMILY.md`: a worked example (the real
//!   `--trace` output of an example guest, filtered to the family) and one section per function
//!   of the family, in spec order: its signature from `wasi_abi::FUNCTIONS`, and its
//!   description and errors from the doc comment of the `WasiCtx` method in `wasi-impl`;
//! - `<!-- generated:trace:hello -->` in `hello.md`: the trace of `examples/hello.wat`;
//! - `<!-- generated:example:NAME -->`: an example guest's source, command and output;
//! - `<!-- generated:rationale -->` in `rationale.md`: a copy of `RATIONALE.md`, so the book's
//!   links to decisions work in the built HTML too.
//!
//! Trace blocks are compared with inode, device, time and cookie numbers normalized. After a
//! deliberate change, `BLESS=1 cargo test -p wasi-run --test book` rewrites the blocks.

mod support;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use support::{bless, files_trace, normalize, repo, run_traced};
use wasi_abi::{FUNCTIONS, Family};

/// Every family with its chapter name (the trace's family names).
fn families() -> Vec<(Family, &'static str)> {
    wasi_impl::Tracer::parse_families("all")
        .expect("all")
        .into_iter()
        .map(|f| (f, wasi_impl::trace::family_name(f)))
        .collect()
}

const WITX: &str =
    "https://github.com/WebAssembly/WASI/blob/wasi-0.1/preview1/witx/wasi_snapshot_preview1.witx";
const SPEC_DOCS: &str = "https://github.com/WebAssembly/WASI/blob/wasi-0.1/preview1/docs.md";

/// Replaces the body of block `key` in `doc`; `None` if the markers are missing.
fn with_block(doc: &str, key: &str, body: &str) -> Option<(String, String)> {
    let open = format!("<!-- generated:{key} -->\n");
    let close = "<!-- /generated -->";
    let start = doc.find(&open)? + open.len();
    let end = start + doc[start..].find(close)?;
    let old = doc[start..end].to_owned();
    Some((format!("{}{body}{}", &doc[..start], &doc[end..]), old))
}

/// Checks (or, under BLESS, rewrites) block `key` of the book file `file`. `loose` compares
/// with run-dependent numbers normalized.
fn check_block(file: &str, key: &str, body: &str, loose: bool, stale: &mut Vec<String>) {
    let path = repo().join("docs").join(file);
    let doc = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{file}: {e}"));
    let Some((new_doc, old)) = with_block(&doc, key, body) else {
        stale.push(format!("{file}: no <!-- generated:{key} --> block"));
        return;
    };
    let same = if loose {
        normalize(&old) == normalize(body)
    } else {
        old == body
    };
    if bless() && !same {
        std::fs::write(&path, new_doc).expect("write book file");
    } else if !same {
        stale.push(format!("{file}: block {key} is stale"));
    }
}

/// Every `.rs` file under `dir`.
fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read_dir").flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The doc comment of `pub fn name(` in wasi-impl's sources, as Markdown.
fn doc_comment(sources: &[(PathBuf, String)], name: &str) -> Option<String> {
    let needle = format!("pub fn {name}(");
    for (_, text) in sources {
        let lines: Vec<&str> = text.lines().collect();
        let Some(at) = lines
            .iter()
            .position(|l| l.trim_start().starts_with(&needle))
        else {
            continue;
        };
        // Walk back over attributes to the doc comment.
        let mut end = at;
        while end > 0 && !lines[end - 1].trim_start().starts_with("///") {
            end -= 1;
            if at - end > 8 {
                return None;
            }
        }
        let mut start = end;
        while start > 0 && lines[start - 1].trim_start().starts_with("///") {
            start -= 1;
        }
        let doc: Vec<String> = lines[start..end]
            .iter()
            .map(|l| {
                let l = l.trim_start().trim_start_matches("///");
                l.strip_prefix(' ').unwrap_or(l).to_owned()
            })
            .collect();
        return Some(rustdoc_to_markdown(&doc.join("\n")));
    }
    None
}

/// Rustdoc links made plain Markdown: `[`x`](Self::y)` points at the section of `y`, other
/// intra-doc links keep their text.
fn rustdoc_to_markdown(doc: &str) -> String {
    let mut out = String::new();
    let mut rest = doc;
    while let Some(open) = rest.find('[') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let Some(close) = after.find(']') else {
            out.push_str(&rest[open..]);
            return out;
        };
        let text = &after[..close];
        let tail = &after[close + 1..];
        if let Some(target) = tail.strip_prefix('(').and_then(|t| t.split_once(')')) {
            let (link, remainder) = target;
            if let Some(method) = link.strip_prefix("Self::") {
                let _ = write!(out, "[{text}](#{method})");
            } else if link.starts_with("http") || link.ends_with(".md") {
                let _ = write!(out, "[{text}]({link})");
            } else {
                out.push_str(text);
            }
            rest = remainder;
        } else {
            out.push_str(text);
            rest = tail;
        }
    }
    out.push_str(rest);
    out
}

/// The trace lines of `trace` whose function belongs to `family`.
fn lines_of(trace: &str, family: Family) -> String {
    trace
        .lines()
        .filter(|line| {
            let name = line.split('(').next().unwrap_or_default();
            wasi_abi::functions::function(name).is_some_and(|f| f.family == family)
        })
        .map(|l| format!("{l}\n"))
        .collect()
}

/// The generated part of a family chapter.
fn family_block(
    family: Family,
    name: &str,
    sources: &[(PathBuf, String)],
    hello: &str,
    tour: &str,
) -> String {
    let mut out = String::from("## Worked example\n\n");
    let (command, lines) = match family {
        Family::Args => (
            "cargo run --release -q -p wasi-run -- --trace=args examples/hello.wat a b".to_owned(),
            lines_of(hello, family),
        ),
        Family::Sock => (String::new(), String::new()),
        _ => (
            format!(
                "mkdir -p /tmp/tour && cargo run --release -q -p wasi-run -- --trace={name} --dir /tmp/tour::/tour examples/files.wat"
            ),
            lines_of(tour, family),
        ),
    };
    if lines.is_empty() {
        out.push_str(
            "No example guest in `examples/` uses this family: sockets need a peer. \
             `runner/tests/sockets.rs` runs TCP echo guests under `--tcplisten`, and its \
             peek test pins their `--trace=sock` output (accept, a `RECV_PEEK` recv, a recv, \
             two sends, a shutdown).\n\n",
        );
    } else {
        let _ = write!(out, "```sh\n{command}\n```\n\n```text\n{lines}```\n\n");
    }
    out.push_str("## Functions\n\n");
    for f in FUNCTIONS.iter().filter(|f| f.family == family) {
        let params: Vec<String> = f
            .params
            .iter()
            .map(|p| format!("{}: {}", p.name, p.ty.name()))
            .collect();
        let ret = if f.returns_errno { " -> errno" } else { "" };
        let _ = write!(
            out,
            "### `{}`\n\n```text\n{}({}){ret}\n```\n\n",
            f.name,
            f.name,
            params.join(", ")
        );
        let doc = doc_comment(sources, f.name)
            .unwrap_or_else(|| panic!("no doc comment for WasiCtx::{}", f.name));
        let _ = write!(
            out,
            "{doc}\n\nCore-wasm import: `{f}`. Spec: [witx]({WITX}), [docs.md]({SPEC_DOCS}#{}).\n\n",
            f.name
        );
    }
    out
}

/// One struct as an 8-bytes-per-row diagram, then its field table.
fn diagram(name: &str, size: usize, fields: &[(&str, usize, usize)]) -> String {
    const CELL: usize = 8;
    let mut out = format!("### `{name}`: {size} bytes\n\n```text\n        ");
    for b in 0..8 {
        let _ = write!(out, "{:<width$}", format!("+{b}"), width = CELL);
    }
    out.push('\n');
    let mut row = 0;
    while row < size {
        let _ = write!(out, "{row:>6}  |");
        let mut at = row;
        let row_end = (row + 8).min(size);
        while at < row_end {
            let covering = fields.iter().find(|f| f.1 < at && at < f.1 + f.2);
            let (label, len) = match fields.iter().find(|f| f.1 == at) {
                Some(&(field, _, len)) => (field.to_owned(), len.min(row_end - at)),
                // A field wider than a row goes on under its name.
                None if covering.is_some() => {
                    let &(field, off, len) = covering.unwrap();
                    (
                        format!("{field} (cont.)"),
                        (off + len - at).min(row_end - at),
                    )
                }
                None => {
                    let next = fields
                        .iter()
                        .map(|f| f.1)
                        .filter(|&o| o > at)
                        .min()
                        .unwrap_or(size)
                        .min(row_end);
                    ("pad".to_owned(), next - at)
                }
            };
            let width = len * CELL - 1;
            let shown: String = label.chars().take(width).collect();
            let _ = write!(out, "{shown:^width$}|");
            at += len;
        }
        out.push('\n');
        row += 8;
    }
    out.push_str("```\n\n| offset | size | field |\n|---|---|---|\n");
    for (field, offset, len) in fields {
        let _ = writeln!(out, "| {offset} | {len} | `{field}` |");
    }
    out.push('\n');
    out
}

/// Example guests shown whole in the book: (book file, block, source, language, the command
/// the book shows, the arguments the test runs `wasi-run` with (`{DIR}` is a fixture
/// directory mapped to `/list`), the fixture's entries (`/` ending a directory)).
type Example = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
);

const EXAMPLES: &[Example] = &[
    (
        "hello.md",
        "example:as-greet",
        "examples/as/src/greet.ts",
        "ts",
        "cargo run --release -q -p wasi-run -- --env GREETING=hi examples/as/greet.wasm Ada Grace",
        &[
            "--env",
            "GREETING=hi",
            "examples/as/greet.wasm",
            "Ada",
            "Grace",
        ],
        &[],
    ),
    (
        "readdir.md",
        "example:c-readdir",
        "examples/c/readdir.c",
        "c",
        "mkdir -p /tmp/list/sub && touch /tmp/list/a.txt /tmp/list/b.txt\ncargo run --release -q -p wasi-run -- --dir /tmp/list::/list examples/c/readdir.wasm",
        &["--dir", "{DIR}", "examples/c/readdir.wasm"],
        &["sub/", "a.txt", "b.txt"],
    ),
];

#[test]
fn the_book_matches_the_code() {
    let mut stale = Vec::new();

    let mut diagrams = String::new();
    for (name, size, fields) in wasi_abi::layout::STRUCT_LAYOUTS {
        diagrams.push_str(&diagram(name, *size, fields));
    }
    check_block("types.md", "diagrams", &diagrams, false, &mut stale);
    let mut wasix = String::new();
    for (name, size, fields) in wasi_abi::layout::WASIX_LAYOUTS {
        wasix.push_str(&diagram(name, *size, fields));
    }
    check_block("wasix.md", "diagrams", &wasix, false, &mut stale);
    let rationale = std::fs::read_to_string(repo().join("RATIONALE.md")).expect("RATIONALE.md");
    check_block("rationale.md", "rationale", &rationale, false, &mut stale);

    let (_, hello) = run_traced(&["--trace", "examples/hello.wat", "a", "b"]);
    let (_, tour) = files_trace(&["--trace"]);
    check_block(
        "hello.md",
        "trace:hello",
        &format!("```text\n{hello}```\n"),
        true,
        &mut stale,
    );

    let mut files = Vec::new();
    rust_files(&repo().join("wasi-impl/src"), &mut files);
    files.sort();
    let sources: Vec<(PathBuf, String)> = files
        .into_iter()
        .map(|p| {
            let text = std::fs::read_to_string(&p).expect("source");
            (p, text)
        })
        .collect();
    for (family, name) in families() {
        let block = family_block(family, name, &sources, &hello, &tour);
        check_block(
            &format!("functions/{name}.md"),
            &format!("functions:{name}"),
            &block,
            true,
            &mut stale,
        );
    }
    for (file, key, source, lang, command, args, setup) in EXAMPLES {
        let dir = support::fresh_dir("example");
        for path in *setup {
            let at = dir.join(path);
            if path.ends_with('/') {
                std::fs::create_dir_all(&at).expect("fixture dir");
            } else {
                std::fs::write(&at, b"").expect("fixture file");
            }
        }
        let mapping = format!("{}::/list", dir.display());
        let args: Vec<&str> = args
            .iter()
            .map(|a| if *a == "{DIR}" { mapping.as_str() } else { a })
            .collect();
        let (stdout, _) = run_traced(&args);
        let _ = std::fs::remove_dir_all(&dir);
        let text = std::fs::read_to_string(repo().join(source)).expect("example source");
        let body = format!(
            "`{source}`:\n\n```{lang}\n{text}```\n\n```sh\n{command}\n```\n\n```text\n{stdout}```\n"
        );
        check_block(file, key, &body, false, &mut stale);
    }
    assert!(
        stale.is_empty(),
        "the book is out of date (rerun with BLESS=1 after checking):\n{}",
        stale.join("\n")
    );
}

#[test]
fn every_function_has_a_section_once_blessed() {
    // Each of the 46 functions appears as a heading in exactly one family chapter.
    for f in FUNCTIONS.iter() {
        let name = wasi_impl::trace::family_name(f.family);
        let text =
            std::fs::read_to_string(repo().join(format!("docs/functions/{name}.md"))).unwrap();
        assert_eq!(
            text.matches(&format!("### `{}`\n", f.name)).count(),
            1,
            "{} in functions/{name}.md",
            f.name
        );
    }
}

/// The table of `wasmtime run` options, from the first row of `file` to the blank line.
fn wasmtime_table(file: &Path) -> String {
    let text = std::fs::read_to_string(file).expect("doc");
    let start = text
        .find("| `wasmtime run` | `wasi-run` |")
        .expect("the wasmtime table");
    let rest = &text[start..];
    rest[..rest.find("\n\n").unwrap_or(rest.len())].to_owned()
}

#[test]
fn the_readme_and_the_book_have_the_same_wasmtime_table() {
    assert_eq!(
        wasmtime_table(&repo().join("README.md")),
        wasmtime_table(&repo().join("docs/cli.md"))
    );
}

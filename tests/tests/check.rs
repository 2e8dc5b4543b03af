//! The checker's tests: name resolution and type checking of items against
//! the schema, written as annotated fixtures (see `kader_tests::check`).

use kader_tests::{check, check_fix};

#[test]
fn the_stdlib_analyses_without_diagnostics() {
    let analysis = kader::analyse(&[], None);
    let all: Vec<String> = analysis
        .files
        .iter()
        .flat_map(|f| {
            f.diagnostics.iter().map(move |d| {
                let lc = f.line_index.line_col(&f.text, d.span.start as usize);
                format!(
                    "{}:{}:{} {}: {}",
                    f.path, lc.line, lc.column, d.code, d.message.nl
                )
            })
        })
        .collect();
    assert!(
        all.is_empty(),
        "the stdlib has diagnostics:\n{}",
        all.join("\n")
    );
    assert!(analysis.schema.kind_named("beleid").is_some());
}

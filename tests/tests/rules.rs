//! The legal rule catalogue of `stdlib/regels/`: for every rule a policy
//! that triggers it and a near miss that does not, written as annotated
//! fixtures (see `kader_tests::check`) that change one thing in a clean
//! reference policy.

use kader_tests::check;

/// Every diagnostic of the stdlib, one per line.
fn stdlib_diagnostics() -> Vec<String> {
    let analysis = kader::analyse(&[], None);
    analysis
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
        .collect()
}

#[test]
fn the_rule_files_compile_without_diagnostics() {
    let all = stdlib_diagnostics();
    assert!(all.is_empty(), "{}", all.join("\n"));
    let analysis = kader::analyse(&[], None);
    let rules = &analysis.rules.rules;
    let not_runnable: Vec<&str> = rules
        .iter()
        .filter(|r| !r.runnable)
        .map(|r| r.code.as_str())
        .collect();
    assert!(not_runnable.is_empty(), "{not_runnable:?}");
    println!("{} rules", rules.len());
}

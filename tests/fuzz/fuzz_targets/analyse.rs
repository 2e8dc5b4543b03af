//! The whole analysis of a repository made from arbitrary bytes: up to
//! eight files split at lines `%%`, one of them possibly `kader.toml`
//! (`kader_tests::props::split_repository`). A file with `regel`,
//! `parameter` or `definitie` items is a rule pack: the rule engine
//! compiles it and runs its rules over every policy.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (sources, config) = kader_tests::props::split_repository(data);
    if let Err(problem) = kader_tests::props::check_analysis(&sources, config.as_ref()) {
        panic!("{problem}");
    }
});

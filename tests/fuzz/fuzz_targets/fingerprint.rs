//! The fingerprint of a policy's meaning, over a repository made from
//! arbitrary bytes (split as for `analyse`): formatting every file,
//! translating every file into English and back, and reading the files in
//! the reverse order leave every policy's fingerprint as it was
//! (`kader_tests::props::check_fingerprint`).
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let (sources, config) = kader_tests::props::split_repository(data);
    if let Err(problem) = kader_tests::props::check_fingerprint(&sources, config.as_ref()) {
        panic!("{problem}");
    }
});

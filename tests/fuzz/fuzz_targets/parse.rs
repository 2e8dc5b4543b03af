//! The parser on arbitrary bytes (read as the command line reads a file):
//! it returns, accounts for every byte and gives the same answer twice.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = kader_tests::props::text_of(data);
    if let Err(problem) = kader_tests::props::check_parse(&text) {
        panic!("{problem}");
    }
});

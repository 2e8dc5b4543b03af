//! The formatter on arbitrary text: what it accepts it formats to a text
//! that parses to the same tree with the same diagnostics, and that it
//! leaves as it is.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = kader_tests::props::text_of(data);
    if let Err(problem) = kader_tests::props::check_format(&text) {
        panic!("{problem}");
    }
});

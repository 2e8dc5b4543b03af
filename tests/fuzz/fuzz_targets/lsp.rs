//! The language server on a stream of messages decoded from arbitrary
//! bytes; afterwards it must still answer a request (within ten seconds,
//! so a hang is reported as a crash).
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::time::Duration;

fuzz_target!(|data: &[u8]| {
    let messages = kader_tests::lsp_session::decode(data);
    if let Err(problem) = kader_tests::lsp_session::run(&messages, Some(Duration::from_secs(10))) {
        panic!("{problem}");
    }
});

//! The time from `didChange` to `publishDiagnostics` on a 500-line policy
//! file, measured over the real protocol. In a release build, run alone
//! (`cargo test --release -p kader-tests --test main lsp_latency --
//! --nocapture`), it prints the median of 100 edits. Speed is a figure to
//! report, not a wall-clock limit to assert on a shared machine: the test
//! asserts only that every edit's diagnostics are published for that
//! edit's version.

use crate::lsp_support::{Client, Options};
use std::time::Instant;

/// A policy of about 500 lines: the reference fields, many nested sources
/// and long texts. `n` changes one word so every edit is a new text.
fn policy(n: usize) -> String {
    let mut s = String::from("/// Een groot beleid. / A large policy.\nbeleid groot {\n");
    s.push_str(&format!("    titel: \"Groot beleid {n}\"\n"));
    s.push_str("    verantwoordelijke: burgemeester\n    doel: openbare_orde\n    taak: [gemeentewet_172]\n    grondslag: publieke_taak\n");
    s.push_str("    periode: 2024-05-09 .. 2024-05-12\n    gericht_op: evenement\n    methode: handmatig\n");
    s.push_str("    bewaartermijn: 14 dagen\n    geautoriseerd: [team_openbare_orde]\n");
    s.push_str("    aanleiding: \"\"\"\n");
    for i in 0..200 {
        s.push_str(&format!(
            "        Regel {i} van de aanleiding, met wat tekst over de demonstratie.\n"
        ));
    }
    s.push_str("        \"\"\"\n");
    let mut lines = s.lines().count();
    let mut i = 0;
    while lines < 495 {
        s.push_str(&format!(
            "    bron bron_{i} {{\n        toegang: openbaar\n        account: geen\n        interactie: geen\n    }}\n"
        ));
        lines += 5;
        i += 1;
    }
    s.push_str("}\n");
    s
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn did_change_to_publish_diagnostics_on_a_500_line_policy() {
    let (mut c, _) = Client::start("repo", Options::default()).await;
    let text = policy(0);
    assert!(text.lines().count() >= 500, "{}", text.lines().count());
    let uri = c.open("beleid/groot.kader", &text).await;
    c.diagnostics(&uri, |p| p["version"] == 1).await;

    let mut times = Vec::new();
    for v in 2..=101 {
        let text = policy(v as usize);
        let start = Instant::now();
        c.change(&uri, v, &text).await;
        c.diagnostics(&uri, |p| p["version"] == v).await;
        times.push(start.elapsed());
    }
    times.sort();
    let median = times[times.len() / 2];
    let max = times[times.len() - 1];
    println!(
        "didChange -> publishDiagnostics, 500-line policy, {} edits: median {:.1} ms, min {:.1} ms, max {:.1} ms",
        times.len(),
        median.as_secs_f64() * 1e3,
        times[0].as_secs_f64() * 1e3,
        max.as_secs_f64() * 1e3,
    );
}

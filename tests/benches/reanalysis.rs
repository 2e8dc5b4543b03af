//! Analysing again after one edit, in process, on a generated repository:
//! what the language server's analysis costs once typing pauses. Prints,
//! one `name value unit` line each, the median of a fresh analysis and of
//! an analysis that reuses the previous one after
//! - a change inside one policy (only that policy is checked and run
//!   again);
//! - a change inside the file of shared teams that keeps every name (every
//!   policy that names a team is run again);
//! - a team renamed (every file is checked again).
//!
//! `cargo bench -p kader-tests --bench reanalysis -- [POLICIES] [ROUNDS]`
//! (defaults 10000 and 15).

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use kader::{analyse, analyse_reusing, Source};
use kader_tests::corpus::{self, Corpus};
use std::time::{Duration, Instant};

fn median(mut times: Vec<Duration>) -> f64 {
    times.sort();
    times
        .get(times.len() / 2)
        .map_or(0.0, |d| d.as_secs_f64() * 1000.0)
}

/// Times `rounds` analyses, each after `edit` changed the sources (given
/// the round), each reusing the one before.
fn timed(
    name: &str,
    sources: &mut [Source],
    config: &Source,
    rounds: usize,
    mut edit: impl FnMut(&mut [Source], usize),
) {
    let mut previous = analyse(sources, Some(config));
    let mut times = Vec::with_capacity(rounds);
    for round in 0..rounds {
        edit(sources, round);
        let start = Instant::now();
        let next = analyse_reusing(sources, Some(config), Some(&previous));
        times.push(start.elapsed());
        previous = next;
    }
    println!("{name} {:.1} ms", median(times));
}

fn main() {
    let args: Vec<String> = std::env::args()
        .skip(1)
        .filter(|a| !a.starts_with('-'))
        .collect();
    let policies = args.first().and_then(|a| a.parse().ok()).unwrap_or(10_000);
    let rounds = args.get(1).and_then(|a| a.parse().ok()).unwrap_or(15);
    let corpus = corpus::generate(policies, 1);
    let config = corpus.config.clone();
    println!("policies {policies}");
    println!("lines {}", corpus.lines());

    let mut fresh = Vec::with_capacity(rounds);
    for _ in 0..rounds.min(5) {
        let start = Instant::now();
        let analysis = analyse(&corpus.files, Some(&config));
        fresh.push(start.elapsed());
        drop(analysis);
    }
    println!("analyse_fresh {:.1} ms", median(fresh));

    let policy = corpus
        .files
        .iter()
        .position(|f| f.path.starts_with("beleid/"))
        .expect("a policy");
    let teams = corpus
        .files
        .iter()
        .position(|f| f.path == Corpus::TEAMS)
        .expect("the teams");
    let appended = |sources: &mut [Source], at: usize, round: usize| {
        let file = &sources[at];
        let text = format!("{}// {round}\n", file.text);
        sources[at] = Source::new(file.path.clone(), text);
    };

    let mut sources = corpus.files.clone();
    timed(
        "reanalyse_after_policy_edit",
        &mut sources,
        &config,
        rounds,
        |s, r| appended(s, policy, r),
    );
    let mut sources = corpus.files.clone();
    timed(
        "reanalyse_after_team_edit",
        &mut sources,
        &config,
        rounds,
        |s, r| appended(s, teams, r),
    );
    let original = corpus.files[teams].text.to_string();
    let first = original
        .lines()
        .find_map(|l| l.strip_prefix("team "))
        .and_then(|l| l.split_whitespace().next())
        .expect("a team")
        .to_string();
    let mut sources = corpus.files.clone();
    timed(
        "reanalyse_after_team_rename",
        &mut sources,
        &config,
        rounds,
        |s, r| {
            let renamed =
                original.replacen(&format!("team {first} "), &format!("team {first}_{r} "), 1);
            s[teams] = Source::new(Corpus::TEAMS, renamed);
        },
    );
}

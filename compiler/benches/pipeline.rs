//! The three stages per file on the example repository (nine policies and
//! three files of shared items): parse, check and rules. Criterion prints
//! the time per repository and the files per second.
//!
//! `cargo bench -p kader --bench pipeline`

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use kader::{FileId, Source};
use std::hint::black_box;

const EXAMPLES: &[(&str, &str)] = &[
    (
        "beleid/bedreiging_bestuurders.kader",
        include_str!("../../examples/beleid/bedreiging_bestuurders.kader"),
    ),
    (
        "beleid/demonstratie_markt.kader",
        include_str!("../../examples/beleid/demonstratie_markt.kader"),
    ),
    (
        "beleid/havenfestival.kader",
        include_str!("../../examples/beleid/havenfestival.kader"),
    ),
    (
        "beleid/jaarwisseling.kader",
        include_str!("../../examples/beleid/jaarwisseling.kader"),
    ),
    (
        "beleid/koningsdag.kader",
        include_str!("../../examples/beleid/koningsdag.kader"),
    ),
    (
        "beleid/mediamonitoring.kader",
        include_str!("../../examples/beleid/mediamonitoring.kader"),
    ),
    (
        "beleid/overlast_havenkwartier.kader",
        include_str!("../../examples/beleid/overlast_havenkwartier.kader"),
    ),
    (
        "beleid/signalering.kader",
        include_str!("../../examples/beleid/signalering.kader"),
    ),
    (
        "beleid/webcare.kader",
        include_str!("../../examples/beleid/webcare.kader"),
    ),
    (
        "organisatie/dpia.kader",
        include_str!("../../examples/organisatie/dpia.kader"),
    ),
    (
        "organisatie/teams.kader",
        include_str!("../../examples/organisatie/teams.kader"),
    ),
    (
        "organisatie/verwerkers.kader",
        include_str!("../../examples/organisatie/verwerkers.kader"),
    ),
];

fn stages(c: &mut Criterion) {
    let sources: Vec<Source> = EXAMPLES.iter().map(|(p, t)| Source::new(*p, *t)).collect();
    let config = Source::new("kader.toml", include_str!("../../examples/kader.toml"));
    let analysis = kader::analyse(&sources, Some(&config));
    let own = sources.len() as u64;

    let mut group = c.benchmark_group("per bestand / per file");
    group.throughput(Throughput::Elements(own));
    group.bench_function("parse", |b| {
        b.iter(|| {
            for (i, s) in sources.iter().enumerate() {
                black_box(kader::syntax::parse(FileId(i as u32), black_box(&s.text)));
            }
        })
    });
    // Check and rules see the stdlib too: it is part of every repository.
    let mut parsed: Vec<_> = analysis.files.iter().map(kader::File::parsed).collect();
    let checked: Vec<&[kader::check::CheckedItem]> = analysis
        .files
        .iter()
        .map(|f| f.checked.as_slice())
        .collect();
    group.bench_function("check", |b| {
        b.iter(|| black_box(kader::check::check(black_box(&mut parsed))))
    });
    group.bench_function("rules", |b| {
        b.iter(|| {
            black_box(kader::rules::run(&kader::rules::Inputs {
                files: black_box(&parsed),
                checked: &checked,
                schema: &analysis.schema,
                symbols: &analysis.symbols,
                config: &analysis.config,
            }))
        })
    });
    group.finish();
}

/// What the language server does after each keystroke in a large
/// repository: the edited policy analysed again with its context, every
/// other file keeping its tree from the previous analysis.
fn edit(c: &mut Criterion) {
    let mut sources: Vec<Source> = EXAMPLES.iter().map(|(p, t)| Source::new(*p, *t)).collect();
    let config = Source::new("kader.toml", include_str!("../../examples/kader.toml"));
    let mut previous = kader::analyse(&sources, Some(&config));
    let Some(&(path, original)) = EXAMPLES.first() else {
        return;
    };
    let mut typed = 0usize;
    c.bench_function("edit: one policy again, the rest reused", |b| {
        b.iter(|| {
            // A comment that grows by one letter per keystroke.
            typed += 1;
            let text = format!("{original}// {}\n", "x".repeat(typed % 64));
            sources.splice(..1, [Source::new(path, text)]);
            previous = kader::analyse_reusing(&sources, Some(&config), Some(&previous));
            black_box(previous.files.len())
        })
    });
}

criterion_group!(benches, stages, edit);
criterion_main!(benches);

//! Parse throughput on a large generated policy file.
//!
//! Run with `cargo bench -p kader --bench parse`; the figure to report is
//! the throughput in MiB/s that criterion prints.

use criterion::{criterion_group, criterion_main, Criterion, Throughput};
use std::hint::black_box;

/// One realistic policy (the example of the language reference, with
/// multi-byte text), repeated under distinct names.
fn large_file(policies: usize) -> String {
    let template = include_str!("../../tests/corpus/ok/taal_voorbeeld_nl.kader");
    let mut out = String::with_capacity(template.len() * policies);
    for i in 0..policies {
        out.push_str(
            &template
                .replace(
                    "demonstratie_markt_2024",
                    &format!("demonstratie_markt_{i}"),
                )
                .replace("team team_openbare_orde", &format!("team team_{i}"))
                .replace("Markt, 12 mei", "Markt — café “De Één” 😀, 12 mei"),
        );
        out.push('\n');
    }
    out
}

fn parse(c: &mut Criterion) {
    let text = large_file(2_000);
    let mut group = c.benchmark_group("parse");
    group.throughput(Throughput::Bytes(text.len() as u64));
    group.sample_size(20);
    group.bench_function("2000 beleidsregels", |b| {
        b.iter(|| kader::syntax::parse(kader::FileId(0), black_box(&text)))
    });
    group.finish();
}

criterion_group!(benches, parse);
criterion_main!(benches);

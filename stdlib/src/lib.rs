//! kader's stdlib: the schema, vocabularies, statutory tasks, law articles
//! and rules, as the `.kader` files of this crate, embedded at build time.
//! The compiler reads them before a repository's own files.
//!
//! The texts are Dutch and European law (public domain in the Netherlands
//! under Auteurswet art. 11) and kader's own schema and rules.

include!(concat!(env!("OUT_DIR"), "/stdlib_files.rs"));

/// The first 12 hexadecimal digits of [`SHA256`]: enough to tell two
/// stdlibs apart in `kader --version` and the language server's log.
pub fn short_hash() -> &'static str {
    SHA256.get(..12).unwrap_or(SHA256)
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::indexing_slicing)]
    use super::*;

    #[test]
    fn every_file_is_embedded_with_its_path() {
        assert!(FILES.len() >= 10, "{} files", FILES.len());
        for (path, text) in FILES {
            assert!(
                path.starts_with("stdlib/") && path.ends_with(".kader"),
                "{path}"
            );
            assert!(!text.is_empty(), "{path} is empty");
        }
        assert!(FILES
            .iter()
            .any(|(p, _)| *p == "stdlib/schema/beleid.kader"));
        let mut sorted: Vec<&str> = FILES.iter().map(|(p, _)| *p).collect();
        sorted.sort_unstable();
        assert_eq!(sorted, FILES.iter().map(|(p, _)| *p).collect::<Vec<_>>());
    }

    #[test]
    fn the_hash_is_hexadecimal_and_short_hash_is_its_start() {
        assert_eq!(SHA256.len(), 64);
        assert!(SHA256.bytes().all(|b| b.is_ascii_hexdigit()));
        assert_eq!(short_hash().len(), 12);
        assert!(SHA256.starts_with(short_hash()));
    }
}

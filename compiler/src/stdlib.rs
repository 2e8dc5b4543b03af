//! The built-in stdlib: the schema, vocabularies, law articles and rules that
//! ship inside the binary (the `.kader` files under the repository's
//! `stdlib/`, embedded at build time).

include!(concat!(env!("OUT_DIR"), "/stdlib_files.rs"));

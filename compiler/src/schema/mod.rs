//! The schema: kinds, fields and vocabularies, read from the `soort` and
//! `keuze` items of the stdlib (and of the repository).

//! How a compiler diagnostic code is declared: [`CodeInfo`], its
//! [`Category`], and the [`declare_codes!`] macro each stage uses to declare
//! its codes once — the constant the stage reports and the entry
//! `kader explain` prints come from the same declaration.
//!
//! This module is a leaf: it knows no stage. The catalogue of every code is
//! assembled above the stages, in [`crate::catalogue`]. Legal rule codes
//! (`OO-…`, `AVG-…`) are not declared here: they are declared by `regel`
//! items in the stdlib.

use super::Code;

/// Which stage reports a code, and so what kind of problem it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Category {
    /// K01xx: the text cannot be read as kader (the parser and the lexer,
    /// and text that reads differently from what it is).
    Syntax,
    /// K0201–K0216: items against the schema (names, types, references).
    Names,
    /// K0220–K0225: the schema itself (`soort` and `keuze` items).
    Schema,
    /// K03xx: `kader.toml`.
    Config,
    /// K04xx: reading the repository's files.
    Io,
    /// K05xx: rule files and exceptions.
    Rules,
}

/// What `kader explain` prints for a compiler code.
#[derive(Debug)]
pub struct CodeInfo {
    pub code: &'static str,
    pub category: Category,
    /// One line: what went wrong.
    pub title_nl: &'static str,
    pub title_en: &'static str,
    /// A paragraph for a policy author.
    pub explanation_nl: &'static str,
    pub explanation_en: &'static str,
    /// A small example that has the problem, and the same example corrected.
    pub wrong: &'static str,
    pub right: &'static str,
}

impl CodeInfo {
    pub fn code(&self) -> Code {
        Code::fixed(self.code)
    }
}

/// Declares a stage's codes: for each `NAME = "K0000" { title_nl: …, … }`
/// a constant `NAME: Code`, and one table `CODES` of their [`CodeInfo`]s in
/// the order written (code order), all in `category`.
macro_rules! declare_codes {
    (
        category: $category:expr;
        $(
            $(#[$meta:meta])*
            $name:ident = $code:literal { $($field:ident: $value:expr),* $(,)? }
        )*
    ) => {
        $(
            $(#[$meta])*
            // Public where the stage's module is; a private stage reaches
            // its codes to the rest of the crate only.
            #[allow(unreachable_pub)]
            pub const $name: $crate::diagnostics::Code = $crate::diagnostics::Code::fixed($code);
        )*

        /// This stage's codes with what `kader explain` says about each, in
        /// code order.
        pub static CODES: &[$crate::diagnostics::codes::CodeInfo] = &[
            $(
                $crate::diagnostics::codes::CodeInfo {
                    code: $code,
                    category: $category,
                    $($field: $value),*
                }
            ),*
        ];
    };
}
pub(crate) use declare_codes;

//! The catalogue of every compiler diagnostic code (K01xx–K05xx), joined
//! from the tables each stage declares with
//! [`declare_codes!`](crate::diagnostics::codes), for `kader explain`, the
//! hover on a diagnostic and the tests.
//!
//! It sits above the stages it joins; no stage uses it. Legal rule codes
//! (`OO-…`, `AVG-…`) are not here: `regel` items in the stdlib declare them
//! (see [`crate::rules::Rules`]).

use crate::diagnostics::codes::{Category, CodeInfo};
use crate::diagnostics::Code;
use crate::{check, config, reading, rules, schema, syntax};

/// The stages' tables, in code order.
const TABLES: &[&[CodeInfo]] = &[
    syntax::CODES,
    syntax::unicode::CODES,
    check::CODES,
    schema::CODES,
    config::CODES,
    reading::CODES,
    rules::CODES,
];

/// Every compiler code, in code order.
pub fn all() -> impl Iterator<Item = &'static CodeInfo> {
    TABLES.iter().flat_map(|table| table.iter())
}

/// The entry for `code`, if it is a compiler code (case does not matter).
pub fn lookup(code: &str) -> Option<&'static CodeInfo> {
    all().find(|c| c.code.eq_ignore_ascii_case(code))
}

/// The category of `code`; `None` for a legal rule code.
pub fn category(code: &Code) -> Option<Category> {
    lookup(code.as_str()).map(|c| c.category)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_are_unique_and_in_order() {
        let codes: Vec<&str> = all().map(|c| c.code).collect();
        let mut sorted = codes.clone();
        sorted.sort_unstable();
        sorted.dedup();
        assert_eq!(codes, sorted);
    }

    #[test]
    fn each_code_number_names_its_category() {
        // The numbering scheme of LANGUAGE.md: the hundreds are the stage.
        for info in all() {
            let expected = match &info.code[..3] {
                "K01" => Category::Syntax,
                "K02" if info.code < "K0220" => Category::Names,
                "K02" => Category::Schema,
                "K03" => Category::Config,
                "K04" => Category::Io,
                "K05" => Category::Rules,
                other => panic!("unknown code range {other} in {}", info.code),
            };
            assert_eq!(info.category, expected, "{}", info.code);
        }
    }

    #[test]
    fn every_entry_is_complete() {
        for c in all() {
            for text in [
                c.title_nl,
                c.title_en,
                c.explanation_nl,
                c.explanation_en,
                c.wrong,
                c.right,
            ] {
                assert!(!text.trim().is_empty(), "{} has an empty text", c.code);
            }
            assert_ne!(c.wrong, c.right, "{}", c.code);
        }
    }

    #[test]
    fn lookup_ignores_case_and_knows_no_rule_codes() {
        assert_eq!(lookup("k0201").map(|c| c.code), Some("K0201"));
        assert!(lookup("OO-STELSELMATIG").is_none());
        assert_eq!(category(&Code::fixed("K0405")), Some(Category::Io));
        assert_eq!(category(&Code::fixed("AVG-DPIA")), None);
    }
}

//! The parser: tokens to a syntax tree, with recovery.
//!
//! Recovery works at three levels. A broken value becomes a `ValueKind::Error`
//! but keeps its field, so the checker does not also report the field as
//! missing. A member that cannot be read at all is skipped up to the next
//! line that starts a new member (respecting nested brackets) and becomes a
//! `Member::Error`. A top-level item that cannot be read is skipped the same
//! way. Missing `}` and `]` are reported at the bracket they should close.
//!
//! This module holds what every level shares (the context, the error
//! helpers); the grammar itself is in `grammar/`, one module per level
//! (values, members, rules, items), and the parser of a whole file is the
//! top of the items level (`grammar::items::file`).

use super::errors::{self, ParseError};
use super::lexer::Tok;
use crate::ast::*;
use crate::diagnostics::Text;
use crate::span::{FileId, Span};
use chumsky::prelude::*;
use std::collections::HashMap;

pub(super) type Extra<'s> = extra::Err<ParseError<'s>>;

/// What the parser needs to know beyond the tokens.
pub(super) struct Ctx {
    pub file: FileId,
    /// Doc comments, keyed by the offset of the token they document.
    pub docs: HashMap<u32, Doc>,
    /// Offsets of the tokens that are the first on their line, sorted.
    pub line_starts: Vec<u32>,
}

impl Ctx {
    pub(super) fn span(&self, s: SimpleSpan) -> Span {
        Span::new(self.file, s.start, s.end)
    }

    pub(super) fn doc(&self, s: SimpleSpan) -> Option<Box<Doc>> {
        u32::try_from(s.start)
            .ok()
            .and_then(|k| self.docs.get(&k))
            .map(|d| Box::new(d.clone()))
    }

    pub(super) fn starts_line(&self, s: SimpleSpan) -> bool {
        u32::try_from(s.start).is_ok_and(|k| self.line_starts.binary_search(&k).is_ok())
    }
}

pub(super) fn is_keyword(s: &str, words: &[&str]) -> bool {
    words.contains(&s)
}

/// The spellings of yes and no.
pub(super) const BOOLS: &[(&str, bool)] = &[
    ("ja", true),
    ("nee", false),
    ("yes", true),
    ("no", false),
    ("waar", true),
    ("onwaar", false),
    ("true", true),
    ("false", false),
];

/// An internal refusal of a token (one that starts a new line, say); it
/// reads as "did not expect this token here" if it is ever the error shown.
pub(super) fn refuse(found: Tok<'_>, span: SimpleSpan) -> ParseError<'_> {
    ParseError::Expected {
        span,
        expected: Vec::new(),
        found: Some(found),
    }
}

pub(super) fn unclosed<'s>(open: SimpleSpan) -> ParseError<'s> {
    ParseError::custom(
        open,
        errors::UNCLOSED,
        Text::new(
            "het blok dat hier begint, is niet afgesloten met `}`",
            "the block that starts here is not closed with `}`",
        ),
    )
}

pub(super) fn bad_unit(word: &str) -> Text {
    let units = DurationUnit::SPELLINGS.iter().map(|(w, _)| *w);
    match crate::suggest::did_you_mean(word, units) {
        Some(w) => Text::new(
            format!("`{word}` is geen tijdseenheid; bedoelt u `{w}`?"),
            format!("`{word}` is not a unit of time; did you mean `{w}`?"),
        ),
        None => Text::new(
            format!("`{word}` is geen tijdseenheid; gebruik uur, dagen, weken, maanden of jaren"),
            format!("`{word}` is not a unit of time; use hours, days, weeks, months or years"),
        ),
    }
}

//! The grammar, one module per level, each level built from the ones below:
//!
//! - this module: the tokens every level reads (names, keywords, separators)
//!   and the skipping that recovery uses;
//! - [`values`]: literals, lists, dates and periods, durations;
//! - [`members`]: what stands inside the braces of an item: fields of an
//!   instance, field declarations of a `soort`, variants of a `keuze`;
//! - [`rules`]: the rule language: expressions, `zodra` clauses and the
//!   `regel` item with its members;
//! - [`items`]: the top-level items, which the parser of a file repeats.
//!
//! Each level is a function that returns a chumsky parser. A parser used at
//! several places (a value, a type) is built once by the level that composes
//! them and passed down, so it is not built again for every use.

pub(super) mod items;
mod members;
mod rules;
mod values;

use super::errors::Expect;
use super::lexer::Tok;
use super::parser::{refuse, Ctx, Extra};
use crate::ast::{Ident, Names};
use crate::span::Span;
use chumsky::input::ValueInput;
use chumsky::prelude::*;

/// The input every level reads: the token slice with its spans.
pub(super) trait Tokens<'t, 's: 't>:
    ValueInput<'t, Token = Tok<'s>, Span = SimpleSpan>
{
}

impl<'t, 's: 't, I> Tokens<'t, 's> for I where I: ValueInput<'t, Token = Tok<'s>, Span = SimpleSpan> {}

/// A list as long as what it holds. `collect` grows a list by doubling,
/// and a tree lives as long as its analysis: for a policy of 36 fields that
/// is room for 64.
fn fitted<T>(mut list: Vec<T>) -> Vec<T> {
    list.shrink_to_fit();
    list
}

/// A name: an identifier.
fn ident<'t, 's: 't, I: Tokens<'t, 's>>(
    ctx: &'t Ctx,
) -> impl Parser<'t, I, Ident, Extra<'s>> + Clone + 't {
    select! { Tok::Ident(s) => s }
        .map_with(move |s: &str, e| Ident {
            name: s.into(),
            span: ctx.span(e.span()),
        })
        .labelled(Expect::Name)
}

/// The name of an instance or rule, which may also be a code such as `AVG-1`.
fn name<'t, 's: 't, I: Tokens<'t, 's>>(
    ctx: &'t Ctx,
) -> impl Parser<'t, I, Ident, Extra<'s>> + Clone + 't {
    select! { Tok::Ident(s) => s, Tok::Code(s) => s }
        .map_with(move |s: &str, e| Ident {
            name: s.into(),
            span: ctx.span(e.span()),
        })
        .labelled(Expect::Name)
}

/// `naam` or `naam / name`: a Dutch name and its optional English one.
fn names<'t, 's: 't, I: Tokens<'t, 's>>(
    ctx: &'t Ctx,
) -> impl Parser<'t, I, Names, Extra<'s>> + Clone + 't {
    ident(ctx)
        .then(just(Tok::Slash).ignore_then(ident(ctx)).or_not())
        .map(|(nl, en)| Names { nl, en })
}

/// The optional `,` or `;` after a field or declaration.
fn separator<'t, 's: 't, I: Tokens<'t, 's>>() -> impl Parser<'t, I, (), Extra<'s>> + Clone + 't {
    one_of([Tok::Comma, Tok::Semi]).or_not().ignored()
}

/// One of the spellings of a keyword.
fn kw<'t, 's: 't, I: Tokens<'t, 's>>(
    words: &'static [&'static str],
) -> impl Parser<'t, I, (), Extra<'s>> + Clone + 't {
    select! { Tok::Ident(s) if words.contains(&s) => () }
}

/// One of the spellings of a keyword, kept as the name it was written as.
fn kw_ident<'t, 's: 't, I: Tokens<'t, 's>>(
    ctx: &'t Ctx,
    words: &'static [&'static str],
) -> impl Parser<'t, I, Ident, Extra<'s>> + Clone + 't {
    select! { Tok::Ident(s) if words.contains(&s) => s }.map_with(move |s: &str, e| Ident {
        name: s.into(),
        span: ctx.span(e.span()),
    })
}

// ---- Recovery: skipping what cannot be read. ----

/// Brackets and braces skipped as a whole during recovery.
fn balanced<'t, 's: 't, I: Tokens<'t, 's>>() -> impl Parser<'t, I, (), Extra<'s>> + Clone + 't {
    recursive(|balanced| {
        let inner = balanced
            .clone()
            .or(any()
                .filter(|t: &Tok<'s>| {
                    !matches!(t, Tok::LBrace | Tok::RBrace | Tok::LBracket | Tok::RBracket)
                })
                .ignored())
            .repeated();
        choice((
            just(Tok::LBrace)
                .then(inner.clone())
                .then(just(Tok::RBrace).or_not())
                .ignored(),
            just(Tok::LBracket)
                .then(inner)
                .then(just(Tok::RBracket).or_not())
                .ignored(),
        ))
    })
}

/// The rest of a line, for recovery: tokens that do not start a line,
/// skipping bracketed groups whole, stopping before a closing brace.
fn rest_of_line<'t, 's: 't, I: Tokens<'t, 's>>(
    ctx: &'t Ctx,
) -> impl Parser<'t, I, (), Extra<'s>> + Clone + 't {
    balanced()
        .or(any()
            .filter(|t: &Tok<'s>| !matches!(t, Tok::RBrace | Tok::RBracket))
            .ignored())
        .and_is(
            any()
                .try_map(move |t, s: SimpleSpan| {
                    if ctx.starts_line(s) {
                        Err(refuse(t, s))
                    } else {
                        Ok(())
                    }
                })
                .rewind(),
        )
        .repeated()
}

/// Skips a broken member: its first token (anything but `}`), then the rest of its line.
fn skip_member<'t, 's: 't, I: Tokens<'t, 's>>(
    ctx: &'t Ctx,
) -> impl Parser<'t, I, Span, Extra<'s>> + Clone + 't {
    balanced()
        .or(any()
            .filter(|t: &Tok<'s>| !matches!(t, Tok::RBrace))
            .ignored())
        .then(rest_of_line(ctx))
        .map_with(move |_, e| ctx.span(e.span()))
}

/// Skips a broken top-level item.
fn skip_item<'t, 's: 't, I: Tokens<'t, 's>>(
    ctx: &'t Ctx,
) -> impl Parser<'t, I, Span, Extra<'s>> + Clone + 't {
    balanced()
        .or(any().ignored())
        .then(rest_of_line(ctx))
        .map_with(move |_, e| ctx.span(e.span()))
}

//! Values: texts, numbers, durations, dates and periods, yes/no, names and
//! lists of values.

use super::{rest_of_line, Tokens};
use crate::ast::{Duration, DurationUnit, Value, ValueKind};
use crate::diagnostics::Text;
use crate::syntax::errors::{self, Expect, ParseError};
use crate::syntax::lexer::{dedent_block, parse_date, unescape, Tok};
use crate::syntax::parser::{bad_unit, refuse, Ctx, Extra, BOOLS};
use chumsky::prelude::*;

/// A value, as it stands after a field name.
pub(super) fn value<'t, 's: 't, I: Tokens<'t, 's>>(
    ctx: &'t Ctx,
) -> impl Parser<'t, I, Value, Extra<'s>> + Clone + 't {
    recursive(|value| {
        choice((
            date_or_period(),
            number(ctx),
            decimal(),
            text(),
            word(),
            list(value),
        ))
        .map_with(move |kind, e| Value {
            kind,
            span: ctx.span(e.span()),
        })
        .labelled(Expect::Value)
    })
}

/// A value, or an error value when there is none: the field is kept so
/// the checker does not report it missing as well.
pub(super) fn field_value<'t, 's: 't, I: Tokens<'t, 's>>(
    ctx: &'t Ctx,
    value: impl Parser<'t, I, Value, Extra<'s>> + Clone + 't,
) -> impl Parser<'t, I, Value, Extra<'s>> + Clone + 't {
    value.recover_with(via_parser(rest_of_line(ctx).map_with(move |_, e| Value {
        kind: ValueKind::Error,
        span: ctx.span(e.span()),
    })))
}

/// `2024-05-12`, or a period `2024-05-12..2024-06-01` (open when the end
/// is left out).
fn date_or_period<'t, 's: 't, I: Tokens<'t, 's>>(
) -> impl Parser<'t, I, ValueKind, Extra<'s>> + Clone + 't {
    let date = select! { Tok::Date(s, valid) => (s, valid) };
    date.then(just(Tok::DotDot).ignore_then(date.or_not()).or_not())
        .map(|((start, ok1), end)| {
            let start = if ok1 { parse_date(start) } else { None };
            match (start, end) {
                (Some(d), None) => ValueKind::Date(d),
                (Some(d), Some(None)) => ValueKind::Period {
                    start: d,
                    end: None,
                },
                (Some(d), Some(Some((e, true)))) => match parse_date(e) {
                    Some(e) => ValueKind::Period {
                        start: d,
                        end: Some(e),
                    },
                    None => ValueKind::Error,
                },
                _ => ValueKind::Error,
            }
        })
}

/// A whole number, or a duration such as `6 maanden`.
fn number<'t, 's: 't, I: Tokens<'t, 's>>(
    ctx: &'t Ctx,
) -> impl Parser<'t, I, ValueKind, Extra<'s>> + Clone + 't {
    // A unit is a word on the same line that does not start the next field.
    let unit = select! { Tok::Ident(s) => s }
        .then_ignore(just(Tok::Colon).not())
        .try_map(move |s, span| {
            if ctx.starts_line(span) {
                Err(refuse(Tok::Ident(s), span))
            } else {
                Ok((s, span))
            }
        });
    select! { Tok::Int(s) => s }
        .then(unit.or_not())
        .validate(move |(n, unit), e, emitter| {
            let Ok(amount) = n.parse::<u64>() else {
                emitter.emit(ParseError::custom(
                    e.span(),
                    errors::BAD_NUMBER,
                    Text::new(
                        format!("het getal `{n}` is te groot"),
                        format!("the number `{n}` is too large"),
                    ),
                ));
                return ValueKind::Error;
            };
            match unit {
                None => i64::try_from(amount).map_or(ValueKind::Error, ValueKind::Integer),
                Some((word, span)) => match DurationUnit::from_word(word) {
                    Some(unit) => ValueKind::Duration(Duration { amount, unit }),
                    None => {
                        emitter.emit(ParseError::custom(span, errors::BAD_UNIT, bad_unit(word)));
                        ValueKind::Error
                    }
                },
            }
        })
}

fn decimal<'t, 's: 't, I: Tokens<'t, 's>>() -> impl Parser<'t, I, ValueKind, Extra<'s>> + Clone + 't
{
    select! { Tok::Decimal(s) => s }.map(|s: &str| {
        s.parse::<f64>()
            .map_or(ValueKind::Error, ValueKind::Decimal)
    })
}

/// A quoted string or a text block.
fn text<'t, 's: 't, I: Tokens<'t, 's>>() -> impl Parser<'t, I, ValueKind, Extra<'s>> + Clone + 't {
    select! {
        Tok::Str(s) => ValueKind::Text(unescape(s).into()),
        Tok::Block(s) => ValueKind::TextBlock(dedent_block(s).into()),
    }
}

/// Yes/no, or a reference by name.
fn word<'t, 's: 't, I: Tokens<'t, 's>>() -> impl Parser<'t, I, ValueKind, Extra<'s>> + Clone + 't {
    // A name followed by `:` starts the next field; it is never a value.
    let not_field_start = any().then(just(Tok::Colon)).not();
    select! { Tok::Ident(s) => s, Tok::Code(s) => s }
        .and_is(not_field_start)
        .map(|s: &str| match BOOLS.iter().find(|(w, _)| *w == s) {
            Some((_, b)) => ValueKind::Bool(*b),
            None => ValueKind::Ref(s.into()),
        })
}

/// `[a, b, c]`. A missing comma or `]` is reported and the list kept.
fn list<'t, 's: 't, I: Tokens<'t, 's>>(
    value: impl Parser<'t, I, Value, Extra<'s>> + Clone + 't,
) -> impl Parser<'t, I, ValueKind, Extra<'s>> + Clone + 't {
    let element = value
        .then(just(Tok::Comma).map_with(|_, e| e.span()).or_not())
        .map_with(|(v, comma): (Value, Option<SimpleSpan>), e| (v, comma, e.span()));
    just(Tok::LBracket)
        .map_with(|_, e| e.span())
        .then(
            element
                .repeated()
                .collect::<Vec<(Value, Option<SimpleSpan>, SimpleSpan)>>(),
        )
        .then(just(Tok::RBracket).or_not())
        .validate(move |((open, elements), close), _, emitter| {
            let count = elements.len();
            let mut values = Vec::with_capacity(count);
            for (i, (v, comma, span)) in elements.into_iter().enumerate() {
                if comma.is_none() && i + 1 < count {
                    let at = SimpleSpan::from(span.end..span.end);
                    emitter.emit(ParseError::custom(
                        at,
                        errors::MISSING_COMMA,
                        Text::new(
                            "tussen de waarden in een lijst hoort een komma",
                            "values in a list are separated by a comma",
                        ),
                    ));
                }
                values.push(v);
            }
            if close.is_none() {
                emitter.emit(ParseError::custom(
                    open,
                    errors::UNCLOSED,
                    Text::new(
                        "de lijst die hier begint, is niet afgesloten met `]`",
                        "the list that starts here is not closed with `]`",
                    ),
                ));
            }
            ValueKind::List(values)
        })
}

//! What stands inside the braces of an item: the fields and nested items of
//! an instance, the field declarations of a `soort`, the variants of a
//! `keuze`. A member that cannot be read is skipped to the next line that
//! starts one.

use super::{ident, names, separator, skip_member, Tokens};
use crate::ast::{Field, FieldDecl, Ident, Item, Member, TypeExpr, Value, Variant};
use crate::diagnostics::Text;
use crate::span::Span;
use crate::syntax::errors::{self, Expect, ParseError};
use crate::syntax::lexer::Tok;
use crate::syntax::parser::{is_keyword, refuse, unclosed, Ctx, Extra};
use chumsky::prelude::*;

/// `wet artikel` or `wet [artikel, artikel]`: the law articles a
/// declaration rests on.
fn law<'t, 's: 't, I: Tokens<'t, 's>>(
    ctx: &'t Ctx,
) -> impl Parser<'t, I, Vec<Ident>, Extra<'s>> + Clone + 't {
    select! { Tok::Ident(s) if is_keyword(s, &["wet", "law"]) => () }.ignore_then(choice((
        ident(ctx)
            .separated_by(just(Tok::Comma))
            .allow_trailing()
            .collect::<Vec<_>>()
            .delimited_by(just(Tok::LBracket), just(Tok::RBracket)),
        ident(ctx).map(|i| vec![i]),
    )))
}

/// A type: a name, or `[T]`.
pub(super) fn ty<'t, 's: 't, I: Tokens<'t, 's>>(
    ctx: &'t Ctx,
) -> impl Parser<'t, I, TypeExpr, Extra<'s>> + Clone + 't {
    recursive(|ty| {
        choice((
            ident(ctx).map(TypeExpr::Named),
            ty.delimited_by(just(Tok::LBracket), just(Tok::RBracket))
                .map_with(move |t, e| TypeExpr::List(Box::new(t), ctx.span(e.span()))),
        ))
        .labelled(Expect::Type)
    })
}

/// `naam: type modifiers* (wet ...)?` in a `soort`.
pub(super) fn field_decl<'t, 's: 't, I: Tokens<'t, 's>>(
    ctx: &'t Ctx,
    ty: impl Parser<'t, I, TypeExpr, Extra<'s>> + Clone + 't,
) -> impl Parser<'t, I, FieldDecl, Extra<'s>> + Clone + 't {
    let modifier = select! { Tok::Ident(s) if !is_keyword(s, &["wet", "law"]) => s }
        .map_with(move |s: &str, e| Ident {
            name: s.into(),
            span: ctx.span(e.span()),
        })
        .then_ignore(one_of([Tok::Slash, Tok::Colon]).not());
    names(ctx)
        .then_ignore(just(Tok::Colon))
        .then(ty)
        .then(modifier.repeated().collect::<Vec<_>>())
        .then(law(ctx).or_not())
        .then_ignore(separator())
        .map_with(move |(((names, ty), modifiers), law), e| FieldDecl {
            doc: ctx.doc(e.span()),
            names,
            ty,
            modifiers,
            law: law.unwrap_or_default(),
            span: ctx.span(e.span()),
        })
}

/// `naam (wet ...)?` in a `keuze`.
pub(super) fn variant<'t, 's: 't, I: Tokens<'t, 's>>(
    ctx: &'t Ctx,
) -> impl Parser<'t, I, Variant, Extra<'s>> + Clone + 't {
    names(ctx)
        .then(law(ctx).or_not())
        .then_ignore(separator())
        .map_with(move |(names, law), e| Variant {
            doc: ctx.doc(e.span()),
            names,
            law: law.unwrap_or_default(),
            span: ctx.span(e.span()),
        })
        .labelled(Expect::Variant)
}

/// `{ decl* }` of a `soort` or `keuze`: declarations, or skipped lines.
/// Gives the declarations, the spans of the skipped lines, the span of the
/// body and whether it was closed.
pub(super) fn body_of<'t, 's: 't, I, T, P>(
    decl: P,
    ctx: &'t Ctx,
) -> impl Parser<'t, I, (Vec<T>, Vec<Span>, Span, bool), Extra<'s>> + Clone + 't
where
    I: Tokens<'t, 's>,
    P: Parser<'t, I, T, Extra<'s>> + Clone + 't,
    T: 't,
{
    let entry = decl
        .map(Ok)
        .recover_with(via_parser(skip_member(ctx).map(Err)));
    just(Tok::LBrace)
        .map_with(|_, e| e.span())
        .then(entry.repeated().collect::<Vec<Result<T, Span>>>())
        .then(just(Tok::RBrace).or_not())
        .validate(move |((open, entries), close), e, emitter| {
            if close.is_none() {
                emitter.emit(unclosed(open));
            }
            let mut decls = Vec::new();
            let mut errors = Vec::new();
            for entry in entries {
                match entry {
                    Ok(d) => decls.push(d),
                    Err(s) => errors.push(s),
                }
            }
            (decls, errors, ctx.span(e.span()), close.is_some())
        })
}

/// A member of an instance: a field, or a nested item; skipped up to the
/// next line when it is neither.
pub(super) fn member<'t, 's: 't, I: Tokens<'t, 's>>(
    ctx: &'t Ctx,
    value: impl Parser<'t, I, Value, Extra<'s>> + Clone + 't,
    field_value: impl Parser<'t, I, Value, Extra<'s>> + Clone + 't,
    instance: impl Parser<'t, I, Item, Extra<'s>> + Clone + 't,
) -> impl Parser<'t, I, Member, Extra<'s>> + Clone + 't {
    field(ctx, value, field_value)
        .map(Member::Field)
        .or(instance.map(|i| Member::Item(Box::new(i))))
        .labelled(Expect::Member)
        .recover_with(via_parser(skip_member(ctx).map(Member::Error)))
}

/// `naam: waarde` in an instance.
fn field<'t, 's: 't, I: Tokens<'t, 's>>(
    ctx: &'t Ctx,
    value: impl Parser<'t, I, Value, Extra<'s>> + Clone + 't,
    field_value: impl Parser<'t, I, Value, Extra<'s>> + Clone + 't,
) -> impl Parser<'t, I, Field, Extra<'s>> + Clone + 't {
    let with_colon = ident(ctx)
        .then_ignore(just(Tok::Colon))
        .then(field_value)
        .map(|(name, value)| (name, value, true));
    // A forgotten `:` before a literal on the same line is reported and
    // the field is kept; `bron x {` stays a nested item.
    let literal = any()
        .filter(|t: &Tok<'s>| {
            matches!(
                t,
                Tok::Str(_)
                    | Tok::Block(_)
                    | Tok::Int(_)
                    | Tok::Decimal(_)
                    | Tok::Date(..)
                    | Tok::LBracket
            )
        })
        .try_map(move |t, span| {
            if ctx.starts_line(span) {
                Err(refuse(t, span))
            } else {
                Ok(())
            }
        })
        .rewind();
    let without_colon = ident(ctx)
        .then_ignore(literal)
        .then(value)
        .then_ignore(just(Tok::LBrace).not())
        .map(|(name, value)| (name, value, false));
    with_colon
        .or(without_colon)
        .then_ignore(separator())
        .validate(move |(name, value, colon), e, emitter| {
            if !colon {
                let at = SimpleSpan::from(name.span.end as usize..name.span.end as usize);
                emitter.emit(ParseError::custom(
                    at,
                    errors::UNEXPECTED,
                    Text::new(
                        format!("na de veldnaam `{}` verwacht ik `:`", name.name),
                        format!("expected `:` after the field name `{}`", name.name),
                    ),
                ));
            }
            Field {
                doc: ctx.doc(e.span()),
                name,
                value,
                span: ctx.span(e.span()),
            }
        })
}

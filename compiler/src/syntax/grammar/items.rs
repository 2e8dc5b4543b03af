//! The top-level items: instances (`beleid naam { ... }`, which nest), the
//! schema's `soort` and `keuze`, and the rule language's `regel`,
//! `parameter` and `definitie`. An item that cannot be read is skipped to
//! the next line that starts one.

use super::members::{body_of, field_decl, member, ty, variant};
use super::rules::{expr, regel};
use super::values::{field_value, value};
use super::{fitted, ident, kw, kw_ident, name, names, separator, skip_item, skip_member, Tokens};
use crate::ast::{
    Definitie, Expr, Instance, Item, ItemKind, Keuze, Member, Parameter, Soort, StrLit, Toets,
    ToetsMember, TypeExpr, Value,
};
use crate::diagnostics::Text;
use crate::span::Span;
use crate::syntax::errors::{self, Expect, ParseError};
use crate::syntax::lexer::{unescape, Tok};
use crate::syntax::parser::{is_keyword, unclosed, Ctx, Extra};
use chumsky::prelude::*;

/// One top-level item, or a skipped one.
pub(in crate::syntax) fn item<'t, 's: 't, I: Tokens<'t, 's>>(
    ctx: &'t Ctx,
) -> impl Parser<'t, I, Item, Extra<'s>> + 't {
    let value = value(ctx);
    let field_value = field_value(ctx, value.clone());
    let ty = ty(ctx);
    let expr = expr(ctx);
    let declaration = choice((
        soort(ctx, ty.clone()),
        keuze(ctx),
        regel(ctx, expr.clone(), field_value.clone()),
        parameter(ctx, ty, field_value.clone()),
        definitie(ctx, expr),
        toets(
            ctx,
            field_value.clone(),
            member(
                ctx,
                value.clone(),
                field_value.clone(),
                instance(ctx, value.clone(), field_value.clone()),
            ),
        ),
    ))
    .map_with(move |kind, e| Item {
        doc: ctx.doc(e.span()),
        kind,
        span: ctx.span(e.span()),
    });
    choice((declaration, instance(ctx, value, field_value)))
        .labelled(Expect::Item)
        .recover_with(via_parser(skip_item(ctx).map(|span| Item {
            doc: None,
            kind: ItemKind::Error,
            span,
        })))
}

/// `soort naam (: type)? { field declarations }`.
fn soort<'t, 's: 't, I: Tokens<'t, 's>>(
    ctx: &'t Ctx,
    ty: impl Parser<'t, I, TypeExpr, Extra<'s>> + Clone + 't,
) -> impl Parser<'t, I, ItemKind, Extra<'s>> + Clone + 't {
    select! { Tok::Ident(s) if is_keyword(s, &["soort", "kind"]) => () }
        .ignore_then(names(ctx))
        .then(just(Tok::Colon).ignore_then(ty.clone()).or_not())
        .then(body_of(field_decl(ctx, ty), ctx))
        .map(|((names, name_type), (fields, errors, body, closed))| {
            ItemKind::Soort(Soort {
                names,
                name_type,
                fields,
                errors,
                body,
                closed,
            })
        })
}

/// `keuze naam { variants }`.
fn keuze<'t, 's: 't, I: Tokens<'t, 's>>(
    ctx: &'t Ctx,
) -> impl Parser<'t, I, ItemKind, Extra<'s>> + Clone + 't {
    select! { Tok::Ident(s) if is_keyword(s, &["keuze", "choice"]) => () }
        .ignore_then(names(ctx))
        .then(body_of(variant(ctx), ctx))
        .map(|(names, (variants, errors, body, closed))| {
            ItemKind::Keuze(Keuze {
                names,
                variants,
                errors,
                body,
                closed,
            })
        })
}

/// `soort naam / name "label" { members }`, where a member may be an
/// instance itself.
fn instance<'t, 's: 't, I: Tokens<'t, 's>>(
    ctx: &'t Ctx,
    value: impl Parser<'t, I, Value, Extra<'s>> + Clone + 't,
    field_value: impl Parser<'t, I, Value, Extra<'s>> + Clone + 't,
) -> impl Parser<'t, I, Item, Extra<'s>> + Clone + 't {
    // A text block or quoted string.
    let string = select! { Tok::Str(s) => s }.map_with(move |s, e| StrLit {
        value: unescape(s),
        span: ctx.span(e.span()),
    });
    recursive(|instance| {
        let member = member(ctx, value, field_value, instance);
        ident(ctx)
            .then(name(ctx).or_not())
            .then(just(Tok::Slash).ignore_then(name(ctx)).or_not())
            .then(string.or_not())
            .then(just(Tok::LBrace).map_with(|_, e| e.span()))
            .then(member.repeated().collect::<Vec<_>>().map(fitted))
            .then(just(Tok::RBrace).or_not())
            .validate(
                move |((((((kind, name), name_en), label), open), members), close), e, emitter| {
                    if close.is_none() {
                        emitter.emit(unclosed(open));
                    }
                    if name.is_none() {
                        emitter.emit(ParseError::custom(
                            SimpleSpan::from(kind.span.end as usize..kind.span.end as usize),
                            errors::UNEXPECTED,
                            Text::new(
                                format!("na `{}` verwacht ik de naam van het onderdeel", kind.name),
                                format!("expected the item's name after `{}`", kind.name),
                            ),
                        ));
                    }
                    let span = ctx.span(e.span());
                    let body = Span::new(ctx.file, open.start, span.end as usize);
                    Item {
                        doc: ctx.doc(e.span()),
                        kind: ItemKind::Instance(Instance {
                            kind,
                            name,
                            name_en,
                            label,
                            members,
                            body,
                            closed: close.is_some(),
                        }),
                        span,
                    }
                },
            )
    })
}

/// `parameter naam: type = waarde`.
fn parameter<'t, 's: 't, I: Tokens<'t, 's>>(
    ctx: &'t Ctx,
    ty: impl Parser<'t, I, TypeExpr, Extra<'s>> + Clone + 't,
    field_value: impl Parser<'t, I, Value, Extra<'s>> + Clone + 't,
) -> impl Parser<'t, I, ItemKind, Extra<'s>> + Clone + 't {
    kw(&["parameter"])
        .ignore_then(names(ctx))
        .then_ignore(just(Tok::Colon))
        .then(ty)
        .then_ignore(just(Tok::Eq))
        .then(field_value)
        .then_ignore(separator())
        .map(|((names, ty), default)| ItemKind::Parameter(Parameter { names, ty, default }))
}

/// `definitie naam = expressie`.
fn definitie<'t, 's: 't, I: Tokens<'t, 's>>(
    ctx: &'t Ctx,
    expr: impl Parser<'t, I, Expr, Extra<'s>> + Clone + 't,
) -> impl Parser<'t, I, ItemKind, Extra<'s>> + Clone + 't {
    kw(&["definitie", "definition"])
        .ignore_then(names(ctx))
        .then_ignore(just(Tok::Eq))
        .then(expr)
        .then_ignore(separator())
        .map(|(names, value)| ItemKind::Definitie(Definitie { names, value }))
}

/// `toets naam / name { beleid: ... wijzig { ... } verwacht: [...] niet_verwacht: [...] }`.
fn toets<'t, 's: 't, I: Tokens<'t, 's>>(
    ctx: &'t Ctx,
    field_value: impl Parser<'t, I, Value, Extra<'s>> + Clone + 't,
    member: impl Parser<'t, I, Member, Extra<'s>> + Clone + 't,
) -> impl Parser<'t, I, ItemKind, Extra<'s>> + Clone + 't {
    let wijzig = kw_ident(ctx, &["wijzig", "change"])
        .then(just(Tok::LBrace).map_with(|_, e| e.span()))
        .then(member.repeated().collect::<Vec<_>>().map(fitted))
        .then(just(Tok::RBrace).or_not())
        .validate(move |(((key, open), members), close), e, emitter| {
            if close.is_none() {
                emitter.emit(unclosed(open));
            }
            let span = ctx.span(e.span());
            ToetsMember::Wijzig {
                key,
                members,
                body: Span::new(ctx.file, open.start, span.end as usize),
                closed: close.is_some(),
            }
        });
    let setting = kw_ident(
        ctx,
        &[
            "beleid",
            "policy",
            "verwacht",
            "expect",
            "niet_verwacht",
            "expect_not",
        ],
    )
    .then_ignore(just(Tok::Colon))
    .then(field_value)
    .map(|(key, value)| ToetsMember::Setting { key, value });
    let toets_member = choice((wijzig, setting))
        .then_ignore(separator())
        .labelled(Expect::Member)
        .recover_with(via_parser(skip_member(ctx).map(ToetsMember::Error)));
    kw(&["toets", "test"])
        .ignore_then(names(ctx))
        .then(just(Tok::LBrace).map_with(|_, e| e.span()))
        .then(toets_member.repeated().collect::<Vec<_>>().map(fitted))
        .then(just(Tok::RBrace).or_not())
        .validate(move |(((names, open), members), close), e, emitter| {
            if close.is_none() {
                emitter.emit(unclosed(open));
            }
            let span = ctx.span(e.span());
            ItemKind::Toets(Toets {
                names,
                members,
                body: Span::new(ctx.file, open.start, span.end as usize),
                closed: close.is_some(),
            })
        })
}

/// The parser of a whole file: its items, up to the end.
pub(in crate::syntax) fn file<'t, 's: 't, I: Tokens<'t, 's>>(
    ctx: &'t Ctx,
) -> impl Parser<'t, I, Vec<Item>, Extra<'s>> + 't {
    item(ctx)
        .repeated()
        .collect::<Vec<_>>()
        .map(fitted)
        .then_ignore(end())
}

//! The rule language: expressions (with a bound on how deep they nest), the
//! clauses of a `zodra` block, and the `regel` item with its members.

use super::{ident, kw, kw_ident, name, separator, skip_member, Tokens};
use crate::ast::{
    BinOp, Duration, DurationUnit, Expr, ExprKind, FixAction, Ident, ItemKind, ListElement, Regel,
    RegelMember, StrLit, Value, ValueKind,
};
use crate::diagnostics::Text;
use crate::span::Span;
use crate::syntax::errors::{self, Expect, ParseError};
use crate::syntax::lexer::{dedent_block, parse_date, unescape, Tok};
use crate::syntax::parser::{is_keyword, refuse, unclosed, Ctx, Extra, BOOLS};
use chumsky::prelude::*;

/// Words with a meaning of their own inside rule expressions.
const EXPR_KEYWORDS: &[&str] = &[
    "en", "and", "of", "or", "niet", "not", "in", "laat", "let", "als", "if",
];

/// How deep a rule expression may nest. Brackets are bounded by the lexer,
/// but `niet niet ...` and `a en b en ...` nest without them; every later
/// stage (rule compiler, evaluator, formatter, editor features) walks
/// expressions recursively and relies on this bound.
pub(super) const MAX_EXPR_DEPTH: usize = 256;

/// `regel CODE { members }`.
pub(super) fn regel<'t, 's: 't, I: Tokens<'t, 's>>(
    ctx: &'t Ctx,
    expr: impl Parser<'t, I, Expr, Extra<'s>> + Clone + 't,
    field_value: impl Parser<'t, I, Value, Extra<'s>> + Clone + 't,
) -> impl Parser<'t, I, ItemKind, Extra<'s>> + Clone + 't {
    kw(&["regel", "rule"])
        .ignore_then(name(ctx))
        .then(just(Tok::LBrace).map_with(|_, e| e.span()))
        .then(
            regel_member(ctx, expr, field_value)
                .repeated()
                .collect::<Vec<_>>(),
        )
        .then(just(Tok::RBrace).or_not())
        .validate(move |(((code, open), members), close), e, emitter| {
            if close.is_none() {
                emitter.emit(unclosed(open));
            }
            let span = ctx.span(e.span());
            ItemKind::Regel(Regel {
                code,
                members,
                body: Span::new(ctx.file, open.start, span.end as usize),
                closed: close.is_some(),
            })
        })
}

/// One member of a `regel`; skipped up to the next line when it cannot be
/// read.
fn regel_member<'t, 's: 't, I: Tokens<'t, 's>>(
    ctx: &'t Ctx,
    expr: impl Parser<'t, I, Expr, Extra<'s>> + Clone + 't,
    field_value: impl Parser<'t, I, Value, Extra<'s>> + Clone + 't,
) -> impl Parser<'t, I, RegelMember, Extra<'s>> + Clone + 't {
    choice((
        zodra(ctx, expr.clone()),
        texts(ctx),
        fix(ctx, expr.clone()),
        paths(ctx, expr),
        setting(ctx, field_value),
    ))
    .then_ignore(separator())
    .recover_with(via_parser(skip_member(ctx).map(RegelMember::Error)))
}

/// `ernst: ...`, `afwijkbaar: ...`, `wet: ...`.
fn setting<'t, 's: 't, I: Tokens<'t, 's>>(
    ctx: &'t Ctx,
    field_value: impl Parser<'t, I, Value, Extra<'s>> + Clone + 't,
) -> impl Parser<'t, I, RegelMember, Extra<'s>> + Clone + 't {
    kw_ident(
        ctx,
        &["ernst", "severity", "afwijkbaar", "waivable", "wet", "law"],
    )
    .then_ignore(just(Tok::Colon))
    .then(field_value)
    .map(|(key, value)| RegelMember::Setting { key, value })
}

/// `zodra { clauses }`.
fn zodra<'t, 's: 't, I: Tokens<'t, 's>>(
    ctx: &'t Ctx,
    expr: impl Parser<'t, I, Expr, Extra<'s>> + Clone + 't,
) -> impl Parser<'t, I, RegelMember, Extra<'s>> + Clone + 't {
    kw_ident(ctx, &["zodra", "when"])
        .then(
            clause(ctx, expr)
                .repeated()
                .collect::<Vec<_>>()
                .delimited_by(just(Tok::LBrace), just(Tok::RBrace)),
        )
        .map_with(move |(key, clauses), e| RegelMember::Zodra {
            key,
            clauses,
            span: ctx.span(e.span()),
        })
}

/// One line of a `zodra` block: `laat naam = expressie`, or a condition;
/// skipped up to the next line when it cannot be read.
fn clause<'t, 's: 't, I: Tokens<'t, 's>>(
    ctx: &'t Ctx,
    expr: impl Parser<'t, I, Expr, Extra<'s>> + Clone + 't,
) -> impl Parser<'t, I, Expr, Extra<'s>> + Clone + 't {
    kw(&["laat", "let"])
        .ignore_then(plain_name(ctx))
        .then_ignore(just(Tok::Eq))
        .then(expr.clone())
        .map_with(move |(name, value), e| Expr {
            kind: ExprKind::Let {
                name,
                value: Box::new(value),
            },
            span: ctx.span(e.span()),
        })
        .or(expr)
        .recover_with(via_parser(skip_member(ctx).map(|span| Expr {
            kind: ExprKind::Error,
            span,
        })))
}

/// `wijs: pad` or `ook: [pad, pad]`.
fn paths<'t, 's: 't, I: Tokens<'t, 's>>(
    ctx: &'t Ctx,
    expr: impl Parser<'t, I, Expr, Extra<'s>> + Clone + 't,
) -> impl Parser<'t, I, RegelMember, Extra<'s>> + Clone + 't {
    kw_ident(ctx, &["wijs", "point", "ook", "also"])
        .then_ignore(just(Tok::Colon))
        .then(choice((
            expr.clone()
                .separated_by(just(Tok::Comma))
                .allow_trailing()
                .collect::<Vec<_>>()
                .delimited_by(just(Tok::LBracket), just(Tok::RBracket)),
            expr.map(|e| vec![e]),
        )))
        .map_with(move |(key, paths), e| RegelMember::Paths {
            key,
            paths,
            span: ctx.span(e.span()),
        })
}

/// `melding { nl: "...", en: "..." }` and the other texts of a rule.
fn texts<'t, 's: 't, I: Tokens<'t, 's>>(
    ctx: &'t Ctx,
) -> impl Parser<'t, I, RegelMember, Extra<'s>> + Clone + 't {
    let text_entry = ident(ctx)
        .then_ignore(just(Tok::Colon))
        .then(
            select! { Tok::Str(s) => unescape(s), Tok::Block(s) => dedent_block(s) }.map_with(
                move |value, e| StrLit {
                    value,
                    span: ctx.span(e.span()),
                },
            ),
        )
        .then_ignore(separator());
    kw_ident(
        ctx,
        &[
            "melding",
            "message",
            "hulp",
            "help",
            "uitleg",
            "explanation",
            "samenvatting",
            "summary",
            "motivering",
            "justification",
        ],
    )
    .then(
        text_entry
            .repeated()
            .collect::<Vec<_>>()
            .delimited_by(just(Tok::LBrace), just(Tok::RBrace)),
    )
    .map_with(move |(key, texts), e| RegelMember::Texts {
        key,
        texts,
        span: ctx.span(e.span()),
    })
}

/// `oplossing: zet pad = waarde` or `oplossing: verwijder pad`.
fn fix<'t, 's: 't, I: Tokens<'t, 's>>(
    ctx: &'t Ctx,
    expr: impl Parser<'t, I, Expr, Extra<'s>> + Clone + 't,
) -> impl Parser<'t, I, RegelMember, Extra<'s>> + Clone + 't {
    let fix_action = choice((
        kw(&["zet", "set"])
            .ignore_then(expr.clone())
            .then_ignore(just(Tok::Eq))
            .then(expr.clone())
            .map(|(path, value)| FixAction::Set { path, value }),
        kw(&["verwijder", "remove"])
            .ignore_then(expr)
            .map(|path| FixAction::Remove { path }),
    ));
    kw_ident(ctx, &["oplossing", "fix"])
        .then_ignore(just(Tok::Colon))
        .then(fix_action)
        .map_with(move |(key, fix), e| RegelMember::Fix {
            key,
            fix,
            span: ctx.span(e.span()),
        })
}

/// A name that is not one of the [`EXPR_KEYWORDS`].
fn plain_name<'t, 's: 't, I: Tokens<'t, 's>>(
    ctx: &'t Ctx,
) -> impl Parser<'t, I, Ident, Extra<'s>> + Clone + 't {
    select! { Tok::Ident(s) if !is_keyword(s, EXPR_KEYWORDS) => s }
        .map_with(move |s: &str, e| Ident {
            name: s.into(),
            span: ctx.span(e.span()),
        })
        .labelled(Expect::Name)
}

/// An expression: `of` over `en` over `niet` over comparisons of atoms.
/// One nested deeper than [`MAX_EXPR_DEPTH`] is reported and becomes an
/// error expression.
pub(super) fn expr<'t, 's: 't, I: Tokens<'t, 's>>(
    ctx: &'t Ctx,
) -> impl Parser<'t, I, Expr, Extra<'s>> + Clone + 't {
    recursive(|expr| {
        let atom = atom(ctx, expr);
        let comparison = atom
            .clone()
            .then(cmp_op(ctx).then(atom).or_not())
            .map(|(lhs, rest)| match rest {
                None => lhs,
                Some(((op, op_span), rhs)) => binary(op, op_span, lhs, rhs),
            });
        let negation = recursive(|negation| {
            kw(&["niet", "not"])
                .map_with(move |_, e| ctx.span(e.span()))
                .then(negation)
                .map(|(kw_span, inner): (Span, Expr)| Expr {
                    span: kw_span.to(inner.span),
                    kind: ExprKind::Not(Box::new(inner)),
                })
                .or(comparison)
        });
        let and_op = kw(&["en", "and"]).map_with(move |_, e| (BinOp::And, ctx.span(e.span())));
        let conjunction = negation.clone().foldl(
            and_op.then(negation).repeated(),
            |lhs, ((op, op_span), rhs)| binary(op, op_span, lhs, rhs),
        );
        let or_op = kw(&["of", "or"]).map_with(move |_, e| (BinOp::Or, ctx.span(e.span())));
        conjunction.clone().foldl(
            or_op.then(conjunction).repeated(),
            |lhs, ((op, op_span), rhs)| binary(op, op_span, lhs, rhs),
        )
    })
    .validate(move |e: Expr, _, emitter| match too_deep(&e) {
        None => e,
        Some(at) => {
            emitter.emit(ParseError::custom(
                SimpleSpan::from(at.start as usize..at.end as usize),
                errors::TOO_DEEP,
                Text::new(
                    format!("deze voorwaarde is dieper genest dan {MAX_EXPR_DEPTH} niveaus, bijvoorbeeld door een lange reeks `niet`, `en` of `of`; splits haar op met `laat`"),
                    format!("this condition nests deeper than {MAX_EXPR_DEPTH} levels, for example through a long run of `niet`, `en` or `of`; split it up with `laat`"),
                ),
            ));
            let span = e.span;
            dismantle(e);
            Expr {
                kind: ExprKind::Error,
                span,
            }
        }
    })
}

/// A literal, a list, a call, a path or an expression in brackets.
fn atom<'t, 's: 't, I: Tokens<'t, 's>>(
    ctx: &'t Ctx,
    expr: impl Parser<'t, I, Expr, Extra<'s>> + Clone + 't,
) -> impl Parser<'t, I, Expr, Extra<'s>> + Clone + 't {
    let path = plain_name(ctx)
        .separated_by(just(Tok::Dot))
        .at_least(1)
        .collect::<Vec<_>>()
        .map(ExprKind::Path);
    let call = plain_name(ctx)
        .then(
            expr.clone()
                .separated_by(just(Tok::Comma))
                .allow_trailing()
                .collect::<Vec<_>>()
                .delimited_by(just(Tok::LParen), just(Tok::RParen)),
        )
        .map(|(name, args)| ExprKind::Call { name, args });
    let string_text = select! { Tok::Str(s) => unescape(s), Tok::Block(s) => dedent_block(s) };
    let text = string_text
        .then(just(Tok::Slash).ignore_then(string_text).or_not())
        .map(|(nl, en)| match en {
            Some(en) => ExprKind::Bilingual { nl, en },
            None => ExprKind::Literal(ValueKind::Text(nl.into())),
        });
    let unit = select! { Tok::Ident(s) => s }
        .try_map(|s, span| DurationUnit::from_word(s).ok_or_else(|| refuse(Tok::Ident(s), span)));
    let number = select! { Tok::Int(s) => s }
        .then(unit.or_not())
        .map(|(n, unit)| match (n.parse::<u64>(), unit) {
            (Ok(amount), Some(unit)) => {
                ExprKind::Literal(ValueKind::Duration(Duration { amount, unit }))
            }
            (Ok(amount), None) => i64::try_from(amount).map_or(ExprKind::Error, |i| {
                ExprKind::Literal(ValueKind::Integer(i))
            }),
            _ => ExprKind::Error,
        });
    let literal = select! {
        Tok::Decimal(s) => s.parse::<f64>().map_or(ExprKind::Error, |d| ExprKind::Literal(ValueKind::Decimal(d))),
        Tok::Date(s, true) => parse_date(s).map_or(ExprKind::Error, |d| ExprKind::Literal(ValueKind::Date(d))),
        Tok::Date(_, false) => ExprKind::Error,
        Tok::Ident(s) if BOOLS.iter().any(|(w, _)| *w == s) => ExprKind::Literal(ValueKind::Bool(BOOLS.iter().any(|(w, b)| *w == s && *b))),
    };
    let element = expr
        .clone()
        .then(kw(&["als", "if"]).ignore_then(expr.clone()).or_not())
        .map(|(value, condition)| ListElement { value, condition });
    let list = element
        .separated_by(just(Tok::Comma))
        .allow_trailing()
        .collect::<Vec<_>>()
        .delimited_by(just(Tok::LBracket), just(Tok::RBracket))
        .map(ExprKind::List);
    choice((
        literal,
        number,
        text,
        list,
        call,
        path,
        expr.delimited_by(just(Tok::LParen), just(Tok::RParen))
            .map(|e: Expr| e.kind),
    ))
    .map_with(move |kind, e| Expr {
        kind,
        span: ctx.span(e.span()),
    })
    .labelled(Expect::Value)
}

/// A comparison operator, with its span.
fn cmp_op<'t, 's: 't, I: Tokens<'t, 's>>(
    ctx: &'t Ctx,
) -> impl Parser<'t, I, (BinOp, Span), Extra<'s>> + Clone + 't {
    choice((
        just(Tok::EqEq).to(BinOp::Eq),
        just(Tok::NotEq).to(BinOp::Ne),
        just(Tok::Le).to(BinOp::Le),
        just(Tok::Lt).to(BinOp::Lt),
        just(Tok::Ge).to(BinOp::Ge),
        just(Tok::Gt).to(BinOp::Gt),
        kw(&["in"]).to(BinOp::In),
        kw(&["niet", "not"]).then(kw(&["in"])).to(BinOp::NotIn),
    ))
    .map_with(move |op, e| (op, ctx.span(e.span())))
}

/// The direct sub-expressions of `e`.
fn children(e: &Expr) -> Vec<&Expr> {
    match &e.kind {
        ExprKind::Not(inner) => vec![inner],
        ExprKind::Binary { lhs, rhs, .. } => vec![lhs, rhs],
        ExprKind::Let { value, .. } => vec![value],
        ExprKind::Call { args, .. } => args.iter().collect(),
        ExprKind::List(elements) => elements
            .iter()
            .flat_map(|el| std::iter::once(&el.value).chain(el.condition.as_ref()))
            .collect(),
        ExprKind::Literal(_) | ExprKind::Bilingual { .. } | ExprKind::Path(_) | ExprKind::Error => {
            Vec::new()
        }
    }
}

/// Where `e` first nests deeper than [`MAX_EXPR_DEPTH`]: a short span at
/// the operator of that level. Walks without recursion.
fn too_deep(e: &Expr) -> Option<Span> {
    let mut stack = vec![(e, 1usize)];
    while let Some((e, depth)) = stack.pop() {
        if depth > MAX_EXPR_DEPTH {
            return Some(match &e.kind {
                ExprKind::Binary { op_span, .. } => *op_span,
                ExprKind::Not(inner) => Span {
                    end: inner.span.start,
                    ..e.span
                },
                _ => Span {
                    end: e.span.start,
                    ..e.span
                },
            });
        }
        stack.extend(children(e).into_iter().map(|c| (c, depth + 1)));
    }
    None
}

/// Drops a deep expression without recursing as deep as it nests.
fn dismantle(e: Expr) {
    let mut stack = vec![e];
    while let Some(e) = stack.pop() {
        match e.kind {
            ExprKind::Not(inner) => stack.push(*inner),
            ExprKind::Binary { lhs, rhs, .. } => stack.extend([*lhs, *rhs]),
            ExprKind::Let { value, .. } => stack.push(*value),
            ExprKind::Call { args, .. } => stack.extend(args),
            ExprKind::List(elements) => {
                for el in elements {
                    stack.push(el.value);
                    stack.extend(el.condition);
                }
            }
            ExprKind::Literal(_)
            | ExprKind::Bilingual { .. }
            | ExprKind::Path(_)
            | ExprKind::Error => {}
        }
    }
}

fn binary(op: BinOp, op_span: Span, lhs: Expr, rhs: Expr) -> Expr {
    Expr {
        span: lhs.span.to(rhs.span),
        kind: ExprKind::Binary {
            op,
            op_span,
            lhs: Box::new(lhs),
            rhs: Box::new(rhs),
        },
    }
}

//! The parser: tokens to a syntax tree, with recovery.
//!
//! Recovery works at three levels. A broken value becomes a `ValueKind::Error`
//! but keeps its field, so the checker does not also report the field as
//! missing. A member that cannot be read at all is skipped up to the next
//! line that starts a new member (respecting nested brackets) and becomes a
//! `Member::Error`. A top-level item that cannot be read is skipped the same
//! way. Missing `}` and `]` are reported at the bracket they should close.

use super::errors::{Expect, ParseError, SyntaxCode};
use super::lexer::{dedent_block, parse_date, unescape, Tok};
use crate::ast::*;
use crate::diagnostics::Text;
use crate::span::{FileId, Span};
use chumsky::input::ValueInput;
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
    fn span(&self, s: SimpleSpan) -> Span {
        Span::new(self.file, s.start, s.end)
    }

    fn doc(&self, s: SimpleSpan) -> Option<Doc> {
        u32::try_from(s.start)
            .ok()
            .and_then(|k| self.docs.get(&k))
            .cloned()
    }

    fn starts_line(&self, s: SimpleSpan) -> bool {
        u32::try_from(s.start).is_ok_and(|k| self.line_starts.binary_search(&k).is_ok())
    }
}

fn is_keyword(s: &str, words: &[&str]) -> bool {
    words.contains(&s)
}

const BOOLS: &[(&str, bool)] = &[
    ("ja", true),
    ("nee", false),
    ("yes", true),
    ("no", false),
    ("waar", true),
    ("onwaar", false),
    ("true", true),
    ("false", false),
];

/// The parser of a whole file.
pub(super) fn file<'t, 's: 't, I>(ctx: &'t Ctx) -> impl Parser<'t, I, Vec<Item>, Extra<'s>> + 't
where
    I: ValueInput<'t, Token = Tok<'s>, Span = SimpleSpan>,
{
    let ident = select! { Tok::Ident(s) => s }
        .map_with(move |s: &str, e| Ident {
            name: s.to_string(),
            span: ctx.span(e.span()),
        })
        .labelled(Expect::Name);
    let name = select! { Tok::Ident(s) => s, Tok::Code(s) => s }
        .map_with(move |s: &str, e| Ident {
            name: s.to_string(),
            span: ctx.span(e.span()),
        })
        .labelled(Expect::Name);
    let names = ident
        .then(just(Tok::Slash).ignore_then(ident).or_not())
        .map(|(nl, en)| Names { nl, en });
    let separator = one_of([Tok::Comma, Tok::Semi]).or_not().ignored();
    let not_colon = just(Tok::Colon).not();
    // A name followed by `:` starts the next field; it is never a value.
    let not_field_start = any().then(just(Tok::Colon)).not();

    // A text block or quoted string.
    let string = select! { Tok::Str(s) => s }.map_with(move |s, e| StrLit {
        value: unescape(s),
        span: ctx.span(e.span()),
    });

    // Brackets and braces skipped as a whole during recovery.
    let balanced = recursive(|balanced| {
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
    });
    // The rest of a line, for recovery: tokens that do not start a line,
    // skipping bracketed groups whole, stopping before a closing brace.
    let rest_of_line = balanced
        .clone()
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
        .repeated();
    // Skips a broken member: its first token (anything but `}`), then the rest of its line.
    let skip_member = balanced
        .clone()
        .or(any()
            .filter(|t: &Tok<'s>| !matches!(t, Tok::RBrace))
            .ignored())
        .then(rest_of_line.clone())
        .map_with(move |_, e| ctx.span(e.span()));
    // Skips a broken top-level item.
    let skip_item = balanced
        .clone()
        .or(any().ignored())
        .then(rest_of_line.clone())
        .map_with(move |_, e| ctx.span(e.span()));

    let value = recursive(|value| {
        let date = select! { Tok::Date(s, valid) => (s, valid) };
        let date_or_period = date
            .then(just(Tok::DotDot).ignore_then(date.or_not()).or_not())
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
            });
        let unit = select! { Tok::Ident(s) => s }
            .then_ignore(not_colon)
            .try_map(move |s, span| {
                if ctx.starts_line(span) {
                    Err(refuse(Tok::Ident(s), span))
                } else {
                    Ok((s, span))
                }
            });
        let number = select! { Tok::Int(s) => s }.then(unit.or_not()).validate(
            move |(n, unit), e, emitter| {
                let Ok(amount) = n.parse::<u64>() else {
                    emitter.emit(ParseError::custom(
                        e.span(),
                        SyntaxCode::BadNumber,
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
                            emitter.emit(ParseError::custom(
                                span,
                                SyntaxCode::BadUnit,
                                bad_unit(word),
                            ));
                            ValueKind::Error
                        }
                    },
                }
            },
        );
        let decimal = select! { Tok::Decimal(s) => s }.map(|s: &str| {
            s.parse::<f64>()
                .map_or(ValueKind::Error, ValueKind::Decimal)
        });
        let word = select! { Tok::Ident(s) => s, Tok::Code(s) => s }
            .and_is(not_field_start)
            .map(|s: &str| match BOOLS.iter().find(|(w, _)| *w == s) {
                Some((_, b)) => ValueKind::Bool(*b),
                None => ValueKind::Ref(s.to_string()),
            });
        let text = select! {
            Tok::Str(s) => ValueKind::Text(unescape(s)),
            Tok::Block(s) => ValueKind::TextBlock(dedent_block(s)),
        };
        let element = value
            .clone()
            .then(just(Tok::Comma).map_with(|_, e| e.span()).or_not())
            .map_with(|(v, comma): (Value, Option<SimpleSpan>), e| (v, comma, e.span()));
        let list = just(Tok::LBracket)
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
                            SyntaxCode::MissingComma,
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
                        SyntaxCode::Unclosed,
                        Text::new(
                            "de lijst die hier begint, is niet afgesloten met `]`",
                            "the list that starts here is not closed with `]`",
                        ),
                    ));
                }
                ValueKind::List(values)
            });
        choice((date_or_period, number, decimal, text, word, list))
            .map_with(move |kind, e| Value {
                kind,
                span: ctx.span(e.span()),
            })
            .labelled(Expect::Value)
    });

    // A value, or an error value when there is none: the field is kept so
    // the checker does not report it missing as well.
    let field_value = value
        .clone()
        .recover_with(via_parser(rest_of_line.clone().map_with(move |_, e| {
            Value {
                kind: ValueKind::Error,
                span: ctx.span(e.span()),
            }
        })));

    let law =
        select! { Tok::Ident(s) if is_keyword(s, &["wet", "law"]) => () }.ignore_then(choice((
            ident
                .separated_by(just(Tok::Comma))
                .allow_trailing()
                .collect::<Vec<_>>()
                .delimited_by(just(Tok::LBracket), just(Tok::RBracket)),
            ident.map(|i| vec![i]),
        )));

    let ty = recursive(|ty| {
        choice((
            ident.map(TypeExpr::Named),
            ty.delimited_by(just(Tok::LBracket), just(Tok::RBracket))
                .map_with(move |t, e| TypeExpr::List(Box::new(t), ctx.span(e.span()))),
        ))
        .labelled(Expect::Type)
    });
    let modifier = select! { Tok::Ident(s) if !is_keyword(s, &["wet", "law"]) => s }
        .map_with(move |s: &str, e| Ident {
            name: s.to_string(),
            span: ctx.span(e.span()),
        })
        .then_ignore(one_of([Tok::Slash, Tok::Colon]).not());
    let field_decl = names
        .then_ignore(just(Tok::Colon))
        .then(ty.clone())
        .then(modifier.repeated().collect::<Vec<_>>())
        .then(law.or_not())
        .then_ignore(separator)
        .map_with(move |(((names, ty), modifiers), law), e| FieldDecl {
            doc: ctx.doc(e.span()),
            names,
            ty,
            modifiers,
            law: law.unwrap_or_default(),
            span: ctx.span(e.span()),
        });
    let variant = names
        .then(law.or_not())
        .then_ignore(separator)
        .map_with(move |(names, law), e| Variant {
            doc: ctx.doc(e.span()),
            names,
            law: law.unwrap_or_default(),
            span: ctx.span(e.span()),
        })
        .labelled(Expect::Variant);

    // `{ decl* }` of a `soort` or `keuze`: declarations, or skipped lines.
    fn body_of<'t, 's: 't, I, T, P, Q>(
        decl: P,
        skip: Q,
        ctx: &'t Ctx,
    ) -> impl Parser<'t, I, (Vec<T>, Vec<Span>, Span, bool), Extra<'s>> + Clone + 't
    where
        I: ValueInput<'t, Token = Tok<'s>, Span = SimpleSpan>,
        P: Parser<'t, I, T, Extra<'s>> + Clone + 't,
        Q: Parser<'t, I, Span, Extra<'s>> + Clone + 't,
        T: 't,
    {
        let entry = decl.map(Ok).recover_with(via_parser(skip.map(Err)));
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

    let soort = select! { Tok::Ident(s) if is_keyword(s, &["soort", "kind"]) => () }
        .ignore_then(names)
        .then(just(Tok::Colon).ignore_then(ty.clone()).or_not())
        .then(body_of(field_decl, skip_member.clone(), ctx))
        .map(|((names, name_type), (fields, errors, body, closed))| {
            ItemKind::Soort(Soort {
                names,
                name_type,
                fields,
                errors,
                body,
                closed,
            })
        });
    let keuze = select! { Tok::Ident(s) if is_keyword(s, &["keuze", "choice"]) => () }
        .ignore_then(names)
        .then(body_of(variant, skip_member.clone(), ctx))
        .map(|(names, (variants, errors, body, closed))| {
            ItemKind::Keuze(Keuze {
                names,
                variants,
                errors,
                body,
                closed,
            })
        });

    let instance = recursive(|instance| {
        let with_colon = ident
            .then_ignore(just(Tok::Colon))
            .then(field_value.clone())
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
        let without_colon = ident
            .then_ignore(literal)
            .then(value.clone())
            .then_ignore(just(Tok::LBrace).not())
            .map(|(name, value)| (name, value, false));
        let field = with_colon
            .or(without_colon)
            .then_ignore(separator)
            .validate(move |(name, value, colon), e, emitter| {
                if !colon {
                    let at = SimpleSpan::from(name.span.end as usize..name.span.end as usize);
                    emitter.emit(ParseError::custom(
                        at,
                        SyntaxCode::Unexpected,
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
            });
        let member = field
            .map(Member::Field)
            .or(instance.map(Member::Item))
            .labelled(Expect::Member)
            .recover_with(via_parser(skip_member.clone().map(Member::Error)));
        ident
            .then(name.or_not())
            .then(just(Tok::Slash).ignore_then(name).or_not())
            .then(string.or_not())
            .then(just(Tok::LBrace).map_with(|_, e| e.span()))
            .then(member.repeated().collect::<Vec<_>>())
            .then(just(Tok::RBrace).or_not())
            .validate(
                move |((((((kind, name), name_en), label), open), members), close), e, emitter| {
                    if close.is_none() {
                        emitter.emit(unclosed(open));
                    }
                    if name.is_none() {
                        emitter.emit(ParseError::custom(
                            SimpleSpan::from(kind.span.end as usize..kind.span.end as usize),
                            SyntaxCode::Unexpected,
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
    });

    // ---- The rule language: `regel` and `parameter` items. ----
    let kw = |words: &'static [&'static str]| select! { Tok::Ident(s) if words.contains(&s) => () };
    let kw_ident = |words: &'static [&'static str]| {
        select! { Tok::Ident(s) if words.contains(&s) => s }.map_with(move |s: &str, e| Ident {
            name: s.to_string(),
            span: ctx.span(e.span()),
        })
    };
    let plain_name = select! { Tok::Ident(s) if !is_keyword(s, EXPR_KEYWORDS) => s }
        .map_with(move |s: &str, e| Ident {
            name: s.to_string(),
            span: ctx.span(e.span()),
        })
        .labelled(Expect::Name);
    let expr = recursive(|expr| {
        let path = plain_name
            .separated_by(just(Tok::Dot))
            .at_least(1)
            .collect::<Vec<_>>()
            .map(ExprKind::Path);
        let call = plain_name
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
                None => ExprKind::Literal(ValueKind::Text(nl)),
            });
        let unit = select! { Tok::Ident(s) => s }.try_map(|s, span| {
            DurationUnit::from_word(s).ok_or_else(|| refuse(Tok::Ident(s), span))
        });
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
        let atom = choice((
            literal,
            number,
            text,
            list,
            call,
            path,
            expr.clone()
                .delimited_by(just(Tok::LParen), just(Tok::RParen))
                .map(|e: Expr| e.kind),
        ))
        .map_with(move |kind, e| Expr {
            kind,
            span: ctx.span(e.span()),
        })
        .labelled(Expect::Value);
        let cmp_op = choice((
            just(Tok::EqEq).to(BinOp::Eq),
            just(Tok::NotEq).to(BinOp::Ne),
            just(Tok::Le).to(BinOp::Le),
            just(Tok::Lt).to(BinOp::Lt),
            just(Tok::Ge).to(BinOp::Ge),
            just(Tok::Gt).to(BinOp::Gt),
            kw(&["in"]).to(BinOp::In),
            kw(&["niet", "not"]).then(kw(&["in"])).to(BinOp::NotIn),
        ))
        .map_with(move |op, e| (op, ctx.span(e.span())));
        let comparison =
            atom.clone()
                .then(cmp_op.then(atom).or_not())
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
                SyntaxCode::TooDeep,
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
    });
    let clause = kw(&["laat", "let"])
        .ignore_then(plain_name)
        .then_ignore(just(Tok::Eq))
        .then(expr.clone())
        .map_with(move |(name, value), e| Expr {
            kind: ExprKind::Let {
                name,
                value: Box::new(value),
            },
            span: ctx.span(e.span()),
        })
        .or(expr.clone())
        .recover_with(via_parser(skip_member.clone().map(|span| Expr {
            kind: ExprKind::Error,
            span,
        })));
    let setting = kw_ident(&["ernst", "severity", "afwijkbaar", "waivable", "wet", "law"])
        .then_ignore(just(Tok::Colon))
        .then(field_value.clone())
        .map(|(key, value)| RegelMember::Setting { key, value });
    let zodra = kw_ident(&["zodra", "when"])
        .then(
            clause
                .repeated()
                .collect::<Vec<_>>()
                .delimited_by(just(Tok::LBrace), just(Tok::RBrace)),
        )
        .map_with(move |(key, clauses), e| RegelMember::Zodra {
            key,
            clauses,
            span: ctx.span(e.span()),
        });
    let paths = kw_ident(&["wijs", "point", "ook", "also"])
        .then_ignore(just(Tok::Colon))
        .then(choice((
            expr.clone()
                .separated_by(just(Tok::Comma))
                .allow_trailing()
                .collect::<Vec<_>>()
                .delimited_by(just(Tok::LBracket), just(Tok::RBracket)),
            expr.clone().map(|e| vec![e]),
        )))
        .map_with(move |(key, paths), e| RegelMember::Paths {
            key,
            paths,
            span: ctx.span(e.span()),
        });
    let text_entry = ident
        .then_ignore(just(Tok::Colon))
        .then(
            select! { Tok::Str(s) => unescape(s), Tok::Block(s) => dedent_block(s) }.map_with(
                move |value, e| StrLit {
                    value,
                    span: ctx.span(e.span()),
                },
            ),
        )
        .then_ignore(separator);
    let texts = kw_ident(&[
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
    ])
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
    });
    let fix_action = choice((
        kw(&["zet", "set"])
            .ignore_then(expr.clone())
            .then_ignore(just(Tok::Eq))
            .then(expr.clone())
            .map(|(path, value)| FixAction::Set { path, value }),
        kw(&["verwijder", "remove"])
            .ignore_then(expr.clone())
            .map(|path| FixAction::Remove { path }),
    ));
    let fix = kw_ident(&["oplossing", "fix"])
        .then_ignore(just(Tok::Colon))
        .then(fix_action)
        .map_with(move |(key, fix), e| RegelMember::Fix {
            key,
            fix,
            span: ctx.span(e.span()),
        });
    let regel_member = choice((zodra, texts, fix, paths, setting))
        .then_ignore(separator)
        .recover_with(via_parser(skip_member.clone().map(RegelMember::Error)));
    let regel = kw(&["regel", "rule"])
        .ignore_then(name)
        .then(just(Tok::LBrace).map_with(|_, e| e.span()))
        .then(regel_member.repeated().collect::<Vec<_>>())
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
        });
    let parameter = kw(&["parameter"])
        .ignore_then(names)
        .then_ignore(just(Tok::Colon))
        .then(ty.clone())
        .then_ignore(just(Tok::Eq))
        .then(field_value.clone())
        .then_ignore(separator)
        .map(|((names, ty), default)| ItemKind::Parameter(Parameter { names, ty, default }));
    let definitie = kw(&["definitie", "definition"])
        .ignore_then(names)
        .then_ignore(just(Tok::Eq))
        .then(expr.clone())
        .then_ignore(separator)
        .map(|(names, value)| ItemKind::Definitie(Definitie { names, value }));

    let declaration =
        choice((soort, keuze, regel, parameter, definitie)).map_with(move |kind, e| Item {
            doc: ctx.doc(e.span()),
            kind,
            span: ctx.span(e.span()),
        });
    let item = choice((declaration, instance))
        .labelled(Expect::Item)
        .recover_with(via_parser(skip_item.map(|span| Item {
            doc: None,
            kind: ItemKind::Error,
            span,
        })));
    item.repeated().collect::<Vec<_>>().then_ignore(end())
}

/// Words with a meaning of their own inside rule expressions.
const EXPR_KEYWORDS: &[&str] = &[
    "en", "and", "of", "or", "niet", "not", "in", "laat", "let", "als", "if",
];

/// How deep a rule expression may nest. Brackets are bounded by the lexer,
/// but `niet niet ...` and `a en b en ...` nest without them; every later
/// stage (rule compiler, evaluator, formatter, editor features) walks
/// expressions recursively and relies on this bound.
pub const MAX_EXPR_DEPTH: usize = 256;

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

/// An internal refusal of a token (one that starts a new line, say); it
/// reads as "did not expect this token here" if it is ever the error shown.
fn refuse(found: Tok<'_>, span: SimpleSpan) -> ParseError<'_> {
    ParseError::Expected {
        span,
        expected: Vec::new(),
        found: Some(found),
    }
}

fn unclosed<'s>(open: SimpleSpan) -> ParseError<'s> {
    ParseError::custom(
        open,
        SyntaxCode::Unclosed,
        Text::new(
            "het blok dat hier begint, is niet afgesloten met `}`",
            "the block that starts here is not closed with `}`",
        ),
    )
}

fn bad_unit(word: &str) -> Text {
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

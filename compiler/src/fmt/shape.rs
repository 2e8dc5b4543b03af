//! What a file means to the parser, apart from where things are: the tree
//! with every span cleared, and the comments with their text trimmed at the
//! end (the formatter drops trailing spaces). Two texts whose shapes are
//! equal mean the same; the formatter compares the shape of its output
//! with the shape of its input.
//!
//! The comparison is the tree's own `PartialEq` after the spans are
//! cleared, so a field added to a node is compared without anything to
//! change here. A span field added to a node and not cleared here makes
//! every comparison of such a node fail, never pass: the formatter then
//! refuses ([`FmtError::Meaning`](super::FmtError::Meaning)) instead of
//! writing a file that means something else.

use crate::ast::*;
use crate::span::Span;

/// Whether `a` and `b` are the same tree apart from spans, with the same
/// comments apart from trailing spaces.
pub fn same_shape(a: &SourceFile, b: &SourceFile) -> bool {
    a.items.len() == b.items.len()
        && a.comments.len() == b.comments.len()
        && comments(a).eq(comments(b))
        && items(a) == items(b)
}

/// The comments of `tree`: whether each is a `///` comment, and its text
/// without trailing spaces.
fn comments(tree: &SourceFile) -> impl Iterator<Item = (bool, &str)> {
    tree.comments.iter().map(|c| (c.doc, c.text.trim_end()))
}

/// The items of `tree` with every span cleared.
fn items(tree: &SourceFile) -> Vec<Item> {
    let mut items = tree.items.clone();
    items.iter_mut().for_each(Unspan::unspan);
    items
}

/// Clears every span in a node and the nodes below it.
trait Unspan {
    fn unspan(&mut self);
}

fn clear(span: &mut Span) {
    *span = Span::default();
}

impl<T: Unspan> Unspan for Option<T> {
    fn unspan(&mut self) {
        if let Some(t) = self {
            t.unspan();
        }
    }
}

impl<T: Unspan> Unspan for Vec<T> {
    fn unspan(&mut self) {
        self.iter_mut().for_each(Unspan::unspan);
    }
}

impl<T: Unspan> Unspan for Box<T> {
    fn unspan(&mut self) {
        self.as_mut().unspan();
    }
}

impl Unspan for Span {
    fn unspan(&mut self) {
        clear(self);
    }
}

impl Unspan for Doc {
    fn unspan(&mut self) {
        clear(&mut self.span);
    }
}

impl Unspan for Ident {
    fn unspan(&mut self) {
        clear(&mut self.span);
    }
}

impl Unspan for StrLit {
    fn unspan(&mut self) {
        clear(&mut self.span);
    }
}

impl Unspan for Names {
    fn unspan(&mut self) {
        self.nl.unspan();
        self.en.unspan();
    }
}

impl Unspan for Item {
    fn unspan(&mut self) {
        self.doc.unspan();
        clear(&mut self.span);
        match &mut self.kind {
            ItemKind::Instance(i) => i.unspan(),
            ItemKind::Soort(s) => s.unspan(),
            ItemKind::Keuze(k) => k.unspan(),
            ItemKind::Regel(r) => r.unspan(),
            ItemKind::Parameter(p) => {
                p.names.unspan();
                p.ty.unspan();
                p.default.unspan();
            }
            ItemKind::Definitie(d) => {
                d.names.unspan();
                d.value.unspan();
            }
            ItemKind::Toets(t) => {
                t.names.unspan();
                t.members.unspan();
                clear(&mut t.body);
            }
            ItemKind::Error => {}
        }
    }
}

impl Unspan for Instance {
    fn unspan(&mut self) {
        self.kind.unspan();
        self.name.unspan();
        self.name_en.unspan();
        self.label.unspan();
        self.members.unspan();
        clear(&mut self.body);
    }
}

impl Unspan for Member {
    fn unspan(&mut self) {
        match self {
            Member::Field(f) => {
                f.doc.unspan();
                f.name.unspan();
                f.value.unspan();
                clear(&mut f.span);
            }
            Member::Item(i) => i.unspan(),
            Member::Error(s) => clear(s),
        }
    }
}

impl Unspan for Value {
    fn unspan(&mut self) {
        clear(&mut self.span);
        if let ValueKind::List(values) = &mut self.kind {
            values.unspan();
        }
    }
}

impl Unspan for Soort {
    fn unspan(&mut self) {
        self.names.unspan();
        self.name_type.unspan();
        self.fields.unspan();
        self.errors.unspan();
        clear(&mut self.body);
    }
}

impl Unspan for FieldDecl {
    fn unspan(&mut self) {
        self.doc.unspan();
        self.names.unspan();
        self.ty.unspan();
        self.modifiers.unspan();
        self.law.unspan();
        clear(&mut self.span);
    }
}

impl Unspan for TypeExpr {
    fn unspan(&mut self) {
        match self {
            TypeExpr::Named(i) => i.unspan(),
            TypeExpr::List(inner, s) => {
                inner.unspan();
                clear(s);
            }
            TypeExpr::Error(s) => clear(s),
        }
    }
}

impl Unspan for Keuze {
    fn unspan(&mut self) {
        self.names.unspan();
        self.variants.unspan();
        self.errors.unspan();
        clear(&mut self.body);
    }
}

impl Unspan for Variant {
    fn unspan(&mut self) {
        self.doc.unspan();
        self.names.unspan();
        self.law.unspan();
        clear(&mut self.span);
    }
}

impl Unspan for Regel {
    fn unspan(&mut self) {
        self.code.unspan();
        self.members.unspan();
        clear(&mut self.body);
    }
}

impl Unspan for ToetsMember {
    fn unspan(&mut self) {
        match self {
            ToetsMember::Setting { key, value } => {
                key.unspan();
                value.unspan();
            }
            ToetsMember::Wijzig {
                key, members, body, ..
            } => {
                key.unspan();
                members.unspan();
                clear(body);
            }
            ToetsMember::Error(s) => clear(s),
        }
    }
}

impl Unspan for RegelMember {
    fn unspan(&mut self) {
        match self {
            RegelMember::Setting { key, value } => {
                key.unspan();
                value.unspan();
            }
            RegelMember::Zodra { key, clauses, span }
            | RegelMember::Paths {
                key,
                paths: clauses,
                span,
            } => {
                key.unspan();
                clauses.unspan();
                clear(span);
            }
            RegelMember::Texts { key, texts, span } => {
                key.unspan();
                for (k, s) in texts {
                    k.unspan();
                    s.unspan();
                }
                clear(span);
            }
            RegelMember::Fix { key, fix, span } => {
                key.unspan();
                match fix {
                    FixAction::Set { path, value } => {
                        path.unspan();
                        value.unspan();
                    }
                    FixAction::Remove { path } => path.unspan(),
                }
                clear(span);
            }
            RegelMember::Error(s) => clear(s),
        }
    }
}

impl Unspan for Expr {
    fn unspan(&mut self) {
        clear(&mut self.span);
        match &mut self.kind {
            ExprKind::Path(parts) => parts.unspan(),
            ExprKind::List(elements) => {
                for el in elements {
                    el.value.unspan();
                    el.condition.unspan();
                }
            }
            ExprKind::Call { name, args } => {
                name.unspan();
                args.unspan();
            }
            ExprKind::Not(inner) => inner.unspan(),
            ExprKind::Binary {
                op_span, lhs, rhs, ..
            } => {
                clear(op_span);
                lhs.unspan();
                rhs.unspan();
            }
            ExprKind::Let { name, value } => {
                name.unspan();
                value.unspan();
            }
            ExprKind::Literal(_) | ExprKind::Bilingual { .. } | ExprKind::Error => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::span::FileId;

    fn tree(text: &str) -> SourceFile {
        let parsed = crate::syntax::parse(FileId(0), text);
        assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
        parsed.tree
    }

    const RULE: &str = "regel AB-CD {\n    ernst: fout\n    zodra {\n        beleid.bewaartermijn > 14 dagen en niet leeg(beleid.bron)\n    }\n    wijs: beleid.bewaartermijn\n    melding { nl: \"a\" en: \"b\" }\n}\n";

    #[test]
    fn a_moved_span_is_the_same_shape() {
        let a = tree("beleid b { bron x { toegang: openbaar } bewaartermijn: 14 dagen } // c\n");
        let b = tree("beleid  b {\n    bron x {\n        toegang: openbaar\n    }\n\n    bewaartermijn:   14 dagen\n}   // c   \n");
        assert_ne!(a, b, "the spans differ");
        assert!(same_shape(&a, &b));
        let moved = tree(&format!("\n\n{}", RULE.replace("    ", "  ")));
        assert!(same_shape(&tree(RULE), &moved));
    }

    #[test]
    fn a_changed_value_is_another_shape() {
        let a = tree("beleid b { bewaartermijn: 14 dagen }");
        for other in [
            "beleid b { bewaartermijn: 15 dagen }",
            "beleid b { bewaartermijn: 14 weken }",
            "beleid b { bewaartermijn: \"14 dagen\" }",
            "beleid c { bewaartermijn: 14 dagen }",
            "beleid b { bewaartermijn: 14 dagen logboek: ja }",
            "beleid b { bewaartermijn: 14 dagen } // c",
        ] {
            assert!(!same_shape(&a, &tree(other)), "{other}");
        }
        let rule = tree(RULE);
        for (from, to) in [
            (">", ">="),
            ("14", "15"),
            ("en niet", "of niet"),
            ("\"b\"", "\"c\""),
        ] {
            assert!(
                !same_shape(&rule, &tree(&RULE.replacen(from, to, 1))),
                "{to}"
            );
        }
    }

    #[test]
    fn a_changed_comment_is_another_shape() {
        let a = tree("// een\nteam t {}\n");
        assert!(same_shape(&a, &tree("// een   \nteam t {}\n")));
        assert!(!same_shape(&a, &tree("// twee\nteam t {}\n")));
        assert!(!same_shape(&a, &tree("/// een\nteam t {}\n")));
    }
}

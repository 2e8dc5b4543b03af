//! The layout engine: prints a syntax tree in the one canonical layout.
//!
//! The printer walks the tree and writes whole lines. Literal spellings are
//! read back from the source through the spans, so `"a\"b"` stays as it was
//! written; only whitespace, separators and (with a target language) the
//! words named in the rename table change. Comments are taken from
//! [`SourceFile::comments`] in source order: before each line the printer
//! writes every comment that starts before it (so nothing is lost, and a
//! comment inside a construct that is printed on one line moves above that
//! line), and after each line the comment that followed it on the same
//! source line, as an end-of-line comment.

use crate::ast::*;
use crate::Taal;
use std::borrow::Cow;
use std::collections::HashMap;

/// Words to write differently, keyed by the byte offset where they start.
pub type Renames = HashMap<u32, String>;

/// Prints `tree` (parsed from `src`) in the canonical layout, with `\n`
/// line endings.
pub(super) fn print(
    src: &str,
    tree: &SourceFile,
    renames: &Renames,
    taal: Option<Taal>,
    width: usize,
) -> String {
    let renames = with_severities(tree, renames, taal);
    let mut p = Printer {
        src,
        comments: &tree.comments,
        next: 0,
        lines: Vec::new(),
        indent: 0,
        last: 0,
        block_start: true,
        renames: &renames,
        taal,
        width,
    };
    for (i, item) in tree.items.iter().enumerate() {
        if i > 0 {
            p.blank();
        }
        p.item(item);
    }
    p.comments_before(u32::try_from(src.len()).unwrap_or(u32::MAX));
    while p.lines.last().is_some_and(|l| l.is_empty()) {
        p.lines.pop();
    }
    if p.lines.is_empty() {
        return String::new();
    }
    let mut out = p.lines.join("\n");
    out.push('\n');
    out
}

struct Printer<'a> {
    src: &'a str,
    comments: &'a [Comment],
    /// The next comment to print.
    next: usize,
    lines: Vec<String>,
    indent: usize,
    /// The source offset up to which everything has been printed.
    last: u32,
    /// True right after an opening `{` or `[` (no blank line goes there).
    block_start: bool,
    renames: &'a Renames,
    taal: Option<Taal>,
    width: usize,
}

/// Rule keywords with their Dutch and English spelling.
const RULE_WORDS: &[(&str, &str)] = &[
    ("regel", "rule"),
    ("definitie", "definition"),
    ("soort", "kind"),
    ("keuze", "choice"),
    ("wet", "law"),
    ("ernst", "severity"),
    ("afwijkbaar", "waivable"),
    ("zodra", "when"),
    ("wijs", "point"),
    ("ook", "also"),
    ("melding", "message"),
    ("hulp", "help"),
    ("uitleg", "explanation"),
    ("samenvatting", "summary"),
    ("motivering", "justification"),
    ("patroon", "pattern"),
    ("oplossing", "fix"),
    ("zet", "set"),
    ("verwijder", "remove"),
    ("en", "and"),
    ("of", "or"),
    ("niet", "not"),
    ("laat", "let"),
    ("als", "if"),
    ("fout", "error"),
    ("waarschuwing", "warning"),
];

/// `renames` with the severity of every rule (`ernst: fout`, a word of
/// the language) in `taal`.
fn with_severities<'r>(
    tree: &SourceFile,
    renames: &'r Renames,
    taal: Option<Taal>,
) -> Cow<'r, Renames> {
    let mut out = Cow::Borrowed(renames);
    let Some(taal) = taal else {
        return out;
    };
    for item in &tree.items {
        let ItemKind::Regel(r) = &item.kind else {
            continue;
        };
        for m in &r.members {
            if let RegelMember::Setting { key, value } = m {
                if let ("ernst" | "severity", ValueKind::Ref(word)) =
                    (key.name.as_str(), &value.kind)
                {
                    out.to_mut()
                        .insert(value.span.start, keyword(word, Some(taal)));
                }
            }
        }
    }
    out
}

/// A keyword in the target language, or as written when there is none.
pub fn keyword(word: &str, taal: Option<Taal>) -> String {
    let Some(taal) = taal else {
        return word.to_string();
    };
    for (nl, en) in RULE_WORDS.iter().chain(TOETS_WORDS) {
        if word == *nl || word == *en {
            return match taal {
                Taal::Nl => (*nl).to_string(),
                Taal::En => (*en).to_string(),
            };
        }
    }
    word.to_string()
}

impl Printer<'_> {
    fn slice(&self, start: u32, end: u32) -> &str {
        self.src.get(start as usize..end as usize).unwrap_or("")
    }

    fn text(&self, span: crate::Span) -> &str {
        self.slice(span.start, span.end)
    }

    /// The identifier that starts at `offset`.
    fn word_at(&self, offset: u32) -> &str {
        let rest = self.src.get(offset as usize..).unwrap_or("");
        let len = rest
            .char_indices()
            .find(|(_, c)| !(c.is_alphanumeric() || *c == '_'))
            .map_or(rest.len(), |(i, _)| i);
        rest.get(..len).unwrap_or("")
    }

    /// The keyword that starts at `offset`, in the target language.
    fn kw_at(&self, offset: u32) -> String {
        keyword(self.word_at(offset), self.taal)
    }

    /// A name, renamed when the rename table says so.
    fn ident(&self, i: &Ident) -> String {
        match self.renames.get(&i.span.start) {
            Some(n) => n.clone(),
            None => i.name.to_string(),
        }
    }

    fn names(&self, n: &Names) -> String {
        match &n.en {
            Some(en) => format!("{} / {}", self.ident(&n.nl), self.ident(en)),
            None => self.ident(&n.nl),
        }
    }

    fn pad(&self) -> String {
        " ".repeat(self.indent * 4)
    }

    fn push(&mut self, line: &str) {
        let pad = self.pad();
        self.lines.push(format!("{pad}{line}"));
        self.block_start = false;
    }

    /// One blank line, unless there is one already or nothing came before.
    fn blank(&mut self) {
        if !self.lines.is_empty() && !self.lines.last().is_some_and(|l| l.is_empty()) {
            self.lines.push(String::new());
        }
    }

    /// A blank line where the source had one or more between what was last
    /// printed and `pos`.
    fn keep_gap(&mut self, pos: u32) {
        if self.block_start || pos < self.last {
            return;
        }
        if self.slice(self.last, pos).matches('\n').count() >= 2 {
            self.blank();
        }
    }

    fn comment_text(c: &Comment) -> String {
        let marker = if c.doc { "///" } else { "//" };
        format!("{marker}{}", c.text.trim_end())
    }

    /// Prints, on lines of their own, the comments that start before `pos`.
    fn comments_before(&mut self, pos: u32) {
        while let Some(c) = self.comments.get(self.next) {
            if c.span.start >= pos {
                break;
            }
            self.keep_gap(c.span.start);
            let line = Self::comment_text(c);
            self.push(&line);
            self.last = self.last.max(c.span.end);
            self.next += 1;
        }
    }

    /// Ends a line that printed source up to `end`: a comment that followed
    /// on the same source line goes at the end of the printed line.
    fn trailing(&mut self, end: u32) {
        self.last = self.last.max(end);
        let Some(c) = self.comments.get(self.next) else {
            return;
        };
        // Only a comment with nothing but spaces (or the separator that was
        // just printed) before it on the same line belongs to this line.
        let between = self.slice(end, c.span.start);
        let same_line = between
            .chars()
            .all(|ch| ch == ' ' || ch == '\t' || ch == ',' || ch == ';' || ch == '\r');
        if c.span.start < end || !same_line {
            return;
        }
        let text = Self::comment_text(c);
        if let Some(line) = self.lines.last_mut() {
            line.push(' ');
            line.push_str(&text);
        }
        self.last = self.last.max(c.span.end);
        self.next += 1;
    }

    /// Starts a member, field or item at `start`: comments above it and a
    /// blank line where the source had one.
    fn start(&mut self, start: u32) {
        self.comments_before(start);
        self.keep_gap(start);
    }

    /// Does any comment start inside `[start, end)`?
    fn has_comment(&self, start: u32, end: u32) -> bool {
        // Comments are in source order, so the first one at or after
        // `start` decides.
        let i = self.comments.partition_point(|c| c.span.start < start);
        self.comments.get(i).is_some_and(|c| c.span.start < end)
    }

    /// Opens a block: `header {`, with the comment after `{`.
    fn open(&mut self, header: &str, brace: u32) {
        self.push(&format!("{header} {{"));
        self.trailing(brace + 1);
        self.indent += 1;
        self.block_start = true;
    }

    /// Closes a block whose `}` is the last character of `body`.
    fn close(&mut self, body: crate::Span) {
        let brace = body.end.saturating_sub(1);
        self.comments_before(brace);
        self.indent = self.indent.saturating_sub(1);
        self.push("}");
        self.trailing(body.end);
    }

    /// Whether a block holds nothing at all, so it prints as `header {}`.
    fn empty_block(&self, members: usize, body: crate::Span) -> bool {
        members == 0 && !self.has_comment(body.start, body.end)
    }

    fn item(&mut self, item: &Item) {
        self.start(item.span.start);
        match &item.kind {
            ItemKind::Instance(inst) => self.instance(inst, item.span),
            ItemKind::Soort(s) => self.soort(s, item.span),
            ItemKind::Keuze(k) => self.keuze(k, item.span),
            ItemKind::Regel(r) => self.regel(r, item.span),
            ItemKind::Parameter(p) => self.parameter(p, item.span),
            ItemKind::Definitie(d) => self.definitie(d, item.span),
            ItemKind::Toets(t) => self.toets(t, item.span),
            ItemKind::Error => {
                // Never reached: files with syntax errors are refused.
                let text = self.text(item.span).to_string();
                self.comments_before(item.span.end);
                self.push(&text);
                self.trailing(item.span.end);
            }
        }
    }

    fn instance(&mut self, inst: &Instance, span: crate::Span) {
        let mut header = self.ident(&inst.kind);
        if let Some(n) = &inst.name {
            header.push(' ');
            header.push_str(&self.ident(n));
        }
        if let Some(n) = &inst.name_en {
            header.push_str(" / ");
            header.push_str(&self.ident(n));
        }
        if let Some(l) = &inst.label {
            header.push(' ');
            header.push_str(self.text(l.span));
        }
        // Comments inside the header move above it.
        self.comments_before(inst.body.start);
        if self.empty_block(inst.members.len(), inst.body) {
            self.push(&format!("{header} {{}}"));
            self.trailing(span.end);
            return;
        }
        self.open(&header, inst.body.start);
        self.members(&inst.members);
        self.close(inst.body);
    }

    /// The fields and nested items of an instance or a `wijzig` block.
    fn members(&mut self, members: &[Member]) {
        for m in members {
            match m {
                Member::Field(f) => self.field(f),
                Member::Item(i) => self.item(i),
                Member::Error(s) => self.raw(*s),
            }
        }
    }

    /// Text the parser could not read, as it stands.
    fn raw(&mut self, s: crate::Span) {
        self.start(s.start);
        let text = self.text(s).to_string();
        self.push(&text);
        self.trailing(s.end);
    }

    fn toets(&mut self, t: &Toets, span: crate::Span) {
        let header = format!("{} {}", self.kw_at(span.start), self.names(&t.names));
        self.comments_before(t.body.start);
        if self.empty_block(t.members.len(), t.body) {
            self.push(&format!("{header} {{}}"));
            self.trailing(span.end);
            return;
        }
        self.open(&header, t.body.start);
        for m in &t.members {
            let mspan = m.span();
            match m {
                ToetsMember::Setting { key, value } => {
                    self.start(mspan.start);
                    let prefix = format!("{}: ", keyword(&key.name, self.taal));
                    self.value(&prefix, value, "", mspan.end.max(value.span.end));
                }
                ToetsMember::Wijzig {
                    key, members, body, ..
                } => {
                    self.start(mspan.start);
                    let header = keyword(&key.name, self.taal);
                    self.comments_before(body.start);
                    if self.empty_block(members.len(), *body) {
                        self.push(&format!("{header} {{}}"));
                        self.trailing(body.end);
                        continue;
                    }
                    self.open(&header, body.start);
                    self.members(members);
                    self.close(*body);
                }
                ToetsMember::Error(s) => self.raw(*s),
            }
        }
        self.close(t.body);
    }

    fn field(&mut self, f: &Field) {
        self.start(f.span.start);
        let prefix = format!("{}: ", self.ident(&f.name));
        self.value(&prefix, &f.value, "", f.span.end.max(f.value.span.end));
    }

    /// Prints a value after `prefix`, followed by `suffix` (a list comma);
    /// `end` is where the printed source ends, for the trailing comment.
    fn value(&mut self, prefix: &str, v: &Value, suffix: &str, end: u32) {
        match &v.kind {
            ValueKind::TextBlock(text) => {
                self.comments_before(v.span.start);
                let block = self.block(text);
                self.push(&format!("{prefix}{block}{suffix}"));
                self.trailing(end);
            }
            ValueKind::List(items) => {
                let flat = self.flat(v);
                let fits = flat.as_ref().is_some_and(|f| {
                    self.indent * 4 + prefix.chars().count() + f.chars().count() + suffix.len()
                        <= self.width
                });
                match flat {
                    Some(f) if fits && !self.has_comment(v.span.start, v.span.end) => {
                        self.push(&format!("{prefix}{f}{suffix}"));
                        self.trailing(end);
                    }
                    _ => {
                        self.push(&format!("{prefix}["));
                        self.trailing(v.span.start + 1);
                        self.indent += 1;
                        self.block_start = true;
                        for item in items {
                            self.start(item.span.start);
                            self.value("", item, ",", item.span.end);
                        }
                        let close = v.span.end.saturating_sub(1);
                        self.comments_before(close);
                        self.indent = self.indent.saturating_sub(1);
                        self.push(&format!("]{suffix}"));
                        self.trailing(end.max(v.span.end));
                    }
                }
            }
            _ => {
                self.comments_before(v.span.end);
                let flat = self
                    .flat(v)
                    .unwrap_or_else(|| self.text(v.span).to_string());
                self.push(&format!("{prefix}{flat}{suffix}"));
                self.trailing(end);
            }
        }
    }

    /// A text block, re-indented one level deeper than the current line:
    /// `"""`, the lines, and `"""` on a line of its own.
    fn block(&self, text: &str) -> String {
        let pad = " ".repeat((self.indent + 1) * 4);
        let mut out = String::from("\"\"\"\n");
        if !text.is_empty() {
            for line in text.split('\n') {
                if !line.is_empty() {
                    out.push_str(&pad);
                    out.push_str(line);
                }
                out.push('\n');
            }
        }
        out.push_str(&pad);
        out.push_str("\"\"\"");
        out
    }

    /// A value on one line, or `None` when it cannot be (a text block).
    fn flat(&self, v: &Value) -> Option<String> {
        Some(match &v.kind {
            ValueKind::TextBlock(_) => return None,
            ValueKind::Text(_) | ValueKind::Integer(_) | ValueKind::Decimal(_) => {
                self.text(v.span).to_string()
            }
            ValueKind::Date(d) => d.to_string(),
            ValueKind::Period { start, end } => match end {
                Some(e) => format!("{start} .. {e}"),
                None => format!("{start} .."),
            },
            ValueKind::Duration(d) => self.duration(*d, v.span),
            ValueKind::Bool(b) => self.boolean(*b, v.span),
            ValueKind::Ref(name) => match self.renames.get(&v.span.start) {
                Some(n) => n.clone(),
                None => name.to_string(),
            },
            ValueKind::List(items) => {
                let mut parts = Vec::with_capacity(items.len());
                for i in items {
                    parts.push(self.flat(i)?);
                }
                format!("[{}]", parts.join(", "))
            }
            ValueKind::Error => self.text(v.span).to_string(),
        })
    }

    fn duration(&self, d: Duration, span: crate::Span) -> String {
        match self.taal {
            Some(taal) => format!("{} {}", d.amount, d.unit.after(taal, d.amount)),
            None => {
                let written = self.text(span).split_whitespace().collect::<Vec<_>>();
                // The unit's form follows the number, in the language it is
                // written in; a word of both languages (`week`) stays.
                match written
                    .last()
                    .and_then(|w| crate::ast::DurationUnit::language_of(w))
                {
                    Some(taal) => format!("{} {}", d.amount, d.unit.after(taal, d.amount)),
                    None => written.join(" "),
                }
            }
        }
    }

    fn boolean(&self, b: bool, span: crate::Span) -> String {
        match (self.taal, b) {
            (Some(Taal::Nl), true) => "ja".into(),
            (Some(Taal::Nl), false) => "nee".into(),
            (Some(Taal::En), true) => "yes".into(),
            (Some(Taal::En), false) => "no".into(),
            (None, _) => self.word_at(span.start).to_string(),
        }
    }

    fn type_expr(&self, t: &TypeExpr) -> String {
        match t {
            TypeExpr::Named(i) => self.ident(i),
            TypeExpr::List(inner, _) => format!("[{}]", self.type_expr(inner)),
            TypeExpr::Error(s) => self.text(*s).to_string(),
        }
    }

    /// The `wet [a, b]` suffix of a declaration, or nothing.
    fn law(&self, law: &[Ident], after: u32) -> String {
        let Some(first) = law.first() else {
            return String::new();
        };
        // The keyword is the first word between the previous part and the
        // first article name.
        let between = self.slice(after, first.span.start).trim_start();
        let word = if between.starts_with("law") {
            "law"
        } else {
            "wet"
        };
        let names: Vec<String> = law.iter().map(|i| self.ident(i)).collect();
        format!(" {} [{}]", keyword(word, self.taal), names.join(", "))
    }

    fn soort(&mut self, s: &Soort, span: crate::Span) {
        let mut header = format!("{} {}", self.kw_at(span.start), self.names(&s.names));
        if let Some(t) = &s.name_type {
            header.push_str(": ");
            header.push_str(&self.type_expr(t));
        }
        self.comments_before(s.body.start);
        if self.empty_block(s.fields.len(), s.body) {
            self.push(&format!("{header} {{}}"));
            self.trailing(span.end);
            return;
        }
        self.open(&header, s.body.start);
        for f in &s.fields {
            self.start(f.span.start);
            self.comments_before(f.span.end);
            let mut line = format!("{}: {}", self.names(&f.names), self.type_expr(&f.ty));
            let mut after = f.ty.span().end;
            for m in &f.modifiers {
                line.push(' ');
                line.push_str(&self.ident(m));
                after = m.span.end;
            }
            line.push_str(&self.law(&f.law, after));
            self.push(&line);
            self.trailing(f.span.end);
        }
        self.close(s.body);
    }

    fn keuze(&mut self, k: &Keuze, span: crate::Span) {
        let header = format!("{} {}", self.kw_at(span.start), self.names(&k.names));
        self.comments_before(k.body.start);
        if self.empty_block(k.variants.len(), k.body) {
            self.push(&format!("{header} {{}}"));
            self.trailing(span.end);
            return;
        }
        self.open(&header, k.body.start);
        for v in &k.variants {
            self.start(v.span.start);
            self.comments_before(v.span.end);
            let after = v.names.en.as_ref().unwrap_or(&v.names.nl).span.end;
            let line = format!("{}{}", self.names(&v.names), self.law(&v.law, after));
            self.push(&line);
            self.trailing(v.span.end);
        }
        self.close(k.body);
    }

    fn parameter(&mut self, p: &Parameter, span: crate::Span) {
        let prefix = format!(
            "{} {}: {} = ",
            self.word_at(span.start),
            self.names(&p.names),
            self.type_expr(&p.ty)
        );
        self.comments_before(p.default.span.start);
        self.value(&prefix, &p.default, "", span.end.max(p.default.span.end));
    }

    fn definitie(&mut self, d: &Definitie, span: crate::Span) {
        let head = format!("{} {} = ", self.kw_at(span.start), self.names(&d.names));
        let value = &d.value;
        if let ExprKind::List(elements) = &value.kind {
            let flat = format!("{head}{}", self.expr(value));
            let too_long = self.indent * 4 + flat.chars().count() > self.width;
            if too_long || self.has_comment(value.span.start, value.span.end) {
                self.comments_before(value.span.start);
                self.list_block(format!("{head}["), elements, value, span.end);
                return;
            }
        }
        self.comments_before(value.span.end);
        let lines = self.expr_lines(value, &head, "", 0, false);
        self.push_lines(lines);
        self.trailing(span.end.max(value.span.end));
    }

    fn regel(&mut self, r: &Regel, span: crate::Span) {
        let header = format!("{} {}", self.kw_at(span.start), r.code.name);
        self.comments_before(r.body.start);
        if self.empty_block(r.members.len(), r.body) {
            self.push(&format!("{header} {{}}"));
            self.trailing(span.end);
            return;
        }
        self.open(&header, r.body.start);
        for m in &r.members {
            let mspan = m.span();
            self.start(mspan.start);
            match m {
                RegelMember::Setting { key, value } => {
                    let prefix = format!("{}: ", keyword(&key.name, self.taal));
                    self.value(&prefix, value, "", mspan.end.max(value.span.end));
                }
                RegelMember::Zodra { key, clauses, span } => {
                    let header = keyword(&key.name, self.taal);
                    let brace = self.brace_after(key.span.end);
                    let body = crate::Span::new(span.file, brace as usize, span.end as usize);
                    if self.empty_block(clauses.len(), body) {
                        self.push(&format!("{header} {{}}"));
                        self.trailing(span.end);
                        continue;
                    }
                    self.comments_before(brace);
                    self.open(&header, brace);
                    for c in clauses {
                        self.clause(c);
                    }
                    self.close(body);
                }
                RegelMember::Paths { key, paths, span } => {
                    self.comments_before(span.end);
                    let parts: Vec<String> = paths.iter().map(|e| self.expr(e)).collect();
                    let after_colon = self.slice(key.span.end, span.end);
                    let bracketed = after_colon
                        .trim_start()
                        .strip_prefix(':')
                        .is_some_and(|r| r.trim_start().starts_with('['));
                    let value = if bracketed || parts.len() != 1 {
                        format!("[{}]", parts.join(", "))
                    } else {
                        parts.join(", ")
                    };
                    let line = format!("{}: {value}", keyword(&key.name, self.taal));
                    self.push(&line);
                    self.trailing(span.end.max(mspan.end));
                }
                RegelMember::Texts { key, texts, span } => {
                    let header = keyword(&key.name, self.taal);
                    let brace = self.brace_after(key.span.end);
                    let body = crate::Span::new(span.file, brace as usize, span.end as usize);
                    if self.empty_block(texts.len(), body) {
                        self.push(&format!("{header} {{}}"));
                        self.trailing(span.end);
                        continue;
                    }
                    self.comments_before(brace);
                    self.open(&header, brace);
                    for (k, s) in texts {
                        self.start(k.span.start);
                        self.comments_before(s.span.start);
                        let text = self.string(s.span, &s.value);
                        self.push(&format!("{}: {text}", k.name));
                        self.trailing(s.span.end);
                    }
                    self.close(body);
                }
                RegelMember::Fix { key, fix, span } => {
                    self.comments_before(span.end);
                    let action = match fix {
                        FixAction::Set { path, value } => {
                            let word = self.first_word_after(key.span.end);
                            format!(
                                "{} {} = {}",
                                keyword(word, self.taal),
                                self.expr(path),
                                self.expr(value)
                            )
                        }
                        FixAction::Remove { path } => {
                            let word = self.first_word_after(key.span.end);
                            format!("{} {}", keyword(word, self.taal), self.expr(path))
                        }
                    };
                    let line = format!("{}: {action}", keyword(&key.name, self.taal));
                    self.push(&line);
                    self.trailing(span.end.max(mspan.end));
                }
                RegelMember::Error(s) => {
                    let text = self.text(*s).to_string();
                    self.push(&text);
                    self.trailing(s.end);
                }
            }
        }
        self.close(r.body);
    }

    /// One clause of `zodra`. A `laat x = [ ... ]` whose list does not fit
    /// on one line (or holds a comment) gets one element per line, with the
    /// element's condition on a line of its own when the two do not fit.
    fn clause(&mut self, c: &Expr) {
        self.start(c.span.start);
        let flat = self.expr(c);
        let too_long = self.indent * 4 + flat.chars().count() > self.width;
        if let ExprKind::Let { name, value } = &c.kind {
            if let ExprKind::List(elements) = &value.kind {
                let bare = self.text(value.span).starts_with('[');
                if bare && (too_long || self.has_comment(c.span.start, c.span.end)) {
                    self.comments_before(value.span.start);
                    let word = self.first_word_after(c.span.start);
                    let head = format!("{} {} = [", keyword(word, self.taal), self.ident(name));
                    self.list_block(head, elements, value, c.span.end);
                    return;
                }
            }
        }
        self.comments_before(c.span.end);
        let (head, body) = match &c.kind {
            ExprKind::Let { name, value } => {
                let word = self.first_word_after(c.span.start);
                let head = format!("{} {} = ", keyword(word, self.taal), self.ident(name));
                (head, value.as_ref())
            }
            _ => (String::new(), c),
        };
        let lines = if too_long {
            self.expr_lines(body, &head, "", 0, false)
        } else {
            vec![(0, flat)]
        };
        self.push_lines(lines);
        self.trailing(c.span.end);
    }

    /// A bracketed list after `head` (which ends in `[`), one element a
    /// line with its condition, closed by `]` on a line of its own.
    fn list_block(&mut self, head: String, elements: &[ListElement], value: &Expr, end: u32) {
        self.push(&head);
        self.trailing(value.span.start + 1);
        self.indent += 1;
        self.block_start = true;
        for el in elements {
            self.start(el.value.span.start);
            let end = el
                .condition
                .as_ref()
                .map_or(el.value.span.end, |c| c.span.end);
            self.comments_before(end);
            let v = self.expr(&el.value);
            match &el.condition {
                None => self.push(&format!("{v},")),
                Some(cond) => {
                    let word = self.first_word_after(el.value.span.end).to_string();
                    let tail = format!("{} {},", keyword(&word, self.taal), self.expr(cond));
                    let one = format!("{v} {tail}");
                    if self.indent * 4 + one.chars().count() <= self.width {
                        self.push(&one);
                    } else {
                        self.push(&v);
                        let head = format!("{} ", keyword(&word, self.taal));
                        let lines = self.expr_lines(cond, &head, ",", 1, false);
                        self.push_lines(lines);
                    }
                }
            }
            self.trailing(end);
        }
        self.comments_before(value.span.end.saturating_sub(1));
        self.indent = self.indent.saturating_sub(1);
        self.push("]");
        self.trailing(end);
    }

    fn push_lines(&mut self, lines: Vec<(usize, String)>) {
        for (level, line) in lines {
            self.indent += level;
            self.push(&line);
            self.indent -= level;
        }
    }

    /// An expression after `head` and before `tail`, over several lines
    /// when it does not fit: a chain of `en` or `of` breaks before each
    /// operator (one level deeper, or at the same level inside brackets),
    /// and a bracketed chain at the end opens `(` on the first line and
    /// closes `)` on a line of its own. Each line comes with its extra level.
    fn expr_lines(
        &self,
        e: &Expr,
        head: &str,
        tail: &str,
        level: usize,
        in_brackets: bool,
    ) -> Vec<(usize, String)> {
        let flat = format!("{head}{}{tail}", self.expr(e));
        if (self.indent + level) * 4 + flat.chars().count() <= self.width {
            return vec![(level, flat)];
        }
        if self.parenthesized(e) {
            // Only an `en`/`of` chain is split over lines: its operands are
            // strictly smaller, so this ends. Any other expression in
            // brackets (`(a == b)`) would come back here unchanged.
            if let ExprKind::Binary {
                op: BinOp::And | BinOp::Or,
                ..
            } = &e.kind
            {
                let mut lines = vec![(level, format!("{head}("))];
                let inner = self.expr_inner_chain(e, level + 1);
                lines.extend(inner);
                lines.push((level, format!("){tail}")));
                return lines;
            }
            return vec![(level, flat)];
        }
        let mut operands = Vec::new();
        chain_operands(e, &mut operands);
        if operands.len() < 2 {
            return vec![(level, flat)];
        }
        let next_level = if in_brackets { level } else { level + 1 };
        let count = operands.len();
        let mut lines = Vec::new();
        for (i, (op, operand)) in operands.into_iter().enumerate() {
            let last = i + 1 == count;
            let t = if last { tail } else { "" };
            match op {
                None => lines.extend(self.expr_lines(operand, head, t, level, false)),
                Some(op) => {
                    let h = format!("{} ", keyword(self.text(op), self.taal));
                    lines.extend(self.expr_lines(operand, &h, t, next_level, false));
                }
            }
        }
        // Breaking before each operator is enough when every operand then
        // fits on its line.
        if lines.len() == count
            && lines
                .iter()
                .all(|(l, text)| (self.indent + l) * 4 + text.chars().count() <= self.width)
        {
            return lines;
        }
        if let Some(open) = self.open_bracket_form(e, head, tail, level) {
            return open;
        }
        lines
    }

    /// `a en (` ... `)`: a chain of two whose bracketed last operand opens
    /// on the first line, for when breaking before the operator is not enough.
    fn open_bracket_form(
        &self,
        e: &Expr,
        head: &str,
        tail: &str,
        level: usize,
    ) -> Option<Vec<(usize, String)>> {
        let mut operands = Vec::new();
        chain_operands(e, &mut operands);
        if let [(None, first), (Some(op), last)] = operands.as_slice() {
            if self.parenthesized(last) && matches!(last.kind, ExprKind::Binary { .. }) {
                let open = format!(
                    "{head}{} {} (",
                    self.expr(first),
                    keyword(self.text(*op), self.taal)
                );
                if (self.indent + level) * 4 + open.chars().count() <= self.width {
                    let mut lines = vec![(level, open)];
                    lines.extend(self.expr_inner_chain(last, level + 1));
                    lines.push((level, format!("){tail}")));
                    return Some(lines);
                }
            }
        }
        None
    }

    /// The lines of a bracketed chain without its brackets.
    fn expr_inner_chain(&self, e: &Expr, level: usize) -> Vec<(usize, String)> {
        let mut operands = Vec::new();
        chain_operands_inner(e, &mut operands);
        let mut lines = Vec::new();
        for (op, operand) in operands {
            let h = match op {
                Some(op) => format!("{} ", keyword(self.text(op), self.taal)),
                None => String::new(),
            };
            lines.extend(self.expr_lines(operand, &h, "", level, true));
        }
        lines
    }

    /// Whether an expression is written in brackets of its own.
    fn parenthesized(&self, e: &Expr) -> bool {
        let first_child = match &e.kind {
            ExprKind::Binary { lhs, .. } => Some(lhs.span.start),
            _ => None,
        };
        self.text(e.span).starts_with('(') && first_child != Some(e.span.start)
    }

    /// The offset of the first `{` at or after `from`.
    fn brace_after(&self, from: u32) -> u32 {
        let rest = self.src.get(from as usize..).unwrap_or("");
        let at = rest.find('{').unwrap_or(0);
        from + u32::try_from(at).unwrap_or(0)
    }

    /// The first word after `from`, skipping `:` and whitespace.
    fn first_word_after(&self, from: u32) -> &str {
        let rest = self.src.get(from as usize..).unwrap_or("");
        let skip = rest
            .char_indices()
            .find(|(_, c)| c.is_alphanumeric() || *c == '_')
            .map_or(rest.len(), |(i, _)| i);
        self.word_at(from + u32::try_from(skip).unwrap_or(0))
    }

    /// A string or text block as written, a text block re-indented.
    fn string(&self, span: crate::Span, value: &str) -> String {
        let raw = self.text(span);
        if raw.starts_with("\"\"\"") {
            self.block(value)
        } else {
            raw.to_string()
        }
    }

    /// An expression on one line.
    fn expr(&self, e: &Expr) -> String {
        let inner = self.expr_inner(e);
        if self.parenthesized(e) {
            format!("({inner})")
        } else {
            inner
        }
    }

    /// A span without the brackets and spaces around it.
    fn unparen(&self, span: crate::Span) -> crate::Span {
        let raw = self.text(span);
        let inner = raw
            .trim_start_matches(|c: char| c == '(' || c.is_whitespace())
            .trim_end_matches(|c: char| c == ')' || c.is_whitespace());
        let lead = raw.len()
            - raw
                .trim_start_matches(|c: char| c == '(' || c.is_whitespace())
                .len();
        let start = span.start as usize + lead;
        crate::Span::new(span.file, start, start + inner.len())
    }

    fn expr_inner(&self, e: &Expr) -> String {
        match &e.kind {
            ExprKind::Literal(v) => {
                let span = self.unparen(e.span);
                match v {
                    ValueKind::Text(t) | ValueKind::TextBlock(t) => self.string(span, t),
                    ValueKind::Duration(d) => self.duration(*d, span),
                    ValueKind::Bool(b) => self.boolean(*b, span),
                    ValueKind::Date(d) => d.to_string(),
                    _ => self.text(span).to_string(),
                }
            }
            ExprKind::Bilingual { .. } => {
                let strings = strings_in(self.text(e.span));
                strings.join(" / ")
            }
            ExprKind::Path(parts) => parts
                .iter()
                .map(|p| self.ident(p))
                .collect::<Vec<_>>()
                .join("."),
            ExprKind::List(elements) => {
                let parts: Vec<String> = elements
                    .iter()
                    .map(|el| match &el.condition {
                        Some(c) => {
                            let word = self.first_word_after(el.value.span.end);
                            format!(
                                "{} {} {}",
                                self.expr(&el.value),
                                keyword(word, self.taal),
                                self.expr(c)
                            )
                        }
                        None => self.expr(&el.value),
                    })
                    .collect();
                format!("[{}]", parts.join(", "))
            }
            ExprKind::Call { name, args } => {
                let args: Vec<String> = args.iter().map(|a| self.expr(a)).collect();
                format!("{}({})", self.ident(name), args.join(", "))
            }
            ExprKind::Not(inner) => {
                let start = self.text(e.span).find(|c: char| c.is_alphabetic());
                let word = start.map_or("niet", |s| {
                    self.word_at(e.span.start + u32::try_from(s).unwrap_or(0))
                });
                format!("{} {}", keyword(word, self.taal), self.expr(inner))
            }
            ExprKind::Binary {
                op_span, lhs, rhs, ..
            } => {
                let op = self
                    .text(*op_span)
                    .split_whitespace()
                    .map(|w| keyword(w, self.taal))
                    .collect::<Vec<_>>()
                    .join(" ");
                format!("{} {op} {}", self.expr(lhs), self.expr(rhs))
            }
            ExprKind::Let { name, value } => {
                let word = self.first_word_after(e.span.start);
                format!(
                    "{} {} = {}",
                    keyword(word, self.taal),
                    self.ident(name),
                    self.expr(value)
                )
            }
            ExprKind::Error => self.text(e.span).to_string(),
        }
    }
}

/// The operands of a chain `a of b of c` (or `a en b en c`), each with the
/// span of the operator before it (`None` for the first). A bracketed
/// expression is one operand.
fn chain_operands<'e>(e: &'e Expr, out: &mut Vec<(Option<crate::Span>, &'e Expr)>) {
    match &e.kind {
        ExprKind::Binary {
            op: op @ (BinOp::Or | BinOp::And),
            ..
        } if e.span.start == binary_lhs_start(e) => collect_chain(e, *op, out),
        _ => out.push((None, e)),
    }
}

/// Like [`chain_operands`], for an expression whose own brackets are
/// already accounted for.
fn chain_operands_inner<'e>(e: &'e Expr, out: &mut Vec<(Option<crate::Span>, &'e Expr)>) {
    match &e.kind {
        ExprKind::Binary {
            op: op @ (BinOp::Or | BinOp::And),
            ..
        } => collect_chain(e, *op, out),
        _ => out.push((None, e)),
    }
}

fn binary_lhs_start(e: &Expr) -> u32 {
    match &e.kind {
        ExprKind::Binary { lhs, .. } => lhs.span.start,
        _ => e.span.start,
    }
}

fn collect_chain<'e>(e: &'e Expr, want: BinOp, out: &mut Vec<(Option<crate::Span>, &'e Expr)>) {
    match &e.kind {
        ExprKind::Binary {
            op,
            op_span,
            lhs,
            rhs,
        } if *op == want => {
            // The left side continues the chain unless it has brackets of its own.
            match &lhs.kind {
                ExprKind::Binary { op: l, .. }
                    if *l == want && lhs.span.start == binary_lhs_start(lhs) =>
                {
                    collect_chain(lhs, want, out)
                }
                _ => out.push((None, lhs)),
            }
            out.push((Some(*op_span), rhs));
        }
        _ => out.push((None, e)),
    }
}

/// The string literals in a piece of source, as written.
fn strings_in(text: &str) -> Vec<String> {
    let lexed = crate::syntax::lex(crate::FileId(0), text);
    lexed
        .tokens
        .iter()
        .filter_map(|(t, _)| match t {
            crate::syntax::Tok::Str(s) | crate::syntax::Tok::Block(s) => Some((*s).to_string()),
            _ => None,
        })
        .collect()
}

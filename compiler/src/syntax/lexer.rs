//! The lexer: turns text into tokens, comments and lexical diagnostics.
//!
//! The lexer is total: every byte of the input ends up in a token, a comment,
//! whitespace, or a diagnostic, and lexing never stops early. It is written
//! by hand rather than with parser combinators because its job is exactly
//! that kind of byte-level bookkeeping (unterminated strings end at the line
//! end, a bad escape is reported at the escape, a text block's indentation
//! is measured), and because it is the hottest loop of the compiler.

use super::errors;
pub use super::token::Tok;
use crate::ast::{Comment, Date};
use crate::diagnostics::Diagnostic;
use crate::span::{FileId, Span};

/// What the lexer made of a text.
#[derive(Debug, Default)]
pub struct Lexed<'s> {
    /// Tokens with their byte ranges.
    pub tokens: Vec<(Tok<'s>, chumsky::span::SimpleSpan)>,
    /// For each token: is it the first token on its line?
    pub line_start: Vec<bool>,
    pub comments: Vec<Comment>,
    pub diagnostics: Vec<Diagnostic>,
}

/// Splits `text` into tokens.
pub fn lex(file: FileId, text: &str) -> Lexed<'_> {
    let mut lx = Lexer {
        file,
        text,
        bytes: text.as_bytes(),
        pos: 0,
        out: Lexed {
            tokens: Vec::with_capacity(text.len() / 5),
            line_start: Vec::with_capacity(text.len() / 5),
            ..Lexed::default()
        },
        at_line_start: true,
        depth: 0,
        dropped: 0,
        depth_reported: false,
    };
    // A UTF-8 byte order mark is not part of the text.
    if text.starts_with('\u{feff}') {
        lx.pos = '\u{feff}'.len_utf8();
    }
    lx.run();
    lx.out
}

/// How deep brackets may nest. Deeper brackets are reported once and left
/// out of the token stream, so no tree is deeper than this and no later
/// stage can run out of stack.
pub(super) const MAX_DEPTH: usize = 64;

struct Lexer<'s> {
    file: FileId,
    /// Open brackets kept in the token stream.
    depth: usize,
    /// Open brackets left out because they were too deep.
    dropped: usize,
    /// Whether the nesting limit has been reported.
    depth_reported: bool,
    text: &'s str,
    bytes: &'s [u8],
    pos: usize,
    out: Lexed<'s>,
    at_line_start: bool,
}

impl<'s> Lexer<'s> {
    fn span(&self, start: usize, end: usize) -> Span {
        Span::new(self.file, start, end)
    }

    fn peek(&self, ahead: usize) -> u8 {
        self.bytes.get(self.pos + ahead).copied().unwrap_or(0)
    }

    fn slice(&self, start: usize, end: usize) -> &'s str {
        self.text.get(start..end).unwrap_or("")
    }

    fn push(&mut self, tok: Tok<'s>, start: usize) {
        self.out.tokens.push((tok, (start..self.pos).into()));
        self.out.line_start.push(self.at_line_start);
        self.at_line_start = false;
    }

    fn error(
        &mut self,
        code: crate::diagnostics::Code,
        start: usize,
        end: usize,
        message: crate::Text,
    ) {
        let d = errors::diagnostic(code, self.span(start, end), message);
        self.out.diagnostics.push(d);
    }

    fn run(&mut self) {
        while self.pos < self.bytes.len() {
            let start = self.pos;
            let b = self.peek(0);
            match b {
                b'\n' => {
                    self.pos += 1;
                    self.at_line_start = true;
                }
                b' ' | b'\t' | b'\r' => self.pos += 1,
                b'/' if self.peek(1) == b'/' => self.comment(),
                b'"' if self.peek(1) == b'"' && self.peek(2) == b'"' => self.text_block(),
                b'"' => self.string(),
                b'0'..=b'9' => self.number(),
                b'{' => self.open(Tok::LBrace),
                b'}' => self.close(Tok::RBrace),
                b'[' => self.open(Tok::LBracket),
                b']' => self.close(Tok::RBracket),
                b'(' => self.open(Tok::LParen),
                b')' => self.close(Tok::RParen),
                b':' => self.single(Tok::Colon),
                b',' => self.single(Tok::Comma),
                b';' => self.single(Tok::Semi),
                b'/' => self.single(Tok::Slash),
                b'.' if self.peek(1) == b'.' => self.double(Tok::DotDot),
                b'.' => self.single(Tok::Dot),
                b'=' if self.peek(1) == b'=' => self.double(Tok::EqEq),
                b'=' => self.single(Tok::Eq),
                b'!' if self.peek(1) == b'=' => self.double(Tok::NotEq),
                b'<' if self.peek(1) == b'=' => self.double(Tok::Le),
                b'<' => self.single(Tok::Lt),
                b'>' if self.peek(1) == b'=' => self.double(Tok::Ge),
                b'>' => self.single(Tok::Gt),
                _ => {
                    let c = self
                        .text
                        .get(start..)
                        .and_then(|s| s.chars().next())
                        .unwrap_or('\u{fffd}');
                    if c == '_' || unicode_ident::is_xid_start(c) {
                        self.word();
                    } else if c.is_whitespace() {
                        self.pos += c.len_utf8();
                    } else {
                        self.pos += c.len_utf8().max(1);
                        self.unknown(c, start);
                    }
                }
            }
        }
    }

    fn single(&mut self, tok: Tok<'s>) {
        let start = self.pos;
        self.pos += 1;
        self.push(tok, start);
    }

    fn open(&mut self, tok: Tok<'s>) {
        if self.depth < MAX_DEPTH && self.dropped == 0 {
            self.depth += 1;
            self.single(tok);
            return;
        }
        let start = self.pos;
        self.pos += 1;
        self.dropped += 1;
        if !self.depth_reported {
            self.depth_reported = true;
            self.error(
                errors::TOO_DEEP,
                start,
                self.pos,
                crate::Text::new(
                    format!("haakjes zijn hier dieper genest dan {MAX_DEPTH} niveaus; wat dieper staat, wordt overgeslagen"),
                    format!("brackets nest deeper than {MAX_DEPTH} levels here; what lies deeper is skipped"),
                ),
            );
        }
    }

    fn close(&mut self, tok: Tok<'s>) {
        if self.dropped > 0 {
            self.dropped -= 1;
            self.pos += 1;
            return;
        }
        self.depth = self.depth.saturating_sub(1);
        self.single(tok);
    }

    fn double(&mut self, tok: Tok<'s>) {
        let start = self.pos;
        self.pos += 2;
        self.push(tok, start);
    }

    fn unknown(&mut self, c: char, start: usize) {
        let shown = if let Some(name) = super::unicode::hidden_name(c) {
            name
        } else if c.is_control() || c == '\u{fffd}' {
            format!("U+{:04X}", u32::from(c))
        } else {
            format!("`{c}`")
        };
        self.error(
            errors::UNKNOWN_CHAR,
            start,
            self.pos,
            crate::Text::new(
                format!("het teken {shown} hoort hier niet; buiten tekst tussen aanhalingstekens kan het niet voorkomen"),
                format!("the character {shown} does not belong here; outside quoted text it cannot appear"),
            ),
        );
    }

    fn comment(&mut self) {
        let start = self.pos;
        let end = self
            .bytes
            .get(start..)
            .and_then(|rest| rest.iter().position(|&b| b == b'\n'))
            .map_or(self.bytes.len(), |n| start + n);
        // A `\r` before the line feed belongs to the line ending, not to
        // the comment: a comment's span is the same with CRLF as with LF.
        let end_text = if end > start + 2 && self.bytes.get(end - 1) == Some(&b'\r') {
            end - 1
        } else {
            end
        };
        let raw = self.slice(start, end_text);
        let doc = raw.starts_with("///") && !raw.starts_with("////");
        let body = if doc { &raw[3..] } else { &raw[2..] };
        self.out.comments.push(Comment {
            span: self.span(start, end_text),
            doc,
            text: body.trim_end_matches('\r').to_string(),
        });
        self.pos = end;
    }

    fn word(&mut self) {
        let start = self.pos;
        let rest = self.slice(start, self.bytes.len());
        let mut end = start;
        for (i, c) in rest.char_indices() {
            let ok = if i == 0 {
                c == '_' || unicode_ident::is_xid_start(c)
            } else {
                unicode_ident::is_xid_continue(c)
            };
            if !ok {
                break;
            }
            end = start + i + c.len_utf8();
        }
        self.pos = end;
        let word = self.slice(start, end);
        // A rule code: uppercase letters and digits, in parts joined by `-`.
        let is_code_part = |s: &str| {
            !s.is_empty()
                && s.bytes()
                    .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
        };
        if is_code_part(word)
            && word.as_bytes().first().is_some_and(u8::is_ascii_uppercase)
            && self.peek(0) == b'-'
        {
            let mut code_end = end;
            loop {
                let part_start = code_end + 1;
                if self.bytes.get(code_end) != Some(&b'-') {
                    break;
                }
                let part_len = self
                    .bytes
                    .get(part_start..)
                    .unwrap_or_default()
                    .iter()
                    .take_while(|b| b.is_ascii_uppercase() || b.is_ascii_digit())
                    .count();
                if part_len == 0 {
                    break;
                }
                code_end = part_start + part_len;
            }
            if code_end > end {
                self.pos = code_end;
                let code = self.slice(start, code_end);
                self.push(Tok::Code(code), start);
                return;
            }
        }
        self.push(Tok::Ident(word), start);
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while self.peek(0).is_ascii_digit() {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) {
        let start = self.pos;
        let n = self.digits();
        // A date: four digits, `-`, two digits, `-`, two digits.
        if n == 4 && self.peek(0) == b'-' && self.peek(1).is_ascii_digit() {
            self.pos += 1;
            let m = self.digits();
            if m == 2 && self.peek(0) == b'-' && self.peek(1).is_ascii_digit() {
                self.pos += 1;
                let d = self.digits();
                if d == 2 {
                    let raw = self.slice(start, self.pos);
                    let valid = parse_date(raw).is_some();
                    if !valid {
                        self.error(
                            errors::BAD_DATE,
                            start,
                            self.pos,
                            crate::Text::new(
                                format!("de datum `{raw}` bestaat niet in de kalender"),
                                format!("the date `{raw}` does not exist on the calendar"),
                            ),
                        );
                    }
                    self.push(Tok::Date(raw, valid), start);
                    return;
                }
            }
            let raw = self.slice(start, self.pos);
            self.error(
                errors::BAD_DATE,
                start,
                self.pos,
                crate::Text::new(
                    format!("`{raw}` is geen datum: schrijf een datum als jaar-maand-dag, bijvoorbeeld `2024-05-09`"),
                    format!("`{raw}` is not a date: write a date as year-month-day, for example `2024-05-09`"),
                ),
            );
            self.push(Tok::Date(raw, false), start);
            return;
        }
        if self.peek(0) == b'.' && self.peek(1).is_ascii_digit() {
            self.pos += 1;
            self.digits();
            self.push(Tok::Decimal(self.slice(start, self.pos)), start);
            return;
        }
        self.push(Tok::Int(self.slice(start, self.pos)), start);
    }

    fn string(&mut self) {
        let start = self.pos;
        self.pos += 1;
        loop {
            match self.peek(0) {
                b'"' => {
                    self.pos += 1;
                    break;
                }
                b'\n' | 0 if self.pos >= self.bytes.len() || self.peek(0) == b'\n' => {
                    let mut end = self.pos;
                    if end > start && self.bytes.get(end - 1) == Some(&b'\r') {
                        end -= 1;
                    }
                    self.error(
                        errors::UNCLOSED_STRING,
                        start,
                        end,
                        crate::Text::new(
                            "deze tekst sluit niet af: het afsluitende `\"` ontbreekt op deze regel",
                            "this text is not closed: the closing `\"` is missing on this line",
                        ),
                    );
                    let raw = self.slice(start, end);
                    self.out.tokens.push((Tok::Str(raw), (start..end).into()));
                    self.out.line_start.push(self.at_line_start);
                    self.at_line_start = false;
                    self.pos = end.max(start + 1);
                    return;
                }
                b'\\' => self.escape(),
                _ => self.pos += 1,
            }
        }
        self.push(Tok::Str(self.slice(start, self.pos)), start);
    }

    /// Checks one escape sequence at `self.pos` (a backslash) and moves past it.
    fn escape(&mut self) {
        let start = self.pos;
        match self.peek(1) {
            b'"' | b'\\' | b'n' | b't' => self.pos += 2,
            b'u' if self.peek(2) == b'{' => {
                let close = self
                    .bytes
                    .get(start..)
                    .and_then(|rest| rest.iter().take(12).position(|&b| b == b'}'));
                let ok = close.and_then(|c| {
                    let hex = self.slice(start + 3, start + c);
                    u32::from_str_radix(hex, 16)
                        .ok()
                        .and_then(char::from_u32)
                        .filter(|_| !hex.is_empty())
                });
                match (close, ok) {
                    (Some(c), Some(_)) => self.pos = start + c + 1,
                    _ => {
                        self.pos = close.map_or(start + 3, |c| start + c + 1);
                        self.error(
                            errors::BAD_ESCAPE,
                            start,
                            self.pos,
                            crate::Text::new(
                                "`\\u{...}` moet de hexadecimale code van een bestaand teken bevatten, bijvoorbeeld `\\u{e9}` voor é",
                                "`\\u{...}` must hold the hexadecimal code of an existing character, for example `\\u{e9}` for é",
                            ),
                        );
                    }
                }
            }
            _ => {
                let c = self.text.get(start + 1..).and_then(|s| s.chars().next());
                let len = c
                    .filter(|c| *c != '\n' && *c != '\r')
                    .map_or(0, char::len_utf8);
                self.pos = start + 1 + len;
                let seq = self.slice(start, self.pos).to_string();
                self.error(
                    errors::BAD_ESCAPE,
                    start,
                    self.pos,
                    crate::Text::new(
                        format!("`{seq}` is geen geldige combinatie met `\\`; bedoeld zijn `\\\"`, `\\\\`, `\\n`, `\\t` of `\\u{{...}}`"),
                        format!("`{seq}` is not a valid escape; use `\\\"`, `\\\\`, `\\n`, `\\t` or `\\u{{...}}`"),
                    ),
                );
            }
        }
    }

    fn text_block(&mut self) {
        let start = self.pos;
        self.pos += 3;
        match self
            .text
            .get(self.pos..)
            .and_then(|rest| rest.find("\"\"\""))
        {
            Some(n) => self.pos += n + 3,
            None => {
                self.pos = self.bytes.len();
                self.error(
                    errors::UNCLOSED_BLOCK,
                    start,
                    start + 3,
                    crate::Text::new(
                        "dit tekstblok sluit niet af: het afsluitende `\"\"\"` ontbreekt",
                        "this text block is not closed: the closing `\"\"\"` is missing",
                    ),
                );
            }
        }
        self.push(Tok::Block(self.slice(start, self.pos)), start);
    }
}

/// Reads `YYYY-MM-DD` into a calendar date.
pub(super) fn parse_date(raw: &str) -> Option<Date> {
    let mut parts = raw.split('-');
    let y = parts.next()?.parse().ok()?;
    let m = parts.next()?.parse().ok()?;
    let d = parts.next()?.parse().ok()?;
    Date::new(y, m, d)
}

/// The value of a string literal (with quotes), escapes resolved. Escapes the
/// lexer rejected are kept as written.
pub fn unescape(raw: &str) -> String {
    let inner = raw.strip_prefix('"').unwrap_or(raw);
    let inner = inner.strip_suffix('"').unwrap_or(inner);
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.peek().map(|(_, c)| *c) {
            Some('"') => out.push('"'),
            Some('\\') => out.push('\\'),
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some('u') => {
                let rest = inner.get(i + 2..).unwrap_or("");
                let decoded = rest
                    .strip_prefix('{')
                    .and_then(|r| r.find('}').map(|e| (r, e)))
                    .and_then(|(r, e)| {
                        u32::from_str_radix(r.get(..e)?, 16)
                            .ok()
                            .and_then(char::from_u32)
                            .map(|c| (c, e))
                    });
                match decoded {
                    Some((c, e)) => {
                        out.push(c);
                        // Skip `u{`, the digits and `}`.
                        for _ in 0..e + 2 {
                            chars.next();
                        }
                    }
                    None => out.push('\\'),
                }
                if decoded.is_none() {
                    continue;
                }
            }
            _ => {
                out.push('\\');
                continue;
            }
        }
        chars.next();
    }
    out
}

/// The value of a text block (with its `"""` delimiters): line endings
/// normalised to `\n`, a first and last line that hold only whitespace
/// dropped, and the common leading indentation of the other lines removed.
pub fn dedent_block(raw: &str) -> String {
    let inner = raw.strip_prefix("\"\"\"").unwrap_or(raw);
    let inner = inner.strip_suffix("\"\"\"").unwrap_or(inner);
    let mut lines: Vec<&str> = inner
        .split('\n')
        .map(|l| l.strip_suffix('\r').unwrap_or(l))
        .collect();
    if lines.first().is_some_and(|l| l.trim().is_empty()) {
        lines.remove(0);
    }
    if lines.last().is_some_and(|l| l.trim().is_empty()) {
        lines.pop();
    }
    let indent = lines
        .iter()
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.len() - l.trim_start_matches([' ', '\t']).len())
        .min()
        .unwrap_or(0);
    let out: Vec<&str> = lines
        .iter()
        .map(|l| {
            l.get(indent..)
                .unwrap_or_else(|| l.trim_start_matches([' ', '\t']))
        })
        .map(|l| l.trim_end())
        .collect();
    out.join("\n")
}

/// Every name among `tokens` with a character outside ASCII.
pub(super) fn odd_names(
    file: FileId,
    tokens: &[(Tok<'_>, chumsky::span::SimpleSpan)],
) -> Vec<(Span, String)> {
    tokens
        .iter()
        .filter_map(|(tok, s)| match tok {
            Tok::Ident(name) if !name.is_ascii() => {
                Some((Span::new(file, s.start, s.end), (*name).to_string()))
            }
            _ => None,
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<Tok<'_>> {
        lex(FileId(0), text)
            .tokens
            .into_iter()
            .map(|(t, _)| t)
            .collect()
    }

    #[test]
    fn dates_are_checked_on_the_calendar() {
        assert_eq!(kinds("2024-02-29"), vec![Tok::Date("2024-02-29", true)]);
        assert_eq!(kinds("2023-02-29"), vec![Tok::Date("2023-02-29", false)]);
        assert_eq!(kinds("2024-02-30"), vec![Tok::Date("2024-02-30", false)]);
        assert_eq!(kinds("1900-02-29"), vec![Tok::Date("1900-02-29", false)]);
        assert_eq!(kinds("2000-02-29"), vec![Tok::Date("2000-02-29", true)]);
        assert_eq!(lex(FileId(0), "2023-02-29").diagnostics.len(), 1);
    }

    #[test]
    fn periods_numbers_and_codes() {
        assert_eq!(
            kinds("2024-05-09 .. 2024-05-12 0.5 42 OO-NEPACCOUNT AVG geïnformeerd"),
            vec![
                Tok::Date("2024-05-09", true),
                Tok::DotDot,
                Tok::Date("2024-05-12", true),
                Tok::Decimal("0.5"),
                Tok::Int("42"),
                Tok::Code("OO-NEPACCOUNT"),
                Tok::Ident("AVG"),
                Tok::Ident("geïnformeerd"),
            ]
        );
        assert_eq!(
            kinds("2024-05-09.."),
            vec![Tok::Date("2024-05-09", true), Tok::DotDot]
        );
    }

    #[test]
    fn strings_and_escapes() {
        assert_eq!(unescape(r#""a\"b\\c\nd\te\u{e9}""#), "a\"b\\c\nd\te\u{e9}");
        let lexed = lex(FileId(0), "\"open\nnext");
        assert_eq!(lexed.diagnostics.len(), 1);
        assert_eq!(lexed.tokens.len(), 2);
        let lexed = lex(FileId(0), r#""bad \q escape""#);
        assert_eq!(lexed.diagnostics.len(), 1);
        assert_eq!(lexed.tokens.len(), 1);
    }

    #[test]
    fn text_blocks_lose_common_indentation() {
        let raw =
            "\"\"\"\n        Op 2 mei.\n          Ingesprongen.\n        Einde.\n        \"\"\"";
        assert_eq!(dedent_block(raw), "Op 2 mei.\n  Ingesprongen.\nEinde.");
        assert_eq!(
            dedent_block("\"\"\"\r\n    a\r\n    b\r\n    \"\"\""),
            "a\nb"
        );
    }

    #[test]
    fn comments_are_kept_and_docs_marked() {
        let lexed = lex(FileId(0), "// gewoon\n/// doc\n//// geen doc\nx");
        let docs: Vec<bool> = lexed.comments.iter().map(|c| c.doc).collect();
        assert_eq!(docs, vec![false, true, false]);
        assert_eq!(lexed.tokens.len(), 1);
        assert_eq!(lexed.line_start, vec![true]);
    }

    #[test]
    fn unknown_characters_are_reported_not_tokens() {
        let lexed = lex(FileId(0), "a € b \u{0} c");
        assert_eq!(lexed.tokens.len(), 3);
        assert_eq!(lexed.diagnostics.len(), 2);
    }

    #[test]
    fn nesting_is_capped_and_reported_once() {
        let deep = 100_000;
        let text = format!("{}{}", "[".repeat(deep), "]".repeat(deep));
        let lexed = lex(FileId(0), &text);
        assert_eq!(lexed.tokens.len(), 2 * MAX_DEPTH);
        assert_eq!(lexed.diagnostics.len(), 1);
        // Brackets after the deep part are kept again.
        let text = format!("{}{} {{}}", "[".repeat(deep), "]".repeat(deep));
        assert_eq!(lex(FileId(0), &text).tokens.len(), 2 * MAX_DEPTH + 2);
    }

    #[test]
    fn a_byte_order_mark_is_skipped() {
        assert_eq!(kinds("\u{feff}beleid"), vec![Tok::Ident("beleid")]);
    }
}

//! Conversion between the compiler's byte offsets and the protocol's
//! `Position` and `Range`.
//!
//! This is the only module that knows how a client counts columns. The
//! protocol counts in UTF-16 code units unless client and server agree on
//! another encoding; the server asks for UTF-8 when the client offers it
//! (no conversion needed then) and falls back to UTF-16. Lines are found with
//! the file's [`LineIndex`]; a column is counted within its line only, so a
//! conversion costs the length of one line. Positions past the end of a line
//! or of the text are clamped, as the protocol asks.

use kader::{LineIndex, Span};
use tower_lsp::lsp_types::{
    ClientCapabilities, Position, PositionEncodingKind, Range, SemanticToken,
};

/// How the client counts columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Encoding {
    /// Bytes of UTF-8.
    Utf8,
    /// Code units of UTF-16, the protocol's default.
    #[default]
    Utf16,
}

impl Encoding {
    /// UTF-8 when the client offers it, otherwise UTF-16.
    pub fn negotiate(capabilities: &ClientCapabilities) -> Encoding {
        let offered = capabilities
            .general
            .as_ref()
            .and_then(|g| g.position_encodings.as_ref());
        match offered {
            Some(list) if list.contains(&PositionEncodingKind::UTF8) => Encoding::Utf8,
            _ => Encoding::Utf16,
        }
    }

    /// The name of the encoding in the protocol.
    pub fn kind(self) -> PositionEncodingKind {
        match self {
            Encoding::Utf8 => PositionEncodingKind::UTF8,
            Encoding::Utf16 => PositionEncodingKind::UTF16,
        }
    }

    /// The length of `s` in this encoding's units.
    pub fn len(self, s: &str) -> u32 {
        let n = match self {
            Encoding::Utf8 => s.len(),
            Encoding::Utf16 => s.chars().map(char::len_utf16).sum(),
        };
        u32::try_from(n).unwrap_or(u32::MAX)
    }
}

/// A text with its line index, seen in one encoding.
#[derive(Clone, Copy)]
pub struct Lines<'a> {
    pub text: &'a str,
    pub index: &'a LineIndex,
    pub encoding: Encoding,
}

impl<'a> Lines<'a> {
    pub fn new(text: &'a str, index: &'a LineIndex, encoding: Encoding) -> Lines<'a> {
        Lines {
            text,
            index,
            encoding,
        }
    }

    /// The position of a byte offset. An offset inside a character counts
    /// as the start of that character.
    pub fn position(&self, offset: usize) -> Position {
        let offset = kader::span::floor_char_boundary(self.text, offset.min(self.text.len()));
        let (line, col_bytes) = self.index.line_col_utf8(offset);
        let start = offset.saturating_sub(col_bytes as usize);
        let prefix = self.text.get(start..offset).unwrap_or("");
        Position::new(line, self.encoding.len(prefix))
    }

    /// The byte offset of a position, clamped to the end of its line (the
    /// line ending excluded) and to the end of the text.
    pub fn offset(&self, position: Position) -> usize {
        let Some(start) = self.index.line_start(position.line) else {
            return self.text.len();
        };
        let rest = self.text.get(start..).unwrap_or("");
        let line = match rest.find('\n') {
            Some(end) => rest.get(..end).unwrap_or(rest),
            None => rest,
        };
        let line = line.strip_suffix('\r').unwrap_or(line);
        let mut units = 0u32;
        for (i, c) in line.char_indices() {
            if units >= position.character {
                return start + i;
            }
            units += match self.encoding {
                Encoding::Utf8 => c.len_utf8() as u32,
                Encoding::Utf16 => c.len_utf16() as u32,
            };
            if units > position.character {
                // The position falls inside a character: take its start.
                return start + i;
            }
        }
        start + line.len()
    }

    pub fn range(&self, span: Span) -> Range {
        Range::new(
            self.position(span.start as usize),
            self.position(span.end as usize),
        )
    }

    /// The byte range of a protocol range.
    pub fn span(&self, file: kader::FileId, range: Range) -> Span {
        let start = self.offset(range.start);
        let end = self.offset(range.end);
        Span::new(file, start.min(end), end.max(start))
    }
}

/// Encodes classified spans as the protocol's relative tokens. A span that
/// covers several lines becomes one token per line (clients need not
/// support tokens across lines). `tokens` must be sorted and disjoint.
pub fn semantic_tokens(lines: &Lines<'_>, tokens: &[(Span, u32, u32)]) -> Vec<SemanticToken> {
    let mut out = Vec::with_capacity(tokens.len());
    let (mut prev_line, mut prev_start) = (0u32, 0u32);
    for &(span, kind, modifiers) in tokens {
        let text = lines.text.get(span.range()).unwrap_or("");
        let mut offset = span.start as usize;
        for part in text.split('\n') {
            let piece = part.strip_suffix('\r').unwrap_or(part);
            let length = lines.encoding.len(piece);
            if length > 0 {
                let at = lines.position(offset);
                let delta_line = at.line - prev_line;
                let delta_start = if delta_line == 0 {
                    at.character - prev_start
                } else {
                    at.character
                };
                out.push(SemanticToken {
                    delta_line,
                    delta_start,
                    length,
                    token_type: kind,
                    token_modifiers_bitset: modifiers,
                });
                prev_line = at.line;
                prev_start = at.character;
            }
            offset += part.len() + 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "a é b\n中x😀y\r\nlaatste 😀";

    fn lines(encoding: Encoding) -> (LineIndex, Encoding) {
        (LineIndex::new(TEXT), encoding)
    }

    #[test]
    fn utf16_counts_surrogate_pairs_as_two() {
        let (index, enc) = lines(Encoding::Utf16);
        let l = Lines::new(TEXT, &index, enc);
        // `y` on the second line: 中 (1) x (1) 😀 (2).
        let y = TEXT.find('y').unwrap();
        assert_eq!(l.position(y), Position::new(1, 4));
        assert_eq!(l.offset(Position::new(1, 4)), y);
        // `b` on the first line: a, space, é, space.
        let b = TEXT.find('b').unwrap();
        assert_eq!(l.position(b), Position::new(0, 4));
        assert_eq!(l.offset(Position::new(0, 4)), b);
    }

    #[test]
    fn utf8_counts_bytes() {
        let (index, enc) = lines(Encoding::Utf8);
        let l = Lines::new(TEXT, &index, enc);
        let y = TEXT.find('y').unwrap();
        // 中 (3) x (1) 😀 (4).
        assert_eq!(l.position(y), Position::new(1, 8));
        assert_eq!(l.offset(Position::new(1, 8)), y);
        let b = TEXT.find('b').unwrap();
        assert_eq!(l.position(b), Position::new(0, 5));
    }

    #[test]
    fn every_char_boundary_round_trips_in_both_encodings() {
        let index = LineIndex::new(TEXT);
        for enc in [Encoding::Utf8, Encoding::Utf16] {
            let l = Lines::new(TEXT, &index, enc);
            for (offset, c) in TEXT.char_indices() {
                if c == '\n' || c == '\r' {
                    continue;
                }
                assert_eq!(l.offset(l.position(offset)), offset, "{enc:?} at {offset}");
            }
            assert_eq!(l.offset(l.position(TEXT.len())), TEXT.len());
        }
    }

    #[test]
    fn positions_inside_a_character_or_past_the_line_are_clamped() {
        let index = LineIndex::new(TEXT);
        let l = Lines::new(TEXT, &index, Encoding::Utf16);
        let emoji = TEXT.find('😀').unwrap();
        // The middle of the surrogate pair maps to the start of the emoji.
        assert_eq!(l.offset(Position::new(1, 3)), emoji);
        // Past the end of line 1 stops before `\r\n`.
        let line_end = TEXT.find('\r').unwrap();
        assert_eq!(l.offset(Position::new(1, 99)), line_end);
        // A line past the end of the text maps to its end.
        assert_eq!(l.offset(Position::new(9, 0)), TEXT.len());
        // An offset inside a character maps to its start.
        assert_eq!(l.position(emoji + 2), l.position(emoji));
    }

    #[test]
    fn semantic_tokens_are_relative_and_split_per_line() {
        let text = "é \"a\nbc\" 😀x";
        let index = LineIndex::new(text);
        let l = Lines::new(text, &index, Encoding::Utf16);
        let string = Span::new(kader::FileId(0), 3, 9);
        let x = text.find('x').unwrap();
        let tokens = semantic_tokens(
            &l,
            &[
                (string, 1, 0),
                (Span::new(kader::FileId(0), x, x + 1), 2, 0),
            ],
        );
        let plain: Vec<(u32, u32, u32, u32)> = tokens
            .iter()
            .map(|t| (t.delta_line, t.delta_start, t.length, t.token_type))
            .collect();
        // `"a` at line 0 column 2; `bc"` at line 1 column 0; `x` after
        // `bc" 😀` (3 + 1 + 2 units).
        assert_eq!(plain, vec![(0, 2, 2, 1), (1, 0, 3, 1), (0, 6, 1, 2)]);
    }

    #[test]
    fn lengths_per_encoding() {
        assert_eq!(Encoding::Utf8.len("é中😀"), 2 + 3 + 4);
        assert_eq!(Encoding::Utf16.len("é中😀"), 1 + 1 + 2);
    }

    #[test]
    fn negotiation_prefers_utf8_when_offered() {
        use tower_lsp::lsp_types::GeneralClientCapabilities;
        let mut caps = ClientCapabilities::default();
        assert_eq!(Encoding::negotiate(&caps), Encoding::Utf16);
        caps.general = Some(GeneralClientCapabilities {
            position_encodings: Some(vec![
                PositionEncodingKind::UTF16,
                PositionEncodingKind::UTF8,
            ]),
            ..GeneralClientCapabilities::default()
        });
        assert_eq!(Encoding::negotiate(&caps), Encoding::Utf8);
        caps.general = Some(GeneralClientCapabilities {
            position_encodings: Some(vec![PositionEncodingKind::UTF16]),
            ..GeneralClientCapabilities::default()
        });
        assert_eq!(Encoding::negotiate(&caps), Encoding::Utf16);
    }

    proptest::proptest! {
        /// Any text of ASCII, `é`, `中`, `😀` and line endings: every
        /// character boundary outside a line ending survives offset ->
        /// position -> offset, and a position the client makes up maps to a
        /// boundary on its line.
        #[test]
        fn round_trips_on_any_text(
            text in "[a é中😀\\n\\r]{0,40}",
            line in 0u32..6,
            character in 0u32..50,
        ) {
            let index = LineIndex::new(&text);
            for enc in [Encoding::Utf8, Encoding::Utf16] {
                let l = Lines::new(&text, &index, enc);
                for (offset, c) in text.char_indices() {
                    if c == '\n' || c == '\r' {
                        continue;
                    }
                    proptest::prop_assert_eq!(l.offset(l.position(offset)), offset);
                }
                let o = l.offset(Position::new(line, character));
                proptest::prop_assert!(text.is_char_boundary(o));
                let p = l.position(o);
                proptest::prop_assert!(p.line <= line);
            }
        }
    }
}

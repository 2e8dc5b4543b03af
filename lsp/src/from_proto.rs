//! From the protocol to kader: how the client counts columns, a text's
//! lines in that count, and positions and ranges as byte offsets and spans.
//!
//! With `to_proto.rs` this is the only place that knows how a client
//! counts columns. The protocol counts in UTF-16 code units unless client
//! and server agree on another encoding; the server asks for UTF-8 when the
//! client offers it (no conversion needed then) and falls back to UTF-16.
//! Lines are found with the file's [`LineIndex`]; a column is counted within
//! its line only, so a conversion costs the length of one line. Positions
//! past the end of a line or of the text are clamped, as the protocol asks.

use kader::{FileId, LineIndex, Span};
use tower_lsp::lsp_types::{ClientCapabilities, Position, PositionEncodingKind, Range};

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

    /// The byte range of a protocol range.
    pub fn span(&self, file: FileId, range: Range) -> Span {
        let start = self.offset(range.start);
        let end = self.offset(range.end);
        Span::new(file, start.min(end), end.max(start))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
}

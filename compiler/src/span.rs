//! Source positions. Everything inside the compiler speaks in byte offsets
//! into a file's text; conversion to lines and columns happens only at the
//! edges (terminal rendering, JSON output, the language server).

use serde::Serialize;

/// Identifies one source file within an [`crate::Analysis`]. The stdlib files
/// come first, then the repository's files in the order they were given.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct FileId(pub u32);

impl FileId {
    /// The position of this file in [`crate::Analysis::files`].
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A half-open byte range `start..end` in one file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize)]
pub struct Span {
    pub file: FileId,
    pub start: u32,
    pub end: u32,
}

impl Span {
    pub fn new(file: FileId, start: usize, end: usize) -> Span {
        Span {
            file,
            start: clamp_u32(start),
            end: clamp_u32(end.max(start)),
        }
    }

    /// The smallest span covering both. Both must lie in the same file.
    pub fn to(self, other: Span) -> Span {
        Span {
            file: self.file,
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    /// An empty span at the start of this one.
    pub fn shrink_to_start(self) -> Span {
        Span {
            end: self.start,
            ..self
        }
    }

    /// An empty span at the end of this one.
    pub fn shrink_to_end(self) -> Span {
        Span {
            start: self.end,
            ..self
        }
    }

    pub fn range(self) -> std::ops::Range<usize> {
        self.start as usize..self.end as usize
    }

    pub fn len(self) -> usize {
        (self.end - self.start) as usize
    }

    pub fn is_empty(self) -> bool {
        self.start == self.end
    }

    pub fn contains(self, offset: usize) -> bool {
        (self.start as usize) <= offset && offset <= (self.end as usize)
    }
}

fn clamp_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// A 1-based line and a 1-based column counted in Unicode scalar values, as
/// the JSON output of `kader check` reports them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct LineCol {
    pub line: u32,
    pub column: u32,
}

/// Maps byte offsets of one text to lines and columns.
///
/// Lines end at `\n`; a `\r` before it belongs to the line ending, so CRLF
/// files position exactly like LF files.
///
/// Shared: a clone (an unchanged file in the next analysis) costs no copy.
/// Built on first use: `kader check` asks only for the files it reports
/// on.
#[derive(Clone, Debug)]
pub struct LineIndex {
    inner: std::sync::Arc<Lines>,
}

#[derive(Debug)]
struct Lines {
    text: std::sync::Arc<str>,
    index: std::sync::OnceLock<line_index::LineIndex>,
}

impl LineIndex {
    pub fn new(text: &str) -> LineIndex {
        LineIndex::of(std::sync::Arc::from(text))
    }

    /// The index of a shared text, built when first asked for.
    pub fn of(text: std::sync::Arc<str>) -> LineIndex {
        LineIndex {
            inner: std::sync::Arc::new(Lines {
                text,
                index: std::sync::OnceLock::new(),
            }),
        }
    }

    fn index(&self) -> &line_index::LineIndex {
        self.inner
            .index
            .get_or_init(|| line_index::LineIndex::new(&self.inner.text))
    }

    /// 0-based line and 0-based column in UTF-8 bytes.
    pub fn line_col_utf8(&self, offset: usize) -> (u32, u32) {
        let size = line_index::TextSize::new(clamp_u32(offset).min(self.len()));
        let lc = self.index().line_col(size);
        (lc.line, lc.col)
    }

    /// The byte offset where 0-based `line` starts, if the text has that line.
    pub fn line_start(&self, line: u32) -> Option<usize> {
        self.index()
            .offset(line_index::LineCol { line, col: 0 })
            .map(|o| u32::from(o) as usize)
    }

    /// 1-based line, 1-based column in Unicode scalar values.
    pub fn line_col(&self, text: &str, offset: usize) -> LineCol {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let (line, col_bytes) = self.line_col_utf8(offset);
        let line_start = offset - col_bytes as usize;
        let column = text
            .get(line_start..offset)
            .map(|s| s.chars().count())
            .unwrap_or(col_bytes as usize);
        LineCol {
            line: line + 1,
            column: clamp_u32(column) + 1,
        }
    }

    /// The underlying index, for conversions to UTF-16 in the language server.
    pub fn raw(&self) -> &line_index::LineIndex {
        self.index()
    }

    fn len(&self) -> u32 {
        u32::from(self.index().len())
    }
}

/// The line ending of a file: `\r\n` when its first line ends so, else
/// `\n`. Text that kader writes into a file (formatting, fixes, new
/// members, snippets) uses it, so a Windows file gets no bare `\n`.
pub fn line_ending(text: &str) -> &'static str {
    match text.find('\n') {
        Some(i) if i > 0 && text.as_bytes().get(i - 1) == Some(&b'\r') => "\r\n",
        _ => "\n",
    }
}

/// The largest char boundary at or before `offset`.
pub fn floor_char_boundary(text: &str, mut offset: usize) -> usize {
    if offset >= text.len() {
        return text.len();
    }
    while offset > 0 && !text.is_char_boundary(offset) {
        offset -= 1;
    }
    offset
}

/// The smallest char boundary at or after `offset` (the end of the text
/// if `offset` is past it).
pub fn ceil_char_boundary(text: &str, mut offset: usize) -> usize {
    if offset >= text.len() {
        return text.len();
    }
    while !text.is_char_boundary(offset) {
        offset += 1;
    }
    offset
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_scalar_values() {
        let text = "ab\nzé中😀x\r\ny";
        let idx = LineIndex::new(text);
        let x = text.find('x').unwrap();
        assert_eq!(idx.line_col(text, x), LineCol { line: 2, column: 5 });
        let y = text.find('y').unwrap();
        assert_eq!(idx.line_col(text, y), LineCol { line: 3, column: 1 });
        // An offset inside a multi-byte character snaps to its start.
        let mid = text.find('中').unwrap() + 1;
        assert_eq!(idx.line_col(text, mid), LineCol { line: 2, column: 3 });
    }

    #[test]
    fn spans_join() {
        let a = Span::new(FileId(0), 3, 5);
        let b = Span::new(FileId(0), 8, 9);
        assert_eq!(a.to(b), Span::new(FileId(0), 3, 9));
        assert_eq!(Span::new(FileId(0), 5, 2).len(), 0);
    }
}

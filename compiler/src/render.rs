//! Terminal rendering of diagnostics with ariadne.
//!
//! Spans are byte offsets, so ariadne always runs with `IndexType::Byte`;
//! ariadne itself measures display width, so underlines sit under the right
//! characters on lines with `ë`, `中` or `😀`. The header reads
//! `[CODE] ernst: message` with the severity word in the output language; the
//! help line, the cited law (citation and address) and a suggested fix follow
//! as notes.

use crate::diagnostics::{Diagnostic, Severity, Taal};
use crate::span::{ceil_char_boundary, floor_char_boundary, Span};
use crate::Analysis;
use crate::FileId;
use ariadne::{Color, Config, IndexType, Label, Report, ReportKind};
use std::borrow::Cow;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

/// Renders one diagnostic as text for a terminal, with ANSI colours when
/// `color` is set. The diagnostic's spans must belong to files of `analysis`;
/// a span that does not is shown without source.
pub fn render(analysis: &Analysis, diag: &Diagnostic, taal: Taal, color: bool) -> String {
    Renderer::new(analysis, taal, color).render(diag)
}

/// A file read into lines for ariadne.
type Lines = Arc<ariadne::Source<Arc<str>>>;

/// Renders many diagnostics, from any number of threads, and reads each
/// file into lines for ariadne once rather than once per diagnostic (a
/// shared file named by thousands of findings was read thousands of times).
pub struct Renderer<'a> {
    analysis: &'a Analysis,
    taal: Taal,
    color: bool,
    /// Per file of the analysis: its lines for ariadne, or `None` for a
    /// file with overlong lines, which is shown cut around each
    /// diagnostic's spans.
    files: Vec<OnceLock<Option<Lines>>>,
}

impl<'a> Renderer<'a> {
    pub fn new(analysis: &'a Analysis, taal: Taal, color: bool) -> Renderer<'a> {
        Renderer {
            analysis,
            taal,
            color,
            files: (0..analysis.files.len()).map(|_| OnceLock::new()).collect(),
        }
    }
}

/// The sources one report shows, by path.
struct Shown(Vec<(String, Lines)>);

impl ariadne::Cache<String> for Shown {
    type Storage = Arc<str>;

    fn fetch(&mut self, id: &String) -> Result<&ariadne::Source<Arc<str>>, impl std::fmt::Debug> {
        self.0
            .iter()
            .find(|(path, _)| path == id)
            .map(|(_, source)| &**source)
            .ok_or("unknown file")
    }

    fn display<'b>(&self, id: &'b String) -> Option<impl std::fmt::Display + 'b> {
        Some(id)
    }
}

impl Renderer<'_> {
    /// Renders one diagnostic, as [`render`] does.
    pub fn render(&self, diag: &Diagnostic) -> String {
        let (analysis, taal, color, files) = (self.analysis, self.taal, self.color, &self.files);
        let Some(file) = analysis.file(diag.span.file) else {
            return header_only(diag, taal);
        };
        let color_of = |severity: Severity| match severity {
            Severity::Error => Color::Red,
            Severity::Warning => Color::Yellow,
            Severity::Info => Color::Cyan,
        };
        let kind = ReportKind::Custom(diag.severity.word(taal), color_of(diag.severity));
        // Every file is shown with its overlong lines cut around the spans.
        let mut shown: Vec<(FileId, String, Excerpt)> = Vec::new();
        let mut range_in = |f: &crate::File, span: Span| -> Range<usize> {
            let index = match shown.iter().position(|(id, _, _)| *id == f.id) {
                Some(i) => i,
                None => {
                    let read = || {
                        (!has_long_line(&f.text))
                            .then(|| Arc::new(ariadne::Source::from(f.text.clone())))
                    };
                    let whole = match files.get(f.id.index()) {
                        Some(once) => once.get_or_init(read).clone(),
                        None => read(),
                    };
                    let excerpt = match whole {
                        Some(source) => Excerpt::whole(&f.text, source),
                        None => {
                            let points: Vec<usize> = std::iter::once(diag.span)
                                .chain(diag.labels.iter().map(|l| l.span))
                                .filter(|s| s.file == f.id)
                                .flat_map(|s| {
                                    let r = clamp(&f.text, s);
                                    [r.start, r.end]
                                })
                                .collect();
                            Excerpt::cut(&f.text, &points)
                        }
                    };
                    shown.push((f.id, f.path.clone(), excerpt));
                    shown.len() - 1
                }
            };
            let r = clamp(&f.text, span);
            match shown.get(index) {
                Some((_, _, e)) => e.map(r.start)..e.map(r.end),
                None => r,
            }
        };
        let primary = (file.path.clone(), range_in(file, diag.span));

        let mut report = Report::build(kind, primary.clone())
            .with_config(
                Config::default()
                    .with_index_type(IndexType::Byte)
                    .with_color(color),
            )
            .with_code(diag.code.as_str())
            .with_message(diag.message.get(taal))
            .with_label(
                Label::new(primary)
                    .with_message(diag.message.get(taal))
                    .with_color(color_of(diag.severity))
                    .with_order(-1),
            );

        for label in &diag.labels {
            let Some(other) = analysis.file(label.span.file) else {
                continue;
            };
            report = report.with_label(
                Label::new((other.path.clone(), range_in(other, label.span)))
                    .with_message(label.message.get(taal))
                    .with_color(Color::Blue),
            );
        }

        if let Some(help) = &diag.help {
            report = report.with_help(help.get(taal));
        }
        let mut notes = Vec::new();
        for law in diag.law.iter() {
            let word = match taal {
                Taal::Nl => "wet",
                Taal::En => "law",
            };
            notes.push(format!("{word}: {} — {}", law.cite, law.url));
        }
        if let Some(fix) = &diag.fix {
            let word = match taal {
                Taal::Nl => "oplossing",
                Taal::En => "fix",
            };
            notes.push(format!("{word}: {}", fix.title.get(taal)));
        }
        for note in &notes {
            report = report.with_note(note);
        }

        // The location in the header counts in the shown text; on a cut line
        // it is put back to the file's own line and column.
        let cut = shown
            .first()
            .is_some_and(|(_, _, excerpt)| excerpt.kept.len() > 1);
        let location = file
            .line_index
            .line_col(&file.text, clamp(&file.text, diag.span).start);
        let sources = Shown(
            shown
                .into_iter()
                .map(|(_, path, excerpt)| (path, excerpt.source))
                .collect(),
        );
        let mut out = Vec::new();
        let written = report.finish().write(sources, &mut out);
        if written.is_err() {
            return header_only(diag, taal);
        }
        let text = String::from_utf8(out)
            .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned());
        let text = if color { text } else { plain_header(text) };
        let text = if cut {
            relocate(&text, &file.path, location)
        } else {
            text
        };
        let help = diag.help.as_ref().map(|h| h.get(taal));
        // The footer is the report's last lines: a blank and a text line
        // for the help and for each note, then the closing line. Only they
        // are read again, unless a help or note runs over several lines.
        let one_line = help.iter().copied().chain(notes.iter().map(String::as_str));
        let start = if one_line.clone().all(|t| !t.contains('\n')) {
            let footer = 2 * one_line.count() + 1;
            text.rmatch_indices('\n')
                .nth(footer)
                .map_or(0, |(i, _)| i + 1)
        } else {
            0
        };
        let (body, footer) = text.split_at(start);
        let mut out = String::with_capacity(text.len() + 32);
        out.push_str(body);
        relabel_footer(footer, help, &notes, taal, color, &mut out);
        out
    }
}

/// A report without colour: ariadne colours the header of a report of a
/// custom kind (our severity word) even when colour is switched off, and
/// nothing else.
fn plain_header(text: String) -> String {
    let end = text.find('\n').map_or(text.len(), |i| i + 1);
    let (header, rest) = text.split_at(end);
    match strip_ansi(header) {
        Cow::Borrowed(_) => text,
        Cow::Owned(mut plain) => {
            plain.push_str(rest);
            plain
        }
    }
}

/// Replaces the line and column in the first `─[ path:line:col ]` header.
fn relocate(text: &str, path: &str, at: crate::span::LineCol) -> String {
    let marker = format!("[ {path}:");
    let Some(start) = text.find(&marker).map(|i| i + marker.len()) else {
        return text.to_string();
    };
    let Some(len) = text.get(start..).and_then(|rest| rest.find(" ]")) else {
        return text.to_string();
    };
    let mut out = String::with_capacity(text.len());
    out.push_str(text.get(..start).unwrap_or_default());
    out.push_str(&format!("{}:{}", at.line, at.column));
    out.push_str(text.get(start + len..).unwrap_or_default());
    out
}

/// ariadne labels the footer lines with the English words `Help:` and
/// `Note 1:`. This puts the output language's word before the help line and
/// drops the numbered `Note` words: each note already starts with its own
/// word (`wet:`, `oplossing:`). The lines of `text` go to `out`.
fn relabel_footer<'a>(
    text: &str,
    help: Option<&'a str>,
    notes: &'a [String],
    taal: Taal,
    color: bool,
    out: &mut String,
) {
    let help_word = match taal {
        Taal::Nl => "Tip",
        Taal::En => "Help",
    };
    // A text of several lines is written by ariadne as its first line
    // after the word, the others under it.
    let first_line = |t: &'a str| t.lines().next().unwrap_or_default();
    let help = help.map(first_line);
    let notes: Vec<&str> = notes.iter().map(|n| first_line(n)).collect();
    for line in text.split_inclusive('\n') {
        let plain = strip_ansi(line);
        let body = plain.trim_end_matches('\n');
        let Some(bar) = body.find("│ ") else {
            out.push_str(line);
            continue;
        };
        let (margin, rest) = body.split_at(bar + "│ ".len());
        let is_help = help.is_some_and(|h| rest.strip_prefix("Help: ") == Some(h));
        let note = notes.iter().find(|n| {
            rest.starts_with("Note") && rest.strip_suffix(**n).is_some_and(|p| p.ends_with(": "))
        });
        let replacement = match (is_help, note, help) {
            (true, _, Some(h)) => format!("{}: {h}", paint(help_word, "\u{1b}[38;5;115m", color)),
            (false, Some(n), _) => n.to_string(),
            _ => {
                out.push_str(line);
                continue;
            }
        };
        out.push_str(&paint(margin, "\u{1b}[38;5;246m", color));
        out.push_str(&replacement);
        out.push('\n');
    }
}

/// `text` in the given ANSI colour when colour is on.
fn paint(text: &str, ansi: &str, color: bool) -> String {
    if color {
        format!("{ansi}{text}\u{1b}[0m")
    } else {
        text.to_string()
    }
}

/// The first line of a rendering, for a diagnostic whose file is unknown.
fn header_only(diag: &Diagnostic, taal: Taal) -> String {
    let mut out = format!(
        "[{}] {}: {}\n",
        diag.code,
        diag.severity.word(taal),
        diag.message.get(taal)
    );
    if let Some(help) = &diag.help {
        out.push_str(&format!("  Help: {}\n", help.get(taal)));
    }
    out
}

/// Removes ANSI colour sequences. ariadne colours the header of a report of
/// a custom kind (our severity word) even when colour is switched off.
fn strip_ansi(text: &str) -> Cow<'_, str> {
    if !text.contains('\u{1b}') {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some((before, after)) = rest.split_once('\u{1b}') {
        out.push_str(before);
        let mut chars = after.chars();
        // Skip `ESC [ parameters final-byte`.
        if chars.next() == Some('[') {
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    break;
                }
            }
        }
        rest = chars.as_str();
    }
    out.push_str(rest);
    Cow::Owned(out)
}

/// Lines longer than this many bytes are cut around the spans shown.
const LONG_LINE: usize = 240;

/// How many bytes are kept on either side of a span's end on a cut line.
const CONTEXT: usize = 60;

/// A file's text as shown: lines longer than [`LONG_LINE`] keep only the
/// surroundings of the spans on them, with `…` where text was left out, so
/// a line of a million characters prints as a few. `kept` maps offsets of
/// the file onto offsets of `text`: (file start, file end, shown start).
struct Excerpt {
    /// The shown text, read into lines.
    source: Lines,
    kept: Vec<(usize, usize, usize)>,
}

/// Whether a text has a line longer than [`LONG_LINE`].
fn has_long_line(text: &str) -> bool {
    text.split('\n').any(|l| l.len() > LONG_LINE)
}

impl Excerpt {
    /// A text without overlong lines, shown whole.
    fn whole(text: &str, source: Lines) -> Excerpt {
        Excerpt {
            source,
            kept: vec![(0, text.len(), 0)],
        }
    }

    /// A text with overlong lines, cut around `points`.
    fn cut(text: &Arc<str>, points: &[usize]) -> Excerpt {
        let mut keep: Vec<Range<usize>> = Vec::new();
        let mut start = 0;
        for line in text.split_inclusive('\n') {
            let end = start + line.len();
            if line.len() <= LONG_LINE {
                keep.push(start..end);
            } else {
                let mut windows: Vec<Range<usize>> = points
                    .iter()
                    .filter(|p| (start..=end).contains(*p))
                    .map(|p| p.saturating_sub(CONTEXT).max(start)..(p + CONTEXT).min(end))
                    .collect();
                if windows.is_empty() {
                    windows.push(start..start + CONTEXT);
                }
                if line.ends_with('\n') {
                    windows.push(end - 1..end);
                }
                windows.sort_by_key(|w| w.start);
                keep.extend(windows);
            }
            start = end;
        }
        // Onto character boundaries, then merge what touches.
        let mut merged: Vec<Range<usize>> = Vec::new();
        for w in keep {
            let s = floor_char_boundary(text, w.start);
            let e = ceil_char_boundary(text, w.end);
            match merged.last_mut() {
                Some(last) if s <= last.end => last.end = last.end.max(e),
                _ => merged.push(s..e),
            }
        }
        let mut shown = String::new();
        let mut kept = Vec::with_capacity(merged.len());
        let mut previous_end = 0;
        for w in merged {
            if w.start > previous_end {
                shown.push('…');
            }
            kept.push((w.start, w.end, shown.len()));
            shown.push_str(text.get(w.clone()).unwrap_or_default());
            previous_end = w.end;
        }
        if previous_end < text.len() {
            shown.push('…');
        }
        Excerpt {
            source: Arc::new(ariadne::Source::from(Arc::from(shown))),
            kept,
        }
    }

    /// Where the file offset `at` is in the shown text; an offset in text
    /// left out maps to the `…` that stands for it.
    fn map(&self, at: usize) -> usize {
        let i = self.kept.partition_point(|(s, _, _)| *s <= at);
        match i.checked_sub(1).and_then(|i| self.kept.get(i)) {
            Some((s, e, shown)) => shown + (at.min(*e) - s),
            None => 0,
        }
    }
}

/// The span's byte range, moved inside the text and onto char boundaries.
fn clamp(text: &str, span: Span) -> Range<usize> {
    let start = floor_char_boundary(text, span.start as usize);
    let end = ceil_char_boundary(text, (span.end as usize).max(start));
    start..end
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostics::{Code, Fix, LawRef, Text};
    use crate::{analyse, FileId, Source};

    fn first_own(analysis: &Analysis) -> FileId {
        analysis.policy_files().next().unwrap().id
    }

    /// The display width of a text as a terminal shows it (enough for the
    /// characters these tests use).
    fn width(s: &str) -> usize {
        s.chars()
            .map(|c| if c == 'ë' || c.is_ascii() { 1 } else { 2 })
            .sum()
    }

    /// One renderer for many diagnostics, on several threads, shows each
    /// exactly as rendering it alone does: a file with an overlong line is
    /// cut around each diagnostic's own spans, a label in another file shows
    /// that file, and a file read once is not mixed up with another.
    #[test]
    fn one_renderer_for_many_diagnostics_renders_each_as_alone() {
        use rayon::prelude::*;
        let long = format!("beleid lang {{\n  titel: \"{}\"\n}}\n", "x".repeat(600));
        let short = "beleid kort {\n  titel: 1\n  doel: 2\n}\n";
        let analysis = analyse(
            &[
                Source::new("beleid/lang.kader", long.as_str()),
                Source::new("beleid/kort.kader", short),
            ],
            None,
        );
        let mut files = analysis.policy_files().map(|f| (f.id, f.text.clone()));
        let (lang, lang_text) = files.next().unwrap();
        let (kort, kort_text) = files.next().unwrap();
        let at = |text: &str, what: &str| text.find(what).unwrap();
        let diag = |file, start: usize, len: usize, label: Option<Span>| {
            let d = Diagnostic::warning(
                Code::fixed("K0201"),
                Span::new(file, start, start + len),
                Text::new("hier", "here"),
            );
            match label {
                Some(l) => d.with_label(l, Text::new("daar", "there")),
                None => d,
            }
        };
        let diagnostics = [
            diag(lang, at(&lang_text, "titel"), 5, None),
            diag(lang, at(&lang_text, "\"\n") - 3, 3, None),
            diag(kort, at(&kort_text, "1"), 1, None),
            diag(kort, at(&kort_text, "2"), 1, Some(Span::new(lang, 0, 6))),
        ];
        let renderer = Renderer::new(&analysis, Taal::Nl, false);
        let together: Vec<String> = diagnostics
            .par_iter()
            .chain(diagnostics.par_iter())
            .map(|d| renderer.render(d))
            .collect();
        let alone: Vec<String> = diagnostics
            .iter()
            .chain(diagnostics.iter())
            .map(|d| render(&analysis, d, Taal::Nl, false))
            .collect();
        assert_eq!(together, alone);
        // The two cuts of the long line differ, and the label in the long
        // file shows its first line.
        assert_ne!(alone[0], alone[1]);
        assert!(alone[1].contains('…'), "{}", alone[1]);
        assert!(alone[3].contains("beleid/lang.kader"), "{}", alone[3]);
        assert!(alone[2].contains("titel: 1"), "{}", alone[2]);
    }

    #[test]
    fn underline_sits_under_the_span_after_wide_characters() {
        let text = "titel: \"ë中😀\" fout\n";
        let analysis = analyse(&[Source::new("a.kader", text)], None);
        let file = first_own(&analysis);
        let start = text.find("fout").unwrap();
        let diag = Diagnostic::error(
            Code::fixed("K0000"),
            Span::new(file, start, start + "fout".len()),
            Text::new("hier", "here"),
        );
        let out = render(&analysis, &diag, Taal::Nl, false);
        let lines: Vec<&str> = out.lines().collect();
        let src_line = lines
            .iter()
            .position(|l| l.contains("ë中😀"))
            .unwrap_or_else(|| panic!("no source line in:\n{out}"));
        let shown = lines[src_line];
        let underline = lines[src_line + 1];
        // The column (in display cells) where `fout` starts on the source line…
        let fout_at = width(&shown[..shown.find("fout").unwrap()]);
        // …must be the column where the underline starts.
        let mark_at = underline
            .char_indices()
            .find(|(_, c)| matches!(c, '─' | '┬' | '^'))
            .map(|(i, _)| width(&underline[..i]))
            .unwrap_or_else(|| panic!("no underline in:\n{out}"));
        assert_eq!(mark_at, fout_at, "rendered:\n{out}");
        // The underline is exactly as wide as `fout`.
        let marks = underline.chars().filter(|c| matches!(c, '─' | '┬')).count();
        assert_eq!(marks, 4, "rendered:\n{out}");
    }

    /// `beleid x { titel: 1 }` with a warning at the `1`, with `help` and
    /// one article.
    fn warning_at_the_one(help: Text) -> (Analysis, Diagnostic) {
        let text = "beleid x {\n  titel: 1\n}\n";
        let analysis = analyse(&[Source::new("beleid/x.kader", text)], None);
        let file = first_own(&analysis);
        let at = text.find('1').unwrap();
        let mut diag = Diagnostic::warning(
            Code::fixed("K0201"),
            Span::new(file, at, at + 1),
            Text::new("Verwacht een tekst.", "Expected a text."),
        )
        .with_help(help);
        diag.law = [LawRef {
            id: "avg_5_1_a".into(),
            cite: "AVG art. 5 lid 1 sub a".into(),
            url: "https://eur-lex.europa.eu/eli/reg/2016/679/oj".into(),
        }]
        .into();
        (analysis, diag)
    }

    #[test]
    fn header_help_law_and_fix_in_the_output_language() {
        let (analysis, diag) = warning_at_the_one(Text::new(
            "Zet het tussen aanhalingstekens.",
            "Put it in quotes.",
        ));
        let file = diag.span.file;
        let diag = diag
            .with_label(
                Span::new(file, 0, 6),
                Text::new("in dit beleid", "in this policy"),
            )
            .with_fix(Fix {
                title: Text::new("Maak er een tekst van", "Make it a text"),
                edits: Vec::new(),
            });
        let nl = render(&analysis, &diag, Taal::Nl, false);
        assert!(
            nl.starts_with("[K0201] waarschuwing: Verwacht een tekst."),
            "{nl}"
        );
        assert!(nl.contains("beleid/x.kader:2:"), "{nl}");
        assert!(nl.contains("in dit beleid"), "{nl}");
        assert!(nl.contains("Zet het tussen aanhalingstekens."), "{nl}");
        assert!(
            nl.contains(
                "wet: AVG art. 5 lid 1 sub a — https://eur-lex.europa.eu/eli/reg/2016/679/oj"
            ),
            "{nl}"
        );
        assert!(nl.contains("oplossing: Maak er een tekst van"), "{nl}");
        assert!(!nl.contains('\u{1b}'), "no colour codes when colour is off");
        assert!(
            nl.contains("│ Tip: Zet het tussen aanhalingstekens."),
            "{nl}"
        );
        assert!(nl.contains("│ wet: AVG art. 5"), "{nl}");
        assert!(!nl.contains("Help") && !nl.contains("Note"), "{nl}");
        let en = render(&analysis, &diag, Taal::En, true);
        assert!(en.contains("warning"), "{en}");
        assert!(
            en.contains("Expected a text.") && en.contains("law: AVG"),
            "{en}"
        );
        assert!(en.contains('\u{1b}'), "colour codes when colour is on");
        let plain = strip_ansi(&en);
        assert!(plain.contains("│ Help: Put it in quotes."), "{plain}");
        assert!(plain.contains("│ fix: Make it a text"), "{plain}");
        assert!(!plain.contains("Note"), "{plain}");
    }

    #[test]
    fn a_help_of_several_lines_is_relabelled_too() {
        let (analysis, diag) =
            warning_at_the_one(Text::new("Eerste regel.\nTweede regel.", "First.\nSecond."));
        for (taal, word, first, second) in [
            (Taal::Nl, "Tip", "Eerste regel.", "Tweede regel."),
            (Taal::En, "Help", "First.", "Second."),
        ] {
            let out = render(&analysis, &diag, taal, false);
            assert!(out.contains(&format!("│ {word}: {first}\n")), "{out}");
            assert!(out.contains(second), "{out}");
            assert!(
                out.contains("│ wet: AVG") || out.contains("│ law: AVG"),
                "{out}"
            );
            assert!(!out.contains("Note"), "{out}");
        }
    }

    #[test]
    fn spans_past_the_end_or_inside_a_character_do_not_break() {
        let text = "ë";
        let analysis = analyse(&[Source::new("a.kader", text)], None);
        let file = first_own(&analysis);
        for (s, e) in [(1, 1), (0, 99), (50, 60)] {
            let diag = Diagnostic::error(
                Code::fixed("K0000"),
                Span::new(file, s, e),
                Text::new("x", "x"),
            );
            let out = render(&analysis, &diag, Taal::En, false);
            assert!(out.starts_with("[K0000] error: x"), "{out}");
        }
        let stray = Diagnostic::error(
            Code::fixed("K0000"),
            Span::new(FileId(9999), 0, 0),
            Text::new("weg", "gone"),
        );
        assert_eq!(
            render(&analysis, &stray, Taal::Nl, false),
            "[K0000] fout: weg\n"
        );
    }
}

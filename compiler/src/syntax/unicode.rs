//! Text that reads differently from what it is: K0113, K0114, K0115.
//!
//! A policy file is signed off by people who read it. Three things can make
//! what they read differ from what kader reads:
//!
//! - K0113: a bidirectional control character (which reorders the text on
//!   screen, "Trojan Source") or an invisible character (zero width space,
//!   word joiner, …) anywhere in the file: in a name, a text or a comment.
//! - K0114: a name that mixes scripts, such as a Cyrillic `\u{0430}` among Latin
//!   letters (Unicode UTS #39 "mixed script", via `unicode-security`).
//! - K0115: a name that looks the same as a word kader knows (a kind, field,
//!   vocabulary or variant of the schema in either language, or an item of
//!   the repository) but is spelled with other characters (the UTS #39
//!   confusable skeletons are equal). The fix replaces it with that word.
//!
//! Legitimate text is left alone: accented Dutch (`geëvalueerd`), Greek or
//! Cyrillic text inside quotes, typographic quotes and dashes, and emoji
//! (their joiners and variation selectors) raise nothing.
//!
//! This module finds what the text alone shows: the hidden characters
//! ([`hidden_chars`]) and the names outside ASCII (`lexer::odd_names`), both
//! recorded by the parse in [`super::Looks`], and says
//! what is wrong with such a name ([`name_diagnostic`]). Which words are
//! known — the schema's and the items' — only the checker knows: it runs
//! the name checks (`check::names_that_mislead`), after name resolution.

use crate::diagnostics::codes::{declare_codes, Category};
use crate::diagnostics::{Diagnostic, Edit, Fix, Text};
use crate::span::{FileId, Span};
use unicode_script::{Script, UnicodeScript};
use unicode_security::{skeleton, MixedScript};

/// The characters that change what a reader sees without being seen
/// themselves, with their Unicode names. Bidirectional controls first.
const HIDDEN: &[(char, &str, bool)] = &[
    ('\u{061C}', "ARABIC LETTER MARK", true),
    ('\u{200E}', "LEFT-TO-RIGHT MARK", true),
    ('\u{200F}', "RIGHT-TO-LEFT MARK", true),
    ('\u{202A}', "LEFT-TO-RIGHT EMBEDDING", true),
    ('\u{202B}', "RIGHT-TO-LEFT EMBEDDING", true),
    ('\u{202C}', "POP DIRECTIONAL FORMATTING", true),
    ('\u{202D}', "LEFT-TO-RIGHT OVERRIDE", true),
    ('\u{202E}', "RIGHT-TO-LEFT OVERRIDE", true),
    ('\u{2066}', "LEFT-TO-RIGHT ISOLATE", true),
    ('\u{2067}', "RIGHT-TO-LEFT ISOLATE", true),
    ('\u{2068}', "FIRST STRONG ISOLATE", true),
    ('\u{2069}', "POP DIRECTIONAL ISOLATE", true),
    ('\u{034F}', "COMBINING GRAPHEME JOINER", false),
    ('\u{115F}', "HANGUL CHOSEONG FILLER", false),
    ('\u{1160}', "HANGUL JUNGSEONG FILLER", false),
    ('\u{17B4}', "KHMER VOWEL INHERENT AQ", false),
    ('\u{17B5}', "KHMER VOWEL INHERENT AA", false),
    ('\u{180E}', "MONGOLIAN VOWEL SEPARATOR", false),
    ('\u{200B}', "ZERO WIDTH SPACE", false),
    ('\u{200C}', "ZERO WIDTH NON-JOINER", false),
    ('\u{200D}', "ZERO WIDTH JOINER", false),
    ('\u{2060}', "WORD JOINER", false),
    ('\u{2061}', "FUNCTION APPLICATION", false),
    ('\u{2062}', "INVISIBLE TIMES", false),
    ('\u{2063}', "INVISIBLE SEPARATOR", false),
    ('\u{2064}', "INVISIBLE PLUS", false),
    ('\u{3164}', "HANGUL FILLER", false),
    ('\u{FEFF}', "ZERO WIDTH NO-BREAK SPACE", false),
    ('\u{FFA0}', "HALFWIDTH HANGUL FILLER", false),
];

/// `U+202E RIGHT-TO-LEFT OVERRIDE` for a bidirectional or invisible
/// character, `None` for any other.
pub fn hidden_name(c: char) -> Option<String> {
    hidden(c).map(|(_, name, _)| format!("U+{:04X} {name}", u32::from(c)))
}

fn hidden(c: char) -> Option<(char, &'static str, bool)> {
    if c < '\u{034F}' {
        return None;
    }
    if ('\u{E0000}'..='\u{E007F}').contains(&c) {
        return Some((c, "TAG", false));
    }
    HIDDEN.iter().copied().find(|(h, _, _)| *h == c)
}

/// Part of an emoji sequence: pictographs, skin tones, variation selector 16.
fn emoji_part(c: char) -> bool {
    matches!(u32::from(c),
        0x2300..=0x23FF | 0x2600..=0x27BF | 0x2B00..=0x2BFF | 0xFE0F | 0x1F000..=0x1FAFF)
}

/// K0113 for every bidirectional control and invisible character in
/// `text` that is not part of an emoji and not already reported as an
/// unknown character among the parser's findings `syntax`.
pub fn hidden_chars(file: FileId, text: &str, syntax: &[Diagnostic]) -> Vec<Diagnostic> {
    if text.is_ascii() {
        return Vec::new();
    }
    let reported: Vec<(u32, u32)> = syntax
        .iter()
        .filter(|d| d.code.as_str() == "K0101")
        .map(|d| (d.span.start, d.span.end))
        .collect();
    let mut out = Vec::new();
    let bytes = text.as_bytes();
    let mut at = 0;
    // Every hidden character is outside ASCII: only those are decoded.
    while let Some(skip) = bytes
        .get(at..)
        .and_then(|b| b.iter().position(|b| !b.is_ascii()))
    {
        at += skip;
        let Some(c) = text.get(at..).and_then(|t| t.chars().next()) else {
            break;
        };
        let here = at;
        at += c.len_utf8();
        let Some((_, name, bidi)) = hidden(c) else {
            continue;
        };
        let before = text.get(..here).and_then(|t| t.chars().next_back());
        let next = text.get(at..).and_then(|t| t.chars().next());
        let joins_emoji =
            c == '\u{200D}' && before.is_some_and(emoji_part) && next.is_some_and(emoji_part);
        let bom = c == '\u{FEFF}' && here == 0;
        let Ok(start) = u32::try_from(here) else {
            break;
        };
        if joins_emoji || bom || reported.iter().any(|(s, e)| *s <= start && start < *e) {
            continue;
        }
        let span = Span::new(file, here, at);
        let shown = format!("U+{:04X} {name}", u32::from(c));
        let message = if bidi {
            Text::new(
                format!("hier staat het onzichtbare teken {shown}, dat de volgorde van de tekst op het scherm omdraait: wat u leest is niet wat kader leest"),
                format!("here is the invisible character {shown}, which reverses the order of the text on screen: what you read is not what kader reads"),
            )
        } else {
            Text::new(
                format!("hier staat het onzichtbare teken {shown}: twee teksten die er hetzelfde uitzien, zijn voor kader verschillend"),
                format!("here is the invisible character {shown}: two texts that look the same are different to kader"),
            )
        };
        out.push(
            Diagnostic::warning(HIDDEN_CHAR, span, message).with_fix(Fix {
                title: Text::new(format!("verwijder {shown}"), format!("remove {shown}")),
                edits: vec![Edit {
                    span,
                    new_text: String::new(),
                }],
            }),
        );
    }
    out
}

/// The confusable skeleton of `word` (Unicode UTS #39): two words with the
/// same skeleton look the same.
pub fn skeleton_of(word: &str) -> String {
    skeleton(word).collect()
}

/// For the name `name` at `span`: K0115 when it looks like the known word
/// `known` (a different word with the same skeleton), else K0114 when it
/// mixes scripts; `None` for an ordinary name. Which words are known is
/// the checker's to say.
pub fn name_diagnostic(span: Span, name: &str, known: Option<&str>) -> Option<Diagnostic> {
    let odd = odd_char(name);
    let known = known.filter(|w| *w != name);
    let mixed = !name.is_single_script();
    if known.is_none() && !mixed {
        return None;
    }
    let (char_span, described) = match odd {
        Some((at, c)) => (
            Span::new(
                span.file,
                span.start as usize + at,
                span.start as usize + at + c.len_utf8(),
            ),
            describe(c),
        ),
        None => (span, Text::new("", "")),
    };
    if let Some(word) = known {
        let message = Text::new(
            format!(
                "de naam `{name}` ziet eruit als `{word}`, maar is met andere tekens geschreven{}",
                described.nl
            ),
            format!(
                "the name `{name}` looks like `{word}` but is written with other characters{}",
                described.en
            ),
        );
        let fix = Fix {
            title: Text::new(
                format!("vervang door `{word}`"),
                format!("replace with `{word}`"),
            ),
            edits: vec![Edit {
                span,
                new_text: word.to_string(),
            }],
        };
        return Some(
            Diagnostic::warning(CONFUSABLE, char_span, message)
                .with_label(span, Text::new("deze naam", "this name"))
                .with_fix(fix),
        );
    }
    Some(
        Diagnostic::warning(
            MIXED_SCRIPT,
            char_span,
            Text::new(
                format!(
                    "de naam `{name}` mengt letters uit verschillende schriften{}",
                    described.nl
                ),
                format!(
                    "the name `{name}` mixes letters from different scripts{}",
                    described.en
                ),
            ),
        )
        .with_label(span, Text::new("deze naam", "this name")),
    )
}

/// The first letter of `name` that is not Latin when the name has Latin
/// letters, or not of the script of its first letter otherwise.
fn odd_char(name: &str) -> Option<(usize, char)> {
    let real = |c: char| {
        !matches!(
            c.script(),
            Script::Common | Script::Inherited | Script::Unknown
        )
    };
    let main = if name.chars().any(|c| c.script() == Script::Latin) {
        Script::Latin
    } else {
        name.chars().find(|c| real(*c))?.script()
    };
    name.char_indices()
        .find(|(_, c)| real(*c) && c.script() != main)
}

/// `: U+0430, een Cyrillische letter` in both languages.
fn describe(c: char) -> Text {
    let script = c.script();
    let (nl, en) = match script {
        Script::Cyrillic => ("Cyrillische", "Cyrillic"),
        Script::Greek => ("Griekse", "Greek"),
        Script::Armenian => ("Armeense", "Armenian"),
        Script::Cherokee => ("Cherokee-", "Cherokee"),
        Script::Latin => ("Latijnse", "Latin"),
        _ => ("", script.full_name()),
    };
    let code = format!("U+{:04X}", u32::from(c));
    if nl.is_empty() {
        Text::new(
            format!(": {code} is een letter uit het schrift {en}"),
            format!(": {code} is a {en} letter"),
        )
    } else {
        Text::new(
            format!(": {code} is een {nl} letter"),
            format!(": {code} is a {en} letter"),
        )
    }
}

declare_codes! {
    category: Category::Syntax;

    HIDDEN_CHAR = "K0113" {
        title_nl: "Onzichtbaar of tekstrichting-teken",
        title_en: "Invisible or text direction character",
        explanation_nl: "Het bestand bevat een teken dat u niet ziet: een teken dat de tekstrichting omdraait (zoals U+202E RIGHT-TO-LEFT OVERRIDE) of een onzichtbaar teken (zoals U+200B ZERO WIDTH SPACE). Daardoor kan wat op het scherm staat anders zijn dan wat kader leest, en kunnen twee namen die er gelijk uitzien verschillen. Zulke tekens komen vaak mee bij kopiëren uit een tekstverwerker of webpagina. Verwijder het teken.",
        explanation_en: "The file contains a character you cannot see: one that reverses the text direction (such as U+202E RIGHT-TO-LEFT OVERRIDE) or an invisible one (such as U+200B ZERO WIDTH SPACE). What is on screen can then differ from what kader reads, and two names that look the same can differ. Such characters often come along when copying from a word processor or web page. Remove the character.",
        wrong: "beleid markt {\n    titel: \"Markt\u{200B}toezicht\"\n}",
        right: "beleid markt {\n    titel: \"Markttoezicht\"\n}",
    }
    MIXED_SCRIPT = "K0114" {
        title_nl: "Naam mengt schriften",
        title_en: "Name mixes scripts",
        explanation_nl: "Een naam bevat letters uit verschillende schriften, bijvoorbeeld een Cyrillische `\u{0430}` tussen Latijnse letters. Op het scherm is dat niet te zien, maar voor kader is het een andere naam. Letters met accenten (é, ë, ï) horen bij het Latijnse schrift en zijn in orde. Typ de naam opnieuw met gewone letters.",
        explanation_en: "A name has letters from different scripts, for example a Cyrillic `\u{0430}` among Latin letters. This cannot be seen on screen, but to kader it is another name. Accented letters (é, ë, ï) belong to the Latin script and are fine. Type the name again with ordinary letters.",
        wrong: "team k\u{0430}binet {\n}",
        right: "team kabinet {\n}",
    }
    CONFUSABLE = "K0115" {
        title_nl: "Naam lijkt op een bekend woord",
        title_en: "Name looks like a known word",
        explanation_nl: "Een naam ziet er precies zo uit als een woord dat kader kent (een soort, veld, keuzelijst of keuzewaarde in het Nederlands of Engels, of een onderdeel van de repository), maar is met andere tekens geschreven, zoals een Cyrillische `\u{0435}` in `fictief`. Een lezer ziet het bekende woord, kader niet. De snelle oplossing vervangt de naam door het bekende woord.",
        explanation_en: "A name looks exactly like a word kader knows (a kind, field, vocabulary or variant in Dutch or English, or an item of the repository) but is written with other characters, such as a Cyrillic `\u{0435}` in `fictief`. A reader sees the known word, kader does not. The quick fix replaces the name with the known word.",
        wrong: "beleid markt {\n    bron: { account: ficti\u{0435}f }\n}",
        right: "beleid markt {\n    bron: { account: fictief }\n}",
    }
}

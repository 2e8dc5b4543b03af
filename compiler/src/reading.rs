//! What reading a repository's files can give, and what kader says about
//! it (K04xx).
//!
//! The library does no I/O: the loader (`kader-project`) reads the disk and
//! describes each file as a [`Read`]; this module turns those descriptions
//! into diagnostics. The codes are declared here, in the library, so that
//! `kader explain`, the language server's hover and the catalogue know them
//! like every other code.

use crate::diagnostics::codes::{declare_codes, Category};
use crate::diagnostics::Diagnostic;
use crate::diagnostics::Taal;
use crate::span::{FileId, Span};
use crate::text;
use std::io;
use std::ops::Range;
use std::sync::Arc;

declare_codes! {
    category: Category::Io;

    UNREADABLE = "K0401" {
        title_nl: "Bestand kan niet worden gelezen",
        title_en: "File cannot be read",
        explanation_nl: "kader kon dit bestand niet openen of lezen, bijvoorbeeld omdat u er geen leesrechten op hebt of omdat het tijdens de controle werd verwijderd. De andere bestanden zijn wel gecontroleerd, maar omdat een deel van de repository ontbreekt, sluit `kader check` af met status 2.",
        explanation_en: "kader could not open or read this file, for example because you lack read permission or because it was removed during the check. The other files were checked, but because part of the repository is missing, `kader check` exits with status 2.",
        wrong: "$ chmod a-r beleid/tanthof.kader\n$ kader check",
        right: "$ chmod u+r beleid/tanthof.kader\n$ kader check",
    }
    NOT_UTF8 = "K0402" {
        title_nl: "Bestand is geen UTF-8",
        title_en: "File is not UTF-8",
        explanation_nl: "kader-bestanden zijn UTF-8-tekst. Dit bestand bevat bytes die geen UTF-8 zijn, vaak omdat het is opgeslagen in een oudere codering zoals Windows-1252 (Latin-1). De melding noemt de positie van de eerste ongeldige byte. Het bestand is gelezen met een vervangteken op die plekken; sla het opnieuw op als UTF-8.",
        explanation_en: "kader files are UTF-8 text. This file contains bytes that are not UTF-8, often because it was saved in an older encoding such as Windows-1252 (Latin-1). The message gives the position of the first invalid byte. The file was read with a replacement character in those places; save it again as UTF-8.",
        wrong: "titel: \"Caf\\xE9 De Gemeente\"   // é opgeslagen als Latin-1-byte 0xE9 / é saved as Latin-1 byte 0xE9",
        right: "titel: \"Café De Gemeente\"      // opgeslagen als UTF-8 / saved as UTF-8",
    }
    NO_SUCH_PATH = "K0403" {
        title_nl: "Pad bestaat niet",
        title_en: "Path does not exist",
        explanation_nl: "Een bestand of map die u aan `kader check` meegaf, bestaat niet. Controleer de spelling; paden zijn relatief aan de map waarin u de opdracht geeft.",
        explanation_en: "A file or folder you gave to `kader check` does not exist. Check the spelling; paths are relative to the folder you run the command in.",
        wrong: "$ kader check beleid/tanthoff.kader",
        right: "$ kader check beleid/tanthof.kader",
    }
    OUTSIDE_LINK = "K0404" {
        title_nl: "Link naar iets buiten de repository",
        title_en: "Link to something outside the repository",
        explanation_nl: "Dit bestand of deze map in de repository is een snelkoppeling (symbolische link) naar een bestand of map buiten de repository. kader volgt zo'n link niet en leest het doel niet: een repository wordt vaak gecontroleerd op wijzigingsverzoeken van anderen, en zo'n link zou bestanden van de computer die de controle uitvoert in de meldingen kunnen laten verschijnen. De melding noemt alleen de link, nooit het doel. Links die binnen de repository blijven, werken gewoon.",
        explanation_en: "This file or folder in the repository is a shortcut (symbolic link) to a file or folder outside the repository. kader does not follow such a link and does not read its target: a repository is often checked on change requests from others, and such a link could make files of the computer running the check appear in the messages. The message names only the link, never its target. Links that stay inside the repository work as usual.",
        wrong: "$ ln -s /etc/gemeente/beleid.kader beleid/extern.kader\n$ kader check",
        right: "$ cp /etc/gemeente/beleid.kader beleid/extern.kader\n$ kader check",
    }
    PACK_OUTSIDE = "K0405" {
        title_nl: "Pakketmap buiten de repository",
        title_en: "Pack folder outside the repository",
        explanation_nl: "Een map in `[pakketten] paden` ligt buiten de repository (bijvoorbeeld `../regels`, of een link naar een andere map). kader leest zo'n map alleen als u dat bij het starten uitdrukkelijk toestaat met `--sta-pakketten-buiten-toe`, want een repository mag kader geen bestanden laten lezen van de computer waarop de controle draait. Zonder die optie zijn de regels uit het pakket niet gecontroleerd, en sluit `kader check` af met status 2.",
        explanation_en: "A folder in `[pakketten] paden` lies outside the repository (for example `../regels`, or a link to another folder). kader reads such a folder only when you explicitly allow it when starting kader, with `--allow-external-packs`, because a repository must not make kader read files of the computer the check runs on. Without that option the pack's rules were not checked, and `kader check` exits with status 2.",
        wrong: "[pakketten]\npaden = [\"../regels\"]",
        right: "[pakketten]\npaden = [\"regels/\"]   # het pakket in de repository / the pack inside the repository",
    }
    TOO_LARGE = "K0406" {
        title_nl: "Bestand is te groot om te controleren",
        title_en: "File is too large to check",
        explanation_nl: "Dit bestand is groter dan de grens die voor de controle is ingesteld (in de editor de instelling `kader.maxFileSize`, standaard 8 MiB). kader heeft het niet gelezen en niet gecontroleerd, zodat de editor bij een heel groot bestand blijft reageren. Wat in dit bestand staat, ontbreekt dus in de controle: verwijzingen ernaar uit andere bestanden kunnen als onbekend worden gemeld. Een beleidsbestand van die omvang is bijna altijd een vergissing, zoals een geplakte export of een logbestand met de extensie `.kader`. Verdeel het over kleinere bestanden, of verhoog de grens als het bestand echt zo groot hoort te zijn.",
        explanation_en: "This file is larger than the limit set for checking (in the editor the setting `kader.maxFileSize`, 8 MiB by default). kader has not read it and has not checked it, so that the editor stays responsive with a very large file. What this file holds is therefore missing from the check: references to it from other files may be reported as unknown. A policy file of that size is almost always a mistake, such as a pasted export or a log file with the extension `.kader`. Split it into smaller files, or raise the limit if the file really should be that large.",
        wrong: "beleid/export.kader   (52,4 MiB; grens / limit 8 MiB)",
        right: "beleid/markt.kader    (3 KiB)\nbeleid/webcare.kader  (4 KiB)",
    }
}

/// What reading one file gave.
#[derive(Debug)]
pub enum Read {
    /// The file's text, shared with the analyses that read it.
    Text(Arc<str>),
    /// The file is not UTF-8. `text` is the lossy decoding (each bad
    /// sequence replaced by U+FFFD), identical to the bytes before `offset`,
    /// the position of the first invalid byte. `replaced` holds the byte
    /// ranges of `text` where a U+FFFD stands for bad bytes.
    NotUtf8 {
        text: Arc<str>,
        offset: usize,
        replaced: Vec<Range<usize>>,
    },
    /// The file could not be read.
    Failed(io::Error),
    /// A symbolic link whose target lies outside the repository: not read.
    Outside {
        /// Whether it points to a folder.
        folder: bool,
    },
    /// A file larger than the limit the reader was given: not read (or
    /// read no further than the limit) and not analysed.
    TooLarge {
        /// The file's size in bytes (at least `limit + 1`).
        size: u64,
        /// The limit in bytes.
        limit: u64,
    },
}

/// Decodes `bytes` as UTF-8, replacing each invalid sequence by U+FFFD the
/// way `String::from_utf8_lossy` does, and says where the replacements are.
pub fn decode_lossy(bytes: &[u8]) -> (String, Vec<Range<usize>>) {
    let mut text = String::with_capacity(bytes.len());
    let mut replaced = Vec::new();
    for chunk in bytes.utf8_chunks() {
        text.push_str(chunk.valid());
        if !chunk.invalid().is_empty() {
            let at = text.len();
            text.push(char::REPLACEMENT_CHARACTER);
            replaced.push(at..text.len());
        }
    }
    (text, replaced)
}

/// The diagnostic for a file that could not be read or is not UTF-8.
pub fn read_diagnostic(file: FileId, path: &str, read: &Read) -> Option<Diagnostic> {
    match read {
        // K0404 is made by `outside_warning`.
        Read::Text(_) | Read::Outside { .. } => None,
        Read::TooLarge { size, limit } => Some(too_large(file, *size, *limit)),
        Read::NotUtf8 {
            offset, replaced, ..
        } => {
            let more = replaced.len().saturating_sub(1);
            let (more_nl, more_en) = match more {
                0 => (String::new(), String::new()),
                1 => (
                    " Er is nog 1 andere ongeldige plek.".to_string(),
                    " There is 1 more invalid place.".to_string(),
                ),
                n => (
                    format!(" Er zijn nog {n} andere ongeldige plekken."),
                    format!(" There are {n} more invalid places."),
                ),
            };
            // In the decoded text the bytes before `offset` are unchanged and
            // the bad byte became U+FFFD (three bytes).
            let span = Span::new(file, *offset, offset + '\u{FFFD}'.len_utf8());
            Some(
                Diagnostic::error(
                    NOT_UTF8,
                    span,
                    text!(
                        "`{path}` is geen geldige UTF-8-tekst: de eerste ongeldige byte staat op byte-offset {offset} (geteld vanaf 0).{more_nl}",
                        "`{path}` is not valid UTF-8 text: the first invalid byte is at byte offset {offset} (counting from 0).{more_en}"
                    ),
                )
                .with_help(text!(
                    "Sla het bestand op als UTF-8 (in de meeste editors: 'Opslaan als' en dan de codering UTF-8 kiezen).",
                    "Save the file as UTF-8 (in most editors: 'Save as', then choose the UTF-8 encoding)."
                )),
            )
        }
        Read::Failed(e) => {
            let reason = e.to_string();
            Some(
                Diagnostic::error(
                    UNREADABLE,
                    Span::new(file, 0, 0),
                    text!(
                        "`{path}` kan niet worden gelezen: {reason}",
                        "`{path}` cannot be read: {reason}"
                    ),
                )
                .with_help(text!(
                    "Controleer of het bestand bestaat en of u het mag lezen.",
                    "Check that the file exists and that you may read it."
                )),
            )
        }
    }
}

/// The error for a file larger than the limit (K0406), at the start of
/// the file: it was not read and not analysed. `size` and `limit` are in
/// bytes.
pub fn too_large(file: FileId, size: u64, limit: u64) -> Diagnostic {
    let (size_nl, size_en) = (bytes(size, Taal::Nl), bytes(size, Taal::En));
    let (limit_nl, limit_en) = (bytes(limit, Taal::Nl), bytes(limit, Taal::En));
    Diagnostic::error(
        TOO_LARGE,
        Span::new(file, 0, 0),
        text!(
            "Dit bestand is {size_nl}; kader leest bestanden tot {limit_nl} (instelling `kader.maxFileSize`). Het is niet gelezen en niet gecontroleerd.",
            "This file is {size_en}; kader reads files up to {limit_en} (setting `kader.maxFileSize`). It was not read and not checked."
        ),
    )
    .with_help(text!(
        "Verdeel het beleid over kleinere bestanden. Hoort het bestand echt zo groot te zijn, verhoog dan de grens met de instelling `kader.maxFileSize`.",
        "Split the policy into smaller files. If the file really should be this large, raise the limit with the setting `kader.maxFileSize`."
    ))
}

/// A number of bytes for a reader: `512 bytes`, `3,5 KiB`, `52,4 MiB`
/// (a decimal comma in Dutch), whole numbers without decimals (`8 MiB`).
pub fn bytes(n: u64, taal: Taal) -> String {
    const KIB: u64 = 1024;
    const MIB: u64 = 1024 * KIB;
    const GIB: u64 = 1024 * MIB;
    let (unit, name) = match n {
        n if n >= GIB => (GIB, "GiB"),
        n if n >= MIB => (MIB, "MiB"),
        n if n >= KIB => (KIB, "KiB"),
        _ => return format!("{n} bytes"),
    };
    // Tenths, rounded half up, in integers.
    let tenths = (u128::from(n) * 10 + u128::from(unit) / 2) / u128::from(unit);
    let (whole, tenth) = (tenths / 10, tenths % 10);
    let comma = match taal {
        Taal::Nl => ',',
        Taal::En => '.',
    };
    if tenth == 0 {
        format!("{whole} {name}")
    } else {
        format!("{whole}{comma}{tenth} {name}")
    }
}

/// The warning for a symbolic link that leads outside the repository
/// (K0404), on the file `file` that stands for it. It names the link as
/// `path` (relative to the root), never the target.
pub fn outside_warning(file: FileId, path: &str, folder: bool) -> Diagnostic {
    let message = if folder {
        text!(
            "`{path}` verwijst naar een map buiten de repository; die map is niet gelezen.",
            "`{path}` points to a folder outside the repository; that folder was not read."
        )
    } else {
        text!(
            "`{path}` verwijst naar een bestand buiten de repository; dat bestand is niet gelezen.",
            "`{path}` points to a file outside the repository; that file was not read."
        )
    };
    Diagnostic::warning(OUTSIDE_LINK, Span::new(file, 0, 0), message).with_help(text!(
        "kader leest alleen wat in de repository staat. Zet de bestanden zelf in de repository in plaats van een snelkoppeling (symbolische link), of verwijder de link.",
        "kader only reads what is inside the repository. Put the files themselves in the repository instead of a shortcut (symbolic link), or remove the link."
    ))
}

/// The error for a `[pakketten] paden` entry outside the repository that
/// was not read (K0405), on the entry's place in `kader.toml`.
pub fn pack_refused(span: Span, entry: &str) -> Diagnostic {
    Diagnostic::error(
        PACK_OUTSIDE,
        span,
        text!(
            "De pakketmap `{entry}` ligt buiten de repository en is niet gelezen: de regels daarin zijn niet gecontroleerd.",
            "The pack folder `{entry}` lies outside the repository and was not read: its rules were not checked."
        ),
    )
    .with_help(text!(
        "Zet het pakket in de repository. Wie de computer vertrouwt waarop kader draait, kan een pakket buiten de repository toestaan met `--sta-pakketten-buiten-toe`.",
        "Put the pack in the repository. If you trust the computer kader runs on, you can allow a pack outside the repository with `--allow-external-packs`."
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lossy_decoding_matches_the_standard_library() {
        let bytes = b"a\xE9b\xF0\x9F\x98c\xFF\xFE\xC3\xA9";
        let (text, replaced) = decode_lossy(bytes);
        assert_eq!(text, String::from_utf8_lossy(bytes));
        for r in &replaced {
            assert_eq!(&text[r.clone()], "\u{FFFD}");
        }
        assert_eq!(replaced.len(), text.matches('\u{FFFD}').count());
    }

    #[test]
    fn sizes_are_written_for_readers() {
        assert_eq!(bytes(512, Taal::Nl), "512 bytes");
        assert_eq!(bytes(8 * 1024 * 1024, Taal::Nl), "8 MiB");
        assert_eq!(bytes(8 * 1024 * 1024 + 1, Taal::En), "8 MiB");
        assert_eq!(bytes(54_945_382, Taal::Nl), "52,4 MiB");
        assert_eq!(bytes(54_945_382, Taal::En), "52.4 MiB");
        assert_eq!(bytes(1536, Taal::Nl), "1,5 KiB");
        assert_eq!(bytes(u64::MAX, Taal::En), "17179869184 GiB");
    }

    #[test]
    fn a_file_too_large_gets_one_error_at_its_start() {
        let read = Read::TooLarge {
            size: 52 * 1024 * 1024,
            limit: 8 * 1024 * 1024,
        };
        let d = read_diagnostic(FileId(3), "beleid/groot.kader", &read).unwrap();
        assert_eq!(d.code, TOO_LARGE);
        assert_eq!((d.span.start, d.span.end), (0, 0));
        assert!(d.message.get(Taal::Nl).contains("52 MiB"), "{d:?}");
        assert!(
            d.message.get(Taal::En).contains("`kader.maxFileSize`"),
            "{d:?}"
        );
    }
}

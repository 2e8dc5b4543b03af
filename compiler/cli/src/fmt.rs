//! `kader fmt`: puts policy files in the one canonical layout of
//! [`kader::fmt`], optionally rewriting every spelling into one language
//! ([`kader::translate`]).
//!
//! The repository is read the way `kader check` reads it, and only the
//! asked files are formatted. Without `--taal` the files are only parsed
//! (formatting needs nothing else); with it the repository is analysed, so
//! that the kinds and names it declares itself are known. A file is never
//! written when it has syntax errors, is not UTF-8 or could not be read; a
//! write goes to a temporary file in the same folder that is then renamed
//! over the original, and a file that changed on disk while it was being
//! formatted is left alone.
//!
//! Exit status: `0` when every file is formatted (with `--check`: already
//! was); `1` with `--check` when a file would change, or when a file has
//! syntax errors or is not UTF-8 (as `kader check`); `2` for a path that
//! does not exist or a file that could not be read or written.

use crate::command::{
    err, load_with, loading_notes, out, plain_error, resolve_paths, EXIT_ERRORS, EXIT_FAILURE,
    EXIT_OK,
};
use kader::diagnostics::Taal;
use kader::fmt::{FmtError, Options};
use kader::reading::{Read, NOT_UTF8, UNREADABLE};
use kader::text;
use kader::translate::format_in;
use kader_project::Project;
use rayon::prelude::*;
use std::path::PathBuf;

/// Formats `paths` (the whole repository when empty). `rewrite` is the
/// language to rewrite spellings into, if any.
pub(super) fn run(
    paths: &[PathBuf],
    check: bool,
    rewrite: Option<Taal>,
    packs: kader_project::LoadOptions,
) -> i32 {
    let (cwd, asked) = match resolve_paths(paths, rewrite.unwrap_or_default()) {
        Ok(resolved) => resolved,
        Err(status) => return status,
    };

    // Without a language to rewrite into, formatting needs the trees
    // alone: nothing is checked.
    let analyse = match rewrite {
        Some(_) => Project::analyse,
        None => Project::analyse_syntax,
    };
    let loaded = load_with(&asked, &cwd, rewrite, packs, analyse);
    let taal = loaded.taal;
    err(&loading_notes(&loaded.analysis, taal));
    let root_dir = loaded.project.root_dir.clone();
    let options = Options {
        taal: rewrite,
        ..Options::default()
    };

    let mut status = EXIT_OK;
    let mut changed = 0usize;
    let mut seen = 0usize;
    // Files left as they were, each with its reason said above the summary.
    let mut refused = 0usize;
    // One lookup table: a search through every file for each file is
    // quadratic in the size of the repository.
    let by_path: std::collections::HashMap<&str, &kader::File> = loaded
        .analysis
        .policy_files()
        .map(|f| (f.path.as_str(), f))
        .collect();
    // Every file is formatted first, in parallel, in batches that share a
    // parse stack (formatting parses its result again to check that the
    // meaning stayed); what came out is then reported file by file, in
    // order. Only a text that changes is kept.
    let inputs = &loaded.project.inputs;
    let wanted: Vec<Option<(&kader::File, &str)>> = inputs
        .iter()
        .map(|i| match &i.read {
            Read::Text(t) if i.selected => by_path.get(i.path.as_str()).map(|f| (*f, &**t)),
            _ => None,
        })
        .collect();
    let mut results: Vec<Option<Result<Option<String>, FmtError>>> = wanted
        .par_chunks(kader::syntax::PARSE_BATCH)
        .flat_map_iter(|chunk| {
            kader::syntax::on_parse_stack(|| {
                chunk
                    .iter()
                    .map(|wanted| {
                        let (file, original) = (*wanted)?;
                        let formatted = format_in(&loaded.analysis, file.id, &options);
                        Some(formatted.map(|f| (f != original).then_some(f)))
                    })
                    .collect::<Vec<_>>()
            })
        })
        .collect();
    for (input, result) in inputs.iter().zip(results.iter_mut()) {
        if !input.selected {
            continue;
        }
        let full = root_dir.join(&input.path);
        let original = match &input.read {
            Read::Text(t) => t,
            Read::NotUtf8 { .. } => {
                let shown = &input.path;
                err(&plain_error(
                    &NOT_UTF8,
                    &text!(
                        "`{shown}` is niet opgemaakt: het bestand is geen UTF-8.",
                        "`{shown}` was not formatted: the file is not UTF-8."
                    ),
                    taal,
                ));
                status = status.max(EXIT_ERRORS);
                refused += 1;
                continue;
            }
            // Not read, so nothing to format; `loading_notes` named it.
            // (The command line sets no size limit, so no file is too large.)
            Read::Outside { .. } | Read::TooLarge { .. } => continue,
            Read::Failed(e) => {
                let shown = &input.path;
                err(&plain_error(
                    &UNREADABLE,
                    &text!(
                        "`{shown}` kan niet worden gelezen: {e}",
                        "`{shown}` cannot be read: {e}"
                    ),
                    taal,
                ));
                status = EXIT_FAILURE;
                refused += 1;
                continue;
            }
        };
        // Not in the analysis (nothing to format), or formatted above.
        let Some(result) = result.take() else {
            continue;
        };
        seen += 1;
        let formatted = match result {
            Ok(f) => f,
            Err(FmtError::Syntax(errors)) => {
                let mut report = String::new();
                let renderer = kader::render::Renderer::new(&loaded.analysis, taal, false);
                for d in &errors {
                    report.push_str(&renderer.render(d));
                    report.push('\n');
                }
                let shown = &input.path;
                let n = errors.len();
                let line = text!(
                    "`{shown}` is niet opgemaakt: het heeft {n} syntaxfout(en).\n",
                    "`{shown}` was not formatted: it has {n} syntax error(s).\n"
                );
                report.push_str(line.get(taal));
                err(&report);
                status = status.max(EXIT_ERRORS);
                refused += 1;
                continue;
            }
            Err(FmtError::Meaning) => {
                let shown = &input.path;
                let line = text!(
                    "`{shown}` is niet opgemaakt: de opmaak zou de betekenis veranderen, bijvoorbeeld door een `///`-commentaar midden in een regel. Zet dat commentaar op een eigen regel boven wat het beschrijft.\n",
                    "`{shown}` was not formatted: formatting would change its meaning, for example because of a `///` comment in the middle of a line. Put that comment on a line of its own above what it describes.\n"
                );
                err(line.get(taal));
                status = status.max(EXIT_ERRORS);
                refused += 1;
                continue;
            }
        };
        let Some(formatted) = formatted else {
            continue;
        };
        changed += 1;
        if check {
            out(&format!("{}\n", input.path));
            status = status.max(EXIT_ERRORS);
            continue;
        }
        if let Err(message) =
            crate::write::replace(&full, Some(original.as_bytes()), formatted.as_bytes())
        {
            let shown = &input.path;
            let (nl, en) = (message.nl, message.en);
            let message = text!(
                "`{shown}` is niet opgemaakt: {nl}",
                "`{shown}` was not formatted: {en}"
            );
            err(&plain_error(&UNREADABLE, &message, taal));
            status = EXIT_FAILURE;
            refused += 1;
            continue;
        }
        out(&format!("{}\n", input.path));
    }

    let summary = match (check, taal) {
        (true, Taal::Nl) => format!("{changed} van {seen} bestanden zouden veranderen."),
        (true, Taal::En) => format!("{changed} of {seen} files would change."),
        (false, Taal::Nl) => format!("{changed} van {seen} bestanden opgemaakt."),
        (false, Taal::En) => format!("{changed} of {seen} files formatted."),
    };
    // A refused file fails the command too: the summary says so, so that
    // "0 files would change" beside exit status 1 does not read as a fault.
    let refused = match (refused, taal) {
        (0, _) => String::new(),
        (1, Taal::Nl) => " 1 bestand is niet opgemaakt (zie hierboven).".to_string(),
        (n, Taal::Nl) => format!(" {n} bestanden zijn niet opgemaakt (zie hierboven)."),
        (1, Taal::En) => " 1 file was not formatted (see above).".to_string(),
        (n, Taal::En) => format!(" {n} files were not formatted (see above)."),
    };
    err(&format!("{summary}{refused}\n"));
    status
}

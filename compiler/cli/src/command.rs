//! What every command shares: the exit statuses, writing to stdout and
//! stderr, resolving the paths asked for, and loading a repository (with
//! the one loader of `kader-project`).

use clap::Args;
use kader::diagnostics::{Code, Severity, Taal};
use kader::reading;
use kader::{text, Analysis};
use kader_project::{discover, LoadOptions, Project};
use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};

/// The exit status for "no errors".
pub const EXIT_OK: i32 = 0;
/// The exit status for "errors found".
pub const EXIT_ERRORS: i32 = 1;
/// The exit status for a usage, configuration or I/O failure.
pub const EXIT_FAILURE: i32 = 2;

/// The option of every command that loads a repository's packs.
#[derive(Debug, Args)]
pub(crate) struct PackArgs {
    /// Lees ook pakketmappen ([pakketten] paden) buiten de repository; alleen op een computer waarvan u de bestanden vertrouwt / also read pack folders ([pakketten] paden) outside the repository; only on a computer whose files you trust
    #[arg(
        long = "sta-pakketten-buiten-toe",
        visible_alias = "allow-external-packs"
    )]
    allow_external_packs: bool,
}

impl PackArgs {
    pub(crate) fn get(&self) -> LoadOptions {
        // The command line reads every file whatever its size or number:
        // it runs when asked, on a repository its user chose.
        LoadOptions {
            external_packs: self.allow_external_packs,
            ..LoadOptions::default()
        }
    }
}

/// The first failure to write to stdout other than a closed pipe.
static NOT_WRITTEN: std::sync::OnceLock<String> = std::sync::OnceLock::new();

/// Keeps a failure to write to stdout for [`status_after_writing`]. A
/// closed pipe (`kader check | head`) is no failure: the reader has what
/// it wanted.
fn noted(written: std::io::Result<()>) {
    if let Err(e) = written {
        if e.kind() != std::io::ErrorKind::BrokenPipe {
            let _ = NOT_WRITTEN.set(e.to_string());
        }
    }
}

/// Writes to stdout; a failure is kept (see [`noted`]).
pub(crate) fn out(text: &str) {
    let mut stdout = std::io::stdout().lock();
    noted(
        stdout
            .write_all(text.as_bytes())
            .and_then(|()| stdout.flush()),
    );
}

/// Lets `write` write straight to stdout, buffered: a large report is never
/// held as one string. The first failure ends the writing and is kept, as
/// in [`out`].
pub(crate) fn out_with(write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>) {
    let mut stdout = std::io::BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    noted(write(&mut stdout).and_then(|()| stdout.flush()));
}

/// The exit status of a command that ended with `status`: 2, with a
/// message on stderr, when what it wrote to stdout could not be written in
/// full (a full disk under `> resultaten.sarif`), so that a cut-off report
/// never passes for a whole one.
pub(crate) fn status_after_writing(status: i32, taal: Taal) -> i32 {
    match NOT_WRITTEN.get() {
        Some(e) => {
            err(&match taal {
                Taal::Nl => format!(
                    "fout: de uitvoer kon niet volledig worden geschreven en is dus onvolledig ({e}).\n"
                ),
                Taal::En => {
                    format!("error: the output could not be written in full and is incomplete ({e}).\n")
                }
            });
            EXIT_FAILURE
        }
        None => status,
    }
}

/// Writes to stderr.
pub(crate) fn err(text: &str) {
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// Whether to colour the output: stdout is a terminal and `NO_COLOR` is not
/// set to a non-empty value (<https://no-color.org>).
/// A diagnostic that belongs to no file, printed on stderr.
pub(crate) fn plain_error(code: &Code, message: &kader::Text, taal: Taal) -> String {
    format!(
        "[{code}] {}: {}\n",
        Severity::Error.word(taal),
        message.get(taal)
    )
}

/// The current folder and the asked paths made absolute, or the exit
/// status after saying which path does not exist (K0403) or that the
/// current folder cannot be read (K0401). Shared by every command that
/// takes paths.
pub(crate) fn resolve_paths(paths: &[PathBuf], taal: Taal) -> Result<(PathBuf, Vec<PathBuf>), i32> {
    let cwd = match std::env::current_dir() {
        Ok(cwd) => cwd,
        Err(e) => {
            let message = text!(
                "De huidige map kan niet worden gelezen: {e}",
                "The current folder cannot be read: {e}"
            );
            err(&plain_error(&reading::UNREADABLE, &message, taal));
            return Err(EXIT_FAILURE);
        }
    };
    let mut asked = Vec::with_capacity(paths.len());
    for given in paths {
        let path = cwd.join(given);
        if !path.exists() {
            let shown = given.display();
            let message = text!(
                "Het pad `{shown}` bestaat niet.",
                "The path `{shown}` does not exist."
            );
            err(&plain_error(&reading::NO_SUCH_PATH, &message, taal));
            return Err(EXIT_FAILURE);
        }
        // A pipe, socket or device would block or never end when read.
        if !path.is_file() && !path.is_dir() {
            let shown = given.display();
            let message = text!(
                "`{shown}` is geen gewoon bestand of map en wordt niet gelezen.",
                "`{shown}` is not a regular file or folder and is not read."
            );
            err(&plain_error(&reading::UNREADABLE, &message, taal));
            return Err(EXIT_FAILURE);
        }
        asked.push(asked_path(path, &cwd));
    }
    Ok((cwd, asked))
}

/// An existing path given on the command line, made absolute: canonical,
/// except for a path in a repository that leads out of it through a
/// symbolic link, which is kept as written, so that it is reported (K0404)
/// and not read.
pub(crate) fn asked_path(path: PathBuf, cwd: &Path) -> PathBuf {
    let written = discover::lexical(&path, cwd);
    match discover::find_root(&written) {
        Some(root) if written.starts_with(&root) && !discover::inside(&written, &root) => written,
        _ => std::fs::canonicalize(&path).unwrap_or(path),
    }
}

/// A repository read from disk and analysed, with the language of the
/// messages (the `--taal` flag, else `kader.toml`).
pub(crate) struct Loaded {
    pub(crate) project: Project,
    pub(crate) taal: Taal,
    pub(crate) analysis: Analysis,
    /// Whether a file could not be read (K0401).
    pub(crate) unreadable: bool,
}

/// Reads the repository of `asked` (or `cwd`) with the one loader the
/// language server uses too, and analyses it: the one way every command
/// loads a repository.
pub(crate) fn load(
    asked: &[PathBuf],
    cwd: &Path,
    taal_flag: Option<Taal>,
    packs: LoadOptions,
) -> Loaded {
    load_with(asked, cwd, taal_flag, packs, Project::analyse)
}

/// [`load`], with the repository analysed by `analyse`: whole
/// ([`Project::analyse`]), with hollow trees for what reads the findings
/// only ([`Project::analyse_hollow`]), or parsed only
/// ([`Project::analyse_syntax`]).
pub(crate) fn load_with(
    asked: &[PathBuf],
    cwd: &Path,
    taal_flag: Option<Taal>,
    packs: LoadOptions,
    analyse: Analyser,
) -> Loaded {
    let project = kader_project::load(asked, cwd, packs);
    let taal = taal_flag.unwrap_or(project.settings.taal);
    let (analysis, unreadable) = analyse(&project);
    Loaded {
        project,
        taal,
        analysis,
        unreadable,
    }
}

/// How a command has its repository analysed (see [`load_with`]).
pub(crate) type Analyser = fn(&Project) -> (Analysis, bool);

/// [`load`] for the commands that take paths (`check`, `test`): the paths
/// resolved (or the exit status after saying what is wrong with one), then
/// the repository loaded.
pub(crate) fn load_paths(
    paths: &[PathBuf],
    taal_flag: Option<Taal>,
    packs: LoadOptions,
    analyse: Analyser,
) -> Result<Loaded, i32> {
    let (cwd, asked) = resolve_paths(paths, taal_flag.unwrap_or_default())?;
    Ok(load_with(&asked, &cwd, taal_flag, packs, analyse))
}

/// The paths of the files a command was asked about: those under the
/// paths given, or every file of the repository.
pub(crate) fn selected(project: &Project) -> HashSet<&str> {
    project
        .inputs
        .iter()
        .filter(|i| i.selected)
        .map(|i| i.path.as_str())
        .collect()
}

/// Whether `kader.toml` has errors: a command that ran with settings
/// other than the ones written down cannot be trusted to pass.
pub(crate) fn config_failure(analysis: &Analysis) -> bool {
    analysis
        .files
        .iter()
        .filter(|f| f.kind == kader::FileKind::Config)
        .flat_map(|f| &f.diagnostics)
        .any(|d| d.severity == Severity::Error)
}

/// [`load`] for the commands that take one optional repository folder
/// (`register`, `vingerafdruk`): the folder asked for, or the current one;
/// a folder that does not exist is said on stderr and gives the exit status.
pub(crate) fn load_folder(
    dir: Option<&Path>,
    taal_flag: Option<Taal>,
    packs: LoadOptions,
) -> Result<Loaded, i32> {
    let cwd = std::env::current_dir().unwrap_or_default();
    let mut asked = Vec::new();
    if let Some(dir) = dir {
        let full = cwd.join(dir);
        if !full.is_dir() {
            err(&match taal_flag.unwrap_or_default() {
                Taal::Nl => format!("De map `{}` bestaat niet.\n", dir.display()),
                Taal::En => format!("The folder `{}` does not exist.\n", dir.display()),
            });
            return Err(EXIT_FAILURE);
        }
        asked.push(asked_path(full, &cwd));
    }
    Ok(load(&asked, &cwd, taal_flag, packs))
}

/// The K0404 and K0405 findings of a loaded repository as lines for
/// stderr, for the commands that print no diagnostics themselves (`fmt`,
/// `register`, `rules`): what was not read must not go unnoticed.
pub(crate) fn loading_notes(analysis: &Analysis, taal: Taal) -> String {
    let mut lines = String::new();
    for file in &analysis.files {
        for d in &file.diagnostics {
            if d.code == reading::OUTSIDE_LINK || d.code == reading::PACK_OUTSIDE {
                lines.push_str(&format!(
                    "[{}] {}: {}\n",
                    d.code,
                    d.severity.word(taal),
                    d.message.get(taal)
                ));
            }
        }
    }
    lines
}

/// The policy named `wanted` in the analysis, with its file; otherwise
/// the message saying it is not there, with the nearest name or an
/// example name. Shared by the commands that take a policy's name.
pub(crate) fn find_policy<'a>(
    analysis: &'a Analysis,
    wanted: &str,
    taal: Taal,
) -> Result<(&'a kader::File, &'a kader::check::CheckedItem), String> {
    if let Some(found) = analysis.policies().find(|(_, p)| p.name() == Some(wanted)) {
        return Ok(found);
    }
    let names: Vec<&str> = analysis.policies().filter_map(|(_, p)| p.name()).collect();
    let mut message = match taal {
        Taal::Nl => format!("Er is geen beleid `{wanted}` in deze repository."),
        Taal::En => format!("There is no policy `{wanted}` in this repository."),
    };
    match kader::did_you_mean(wanted, names.iter().copied()) {
        Some(s) => message.push_str(&match taal {
            Taal::Nl => format!(" Bedoelt u `{s}`?"),
            Taal::En => format!(" Did you mean `{s}`?"),
        }),
        None => match names.first() {
            None => message.push_str(taal.pick(
                " Er staat hier geen enkel beleid; geef de map van de repository op.",
                " There is no policy here at all; give the repository folder.",
            )),
            Some(first) => message.push_str(&match taal {
                Taal::Nl => format!(" Gebruik de naam na `beleid`, zoals `{first}`."),
                Taal::En => format!(" Use the name after `policy`, such as `{first}`."),
            }),
        },
    }
    Err(message)
}

//! The command line: argument parsing, file discovery, output, exit codes.
//!
//! `kader check` finds the repository root (the nearest folder with
//! `kader.toml`), reads every `.kader` file below it in parallel, hands the
//! texts to [`crate::analyse`] and prints what it found. Reading problems
//! (an unreadable file, text that is not UTF-8) become K04xx diagnostics on
//! that file; the other files are still checked. `kader explain CODE` prints
//! the long explanation of a code.
//!
//! Exit status (LANGUAGE.md §7):
//! - `0`: no errors (warnings and infos allowed, unless `--deny-warnings`);
//! - `1`: errors in the policy files (including a file that is not UTF-8), or
//!   warnings with `--deny-warnings`;
//! - `2`: a usage error, a path that does not exist, a file that could not be
//!   read, or a `kader.toml` with errors (K03xx, or a pack folder outside the
//!   repository that was refused, K0405). A broken `kader.toml` is a
//!   configuration failure: the files are still checked and every finding is
//!   printed, but the status is 2, because a check that ran with settings
//!   other than the ones written down cannot be trusted to pass.

pub mod ci;
pub mod discover;
pub mod explain;
mod fmt;
pub mod init;
pub mod output;
pub mod register;
mod write;

use crate::config::{self, Config};
use crate::diagnostics::codes::CodeInfo;
use crate::diagnostics::{Code, Diagnostic, Severity, Taal};
use crate::span::{FileId, Span};
use crate::{text, Analysis, FileKind, Source};
use clap::{ArgAction, Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use discover::{Exclude, Read, CONFIG_FILE};
use output::Summary;
use std::collections::HashSet;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};

/// The exit status for "no errors".
pub const EXIT_OK: i32 = 0;
/// The exit status for "errors found".
pub const EXIT_ERRORS: i32 = 1;
/// The exit status for a usage, configuration or I/O failure.
pub const EXIT_FAILURE: i32 = 2;

/// The exit statuses, as `kader check --help` lists them.
const EXIT_HELP: &str = "\
Afsluitstatus / exit status:
  0  geen fouten (waarschuwingen mogen, tenzij --deny-warnings) / no errors (warnings allowed unless --deny-warnings)
  1  fouten gevonden / errors found
  2  verkeerd gebruik, kader.toml met fouten, of een bestand dat niet gelezen kan worden
     / wrong usage, kader.toml with errors, or a file that cannot be read";

pub(crate) const K_UNREADABLE: Code = Code::fixed("K0401");
pub(crate) const K_NOT_UTF8: Code = Code::fixed("K0402");
pub(crate) const K_NO_SUCH_PATH: Code = Code::fixed("K0403");
pub(crate) const K_OUTSIDE_LINK: Code = Code::fixed("K0404");
pub(crate) const K_PACK_OUTSIDE: Code = Code::fixed("K0405");

/// kader: beleid als code voor online onderzoek door gemeenten / policy-as-code for municipal online research
#[derive(Debug, Parser)]
#[command(
    name = "kader",
    version,
    disable_help_flag = true,
    disable_version_flag = true,
    disable_help_subcommand = true,
    subcommand_help_heading = "Opdrachten / Commands",
    help_template = "{about}\n\nGebruik / Usage: {usage}\n\n{all-args}\n"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,

    /// Taal van de meldingen (standaard uit kader.toml, anders nl) / language of the messages (default from kader.toml, else nl)
    #[arg(
        long,
        global = true,
        value_enum,
        value_name = "TAAL",
        help_heading = "Opties / Options"
    )]
    taal: Option<TaalArg>,

    /// Toon deze hulp / print this help
    #[arg(short = 'h', long = "help", global = true, action = ArgAction::Help, help_heading = "Opties / Options")]
    help: Option<bool>,

    /// Toon de versie / print the version
    #[arg(short = 'V', long = "version", action = ArgAction::Version, help_heading = "Opties / Options")]
    version: Option<bool>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Controleer de beleidsbestanden / check the policy files
    #[command(
        help_template = "{about}\n\nGebruik / Usage: {usage}\n\n{all-args}{after-help}\n",
        after_help = EXIT_HELP
    )]
    Check(CheckArgs),
    /// Leg een meldingscode uit, bijvoorbeeld K0302 / explain a diagnostic code, e.g. K0302
    #[command(help_template = "{about}\n\nGebruik / Usage: {usage}\n\n{all-args}\n")]
    Explain(ExplainArgs),
    /// Toon alle regels / list every rule
    #[command(help_template = "{about}\n\nGebruik / Usage: {usage}\n\n{all-args}\n")]
    Rules(RulesArgs),
    /// Stel het register van verwerkingsactiviteiten op (AVG art. 30) / compile the record of processing activities (GDPR Art. 30)
    #[command(help_template = "{about}\n\nGebruik / Usage: {usage}\n\n{all-args}\n")]
    Register(register::RegisterArgs),
    /// Maak een nieuwe beleidsrepository / create a new policy repository
    #[command(help_template = "{about}\n\nGebruik / Usage: {usage}\n\n{all-args}\n")]
    Init(init::InitArgs),
    /// Zet beleidsbestanden in de vaste opmaak; met --taal ook in één taal / put policy files in the canonical layout; with --taal also in one language
    #[command(
        help_template = "{about}\n\nGebruik / Usage: {usage}\n\n{all-args}{after-help}\n",
        after_help = FMT_EXIT_HELP
    )]
    Fmt(FmtArgs),
}

/// The exit statuses, as `kader fmt --help` lists them.
const FMT_EXIT_HELP: &str = "\
Met --taal nl of --taal en wordt elke Nederlandse of Engelse schrijfwijze omgezet naar die taal
/ with --taal nl or --taal en every spelling is rewritten into that language.

Afsluitstatus / exit status:
  0  alles opgemaakt (met --check: alles was al opgemaakt) / everything formatted (with --check: already was)
  1  met --check: een bestand zou veranderen; of een bestand met syntaxfouten (dat blijft onaangeroerd)
     / with --check: a file would change; or a file with syntax errors (left untouched)
  2  verkeerd gebruik, of een bestand dat niet gelezen of geschreven kan worden
     / wrong usage, or a file that cannot be read or written";

#[derive(Debug, Args)]
#[command(next_help_heading = "Opties / Options")]
struct FmtArgs {
    /// Bestanden of mappen om op te maken (standaard de hele repository) / files or folders to format (default: the whole repository)
    #[arg(value_name = "PADEN", help_heading = "Argumenten / Arguments")]
    paths: Vec<PathBuf>,

    /// Niets schrijven; toon de bestanden die zouden veranderen en sluit af met status 1 / write nothing; list the files that would change and exit with status 1
    #[arg(long)]
    check: bool,

    #[command(flatten)]
    packs: PackArgs,
}

#[derive(Debug, Args)]
#[command(next_help_heading = "Opties / Options")]
struct RulesArgs {
    /// Uitvoervorm / output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    format: Format,

    #[command(flatten)]
    packs: PackArgs,
}

#[derive(Debug, Args)]
#[command(next_help_heading = "Opties / Options")]
struct CheckArgs {
    /// Bestanden of mappen om te controleren (standaard de hele repository) / files or folders to check (default: the whole repository)
    #[arg(value_name = "PADEN", help_heading = "Argumenten / Arguments")]
    paths: Vec<PathBuf>,

    /// Uitvoervorm / output format
    #[arg(long, value_enum, default_value_t = CheckFormat::Human)]
    format: CheckFormat,

    /// Ook bij waarschuwingen afsluiten met status 1 / exit with status 1 on warnings too
    #[arg(long)]
    deny_warnings: bool,

    #[command(flatten)]
    packs: PackArgs,
}

#[derive(Debug, Args)]
#[command(next_help_heading = "Opties / Options")]
struct ExplainArgs {
    /// De code, bijvoorbeeld K0302 / the code, e.g. K0302
    #[arg(value_name = "CODE", help_heading = "Argumenten / Arguments")]
    code: String,

    #[command(flatten)]
    packs: PackArgs,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum Format {
    /// Leesbaar in de terminal / readable in the terminal
    Human,
    /// Eén JSON-object (LANGUAGE.md §7) / one JSON object
    Json,
}

/// The output formats of `kader check`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum CheckFormat {
    /// Leesbaar in de terminal / readable in the terminal
    Human,
    /// Eén JSON-object (LANGUAGE.md §7) / one JSON object
    Json,
    /// SARIF 2.1.0, voor code scanning / for code scanning
    Sarif,
    /// Annotaties voor GitHub Actions / GitHub Actions annotations
    Github,
    /// JUnit-XML, één testgeval per beleid / JUnit XML, one test case per policy
    Junit,
    /// GitLab Code Quality
    Gitlab,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
enum TaalArg {
    /// Nederlands / Dutch
    Nl,
    /// Engels / English
    En,
}

impl From<TaalArg> for Taal {
    fn from(t: TaalArg) -> Taal {
        match t {
            TaalArg::Nl => Taal::Nl,
            TaalArg::En => Taal::En,
        }
    }
}

/// Runs the command line and returns the exit status.
pub fn run() -> i32 {
    // `--version` names the embedded stdlib too: the same version with
    // other law texts or rules is another program.
    let command =
        Cli::command().version(crate::stdlib::describe_version(env!("CARGO_PKG_VERSION")));
    let cli = match command
        .try_get_matches()
        .and_then(|m| Cli::from_arg_matches(&m))
    {
        Ok(cli) => cli,
        Err(e) => {
            // clap prints help and version to stdout (status 0) and usage
            // errors to stderr (status 2).
            let _ = e.print();
            return e.exit_code();
        }
    };
    let taal = cli.taal.map(Taal::from);
    match cli.command {
        Command::Check(args) => check(&args, taal, args.packs.get()),
        Command::Explain(args) => explain(&args.code, taal, args.packs.get()),
        Command::Rules(args) => rules(args.format, taal, args.packs.get()),
        Command::Register(args) => register::run(&args, taal, args.packs.get()),
        Command::Init(args) => init::run(&args, taal),
        Command::Fmt(args) => fmt::run(&args.paths, args.check, taal, args.packs.get()),
    }
}

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
    pub(crate) fn get(&self) -> Packs {
        Packs {
            external: self.allow_external_packs,
        }
    }
}

/// Which `[pakketten] paden` folders may be read.
#[derive(Clone, Copy, Debug, Default)]
pub(crate) struct Packs {
    /// Folders outside the repository too (`--sta-pakketten-buiten-toe`).
    /// Without it such a folder is refused with K0405: a repository is
    /// checked on pull requests from anyone, and must not make kader read
    /// the files of the computer it runs on.
    pub external: bool,
}

/// Writes to stdout, ignoring a closed pipe (`kader check | head`).
fn out(text: &str) {
    let mut stdout = std::io::stdout().lock();
    let _ = stdout.write_all(text.as_bytes());
    let _ = stdout.flush();
}

/// Writes to stderr.
fn err(text: &str) {
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// Whether to colour the output: stdout is a terminal and `NO_COLOR` is not
/// set to a non-empty value (<https://no-color.org>).
fn use_color() -> bool {
    color_wanted(
        std::env::var_os("NO_COLOR").as_deref(),
        std::io::stdout().is_terminal(),
    )
}

fn color_wanted(no_color: Option<&std::ffi::OsStr>, terminal: bool) -> bool {
    let no_color = no_color.is_some_and(|v| !v.is_empty());
    !no_color && terminal
}

/// A diagnostic that belongs to no file, printed on stderr.
fn plain_error(code: &Code, message: &crate::Text, taal: Taal) -> String {
    format!(
        "[{code}] {}: {}\n",
        Severity::Error.word(taal),
        message.get(taal)
    )
}

fn explain(code: &str, taal: Option<Taal>, packs: Packs) -> i32 {
    let taal = taal.unwrap_or_else(|| {
        std::env::current_dir()
            .ok()
            .and_then(|cwd| discover::find_root(&cwd))
            .map(|root| settings_taal(&root))
            .unwrap_or_default()
    });
    if let Some(e) = explain::find(code) {
        out(&e.text(taal));
        return EXIT_OK;
    }
    // A rule code: the rules of the stdlib and of the repository's packs.
    let cwd = std::env::current_dir().unwrap_or_default();
    let loaded = load(&[], &cwd, Some(taal), packs);
    let wanted = code.trim().to_uppercase();
    let rules = &loaded.analysis.rules;
    match rules.rules.iter().position(|r| r.code == wanted) {
        Some(i) => {
            let source = rules.sources.get(i).map_or("", String::as_str);
            if let Some(rule) = rules.rules.get(i) {
                out(&crate::rules::explain(&loaded.analysis, rule, source, taal));
            }
            EXIT_OK
        }
        None => {
            let codes: Vec<&str> = rules.rules.iter().map(|r| r.code.as_str()).collect();
            let mut message = explain::unknown(code, taal);
            if let Some(s) = config::did_you_mean(&wanted, codes.iter().copied()) {
                message = match taal {
                    Taal::Nl => format!("Onbekende code `{}`. Bedoelt u `{s}`?\n", code.trim()),
                    Taal::En => format!("Unknown code `{}`. Did you mean `{s}`?\n", code.trim()),
                };
            }
            err(&message);
            EXIT_FAILURE
        }
    }
}

/// `kader rules`: every rule with its severity, waivability, summary and
/// the file it comes from.
fn rules(format: Format, taal_flag: Option<Taal>, packs: Packs) -> i32 {
    let cwd = std::env::current_dir().unwrap_or_default();
    let loaded = load(&[], &cwd, taal_flag, packs);
    let taal = loaded.taal;
    err(&loading_notes(&loaded.analysis, taal));
    let rules = &loaded.analysis.rules;
    // The rules of the stdlib and of the packs `[pakketten] paden` names;
    // not whatever `regel` items lie around below the current folder (test
    // fixtures, drafts).
    let packs: Vec<String> = loaded
        .analysis
        .config
        .packs
        .iter()
        .map(|p| {
            // Where the pack's files are, as their source paths name them
            // (a full path for a pack outside the repository that was
            // allowed).
            let real = loaded
                .root
                .as_deref()
                .and_then(|root| Some((std::fs::canonicalize(root.join(&p.value)).ok()?, root)));
            match real {
                Some((dir, root)) => format!("{}/", discover::relative(&dir, root)),
                None => {
                    let p = p.value.trim_start_matches("./").trim_end_matches('/');
                    format!("{p}/")
                }
            }
        })
        .collect();
    let listed = |source: &str| {
        source.starts_with("stdlib/") || packs.iter().any(|p| source.starts_with(p.as_str()))
    };
    let rows: Vec<output::RuleRow> = rules
        .rules
        .iter()
        .zip(&rules.sources)
        .filter(|(_, source)| listed(source))
        .map(|(r, source)| output::RuleRow {
            code: r.code.clone(),
            severity: loaded
                .analysis
                .config
                .rule_level(&r.code)
                .map_or(Some(r.severity), |o| o.level.value.severity()),
            default_severity: r.severity,
            waivable: r.waivable,
            summary: r
                .summary
                .as_ref()
                .map(|s| s.get(taal).to_string())
                .unwrap_or_default(),
            source: source.clone(),
        })
        .collect();
    match format {
        Format::Json => out(&output::rules_json(&rows)),
        Format::Human => out(&output::rules_human(&rows, taal)),
    }
    EXIT_OK
}

/// The `taal` of the `kader.toml` of `root`, or the default when it cannot
/// be read.
fn settings_taal(root: &Path) -> Taal {
    match discover::read_config(root) {
        Read::Text(text) => config::parse(FileId(0), &text).0.taal,
        _ => Taal::default(),
    }
}

/// A file as the check sees it.
struct Input {
    /// The path relative to the root, with `/` separators.
    path: String,
    read: Read,
    /// Whether its diagnostics are reported (it is one of the paths asked for).
    selected: bool,
}

/// The current folder and the asked paths made absolute, or the exit
/// status after saying which path does not exist (K0403) or that the
/// current folder cannot be read (K0401). Shared by every command that
/// takes paths.
fn resolve_paths(paths: &[PathBuf], taal: Taal) -> Result<(PathBuf, Vec<PathBuf>), i32> {
    let cwd = match std::env::current_dir() {
        Ok(cwd) => cwd,
        Err(e) => {
            let message = text!(
                "De huidige map kan niet worden gelezen: {e}",
                "The current folder cannot be read: {e}"
            );
            err(&plain_error(&K_UNREADABLE, &message, taal));
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
            err(&plain_error(&K_NO_SUCH_PATH, &message, taal));
            return Err(EXIT_FAILURE);
        }
        // A pipe, socket or device would block or never end when read.
        if !path.is_file() && !path.is_dir() {
            let shown = given.display();
            let message = text!(
                "`{shown}` is geen gewoon bestand of map en wordt niet gelezen.",
                "`{shown}` is not a regular file or folder and is not read."
            );
            err(&plain_error(&K_UNREADABLE, &message, taal));
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
fn asked_path(path: PathBuf, cwd: &Path) -> PathBuf {
    let written = discover::lexical(&path, cwd);
    match discover::find_root(&written) {
        Some(root) if written.starts_with(&root) && !discover::inside(&written, &root) => written,
        _ => std::fs::canonicalize(&path).unwrap_or(path),
    }
}

fn check(args: &CheckArgs, taal_flag: Option<Taal>, packs: Packs) -> i32 {
    let (cwd, asked) = match resolve_paths(&args.paths, taal_flag.unwrap_or_default()) {
        Ok(resolved) => resolved,
        Err(status) => return status,
    };

    let Loaded {
        root,
        taal,
        inputs,
        config_read,
        mut analysis,
    } = load(&asked, &cwd, taal_flag, packs);
    if root.is_none() {
        err(match taal {
            Taal::Nl => "Geen kader.toml gevonden: de bestanden worden gecontroleerd met de standaardinstellingen.\n",
            Taal::En => "No kader.toml found: the files are checked with the default settings.\n",
        });
    }

    // Reading problems become diagnostics on their files.
    let mut io_failure = false;
    for (path, read) in inputs
        .iter()
        .map(|i| (i.path.as_str(), &i.read))
        .chain(config_read.iter().map(|r| (CONFIG_FILE, r)))
    {
        // Most files were read as they are: nothing to add, and no search
        // through every file for each of them.
        if matches!(read, Read::Text(_)) {
            continue;
        }
        let kind = if path == CONFIG_FILE && config_read.is_some() {
            FileKind::Config
        } else {
            FileKind::Policy
        };
        let Some(file) = analysis
            .files
            .iter_mut()
            .find(|f| f.kind == kind && f.path == path)
        else {
            continue;
        };
        if let Read::NotUtf8 { replaced, .. } = read {
            // The replacement characters stand for bytes K0402 reports; what
            // the parser says about them would only repeat that.
            file.diagnostics.retain(|d| {
                !replaced
                    .iter()
                    .any(|r| r.contains(&(d.span.start as usize)))
            });
        }
        if let Some(d) = read_diagnostic(file.id, path, read) {
            io_failure |= d.code == K_UNREADABLE;
            file.diagnostics.push(d);
            file.diagnostics.sort_by_key(|d| (d.span.start, d.span.end));
        }
    }

    let shown: HashSet<&str> = inputs
        .iter()
        .filter(|i| i.selected)
        .map(|i| i.path.as_str())
        .collect();
    let reported = reported(&analysis, &shown);
    let mut summary = Summary::default();
    summary.count(&reported);
    // A link that was not followed is reported, but no file was checked.
    let skipped: HashSet<&str> = inputs
        .iter()
        .filter(|i| matches!(i.read, Read::Outside { .. }))
        .map(|i| i.path.as_str())
        .collect();
    for file in analysis.policy_files() {
        if shown.contains(file.path.as_str()) && !skipped.contains(file.path.as_str()) {
            summary.files += 1;
            summary.items += file.tree.items.len();
        }
    }

    if summary.files == 0 {
        err(match taal {
            Taal::Nl => "Geen .kader-bestanden gevonden.\n",
            Taal::En => "No .kader files found.\n",
        });
    }

    match args.format {
        CheckFormat::Json => out(&output::json(&analysis, &reported, &summary, taal)),
        CheckFormat::Human => out(&output::human(
            &analysis,
            &reported,
            &summary,
            taal,
            use_color(),
        )),
        CheckFormat::Sarif => out(&ci::sarif(&analysis, &reported, taal)),
        CheckFormat::Github => out(&ci::github(&analysis, &reported, taal)),
        CheckFormat::Junit => out(&ci::junit(&analysis, &reported, taal, args.deny_warnings)),
        CheckFormat::Gitlab => out(&ci::gitlab(&analysis, &reported, taal)),
    }

    let config_failure = analysis
        .files
        .iter()
        .filter(|f| f.kind == FileKind::Config)
        .flat_map(|f| &f.diagnostics)
        .any(|d| d.severity == Severity::Error);
    exit_status(&summary, io_failure || config_failure, args.deny_warnings)
}

/// A repository read from disk and analysed.
struct Loaded {
    root: Option<PathBuf>,
    taal: Taal,
    inputs: Vec<Input>,
    config_read: Option<Read>,
    analysis: crate::Analysis,
}

/// Finds the repository of `asked` (or `cwd`), reads its `kader.toml` and
/// files, and analyses them: the one way every command loads a repository.
/// Nothing outside the repository is read (see [`discover`]): links that
/// lead out get K0404 on the link, pack folders outside get K0405 in
/// `kader.toml` unless `packs` allows them.
fn load(asked: &[PathBuf], cwd: &Path, taal_flag: Option<Taal>, packs: Packs) -> Loaded {
    let root = discover::find_root(asked.first().map_or(cwd, PathBuf::as_path));
    let root_dir = root
        .clone()
        .unwrap_or_else(|| std::fs::canonicalize(cwd).unwrap_or(cwd.to_path_buf()));

    // kader.toml is read first: `exclude`, `paden` and `taal` shape the rest.
    let config_read = root.as_ref().map(|r| discover::read_config(r));
    let settings = match &config_read {
        Some(Read::Text(text)) | Some(Read::NotUtf8 { text, .. }) => {
            config::parse(FileId(0), text).0
        }
        _ => Config::default(),
    };
    let taal = taal_flag.unwrap_or(settings.taal);
    let (inputs, refused) = gather(asked, root.as_deref(), &root_dir, &settings, packs);
    let sources: Vec<Source> = inputs
        .iter()
        .map(|i| {
            let text = match &i.read {
                Read::Text(t) | Read::NotUtf8 { text: t, .. } => t.clone(),
                Read::Failed(_) | Read::Outside { .. } => String::new(),
            };
            Source::new(i.path.clone(), text)
        })
        .collect();
    let config_source = config_read.as_ref().map(|r| {
        let text = match r {
            Read::Text(t) | Read::NotUtf8 { text: t, .. } => t.clone(),
            Read::Failed(_) | Read::Outside { .. } => String::new(),
        };
        Source::new(CONFIG_FILE, text)
    });
    let mut analysis = crate::analyse(&sources, config_source.as_ref());
    for file in &mut analysis.files {
        let read = match file.kind {
            FileKind::Stdlib => None,
            FileKind::Config => config_read.as_ref(),
            FileKind::Policy => inputs
                .binary_search_by(|i| i.path.as_str().cmp(&file.path))
                .ok()
                .and_then(|at| inputs.get(at))
                .map(|i| &i.read),
        };
        if let Some(Read::Outside { folder }) = read {
            let d = discover::outside_warning(file.id, &file.path, *folder);
            file.diagnostics.insert(0, d);
        }
        if file.kind == FileKind::Config {
            for entry in &refused {
                let span = Span::new(file.id, entry.span.start as usize, entry.span.end as usize);
                file.diagnostics
                    .push(discover::pack_refused(span, &entry.value));
            }
            file.diagnostics.sort_by_key(|d| (d.span.start, d.span.end));
        }
    }
    Loaded {
        root,
        taal,
        inputs,
        config_read,
        analysis,
    }
}

/// The K0404 and K0405 findings of a loaded repository as lines for
/// stderr, for the commands that print no diagnostics themselves (`fmt`,
/// `register`, `rules`): what was not read must not go unnoticed.
fn loading_notes(analysis: &Analysis, taal: Taal) -> String {
    let mut lines = String::new();
    for file in &analysis.files {
        for d in &file.diagnostics {
            if d.code == K_OUTSIDE_LINK || d.code == K_PACK_OUTSIDE {
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

/// The exit status, from the counts and whether a file or the configuration
/// could not be used.
fn exit_status(summary: &Summary, failure: bool, deny_warnings: bool) -> i32 {
    if failure {
        EXIT_FAILURE
    } else if summary.errors > 0 || (deny_warnings && summary.warnings > 0) {
        EXIT_ERRORS
    } else {
        EXIT_OK
    }
}

/// The files to analyse, sorted by path. With a repository root, that is the
/// whole repository (every file shares one namespace, so names in the asked
/// files resolve), plus the folders of `[pakketten] paden`; only the asked
/// paths are reported. Without a root, just the asked paths (or the current
/// folder). Symbolic links that lead outside the repository come back as
/// [`Read::Outside`], unread; the pack entries outside the repository that
/// `packs` does not allow come back as the second list, unread.
fn gather(
    asked: &[PathBuf],
    root: Option<&Path>,
    root_dir: &Path,
    settings: &Config,
    packs: Packs,
) -> (Vec<Input>, Vec<config::Setting<String>>) {
    let exclude = Exclude::new(settings.exclude.iter().map(|s| s.value.as_str()));
    let mut selected: HashSet<PathBuf> = HashSet::new();
    let mut outside: Vec<discover::Link> = Vec::new();
    for path in asked {
        let found = discover::discover(path, root_dir, root_dir, &exclude);
        selected.extend(found.files);
        selected.extend(found.outside.iter().map(|l| l.path.clone()));
        outside.extend(found.outside);
    }
    // `kader.toml` named on the command line is read as the settings (its
    // findings are always reported), not as a policy file.
    selected.retain(|p| p.file_name().is_none_or(|n| n != CONFIG_FILE));
    let mut refused = Vec::new();
    let mut all: Vec<PathBuf> = match root {
        Some(root) => {
            let found = discover::discover(root, root, root, &exclude);
            let mut all = found.files;
            outside.extend(found.outside);
            for pack in &settings.packs {
                let dir = root.join(&pack.value);
                if !dir.is_dir() {
                    continue;
                }
                let boundary = match discover::pack_outside(root, &pack.value) {
                    Some(_) if !packs.external => {
                        refused.push(pack.clone());
                        continue;
                    }
                    Some(real) => real,
                    None => root.to_path_buf(),
                };
                let dir = std::fs::canonicalize(&dir).unwrap_or(dir);
                let found = discover::discover(&dir, root, &boundary, &exclude);
                all.extend(found.files);
                outside.extend(found.outside);
            }
            all.extend(selected.iter().cloned());
            all
        }
        None if asked.is_empty() => {
            let found = discover::discover(root_dir, root_dir, root_dir, &exclude);
            outside.extend(found.outside);
            found.files
        }
        None => selected.iter().cloned().collect(),
    };
    let links: HashSet<PathBuf> = outside.iter().map(|l| l.path.clone()).collect();
    all.retain(|p| !links.contains(p));
    let everything_selected = asked.is_empty();
    let mut files: Vec<(String, PathBuf)> = all
        .drain(..)
        .map(|p| (discover::relative(&p, root_dir), p))
        .collect();
    files.sort();
    files.dedup_by(|a, b| a.0 == b.0);
    let paths: Vec<PathBuf> = files.iter().map(|(_, p)| p.clone()).collect();
    let reads = discover::read_all(&paths);
    let mut inputs: Vec<Input> = files
        .into_iter()
        .zip(reads)
        .map(|((path, full), read)| Input {
            selected: everything_selected || selected.contains(&full),
            path,
            read,
        })
        .collect();
    for link in outside {
        let path = discover::relative(&link.path, root_dir);
        if inputs.iter().any(|i| i.path == path) {
            continue;
        }
        inputs.push(Input {
            selected: everything_selected || selected.contains(&link.path),
            path,
            read: Read::Outside {
                folder: link.folder,
            },
        });
    }
    inputs.sort_by(|a, b| a.path.cmp(&b.path));
    (inputs, refused)
}

/// The diagnostic for a file that could not be read or is not UTF-8.
fn read_diagnostic(file: FileId, path: &str, read: &Read) -> Option<Diagnostic> {
    match read {
        // `load` has attached K0404 already.
        Read::Text(_) | Read::Outside { .. } => None,
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
                    K_NOT_UTF8,
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
                    K_UNREADABLE,
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

/// The diagnostics to print: those of the asked files and of `kader.toml`,
/// file by file. Diagnostics in the stdlib are printed too: they should never
/// happen, and hiding them would hide a fault in kader itself.
fn reported<'a>(analysis: &'a Analysis, shown: &HashSet<&str>) -> Vec<&'a Diagnostic> {
    let mut out: Vec<&Diagnostic> = Vec::new();
    for file in &analysis.files {
        let show = match file.kind {
            FileKind::Stdlib | FileKind::Config => true,
            FileKind::Policy => shown.contains(file.path.as_str()),
        };
        if show {
            out.extend(file.diagnostics.iter());
        }
    }
    out
}

/// The command line's own diagnostic codes: files and I/O (K04xx).
pub static CODES: &[CodeInfo] = &[
    CodeInfo {
        code: "K0401",
        title_nl: "Bestand kan niet worden gelezen",
        title_en: "File cannot be read",
        explanation_nl: "kader kon dit bestand niet openen of lezen, bijvoorbeeld omdat u er geen leesrechten op hebt of omdat het tijdens de controle werd verwijderd. De andere bestanden zijn wel gecontroleerd, maar omdat een deel van de repository ontbreekt, sluit `kader check` af met status 2.",
        explanation_en: "kader could not open or read this file, for example because you lack read permission or because it was removed during the check. The other files were checked, but because part of the repository is missing, `kader check` exits with status 2.",
        wrong: "$ chmod a-r beleid/tanthof.kader\n$ kader check",
        right: "$ chmod u+r beleid/tanthof.kader\n$ kader check",
    },
    CodeInfo {
        code: "K0402",
        title_nl: "Bestand is geen UTF-8",
        title_en: "File is not UTF-8",
        explanation_nl: "kader-bestanden zijn UTF-8-tekst. Dit bestand bevat bytes die geen UTF-8 zijn, vaak omdat het is opgeslagen in een oudere codering zoals Windows-1252 (Latin-1). De melding noemt de positie van de eerste ongeldige byte. Het bestand is gelezen met een vervangteken op die plekken; sla het opnieuw op als UTF-8.",
        explanation_en: "kader files are UTF-8 text. This file contains bytes that are not UTF-8, often because it was saved in an older encoding such as Windows-1252 (Latin-1). The message gives the position of the first invalid byte. The file was read with a replacement character in those places; save it again as UTF-8.",
        wrong: "titel: \"Caf\\xE9 De Gemeente\"   // é opgeslagen als Latin-1-byte 0xE9 / é saved as Latin-1 byte 0xE9",
        right: "titel: \"Café De Gemeente\"      // opgeslagen als UTF-8 / saved as UTF-8",
    },
    CodeInfo {
        code: "K0403",
        title_nl: "Pad bestaat niet",
        title_en: "Path does not exist",
        explanation_nl: "Een bestand of map die u aan `kader check` meegaf, bestaat niet. Controleer de spelling; paden zijn relatief aan de map waarin u de opdracht geeft.",
        explanation_en: "A file or folder you gave to `kader check` does not exist. Check the spelling; paths are relative to the folder you run the command in.",
        wrong: "$ kader check beleid/tanthoff.kader",
        right: "$ kader check beleid/tanthof.kader",
    },
    CodeInfo {
        code: "K0404",
        title_nl: "Link naar iets buiten de repository",
        title_en: "Link to something outside the repository",
        explanation_nl: "Dit bestand of deze map in de repository is een snelkoppeling (symbolische link) naar een bestand of map buiten de repository. kader volgt zo'n link niet en leest het doel niet: een repository wordt vaak gecontroleerd op wijzigingsverzoeken van anderen, en zo'n link zou bestanden van de computer die de controle uitvoert in de meldingen kunnen laten verschijnen. De melding noemt alleen de link, nooit het doel. Links die binnen de repository blijven, werken gewoon.",
        explanation_en: "This file or folder in the repository is a shortcut (symbolic link) to a file or folder outside the repository. kader does not follow such a link and does not read its target: a repository is often checked on change requests from others, and such a link could make files of the computer running the check appear in the messages. The message names only the link, never its target. Links that stay inside the repository work as usual.",
        wrong: "$ ln -s /etc/gemeente/beleid.kader beleid/extern.kader\n$ kader check",
        right: "$ cp /etc/gemeente/beleid.kader beleid/extern.kader\n$ kader check",
    },
    CodeInfo {
        code: "K0405",
        title_nl: "Pakketmap buiten de repository",
        title_en: "Pack folder outside the repository",
        explanation_nl: "Een map in `[pakketten] paden` ligt buiten de repository (bijvoorbeeld `../regels`, of een link naar een andere map). kader leest zo'n map alleen als u dat bij het starten uitdrukkelijk toestaat met `--sta-pakketten-buiten-toe`, want een repository mag kader geen bestanden laten lezen van de computer waarop de controle draait. Zonder die optie zijn de regels uit het pakket niet gecontroleerd, en sluit `kader check` af met status 2.",
        explanation_en: "A folder in `[pakketten] paden` lies outside the repository (for example `../regels`, or a link to another folder). kader reads such a folder only when you explicitly allow it when starting kader, with `--allow-external-packs`, because a repository must not make kader read files of the computer the check runs on. Without that option the pack's rules were not checked, and `kader check` exits with status 2.",
        wrong: "[pakketten]\npaden = [\"../regels\"]",
        right: "[pakketten]\npaden = [\"regels/\"]   # het pakket in de repository / the pack inside the repository",
    },
];

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn the_command_line_definition_is_consistent() {
        Cli::command().debug_assert();
    }

    #[test]
    fn exit_status_policy() {
        let clean = Summary::default();
        let warned = Summary {
            warnings: 1,
            ..clean
        };
        let failed = Summary { errors: 1, ..clean };
        assert_eq!(exit_status(&clean, false, true), EXIT_OK);
        assert_eq!(exit_status(&warned, false, false), EXIT_OK);
        assert_eq!(exit_status(&warned, false, true), EXIT_ERRORS);
        assert_eq!(exit_status(&failed, false, false), EXIT_ERRORS);
        assert_eq!(exit_status(&failed, true, false), EXIT_FAILURE);
        assert_eq!(exit_status(&clean, true, false), EXIT_FAILURE);
    }

    #[test]
    fn colour_only_on_a_terminal_without_no_color() {
        use std::ffi::OsStr;
        assert!(color_wanted(None, true));
        assert!(!color_wanted(None, false));
        assert!(!color_wanted(Some(OsStr::new("1")), true));
        // An empty NO_COLOR does not count (https://no-color.org).
        assert!(color_wanted(Some(OsStr::new("")), true));
    }

    #[test]
    fn every_io_code_has_an_entry() {
        for code in [
            &K_UNREADABLE,
            &K_NOT_UTF8,
            &K_NO_SUCH_PATH,
            &K_OUTSIDE_LINK,
            &K_PACK_OUTSIDE,
        ] {
            let info = CODES.iter().find(|c| c.code == code.as_str()).unwrap();
            assert!(!info.title_nl.is_empty() && !info.explanation_en.is_empty());
            assert_ne!(info.wrong, info.right);
        }
    }
}

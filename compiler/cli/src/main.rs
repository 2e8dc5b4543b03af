//! The command line: argument parsing, file discovery, output, exit codes.
//!
//! `kader check` finds the repository root (the nearest folder with
//! `kader.toml`), reads every `.kader` file below it in parallel, hands the
//! texts to [`kader::analyse`] and prints what it found. Reading problems
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

#![cfg_attr(
    test,
    allow(
        clippy::unwrap_used,
        clippy::expect_used,
        clippy::panic,
        clippy::indexing_slicing
    )
)]

mod ci;
mod command;
mod diff;
mod explain;
mod fmt;
mod init;
mod output;
mod register;
mod toets;
mod vingerafdruk;
mod waarom;
mod write;

/// jemalloc: on the national-scale repository it holds less memory than
/// glibc's malloc for the same work (see the README's table).
#[cfg(not(windows))]
#[global_allocator]
static ALLOCATOR: tikv_jemallocator::Jemalloc = tikv_jemallocator::Jemalloc;

use clap::{ArgAction, Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};
use command::{
    err, load, loading_notes, out, Loaded, PackArgs, EXIT_ERRORS, EXIT_FAILURE, EXIT_OK,
};
use kader::config;
use kader::diagnostics::{Diagnostic, Taal};
use kader::reading::Read;
use kader::FileId;
use kader::{Analysis, FileKind};
use kader_project::discover;
use kader_project::{LoadOptions, Project};
use output::Summary;
use std::collections::HashSet;
use std::io::IsTerminal;
use std::path::{Path, PathBuf};

/// The exit statuses, as `kader check --help` lists them.
const EXIT_HELP: &str = "\
Afsluitstatus / exit status:
  0  geen fouten (waarschuwingen mogen, tenzij --deny-warnings) / no errors (warnings allowed unless --deny-warnings)
  1  fouten gevonden / errors found
  2  verkeerd gebruik, kader.toml met fouten, of een bestand dat niet gelezen kan worden
     / wrong usage, kader.toml with errors, or a file that cannot be read";

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
    /// Wat er juridisch veranderde sinds een versie (standaard HEAD) / what changed legally since a revision (default: HEAD)
    #[command(help_template = "{about}\n\nGebruik / Usage: {usage}\n\n{all-args}\n")]
    Diff(diff::DiffArgs),
    /// Maak een nieuwe beleidsrepository / create a new policy repository
    #[command(help_template = "{about}\n\nGebruik / Usage: {usage}\n\n{all-args}\n")]
    Init(init::InitArgs),
    /// Zet beleidsbestanden in de vaste opmaak; met --taal ook in één taal / put policy files in the canonical layout; with --taal also in one language
    #[command(
        help_template = "{about}\n\nGebruik / Usage: {usage}\n\n{all-args}{after-help}\n",
        after_help = FMT_EXIT_HELP
    )]
    Fmt(FmtArgs),
    /// Toon de vingerafdruk van een beleid, voor het advies van de FG (fg_advies_over) / print the fingerprint of a policy, for the DPO's advice (dpo_advice_on)
    #[command(
        visible_alias = "fingerprint",
        help_template = "{about}\n\nGebruik / Usage: {usage}\n\n{all-args}\n"
    )]
    Vingerafdruk(vingerafdruk::VingerafdrukArgs),
    /// Draai de toetsen (`toets`) van de repository / run the repository's tests (`test`)
    #[command(
        help_template = "{about}\n\nGebruik / Usage: {usage}\n\n{all-args}{after-help}\n",
        after_help = toets::TEST_EXIT_HELP
    )]
    Test(toets::TestArgs),
    /// Waarom een regel afgaat voor een beleid, of niet: elke voorwaarde met de waarden die zij las / why a rule fires for a policy, or not: every condition with the values it read
    #[command(
        visible_alias = "why",
        help_template = "{about}\n\nGebruik / Usage: {usage}\n\n{all-args}\n"
    )]
    Waarom(waarom::WaaromArgs),
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

fn main() {
    std::process::exit(run());
}

/// Runs the command line and returns the exit status.
fn run() -> i32 {
    // `--version` names the embedded stdlib too: the same version with
    // other law texts or rules is another program.
    let command =
        Cli::command().version(kader::stdlib::describe_version(env!("CARGO_PKG_VERSION")));
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
    let status = match cli.command {
        Command::Check(args) => check(&args, taal, args.packs.get()),
        Command::Explain(args) => explain(&args.code, taal, args.packs.get()),
        Command::Rules(args) => rules(args.format, taal, args.packs.get()),
        Command::Register(args) => register::run(&args, taal, args.packs.get()),
        Command::Diff(args) => diff::run(&args, taal, args.packs.get()),
        Command::Init(args) => init::run(&args, taal),
        Command::Fmt(args) => fmt::run(&args.paths, args.check, taal, args.packs.get()),
        Command::Vingerafdruk(args) => vingerafdruk::run(&args, taal, args.packs.get()),
        Command::Test(args) => toets::run(&args, taal, args.packs.get()),
        Command::Waarom(args) => waarom::run(&args, taal, args.packs.get()),
    };
    command::status_after_writing(status, taal.unwrap_or_default())
}

fn explain(code: &str, taal: Option<Taal>, packs: LoadOptions) -> i32 {
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
                out(&kader::ide::explain_rule(
                    &loaded.analysis,
                    rule,
                    source,
                    taal,
                ));
            }
            EXIT_OK
        }
        None => {
            let codes: Vec<&str> = rules.rules.iter().map(|r| r.code.as_str()).collect();
            let mut message = explain::unknown(code, taal);
            if let Some(s) = kader::did_you_mean(&wanted, codes.iter().copied()) {
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
fn rules(format: Format, taal_flag: Option<Taal>, packs: LoadOptions) -> i32 {
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
            let real =
                loaded.project.root.as_deref().and_then(|root| {
                    Some((std::fs::canonicalize(root.join(&p.value)).ok()?, root))
                });
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
            code: r.code.to_string(),
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

fn check(args: &CheckArgs, taal_flag: Option<Taal>, packs: LoadOptions) -> i32 {
    let Loaded {
        project,
        taal,
        analysis,
        unreadable,
    } = match command::load_paths(&args.paths, taal_flag, packs, Project::analyse_hollow) {
        Ok(loaded) => loaded,
        Err(status) => return status,
    };
    let inputs = &project.inputs;
    if project.root.is_none() {
        err(match taal {
            Taal::Nl => "Geen kader.toml gevonden: de bestanden worden gecontroleerd met de standaardinstellingen.\n",
            Taal::En => "No kader.toml found: the files are checked with the default settings.\n",
        });
    }

    let shown: HashSet<&str> = command::selected(&project);
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

    command::out_with(|to| match args.format {
        CheckFormat::Json => output::json(&analysis, &reported, &summary, taal, to),
        CheckFormat::Human => output::human(&analysis, &reported, &summary, taal, use_color(), to),
        CheckFormat::Sarif => ci::sarif_to(&analysis, &reported, taal, to),
        CheckFormat::Github => to.write_all(ci::github(&analysis, &reported, taal).as_bytes()),
        CheckFormat::Junit => {
            to.write_all(ci::junit(&analysis, &reported, taal, args.deny_warnings).as_bytes())
        }
        CheckFormat::Gitlab => to.write_all(ci::gitlab(&analysis, &reported, taal).as_bytes()),
    });

    let failure = unreadable || command::config_failure(&analysis);
    // The process ends right after this: freeing every tree and finding
    // one by one would only cost time, so the memory goes back to the
    // system at exit instead.
    std::mem::forget(analysis);
    std::mem::forget(project);
    exit_status(&summary, failure, args.deny_warnings)
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
}

//! `kader register`: the register of processing activities (AVG art. 30
//! lid 1) of the repository, in Markdown, HTML, CSV or JSON, or with
//! `--publiek` the transparency page for residents; or, with `--format
//! algoritmeregister`, the entries for the national Algoritmeregister of
//! every policy that uses an algorithm.
//!
//! The repository is loaded exactly as `kader check` loads it, so the
//! register shows the same findings; a policy with errors is in the register,
//! marked as not compliant. The exit status is 0 when the register was
//! written (whatever the policies contain) and 2 when it could not be (no
//! such folder, or the output file cannot be written).

use crate::command::{err, load_folder, loading_notes, out, EXIT_FAILURE, EXIT_OK};
use clap::{Args, ValueEnum};
use kader::diagnostics::Taal;
use kader::report;
use std::path::PathBuf;

/// The arguments of `kader register`.
#[derive(Debug, Args)]
#[command(next_help_heading = "Opties / Options")]
pub struct RegisterArgs {
    /// De map van de repository (standaard de huidige) / the repository folder (default: the current one)
    #[arg(value_name = "MAP", help_heading = "Argumenten / Arguments")]
    dir: Option<PathBuf>,

    /// Uitvoervorm / output format
    #[arg(long, value_enum, default_value_t = RegisterFormat::Markdown)]
    format: RegisterFormat,

    /// Alleen wat openbaar mag: de transparantiepagina voor inwoners / only what may be public: the transparency page for residents
    #[arg(long)]
    publiek: bool,

    /// Schrijf naar dit bestand in plaats van naar het scherm / write to this file instead of the screen
    #[arg(long, value_name = "BESTAND")]
    uit: Option<PathBuf>,

    #[command(flatten)]
    pub(crate) packs: crate::command::PackArgs,
}

/// The output formats of the register.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum RegisterFormat {
    /// Markdown, voor een wiki of merge request / for a wiki or merge request
    Markdown,
    /// Eén HTML-bestand om te lezen en af te drukken / one HTML file to read and print
    Html,
    /// CSV, één regel per beleid, voor spreadsheets / one row per policy, for spreadsheets
    Csv,
    /// JSON
    Json,
    /// JSON voor het landelijke Algoritmeregister (publicatiestandaard 1.0.0), alleen beleid met een algoritme / JSON for the national algorithm register (publication standard 1.0.0), only policies that use an algorithm
    Algoritmeregister,
}

/// Runs `kader register`.
pub(crate) fn run(
    args: &RegisterArgs,
    taal_flag: Option<Taal>,
    packs: kader_project::LoadOptions,
) -> i32 {
    let loaded = match load_folder(args.dir.as_deref(), taal_flag, packs) {
        Ok(loaded) => loaded,
        Err(status) => return status,
    };
    let taal = loaded.taal;
    err(&loading_notes(&loaded.analysis, taal));
    if loaded.project.root.is_none() {
        err(match taal {
            Taal::Nl => "Geen kader.toml gevonden: het register noemt geen gemeente.\n",
            Taal::En => "No kader.toml found: the register names no municipality.\n",
        });
    }
    let mut register = report::build(&loaded.analysis, taal);
    if args.publiek {
        register = register.public();
    }
    let algorithms = (args.format == RegisterFormat::Algoritmeregister)
        .then(|| report::algoritmeregister::build(&loaded.analysis, taal));
    let text = match (args.format, &algorithms) {
        (RegisterFormat::Markdown, _) => report::markdown::render(&register),
        (RegisterFormat::Html, _) => report::html::render(&register),
        (RegisterFormat::Csv, _) => report::csv::render(&register),
        (RegisterFormat::Algoritmeregister, Some(found)) => {
            report::algoritmeregister::to_json(found)
        }
        _ => register.to_json(),
    };
    if let Some(found) = &algorithms {
        err(&algorithm_notes(found, taal));
    }
    let (total, bad) = register.counts();
    match &args.uit {
        None => out(&text),
        Some(path) => {
            let path = std::env::current_dir().unwrap_or_default().join(path);
            if let Err(e) = crate::write::replace(&path, None, text.as_bytes()) {
                let e = e.get(taal);
                err(&match taal {
                    Taal::Nl => format!(
                        "fout: `{}` kan niet worden geschreven: {e}\n",
                        path.display()
                    ),
                    Taal::En => format!("error: `{}` cannot be written: {e}\n", path.display()),
                });
                return EXIT_FAILURE;
            }
            if let Some(found) = &algorithms {
                let n = found.len();
                err(&match taal {
                    Taal::Nl => format!(
                        "Algoritmeregister geschreven naar {}: {n} van de {total} verwerkingen gebruiken een algoritme.\n",
                        path.display()
                    ),
                    Taal::En => format!(
                        "Algorithm register written to {}: {n} of the {total} policies use an algorithm.\n",
                        path.display()
                    ),
                });
                return EXIT_OK;
            }
            err(&match taal {
                Taal::Nl => format!(
                    "Register geschreven naar {}: {total} verwerkingen, waarvan {bad} niet in orde.\n",
                    path.display()
                ),
                Taal::En => format!(
                    "Register written to {}: {total} policies, {bad} of them not compliant.\n",
                    path.display()
                ),
            });
        }
    }
    if total == 0 {
        err(match taal {
            Taal::Nl => "Geen beleid gevonden: het register is leeg.\n",
            Taal::En => "No policy found: the register is empty.\n",
        });
    }
    EXIT_OK
}

/// What the person running kader must know about the algorithm register:
/// the fields nothing fills, per entry; that no policy qualifies; and that
/// the register itself takes only Dutch.
fn algorithm_notes(found: &[report::algoritmeregister::Algorithm], taal: Taal) -> String {
    let mut out = report::algoritmeregister::missing_note(found, taal);
    if found.is_empty() {
        out.push_str(match taal {
            Taal::Nl => "Geen beleid met een algoritme (een geautomatiseerde methode, profilering of besluiten zonder menselijke tussenkomst): er is niets voor het Algoritmeregister.\n",
            Taal::En => "No policy uses an algorithm (an automated method, profiling or decisions without human involvement): there is nothing for the algorithm register.\n",
        });
    }
    if taal == Taal::En {
        out.push_str("Note: publication standard 1.0.0 accepts registrations in Dutch only (`lang` \"nld\"); this English version (`lang` \"eng\") is for reading, not for submitting. Run with `--taal nl` to submit.\n");
    }
    out
}

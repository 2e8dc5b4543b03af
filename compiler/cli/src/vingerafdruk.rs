//! `kader vingerafdruk BELEID` / `kader fingerprint POLICY`: the fingerprint
//! of a policy's meaning (see `kader::fingerprint`), to record with the
//! advice of the data protection officer in `fg_advies_over`.
//!
//! The repository is loaded exactly as `kader check` loads it. The exit
//! status is 0 when the fingerprint was printed, 2 when the folder or the
//! policy does not exist. A policy with errors still gets a fingerprint,
//! with a note on stderr: a value that does not check counts as unknown.

use crate::command::{err, find_policy, load_folder, loading_notes, out, EXIT_FAILURE, EXIT_OK};
use clap::{Args, ValueEnum};
use kader::diagnostics::{Severity, Taal};
use serde::Serialize;
use std::path::PathBuf;

/// The arguments of `kader vingerafdruk`.
#[derive(Debug, Args)]
#[command(next_help_heading = "Opties / Options")]
pub struct VingerafdrukArgs {
    /// De naam van het beleid, bijvoorbeeld markt_2024 / the name of the policy, e.g. markt_2024
    #[arg(
        value_name = "BELEID",
        help_heading = "Argumenten / Arguments",
        display_order = 0
    )]
    name: String,

    /// De map van de repository (standaard de huidige) / the repository folder (default: the current one)
    #[arg(
        value_name = "MAP",
        help_heading = "Argumenten / Arguments",
        display_order = 1
    )]
    dir: Option<PathBuf>,

    /// Uitvoervorm / output format
    #[arg(long, value_enum, default_value_t = FingerprintFormat::Human)]
    format: FingerprintFormat,

    #[command(flatten)]
    pub(crate) packs: crate::command::PackArgs,
}

/// The output formats of `kader vingerafdruk`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum FingerprintFormat {
    /// Alleen de vingerafdruk / only the fingerprint
    Human,
    /// Eén JSON-object met naam, bestand, vingerafdruk en versie / one JSON object with name, file, fingerprint and version
    Json,
}

/// The JSON object of `kader vingerafdruk --format json`.
#[derive(Debug, Serialize)]
struct Output<'a> {
    /// The policy's name.
    name: &'a str,
    /// The file it is written in, relative to the repository root.
    file: &'a str,
    /// `sha256:` and 64 hexadecimal digits.
    fingerprint: &'a str,
    /// The version of the canonical form, `kader-vingerafdruk/1`.
    version: &'a str,
}

/// Runs `kader vingerafdruk`.
pub(crate) fn run(
    args: &VingerafdrukArgs,
    taal_flag: Option<Taal>,
    packs: kader_project::LoadOptions,
) -> i32 {
    let loaded = match load_folder(args.dir.as_deref(), taal_flag, packs) {
        Ok(loaded) => loaded,
        Err(status) => return status,
    };
    let taal = loaded.taal;
    let analysis = &loaded.analysis;
    err(&loading_notes(analysis, taal));
    let wanted = args.name.trim();
    let (file, policy) = match find_policy(analysis, wanted, taal) {
        Ok(found) => found,
        Err(message) => {
            err(&format!("{message}\n"));
            return EXIT_FAILURE;
        }
    };
    let print = analysis.fingerprint(policy);
    let errors = file
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .filter(|d| d.span.start >= policy.span.start && d.span.end <= policy.span.end)
        .count();
    if errors > 0 {
        err(&match taal {
            Taal::Nl => format!(
                "Let op: `{wanted}` heeft {errors} fout(en); een waarde die niet klopt, telt als onbekend. Los de fouten op voordat de FG advies geeft (`kader check`).\n"
            ),
            Taal::En => format!(
                "Note: `{wanted}` has {errors} error(s); a value that does not check counts as unknown. Fix the errors before the DPO advises (`kader check`).\n"
            ),
        });
    }
    match args.format {
        FingerprintFormat::Human => out(&format!("{print}\n")),
        FingerprintFormat::Json => {
            let output = Output {
                name: wanted,
                file: &file.path,
                fingerprint: &print,
                version: kader::fingerprint::VERSION,
            };
            out(&(serde_json::to_string_pretty(&output).unwrap_or_default() + "\n"));
        }
    }
    EXIT_OK
}

//! `kader waarom BELEID [REGEL]` / `kader why POLICY [RULE]`: the decision
//! trace of a policy: every rule that fired, or with a rule code that one
//! rule whether it fired or not; each clause with the values it read (with
//! `file:line`) and whether it held (see `kader::rules::Trace`).
//!
//! The repository is loaded exactly as `kader check` loads it. The exit
//! status is 0 when the trace was printed, 2 when the folder, the policy or
//! the rule does not exist.

use crate::command::{err, find_policy, load_folder, loading_notes, out, EXIT_FAILURE, EXIT_OK};
use clap::{Args, ValueEnum};
use kader::diagnostics::Taal;
use kader::report::trace;
use std::path::PathBuf;

/// The arguments of `kader waarom`.
#[derive(Debug, Args)]
#[command(next_help_heading = "Opties / Options")]
pub struct WaaromArgs {
    /// De naam van het beleid, bijvoorbeeld markt_2024 / the name of the policy, e.g. markt_2024
    #[arg(
        value_name = "BELEID",
        help_heading = "Argumenten / Arguments",
        display_order = 0
    )]
    name: String,

    /// Een regelcode, bijvoorbeeld OO-STELSELMATIG: die regel, ook als zij niet afgaat (standaard: elke regel die afgaat) / a rule code: that rule, also when it does not fire (default: every rule that fires)
    #[arg(
        value_name = "REGEL",
        help_heading = "Argumenten / Arguments",
        display_order = 1
    )]
    rule: Option<String>,

    /// De map van de repository (standaard de huidige) / the repository folder (default: the current one)
    #[arg(long = "map", visible_alias = "dir", value_name = "MAP")]
    dir: Option<PathBuf>,

    /// Uitvoervorm / output format
    #[arg(long, value_enum, default_value_t = WaaromFormat::Human)]
    format: WaaromFormat,

    #[command(flatten)]
    pub(crate) packs: crate::command::PackArgs,
}

/// The output formats of `kader waarom`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum WaaromFormat {
    /// Tekst met per voorwaarde ✓ of ✗ / text with ✓ or ✗ per condition
    Human,
    /// Markdown, zoals de editor het toont / Markdown, as the editor shows it
    Markdown,
    /// Eén JSON-object met een boom per regel / one JSON object with a tree per rule
    Json,
}

/// Runs `kader waarom`.
pub(crate) fn run(
    args: &WaaromArgs,
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
    let traces = match &args.rule {
        Some(code) => {
            let code = code.trim().to_uppercase();
            match analysis.trace(policy, &code) {
                Some(t) => vec![t],
                None => {
                    err(&format!("{}\n", unknown_rule(analysis, &code, taal)));
                    return EXIT_FAILURE;
                }
            }
        }
        None => analysis.traces(policy),
    };
    match args.format {
        WaaromFormat::Human | WaaromFormat::Markdown if traces.is_empty() => {
            out(&match taal {
                Taal::Nl => format!("Voor `{wanted}` gaat geen regel af.\n"),
                Taal::En => format!("No rule fires for `{wanted}`.\n"),
            });
        }
        WaaromFormat::Human => out(&trace::human(analysis, &traces, taal)),
        WaaromFormat::Markdown => out(&trace::markdown(analysis, &traces, taal)),
        WaaromFormat::Json => {
            let rules: Vec<_> = traces
                .iter()
                .map(|t| trace::json(analysis, t, taal))
                .collect();
            let output = serde_json::json!({
                "policy": wanted,
                "file": file.path,
                "taal": taal,
                "rules": rules,
            });
            out(&(serde_json::to_string_pretty(&output).unwrap_or_default() + "\n"));
        }
    }
    EXIT_OK
}

/// The message for a rule code the repository does not have, with the
/// nearest code.
fn unknown_rule(analysis: &kader::Analysis, code: &str, taal: Taal) -> String {
    let codes = analysis.rules.rules.iter().map(|r| r.code.as_str());
    let mut message = match taal {
        Taal::Nl => format!("Er is geen regel `{code}`."),
        Taal::En => format!("There is no rule `{code}`."),
    };
    match kader::did_you_mean(code, codes) {
        Some(s) => message.push_str(&match taal {
            Taal::Nl => format!(" Bedoelt u `{s}`?"),
            Taal::En => format!(" Did you mean `{s}`?"),
        }),
        None => message.push_str(taal.pick(
            " `kader rules` toont alle regels.",
            " `kader rules` lists every rule.",
        )),
    }
    message
}
